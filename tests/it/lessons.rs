//! Every lesson in static/lessons/: it parses, its texts exist in both languages, its steps'
//! triggers fire, every checkpoint's answer is computed by the engine and is one of the
//! choices, and its goal fails from the starting knobs and passes with the solution.

use groupscope::study::lesson::{parse_index, parse_settings, show, Lesson, Loaded};
use serde_json::Value;
use std::path::Path;

fn lessons() -> Vec<(String, Loaded)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/lessons");
    let index = std::fs::read_to_string(dir.join("index.json")).expect("static/lessons/index.json");
    let ids = parse_index(&index).unwrap_or_else(|e| panic!("{e}"));
    assert!(!ids.is_empty(), "the index lists no lesson");
    assert_eq!(ids[0], groupscope::study::lesson::FIRST_LESSON, "a first visit offers the index's first lesson");
    // Every file in the directory is listed, and every listed id has its file.
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("static/lessons")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "index.json")
        .collect();
    files.sort();
    let mut listed: Vec<String> = ids.iter().map(|id| format!("{id}.json")).collect();
    listed.sort();
    assert_eq!(files, listed, "static/lessons/ and index.json disagree");
    ids.into_iter()
        .map(|id| {
            let text = std::fs::read_to_string(dir.join(format!("{id}.json"))).expect("lesson file");
            let loaded = Lesson::from_json(&text).unwrap_or_else(|e| panic!("{id}.json: {e}"));
            assert_eq!(loaded.lesson.id, id, "{id}.json: the id inside differs from the file name");
            (id, loaded)
        })
        .collect()
}

/// Whether the goal is met with each of these values of one knob (the others at their start).
fn goal_met_by_each(loaded: &Loaded, knob: &str, values: &[&str]) -> Vec<bool> {
    values
        .iter()
        .map(|v| {
            loaded
                .try_goal(&[(knob.to_string(), v.to_string())])
                .unwrap_or_else(|e| panic!("{knob}={v}: {e}"))
        })
        .collect()
}

#[test]
fn lessons_are_numbered_in_order() {
    let numbers: Vec<u32> = lessons().iter().map(|(_, l)| l.lesson.number).collect();
    let mut sorted = numbers.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(numbers, sorted, "index.json lists lessons in curriculum order, each number once");
}

#[test]
fn every_checkpoint_is_answered_by_the_engine() {
    for (id, loaded) in lessons() {
        let plan = loaded.plan().unwrap_or_else(|e| panic!("{id}: {e}"));
        let steps = &loaded.lesson.steps;
        assert_eq!(plan.starts_ms.len(), steps.len(), "{id}");
        assert!(plan.starts_ms.windows(2).all(|w| w[0] <= w[1]), "{id}: steps go forward in time");
        let mut checkpoints = 0;
        for (i, (step, answer)) in steps.iter().zip(&plan.answers).enumerate() {
            let Some(p) = &step.predict else { continue };
            checkpoints += 1;
            let answer = answer.as_ref().expect("a checkpoint has an answer");
            let offered: Vec<&Value> = p.choices.iter().map(|c| c.value()).collect();
            assert!(
                offered.iter().any(|v| Loaded::is_right(answer, v)),
                "{id} steps[{i}]: the engine's answer {} is not among the choices {offered:?}",
                show(answer)
            );
            // A checkpoint's trigger plays something: the learner sees the answer happen.
            assert!(step.until.is_some(), "{id} steps[{i}]: a checkpoint plays before its reveal");
        }
        assert!(checkpoints >= 2, "{id}: at least two checkpoints, found {checkpoints}");
    }
}

#[test]
fn every_goal_fails_from_its_start_and_passes_with_its_solution() {
    for (id, loaded) in lessons() {
        let start = loaded.try_goal(&loaded.goal_start()).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(!start, "{id}: the goal is met before the learner changed anything");
        let solution = parse_settings(&loaded.lesson.goal.solution).expect("solution");
        assert!(
            loaded.try_goal(&solution).unwrap_or_else(|e| panic!("{id}: {e}")),
            "{id}: the solution does not reach the goal"
        );
        assert!(!loaded.lesson.goal.hints.is_empty(), "{id}: the goal has hints");
        for s in &solution {
            assert!(
                loaded.lesson.goal.knobs.iter().any(|k| k.name == s.0),
                "{id}: the solution sets '{}', which is no knob",
                s.0
            );
        }
    }
}

#[test]
fn every_text_exists_in_both_languages() {
    // from_json refuses an empty text; here: no Korean text is left in English, and no
    // English text carries Hangul.
    fn hangul(s: &str) -> bool {
        s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
    }
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let (Some(Value::String(ko)), Some(Value::String(en))) = (map.get("ko"), map.get("en")) {
                    if !hangul(ko) || hangul(en) {
                        out.push(format!("{path}: ko={ko:?} en={en:?}"));
                    }
                }
                for (k, v) in map {
                    if k != "scenario" {
                        walk(v, &format!("{path}.{k}"), out);
                    }
                }
            }
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), out)),
            _ => {}
        }
    }
    for (id, loaded) in lessons() {
        let v = serde_json::to_value(&loaded.lesson).expect("json");
        let mut bad = Vec::new();
        walk(&v, &id, &mut bad);
        assert!(
            bad.is_empty(),
            "texts whose Korean is not Korean or whose English is not English:\n{}",
            bad.join("\n")
        );
    }
}

#[test]
fn lesson_six_needs_exactly_as_many_consumers_as_partitions() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "consumer-groups").expect("lesson 6");
    let met: Vec<bool> = (1..=6)
        .map(|n| loaded.try_goal(&[("consumers".into(), n.to_string())]).expect("runs"))
        .collect();
    assert_eq!(met, [false, false, false, true, false, false], "too few fall behind, too many sit idle");
}

#[test]
fn the_documented_example_is_a_valid_lesson() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/lesson-format.md")).expect("docs/lesson-format.md");
    let from = doc.find("## A whole lesson").expect("the example section");
    let block = &doc[from..];
    let start = block.find("```json\n").expect("a json block") + "```json\n".len();
    let text = &block[start..start + block[start..].find("```").expect("its end")];
    let loaded = Lesson::from_json(text).unwrap_or_else(|e| panic!("the documented example: {e}"));
    let plan = loaded.plan().expect("it plans");
    assert_eq!(plan.answers[1], Some(Value::from(1)), "c2 gets one of two partitions");
    assert!(!loaded.try_goal(&loaded.goal_start()).unwrap() && loaded.try_goal(&parse_settings(&loaded.lesson.goal.solution).unwrap()).unwrap());
}

/// A `delta` answer is how much its query grew between the step's start and its end, each read
/// off a fresh session at that moment (the plan once read "before" after playing forward).
#[test]
fn delta_answers_are_measured_from_the_steps_start() {
    use groupscope::model::session::Session;
    for (id, loaded) in lessons() {
        let plan = loaded.plan().unwrap_or_else(|e| panic!("{id}: {e}"));
        for (i, step) in loaded.lesson.steps.iter().enumerate() {
            let Some(p) = step.predict.as_ref().filter(|p| p.delta) else { continue };
            let at = |ms: u64| {
                let mut session = Session::new(&loaded.scenario);
                session.run_until(ms);
                p.answer.eval(&session.sim, loaded.step_group(i)).as_u64().expect("a number")
            };
            let grew = at(plan.ends_ms[i]) - at(plan.starts_ms[i]);
            assert_eq!(plan.answers[i], Some(Value::from(grew)), "{id} step {i}");
        }
    }
}

#[test]
fn lesson_seven_gc_pause_costs_two_rebalances_and_each_setting_alone_fails() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "heartbeats").expect("lesson 7");
    let plan = loaded.plan().expect("plans");
    // Removed after the session timeout, then a rejoin once the process runs again.
    assert_eq!(plan.answers[4], Some(Value::from(2)));
    // A stall past max.poll.interval.ms in the middle of a record: the member leaves, and the
    // commitSync() after the record fails (CommitFailedException).
    assert_eq!(plan.answers[5], Some(Value::from(1)));
    assert_eq!(plan.answers[6], Some(Value::from(1)));
    {
        // That failure is the client's own (ConsumerCoordinator.sendOffsetCommitRequest): no
        // request is sent and no broker error code is involved.
        use groupscope::model::trace::TraceEvent as E;
        let mut session = groupscope::model::session::Session::new(&loaded.scenario);
        session.run_until(plan.starts_ms[7]);
        let failed: Vec<_> = session
            .sim
            .trace
            .iter()
            .filter_map(|e| match &e.event {
                E::CommitFailed { consumer, error, .. } if consumer == "c1" => Some((e.at_ms, *error)),
                _ => None,
            })
            .collect();
        assert!(failed.iter().any(|(_, error)| error.is_none()), "a local CommitFailedException: {failed:?}");
        let (at, _) = failed.iter().find(|(_, error)| error.is_none()).copied().expect("local failure");
        assert!(
            !session
                .sim
                .trace
                .iter()
                .any(|e| e.at_ms == at && matches!(&e.event, E::CommitSent { consumer, .. } if consumer == "c1")),
            "no OffsetCommit is sent for it"
        );
    }
    // The coordinator's broker dies: the next replica of __consumer_offsets partition 3 loads
    // the group 9 s later (broker.session.timeout.ms); no rebalance, commitSync() waits.
    assert_eq!(plan.answers[7], Some(Value::from(0)));
    let mut session = groupscope::model::session::Session::new(&loaded.scenario);
    session.run_until(plan.starts_ms[8]);
    let trace: Vec<&groupscope::model::trace::TraceEvent> = session.sim.trace.iter().map(|e| &e.event).collect();
    use groupscope::model::trace::TraceEvent as E;
    assert!(trace.iter().any(|e| matches!(
        e,
        E::CoordinatorMoved {
            offsets_partition: 3,
            from: 0,
            to: 1,
            ..
        }
    )));
    assert!(trace.iter().any(|e| matches!(e, E::CoordinatorUnknown { consumer, .. } if consumer == "c1")));
    assert_eq!(session.sim.world.groups["g"].coordinator.broker, 1);
    let blocked = session
        .sim
        .trace
        .iter()
        .filter(|e| (203_300..212_000).contains(&e.at_ms))
        .filter(|e| matches!(&e.event, E::Processed { consumer, .. } if consumer == "c1"))
        .count();
    assert_eq!(blocked, 0, "c1's commitSync() waits for the new coordinator");
    let settings = |s: &str, m: &str| {
        vec![
            ("session.timeout.ms".to_string(), s.to_string()),
            ("max.poll.interval.ms".to_string(), m.to_string()),
        ]
    };
    let met: Vec<bool> = [("10000", "30000"), ("45000", "30000"), ("10000", "300000"), ("45000", "300000")]
        .iter()
        .map(|(s, m)| loaded.try_goal(&settings(s, m)).expect("runs"))
        .collect();
    assert_eq!(met, [false, false, false, true]);
}

#[test]
fn lesson_eight_only_the_cooperative_protocol_keeps_the_group_working() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "rebalance").expect("lesson 8");
    let plan = loaded.plan().expect("plans");
    // The first member to join leads; `sum` over a list field adds up its lengths.
    assert_eq!(plan.answers[1], Some(Value::from("c1")));
    // Eager: c1 gives up all three partitions, and processes nothing while c2 is away.
    assert_eq!(plan.answers[2], Some(Value::from(3)));
    assert_eq!(plan.answers[4], Some(Value::from(0)));
    let met = goal_met_by_each(
        &loaded,
        "partition.assignment.strategy",
        &["range, cooperative-sticky", "roundrobin", "sticky", "cooperative-sticky"],
    );
    assert_eq!(met, [false, false, false, true]);
}

#[test]
fn lesson_nine_only_range_keeps_same_numbered_partitions_together() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "assignors").expect("lesson 9");
    assert_eq!(loaded.goal_group_id, "join", "the goal's own scenario has no group 'range'");
    let plan = loaded.plan().expect("plans");
    // Steps read their own group: roundrobin reshuffles, sticky keeps, cooperative revokes one.
    assert_eq!(plan.answers[2], Some(Value::from("rr1")));
    assert_eq!(plan.answers[3], Some(Value::from("s3")));
    assert_eq!(plan.answers[4], Some(Value::from(1)));
    let met = goal_met_by_each(
        &loaded,
        "partition.assignment.strategy",
        &["roundrobin", "range", "sticky", "cooperative-sticky", "range, cooperative-sticky"],
    );
    assert_eq!(met, [false, true, false, false, true]);
}

#[test]
fn lesson_ten_a_restart_keeps_its_slot_only_when_static_and_back_within_the_session_timeout() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "static-membership").expect("lesson 10");
    let plan = loaded.plan().expect("plans");
    // A graceful restart of a dynamic member: LeaveGroup, then a new member's join.
    assert_eq!(plan.answers[1], Some(Value::from(2)));
    // The static member's restart: no rebalance, the generation stays.
    assert_eq!(plan.answers[2], Some(Value::from(0)));
    assert_eq!(plan.answers[3], Some(Value::from(1)));
    let mut met = Vec::new();
    for on in ["off", "on"] {
        for timeout in ["10000", "45000", "90000"] {
            let settings = [("static".to_string(), on.to_string()), ("session.timeout.ms".to_string(), timeout.to_string())];
            met.push(loaded.try_goal(&settings).expect("runs"));
        }
    }
    assert_eq!(
        met,
        [false, false, false, false, false, true],
        "down for 60 s: only static members with a 90 s session keep their slot"
    );
}

#[test]
fn lesson_eleven_commit_timing_decides_between_duplicates_and_loss() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "commits").expect("lesson 11");
    let plan = loaded.plan().expect("plans");
    // The same crash mid-batch: after processing duplicates, before processing loses.
    assert_eq!(plan.answers[1], Some(Value::from(36)));
    assert_eq!(plan.answers[2], Some(Value::from(45)));
    // Auto-commit: what was processed since the last auto-commit.
    assert_eq!(plan.answers[3], Some(Value::from(12)));
    // A new group without auto.offset.reset starts at the end.
    assert_eq!(plan.answers[4], Some(Value::from("latest")));
    // commitAsync()'s callback retries a timed-out commit after newer ones: w2 reprocesses.
    assert_eq!(plan.answers[6], Some(Value::from(112)));
    let met = goal_met_by_each(
        &loaded,
        "commit",
        &[
            "auto",
            "sync-after-processing",
            "async-after-processing",
            "sync-before-processing",
            "sync-per-record",
        ],
    );
    assert_eq!(met, [false, false, false, false, true]);
}

#[test]
fn lesson_five_numbers_in_its_text_are_the_engines() {
    use groupscope::model::session::Session;
    use groupscope::study::lesson::Query;
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "consumer-basics").expect("lesson 5");
    let plan = loaded.plan().expect("plans");
    // Step 3 says: position 124, committed 77, records-lag 0 on orders-0 (recorded when poll()
    // last returned its records, against that response's HW 124), lag now 27, at the step's start.
    let mut session = Session::new(&loaded.scenario);
    session.run_until(plan.starts_ms[2]);
    let read = |json: &str| {
        let q: Query = serde_json::from_str(json).expect("a query");
        q.eval(&session.sim, "g")
    };
    assert_eq!(read(r#"{"q": "position", "consumer": "c1", "tp": "orders-0"}"#), Value::from(124));
    assert_eq!(read(r#"{"q": "committed", "tp": "orders-0"}"#), Value::from(77));
    assert_eq!(read(r#"{"q": "records_lag", "consumer": "c1", "tp": "orders-0"}"#), Value::from(0));
    assert_eq!(read(r#"{"q": "lag_now", "consumer": "c1"}"#), Value::from(27));
    // Lag now uses the HW of c1's last fetch response (151); one record was written since,
    // so the HW is 152 and LAG = 152 − 77 = 75 (the step's text and explanation say so).
    let tp = groupscope::model::nouns::TopicPartition::new("orders", 0);
    assert_eq!(session.sim.world.consumers["c1"].high_watermarks.get(&tp), Some(&151));
    assert_eq!(session.sim.group_lag("g", &tp), Some(75));
    // …and kafka-consumer-groups' LAG (HW − committed) is larger.
    assert_eq!(plan.answers[2], Some(Value::from(75)));
    assert_eq!(plan.answers[3], Some(Value::from("committed")));
    let met: Vec<bool> = (1..=3)
        .map(|n| loaded.try_goal(&[("consumers".to_string(), n.to_string())]).expect("runs"))
        .collect();
    assert_eq!(met, [false, true, true], "one consumer falls behind; two keep up, a third idles");
    // Step 5's explanation: records-lag-max read 0 throughout (every poll() returned whole
    // fetch responses), though the lag now reached 27 and more.
    let mut session = Session::new(&loaded.scenario);
    let (mut t, mut lag_now_max) = (0, 0);
    while t <= plan.starts_ms[5] {
        session.run_until(t);
        let c1 = &session.sim.world.consumers["c1"];
        assert_eq!(c1.records_lag_max(t).unwrap_or(0), 0, "at {t}");
        lag_now_max = lag_now_max.max(c1.lag_now().unwrap_or(0));
        t += 250;
    }
    assert!(lag_now_max >= 27, "{lag_now_max}");
    assert_eq!(plan.answers[4], Some(Value::from(0)), "c1 has caught up by 55 s");
    // Step 6: c2 (fetch.min.bytes 600) gets a response each fetch.max.wait.ms, c1 (1) one per record.
    assert_eq!(plan.answers[5], Some(Value::from(10)));
    let mut session = Session::new(&loaded.scenario);
    session.run_until(plan.starts_ms[6]);
    let responses = |consumer: &str| {
        session
            .sim
            .trace
            .iter()
            .filter(|e| (plan.starts_ms[5]..plan.starts_ms[6]).contains(&e.at_ms))
            .filter(|e| matches!(&e.event, groupscope::model::trace::TraceEvent::FetchReceived { consumer: c, .. } if c == consumer))
            .count()
    };
    assert_eq!((responses("c1"), responses("c2")), (40, 10));
}

#[test]
fn lesson_two_keys_follow_murmur2_until_the_topic_grows() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "partitioning").expect("lesson 2");
    let plan = loaded.plan().expect("plans");
    assert_eq!(plan.answers[0], Some(Value::from(1)), "murmur2(a) mod 3");
    assert_eq!(plan.answers[1], Some(Value::from(2)), "a named partition wins over the key");
    // One-record batches are never full: the sticky partition changes at 2 × batch.size.
    assert_eq!(plan.answers[2], Some(Value::from(2)));
    assert_eq!(plan.answers[3], Some(Value::from(2)), "f and a move at 6 partitions, b stays");
    assert_eq!(
        plan.answers[4],
        Some(Value::from("none")),
        "no one reads a new partition before the metadata refresh"
    );
    // c1's metadata.max.age.ms is 25 s in this lesson: its refresh at 50 s sees 6 partitions,
    // the leader asks for a rebalance, and c1 reads orders-3 by 55 s (the third trigger).
    assert_eq!(plan.answers[5], Some(Value::from("c1")), "the partition count change triggers a rebalance");
    let met = goal_met_by_each(&loaded, "batch.size", &["65536", "16384", "4096"]);
    assert_eq!(met, [false, false, true]);
}

#[test]
fn lesson_four_acks_all_waits_for_the_whole_isr_and_min_insync_refuses() {
    use groupscope::model::session::Session;
    use groupscope::model::trace::TraceEvent;
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "acks-isr").expect("lesson 4");
    let plan = loaded.plan().expect("plans");
    // acks=1 turns idempotence off: none of quick's retries is recognised…
    assert_eq!(plan.answers[1], Some(Value::from(0)));
    // …while safe's five are, and quick's five are written a second time.
    let mut session = Session::new(&loaded.scenario);
    session.run_until(plan.ends_ms[1]);
    let count = |f: &dyn Fn(&TraceEvent) -> bool| session.sim.trace.iter().filter(|e| f(&e.event)).count();
    assert_eq!(
        count(&|e| matches!(e, TraceEvent::DuplicateBatchIgnored { producer, .. } if producer == "safe")),
        5
    );
    assert_eq!(
        count(&|e| matches!(e, TraceEvent::BatchAcked { producer, attempt: 2, .. } if producer == "quick")),
        5
    );
    // A lagging follower still in the ISR holds every acks=all batch; after it leaves, acks resume.
    assert_eq!(plan.answers[2], Some(Value::from(0)));
    assert_eq!(plan.answers[3], Some(Value::from(54)));
    assert_eq!(plan.answers[4], Some(Value::from(8)), "NOT_ENOUGH_REPLICAS with the leader alone");
    assert_eq!(
        plan.answers[5],
        Some(Value::from(1)),
        "acks=0: the record on its way to the dead broker is gone, unnoticed"
    );
    let met = goal_met_by_each(&loaded, "min.insync.replicas", &["3", "2", "1"]);
    assert_eq!(met, [false, true, true]);
}

#[test]
fn lesson_one_offsets_count_per_partition_and_reading_deletes_nothing() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "topics-offsets").expect("lesson 1");
    let plan = loaded.plan().expect("plans");
    assert_eq!(plan.answers[1], Some(Value::from(10)), "one record a second per partition");
    assert_eq!(plan.answers[2], Some(Value::from(0)), "a second group starts at offset 0");
    assert_eq!(plan.answers[3], Some(Value::from(90)), "and reads everything written since 0 s");
    let met = goal_met_by_each(&loaded, "auto.offset.reset", &["latest", "earliest"]);
    assert_eq!(met, [false, true]);
}

#[test]
fn lesson_three_linger_and_batch_size_shape_batches() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "producer-internals").expect("lesson 3");
    let plan = loaded.plan().expect("plans");
    // Batches a second: linger.ms 5 ms at one record per 10 ms, linger.ms 100 ms, full 4 KB
    // batches at 500 records of 400 bytes a second, the same with lz4 (37 %: about 2.7 times
    // the records a batch); records a second of send().get() at a 20 ms round trip.
    assert_eq!(
        plan.answers[1..6],
        [
            Some(Value::from(100)),
            Some(Value::from(10)),
            Some(Value::from(55)),
            Some(Value::from(20)),
            Some(Value::from(40))
        ]
    );
    assert_eq!(
        plan.answers[6],
        Some(Value::from(4)),
        "the sender drains one batch per partition for broker 0: 3 ride along"
    );
    assert_eq!(plan.answers[7], Some(Value::from(2)), "send() blocks max.block.ms, then throws, twice by 15 s");
    let met = goal_met_by_each(&loaded, "batch.size", &["4096", "16384", "65536"]);
    assert_eq!(met, [false, false, true]);
}

#[test]
fn lesson_twelve_processing_repeats_but_read_committed_sees_each_output_once() {
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "transactions").expect("lesson 12");
    let plan = loaded.plan().expect("plans");
    assert_eq!(plan.answers[1], Some(Value::from(4)), "the aborted batch is processed again");
    assert_eq!(plan.answers[2], Some(Value::from(4)), "read_uncommitted reads the aborted outputs too");
    assert_eq!(plan.answers[3], Some(Value::from(0)), "read_committed reads each output once");
    // slow leaves a transaction open past transaction.timeout.ms (5 s): the coordinator's next
    // check (every 10 s) aborts it; nothing is received again (seed-coverage item 116).
    assert_eq!(plan.answers[4], Some(Value::from(1)), "the coordinator aborts the open transaction");
    assert_eq!(plan.starts_ms[4], 28_000);
    let met = goal_met_by_each(&loaded, "isolation.level", &["read_uncommitted", "read_committed"]);
    assert_eq!(met, [false, true]);
}

#[test]
fn lesson_thirteen_the_new_protocol_has_no_leader_and_no_barrier() {
    use groupscope::model::session::Session;
    use groupscope::model::trace::TraceEvent;
    let (_, loaded) = lessons().into_iter().find(|(id, _)| id == "kip848").expect("lesson 13");
    let plan = loaded.plan().expect("plans");
    assert_eq!(plan.answers[0], Some(Value::from("none")));
    assert_eq!(plan.answers[2], Some(Value::from(0)), "classic: c1 waits out the eager rebalance");
    assert_eq!(plan.answers[4], Some(Value::from(166)), "modern: k1 keeps processing");
    // The text says k1 gives up nothing in the modern group's rebalance, and k2 only orders-3.
    let mut session = Session::new(&loaded.scenario);
    session.run_until(plan.ends_ms[4]);
    let revoked = |who: &str| -> Vec<String> {
        session
            .sim
            .trace
            .iter()
            .filter(|e| e.at_ms >= 30_000)
            .filter_map(|e| match &e.event {
                TraceEvent::PartitionsRevoked { consumer, partitions, .. } if consumer == who => {
                    Some(partitions.iter().map(|p| p.to_string()).collect::<Vec<_>>())
                }
                _ => None,
            })
            .flatten()
            .collect()
    };
    assert_eq!(revoked("k1"), Vec::<String>::new());
    assert_eq!(revoked("k2"), ["orders-3"]);
    let met = goal_met_by_each(&loaded, "group.protocol", &["classic", "consumer"]);
    assert_eq!(met, [false, true]);
}
