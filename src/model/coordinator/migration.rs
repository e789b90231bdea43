//! Online migration between the two group protocols (kafka-behaviour.md §4.1,
//! `group.consumer.migration.policy`, default `bidirectional`), as Kafka 4.0's
//! GroupMetadataManager does it:
//! - upgrade: the first ConsumerGroupHeartbeat that joins a non-empty classic group converts it
//!   to a consumer group: pending JoinGroup and SyncGroup calls are answered
//!   REBALANCE_IN_PROGRESS, every classic member becomes a member at epoch = the generation,
//!   keeping its partitions as its target, and the joining member then bumps the group epoch;
//! - classic members inside a consumer group keep speaking JoinGroup, SyncGroup and Heartbeat:
//!   a JoinGroup reconciles the member towards its target (reporting what it owns) and is
//!   answered at once with its member epoch as the generation; SyncGroup returns what it is
//!   assigned; Heartbeat answers REBALANCE_IN_PROGRESS when it must rejoin to move on. They
//!   have join and sync timeouts instead of the revocation timeout;
//! - downgrade: when a fenced or leaving member is the last one of the new protocol and
//!   classic members remain, the group converts back to a classic group (assignments = the
//!   target) and a classic rebalance starts; a classic static member that replaces the last
//!   member of the new protocol converts it without a rebalance.

use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::coordinator::state::{Coordinator, GroupMember, Join};
use crate::model::effects::{CoordinatorTimer, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CoordinatorResponse, KafkaError};
use crate::model::rng::Rng;
use crate::model::trace::{EpochReason, GroupState, ReconcileState, RemoveReason, TraceEvent};

impl Coordinator {
    /// Upgrade (`ConsumerGroup.fromClassicGroup`).
    pub(crate) fn convert_to_consumer_group(&mut self, fx: &mut Effects) {
        let parked: Vec<(String, String, u32, bool, bool)> = self
            .members
            .values()
            .map(|m| (m.member_id.clone(), m.consumer.clone(), m.incarnation, m.awaiting_join, m.awaiting_sync))
            .collect();
        for (member_id, consumer, incarnation, awaiting_join, awaiting_sync) in parked {
            if awaiting_join {
                self.join_error(&consumer, incarnation, member_id, KafkaError::RebalanceInProgress, fx);
            } else if awaiting_sync {
                let response = CoordinatorResponse::SyncGroup {
                    error: Some(KafkaError::RebalanceInProgress),
                    assignment: Vec::new(),
                };
                self.reply(&consumer, incarnation, response, fx);
            }
        }
        self.protocol_kind = GroupProtocol::Consumer;
        self.rebalance_epoch += 1;
        self.initial_delay_active = false;
        self.pending_members.clear();
        self.leader = None;
        self.protocol = None;
        let (generation, now_ms) = (self.generation, fx.now_ms);
        self.target.clear();
        for m in self.members.values_mut() {
            m.uses_classic = true;
            m.awaiting_join = false;
            m.awaiting_sync = false;
            m.member_epoch = generation;
            m.previous_epoch = generation;
            m.reconcile = ReconcileState::Stable;
            m.pending_revocation.clear();
            m.last_heartbeat_ms = now_ms;
            self.target.insert(m.member_id.clone(), m.assignment.clone());
        }
        self.target_epoch = generation;
        fx.trace(TraceEvent::GroupConverted {
            group_id: self.group_id.clone(),
            to: GroupProtocol::Consumer,
            epoch: generation,
        });
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in &ids {
            self.schedule_session_check(id, fx);
        }
    }

    /// Downgrade (`ClassicGroup.fromConsumerGroup`): without `leaving` (a static replacement)
    /// the group stays Stable; with it, that member is removed and a classic rebalance starts.
    pub(crate) fn convert_to_classic_group(&mut self, leaving: Option<(&str, RemoveReason)>, fx: &mut Effects) {
        if let Some((member_id, reason)) = leaving {
            if let Some(member) = self.members.remove(member_id) {
                self.forget_static(&member);
                fx.trace(TraceEvent::MemberRemoved {
                    group_id: self.group_id.clone(),
                    member_id: member_id.to_string(),
                    consumer: member.consumer,
                    reason,
                });
            }
        }
        self.protocol_kind = GroupProtocol::Classic;
        let now_ms = fx.now_ms;
        for m in self.members.values_mut() {
            m.assignment = self.target.get(&m.member_id).cloned().unwrap_or_default();
            m.uses_classic = false;
            m.awaiting_join = false;
            m.awaiting_sync = false;
            m.join_deadline_ms = None;
            m.sync_deadline_ms = None;
            m.reconcile = ReconcileState::Stable;
            m.pending_revocation.clear();
            m.last_heartbeat_ms = now_ms;
        }
        self.target.clear();
        fx.trace(TraceEvent::GroupConverted {
            group_id: self.group_id.clone(),
            to: GroupProtocol::Classic,
            epoch: self.generation,
        });
        self.leader = None;
        let first = self.members.keys().next().cloned();
        self.set_leader(first, fx);
        self.protocol = self.select_protocol();
        self.transition(GroupState::Stable, fx);
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in &ids {
            self.schedule_session_check(id, fx);
        }
        if leaving.is_some() {
            self.prepare_rebalance(fx);
        } else if let Some(record) = self.rebalances.last_mut().filter(|r| r.completed_ms.is_none()) {
            record.completed_ms = Some(now_ms);
        }
    }

    /// A JoinGroup to a non-empty consumer group (`classicGroupJoinToConsumerGroup`).
    pub(crate) fn classic_join_to_consumer_group(&mut self, member_id: String, join: Join, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        let (consumer, incarnation) = (join.consumer.clone(), join.incarnation);
        // Some assignor of the member's must be one every classic member supports.
        let classic: Vec<&GroupMember> = self.members.values().filter(|m| m.uses_classic).collect();
        if !join.protocols.iter().any(|p| classic.iter().all(|m| m.protocols.contains(p))) {
            self.join_error(&consumer, incarnation, member_id, KafkaError::InconsistentGroupProtocol, fx);
            return;
        }
        let unknown = member_id.is_empty();
        if unknown && join.group_instance_id.is_none() {
            // As in a classic group, but the id is a bare UUID.
            let response = CoordinatorResponse::JoinGroup {
                error: Some(KafkaError::MemberIdRequired),
                member_id: rng.uuid_like(),
                generation: -1,
                leader: String::new(),
                protocol: String::new(),
                members: Vec::new(),
                skip_assignment: false,
            };
            self.reply(&consumer, incarnation, response, fx);
            return;
        }
        let member_id = if unknown { rng.uuid_like() } else { member_id };
        let (mut bump, replaced) = match self.classic_member_slot(&member_id, unknown, &join, fx) {
            Ok(slot) => slot,
            Err(error) => {
                self.join_error(&consumer, incarnation, member_id, error, fx);
                return;
            }
        };
        // What the member owns: a cooperative member reports its partitions; an eager one has
        // just given them all up.
        let owned: Vec<TopicPartition> = if join.protocols.iter().all(|p| p == "cooperative-sticky") {
            join.owned
        } else {
            Vec::new()
        };
        let member = self.members.get_mut(&member_id).expect("the slot exists");
        member.consumer = consumer.clone();
        member.incarnation = incarnation;
        member.session_timeout_ms = join.session_timeout_ms;
        member.rebalance_timeout_ms = join.rebalance_timeout_ms;
        member.protocols = join.protocols;
        member.uses_classic = true;
        member.last_heartbeat_ms = fx.now_ms;
        if member.subscription != join.subscription {
            member.subscription = join.subscription;
            bump.get_or_insert((EpochReason::SubscriptionChanged, Some(consumer.clone())));
        }
        self.retarget(bump, cluster, fx);
        self.reconcile_member(&member_id, Some(&owned), fx);
        let member = &self.members[&member_id];
        let response = CoordinatorResponse::JoinGroup {
            error: None,
            member_id: member_id.clone(),
            generation: member.member_epoch,
            leader: String::new(),
            protocol: member.protocols.first().cloned().unwrap_or_default(),
            members: Vec::new(),
            skip_assignment: false,
        };
        self.reply(&consumer, incarnation, response, fx);
        if replaced && self.members.values().all(|m| m.uses_classic) {
            self.convert_to_classic_group(None, fx);
            return;
        }
        let at_ms = fx.now_ms + join.rebalance_timeout_ms;
        if let Some(m) = self.members.get_mut(&member_id) {
            m.join_deadline_ms = None;
            m.sync_deadline_ms = Some(at_ms);
        }
        self.timer(
            at_ms,
            CoordinatorTimer::ClassicMemberDeadline {
                member_id: member_id.clone(),
                sync: true,
            },
            fx,
        );
        self.schedule_session_check(&member_id, fx);
        self.update_consumer_group_state(fx);
    }

    /// Finds or creates the joining classic member's record. Returns the group epoch bump a
    /// new member causes and whether a static member's record was taken over.
    #[allow(clippy::type_complexity)]
    fn classic_member_slot(
        &mut self,
        member_id: &str,
        unknown: bool,
        join: &Join,
        fx: &mut Effects,
    ) -> Result<(Option<(EpochReason, Option<String>)>, bool), KafkaError> {
        let joined = Some((EpochReason::MemberJoined, Some(join.consumer.clone())));
        let Some(instance) = &join.group_instance_id else {
            if self.members.contains_key(member_id) {
                return Ok((None, false));
            }
            self.add_classic_member(member_id, join, fx);
            return Ok((joined, false));
        };
        match self.static_members.get(instance).cloned() {
            None if unknown => {
                self.static_members.insert(instance.clone(), member_id.to_string());
                self.add_classic_member(member_id, join, fx);
                Ok((joined, false))
            }
            None => Err(KafkaError::UnknownMemberId),
            Some(old_id) if unknown => {
                // A static member restarted: its record (and target) move to the new id.
                let mut member = self.members.remove(&old_id).expect("static members are members");
                if let Some(target) = self.target.remove(&old_id) {
                    self.target.insert(member_id.to_string(), target);
                }
                member.member_id = member_id.to_string();
                member.member_epoch = 0;
                member.previous_epoch = 0;
                member.reconcile = ReconcileState::Stable;
                member.pending_revocation.clear();
                member.session_check_pending = false;
                self.members.insert(member_id.to_string(), member);
                self.static_members.insert(instance.clone(), member_id.to_string());
                self.fenced_members.insert(old_id.clone());
                fx.trace(TraceEvent::StaticMemberReplaced {
                    group_id: self.group_id.clone(),
                    group_instance_id: instance.clone(),
                    old_member_id: old_id,
                    member_id: member_id.to_string(),
                    consumer: join.consumer.clone(),
                });
                Ok((None, true))
            }
            Some(old_id) if old_id != member_id => Err(KafkaError::FencedInstanceId),
            Some(_) => Ok((None, false)),
        }
    }

    fn add_classic_member(&mut self, member_id: &str, join: &Join, fx: &mut Effects) {
        let member = GroupMember {
            group_instance_id: join.group_instance_id.clone(),
            uses_classic: true,
            ..GroupMember::new(member_id.to_string(), join.consumer.clone(), join.incarnation, fx.now_ms)
        };
        self.members.insert(member_id.to_string(), member);
        fx.trace(TraceEvent::MemberAdded {
            group_id: self.group_id.clone(),
            member_id: member_id.to_string(),
            consumer: join.consumer.clone(),
        });
    }

    /// The classic member behind `member_id`, checked against the generation it sends (its
    /// member epoch).
    fn classic_member(&self, member_id: &str, generation: i32) -> Result<&GroupMember, KafkaError> {
        if self.fenced_members.contains(member_id) {
            return Err(KafkaError::FencedInstanceId);
        }
        let member = self.members.get(member_id).ok_or(KafkaError::UnknownMemberId)?;
        if generation != member.member_epoch {
            return Err(KafkaError::IllegalGeneration);
        }
        Ok(member)
    }

    /// A SyncGroup to a consumer group (`classicGroupSyncToConsumerGroup`): the member's
    /// current assignment, unless the group moved on and it must rejoin first.
    pub(crate) fn classic_sync_to_consumer_group(&mut self, member_id: &str, generation: i32, fx: &mut Effects) -> Result<Vec<TopicPartition>, KafkaError> {
        let member = self.classic_member(member_id, generation)?;
        if self.generation > member.member_epoch && member.reconcile != ReconcileState::UnrevokedPartitions {
            self.join_deadline_if_absent(member_id, fx);
            return Err(KafkaError::RebalanceInProgress);
        }
        let member = self.members.get_mut(member_id).expect("checked above");
        member.sync_deadline_ms = None;
        member.last_heartbeat_ms = fx.now_ms;
        Ok(member.assignment.clone())
    }

    /// A Heartbeat to a consumer group (`classicGroupHeartbeatToConsumerGroup`):
    /// REBALANCE_IN_PROGRESS when the group epoch is ahead of the member, when it must revoke,
    /// or when the partitions it waits for are free.
    pub(crate) fn classic_heartbeat_to_consumer_group(&mut self, member_id: &str, generation: i32, fx: &mut Effects) -> Option<KafkaError> {
        let member = match self.classic_member(member_id, generation) {
            Ok(m) => m,
            Err(e) => return Some(e),
        };
        let waiting = self
            .target
            .get(member_id)
            .is_some_and(|t| t.iter().any(|tp| !member.assignment.contains(tp) && self.owned_by_other(member_id, tp)));
        let rejoin = member.member_epoch < self.generation
            || member.reconcile == ReconcileState::UnrevokedPartitions
            || (member.reconcile == ReconcileState::UnreleasedPartitions && !waiting);
        if let Some(m) = self.members.get_mut(member_id) {
            m.last_heartbeat_ms = fx.now_ms;
        }
        if !rejoin {
            return None;
        }
        self.join_deadline_if_absent(member_id, fx);
        Some(KafkaError::RebalanceInProgress)
    }

    fn join_deadline_if_absent(&mut self, member_id: &str, fx: &mut Effects) {
        let Some(m) = self.members.get_mut(member_id).filter(|m| m.join_deadline_ms.is_none()) else {
            return;
        };
        let at_ms = fx.now_ms + m.rebalance_timeout_ms;
        m.join_deadline_ms = Some(at_ms);
        let timer = CoordinatorTimer::ClassicMemberDeadline {
            member_id: member_id.to_string(),
            sync: false,
        };
        self.timer(at_ms, timer, fx);
    }

    /// A classic member that did not rejoin or sync in time is fenced.
    pub(crate) fn on_classic_member_deadline(&mut self, member_id: &str, sync: bool, fx: &mut Effects) {
        let due = self.protocol_kind == GroupProtocol::Consumer
            && self.members.get(member_id).is_some_and(|m| {
                let deadline = if sync { m.sync_deadline_ms } else { m.join_deadline_ms };
                deadline == Some(fx.now_ms)
            });
        if due {
            let reason = if sync { RemoveReason::NotSynced } else { RemoveReason::NotRejoined };
            self.remove_consumer_member(member_id, reason, fx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::effects::Effect;
    use crate::model::protocol::{CoordinatorRequest, GroupHeartbeat, Message};

    fn tp(p: u32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    /// A stable classic group at generation 3: a owns t-0 and t-1, b owns t-2 and t-3 and is
    /// parked in a JoinGroup (a rebalance began).
    fn classic_group() -> (Coordinator, Cluster, Rng) {
        let mut cluster = Cluster::new(1);
        cluster.add_topic("t", 4);
        let mut c = Coordinator::new("g", 0);
        for (id, owned) in [("a", vec![tp(0), tp(1)]), ("b", vec![tp(2), tp(3)])] {
            let member = GroupMember {
                session_timeout_ms: 45_000,
                rebalance_timeout_ms: 10_000,
                subscription: vec!["t".to_string()],
                protocols: vec!["range".to_string()],
                assignment: owned,
                awaiting_join: id == "b",
                ..GroupMember::new(id.to_string(), id.to_string(), 0, 0)
            };
            c.members.insert(id.to_string(), member);
        }
        c.generation = 3;
        c.state = GroupState::PreparingRebalance;
        (c, cluster, Rng::new(1))
    }

    fn join_new_member(c: &mut Coordinator, cluster: &Cluster, rng: &mut Rng) -> Vec<Effect> {
        let mut fx = Effects::new(1_000);
        let hb = GroupHeartbeat {
            member_id: String::new(),
            member_epoch: 0,
            group_instance_id: None,
            rebalance_timeout_ms: Some(10_000),
            subscription: Some(vec!["t".to_string()]),
            server_assignor: None,
            owned: Some(vec![]),
        };
        c.handle("k", 0, CoordinatorRequest::ConsumerGroupHeartbeat(hb), cluster, rng, &mut fx);
        fx.list
    }

    fn replies(effects: &[Effect]) -> Vec<(&str, &CoordinatorResponse)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Send(Message::FromCoordinator { consumer, response, .. }) => Some((consumer.as_str(), response)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_joining_heartbeat_converts_the_classic_group_at_its_generation() {
        let (mut c, cluster, mut rng) = classic_group();
        let effects = join_new_member(&mut c, &cluster, &mut rng);
        // b's parked JoinGroup is answered REBALANCE_IN_PROGRESS.
        assert!(replies(&effects).iter().any(|(to, r)| *to == "b"
            && matches!(
                r,
                CoordinatorResponse::JoinGroup {
                    error: Some(KafkaError::RebalanceInProgress),
                    ..
                }
            )));
        assert!(effects.iter().any(|e| matches!(
            e,
            Effect::Trace(TraceEvent::GroupConverted {
                to: GroupProtocol::Consumer,
                epoch: 3,
                ..
            })
        )));
        assert_eq!(c.protocol_kind, GroupProtocol::Consumer);
        for id in ["a", "b"] {
            let m = &c.members[id];
            assert!(m.uses_classic && !m.awaiting_join && m.member_epoch == 3, "{m:?}");
        }
        // The joining member bumps the epoch; the new target takes one partition from each.
        assert_eq!((c.generation, c.target_epoch), (4, 4));
        let mut sizes: Vec<usize> = c.target.values().map(Vec::len).collect();
        crate::model::sort::sort(&mut sizes);
        assert_eq!(sizes, [1, 1, 2]);
        assert!(c.target["a"].iter().all(|x| [tp(0), tp(1)].contains(x)) && c.target["b"].iter().all(|x| [tp(2), tp(3)].contains(x)));
        assert_eq!(c.members["a"].assignment, [tp(0), tp(1)], "a keeps its partitions until it rejoins");
    }

    #[test]
    fn classic_members_learn_from_heartbeat_and_sync_when_to_rejoin() {
        let (mut c, cluster, mut rng) = classic_group();
        join_new_member(&mut c, &cluster, &mut rng);
        let mut fx = Effects::new(2_000);
        assert_eq!(c.classic_heartbeat_to_consumer_group("a", 2, &mut fx), Some(KafkaError::IllegalGeneration));
        assert_eq!(c.classic_heartbeat_to_consumer_group("x", 3, &mut fx), Some(KafkaError::UnknownMemberId));
        // Epoch 3 < group epoch 4: rejoin, within the rebalance timeout.
        assert_eq!(c.classic_heartbeat_to_consumer_group("a", 3, &mut fx), Some(KafkaError::RebalanceInProgress));
        assert_eq!(c.classic_sync_to_consumer_group("a", 3, &mut fx), Err(KafkaError::RebalanceInProgress));
        assert_eq!(c.members["a"].join_deadline_ms, Some(12_000));
        // a (eager) rejoins owning nothing: it is at epoch 4 with what it keeps, answered at once.
        let join = Join {
            consumer: "a".to_string(),
            incarnation: 0,
            group_instance_id: None,
            session_timeout_ms: 45_000,
            rebalance_timeout_ms: 10_000,
            subscription: vec!["t".to_string()],
            protocols: vec!["range".to_string()],
            owned: vec![tp(0), tp(1)],
            owned_generation: 3,
        };
        let mut fx = Effects::new(3_000);
        c.classic_join_to_consumer_group("a".to_string(), join, &cluster, &mut rng, &mut fx);
        let answered = replies(&fx.list)
            .iter()
            .any(|(to, r)| *to == "a" && matches!(r, CoordinatorResponse::JoinGroup { error: None, generation: 4, leader, .. } if leader.is_empty()));
        assert!(answered);
        let a = &c.members["a"];
        assert_eq!(
            (a.member_epoch, a.reconcile, a.join_deadline_ms, a.sync_deadline_ms),
            (4, ReconcileState::Stable, None, Some(13_000))
        );
        assert_eq!(c.classic_sync_to_consumer_group("a", 4, &mut fx), Ok(c.target["a"].clone()));
        assert_eq!(c.classic_heartbeat_to_consumer_group("a", 4, &mut fx), None);
        // b never rejoins: its join deadline fences it, and no downgrade (k is still there).
        let mut fx = Effects::new(2_000);
        assert_eq!(c.classic_heartbeat_to_consumer_group("b", 3, &mut fx), Some(KafkaError::RebalanceInProgress));
        let mut fx = Effects::new(11_999);
        c.on_classic_member_deadline("b", false, &mut fx);
        assert!(c.members.contains_key("b"), "not due yet");
        let mut fx = Effects::new(12_000);
        c.on_classic_member_deadline("b", false, &mut fx);
        assert!(!c.members.contains_key("b"));
        assert_eq!(c.protocol_kind, GroupProtocol::Consumer);
    }

    #[test]
    fn the_last_member_of_the_new_protocol_leaving_converts_the_group_back() {
        let (mut c, cluster, mut rng) = classic_group();
        join_new_member(&mut c, &cluster, &mut rng);
        let k = c.members.values().find(|m| !m.uses_classic).unwrap().member_id.clone();
        let target = c.target.clone();
        let mut fx = Effects::new(5_000);
        c.remove_consumer_member(&k, RemoveReason::SessionTimeout, &mut fx);
        assert_eq!(
            (c.protocol_kind, c.state, c.generation),
            (GroupProtocol::Classic, GroupState::PreparingRebalance, 4)
        );
        // The classic members' assignments are their targets; they are classic members again.
        assert!(c.members.values().all(|m| !m.uses_classic && m.assignment == target[&m.member_id]));
        assert_eq!(c.members.len(), 2);
        assert!(c.leader.is_some());
        // A classic member leaving a consumer group does not convert it.
        let (mut c, cluster, mut rng) = classic_group();
        join_new_member(&mut c, &cluster, &mut rng);
        let mut fx = Effects::new(5_000);
        c.remove_consumer_member("a", RemoveReason::Left, &mut fx);
        assert_eq!(c.protocol_kind, GroupProtocol::Consumer);
    }
}
