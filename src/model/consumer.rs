//! The consumer client (kafka-behaviour.md §3.7, §3.8, §5.2, §5.4): the application thread's poll loop,
//! the fetcher, commits by policy, and the background heartbeat thread of the classic
//! protocol. The KIP-848 membership (group.protocol=consumer) is in `membership.rs`.

use crate::model::assignor::{AssignorName, MemberSubscription};
use crate::model::cluster::Cluster;
use crate::model::config::{GroupProtocol, OffsetReset, RebalanceProtocol};
use crate::model::effects::{ConsumerTimer, Effect, Effects};
use crate::model::nouns::{Record, TopicPartition};
use crate::model::protocol::{CommitCause, CoordinatorRequest, CoordinatorResponse, FetchPartition, FetchedPartition, JoinedMember, KafkaError, Message};
use crate::model::scenario::{CommitMode, ResolvedConsumer};
use crate::model::sort::CollectTree as _;
use crate::model::trace::{OffsetRun, RejoinReason, RevokeKind, TraceEvent};
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

/// What a blocking commitSync() in a rebalance callback leads to once answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AfterRevokeCommit {
    /// onJoinPrepare: revoke and send JoinGroup.
    Join,
    /// Cooperative onPartitionsRevoked after SyncGroup: drop the partitions, then poll.
    Poll,
    /// close(): leave the group.
    Close,
    /// KIP-848 reconciliation: go on revoking and assigning.
    Reconcile,
}

/// KIP-848: the commit a reconciliation makes before revoking partitions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReconcileCommit {
    #[default]
    None,
    InFlight,
    Done,
}

/// What the application thread is doing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppState {
    /// Inside poll(): waiting for data, a join, positions...
    Polling,
    /// Processing the records the last poll() returned, one after another.
    Processing { batch: Vec<(TopicPartition, u64)>, next: usize },
    /// Blocked in commitSync() after processing (a batch, or one record of `batch`).
    CommitSync { batch: Vec<(TopicPartition, u64)>, next: usize },
    /// sync-before-processing: blocked in commitSync() with a batch not yet processed.
    CommitBeforeProcessing { batch: Vec<(TopicPartition, u64)> },
    /// Inside poll(), waiting for the auto-commit sent before rejoining (onJoinPrepare).
    PrepareJoinCommit,
    /// Blocked in a commitSync() made by a rebalance callback or the shutdown path.
    RevokeCommit { then: AfterRevokeCommit, revoked: Vec<TopicPartition> },
    /// Inside close(), waiting for the synchronous auto-commit.
    ClosingCommit,
    /// Consume-transform-produce: blocked in sendOffsetsToTransaction + commitTransaction.
    TxnCommit,
    /// Not calling poll(): the application is busy elsewhere (a `stall`).
    Stalled,
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
    /// Fixed at start from partition.assignment.strategy (kafka-behaviour.md §3.4).
    pub protocol: RebalanceProtocol,
    pub assigned: Vec<TopicPartition>,
    /// The last assignment and its generation (what sticky's user data reports).
    pub last_assignment: Vec<TopicPartition>,
    pub last_assignment_generation: i32,
    /// Offset of the next record poll() will return, per assigned partition.
    pub positions: BTreeMap<TopicPartition, u64>,
    /// KIP-320: the leader epoch each partition was last fetched under.
    #[serde(default)]
    pub fetched_epochs: BTreeMap<TopicPartition, u32>,
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
    /// Bumped when the record in progress is rescheduled (a stall stretches it).
    pub process_epoch: u32,
    pub close_requested: bool,
    pub coordinator_broker: u32,
    /// A stall in force: until when (None: until `resume`).
    pub stall: Option<Option<u64>>,
    /// The process is frozen until this time (pause_heartbeats): the simulator holds its events.
    pub frozen_until_ms: u64,
    /// Partition counts of subscribed topics at the last metadata refresh.
    pub metadata: BTreeMap<String, u32>,
    pub metadata_refreshed_ms: u64,
    /// The leader's metadata when it computed the assignment.
    pub assignment_metadata: Option<BTreeMap<String, u32>>,
    /// commitAsync() offsets whose failure the application's callback already retried.
    pub retried_async: Vec<BTreeMap<TopicPartition, u64>>,
    /// group.protocol, fixed at start.
    pub group_protocol: GroupProtocol,
    /// KIP-848: the assignment the coordinator sent that is not reconciled yet.
    pub target_assignment: Option<Vec<TopicPartition>>,
    /// KIP-848: partitions about to be revoked; not fetched or handed out any more.
    pub pending_revocation: Vec<TopicPartition>,
    pub reconcile_commit: ReconcileCommit,
    /// KIP-848: the heartbeat interval the coordinator asks for.
    pub heartbeat_interval_ms: u64,
    /// KIP-848: heartbeat again as soon as the one in flight is answered.
    pub heartbeat_now: bool,
    /// KIP-848: the owned partitions the last heartbeat reported.
    pub sent_owned: Option<Vec<TopicPartition>>,
}

impl Consumer {
    /// The heartbeat interval this consumer keeps: `heartbeat.interval.ms` under the classic
    /// protocol, the interval the coordinator asks for under KIP-848
    /// (`group.consumer.heartbeat.interval.ms`, sent in each ConsumerGroupHeartbeat response).
    pub fn heartbeat_interval_in_use_ms(&self) -> u64 {
        match self.group_protocol {
            GroupProtocol::Classic => self.spec.config.heartbeat_interval_ms,
            GroupProtocol::Consumer => self.heartbeat_interval_ms,
        }
    }

    pub fn new(spec: ResolvedConsumer, coordinator_broker: u32, now_ms: u64) -> Consumer {
        let protocol = spec.config.rebalance_protocol();
        let group_protocol = spec.config.group_protocol;
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
            protocol,
            assigned: Vec::new(),
            last_assignment: Vec::new(),
            last_assignment_generation: -1,
            positions: BTreeMap::new(),
            high_watermarks: BTreeMap::new(),
            fetched_epochs: BTreeMap::new(),
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
            process_epoch: 0,
            close_requested: false,
            coordinator_broker,
            stall: None,
            frozen_until_ms: 0,
            metadata: BTreeMap::new(),
            metadata_refreshed_ms: now_ms,
            assignment_metadata: None,
            retried_async: Vec::new(),
            group_protocol,
            target_assignment: None,
            pending_revocation: Vec::new(),
            reconcile_commit: ReconcileCommit::None,
            heartbeat_interval_ms: crate::model::coordinator::consumer_group::CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS,
            heartbeat_now: false,
            sent_owned: None,
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

    pub fn is_static(&self) -> bool {
        self.spec.config.group_instance_id.is_some()
    }

    pub(crate) fn auto_commit(&self) -> bool {
        self.spec.commit == CommitMode::Auto
    }

    pub(crate) fn in_valid_generation(&self) -> bool {
        self.generation >= 0 && !self.member_id.is_empty()
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

    pub(crate) fn send_to_coordinator(&self, request: CoordinatorRequest, fx: &mut Effects) {
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

    pub(crate) fn timer(&self, at_ms: u64, timer: ConsumerTimer, fx: &mut Effects) {
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

    /// Offsets of `tp` that poll() returned and the application has not processed yet.
    pub fn in_hand(&self, tp: &TopicPartition) -> Vec<u64> {
        let pending: &[(TopicPartition, u64)] = match &self.app {
            AppState::Processing { batch, next } | AppState::CommitSync { batch, next } => batch.get(*next..).unwrap_or_default(),
            AppState::CommitBeforeProcessing { batch } => batch,
            _ => &[],
        };
        pending.iter().filter(|(t, _)| t == tp).map(|&(_, o)| o).collect()
    }

    /// Offsets to commit: the current positions of assigned partitions.
    pub(crate) fn commit_offsets(&self) -> BTreeMap<TopicPartition, u64> {
        self.assigned
            .iter()
            .filter_map(|tp| self.positions.get(tp).map(|&p| (tp.clone(), p)))
            .collect_tree()
    }

    pub(crate) fn send_commit(&mut self, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) {
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
    fn try_commit_sync(&mut self, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) -> bool {
        if !self.in_valid_generation() {
            fx.trace(TraceEvent::CommitFailed {
                consumer: self.id().to_string(),
                group_id: self.group_id().to_string(),
                error: KafkaError::IllegalGeneration,
                cause,
            });
            return false;
        }
        self.send_commit(offsets, cause, fx);
        true
    }

    fn send_fetches(&mut self, cluster: &Cluster, fx: &mut Effects) {
        let mut per_broker: BTreeMap<u32, Vec<FetchPartition>> = BTreeMap::new();
        for tp in &self.assigned {
            let Some(&offset) = self.positions.get(tp) else { continue };
            if self.pending_revocation.contains(tp) {
                continue;
            }
            if self.buffer.iter().any(|b| &b.tp == tp) {
                continue;
            }
            let Some(broker) = cluster.leader_of(tp) else { continue };
            if self.fetches_in_flight.contains_key(&broker) {
                continue;
            }
            per_broker.entry(broker).or_default().push(FetchPartition {
                tp: tp.clone(),
                offset,
                last_fetched_epoch: self.fetched_epochs.get(tp).copied(),
            });
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
                read_committed: self.spec.config.read_committed,
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

    /// Consume-transform-produce: the id of this consumer's transactional producer.
    pub fn output_producer(&self) -> String {
        format!("{}-tx", self.id())
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

    fn begin_processing(&mut self, batch: Vec<(TopicPartition, u64)>, fx: &mut Effects) {
        self.app = AppState::Processing { batch, next: 0 };
        self.schedule_process_done(fx);
    }

    fn schedule_process_done(&mut self, fx: &mut Effects) {
        self.process_epoch += 1;
        let at = match self.stall {
            Some(None) => return, // stalled until resumed
            Some(Some(until)) => until.max(fx.now_ms + self.spec.processing_ms_per_record),
            None => fx.now_ms + self.spec.processing_ms_per_record,
        };
        self.timer(at, ConsumerTimer::ProcessDone { epoch: self.process_epoch }, fx);
    }

    fn skip_batch(&mut self, batch: &[(TopicPartition, u64)], fx: &mut Effects) {
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

    /// The metadata refresh (every metadata.max.age.ms): a leader that sees a subscribed
    /// topic's partition count differ from what it assigned asks for a rebalance.
    fn refresh_metadata(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if fx.now_ms < self.metadata_refreshed_ms + self.spec.config.metadata_max_age_ms {
            return;
        }
        self.metadata_refreshed_ms = fx.now_ms;
        for topic in self.spec.subscribe.clone() {
            let count = cluster.partition_count(&topic);
            if self.metadata.get(&topic) != Some(&count) {
                self.metadata.insert(topic.clone(), count);
                fx.trace(TraceEvent::MetadataChanged {
                    consumer: self.id().to_string(),
                    group_id: self.group_id().to_string(),
                    topic,
                    partitions: count,
                });
            }
        }
        let changed = self.is_leader
            && self
                .assignment_metadata
                .as_ref()
                .is_some_and(|m| m.iter().any(|(t, n)| self.metadata.get(t) != Some(n)));
        if changed && self.member_state == MemberState::Stable && !self.rejoin_needed {
            self.rejoin_needed = true;
            self.note_rejoin(RejoinReason::MetadataChanged, fx);
        }
    }

    fn prepare_and_join(&mut self, fx: &mut Effects) {
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

    /// While waiting inside poll(), wake for the next auto-commit or metadata refresh.
    fn schedule_poll_wake(&mut self, fx: &mut Effects) {
        let mut at = self.metadata_refreshed_ms.saturating_add(self.spec.config.metadata_max_age_ms);
        if self.auto_commit() && self.member_state == MemberState::Stable && self.next_auto_commit_ms != u64::MAX {
            at = at.min(self.next_auto_commit_ms);
        }
        self.poll_wake_epoch += 1;
        self.timer(at.max(fx.now_ms + 1), ConsumerTimer::PollWake { epoch: self.poll_wake_epoch }, fx);
    }

    /// collectFetch: up to max.poll.records from the buffer, in arrival order; a partly drained
    /// fetch stays first in line. Positions move past what is returned.
    fn collect_fetch(&mut self, fx: &mut Effects) -> Vec<(TopicPartition, u64)> {
        let max = self.spec.config.max_poll_records as usize;
        let mut batch = Vec::new();
        let mut runs: Vec<OffsetRun> = Vec::new();
        // Partitions pending revocation are paused: their buffered records stay where they are.
        let paused = std::mem::take(&mut self.buffer);
        let (held, ready): (Vec<BufferedFetch>, Vec<BufferedFetch>) = paused.into_iter().partition(|b| self.pending_revocation.contains(&b.tp));
        self.buffer = ready;
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
        self.buffer.extend(held);
        if !batch.is_empty() {
            fx.trace(TraceEvent::PollReturned {
                consumer: self.id().to_string(),
                runs,
            });
        }
        batch
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
    fn after_batch(&mut self, cluster: &Cluster, fx: &mut Effects) {
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
                        fx.trace(TraceEvent::CommitFailed {
                            consumer: self.id().to_string(),
                            group_id: self.group_id().to_string(),
                            error: KafkaError::IllegalGeneration,
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

    fn close_after_app_commit(&mut self, fx: &mut Effects) {
        let in_generation = self.member_state == MemberState::Stable && self.in_valid_generation();
        let offsets = self.commit_offsets();
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
        if in_generation && self.auto_commit() && !offsets.is_empty() {
            self.send_commit(offsets, CommitCause::AutoOnClose, fx);
            self.app = AppState::ClosingCommit;
            return;
        }
        self.leave_and_stop(fx);
    }

    fn leave_and_stop(&mut self, fx: &mut Effects) {
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

    fn reset_generation(&mut self, reset_member_id: bool) {
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

    fn on_commit_response(
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
                error: e,
                cause,
            });
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
                self.send_commit(offsets, CommitCause::AsyncRetry, fx);
            }
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
                    self.drop_partitions(&revoked, RevokeKind::Cooperative, fx);
                    self.note_rejoin(RejoinReason::PartitionsRevoked, fx);
                    self.poll(cluster, fx);
                }
                AfterRevokeCommit::Close => self.close_after_app_commit(fx),
                AfterRevokeCommit::Reconcile => {}
            },
            (CommitCause::SyncOnClose, AppState::RevokeCommit { .. }) => self.close_after_app_commit(fx),
            (CommitCause::AutoOnClose, AppState::ClosingCommit) => self.leave_and_stop(fx),
            _ => {}
        }
    }

    /// auto.offset.reset for one partition; false if the consumer failed (policy `none`).
    fn reset_offset(&mut self, tp: &TopicPartition, cluster: &Cluster, fx: &mut Effects) -> bool {
        let policy = self.spec.config.auto_offset_reset;
        let Some(log) = cluster.log(tp) else { return true };
        let offset = match policy {
            OffsetReset::Earliest => log.log_start_offset,
            // latest = the end a reader may read to: HW, or the LSO for read_committed.
            OffsetReset::Latest if self.spec.config.read_committed => log.last_stable_offset(),
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
                let added: Vec<TopicPartition> = assigned.iter().filter(|tp| !self.assigned.contains(tp)).cloned().collect();
                let kept: Vec<TopicPartition> = assigned.iter().filter(|tp| self.assigned.contains(tp)).cloned().collect();
                self.assigned.extend(added.iter().cloned());
                crate::model::sort::sort(&mut self.assigned);
                self.trace_assigned(added, kept, fx);
                if self.auto_commit() {
                    self.next_auto_commit_ms = fx.now_ms + self.spec.config.auto_commit_interval_ms;
                }
                self.start_heartbeats(fx);
                if !revoked.is_empty() {
                    self.rejoin_needed = true;
                    let offsets: BTreeMap<TopicPartition, u64> =
                        revoked.iter().filter_map(|tp| self.positions.get(tp).map(|&o| (tp.clone(), o))).collect_tree();
                    if self.commits_on_revoke() && !offsets.is_empty() && self.app == AppState::Polling {
                        self.send_commit(offsets, CommitCause::SyncOnRevoke, fx);
                        self.app = AppState::RevokeCommit {
                            then: AfterRevokeCommit::Poll,
                            revoked,
                        };
                        return;
                    }
                    self.drop_partitions(&revoked, RevokeKind::Cooperative, fx);
                    self.note_rejoin(RejoinReason::PartitionsRevoked, fx);
                }
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
        let mut skipped = Vec::new();
        for part in partitions {
            high_watermarks.push((
                part.tp.clone(),
                if self.spec.config.read_committed {
                    part.last_stable_offset
                } else {
                    part.high_watermark
                },
            ));
            if !self.assigned.contains(&part.tp) {
                continue;
            }
            // The lag metric's end: the high watermark, or for read_committed the LSO.
            let end = if self.spec.config.read_committed {
                part.last_stable_offset
            } else {
                part.high_watermark
            };
            self.high_watermarks.insert(part.tp.clone(), end);
            if part.error == Some(KafkaError::OffsetOutOfRange) {
                self.positions.remove(&part.tp);
                if !self.reset_offset(&part.tp, cluster, fx) {
                    return;
                }
                continue;
            }
            if self.positions.get(&part.tp) != Some(&part.fetch_offset) {
                continue;
            }
            if let Some(end) = part.diverging_end {
                // KIP-320: the new leader's log is shorter than what this consumer read.
                self.positions.insert(part.tp.clone(), end);
                self.fetched_epochs.insert(part.tp.clone(), part.leader_epoch);
                fx.trace(TraceEvent::LogTruncationDetected {
                    consumer: self.id().to_string(),
                    tp: part.tp.clone(),
                    from_offset: part.fetch_offset,
                    to_offset: end,
                });
                continue;
            }
            if part.error.is_none() {
                self.fetched_epochs.insert(part.tp.clone(), part.leader_epoch);
            }
            if part.records.is_empty() {
                // Only markers (or aborted records) were read: the position moves past them.
                if let Some(next) = part.skipped_to {
                    self.positions.insert(part.tp.clone(), next);
                    skipped.push((part.tp.clone(), next));
                }
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
            skipped,
        });
        self.wake_if_polling(cluster, fx);
    }
}
