//! The assignor explainer's data: the steps an assignor takes, recorded by the assignor code
//! itself while it computes an assignment (an instrumented run, not a second implementation).
//!
//! Each assignor takes a `&mut Recorder`; when it is off (every normal run) nothing is built.
//! Replaying a round's steps from empty lists gives, step by step, the assignment as it is
//! being built; after the last step it equals the assignor's answer (tested on every
//! conformance case in `tests/it/conformance.rs`). `explain.rs` runs the assignors recorded.

use super::input::{member_info_order, Assignment, MemberSubscription};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use serde::Serialize;

/// Why a member's owned partitions went on one of the constrained path's lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeepList {
    /// Owns fewer than minQuota: keeps all and goes on the under-min list.
    UnderMin,
    /// Owns at least maxQuota and a maxQuota slot is free: keeps maxQuota.
    AtMax,
    /// Keeps minQuota and may still take one more (a maxQuota slot is free): exactly-min list.
    ExactlyMin,
    /// Keeps minQuota; every maxQuota slot is taken, so it is full.
    Full,
}

/// Where the constrained path's fill found the member for a partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FillFrom {
    /// The under-min list, round robin (sorted by member id).
    UnderMin,
    /// The exactly-min list (members allowed one more), in order.
    ExactlyMin,
    /// Rack-aware round: a member on one of the partition's replica racks.
    SameRack,
}

/// One thing an assignor did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// Range and round robin: members in MemberInfo order (static members first by
    /// group.instance.id, then dynamic members by member id).
    SortMembers { order: Vec<String>, static_members: Vec<String> },
    /// Range: one topic's subscribers and its quota (`extra` members get one more).
    TopicQuota {
        topic: String,
        partitions: u32,
        subscribers: Vec<String>,
        quota: u32,
        extra: u32,
    },
    /// Range: a contiguous range of one topic to one member.
    GiveRange {
        topic: String,
        member: String,
        partitions: Vec<TopicPartition>,
        extra: bool,
    },
    /// Round robin: the topics dealt, in order.
    RingTopics { topics: Vec<String> },
    /// Round robin: the cursor gives `tp` to `member`, having skipped members not subscribed.
    Deal { tp: TopicPartition, member: String, skipped: Vec<String> },
    /// Sticky: which path the algorithm takes and why.
    StickyPath { all_equal: bool },
    /// Sticky: a partition claimed by two members of the same generation is taken from both.
    Conflict { tp: TopicPartition, members: Vec<String> },
    /// Sticky: a claim from an older generation loses to a newer one.
    StaleClaim { tp: TopicPartition, stale: String, owner: String },
    /// Sticky, constrained path: the order members are visited in (Kafka's HashMap of member
    /// ids: by hash, not by name), which decides who gets the maxQuota slots.
    VisitOrder { order: Vec<String> },
    /// Sticky, constrained path: the quotas.
    Quotas {
        partitions: usize,
        members: usize,
        min_quota: usize,
        max_quota: usize,
        max_quota_members: usize,
    },
    /// Constrained path: a member keeps owned partitions up to its quota; the rest is released.
    Keep {
        member: String,
        kept: Vec<TopicPartition>,
        released: Vec<TopicPartition>,
        list: KeepList,
    },
    /// Constrained path: every maxQuota slot is taken, so the exactly-min list is emptied.
    MaxSlotsFull { members: Vec<String> },
    /// Constrained path: the lists before the fill, and the partitions left to place.
    Lists {
        under_min: Vec<String>,
        exactly_min: Vec<String>,
        unassigned: Vec<TopicPartition>,
    },
    /// Constrained path: the fill gives a partition to a member; `transferring` when it was
    /// someone else's.
    Fill {
        tp: TopicPartition,
        member: String,
        from: FillFrom,
        transferring: bool,
    },
    /// General path: topics are processed by how few members subscribe to them.
    GeneralOrder { topics: Vec<(String, usize)> },
    /// General path: a member keeps its owned partitions still subscribed; `dropped` no longer are.
    GeneralKeep {
        member: String,
        kept: Vec<TopicPartition>,
        dropped: Vec<TopicPartition>,
    },
    /// General path: an unowned partition goes to the least-loaded subscriber (ties by id).
    Place { tp: TopicPartition, member: String, load: usize },
    /// General path: a move while balancing; `to_previous` when it returns to an owner of an
    /// earlier generation.
    Move {
        tp: TopicPartition,
        from: String,
        to: String,
        to_previous: bool,
    },
    /// General path: the moves did not improve balance, so the assignment before them stands.
    Revert { assignment: Assignment },
    /// Cooperative-sticky: a partition changing owner is withheld from its new owner this round.
    Withhold { tp: TopicPartition, from: Option<String>, to: String },
}

impl Step {
    /// Apply the step to the assignment being built.
    pub fn apply(&self, state: &mut Assignment) {
        fn list<'a>(state: &'a mut Assignment, member: &str) -> &'a mut Vec<TopicPartition> {
            state.entry(member.to_string()).or_default()
        }
        match self {
            Step::GiveRange { member, partitions, .. } => list(state, member).extend(partitions.iter().cloned()),
            Step::Deal { tp, member, .. } | Step::Fill { tp, member, .. } | Step::Place { tp, member, .. } => list(state, member).push(tp.clone()),
            Step::Keep { member, kept, .. } | Step::GeneralKeep { member, kept, .. } => list(state, member).extend(kept.iter().cloned()),
            Step::Move { tp, from, to, .. } => {
                list(state, from).retain(|x| x != tp);
                list(state, to).push(tp.clone());
            }
            Step::Revert { assignment } => {
                for (member, partitions) in assignment {
                    *list(state, member) = partitions.clone();
                }
            }
            Step::Withhold { tp, to, .. } => list(state, to).retain(|x| x != tp),
            Step::SortMembers { .. }
            | Step::TopicQuota { .. }
            | Step::RingTopics { .. }
            | Step::StickyPath { .. }
            | Step::Conflict { .. }
            | Step::StaleClaim { .. }
            | Step::Quotas { .. }
            | Step::VisitOrder { .. }
            | Step::MaxSlotsFull { .. }
            | Step::Lists { .. }
            | Step::GeneralOrder { .. } => {}
        }
    }

    /// The members and partitions the step touched (what the explainer highlights).
    pub fn touched(&self) -> (Vec<String>, Vec<TopicPartition>) {
        match self {
            Step::SortMembers { order, .. } => (order.clone(), vec![]),
            Step::TopicQuota {
                subscribers,
                topic,
                partitions,
                ..
            } => (subscribers.clone(), (0..*partitions).map(|p| TopicPartition::new(topic.clone(), p)).collect()),
            Step::GiveRange { member, partitions, .. } => (vec![member.clone()], partitions.clone()),
            Step::RingTopics { .. } | Step::StickyPath { .. } | Step::Quotas { .. } | Step::GeneralOrder { .. } | Step::Revert { .. } => (vec![], vec![]),
            Step::Deal { tp, member, skipped } => {
                let mut members = skipped.clone();
                members.push(member.clone());
                (members, vec![tp.clone()])
            }
            Step::Conflict { tp, members } => (members.clone(), vec![tp.clone()]),
            Step::StaleClaim { tp, stale, owner } => (vec![stale.clone(), owner.clone()], vec![tp.clone()]),
            Step::Keep { member, kept, released, .. } => (vec![member.clone()], kept.iter().chain(released).cloned().collect()),
            Step::GeneralKeep { member, kept, dropped } => (vec![member.clone()], kept.iter().chain(dropped).cloned().collect()),
            Step::MaxSlotsFull { members } | Step::VisitOrder { order: members } => (members.clone(), vec![]),
            Step::Lists {
                under_min,
                exactly_min,
                unassigned,
            } => (under_min.iter().chain(exactly_min).cloned().collect(), unassigned.clone()),
            Step::Fill { tp, member, .. } | Step::Place { tp, member, .. } => (vec![member.clone()], vec![tp.clone()]),
            Step::Move { tp, from, to, .. } => (vec![from.clone(), to.clone()], vec![tp.clone()]),
            Step::Withhold { tp, from, to } => (from.iter().cloned().chain([to.clone()]).collect(), vec![tp.clone()]),
        }
    }
}

/// Collects steps when on; a no-op when off (normal runs pay nothing).
#[derive(Debug, Default)]
pub struct Recorder {
    steps: Option<Vec<Step>>,
}

impl Recorder {
    pub fn off() -> Recorder {
        Recorder { steps: None }
    }
    pub fn on() -> Recorder {
        Recorder { steps: Some(Vec::new()) }
    }
    pub fn is_on(&self) -> bool {
        self.steps.is_some()
    }
    /// Record a step; `make` runs only when recording.
    #[inline]
    pub fn note(&mut self, make: impl FnOnce() -> Step) {
        if let Some(steps) = &mut self.steps {
            steps.push(make());
        }
    }
    pub fn take(&mut self) -> Vec<Step> {
        self.steps.as_mut().map(std::mem::take).unwrap_or_default()
    }
}

/// One rebalance round, explained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplainedRound {
    /// What each member reported owning at the start of the round.
    pub owned: Assignment,
    pub steps: Vec<Step>,
    /// The assignor's answer for the round.
    pub result: Assignment,
    pub general_path: bool,
}

impl ExplainedRound {
    /// The assignment as built after the first `n` steps (every member present).
    pub fn state_after(&self, n: usize) -> Assignment {
        let mut state: Assignment = self.result.keys().map(|m| (m.clone(), Vec::new())).collect_tree();
        for step in self.steps.iter().take(n) {
            step.apply(&mut state);
        }
        state
    }
}

/// The MemberInfo-order step shared by Range and round robin.
pub fn sort_members_step(ordered: &[&MemberSubscription]) -> Step {
    debug_assert!(ordered.windows(2).all(|w| member_info_order(w[0], w[1]).is_le()));
    Step::SortMembers {
        order: ordered.iter().map(|m| m.member_id.clone()).collect(),
        static_members: ordered.iter().filter(|m| m.group_instance_id.is_some()).map(|m| m.member_id.clone()).collect(),
    }
}
