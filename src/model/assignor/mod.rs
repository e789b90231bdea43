//! Partition assignors: pure functions from subscriptions to an assignment (kafka-behaviour.md §1).

pub mod explain;
pub mod rack;
pub mod range;
pub mod roundrobin;
pub mod sticky;
pub mod uniform;

use crate::model::java::compare_strings;
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use rack::Racks;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// One member's input to an assignor, as the group leader sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSubscription {
    pub member_id: String,
    #[serde(default)]
    pub group_instance_id: Option<String>,
    #[serde(default = "no_generation")]
    pub generation: i32,
    pub topics: Vec<String>,
    #[serde(default)]
    pub owned: Vec<TopicPartition>,
}

fn no_generation() -> i32 {
    -1
}

/// member id → assigned partitions; every member appears, possibly with an empty list.
pub type Assignment = BTreeMap<String, Vec<TopicPartition>>;

/// Kafka's "MemberInfo" order (§1.1.4): static members first by group.instance.id, then
/// dynamic members by member id; Java string order.
pub fn member_info_order(a: &MemberSubscription, b: &MemberSubscription) -> Ordering {
    match (&a.group_instance_id, &b.group_instance_id) {
        (Some(x), Some(y)) => compare_strings(x, y).then_with(|| compare_strings(&a.member_id, &b.member_id)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => compare_strings(&a.member_id, &b.member_id),
    }
}

/// Kafka's large-scale assignor test input (kafka-behaviour.md §1.4.8): `topics` topics of `partitions`
/// partitions and `consumers` fresh consumers subscribed to all of them; with `non_equal` the
/// last consumer subscribes only to the first topic (forcing the sticky general path).
pub fn large_scale_input(topics: u32, partitions: u32, consumers: u32, non_equal: bool) -> (BTreeMap<String, u32>, Vec<MemberSubscription>) {
    let names: Vec<String> = (0..topics).map(|t| format!("topic{t}")).collect();
    let counts = names.iter().map(|t| (t.clone(), partitions)).collect_tree();
    let members = (0..consumers)
        .map(|c| MemberSubscription {
            member_id: format!("consumer{c}"),
            group_instance_id: None,
            generation: -1,
            topics: if non_equal && c + 1 == consumers {
                vec![names[0].clone()]
            } else {
                names.clone()
            },
            owned: Vec::new(),
        })
        .collect();
    (counts, members)
}

/// The large-scale tests' second round: the first member is gone and every other member
/// reports what `assignment` gave it, as generation 1.
pub fn after_first_member_leaves(members: Vec<MemberSubscription>, assignment: &Assignment) -> Vec<MemberSubscription> {
    members
        .into_iter()
        .skip(1)
        .map(|m| MemberSubscription {
            owned: assignment.get(&m.member_id).cloned().unwrap_or_default(),
            generation: 1,
            ..m
        })
        .collect()
}

/// The assignors the engine can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignorName {
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    Sticky,
    CooperativeSticky,
    /// KIP-848 server-side `uniform` (the broker default).
    Uniform,
    /// KIP-848 server-side `range`.
    ServerRange,
}

impl AssignorName {
    pub fn name(self) -> &'static str {
        match self {
            AssignorName::Range => "range",
            AssignorName::RoundRobin => "roundrobin",
            AssignorName::Sticky => "sticky",
            AssignorName::CooperativeSticky => "cooperative-sticky",
            AssignorName::Uniform => "uniform",
            AssignorName::ServerRange => "server-range",
        }
    }

    pub fn parse(name: &str) -> Result<AssignorName, String> {
        match name {
            "range" => Ok(AssignorName::Range),
            "roundrobin" => Ok(AssignorName::RoundRobin),
            "sticky" => Ok(AssignorName::Sticky),
            "cooperative-sticky" => Ok(AssignorName::CooperativeSticky),
            "uniform" => Ok(AssignorName::Uniform),
            "server-range" => Ok(AssignorName::ServerRange),
            other => Err(format!(
                "unknown assignor '{other}'; client-side: range, roundrobin, sticky, cooperative-sticky; server-side (KIP-848): uniform, server-range"
            )),
        }
    }

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

    /// Whether Kafka's assignor of this name reads `client.rack` (KIP-881: range and the sticky
    /// assignors; roundrobin never did, and the KIP-848 server-side assignors do not).
    pub fn rack_aware(self) -> bool {
        matches!(self, AssignorName::Range | AssignorName::Sticky | AssignorName::CooperativeSticky)
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
