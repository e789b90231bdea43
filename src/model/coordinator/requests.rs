//! The coordinator's entry: a request or a timer arrives and is routed to the classic protocol
//! (`classic.rs`), the KIP-848 consumer group (`consumer_group.rs`) or the migration between
//! them (`migration.rs`); offset commits and fetches are answered here.

use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::coordinator::state::{Coordinator, Join};
use crate::model::effects::{CoordinatorTimer, Effects};
use crate::model::protocol::{CoordinatorRequest, CoordinatorResponse, KafkaError};
use crate::model::rng::Rng;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{GroupState, RemoveReason};

impl Coordinator {
    pub fn handle(&mut self, consumer: &str, incarnation: u32, request: CoordinatorRequest, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        self.handle_on((consumer, incarnation, 0), request, cluster, rng, fx);
    }

    /// A request read from connection `from` (consumer, incarnation, connection): it waits
    /// while a commit read earlier from the same connection waits.
    pub fn handle_on(&mut self, from: (&str, u32, u32), request: CoordinatorRequest, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        if self.is_muted(from) {
            self.mute(from, request);
            return;
        }
        let (consumer, incarnation, connection) = from;
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
                match error {
                    None => self.append_commit((consumer, incarnation, connection), offsets, cause, cluster, fx),
                    Some(_) => self.reply(consumer, incarnation, CoordinatorResponse::OffsetCommit { error, offsets, cause }, fx),
                }
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

    pub fn on_timer(&mut self, timer: CoordinatorTimer, fx: &mut Effects) {
        match timer {
            // Answered with the cluster at hand (`offsets_log.rs`).
            CoordinatorTimer::CommitTimeout { .. } | CoordinatorTimer::OffsetsFollowersBack => {}
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
