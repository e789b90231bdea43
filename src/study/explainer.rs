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

    /// An example for when no group is running: six partitions of `orders`, three fresh members.
    pub fn example() -> Membership {
        let members: Vec<MemberSubscription> = ["c1", "c2", "c3"]
            .iter()
            .map(|id| MemberSubscription {
                member_id: id.to_string(),
                group_instance_id: None,
                generation: -1,
                topics: vec!["orders".to_string()],
                owned: Vec::new(),
            })
            .collect();
        Membership {
            topics: std::collections::BTreeMap::from([("orders".to_string(), 6)]),
            names: members.iter().map(|m| (m.member_id.clone(), m.member_id.clone())).collect(),
            members,
            assignor: AssignorName::Range,
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
    fn scoring_counts_right_placements() {
        let answer = Assignment::from([("a".to_string(), vec![TopicPartition::new("t", 0)]), ("b".to_string(), vec![])]);
        let all = vec![TopicPartition::new("t", 0), TopicPartition::new("t", 1)];
        let guess = BTreeMap::from([(TopicPartition::new("t", 0), "a".to_string())]);
        assert_eq!(score(&guess, &answer, &all), Score { right: 2, total: 2 });
        let guess = BTreeMap::from([(TopicPartition::new("t", 0), "b".to_string()), (TopicPartition::new("t", 1), "a".to_string())]);
        assert_eq!(score(&guess, &answer, &all), Score { right: 0, total: 2 });
    }
}
