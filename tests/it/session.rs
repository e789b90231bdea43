//! Step-back: forward k then back k gives the identical state; replay is exact.

use groupscope::model::scenario::Scenario;
use groupscope::model::session::Session;
use groupscope::model::sim::Action;

#[test]
fn forward_k_back_k_is_identical() {
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(7_000);
    for k in [1u64, 2, 17, 255, 256, 257, 1000] {
        let before = session.sim.state_hash();
        let steps = session.steps();
        for _ in 0..k {
            assert!(session.step_forward());
        }
        let ahead = session.sim.state_hash();
        session.step_back(k);
        assert_eq!(session.steps(), steps);
        assert_eq!(session.sim.state_hash(), before, "back {k} after forward {k}");
        session.go_to_step(steps + k);
        assert_eq!(session.sim.state_hash(), ahead, "forward again {k}");
    }
}

#[test]
fn step_back_replays_user_actions() {
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(10_000);
    let id = session.add_consumer("billing", 10_000);
    session.run_until(12_000);
    session.act(12_000, Action::Crash { consumer: "c2".into() });
    session.run_until(30_000);
    let end_hash = session.sim.state_hash();
    let end_step = session.steps();
    assert!(session.sim.world.consumers.contains_key(&id));
    session.go_to_step(10);
    assert!(!session.sim.world.consumers.contains_key(&id), "before the action, no {id}");
    session.go_to_step(end_step);
    assert_eq!(session.sim.state_hash(), end_hash, "replaying the recorded actions gives the same run");
}

#[test]
fn acting_in_the_past_discards_the_old_future() {
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(8_000);
    session.act(8_000, Action::Crash { consumer: "c1".into() });
    session.run_until(20_000);
    session.step_back(session.steps() - 100);
    session.act(session.sim.now_ms(), Action::Crash { consumer: "c3".into() });
    session.run_until(20_000);
    assert!(session.sim.world.consumers["c1"].is_running(), "the c1 crash belonged to the discarded future");
    assert!(!session.sim.world.consumers["c3"].is_running());
}

#[test]
fn seeking_by_time_matches_running_straight_there() {
    let scenario = Scenario::default_scenario();
    let mut seeking = Session::new(&scenario);
    seeking.run_until(40_000);
    for at_ms in [0u64, 12_345, 39_999, 7_000, 40_000, 25_001, 3] {
        let mut straight = Session::new(&scenario);
        straight.run_until(at_ms);
        seeking.seek_ms(at_ms);
        assert_eq!(seeking.sim.state_hash(), straight.sim.state_hash(), "at {at_ms} ms");
        assert_eq!(seeking.sim.trace.len(), straight.sim.trace.len(), "at {at_ms} ms");
        assert!(seeking.sim.trace.iter().all(|e| e.at_ms <= at_ms));
    }
}

#[test]
fn a_fork_discards_the_future_and_can_be_restored_once() {
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(9_000);
    session.act(9_000, Action::Crash { consumer: "c1".into() });
    session.run_until(30_000);
    let old_branch = session.sim.state_hash();
    let old_step = session.steps();
    // Back to 5 s and act differently: the c1 crash is gone.
    session.seek_ms(5_000);
    assert!(session.fork.is_none(), "looking back alone does not fork");
    session.act(
        5_000,
        Action::Stall {
            consumer: "c2".into(),
            for_ms: Some(3_000),
        },
    );
    let fork = session.fork.as_ref().expect("acting in the past forks");
    assert_eq!(fork.reached_step, old_step);
    session.run_until(30_000);
    assert!(session.sim.world.consumers["c1"].is_running());
    // Restore: the old branch returns exactly, and only once.
    assert!(session.restore_fork());
    assert_eq!(session.steps(), old_step);
    assert_eq!(session.sim.state_hash(), old_branch);
    assert!(!session.sim.world.consumers["c1"].is_running());
    assert!(!session.restore_fork());
}

/// A redeployment closes the process (commit, LeaveGroup) and starts it again with the new
/// settings once it is down; step-back across it replays it exactly.
#[test]
fn redeploy_closes_then_starts_with_new_settings() {
    use groupscope::model::trace::TraceEvent;
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(20_000);
    let old = session.sim.world.consumers["c1"].spec.clone();
    let props = serde_json::from_str(r#"{"partition.assignment.strategy": "cooperative-sticky,range", "session.timeout.ms": 12000}"#).unwrap();
    let new = old.with_changes(None, &props).expect("valid settings");
    session.act(20_000, Action::Redeploy { consumer: new });
    session.run_until(40_000);
    let after: Vec<&TraceEvent> = session.sim.trace.iter().filter(|e| e.at_ms >= 20_000).map(|e| &e.event).collect();
    let redeploying = after
        .iter()
        .position(|e| matches!(e, TraceEvent::ConsumerRedeploying { consumer, changes, .. } if consumer == "c1" && changes.contains(&"partition.assignment.strategy=cooperative-sticky,range".to_string()) && changes.contains(&"session.timeout.ms=12000".to_string())))
        .expect("the redeployment is traced with its changes");
    let closed = after
        .iter()
        .position(|e| matches!(e, TraceEvent::ConsumerClosed { consumer, .. } if consumer == "c1"))
        .expect("c1 closes");
    let left = after
        .iter()
        .position(|e| matches!(e, TraceEvent::RequestSent { consumer, api: groupscope::model::protocol::Api::LeaveGroup, .. } if consumer == "c1"))
        .expect("a dynamic member leaves the group on close");
    let started = after
        .iter()
        .position(|e| matches!(e, TraceEvent::ConsumerStarted { consumer, .. } if consumer == "c1"))
        .expect("c1 starts again");
    assert!(redeploying < left && left <= closed && closed < started);
    let closed_at = session
        .sim
        .trace
        .iter()
        .find(|e| e.at_ms >= 20_000 && matches!(&e.event, TraceEvent::ConsumerClosed { consumer, .. } if consumer == "c1"))
        .unwrap()
        .at_ms;
    let started_at = session
        .sim
        .trace
        .iter()
        .find(|e| e.at_ms >= 20_000 && matches!(&e.event, TraceEvent::ConsumerStarted { consumer, .. } if consumer == "c1"))
        .unwrap()
        .at_ms;
    assert_eq!(started_at, closed_at + groupscope::model::sim::REDEPLOY_DOWN_MS);
    let c1 = &session.sim.world.consumers["c1"];
    assert!(c1.is_running());
    assert_eq!(c1.spec.config.session_timeout_ms, 12_000);
    assert_eq!(
        c1.spec.config.property("partition.assignment.strategy").as_deref(),
        Some("cooperative-sticky,range")
    );
    // Bad settings are refused with a message naming the property; nothing changes.
    let bad = serde_json::from_str(r#"{"session.timeout.ms": 10}"#).unwrap();
    let e = c1.spec.with_changes(None, &bad).unwrap_err().to_string();
    assert!(e.contains("session.timeout.ms"), "{e}");
    // Replay across the redeployment is exact.
    let end = session.sim.state_hash();
    let steps = session.steps();
    session.go_to_step(5);
    session.go_to_step(steps);
    assert_eq!(session.sim.state_hash(), end);
}

/// A producer's new rate and keys apply from the moment of the change.
#[test]
fn producer_reconfiguration_changes_rate_and_keys() {
    use groupscope::model::trace::TraceEvent;
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(10_000);
    session.act(
        10_000,
        Action::ConfigureProducer {
            producer: "p1".into(),
            records_per_sec: Some(2),
            keys: Some(None),
            config: Default::default(),
        },
    );
    session.run_until(20_000);
    let produced: Vec<(u64, Option<String>)> = session
        .sim
        .trace
        .iter()
        // Written 15 ms after send() (linger.ms 5 + one way 10).
        .filter(|e| e.at_ms > 10_015)
        .filter_map(|e| match &e.event {
            TraceEvent::Produced { key, .. } => Some((e.at_ms, key.clone())),
            _ => None,
        })
        .collect();
    // 2 records/s for 10 s; the 20th, sent at 20 000, is not written yet.
    assert_eq!(produced.len(), 19, "{produced:?}");
    assert!(produced.iter().all(|(_, k)| k.is_none()), "key-less from the change on");
    // Sent at 10 500, written after linger.ms (5) and the one-way latency (10).
    assert_eq!(produced[0].0, 10_515);
    session.act(
        20_000,
        Action::ConfigureProducer {
            producer: "p1".into(),
            records_per_sec: Some(0),
            keys: None,
            config: Default::default(),
        },
    );
    let sent = session.sim.world.producers["p1"].sent;
    session.run_until(30_000);
    assert_eq!(session.sim.world.producers["p1"].sent, sent, "rate 0 stops the producer");
}

/// Scrubbing back and forth (forward jumps reuse the branch's kept snapshots) always shows
/// exactly what a fresh run shows at that moment, before and after acting in the past.
#[test]
fn scrubbing_back_and_forth_matches_a_fresh_run() {
    let scenario = Scenario::default_scenario();
    let fresh_at = |actions: &[(u64, Action)], at: u64| {
        let mut s = Session::new(&scenario);
        for (t, a) in actions {
            s.run_until(*t);
            s.act(*t, a.clone());
        }
        s.run_until(at);
        (s.sim.state_hash(), s.sim.trace.len())
    };
    let mut session = Session::new(&scenario);
    session.seek_ms(60_000);
    for at in [5_000u64, 59_000, 20_000, 20_000, 45_000, 1, 60_000, 33_333] {
        session.seek_ms(at);
        assert_eq!((session.sim.state_hash(), session.sim.trace.len()), fresh_at(&[], at), "at {at}");
    }
    // Act in the past at 33.333 s; later snapshots of the old branch must not be reused.
    let crash = Action::Crash { consumer: "c2".into() };
    session.act(33_333, crash.clone());
    session.seek_ms(50_000);
    let acted = [(33_333u64, crash)];
    assert_eq!((session.sim.state_hash(), session.sim.trace.len()), fresh_at(&acted, 50_000));
    session.seek_ms(40_000);
    session.seek_ms(48_000);
    assert_eq!((session.sim.state_hash(), session.sim.trace.len()), fresh_at(&acted, 48_000));
    // Restoring the discarded branch brings back its future.
    assert!(session.restore_fork());
    session.seek_ms(55_000);
    assert_eq!((session.sim.state_hash(), session.sim.trace.len()), fresh_at(&[], 55_000));
}

/// Changing group.protocol by a rolling redeploy (as the UI does): the first member of the new
/// protocol converts the group online, the others follow one by one, and the closing commits
/// mean nothing is processed twice.
#[test]
fn redeploying_every_member_switches_the_group_protocol() {
    use groupscope::model::config::GroupProtocol;
    let mut session = Session::new(&Scenario::default_scenario());
    session.run_until(20_000);
    let props: std::collections::BTreeMap<String, serde_json::Value> = serde_json::from_str(r#"{"group.protocol": "consumer"}"#).unwrap();
    let specs: Vec<_> = session
        .sim
        .running_members("billing")
        .iter()
        .map(|c| c.spec.with_changes(None, &props).expect("valid"))
        .collect();
    assert_eq!(specs.len(), 3);
    for (i, spec) in specs.into_iter().enumerate() {
        session.act(20_000 + 8_000 * i as u64, Action::Redeploy { consumer: spec });
    }
    session.run_until(60_000);
    let converted: Vec<u64> = session
        .sim
        .trace
        .iter()
        .filter(|e| matches!(e.event, groupscope::model::trace::TraceEvent::GroupConverted { .. }))
        .map(|e| e.at_ms)
        .collect();
    assert!(converted.len() == 1 && converted[0] > 20_000 && converted[0] < 28_000, "{converted:?}");
    let group = &session.sim.world.groups["billing"];
    assert_eq!(group.coordinator.protocol_kind, GroupProtocol::Consumer);
    let members = session.sim.running_members("billing");
    assert_eq!(members.len(), 3);
    assert!(members.iter().all(|c| c.group_protocol == GroupProtocol::Consumer && !c.assigned.is_empty()));
    assert_eq!(
        group.ledger.duplicates(),
        0,
        "closing commits; the new members resume from the committed offsets"
    );
}

/// A scenario's configure_producer action: from 3 s a new producer with RoundRobinPartitioner
/// replaces the sticky one; its records then cycle through the partitions.
#[test]
fn configure_producer_switches_the_partitioner_at_a_time() {
    use groupscope::model::trace::TraceEvent;
    let scenario = Scenario::from_json(
        r#"{"seed": 3, "duration_ms": 6000, "topics": [{"name": "t", "partitions": 3}],
            "producers": [{"id": "p", "topic": "t", "records_per_sec": 10}],
            "groups": [],
            "actions": [{"at_ms": 3000, "action": "configure_producer", "producer": "p",
                         "config": {"partitioner.class": "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}]}"#,
    )
    .expect("valid");
    let mut session = Session::new(&scenario);
    session.run_until(6_000);
    let parts = |from: u64, to: u64| -> Vec<u32> {
        session
            .sim
            .trace
            .iter()
            .filter(|e| e.at_ms >= from && e.at_ms < to)
            .filter_map(|e| match &e.event {
                TraceEvent::Produced { tp, .. } => Some(tp.partition),
                _ => None,
            })
            .collect()
    };
    let before = parts(0, 3_000);
    assert!(before.windows(2).all(|w| w[0] == w[1]), "sticky before: {before:?}");
    let after = parts(3_000, 6_000);
    assert_eq!(after[..6], [0, 1, 2, 0, 1, 2], "round-robin after: {after:?}");
    assert!(session.sim.trace.iter().any(|e| matches!(&e.event,
        TraceEvent::ProducerConfigured { config, records_per_sec: 10, .. } if config.iter().any(|c| c.contains("RoundRobinPartitioner")))));
}

/// Random scrubbing over ten minutes: forward jumps to kept snapshots, back again, replays of
/// stretches seen before. The trace on view is always exactly a fresh run's (content, not only
/// length), though the session keeps only the branch's tail beyond the view.
#[test]
fn random_scrubbing_keeps_the_trace_exact() {
    let scenario = Scenario::preset("long-run").unwrap();
    let mut reference = groupscope::model::sim::Simulation::new(&scenario);
    reference.run_until(scenario.duration_ms);
    let mut session = Session::new(&scenario);
    let mut rng = groupscope::model::rng::Rng::new(11);
    for i in 0..40 {
        let at = rng.below(scenario.duration_ms + 1);
        session.seek_ms(at);
        let len = reference.trace.iter().take_while(|e| e.at_ms <= at).count();
        assert_eq!(session.sim.trace.len(), len, "seek {i} to {at}");
        assert!(session.sim.trace.iter().eq(reference.trace.iter().take(len)), "seek {i} to {at}: another trace");
        if i % 7 == 3 {
            session.step_back(1 + rng.below(3000));
            let n = session.sim.trace.len();
            assert!(session.sim.trace.iter().eq(reference.trace.iter().take(n)), "step back after seek {i}");
        }
    }
}

/// The trace budget bounds a session's memory: at it the session stops going forward (run,
/// seek, step and acting all return), what it shows is still exactly a fresh run's, and going
/// back and forward again works as before.
#[test]
fn a_full_trace_stops_the_session_and_keeps_it_exact() {
    let scenario = Scenario::default_scenario();
    let mut reference = groupscope::model::sim::Simulation::new(&scenario);
    reference.run_until(scenario.duration_ms);
    let budget = 3_000;
    assert!(reference.trace.len() > budget + 100, "the scenario writes more than the budget");
    let mut session = Session::new(&scenario).with_trace_budget(budget);
    session.run_until(scenario.duration_ms);
    assert!(session.trace_full());
    let (len, now, steps) = (session.sim.trace.len(), session.sim.now_ms(), session.steps());
    assert!((budget..budget + 50).contains(&len), "stopped at {len} entries");
    assert!(now < scenario.duration_ms);
    assert_eq!(session.end_ms(scenario.duration_ms), now, "a view stops where the history does");
    assert!(session.sim.trace.iter().eq(reference.trace.iter().take(len)));
    assert!(!session.step_forward(), "no step past the budget");
    session.seek_ms(scenario.duration_ms);
    assert_eq!((session.sim.trace.len(), session.steps()), (len, steps), "seeking ahead stays put");
    session.seek_ms(now / 2);
    assert!(!session.trace_full());
    assert_eq!(session.end_ms(scenario.duration_ms), scenario.duration_ms);
    assert!(session.sim.now_ms() <= now / 2);
    session.seek_ms(scenario.duration_ms);
    assert_eq!((session.sim.trace.len(), session.steps()), (len, steps), "forward again to the same stop");
    // Acting at the stop records the action; the session still does not pass the budget.
    let id = session.add_consumer("billing", now);
    session.run_until(scenario.duration_ms);
    assert!(session.trace_full() && session.sim.trace.len() < budget + 50);
    assert!(session
        .actions
        .iter()
        .any(|a| matches!(&a.action, Action::Start { consumer } if consumer.id == id)));
}
