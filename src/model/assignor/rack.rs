//! Rack-aware Range (KIP-881, kafka-behaviour.md §1.1 (item 5) and §1.2): consumers' `client.rack` against the
//! racks of each partition's replicas. Used only when it can matter; otherwise plain Range.

use super::input::{member_info_order, Assignment, MemberSubscription};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Racks known to the assignor: each member's `client.rack` and each partition's replica racks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Racks {
    /// member id → client.rack (absent or empty: no rack).
    #[serde(default)]
    pub members: BTreeMap<String, String>,
    /// "topic-p" → racks of its replicas.
    #[serde(default)]
    pub partitions: BTreeMap<TopicPartition, Vec<String>>,
}

impl Racks {
    fn member_rack(&self, member: &str) -> Option<&str> {
        self.members.get(member).map(String::as_str).filter(|r| !r.is_empty())
    }
}

/// One topic's state while assigning (Kafka's `TopicAssignmentState`).
struct TopicState {
    topic: String,
    /// Subscribers in MemberInfo order.
    consumers: Vec<String>,
    unassigned: Vec<u32>,
    assigned_count: BTreeMap<String, u32>,
    per_consumer: u32,
    remaining_with_extra: u32,
    needs_rack_aware: bool,
}

impl TopicState {
    fn max_assignable(&self, consumer: &str) -> u32 {
        let limit = self.per_consumer + u32::from(self.remaining_with_extra > 0);
        limit.saturating_sub(self.assigned_count[consumer])
    }

    fn on_assigned(&mut self, consumer: &str, partition: u32) {
        let n = self.assigned_count.get_mut(consumer).expect("subscriber");
        *n += 1;
        if *n > self.per_consumer {
            self.remaining_with_extra -= 1;
        }
        self.unassigned.retain(|&p| p != partition);
    }
}

fn racks_match(racks: &Racks, consumer: &str, tp: &TopicPartition) -> bool {
    match racks.member_rack(consumer) {
        None => true,
        Some(rack) => racks.partitions.get(tp).is_some_and(|r| r.iter().any(|x| x == rack)),
    }
}

fn assign_to(state: &mut TopicState, consumer: &str, partitions: &[u32], assignment: &mut Assignment) {
    for &p in partitions {
        state.on_assigned(consumer, p);
        assignment
            .get_mut(consumer)
            .expect("every member has an entry")
            .push(TopicPartition::new(state.topic.clone(), p));
    }
}

/// Each consumer in order takes up to its quota of the lowest unassigned partitions it may take.
fn assign_ranges(state: &mut TopicState, may_assign: &dyn Fn(&str, &TopicPartition) -> bool, assignment: &mut Assignment) {
    for consumer in state.consumers.clone() {
        if state.unassigned.is_empty() {
            break;
        }
        let limit = state.max_assignable(&consumer) as usize;
        let chosen: Vec<u32> = state
            .unassigned
            .iter()
            .copied()
            .filter(|&p| may_assign(&consumer, &TopicPartition::new(state.topic.clone(), p)))
            .take(limit)
            .collect();
        if !chosen.is_empty() {
            assign_to(state, &consumer, &chosen, assignment);
        }
    }
}

/// Co-partitioned topics (same subscribers, same partition count): partition p of all of them
/// goes to the first consumer whose rack matches all and that has quota in all.
fn assign_co_partitioned(states: &mut [&mut TopicState], partitions: u32, racks: &Racks, assignment: &mut Assignment) {
    let mut remaining: Vec<String> = states[0].consumers.clone();
    for p in 0..partitions {
        let matching = remaining
            .iter()
            .find(|c| {
                states
                    .iter()
                    .all(|t| racks_match(racks, c, &TopicPartition::new(t.topic.clone(), p)) && t.max_assignable(c) > 0)
            })
            .cloned();
        if let Some(consumer) = matching {
            for t in states.iter_mut() {
                assign_to(t, &consumer, &[p], assignment);
            }
            if states.iter().all(|t| t.max_assignable(&consumer) == 0) {
                remaining.retain(|c| *c != consumer);
                if remaining.is_empty() {
                    break;
                }
            }
        }
    }
}

/// Range with rack awareness; identical to plain Range when no topic needs it.
pub fn range(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks) -> Assignment {
    let mut ordered: Vec<&MemberSubscription> = members.iter().collect();
    crate::model::sort::sort_by(&mut ordered, |a, b| member_info_order(a, b));
    let mut assignment: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect_tree();
    let mut states: Vec<TopicState> = Vec::new();
    for (topic, &n) in topics.iter().filter(|(_, &n)| n > 0) {
        let consumers: Vec<String> = ordered.iter().filter(|m| m.topics.contains(topic)).map(|m| m.member_id.clone()).collect();
        if consumers.is_empty() {
            continue;
        }
        let consumer_racks: BTreeSet<&str> = consumers.iter().filter_map(|c| racks.member_rack(c)).collect_tree();
        let per_partition: Vec<BTreeSet<&str>> = (0..n)
            .map(|p| {
                racks
                    .partitions
                    .get(&TopicPartition::new(topic.clone(), p))
                    .map(|r| r.iter().map(String::as_str).collect_tree())
                    .unwrap_or_default()
            })
            .collect();
        let all_racks: BTreeSet<&str> = per_partition.iter().flatten().copied().collect_tree();
        // kafka-behaviour.md §1.1, item 5: some consumer rack, intersecting replica racks, not all partitions alike.
        let needs_rack_aware = !consumer_racks.is_empty() && !consumer_racks.is_disjoint(&all_racks) && !per_partition.iter().all(|r| *r == all_racks);
        let count = consumers.len() as u32;
        states.push(TopicState {
            topic: topic.clone(),
            assigned_count: consumers.iter().map(|c| (c.clone(), 0)).collect_tree(),
            consumers,
            unassigned: (0..n).collect(),
            per_consumer: n / count,
            remaining_with_extra: n % count,
            needs_rack_aware,
        });
    }
    let rack_aware = states.iter().any(|s| s.needs_rack_aware);
    if rack_aware {
        // Group topics by subscriber list, then by partition count.
        let mut groups: BTreeMap<(Vec<String>, u32), Vec<usize>> = BTreeMap::new();
        for (i, s) in states.iter().enumerate() {
            groups.entry((s.consumers.clone(), s.unassigned.len() as u32)).or_default().push(i);
        }
        for ((_, partitions), indices) in groups {
            if indices.len() > 1 {
                let mut group: Vec<&mut TopicState> = states.iter_mut().enumerate().filter(|(i, _)| indices.contains(i)).map(|(_, s)| s).collect();
                assign_co_partitioned(&mut group, partitions, racks, &mut assignment);
            } else if states[indices[0]].needs_rack_aware {
                let state = &mut states[indices[0]];
                assign_ranges(state, &|c, tp| racks_match(racks, c, tp), &mut assignment);
            }
        }
    }
    for state in &mut states {
        assign_ranges(state, &|_, _| true, &mut assignment);
    }
    for list in assignment.values_mut() {
        crate::model::sort::sort(list);
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `testRackAwareAssignmentWithUniformSubscription`: 3 brokers on racks a, b, c; replica j
    /// of partition p lives on broker (p + j + offset) mod 3, offset = partitions of the topics
    /// before it (t1, t2, t3); consumer0/1/2 on racks a/b/c.
    fn vector(replication: u32) -> Assignment {
        let topics = BTreeMap::from([("t1".to_string(), 6), ("t2".to_string(), 7), ("t3".to_string(), 2)]);
        let rack_names = ["a", "b", "c"];
        let mut racks = Racks::default();
        let mut offset = 0;
        for (topic, n) in [("t1", 6u32), ("t2", 7), ("t3", 2)] {
            for p in 0..n {
                let replicas = (0..replication).map(|j| rack_names[((p + j + offset) % 3) as usize].to_string()).collect();
                racks.partitions.insert(TopicPartition::new(topic, p), replicas);
            }
            offset += n;
        }
        let all = ["t1", "t2", "t3"];
        let members: Vec<MemberSubscription> = (0..3)
            .map(|i| {
                racks.members.insert(format!("consumer{i}"), rack_names[i].to_string());
                MemberSubscription {
                    member_id: format!("consumer{i}"),
                    group_instance_id: None,
                    generation: -1,
                    topics: all.iter().map(|t| t.to_string()).collect(),
                    owned: vec![],
                }
            })
            .collect();
        range(&topics, &members, &racks)
    }

    fn names(a: &Assignment, m: &str) -> Vec<String> {
        a[m].iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reference_vector_replication_1() {
        let a = vector(1);
        assert_eq!(names(&a, "consumer0"), ["t1-0", "t1-3", "t2-0", "t2-3", "t2-6"]);
        assert_eq!(names(&a, "consumer1"), ["t1-1", "t1-4", "t2-1", "t2-4", "t3-0"]);
        assert_eq!(names(&a, "consumer2"), ["t1-2", "t1-5", "t2-2", "t2-5", "t3-1"]);
    }

    #[test]
    fn reference_vector_replication_2() {
        let a = vector(2);
        assert_eq!(names(&a, "consumer0"), ["t1-0", "t1-2", "t2-0", "t2-2", "t2-3", "t3-1"]);
        assert_eq!(names(&a, "consumer1"), ["t1-1", "t1-3", "t2-1", "t2-4", "t3-0"]);
        assert_eq!(names(&a, "consumer2"), ["t1-4", "t1-5", "t2-5", "t2-6"]);
    }

    #[test]
    fn replication_3_turns_rack_logic_off_and_equals_plain_range_r12() {
        let a = vector(3);
        assert_eq!(names(&a, "consumer0"), ["t1-0", "t1-1", "t2-0", "t2-1", "t2-2", "t3-0"]);
        assert_eq!(names(&a, "consumer1"), ["t1-2", "t1-3", "t2-3", "t2-4", "t3-1"]);
        assert_eq!(names(&a, "consumer2"), ["t1-4", "t1-5", "t2-5", "t2-6"]);
    }
}
