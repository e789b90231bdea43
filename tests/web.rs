//! Browser tests (wasm-bindgen-test in headless Chromium): the engine gives the same trace
//! hash in wasm as natively, and the app mounts with its stable test ids.
#![cfg(target_arch = "wasm32")]

use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEFAULT_HASH: &str = include_str!("golden/default_trace_hash.txt");

#[wasm_bindgen_test]
fn trace_hash_matches_native() {
    let mut sim = Simulation::new(&Scenario::default_scenario());
    sim.run_until(60_000);
    assert_eq!(sim.trace_hash(), DEFAULT_HASH.trim());
}

/// Compare mode's figures (every preset, every lane) are the same in the browser as natively.
#[wasm_bindgen_test]
fn compare_presets_match_native() {
    assert_eq!(groupscope::study::compare::presets_summary(), include_str!("golden/compare-presets.txt"));
}

/// The sticky and cooperative-sticky conformance cases (Kafka's expected lists, in exact
/// order, including issue 18's list-order cases) give the same answers in wasm.
#[wasm_bindgen_test]
fn sticky_conformance_in_exact_order() {
    use groupscope::model::assignor::{rack::Racks, AssignorName, MemberSubscription};
    use std::collections::BTreeMap;
    let mut ran = 0;
    for text in [include_str!("conformance/assignors.json"), include_str!("conformance/sticky-order.json")] {
        let data: serde_json::Value = serde_json::from_str(text).unwrap();
        for c in data["cases"].as_array().unwrap() {
            let input = &c["case"];
            let assignor = input["assignor"].as_str().unwrap();
            if !assignor.ends_with("sticky") {
                continue;
            }
            let topics: BTreeMap<String, u32> = serde_json::from_value(input["topics"].clone()).unwrap();
            let members: Vec<MemberSubscription> = serde_json::from_value(input["members"].clone()).unwrap();
            let rounds = AssignorName::parse(assignor).unwrap().rounds(&topics, &members, &Racks::default());
            let expected = c["rounds"].as_array().unwrap();
            assert_eq!(rounds.len(), expected.len(), "{}", input["name"]);
            for ((got, general), want) in rounds.iter().zip(expected) {
                assert_eq!(*general, want["general_path"].as_bool().unwrap(), "{}", input["name"]);
                let want: BTreeMap<String, Vec<String>> = serde_json::from_value(want["assignment"].clone()).unwrap();
                let have: BTreeMap<String, Vec<String>> = got.iter().map(|(m, l)| (m.clone(), l.iter().map(ToString::to_string).collect())).collect();
                assert_eq!(have, want, "{}", input["name"]);
            }
            ran += 1;
        }
    }
    assert_eq!(ran, 68, "every sticky and cooperative-sticky case ran");
}

#[wasm_bindgen_test]
async fn app_mounts_with_test_ids() {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<groupscope::ui::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    gloo::timers::future::TimeoutFuture::new(50).await;
    for id in [
        "stage",
        "partition-orders-0",
        "partition-orders-5",
        "btn-play",
        "btn-step",
        "btn-step-back",
        "btn-add-consumer",
        "lang-toggle",
        "sim-time",
    ] {
        let selector = format!("[data-testid='{id}']");
        assert!(root.query_selector(&selector).unwrap().is_some(), "missing {id}");
    }
    // Step a few events: the clock moves and consumers appear.
    let step = root.query_selector("[data-testid='btn-step']").unwrap().unwrap();
    let step: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(step);
    for _ in 0..5 {
        step.click();
        yew::scheduler::flush().await;
    }
    gloo::timers::future::TimeoutFuture::new(20).await;
    assert!(root.query_selector("[data-testid='consumer-c1']").unwrap().is_some(), "consumer c1 drawn");
}

/// Run by hand (never as a timed test), in release mode:
/// `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --release
///  --target wasm32-unknown-unknown --test web -- --include-ignored bench_`
/// Prints the same measurements as `groupscope-cli bench-assign` for Kafka's large inputs.
#[wasm_bindgen_test]
#[ignore]
fn bench_assignors_in_the_browser() {
    use groupscope::model::assignor::{after_first_member_leaves, large_scale_input, AssignorName};
    let performance = gloo::utils::window().performance().expect("performance API");
    for (assignor, non_equal) in [
        (AssignorName::Sticky, false),
        (AssignorName::CooperativeSticky, false),
        (AssignorName::CooperativeSticky, true),
    ] {
        let (counts, mut members) = large_scale_input(500, 2000, 2000, non_equal);
        for round in 1..=2 {
            let start = performance.now();
            let (assignment, general) = assignor.assign_once(&counts, &members);
            let ms = performance.now() - start;
            wasm_bindgen_test::console_log!("{} non_equal={non_equal} round {round}: {ms:.1} ms (general path: {general})", assignor.name());
            members = after_first_member_leaves(members, &assignment);
        }
    }
}
