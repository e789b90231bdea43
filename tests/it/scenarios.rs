//! Scenario tests for the consumer-group protocol: each scenario (the app's bundled ones in
//! scenarios/, test-only ones in tests/scenarios/) runs to its
//! end; its protocol story (trace entries as language-neutral JSON, heartbeats and commits left
//! out) and report summary are golden (update with UPDATE_EXPECT=1), and the behaviour each
//! scenario is about is asserted. The story's sentences are golden separately (narration.rs),
//! so rewording a sentence never turns an engine golden red.

use groupscope::model::config::GroupProtocol;
use groupscope::model::consumer::ConsumerStatus;
use groupscope::model::protocol::Api;
use groupscope::model::protocol::{CommitCause, KafkaError};
use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;
use groupscope::model::trace::{GroupState, ReconcileState, RejoinReason, RemoveReason, RevokeKind, SendFailure, TraceEntry, TraceEvent};
use groupscope::study::report::Report;
use std::collections::BTreeMap;

pub fn load(name: &str) -> (Simulation, Report) {
    let path = crate::scenario_path(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut sim = Simulation::new(&scenario);
    sim.run_until(scenario.duration_ms);
    let report = Report::of(&sim, scenario.duration_ms);
    (sim, report)
}

/// The golden text: the protocol story (JSON) without heartbeats and commits, then per group the
/// counts, errors and each rebalance's pauses and moves.
fn golden(sim: &Simulation, report: &Report) -> String {
    golden_with(sim, report, false)
}

/// `golden` with every produce request and acknowledgement in the story too.
fn golden_with_produce(sim: &Simulation, report: &Report) -> String {
    golden_with(sim, report, true)
}

/// The protocol story's entries (with every produce request and acknowledgement if `produce`),
/// heartbeats, commits and offset fetches left out: what the golden files show.
pub fn story_entries(sim: &Simulation, produce: bool) -> Vec<&TraceEntry> {
    sim.trace
        .iter()
        .filter(|entry| {
            let e = &entry.event;
            if produce && matches!(e, TraceEvent::ProduceSent { .. } | TraceEvent::BatchAcked { .. }) {
                return true;
            }
            let noise = matches!(
                e,
                TraceEvent::CommitSent { .. } | TraceEvent::CommitStored { .. } | TraceEvent::PositionFromCommitted { .. }
            ) || matches!(e, TraceEvent::RequestSent { api, .. } | TraceEvent::ResponseReceived { api, .. }
                if matches!(api, Api::Heartbeat | Api::ConsumerGroupHeartbeat | Api::OffsetCommit | Api::OffsetFetch));
            e.is_protocol() && !noise
        })
        .collect()
}

fn golden_with(sim: &Simulation, report: &Report, produce: bool) -> String {
    let mut out = String::new();
    for entry in story_entries(sim, produce) {
        out.push_str(&crate::structured(entry));
    }
    for (id, p) in &report.producers {
        out.push_str(&format!(
            "== producer {id}: sent {} acknowledged {} failed {} duplicates_written {} acknowledged_lost {} fire_and_forget_lost {} retries {} requests {}\n",
            p.sent, p.acknowledged, p.failed, p.duplicates_written, p.acknowledged_lost, p.fire_and_forget_lost, p.retries, p.requests
        ));
    }
    for (group_id, g) in &report.groups {
        out.push_str(&format!(
            "== {group_id}: processed {} duplicates {} lost {} errors {:?}\n",
            g.processed, g.duplicates, g.lost, g.errors
        ));
        for r in &g.rebalances {
            let moved: Vec<String> = r
                .moved
                .iter()
                .map(|m| format!("{} {}→{}", m.partition, m.from, m.to.as_deref().unwrap_or("(withheld)")))
                .collect();
            out.push_str(&format!(
                "   generation {} {}..{:?} pause_ms {:?} moved [{}]\n",
                r.generation,
                r.started_ms,
                r.completed_ms,
                r.pause_ms,
                moved.join(", ")
            ));
        }
    }
    out
}

macro_rules! golden_test {
    ($name:ident, $file:literal) => {
        fn $name() -> (Simulation, Report) {
            let (sim, report) = load($file);
            expect_test::expect_file![concat!("../golden/scenarios/", $file, ".txt")].assert_eq(&golden(&sim, &report));
            (sim, report)
        }
    };
}

macro_rules! golden_produce_test {
    ($name:ident, $file:literal) => {
        fn $name() -> (Simulation, Report) {
            let (sim, report) = load($file);
            expect_test::expect_file![concat!("../golden/scenarios/", $file, ".txt")].assert_eq(&golden_with_produce(&sim, &report));
            (sim, report)
        }
    };
}

golden_produce_test!(batching, "batching");
golden_test!(acks_isr, "acks-isr");
golden_test!(idempotence, "idempotence");
golden_test!(retry_ordering, "retry-ordering");
golden_test!(unclean_election, "unclean-election");
golden_test!(transactions, "transactions");
golden_test!(isr_lag, "isr-lag");
golden_test!(exactly_once, "exactly-once");
golden_test!(buffer_timeouts, "buffer-timeouts");
golden_test!(eager_join, "eager-join");
golden_test!(cooperative_join, "cooperative-join");
golden_test!(static_restart, "static-restart");
golden_test!(stall_max_poll, "stall-max-poll");
golden_test!(gc_pause, "gc-pause");
golden_test!(add_partitions, "add-partitions");
golden_test!(commit_modes, "commit-modes");
golden_test!(commit_async_retry, "commit-async-retry");
golden_test!(kip848_join, "kip848-join");
golden_test!(kip848_static, "kip848-static");
golden_test!(kip848_stall, "kip848-stall");
golden_test!(migration_upgrade, "migration-upgrade");
golden_test!(migration_mixed, "migration-mixed");
golden_test!(poll_timeout_commit, "poll-timeout-commit");

#[test]
fn a_commit_after_the_poll_timeout_fails_in_the_client() {
    let (sim, _) = poll_timeout_commit();
    let left = sim
        .trace
        .iter()
        .position(|e| matches!(&e.event, TraceEvent::MemberRemoved { consumer, reason: RemoveReason::Left, .. } if consumer == "c1"))
        .expect("c1 leaves after max.poll.interval.ms");
    let failed = sim
        .trace
        .iter()
        .position(|e| matches!(&e.event, TraceEvent::CommitFailed { consumer, error: None, .. } if consumer == "c1"))
        .expect("commitSync() fails in the client (CommitFailedException)");
    assert!(left < failed);
    assert!(
        !sim.trace
            .iter()
            .skip(left)
            .take(failed - left)
            .any(|e| matches!(&e.event, TraceEvent::CommitSent { consumer, .. } if consumer == "c1")),
        "no OffsetCommit between the leave and the failure"
    );
}
golden_test!(migration_static, "migration-static");
golden_test!(coordinator_placement, "coordinator-placement");
golden_test!(partitioners, "partitioners");

fn count(sim: &Simulation, f: impl Fn(&TraceEvent) -> bool) -> usize {
    sim.trace.iter().filter(|e| f(&e.event)).count()
}

#[test]
fn eager_members_revoke_everything_and_pause() {
    let (sim, report) = eager_join();
    let revoked = count(
        &sim,
        |e| matches!(e, TraceEvent::PartitionsRevoked { kind: RevokeKind::Eager, partitions, .. } if !partitions.is_empty()),
    );
    assert_eq!(revoked, 2, "c1 and c2 give up all their partitions");
    let second = &report.groups["g"].rebalances[1];
    assert!(second.pause_ms["c1"] > 0 && second.pause_ms["c2"] > 0, "{:?}", second.pause_ms);
    assert_eq!(second.moved.len(), 1);
}

#[test]
fn cooperative_moves_only_what_moves_in_two_rounds_and_keeps_processing() {
    let (sim, report) = cooperative_join();
    assert!(count(&sim, |e| matches!(e, TraceEvent::PartitionsRevoked { kind: RevokeKind::Eager, .. })) == 0);
    // Java's order (ConsumerCoordinator.onJoinComplete): the member giving up orders-3 runs
    // onPartitionsRevoked, then onPartitionsAssigned for what it keeps.
    let at = |pred: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().position(|e| pred(&e.event)).expect("traced");
    let revoked = at(&|e| matches!(e, TraceEvent::PartitionsRevoked { consumer, kind: RevokeKind::Cooperative, .. } if consumer == "c2"));
    let assigned = at(&|e| matches!(e, TraceEvent::PartitionsAssigned { consumer, generation: 2, .. } if consumer == "c2"));
    assert!(revoked < assigned, "c2 revokes (entry {revoked}) before it is assigned (entry {assigned})");
    let coop: Vec<&TraceEvent> = sim
        .trace
        .iter()
        .map(|e| &e.event)
        .filter(|e| {
            matches!(
                e,
                TraceEvent::PartitionsRevoked {
                    kind: RevokeKind::Cooperative,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(coop.len(), 1, "{coop:?}");
    let g = &report.groups["g"];
    assert_eq!(g.rebalances.len(), 3, "the join round and the follow-up round");
    let (start, end) = (g.rebalances[1].started_ms, g.rebalances[2].completed_ms.unwrap());
    let processed_meanwhile = count(&sim, |e| matches!(e, TraceEvent::Processed { consumer, .. } if consumer == "c1"));
    assert!(processed_meanwhile > 0);
    let during = sim
        .trace
        .iter()
        .filter(|e| e.at_ms > start && e.at_ms < end && matches!(&e.event, TraceEvent::Processed { consumer, .. } if consumer == "c1"))
        .count();
    assert!(during > 0, "c1 keeps processing its partitions while the group rebalances");
    assert!(g.rebalances.iter().all(|r| r.pause_ms.values().all(|&p| p == 0)));
    assert_eq!(g.rebalances[2].moved[0].to.as_deref(), Some("c3"));
}

#[test]
fn a_static_member_restarting_within_the_session_timeout_causes_no_rebalance() {
    let (sim, report) = static_restart();
    assert_eq!(count(&sim, |e| matches!(e, TraceEvent::StaticMemberReplaced { .. })), 1);
    let g = &report.groups["g"];
    // Generation 1 lasts through the quick restart (10 s – 15 s) until the long one expires.
    assert_eq!(g.rebalances[1].generation, 2);
    assert!(g.rebalances[1].started_ms > 40_000, "{:?}", g.rebalances[1]);
    assert_eq!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::MemberRemoved {
                reason: RemoveReason::SessionTimeout,
                ..
            }
        )),
        1
    );
    assert_eq!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::RequestSent {
                api: groupscope::model::protocol::Api::LeaveGroup,
                ..
            }
        )),
        0
    );
}

#[test]
fn a_stall_past_max_poll_interval_leaves_the_group_and_loses_the_partitions() {
    let (sim, _) = stall_max_poll();
    assert_eq!(count(&sim, |e| matches!(e, TraceEvent::PollTimeoutExpired { .. })), 1);
    assert_eq!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::MemberRemoved {
                reason: RemoveReason::Left,
                ..
            }
        )),
        1
    );
    assert!(
        count(
            &sim,
            |e| matches!(e, TraceEvent::PartitionsRevoked { kind: RevokeKind::Lost, consumer, .. } if consumer == "c1")
        ) >= 1
    );
}

#[test]
fn a_gc_pause_expires_the_session() {
    let (sim, report) = gc_pause();
    assert_eq!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::MemberRemoved {
                reason: RemoveReason::SessionTimeout,
                ..
            }
        )),
        1
    );
    assert!(count(&sim, |e| matches!(e, TraceEvent::ConsumerThawed { .. })) == 1);
    assert_eq!(report.groups["g"].lost, 0);
}

#[test]
fn added_partitions_reach_the_group_through_the_leaders_metadata_refresh() {
    let (sim, report) = add_partitions();
    assert_eq!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::RejoinNeeded {
                reason: RejoinReason::MetadataChanged,
                ..
            }
        )),
        1
    );
    let last = report.groups["g"].rebalances.last().unwrap();
    let assigned: usize = last.assignment.values().map(Vec::len).sum();
    assert_eq!(assigned, 4);
}

#[test]
fn a_retried_commit_async_overwrites_newer_commits_and_the_next_owner_reprocesses() {
    let (sim, report) = commit_async_retry();
    assert!(sim.trace.iter().any(|e| matches!(e.event, TraceEvent::CommitAwaitingReplicas { .. })));
    assert!(report.groups["orders"].duplicates > 50, "{}", report.groups["orders"].duplicates);
    assert_eq!(report.groups["orders"].lost, 0);
}

#[test]
fn commit_modes_decide_duplicates_and_losses() {
    let (_, report) = commit_modes();
    let g = |name: &str| &report.groups[name];
    for at_least_once in ["auto", "sync-after-processing", "async-after-processing", "sync-per-record"] {
        assert_eq!(g(at_least_once).lost, 0, "{at_least_once} never loses a record");
    }
    assert!(g("auto").duplicates > g("sync-after-processing").duplicates);
    assert_eq!(g("sync-before-processing").duplicates, 0, "at-most-once never processes twice");
    assert!(g("sync-before-processing").lost > 0, "at-most-once loses what was committed but not processed");
    assert!(g("sync-per-record").duplicates <= 2, "at most the record in flight per partition");
}

#[test]
fn the_group_votes_for_its_assignor_and_rejects_a_member_sharing_none() {
    let json = r#"{"seed": 9, "duration_ms": 12000, "topics": [{"name": "t", "partitions": 3}],
      "groups": [{"group_id": "g", "consumers": [
        {"id": "c1", "config": {"partition.assignment.strategy": "cooperative-sticky,range"}},
        {"id": "c2", "config": {"partition.assignment.strategy": ["org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "range"]}}]}],
      "actions": [{"at_ms": 8000, "action": "start", "group_id": "g", "id": "c3", "config": {"partition.assignment.strategy": "roundrobin"}}]}"#;
    let sim = crate::run(json, 12_000);
    let picked: Vec<&str> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::ProtocolSelected { protocol, .. } => Some(protocol.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(picked, ["cooperative-sticky"], "both list cooperative-sticky first");
    // Their lists include range (eager only), so they still run the eager protocol.
    assert!(sim.world.consumers["c1"].protocol == groupscope::model::config::RebalanceProtocol::Eager);
    // c3 shares no assignor with the group.
    assert!(sim.trace.iter().any(|e| matches!(&e.event, TraceEvent::ResponseReceived { consumer, error: Some(groupscope::model::protocol::KafkaError::InconsistentGroupProtocol), .. } if consumer == "c3")));
    assert_eq!(sim.world.consumers["c3"].status, groupscope::model::consumer::ConsumerStatus::Failed);
}

fn requests(sim: &Simulation, wanted: Api) -> usize {
    count(sim, |e| matches!(e, TraceEvent::RequestSent { api, .. } if *api == wanted))
}

fn processed_between(sim: &Simulation, who: &str, from_ms: u64, to_ms: u64) -> usize {
    sim.trace
        .iter()
        .filter(|e| e.at_ms > from_ms && e.at_ms < to_ms && matches!(&e.event, TraceEvent::Processed { consumer, .. } if consumer == who))
        .count()
}

#[test]
fn kip848_members_reconcile_one_by_one_without_a_barrier() {
    let (sim, report) = kip848_join();
    assert_eq!(
        requests(&sim, Api::JoinGroup) + requests(&sim, Api::SyncGroup) + requests(&sim, Api::LeaveGroup),
        0
    );
    assert!(requests(&sim, Api::ConsumerGroupHeartbeat) > 0);
    let states: Vec<GroupState> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::GroupStateChanged { to, .. } => Some(*to),
            _ => None,
        })
        .collect();
    assert!(
        states.contains(&GroupState::Assigning) && states.contains(&GroupState::Reconciling),
        "{states:?}"
    );
    assert!(!states.contains(&GroupState::PreparingRebalance));
    // c3 joins at 9 s; c1 never stops while the group reconciles.
    let g = &report.groups["g"];
    let third = &g.rebalances[2];
    assert!(processed_between(&sim, "c1", third.started_ms, third.completed_ms.unwrap()) > 0);
    assert!(g.rebalances.iter().all(|r| r.pause_ms.values().all(|&p| p == 0)), "{:?}", g.rebalances);
    // c2 (async-after-processing) commits the partition it gives up in onPartitionsRevoked.
    assert!(sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::CommitSent { consumer, cause: CommitCause::SyncOnRevoke, .. } if consumer == "c2")));
    // Partitions move only once their owner has revoked them: UNREVOKED, then UNRELEASED.
    assert!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::MemberReconciled {
                state: ReconcileState::UnrevokedPartitions,
                ..
            }
        )) >= 2
    );
    assert!(
        count(&sim, |e| matches!(
            e,
            TraceEvent::MemberReconciled {
                state: ReconcileState::UnreleasedPartitions,
                ..
            }
        )) >= 2
    );
    assert_eq!((g.duplicates, g.lost), (0, 0));
}

#[test]
fn kip848_static_members_leave_with_epoch_minus_two_and_a_crashed_one_is_unreleased() {
    let (sim, report) = kip848_static();
    assert_eq!(count(&sim, |e| matches!(e, TraceEvent::StaticMemberTemporarilyLeft { .. })), 1);
    assert_eq!(
        count(&sim, |e| matches!(e, TraceEvent::StaticMemberReplaced { consumer, .. } if consumer == "c2-new")),
        1
    );
    // No group epoch bump from the close at 10 s to c1's session expiry.
    let bumps: Vec<u64> = sim
        .trace
        .iter()
        .filter(|e| matches!(e.event, TraceEvent::GroupEpochBumped { .. }))
        .map(|e| e.at_ms)
        .collect();
    assert!(bumps.iter().all(|&t| !(5_000..60_000).contains(&t)), "{bumps:?}");
    // The crashed c1 restarts at 28 s: its old slot is not released (UNRELEASED_INSTANCE_ID, fatal).
    assert!(sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::ResponseReceived { consumer, error: Some(KafkaError::UnreleasedInstanceId), .. } if consumer == "c1")));
    assert_eq!(sim.world.consumers["c1"].status, ConsumerStatus::Failed);
    // Its slot expires 45 s (group.consumer.session.timeout.ms) after its last heartbeat.
    let expired = sim
        .trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::MemberRemoved { reason: RemoveReason::SessionTimeout, consumer, .. } if consumer == "c1"))
        .expect("c1's slot expires");
    assert!((65_000..=70_000).contains(&expired.at_ms), "{}", expired.at_ms);
    let last = report.groups["g"].rebalances.last().unwrap();
    assert_eq!(last.assignment["c2-new"].len(), 4);
}

#[test]
fn kip848_a_stalled_member_holds_back_only_what_it_must_give_up() {
    let (sim, _) = kip848_stall();
    // c2 stalls 8–23 s and owes orders-3 to c3: c3 gets it only after c2 resumes, while c1
    // goes on processing throughout.
    let c3_gets = sim
        .trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::PartitionsAssigned { consumer, partitions, .. } if consumer == "c3" && !partitions.is_empty()))
        .expect("c3 is assigned a partition");
    assert!(c3_gets.at_ms > 23_000, "{}", c3_gets.at_ms);
    assert!(processed_between(&sim, "c1", 9_000, 23_000) > 0);
    // c1 stalls past its max.poll.interval.ms: it leaves, loses its partitions, and rejoins.
    assert_eq!(
        count(&sim, |e| matches!(e, TraceEvent::PollTimeoutExpired { consumer, .. } if consumer == "c1")),
        1
    );
    assert!(
        count(
            &sim,
            |e| matches!(e, TraceEvent::PartitionsRevoked { kind: RevokeKind::Lost, consumer, .. } if consumer == "c1")
        ) == 1
    );
}

#[test]
fn kip848_server_side_range_keeps_topics_co_partitioned() {
    let json = r#"{"seed": 4, "duration_ms": 12000, "topics": [{"name": "clicks", "partitions": 3}, {"name": "views", "partitions": 3}],
      "groups": [{"group_id": "g", "consumers": [
        {"id": "c1", "config": {"group.protocol": "consumer", "group.remote.assignor": "range"}},
        {"id": "c2", "config": {"group.protocol": "consumer", "group.remote.assignor": "range"}}]}]}"#;
    let sim = crate::run(json, 12_000);
    let computed: Vec<(&str, &std::collections::BTreeMap<String, Vec<groupscope::model::nouns::TopicPartition>>)> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::TargetAssignmentComputed { assignor, assignment, .. } => Some((assignor.as_str(), assignment)),
            _ => None,
        })
        .collect();
    let (assignor, last) = computed.last().expect("a target assignment");
    assert_eq!(*assignor, "range");
    for partitions in last.values() {
        let clicks: Vec<u32> = partitions.iter().filter(|tp| &*tp.topic == "clicks").map(|tp| tp.partition).collect();
        let views: Vec<u32> = partitions.iter().filter(|tp| &*tp.topic == "views").map(|tp| tp.partition).collect();
        assert_eq!(clicks, views, "range gives each member the same partition numbers of both topics");
    }
    assert_eq!(sim.world.groups["g"].coordinator.state, GroupState::Stable);
}

#[test]
fn each_group_talks_to_the_leader_of_its_offsets_partition() {
    let (sim, _) = coordinator_placement();
    // abs(hashCode) % 50, worked out by hand: billing 9, payments 13, orders-app 5; with three
    // brokers, partition p of __consumer_offsets is led by broker p % 3.
    for (group, partition, broker) in [("billing", 9, 0), ("payments", 13, 1), ("orders-app", 5, 2)] {
        assert!(
            sim.trace.iter().any(
                |e| matches!(&e.event, TraceEvent::CoordinatorFound { group_id, offsets_partition, broker: b, .. }
                if group_id == group && *offsets_partition == partition && *b == broker)
            ),
            "{group}"
        );
        assert_eq!(sim.world.groups[group].coordinator.broker, broker);
        let wrong = sim.trace.iter().any(|e| {
            matches!(&e.event, TraceEvent::RequestSent { group_id, broker: b, api, .. }
                if group_id == group && *b != broker && *api != Api::Fetch)
        });
        assert!(!wrong, "{group}'s group requests all go to broker {broker}");
    }
}

#[test]
fn kip848_added_partitions_bump_the_group_epoch_at_the_next_heartbeat() {
    let json = r#"{"seed": 8, "duration_ms": 20000, "topics": [{"name": "t", "partitions": 2}],
      "producers": [{"id": "p", "topic": "t", "records_per_sec": 10, "keys": ["a", "b", "c"]}],
      "groups": [{"group_id": "g", "consumers": [
        {"id": "c1", "config": {"group.protocol": "consumer", "auto.offset.reset": "earliest"}},
        {"id": "c2", "config": {"group.protocol": "consumer", "auto.offset.reset": "earliest"}}]}],
      "actions": [{"at_ms": 8000, "action": "add_partitions", "topic": "t", "partitions": 4}]}"#;
    let sim = crate::run(json, 20_000);
    let bump = sim
        .trace
        .iter()
        .find(|e| {
            matches!(
                e.event,
                TraceEvent::GroupEpochBumped {
                    reason: groupscope::model::trace::EpochReason::MetadataChanged,
                    ..
                }
            )
        })
        .expect("the coordinator notices the new partitions");
    // At the first heartbeat after the change (every 5 s), not after metadata.max.age.ms.
    assert!((8_000..13_100).contains(&bump.at_ms), "{}", bump.at_ms);
    let owned: usize = sim.world.consumers.values().map(|c| c.assigned.len()).sum();
    assert_eq!(owned, 4);
    assert_eq!(sim.world.groups["g"].coordinator.state, GroupState::Stable);
}

/// Each partitioner as Kafka's `KafkaProducer.partition` decides (kafka-behaviour.md §2): the explicit
/// partition wins over keys; RoundRobinPartitioner ignores keys and cycles; key-less records
/// (or keys ignored) stick to one partition until batch.size bytes were appended to it.
#[test]
fn partitioners_follow_kafkas_decision_order() {
    let (sim, _) = partitioners();
    let produced = |who: &str| -> Vec<(u64, u32)> {
        sim.trace
            .iter()
            .filter_map(|e| match &e.event {
                TraceEvent::Produced { producer, tp, .. } if producer == who => Some((e.at_ms, tp.partition)),
                _ => None,
            })
            .collect()
    };
    assert!(produced("fixed").iter().all(|(_, p)| *p == 3), "explicit partition");
    let rr: Vec<u32> = produced("rr").iter().map(|(_, p)| *p).collect();
    assert_eq!(rr[..8], [0, 1, 2, 3, 0, 1, 2, 3], "round-robin ignores the key");
    for (who, batch_size) in [("sticky", 600), ("nokeys", 400)] {
        let switches: Vec<(u64, u64)> = sim
            .trace
            .iter()
            .filter_map(|e| match &e.event {
                TraceEvent::StickyPartitionChosen { producer, after_bytes, .. } if producer == who => Some((e.at_ms, *after_bytes)),
                _ => None,
            })
            .collect();
        assert!(switches.len() >= 3, "{who}: {switches:?}");
        assert_eq!(switches[0].1, 0, "the first sticky partition is chosen lazily");
        // At these rates each record leaves in a batch of its own after linger.ms, and at the
        // moment of each append the partition's last batch (the record's own) is not full: the
        // switch waits for the unconditional 2 × batch.size (RecordAccumulator.allBatchesFull).
        assert!(
            switches[1..].iter().all(|(_, b)| *b >= 2 * batch_size && *b < 2 * batch_size + 100),
            "{who}: {switches:?}"
        );
        // Between two switches every record goes to one partition (the record that crosses
        // batch.size is the last one on the old partition).
        let records = produced(who);
        for pair in switches.windows(2) {
            // A record is written linger.ms (5) + one way (10) after its send().
            let run: Vec<u32> = records
                .iter()
                .filter(|(t, _)| *t > pair[0].0 + 15 && *t <= pair[1].0 + 15)
                .map(|(_, p)| *p)
                .collect();
            assert!(run.windows(2).all(|w| w[0] == w[1]), "{who}: {run:?}");
        }
    }
    // Keyed records never touch the sticky state; ignored keys do.
    assert_eq!(
        count(
            &sim,
            |e| matches!(e, TraceEvent::StickyPartitionChosen { producer, .. } if producer == "rr" || producer == "fixed")
        ),
        0
    );
}

/// Record numbers of one producer in log order on one partition (its values are "id-n").
fn log_order(sim: &Simulation, topic: &str, partition: u32, producer: &str) -> Vec<u64> {
    let tp = groupscope::model::nouns::TopicPartition::new(topic, partition);
    let log = sim.world.cluster.log(&tp).unwrap();
    log.records
        .iter()
        .filter(|r| r.producer == producer && r.control.is_none())
        .map(|r| r.value.rsplit('-').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn batching_lingers_fills_and_piggybacks() {
    let (sim, report) = batching();
    let sends: Vec<(u64, &String, u32, &Vec<groupscope::model::trace::SentBatch>)> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::ProduceSent { producer, broker, batches, .. } => Some((e.at_ms, producer, *broker, batches)),
            _ => None,
        })
        .collect();
    // linger.ms=50 at 400 records/s over 4 partitions: several records per batch, and the two
    // partitions of one leader leave in one request.
    let lingering: Vec<_> = sends.iter().filter(|s| s.1 == "lingering").collect();
    assert!(lingering.iter().any(|s| s.3.len() == 2 && s.3[0].tp != s.3[1].tp), "piggyback");
    let records: u32 = lingering.iter().flat_map(|s| s.3.iter()).map(|b| b.records).sum();
    let batches = lingering.iter().map(|s| s.3.len()).sum::<usize>() as u32;
    assert!(records / batches >= 3, "{records} records in {batches} batches");
    // lz4 at 37 %: a batch's estimate is below its records' raw size.
    assert!(lingering.iter().flat_map(|s| s.3.iter()).all(|b| b.bytes < 61 + b.records as u64 * 120));
    // The leader stores each batch as it was sent: the same records, bytes and codec; the
    // batches tile the log, and every record of lingering carries its header.
    let sent: Vec<&groupscope::model::trace::SentBatch> = lingering.iter().flat_map(|s| s.3.iter()).collect();
    let mut stored_lingering = 0;
    for p in 0..4 {
        let log = sim.world.cluster.log(&groupscope::model::nouns::TopicPartition::new("events", p)).unwrap();
        let mut next = 0;
        for b in log.batches.iter() {
            assert_eq!(b.base_offset, next, "events-{p}: batches tile the log");
            next = b.last_offset() + 1;
            assert_eq!(log.batch_of(b.base_offset), Some(b));
            assert_eq!(log.batch_of(b.last_offset()), Some(b));
            let first = log.record(b.base_offset).unwrap();
            if first.producer == "lingering" {
                stored_lingering += 1;
                let c = b.compression.expect("lz4");
                assert_eq!(c.codec, groupscope::model::producer_config::Compression::Lz4);
                assert!(b.bytes < c.uncompressed_bytes, "{b:?}");
                assert!(
                    sent.iter()
                        .any(|s| s.records == b.records && s.bytes == b.bytes && s.compression == b.compression),
                    "{b:?}"
                );
                assert_eq!(first.headers, vec![("source".to_string(), "game-page".to_string())]);
            } else {
                assert_eq!(b.compression, None);
                assert!(first.headers.is_empty());
            }
        }
        assert_eq!(next, log.log_end_offset());
    }
    assert!(stored_lingering > 10, "{stored_lingering}");
    // 2000 records/s into batch.size 4096: batches leave full, long before linger.ms=100.
    let bulk: Vec<_> = sends.iter().filter(|s| s.1 == "bulk").flat_map(|s| s.3.iter()).collect();
    assert!(
        bulk.len() > 10 && bulk[..bulk.len() - 1].iter().all(|b| b.bytes > 4096 - 140 && b.bytes <= 4096),
        "{:?}",
        &bulk[..3]
    );
    // send().get(): one record at a time, each waiting linger.ms + a round trip (25 ms), so
    // fewer than the 50/s asked for.
    let sync = &report.producers["sync"];
    assert!(sync.sent < 50 * 45 / 10 && sync.sent > 100, "{sync:?}");
    let sync_sends: Vec<u64> = sends.iter().filter(|s| s.1 == "sync").map(|s| s.0).collect();
    assert!(sync_sends.windows(2).all(|w| w[1] - w[0] >= 25), "{sync_sends:?}");
    for p in report.producers.values() {
        assert_eq!((p.failed, p.duplicates_written, p.acknowledged_lost), (0, 0, 0));
    }
}

#[test]
fn acks_all_waits_for_the_isr_and_is_refused_below_min_insync() {
    let (sim, report) = acks_isr();
    let at = |pred: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().find(|e| pred(&e.event)).map(|e| e.at_ms);
    // The controller fences broker 2 after broker.session.timeout.ms (9 s).
    assert_eq!(at(&|e| matches!(e, TraceEvent::BrokerFenced { broker: 2 })), Some(14_000));
    assert_eq!(at(&|e| matches!(e, TraceEvent::IsrChanged { removed: Some(2), .. })), Some(14_000));
    // Broker 1 fenced at 29 s: ISR [0] < 2: acks=all refused, acks=1 goes on.
    let refused = at(&|e| matches!(e, TraceEvent::ProduceRejected { error: KafkaError::NotEnoughReplicas, producer, .. } if producer == "safe")).unwrap();
    assert!((29_000..33_000).contains(&refused), "{refused}");
    assert!(!sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::ProduceRejected { producer, .. } if producer == "quick")));
    let quick_acked_during = sim
        .trace
        .iter()
        .filter(|e| (29_100..33_000).contains(&e.at_ms))
        .any(|e| matches!(&e.event, TraceEvent::BatchAcked { producer, .. } if producer == "quick"));
    assert!(quick_acked_during, "acks=1 needs only the leader");
    // Broker 1 returns, catches up and rejoins the ISR; the retried batches then succeed.
    let rejoined = at(&|e| matches!(e, TraceEvent::IsrChanged { added: Some(1), .. })).unwrap();
    assert!((33_000..33_100).contains(&rejoined), "{rejoined}");
    let safe = &report.producers["safe"];
    assert_eq!((safe.failed, safe.duplicates_written, safe.acknowledged_lost), (0, 0, 0), "{safe:?}");
    let pending = sim.world.producers["safe"].queued_records() as u64
        + sim.world.producers["safe"]
            .in_flight
            .iter()
            .flat_map(|r| r.batches.iter())
            .map(|b| b.records.len() as u64)
            .sum::<u64>();
    assert_eq!(safe.acknowledged + pending, safe.sent, "{safe:?}");
    assert!(safe.retries > 0);
    // Broker 2 is still down: every ISR is the live replicas 0 and 1.
    for isr in &report.topics["payments"].isr {
        let mut sorted = isr.clone();
        sorted.sort();
        assert_eq!(sorted, vec![0, 1]);
    }
    assert!(report.topics["payments"].leaders.iter().all(Option::is_some));
}

#[test]
fn a_lost_response_duplicates_only_without_idempotence() {
    let (sim, report) = idempotence();
    assert!(sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::DuplicateBatchIgnored { producer, .. } if producer == "idem")));
    let idem = &report.producers["idem"];
    let plain = &report.producers["plain"];
    assert_eq!(idem.duplicates_written, 0, "{idem:?}");
    assert!(plain.duplicates_written > 0, "{plain:?}");
    // The log shows it: each plain record once, then the retried ones again.
    let order = log_order(&sim, "orders", 1, "plain");
    let mut seen = std::collections::BTreeSet::new();
    let twice = order.iter().filter(|n| !seen.insert(**n)).count() as u64;
    assert_eq!(twice, plain.duplicates_written);
    let order = log_order(&sim, "orders", 0, "idem");
    assert!(order.windows(2).all(|w| w[1] == w[0] + 1), "idempotent: every record once, in order");
    assert_eq!((idem.failed, plain.failed), (0, 0));
}

#[test]
fn retries_reorder_and_duplicate_without_idempotence() {
    let (sim, report) = retry_ordering();
    let unordered = log_order(&sim, "ledger", 0, "unordered");
    let ordered = log_order(&sim, "ledger", 1, "ordered");
    assert!(unordered.windows(2).any(|w| w[1] < w[0]), "retried batches land after later ones");
    assert!(report.producers["unordered"].duplicates_written > 0);
    assert!(ordered.windows(2).all(|w| w[1] == w[0] + 1), "idempotence keeps order and writes once");
    assert_eq!(report.producers["ordered"].duplicates_written, 0);
    // Both recover once the ISR is back: nothing stays stuck behind a connection's queue.
    for id in ["unordered", "ordered"] {
        let p = &report.producers[id];
        assert!(p.sent - p.acknowledged - p.failed <= 60, "{id}: {p:?}");
    }
    assert!(sim.trace.iter().any(|e| matches!(
        &e.event,
        TraceEvent::ProduceRejected {
            error: KafkaError::NotEnoughReplicas,
            ..
        }
    )));
}

#[test]
fn unclean_election_loses_acknowledged_records_and_counts_them() {
    let (sim, report) = unclean_election();
    let unclean = sim.trace.iter().find_map(|e| match &e.event {
        TraceEvent::PartitionLeaderElected {
            tp,
            leader: Some(1),
            unclean: true,
            ..
        } => Some((e.at_ms, tp.topic.clone())),
        _ => None,
    });
    assert_eq!(unclean, Some((16_000, "clicks".into())));
    let lost = &report.producers["p-clicks"];
    assert!(lost.acknowledged_lost > 100, "{lost:?}");
    let truncated: u64 = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::RecordsTruncated { tp, acked_lost, .. } if &*tp.topic == "clicks" => Some(*acked_lost),
            _ => None,
        })
        .sum();
    assert_eq!(truncated, lost.acknowledged_lost, "every loss is in the trace");
    // orders does not allow it: offline until broker 0 returns, then nothing lost.
    assert!(sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::PartitionLeaderElected { tp, leader: None, .. } if &*tp.topic == "orders")));
    assert_eq!(report.producers["p-orders"].acknowledged_lost, 0);
    assert_eq!(report.topics["orders"].leaders, vec![Some(0)]);
}

#[test]
fn read_committed_skips_aborted_and_waits_for_open_transactions() {
    let (sim, report) = transactions();
    let aborted_or_marker = |group: &str| {
        sim.trace
            .iter()
            .filter_map(|e| match &e.event {
                TraceEvent::Processed { group_id, tp, offset, .. } if group_id == group => Some((tp.clone(), *offset)),
                _ => None,
            })
            .filter(|(tp, o)| {
                let log = sim.world.cluster.log(tp).unwrap();
                let r = log.record(*o).unwrap();
                r.control.is_some() || log.is_aborted(r)
            })
            .count()
    };
    assert_eq!(aborted_or_marker("committed"), 0, "read_committed never returns an aborted record or a marker");
    let aborted_read = aborted_or_marker("everything");
    assert!(aborted_read >= 20, "read_uncommitted reads the aborted transactions too: {aborted_read}");
    // The abort action and the timeout both ended transactions with ABORT markers.
    let markers: Vec<(bool, String)> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::TxnMarkersWritten { producer, commit, .. } => Some((*commit, producer.clone())),
            _ => None,
        })
        .collect();
    assert!(
        markers.contains(&(false, "tx".to_string())) && markers.contains(&(false, "slow".to_string())),
        "{markers:?}"
    );
    assert!(markers.iter().filter(|(c, p)| *c && p == "tx").count() >= 10);
    let timed_out = sim.trace.iter().find_map(|e| match &e.event {
        TraceEvent::TxnTimedOut { producer, .. } if producer == "slow" => Some(e.at_ms),
        _ => None,
    });
    assert_eq!(timed_out, Some(20_000), "open from 8 s, timeout 5 s, found by the check every 10 s");
    // While slow's transaction is open, payments-1's LSO stays put: the read_committed group's
    // lag there grows while the read_uncommitted group keeps up.
    let c = &report.groups["committed"];
    let e = &report.groups["everything"];
    assert_eq!((c.lost, e.lost, c.duplicates, e.duplicates), (0, 0, 0, 0));
    assert!(c.processed < e.processed, "{} < {}", c.processed, e.processed);
    let tx = &report.producers["tx"];
    assert_eq!((tx.duplicates_written, tx.acknowledged_lost), (0, 0));
}

#[test]
fn a_follower_behind_for_replica_lag_time_max_ms_leaves_the_isr() {
    let (sim, report) = isr_lag();
    let removed: Vec<(u64, String)> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::IsrChanged { tp, removed: Some(1), .. } => Some((e.at_ms, tp.topic.to_string())),
            _ => None,
        })
        .collect();
    // Behind from 5 s; the leaders' check every 15 s finds it past 30 s at 45 s. No fencing:
    // the broker stays alive.
    assert_eq!(removed, vec![(45_000, "orders".to_string())]);
    assert!(!sim.trace.iter().any(|e| matches!(e.event, TraceEvent::BrokerFenced { .. })));
    // acks=all waited on the stuck HW until then, and is refused below min.insync.replicas after.
    let refused = sim.trace.iter().find_map(|e| match &e.event {
        TraceEvent::ProduceRejected {
            error: KafkaError::NotEnoughReplicas,
            ..
        } => Some(e.at_ms),
        _ => None,
    });
    assert!(refused.is_some_and(|t| (45_000..50_000).contains(&t)), "{refused:?}");
    let rejoined: Vec<u64> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::IsrChanged { added: Some(1), .. } => Some(e.at_ms),
            _ => None,
        })
        .collect();
    assert_eq!(rejoined.len(), 1, "{rejoined:?}");
    assert!(rejoined.iter().all(|t| (50_000..50_100).contains(t)), "{rejoined:?}");
    let p = &report.producers["safe"];
    assert_eq!((p.failed, p.duplicates_written, p.acknowledged_lost), (0, 0, 0), "{p:?}");
    // acks=1 goes on meanwhile: acknowledged by the leader alone, readable only once the HW
    // moves (at 45 s, when the ISR shrank).
    let quick_acked_while_stuck = sim
        .trace
        .iter()
        .filter(|e| (6_000..44_000).contains(&e.at_ms))
        .any(|e| matches!(&e.event, TraceEvent::BatchAcked { producer, .. } if producer == "quick"));
    assert!(quick_acked_while_stuck);
    let read_while_stuck = sim
        .trace
        .iter()
        .filter(|e| (6_000..44_000).contains(&e.at_ms))
        .any(|e| matches!(&e.event, TraceEvent::Processed { .. }));
    assert!(!read_while_stuck, "nothing above the stuck high watermark is read");
    assert_eq!(report.topics["orders"].isr, vec![vec![0, 1]]);
}

#[test]
fn consume_transform_produce_is_exactly_once_for_read_committed_readers() {
    let (sim, report) = exactly_once();
    // Every output the downstream read_committed group processed, by value: each input once.
    let outputs = |group: &str| -> Vec<String> {
        sim.trace
            .iter()
            .filter_map(|e| match &e.event {
                TraceEvent::Processed { group_id, tp, offset, .. } if group_id == group => {
                    sim.world.cluster.log(tp).and_then(|l| l.record(*offset)).map(|r| r.value.clone())
                }
                _ => None,
            })
            .collect()
    };
    let committed = outputs("downstream-committed");
    let everything = outputs("downstream-everything");
    let unique: std::collections::BTreeSet<&String> = committed.iter().collect();
    assert_eq!(unique.len(), committed.len(), "read_committed: every output exactly once");
    assert!(committed.len() > 150, "{}", committed.len());
    let unique_all: std::collections::BTreeSet<&String> = everything.iter().collect();
    assert!(unique_all.len() < everything.len(), "read_uncommitted also reads the aborted attempt");
    // The crash left a transaction open; the restarted instance's InitProducerId aborted it.
    assert!(sim
        .trace
        .iter()
        .any(|e| matches!(&e.event, TraceEvent::TxnMarkersWritten { producer, commit: false, .. } if producer == "c1-tx")));
    // Offsets were committed only through transactions, and the app group neither lost nor
    // committed past anything it did not write.
    assert!(sim.trace.iter().any(|e| matches!(
        &e.event,
        TraceEvent::CommitSent {
            cause: CommitCause::Transaction,
            ..
        }
    )));
    let app = &report.groups["app"];
    assert_eq!(app.lost, 0);
    assert!(app.duplicates > 0, "the restarted instance reprocessed the aborted batch");
    // Every input processed before the last commit has exactly one committed output.
    let inputs: std::collections::BTreeSet<String> = committed.iter().map(|v| v.trim_end_matches('→').to_string()).collect();
    assert_eq!(inputs.len(), committed.len());
}

#[test]
fn a_full_buffer_blocks_send_and_old_batches_expire() {
    let (sim, report) = buffer_timeouts();
    let first = |pred: &dyn Fn(&TraceEvent) -> bool| sim.trace.iter().find(|e| pred(&e.event)).map(|e| e.at_ms);
    // The leader of metrics-0 is down (and not replaced: one replica): batches pile up.
    let blocked = first(&|e| matches!(e, TraceEvent::SendBlocked { producer, .. } if producer == "p")).unwrap();
    assert!((5_000..10_000).contains(&blocked), "{blocked}");
    // send() throws after max.block.ms if no memory came back meanwhile.
    let thrown = first(&|e| matches!(e, TraceEvent::BatchFailed { producer, reason: SendFailure::MaxBlockTimeout, .. } if producer == "p"));
    let expired = first(&|e| matches!(e, TraceEvent::BatchFailed { producer, reason: SendFailure::DeliveryTimeout, .. } if producer == "p"));
    assert!(thrown.is_some() && expired.is_some(), "{thrown:?} {expired:?}");
    // delivery.timeout.ms counts from batch creation: the first batches expire 10 s after they
    // were created, around 15 s.
    assert!((14_000..16_500).contains(&expired.unwrap()), "{expired:?}");
    let p = &report.producers["p"];
    assert!(p.failed > 0 && p.acknowledged > 0, "{p:?}");
    assert_eq!((p.duplicates_written, p.acknowledged_lost), (0, 0));
    // After the restart everything flows again.
    assert!(sim
        .trace
        .iter()
        .any(|e| e.at_ms > 30_500 && matches!(&e.event, TraceEvent::BatchAcked { producer, .. } if producer == "p")));
    // acks=0: the records sent to the dead leader are counted, never hidden.
    assert!(report.producers["fire"].fire_and_forget_lost > 0);
}

/// Every compare preset's figures per lane (the browser test checks wasm gives the same).
#[test]
fn compare_presets_golden() {
    expect_test::expect_file!["../golden/compare-presets.txt"].assert_eq(&groupscope::study::compare::presets_summary());
}

/// (time, new protocol, epoch) of each online conversion.
fn conversions(sim: &Simulation) -> Vec<(u64, GroupProtocol, i32)> {
    sim.trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::GroupConverted { to, epoch, .. } => Some((e.at_ms, *to, *epoch)),
            _ => None,
        })
        .collect()
}

/// The partitions each running consumer of group `g` holds.
fn holdings(sim: &Simulation) -> BTreeMap<String, Vec<String>> {
    sim.world
        .consumers
        .values()
        .filter(|c| c.is_running() && c.spec.group_id == "g")
        .map(|c| (c.id().to_string(), c.assigned.iter().map(|tp| tp.to_string()).collect()))
        .collect()
}

fn revoked_between(sim: &Simulation, from_ms: u64, to_ms: u64) -> Vec<(String, Vec<String>)> {
    sim.trace
        .iter()
        .filter(|e| (from_ms..to_ms).contains(&e.at_ms))
        .filter_map(|e| match &e.event {
            TraceEvent::PartitionsRevoked { consumer, partitions, .. } => Some((consumer.clone(), partitions.iter().map(|tp| tp.to_string()).collect())),
            _ => None,
        })
        .collect()
}

#[test]
fn a_rolling_restart_upgrades_a_classic_group_online() {
    let (sim, report) = migration_upgrade();
    // c1 left at 15 s (generation 2); k1's first heartbeat converts the group at that epoch.
    assert_eq!(conversions(&sim), vec![(16_010, GroupProtocol::Consumer, 2)]);
    // The classic members stay and keep speaking JoinGroup and SyncGroup, now answered from
    // the consumer group's state (MemberReconciled), until each is restarted.
    for classic in ["c2", "c3"] {
        assert!(sim
            .trace
            .iter()
            .any(|e| e.at_ms > 16_010 && matches!(&e.event, TraceEvent::RequestSent { api: Api::JoinGroup, consumer, .. } if consumer == classic)));
        assert!(count(&sim, |e| matches!(e, TraceEvent::MemberReconciled { consumer, .. } if consumer == classic)) > 0);
    }
    let coordinator = &sim.world.groups["g"].coordinator;
    assert_eq!(coordinator.protocol_kind, GroupProtocol::Consumer);
    assert!(coordinator.members.values().all(|m| !m.uses_classic));
    let held = holdings(&sim);
    assert_eq!(held.keys().cloned().collect::<Vec<_>>(), ["k1", "k2", "k3"]);
    assert_eq!(held.values().map(Vec::len).sum::<usize>(), 4, "{held:?}");
    let g = &report.groups["g"];
    assert_eq!((g.duplicates, g.lost), (0, 0));
}

#[test]
fn classic_members_of_a_mixed_group_give_up_only_what_moves_and_the_group_converts_back() {
    let (sim, report) = migration_mixed();
    assert_eq!(
        conversions(&sim),
        vec![(12_010, GroupProtocol::Consumer, 1), (30_030, GroupProtocol::Classic, 2)]
    );
    // Cooperative classic members: only orders-3 moves (to k1), and only c1 gives it up.
    assert_eq!(revoked_between(&sim, 12_000, 30_000), vec![("c1".to_string(), vec!["orders-3".to_string()])]);
    // c1 stays at epoch 1 (UNREVOKED_PARTITIONS) until its next JoinGroup no longer owns it.
    assert!(
        count(
            &sim,
            |e| matches!(e, TraceEvent::MemberReconciled { consumer, member_epoch: 1, state: ReconcileState::UnrevokedPartitions, .. } if consumer == "c1")
        ) == 1
    );
    let k1_got = sim
        .trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::PartitionsAssigned { consumer, .. } if consumer == "k1"))
        .unwrap()
        .at_ms;
    let c1_released = sim
        .trace
        .iter()
        .find(|e| matches!(&e.event, TraceEvent::MemberReconciled { consumer, member_epoch: 2, .. } if consumer == "c1"))
        .unwrap()
        .at_ms;
    assert!(c1_released < k1_got);
    // k1 leaves: a classic rebalance (generation 3) hands orders-3 back to a classic member.
    let coordinator = &sim.world.groups["g"].coordinator;
    assert_eq!(
        (coordinator.protocol_kind, coordinator.generation, coordinator.state),
        (GroupProtocol::Classic, 3, GroupState::Stable)
    );
    assert_eq!(holdings(&sim).values().map(Vec::len).sum::<usize>(), 4);
    let g = &report.groups["g"];
    assert_eq!((g.duplicates, g.lost), (0, 0));
}

#[test]
fn a_static_member_upgrades_in_place_and_when_fenced_the_group_downgrades() {
    let (sim, _) = migration_static();
    assert_eq!(
        conversions(&sim),
        vec![(13_010, GroupProtocol::Consumer, 1), (58_030, GroupProtocol::Classic, 1)]
    );
    // k1 takes i1's slot and c1's partitions with no epoch bump.
    assert_eq!(
        count(
            &sim,
            |e| matches!(e, TraceEvent::StaticMemberReplaced { consumer, group_instance_id, .. } if consumer == "k1" && group_instance_id == "i1")
        ),
        1
    );
    assert_eq!(count(&sim, |e| matches!(e, TraceEvent::GroupEpochBumped { .. })), 0);
    let got: Vec<&Vec<_>> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::PartitionsAssigned { consumer, partitions, .. } if consumer == "k1" || consumer == "c1" => Some(partitions),
            _ => None,
        })
        .collect();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0], got[1]);
    // Frozen past its session, k1 is fenced; the group is classic again, and k1's next
    // heartbeat finds no consumer group (fatal).
    assert!(sim.trace.iter().any(
        |e| matches!(&e.event, TraceEvent::ConsumerFailed { consumer, reason, .. } if consumer == "k1" && reason.starts_with("GroupIdNotFoundException"))
    ));
    assert_eq!(holdings(&sim).get("c2").map(Vec::len), Some(4));
}

#[test]
fn a_classic_member_must_share_an_assignor_with_the_classic_members_of_a_consumer_group() {
    let sim = crate::run(
        r#"{"seed": 1, "duration_ms": 20000, "topics": [{"name": "t", "partitions": 2}],
            "groups": [{"group_id": "g", "consumers": [{"id": "c1"}]}],
            "actions": [
              {"at_ms": 8000, "action": "start", "group_id": "g", "id": "k1", "config": {"group.protocol": "consumer"}},
              {"at_ms": 9000, "action": "start", "group_id": "g", "id": "c2", "config": {"partition.assignment.strategy": "roundrobin"}},
              {"at_ms": 9000, "action": "start", "group_id": "g", "id": "c3", "config": {"partition.assignment.strategy": "roundrobin,range"}}]}"#,
        20_000,
    );
    let failed: Vec<&str> = sim
        .trace
        .iter()
        .filter_map(|e| match &e.event {
            TraceEvent::ConsumerFailed { consumer, reason, .. } if reason.starts_with("InconsistentGroupProtocolException") => Some(consumer.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(failed, ["c2"]);
    let coordinator = &sim.world.groups["g"].coordinator;
    assert_eq!(coordinator.protocol_kind, GroupProtocol::Consumer);
    assert_eq!(coordinator.members.values().filter(|m| m.uses_classic).count(), 2, "c1 and c3");
}
