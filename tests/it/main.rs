//! The native integration test binary.
#![cfg(not(target_arch = "wasm32"))]
// Native-only test code: the bundle-size rule of clippy.toml (sort through model::sort) does
// not apply, and tests compare against the standard sort on purpose.
#![allow(clippy::disallowed_methods)]

mod assignor_properties;
mod cli;
mod conformance;
mod determinism;
mod fuzz;
mod korean;
mod lessons;
mod links;
mod narration;
mod producer_properties;
mod properties;
mod protocol_properties;
mod rack_vectors;
mod scenarios;
mod semantics;
mod session;

use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;

/// A scenario file by name: the app's bundled scenarios live in `scenarios/`, scenarios only the
/// tests run in `tests/scenarios/`.
pub fn scenario_path(name: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let shipped = format!("{root}/scenarios/{name}.json");
    if std::path::Path::new(&shipped).exists() {
        shipped
    } else {
        format!("{root}/tests/scenarios/{name}.json")
    }
}

/// One trace entry as a golden line: its time, then the event as JSON (the engine's own
/// serialized form, the same in every language).
pub fn structured(entry: &groupscope::model::trace::TraceEntry) -> String {
    let event = serde_json::to_string(&entry.event).expect("trace events serialize");
    format!("{:>6} {event}\n", entry.at_ms)
}

pub fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).unwrap_or_else(|e| panic!("test scenario is invalid: {e}"))
}

pub fn run(json: &str, until_ms: u64) -> Simulation {
    let mut sim = Simulation::new(&scenario(json));
    sim.run_until(until_ms);
    sim
}
