//! The group coordinator. The classic protocol (kafka-behaviour.md §3.2–§3.5, §3.9) lives here: group
//! states, JoinGroup with the initial rebalance delay, SyncGroup, heartbeats and session
//! expiry, LeaveGroup, offsets. KIP-848 consumer groups are in `consumer_group.rs`.

use crate::model::cluster::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::effects::{CoordinatorTimer, Effect, Effects};
use crate::model::java::java_order;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CoordinatorRequest, CoordinatorResponse, JoinedMember, KafkaError, Message};
use crate::model::rng::Rng;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{GroupState, ReconcileState, RemoveReason, TraceEvent};
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

    fn from_join(member_id: String, join: Join, now_ms: u64) -> GroupMember {
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
    fn take_join(&mut self, join: Join, now_ms: u64) -> bool {
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

    fn max_rebalance_timeout_ms(&self) -> u64 {
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

    pub fn handle(&mut self, consumer: &str, incarnation: u32, request: CoordinatorRequest, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        match request {
            CoordinatorRequest::ConsumerGroupHeartbeat(hb) => self.handle_consumer_heartbeat(consumer, incarnation, hb, cluster, rng, fx),
            CoordinatorRequest::JoinGroup {
                member_id,
                group_instance_id,
                client_id,
                session_timeout_ms,
                rebalance_timeout_ms,
                subscription,
                protocols,
                owned,
                generation,
            } => {
                let join = Join {
                    consumer: consumer.to_string(),
                    incarnation,
                    group_instance_id,
                    session_timeout_ms,
                    rebalance_timeout_ms,
                    subscription,
                    protocols,
                    owned,
                    owned_generation: generation,
                };
                if self.protocol_kind == GroupProtocol::Consumer && !self.members.is_empty() {
                    self.classic_join_to_consumer_group(member_id, join, cluster, rng, fx);
                } else {
                    self.handle_join(member_id, client_id, join, rng, fx);
                }
            }
            CoordinatorRequest::SyncGroup {
                member_id,
                generation,
                assignments: _,
            } if self.protocol_kind == GroupProtocol::Consumer => {
                let (error, assignment) = match self.classic_sync_to_consumer_group(&member_id, generation, fx) {
                    Ok(assignment) => (None, assignment),
                    Err(e) => (Some(e), Vec::new()),
                };
                self.reply(consumer, incarnation, CoordinatorResponse::SyncGroup { error, assignment }, fx);
            }
            CoordinatorRequest::SyncGroup {
                member_id,
                generation,
                assignments,
            } => self.handle_sync(consumer, incarnation, member_id, generation, assignments, fx),
            CoordinatorRequest::Heartbeat { member_id, generation } if self.protocol_kind == GroupProtocol::Consumer => {
                let error = self.classic_heartbeat_to_consumer_group(&member_id, generation, fx);
                self.reply(consumer, incarnation, CoordinatorResponse::Heartbeat { error }, fx);
            }
            CoordinatorRequest::Heartbeat { member_id, generation } => {
                let error = self.validate_member(&member_id, generation);
                let error = match (error, self.state) {
                    (Some(e), _) => Some(e),
                    (None, GroupState::PreparingRebalance) => Some(KafkaError::RebalanceInProgress),
                    (None, _) => None,
                };
                if error.is_none() || error == Some(KafkaError::RebalanceInProgress) {
                    if let Some(m) = self.members.get_mut(&member_id) {
                        m.last_heartbeat_ms = fx.now_ms;
                    }
                }
                self.reply(consumer, incarnation, CoordinatorResponse::Heartbeat { error }, fx);
            }
            CoordinatorRequest::LeaveGroup { member_id } => {
                let error = if self.pending_members.remove(&member_id) {
                    None
                } else if self.protocol_kind == GroupProtocol::Consumer && self.members.contains_key(&member_id) {
                    // A classic member leaving a consumer group: removed, the group epoch goes
                    // up, and (unlike a fenced member) no downgrade is considered.
                    self.remove_consumer_member(&member_id, RemoveReason::Left, fx);
                    None
                } else if self.members.contains_key(&member_id) {
                    self.remove_member(&member_id, RemoveReason::Left, fx);
                    None
                } else {
                    Some(KafkaError::UnknownMemberId)
                };
                self.reply(consumer, incarnation, CoordinatorResponse::LeaveGroup { error }, fx);
            }
            CoordinatorRequest::OffsetCommit {
                member_id,
                generation,
                offsets,
                cause,
            } => {
                let error = if self.protocol_kind == GroupProtocol::Consumer {
                    self.validate_consumer_commit(&member_id, generation)
                } else {
                    match self.validate_member(&member_id, generation) {
                        Some(e) => Some(e),
                        None if self.state == GroupState::CompletingRebalance => Some(KafkaError::RebalanceInProgress),
                        None => None,
                    }
                };
                if error.is_none() {
                    for (tp, offset) in &offsets {
                        self.committed.insert(tp.clone(), *offset);
                    }
                    fx.trace(TraceEvent::CommitStored {
                        group_id: self.group_id.clone(),
                        consumer: consumer.to_string(),
                        offsets: offsets.clone(),
                    });
                }
                self.reply(consumer, incarnation, CoordinatorResponse::OffsetCommit { error, offsets, cause }, fx);
            }
            CoordinatorRequest::OffsetFetch { partitions } => {
                let offsets = partitions.into_iter().map(|tp| {
                    let committed = self.committed.get(&tp).copied();
                    (tp, committed)
                });
                self.reply(
                    consumer,
                    incarnation,
                    CoordinatorResponse::OffsetFetch {
                        offsets: offsets.collect_tree(),
                    },
                    fx,
                );
            }
        }
    }

    /// Member/generation validation shared by Heartbeat, SyncGroup and OffsetCommit.
    fn validate_member(&self, member_id: &str, generation: i32) -> Option<KafkaError> {
        if self.state == GroupState::Dead {
            return Some(KafkaError::CoordinatorNotAvailable);
        }
        if self.fenced_members.contains(member_id) {
            return Some(KafkaError::FencedInstanceId);
        }
        if self.state == GroupState::Empty || !self.members.contains_key(member_id) {
            return Some(KafkaError::UnknownMemberId);
        }
        if generation != self.generation {
            return Some(KafkaError::IllegalGeneration);
        }
        None
    }

    pub(crate) fn join_error(&self, consumer: &str, incarnation: u32, member_id: String, error: KafkaError, fx: &mut Effects) {
        let response = CoordinatorResponse::JoinGroup {
            error: Some(error),
            member_id,
            generation: -1,
            leader: String::new(),
            protocol: String::new(),
            members: Vec::new(),
            skip_assignment: false,
        };
        self.reply(consumer, incarnation, response, fx);
    }

    /// Assignors every member supports.
    fn candidate_protocols(&self) -> Vec<String> {
        let mut members = self.members.values();
        let Some(first) = members.next() else { return Vec::new() };
        let mut candidates = first.protocols.clone();
        for m in members {
            candidates.retain(|p| m.protocols.contains(p));
        }
        candidates
    }

    /// §3.4: each member votes for its first candidate; most votes wins, ties going to the
    /// first name in Java HashMap order.
    pub(crate) fn select_protocol(&self) -> Option<String> {
        let candidates = self.candidate_protocols();
        let ids: Vec<String> = self.members.keys().cloned().collect();
        let votes = java_order(&ids)
            .into_iter()
            .filter_map(|i| self.members[&ids[i]].protocols.iter().find(|p| candidates.contains(p)));
        plurality(votes)
    }

    fn handle_join(&mut self, member_id: String, client_id: String, join: Join, rng: &mut Rng, fx: &mut Effects) {
        let (consumer, incarnation) = (join.consumer.clone(), join.incarnation);
        self.protocol_kind = GroupProtocol::Classic;
        if !self.members.is_empty() && !self.members.contains_key(&member_id) {
            let candidates = self.candidate_protocols();
            let replacing_sole_member = join
                .group_instance_id
                .as_ref()
                .is_some_and(|i| self.static_members.contains_key(i) && self.members.len() == 1);
            if !replacing_sole_member && !join.protocols.iter().any(|p| candidates.contains(p)) {
                self.join_error(&consumer, incarnation, member_id, KafkaError::InconsistentGroupProtocol, fx);
                return;
            }
        }
        if member_id.is_empty() {
            if let Some(instance) = join.group_instance_id.clone() {
                // Static members join directly, under `<group.instance.id>-<UUID>`.
                let new_id = format!("{instance}-{}", rng.uuid_like());
                match self.static_members.get(&instance).cloned() {
                    Some(old_id) => self.replace_static_member(&instance, old_id, new_id, join, fx),
                    None => {
                        self.static_members.insert(instance, new_id.clone());
                        self.add_member(new_id, join, fx);
                    }
                }
                return;
            }
            // A new dynamic member: hand out an id and ask it to come back with it.
            let new_id = format!("{client_id}-{}", rng.uuid_like());
            self.pending_members.insert(new_id.clone());
            let response = CoordinatorResponse::JoinGroup {
                error: Some(KafkaError::MemberIdRequired),
                member_id: new_id,
                generation: -1,
                leader: String::new(),
                protocol: String::new(),
                members: Vec::new(),
                skip_assignment: false,
            };
            self.reply(&consumer, incarnation, response, fx);
            return;
        }
        if self.fenced_members.contains(&member_id) {
            self.join_error(&consumer, incarnation, member_id, KafkaError::FencedInstanceId, fx);
            return;
        }
        if self.pending_members.remove(&member_id) {
            self.add_member(member_id, join, fx);
            return;
        }
        let Some(member) = self.members.get_mut(&member_id) else {
            self.join_error(&consumer, incarnation, member_id, KafkaError::UnknownMemberId, fx);
            return;
        };
        let changed = member.take_join(join, fx.now_ms);
        let is_leader = self.leader.as_deref() == Some(member_id.as_str());
        match self.state {
            GroupState::PreparingRebalance => self.maybe_complete_join(fx),
            GroupState::CompletingRebalance | GroupState::Stable if !(changed || self.state == GroupState::Stable && is_leader) => {
                // Nothing changed: answer at once with the current generation.
                self.send_join_response(&member_id, false, fx);
            }
            GroupState::CompletingRebalance | GroupState::Stable | GroupState::Empty => self.prepare_rebalance(fx),
            GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    /// A new member (dynamic after MEMBER_ID_REQUIRED, or static) enters and a rebalance
    /// starts or goes on.
    fn add_member(&mut self, member_id: String, join: Join, fx: &mut Effects) {
        let consumer = join.consumer.clone();
        self.members
            .insert(member_id.clone(), GroupMember::from_join(member_id.clone(), join, fx.now_ms));
        fx.trace(TraceEvent::MemberAdded {
            group_id: self.group_id.clone(),
            member_id: member_id.clone(),
            consumer,
        });
        if self.leader.is_none() {
            self.set_leader(Some(member_id.clone()), fx);
        }
        if self.state == GroupState::PreparingRebalance && self.generation == 0 {
            self.new_member_added = true;
        }
        match self.state {
            GroupState::Empty | GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(fx),
            GroupState::PreparingRebalance => self.maybe_complete_join(fx),
            GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    /// §3.5a: a static member restarted. Its slot and assignment move to a fresh member id;
    /// the old id is fenced; a stable group does not rebalance.
    fn replace_static_member(&mut self, instance: &str, old_id: String, new_id: String, join: Join, fx: &mut Effects) {
        let Some(mut member) = self.members.remove(&old_id) else {
            self.static_members.remove(instance);
            self.add_member(new_id, join, fx);
            return;
        };
        if member.awaiting_join || member.awaiting_sync {
            // Whatever the old process still waits for is answered FENCED_INSTANCE_ID.
            if member.awaiting_join {
                self.join_error(&member.consumer, member.incarnation, old_id.clone(), KafkaError::FencedInstanceId, fx);
            } else {
                let response = CoordinatorResponse::SyncGroup {
                    error: Some(KafkaError::FencedInstanceId),
                    assignment: Vec::new(),
                };
                self.reply(&member.consumer, member.incarnation, response, fx);
            }
        }
        let consumer = join.consumer.clone();
        member.member_id = new_id.clone();
        member.take_join(join, fx.now_ms);
        member.awaiting_sync = false;
        member.session_check_pending = false;
        self.members.insert(new_id.clone(), member);
        self.static_members.insert(instance.to_string(), new_id.clone());
        self.fenced_members.insert(old_id.clone());
        fx.trace(TraceEvent::StaticMemberReplaced {
            group_id: self.group_id.clone(),
            group_instance_id: instance.to_string(),
            old_member_id: old_id.clone(),
            member_id: new_id.clone(),
            consumer,
        });
        if self.leader.as_deref() == Some(old_id.as_str()) {
            self.leader = Some(new_id.clone());
        }
        self.schedule_session_check(&new_id, fx);
        match self.state {
            // Stable and the vote would pick the same assignor: no rebalance. The member gets
            // the current generation back (a leader is told not to recompute) and its
            // SyncGroup returns its previous assignment.
            GroupState::Stable if self.select_protocol() == self.protocol => {
                let skip = self.leader.as_deref() == Some(new_id.as_str());
                self.send_join_response(&new_id, skip, fx);
            }
            GroupState::PreparingRebalance => self.maybe_complete_join(fx),
            _ => self.prepare_rebalance(fx),
        }
    }

    pub(crate) fn set_leader(&mut self, leader: Option<String>, fx: &mut Effects) {
        self.leader = leader;
        if let Some(id) = &self.leader {
            let consumer = self.consumer_of(id).unwrap_or_default().to_string();
            fx.trace(TraceEvent::LeaderElected {
                group_id: self.group_id.clone(),
                member_id: id.clone(),
                consumer,
            });
        }
    }

    pub(crate) fn prepare_rebalance(&mut self, fx: &mut Effects) {
        let from = self.state;
        if from == GroupState::CompletingRebalance {
            let parked: Vec<(String, u32)> = self
                .members
                .values()
                .filter(|m| m.awaiting_sync)
                .map(|m| (m.consumer.clone(), m.incarnation))
                .collect();
            for member in self.members.values_mut() {
                member.awaiting_sync = false;
            }
            for (consumer, incarnation) in parked {
                let response = CoordinatorResponse::SyncGroup {
                    error: Some(KafkaError::RebalanceInProgress),
                    assignment: Vec::new(),
                };
                self.reply(&consumer, incarnation, response, fx);
            }
        }
        if self.rebalances.last().is_none_or(|r| r.completed_ms.is_some()) {
            self.rebalances.push(RebalanceRecord {
                generation: self.generation + 1,
                started_ms: fx.now_ms,
                completed_ms: None,
                assignment: BTreeMap::new(),
            });
        }
        self.transition(GroupState::PreparingRebalance, fx);
        self.rebalance_epoch += 1;
        let epoch = self.rebalance_epoch;
        if from == GroupState::Empty {
            let delay_ms = INITIAL_REBALANCE_DELAY_MS;
            let remaining_ms = self.max_rebalance_timeout_ms().saturating_sub(delay_ms);
            self.initial_delay_active = true;
            self.new_member_added = false;
            self.timer(
                fx.now_ms + delay_ms,
                CoordinatorTimer::InitialRebalanceDelay { epoch, delay_ms, remaining_ms },
                fx,
            );
        } else {
            self.timer(fx.now_ms + self.max_rebalance_timeout_ms(), CoordinatorTimer::JoinTimeout { epoch }, fx);
            self.maybe_complete_join(fx);
        }
    }

    fn maybe_complete_join(&mut self, fx: &mut Effects) {
        if self.state != GroupState::PreparingRebalance || self.initial_delay_active {
            return;
        }
        if self.pending_members.is_empty() && self.members.values().all(|m| m.awaiting_join) {
            self.complete_join(fx);
        }
    }

    fn send_join_response(&mut self, member_id: &str, skip_assignment: bool, fx: &mut Effects) {
        let leader = self.leader.clone().unwrap_or_default();
        let members = if leader == member_id {
            self.members
                .values()
                .map(|m| JoinedMember {
                    member_id: m.member_id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    subscription: m.subscription.clone(),
                    owned: m.owned.clone(),
                    generation: m.owned_generation,
                })
                .collect()
        } else {
            Vec::new()
        };
        let Some(member) = self.members.get_mut(member_id) else { return };
        member.awaiting_join = false;
        let response = CoordinatorResponse::JoinGroup {
            error: None,
            member_id: member_id.to_string(),
            generation: self.generation,
            leader,
            protocol: self.protocol.clone().unwrap_or_default(),
            members,
            skip_assignment,
        };
        let (consumer, incarnation) = (member.consumer.clone(), member.incarnation);
        self.reply(&consumer, incarnation, response, fx);
    }

    fn complete_join(&mut self, fx: &mut Effects) {
        self.initial_delay_active = false;
        // Dynamic members that did not rejoin are removed; static ones keep their slot.
        let not_rejoined: Vec<String> = self
            .members
            .values()
            .filter(|m| !m.awaiting_join && m.group_instance_id.is_none())
            .map(|m| m.member_id.clone())
            .collect();
        for member_id in not_rejoined {
            self.drop_member(&member_id, RemoveReason::NotRejoined, fx);
        }
        if self.leader.as_ref().is_none_or(|l| !self.members.contains_key(l)) {
            let next = self.members.keys().next().cloned();
            self.set_leader(next, fx);
        }
        self.generation += 1;
        self.rebalance_epoch += 1;
        if let Some(record) = self.rebalances.last_mut() {
            record.generation = self.generation;
        }
        if self.members.is_empty() {
            self.protocol = None;
            self.transition(GroupState::Empty, fx);
            if let Some(record) = self.rebalances.last_mut() {
                record.completed_ms = Some(fx.now_ms);
            }
            return;
        }
        let protocol = self.select_protocol();
        if protocol != self.protocol {
            fx.trace(TraceEvent::ProtocolSelected {
                group_id: self.group_id.clone(),
                protocol: protocol.clone().unwrap_or_default(),
                generation: self.generation,
            });
        }
        self.protocol = protocol;
        self.transition(GroupState::CompletingRebalance, fx);
        let ids: Vec<String> = self.members.values().filter(|m| m.awaiting_join).map(|m| m.member_id.clone()).collect();
        for id in &ids {
            self.send_join_response(id, false, fx);
            if let Some(m) = self.members.get_mut(id) {
                m.last_heartbeat_ms = fx.now_ms;
            }
            self.schedule_session_check(id, fx);
        }
        let epoch = self.rebalance_epoch;
        self.timer(fx.now_ms + self.max_rebalance_timeout_ms(), CoordinatorTimer::SyncTimeout { epoch }, fx);
    }

    fn handle_sync(
        &mut self,
        consumer: &str,
        incarnation: u32,
        member_id: String,
        generation: i32,
        assignments: Option<BTreeMap<String, Vec<TopicPartition>>>,
        fx: &mut Effects,
    ) {
        let error = match self.validate_member(&member_id, generation) {
            Some(e) => Some(e),
            None if self.state == GroupState::PreparingRebalance => Some(KafkaError::RebalanceInProgress),
            None => None,
        };
        if let Some(error) = error {
            self.reply(
                consumer,
                incarnation,
                CoordinatorResponse::SyncGroup {
                    error: Some(error),
                    assignment: Vec::new(),
                },
                fx,
            );
            return;
        }
        if self.state == GroupState::Stable {
            let assignment = self.members[&member_id].assignment.clone();
            self.reply(consumer, incarnation, CoordinatorResponse::SyncGroup { error: None, assignment }, fx);
            return;
        }
        // CompletingRebalance: park until the leader's assignment arrives.
        if let Some(m) = self.members.get_mut(&member_id) {
            m.awaiting_sync = true;
            m.last_heartbeat_ms = fx.now_ms;
        }
        let from_leader = self.leader.as_deref() == Some(member_id.as_str());
        let (true, Some(assignments)) = (from_leader, assignments) else { return };
        for member in self.members.values_mut() {
            member.assignment = assignments.get(&member.member_id).cloned().unwrap_or_default();
        }
        self.transition(GroupState::Stable, fx);
        let by_consumer: BTreeMap<String, Vec<TopicPartition>> = self.members.values().map(|m| (m.consumer.clone(), m.assignment.clone())).collect_tree();
        if let Some(record) = self.rebalances.last_mut() {
            record.completed_ms = Some(fx.now_ms);
            record.generation = self.generation;
            record.assignment = by_consumer;
        }
        let parked: Vec<String> = self.members.values().filter(|m| m.awaiting_sync).map(|m| m.member_id.clone()).collect();
        for id in parked {
            let member = self.members.get_mut(&id).expect("parked member exists");
            member.awaiting_sync = false;
            let response = CoordinatorResponse::SyncGroup {
                error: None,
                assignment: member.assignment.clone(),
            };
            let (c, inc) = (member.consumer.clone(), member.incarnation);
            self.reply(&c, inc, response, fx);
        }
    }

    /// Removes a member without starting a rebalance (used while completing a join).
    fn drop_member(&mut self, member_id: &str, reason: RemoveReason, fx: &mut Effects) {
        let Some(member) = self.members.remove(member_id) else { return };
        fx.trace(TraceEvent::MemberRemoved {
            group_id: self.group_id.clone(),
            member_id: member_id.to_string(),
            consumer: member.consumer.clone(),
            reason,
        });
        self.forget_static(&member);
        if member.awaiting_join {
            self.join_error(&member.consumer, member.incarnation, member_id.to_string(), KafkaError::UnknownMemberId, fx);
        }
        if self.leader.as_deref() == Some(member_id) {
            let next = self.members.keys().next().cloned();
            self.set_leader(next, fx);
        }
    }

    /// A removed static member's instance id no longer maps to it.
    pub(crate) fn forget_static(&mut self, member: &GroupMember) {
        if let Some(instance) = &member.group_instance_id {
            if self.static_members.get(instance) == Some(&member.member_id) {
                self.static_members.remove(instance);
            }
        }
    }

    /// Removes a member (leave or expiry) and rebalances as the state requires.
    fn remove_member(&mut self, member_id: &str, reason: RemoveReason, fx: &mut Effects) {
        self.drop_member(member_id, reason, fx);
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(fx),
            GroupState::PreparingRebalance => self.maybe_complete_join(fx),
            GroupState::Empty | GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }

    pub fn on_timer(&mut self, timer: CoordinatorTimer, fx: &mut Effects) {
        match timer {
            CoordinatorTimer::InitialRebalanceDelay { epoch, delay_ms, remaining_ms } => {
                if epoch != self.rebalance_epoch || self.state != GroupState::PreparingRebalance {
                    return;
                }
                if self.new_member_added && remaining_ms > 0 {
                    self.new_member_added = false;
                    let next_delay = delay_ms.min(remaining_ms);
                    let remaining_ms = remaining_ms.saturating_sub(delay_ms);
                    self.timer(
                        fx.now_ms + next_delay,
                        CoordinatorTimer::InitialRebalanceDelay { epoch, delay_ms, remaining_ms },
                        fx,
                    );
                } else {
                    self.initial_delay_active = false;
                    self.complete_join(fx);
                }
            }
            CoordinatorTimer::JoinTimeout { epoch } => {
                if epoch == self.rebalance_epoch && self.state == GroupState::PreparingRebalance {
                    self.complete_join(fx);
                }
            }
            CoordinatorTimer::SyncTimeout { epoch } => {
                if epoch == self.rebalance_epoch && self.state == GroupState::CompletingRebalance {
                    let missing: Vec<String> = self.members.values().filter(|m| !m.awaiting_sync).map(|m| m.member_id.clone()).collect();
                    for id in &missing {
                        self.drop_member(id, RemoveReason::NotSynced, fx);
                    }
                    self.prepare_rebalance(fx);
                }
            }
            CoordinatorTimer::RevocationTimeout { member_id, epoch } => self.on_revocation_timeout(&member_id, epoch, fx),
            CoordinatorTimer::ClassicMemberDeadline { member_id, sync } => self.on_classic_member_deadline(&member_id, sync, fx),
            CoordinatorTimer::SessionCheck { member_id } => {
                let now = fx.now_ms;
                let Some(member) = self.members.get_mut(&member_id) else { return };
                member.session_check_pending = false;
                if self.protocol_kind == GroupProtocol::Consumer {
                    if now < member.session_deadline_ms() {
                        self.schedule_session_check(&member_id, fx);
                    } else {
                        self.remove_consumer_member(&member_id, RemoveReason::SessionTimeout, fx);
                    }
                    return;
                }
                let keep_alive = member.awaiting_join || member.awaiting_sync;
                let deadline = member.session_deadline_ms();
                if keep_alive || now < deadline {
                    if keep_alive {
                        member.last_heartbeat_ms = now;
                    }
                    self.schedule_session_check(&member_id, fx);
                } else {
                    self.remove_member(&member_id, RemoveReason::SessionTimeout, fx);
                }
            }
        }
    }
}
