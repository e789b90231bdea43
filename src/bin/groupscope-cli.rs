//! groupscope-cli: the native command line over the same engine as the browser app.
//!
//!   groupscope-cli run SCENARIO.json [--until MS] [--trace]   (a scenario, or a session file the app exported)
//!   groupscope-cli partition --partitions N KEY...
//!   groupscope-cli assign [--explain en|ko] < CASE.json
//!   groupscope-cli compare (SCENARIO.json | --preset ID) --set 'lane=2 name=value' …
//!   groupscope-cli lesson LESSON.json
//!   groupscope-cli code --lang python SCENARIO.json
//!
//! Exit status: 0 success, 2 bad input (with a message naming the problem on stderr).

use groupscope::i18n::{story, Lang};
use groupscope::model::assignor::rack::Racks;
use groupscope::model::assignor::{after_first_member_leaves, large_scale_input, AssignorName, MemberSubscription};
use groupscope::model::murmur2::{murmur2, to_positive};
use groupscope::model::scenario::Scenario;
use groupscope::model::session::Session;
use groupscope::model::sim::Simulation;
use groupscope::study::report::Report;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::process::ExitCode;

const USAGE: &str = "usage:
  groupscope-cli run SCENARIO.json [--until MS] [--trace] [--story en|ko]
      Runs a scenario and prints a JSON report (--trace adds every trace entry; --story prints
      the group-protocol events as narrated sentences instead).
  groupscope-cli compare (SCENARIO.json | --preset ID) --set 'lane=N name=value ...' [--set ...]
      Runs the scenario in 2 to 4 lanes with the same seed and actions, each lane with its
      settings changed (a consumer or producer property for every consumer or producer,
      commit=<mode>, static=on|off, partitions=<count>), and prints each lane's results as JSON:
      records processed (each once), duplicates, lost, rebalances, pause (total and per
      consumer), partitions moved, max lag and time to recover after the first action, and the
      lanes best on each (none when all are equal). --preset runs a bundled comparison
      (range-vs-roundrobin, eager-vs-cooperative, static-vs-dynamic, commit-timing, sync-vs-async-commit,
      classic-vs-kip848); --set then changes its lanes.
  groupscope-cli lesson LESSON.json
      Checks a lesson file (docs/lesson-format.md) and prints, as JSON, when each step begins,
      each checkpoint's answer as the engine computes it, and whether the goal is met from its
      starting knobs (it must not be) and with its solution (it must be).
  groupscope-cli code --lang python SCENARIO.json
      Prints a program (Python, confluent-kafka) that runs the scenario on a real cluster: it
      creates the topics, runs the producers and consumers with their configurations under
      librdkafka's names, takes the scenario's actions at their times and prints one JSON object
      per line. Run it with --bootstrap HOST:PORT (default localhost:9092).
  groupscope-cli partition --partitions N KEY...
      Prints each key's murmur2 (signed) and its partition, as Kafka's default partitioner picks it.
  groupscope-cli assign [--explain en|ko]
      Reads one assignor case (as in assignors.json's \"case\") on stdin and prints every round:
      {\"rounds\": [{\"assignment\": {member: [\"topic-p\", ...]}, \"general_path\": bool}, ...]}.
      Assignors: range, roundrobin, sticky, cooperative-sticky (which prints each follow-up round),
      and the KIP-848 server-side uniform and server-range. An optional \"racks\" section,
      {\"members\": {member: rack}, \"partitions\": {\"topic-p\": [rack, ...]}}, gives the
      members' client.rack and the partitions' replica racks to the rack-aware assignors (range,
      sticky, cooperative-sticky; KIP-881). roundrobin and the server-side assignors ignore it.
      --explain prints, per round, the steps the assignor took (recorded by the same code) as
      numbered sentences in English or Korean, then the assignment.
  groupscope-cli bench-assign --assignor NAME --topics T --partitions P --consumers C [--non-equal] [--rounds 1|2]
      Times Kafka's large-scale assignor test inputs: T topics of P partitions, C consumers all
      subscribed (--non-equal: the last consumer subscribes only to the first topic). Round 2
      removes the first consumer and the others report what they own. Prints JSON with each
      round's wall time in ms and the process's peak memory.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("compare") => compare(&args[1..]),
        Some("partition") => partition(&args[1..]),
        Some("lesson") => lesson(&args[1..]),
        Some("code") => code(&args[1..]),
        Some("assign") => assign(&args[1..]),
        Some("bench-assign") => bench_assign(&args[1..]),
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!(
            "unknown command '{other}'; commands: run, compare, lesson, code, partition, assign, bench-assign\n{USAGE}"
        )),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("groupscope-cli: {message}");
            ExitCode::from(2)
        }
    }
}

/// `lesson FILE`: the plan, the answers and the goal, checked.
fn lesson(args: &[String]) -> Result<(), String> {
    use groupscope::study::lesson::{parse_settings, Lesson};
    let [path] = args else { return Err("lesson takes one lesson file".into()) };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    let loaded = Lesson::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let plan = loaded.plan().map_err(|e| format!("{path}: {e}"))?;
    let start = loaded.try_goal(&loaded.goal_start()).map_err(|e| format!("{path}: goal: {e}"))?;
    let solution = parse_settings(&loaded.lesson.goal.solution).map_err(|e| format!("{path}: goal.solution: {e}"))?;
    let solved = loaded.try_goal(&solution).map_err(|e| format!("{path}: goal.solution: {e}"))?;
    let report = serde_json::json!({
        "id": loaded.lesson.id,
        "steps": plan.starts_ms.iter().zip(&plan.answers).map(|(at, answer)| serde_json::json!({"starts_ms": at, "answer": answer})).collect::<Vec<_>>(),
        "goal": {"met_from_start": start, "met_by_solution": solved},
    });
    println!("{}", serde_json::to_string_pretty(&report).expect("json"));
    if start || !solved {
        return Err(format!("{path}: the goal must fail from its starting knobs and pass with its solution"));
    }
    Ok(())
}

/// `code --lang python FILE`: the scenario as a program for a real cluster.
fn code(args: &[String]) -> Result<(), String> {
    let (mut lang, mut path) = (None, None);
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lang" => {
                lang = Some(args.get(i + 1).ok_or("--lang needs a value: python")?.clone());
                i += 2;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}' for code; options: --lang python")),
            file => {
                take_file(&mut path, file, "code")?;
                i += 1;
            }
        }
    }
    match lang.as_deref() {
        Some("python") => {}
        Some(other) => return Err(format!("--lang {other}: the languages are python")),
        None => return Err("code needs --lang python".into()),
    }
    let scenario = read_scenario(path, "code needs a scenario file")?;
    print!("{}", groupscope::share::program::python_program(&scenario));
    Ok(())
}

fn parse_u64(flag: &str, value: Option<&String>) -> Result<u64, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a value"))?;
    value
        .parse::<u64>()
        .map_err(|_| format!("{flag} expects a non-negative integer, got '{value}'"))
}

/// A command's one scenario file argument.
fn take_file(path: &mut Option<String>, file: &str, command: &str) -> Result<(), String> {
    if path.replace(file.to_string()).is_some() {
        return Err(format!("{command} takes one scenario file"));
    }
    Ok(())
}

/// Reads and validates the scenario file (`missing`: the message when none was given).
fn read_scenario(path: Option<String>, missing: &str) -> Result<Scenario, String> {
    let path = path.ok_or(missing)?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
}

fn compare(args: &[String]) -> Result<(), String> {
    use groupscope::study::compare;
    let mut path = None;
    let mut preset = None;
    let mut lanes = Vec::new();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--set" => {
                let text = args.get(i + 1).ok_or("--set needs 'lane=N name=value ...'")?;
                lanes.push(compare::parse_lane(text)?);
                i += 1;
            }
            "--preset" => {
                let id = args.get(i + 1).ok_or("--preset needs a comparison's id")?;
                let found = compare::COMPARE_PRESETS.iter().find(|p| p.id == id.as_str()).ok_or_else(|| {
                    format!(
                        "no bundled comparison '{id}'; choose one of {}",
                        compare::COMPARE_PRESETS.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")
                    )
                })?;
                preset = Some(found);
                i += 1;
            }
            flag if flag.starts_with("--") => {
                return Err(format!(
                    "unknown option '{flag}' for compare; options: --preset ID, --set 'lane=N name=value ...'"
                ))
            }
            file => take_file(&mut path, file, "compare")?,
        }
        i += 1;
    }
    let scenario = match (preset, path) {
        (Some(_), Some(_)) => return Err("compare takes a scenario file or --preset, not both".to_string()),
        (Some(p), None) => {
            // The preset's lanes first; --set adds to (or changes) them.
            let mut preset_lanes = p.lane_settings()?;
            preset_lanes.append(&mut lanes);
            lanes = preset_lanes;
            p.base()?
        }
        (None, path) => read_scenario(
            path,
            "compare needs a scenario file or --preset: groupscope-cli compare SCENARIO.json --set 'lane=2 ...'",
        )?,
    };
    let results = compare::compare(&scenario, &lanes)?;
    // The lanes with the best value per figure (lowest, except processed: highest); none when
    // every lane has the same value. The same rule as the browser's results table.
    let mut best = serde_json::Map::new();
    for figure in compare::Figure::ALL {
        let cells: Vec<compare::Cell> = results
            .iter()
            .map(|r| compare::Cell {
                value: r.value(figure),
                moment_ms: None,
            })
            .collect();
        let lanes: Vec<usize> = compare::best_lanes(figure, &cells).into_iter().map(|i| results[i].lane).collect();
        best.insert(figure.key().to_string(), serde_json::json!(lanes));
    }
    let out = serde_json::json!({ "lanes": results, "best": best });
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let mut path = None;
    let mut until = None;
    let mut with_trace = false;
    let mut narrate_lang = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--until" => {
                until = Some(parse_u64("--until", args.get(i + 1))?);
                i += 1;
            }
            "--trace" => with_trace = true,
            "--story" => {
                let lang = args.get(i + 1).ok_or("--story needs a language: en or ko")?;
                narrate_lang = Some(match lang.as_str() {
                    "en" => Lang::En,
                    "ko" => Lang::Ko,
                    other => return Err(format!("--story takes en or ko, not '{other}'")),
                });
                i += 1;
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}' for run; options: --until MS, --trace, --story en|ko")),
            file => take_file(&mut path, file, "run")?,
        }
        i += 1;
    }
    // A scenario file, or a session file exported by the app (the scenario plus the actions
    // taken in the UI, each replayed at the step it was taken at).
    let path = path.ok_or("run needs a scenario file: groupscope-cli run SCENARIO.json")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read '{path}': {e}"))?;
    let opened = groupscope::share::open_file(&text).map_err(|e| match e {
        // A plain scenario file: the scenario's own message, as before session files existed.
        groupscope::share::FileError::NotJson(_) => Scenario::from_json(&text)
            .err()
            .map_or_else(|| format!("{path}: not valid JSON"), |se| format!("{path}: {se}")),
        groupscope::share::FileError::Scenario(se) => format!("{path}: {se}"),
        other => format!("{path}: session file: {}", groupscope::i18n::link::file_error_reason(&other, Lang::En)),
    })?;
    let scenario = opened.scenario;
    let end_ms = until.unwrap_or(scenario.duration_ms);
    let mut sim = if opened.actions.is_empty() {
        Simulation::new(&scenario)
    } else {
        Session::replay_actions(&scenario, &opened.actions).sim
    };
    sim.run_until(end_ms);
    if let Some(lang) = narrate_lang {
        print!("{}", story(&sim.trace, lang));
        return Ok(());
    }
    let report = Report::of(&sim, end_ms);
    let mut value = serde_json::to_value(&report).map_err(|e| e.to_string())?;
    if with_trace {
        value["trace"] = serde_json::to_value(&sim.trace).map_err(|e| e.to_string())?;
    }
    println!("{}", serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    Ok(())
}

fn partition(args: &[String]) -> Result<(), String> {
    let mut partitions = None;
    let mut keys = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--partitions" {
            let n = parse_u64("--partitions", args.get(i + 1))?;
            if n == 0 || n > i32::MAX as u64 {
                return Err("--partitions must be from 1 to 2147483647".into());
            }
            partitions = Some(n as u32);
            i += 2;
        } else {
            keys.push(args[i].clone());
            i += 1;
        }
    }
    let partitions = partitions.ok_or("partition needs --partitions N")?;
    if keys.is_empty() {
        return Err("partition needs at least one KEY".into());
    }
    let rows: Vec<serde_json::Value> = keys
        .iter()
        .map(|key| {
            let hash = murmur2(key.as_bytes());
            serde_json::json!({"key": key, "murmur2": hash, "partition": to_positive(hash) % partitions})
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({"partitions": partitions, "keys": rows})).map_err(|e| e.to_string())?
    );
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignCase {
    #[serde(default)]
    name: Option<String>,
    assignor: String,
    topics: BTreeMap<String, u32>,
    members: Vec<MemberSubscription>,
    /// Optional: consumers' client.rack and partitions' replica racks (rack-aware Range).
    #[serde(default)]
    racks: Option<Racks>,
}

fn assign(args: &[String]) -> Result<(), String> {
    let explain = match args {
        [] => None,
        [flag, lang] if flag == "--explain" => Some(Lang::parse(lang).ok_or_else(|| format!("--explain takes en or ko, not '{lang}'"))?),
        [flag] if flag == "--explain" => return Err("--explain takes a language: en or ko".to_string()),
        [extra, ..] => return Err(format!("assign reads its case from stdin; its only option is --explain en|ko (got '{extra}')")),
    };
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read stdin: {e}"))?;
    let case: AssignCase =
        serde_json::from_str(&text).map_err(|e| format!("bad case at `{}`: {e}", groupscope::model::scenario::json_error_path(&text, &e)))?;
    let _ = case.name;
    let assignor = AssignorName::parse(&case.assignor)?;
    let racks = case.racks.unwrap_or_default();
    if racks != Racks::default() && !assignor.rack_aware() {
        eprintln!(
            "note: Kafka's {} assignor does not use racks; the \"racks\" section is ignored (rack-aware: range, sticky, cooperative-sticky)",
            assignor.name()
        );
    }
    if let Some(lang) = explain {
        if racks != Racks::default() {
            return Err("--explain follows the assignors without racks; remove the \"racks\" section".to_string());
        }
        let explanation = groupscope::model::assignor::explain::explain(assignor, &case.topics, &case.members);
        for (r, round) in explanation.rounds.iter().enumerate() {
            println!("round {}{}", r + 1, if round.general_path { " (general path)" } else { "" });
            for (k, step) in round.steps.iter().enumerate() {
                println!("  {:>3}. {}", k + 1, groupscope::i18n::study::step_sentence(step, lang));
            }
            for (member, list) in &round.result {
                println!("  = {member}: {}", list.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "));
            }
        }
        return Ok(());
    }
    let computed = assignor.rounds(&case.topics, &case.members, &racks);
    let rounds: Vec<serde_json::Value> = computed
        .into_iter()
        .map(|(assignment, general_path)| {
            let assignment: BTreeMap<String, Vec<String>> = assignment
                .into_iter()
                .map(|(m, tps)| (m, tps.iter().map(ToString::to_string).collect()))
                .collect();
            serde_json::json!({"assignment": assignment, "general_path": general_path})
        })
        .collect();
    let out = serde_json::json!({"rounds": rounds});
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(())
}

fn bench_assign(args: &[String]) -> Result<(), String> {
    let mut assignor = None;
    let (mut topics, mut partitions, mut consumers, mut rounds) = (None, None, None, 2u64);
    let mut non_equal = false;
    let mut i = 0;
    while i < args.len() {
        let flag = args[i].as_str();
        match flag {
            "--assignor" => {
                assignor = Some(AssignorName::parse(args.get(i + 1).ok_or("--assignor needs a value")?)?);
                i += 1;
            }
            "--topics" => {
                topics = Some(parse_u64(flag, args.get(i + 1))?);
                i += 1;
            }
            "--partitions" => {
                partitions = Some(parse_u64(flag, args.get(i + 1))?);
                i += 1;
            }
            "--consumers" => {
                consumers = Some(parse_u64(flag, args.get(i + 1))?);
                i += 1;
            }
            "--rounds" => {
                rounds = parse_u64(flag, args.get(i + 1))?;
                i += 1;
            }
            "--non-equal" => non_equal = true,
            other => {
                return Err(format!(
                    "unknown option '{other}' for bench-assign; options: --assignor, --topics, --partitions, --consumers, --non-equal, --rounds"
                ))
            }
        }
        i += 1;
    }
    let assignor = assignor.ok_or("bench-assign needs --assignor (range, roundrobin, sticky, cooperative-sticky)")?;
    let (Some(topics), Some(partitions), Some(consumers)) = (topics, partitions, consumers) else {
        return Err("bench-assign needs --topics, --partitions and --consumers".into());
    };
    if !(1..=10_000).contains(&topics) || !(1..=100_000).contains(&partitions) || !(1..=100_000).contains(&consumers) || topics * partitions > 10_000_000 {
        return Err("bench-assign sizes: --topics 1..10000, --partitions 1..100000, --consumers 1..100000, at most 10 000 000 partitions in all".into());
    }
    if !(1..=2).contains(&rounds) {
        return Err("--rounds must be 1 or 2".into());
    }
    let (partition_counts, mut members) = large_scale_input(topics as u32, partitions as u32, consumers as u32, non_equal);
    let mut timings = Vec::new();
    for round in 0..rounds {
        let start = std::time::Instant::now();
        let (assignment, general_path) = assignor.assign_once(&partition_counts, &members);
        let elapsed_ms = start.elapsed().as_secs_f64() * 1000.0;
        let assigned: usize = assignment.values().map(Vec::len).sum();
        timings.push(
            serde_json::json!({"round": round + 1, "ms": (elapsed_ms * 10.0).round() / 10.0, "general_path": general_path, "assigned_partitions": assigned}),
        );
        members = after_first_member_leaves(members, &assignment);
    }
    let out = serde_json::json!({
        "assignor": assignor.name(), "topics": topics, "partitions_per_topic": partitions, "consumers": consumers,
        "non_equal": non_equal, "rounds": timings, "peak_rss_kb": peak_rss_kb(),
    });
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(())
}

/// Peak resident memory of this process (Linux `VmHWM`), if known.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
