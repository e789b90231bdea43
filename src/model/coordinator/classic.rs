//! The classic protocol on the group coordinator (kafka-behaviour.md §3.2–§3.5, §3.9): group
//! states, JoinGroup with the initial rebalance delay, SyncGroup, heartbeats and session
//! expiry, LeaveGroup. KIP-848 consumer groups are in `consumer_group.rs`.

use crate::model::config::GroupProtocol;
use crate::model::coordinator::state::{plurality, Coordinator, GroupMember, Join, RebalanceRecord, INITIAL_REBALANCE_DELAY_MS};
use crate::model::effects::{CoordinatorTimer, Effects};
use crate::model::java::java_order;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CoordinatorResponse, JoinedMember, KafkaError};
use crate::model::rng::Rng;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{GroupState, RemoveReason, TraceEvent};
use std::collections::BTreeMap;

impl Coordinator {
    /// Member/generation validation shared by Heartbeat, SyncGroup and OffsetCommit.
    pub(super) fn validate_member(&self, member_id: &str, generation: i32) -> Option<KafkaError> {
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

    pub(super) fn handle_join(&mut self, member_id: String, client_id: String, join: Join, rng: &mut Rng, fx: &mut Effects) {
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

    pub(super) fn complete_join(&mut self, fx: &mut Effects) {
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

    pub(super) fn handle_sync(
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
    pub(super) fn drop_member(&mut self, member_id: &str, reason: RemoveReason, fx: &mut Effects) {
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
    pub(super) fn remove_member(&mut self, member_id: &str, reason: RemoveReason, fx: &mut Effects) {
        self.drop_member(member_id, reason, fx);
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(fx),
            GroupState::PreparingRebalance => self.maybe_complete_join(fx),
            GroupState::Empty | GroupState::Dead | GroupState::Assigning | GroupState::Reconciling => {}
        }
    }
}
