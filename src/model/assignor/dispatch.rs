//! Running an assignor by name: the dispatch from `AssignorName` to the assignor code, for one
//! round or for every round cooperative-sticky needs.

use super::input::{Assignment, MemberSubscription};
use super::name::AssignorName;
use super::rack::{self, Racks};
use super::{range, roundrobin, sticky, uniform};
use std::collections::BTreeMap;

impl AssignorName {
    pub fn assign(self, topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Assignment {
        match self {
            AssignorName::Range => range::assign(topics, members),
            AssignorName::RoundRobin => roundrobin::assign(topics, members),
            AssignorName::Sticky => sticky::assign(topics, members, &Racks::default()).assignment,
            AssignorName::CooperativeSticky => sticky::assign_cooperative(topics, members, &Racks::default()).assignment,
            AssignorName::Uniform => uniform::assign(topics, members),
            // KAFKA-16944 (3.9): the server-side range ignores the current assignment and
            // computes the client Range answer.
            AssignorName::ServerRange => range::assign(topics, members),
        }
    }

    /// One run of the assignor (no follow-up rounds), with whether the sticky code took its
    /// general path: what one rebalance costs the group leader.
    pub fn assign_once(self, topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> (Assignment, bool) {
        match self {
            AssignorName::Range | AssignorName::RoundRobin | AssignorName::Uniform | AssignorName::ServerRange => (self.assign(topics, members), false),
            AssignorName::Sticky => {
                let o = sticky::assign(topics, members, &Racks::default());
                (o.assignment, o.general_path)
            }
            AssignorName::CooperativeSticky => {
                let o = sticky::assign_cooperative(topics, members, &Racks::default());
                (o.assignment, o.general_path)
            }
        }
    }

    /// Every rebalance round the assignor needs, with whether Kafka's sticky code took its
    /// general path (false for the others). Cooperative-sticky runs follow-up rounds until
    /// nobody revokes anything. `racks` is used by the rack-aware assignors only.
    pub fn rounds(self, topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks) -> Vec<(Assignment, bool)> {
        match self {
            AssignorName::Range if *racks != Racks::default() => vec![(rack::range(topics, members, racks), false)],
            AssignorName::Range | AssignorName::RoundRobin | AssignorName::Uniform | AssignorName::ServerRange => vec![(self.assign(topics, members), false)],
            AssignorName::Sticky => {
                let outcome = sticky::assign(topics, members, racks);
                vec![(outcome.assignment, outcome.general_path)]
            }
            AssignorName::CooperativeSticky => sticky::cooperative_rounds(topics, members, racks)
                .into_iter()
                .map(|o| (o.assignment, o.general_path))
                .collect(),
        }
    }
}
