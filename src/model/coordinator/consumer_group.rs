//! The KIP-848 consumer group on the coordinator (kafka-behaviour.md §4): ConsumerGroupHeartbeat, the
//! group epoch, the server-side assignor's target assignment, and each member's reconciliation
//! towards it (`CurrentAssignmentBuilder`). No JoinGroup, no SyncGroup, no group-wide barrier:
//! every member moves on its own heartbeats.

use crate::model::assignor::input::MemberSubscription;
use crate::model::assignor::name::AssignorName;
use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::coordinator::state::{plurality, Coordinator, GroupMember, RebalanceRecord};
use crate::model::effects::{CoordinatorTimer, Effects};
use crate::model::java::java_order;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CoordinatorResponse, GroupHeartbeat, KafkaError, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH};
use crate::model::rng::Rng;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{EpochReason, GroupState, ReconcileState, RemoveReason, TraceEvent};
use std::collections::BTreeMap;

/// `group.consumer.session.timeout.ms` (broker default).
pub const CONSUMER_GROUP_SESSION_TIMEOUT_MS: u64 = 45_000;
/// `group.consumer.heartbeat.interval.ms` (broker default).
pub const CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS: u64 = 5_000;
/// `group.consumer.assignors`: the first one is the default.
pub const SERVER_ASSIGNORS: [AssignorName; 2] = [AssignorName::Uniform, AssignorName::ServerRange];

/// The assignor name a member sends (`group.remote.assignor`) → the engine's assignor.
pub fn server_assignor(name: &str) -> Option<AssignorName> {
    match name {
        "uniform" => Some(AssignorName::Uniform),
        "range" => Some(AssignorName::ServerRange),
        _ => None,
    }
}

fn server_assignor_name(assignor: AssignorName) -> &'static str {
    match assignor {
        AssignorName::ServerRange => "range",
        _ => "uniform",
    }
}

/// Whether the member may still hold any of `revoked`: with no owned list in the request,
/// the coordinator must assume it does.
fn owns_any(owned: Option<&[TopicPartition]>, revoked: &[TopicPartition]) -> bool {
    owned.is_none_or(|o| revoked.iter().any(|tp| o.contains(tp)))
}

/// The next state of one member (`CurrentAssignmentBuilder.computeNextAssignment`).
struct Next {
    state: ReconcileState,
    epoch: i32,
    assigned: Vec<TopicPartition>,
    pending_revocation: Vec<TopicPartition>,
}

impl Coordinator {
    /// Handles one ConsumerGroupHeartbeat and answers it.
    pub(crate) fn handle_consumer_heartbeat(
        &mut self,
        consumer: &str,
        incarnation: u32,
        hb: GroupHeartbeat,
        cluster: &Cluster,
        rng: &mut Rng,
        fx: &mut Effects,
    ) {
        let response = match self.consumer_heartbeat(consumer, incarnation, hb, cluster, rng, fx) {
            Ok((member_id, member_epoch, assignment)) => CoordinatorResponse::ConsumerGroupHeartbeat {
                error: None,
                member_id,
                member_epoch,
                heartbeat_interval_ms: CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS,
                assignment,
            },
            Err(error) => CoordinatorResponse::ConsumerGroupHeartbeat {
                error: Some(error),
                member_id: String::new(),
                member_epoch: -1,
                heartbeat_interval_ms: CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS,
                assignment: None,
            },
        };
        self.reply(consumer, incarnation, response, fx);
        self.update_consumer_group_state(fx);
    }

    #[allow(clippy::type_complexity)]
    fn consumer_heartbeat(
        &mut self,
        consumer: &str,
        incarnation: u32,
        hb: GroupHeartbeat,
        cluster: &Cluster,
        rng: &mut Rng,
        fx: &mut Effects,
    ) -> Result<(String, i32, Option<Vec<TopicPartition>>), KafkaError> {
        if hb.server_assignor.as_deref().is_some_and(|a| server_assignor(a).is_none()) {
            return Err(KafkaError::UnsupportedAssignor);
        }
        if self.protocol_kind == GroupProtocol::Classic && !self.members.is_empty() {
            // Only a joining member converts a classic group (online upgrade); any other
            // request finds no consumer group.
            if hb.member_epoch != 0 {
                return Err(KafkaError::GroupIdNotFound);
            }
            self.convert_to_consumer_group(fx);
        }
        self.protocol_kind = GroupProtocol::Consumer;
        if hb.member_epoch == LEAVE_GROUP_MEMBER_EPOCH || hb.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            return self.consumer_leave(&hb.member_id, hb.member_epoch, fx);
        }
        let joining = hb.member_epoch == 0;
        let member_id = if hb.member_id.is_empty() { rng.uuid_like() } else { hb.member_id.clone() };
        let mut bump: Option<(EpochReason, Option<String>)> = None;
        if joining {
            self.join_consumer_member(consumer, incarnation, &member_id, &hb, fx, &mut bump)?;
        }
        let Some(member) = self.members.get_mut(&member_id) else {
            return Err(KafkaError::UnknownMemberId);
        };
        // Reference §4.2: a newer epoch than ours, or an older one other than the previous
        // epoch of a member whose response was lost, is fenced.
        if hb.member_epoch > member.member_epoch {
            return Err(KafkaError::FencedMemberEpoch);
        }
        if hb.member_epoch < member.member_epoch {
            let lost_response =
                hb.member_epoch == member.previous_epoch && hb.owned.as_ref().is_some_and(|owned| owned.iter().all(|tp| member.assignment.contains(tp)));
            if !lost_response {
                return Err(KafkaError::FencedMemberEpoch);
            }
        }
        member.consumer = consumer.to_string();
        member.incarnation = incarnation;
        member.last_heartbeat_ms = fx.now_ms;
        if let Some(ms) = hb.rebalance_timeout_ms {
            member.rebalance_timeout_ms = ms;
        }
        if let Some(topics) = &hb.subscription {
            if &member.subscription != topics {
                member.subscription = topics.clone();
                bump.get_or_insert((EpochReason::SubscriptionChanged, Some(consumer.to_string())));
            }
        }
        if let Some(name) = &hb.server_assignor {
            if member.protocols.first() != Some(name) {
                member.protocols = vec![name.clone()];
                bump.get_or_insert((EpochReason::SubscriptionChanged, Some(consumer.to_string())));
            }
        }
        let before = (member.member_epoch, member.assignment.clone());
        self.schedule_session_check(&member_id, fx);
        self.retarget(bump, cluster, fx);
        self.reconcile_member(&member_id, hb.owned.as_deref(), fx);
        let member = &self.members[&member_id];
        let full_request = joining || (hb.rebalance_timeout_ms.is_some() && hb.subscription.is_some() && hb.owned.is_some());
        let assignment = (full_request || before.1 != member.assignment).then(|| member.assignment.clone());
        Ok((member_id, member.member_epoch, assignment))
    }

    /// Bumps the group epoch if the request changed the group (`bump`) or a subscribed topic's
    /// partition count changed (the broker sees metadata changes at once), and computes a new
    /// target assignment if the group epoch is ahead of it.
    pub(crate) fn retarget(&mut self, mut bump: Option<(EpochReason, Option<String>)>, cluster: &Cluster, fx: &mut Effects) {
        let metadata = self.subscribed_partition_counts(cluster);
        if metadata != self.subscribed_metadata {
            if bump.is_none() && !self.subscribed_metadata.is_empty() {
                bump = Some((EpochReason::MetadataChanged, None));
            }
            self.subscribed_metadata = metadata;
        }
        if let Some((reason, by)) = bump {
            self.bump_group_epoch(reason, by, fx);
        }
        if self.generation > self.target_epoch {
            self.compute_target_assignment(fx);
        }
    }

    /// Epoch 0: a new member, a member rejoining after being fenced, or a static member taking
    /// its slot back after a temporary leave (kafka-behaviour.md §4.2).
    fn join_consumer_member(
        &mut self,
        consumer: &str,
        incarnation: u32,
        member_id: &str,
        hb: &GroupHeartbeat,
        fx: &mut Effects,
        bump: &mut Option<(EpochReason, Option<String>)>,
    ) -> Result<(), KafkaError> {
        if let Some(instance) = &hb.group_instance_id {
            if let Some(old_id) = self.static_members.get(instance).cloned().filter(|old| old != member_id) {
                // A classic predecessor (a rolling upgrade) is replaced whatever its state.
                if self
                    .members
                    .get(&old_id)
                    .is_some_and(|old| old.member_epoch != LEAVE_GROUP_STATIC_MEMBER_EPOCH && !old.uses_classic)
                {
                    return Err(KafkaError::UnreleasedInstanceId);
                }
                if let Some(mut member) = self.members.remove(&old_id) {
                    // Same assignment, new member id, no group epoch bump.
                    let target = self.target.remove(&old_id);
                    if member.uses_classic {
                        member.uses_classic = false;
                        member.session_timeout_ms = CONSUMER_GROUP_SESSION_TIMEOUT_MS;
                        member.protocols.clear();
                        member.join_deadline_ms = None;
                        member.sync_deadline_ms = None;
                    }
                    member.member_id = member_id.to_string();
                    member.member_epoch = 0;
                    member.previous_epoch = -1;
                    member.reconcile = ReconcileState::Stable;
                    member.pending_revocation.clear();
                    member.session_check_pending = false;
                    self.members.insert(member_id.to_string(), member);
                    if let Some(t) = target {
                        self.target.insert(member_id.to_string(), t);
                    }
                    self.static_members.insert(instance.clone(), member_id.to_string());
                    fx.trace(TraceEvent::StaticMemberReplaced {
                        group_id: self.group_id.clone(),
                        group_instance_id: instance.clone(),
                        old_member_id: old_id,
                        member_id: member_id.to_string(),
                        consumer: consumer.to_string(),
                    });
                    return Ok(());
                }
            }
        }
        if self.members.contains_key(member_id) {
            return Ok(()); // the epoch check that follows fences it
        }
        self.members.insert(
            member_id.to_string(),
            GroupMember {
                session_timeout_ms: CONSUMER_GROUP_SESSION_TIMEOUT_MS,
                rebalance_timeout_ms: hb.rebalance_timeout_ms.unwrap_or(300_000),
                group_instance_id: hb.group_instance_id.clone(),
                subscription: hb.subscription.clone().unwrap_or_default(),
                protocols: hb.server_assignor.iter().cloned().collect(),
                ..GroupMember::new(member_id.to_string(), consumer.to_string(), incarnation, fx.now_ms)
            },
        );
        if let Some(instance) = &hb.group_instance_id {
            self.static_members.insert(instance.clone(), member_id.to_string());
        }
        fx.trace(TraceEvent::MemberAdded {
            group_id: self.group_id.clone(),
            member_id: member_id.to_string(),
            consumer: consumer.to_string(),
        });
        *bump = Some((EpochReason::MemberJoined, Some(consumer.to_string())));
        Ok(())
    }

    /// Epoch −1 (leave) or −2 (a static member's temporary leave).
    #[allow(clippy::type_complexity)]
    fn consumer_leave(&mut self, member_id: &str, epoch: i32, fx: &mut Effects) -> Result<(String, i32, Option<Vec<TopicPartition>>), KafkaError> {
        let Some(member) = self.members.get_mut(member_id) else {
            return Err(KafkaError::UnknownMemberId);
        };
        match (&member.group_instance_id, epoch) {
            (Some(instance), LEAVE_GROUP_STATIC_MEMBER_EPOCH) => {
                // The record and its partitions stay until the session times out.
                member.member_epoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
                member.pending_revocation.clear();
                member.last_heartbeat_ms = fx.now_ms;
                let event = TraceEvent::StaticMemberTemporarilyLeft {
                    group_id: self.group_id.clone(),
                    group_instance_id: instance.clone(),
                    consumer: member.consumer.clone(),
                };
                fx.trace(event);
            }
            _ => self.remove_consumer_member(member_id, RemoveReason::Left, fx),
        }
        Ok((member_id.to_string(), epoch, None))
    }

    /// Removes (fences) a member: its partitions become free and the group epoch goes up. If
    /// only classic members would remain, the group converts back to a classic group instead
    /// (online downgrade), except when a classic member itself leaves with LeaveGroup.
    pub(crate) fn remove_consumer_member(&mut self, member_id: &str, reason: RemoveReason, fx: &mut Effects) {
        let Some(leaving) = self.members.get(member_id) else { return };
        let classic_leave = reason == RemoveReason::Left && leaving.uses_classic;
        if !classic_leave && self.members.len() > 1 && self.members.values().all(|m| m.member_id == member_id || m.uses_classic) {
            self.convert_to_classic_group(Some((member_id, reason)), fx);
            return;
        }
        let Some(member) = self.members.remove(member_id) else { return };
        self.target.remove(member_id);
        self.forget_static(&member);
        fx.trace(TraceEvent::MemberRemoved {
            group_id: self.group_id.clone(),
            member_id: member_id.to_string(),
            consumer: member.consumer.clone(),
            reason,
        });
        self.bump_group_epoch(EpochReason::MemberRemoved, Some(member.consumer), fx);
        self.update_consumer_group_state(fx);
    }

    pub(crate) fn bump_group_epoch(&mut self, reason: EpochReason, consumer: Option<String>, fx: &mut Effects) {
        self.generation += 1;
        fx.trace(TraceEvent::GroupEpochBumped {
            group_id: self.group_id.clone(),
            epoch: self.generation,
            reason,
            consumer,
        });
        if self.members.is_empty() {
            return;
        }
        if self.rebalances.last().is_none_or(|r| r.completed_ms.is_some()) {
            self.rebalances.push(RebalanceRecord {
                generation: self.generation,
                started_ms: fx.now_ms,
                completed_ms: None,
                assignment: BTreeMap::new(),
            });
        }
    }

    /// Partition counts of every topic some member subscribes to.
    fn subscribed_partition_counts(&self, cluster: &Cluster) -> BTreeMap<String, u32> {
        let mut counts = BTreeMap::new();
        for m in self.members.values() {
            for t in &m.subscription {
                counts.insert(t.clone(), cluster.partition_count(t));
            }
        }
        counts
    }

    /// The group's assignor: the one most members ask for (ties: Java HashMap order of the
    /// names), or the broker's default.
    fn preferred_server_assignor(&self) -> AssignorName {
        plurality(self.members.values().filter(|m| !m.uses_classic).filter_map(|m| m.protocols.first()))
            .and_then(|name| server_assignor(&name))
            .unwrap_or(SERVER_ASSIGNORS[0])
    }

    /// The server-side assignor over every member, each member's current target as its
    /// "owned" input (stickiness); members in Java HashMap order of their ids, as Kafka's
    /// TargetAssignmentBuilder hands them over.
    fn compute_target_assignment(&mut self, fx: &mut Effects) {
        let assignor = self.preferred_server_assignor();
        let ids: Vec<String> = self.members.keys().cloned().collect();
        let members: Vec<MemberSubscription> = java_order(&ids)
            .into_iter()
            .map(|i| {
                let m = &self.members[&ids[i]];
                MemberSubscription {
                    member_id: m.member_id.clone(),
                    group_instance_id: m.group_instance_id.clone(),
                    generation: self.target_epoch,
                    topics: m.subscription.clone(),
                    owned: self.target.get(&m.member_id).cloned().unwrap_or_default(),
                }
            })
            .collect();
        let mut target = assignor.assign(&self.subscribed_metadata, &members);
        for partitions in target.values_mut() {
            crate::model::sort::sort(partitions);
        }
        self.target = target;
        self.target_epoch = self.generation;
        let by_consumer: BTreeMap<String, Vec<TopicPartition>> = self
            .target
            .iter()
            .filter_map(|(id, tps)| self.members.get(id).map(|m| (m.consumer.clone(), tps.clone())))
            .collect_tree();
        fx.trace(TraceEvent::TargetAssignmentComputed {
            group_id: self.group_id.clone(),
            assignor: server_assignor_name(assignor).to_string(),
            epoch: self.target_epoch,
            assignment: by_consumer.clone(),
        });
        if let Some(record) = self.rebalances.last_mut().filter(|r| r.completed_ms.is_none()) {
            record.generation = self.target_epoch;
            record.assignment = by_consumer;
        }
    }

    /// Whether another member still holds `tp` (assigned or pending revocation).
    pub(crate) fn owned_by_other(&self, member_id: &str, tp: &TopicPartition) -> bool {
        self.members
            .values()
            .any(|m| m.member_id != member_id && (m.assignment.contains(tp) || m.pending_revocation.contains(tp)))
    }

    fn compute_next(&self, member_id: &str, epoch: i32, assigned: &[TopicPartition], owned: Option<&[TopicPartition]>) -> Next {
        let target = self.target.get(member_id).cloned().unwrap_or_default();
        let keep: Vec<TopicPartition> = assigned.iter().filter(|tp| target.contains(tp)).cloned().collect();
        let revoke: Vec<TopicPartition> = assigned.iter().filter(|tp| !target.contains(tp)).cloned().collect();
        let mut add = Vec::new();
        let mut unreleased = false;
        for tp in target.iter().filter(|tp| !assigned.contains(tp)) {
            if self.owned_by_other(member_id, tp) {
                unreleased = true;
            } else {
                add.push(tp.clone());
            }
        }
        if !revoke.is_empty() && owns_any(owned, &revoke) {
            return Next {
                state: ReconcileState::UnrevokedPartitions,
                epoch,
                assigned: keep,
                pending_revocation: revoke,
            };
        }
        let mut assigned = keep;
        assigned.extend(add);
        crate::model::sort::sort(&mut assigned);
        Next {
            state: if unreleased {
                ReconcileState::UnreleasedPartitions
            } else {
                ReconcileState::Stable
            },
            epoch: self.target_epoch,
            assigned,
            pending_revocation: Vec::new(),
        }
    }

    /// Moves one member towards its target (kafka-behaviour.md §4.3).
    pub(crate) fn reconcile_member(&mut self, member_id: &str, owned: Option<&[TopicPartition]>, fx: &mut Effects) {
        let Some(m) = self.members.get(member_id) else { return };
        if m.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            return;
        }
        let next = match m.reconcile {
            ReconcileState::Stable if m.member_epoch == self.target_epoch => return,
            ReconcileState::Stable | ReconcileState::UnreleasedPartitions => self.compute_next(member_id, m.member_epoch, &m.assignment, owned),
            ReconcileState::UnrevokedPartitions => {
                if owns_any(owned, &m.pending_revocation) {
                    return;
                }
                let epoch = (m.member_epoch + 1).min(self.target_epoch);
                self.compute_next(member_id, epoch, &m.assignment, owned)
            }
        };
        let m = self.members.get_mut(member_id).expect("member checked above");
        let unchanged =
            m.reconcile == next.state && m.member_epoch == next.epoch && m.assignment == next.assigned && m.pending_revocation == next.pending_revocation;
        if unchanged {
            return;
        }
        let entered_revoking = next.state == ReconcileState::UnrevokedPartitions && (m.reconcile != next.state || m.member_epoch != next.epoch);
        m.previous_epoch = m.member_epoch;
        m.member_epoch = next.epoch;
        m.reconcile = next.state;
        m.assignment = next.assigned;
        m.pending_revocation = next.pending_revocation;
        let event = TraceEvent::MemberReconciled {
            group_id: self.group_id.clone(),
            consumer: m.consumer.clone(),
            member_epoch: m.member_epoch,
            state: m.reconcile,
            assigned: m.assignment.clone(),
            pending_revocation: m.pending_revocation.clone(),
        };
        let deadline_ms = fx.now_ms + m.rebalance_timeout_ms;
        let epoch = m.member_epoch;
        let revocation_timer = entered_revoking && !m.uses_classic;
        fx.trace(event);
        if revocation_timer {
            self.timer(
                deadline_ms,
                CoordinatorTimer::RevocationTimeout {
                    member_id: member_id.to_string(),
                    epoch,
                },
                fx,
            );
        }
    }

    /// A member that still has not revoked by its rebalance timeout is fenced.
    pub(crate) fn on_revocation_timeout(&mut self, member_id: &str, epoch: i32, fx: &mut Effects) {
        let still_revoking = self
            .members
            .get(member_id)
            .is_some_and(|m| m.reconcile == ReconcileState::UnrevokedPartitions && m.member_epoch == epoch);
        if still_revoking {
            self.remove_consumer_member(member_id, RemoveReason::RevocationTimeout, fx);
        }
    }

    /// OffsetCommit validation in a consumer group: the member's current epoch, nothing else
    /// (commits go on during reconciliation).
    pub(crate) fn validate_consumer_commit(&self, member_id: &str, epoch: i32) -> Option<KafkaError> {
        match self.members.get(member_id) {
            None => Some(KafkaError::UnknownMemberId),
            Some(m) if m.member_epoch != epoch && m.uses_classic => Some(KafkaError::IllegalGeneration),
            Some(m) if m.member_epoch != epoch => Some(KafkaError::StaleMemberEpoch),
            Some(_) => None,
        }
    }

    /// Empty, Assigning, Reconciling or Stable; a rebalance record closes when all members
    /// have converged to the target.
    pub(crate) fn update_consumer_group_state(&mut self, fx: &mut Effects) {
        if self.protocol_kind != GroupProtocol::Consumer {
            return; // converted back to a classic group
        }
        let state = if self.members.is_empty() {
            GroupState::Empty
        } else if self.generation > self.target_epoch {
            GroupState::Assigning
        } else if self
            .members
            .values()
            .any(|m| m.reconcile != ReconcileState::Stable || m.member_epoch != self.target_epoch)
        {
            GroupState::Reconciling
        } else {
            GroupState::Stable
        };
        self.transition(state, fx);
        if matches!(state, GroupState::Stable | GroupState::Empty) {
            if let Some(record) = self.rebalances.last_mut().filter(|r| r.completed_ms.is_none()) {
                record.completed_ms = Some(fx.now_ms);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::effects::Effect;
    use crate::model::protocol::{CoordinatorRequest, Message};

    struct Bench {
        coordinator: Coordinator,
        cluster: Cluster,
        rng: Rng,
        now_ms: u64,
    }

    fn tp(p: u32) -> TopicPartition {
        TopicPartition::new("t", p)
    }

    impl Bench {
        fn new(partitions: u32) -> Bench {
            let mut cluster = Cluster::new(1);
            cluster.add_topic("t", partitions);
            Bench {
                coordinator: Coordinator::new("g", 0),
                cluster,
                rng: Rng::new(1),
                now_ms: 0,
            }
        }

        /// Sends one heartbeat; returns (error, member id, epoch, assignment) and the timers set.
        #[allow(clippy::type_complexity)]
        fn heartbeat(
            &mut self,
            consumer: &str,
            member_id: &str,
            epoch: i32,
            owned: Option<Vec<TopicPartition>>,
        ) -> ((Option<KafkaError>, String, i32, Option<Vec<TopicPartition>>), Vec<CoordinatorTimer>) {
            let mut fx = Effects::new(self.now_ms);
            let request = CoordinatorRequest::ConsumerGroupHeartbeat(GroupHeartbeat {
                member_id: member_id.to_string(),
                member_epoch: epoch,
                group_instance_id: None,
                rebalance_timeout_ms: (epoch == 0).then_some(10_000),
                subscription: (epoch == 0).then(|| vec!["t".to_string()]),
                server_assignor: None,
                owned,
            });
            self.coordinator.handle(consumer, 0, request, &self.cluster, &mut self.rng, &mut fx);
            let mut reply = None;
            let mut timers = Vec::new();
            for effect in fx.list {
                match effect {
                    Effect::Send(Message::FromCoordinator {
                        response:
                            CoordinatorResponse::ConsumerGroupHeartbeat {
                                error,
                                member_id,
                                member_epoch,
                                assignment,
                                ..
                            },
                        ..
                    }) => reply = Some((error, member_id, member_epoch, assignment)),
                    Effect::CoordinatorTimer { timer, .. } => timers.push(timer),
                    _ => {}
                }
            }
            (reply.expect("every heartbeat is answered"), timers)
        }
    }

    #[test]
    fn a_partition_moves_only_after_its_owner_reports_it_revoked() {
        let mut b = Bench::new(2);
        let ((_, a, epoch_a, assigned_a), _) = b.heartbeat("a", "", 0, Some(vec![]));
        assert_eq!((epoch_a, assigned_a), (1, Some(vec![tp(0), tp(1)])));
        let ((_, c, epoch_c, assigned_c), _) = b.heartbeat("c", "", 0, Some(vec![]));
        // The new member is at the new epoch but waits: a still owns both.
        assert_eq!(epoch_c, 2);
        assert_eq!(assigned_c, Some(vec![]));
        assert_eq!(b.coordinator.members[&c].reconcile, ReconcileState::UnreleasedPartitions);
        assert_eq!(b.coordinator.state, GroupState::Reconciling);
        // a heartbeats still owning both: it must revoke one and keeps its epoch.
        let ((_, _, epoch, assigned), timers) = b.heartbeat("a", &a, 1, Some(vec![tp(0), tp(1)]));
        assert_eq!(epoch, 1);
        let kept = assigned.expect("the assignment changed");
        assert_eq!(kept.len(), 1);
        assert_eq!(b.coordinator.members[&a].reconcile, ReconcileState::UnrevokedPartitions);
        assert!(timers.iter().any(|t| matches!(t, CoordinatorTimer::RevocationTimeout { epoch: 1, .. })));
        // Until a reports the partition gone, c cannot have it.
        let ((_, _, _, none), _) = b.heartbeat("c", &c, 2, None);
        assert_eq!(none, None);
        // a acknowledges: it moves to epoch 2; then c gets the partition.
        let ((_, _, epoch, _), _) = b.heartbeat("a", &a, 1, Some(kept.clone()));
        assert_eq!(epoch, 2);
        let ((_, _, _, got), _) = b.heartbeat("c", &c, 2, None);
        let got = got.expect("c's assignment changed");
        assert_eq!(got.len(), 1);
        assert_ne!(got, kept);
        assert_eq!(b.coordinator.state, GroupState::Stable);
    }

    #[test]
    fn epochs_are_fenced_except_a_lost_response() {
        let mut b = Bench::new(2);
        let ((_, a, _, _), _) = b.heartbeat("a", "", 0, Some(vec![]));
        let ((error, ..), _) = b.heartbeat("a", &a, 5, None);
        assert_eq!(error, Some(KafkaError::FencedMemberEpoch));
        let ((error, ..), _) = b.heartbeat("x", "nobody", 3, None);
        assert_eq!(error, Some(KafkaError::UnknownMemberId));
        // A second member makes a revoke; a acknowledges at epoch 2.
        b.heartbeat("c", "", 0, Some(vec![]));
        let ((_, _, _, kept), _) = b.heartbeat("a", &a, 1, Some(vec![tp(0), tp(1)]));
        let kept = kept.unwrap();
        let ((_, _, epoch, _), _) = b.heartbeat("a", &a, 1, Some(kept.clone()));
        assert_eq!(epoch, 2);
        // The previous epoch is accepted only with a subset of the current assignment (the
        // response with epoch 2 was lost).
        let ((error, ..), _) = b.heartbeat("a", &a, 1, Some(vec![tp(0), tp(1)]));
        assert_eq!(error, Some(KafkaError::FencedMemberEpoch));
        let ((error, _, epoch, _), _) = b.heartbeat("a", &a, 1, Some(kept));
        assert_eq!((error, epoch), (None, 2));
        // Rejoining with epoch 0 while the coordinator still knows the member: fenced too.
        let ((error, ..), _) = b.heartbeat("a", &a, 0, Some(vec![]));
        assert_eq!(error, Some(KafkaError::FencedMemberEpoch));
    }

    #[test]
    fn a_member_that_does_not_revoke_in_time_is_fenced() {
        let mut b = Bench::new(2);
        let ((_, a, _, _), _) = b.heartbeat("a", "", 0, Some(vec![]));
        b.heartbeat("c", "", 0, Some(vec![]));
        let (_, timers) = b.heartbeat("a", &a, 1, Some(vec![tp(0), tp(1)]));
        let Some(CoordinatorTimer::RevocationTimeout { member_id, epoch }) =
            timers.into_iter().find(|t| matches!(t, CoordinatorTimer::RevocationTimeout { .. }))
        else {
            panic!("a revocation deadline is set");
        };
        let mut fx = Effects::new(10_000);
        b.coordinator.on_timer(CoordinatorTimer::RevocationTimeout { member_id, epoch }, &mut fx);
        assert!(!b.coordinator.members.contains_key(&a));
        assert!(fx.list.iter().any(|e| matches!(
            e,
            Effect::Trace(TraceEvent::MemberRemoved {
                reason: RemoveReason::RevocationTimeout,
                ..
            })
        )));
        assert_eq!(b.coordinator.generation, 3, "removing a member bumps the group epoch");
        assert_eq!(b.coordinator.state, GroupState::Assigning);
    }
}
