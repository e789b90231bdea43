//! Same scenario + seed → same trace, byte for byte; golden traces pin the behaviour.

use crate::run;
use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;

/// The default scenario's trace hash after 60 s. The browser test asserts the same value
/// (tests/web.rs), so native and wasm runs are proven identical.
pub const DEFAULT_HASH_FILE: &str = include_str!("../golden/default_trace_hash.txt");

#[test]
fn same_seed_same_trace() {
    let scenario = Scenario::default_scenario();
    let mut a = Simulation::new(&scenario);
    let mut b = Simulation::new(&scenario);
    a.run_until(60_000);
    b.run_until(60_000);
    assert_eq!(a.trace, b.trace);
    assert_eq!(a.trace_hash(), b.trace_hash());
    assert_eq!(a.state_hash(), b.state_hash());
}

#[test]
fn default_scenario_golden_hash() {
    let mut sim = Simulation::new(&Scenario::default_scenario());
    sim.run_until(60_000);
    assert_eq!(
        sim.trace_hash(),
        DEFAULT_HASH_FILE.trim(),
        "the default scenario's trace changed; if intended, update tests/golden/default_trace_hash.txt"
    );
}

#[test]
fn different_seed_different_member_ids() {
    let mut other = Scenario::default_scenario();
    other.seed += 1;
    let mut a = Simulation::new(&Scenario::default_scenario());
    let mut b = Simulation::new(&other);
    a.run_until(10_000);
    b.run_until(10_000);
    assert_ne!(a.trace_hash(), b.trace_hash());
}

const SMALL: &str = r#"{"seed": 3, "duration_ms": 20000,
 "topics": [{"name": "orders", "partitions": 2}],
 "producers": [{"id": "p1", "topic": "orders", "records_per_sec": 2, "keys": ["key-0", "key-1"]}],
 "groups": [{"group_id": "billing", "consumers": [
    {"id": "c1", "processing_ms_per_record": 100, "commit": "sync-after-processing", "config": {"auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 2000}},
    {"id": "c2", "processing_ms_per_record": 100, "commit": "auto", "config": {"auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 2000}}]}],
 "actions": [{"at_ms": 8000, "action": "crash", "group_id": "billing", "consumer": "c2"}]}"#;

#[test]
fn golden_trace_small_scenario() {
    let sim = run(SMALL, 20_000);
    let text: String = sim
        .trace
        .iter()
        .filter(|e| !matches!(e.event, groupscope::model::trace::TraceEvent::Produced { .. }))
        .map(crate::structured)
        .collect();
    expect_test::expect_file!["../golden/small_trace.txt"].assert_eq(&text);
}
