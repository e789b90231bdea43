//! Links that open an exact state: random action logs on every bundled scenario survive the
//! round trip, and replaying the decoded link rebuilds the very session it came from.

use groupscope::model::rng::Rng;
use groupscope::model::scenario::{CommitMode, Scenario, PRESETS};
use groupscope::model::session::Session;
use groupscope::model::sim::Action;
use groupscope::share::{decode, export_file, open_file, replay, share, FileError, LinkError, SharedState, MAX_LINK_CHARS};

/// A random action on the session's consumers (or its first topic, or a broker).
fn random_action(rng: &mut Rng, session: &Session) -> Action {
    let consumers: Vec<String> = session.sim.world.consumers.keys().cloned().collect();
    let consumer = consumers[rng.below(consumers.len() as u64) as usize].clone();
    match rng.below(10) {
        7 => {
            // A redeployment with new settings, as the property editor makes one.
            let spec = session.sim.world.consumers[&consumer].spec.clone();
            let mut props = std::collections::BTreeMap::new();
            props.insert("session.timeout.ms".to_string(), serde_json::json!((10 + rng.below(50)) * 1000));
            if rng.below(2) == 0 {
                props.insert("group.instance.id".to_string(), serde_json::json!(format!("{consumer}-static")));
            }
            if rng.below(2) == 0 {
                props.insert("partition.assignment.strategy".to_string(), serde_json::json!("cooperative-sticky"));
            }
            let commit = [None, Some(CommitMode::SyncAfterProcessing)][rng.below(2) as usize];
            match spec.with_changes(commit, &props) {
                Ok(next) => Action::Redeploy { consumer: next },
                Err(_) => Action::Crash { consumer },
            }
        }
        8 => Action::ConfigureProducer {
            producer: session.sim.scenario.producers.first().map(|p| p.id.clone()).unwrap_or_default(),
            records_per_sec: Some(1 + rng.below(50) as u32),
            keys: [None, Some(None), Some(Some(vec!["k1".to_string(), "k2".to_string()]))][rng.below(3) as usize].clone(),
            config: Default::default(),
        },
        0 => Action::Crash { consumer },
        1 => Action::Close { consumer },
        2 => Action::Stall {
            consumer,
            for_ms: Some(1_000 + rng.below(20_000)),
        },
        3 => Action::Resume { consumer },
        4 => Action::PauseHeartbeats {
            consumer,
            for_ms: 1_000 + rng.below(15_000),
        },
        5 => Action::Restart {
            consumer,
            down_ms: 500 + rng.below(5_000),
            graceful: rng.below(2) == 0,
        },
        // The UI adds partitions up to the limit, no further.
        _ if session.sim.scenario.topics[0].partitions >= groupscope::model::scenario::MAX_PARTITIONS => Action::Crash { consumer },
        _ => Action::AddPartitions {
            topic: session.sim.scenario.topics[0].name.clone(),
            partitions: (session.sim.scenario.topics[0].partitions + 1 + rng.below(2) as u32).min(groupscope::model::scenario::MAX_PARTITIONS),
        },
    }
}

#[test]
fn random_logs_round_trip_and_replay_to_the_same_state() {
    let cases = 60;
    let (mut shared, mut refused) = (0, 0);
    let mut kinds = std::collections::BTreeSet::new();
    for seed in 0..cases {
        let mut rng = Rng::new(seed);
        let (preset, json) = PRESETS[rng.below(PRESETS.len() as u64) as usize];
        let scenario = Scenario::from_json(json).unwrap();
        let mut session = Session::new(&scenario);
        let end_ms = scenario.duration_ms.min(40_000);
        for _ in 0..rng.below(12) {
            let t = session.sim.now_ms() + rng.below(end_ms / 6 + 1);
            session.run_until(t.min(end_ms));
            if session.sim.world.consumers.is_empty() {
                break;
            }
            let now = session.sim.now_ms();
            if rng.below(8) == 0 {
                // "+ Add consumer": a Start action resolved from the group's members.
                let group = scenario.groups[0].group_id.clone();
                session.add_consumer(&group, now);
            } else {
                let action = random_action(&mut rng, &session);
                session.act(now, action);
            }
        }
        let at_ms = (session.sim.now_ms() + rng.below(5_000)).min(scenario.duration_ms);
        session.seek_ms(at_ms);
        let state = SharedState {
            preset: preset.to_string(),
            group: scenario.groups[rng.below(scenario.groups.len() as u64) as usize].group_id.clone(),
            at_ms,
            actions: session.actions.clone(),
        };
        // The session file holds the same state, for any length of log.
        let file = export_file(&serde_json::from_str(json).unwrap(), &state.group, at_ms, &state.actions);
        let opened = open_file(&file).unwrap_or_else(|e| panic!("seed={seed}: an exported file does not open: {e:?}"));
        assert_eq!(
            (opened.scenario == scenario, &opened.group, opened.at_ms, &opened.actions),
            (true, &state.group, at_ms, &state.actions),
            "seed={seed}"
        );
        let from_file = Session::replay(&opened.scenario, &opened.actions, opened.at_ms);
        assert_eq!(
            from_file.sim.trace_hash(),
            session.sim.trace_hash(),
            "seed={seed}: the file replays another trace"
        );
        match share(&state, &Scenario::preset(&state.preset).unwrap()) {
            Ok(fragment) => {
                shared += 1;
                kinds.extend(
                    state
                        .actions
                        .iter()
                        .map(|a| format!("{:?}", a.action).split([' ', '{']).next().unwrap_or_default().to_string()),
                );
                assert!(fragment.len() + 3 <= MAX_LINK_CHARS, "seed={seed}: a link over the limit was offered");
                let back = decode(&fragment).unwrap_or_else(|e| panic!("seed={seed}: a shared link does not decode: {e:?}"));
                assert_eq!(back, state, "seed={seed}: the link decodes to another state");
                let replayed = replay(&back).unwrap_or_else(|e| panic!("seed={seed}: {e:?}"));
                assert_eq!(replayed.sim.now_ms(), session.sim.now_ms(), "seed={seed}: another moment");
                assert_eq!(
                    replayed.sim.trace_hash(),
                    session.sim.trace_hash(),
                    "seed={seed}: another trace (preset {preset})"
                );
                assert!(replayed.sim.world == session.sim.world, "seed={seed}: another world (preset {preset})");
                // Cutting the link anywhere opens nothing.
                let cut = 2 + rng.below(fragment.len() as u64 - 2) as usize;
                assert!(
                    decode(&fragment[..cut]).is_err() || cut == fragment.len(),
                    "seed={seed}: a link cut at {cut} opened"
                );
            }
            Err(LinkError::TooLong(n)) => {
                refused += 1;
                assert!(n > MAX_LINK_CHARS, "seed={seed}");
            }
            Err(e) => panic!("seed={seed}: {e:?}"),
        }
    }
    for kind in ["Start", "Redeploy", "ConfigureProducer", "Crash", "Stall", "Restart", "AddPartitions"] {
        assert!(kinds.contains(kind), "no shared log held a {kind} action: {kinds:?}");
    }
    assert!(shared >= cases * 3 / 4, "only {shared} of {cases} logs fit a link ({refused} refused)");
}

#[test]
fn a_bad_session_file_names_what_is_wrong() {
    let scenario: serde_json::Value = serde_json::from_str(PRESETS[0].1).unwrap();
    let group = Scenario::from_json(PRESETS[0].1).unwrap().groups[0].group_id.clone();
    let good = export_file(&scenario, &group, 0, &[]);
    let good_value: serde_json::Value = serde_json::from_str(&good).unwrap();
    let with = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good_value.clone();
        v["group"] = serde_json::json!(group);
        edit(&mut v);
        open_file(&v.to_string())
    };
    assert!(with(&|_| {}).is_ok());
    assert!(matches!(open_file("{\"format\":"), Err(FileError::NotJson(_))));
    assert!(matches!(with(&|v| v["version"] = 2.into()), Err(FileError::FutureVersion(2))));
    assert!(matches!(with(&|v| v["format"] = "other".into()), Err(FileError::BadField(m)) if m.to_string().contains("groupscope-session")));
    assert!(matches!(with(&|v| v["extra"] = 1.into()), Err(FileError::BadField(m)) if m.to_string().contains("extra")));
    assert!(matches!(with(&|v| v["at_ms"] = "soon".into()), Err(FileError::BadField(m)) if m.to_string().contains("at_ms")));
    assert!(matches!(with(&|v| v["actions"] = serde_json::json!([[0, 0, "explode"]])), Err(FileError::BadField(m)) if m.to_string().starts_with("actions[0]")));
    assert!(matches!(
        with(&|v| v["group"] = "nope".into()),
        Err(FileError::State(LinkError::UnknownGroup(_)))
    ));
    assert!(matches!(
        with(&|v| v["at_ms"] = u64::MAX.into()),
        Err(FileError::State(LinkError::PastTheEnd { .. }))
    ));
    match with(&|v| v["scenario"]["topics"][0]["partitions"] = "six".into()) {
        Err(FileError::Scenario(e)) => assert_eq!(e.path, "scenario.topics[0].partitions"),
        other => panic!("{other:?}"),
    }
    // Actions no control could make are refused before anything runs.
    let huge = serde_json::json!([[0, 0, "partitions", "orders", 4_000_000_000u64]]);
    assert!(
        matches!(with(&|v| v["actions"] = huge.clone()), Err(FileError::State(LinkError::BadAction(0, m))) if matches!(m, groupscope::model::scenario::ActionError::Partitions { .. }))
    );
    let fast = serde_json::json!([[0, 0, "producer", "p1", 4_000_000_000u64, [], {}]]);
    assert!(
        matches!(with(&|v| v["actions"] = fast.clone()), Err(FileError::State(LinkError::BadAction(0, m))) if matches!(m, groupscope::model::scenario::ActionError::RecordsPerSec { .. }))
    );
    // A plain scenario file opens with no actions, at the start, on its first group.
    let plain = open_file(PRESETS[0].1).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!((plain.actions.len(), plain.at_ms, plain.group), (0, 0, group));
}
