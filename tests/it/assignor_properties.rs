//! Property tests for the assignors over random topics, subscriptions and membership churn
//! (owned partitions carried over). A failure prints the generated input.

use groupscope::model::assignor::rack::Racks;
use groupscope::model::assignor::{AssignorName, MemberSubscription};
use groupscope::model::nouns::TopicPartition;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
struct Input {
    topics: BTreeMap<String, u32>,
    members: Vec<MemberSubscription>,
}

fn topics_strategy() -> impl Strategy<Value = BTreeMap<String, u32>> {
    prop::collection::vec(1u32..9, 1..6).prop_map(|counts| counts.into_iter().enumerate().map(|(i, n)| (format!("t{i}"), n)).collect())
}

fn subscription(topics: &BTreeMap<String, u32>, mask: u32) -> Vec<String> {
    let names: Vec<String> = topics.keys().cloned().collect();
    let mut chosen: Vec<String> = names.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, t)| t.clone()).collect();
    if chosen.is_empty() {
        chosen.push(names[mask as usize % names.len()].clone());
    }
    chosen
}

/// A fresh round, then churn: some members leave, some join, some change subscriptions; the
/// survivors report what the assignor gave them in the first round.
fn churned_input(assignor: AssignorName) -> impl Strategy<Value = Input> {
    (
        topics_strategy(),
        prop::collection::vec(0u32..64, 1..9),
        prop::collection::vec((any::<bool>(), any::<bool>(), 0u32..64), 0..9),
        0usize..4,
    )
        .prop_map(move |(topics, masks, churn, joiners)| {
            let first: Vec<MemberSubscription> = masks
                .iter()
                .enumerate()
                .map(|(i, &m)| MemberSubscription {
                    member_id: format!("consumer{i}"),
                    group_instance_id: None,
                    generation: -1,
                    topics: subscription(&topics, m),
                    owned: vec![],
                })
                .collect();
            let fresh = assignor.assign(&topics, &first);
            let mut members = Vec::new();
            for (i, m) in first.iter().enumerate() {
                let (leaves, changes, mask) = churn.get(i).copied().unwrap_or((false, false, 0));
                if leaves && first.len() > 1 {
                    continue;
                }
                let topics_now = if changes { subscription(&topics, mask) } else { m.topics.clone() };
                members.push(MemberSubscription {
                    topics: topics_now,
                    owned: fresh[&m.member_id].clone(),
                    generation: 1,
                    ..m.clone()
                });
            }
            if members.is_empty() && joiners == 0 {
                let m = &first[0];
                members.push(MemberSubscription {
                    owned: fresh[&m.member_id].clone(),
                    generation: 1,
                    ..m.clone()
                });
            }
            for j in 0..joiners {
                let mask = masks[j % masks.len()].rotate_left(j as u32 + 1);
                members.push(MemberSubscription {
                    member_id: format!("new{j}"),
                    group_instance_id: None,
                    generation: -1,
                    topics: subscription(&topics, mask),
                    owned: vec![],
                });
            }
            Input { topics, members }
        })
}

fn subscribed_partitions(input: &Input) -> BTreeSet<TopicPartition> {
    input
        .topics
        .iter()
        .filter(|(t, _)| input.members.iter().any(|m| m.topics.contains(t)))
        .flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition::new(t.clone(), p)))
        .collect()
}

/// Every partition at most once (exactly once unless `allow_missing`), only to a subscriber.
fn check_valid(input: &Input, assignment: &BTreeMap<String, Vec<TopicPartition>>, allow_missing: bool) -> Result<(), TestCaseError> {
    let mut seen = BTreeSet::new();
    for m in &input.members {
        let list = assignment
            .get(&m.member_id)
            .ok_or_else(|| TestCaseError::fail(format!("{} missing from the output", m.member_id)))?;
        for tp in list {
            prop_assert!(m.topics.iter().any(|t| **t == *tp.topic), "{} got {} without subscribing", m.member_id, tp);
            prop_assert!(seen.insert(tp.clone()), "{} assigned twice", tp);
        }
    }
    let all = subscribed_partitions(input);
    prop_assert!(seen.is_subset(&all));
    if !allow_missing {
        prop_assert_eq!(seen, all, "every subscribed partition is assigned");
    }
    Ok(())
}

/// §1.4.1: counts differ by at most one, or a member with ≥ 2 fewer cannot take any partition
/// of the fuller member (not subscribed to its topics).
fn check_balanced(input: &Input, assignment: &BTreeMap<String, Vec<TopicPartition>>) -> Result<(), TestCaseError> {
    for a in &input.members {
        for b in &input.members {
            let (na, nb) = (assignment[&a.member_id].len(), assignment[&b.member_id].len());
            if na + 2 <= nb {
                for tp in &assignment[&b.member_id] {
                    prop_assert!(
                        !a.topics.iter().any(|t| **t == *tp.topic),
                        "unbalanced: {} has {} and could take {} from {} with {}",
                        a.member_id,
                        na,
                        tp,
                        b.member_id,
                        nb
                    );
                }
            }
        }
    }
    Ok(())
}

/// No partition of one topic moves a→b while another moves b→a.
fn check_sticky(input: &Input, assignment: &BTreeMap<String, Vec<TopicPartition>>) -> Result<(), TestCaseError> {
    let mut moves: BTreeSet<(String, String, String)> = BTreeSet::new();
    for m in &input.members {
        for tp in &m.owned {
            let now = assignment.iter().find(|(_, l)| l.contains(tp)).map(|(k, _)| k.clone());
            if let Some(now) = now {
                if now != m.member_id {
                    moves.insert((tp.topic.to_string(), m.member_id.clone(), now));
                }
            }
        }
    }
    for (topic, from, to) in &moves {
        prop_assert!(
            !moves.contains(&(topic.clone(), to.clone(), from.clone())),
            "{topic}: partitions swapped between {from} and {to}"
        );
    }
    Ok(())
}

/// Random racks from `seed`: some members get one of racks a–c; each partition's replicas sit on
/// one to three of them (sometimes none known).
fn random_racks(input: &Input, seed: u64) -> Racks {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let names = ["a", "b", "c"];
    let mut racks = Racks::default();
    for m in &input.members {
        if next() % 4 != 0 {
            racks.members.insert(m.member_id.clone(), names[(next() % 3) as usize].to_string());
        }
    }
    for (topic, &n) in &input.topics {
        for p in 0..n {
            let mask = next() % 8; // 0: no rack known
            let replicas = (0..3).filter(|i| mask & (1 << i) != 0).map(|i| names[i].to_string()).collect();
            racks.partitions.insert(TopicPartition::new(topic.clone(), p), replicas);
        }
    }
    racks
}

/// Racks that must leave rack logic off: every partition on every rack, or members on racks
/// that hold no replica.
fn inert_racks(input: &Input, seed: u64) -> Racks {
    let mut racks = Racks::default();
    let all_on_all = seed.is_multiple_of(2);
    let (member_racks, replica_racks): (&[&str], &[&str]) = if all_on_all { (&["a", "b"], &["a", "b"]) } else { (&["d", "e"], &["a", "b"]) };
    for (i, m) in input.members.iter().enumerate() {
        racks.members.insert(m.member_id.clone(), member_racks[(i + seed as usize / 2) % 2].to_string());
    }
    for (topic, &n) in &input.topics {
        for p in 0..n {
            let replicas = if all_on_all {
                replica_racks.iter().map(|r| r.to_string()).collect()
            } else {
                vec![replica_racks[(p as usize + seed as usize / 2) % 2].to_string()]
            };
            racks.partitions.insert(TopicPartition::new(topic.clone(), p), replicas);
        }
    }
    racks
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rack_aware_sticky_is_valid_balanced_and_deterministic(input in churned_input(AssignorName::Sticky), seed in any::<u64>()) {
        let racks = random_racks(&input, seed);
        for assignor in [AssignorName::Sticky, AssignorName::CooperativeSticky] {
            let rounds = assignor.rounds(&input.topics, &input.members, &racks);
            // The general path drops owned partitions off their owner's rack at every
            // rebalance, so cooperative follow-up rounds need not settle (groupscope stops at
            // 16); every round is still a valid assignment.
            for (k, (a, _)) in rounds.iter().enumerate() {
                check_valid(&input, a, k + 1 < rounds.len() || rounds.len() == 16)?;
            }
            // Balance comes before rack alignment (§1.4.1).
            if rounds.len() < 16 {
                check_balanced(&input, &rounds.last().unwrap().0)?;
            }
            prop_assert_eq!(&rounds, &assignor.rounds(&input.topics, &input.members, &racks), "deterministic");
        }
    }

    #[test]
    fn sticky_ignores_racks_when_rack_logic_is_off(input in churned_input(AssignorName::Sticky), seed in any::<u64>()) {
        let racks = inert_racks(&input, seed);
        for assignor in [AssignorName::Sticky, AssignorName::CooperativeSticky] {
            prop_assert_eq!(
                assignor.rounds(&input.topics, &input.members, &racks),
                assignor.rounds(&input.topics, &input.members, &Racks::default()),
                "{}", assignor.name()
            );
        }
    }

    #[test]
    fn rack_aware_cooperative_never_hands_over_a_partition_still_owned(input in churned_input(AssignorName::CooperativeSticky), seed in any::<u64>()) {
        let racks = random_racks(&input, seed);
        let rounds = AssignorName::CooperativeSticky.rounds(&input.topics, &input.members, &racks);
        let mut owners: BTreeMap<TopicPartition, String> = input.members.iter().flat_map(|m| m.owned.iter().map(move |tp| (tp.clone(), m.member_id.clone()))).collect();
        for (k, (assignment, _)) in rounds.iter().enumerate() {
            for (member, list) in assignment {
                for tp in list {
                    if let Some(old) = owners.get(tp) {
                        prop_assert!(old == member, "round {}: {} given to {} while {} still owns it", k, tp, member, old);
                    }
                }
            }
            owners = assignment.iter().flat_map(|(m, l)| l.iter().map(move |tp| (tp.clone(), m.clone()))).collect();
        }
    }

    #[test]
    fn range_and_roundrobin_are_valid(input in churned_input(AssignorName::Range)) {
        for assignor in [AssignorName::Range, AssignorName::RoundRobin] {
            let a = assignor.assign(&input.topics, &input.members);
            check_valid(&input, &a, false)?;
            prop_assert_eq!(&a, &assignor.assign(&input.topics, &input.members), "deterministic");
        }
    }

    #[test]
    fn sticky_is_valid_balanced_and_sticky(input in churned_input(AssignorName::Sticky)) {
        let a = AssignorName::Sticky.assign(&input.topics, &input.members);
        check_valid(&input, &a, false)?;
        check_balanced(&input, &a)?;
        check_sticky(&input, &a)?;
        prop_assert_eq!(&a, &AssignorName::Sticky.assign(&input.topics, &input.members), "deterministic");
    }

    #[test]
    fn server_side_assignors_are_valid_and_balanced(input in churned_input(AssignorName::Uniform)) {
        let uniform = AssignorName::Uniform.assign(&input.topics, &input.members);
        check_valid(&input, &uniform, false)?;
        check_balanced(&input, &uniform)?;
        let homogeneous = input.members.iter().all(|m| m.topics.iter().collect::<BTreeSet<_>>() == input.members[0].topics.iter().collect::<BTreeSet<_>>());
        if homogeneous {
            let sizes: Vec<usize> = uniform.values().map(Vec::len).collect();
            prop_assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1, "uniform: sizes differ by at most one");
            // Sticky: every member keeps min(what it owned and may keep, its quota).
            let total: usize = sizes.iter().sum();
            for m in &input.members {
                let keepable = m.owned.iter().filter(|tp| m.topics.iter().any(|t| **t == *tp.topic)).count();
                let kept = m.owned.iter().filter(|tp| uniform[&m.member_id].contains(tp)).count();
                let quota_floor = total / input.members.len();
                prop_assert!(kept >= keepable.min(quota_floor), "{} kept {} of {}", m.member_id, kept, keepable);
            }
        }
        let range = AssignorName::ServerRange.assign(&input.topics, &input.members);
        prop_assert_eq!(range, AssignorName::Range.assign(&input.topics, &input.members));
        prop_assert_eq!(&uniform, &AssignorName::Uniform.assign(&input.topics, &input.members), "deterministic");
    }

    #[test]
    fn rack_aware_range_is_valid_and_balanced_per_topic(input in churned_input(AssignorName::Range), seed in any::<u64>()) {
        use groupscope::model::assignor::rack;
        let rack_names = ["a", "b", "c"];
        let mut racks = Racks::default();
        for (i, m) in input.members.iter().enumerate() {
            if (seed >> (i % 60)) & 1 == 1 {
                racks.members.insert(m.member_id.clone(), rack_names[(seed as usize + i) % 3].to_string());
            }
        }
        for (topic, &n) in &input.topics {
            for p in 0..n {
                let r = ((seed >> 3) as usize + p as usize + topic.len()) % 3;
                racks.partitions.insert(TopicPartition::new(topic.clone(), p), vec![rack_names[r].to_string()]);
            }
        }
        let a = rack::range(&input.topics, &input.members, &racks);
        check_valid(&input, &a, false)?;
        // Balance per topic comes before rack alignment: subscribers' counts differ by ≤ 1.
        for topic in input.topics.keys() {
            let counts: Vec<usize> = input.members.iter().filter(|m| m.topics.contains(topic)).map(|m| a[&m.member_id].iter().filter(|tp| *tp.topic == **topic).count()).collect();
            if let (Some(max), Some(min)) = (counts.iter().max(), counts.iter().min()) {
                prop_assert!(max - min <= 1, "{topic}: {counts:?}");
            }
        }
        let plain = rack::range(&input.topics, &input.members, &Racks::default());
        let mut sorted_range = AssignorName::Range.assign(&input.topics, &input.members);
        for list in sorted_range.values_mut() { list.sort(); }
        prop_assert_eq!(plain, sorted_range, "without racks it is plain Range");
    }

    #[test]
    fn cooperative_never_hands_over_a_partition_still_owned(input in churned_input(AssignorName::CooperativeSticky)) {
        let rounds = AssignorName::CooperativeSticky.rounds(&input.topics, &input.members, &Racks::default());
        prop_assert!(rounds.len() <= 3, "a move takes at most two rebalances plus the quiet one: {}", rounds.len());
        let mut owners: BTreeMap<TopicPartition, String> = input.members.iter().flat_map(|m| m.owned.iter().map(move |tp| (tp.clone(), m.member_id.clone()))).collect();
        for (k, (assignment, _)) in rounds.iter().enumerate() {
            check_valid(&input, assignment, k + 1 < rounds.len())?;
            for (member, list) in assignment {
                for tp in list {
                    if let Some(old) = owners.get(tp) {
                        prop_assert!(old == member, "round {}: {} given to {} while {} still owns it", k, tp, member, old);
                    }
                }
            }
            owners = assignment.iter().flat_map(|(m, l)| l.iter().map(move |tp| (tp.clone(), m.clone()))).collect();
        }
        let last = &rounds.last().unwrap().0;
        check_balanced(&input, last)?;
    }
}
