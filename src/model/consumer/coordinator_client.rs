//! The classic protocol's client side (Kafka's `ConsumerCoordinator` and its heartbeat thread,
//! kafka-behaviour.md §3.7, §3.8): JoinGroup, SyncGroup with the leader's assignment, heartbeats and
//! the coordinator's responses.

use crate::model::assignor::input::MemberSubscription;
use crate::model::assignor::name::AssignorName;
use crate::model::cluster::state::Cluster;
use crate::model::config::{GroupProtocol, RebalanceProtocol};
use crate::model::consumer::state::{AfterRevokeCommit, AppState, Consumer, MemberState};
use crate::model::effects::{ConsumerTimer, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest, CoordinatorResponse, JoinedMember, KafkaError};
use crate::model::sort::CollectTree as _;
use crate::model::trace::{RejoinReason, RevokeKind, TraceEvent};
use std::collections::BTreeMap;

impl Consumer {
    fn send_join(&mut self, fx: &mut Effects) {
        self.member_state = MemberState::Joining;
        self.is_leader = false;
        // Cooperative members report what they own; eager sticky reports its last assignment
        // in its user data; range and roundrobin ignore both.
        let (owned, generation) = match self.protocol {
            RebalanceProtocol::Cooperative => (self.assigned.clone(), self.generation),
            RebalanceProtocol::Eager => (self.last_assignment.clone(), self.last_assignment_generation),
        };
        let request = CoordinatorRequest::JoinGroup {
            member_id: self.member_id.clone(),
            group_instance_id: self.spec.config.group_instance_id.clone(),
            client_id: self.spec.config.client_id.clone(),
            session_timeout_ms: self.spec.config.session_timeout_ms,
            rebalance_timeout_ms: self.spec.config.max_poll_interval_ms,
            subscription: self.spec.subscribe.clone(),
            protocols: self.spec.config.assignors.iter().map(|a| a.name().to_string()).collect(),
            owned,
            generation,
        };
        self.send_to_coordinator(request, fx);
    }

    pub(super) fn prepare_and_join(&mut self, fx: &mut Effects) {
        if !self.in_valid_generation() {
            // The generation was reset: whatever it still holds is lost.
            if !self.assigned.is_empty() {
                let all = self.assigned.clone();
                self.drop_partitions(&all, RevokeKind::Lost, fx);
            }
        } else if self.protocol == RebalanceProtocol::Eager {
            let all = self.assigned.clone();
            self.drop_partitions(&all, RevokeKind::Eager, fx);
        }
        self.send_join(fx);
    }

    fn start_heartbeats(&mut self, fx: &mut Effects) {
        self.heartbeat_epoch += 1;
        self.heartbeat_in_flight = false;
        self.timer(
            fx.now_ms + self.spec.config.heartbeat_interval_ms,
            ConsumerTimer::Heartbeat { epoch: self.heartbeat_epoch },
            fx,
        );
    }

    pub fn on_heartbeat_tick(&mut self, epoch: u32, fx: &mut Effects) {
        if epoch != self.heartbeat_epoch || !self.is_running() {
            return;
        }
        if self.group_protocol == GroupProtocol::Consumer {
            self.group_heartbeat_tick(fx);
            return;
        }
        if !matches!(self.member_state, MemberState::Stable | MemberState::AwaitingSync) || self.close_requested {
            return;
        }
        let now = fx.now_ms;
        let in_poll = matches!(self.app, AppState::Polling | AppState::PrepareJoinCommit);
        if !in_poll && now.saturating_sub(self.last_poll_ms) > self.spec.config.max_poll_interval_ms {
            // max.poll.interval.ms exceeded: a dynamic member leaves the group; both reset
            // their generation (a static member keeps its member id and sends nothing).
            fx.trace(TraceEvent::PollTimeoutExpired {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
            });
            if self.is_static() {
                self.generation = -1;
            } else {
                let member_id = std::mem::take(&mut self.member_id);
                self.send_to_coordinator(CoordinatorRequest::LeaveGroup { member_id }, fx);
                self.generation = -1;
            }
            self.member_state = MemberState::Unjoined;
            self.heartbeat_epoch += 1;
            return;
        }
        if !self.heartbeat_in_flight {
            self.heartbeat_in_flight = true;
            self.last_heartbeat_sent_ms = Some(now);
            let request = CoordinatorRequest::Heartbeat {
                member_id: self.member_id.clone(),
                generation: self.generation,
            };
            self.send_to_coordinator(request, fx);
        }
        self.timer(now + self.spec.config.heartbeat_interval_ms, ConsumerTimer::Heartbeat { epoch }, fx);
    }

    // ---- responses -----------------------------------------------------------------------

    pub(super) fn reset_generation(&mut self, reset_member_id: bool) {
        self.generation = -1;
        if reset_member_id {
            self.member_id.clear();
        }
        self.member_state = MemberState::Unjoined;
        self.heartbeat_epoch += 1;
    }

    pub(crate) fn note_rejoin(&mut self, reason: RejoinReason, fx: &mut Effects) {
        fx.trace(TraceEvent::RejoinNeeded {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            reason,
        });
    }

    /// FENCED_INSTANCE_ID: another process holds this group.instance.id; fatal.
    fn fenced(&mut self, fx: &mut Effects) {
        self.fail(
            "FencedInstanceIdException: another consumer with the same group.instance.id joined".to_string(),
            fx,
        );
    }

    pub fn on_coordinator_response(&mut self, response: CoordinatorResponse, cluster: &Cluster, fx: &mut Effects) {
        if let CoordinatorResponse::OffsetCommit { offsets, cause, .. } = &response {
            if !self.take_commit_in_flight(offsets, *cause) {
                return;
            }
        }
        fx.trace(TraceEvent::ResponseReceived {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            api: response.api(),
            broker: self.coordinator_broker,
            error: response.error(),
        });
        if response.error() == Some(KafkaError::FencedInstanceId) {
            self.fenced(fx);
            return;
        }
        match response {
            CoordinatorResponse::JoinGroup {
                error,
                member_id,
                generation,
                leader,
                protocol,
                members,
                skip_assignment,
            } => self.on_join_response(error, member_id, generation, leader, protocol, members, skip_assignment, cluster, fx),
            CoordinatorResponse::SyncGroup { error, assignment } => self.on_sync_response(error, assignment, cluster, fx),
            CoordinatorResponse::Heartbeat { error } => {
                self.heartbeat_in_flight = false;
                let stable = self.member_state == MemberState::Stable;
                match error {
                    Some(KafkaError::RebalanceInProgress) if stable && !self.rejoin_needed => {
                        self.rejoin_needed = true;
                        self.note_rejoin(RejoinReason::Error(KafkaError::RebalanceInProgress), fx);
                        self.wake_if_polling(cluster, fx);
                    }
                    Some(e @ (KafkaError::IllegalGeneration | KafkaError::UnknownMemberId)) if stable => {
                        self.reset_generation(e == KafkaError::UnknownMemberId);
                        self.note_rejoin(RejoinReason::Error(e), fx);
                        self.wake_if_polling(cluster, fx);
                    }
                    _ => {}
                }
            }
            CoordinatorResponse::LeaveGroup { .. } => {}
            response @ CoordinatorResponse::ConsumerGroupHeartbeat { .. } => self.on_group_heartbeat_response(response, cluster, fx),
            CoordinatorResponse::OffsetCommit { error, offsets, cause } => self.on_commit_response(error, offsets, cause, cluster, fx),
            CoordinatorResponse::OffsetFetch { offsets } => {
                self.offset_fetch_in_flight = false;
                for (tp, committed) in offsets {
                    if !self.assigned.contains(&tp) || self.positions.contains_key(&tp) {
                        continue;
                    }
                    match committed {
                        Some(offset) => {
                            self.positions.insert(tp.clone(), offset);
                            fx.trace(TraceEvent::PositionFromCommitted {
                                consumer: self.id().to_string(),
                                tp,
                                offset,
                            });
                        }
                        None => {
                            if !self.reset_offset(&tp, cluster, fx) {
                                return;
                            }
                        }
                    }
                }
                self.wake_if_polling(cluster, fx);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_join_response(
        &mut self,
        error: Option<KafkaError>,
        member_id: String,
        generation: i32,
        leader: String,
        protocol: String,
        members: Vec<JoinedMember>,
        skip_assignment: bool,
        cluster: &Cluster,
        fx: &mut Effects,
    ) {
        if self.member_state != MemberState::Joining {
            return;
        }
        match error {
            Some(KafkaError::MemberIdRequired) => {
                self.member_id = member_id;
                self.send_join(fx);
            }
            Some(KafkaError::UnknownMemberId) => {
                self.member_id.clear();
                self.generation = -1;
                self.send_join(fx);
            }
            Some(KafkaError::InconsistentGroupProtocol) => self.fail(
                "InconsistentGroupProtocolException: no assignor in partition.assignment.strategy is supported by every member of the group".to_string(),
                fx,
            ),
            Some(_) => self.send_join(fx),
            None => {
                self.member_id = member_id;
                self.generation = generation;
                self.is_leader = leader == self.member_id;
                let assignments = if self.is_leader && !skip_assignment {
                    Some(self.compute_assignment(&protocol, generation, &members, cluster, fx))
                } else {
                    None
                };
                self.member_state = MemberState::AwaitingSync;
                // The heartbeat thread is enabled from here on (AbstractCoordinator enables it on
                // the move to COMPLETING_REBALANCE), so a SyncGroup parked behind a slow or
                // dead leader does not let the session expire.
                self.start_heartbeats(fx);
                let request = CoordinatorRequest::SyncGroup {
                    member_id: self.member_id.clone(),
                    generation,
                    assignments,
                };
                self.send_to_coordinator(request, fx);
            }
        }
    }

    /// The leader runs the group's assignor over every member's subscription.
    fn compute_assignment(
        &mut self,
        protocol: &str,
        generation: i32,
        members: &[JoinedMember],
        cluster: &Cluster,
        fx: &mut Effects,
    ) -> BTreeMap<String, Vec<TopicPartition>> {
        let assignor = AssignorName::parse(protocol).unwrap_or(AssignorName::Range);
        let mut topics = BTreeMap::new();
        for m in members {
            for t in &m.subscription {
                topics.insert(t.clone(), cluster.partition_count(t));
            }
        }
        self.assignment_metadata = Some(topics.clone());
        let subscriptions: Vec<MemberSubscription> = members
            .iter()
            .map(|m| MemberSubscription {
                member_id: m.member_id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                generation: m.generation,
                topics: m.subscription.clone(),
                owned: m.owned.clone(),
            })
            .collect();
        let assignment = assignor.assign(&topics, &subscriptions);
        fx.trace(TraceEvent::AssignmentComputed {
            group_id: self.group_id().to_string(),
            consumer: self.id().to_string(),
            assignor: assignor.name().to_string(),
            generation,
            assignment: assignment.clone(),
        });
        assignment
    }

    /// The end of a rebalance in Java's order (`ConsumerCoordinator.onJoinComplete`): the
    /// revoke callback for the partitions that moved away (cooperative) and a rejoin requested,
    /// then the assign callback for the partitions added to `last_assignment`; kept ones stay.
    pub(crate) fn revoke_then_assign(&mut self, revoked: &[TopicPartition], fx: &mut Effects) {
        if !revoked.is_empty() {
            self.drop_partitions(revoked, RevokeKind::Cooperative, fx);
            self.note_rejoin(RejoinReason::PartitionsRevoked, fx);
        }
        let (added, kept): (Vec<TopicPartition>, Vec<TopicPartition>) = self.last_assignment.iter().cloned().partition(|tp| !self.assigned.contains(tp));
        self.assigned.extend(added.iter().cloned());
        crate::model::sort::sort(&mut self.assigned);
        self.trace_assigned(added, kept, fx);
    }

    fn on_sync_response(&mut self, error: Option<KafkaError>, assignment: Vec<TopicPartition>, cluster: &Cluster, fx: &mut Effects) {
        if self.member_state != MemberState::AwaitingSync {
            return;
        }
        match error {
            None => {
                let mut assigned = assignment;
                crate::model::sort::sort(&mut assigned);
                self.member_state = MemberState::Stable;
                self.rejoin_needed = false;
                self.last_assignment = assigned.clone();
                self.last_assignment_generation = self.generation;
                // Cooperative: give up only what moved, and come back for a second round.
                let revoked: Vec<TopicPartition> = self.assigned.iter().filter(|tp| !assigned.contains(tp)).cloned().collect();
                if self.auto_commit() {
                    self.next_auto_commit_ms = fx.now_ms + self.spec.config.auto_commit_interval_ms;
                }
                self.start_heartbeats(fx);
                if !revoked.is_empty() {
                    self.rejoin_needed = true;
                    let offsets: BTreeMap<TopicPartition, u64> =
                        revoked.iter().filter_map(|tp| self.positions.get(tp).map(|&o| (tp.clone(), o))).collect_tree();
                    if self.commits_on_revoke() && !offsets.is_empty() && self.app == AppState::Polling {
                        // onPartitionsRevoked's commitSync() blocks; the added partitions are
                        // assigned after it (`revoke_then_assign` once it is answered).
                        self.send_commit(offsets, CommitCause::SyncOnRevoke, fx);
                        self.app = AppState::RevokeCommit {
                            then: AfterRevokeCommit::Poll,
                            revoked,
                        };
                        return;
                    }
                }
                self.revoke_then_assign(&revoked, fx);
                self.wake_if_polling(cluster, fx);
            }
            Some(KafkaError::UnknownMemberId) => {
                self.reset_generation(true);
                self.send_join(fx);
            }
            Some(KafkaError::IllegalGeneration) => {
                self.reset_generation(false);
                self.send_join(fx);
            }
            Some(_) => self.send_join(fx),
        }
    }
}
