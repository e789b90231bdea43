//! The assignor explainer's entry: runs an assignor with its recorder on and returns every
//! round's steps and answer (the recorder types are in `record.rs`).

use super::input::{Assignment, MemberSubscription};
use super::name::AssignorName;
use super::rack::Racks;
use super::record::{ExplainedRound, Recorder};
use super::{range, roundrobin, sticky};
use crate::model::sort::CollectTree as _;
use serde::Serialize;

/// An assignor run explained: one round, or for cooperative-sticky every follow-up round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub assignor: AssignorName,
    pub rounds: Vec<ExplainedRound>,
}

/// Explains `assignor` on this membership. The KIP-848 server-side `server-range` is Range's
/// answer and is explained as Range; `uniform` records no steps (only its result).
pub fn explain(assignor: AssignorName, topics: &std::collections::BTreeMap<String, u32>, members: &[MemberSubscription]) -> Explanation {
    let owned_of = |members: &[MemberSubscription]| -> Assignment { members.iter().map(|m| (m.member_id.clone(), m.owned.clone())).collect_tree() };
    let rounds = match assignor {
        AssignorName::Range | AssignorName::ServerRange => {
            let mut rec = Recorder::on();
            let result = range::assign_recorded(topics, members, &mut rec);
            vec![ExplainedRound {
                owned: owned_of(members),
                steps: rec.take(),
                result,
                general_path: false,
            }]
        }
        AssignorName::RoundRobin => {
            let mut rec = Recorder::on();
            let result = roundrobin::assign_recorded(topics, members, &mut rec);
            vec![ExplainedRound {
                owned: owned_of(members),
                steps: rec.take(),
                result,
                general_path: false,
            }]
        }
        AssignorName::Uniform => vec![ExplainedRound {
            owned: owned_of(members),
            steps: Vec::new(),
            result: assignor.assign(topics, members),
            general_path: false,
        }],
        AssignorName::Sticky => {
            let mut rec = Recorder::on();
            let outcome = sticky::assign_recorded(topics, members, &Racks::default(), &mut rec);
            vec![ExplainedRound {
                owned: owned_of(members),
                steps: rec.take(),
                result: outcome.assignment,
                general_path: outcome.general_path,
            }]
        }
        AssignorName::CooperativeSticky => sticky::cooperative_rounds_recorded(topics, members, &Racks::default())
            .into_iter()
            .map(|(input, outcome, steps)| ExplainedRound {
                owned: owned_of(&input),
                steps,
                result: outcome.assignment,
                general_path: outcome.general_path,
            })
            .collect(),
    };
    Explanation { assignor, rounds }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::assignor::record::Step;
    use crate::model::nouns::TopicPartition;
    use std::collections::BTreeMap;

    fn member(id: &str, topics: &[&str], owned: &[(&str, u32)], generation: i32) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            group_instance_id: None,
            generation,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: owned.iter().map(|(t, p)| TopicPartition::new(*t, *p)).collect(),
        }
    }

    #[test]
    fn replaying_steps_rebuilds_each_answer() {
        let topics = BTreeMap::from([("a".to_string(), 4), ("b".to_string(), 3)]);
        let members = vec![
            member("c1", &["a", "b"], &[("a", 0), ("a", 1), ("a", 2), ("b", 0)], 1),
            member("c2", &["a"], &[("a", 3)], 1),
            member("c3", &["a", "b"], &[], -1),
        ];
        for assignor in [
            AssignorName::Range,
            AssignorName::RoundRobin,
            AssignorName::Sticky,
            AssignorName::CooperativeSticky,
        ] {
            let e = explain(assignor, &topics, &members);
            assert!(!e.rounds.is_empty());
            for round in &e.rounds {
                assert!(!round.steps.is_empty(), "{assignor:?} recorded steps");
                assert_eq!(round.state_after(round.steps.len()), round.result, "{assignor:?}");
            }
            assert_eq!(
                e.rounds[0].result,
                assignor.assign(&topics, &members),
                "{assignor:?}: the explained run is the real one"
            );
        }
    }

    #[test]
    fn cooperative_withholds_then_follows_up() {
        let topics = BTreeMap::from([("t".to_string(), 4)]);
        let members = vec![
            member("c1", &["t"], &[("t", 0), ("t", 1), ("t", 2), ("t", 3)], 1),
            member("c2", &["t"], &[], -1),
        ];
        let e = explain(AssignorName::CooperativeSticky, &topics, &members);
        assert_eq!(e.rounds.len(), 2);
        let withheld: Vec<&Step> = e.rounds[0].steps.iter().filter(|s| matches!(s, Step::Withhold { .. })).collect();
        assert_eq!(withheld.len(), 2);
        assert!(e.rounds[0].result["c2"].is_empty());
        assert_eq!(e.rounds[1].result["c2"].len(), 2);
    }
}
