//! `RangeAssignor` (kafka-behaviour.md §1.2), non-rack variant: per topic, subscribed members in
//! MemberInfo order take contiguous ranges; the first `P mod C` members get one extra.

use super::input::{member_info_order, Assignment, MemberSubscription};
use super::record::{sort_members_step, Recorder, Step};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use std::collections::{BTreeMap, BTreeSet};

pub fn assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Assignment {
    assign_recorded(topics, members, &mut Recorder::off())
}

/// `assign`, recording its steps for the explainer.
pub fn assign_recorded(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], rec: &mut Recorder) -> Assignment {
    let mut ordered: Vec<&MemberSubscription> = members.iter().collect();
    crate::model::sort::sort_by(&mut ordered, |a, b| member_info_order(a, b));
    rec.note(|| sort_members_step(&ordered));
    let mut assignment: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect_tree();
    let topic_sets: Vec<BTreeSet<&str>> = ordered.iter().map(|m| m.topics.iter().map(String::as_str).collect()).collect();
    for (topic, &partitions) in topics {
        // Topics without metadata or with zero partitions are dropped silently (§1.1.2).
        if partitions == 0 {
            continue;
        }
        let subscribers: Vec<&&MemberSubscription> = ordered
            .iter()
            .zip(&topic_sets)
            .filter(|(_, set)| set.contains(topic.as_str()))
            .map(|(m, _)| m)
            .collect();
        if subscribers.is_empty() {
            continue;
        }
        let count = subscribers.len() as u32;
        let quota = partitions / count;
        let extra = partitions % count;
        rec.note(|| Step::TopicQuota {
            topic: topic.clone(),
            partitions,
            subscribers: subscribers.iter().map(|m| m.member_id.clone()).collect(),
            quota,
            extra,
        });
        for (i, member) in subscribers.iter().enumerate() {
            let i = i as u32;
            let start = i * quota + i.min(extra);
            let length = quota + u32::from(i < extra);
            let list = assignment.get_mut(&member.member_id).expect("every member has an entry");
            list.extend((start..start + length).map(|p| TopicPartition::new(topic.clone(), p)));
            rec.note(|| Step::GiveRange {
                topic: topic.clone(),
                member: member.member_id.clone(),
                partitions: (start..start + length).map(|p| TopicPartition::new(topic.clone(), p)).collect(),
                extra: i < extra,
            });
        }
    }
    for list in assignment.values_mut() {
        crate::model::sort::sort(list);
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, instance: Option<&str>, topics: &[&str]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            group_instance_id: instance.map(Into::into),
            generation: -1,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: vec![],
        }
    }

    fn names(list: &[TopicPartition]) -> Vec<String> {
        list.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn r12_uneven_topics() {
        let topics = BTreeMap::from([("t1".to_string(), 6), ("t2".to_string(), 7), ("t3".to_string(), 2)]);
        let all = ["t1", "t2", "t3"];
        let members = vec![
            member("consumer0", None, &all),
            member("consumer1", None, &all),
            member("consumer2", None, &all),
        ];
        let a = assign(&topics, &members);
        assert_eq!(names(&a["consumer0"]), ["t1-0", "t1-1", "t2-0", "t2-1", "t2-2", "t3-0"]);
        assert_eq!(names(&a["consumer1"]), ["t1-2", "t1-3", "t2-3", "t2-4", "t3-1"]);
        assert_eq!(names(&a["consumer2"]), ["t1-4", "t1-5", "t2-5", "t2-6"]);
    }

    #[test]
    fn static_members_sort_first_r17() {
        let topics = BTreeMap::from([("t0".to_string(), 6)]);
        let members = vec![
            member("a1", Some("i1"), &["t0"]),
            member("b2", None, &["t0"]),
            member("c3", Some("i3"), &["t0"]),
        ];
        let a = assign(&topics, &members);
        assert_eq!(names(&a["a1"]), ["t0-0", "t0-1"]);
        assert_eq!(names(&a["c3"]), ["t0-2", "t0-3"]);
        assert_eq!(names(&a["b2"]), ["t0-4", "t0-5"]);
    }
}
