//! `StickyAssignor` and `CooperativeStickyAssignor` (reference §1.4): the shared
//! AbstractSticky algorithm, its constrained (identical subscriptions) and general paths, and
//! the cooperative wrapper that withholds partitions changing owner.
//!
//! Where Kafka iterates a Java `HashMap`/`HashSet`, the iteration order is emulated
//! (`java_order`), so results match Kafka exactly, list order included.

use super::{Assignment, MemberSubscription};
use crate::model::cluster::TopicPartition;
use crate::model::java::{compare_strings, string_hash_code};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// One assignor run: the assignment and which path Kafka took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: Assignment,
    pub general_path: bool,
    /// partition → its new owner, for partitions that change owner (constrained path only).
    pub transferring: Option<BTreeMap<TopicPartition, String>>,
}

// ---- Java collection order -------------------------------------------------------------------

/// Java's `HashMap.hash`: the hash code with its high half folded into the low half.
fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// Table capacity of a `new HashMap<>()` after `size` insertions (doubling past 0.75 load).
fn capacity_for(size: usize) -> u32 {
    let mut capacity = 16u32;
    while size as u64 * 4 > capacity as u64 * 3 {
        capacity *= 2;
    }
    capacity
}

/// The order in which a Java `HashMap<String, _>` filled in the order of `keys` iterates them:
/// bucket index ascending, insertion order within a bucket (§0).
pub fn java_order(keys: &[String]) -> Vec<usize> {
    let mask = capacity_for(keys.len()) - 1;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (spread(string_hash_code(&keys[i])) & mask, i));
    order
}

/// `TopicPartition.hashCode()`.
fn topic_partition_hash(tp: &TopicPartition) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(tp.partition as i32))
        .wrapping_add(string_hash_code(&tp.topic))
}

/// A Java `HashSet<TopicPartition>` just far enough to know which element its iterator
/// returns first.
#[derive(Clone, Debug, Default)]
struct JavaTpSet {
    items: Vec<(TopicPartition, u64)>,
    next_seq: u64,
    capacity: u32,
}

impl JavaTpSet {
    fn insert(&mut self, tp: TopicPartition) {
        if self.items.iter().any(|(t, _)| *t == tp) {
            return;
        }
        self.items.push((tp, self.next_seq));
        self.next_seq += 1;
        self.capacity = self.capacity.max(capacity_for(self.items.len()));
    }
    fn remove(&mut self, tp: &TopicPartition) {
        self.items.retain(|(t, _)| t != tp);
    }
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    fn first(&self) -> Option<&TopicPartition> {
        let mask = self.capacity.max(16) - 1;
        self.items
            .iter()
            .min_by_key(|(tp, seq)| (spread(topic_partition_hash(tp)) & mask, *seq))
            .map(|(tp, _)| tp)
    }
}

fn java_cmp_tp_partition_first(a: &TopicPartition, b: &TopicPartition) -> Ordering {
    a.partition.cmp(&b.partition).then_with(|| compare_strings(&a.topic, &b.topic))
}

// ---- shared validation (allSubscriptionsEqual) -----------------------------------------------

struct Validated {
    /// Members in the order Kafka iterates its subscription map.
    order: Vec<String>,
    all_equal: bool,
    owned: BTreeMap<String, Vec<TopicPartition>>,
    claimed_by_many: BTreeSet<TopicPartition>,
    max_generation: i32,
}

fn generation_of(m: &MemberSubscription) -> i32 {
    m.generation.max(-1)
}

fn validate(partitions_per_topic: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Validated {
    let ids: Vec<String> = members.iter().map(|m| m.member_id.clone()).collect();
    let order: Vec<String> = java_order(&ids).into_iter().map(|i| ids[i].clone()).collect();
    let by_id: BTreeMap<&str, &MemberSubscription> = members.iter().map(|m| (m.member_id.as_str(), m)).collect();
    let mut all_equal = true;
    let mut reference: BTreeSet<&str> = BTreeSet::new();
    let mut owned: BTreeMap<String, Vec<TopicPartition>> = BTreeMap::new();
    let mut owner_of: BTreeMap<TopicPartition, String> = BTreeMap::new();
    let mut claimed_by_many = BTreeSet::new();
    let mut max_generation = -1;
    for id in &order {
        let member = by_id[id.as_str()];
        let topics: BTreeSet<&str> = member.topics.iter().map(String::as_str).collect();
        if reference.is_empty() {
            reference = topics;
        } else if all_equal && topics != reference {
            all_equal = false;
        }
        let generation = generation_of(member);
        max_generation = max_generation.max(generation);
        owned.insert(id.clone(), Vec::new());
        for tp in &member.owned {
            if !partitions_per_topic.contains_key(&tp.topic) {
                continue;
            }
            match owner_of.get(tp).cloned() {
                None => {
                    owned.get_mut(id).expect("inserted above").push(tp.clone());
                    owner_of.insert(tp.clone(), id.clone());
                }
                Some(other) => {
                    let other_generation = generation_of(by_id[other.as_str()]);
                    match generation.cmp(&other_generation) {
                        Ordering::Equal => {
                            // Two members of one generation claim it: it is taken from both.
                            claimed_by_many.insert(tp.clone());
                            owned.get_mut(&other).expect("claimer has an entry").retain(|t| t != tp);
                            owner_of.insert(tp.clone(), id.clone());
                        }
                        Ordering::Greater => {
                            owned.get_mut(id).expect("inserted above").push(tp.clone());
                            owned.get_mut(&other).expect("claimer has an entry").retain(|t| t != tp);
                            owner_of.insert(tp.clone(), id.clone());
                        }
                        Ordering::Less => {}
                    }
                }
            }
        }
    }
    Validated {
        order,
        all_equal,
        owned,
        claimed_by_many,
        max_generation,
    }
}

/// Topics that take part: subscribed by some member and with at least one partition.
fn subscribed_topics(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> BTreeMap<String, u32> {
    topics
        .iter()
        .filter(|(t, &n)| n > 0 && members.iter().any(|m| m.topics.contains(t)))
        .map(|(t, &n)| (t.clone(), n))
        .collect()
}

fn java_sorted_topics(partitions_per_topic: &BTreeMap<String, u32>) -> Vec<String> {
    let mut topics: Vec<String> = partitions_per_topic.keys().cloned().collect();
    topics.sort_by(|a, b| compare_strings(a, b));
    topics
}

// ---- constrained path ------------------------------------------------------------------------

fn constrained(partitions_per_topic: &BTreeMap<String, u32>, v: &Validated) -> (Assignment, BTreeMap<TopicPartition, String>) {
    let total: usize = partitions_per_topic.values().map(|&n| n as usize).sum();
    let members = v.order.len();
    let min_quota = total / members;
    let max_quota = total.div_ceil(members);
    let expected_max = total % members;
    let mut current_max = 0;
    let mut assignment: Assignment = v.order.iter().map(|id| (id.clone(), Vec::new())).collect();
    let mut assigned: BTreeSet<TopicPartition> = BTreeSet::new();
    let mut revoked: BTreeSet<TopicPartition> = BTreeSet::new();
    let mut under_min: Vec<String> = Vec::new();
    let mut exactly_min: Vec<String> = Vec::new();
    let mut transferring = BTreeMap::new();

    // 1. Keep owned partitions, members in HashMap order.
    for id in &v.order {
        let mut mine: Vec<TopicPartition> = v.owned[id].iter().filter(|tp| !v.claimed_by_many.contains(*tp)).cloned().collect();
        mine.sort_by(java_cmp_tp_partition_first);
        let keep = if mine.len() < min_quota {
            under_min.push(id.clone());
            mine.len()
        } else if mine.len() >= max_quota && current_max < expected_max {
            current_max += 1;
            if current_max == expected_max {
                exactly_min.clear();
            }
            max_quota
        } else {
            if current_max < expected_max {
                exactly_min.push(id.clone());
            }
            min_quota
        };
        revoked.extend(mine[keep..].iter().cloned());
        assigned.extend(mine[..keep].iter().cloned());
        assignment.get_mut(id).expect("every member has an entry").extend(mine.into_iter().take(keep));
    }

    // 2. Unassigned partitions in (topic, partition) order.
    let mut unassigned = Vec::new();
    for topic in java_sorted_topics(partitions_per_topic) {
        for p in 0..partitions_per_topic[&topic] {
            let tp = TopicPartition::new(topic.clone(), p);
            if !assigned.contains(&tp) {
                unassigned.push(tp);
            }
        }
    }

    // 3. Round-robin over the members under minQuota, then those at exactly minQuota.
    under_min.sort_by(|a, b| compare_strings(a, b));
    exactly_min.sort_by(|a, b| compare_strings(a, b));
    let mut cursor = 0usize; // a Java LinkedList iterator over under_min
    for tp in unassigned {
        let (member, from_iterator) = if cursor < under_min.len() {
            cursor += 1;
            (under_min[cursor - 1].clone(), Some(cursor - 1))
        } else if !under_min.is_empty() {
            cursor = 1;
            (under_min[0].clone(), Some(0))
        } else if !exactly_min.is_empty() {
            (exactly_min.remove(0), None)
        } else {
            // Kafka throws IllegalStateException here; the quotas make it unreachable.
            debug_assert!(false, "no member can take {tp}: quota arithmetic is broken");
            break;
        };
        let list = assignment.get_mut(&member).expect("every member has an entry");
        list.push(tp.clone());
        let count = list.len();
        if revoked.contains(&tp) || v.claimed_by_many.contains(&tp) {
            transferring.insert(tp.clone(), member.clone());
        }
        if count == min_quota {
            if let Some(i) = from_iterator {
                under_min.remove(i);
                cursor = i;
            }
            exactly_min.push(member);
        } else if count == max_quota {
            current_max += 1;
        }
    }
    debug_assert!(current_max <= expected_max, "more members at maxQuota than N mod M");
    (assignment, transferring)
}

// ---- general path ----------------------------------------------------------------------------

struct General<'a> {
    partitions_per_topic: &'a BTreeMap<String, u32>,
    current: BTreeMap<String, Vec<TopicPartition>>,
    owner: BTreeMap<TopicPartition, String>,
    topic_members: BTreeMap<String, Vec<String>>,
    member_topics: BTreeMap<String, Vec<String>>,
    /// partition → (source, destination) of its net movement so far.
    movements: BTreeMap<TopicPartition, (String, String)>,
    movements_by_topic: BTreeMap<String, BTreeMap<(String, String), JavaTpSet>>,
}

impl General<'_> {
    fn count(&self, member: &str) -> usize {
        self.current.get(member).map_or(0, Vec::len)
    }

    /// The TreeSet of members by (assigned count, member id).
    fn sorted_members(&self) -> Vec<String> {
        let mut members: Vec<String> = self.current.keys().cloned().collect();
        members.sort_by(|a, b| self.count(a).cmp(&self.count(b)).then_with(|| compare_strings(a, b)));
        members
    }

    fn max_assignment_size(&self, member: &str) -> usize {
        self.member_topics[member].iter().map(|t| self.partitions_per_topic[t] as usize).sum()
    }

    fn topic_movable(&self, topic: &str) -> bool {
        self.topic_members.get(topic).is_some_and(|m| m.len() >= 2)
    }

    fn member_movable(&self, member: &str) -> bool {
        let size = self.count(member);
        size < self.max_assignment_size(member) || self.current[member].iter().any(|tp| self.topic_movable(&tp.topic))
    }

    fn first_eligible(&self, topic: &str) -> Option<String> {
        self.sorted_members().into_iter().find(|m| self.member_topics[m].iter().any(|t| t == topic))
    }

    fn is_balanced(&self) -> bool {
        let sorted = self.sorted_members();
        let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
            return true;
        };
        if self.count(first) + 1 >= self.count(last) {
            return true;
        }
        for member in &sorted {
            let count = self.count(member);
            if count == self.max_assignment_size(member) {
                continue;
            }
            for topic in &self.member_topics[member] {
                for p in 0..self.partitions_per_topic[topic] {
                    let tp = TopicPartition::new(topic.clone(), p);
                    match self.owner.get(&tp) {
                        Some(other) if other != member => {
                            if count + 1 < self.count(other) {
                                return false;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        true
    }

    fn actual_partition_to_move(&self, tp: &TopicPartition, old: &str, new: &str) -> TopicPartition {
        let Some(by_pair) = self.movements_by_topic.get(&tp.topic) else {
            return tp.clone();
        };
        let old = match self.movements.get(tp) {
            Some((src, _)) => src.as_str(),
            None => old,
        };
        match by_pair.get(&(new.to_string(), old.to_string())) {
            Some(set) => set.first().cloned().unwrap_or_else(|| tp.clone()),
            None => tp.clone(),
        }
    }

    fn record_move(&mut self, tp: &TopicPartition, old: &str, new: &str) {
        let pair = if let Some((src, dst)) = self.movements.remove(tp) {
            debug_assert_eq!(dst, old);
            self.remove_movement_by_topic(tp, &(src.clone(), dst));
            if src == new {
                return; // moved back home: no net movement
            }
            (src, new.to_string())
        } else {
            (old.to_string(), new.to_string())
        };
        self.movements.insert(tp.clone(), pair.clone());
        self.movements_by_topic
            .entry(tp.topic.clone())
            .or_default()
            .entry(pair)
            .or_default()
            .insert(tp.clone());
    }

    fn remove_movement_by_topic(&mut self, tp: &TopicPartition, pair: &(String, String)) {
        if let Some(by_pair) = self.movements_by_topic.get_mut(&tp.topic) {
            if let Some(set) = by_pair.get_mut(pair) {
                set.remove(tp);
                if set.is_empty() {
                    by_pair.remove(pair);
                }
            }
            if by_pair.is_empty() {
                self.movements_by_topic.remove(&tp.topic);
            }
        }
    }

    fn move_partition(&mut self, tp: &TopicPartition, new: &str) {
        let old = self.owner[tp].clone();
        let actual = self.actual_partition_to_move(tp, &old, new);
        let actual_old = self.owner[&actual].clone();
        self.record_move(&actual, &actual_old, new);
        self.current.get_mut(&actual_old).expect("owner is a member").retain(|t| *t != actual);
        self.current.get_mut(new).expect("target is a member").push(actual.clone());
        self.owner.insert(actual, new.to_string());
    }

    fn perform_reassignments(&mut self, partitions: &[TopicPartition], prev: &BTreeMap<TopicPartition, (String, i32)>) -> bool {
        let mut performed = false;
        // Bounded: every pass that moves something lowers the imbalance or undoes a swap; Kafka
        // has no bound, so a generous one only guards against a bug here.
        for _pass in 0..10_000 {
            let mut modified = false;
            for tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(consumer) = self.owner.get(tp).cloned() else { continue };
                if let Some((prev_owner, _)) = prev.get(tp) {
                    if self.current.contains_key(prev_owner) && self.count(&consumer) > self.count(prev_owner) + 1 {
                        let prev_owner = prev_owner.clone();
                        self.move_partition(tp, &prev_owner);
                        performed = true;
                        modified = true;
                        continue;
                    }
                }
                let others = self.topic_members[&tp.topic].clone();
                if others
                    .iter()
                    .any(|other| self.current.contains_key(other) && self.count(&consumer) > self.count(other) + 1)
                {
                    if let Some(target) = self.first_eligible(&tp.topic) {
                        self.move_partition(tp, &target);
                        performed = true;
                        modified = true;
                    }
                }
            }
            if !modified {
                return performed;
            }
        }
        performed
    }
}

fn balance_score(assignment: &BTreeMap<String, Vec<TopicPartition>>) -> u64 {
    let sizes: Vec<i64> = assignment.values().map(|l| l.len() as i64).collect();
    let mut score = 0;
    for i in 0..sizes.len() {
        for j in i + 1..sizes.len() {
            score += (sizes[i] - sizes[j]).unsigned_abs();
        }
    }
    score
}

fn general(partitions_per_topic: &BTreeMap<String, u32>, members: &[MemberSubscription], v: &Validated) -> Assignment {
    let by_id: BTreeMap<&str, &MemberSubscription> = members.iter().map(|m| (m.member_id.as_str(), m)).collect();
    let mut topic_members: BTreeMap<String, Vec<String>> = partitions_per_topic.keys().map(|t| (t.clone(), Vec::new())).collect();
    let mut member_topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for id in &v.order {
        let topics: Vec<String> = by_id[id.as_str()]
            .topics
            .iter()
            .filter(|t| partitions_per_topic.contains_key(*t))
            .cloned()
            .collect();
        for t in &topics {
            topic_members.get_mut(t).expect("filtered to known topics").push(id.clone());
        }
        member_topics.insert(id.clone(), topics);
    }
    let mut current = v.owned.clone();
    let mut owner: BTreeMap<TopicPartition, String> = BTreeMap::new();
    for (id, list) in &current {
        for tp in list {
            owner.insert(tp.clone(), id.clone());
        }
    }

    // Previous owners from older generations.
    let mut prev: BTreeMap<TopicPartition, (String, i32)> = BTreeMap::new();
    for id in &v.order {
        let m = by_id[id.as_str()];
        let generation = if m.generation >= 0 && m.generation < v.max_generation {
            m.generation
        } else if m.generation < 0 && v.max_generation > -1 {
            -1
        } else {
            continue;
        };
        for tp in &m.owned {
            if prev.get(tp).is_none_or(|(_, g)| generation > *g) {
                prev.insert(tp.clone(), (id.clone(), generation));
            }
        }
    }

    // Partitions in processing order: topics by (potential members, name).
    let mut sorted_topics: Vec<String> = partitions_per_topic.keys().cloned().collect();
    sorted_topics.sort_by(|a, b| topic_members[a].len().cmp(&topic_members[b].len()).then_with(|| compare_strings(a, b)));
    let sorted_partitions: Vec<TopicPartition> = sorted_topics
        .iter()
        .flat_map(|t| (0..partitions_per_topic[t]).map(move |p| TopicPartition::new(t.clone(), p)))
        .collect();

    // Keep valid owned partitions; note revocations forced by subscription changes.
    let mut revocation_required = false;
    let mut kept: BTreeSet<TopicPartition> = BTreeSet::new();
    for id in &v.order {
        let subscribed = &by_id[id.as_str()].topics;
        let list = current.get_mut(id).expect("every member has an entry");
        list.retain(|tp| {
            if !partitions_per_topic.contains_key(&tp.topic) || tp.partition >= partitions_per_topic[&tp.topic] {
                owner.remove(tp);
                false
            } else if !subscribed.contains(&tp.topic) {
                revocation_required = true;
                false
            } else {
                kept.insert(tp.clone());
                true
            }
        });
    }
    let mut unassigned: Vec<TopicPartition> = sorted_partitions.iter().filter(|tp| !kept.contains(*tp)).cloned().collect();

    let mut g = General {
        partitions_per_topic,
        current,
        owner,
        topic_members,
        member_topics,
        movements: BTreeMap::new(),
        movements_by_topic: BTreeMap::new(),
    };
    let initializing = g.sorted_members().last().is_none_or(|m| g.count(m) == 0);

    // Initial placement: least-loaded eligible member, ties by member id.
    for tp in &unassigned {
        if let Some(target) = g.first_eligible(&tp.topic) {
            g.current.get_mut(&target).expect("member").push(tp.clone());
            g.owner.insert(tp.clone(), target);
        }
    }

    // Only movable partitions and members take part in rebalancing.
    let fixed_topics: BTreeSet<String> = g.topic_members.keys().filter(|t| !g.topic_movable(t)).cloned().collect();
    let mut movable_partitions = sorted_partitions.clone();
    movable_partitions.retain(|tp| !fixed_topics.contains(&tp.topic));
    unassigned.retain(|tp| !fixed_topics.contains(&tp.topic));
    let fixed_members: Vec<String> = g.member_topics.keys().filter(|m| !g.member_movable(m)).cloned().collect();
    let mut fixed_assignments = BTreeMap::new();
    for m in &fixed_members {
        if let Some(list) = g.current.remove(m) {
            fixed_assignments.insert(m.clone(), list);
        }
    }

    let snapshot = (g.current.clone(), g.owner.clone());
    if !revocation_required {
        g.perform_reassignments(&unassigned, &prev);
    }
    let performed = g.perform_reassignments(&movable_partitions, &prev);
    if !initializing && performed && balance_score(&g.current) >= balance_score(&snapshot.0) {
        g.current = snapshot.0;
        g.owner = snapshot.1;
    }
    g.current.extend(fixed_assignments);
    g.current
}

// ---- entry points ----------------------------------------------------------------------------

/// One run of the AbstractSticky algorithm (the eager `sticky` assignor's answer).
pub fn assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> StickyOutcome {
    let partitions_per_topic = subscribed_topics(topics, members);
    if members.is_empty() {
        return StickyOutcome {
            assignment: Assignment::new(),
            general_path: false,
            transferring: Some(BTreeMap::new()),
        };
    }
    let v = validate(&partitions_per_topic, members);
    if v.all_equal {
        let (assignment, transferring) = constrained(&partitions_per_topic, &v);
        StickyOutcome {
            assignment,
            general_path: false,
            transferring: Some(transferring),
        }
    } else {
        let assignment = general(&partitions_per_topic, members, &v);
        StickyOutcome {
            assignment,
            general_path: true,
            transferring: None,
        }
    }
}

/// `CooperativeStickyAssignor`: the sticky answer minus every partition that changes owner
/// (its new owner receives it in a follow-up rebalance, after the old owner revoked it).
pub fn assign_cooperative(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> StickyOutcome {
    let mut outcome = assign(topics, members);
    let transferring: BTreeMap<TopicPartition, String> = match outcome.transferring.take() {
        Some(map) => map,
        None => {
            // General path: partitions some member gains and some member loses.
            let mut added = BTreeMap::new();
            let mut revoked = BTreeSet::new();
            for m in members {
                let assigned: BTreeSet<&TopicPartition> = outcome.assignment.get(&m.member_id).map(|a| a.iter().collect()).unwrap_or_default();
                let owned: BTreeSet<&TopicPartition> = m.owned.iter().collect();
                for tp in assigned.iter().filter(|tp| !owned.contains(*tp)) {
                    added.insert((*tp).clone(), m.member_id.clone());
                }
                for tp in owned.iter().filter(|tp| !assigned.contains(*tp)) {
                    revoked.insert((*tp).clone());
                }
            }
            added.retain(|tp, _| revoked.contains(tp));
            added
        }
    };
    for (tp, member) in &transferring {
        if let Some(list) = outcome.assignment.get_mut(member) {
            list.retain(|t| t != tp);
        }
    }
    outcome.transferring = Some(transferring);
    outcome
}

/// Consecutive cooperative rebalances: after each round every member owns its result and its
/// generation moves on; stops at the first round in which nobody loses a partition it owned.
pub fn cooperative_rounds(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> Vec<StickyOutcome> {
    let mut rounds = Vec::new();
    let mut members = members.to_vec();
    // Bounded: a partition moves in two rounds; more than a handful means a bug.
    for _ in 0..16 {
        let outcome = assign_cooperative(topics, &members);
        let revoked_any = members.iter().any(|m| {
            let assigned: BTreeSet<&TopicPartition> = outcome.assignment.get(&m.member_id).map(|a| a.iter().collect()).unwrap_or_default();
            m.owned.iter().any(|tp| !assigned.contains(tp))
        });
        for m in &mut members {
            m.owned = outcome.assignment.get(&m.member_id).cloned().unwrap_or_default();
            m.generation = m.generation.max(0) + 1;
        }
        rounds.push(outcome);
        if !revoked_any {
            break;
        }
    }
    rounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_hashmap_order_examples_from_reference() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let keys = names(&["consumer1", "consumer2", "consumer3"]);
        let order: Vec<&str> = java_order(&keys).into_iter().map(|i| keys[i].as_str()).collect();
        assert_eq!(order, ["consumer3", "consumer2", "consumer1"]);
        let keys = names(&["C0", "C1", "C2"]);
        assert_eq!(java_order(&keys), vec![0, 1, 2]);
        let keys = names(&["consumer0", "consumer1", "consumer2"]);
        assert_eq!(java_order(&keys), vec![2, 1, 0]);
    }

    #[test]
    fn capacity_grows_past_three_quarters() {
        assert_eq!(capacity_for(12), 16);
        assert_eq!(capacity_for(13), 32);
        assert_eq!(capacity_for(25), 64);
    }
}
