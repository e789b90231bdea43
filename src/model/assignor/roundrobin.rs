//! `RoundRobinAssignor` (kafka-behaviour.md §1.3): all partitions of all subscribed topics (topics
//! sorted, partitions ascending) dealt around a ring of members in MemberInfo order; the
//! cursor skips members not subscribed to the partition's topic and is never reset.

use super::input::{member_info_order, Assignment, MemberSubscription};
use super::record::{sort_members_step, Recorder, Step};
use crate::model::java::compare_strings;
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use std::collections::{BTreeMap, BTreeSet};

pub fn assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Assignment {
    assign_recorded(topics, members, &mut Recorder::off())
}

/// `assign`, recording its steps for the explainer.
pub fn assign_recorded(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], rec: &mut Recorder) -> Assignment {
    let mut ring: Vec<&MemberSubscription> = members.iter().collect();
    crate::model::sort::sort_by(&mut ring, |a, b| member_info_order(a, b));
    rec.note(|| sort_members_step(&ring));
    let mut assignment: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect_tree();
    let mut subscribed: Vec<&String> = topics.keys().filter(|t| members.iter().any(|m| m.topics.contains(t))).collect();
    crate::model::sort::sort_by(&mut subscribed, |a, b| compare_strings(a, b));
    let topic_sets: Vec<BTreeSet<&str>> = ring.iter().map(|m| m.topics.iter().map(String::as_str).collect()).collect();
    rec.note(|| Step::RingTopics {
        topics: subscribed.iter().map(|t| t.to_string()).collect(),
    });
    let mut cursor = 0usize;
    for topic in subscribed {
        for p in 0..topics[topic] {
            // Bounded: at least one member subscribes to this topic, so a full turn finds it.
            let mut steps = 0;
            let mut skipped = Vec::new();
            while !topic_sets[cursor % ring.len()].contains(topic.as_str()) {
                if rec.is_on() {
                    skipped.push(ring[cursor % ring.len()].member_id.clone());
                }
                cursor += 1;
                steps += 1;
                assert!(steps <= ring.len(), "some member subscribes to {topic}");
            }
            let member = ring[cursor % ring.len()];
            assignment
                .get_mut(&member.member_id)
                .expect("every member has an entry")
                .push(TopicPartition::new(topic.clone(), p));
            rec.note(|| Step::Deal {
                tp: TopicPartition::new(topic.clone(), p),
                member: member.member_id.clone(),
                skipped,
            });
            cursor += 1;
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, topics: &[&str]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            group_instance_id: None,
            generation: -1,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: vec![],
        }
    }

    #[test]
    fn rr11_javadoc_cursor_skips_unsubscribed() {
        let topics = BTreeMap::from([("t0".to_string(), 1), ("t1".to_string(), 2), ("t2".to_string(), 3)]);
        let members = vec![member("C0", &["t0"]), member("C1", &["t0", "t1"]), member("C2", &["t0", "t1", "t2"])];
        let a = assign(&topics, &members);
        let names = |m: &str| a[m].iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(names("C0"), ["t0-0"]);
        assert_eq!(names("C1"), ["t1-0"]);
        assert_eq!(names("C2"), ["t1-1", "t2-0", "t2-1", "t2-2"]);
    }
}
