//! Kafka semantics the first screen relies on: lag, the ledger, auto-commit timing,
//! rebalances after crash / close / start.

use crate::run;
use groupscope::model::nouns::TopicPartition;
use groupscope::model::protocol::{CommitCause, KafkaError};
use groupscope::model::trace::{RemoveReason, RevokeKind, TraceEvent};
use groupscope::study::report::Report;
use std::collections::BTreeMap;

fn one_consumer(commit: &str, processing_ms: u64, extra_config: &str, actions: &str) -> String {
    format!(
        r#"{{"seed": 11, "duration_ms": 60000,
        "topics": [{{"name": "t", "partitions": 2}}],
        "producers": [{{"id": "p", "topic": "t", "records_per_sec": 10}}],
        "groups": [{{"group_id": "g", "consumers": [
          {{"id": "c1", "processing_ms_per_record": {processing_ms}, "commit": "{commit}",
            "config": {{"auto.offset.reset": "earliest", "session.timeout.ms": 10000 {extra_config}}}}}]}}],
        "actions": [{actions}]}}"#
    )
}

#[test]
fn lag_is_high_watermark_minus_committed() {
    let sim = run(&one_consumer("auto", 10, "", ""), 30_000);
    let report = Report::of(&sim, 30_000);
    let g = &report.groups["g"];
    for p in 0..2 {
        let tp = TopicPartition::new("t", p);
        let hw = sim.world.cluster.log(&tp).unwrap().high_watermark;
        let committed = g.committed[&tp.to_string()];
        assert_eq!(g.lag[&tp.to_string()], Some(hw - committed));
        assert!(committed <= hw);
    }
    // The lag now of the consumer: HW (as last fetched) − position.
    let c = &sim.world.consumers["c1"];
    let expected = c.assigned.iter().map(|tp| c.high_watermarks[tp] - c.positions[tp]).max();
    assert_eq!(c.lag_now(), expected);
}

/// kafka-behaviour.md §5.5: records-lag-max is recorded when poll() returns records (HW of that
/// fetch response − the new position) and reported as the largest over the metric window, so
/// it stays up for a while after the consumer caught up; a poll() that drains whole responses
/// records 0.
#[test]
fn records_lag_max_is_recorded_at_poll_and_kept_for_the_window() {
    // 10 records a second on 2 partitions; c1 starts at 20 s with 200 records waiting, returns
    // at most 10 per poll() and processes 100 a second.
    let start = r#"{"seed": 11, "duration_ms": 120000, "topics": [{"name": "t", "partitions": 2}],
        "producers": [{"id": "p", "topic": "t", "records_per_sec": 10}],
        "groups": [{"group_id": "g", "consumers": []}],
        "actions": [{"at_ms": 20000, "action": "start", "group_id": "g", "id": "c1", "processing_ms_per_record": 10,
          "config": {"auto.offset.reset": "earliest", "max.poll.records": 10}}]}"#;
    let mut sim = groupscope::model::sim::Simulation::new(&crate::scenario(start));
    let mut peak = (0, 0);
    let mut caught_up_at = None;
    let mut t = 20_000;
    while t <= 120_000 {
        sim.run_until(t);
        let c1 = &sim.world.consumers["c1"];
        let max = c1.records_lag_max(t).unwrap_or(0);
        if max > peak.1 {
            peak = (t, max);
        }
        if caught_up_at.is_none() && t > 25_000 && c1.lag_now() == Some(0) {
            caught_up_at = Some(t);
        }
        t += 100;
    }
    let caught_up_at = caught_up_at.expect("c1 catches up");
    assert!(peak.1 > 50, "a poll() left most of a big response in the buffer: {peak:?}");
    sim = groupscope::model::sim::Simulation::new(&crate::scenario(start));
    sim.run_until(caught_up_at + 1_000);
    let c1 = &sim.world.consumers["c1"];
    assert!(
        c1.records_lag_max(sim.now_ms()).unwrap_or(0) > 0,
        "still reported after catching up at {caught_up_at}"
    );
    sim.run_until(caught_up_at + 61_000);
    let c1 = &sim.world.consumers["c1"];
    assert_eq!(c1.records_lag_max(sim.now_ms()), Some(0), "forgotten after two windows");
}

#[test]
fn ledger_counts_match_trace() {
    let sim = run(&one_consumer("auto", 10, "", ""), 30_000);
    let processed = sim.trace.iter().filter(|e| matches!(e.event, TraceEvent::Processed { .. })).count() as u64;
    let report = Report::of(&sim, 30_000);
    assert_eq!(report.groups["g"].processed, processed);
    assert_eq!(report.groups["g"].duplicates, 0);
    assert_eq!(report.groups["g"].lost, 0);
    assert!(processed > 200, "records flowed: {processed}");
}

/// Auto-commit happens inside poll(), at most every auto.commit.interval.ms, and commits the
/// positions of records returned by *earlier* polls (all processed by then).
#[test]
fn auto_commit_timing_and_content() {
    let sim = run(&one_consumer("auto", 10, ", \"auto.commit.interval.ms\": 5000", ""), 60_000);
    let assigned_at = sim
        .trace
        .iter()
        .find(|e| matches!(e.event, TraceEvent::PartitionsAssigned { .. }))
        .unwrap()
        .at_ms;
    let mut last_commit = assigned_at;
    let mut processed_upto: BTreeMap<TopicPartition, u64> = BTreeMap::new();
    let mut commits = 0;
    for entry in &sim.trace {
        match &entry.event {
            TraceEvent::Processed { tp, offset, .. } => {
                processed_upto.insert(tp.clone(), offset + 1);
            }
            TraceEvent::CommitSent {
                offsets,
                cause: CommitCause::AutoInterval,
                ..
            } => {
                assert!(
                    entry.at_ms >= last_commit + 5000,
                    "auto-commit at {} only {} ms after the previous/assignment",
                    entry.at_ms,
                    entry.at_ms - last_commit
                );
                for (tp, offset) in offsets {
                    // Exactly the records returned by earlier polls, all processed by now
                    // (earliest reset: a partition with nothing processed commits 0).
                    let done = processed_upto.get(tp).copied().unwrap_or(0);
                    assert_eq!(*offset, done, "commit of {tp} at {}", entry.at_ms);
                }
                last_commit = entry.at_ms;
                commits += 1;
            }
            _ => {}
        }
    }
    assert!(commits >= 9, "about one auto-commit per 5 s: {commits}");
}

/// With slow processing, the auto-commit waits for the next poll(): it is late, never early,
/// and never from the heartbeat thread.
#[test]
fn auto_commit_waits_for_poll_when_processing_is_slow() {
    // 10 rec/s, 400 ms per record: batches take many seconds, longer than the 1 s interval.
    // Records alternate partitions (RoundRobinPartitioner) so polls return a few at a time; the
    // built-in sticky partitioner would put 20 s of records on one partition.
    let scenario = one_consumer("auto", 400, ", \"auto.commit.interval.ms\": 1000", "").replace(
        r#""records_per_sec": 10}"#,
        r#""records_per_sec": 10, "config": {"partitioner.class": "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}"#,
    );
    assert!(scenario.contains("RoundRobinPartitioner"));
    let sim = run(&scenario, 40_000);
    let mut unprocessed_in_batch = 0u64;
    let mut late = 0;
    let mut last = 0;
    for entry in &sim.trace {
        match &entry.event {
            TraceEvent::PollReturned { runs, .. } => unprocessed_in_batch = runs.iter().map(|r| r.count).sum(),
            TraceEvent::Processed { .. } => unprocessed_in_batch -= 1,
            TraceEvent::CommitSent {
                cause: CommitCause::AutoInterval,
                ..
            } => {
                assert_eq!(
                    unprocessed_in_batch, 0,
                    "auto-commit at {} while a batch was being processed (outside poll())",
                    entry.at_ms
                );
                if last > 0 && entry.at_ms - last > 2000 {
                    late += 1;
                }
                last = entry.at_ms;
            }
            _ => {}
        }
    }
    assert!(late > 0, "some auto-commits were delayed by long processing");
}

#[test]
fn crash_is_detected_after_session_timeout_and_reprocesses() {
    let json = r#"{"seed": 5, "duration_ms": 60000,
      "topics": [{"name": "t", "partitions": 4}],
      "producers": [{"id": "p", "topic": "t", "records_per_sec": 20, "keys": ["a", "b", "c", "d", "e"]}],
      "groups": [{"group_id": "g", "consumers": [
        {"id": "c1", "processing_ms_per_record": 20, "commit": "auto", "config": {"auto.offset.reset": "earliest", "session.timeout.ms": 10000}},
        {"id": "c2", "processing_ms_per_record": 20, "commit": "auto", "config": {"auto.offset.reset": "earliest", "session.timeout.ms": 10000}}]}],
      "actions": [{"at_ms": 20000, "action": "crash", "group_id": "g", "consumer": "c1"}]}"#;
    let sim = run(json, 60_000);
    let removed = sim
        .trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::MemberRemoved { consumer, reason: RemoveReason::SessionTimeout, .. } if consumer == "c1"))
        .expect("c1 expires");
    assert!(
        removed.at_ms >= 20_000 + 10_000 - 3000 && removed.at_ms <= 20_000 + 10_000 + 100,
        "expired at {}",
        removed.at_ms
    );
    let report = Report::of(&sim, 60_000);
    let g = &report.groups["g"];
    assert_eq!(g.rebalances.len(), 2);
    let last = &g.rebalances[1];
    assert_eq!(last.generation, 2);
    assert_eq!(last.assignment["c2"].len(), 4, "c2 takes everything: {:?}", last.assignment);
    // Records c1 processed after its last auto-commit are processed again by c2.
    assert!(g.duplicates > 0, "at-least-once: duplicates after a crash");
    assert_eq!(g.lost, 0);
}

#[test]
fn close_leaves_at_once_and_start_rebalances() {
    let json = r#"{"seed": 9, "duration_ms": 40000,
      "topics": [{"name": "t", "partitions": 3}],
      "producers": [{"id": "p", "topic": "t", "records_per_sec": 5}],
      "groups": [{"group_id": "g", "consumers": [
        {"id": "c1", "commit": "auto", "config": {"auto.offset.reset": "earliest"}},
        {"id": "c2", "commit": "sync-after-processing", "config": {"auto.offset.reset": "earliest"}}]}],
      "actions": [{"at_ms": 10000, "action": "close", "group_id": "g", "consumer": "c1"},
                  {"at_ms": 20000, "action": "start", "group_id": "g", "id": "c3", "commit": "auto"}]}"#;
    let sim = run(json, 40_000);
    let report = Report::of(&sim, 40_000);
    let r = &report.groups["g"].rebalances;
    assert_eq!(r.len(), 3, "{r:?}");
    assert!(
        r[1].started_ms >= 10_000 && r[1].started_ms < 10_100,
        "LeaveGroup starts a rebalance at once: {:?}",
        r[1]
    );
    assert!(
        r[1].completed_ms.unwrap() < 10_000 + 3000 + 500,
        "completed after c2 learns via heartbeat: {:?}",
        r[1]
    );
    assert_eq!(r[1].assignment.len(), 1);
    assert_eq!(r[2].assignment.len(), 2);
    assert_eq!(report.groups["g"].lost, 0);
    // c1 committed its positions on close (auto-commit), so nothing is reprocessed.
    assert_eq!(report.groups["g"].duplicates, 0);
    // In Java's order (ConsumerCoordinator.close): the auto-commit is sent and answered, then
    // the revoke callback runs, then the member leaves.
    let at = |pred: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().position(|e| pred(&e.event)).expect("traced");
    let commit = at(&|e| matches!(e, TraceEvent::CommitSent { consumer, cause: CommitCause::AutoOnClose, .. } if consumer == "c1"));
    let revoked = at(&|e| matches!(e, TraceEvent::PartitionsRevoked { consumer, kind: RevokeKind::Close, .. } if consumer == "c1"));
    let closed = at(&|e| matches!(e, TraceEvent::ConsumerClosed { consumer, .. } if consumer == "c1"));
    assert!(commit < revoked && revoked < closed, "commit {commit}, revoke {revoked}, closed {closed}");
    assert!(sim.trace[revoked].at_ms > sim.trace[commit].at_ms, "the revoke waits for the commit's answer");
}

#[test]
fn initial_rebalance_delay_extends_for_late_joiners() {
    // Members at 0 s, 1 s, 4 s → checks at 3 s (extend), 6 s (extend), 9 s → complete (§3.3).
    let json = r#"{"seed": 1, "duration_ms": 20000, "rtt_ms": 0,
      "topics": [{"name": "t", "partitions": 3}],
      "groups": [{"group_id": "g", "consumers": [{"id": "c1"}]}],
      "actions": [{"at_ms": 1000, "action": "start", "group_id": "g", "id": "c2"},
                  {"at_ms": 4000, "action": "start", "group_id": "g", "id": "c3"}]}"#;
    let sim = run(json, 20_000);
    let report = Report::of(&sim, 20_000);
    let first = &report.groups["g"].rebalances[0];
    assert_eq!(first.started_ms, 0);
    assert_eq!(first.completed_ms, Some(9000));
    assert_eq!(first.assignment.len(), 3);
}

#[test]
fn latest_reset_skips_history_without_counting_it_lost() {
    let json = r#"{"seed": 2, "duration_ms": 30000,
      "topics": [{"name": "t", "partitions": 1}],
      "producers": [{"id": "p", "topic": "t", "records_per_sec": 10}],
      "actions": [{"at_ms": 10000, "action": "start", "group_id": "g", "id": "c1", "config": {"auto.offset.reset": "latest"}}]}"#;
    let sim = run(json, 30_000);
    let reset = sim.trace.iter().find_map(|e| match &e.event {
        TraceEvent::OffsetReset { offset, .. } => Some(*offset),
        _ => None,
    });
    assert!(reset.unwrap() >= 100, "latest = the high watermark when the group starts");
    let report = Report::of(&sim, 30_000);
    assert_eq!(report.groups["g"].lost, 0);
    assert!(report.groups["g"].processed > 100);
}

/// A graceful restart (a rolling deploy) closes the consumer, and the same consumer starts
/// `down_ms` after its close finished: a dynamic member leaves and rejoins (two rebalances),
/// a static one keeps its slot (none), and nothing is reprocessed either way.
#[test]
fn graceful_restart_closes_then_starts_the_same_consumer_after_down_ms() {
    let json = |instance: &str| {
        format!(
            r#"{{"seed": 12, "duration_ms": 40000,
          "topics": [{{"name": "t", "partitions": 4}}],
          "producers": [{{"id": "p", "topic": "t", "records_per_sec": 8}}],
          "groups": [{{"group_id": "g", "consumers": [
            {{"id": "c1", "processing_ms_per_record": 20, "config": {{"auto.offset.reset": "earliest" {instance}}}}},
            {{"id": "c2", "processing_ms_per_record": 20, "config": {{"auto.offset.reset": "earliest"}}}}]}}],
          "actions": [{{"at_ms": 10000, "action": "restart", "group_id": "g", "consumer": "c1", "down_ms": 6000, "graceful": true}}]}}"#
        )
    };
    for (instance, rebalances) in [("", 3), (r#", "group.instance.id": "host-1""#, 1)] {
        let sim = run(&json(instance), 40_000);
        let at = |f: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().filter(|e| f(&e.event)).map(|e| e.at_ms).collect::<Vec<_>>();
        let closed = at(&|e| matches!(e, TraceEvent::ConsumerClosed { consumer, .. } if consumer == "c1"));
        let started = at(&|e| matches!(e, TraceEvent::ConsumerStarted { consumer, .. } if consumer == "c1"));
        assert_eq!(closed.len(), 1, "{instance}: closed once, not crashed");
        assert_eq!(started, [0, closed[0] + 6000], "{instance}: back down_ms after the close finished");
        assert!(!sim.trace.iter().any(|e| matches!(e.event, TraceEvent::ConsumerCrashed { .. })));
        let report = Report::of(&sim, 40_000);
        assert_eq!(report.groups["g"].rebalances.len(), rebalances, "{instance}");
        assert_eq!((report.groups["g"].duplicates, report.groups["g"].lost), (0, 0), "{instance}");
    }
    // An unknown value is named.
    let bad = json("").replace(r#""graceful": true"#, r#""graceful": "yes""#);
    let err = groupscope::model::scenario::Scenario::from_json(&bad).unwrap_err().to_string();
    assert!(err.contains("graceful"), "{err}");
}

/// The leader dies after its JoinGroup completed but before its SyncGroup: the other member
/// waits in CompletingRebalance with its SyncGroup parked. Its heartbeat thread is on from the
/// JoinGroup response (AbstractCoordinator enables it on the move to COMPLETING_REBALANCE), so
/// only the dead leader's session expires and the survivor takes every partition over, instead
/// of both being removed and the group starting again from Empty.
#[test]
fn a_member_waiting_for_sync_keeps_heartbeating_while_the_leader_is_dead() {
    use groupscope::model::protocol::Api;
    let json = r#"{"seed": 11, "duration_ms": 40000,
      "topics": [{"name": "orders", "partitions": 2}],
      "producers": [{"id": "p1", "topic": "orders", "records_per_sec": 10}],
      "groups": [{"group_id": "g", "consumers": []}],
      "actions": [
        {"at_ms": 15000, "action": "start", "group_id": "g", "id": "x1", "config": {"session.timeout.ms": 10000}},
        {"at_ms": 15000, "action": "start", "group_id": "g", "id": "x2", "config": {"session.timeout.ms": 10000}},
        {"at_ms": 21000, "action": "crash", "group_id": "g", "consumer": "x1"}]}"#;
    let sim = run(json, 40_000);
    let at = |f: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().find(|e| f(&e.event)).map(|e| e.at_ms);
    let completing = at(&|e| matches!(e, TraceEvent::GroupStateChanged { to, .. } if to.name() == "CompletingRebalance")).expect("the join completes");
    assert!(completing > 21_000, "the join completes after the leader died: {completing}");
    let heartbeat_while_parked = sim.trace.iter().any(|e| {
        e.at_ms > completing
            && e.at_ms < completing + 10_000
            && matches!(&e.event, TraceEvent::RequestSent { consumer, api: Api::Heartbeat, .. } if consumer == "x2")
    });
    assert!(heartbeat_while_parked, "x2 heartbeats while its SyncGroup is parked");
    let removed: Vec<(&str, RemoveReason)> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::MemberRemoved { consumer, reason, .. } => Some((consumer.as_str(), *reason)),
            _ => None,
        })
        .collect();
    assert_eq!(removed, [("x1", RemoveReason::SessionTimeout)]);
    assert_eq!(sim.world.consumers["x2"].assigned.len(), 2, "x2 took orders-0 over");
}

/// A stall that begins in the middle of a one-record batch ends at the moment that record
/// completes; with auto-commit the next poll() comes at once, before the stall's own timer. The
/// application is reported resumed exactly once, as when a stall ends while polling.
#[test]
fn a_stall_ending_with_the_record_in_progress_is_reported_resumed_once() {
    let quiet = run(&one_consumer("auto", 20, "", ""), 20_000);
    // A poll that returned one record after 8 s: stall 5 ms into processing it.
    let polled = quiet
        .trace
        .iter()
        .find_map(|e| match &e.event {
            TraceEvent::PollReturned { consumer, runs } if e.at_ms > 8_000 && consumer == "c1" && runs.iter().map(|r| r.count).sum::<u64>() == 1 => {
                Some(e.at_ms)
            }
            _ => None,
        })
        .expect("a one-record poll");
    let stall = format!(
        r#"{{"at_ms": {}, "action": "stall", "group_id": "g", "consumer": "c1", "for_ms": 5000}}"#,
        polled + 5
    );
    let sim = run(&one_consumer("auto", 20, "", &stall), 20_000);
    let resumed: Vec<u64> = sim
        .trace
        .iter()
        .filter(|e| matches!(&e.event, TraceEvent::ConsumerResumed { consumer, .. } if consumer == "c1"))
        .map(|e| e.at_ms)
        .collect();
    assert_eq!(resumed, [polled + 5 + 5_000]);
}

/// The committed offsets the coordinator stored for `consumer`'s partition, in order.
fn stored_offsets(sim: &groupscope::model::sim::Simulation, tp: &TopicPartition) -> Vec<(u64, u64)> {
    sim.trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::CommitStored { offsets, .. } => offsets.get(tp).map(|o| (e.at_ms, *o)),
            _ => None,
        })
        .collect()
}

fn commit_async_retry(commit: &str, protocol: &str) -> groupscope::model::sim::Simulation {
    let text = std::fs::read_to_string(crate::scenario_path("commit-async-retry")).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    for c in json["groups"][0]["consumers"].as_array_mut().unwrap() {
        c["commit"] = commit.into();
        c["config"]["group.protocol"] = protocol.into();
    }
    run(&json.to_string(), 75_000)
}

/// kafka-behaviour.md §5.4: a commit written while a follower of the group's
/// `__consumer_offsets` partition does not fetch waits offsets.commit.timeout.ms (5 s) and
/// fails with REQUEST_TIMED_OUT; the commits behind it on the connection wait for its answer.
#[test]
fn a_commit_waits_for_the_offsets_partition_followers_and_times_out() {
    let sim = commit_async_retry("async-after-processing", "consumer");
    let parked: Vec<u64> = sim
        .trace
        .iter()
        .filter(|e| matches!(&e.event, TraceEvent::CommitAwaitingReplicas { followers, offsets_partition: 31, .. } if followers == &[2]))
        .map(|e| e.at_ms)
        .collect();
    assert!(
        parked.first().is_some_and(|t| (10_000..10_500).contains(t)),
        "the first commit after the pause parks: {parked:?}"
    );
    let failed = sim
        .trace
        .iter()
        .find(|e| {
            matches!(
                &e.event,
                TraceEvent::CommitFailed {
                    error: Some(KafkaError::RequestTimedOut),
                    ..
                }
            )
        })
        .expect("the parked commit times out");
    assert_eq!(
        failed.at_ms,
        parked[0] + 5_000 + 10,
        "offsets.commit.timeout.ms after it parked, plus the way back"
    );
    // Nothing is stored while the follower is paused (the connection is muted behind it).
    let tp = TopicPartition::new("orders", 0);
    assert!(stored_offsets(&sim, &tp).iter().all(|(t, _)| *t < parked[0] || *t >= 15_500));
}

/// The pitfall of commitAsync() (§5.4): its callback retries the timed-out commit, the retry is
/// stored after newer commits, the committed offset goes back, and the next owner reprocesses.
/// The consumer protocol's client keeps its connection; the classic client closes it, failing
/// the later commits too, whose callbacks then commit again in order; commitSync() retries and
/// never goes back.
#[test]
fn a_retried_commit_async_can_move_the_committed_offset_back() {
    let tp = TopicPartition::new("orders", 0);
    // When c1 crashes (15.7 s), the committed offset is behind a commit stored before it.
    let went_back = |sim: &groupscope::model::sim::Simulation| {
        let stored: Vec<u64> = stored_offsets(sim, &tp).into_iter().filter(|(t, _)| *t < 15_700).map(|(_, o)| o).collect();
        stored.last() < stored.iter().max()
    };
    let new_async = commit_async_retry("async-after-processing", "consumer");
    assert!(went_back(&new_async), "the retry overwrote a newer commit");
    assert!(new_async.trace.iter().any(|e| matches!(
        e.event,
        TraceEvent::CommitSent {
            cause: CommitCause::AsyncRetry,
            ..
        }
    )));
    let dup_new = Report::of(&new_async, 75_000).groups["orders"].duplicates;

    let classic_async = commit_async_retry("async-after-processing", "classic");
    assert!(!went_back(&classic_async), "the classic client's disconnect keeps the retries in order");
    assert!(classic_async.trace.iter().any(|e| matches!(
        e.event,
        TraceEvent::CommitFailed {
            error: Some(KafkaError::NetworkException),
            ..
        }
    )));
    let dup_classic = Report::of(&classic_async, 75_000).groups["orders"].duplicates;

    let sync = commit_async_retry("sync-after-processing", "consumer");
    assert!(!went_back(&sync));
    let retried = sync
        .trace
        .iter()
        .filter(|e| {
            matches!(
                e.event,
                TraceEvent::CommitSent {
                    cause: CommitCause::SyncAfterBatch,
                    ..
                }
            ) && (15_000..16_000).contains(&e.at_ms)
        })
        .count();
    assert_eq!(retried, 1, "commitSync() sent the same offsets again after the timeout");
    let dup_sync = Report::of(&sync, 75_000).groups["orders"].duplicates;
    assert!(
        dup_new > 50 && dup_new > 4 * dup_classic && dup_new > 4 * dup_sync,
        "{dup_new} {dup_classic} {dup_sync}"
    );
}

/// kafka-behaviour.md §5.2: the broker answers a fetch once it has fetch.min.bytes of records
/// for it, or when fetch.max.wait.ms has passed with whatever it has; with the default (1 byte)
/// any record completes it.
#[test]
fn fetch_min_bytes_holds_a_fetch_until_enough_bytes_or_the_wait_is_over() {
    let gaps = |min_bytes: u64| {
        let json = one_consumer("auto", 0, &format!(", \"fetch.min.bytes\": {min_bytes}"), "");
        let sim = run(&json, 30_000);
        let mut sent: BTreeMap<u32, u64> = BTreeMap::new();
        let mut gaps = Vec::new();
        for e in sim.trace.iter().filter(|e| e.at_ms > 10_000) {
            match &e.event {
                TraceEvent::FetchSent { broker, .. } => {
                    sent.insert(*broker, e.at_ms);
                }
                TraceEvent::FetchReceived { broker, runs, .. } if !runs.is_empty() => {
                    if let Some(at) = sent.get(broker) {
                        gaps.push(e.at_ms - at);
                    }
                }
                _ => {}
            }
        }
        gaps
    };
    // 5 records a second per partition: one record (27 bytes) is there within ~200 ms.
    let eager = gaps(1);
    assert!(eager.iter().all(|g| *g < 500), "{eager:?}");
    // 10 000 bytes never gather in 500 ms: every answer comes when fetch.max.wait.ms expires.
    let patient = gaps(10_000);
    assert!(!patient.is_empty() && patient.iter().all(|g| *g >= 500), "{patient:?}");
    assert!(patient.len() < eager.len());
}
