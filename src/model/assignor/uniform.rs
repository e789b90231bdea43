//! The KIP-848 server-side `uniform` assignor (kafka-behaviour.md §4.4): balanced and sticky, run by
//! the group coordinator over every member's current target assignment.
//!
//! Kafka iterates members in the coordinator's member order and topics in its topic-id set
//! order (random UUIDs). The simulation iterates members in the order given (the coordinator's
//! join order) and topics by name; everything else follows `UniformHomogeneousAssignmentBuilder`
//! and `UniformHeterogeneousAssignmentBuilder`.

use super::input::{Assignment, MemberSubscription};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use std::collections::{BTreeMap, BTreeSet};

pub fn assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Assignment {
    let mut assignment: Assignment = members.iter().map(|m| (m.member_id.clone(), Vec::new())).collect_tree();
    if members.is_empty() {
        return assignment;
    }
    let first: BTreeSet<&String> = members[0].topics.iter().collect_tree();
    let homogeneous = members.iter().all(|m| m.topics.iter().collect_tree::<BTreeSet<_>>() == first);
    if homogeneous {
        homogeneous_assign(topics, members, &mut assignment);
    } else {
        heterogeneous_assign(topics, members, &mut assignment);
    }
    assignment
}

/// Partitions of the subscribed topics as dense ids in (topic, partition) order.
struct Dense<'a> {
    topics: Vec<(&'a String, u32, u32)>,
    by_name: BTreeMap<&'a str, usize>,
    total: usize,
}

impl<'a> Dense<'a> {
    fn new(topics: &'a BTreeMap<String, u32>, subscribed: &'a [String]) -> Dense<'a> {
        let wanted: BTreeSet<&String> = subscribed.iter().collect_tree();
        let mut list = Vec::new();
        let mut offset = 0;
        for (t, &n) in topics.iter().filter(|(t, _)| wanted.contains(t)) {
            list.push((t, offset, n));
            offset += n;
        }
        let by_name = list.iter().enumerate().map(|(i, (t, _, _))| (t.as_str(), i)).collect_tree();
        Dense {
            topics: list,
            by_name,
            total: offset as usize,
        }
    }
    fn id(&self, tp: &TopicPartition) -> Option<usize> {
        let &(_, offset, n) = &self.topics[*self.by_name.get(&*tp.topic)?];
        (tp.partition < n).then_some((offset + tp.partition) as usize)
    }
    fn tp(&self, g: usize) -> TopicPartition {
        let i = self.topics.partition_point(|&(_, offset, _)| offset as usize <= g) - 1;
        let (t, offset, _) = self.topics[i];
        TopicPartition::new(t.clone(), g as u32 - offset)
    }
}

/// Identical subscriptions: quotas of ⌊N/M⌋, the first N mod M members (in member order) one
/// more; members keep current partitions up to their quota; the pool (never-assigned
/// partitions, then the surplus taken from members) is dealt member by member.
fn homogeneous_assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], assignment: &mut Assignment) {
    let dense = Dense::new(topics, &members[0].topics);
    let total = dense.total;
    let min_quota = total / members.len();
    let mut extra = total % members.len();
    let mut taken = vec![false; total];
    let mut owned_anywhere = vec![false; total];
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); members.len()];
    let mut surplus: Vec<usize> = Vec::new();
    let mut unfilled: Vec<(usize, usize)> = Vec::new();
    for (m, member) in members.iter().enumerate() {
        let mut quota = min_quota;
        if extra > 0 {
            quota += 1;
            extra -= 1;
        }
        let mut owned: Vec<usize> = member.owned.iter().filter_map(|tp| dense.id(tp)).collect();
        crate::model::sort::sort(&mut owned);
        owned.dedup();
        for g in owned {
            owned_anywhere[g] = true;
            if taken[g] {
                continue; // already kept by an earlier member
            }
            if lists[m].len() < quota {
                taken[g] = true;
                lists[m].push(g);
            } else {
                surplus.push(g);
            }
        }
        if lists[m].len() < quota {
            unfilled.push((m, quota - lists[m].len()));
        }
    }
    let mut pool: Vec<usize> = (0..total).filter(|&g| !owned_anywhere[g]).collect();
    pool.extend(surplus.into_iter().filter(|&g| !taken[g]));
    let mut next = pool.into_iter();
    'deal: for (m, remaining) in unfilled {
        for _ in 0..remaining {
            match next.next() {
                Some(g) => lists[m].push(g),
                None => break 'deal,
            }
        }
    }
    for (member, list) in members.iter().zip(lists) {
        assignment.insert(member.member_id.clone(), list.into_iter().map(|g| dense.tp(g)).collect());
    }
}

/// Different subscriptions: keep what is still subscribed, give each unassigned partition
/// (topics by partitions-per-subscriber descending, then fewer subscribers, then name) to its
/// least-loaded subscriber, then move partitions from fuller to emptier subscribers until no
/// subscriber holds two more than another that could take its partitions.
fn heterogeneous_assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], assignment: &mut Assignment) {
    let names: Vec<&String> = topics.keys().collect();
    let topic_index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect_tree();
    let m_count = members.len();
    // subscribes[m][t], and per topic its subscribers in member order.
    let mut subscribes = vec![vec![false; names.len()]; m_count];
    let mut subscribers: Vec<usize> = vec![0; names.len()];
    for (m, member) in members.iter().enumerate() {
        for t in member.topics.iter().filter_map(|t| topic_index.get(t.as_str())) {
            if !subscribes[m][*t] {
                subscribes[m][*t] = true;
                subscribers[*t] += 1;
            }
        }
    }
    let mut lists: Vec<Vec<TopicPartition>> = vec![Vec::new(); m_count];
    let mut held = vec![vec![0u32; names.len()]; m_count];
    let mut owned_set: BTreeSet<TopicPartition> = BTreeSet::new();
    for (m, member) in members.iter().enumerate() {
        let mut owned = member.owned.clone();
        crate::model::sort::sort(&mut owned);
        owned.dedup();
        for tp in owned {
            let Some(&t) = topic_index.get(&*tp.topic) else { continue };
            if tp.partition < topics[&*tp.topic] && subscribes[m][t] && owned_set.insert(tp.clone()) {
                held[m][t] += 1;
                lists[m].push(tp);
            }
        }
    }
    // The coordinator's view of load: (assigned count, member order).
    let mut load: BTreeSet<(usize, usize)> = (0..m_count).map(|m| (lists[m].len(), m)).collect_tree();
    let mut topic_order: Vec<usize> = (0..names.len()).filter(|&t| subscribers[t] > 0).collect();
    crate::model::sort::sort_by(&mut topic_order, |&a, &b| {
        let (pa, sa) = (topics[names[a]] as u64, subscribers[a] as u64);
        let (pb, sb) = (topics[names[b]] as u64, subscribers[b] as u64);
        (pb * sa).cmp(&(pa * sb)).then(sa.cmp(&sb)).then(a.cmp(&b))
    });
    let give = |lists: &mut Vec<Vec<TopicPartition>>, held: &mut Vec<Vec<u32>>, load: &mut BTreeSet<(usize, usize)>, m: usize, tp: TopicPartition, t: usize| {
        load.remove(&(lists[m].len(), m));
        lists[m].push(tp);
        held[m][t] += 1;
        load.insert((lists[m].len(), m));
    };
    for &t in &topic_order {
        for p in 0..topics[names[t]] {
            let tp = TopicPartition::new(names[t].clone(), p);
            if owned_set.contains(&tp) {
                continue;
            }
            let target = load.iter().map(|&(_, m)| m).find(|&m| subscribes[m][t]).expect("the topic has subscribers");
            give(&mut lists, &mut held, &mut load, target, tp, t);
        }
    }
    // Balance. Each move narrows a gap of two or more, so the number of moves is bounded by
    // the total imbalance; the pass limit only guards against a bug here.
    for _pass in 0..10_000 {
        let mut moved = false;
        for &t in &topic_order {
            loop {
                let fullest = load.iter().rev().map(|&(_, m)| m).find(|&m| held[m][t] > 0);
                let emptiest = load.iter().map(|&(_, m)| m).find(|&m| subscribes[m][t]);
                let (Some(from), Some(to)) = (fullest, emptiest) else { break };
                if lists[from].len() <= lists[to].len() + 1 {
                    break;
                }
                let i = lists[from]
                    .iter()
                    .rposition(|tp| *tp.topic == **names[t])
                    .expect("holds a partition of the topic");
                load.remove(&(lists[from].len(), from));
                let tp = lists[from].remove(i);
                held[from][t] -= 1;
                load.insert((lists[from].len(), from));
                give(&mut lists, &mut held, &mut load, to, tp, t);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    for (member, mut list) in members.iter().zip(lists) {
        crate::model::sort::sort(&mut list);
        assignment.insert(member.member_id.clone(), list);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str, topics: &[&str], owned: &[(&str, u32)]) -> MemberSubscription {
        MemberSubscription {
            member_id: id.into(),
            group_instance_id: None,
            generation: -1,
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: owned.iter().map(|(t, p)| TopicPartition::new(*t, *p)).collect(),
        }
    }

    #[test]
    fn homogeneous_is_balanced_and_sticky() {
        let topics = BTreeMap::from([("t".to_string(), 7)]);
        let fresh = assign(&topics, &[member("a", &["t"], &[]), member("b", &["t"], &[]), member("c", &["t"], &[])]);
        let sizes: Vec<usize> = fresh.values().map(Vec::len).collect();
        assert_eq!(sizes, vec![3, 2, 2], "the first member in order gets the extra one");
        // c leaves, d joins: a and b keep their partitions; d gets c's.
        let owned = |m: &str| fresh[m].iter().map(|tp| (&*tp.topic, tp.partition)).collect::<Vec<_>>();
        let next = assign(
            &topics,
            &[member("a", &["t"], &owned("a")), member("b", &["t"], &owned("b")), member("d", &["t"], &[])],
        );
        assert_eq!(next["a"], fresh["a"]);
        assert_eq!(next["b"], fresh["b"]);
        assert_eq!(next["d"], fresh["c"]);
    }

    #[test]
    fn heterogeneous_respects_subscriptions_and_balance() {
        let topics = BTreeMap::from([("x".to_string(), 6), ("y".to_string(), 2)]);
        let a = assign(&topics, &[member("a", &["x", "y"], &[]), member("b", &["x"], &[]), member("c", &["y"], &[])]);
        assert!(a["b"].iter().all(|tp| &*tp.topic == "x"));
        assert!(a["c"].iter().all(|tp| &*tp.topic == "y"));
        assert_eq!(a.values().map(Vec::len).sum::<usize>(), 8);
        let sizes: Vec<usize> = a.values().map(Vec::len).collect();
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 2, "{a:?}");
    }
}
