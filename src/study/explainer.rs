//! The explainer's input and its grading, built on the engine: what a group's leader would hand
//! its assignor now (`Membership::of`, read off a running simulation) and a learner's guess
//! scored against the assignor's answer. The recorded steps themselves are the engine's
//! (`model::assignor::explain`).

use crate::model::assignor::{Assignment, AssignorName, MemberSubscription};
use crate::model::nouns::TopicPartition;

/// A membership to explain: what a group leader would hand its assignor now, with display
/// names (consumer ids) for the member ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Membership {
    pub topics: std::collections::BTreeMap<String, u32>,
    pub members: Vec<MemberSubscription>,
    /// member id → the name shown (the consumer's id).
    pub names: std::collections::BTreeMap<String, String>,
    pub assignor: AssignorName,
}

impl Membership {
    /// A group's running members as the leader sees them: member id (the consumer id until it
    /// has one), group.instance.id, subscription, what it owns now and its generation; the
    /// assignor it would run (the first client-side one, or the group's server-side one).
    pub fn of(sim: &crate::model::sim::Simulation, group_id: &str) -> Option<Membership> {
        let running = sim.running_members(group_id);
        let first = running.first()?;
        let assignor = match first.spec.config.group_protocol {
            crate::model::config::GroupProtocol::Consumer => first.spec.config.remote_assignor.unwrap_or(AssignorName::Uniform),
            _ => first.spec.config.assignors.first().copied().unwrap_or(AssignorName::Range),
        };
        let mut names = std::collections::BTreeMap::new();
        let members = running
            .iter()
            .map(|c| {
                let member_id = if c.member_id.is_empty() { c.id().to_string() } else { c.member_id.clone() };
                names.insert(member_id.clone(), c.id().to_string());
                MemberSubscription {
                    member_id,
                    group_instance_id: c.spec.config.group_instance_id.clone(),
                    generation: if c.assigned.is_empty() { -1 } else { c.generation },
                    topics: c.spec.subscribe.clone(),
                    owned: c.assigned.clone(),
                }
            })
            .collect();
        let topics = sim
            .group_topics(group_id)
            .into_iter()
            .map(|t| (t.clone(), sim.world.cluster.partition_count(&t)))
            .collect();
        Some(Membership {
            topics,
            members,
            names,
            assignor,
        })
    }

    /// What the explainer opens on: the group as it is now if it has a history (someone owns
    /// partitions, so the assignor has something to keep or move), otherwise `example`. A
    /// group that has not rebalanced yet is all new members, where every assignor only deals
    /// partitions out and nothing is kept, moved or withheld.
    pub fn worth_explaining(sim: &crate::model::sim::Simulation, group_id: &str) -> Membership {
        Membership::of(sim, group_id)
            .filter(|m| m.members.iter().any(|member| !member.owned.is_empty()))
            .unwrap_or_else(Membership::example)
    }

    /// The example: c1 and c2 own three partitions of `orders` each (generation 1) and c3
    /// joins, under cooperative-sticky: c1 and c2 keep what they can, and the partitions that
    /// move to c3 are withheld for a second round, the case the explainer shows best.
    pub fn example() -> Membership {
        let owned = |from: u32| (from..from + 3).map(|p| TopicPartition::new("orders", p)).collect::<Vec<_>>();
        let member = |id: &str, owned: Vec<TopicPartition>| MemberSubscription {
            member_id: id.to_string(),
            group_instance_id: None,
            generation: if owned.is_empty() { -1 } else { 1 },
            topics: vec!["orders".to_string()],
            owned,
        };
        let members = vec![member("c1", owned(0)), member("c2", owned(3)), member("c3", Vec::new())];
        Membership {
            topics: std::collections::BTreeMap::from([("orders".to_string(), 6)]),
            names: members.iter().map(|m| (m.member_id.clone(), m.member_id.clone())).collect(),
            members,
            assignor: AssignorName::CooperativeSticky,
        }
    }
}

/// A learner's guess scored against the answer: partitions placed on the right member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub total: usize,
}

/// Scores `guess` (partition → member) against `answer`; partitions the answer gives nobody
/// (withheld by cooperative-sticky) are right when the guess leaves them unplaced too.
pub fn score(guess: &std::collections::BTreeMap<TopicPartition, String>, answer: &Assignment, all: &[TopicPartition]) -> Score {
    let mut owner: std::collections::BTreeMap<&TopicPartition, &String> = std::collections::BTreeMap::new();
    for (member, list) in answer {
        for tp in list {
            owner.insert(tp, member);
        }
    }
    let right = all.iter().filter(|tp| guess.get(*tp) == owner.get(tp).copied()).count();
    Score { right, total: all.len() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn the_example_withholds_and_follows_up() {
        let m = Membership::example();
        let e = crate::model::assignor::explain::explain(m.assignor, &m.topics, &m.members);
        assert_eq!(e.rounds.len(), 2, "cooperative-sticky needs a follow-up round");
        assert!(e.rounds[0].result["c3"].is_empty(), "round 1 withholds what moves to c3");
        assert_eq!(e.rounds[1].result["c3"].len(), 2);
    }

    #[test]
    fn a_group_before_its_first_rebalance_opens_the_example() {
        let scenario = crate::model::scenario::Scenario::default_scenario();
        let mut sim = crate::model::sim::Simulation::new(&scenario);
        let group = scenario.groups[0].group_id.clone();
        sim.run_until(1_000);
        assert_eq!(Membership::worth_explaining(&sim, &group), Membership::example());
        sim.run_until(20_000);
        let live = Membership::worth_explaining(&sim, &group);
        assert_ne!(live, Membership::example());
        assert!(live.members.iter().any(|m| !m.owned.is_empty()));
    }

    #[test]
    fn scoring_counts_right_placements() {
        let answer = Assignment::from([("a".to_string(), vec![TopicPartition::new("t", 0)]), ("b".to_string(), vec![])]);
        let all = vec![TopicPartition::new("t", 0), TopicPartition::new("t", 1)];
        let guess = BTreeMap::from([(TopicPartition::new("t", 0), "a".to_string())]);
        assert_eq!(score(&guess, &answer, &all), Score { right: 2, total: 2 });
        let guess = BTreeMap::from([(TopicPartition::new("t", 0), "b".to_string()), (TopicPartition::new("t", 1), "a".to_string())]);
        assert_eq!(score(&guess, &answer, &all), Score { right: 0, total: 2 });
    }
}
