//! Korean as the glossary in `src/i18n/mod.rs` writes it (issue 31): in every Korean line the
//! narration says for every bundled and test scenario, and in every Korean text of every lesson,
//! no English Kafka noun in Korean prose (identifiers such as `session.timeout.ms`,
//! `records-lag-max` or `commitSync()` are not prose), no particle pair like 을(를), and no
//! seconds written " s" with a particle after them.

use groupscope::i18n::{narrate, Lang};
use groupscope::model::scenario::Scenario;
use groupscope::model::sim::Simulation;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Kafka's concepts that Korean prose writes in Hangul (오프셋, 리밸런스, …).
const ENGLISH_NOUNS: [&str; 9] = [
    "offset",
    "rebalance",
    "heartbeat",
    "broker",
    "generation",
    "member id",
    "session timeout",
    "crash",
    "lag",
];
/// Kafka's own names, kept as glosses beside the Korean ("다음 오프셋(log end offset)").
const KAFKA_NAMES: [&str; 3] = ["log end offset", "log start offset", "last stable offset"];
const PAIRS: [&str; 9] = ["(를)", "(을)", "(가)", "(이)", "(는)", "(은)", "(과)", "(와)", "(으)로"];

fn hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// A character that makes a word part of an identifier (`records-lag-max`, `offset.reset`).
fn identifier_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || "._-`=/".contains(c))
}

/// What is wrong with one Korean text.
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    if !hangul(text) {
        return found;
    }
    let mut text = text.to_string();
    for name in KAFKA_NAMES {
        text = text.replace(name, "`name`");
    }
    let text = text.as_str();
    for noun in ENGLISH_NOUNS {
        for (at, _) in text.match_indices(noun) {
            let before = text[..at].chars().last();
            let after = text[at + noun.len()..].chars().next();
            if !identifier_char(before) && !identifier_char(after) {
                found.push(format!("English '{noun}' in Korean prose"));
            }
        }
    }
    for pair in PAIRS {
        if text.contains(pair) {
            found.push(format!("particle pair {pair}"));
        }
    }
    // "3.2 s에": seconds are 초 in Korean.
    let chars: Vec<char> = text.chars().collect();
    for w in chars.windows(4) {
        if w[0].is_ascii_digit() && w[1] == ' ' && w[2] == 's' && hangul(&w[3].to_string()) {
            found.push("seconds written \" s\" before a particle".to_string());
        }
    }
    found
}

fn scenario_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["scenarios", "tests/scenarios"] {
        for entry in std::fs::read_dir(root.join(dir)).expect("scenario folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "json") && !path.ends_with("index.json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_korean_narration_of_every_scenario_follows_the_glossary() {
    let mut bad: BTreeSet<String> = BTreeSet::new();
    let mut lines = 0;
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).expect("scenario file");
        let scenario = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut sim = Simulation::new(&scenario);
        sim.run_until(scenario.duration_ms.min(120_000));
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for entry in sim.trace.iter() {
            let line = narrate(&entry.event, Lang::Ko);
            if seen.insert(line.clone()) {
                lines += 1;
                for problem in problems(&line) {
                    bad.insert(format!("{problem}: {line}"));
                }
            }
        }
    }
    assert!(lines > 1000, "only {lines} distinct lines were read");
    assert!(
        bad.is_empty(),
        "{} Korean narration lines break the glossary:\n{}",
        bad.len(),
        bad.into_iter().collect::<Vec<_>>().join("\n")
    );
}

fn korean_texts(value: &Value, path: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("ko", Value::String(text)) => out.push((path.to_string(), text.clone())),
                    _ => korean_texts(v, &format!("{path}.{key}"), out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                korean_texts(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_lesson_text_in_korean_follows_the_glossary() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static/lessons");
    let mut bad = Vec::new();
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("static/lessons") {
        let path = entry.expect("entry").path();
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("lesson")).expect("lesson JSON");
        korean_texts(&value, &path.file_name().unwrap().to_string_lossy(), &mut texts);
    }
    assert!(texts.len() > 400, "only {} Korean lesson texts", texts.len());
    for (path, text) in &texts {
        for problem in problems(text) {
            bad.push(format!("{path}: {problem}: {text}"));
        }
    }
    bad.sort();
    assert!(bad.is_empty(), "{} Korean lesson texts break the glossary:\n{}", bad.len(), bad.join("\n"));
}

#[test]
fn the_checks_catch_what_they_look_for() {
    assert_eq!(problems("c1의 offset을 커밋합니다").len(), 1);
    assert_eq!(problems("orders-0, orders-1을(를) 받습니다").len(), 1);
    assert_eq!(problems("3.2 s에 처리").len(), 1);
    assert!(problems("session.timeout.ms와 records-lag-max, commitSync()는 식별자입니다").is_empty());
    assert!(problems("c1 crashed").is_empty(), "English text is not checked");
    assert!(problems("다음 오프셋(log end offset)").is_empty(), "Kafka's names as glosses");
}
