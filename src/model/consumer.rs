//! The classic consumer client (reference §3.7, §3.8, §5.2, §5.4): the application thread's
//! poll loop, the fetcher, commits by policy, and the background heartbeat thread.

use crate::model::assignor::{AssignorName, MemberSubscription};
use crate::model::cluster::{Cluster, Record, TopicPartition};
use crate::model::config::OffsetReset;
use crate::model::effects::{ConsumerTimer, Effect, Effects};
use crate::model::protocol::{CommitCause, CoordinatorRequest, CoordinatorResponse, FetchPartition, FetchedPartition, KafkaError, Message};
use crate::model::scenario::{CommitMode, ResolvedConsumer};
use crate::model::trace::{OffsetRun, TraceEvent};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerStatus {
    Running,
    Crashed,
    Closed,
    /// The application's loop died with an exception (e.g. NoOffsetForPartitionException).
    Failed,
}

/// The client's view of its membership (`MemberState` of `AbstractCoordinator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberState {
    Unjoined,
    /// JoinGroup sent, waiting for the response.
    Joining,
    /// SyncGroup sent, waiting for the assignment.
    AwaitingSync,
    Stable,
}

/// What the application thread is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppState {
    /// Inside poll(): waiting for data, a join, positions...
    Polling,
    /// Processing the records the last poll() returned, one after another.
    Processing { batch: Vec<(TopicPartition, u64)>, next: usize },
    /// Blocked in commitSync().
    CommitSync,
    /// Inside poll(), waiting for the auto-commit sent before rejoining (onJoinPrepare).
    PrepareJoinCommit,
    /// Inside close(), waiting for the synchronous auto-commit.
    ClosingCommit,
    /// Stopped.
    Done,
}

/// Records a completed fetch left for poll() to hand out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BufferedFetch {
    pub tp: TopicPartition,
    pub records: Vec<Record>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consumer {
    pub spec: ResolvedConsumer,
    /// Bumped by a crash: messages and timers of an earlier life are dropped.
    pub incarnation: u32,
    pub status: ConsumerStatus,
    pub started_ms: u64,
    pub member_id: String,
    pub generation: i32,
    pub member_state: MemberState,
    pub rejoin_needed: bool,
    pub is_leader: bool,
    pub assigned: Vec<TopicPartition>,
    /// Offset of the next record poll() will return, per assigned partition.
    pub positions: BTreeMap<TopicPartition, u64>,
    /// High watermark per partition, from the latest fetch response.
    pub high_watermarks: BTreeMap<TopicPartition, u64>,
    pub buffer: Vec<BufferedFetch>,
    /// broker → id of the fetch in flight to it (at most one per broker).
    pub fetches_in_flight: BTreeMap<u32, u64>,
    pub next_fetch_id: u64,
    pub offset_fetch_in_flight: bool,
    pub app: AppState,
    pub last_poll_ms: u64,
    pub next_auto_commit_ms: u64,
    pub heartbeat_epoch: u32,
    pub heartbeat_in_flight: bool,
    pub last_heartbeat_sent_ms: Option<u64>,
    pub poll_wake_epoch: u32,
    pub close_requested: bool,
    pub coordinator_broker: u32,
}

impl Consumer {
    pub fn new(spec: ResolvedConsumer, coordinator_broker: u32, now_ms: u64) -> Consumer {
        Consumer {
            spec,
            incarnation: 0,
            status: ConsumerStatus::Running,
            started_ms: now_ms,
            member_id: String::new(),
            generation: -1,
            member_state: MemberState::Unjoined,
            rejoin_needed: false,
            is_leader: false,
            assigned: Vec::new(),
            positions: BTreeMap::new(),
            high_watermarks: BTreeMap::new(),
            buffer: Vec::new(),
            fetches_in_flight: BTreeMap::new(),
            next_fetch_id: 0,
            offset_fetch_in_flight: false,
            app: AppState::Polling,
            last_poll_ms: now_ms,
            next_auto_commit_ms: u64::MAX,
            heartbeat_epoch: 0,
            heartbeat_in_flight: false,
            last_heartbeat_sent_ms: None,
            poll_wake_epoch: 0,
            close_requested: false,
            coordinator_broker,
        }
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    pub fn group_id(&self) -> &str {
        &self.spec.group_id
    }

    pub fn is_running(&self) -> bool {
        self.status == ConsumerStatus::Running
    }

    fn auto_commit(&self) -> bool {
        self.spec.commit == CommitMode::Auto
    }

    /// records-lag of one partition: high watermark − position.
    pub fn partition_lag(&self, tp: &TopicPartition) -> Option<u64> {
        let position = *self.positions.get(tp)?;
        let hw = *self.high_watermarks.get(tp)?;
        Some(hw.saturating_sub(position))
    }

    /// records-lag-max, current value: the largest lag over assigned partitions.
    pub fn records_lag_max(&self) -> Option<u64> {
        self.assigned.iter().filter_map(|tp| self.partition_lag(tp)).max()
    }

    // ---- sending -------------------------------------------------------------------------

    fn send_to_coordinator(&self, request: CoordinatorRequest, fx: &mut Effects) {
        fx.trace(TraceEvent::RequestSent {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            api: request.api(),
            broker: self.coordinator_broker,
        });
        fx.send(Message::ToCoordinator {
            group_id: self.group_id().to_string(),
            consumer: self.id().to_string(),
            incarnation: self.incarnation,
            request,
        });
    }

    fn timer(&self, at_ms: u64, timer: ConsumerTimer, fx: &mut Effects) {
        fx.list.push(Effect::ConsumerTimer {
            at_ms,
            consumer: self.id().to_string(),
            incarnation: self.incarnation,
            timer,
        });
    }

    fn send_join(&mut self, fx: &mut Effects) {
        self.member_state = MemberState::Joining;
        self.is_leader = false;
        let request = CoordinatorRequest::JoinGroup {
            member_id: self.member_id.clone(),
            client_id: self.spec.config.client_id.clone(),
            session_timeout_ms: self.spec.config.session_timeout_ms,
            rebalance_timeout_ms: self.spec.config.max_poll_interval_ms,
            subscription: self.spec.subscribe.clone(),
            protocols: vec![AssignorName::Range.name().to_string()],
        };
        self.send_to_coordinator(request, fx);
    }

    /// Offsets to commit: the current positions of assigned partitions.
    fn commit_offsets(&self) -> BTreeMap<TopicPartition, u64> {
        self.assigned.iter().filter_map(|tp| self.positions.get(tp).map(|&p| (tp.clone(), p))).collect()
    }

    fn send_commit(&mut self, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) {
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

    fn send_fetches(&mut self, cluster: &Cluster, fx: &mut Effects) {
        let mut per_broker: BTreeMap<u32, Vec<FetchPartition>> = BTreeMap::new();
        for tp in &self.assigned {
            let Some(&offset) = self.positions.get(tp) else { continue };
            if self.buffer.iter().any(|b| &b.tp == tp) {
                continue;
            }
            let broker = cluster.leader(tp);
            if self.fetches_in_flight.contains_key(&broker) {
                continue;
            }
            per_broker.entry(broker).or_default().push(FetchPartition { tp: tp.clone(), offset });
        }
        for (broker, partitions) in per_broker {
            let fetch_id = self.next_fetch_id;
            self.next_fetch_id += 1;
            self.fetches_in_flight.insert(broker, fetch_id);
            fx.trace(TraceEvent::FetchSent {
                consumer: self.id().to_string(),
                broker,
                partitions: partitions.iter().map(|p| (p.tp.clone(), p.offset)).collect(),
            });
            fx.send(Message::FetchRequest {
                broker,
                consumer: self.id().to_string(),
                incarnation: self.incarnation,
                fetch_id,
                max_wait_ms: self.spec.config.fetch_max_wait_ms,
                max_partition_bytes: self.spec.config.max_partition_fetch_bytes,
                partitions,
            });
        }
    }

    // ---- the application thread ----------------------------------------------------------

    /// Called when the consumer starts.
    pub fn start(&mut self, cluster: &Cluster, fx: &mut Effects) {
        fx.trace(TraceEvent::ConsumerStarted {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
        });
        self.app = AppState::Polling;
        self.poll(cluster, fx);
    }

    /// Drops every partition (eager protocol: onPartitionsRevoked(all), or onPartitionsLost).
    fn revoke_all(&mut self, lost: bool, fx: &mut Effects) {
        fx.trace(TraceEvent::PartitionsRevoked {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            partitions: self.assigned.clone(),
            lost,
        });
        self.assigned.clear();
        self.positions.clear();
        self.buffer.clear();
    }

    /// One pass of poll()'s loop. Leaves the app in Polling (waiting), Processing, or a
    /// blocking state; never loops without an event to wake it.
    pub fn poll(&mut self, cluster: &Cluster, fx: &mut Effects) {
        debug_assert_eq!(self.app, AppState::Polling);
        let now = fx.now_ms;
        self.last_poll_ms = now;
        if self.close_requested {
            self.close(fx);
            return;
        }
        // 1. Coordinator step: (re)join if needed.
        let must_join = self.member_state == MemberState::Unjoined || (self.member_state == MemberState::Stable && self.rejoin_needed);
        if must_join {
            let valid_generation = self.generation >= 0 && !self.member_id.is_empty();
            if valid_generation && self.auto_commit() && !self.commit_offsets().is_empty() {
                // onJoinPrepare: commit current positions and wait for the answer.
                let offsets = self.commit_offsets();
                self.send_commit(offsets, CommitCause::AutoBeforeRebalance, fx);
                self.app = AppState::PrepareJoinCommit;
                return;
            }
            self.prepare_and_join(fx);
            return;
        }
        if self.member_state != MemberState::Stable {
            return; // a JoinGroup/SyncGroup response will wake us
        }
        // 2. Auto-commit if due.
        if self.auto_commit() && now >= self.next_auto_commit_ms {
            let offsets = self.commit_offsets();
            if !offsets.is_empty() {
                self.send_commit(offsets, CommitCause::AutoInterval, fx);
            }
            self.next_auto_commit_ms = now + self.spec.config.auto_commit_interval_ms;
        }
        // 3. Positions for partitions without one.
        let missing: Vec<TopicPartition> = self.assigned.iter().filter(|tp| !self.positions.contains_key(*tp)).cloned().collect();
        if !missing.is_empty() {
            if !self.offset_fetch_in_flight {
                self.offset_fetch_in_flight = true;
                self.send_to_coordinator(CoordinatorRequest::OffsetFetch { partitions: missing }, fx);
            }
            self.schedule_poll_wake(fx);
            return;
        }
        // 4. Hand out buffered records.
        let batch = self.collect_fetch(fx);
        if !batch.is_empty() {
            self.send_fetches(cluster, fx); // pipelining
            self.app = AppState::Processing { batch, next: 0 };
            self.timer(now + self.spec.processing_ms_per_record, ConsumerTimer::ProcessDone, fx);
            return;
        }
        // 5. Nothing yet: fetch and wait.
        self.send_fetches(cluster, fx);
        self.schedule_poll_wake(fx);
    }

    fn prepare_and_join(&mut self, fx: &mut Effects) {
        let lost = self.generation < 0 || self.member_id.is_empty();
        if !self.assigned.is_empty() || self.member_state == MemberState::Stable {
            self.revoke_all(lost && !self.assigned.is_empty(), fx);
        }
        self.send_join(fx);
    }

    /// While waiting inside poll(), wake for the next auto-commit.
    fn schedule_poll_wake(&mut self, fx: &mut Effects) {
        if self.auto_commit() && self.member_state == MemberState::Stable && self.next_auto_commit_ms != u64::MAX {
            self.poll_wake_epoch += 1;
            let at = self.next_auto_commit_ms.max(fx.now_ms);
            self.timer(at, ConsumerTimer::PollWake { epoch: self.poll_wake_epoch }, fx);
        }
    }

    /// collectFetch: up to max.poll.records from the buffer, in arrival order; a partly drained
    /// fetch stays first in line. Positions move past what is returned.
    fn collect_fetch(&mut self, fx: &mut Effects) -> Vec<(TopicPartition, u64)> {
        let max = self.spec.config.max_poll_records as usize;
        let mut batch = Vec::new();
        let mut runs: Vec<OffsetRun> = Vec::new();
        while batch.len() < max && !self.buffer.is_empty() {
            let take = (max - batch.len()).min(self.buffer[0].records.len());
            let fetch = &mut self.buffer[0];
            let tp = fetch.tp.clone();
            let taken: Vec<Record> = fetch.records.drain(..take).collect();
            if fetch.records.is_empty() {
                self.buffer.remove(0);
            }
            if let (Some(first), Some(last)) = (taken.first(), taken.last()) {
                runs.push(OffsetRun {
                    tp: tp.clone(),
                    first: first.offset,
                    count: taken.len() as u64,
                });
                self.positions.insert(tp.clone(), last.offset + 1);
                batch.extend(taken.iter().map(|r| (tp.clone(), r.offset)));
            }
        }
        if !batch.is_empty() {
            fx.trace(TraceEvent::PollReturned {
                consumer: self.id().to_string(),
                runs,
            });
        }
        batch
    }

    /// The record being processed is done.
    pub fn on_process_done(&mut self, cluster: &Cluster, fx: &mut Effects) {
        let AppState::Processing { batch, next } = &mut self.app else { return };
        let (tp, offset) = batch[*next].clone();
        *next += 1;
        let finished = *next >= batch.len();
        fx.trace(TraceEvent::Processed {
            consumer: self.spec.id.clone(),
            group_id: self.spec.group_id.clone(),
            tp,
            offset,
            generation: self.generation,
        });
        if !finished {
            self.timer(fx.now_ms + self.spec.processing_ms_per_record, ConsumerTimer::ProcessDone, fx);
            return;
        }
        match self.spec.commit {
            CommitMode::Auto => {
                self.app = AppState::Polling;
                self.poll(cluster, fx);
            }
            CommitMode::SyncAfterProcessing => {
                let offsets = self.commit_offsets();
                if offsets.is_empty() {
                    self.app = AppState::Polling;
                    self.poll(cluster, fx);
                } else if self.generation < 0 || self.member_id.is_empty() {
                    // commitSync() without a valid generation fails at once (CommitFailedException).
                    fx.trace(TraceEvent::CommitFailed {
                        consumer: self.id().to_string(),
                        group_id: self.group_id().to_string(),
                        error: KafkaError::IllegalGeneration,
                        cause: CommitCause::SyncAfterBatch,
                    });
                    self.app = AppState::Polling;
                    self.poll(cluster, fx);
                } else {
                    self.send_commit(offsets, CommitCause::SyncAfterBatch, fx);
                    self.app = AppState::CommitSync;
                }
            }
        }
    }

    pub fn on_poll_wake(&mut self, epoch: u32, cluster: &Cluster, fx: &mut Effects) {
        if epoch == self.poll_wake_epoch && self.app == AppState::Polling {
            self.poll(cluster, fx);
        }
    }

    fn wake_if_polling(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.app == AppState::Polling {
            self.poll(cluster, fx);
        }
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

    /// close(): revoke, commit synchronously if auto-commit, LeaveGroup.
    fn close(&mut self, fx: &mut Effects) {
        let in_generation = self.member_state == MemberState::Stable && self.generation >= 0;
        let offsets = self.commit_offsets();
        if in_generation && !self.assigned.is_empty() {
            let lost = self.rejoin_needed;
            fx.trace(TraceEvent::PartitionsRevoked {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
                partitions: self.assigned.clone(),
                lost,
            });
        }
        if in_generation && self.auto_commit() && !offsets.is_empty() {
            self.send_commit(offsets, CommitCause::AutoOnClose, fx);
            self.app = AppState::ClosingCommit;
            return;
        }
        self.leave_and_stop(fx);
    }

    fn leave_and_stop(&mut self, fx: &mut Effects) {
        if !self.member_id.is_empty() {
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

    fn fail(&mut self, reason: String, fx: &mut Effects) {
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
        if epoch != self.heartbeat_epoch || self.member_state != MemberState::Stable || self.close_requested {
            return;
        }
        let now = fx.now_ms;
        let in_poll = matches!(self.app, AppState::Polling | AppState::PrepareJoinCommit);
        if !in_poll && now.saturating_sub(self.last_poll_ms) > self.spec.config.max_poll_interval_ms {
            // max.poll.interval.ms exceeded: leave the group, reset generation and member id.
            fx.trace(TraceEvent::PollTimeoutExpired {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
            });
            let member_id = std::mem::take(&mut self.member_id);
            self.send_to_coordinator(CoordinatorRequest::LeaveGroup { member_id }, fx);
            self.generation = -1;
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

    fn reset_generation(&mut self, reset_member_id: bool) {
        self.generation = -1;
        if reset_member_id {
            self.member_id.clear();
        }
        self.member_state = MemberState::Unjoined;
        self.heartbeat_epoch += 1;
    }

    fn note_rejoin(&mut self, error: KafkaError, fx: &mut Effects) {
        fx.trace(TraceEvent::RejoinNeeded {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            error,
        });
    }

    pub fn on_coordinator_response(&mut self, response: CoordinatorResponse, cluster: &Cluster, fx: &mut Effects) {
        fx.trace(TraceEvent::ResponseReceived {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            api: response.api(),
            broker: self.coordinator_broker,
            error: response.error(),
        });
        match response {
            CoordinatorResponse::JoinGroup {
                error,
                member_id,
                generation,
                leader,
                protocol,
                members,
            } => self.on_join_response(error, member_id, generation, leader, protocol, members, cluster, fx),
            CoordinatorResponse::SyncGroup { error, assignment } => self.on_sync_response(error, assignment, cluster, fx),
            CoordinatorResponse::Heartbeat { error } => {
                self.heartbeat_in_flight = false;
                let stable = self.member_state == MemberState::Stable;
                match error {
                    Some(KafkaError::RebalanceInProgress) if stable && !self.rejoin_needed => {
                        self.rejoin_needed = true;
                        self.note_rejoin(KafkaError::RebalanceInProgress, fx);
                        self.wake_if_polling(cluster, fx);
                    }
                    Some(e @ (KafkaError::IllegalGeneration | KafkaError::UnknownMemberId)) if stable => {
                        self.reset_generation(e == KafkaError::UnknownMemberId);
                        self.note_rejoin(e, fx);
                        self.wake_if_polling(cluster, fx);
                    }
                    _ => {}
                }
            }
            CoordinatorResponse::LeaveGroup { .. } => {}
            CoordinatorResponse::OffsetCommit { error, offsets: _, cause } => {
                if let Some(e) = error {
                    fx.trace(TraceEvent::CommitFailed {
                        consumer: self.id().to_string(),
                        group_id: self.group_id().to_string(),
                        error: e,
                        cause,
                    });
                    match e {
                        KafkaError::RebalanceInProgress if self.member_state == MemberState::Stable => self.rejoin_needed = true,
                        KafkaError::IllegalGeneration => self.reset_generation(false),
                        KafkaError::UnknownMemberId => self.reset_generation(true),
                        _ => {}
                    }
                }
                match (cause, &self.app) {
                    (CommitCause::AutoBeforeRebalance, AppState::PrepareJoinCommit) => {
                        self.app = AppState::Polling;
                        self.prepare_and_join(fx);
                    }
                    (CommitCause::SyncAfterBatch, AppState::CommitSync) => {
                        self.app = AppState::Polling;
                        self.poll(cluster, fx);
                    }
                    (CommitCause::AutoOnClose, AppState::ClosingCommit) => self.leave_and_stop(fx),
                    _ => {}
                }
            }
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

    /// auto.offset.reset for one partition; false if the consumer failed (policy `none`).
    fn reset_offset(&mut self, tp: &TopicPartition, cluster: &Cluster, fx: &mut Effects) -> bool {
        let policy = self.spec.config.auto_offset_reset;
        let Some(log) = cluster.log(tp) else { return true };
        let offset = match policy {
            OffsetReset::Earliest => log.log_start_offset,
            OffsetReset::Latest => log.high_watermark,
            OffsetReset::None => {
                self.fail(
                    format!("NoOffsetForPartitionException: no committed offset for {tp} and auto.offset.reset=none"),
                    fx,
                );
                return false;
            }
        };
        self.positions.insert(tp.clone(), offset);
        fx.trace(TraceEvent::OffsetReset {
            consumer: self.id().to_string(),
            tp: tp.clone(),
            offset,
            policy,
        });
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn on_join_response(
        &mut self,
        error: Option<KafkaError>,
        member_id: String,
        generation: i32,
        leader: String,
        protocol: String,
        members: Vec<crate::model::protocol::JoinedMember>,
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
            Some(_) => self.send_join(fx),
            None => {
                self.member_id = member_id;
                self.generation = generation;
                self.is_leader = leader == self.member_id;
                let assignments = if self.is_leader {
                    let assignor = AssignorName::parse(&protocol).unwrap_or(AssignorName::Range);
                    let mut topics = BTreeMap::new();
                    for m in &members {
                        for t in &m.subscription {
                            topics.insert(t.clone(), cluster.partition_count(t));
                        }
                    }
                    let subscriptions: Vec<MemberSubscription> = members
                        .iter()
                        .map(|m| MemberSubscription {
                            member_id: m.member_id.clone(),
                            group_instance_id: None,
                            generation: -1,
                            topics: m.subscription.clone(),
                            owned: Vec::new(),
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
                    Some(assignment)
                } else {
                    None
                };
                self.member_state = MemberState::AwaitingSync;
                let request = CoordinatorRequest::SyncGroup {
                    member_id: self.member_id.clone(),
                    generation,
                    assignments,
                };
                self.send_to_coordinator(request, fx);
            }
        }
    }

    fn on_sync_response(&mut self, error: Option<KafkaError>, assignment: Vec<TopicPartition>, cluster: &Cluster, fx: &mut Effects) {
        if self.member_state != MemberState::AwaitingSync {
            return;
        }
        match error {
            None => {
                let mut assigned = assignment;
                assigned.sort();
                self.assigned = assigned;
                self.positions.retain(|tp, _| self.assigned.contains(tp));
                self.member_state = MemberState::Stable;
                self.rejoin_needed = false;
                fx.trace(TraceEvent::PartitionsAssigned {
                    consumer: self.id().to_string(),
                    group_id: self.group_id().to_string(),
                    generation: self.generation,
                    partitions: self.assigned.clone(),
                });
                if self.auto_commit() {
                    self.next_auto_commit_ms = fx.now_ms + self.spec.config.auto_commit_interval_ms;
                }
                self.start_heartbeats(fx);
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

    pub fn on_fetch_response(&mut self, broker: u32, partitions: Vec<FetchedPartition>, cluster: &Cluster, fx: &mut Effects) {
        self.fetches_in_flight.remove(&broker);
        let mut runs = Vec::new();
        let mut high_watermarks = Vec::new();
        for part in partitions {
            high_watermarks.push((part.tp.clone(), part.high_watermark));
            if !self.assigned.contains(&part.tp) {
                continue;
            }
            self.high_watermarks.insert(part.tp.clone(), part.high_watermark);
            if part.error == Some(KafkaError::OffsetOutOfRange) {
                self.positions.remove(&part.tp);
                if !self.reset_offset(&part.tp, cluster, fx) {
                    return;
                }
                continue;
            }
            if self.positions.get(&part.tp) != Some(&part.fetch_offset) || part.records.is_empty() {
                continue;
            }
            runs.push(OffsetRun {
                tp: part.tp.clone(),
                first: part.records[0].offset,
                count: part.records.len() as u64,
            });
            self.buffer.push(BufferedFetch {
                tp: part.tp,
                records: part.records,
            });
        }
        fx.trace(TraceEvent::FetchReceived {
            consumer: self.id().to_string(),
            broker,
            runs,
            high_watermarks,
        });
        self.wake_if_polling(cluster, fx);
    }
}
