//! Property tests over random scenarios. A failure prints the generated scenario, whose
//! `seed` reruns it exactly: `groupscope-cli run` on the printed JSON.

use groupscope::model::consumer::MemberState;
use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;
use groupscope::model::trace::TraceEvent;
use groupscope::study::report::Report;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn random_scenario() -> impl Strategy<Value = String> {
    (
        any::<u64>(),
        1u32..9,
        1usize..5,
        0u32..40,
        0u64..40,
        prop::collection::vec((0u64..30_000, 0u8..3, 0usize..6), 0..5),
        any::<bool>(),
    )
        .prop_map(|(seed, partitions, consumers, rate, processing_ms, actions, keyed)| {
            let keys = if keyed { r#"["a", "b", "c", "d", "e", "f", "g"]"# } else { "null" };
            let commit = ["auto", "sync-after-processing"];
            let consumer_list: Vec<String> = (0..consumers)
                .map(|i| {
                    format!(
                        r#"{{"id": "c{i}", "processing_ms_per_record": {processing_ms}, "commit": "{}", "config": {{"auto.offset.reset": "earliest", "session.timeout.ms": 6000, "heartbeat.interval.ms": 1000, "max.poll.records": {}}}}}"#,
                        commit[i % 2],
                        1 + (seed % 50)
                    )
                })
                .collect();
            let mut sorted = actions;
            sorted.sort();
            let mut next_new = consumers;
            let action_list: Vec<String> = sorted
                .iter()
                .map(|(at, kind, target)| match kind {
                    0 => format!(r#"{{"at_ms": {at}, "action": "crash", "group_id": "g", "consumer": "c{}"}}"#, target % consumers),
                    1 => format!(r#"{{"at_ms": {at}, "action": "close", "group_id": "g", "consumer": "c{}"}}"#, target % consumers),
                    _ => {
                        next_new += 1;
                        format!(r#"{{"at_ms": {at}, "action": "start", "group_id": "g", "id": "n{next_new}", "commit": "auto", "config": {{"session.timeout.ms": 6000, "heartbeat.interval.ms": 1000}}}}"#)
                    }
                })
                .collect();
            format!(
                r#"{{"seed": {seed}, "duration_ms": 40000, "topics": [{{"name": "t", "partitions": {partitions}}}],
                "producers": [{{"id": "p", "topic": "t", "records_per_sec": {rate}, "keys": {keys}}}],
                "groups": [{{"group_id": "g", "consumers": [{}]}}], "actions": [{}]}}"#,
                consumer_list.join(","),
                action_list.join(",")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_runs_keep_kafka_invariants(json in random_scenario()) {
        let scenario = Scenario::from_json(&json).map_err(|e| TestCaseError::fail(format!("{e}\n{json}")))?;
        let mut a = Simulation::new(&scenario);
        let mut b = Simulation::new(&scenario);
        a.run_until(40_000);
        b.run_until(40_000);
        let seed = scenario.seed;
        prop_assert_eq!(a.trace_hash(), b.trace_hash(), "determinism, seed={}", seed);

        let partitions = scenario.topics[0].partitions as usize;
        let report = Report::of(&a, 40_000);
        let group = &report.groups["g"];
        // Every completed rebalance hands each partition to exactly one member.
        for r in group.rebalances.iter().filter(|r| r.completed_ms.is_some() && !r.assignment.is_empty()) {
            let mut seen = BTreeSet::new();
            for tps in r.assignment.values() {
                for tp in tps {
                    prop_assert!(seen.insert(tp.clone()), "{} assigned twice in generation {}, seed={}", tp, r.generation, seed);
                }
            }
            prop_assert_eq!(seen.len(), partitions, "all partitions assigned, seed={}", seed);
        }
        // Members of the current generation never share a partition.
        let coordinator = &a.world.groups["g"].coordinator;
        let mut owned = BTreeSet::new();
        for c in a.world.consumers.values().filter(|c| c.is_running() && c.member_state == MemberState::Stable && c.generation == coordinator.generation) {
            for tp in &c.assigned {
                prop_assert!(owned.insert(tp.clone()), "{} owned twice, seed={}", tp, seed);
            }
        }
        // Committed offsets never pass the high watermark; processing never reads beyond it.
        for (tp, &offset) in &coordinator.committed {
            prop_assert!(offset <= a.world.cluster.log(tp).unwrap().high_watermark, "seed={}", seed);
        }
        let processed = a.trace.iter().filter(|e| matches!(e.event, TraceEvent::Processed { .. })).count() as u64;
        prop_assert_eq!(group.processed, processed, "ledger = trace, seed={}", seed);
        prop_assert!(group.duplicates <= group.processed);
        // Time never goes backwards in the trace.
        prop_assert!(a.trace.iter().zip(a.trace.iter().skip(1)).all(|(x, y)| x.at_ms <= y.at_ms), "seed={}", seed);
    }
}
