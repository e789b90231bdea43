//! The consumer's side of KIP-848 (`group.protocol=consumer`, kafka-behaviour.md §4): joining with
//! epoch 0, heartbeating on the interval the coordinator gives, and reconciling each new
//! assignment in the application thread: the auto-commit, onPartitionsRevoked for what moves
//! away, onPartitionsAssigned for what arrives, then an acknowledging heartbeat. Partitions
//! that stay keep being processed throughout.

use crate::model::cluster::state::Cluster;
use crate::model::consumer::state::{AfterRevokeCommit, AppState, Consumer, MemberState, ReconcileCommit};
use crate::model::effects::{ConsumerTimer, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{
    CommitCause, CoordinatorRequest, CoordinatorResponse, GroupHeartbeat, KafkaError, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use crate::model::sort::CollectTree as _;
use crate::model::trace::{RejoinReason, RevokeKind, TraceEvent};
use std::collections::BTreeMap;

impl Consumer {
    /// The epoch a leaving heartbeat carries: −2 keeps a static member's slot.
    fn leave_epoch(&self) -> i32 {
        if self.is_static() {
            LEAVE_GROUP_STATIC_MEMBER_EPOCH
        } else {
            LEAVE_GROUP_MEMBER_EPOCH
        }
    }

    /// One ConsumerGroupHeartbeat: a full one when joining, otherwise only what changed.
    fn send_group_heartbeat(&mut self, fx: &mut Effects) {
        let joining = self.member_state == MemberState::Joining;
        let owned = (joining || self.sent_owned.as_ref() != Some(&self.assigned)).then(|| self.assigned.clone());
        self.sent_owned = Some(self.assigned.clone());
        let request = CoordinatorRequest::ConsumerGroupHeartbeat(GroupHeartbeat {
            member_id: self.member_id.clone(),
            member_epoch: if joining { 0 } else { self.generation },
            group_instance_id: self.spec.config.group_instance_id.clone(),
            rebalance_timeout_ms: joining.then_some(self.spec.config.max_poll_interval_ms),
            subscription: joining.then(|| self.spec.subscribe.clone()),
            server_assignor: if joining {
                self.spec
                    .config
                    .remote_assignor
                    .map(|a| if a.name() == "server-range" { "range" } else { "uniform" }.to_string())
            } else {
                None
            },
            owned,
        });
        self.heartbeat_in_flight = true;
        self.heartbeat_now = false;
        self.last_heartbeat_sent_ms = Some(fx.now_ms);
        self.send_to_coordinator(request, fx);
    }

    /// Heartbeat at once (join, acknowledgement), or right after the one in flight returns.
    fn heartbeat_soon(&mut self, fx: &mut Effects) {
        if self.heartbeat_in_flight {
            self.heartbeat_now = true;
        } else {
            self.send_group_heartbeat(fx);
        }
    }

    /// poll()'s membership step under the consumer protocol. Returns true when poll() must
    /// stop here (the application is blocked in a rebalance callback's commit).
    pub(crate) fn group_poll_step(&mut self, fx: &mut Effects) -> bool {
        if self.member_state == MemberState::Unjoined {
            // Fenced, or left after max.poll.interval.ms: onPartitionsLost, then join again.
            if !self.assigned.is_empty() {
                let all = self.assigned.clone();
                self.drop_partitions(&all, RevokeKind::Lost, fx);
            }
            self.member_state = MemberState::Joining;
            self.sent_owned = None;
            self.heartbeat_epoch += 1;
            self.heartbeat_in_flight = false;
            self.send_group_heartbeat(fx);
            self.schedule_heartbeat_tick(fx);
            return false;
        }
        if self.member_state == MemberState::Stable && self.target_assignment.is_some() {
            return self.reconcile(fx);
        }
        false
    }

    /// Reconciles the latest assignment: commit, onPartitionsRevoked, onPartitionsAssigned.
    fn reconcile(&mut self, fx: &mut Effects) -> bool {
        let Some(target) = self.target_assignment.clone() else { return false };
        let revoked: Vec<TopicPartition> = self.assigned.iter().filter(|tp| !target.contains(tp)).cloned().collect();
        let callback_commits = self.commits_on_revoke();
        if !revoked.is_empty() && (self.auto_commit() || callback_commits) && self.in_valid_generation() {
            let covered = revoked.iter().all(|tp| self.pending_revocation.contains(tp));
            match self.reconcile_commit {
                ReconcileCommit::InFlight => return false,
                ReconcileCommit::Done if covered => {}
                _ => {
                    // Fetching stops for the partitions about to go, so the commit covers
                    // everything handed out from them.
                    self.pending_revocation = revoked.clone();
                    let offsets: BTreeMap<TopicPartition, u64> = if callback_commits {
                        revoked.iter().filter_map(|tp| self.positions.get(tp).map(|&o| (tp.clone(), o))).collect_tree()
                    } else {
                        self.commit_offsets()
                    };
                    if !offsets.is_empty() {
                        self.reconcile_commit = ReconcileCommit::InFlight;
                        if callback_commits {
                            // onPartitionsRevoked runs commitSync() in the application thread.
                            self.send_commit(offsets, CommitCause::SyncOnRevoke, fx);
                            self.app = AppState::RevokeCommit {
                                then: AfterRevokeCommit::Reconcile,
                                revoked,
                            };
                            return true;
                        }
                        // The auto-commit before revocation: poll() goes on with the kept partitions.
                        self.send_commit(offsets, CommitCause::AutoBeforeRebalance, fx);
                        return false;
                    }
                }
            }
        }
        self.finish_reconcile(target, fx);
        false
    }

    fn finish_reconcile(&mut self, mut target: Vec<TopicPartition>, fx: &mut Effects) {
        crate::model::sort::sort(&mut target);
        self.target_assignment = None;
        self.pending_revocation.clear();
        self.reconcile_commit = ReconcileCommit::None;
        let revoked: Vec<TopicPartition> = self.assigned.iter().filter(|tp| !target.contains(tp)).cloned().collect();
        let added: Vec<TopicPartition> = target.iter().filter(|tp| !self.assigned.contains(tp)).cloned().collect();
        let kept: Vec<TopicPartition> = target.iter().filter(|tp| self.assigned.contains(tp)).cloned().collect();
        if !revoked.is_empty() {
            self.drop_partitions(&revoked, RevokeKind::Cooperative, fx);
        }
        self.assigned = target;
        self.last_assignment = self.assigned.clone();
        self.last_assignment_generation = self.generation;
        self.trace_assigned(added, kept, fx);
        self.heartbeat_soon(fx);
    }

    /// The answer to the commit a reconciliation waited for (it goes on even if it failed).
    pub(crate) fn on_reconcile_commit_done(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.reconcile_commit == ReconcileCommit::InFlight {
            self.reconcile_commit = ReconcileCommit::Done;
        }
        if let AppState::RevokeCommit {
            then: AfterRevokeCommit::Reconcile,
            ..
        } = self.app
        {
            self.app = AppState::Polling;
            self.poll(cluster, fx);
        } else {
            self.wake_if_polling(cluster, fx);
        }
    }

    pub(crate) fn schedule_heartbeat_tick(&mut self, fx: &mut Effects) {
        self.timer(
            fx.now_ms + self.heartbeat_interval_ms,
            ConsumerTimer::Heartbeat { epoch: self.heartbeat_epoch },
            fx,
        );
    }

    /// The background thread's tick under the consumer protocol.
    pub(crate) fn group_heartbeat_tick(&mut self, fx: &mut Effects) {
        if !matches!(self.member_state, MemberState::Joining | MemberState::Stable) {
            return;
        }
        let in_poll = matches!(self.app, AppState::Polling);
        if !in_poll && fx.now_ms.saturating_sub(self.last_poll_ms) > self.spec.config.max_poll_interval_ms {
            // The poll timer expired: leave (a static member with −2) and stay out until the
            // application polls again.
            fx.trace(TraceEvent::PollTimeoutExpired {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
            });
            self.send_leave(fx);
            return;
        }
        if !self.heartbeat_in_flight {
            self.send_group_heartbeat(fx);
        }
        self.schedule_heartbeat_tick(fx);
    }

    /// A leaving heartbeat; the member is out of the group afterwards.
    pub(crate) fn send_leave(&mut self, fx: &mut Effects) {
        if !self.member_id.is_empty() && self.generation >= 0 {
            let request = CoordinatorRequest::ConsumerGroupHeartbeat(GroupHeartbeat {
                member_id: self.member_id.clone(),
                member_epoch: self.leave_epoch(),
                group_instance_id: self.spec.config.group_instance_id.clone(),
                rebalance_timeout_ms: None,
                subscription: None,
                server_assignor: None,
                owned: None,
            });
            self.send_to_coordinator(request, fx);
        }
        self.out_of_group();
        self.heartbeat_in_flight = false;
    }

    /// No longer a member (left or fenced): no epoch, nothing to reconcile, heartbeats stop.
    fn out_of_group(&mut self) {
        self.generation = -1;
        self.member_state = MemberState::Unjoined;
        self.target_assignment = None;
        self.pending_revocation.clear();
        self.reconcile_commit = ReconcileCommit::None;
        self.heartbeat_epoch += 1;
        self.heartbeat_now = false;
    }

    pub(crate) fn on_group_heartbeat_response(&mut self, response: CoordinatorResponse, cluster: &Cluster, fx: &mut Effects) {
        let CoordinatorResponse::ConsumerGroupHeartbeat {
            error,
            member_id,
            member_epoch,
            heartbeat_interval_ms,
            assignment,
        } = response
        else {
            return;
        };
        if !matches!(self.member_state, MemberState::Joining | MemberState::Stable) {
            return; // the answer to a leave, or to a heartbeat sent before leaving
        }
        self.heartbeat_in_flight = false;
        match error {
            None => {
                self.member_id = member_id;
                self.generation = member_epoch;
                self.heartbeat_interval_ms = heartbeat_interval_ms;
                if self.member_state == MemberState::Joining {
                    self.member_state = MemberState::Stable;
                    if self.auto_commit() && self.next_auto_commit_ms == u64::MAX {
                        self.next_auto_commit_ms = fx.now_ms + self.spec.config.auto_commit_interval_ms;
                    }
                }
                if let Some(mut partitions) = assignment {
                    crate::model::sort::sort(&mut partitions);
                    if partitions == self.assigned && !matches!(self.app, AppState::RevokeCommit { .. }) {
                        self.target_assignment = None;
                        self.pending_revocation.clear();
                        self.reconcile_commit = ReconcileCommit::None;
                    } else if self.target_assignment.as_ref() != Some(&partitions) {
                        fx.trace(TraceEvent::AssignmentReceived {
                            consumer: self.id().to_string(),
                            group_id: self.group_id().to_string(),
                            member_epoch,
                            partitions: partitions.clone(),
                        });
                        self.target_assignment = Some(partitions);
                    }
                }
                if self.heartbeat_now {
                    self.send_group_heartbeat(fx);
                }
                self.wake_if_polling(cluster, fx);
            }
            Some(e @ (KafkaError::FencedMemberEpoch | KafkaError::UnknownMemberId)) => {
                // Fenced: onPartitionsLost at the next poll(), then join again with epoch 0.
                self.out_of_group();
                self.note_rejoin(RejoinReason::Error(e), fx);
                self.wake_if_polling(cluster, fx);
            }
            Some(KafkaError::UnreleasedInstanceId) => self.fail(
                "UnreleasedInstanceIdException: the previous process with this group.instance.id has not left the group (it crashed without the leave heartbeat); the coordinator keeps its slot until the session times out".to_string(),
                fx,
            ),
            Some(KafkaError::UnsupportedAssignor) => self.fail("UnsupportedAssignorException: the broker has no such server-side assignor".to_string(), fx),
            Some(KafkaError::GroupIdNotFound) => self.fail(
                "GroupIdNotFoundException: the group is a classic group again (its members of the new protocol were all fenced or left), so it has no member epoch to accept".to_string(),
                fx,
            ),
            Some(_) => self.heartbeat_now = true,
        }
    }
}
