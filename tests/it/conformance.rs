//! Kafka's own expected outputs: murmur2 vectors and the Range assignor cases.

use groupscope::model::assignor::{range, MemberSubscription};
use groupscope::model::murmur2::{murmur2, partition_for_key};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/conformance/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// One parsed conformance case.
struct Case {
    name: String,
    assignor: String,
    topics: BTreeMap<String, u32>,
    members: Vec<MemberSubscription>,
    rounds: Vec<Value>,
}

/// The conformance cases of the given assignors: the shared cases (`assignors.json`) and the
/// list-order cases generated from Kafka's classes for issue 18 (`sticky-order.json`).
fn cases(assignors: &[&str]) -> Vec<Case> {
    ["assignors.json", "sticky-order.json"]
        .iter()
        .flat_map(|file| load(file)["cases"].as_array().unwrap().clone())
        .filter(|c| assignors.contains(&c["case"]["assignor"].as_str().unwrap()))
        .map(|c| {
            let input = &c["case"];
            Case {
                name: input["name"].as_str().unwrap().to_string(),
                assignor: input["assignor"].as_str().unwrap().to_string(),
                topics: serde_json::from_value(input["topics"].clone()).unwrap(),
                members: serde_json::from_value(input["members"].clone()).unwrap(),
                rounds: c["rounds"].as_array().unwrap().clone(),
            }
        })
        .collect()
}

#[test]
fn vendored_copies_match_shared_originals() {
    for name in ["murmur2.json", "assignors.json"] {
        let shared = format!("{}/../shared/conformance/{name}", env!("CARGO_MANIFEST_DIR"));
        if let Ok(original) = std::fs::read(&shared) {
            let copy = std::fs::read(format!("{}/tests/conformance/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            assert!(original == copy, "tests/conformance/{name} differs from {shared}: copy it again");
        }
    }
}

#[test]
fn every_murmur2_vector() {
    let data = load("murmur2.json");
    let vectors = data["vectors"].as_array().unwrap();
    assert!(vectors.len() >= 15);
    let mut checked = 0;
    for v in vectors {
        let key = hex(v["key_hex"].as_str().unwrap());
        let expected = v["murmur2_signed"].as_i64().unwrap() as i32;
        assert_eq!(murmur2(&key), expected, "murmur2 of {:?}", v["key_hex"]);
        for (n, p) in v["partition"].as_object().unwrap() {
            let n: u32 = n.parse().unwrap();
            assert_eq!(
                partition_for_key(&key, n) as u64,
                p.as_u64().unwrap(),
                "key {:?} over {n} partitions",
                v["key_hex"]
            );
            checked += 1;
        }
    }
    assert!(checked > 100);
}

#[test]
fn every_range_case() {
    let all = cases(&["range"]);
    for Case {
        name, topics, members, rounds, ..
    } in &all
    {
        let got = range::assign(topics, members);
        let expected = rounds[0]["assignment"].as_object().unwrap();
        assert_eq!(got.len(), expected.len(), "{name}: member count");
        for (member, list) in expected {
            let want: BTreeSet<String> = list.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
            let have: BTreeSet<String> = got[member].iter().map(ToString::to_string).collect();
            assert_eq!(have, want, "{name}: {member}");
        }
    }
    assert_eq!(all.len(), 19, "all Range cases ran");
}

#[test]
fn every_roundrobin_case_in_exact_order() {
    use groupscope::model::assignor::roundrobin;
    let all = cases(&["roundrobin"]);
    for Case {
        name, topics, members, rounds, ..
    } in &all
    {
        let got = roundrobin::assign(topics, members);
        let want: BTreeMap<String, Vec<String>> = serde_json::from_value(rounds[0]["assignment"].clone()).unwrap();
        let have: BTreeMap<String, Vec<String>> = got.iter().map(|(m, l)| (m.clone(), l.iter().map(ToString::to_string).collect())).collect();
        assert_eq!(have, want, "{name}");
    }
    assert_eq!(all.len(), 15, "all RoundRobin cases ran");
}

/// Sticky and cooperative-sticky: every round, exact list order, and the path Kafka took.
#[test]
fn every_sticky_and_cooperative_case() {
    use groupscope::model::assignor::{rack::Racks, AssignorName};
    let mut failures = Vec::new();
    let all = cases(&["sticky", "cooperative-sticky"]);
    for Case {
        name,
        assignor,
        topics,
        members,
        rounds: expected,
    } in &all
    {
        let rounds = AssignorName::parse(assignor).unwrap().rounds(topics, members, &Racks::default());
        if rounds.len() != expected.len() {
            failures.push(format!("{name}: {} rounds, expected {}", rounds.len(), expected.len()));
            continue;
        }
        for (k, ((got, general), want)) in rounds.iter().zip(expected).enumerate() {
            if *general != want["general_path"].as_bool().unwrap() {
                failures.push(format!("{name} round {k}: general_path {general}"));
            }
            let want: BTreeMap<String, Vec<String>> = serde_json::from_value(want["assignment"].clone()).unwrap();
            let have: BTreeMap<String, Vec<String>> = got.iter().map(|(m, l)| (m.clone(), l.iter().map(ToString::to_string).collect())).collect();
            if have != want {
                failures.push(format!("{name} round {k}:\n  got  {have:?}\n  want {want:?}"));
            }
        }
    }
    assert_eq!(all.len(), 68, "all sticky and cooperative-sticky cases ran");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The assignor explainer: replaying each round's recorded steps from empty lists rebuilds
/// Kafka's expected answer exactly (list order included) on every conformance case, round by
/// round for cooperative-sticky; and every round recorded at least one step that placed a
/// partition or said why nothing moved.
#[test]
fn explainer_replays_to_every_conformance_answer() {
    use groupscope::model::assignor::explain::explain;
    use groupscope::model::assignor::AssignorName;
    let all = cases(&["range", "roundrobin", "sticky", "cooperative-sticky"]);
    let mut failures = Vec::new();
    for Case {
        name,
        assignor,
        topics,
        members,
        rounds,
    } in &all
    {
        let explanation = explain(AssignorName::parse(assignor).unwrap(), topics, members);
        if explanation.rounds.len() != rounds.len() {
            failures.push(format!("{name}: {} rounds explained, expected {}", explanation.rounds.len(), rounds.len()));
            continue;
        }
        for (k, (round, want)) in explanation.rounds.iter().zip(rounds).enumerate() {
            let want: BTreeMap<String, Vec<String>> = serde_json::from_value(want["assignment"].clone()).unwrap();
            let state = round.state_after(round.steps.len());
            let mut have: BTreeMap<String, Vec<String>> = state.iter().map(|(m, l)| (m.clone(), l.iter().map(ToString::to_string).collect())).collect();
            if assignor == "range" {
                // Range's answer is compared as sets (Kafka's test does the same).
                for list in have.values_mut() {
                    list.sort();
                }
                let mut want = want.clone();
                for list in want.values_mut() {
                    list.sort();
                }
                if have != want {
                    failures.push(format!("{name} round {k}:\n  replayed {have:?}\n  want     {want:?}"));
                }
            } else if have != want {
                failures.push(format!("{name} round {k}:\n  replayed {have:?}\n  want     {want:?}"));
            }
            if round.steps.is_empty() {
                failures.push(format!("{name} round {k}: no steps recorded"));
            }
        }
    }
    assert_eq!(all.len(), 102, "every assignor conformance case ran");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}
