//! The consumer's offset commits (kafka-behaviour.md §5.4): what to commit, sync and async commits and
//! their responses, and commits inside a transaction.

use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::consumer::coordinator_link::{is_blocking, moves_coordinator, RETRY_BACKOFF_MS};
use crate::model::consumer::state::{AfterRevokeCommit, AppState, Consumer, MemberState};
use crate::model::effects::Effects;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest, KafkaError};
use crate::model::scenario::format::CommitMode;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{RejoinReason, TraceEvent};
use std::collections::BTreeMap;

impl Consumer {
    /// Offsets to commit: the current positions of assigned partitions.
    pub(crate) fn commit_offsets(&self) -> BTreeMap<TopicPartition, u64> {
        self.assigned
            .iter()
            .filter_map(|tp| self.positions.get(tp).map(|&p| (tp.clone(), p)))
            .collect_tree()
    }

    pub(crate) fn send_commit(&mut self, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) {
        if is_blocking(cause) && self.sync_commit_since_ms.is_none() {
            self.sync_commit_since_ms = Some(fx.now_ms);
        }
        fx.trace(TraceEvent::CommitSent {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            offsets: offsets.clone(),
            cause,
            generation: self.generation,
        });
        let request = CoordinatorRequest::OffsetCommit {
            member_id: self.member_id.clone(),
            generation: self.generation,
            offsets,
            cause,
        };
        self.send_to_coordinator(request, fx);
    }

    /// commitSync() from the application: fails at once without a valid generation
    /// (CommitFailedException); otherwise sent, and the caller blocks for the answer.
    pub(super) fn try_commit_sync(&mut self, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) -> bool {
        if !self.in_valid_generation() {
            // ConsumerCoordinator.sendOffsetCommitRequest: no request, no broker error code.
            fx.trace(TraceEvent::CommitFailed {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
                error: None,
                cause,
            });
            return false;
        }
        self.send_commit(offsets, cause, fx);
        true
    }

    /// commitTransaction() returned (`committed` false: it failed or was aborted; the
    /// application starts again from the committed offsets).
    pub fn on_txn_committed(&mut self, committed: bool, cluster: &Cluster, fx: &mut Effects) {
        if self.app != AppState::TxnCommit {
            return;
        }
        if !committed {
            let assigned: Vec<TopicPartition> = self.assigned.to_vec();
            for tp in assigned {
                self.positions.remove(&tp);
            }
            self.buffer.clear();
        }
        self.app = AppState::Polling;
        self.poll(cluster, fx);
    }

    /// The application's onPartitionsRevoked commits synchronously in this mode.
    pub(crate) fn commits_on_revoke(&self) -> bool {
        self.spec.commit == CommitMode::AsyncAfterProcessing
    }

    pub(super) fn on_commit_response(
        &mut self,
        error: Option<KafkaError>,
        offsets: BTreeMap<TopicPartition, u64>,
        cause: CommitCause,
        cluster: &Cluster,
        fx: &mut Effects,
    ) {
        let is_async = matches!(cause, CommitCause::AsyncAfterBatch | CommitCause::AsyncRetry);
        if error == Some(KafkaError::StaleMemberEpoch) && !is_async && self.in_valid_generation() {
            // KIP-848: the client retries with the member epoch it has learnt since.
            self.send_commit(offsets, cause, fx);
            return;
        }
        if let Some(e) = error {
            fx.trace(TraceEvent::CommitFailed {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
                error: Some(e),
                cause,
            });
            let disconnect = moves_coordinator(e) && self.mark_coordinator_unknown(e, cluster, fx);
            if self.retry_sync_commit(e, &offsets, cause, fx) {
                if disconnect {
                    self.close_coordinator_connection(cluster, fx);
                }
                return;
            }
            if cause == CommitCause::AutoInterval && e.is_retriable() {
                // The auto-commit's callback re-arms its timer to retry.backoff.ms.
                self.next_auto_commit_ms = fx.now_ms + RETRY_BACKOFF_MS;
                self.wake_if_polling(cluster, fx);
            }
            let classic = self.group_protocol == GroupProtocol::Classic;
            match e {
                _ if !classic => {}
                KafkaError::RebalanceInProgress if self.member_state == MemberState::Stable && !self.rejoin_needed => {
                    self.rejoin_needed = true;
                    self.note_rejoin(RejoinReason::Error(e), fx);
                }
                KafkaError::IllegalGeneration if self.member_state == MemberState::Stable => self.reset_generation(false),
                KafkaError::UnknownMemberId if self.member_state == MemberState::Stable => self.reset_generation(true),
                _ => {}
            }
            // The commit callback of commitAsync() retries once with the same offsets: the
            // pitfall of kafka-behaviour.md §5.4 (it may land after a newer commit).
            if cause == CommitCause::AsyncAfterBatch && !self.retried_async.contains(&offsets) && self.in_valid_generation() {
                self.retried_async.push(offsets.clone());
                if self.retried_async.len() > 8 {
                    self.retried_async.remove(0);
                }
                self.send_commit(offsets.clone(), CommitCause::AsyncRetry, fx);
            }
            if disconnect {
                self.close_coordinator_connection(cluster, fx);
            }
        }
        if is_blocking(cause) {
            self.sync_commit_since_ms = None;
        }
        let ok = error.is_none();
        if self.group_protocol == GroupProtocol::Consumer
            && (cause == CommitCause::AutoBeforeRebalance
                || matches!(
                    self.app,
                    AppState::RevokeCommit {
                        then: AfterRevokeCommit::Reconcile,
                        ..
                    }
                ) && cause == CommitCause::SyncOnRevoke)
        {
            self.on_reconcile_commit_done(cluster, fx);
            return;
        }
        match (cause, self.app.clone()) {
            (CommitCause::AutoBeforeRebalance, AppState::PrepareJoinCommit) => {
                self.app = AppState::Polling;
                self.prepare_and_join(fx);
                self.poll(cluster, fx);
            }
            (CommitCause::SyncAfterBatch, AppState::CommitSync { .. }) => {
                self.app = AppState::Polling;
                self.poll(cluster, fx);
            }
            (CommitCause::SyncPerRecord, AppState::CommitSync { batch, next }) => {
                if next < batch.len() {
                    self.app = AppState::Processing { batch, next };
                    self.schedule_process_done(fx);
                } else {
                    self.after_batch(cluster, fx);
                }
            }
            (CommitCause::SyncBeforeBatch, AppState::CommitBeforeProcessing { batch }) => {
                if ok {
                    self.begin_processing(batch, fx);
                } else {
                    // commitSync() threw: the application skips the batch (at-most-once).
                    self.skip_batch(&batch, fx);
                    self.app = AppState::Polling;
                    self.poll(cluster, fx);
                }
            }
            (CommitCause::SyncOnRevoke, AppState::RevokeCommit { then, revoked }) => match then {
                AfterRevokeCommit::Join => {
                    self.app = AppState::Polling;
                    self.prepare_and_join(fx);
                    self.poll(cluster, fx);
                }
                AfterRevokeCommit::Poll => {
                    self.app = AppState::Polling;
                    self.revoke_then_assign(&revoked, fx);
                    self.poll(cluster, fx);
                }
                AfterRevokeCommit::Close => self.close_after_app_commit(fx),
                AfterRevokeCommit::Reconcile => {}
            },
            (CommitCause::SyncOnClose, AppState::RevokeCommit { .. }) => self.close_after_app_commit(fx),
            (CommitCause::AutoOnClose, AppState::ClosingCommit) => self.revoke_and_leave(fx),
            _ => {}
        }
    }
}
