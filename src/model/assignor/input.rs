//! The assignors' input and output: a member's subscription, the assignment, Kafka's MemberInfo
//! order, and the large-scale test inputs.

use crate::model::java::compare_strings;
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
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
