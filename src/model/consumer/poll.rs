//! The consumer's application thread: the poll loop, processing batches, stalls, configuration
//! changes, close, crash and failure.

use crate::model::cluster::state::Cluster;
use crate::model::config::{GroupProtocol, RebalanceProtocol};
use crate::model::consumer::state::{AfterRevokeCommit, AppState, Consumer, ConsumerStatus, MemberState};
use crate::model::effects::{ConsumerTimer, Effect, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest};
use crate::model::scenario::format::CommitMode;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{OffsetRun, RevokeKind, TraceEvent};
use std::collections::BTreeMap;

impl Consumer {
    /// Called when the consumer starts.
    pub fn start(&mut self, cluster: &Cluster, fx: &mut Effects) {
        fx.trace(TraceEvent::ConsumerStarted {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
        fx.trace(TraceEvent::CoordinatorFound {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            offsets_partition: cluster.offsets_partition(self.group_id()),
            broker: self.coordinator_broker,
        });
        self.metadata = self.spec.subscribe.iter().map(|t| (t.clone(), cluster.partition_count(t))).collect_tree();
        self.metadata_refreshed_ms = fx.now_ms;
        self.app = AppState::Polling;
        self.poll(cluster, fx);
    }

    /// onPartitionsAssigned: `added` are new, `kept` were owned already.
    pub(crate) fn trace_assigned(&self, added: Vec<TopicPartition>, kept: Vec<TopicPartition>, fx: &mut Effects) {
        fx.trace(TraceEvent::PartitionsAssigned {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            generation: self.generation,
            partitions: added,
            kept,
            member_epoch: self.group_protocol == crate::model::config::GroupProtocol::Consumer,
        });
    }

    /// Drops partitions and says which callback ran.
    pub(crate) fn drop_partitions(&mut self, partitions: &[TopicPartition], kind: RevokeKind, fx: &mut Effects) {
        fx.trace(TraceEvent::PartitionsRevoked {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            partitions: partitions.to_vec(),
            kind,
        });
        self.assigned.retain(|tp| !partitions.contains(tp));
        self.positions.retain(|tp, _| !partitions.contains(tp));
        self.buffer.retain(|b| !partitions.contains(&b.tp));
    }

    /// One pass of poll()'s loop. Leaves the app in Polling (waiting), Processing, or a
    /// blocking state; never loops without an event to wake it.
    pub fn poll(&mut self, cluster: &Cluster, fx: &mut Effects) {
        debug_assert_eq!(self.app, AppState::Polling);
        let now = fx.now_ms;
        if let Some(until) = self.stall {
            if until.is_none_or(|u| now < u) {
                // poll() returns; the application is busy elsewhere until the stall ends.
                self.app = AppState::Stalled;
                return;
            }
            // The stall ended while the record in progress finished (at the same moment):
            // the application is back, as `resume` says when the stall ends while polling.
            self.stall = None;
            fx.trace(TraceEvent::ConsumerResumed {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
            });
        }
        self.last_poll_ms = now;
        if self.close_requested {
            self.close(fx);
            return;
        }
        self.refresh_metadata(cluster, fx);
        // 1. Coordinator step: (re)join if needed. poll() does not wait for the join: it goes
        //    on with whatever partitions the member still owns (cooperative).
        if self.group_protocol == GroupProtocol::Consumer && self.group_poll_step(fx) {
            return;
        }
        let must_join = self.group_protocol == GroupProtocol::Classic
            && (self.member_state == MemberState::Unjoined || (self.member_state == MemberState::Stable && self.rejoin_needed));
        if must_join {
            if self.in_valid_generation() && self.auto_commit() && !self.commit_offsets().is_empty() {
                // onJoinPrepare: commit current positions and wait for the answer.
                let offsets = self.commit_offsets();
                self.send_commit(offsets, CommitCause::AutoBeforeRebalance, fx);
                self.app = AppState::PrepareJoinCommit;
                return;
            }
            if self.in_valid_generation() && self.protocol == RebalanceProtocol::Eager && self.commits_on_revoke() && !self.commit_offsets().is_empty() {
                // onPartitionsRevoked(all) commits synchronously before giving them up.
                let offsets = self.commit_offsets();
                let revoked = self.assigned.clone();
                self.send_commit(offsets, CommitCause::SyncOnRevoke, fx);
                self.app = AppState::RevokeCommit {
                    then: AfterRevokeCommit::Join,
                    revoked,
                };
                return;
            }
            self.prepare_and_join(fx);
        }
        // 2. Auto-commit if due (only in a stable generation).
        if self.member_state == MemberState::Stable && self.auto_commit() && now >= self.next_auto_commit_ms {
            let offsets = self.commit_offsets();
            if !offsets.is_empty() {
                self.send_commit(offsets, CommitCause::AutoInterval, fx);
            }
            self.next_auto_commit_ms = now + self.spec.config.auto_commit_interval_ms;
        }
        // 3. Positions for partitions without one.
        let missing: Vec<TopicPartition> = self.assigned.iter().filter(|tp| !self.positions.contains_key(*tp)).cloned().collect();
        if !missing.is_empty() && !self.offset_fetch_in_flight {
            self.offset_fetch_in_flight = true;
            self.send_to_coordinator(CoordinatorRequest::OffsetFetch { partitions: missing }, fx);
        }
        // 4. Hand out buffered records.
        let batch = self.collect_fetch(fx);
        if !batch.is_empty() {
            self.send_fetches(cluster, fx); // pipelining
            if self.spec.commit == CommitMode::SyncBeforeProcessing {
                let offsets = self.commit_offsets();
                if self.try_commit_sync(offsets, CommitCause::SyncBeforeBatch, fx) {
                    self.app = AppState::CommitBeforeProcessing { batch };
                } else {
                    self.skip_batch(&batch, fx);
                    self.app = AppState::Polling;
                    self.schedule_poll_wake(fx);
                }
                return;
            }
            self.begin_processing(batch, fx);
            return;
        }
        // 5. Nothing yet: fetch and wait.
        self.send_fetches(cluster, fx);
        self.schedule_poll_wake(fx);
    }

    pub(super) fn begin_processing(&mut self, batch: Vec<(TopicPartition, u64)>, fx: &mut Effects) {
        self.app = AppState::Processing { batch, next: 0 };
        self.schedule_process_done(fx);
    }

    pub(super) fn schedule_process_done(&mut self, fx: &mut Effects) {
        self.process_epoch += 1;
        let at = match self.stall {
            Some(None) => return, // stalled until resumed
            Some(Some(until)) => until.max(fx.now_ms + self.spec.processing_ms_per_record),
            None => fx.now_ms + self.spec.processing_ms_per_record,
        };
        self.timer(at, ConsumerTimer::ProcessDone { epoch: self.process_epoch }, fx);
    }

    pub(super) fn skip_batch(&mut self, batch: &[(TopicPartition, u64)], fx: &mut Effects) {
        let mut runs: Vec<OffsetRun> = Vec::new();
        for (tp, offset) in batch {
            match runs.last_mut() {
                Some(run) if &run.tp == tp && run.first + run.count == *offset => run.count += 1,
                _ => runs.push(OffsetRun {
                    tp: tp.clone(),
                    first: *offset,
                    count: 1,
                }),
            }
        }
        fx.trace(TraceEvent::BatchSkipped {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            runs,
        });
    }

    /// While waiting inside poll(), wake for the next auto-commit or metadata refresh.
    fn schedule_poll_wake(&mut self, fx: &mut Effects) {
        let mut at = self.metadata_refreshed_ms.saturating_add(self.spec.config.metadata_max_age_ms);
        if self.auto_commit() && self.member_state == MemberState::Stable && self.next_auto_commit_ms != u64::MAX {
            at = at.min(self.next_auto_commit_ms);
        }
        self.poll_wake_epoch += 1;
        self.timer(at.max(fx.now_ms + 1), ConsumerTimer::PollWake { epoch: self.poll_wake_epoch }, fx);
    }

    /// The record being processed is done.
    pub fn on_process_done(&mut self, epoch: u32, cluster: &Cluster, fx: &mut Effects) {
        if epoch != self.process_epoch {
            return;
        }
        let AppState::Processing { batch, next } = &mut self.app else { return };
        let (tp, offset) = batch[*next].clone();
        *next += 1;
        let finished = *next >= batch.len();
        let (batch, next) = (std::mem::take(batch), *next);
        fx.trace(TraceEvent::Processed {
            consumer: self.spec.id.clone(),
            group_id: self.spec.group_id.clone(),
            tp: tp.clone(),
            offset,
            generation: self.generation,
        });
        if self.spec.commit == CommitMode::Transactional {
            // The transformed record goes to the output topic inside the open transaction.
            if let Some(record) = cluster.log(&tp).and_then(|l| l.record(offset)) {
                fx.list.push(Effect::ConsumerOutput {
                    producer: self.output_producer(),
                    key: record.key.clone(),
                    value: format!("{}→", record.value),
                });
            }
        }
        if self.spec.commit == CommitMode::SyncPerRecord {
            let offsets = BTreeMap::from([(tp, offset + 1)]);
            if self.try_commit_sync(offsets, CommitCause::SyncPerRecord, fx) {
                self.app = AppState::CommitSync { batch, next };
                return;
            }
        }
        if !finished {
            self.app = AppState::Processing { batch, next };
            self.schedule_process_done(fx);
            return;
        }
        self.after_batch(cluster, fx);
    }

    /// The batch is processed: commit as the mode says, then poll again.
    pub(super) fn after_batch(&mut self, cluster: &Cluster, fx: &mut Effects) {
        self.app = AppState::Polling;
        let offsets = self.commit_offsets();
        match self.spec.commit {
            CommitMode::Auto | CommitMode::SyncBeforeProcessing | CommitMode::SyncPerRecord => {}
            CommitMode::Transactional => {
                if !offsets.is_empty() {
                    // sendOffsetsToTransaction(positions, groupMetadata), then commitTransaction().
                    fx.trace(TraceEvent::CommitSent {
                        consumer: self.id().to_string(),
                        group_id: self.group_id().to_string(),
                        offsets: offsets.clone(),
                        cause: CommitCause::Transaction,
                        generation: self.generation,
                    });
                    fx.list.push(Effect::CommitTransaction {
                        producer: self.output_producer(),
                        consumer: self.id().to_string(),
                        incarnation: self.incarnation,
                        group_id: self.group_id().to_string(),
                        member_id: self.member_id.clone(),
                        generation: self.generation,
                        offsets,
                    });
                    self.app = AppState::TxnCommit;
                    return;
                }
            }
            CommitMode::SyncAfterProcessing => {
                if !offsets.is_empty() && self.try_commit_sync(offsets, CommitCause::SyncAfterBatch, fx) {
                    self.app = AppState::CommitSync { batch: Vec::new(), next: 0 };
                    return;
                }
            }
            CommitMode::AsyncAfterProcessing => {
                if !offsets.is_empty() {
                    if self.in_valid_generation() {
                        self.send_commit(offsets, CommitCause::AsyncAfterBatch, fx);
                    } else {
                        // Refused in the client (CommitFailedException to the callback).
                        fx.trace(TraceEvent::CommitFailed {
                            consumer: self.id().to_string(),
                            group_id: self.group_id().to_string(),
                            error: None,
                            cause: CommitCause::AsyncAfterBatch,
                        });
                    }
                }
            }
        }
        self.poll(cluster, fx);
    }

    pub fn on_poll_wake(&mut self, epoch: u32, cluster: &Cluster, fx: &mut Effects) {
        if epoch == self.poll_wake_epoch && self.app == AppState::Polling {
            self.poll(cluster, fx);
        }
    }

    /// A stall with an end time is over.
    pub fn on_stall_end(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.stall.is_some_and(|until| until.is_some_and(|u| fx.now_ms >= u)) {
            self.resume(cluster, fx);
        }
    }

    pub(crate) fn wake_if_polling(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.app == AppState::Polling {
            self.poll(cluster, fx);
        }
    }

    // ---- stall, resume, freeze, configure ------------------------------------------------

    /// The application stops calling poll(): the record in progress takes until the stall
    /// ends; a blocked poll() returns and the application does not call it again.
    pub fn stall(&mut self, for_ms: Option<u64>, fx: &mut Effects) {
        if !self.is_running() {
            return;
        }
        let until = for_ms.map(|ms| fx.now_ms + ms);
        self.stall = Some(until);
        fx.trace(TraceEvent::ConsumerStalled {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            until_ms: until,
        });
        match self.app {
            AppState::Polling => self.app = AppState::Stalled,
            AppState::Processing { .. } => self.schedule_process_done(fx),
            _ => {}
        }
        if let Some(at) = until {
            self.timer(at, ConsumerTimer::StallEnd, fx);
        }
    }

    pub fn resume(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if !self.is_running() || self.stall.is_none() {
            return;
        }
        self.stall = None;
        fx.trace(TraceEvent::ConsumerResumed {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
        match self.app {
            AppState::Stalled => {
                self.app = AppState::Polling;
                self.poll(cluster, fx);
            }
            AppState::Processing { .. } => self.schedule_process_done(fx),
            _ => {}
        }
    }

    /// Applies a run-time settings change; join-time settings count from the next JoinGroup.
    pub fn configure(&mut self, processing_ms_per_record: Option<u64>, config: &BTreeMap<String, serde_json::Value>, fx: &mut Effects) {
        if !self.is_running() {
            return;
        }
        let mut changes = Vec::new();
        if let Some(ms) = processing_ms_per_record {
            self.spec.processing_ms_per_record = ms;
            changes.push(format!("processing_ms_per_record={ms}"));
        }
        if self.spec.config.apply(config).is_ok() {
            changes.extend(crate::model::config::assignments(config));
        }
        fx.trace(TraceEvent::ConsumerConfigured {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            changes,
        });
    }

    // ---- close and crash -----------------------------------------------------------------

    pub fn request_close(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if !self.is_running() || self.close_requested {
            return;
        }
        self.close_requested = true;
        fx.trace(TraceEvent::CloseRequested {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
        // wakeup(): a blocked poll() returns at once; processing finishes its batch first.
        self.wake_if_polling(cluster, fx);
    }

    /// close(): the application's last commit (async mode: commitSync), then
    /// onPartitionsRevoked (or Lost), the synchronous auto-commit, LeaveGroup (dynamic only).
    fn close(&mut self, fx: &mut Effects) {
        let in_generation = self.member_state == MemberState::Stable && self.in_valid_generation();
        let offsets = self.commit_offsets();
        if in_generation && self.commits_on_revoke() && !offsets.is_empty() {
            self.send_commit(offsets, CommitCause::SyncOnClose, fx);
            self.app = AppState::RevokeCommit {
                then: AfterRevokeCommit::Close,
                revoked: Vec::new(),
            };
            return;
        }
        self.close_after_app_commit(fx);
    }

    /// close() once the application's own commit is answered, in Java's order
    /// (`ConsumerCoordinator.close`): the auto-commit first (`maybeAutoCommitOffsetsSync`), then
    /// the revoke callback (`onLeavePrepare`) and LeaveGroup.
    pub(super) fn close_after_app_commit(&mut self, fx: &mut Effects) {
        let in_generation = self.member_state == MemberState::Stable && self.in_valid_generation();
        let offsets = self.commit_offsets();
        if in_generation && self.auto_commit() && !offsets.is_empty() {
            self.send_commit(offsets, CommitCause::AutoOnClose, fx);
            self.app = AppState::ClosingCommit;
            return;
        }
        self.revoke_and_leave(fx);
    }

    /// onLeavePrepare's revoke callback (or the lost callback, out of the generation), then
    /// LeaveGroup.
    pub(super) fn revoke_and_leave(&mut self, fx: &mut Effects) {
        let in_generation = self.member_state == MemberState::Stable && self.in_valid_generation();
        if !self.assigned.is_empty() {
            let kind = if in_generation && !self.rejoin_needed {
                RevokeKind::Close
            } else {
                RevokeKind::Lost
            };
            fx.trace(TraceEvent::PartitionsRevoked {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
                partitions: self.assigned.clone(),
                kind,
            });
        }
        self.leave_and_stop(fx);
    }

    pub(super) fn leave_and_stop(&mut self, fx: &mut Effects) {
        // A static member never sends LeaveGroup: the coordinator keeps its slot until the
        // session times out (kafka-behaviour.md §3.5a). KIP-848 leaves by heartbeat, static or not.
        if self.group_protocol == GroupProtocol::Consumer {
            self.send_leave(fx);
        } else if !self.member_id.is_empty() && !self.is_static() {
            let member_id = self.member_id.clone();
            self.send_to_coordinator(CoordinatorRequest::LeaveGroup { member_id }, fx);
        }
        self.status = ConsumerStatus::Closed;
        self.app = AppState::Done;
        self.assigned.clear();
        self.buffer.clear();
        fx.trace(TraceEvent::ConsumerClosed {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
    }

    /// The process dies: nothing is sent; everything in flight is lost.
    pub fn crash(&mut self, fx: &mut Effects) {
        if !self.is_running() {
            return;
        }
        self.status = ConsumerStatus::Crashed;
        self.incarnation += 1;
        self.app = AppState::Done;
        self.buffer.clear();
        self.fetches_in_flight.clear();
        fx.trace(TraceEvent::ConsumerCrashed {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
    }

    pub(crate) fn fail(&mut self, reason: String, fx: &mut Effects) {
        self.status = ConsumerStatus::Failed;
        self.incarnation += 1;
        self.app = AppState::Done;
        fx.trace(TraceEvent::ConsumerFailed {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            reason,
        });
    }

    // ---- the heartbeat thread ------------------------------------------------------------
}
