//! Structured fuzzing of every decoder a user or a link reaches (issue 17): scenario JSON (the
//! CLI and the browser's file import), session files, shared-link fragments, and the config
//! properties the inspectors' forms hand to the engine. Inputs are mutated from the bundled
//! scenarios and from valid links; each must end in a clear error (a non-empty message, with
//! the field named where there is one) or in a valid run, and never panic. A bounded number of
//! cases runs in `make test`; `GROUPSCOPE_FUZZ_CASES=20000 cargo test --test it fuzz` runs
//! longer (docs/limits.md records the results). A failure prints its seed.

use groupscope::i18n::Lang;
use groupscope::model::config::ConsumerConfig;
use groupscope::model::config_error::ConfigError;
use groupscope::model::producer_config::ProducerConfig;
use groupscope::model::rng::Rng;
use groupscope::model::scenario::{Scenario, PRESETS};
use groupscope::model::session::Session;
use groupscope::model::sim::Simulation;
use groupscope::share::{decode, export_file, open_file, share, SharedState};
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn cases(default: u64) -> u64 {
    std::env::var("GROUPSCOPE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs `case` for one seed; a panic is reported with the seed that reproduces it.
fn check(what: &str, seed: u64, case: impl FnOnce() + std::panic::UnwindSafe) {
    if let Err(e) = std::panic::catch_unwind(case) {
        let message = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("{what}: seed={seed} panicked: {message}");
    }
}

/// A value that tends to break things: huge, negative, fractional, the wrong type, HTML, deep.
fn nasty(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => json!(u64::MAX),
        1 => json!(-1),
        2 => json!(0),
        3 => json!(1.5),
        4 => json!("<script>alert(1)</script>"),
        5 => json!(""),
        6 => json!(null),
        7 => json!(true),
        8 => json!([]),
        9 => json!({}),
        10 => {
            // Deep nesting (serde_json stops at 128 levels).
            let depth = 1 + rng.below(300) as usize;
            serde_json::from_str(&format!("{}1{}", "[".repeat(depth), "]".repeat(depth))).unwrap_or(json!(1))
        }
        11 => json!(1u64 << (rng.below(63))),
        12 => json!("x".repeat(rng.below(5000) as usize)),
        _ => json!(rng.below(100_000)),
    }
}

/// One random change somewhere in `v`: replace a value, drop a key, add an unknown key,
/// duplicate an array element.
fn mutate(v: &mut Value, rng: &mut Rng) {
    match v {
        Value::Object(map) if !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = keys[rng.below(keys.len() as u64) as usize].clone();
            match rng.below(6) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(format!("{key}_typo"), nasty(rng));
                }
                2 => {
                    map.insert(key, nasty(rng));
                }
                _ => mutate(map.get_mut(&key).unwrap(), rng),
            }
        }
        Value::Array(list) if !list.is_empty() => {
            let i = rng.below(list.len() as u64) as usize;
            match rng.below(5) {
                0 => {
                    list.remove(i);
                }
                1 => {
                    let copy = list[i].clone();
                    list.push(copy);
                }
                _ => mutate(&mut list[i], rng),
            }
        }
        other => *other = nasty(rng),
    }
}

/// A valid run of a scenario that passed validation, bounded in events.
fn run_bounded(scenario: &Scenario) {
    let mut sim = Simulation::new(scenario);
    for _ in 0..3_000 {
        if !sim.step() {
            break;
        }
    }
}

#[test]
fn mutated_scenarios_are_refused_with_their_field_named_or_run() {
    let (mut refused, mut ran) = (0, 0);
    for seed in 0..cases(400) {
        let mut rng = Rng::new(seed);
        let (_, text) = PRESETS[rng.below(PRESETS.len() as u64) as usize];
        let mut value: Value = serde_json::from_str(text).unwrap();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut value, &mut rng);
        }
        let mutated = value.to_string();
        let result = std::panic::catch_unwind(|| Scenario::from_json(&mutated));
        match result {
            Err(_) => panic!("Scenario::from_json: seed={seed} panicked on {mutated:.400}"),
            Ok(Err(e)) => {
                refused += 1;
                assert!(!e.message.is_empty(), "seed={seed}: an empty message");
            }
            Ok(Ok(scenario)) => {
                ran += 1;
                check("a mutated valid scenario's run", seed, || run_bounded(&scenario));
            }
        }
    }
    assert!(
        refused > 0 && ran > 0,
        "the mutations should both break and keep scenarios ({refused} refused, {ran} ran)"
    );
}

#[test]
fn bad_json_text_is_refused_not_panicked_on() {
    let samples = [
        "",
        "{",
        "}",
        "[",
        "null",
        "1",
        "\"x\"",
        "{\"seed\":",
        "{\"seed\":1,}",
        "\u{feff}{}",
        "{\"a\":\"\\ud800\"}",
    ];
    for (i, text) in samples.iter().enumerate() {
        check("Scenario::from_json", i as u64, || {
            assert!(Scenario::from_json(text).is_err());
        });
        check("open_file", i as u64, || {
            assert!(open_file(text).is_err());
        });
    }
    // Random bytes cut out of a real scenario.
    let text = PRESETS[0].1;
    for seed in 0..cases(300) {
        let mut rng = Rng::new(seed);
        let (a, b) = (rng.below(text.len() as u64) as usize, rng.below(text.len() as u64) as usize);
        let (a, b) = (a.min(b), a.max(b));
        if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let cut = format!("{}{}", &text[..a], &text[b..]);
        check("a cut scenario", seed, || {
            let _ = Scenario::from_json(&cut);
        });
    }
}

#[test]
fn mutated_session_files_and_links_open_nothing_half_way() {
    let scenario_text = PRESETS[0].1;
    let scenario = Scenario::from_json(scenario_text).unwrap();
    let group = scenario.groups[0].group_id.clone();
    let mut session = Session::new(&scenario);
    session.run_until(12_000);
    let victim = session.sim.world.consumers.keys().next().unwrap().clone();
    session.act(12_000, groupscope::model::sim::Action::Crash { consumer: victim });
    session.run_until(20_000);
    session.add_consumer(&group, 20_000);
    let file = export_file(&serde_json::from_str(scenario_text).unwrap(), &group, 20_000, &session.actions);
    let state = SharedState {
        preset: PRESETS[0].0.to_string(),
        group,
        at_ms: 20_000,
        actions: session.actions.clone(),
    };
    let fragment = share(&state, &Scenario::from_json(scenario_text).unwrap()).unwrap();
    let mut opened = 0;
    for seed in 0..cases(300) {
        if std::env::var("GROUPSCOPE_FUZZ_TRACE").is_ok() {
            eprintln!("seed {seed}");
        }
        let mut rng = Rng::new(seed);
        let mut value: Value = serde_json::from_str(&file).unwrap();
        mutate(&mut value, &mut rng);
        let text = value.to_string();
        if std::env::var("GROUPSCOPE_FUZZ_TRACE").is_ok() {
            eprintln!("file {:.300}", text.replace(&PRESETS[0].1.replace(['\n', ' '], ""), "<scenario>"));
        }
        check("open_file", seed, || {
            if let Ok(o) = open_file(&text) {
                // A file that opens replays to a valid session.
                let _ = Session::replay(&o.scenario, &o.actions, o.at_ms);
            }
        });
        // A link: its JSON mutated and compressed again, or its text changed.
        let json = lz_str::decompress_from_encoded_uri_component(fragment.split_once('.').unwrap().1)
            .map(|w| String::from_utf16(&w).unwrap())
            .unwrap();
        let mut value: Value = serde_json::from_str(&json).unwrap();
        mutate(&mut value, &mut rng);
        let relinked = format!("1.{}", lz_str::compress_to_encoded_uri_component(value.to_string().as_str()));
        let mut chars: Vec<char> = fragment.chars().collect();
        let at = rng.below(chars.len() as u64) as usize;
        chars[at] = ['A', '-', '+', '$', '%', '<', 'é'][rng.below(7) as usize];
        let garbled: String = chars.into_iter().collect();
        if std::env::var("GROUPSCOPE_FUZZ_TRACE").is_ok() {
            eprintln!("link {}", value);
        }
        for link in [relinked, garbled] {
            check("decode + replay", seed, || {
                if let Ok(s) = decode(&link) {
                    let _ = groupscope::share::replay(&s);
                }
            });
        }
        opened += 1;
    }
    assert!(opened > 0);
}

#[test]
fn inspector_form_values_are_refused_with_a_message_or_accepted() {
    let consumer_props = [
        "session.timeout.ms",
        "heartbeat.interval.ms",
        "max.poll.interval.ms",
        "max.poll.records",
        "enable.auto.commit",
        "auto.commit.interval.ms",
        "partition.assignment.strategy",
        "group.instance.id",
        "group.protocol",
        "fetch.max.wait.ms",
        "isolation.level",
        "auto.offset.reset",
        "no.such.property",
    ];
    let producer_props = [
        "acks",
        "linger.ms",
        "batch.size",
        "enable.idempotence",
        "max.in.flight.requests.per.connection",
        "retries",
        "delivery.timeout.ms",
        "request.timeout.ms",
        "retry.backoff.ms",
        "buffer.memory",
        "compression.type",
        "partitioner.class",
        "no.such.property",
    ];
    for seed in 0..cases(600) {
        let mut rng = Rng::new(seed);
        let mut props = BTreeMap::new();
        for _ in 0..1 + rng.below(3) {
            let names: &[&str] = if seed % 2 == 0 { &consumer_props } else { &producer_props };
            props.insert(names[rng.below(names.len() as u64) as usize].to_string(), nasty(&mut rng));
        }
        check("config from the forms", seed, || {
            let result = if seed % 2 == 0 {
                ConsumerConfig::from_properties(&props).map(|_| ())
            } else {
                ProducerConfig::from_properties(&props).map(|_| ())
            };
            if let Err(e) = result {
                // Worded in both languages, each naming a property when one is at fault.
                for lang in [Lang::Ko, Lang::En] {
                    let message = groupscope::i18n::errors::config_error(&e, lang);
                    assert!(!message.is_empty(), "seed={seed}: an empty message for {props:?}");
                    if let ConfigError::BadValue { name, .. } | ConfigError::Unknown { name, .. } = &e {
                        assert!(message.contains(name.as_str()), "seed={seed}: {message} does not name {name}");
                    }
                }
            }
        });
    }
}
