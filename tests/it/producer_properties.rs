//! Property tests of the producer and broker side over random scenarios with broker failures,
//! lost responses and aborted transactions. A failure prints the generated scenario; its `seed`
//! reruns it exactly (`groupscope-cli run` on the printed JSON).
//!
//! - idempotent + acks=all + min.insync.replicas=2 + no unclean election: no record is written
//!   twice and no acknowledged record is lost;
//! - acks=0/1 or unclean election: every acknowledged record is still where its acknowledgement
//!   said, or counted as lost (acks=0: every sent record is in the log, counted lost, or still
//!   on the wire);
//! - read_committed never returns an aborted record; nobody is ever given a marker.

use groupscope::model::nouns::TopicPartition;
use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;
use groupscope::model::trace::TraceEvent;
use groupscope::study::report::Report;
use proptest::prelude::*;
use std::collections::BTreeMap;

const DURATION_MS: u64 = 40_000;

#[allow(clippy::type_complexity)]
fn random_scenario() -> impl Strategy<Value = String> {
    (
        (any::<u64>(), 2u32..5, 1u32..4, 0u8..3, any::<bool>()),
        (0u64..60, 1u32..6, 0u32..20_000, 5u32..30),
        prop::collection::vec((500u64..35_000, 0u8..6, 0u32..4), 0..7),
    )
        .prop_map(|((seed, brokers, partitions, risky_acks, unclean), (linger, in_flight, batch_size, txn_records), actions)| {
            let rf = brokers.min(3);
            let risky_acks = ["0", "1", "all"][risky_acks as usize];
            let risky_config = if risky_acks == "all" {
                r#"{"acks": "all", "enable.idempotence": false}"#.to_string()
            } else {
                format!(r#"{{"acks": "{risky_acks}", "linger.ms": {linger}}}"#)
            };
            let mut sorted = actions;
            sorted.sort();
            let action_list: Vec<String> = sorted
                .iter()
                .map(|(at, kind, target)| match kind {
                    0 | 1 => format!(r#"{{"at_ms": {at}, "action": "kill_broker", "broker": {}}}"#, target % brokers),
                    2 => format!(r#"{{"at_ms": {at}, "action": "restart_broker", "broker": {}}}"#, target % brokers),
                    3 => format!(
                        r#"{{"at_ms": {at}, "action": "drop_response", "producer": "{}"}}"#,
                        ["safe", "risky", "tx", "safe"][*target as usize]
                    ),
                    4 => format!(r#"{{"at_ms": {at}, "action": "abort_txn", "producer": "tx"}}"#),
                    _ => format!(
                        r#"{{"at_ms": {at}, "action": "pause_replication", "broker": {}, "for_ms": {}}}"#,
                        target % brokers,
                        5_000 + at % 40_000
                    ),
                })
                .collect();
            format!(
                r#"{{"seed": {seed}, "duration_ms": {DURATION_MS}, "brokers": {brokers},
                "broker_config": {{"broker.session.timeout.ms": 3000, "replica.lag.time.max.ms": 8000}},
                "topics": [
                  {{"name": "safe", "partitions": {partitions}, "replication_factor": {rf}, "config": {{"min.insync.replicas": 2}}}},
                  {{"name": "risky", "partitions": {partitions}, "replication_factor": 2, "config": {{"unclean.leader.election.enable": {unclean}}}}}
                ],
                "producers": [
                  {{"id": "safe", "topic": "safe", "records_per_sec": 50, "keys": ["a", "b", "c", "d", "e"],
                    "config": {{"linger.ms": {linger}, "max.in.flight.requests.per.connection": {in_flight}, "batch.size": {batch_size},
                               "request.timeout.ms": 3000}}}},
                  {{"id": "risky", "topic": "risky", "records_per_sec": 40, "config": {risky_config}}},
                  {{"id": "tx", "topic": "safe", "records_per_sec": 20, "keys": ["x", "y", "z"], "transaction_records": {txn_records},
                    "config": {{"transactional.id": "tx-1", "request.timeout.ms": 3000}}}}
                ],
                "groups": [
                  {{"group_id": "rc", "consumers": [{{"id": "rc1", "subscribe": ["safe", "risky"], "config": {{"isolation.level": "read_committed", "auto.offset.reset": "earliest"}}}}]}},
                  {{"group_id": "ru", "consumers": [{{"id": "ru1", "subscribe": ["safe", "risky"], "config": {{"auto.offset.reset": "earliest"}}}}]}}
                ],
                "actions": [{}]}}"#,
                action_list.join(",")
            )
        })
}

/// Each value of `producer` in the topic's logs, with how often it is there.
fn values_in_logs(sim: &Simulation, topic: &str, producer: &str) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for p in 0..sim.world.cluster.partition_count(topic) {
        let log = sim.world.cluster.log(&TopicPartition::new(topic, p)).unwrap();
        for r in log.records.iter().filter(|r| r.producer == producer && r.control.is_none()) {
            *out.entry(r.value.clone()).or_default() += 1;
        }
    }
    out
}

/// Every acknowledged range still holds the producer's records; returns how many records the
/// ranges cover.
fn check_acked_ranges(sim: &Simulation, id: &str) -> Result<u64, TestCaseError> {
    let p = &sim.world.producers[id];
    let mut covered = 0;
    for (partition, ranges) in &p.acked {
        let log = sim.world.cluster.log(&TopicPartition::new(p.spec.topic.clone(), *partition)).unwrap();
        for &(start, end) in ranges {
            for offset in start..end {
                let r = log.record(offset);
                prop_assert!(
                    r.is_some_and(|r| r.producer == id),
                    "{id}: acknowledged offset {offset} of partition {partition} does not hold its record"
                );
            }
            covered += end - start;
        }
    }
    Ok(covered)
}

fn check(json: &str) -> Result<(), TestCaseError> {
    let scenario = Scenario::from_json(json).map_err(|e| TestCaseError::fail(format!("{e}")))?;
    let mut sim = Simulation::new(&scenario);
    sim.run_until(DURATION_MS);
    let report = Report::of(&sim, DURATION_MS);

    // The safe producer: idempotent, acks=all, min.insync.replicas=2, no unclean election.
    let safe = &report.producers["safe"];
    prop_assert_eq!(safe.duplicates_written, 0, "safe: {:?}", safe);
    prop_assert_eq!(safe.acknowledged_lost, 0, "safe: {:?}", safe);
    let twice: Vec<(String, u32)> = values_in_logs(&sim, "safe", "safe").into_iter().filter(|(_, n)| *n > 1).collect();
    prop_assert!(twice.is_empty(), "safe records written twice: {:?}", twice);
    prop_assert_eq!(
        check_acked_ranges(&sim, "safe")?,
        safe.acknowledged,
        "every acknowledged safe record is where its ack said"
    );

    // Liveness: with every broker up and replicating for the last 20 s, the safe producer is not
    // stuck (behind a connection, a backoff or a waiting request).
    let calm_since = DURATION_MS - 20_000;
    let disturbed_late = sim.trace.iter().any(|e| {
        e.at_ms > calm_since - 10_000
            && matches!(
                e.event,
                TraceEvent::BrokerKilled { .. } | TraceEvent::BrokerRestarted { .. } | TraceEvent::ReplicationPaused { .. }
            )
    }) || sim.world.cluster.replication_paused.values().any(|until| *until > calm_since - 10_000);
    if sim.world.cluster.down.is_empty() && !disturbed_late {
        // Not stuck: anything still pending keeps being acknowledged (a slow configuration —
        // batch.size 0, one request in flight, acks=all — may lag behind, but it moves).
        let pending = safe.sent - safe.acknowledged - safe.failed;
        let moving = sim
            .trace
            .iter()
            .any(|e| e.at_ms > DURATION_MS - 5_000 && matches!(&e.event, TraceEvent::BatchAcked { producer, .. } if producer == "safe"));
        prop_assert!(
            pending <= 50 || moving,
            "safe: {} records pending and none acknowledged in the last 5 s: {:?}",
            pending,
            safe
        );
    }

    // The risky producer: losses are counted, never hidden.
    let risky = &report.producers["risky"];
    let acks0 = sim.world.producers["risky"].config.acks == groupscope::model::producer_config::Acks::Zero;
    if acks0 {
        let present = values_in_logs(&sim, "risky", "risky").len() as u64;
        // Requests still on the wire at the end (sent within one way of it).
        let one_way = scenario.rtt_ms / 2;
        let on_the_wire: u64 = sim
            .trace
            .iter()
            .filter(|e| e.at_ms + one_way > DURATION_MS)
            .filter_map(|e| match &e.event {
                TraceEvent::ProduceSent { producer, batches, .. } if producer == "risky" => Some(batches.iter().map(|b| b.records as u64).sum::<u64>()),
                _ => None,
            })
            .sum();
        let accounted = present + risky.fire_and_forget_lost;
        prop_assert!(
            accounted <= risky.acknowledged && risky.acknowledged <= accounted + on_the_wire,
            "acks=0: sent {} = in the log {} + counted lost {} (+ {} on the wire)",
            risky.acknowledged,
            present,
            risky.fire_and_forget_lost,
            on_the_wire
        );
    } else {
        let covered = check_acked_ranges(&sim, "risky")?;
        prop_assert_eq!(
            covered + risky.acknowledged_lost,
            risky.acknowledged,
            "risky: every acknowledged record is in place or counted lost"
        );
    }

    // Consumers: read_committed never returns an aborted record; nobody gets a marker.
    for entry in &sim.trace {
        if let TraceEvent::Processed { group_id, tp, offset, .. } = &entry.event {
            let log = sim.world.cluster.log(tp).unwrap();
            let Some(r) = log.record(*offset) else { continue };
            prop_assert!(r.control.is_none(), "{} processed a marker at {}@{}", group_id, tp, offset);
            if group_id == "rc" && entry.at_ms < first_truncation(&sim, tp) {
                prop_assert!(!log.is_aborted(r), "read_committed processed aborted {}@{}", tp, offset);
            }
        }
    }

    // Broker invariants.
    for (name, topic) in &sim.world.cluster.topics {
        for (p, log) in topic.partitions.iter().enumerate() {
            prop_assert!(log.high_watermark <= log.log_end_offset(), "{}-{}: HW past the log end", name, p);
            prop_assert!(log.last_stable_offset() <= log.high_watermark, "{}-{}: LSO past the HW", name, p);
            if let Some(leader) = log.leader {
                prop_assert!(log.isr.contains(&leader), "{}-{}: leader {} outside the ISR {:?}", name, p, leader, log.isr);
            }
        }
    }
    Ok(())
}

/// Offsets a truncation later reused hold other records now: checks before it are exact.
fn first_truncation(sim: &Simulation, tp: &TopicPartition) -> u64 {
    sim.trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::RecordsTruncated { tp: t, .. } if t == tp))
        .map_or(u64::MAX, |e| e.at_ms)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn producer_guarantees_hold_and_losses_are_counted(json in random_scenario()) {
        check(&json).map_err(|e| TestCaseError::fail(format!("{e}\nscenario: {json}")))?;
    }
}
