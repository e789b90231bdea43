//! The group coordinator's state: the group, its members and committed offsets, the pieces
//! every protocol shares (replies, timers, state transitions) and transactional offset commits.

use crate::model::config::GroupProtocol;
use crate::model::effects::{CoordinatorTimer, Effect, Effects};
use crate::model::java::java_order;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest, CoordinatorResponse, KafkaError, Message};
use crate::model::trace::{GroupState, ReconcileState, TraceEvent};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `group.initial.rebalance.delay.ms` (broker default).
pub const INITIAL_REBALANCE_DELAY_MS: u64 = 3000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    pub member_id: String,
    /// The simulated consumer behind this member, and which life of it.
    pub consumer: String,
    pub incarnation: u32,
    pub session_timeout_ms: u64,
    pub rebalance_timeout_ms: u64,
    pub group_instance_id: Option<String>,
    pub subscription: Vec<String>,
    /// Assignor names in the member's preference order.
    pub protocols: Vec<String>,
    /// What the member reported owning in its JoinGroup, and that generation.
    pub owned: Vec<TopicPartition>,
    pub owned_generation: i32,
    pub awaiting_join: bool,
    pub awaiting_sync: bool,
    pub last_heartbeat_ms: u64,
    pub assignment: Vec<TopicPartition>,
    /// A SessionCheck timer is pending for this member.
    pub session_check_pending: bool,
    /// KIP-848 only: the member epoch (−2: a static member's temporary leave), the one before,
    /// the reconciliation state and the partitions it must still revoke (`assignment` holds
    /// what it is assigned now).
    pub member_epoch: i32,
    pub previous_epoch: i32,
    pub reconcile: ReconcileState,
    pub pending_revocation: Vec<TopicPartition>,
    /// Online migration: a member of a consumer group that speaks the classic protocol
    /// (JoinGroup, SyncGroup, Heartbeat), and when it must next rejoin or sync by (its join
    /// and sync timeouts; it has no revocation timeout).
    #[serde(default)]
    pub uses_classic: bool,
    #[serde(default)]
    pub join_deadline_ms: Option<u64>,
    #[serde(default)]
    pub sync_deadline_ms: Option<u64>,
}

impl GroupMember {
    /// When the coordinator removes this member unless it hears from it first: its last
    /// heartbeat plus `session.timeout.ms` (the session check fires here).
    pub fn session_deadline_ms(&self) -> u64 {
        self.last_heartbeat_ms + self.session_timeout_ms
    }

    /// A member with no protocol state yet (both protocols start from here).
    pub(crate) fn new(member_id: String, consumer: String, incarnation: u32, now_ms: u64) -> GroupMember {
        GroupMember {
            member_id,
            consumer,
            incarnation,
            session_timeout_ms: 0,
            rebalance_timeout_ms: 0,
            group_instance_id: None,
            subscription: Vec::new(),
            protocols: Vec::new(),
            owned: Vec::new(),
            owned_generation: -1,
            awaiting_join: false,
            awaiting_sync: false,
            last_heartbeat_ms: now_ms,
            assignment: Vec::new(),
            session_check_pending: false,
            member_epoch: 0,
            previous_epoch: -1,
            reconcile: ReconcileState::Stable,
            pending_revocation: Vec::new(),
            uses_classic: false,
            join_deadline_ms: None,
            sync_deadline_ms: None,
        }
    }

    pub(super) fn from_join(member_id: String, join: Join, now_ms: u64) -> GroupMember {
        GroupMember {
            session_timeout_ms: join.session_timeout_ms,
            rebalance_timeout_ms: join.rebalance_timeout_ms,
            group_instance_id: join.group_instance_id,
            subscription: join.subscription,
            protocols: join.protocols,
            owned: join.owned,
            owned_generation: join.owned_generation,
            awaiting_join: true,
            ..GroupMember::new(member_id, join.consumer, join.incarnation, now_ms)
        }
    }

    /// Takes a rejoining process's JoinGroup: who it is now and its protocol metadata.
    /// Returns whether the metadata (subscription, assignors, owned partitions) changed.
    pub(super) fn take_join(&mut self, join: Join, now_ms: u64) -> bool {
        let changed = self.subscription != join.subscription
            || self.protocols != join.protocols
            || self.owned != join.owned
            || self.owned_generation != join.owned_generation;
        self.consumer = join.consumer;
        self.incarnation = join.incarnation;
        self.session_timeout_ms = join.session_timeout_ms;
        self.rebalance_timeout_ms = join.rebalance_timeout_ms;
        self.subscription = join.subscription;
        self.protocols = join.protocols;
        self.owned = join.owned;
        self.owned_generation = join.owned_generation;
        self.awaiting_join = true;
        self.last_heartbeat_ms = now_ms;
        changed
    }
}

/// One rebalance as the coordinator saw it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RebalanceRecord {
    pub generation: i32,
    pub started_ms: u64,
    pub completed_ms: Option<u64>,
    /// consumer id → partitions.
    pub assignment: BTreeMap<String, Vec<TopicPartition>>,
}

/// A JoinGroup's contents, as the coordinator keeps them.
pub(crate) struct Join {
    pub(crate) consumer: String,
    pub(crate) incarnation: u32,
    pub(crate) group_instance_id: Option<String>,
    pub(crate) session_timeout_ms: u64,
    pub(crate) rebalance_timeout_ms: u64,
    pub(crate) subscription: Vec<String>,
    pub(crate) protocols: Vec<String>,
    pub(crate) owned: Vec<TopicPartition>,
    pub(crate) owned_generation: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coordinator {
    pub group_id: String,
    pub broker: u32,
    /// Classic or KIP-848: set by the first member of an empty group.
    pub protocol_kind: GroupProtocol,
    pub state: GroupState,
    /// The generation (classic) or the group epoch (KIP-848).
    pub generation: i32,
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub members: BTreeMap<String, GroupMember>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, not yet joined.
    pub pending_members: BTreeSet<String>,
    /// group.instance.id → current member id of that static member.
    pub static_members: BTreeMap<String, String>,
    /// Member ids replaced by a restarted static member: their requests are fenced.
    pub fenced_members: BTreeSet<String>,
    pub committed: BTreeMap<TopicPartition, u64>,
    /// Bumped whenever a join phase starts or ends: stale timers are ignored.
    pub rebalance_epoch: u32,
    pub initial_delay_active: bool,
    pub new_member_added: bool,
    pub rebalances: Vec<RebalanceRecord>,
    /// KIP-848: the target assignment (member id → partitions) and its epoch.
    pub target: BTreeMap<String, Vec<TopicPartition>>,
    pub target_epoch: i32,
    /// KIP-848: partition counts of the subscribed topics, as the coordinator last saw them.
    pub subscribed_metadata: BTreeMap<String, u32>,
    /// TxnOffsetCommit offsets waiting for their transaction: producer id → (consumer, offsets).
    #[serde(default)]
    pub pending_txn_offsets: BTreeMap<u64, (String, BTreeMap<TopicPartition, u64>)>,
    /// OffsetCommits written to `__consumer_offsets` and waiting for its in-sync followers
    /// (acks=all), oldest first (`offsets_log.rs`).
    #[serde(default)]
    pub parked_commits: Vec<ParkedCommit>,
    /// Requests read from a connection (consumer, incarnation) after a parked commit of it: a
    /// broker handles a connection's requests one at a time, in order.
    #[serde(default)]
    pub muted: Vec<((String, u32, u32), CoordinatorRequest)>,
    #[serde(default)]
    pub next_commit_id: u64,
}

/// An OffsetCommit waiting for the followers of the group's `__consumer_offsets` partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkedCommit {
    pub id: u64,
    pub consumer: String,
    pub incarnation: u32,
    pub connection: u32,
    pub offsets: BTreeMap<TopicPartition, u64>,
    pub cause: CommitCause,
}

impl Coordinator {
    /// TxnOffsetCommit: the member's generation is checked as for OffsetCommit (KIP-447), and
    /// the offsets wait for the transaction's end.
    pub fn txn_offset_commit(
        &mut self,
        consumer: &str,
        producer_id: u64,
        member_id: &str,
        generation: i32,
        offsets: BTreeMap<TopicPartition, u64>,
    ) -> Option<KafkaError> {
        let error = if self.protocol_kind == GroupProtocol::Consumer {
            self.validate_consumer_commit(member_id, generation)
        } else {
            self.validate_member(member_id, generation)
        };
        if error.is_none() {
            self.pending_txn_offsets.insert(producer_id, (consumer.to_string(), offsets));
        }
        error
    }

    /// The transaction ended: committed offsets become the group's, aborted ones are dropped.
    pub fn complete_txn_offsets(&mut self, producer_id: u64, commit: bool, fx: &mut Effects) {
        let Some((consumer, offsets)) = self.pending_txn_offsets.remove(&producer_id) else {
            return;
        };
        if !commit {
            return;
        }
        for (tp, offset) in &offsets {
            self.committed.insert(tp.clone(), *offset);
        }
        fx.trace(TraceEvent::CommitStored {
            group_id: self.group_id.clone(),
            consumer,
            offsets,
        });
    }
}

/// The name with the most votes; a tie goes to the first name in Java HashMap order (of the
/// names in the order their first vote came).
pub(crate) fn plurality<'a>(votes: impl IntoIterator<Item = &'a String>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    for vote in votes {
        match names.iter().position(|n| n == vote) {
            Some(k) => counts[k] += 1,
            None => {
                names.push(vote.clone());
                counts.push(1);
            }
        }
    }
    let mut best: Option<usize> = None;
    for k in java_order(&names) {
        if best.is_none_or(|b| counts[k] > counts[b]) {
            best = Some(k);
        }
    }
    best.map(|k| names[k].clone())
}

impl Coordinator {
    pub fn new(group_id: &str, broker: u32) -> Coordinator {
        Coordinator {
            group_id: group_id.to_string(),
            broker,
            protocol_kind: GroupProtocol::Classic,
            state: GroupState::Empty,
            generation: 0,
            protocol: None,
            leader: None,
            members: BTreeMap::new(),
            pending_members: BTreeSet::new(),
            static_members: BTreeMap::new(),
            fenced_members: BTreeSet::new(),
            committed: BTreeMap::new(),
            rebalance_epoch: 0,
            initial_delay_active: false,
            new_member_added: false,
            rebalances: Vec::new(),
            target: BTreeMap::new(),
            target_epoch: 0,
            subscribed_metadata: BTreeMap::new(),
            pending_txn_offsets: BTreeMap::new(),
            parked_commits: Vec::new(),
            muted: Vec::new(),
            next_commit_id: 0,
        }
    }

    /// Consumer id of a member id (for narration and reports).
    pub fn consumer_of(&self, member_id: &str) -> Option<&str> {
        self.members.get(member_id).map(|m| m.consumer.as_str())
    }

    pub(crate) fn reply(&self, consumer: &str, incarnation: u32, response: CoordinatorResponse, fx: &mut Effects) {
        fx.send(Message::FromCoordinator {
            consumer: consumer.to_string(),
            incarnation,
            response,
        });
    }

    pub(crate) fn timer(&self, at_ms: u64, timer: CoordinatorTimer, fx: &mut Effects) {
        fx.list.push(Effect::CoordinatorTimer {
            at_ms,
            group_id: self.group_id.clone(),
            timer,
        });
    }

    pub(crate) fn transition(&mut self, to: GroupState, fx: &mut Effects) {
        if self.state != to {
            fx.trace(TraceEvent::GroupStateChanged {
                group_id: self.group_id.clone(),
                from: self.state,
                to,
                generation: self.generation,
            });
            self.state = to;
        }
    }

    pub(super) fn max_rebalance_timeout_ms(&self) -> u64 {
        self.members.values().map(|m| m.rebalance_timeout_ms).max().unwrap_or(0)
    }

    pub(crate) fn schedule_session_check(&mut self, member_id: &str, fx: &mut Effects) {
        let Some(member) = self.members.get_mut(member_id) else { return };
        if member.session_check_pending {
            return;
        }
        member.session_check_pending = true;
        let at = member.session_deadline_ms();
        let timer = CoordinatorTimer::SessionCheck {
            member_id: member_id.to_string(),
        };
        fx.list.push(Effect::CoordinatorTimer {
            at_ms: at,
            group_id: self.group_id.clone(),
            timer,
        });
    }
}
