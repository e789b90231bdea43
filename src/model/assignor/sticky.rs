//! `StickyAssignor` and `CooperativeStickyAssignor` (kafka-behaviour.md §1.4): the shared
//! AbstractSticky algorithm, its constrained (identical subscriptions) and general paths, and
//! the cooperative wrapper that withholds partitions changing owner.
//!
//! Where Kafka iterates a Java `HashMap`/`HashSet`, the iteration order is emulated
//! (`java::java_order`), so results match Kafka exactly, list order included.

use super::input::{Assignment, MemberSubscription};
use super::rack::Racks;
use super::record::{FillFrom, KeepList, Recorder, Step};
use crate::model::java::{capacity_for, compare_strings, java_order, spread, string_hash_code};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// One assignor run: the assignment and which path Kafka took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyOutcome {
    pub assignment: Assignment,
    pub general_path: bool,
    /// partition → its new owner, for partitions that change owner (constrained path only).
    pub transferring: Option<BTreeMap<TopicPartition, String>>,
}

/// Dense numbering of the partitions taking part: global id `g` = offset of its topic (topics
/// in Java string order) + partition, so `g` order is Kafka's (topic, partition) order and
/// per-partition state lives in plain vectors.
struct Index {
    topics: Vec<String>,
    topic_hash: Vec<i32>,
    offsets: Vec<u32>,
    counts: Vec<u32>,
    topic_of: Vec<u32>,
    total: usize,
    /// Topic name → index (byte-order map: lookups only, never iterated for order).
    by_name: BTreeMap<String, u32>,
}

impl Index {
    fn new(partitions_per_topic: &BTreeMap<String, u32>) -> Index {
        let mut topics: Vec<String> = partitions_per_topic.keys().cloned().collect();
        crate::model::sort::sort_by(&mut topics, |a, b| compare_strings(a, b));
        let mut offsets = Vec::with_capacity(topics.len());
        let mut counts = Vec::with_capacity(topics.len());
        let mut topic_of = Vec::new();
        let mut total = 0u32;
        for (t, topic) in topics.iter().enumerate() {
            let n = partitions_per_topic[topic];
            offsets.push(total);
            counts.push(n);
            topic_of.extend(std::iter::repeat_n(t as u32, n as usize));
            total += n;
        }
        let topic_hash = topics.iter().map(|t| string_hash_code(t)).collect();
        let by_name = topics.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect_tree();
        Index {
            topics,
            topic_hash,
            offsets,
            counts,
            topic_of,
            total: total as usize,
            by_name,
        }
    }
    fn topic_index(&self, topic: &str) -> Option<u32> {
        self.by_name.get(topic).copied()
    }
    fn id(&self, tp: &TopicPartition) -> Option<u32> {
        let t = self.topic_index(&tp.topic)?;
        (tp.partition < self.counts[t as usize]).then(|| self.offsets[t as usize] + tp.partition)
    }
    fn partition(&self, g: u32) -> u32 {
        g - self.offsets[self.topic_of[g as usize] as usize]
    }
    fn tp(&self, g: u32) -> TopicPartition {
        TopicPartition::new(self.topics[self.topic_of[g as usize] as usize].clone(), self.partition(g))
    }
    /// `TopicPartition.hashCode()`.
    fn java_hash(&self, g: u32) -> i32 {
        31i32
            .wrapping_mul(31i32.wrapping_add(self.partition(g) as i32))
            .wrapping_add(self.topic_hash[self.topic_of[g as usize] as usize])
    }
}

const NONE: u32 = u32::MAX;

// ---- rack awareness (KIP-881, `RackInfo`) ----------------------------------------------------

/// What the sticky assignors know of racks, on dense ids. Rack-aware assignment is on only when
/// some member has a `client.rack`, some replica rack equals a member's rack, and not every
/// partition has the same replica-rack set; otherwise every query answers as if there were no
/// racks (and the non-rack algorithm runs unchanged).
struct RackInfo {
    /// Per member: its rack (an index into the rack names); empty when rack logic is off.
    member_rack: Vec<Option<u32>>,
    /// Per partition: its replicas' racks, sorted; empty when rack logic is off.
    partition_racks: Vec<Vec<u32>>,
    /// Per partition: how many members sit on its replicas' racks; empty when off.
    members_on_racks: Vec<u32>,
}

impl RackInfo {
    fn off() -> RackInfo {
        RackInfo {
            member_rack: Vec::new(),
            partition_racks: Vec::new(),
            members_on_racks: Vec::new(),
        }
    }

    fn new(index: &Index, members: &[MemberSubscription], racks: &Racks) -> RackInfo {
        let member_rack_name: Vec<Option<&str>> = members
            .iter()
            .map(|m| racks.members.get(&m.member_id).map(String::as_str).filter(|r| !r.is_empty()))
            .collect();
        if member_rack_name.iter().all(Option::is_none) {
            return RackInfo::off();
        }
        // Rack names → dense ids (a lookup table; never iterated for order).
        fn id_of<'a>(name: &'a str, ids: &mut BTreeMap<&'a str, u32>) -> u32 {
            let next = ids.len() as u32;
            *ids.entry(name).or_insert(next)
        }
        let mut ids: BTreeMap<&str, u32> = BTreeMap::new();
        let mut member_rack = Vec::with_capacity(members.len());
        for name in &member_rack_name {
            member_rack.push(name.map(|n| id_of(n, &mut ids)));
        }
        let mut partition_racks: Vec<Vec<u32>> = vec![Vec::new(); index.total];
        for (tp, names) in &racks.partitions {
            let Some(g) = index.id(tp) else { continue };
            let mut list: Vec<u32> = names.iter().filter(|n| !n.is_empty()).map(|n| id_of(n, &mut ids)).collect();
            crate::model::sort::sort(&mut list);
            list.dedup();
            partition_racks[g as usize] = list;
        }
        let member_racks: BTreeSet<u32> = member_rack.iter().flatten().copied().collect_tree();
        let all_partition_racks: BTreeSet<u32> = partition_racks.iter().flatten().copied().collect_tree();
        let intersect = !member_racks.is_disjoint(&all_partition_racks);
        let all_alike = partition_racks.iter().all(|r| r.len() == all_partition_racks.len());
        if !intersect || all_alike {
            // Off. (Kafka still sorts the constrained path's unassigned partitions by members on
            // their racks, but then every partition has the same count: the sort changes nothing.)
            return RackInfo::off();
        }
        let mut members_per_rack = vec![0u32; ids.len()];
        for r in member_rack.iter().flatten() {
            members_per_rack[*r as usize] += 1;
        }
        let members_on_racks = partition_racks
            .iter()
            .map(|list| list.iter().map(|&r| members_per_rack[r as usize]).sum())
            .collect();
        RackInfo {
            member_rack,
            partition_racks,
            members_on_racks,
        }
    }

    fn is_on(&self) -> bool {
        !self.member_rack.is_empty()
    }

    fn rack_of(&self, m: usize) -> Option<u32> {
        self.member_rack.get(m).copied().flatten()
    }

    /// `racksMismatch`: the member has a rack and no replica of the partition is on it. A member
    /// without a rack matches everything.
    fn mismatch(&self, m: usize, g: u32) -> bool {
        self.rack_of(m).is_some_and(|r| !self.partition_racks[g as usize].contains(&r))
    }

    /// `nextRackConsumer`'s test: the member has a rack and a replica of the partition is on it.
    fn on_same_rack(&self, m: usize, g: u32) -> bool {
        self.rack_of(m).is_some_and(|r| self.partition_racks[g as usize].contains(&r))
    }

    /// `nextRackConsumer`: the first index from `first` (wrapping) whose member is on a rack of
    /// the partition.
    fn next_rack_member(&self, g: u32, len: usize, member_at: impl Fn(usize) -> usize, first: usize) -> Option<usize> {
        if self.partition_racks[g as usize].is_empty() {
            return None;
        }
        (0..len).map(|i| (first + i) % len).find(|&i| self.on_same_rack(member_at(i), g))
    }
}

/// A Java `HashSet<TopicPartition>` just far enough to know which element its iterator
/// returns first.
#[derive(Clone, Debug, Default)]
struct JavaTpSet {
    items: Vec<(u32, u64)>,
    next_seq: u64,
    capacity: u32,
}

impl JavaTpSet {
    fn insert(&mut self, g: u32) {
        if self.items.iter().any(|(t, _)| *t == g) {
            return;
        }
        self.items.push((g, self.next_seq));
        self.next_seq += 1;
        self.capacity = self.capacity.max(capacity_for(self.items.len()));
    }
    fn remove(&mut self, g: u32) {
        self.items.retain(|(t, _)| *t != g);
    }
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
    fn first(&self, index: &Index) -> Option<u32> {
        let mask = self.capacity.max(16) - 1;
        self.items
            .iter()
            .min_by_key(|(g, seq)| (spread(index.java_hash(*g)) & mask, *seq))
            .map(|(g, _)| *g)
    }
}

// ---- shared validation (allSubscriptionsEqual) -----------------------------------------------

struct Validated {
    /// Member indices in the order Kafka iterates its subscription map.
    order: Vec<usize>,
    all_equal: bool,
    /// Per member: validated owned partitions, in reported order.
    owned: Vec<Vec<u32>>,
    claimed_by_many: Vec<bool>,
    max_generation: i32,
    /// Per member: the topics it subscribes to (indices), and as a lookup table.
    member_topics: Vec<Vec<u32>>,
    subscribes: Vec<Vec<bool>>,
}

fn generation_of(m: &MemberSubscription) -> i32 {
    m.generation.max(-1)
}

fn validate(index: &Index, members: &[MemberSubscription], rec: &mut Recorder) -> Validated {
    let ids: Vec<String> = members.iter().map(|m| m.member_id.clone()).collect();
    let order = java_order(&ids);
    let mut member_topics: Vec<Vec<u32>> = Vec::with_capacity(members.len());
    let mut subscribes: Vec<Vec<bool>> = Vec::with_capacity(members.len());
    for (i, m) in members.iter().enumerate() {
        if i > 0 && members[i - 1].topics == m.topics {
            member_topics.push(member_topics[i - 1].clone());
            subscribes.push(subscribes[i - 1].clone());
            continue;
        }
        let mut topics: Vec<u32> = m.topics.iter().filter_map(|t| index.topic_index(t)).collect();
        let mut table = vec![false; index.topics.len()];
        topics.retain(|&t| !std::mem::replace(&mut table[t as usize], true));
        member_topics.push(topics);
        subscribes.push(table);
    }
    let mut all_equal = true;
    let mut reference: Option<BTreeSet<&str>> = None;
    let mut reference_list: Option<&[String]> = None;
    let mut owned: Vec<Vec<u32>> = vec![Vec::new(); members.len()];
    let mut owner_of = vec![NONE; index.total];
    let mut claimed_by_many = vec![false; index.total];
    let mut max_generation = -1;
    for &i in &order {
        let member = &members[i];
        match &reference {
            Some(r) if !r.is_empty() => {
                // Compared as sets, as Java does; an identical list needs no set.
                if all_equal && reference_list != Some(member.topics.as_slice()) && member.topics.iter().map(String::as_str).collect_tree::<BTreeSet<_>>() != *r
                {
                    all_equal = false;
                }
            }
            _ => {
                reference = Some(member.topics.iter().map(String::as_str).collect_tree());
                reference_list = Some(&member.topics);
            }
        }
        let generation = generation_of(member);
        max_generation = max_generation.max(generation);
        for tp in &member.owned {
            let Some(g) = index.id(tp) else { continue };
            let other = owner_of[g as usize];
            if other == NONE {
                owned[i].push(g);
                owner_of[g as usize] = i as u32;
                continue;
            }
            let other = other as usize;
            match generation.cmp(&generation_of(&members[other])) {
                Ordering::Equal => {
                    // Two members of one generation claim it: it is taken from both.
                    rec.note(|| Step::Conflict {
                        tp: index.tp(g),
                        members: vec![members[other].member_id.clone(), member.member_id.clone()],
                    });
                    claimed_by_many[g as usize] = true;
                    owned[other].retain(|&x| x != g);
                    owner_of[g as usize] = i as u32;
                }
                Ordering::Greater => {
                    rec.note(|| Step::StaleClaim {
                        tp: index.tp(g),
                        stale: members[other].member_id.clone(),
                        owner: member.member_id.clone(),
                    });
                    owned[i].push(g);
                    owned[other].retain(|&x| x != g);
                    owner_of[g as usize] = i as u32;
                }
                Ordering::Less => rec.note(|| Step::StaleClaim {
                    tp: index.tp(g),
                    stale: member.member_id.clone(),
                    owner: members[other].member_id.clone(),
                }),
            }
        }
    }
    Validated {
        order,
        all_equal,
        owned,
        claimed_by_many,
        max_generation,
        member_topics,
        subscribes,
    }
}

/// Topics that take part: subscribed by some member and with at least one partition.
fn subscribed_topics(topics: &BTreeMap<String, u32>, members: &[MemberSubscription]) -> BTreeMap<String, u32> {
    // Members usually share one subscription list: look at each distinct list once.
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    let mut previous: Option<&[String]> = None;
    for m in members {
        if previous != Some(m.topics.as_slice()) {
            wanted.extend(m.topics.iter().map(String::as_str));
            previous = Some(&m.topics);
        }
    }
    topics
        .iter()
        .filter(|(t, &n)| n > 0 && wanted.contains(t.as_str()))
        .map(|(t, &n)| (t.clone(), n))
        .collect_tree()
}

// ---- constrained path ------------------------------------------------------------------------

fn constrained(index: &Index, members: &[MemberSubscription], v: &Validated, racks: &RackInfo, rec: &mut Recorder) -> (Vec<Vec<u32>>, Vec<(u32, usize)>) {
    let total = index.total;
    let m_count = members.len();
    let min_quota = total / m_count;
    let max_quota = total.div_ceil(m_count);
    let expected_max = total % m_count;
    let mut current_max = 0;
    let mut assignment: Vec<Vec<u32>> = vec![Vec::new(); m_count];
    let mut assigned = vec![false; total];
    // partition → the member that owned it and does not keep it ("maybe revoked").
    let mut maybe_revoked = vec![NONE; total];
    let mut under_min: Vec<usize> = Vec::new();
    let mut exactly_min: VecDeque<usize> = VecDeque::new();
    let mut transferring = Vec::new();
    rec.note(|| Step::Quotas {
        partitions: total,
        members: m_count,
        min_quota,
        max_quota,
        max_quota_members: expected_max,
    });
    let id = |i: usize| members[i].member_id.clone();
    let tps = |list: &[u32]| list.iter().map(|&g| index.tp(g)).collect::<Vec<_>>();
    rec.note(|| Step::VisitOrder {
        order: v.order.iter().map(|&i| id(i)).collect(),
    });

    // 1. Keep owned partitions, members in HashMap order, each member's in (partition, topic)
    //    order; with rack logic on, only those on the member's rack.
    for &i in &v.order {
        let mut mine: Vec<u32> = Vec::with_capacity(v.owned[i].len());
        for &g in &v.owned[i] {
            if racks.mismatch(i, g) {
                maybe_revoked[g as usize] = i as u32;
            } else if !v.claimed_by_many[g as usize] {
                mine.push(g);
            }
        }
        crate::model::sort::sort_by_key(&mut mine, |&g| (index.partition(g), index.topic_of[g as usize]));
        let mut cleared = Vec::new();
        let (keep, list) = if mine.len() < min_quota {
            under_min.push(i);
            (mine.len(), KeepList::UnderMin)
        } else if mine.len() >= max_quota && current_max < expected_max {
            current_max += 1;
            if current_max == expected_max {
                cleared = exactly_min.drain(..).collect();
            }
            (max_quota, KeepList::AtMax)
        } else if current_max < expected_max {
            exactly_min.push_back(i);
            (min_quota, KeepList::ExactlyMin)
        } else {
            (min_quota, KeepList::Full)
        };
        rec.note(|| Step::Keep {
            member: id(i),
            kept: tps(&mine[..keep]),
            released: tps(&mine[keep..]),
            list,
        });
        if !cleared.is_empty() {
            rec.note(|| Step::MaxSlotsFull {
                members: cleared.iter().map(|&m| id(m)).collect(),
            });
        }
        for &g in &mine[keep..] {
            maybe_revoked[g as usize] = i as u32;
        }
        for &g in &mine[..keep] {
            assigned[g as usize] = true;
        }
        mine.truncate(keep);
        assignment[i] = mine;
    }

    // The rest, in (topic, partition) order; with rack logic on, stably re-sorted so that
    // partitions with the fewest members on their racks come first.
    crate::model::sort::sort_by(&mut under_min, |&a, &b| compare_strings(&members[a].member_id, &members[b].member_id));
    crate::model::sort::sort_by(exactly_min.make_contiguous(), |&a, &b| {
        compare_strings(&members[a].member_id, &members[b].member_id)
    });
    let mut unassigned: Vec<u32> = (0..total as u32).filter(|&g| !assigned[g as usize]).collect();
    if racks.is_on() {
        crate::model::sort::sort_by_key(&mut unassigned, |&g| racks.members_on_racks[g as usize]);
    }
    rec.note(|| Step::Lists {
        under_min: under_min.iter().map(|&m| id(m)).collect(),
        exactly_min: exactly_min.iter().map(|&m| id(m)).collect(),
        unassigned: tps(&unassigned),
    });
    let mut give = |g: u32, member: usize, from: FillFrom, assignment: &mut Vec<Vec<u32>>, rec: &mut Recorder| -> usize {
        assignment[member].push(g);
        let previous = maybe_revoked[g as usize];
        let moving = (previous != NONE && previous as usize != member) || v.claimed_by_many[g as usize];
        if moving {
            transferring.push((g, member));
        }
        rec.note(|| Step::Fill {
            tp: index.tp(g),
            member: id(member),
            from,
            transferring: moving,
        });
        assignment[member].len()
    };

    // 2. Rack logic on: round-robin within racks, up to minQuota (or maxQuota for the members
    //    still allowed one more); what cannot be placed on a matching rack waits for step 3.
    if racks.is_on() {
        let mut next = 0usize;
        unassigned.retain(|&g| {
            let member = if let Some(i) = racks.next_rack_member(g, under_min.len(), |i| under_min[i], next) {
                let member = under_min[i];
                let count = assignment[member].len() + 1;
                let mut after = i;
                if count >= min_quota {
                    under_min.remove(i);
                    if count < max_quota && current_max < expected_max {
                        exactly_min.push_back(member);
                    }
                } else {
                    after += 1;
                }
                next = if under_min.is_empty() { 0 } else { after % under_min.len() };
                Some(member)
            } else if !exactly_min.is_empty() {
                racks.next_rack_member(g, exactly_min.len(), |i| exactly_min[i], 0).map(|i| {
                    let member = exactly_min[i];
                    if assignment[member].len() + 1 == max_quota {
                        exactly_min.remove(i);
                        current_max += 1;
                        if current_max == expected_max {
                            exactly_min.clear();
                        }
                    }
                    member
                })
            } else {
                None
            };
            match member {
                Some(member) => {
                    give(g, member, FillFrom::SameRack, &mut assignment, rec);
                    false
                }
                None => true,
            }
        });
    }

    // 3. Round-robin the rest over the members under minQuota (sorted by member id), then
    //    those at exactly minQuota.
    let mut cursor = 0usize; // a Java LinkedList iterator over under_min
    for g in unassigned {
        let (member, from_iterator) = if cursor < under_min.len() {
            cursor += 1;
            (under_min[cursor - 1], Some(cursor - 1))
        } else if !under_min.is_empty() {
            cursor = 1;
            (under_min[0], Some(0))
        } else if let Some(m) = exactly_min.pop_front() {
            (m, None)
        } else {
            // Kafka throws IllegalStateException here; the quotas make it unreachable.
            debug_assert!(false, "no member can take partition {g}: quota arithmetic is broken");
            break;
        };
        let from = if from_iterator.is_some() { FillFrom::UnderMin } else { FillFrom::ExactlyMin };
        let count = give(g, member, from, &mut assignment, rec);
        if count == min_quota {
            if let Some(i) = from_iterator {
                under_min.remove(i);
                cursor = i;
            }
            exactly_min.push_back(member);
        } else if count == max_quota {
            current_max += 1;
        }
    }
    debug_assert!(current_max <= expected_max, "more members at maxQuota than N mod M");
    (assignment, transferring)
}

// ---- general path ----------------------------------------------------------------------------

struct General<'a> {
    index: &'a Index,
    /// Java string rank of each member id (the TreeSet's tie-break).
    rank: Vec<u32>,
    member_topics: &'a [Vec<u32>],
    subscribes: &'a [Vec<bool>],
    topic_members: Vec<Vec<usize>>,
    current: Vec<Vec<u32>>,
    /// Members taking part in rebalancing (fixed ones are set aside).
    active: Vec<bool>,
    owner: Vec<u32>,
    /// The TreeSet of active members by (assigned count, member id).
    sorted: BTreeSet<(usize, u32, usize)>,
    /// partition → (source, destination) of its net movement so far.
    movements: BTreeMap<u32, (usize, usize)>,
    movements_by_topic: BTreeMap<u32, BTreeMap<(usize, usize), JavaTpSet>>,
}

impl General<'_> {
    fn key(&self, m: usize) -> (usize, u32, usize) {
        (self.current[m].len(), self.rank[m], m)
    }

    fn push(&mut self, m: usize, g: u32) {
        let was_active = self.active[m] && self.sorted.remove(&self.key(m));
        self.current[m].push(g);
        if was_active {
            self.sorted.insert(self.key(m));
        }
    }

    fn take(&mut self, m: usize, g: u32) {
        let was_active = self.active[m] && self.sorted.remove(&self.key(m));
        self.current[m].retain(|&x| x != g);
        if was_active {
            self.sorted.insert(self.key(m));
        }
    }

    fn max_assignment_size(&self, m: usize) -> usize {
        self.member_topics[m].iter().map(|&t| self.index.counts[t as usize] as usize).sum()
    }

    fn topic_movable(&self, t: u32) -> bool {
        self.topic_members[t as usize].len() >= 2
    }

    fn member_movable(&self, m: usize) -> bool {
        self.current[m].len() < self.max_assignment_size(m) || self.current[m].iter().any(|&g| self.topic_movable(self.index.topic_of[g as usize]))
    }

    fn first_eligible(&self, t: u32) -> Option<usize> {
        self.first_eligible_where(t, |_| true)
    }

    fn first_eligible_where(&self, t: u32, also: impl Fn(usize) -> bool) -> Option<usize> {
        self.sorted.iter().map(|&(_, _, m)| m).find(|&m| self.subscribes[m][t as usize] && also(m))
    }

    fn is_balanced(&self) -> bool {
        let (Some(first), Some(last)) = (self.sorted.first(), self.sorted.last()) else {
            return true;
        };
        if first.0 + 1 >= last.0 {
            return true;
        }
        for &(count, _, m) in &self.sorted {
            if count == self.max_assignment_size(m) {
                continue;
            }
            for &t in &self.member_topics[m] {
                let offset = self.index.offsets[t as usize];
                for g in offset..offset + self.index.counts[t as usize] {
                    let other = self.owner[g as usize];
                    if other != NONE && other as usize != m && count + 1 < self.current[other as usize].len() {
                        return false;
                    }
                }
            }
        }
        true
    }

    fn actual_partition_to_move(&self, g: u32, old: usize, new: usize) -> u32 {
        let Some(by_pair) = self.movements_by_topic.get(&self.index.topic_of[g as usize]) else {
            return g;
        };
        let old = self.movements.get(&g).map_or(old, |&(src, _)| src);
        by_pair.get(&(new, old)).and_then(|set| set.first(self.index)).unwrap_or(g)
    }

    fn record_move(&mut self, g: u32, old: usize, new: usize) {
        let topic = self.index.topic_of[g as usize];
        let pair = if let Some((src, dst)) = self.movements.remove(&g) {
            debug_assert_eq!(dst, old);
            if let Some(by_pair) = self.movements_by_topic.get_mut(&topic) {
                if let Some(set) = by_pair.get_mut(&(src, dst)) {
                    set.remove(g);
                    if set.is_empty() {
                        by_pair.remove(&(src, dst));
                    }
                }
                if by_pair.is_empty() {
                    self.movements_by_topic.remove(&topic);
                }
            }
            if src == new {
                return; // moved back home: no net movement
            }
            (src, new)
        } else {
            (old, new)
        };
        self.movements.insert(g, pair);
        self.movements_by_topic.entry(topic).or_default().entry(pair).or_default().insert(g);
    }

    /// Moves `g` (or, to keep movements net, another partition of its topic on the same
    /// pair) to `new`; returns the partition moved and where from.
    fn move_partition(&mut self, g: u32, new: usize) -> (u32, usize) {
        let old = self.owner[g as usize] as usize;
        let actual = self.actual_partition_to_move(g, old, new);
        let actual_old = self.owner[actual as usize] as usize;
        self.record_move(actual, actual_old, new);
        self.take(actual_old, actual);
        self.push(new, actual);
        self.owner[actual as usize] = new as u32;
        (actual, actual_old)
    }

    fn perform_reassignments(&mut self, partitions: &[u32], prev: &[Option<(usize, i32)>], members: &[MemberSubscription], rec: &mut Recorder) -> bool {
        let mut note = |gb: &General, moved: (u32, usize), to: usize, to_previous: bool| {
            rec.note(|| Step::Move {
                tp: gb.index.tp(moved.0),
                from: members[moved.1].member_id.clone(),
                to: members[to].member_id.clone(),
                to_previous,
            })
        };
        let mut performed = false;
        // Kafka has no bound; a generous one only guards against a bug here.
        for _pass in 0..100_000 {
            let mut modified = false;
            for &g in partitions {
                if self.is_balanced() {
                    break;
                }
                let consumer = self.owner[g as usize];
                if consumer == NONE {
                    continue;
                }
                let consumer = consumer as usize;
                let count = self.current[consumer].len();
                if let Some((prev_owner, _)) = prev[g as usize] {
                    if self.active[prev_owner] && count > self.current[prev_owner].len() + 1 {
                        let moved = self.move_partition(g, prev_owner);
                        note(self, moved, prev_owner, true);
                        performed = true;
                        modified = true;
                        continue;
                    }
                }
                let t = self.index.topic_of[g as usize];
                if self.topic_members[t as usize]
                    .iter()
                    .any(|&other| self.active[other] && count > self.current[other].len() + 1)
                {
                    if let Some(target) = self.first_eligible(t) {
                        let moved = self.move_partition(g, target);
                        note(self, moved, target, false);
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

fn balance_score(assignment: &[Vec<u32>], active: &[bool]) -> u64 {
    let sizes: Vec<i64> = assignment.iter().zip(active).filter(|(_, &a)| a).map(|(l, _)| l.len() as i64).collect();
    let mut score = 0;
    for i in 0..sizes.len() {
        for j in i + 1..sizes.len() {
            score += (sizes[i] - sizes[j]).unsigned_abs();
        }
    }
    score
}

fn general(index: &Index, members: &[MemberSubscription], v: &Validated, racks: &RackInfo, rec: &mut Recorder) -> Vec<Vec<u32>> {
    let m_count = members.len();
    let mut topic_members: Vec<Vec<usize>> = vec![Vec::new(); index.topics.len()];
    for &i in &v.order {
        for &t in &v.member_topics[i] {
            topic_members[t as usize].push(i);
        }
    }
    let mut by_name: Vec<usize> = (0..m_count).collect();
    crate::model::sort::sort_by(&mut by_name, |&a, &b| compare_strings(&members[a].member_id, &members[b].member_id));
    let mut rank = vec![0u32; m_count];
    for (r, &m) in by_name.iter().enumerate() {
        rank[m] = r as u32;
    }

    // Previous owners from older generations.
    let mut prev: Vec<Option<(usize, i32)>> = vec![None; index.total];
    for &i in &v.order {
        let m = &members[i];
        let generation = if m.generation >= 0 && m.generation < v.max_generation {
            m.generation
        } else if m.generation < 0 && v.max_generation > -1 {
            -1
        } else {
            continue;
        };
        for g in m.owned.iter().filter_map(|tp| index.id(tp)) {
            if prev[g as usize].is_none_or(|(_, pg)| generation > pg) {
                prev[g as usize] = Some((i, generation));
            }
        }
    }

    // Partitions in processing order: topics by (potential members, name).
    let mut sorted_topics: Vec<u32> = (0..index.topics.len() as u32).collect();
    crate::model::sort::sort_by_key(&mut sorted_topics, |&t| (topic_members[t as usize].len(), t));
    rec.note(|| Step::GeneralOrder {
        topics: sorted_topics
            .iter()
            .map(|&t| (index.topics[t as usize].clone(), topic_members[t as usize].len()))
            .collect(),
    });
    let sorted_partitions: Vec<u32> = sorted_topics
        .iter()
        .flat_map(|&t| index.offsets[t as usize]..index.offsets[t as usize] + index.counts[t as usize])
        .collect();

    // Keep valid owned partitions (with rack logic on, only those on the owner's rack); note
    // revocations forced by subscription changes or racks.
    let mut revocation_required = false;
    let mut current = v.owned.clone();
    let mut owner = vec![NONE; index.total];
    for (i, list) in current.iter_mut().enumerate() {
        let mut dropped = Vec::new();
        list.retain(|&g| {
            if v.subscribes[i][index.topic_of[g as usize] as usize] && !racks.mismatch(i, g) {
                owner[g as usize] = i as u32;
                true
            } else {
                revocation_required = true;
                dropped.push(g);
                false
            }
        });
        rec.note(|| Step::GeneralKeep {
            member: members[i].member_id.clone(),
            kept: list.iter().map(|&g| index.tp(g)).collect(),
            dropped: dropped.iter().map(|&g| index.tp(g)).collect(),
        });
    }
    let mut unassigned: Vec<u32> = sorted_partitions.iter().copied().filter(|&g| owner[g as usize] == NONE).collect();

    let mut gb = General {
        index,
        rank,
        member_topics: &v.member_topics,
        subscribes: &v.subscribes,
        topic_members,
        current,
        active: vec![true; m_count],
        owner,
        sorted: BTreeSet::new(),
        movements: BTreeMap::new(),
        movements_by_topic: BTreeMap::new(),
    };
    gb.sorted = (0..m_count).map(|m| gb.key(m)).collect_tree();
    let initializing = gb.sorted.last().is_none_or(|&(count, _, _)| count == 0);

    // Initial placement: least-loaded eligible member, ties by member id; with rack logic on,
    // first only onto members on the partition's racks, then the rest anywhere.
    let mut to_place = unassigned.clone();
    if racks.is_on() {
        to_place.retain(|&g| match gb.first_eligible_where(index.topic_of[g as usize], |m| !racks.mismatch(m, g)) {
            Some(target) => {
                rec.note(|| Step::Place {
                    tp: index.tp(g),
                    member: members[target].member_id.clone(),
                    load: gb.current[target].len(),
                });
                gb.push(target, g);
                gb.owner[g as usize] = target as u32;
                false
            }
            None => true,
        });
    }
    for &g in &to_place {
        if let Some(target) = gb.first_eligible(index.topic_of[g as usize]) {
            rec.note(|| Step::Place {
                tp: index.tp(g),
                member: members[target].member_id.clone(),
                load: gb.current[target].len(),
            });
            gb.push(target, g);
            gb.owner[g as usize] = target as u32;
        }
    }

    // Only movable partitions and members take part in rebalancing.
    let movable_topic: Vec<bool> = (0..index.topics.len() as u32).map(|t| gb.topic_movable(t)).collect();
    let movable_partitions: Vec<u32> = sorted_partitions
        .iter()
        .copied()
        .filter(|&g| movable_topic[index.topic_of[g as usize] as usize])
        .collect();
    unassigned.retain(|&g| movable_topic[index.topic_of[g as usize] as usize]);
    for m in 0..m_count {
        if !gb.member_movable(m) {
            gb.sorted.remove(&gb.key(m));
            gb.active[m] = false;
        }
    }

    let snapshot = (gb.current.clone(), gb.owner.clone(), gb.sorted.clone());
    if !revocation_required {
        gb.perform_reassignments(&unassigned, &prev, members, rec);
    }
    let performed = gb.perform_reassignments(&movable_partitions, &prev, members, rec);
    if !initializing && performed && balance_score(&gb.current, &gb.active) >= balance_score(&snapshot.0, &gb.active) {
        gb.current = snapshot.0;
        rec.note(|| Step::Revert {
            assignment: to_assignment(index, members, &gb.current),
        });
    }
    gb.current
}

fn to_assignment(index: &Index, members: &[MemberSubscription], lists: &[Vec<u32>]) -> Assignment {
    members
        .iter()
        .zip(lists)
        .map(|(m, list)| (m.member_id.clone(), list.iter().map(|&g| index.tp(g)).collect()))
        .collect_tree()
}

// ---- entry points ----------------------------------------------------------------------------

impl StickyOutcome {
    /// The answer for a group without members.
    fn empty() -> StickyOutcome {
        StickyOutcome {
            assignment: Assignment::new(),
            general_path: false,
            transferring: Some(BTreeMap::new()),
        }
    }
}

/// The algorithm's answer on dense ids, before it becomes an `Assignment`.
struct Run {
    index: Index,
    lists: Vec<Vec<u32>>,
    general_path: bool,
    /// Constrained path: partitions changing owner, with their new owner.
    transferring: Option<Vec<(u32, usize)>>,
}

fn run(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks, rec: &mut Recorder) -> Run {
    let index = Index::new(&subscribed_topics(topics, members));
    let v = validate(&index, members, rec);
    rec.note(|| Step::StickyPath { all_equal: v.all_equal });
    let racks = RackInfo::new(&index, members, racks);
    if v.all_equal {
        let (lists, transferring) = constrained(&index, members, &v, &racks, rec);
        Run {
            index,
            lists,
            general_path: false,
            transferring: Some(transferring),
        }
    } else {
        let lists = general(&index, members, &v, &racks, rec);
        Run {
            index,
            lists,
            general_path: true,
            transferring: None,
        }
    }
}

fn outcome(run: &Run, members: &[MemberSubscription], transferring: &[(u32, usize)]) -> StickyOutcome {
    StickyOutcome {
        assignment: to_assignment(&run.index, members, &run.lists),
        general_path: run.general_path,
        transferring: Some(
            transferring
                .iter()
                .map(|&(g, m)| (run.index.tp(g), members[m].member_id.clone()))
                .collect_tree(),
        ),
    }
}

/// The eager StickyAssignor reads a member's previous partitions from its user data, which
/// `serializeTopicPartitionAssignment` writes grouped by topic
/// (`CollectionUtils.groupPartitionsByTopic`, a `HashMap<String, List<Integer>>`): topics in
/// that map's order, each topic's partitions in list order. (The cooperative assignor reads
/// the subscription's owned partitions as they are.)
fn as_user_data(owned: &[TopicPartition]) -> Vec<TopicPartition> {
    let mut topics: Vec<String> = Vec::new();
    for tp in owned {
        if !topics.iter().any(|t| **t == *tp.topic) {
            topics.push(tp.topic.to_string());
        }
    }
    java_order(&topics)
        .into_iter()
        .flat_map(|t| owned.iter().filter(|tp| *tp.topic == *topics[t]).cloned().collect::<Vec<_>>())
        .collect()
}

/// One run of the AbstractSticky algorithm (the eager `sticky` assignor's answer).
pub fn assign(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks) -> StickyOutcome {
    assign_recorded(topics, members, racks, &mut Recorder::off())
}

/// `assign`, recording its steps for the explainer.
pub fn assign_recorded(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks, rec: &mut Recorder) -> StickyOutcome {
    if members.is_empty() {
        return StickyOutcome::empty();
    }
    let members: Vec<MemberSubscription> = members
        .iter()
        .map(|m| MemberSubscription {
            owned: as_user_data(&m.owned),
            ..m.clone()
        })
        .collect();
    let members = &members[..];
    let run = run(topics, members, racks, rec);
    let mut result = outcome(&run, members, run.transferring.as_deref().unwrap_or_default());
    if run.general_path {
        result.transferring = None;
    }
    result
}

/// General path: partitions that some member gains and some member loses, judged against the
/// owned partitions the members reported (`computePartitionsTransferringOwnership`).
fn general_transferring(index: &Index, members: &[MemberSubscription], lists: &[Vec<u32>]) -> Vec<(u32, usize)> {
    let mut final_owner = vec![NONE; index.total];
    for (m, list) in lists.iter().enumerate() {
        for &g in list {
            final_owner[g as usize] = m as u32;
        }
    }
    let mut revoked = vec![false; index.total];
    let mut owned_by = vec![NONE; index.total];
    let mut added = Vec::new();
    for (m, member) in members.iter().enumerate() {
        for g in member.owned.iter().filter_map(|tp| index.id(tp)) {
            owned_by[g as usize] = m as u32;
            if final_owner[g as usize] != m as u32 {
                revoked[g as usize] = true;
            }
        }
        added.extend(lists[m].iter().filter(|&&g| owned_by[g as usize] != m as u32).map(|&g| (g, m)));
    }
    added.retain(|&(g, _)| revoked[g as usize]);
    added
}

/// `CooperativeStickyAssignor`: the sticky answer minus every partition that changes owner
/// (its new owner receives it in a follow-up rebalance, after the old owner revoked it).
pub fn assign_cooperative(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks) -> StickyOutcome {
    assign_cooperative_recorded(topics, members, racks, &mut Recorder::off())
}

fn assign_cooperative_recorded(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks, rec: &mut Recorder) -> StickyOutcome {
    if members.is_empty() {
        return StickyOutcome::empty();
    }
    let mut run = run(topics, members, racks, rec);
    let transferring = match run.transferring.take() {
        Some(list) => list,
        None => general_transferring(&run.index, members, &run.lists),
    };
    let mut withheld = vec![false; run.index.total];
    for &(g, m) in &transferring {
        withheld[g as usize] = true;
        rec.note(|| {
            let tp = run.index.tp(g);
            Step::Withhold {
                from: members
                    .iter()
                    .find(|o| o.member_id != members[m].member_id && o.owned.contains(&tp))
                    .map(|o| o.member_id.clone()),
                tp,
                to: members[m].member_id.clone(),
            }
        });
    }
    for list in &mut run.lists {
        list.retain(|&g| !withheld[g as usize]);
    }
    outcome(&run, members, &transferring)
}

/// Consecutive cooperative rebalances: after each round every member owns its result and its
/// generation moves on; stops at the first round in which nobody loses a partition it owned.
pub fn cooperative_rounds(topics: &BTreeMap<String, u32>, members: &[MemberSubscription], racks: &Racks) -> Vec<StickyOutcome> {
    rounds_with(topics, members, racks, false).into_iter().map(|(_, outcome, _)| outcome).collect()
}

/// `cooperative_rounds` with each round's input membership and recorded steps.
pub fn cooperative_rounds_recorded(
    topics: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
    racks: &Racks,
) -> Vec<(Vec<MemberSubscription>, StickyOutcome, Vec<Step>)> {
    rounds_with(topics, members, racks, true)
}

fn rounds_with(
    topics: &BTreeMap<String, u32>,
    members: &[MemberSubscription],
    racks: &Racks,
    record: bool,
) -> Vec<(Vec<MemberSubscription>, StickyOutcome, Vec<Step>)> {
    let mut rounds = Vec::new();
    let mut members = members.to_vec();
    // Bounded: a partition moves in two rounds; more than a handful means a bug.
    for _ in 0..16 {
        let mut rec = if record { Recorder::on() } else { Recorder::off() };
        let outcome = assign_cooperative_recorded(topics, &members, racks, &mut rec);
        let input = if record { members.clone() } else { Vec::new() };
        let revoked_any = members.iter().any(|m| {
            let assigned: BTreeSet<&TopicPartition> = outcome.assignment.get(&m.member_id).map(|a| a.iter().collect_tree()).unwrap_or_default();
            m.owned.iter().any(|tp| !assigned.contains(tp))
        });
        for m in &mut members {
            m.owned = outcome.assignment.get(&m.member_id).cloned().unwrap_or_default();
            m.generation = m.generation.max(0) + 1;
        }
        rounds.push((input, outcome, rec.take()));
        if !revoked_any {
            break;
        }
    }
    rounds
}
