//! The CLI: reports, partition, assign, and clear rejection of bad input (exit 2, no panic).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn cli(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_groupscope-cli"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        // A command refused on its arguments exits without reading stdin: the closed pipe is
        // then expected (its status and stderr say why), not a test failure.
        match child.stdin.take().unwrap().write_all(input.as_bytes()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.unwrap(),
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn write_temp(name: &str, content: &str) -> String {
    let dir = std::env::temp_dir().join(format!("groupscope-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn run_prints_the_report() {
    let path = format!("{}/scenarios/default.json", env!("CARGO_MANIFEST_DIR"));
    let out = cli(&["run", &path, "--until", "60000"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["end_ms"], 60000);
    assert_eq!(report["trace_hash"].as_str().unwrap(), crate::determinism::DEFAULT_HASH_FILE.trim());
    assert_eq!(report["topics"]["orders"]["end_offsets"].as_array().unwrap().len(), 6);
    let group = &report["groups"]["billing"];
    for key in ["processed", "duplicates", "lost", "committed", "lag", "rebalances"] {
        assert!(!group[key].is_null(), "report has groups.billing.{key}");
    }
    let first = &group["rebalances"][0];
    assert_eq!(first["generation"], 1);
    assert_eq!(first["assignment"].as_object().unwrap().len(), 3);
}

#[test]
fn every_scenario_in_the_repository_runs() {
    let dir = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The site's list of presets, not a scenario.
        if path.ends_with("index.json") {
            continue;
        }
        let out = cli(&["run", path.to_str().unwrap()], None);
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn code_prints_a_python_program_for_a_real_cluster() {
    let path = format!("{}/scenarios/default.json", env!("CARGO_MANIFEST_DIR"));
    let out = cli(&["code", "--lang", "python", &path], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let program = String::from_utf8(out.stdout).unwrap();
    assert!(program.starts_with("#!/usr/bin/env python3\n"));
    for needle in [
        "PLAN = _json.loads(",
        "\"group.id\": \"billing\"",
        "\"partitioner\": \"murmur2_random\"",
        "def main():",
    ] {
        assert!(program.contains(needle), "{needle}");
    }
    for (args, needle) in [
        (vec!["code", &path], "--lang python"),
        (vec!["code", "--lang", "java", &path], "--lang java"),
        (vec!["code", "--lang", "python"], "scenario file"),
        (vec!["code", "--lang", "python", "--colour", &path], "unknown option"),
    ] {
        let out = cli(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
    }
}

#[test]
fn bad_scenarios_are_rejected_with_the_field_named() {
    let cases = [
        ("{", "not valid JSON"),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": 3}], "colour": "red"}"#,
            "unknown field `colour`",
        ),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": -3}]}"#,
            "topics[0].partitions",
        ),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": 3}], "groups": [{"group_id": "g", "consumers": [{"id": "c", "config": {"max.poll.records": "many"}}]}]}"#,
            "max.poll.records",
        ),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": 3}], "groups": [{"group_id": "g", "consumers": [{"id": "c", "config": {"fetch.mystery.ms": 1}}]}]}"#,
            "fetch.mystery.ms",
        ),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": 3}], "producers": [{"id": "p", "topic": "nope", "records_per_sec": 1}]}"#,
            "producers[0].topic",
        ),
        (
            r#"{"seed": 1, "duration_ms": 1000, "topics": [{"name": "t", "partitions": 3}], "actions": [{"at_ms": 5, "action": "crash", "group_id": "g", "consumer": "c"}]}"#,
            "actions[0].group_id",
        ),
        (r#"{"seed": 1, "topics": [{"name": "t", "partitions": 3}]}"#, "duration_ms"),
    ];
    for (i, (json, needle)) in cases.iter().enumerate() {
        let path = write_temp(&format!("bad{i}.json"), json);
        let out = cli(&["run", &path], None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i}: {stderr}");
        assert!(stderr.contains(needle), "case {i}: expected '{needle}' in: {stderr}");
        assert!(!stderr.contains("panicked"), "case {i}: {stderr}");
    }
    let out = cli(&["run", "/nonexistent/scenario.json"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&["run"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&["explode"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = cli(&["run", "x.json", "--until", "soon"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--until"));
}

#[test]
fn partition_command() {
    let out = cli(&["partition", "--partitions", "6", "key-0", "foobar"], None);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["keys"][0]["murmur2"], 29210041);
    assert_eq!(v["keys"][0]["partition"], 1);
    assert_eq!(v["keys"][1]["murmur2"], -790332482);
    assert_eq!(v["keys"][1]["partition"], 0);
    assert_eq!(cli(&["partition", "--partitions", "0", "a"], None).status.code(), Some(2));
    assert_eq!(cli(&["partition", "a"], None).status.code(), Some(2));
}

#[test]
fn assign_command_on_a_conformance_case() {
    let case = r#"{"name": "R7", "assignor": "range", "topics": {"topic1": 3, "topic2": 3},
      "members": [{"member_id": "consumer1", "group_instance_id": null, "generation": -1, "topics": ["topic1", "topic2"], "owned": []},
                  {"member_id": "consumer2", "group_instance_id": null, "generation": -1, "topics": ["topic1", "topic2"], "owned": []}]}"#;
    let out = cli(&["assign"], Some(case));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rounds"][0]["assignment"]["consumer1"],
        serde_json::json!(["topic1-0", "topic1-1", "topic2-0", "topic2-1"])
    );
    assert_eq!(v["rounds"][0]["assignment"]["consumer2"], serde_json::json!(["topic1-2", "topic2-2"]));
    let bad = cli(&["assign"], Some(r#"{"assignor": "magic", "topics": {}, "members": []}"#));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("magic"));
    let bad = cli(&["assign"], Some("[]"));
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn assign_command_prints_every_cooperative_round() {
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{}/tests/conformance/assignors.json", env!("CARGO_MANIFEST_DIR"))).unwrap()).unwrap();
    let mut checked = 0;
    for case in data["cases"].as_array().unwrap() {
        let out = cli(&["assign"], Some(&case["case"].to_string()));
        assert!(out.status.success(), "{}: {}", case["case"]["name"], String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rounds = got["rounds"].as_array().unwrap();
        assert_eq!(rounds.len(), case["rounds"].as_array().unwrap().len(), "{}", case["case"]["name"]);
        if case["case"]["assignor"] != "range" {
            assert_eq!(got["rounds"], case["rounds"], "{}", case["case"]["name"]);
        }
        checked += 1;
    }
    assert_eq!(checked, 92);
}

#[test]
fn assign_command_with_racks() {
    let case = r#"{"assignor": "range", "topics": {"t": 4},
      "members": [{"member_id": "a", "topics": ["t"]}, {"member_id": "b", "topics": ["t"]}],
      "racks": {"members": {"a": "r1", "b": "r2"}, "partitions": {"t-0": ["r2"], "t-1": ["r2"], "t-2": ["r1"], "t-3": ["r1"]}}}"#;
    let out = cli(&["assign"], Some(case));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["rounds"][0]["assignment"]["a"],
        serde_json::json!(["t-2", "t-3"]),
        "rack a gets the partitions on its rack"
    );
    // The sticky assignors are rack-aware too: each member gets the partitions on its rack.
    for assignor in ["sticky", "cooperative-sticky"] {
        let out = cli(&["assign"], Some(&case.replace("\"range\"", &format!("\"{assignor}\""))));
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["rounds"][0]["assignment"]["a"], serde_json::json!(["t-2", "t-3"]), "{assignor}");
        assert_eq!(v["rounds"][0]["assignment"]["b"], serde_json::json!(["t-0", "t-1"]), "{assignor}");
    }
    // roundrobin never read racks: the answer is plain roundrobin, with a note saying so.
    let out = cli(&["assign"], Some(&case.replace("\"range\"", "\"roundrobin\"")));
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not use racks"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rounds"][0]["assignment"]["a"], serde_json::json!(["t-0", "t-2"]));
    let bad = cli(
        &["assign"],
        Some(r#"{"assignor": "range", "topics": {}, "members": [], "racks": {"partitions": {"nodash": []}}}"#),
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn bench_assign_runs_every_assignor_and_rejects_bad_sizes() {
    for assignor in ["range", "roundrobin", "sticky", "cooperative-sticky", "uniform", "server-range"] {
        let out = cli(
            &[
                "bench-assign",
                "--assignor",
                assignor,
                "--topics",
                "3",
                "--partitions",
                "4",
                "--consumers",
                "5",
                "--non-equal",
            ],
            None,
        );
        assert!(out.status.success(), "{assignor}: {}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["rounds"].as_array().unwrap().len(), 2);
        assert_eq!(v["rounds"][0]["assigned_partitions"], 12);
    }
    let out = cli(
        &["bench-assign", "--assignor", "range", "--topics", "0", "--partitions", "4", "--consumers", "5"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = cli(
        &["bench-assign", "--assignor", "nope", "--topics", "1", "--partitions", "4", "--consumers", "5"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn compare_runs_lanes_and_names_the_best() {
    let path = format!("{}/scenarios/eager-join.json", env!("CARGO_MANIFEST_DIR"));
    let out = cli(&["compare", &path, "--set", "lane=2 partition.assignment.strategy=cooperative-sticky"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lanes = v["lanes"].as_array().unwrap();
    assert_eq!(lanes.len(), 2);
    assert_eq!(lanes[1]["settings"][0], "partition.assignment.strategy=cooperative-sticky");
    assert!(lanes[1]["pause_total_ms"].as_u64().unwrap() < lanes[0]["pause_total_ms"].as_u64().unwrap());
    assert_eq!(v["best"]["pause_total_ms"], serde_json::json!([2]));
    // Bad input: named, exit status 2.
    let out = cli(&["compare", &path, "--set", "lane=2 colour=red"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lane 2: unknown setting 'colour'"));
    let out = cli(&["compare", &path, "--set", "lane=9 acks=1"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("from 1 to 4"));
}

#[test]
fn compare_runs_a_bundled_comparison() {
    let out = cli(&["compare", "--preset", "commit-timing"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lanes"].as_array().unwrap().len(), 3);
    assert_eq!(v["best"]["duplicates"], serde_json::json!([3]));
    assert_eq!(v["best"]["lost"], serde_json::json!([1, 2]));
    // --set changes a preset lane.
    let out = cli(&["compare", "--preset", "commit-timing", "--set", "lane=3 commit=auto"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["lanes"][2]["duplicates"], v["lanes"][0]["duplicates"]);
    let out = cli(&["compare", "--preset", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("range-vs-roundrobin"));
    let path = format!("{}/scenarios/eager-join.json", env!("CARGO_MANIFEST_DIR"));
    let out = cli(&["compare", &path, "--preset", "commit-timing"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("not both"));
}

#[test]
fn assign_explains_each_round_in_both_languages() {
    let case = r#"{"name": "x", "assignor": "cooperative-sticky", "topics": {"t": 4},
        "members": [{"member_id": "a", "generation": 1, "topics": ["t"], "owned": ["t-0", "t-1", "t-2", "t-3"]},
                    {"member_id": "b", "topics": ["t"]}]}"#;
    let out = cli(&["assign", "--explain", "en"], Some(case));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("round 1") && text.contains("round 2"), "{text}");
    assert!(text.contains("does not get it this round"), "{text}");
    assert!(text.contains("= b: t-2, t-3") || text.contains("= b: t-3, t-2"), "{text}");
    let out = cli(&["assign", "--explain", "ko"], Some(case));
    assert!(String::from_utf8_lossy(&out.stdout).contains("후속 리밸런스"));
    let out = cli(&["assign", "--explain", "fr"], Some(case));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn run_accepts_a_session_file_the_app_exported() {
    use groupscope::model::scenario::Scenario;
    use groupscope::model::session::Session;
    use groupscope::model::sim::Action;
    use groupscope::share::export_file;
    let json = include_str!("../../scenarios/default.json");
    let scenario = Scenario::from_json(json).unwrap();
    // Actions taken in the UI: a crash at 12 s and a new consumer at 30 s.
    let mut session = Session::new(&scenario);
    session.run_until(12_000);
    let victim = session.sim.world.consumers.keys().next().unwrap().clone();
    session.act(12_000, Action::Crash { consumer: victim });
    session.run_until(30_000);
    session.add_consumer(&scenario.groups[0].group_id, 30_000);
    let file = export_file(&serde_json::from_str(json).unwrap(), &scenario.groups[0].group_id, 30_000, &session.actions);
    let path = write_temp("session.json", &file);
    let out = cli(&["run", &path, "--until", "90000"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected = Session::replay_actions(&scenario, &session.actions).sim;
    expected.run_until(90_000);
    let expected = serde_json::to_value(groupscope::study::report::Report::of(&expected, 90_000)).unwrap();
    assert_eq!(report, expected);
    // The crash and the join are in it: the group rebalanced more than the plain run did.
    let plain = cli(
        &["run", &format!("{}/scenarios/default.json", env!("CARGO_MANIFEST_DIR")), "--until", "90000"],
        None,
    );
    assert_ne!(serde_json::from_slice::<serde_json::Value>(&plain.stdout).unwrap(), report);
    // A broken session file is refused with its field named, exit 2.
    let bad = write_temp("bad-session.json", &file.replace("\"at_ms\": 30000", "\"at_ms\": \"later\""));
    let out = cli(&["run", &bad], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("'at_ms'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
