//! The consumer client's state (kafka-behaviour.md §3.7, §3.8, §5.2, §5.4): the consumer, its member
//! and application states, and the helpers every room of the client uses.

use crate::model::config::{GroupProtocol, RebalanceProtocol};
use crate::model::effects::{ConsumerTimer, Effect, Effects};
use crate::model::nouns::{Record, TopicPartition};
use crate::model::protocol::{CommitCause, CoordinatorRequest, Message};
use crate::model::scenario::format::CommitMode;
use crate::model::scenario::resolve::ResolvedConsumer;
use crate::model::trace::TraceEvent;
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
    /// Cooperative onPartitionsRevoked after SyncGroup: drop the partitions, assign the added
    /// ones, then poll.
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
    /// The response's high watermark (LSO for read_committed): what the lag metric measures
    /// against when poll() drains these records (`FetchCollector.initialize`).
    #[serde(default)]
    pub high_watermark: u64,
}

/// `metrics.sample.window.ms` and `metrics.num.samples` (the client defaults): a windowed
/// statistic keeps two samples of 30 s.
pub const METRICS_SAMPLE_WINDOW_MS: u64 = 30_000;
pub const METRICS_NUM_SAMPLES: usize = 2;

/// Kafka's `Max` stat over `SampledStat`'s samples: each sample covers
/// `metrics.sample.window.ms` from its first value; a new value past that starts the next
/// sample (the oldest is reused); samples older than all of them together are forgotten.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowedMax {
    /// (the sample's start, its largest value), at most `METRICS_NUM_SAMPLES`.
    pub samples: Vec<(u64, u64)>,
    pub current: usize,
}

impl WindowedMax {
    pub fn record(&mut self, now_ms: u64, value: u64) {
        match self.samples.get_mut(self.current) {
            Some((start, max)) if now_ms < *start + METRICS_SAMPLE_WINDOW_MS => *max = (*max).max(value),
            Some(_) => {
                self.current = (self.current + 1) % METRICS_NUM_SAMPLES;
                if self.current < self.samples.len() {
                    self.samples[self.current] = (now_ms, value);
                } else {
                    self.samples.push((now_ms, value));
                }
            }
            None => self.samples.push((now_ms, value)),
        }
    }

    /// The metric's value now (None: nothing recorded in the window, Kafka's NaN).
    pub fn measure(&self, now_ms: u64) -> Option<u64> {
        let expire_ms = METRICS_NUM_SAMPLES as u64 * METRICS_SAMPLE_WINDOW_MS;
        self.samples.iter().filter(|(start, _)| now_ms < start + expire_ms).map(|(_, max)| *max).max()
    }
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
    /// The coordinator is unknown (`coordinator_link.rs`): FindCoordinator is in flight and
    /// requests for the coordinator wait in `awaiting_coordinator`.
    #[serde(default)]
    pub coordinator_unknown: bool,
    /// Bumped when the classic client closes its coordinator connection.
    #[serde(default)]
    pub coordinator_connection: u32,
    #[serde(default)]
    pub awaiting_coordinator: Vec<CoordinatorRequest>,
    /// OffsetCommits sent and not answered yet, oldest first.
    #[serde(default)]
    pub commits_in_flight: Vec<(BTreeMap<TopicPartition, u64>, CommitCause)>,
    /// Commits a disconnect failed: their answers, on the closed connection, never arrive.
    #[serde(default)]
    pub orphaned_commits: Vec<(BTreeMap<TopicPartition, u64>, CommitCause)>,
    /// When the first attempt of the blocking commitSync() now retrying was sent.
    #[serde(default)]
    pub sync_commit_since_ms: Option<u64>,
    /// The client-wide records-lag-max sensor.
    #[serde(default)]
    pub lag_window: WindowedMax,
    /// records-lag per partition: the value recorded when poll() last returned its records.
    #[serde(default)]
    pub recorded_lag: BTreeMap<TopicPartition, u64>,
}

impl Consumer {
    /// Running and not yet asked to close: the process a user can still crash or close.
    pub fn is_active(&self) -> bool {
        self.status == ConsumerStatus::Running && !self.close_requested
    }

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
            coordinator_unknown: false,
            coordinator_connection: 0,
            awaiting_coordinator: Vec::new(),
            commits_in_flight: Vec::new(),
            orphaned_commits: Vec::new(),
            sync_commit_since_ms: None,
            lag_window: WindowedMax::default(),
            recorded_lag: BTreeMap::new(),
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

    /// The metric records-lag of one partition (kafka-behaviour.md §5.5): high watermark −
    /// position, recorded when poll() last returned records of it, with the high watermark of
    /// the fetch response those records came in.
    pub fn records_lag(&self, tp: &TopicPartition) -> Option<u64> {
        self.recorded_lag.get(tp).copied().filter(|_| self.assigned.contains(tp))
    }

    /// One partition's lag now: the high watermark of the latest fetch response − position.
    pub fn partition_lag(&self, tp: &TopicPartition) -> Option<u64> {
        let position = *self.positions.get(tp)?;
        let hw = *self.high_watermarks.get(tp)?;
        Some(hw.saturating_sub(position))
    }

    /// Records fetched and not yet returned by poll() (the fetch buffer; a poll() hands out at
    /// most max.poll.records of them).
    pub fn buffered_records(&self) -> u64 {
        self.buffer.iter().map(|b| b.records.len() as u64).sum()
    }

    /// The lag now: the largest high watermark − position over assigned partitions.
    pub fn lag_now(&self) -> Option<u64> {
        self.assigned.iter().filter_map(|tp| self.partition_lag(tp)).max()
    }

    /// records-lag-max as Kafka's metric reports it at `now_ms`: the largest partition lag
    /// recorded when poll() returned records, over the metric's window (kafka-behaviour.md §5.5).
    pub fn records_lag_max(&self, now_ms: u64) -> Option<u64> {
        self.lag_window.measure(now_ms)
    }

    // ---- sending -------------------------------------------------------------------------

    pub(crate) fn send_to_coordinator(&mut self, request: CoordinatorRequest, fx: &mut Effects) {
        if self.coordinator_unknown {
            self.awaiting_coordinator.push(request);
            return;
        }
        if let CoordinatorRequest::OffsetCommit { offsets, cause, .. } = &request {
            self.commits_in_flight.push((offsets.clone(), *cause));
        }
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
            connection: self.coordinator_connection,
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

    /// Offsets of `tp` that poll() returned and the application has not processed yet.
    pub fn in_hand(&self, tp: &TopicPartition) -> Vec<u64> {
        let pending: &[(TopicPartition, u64)] = match &self.app {
            AppState::Processing { batch, next } | AppState::CommitSync { batch, next } => batch.get(*next..).unwrap_or_default(),
            AppState::CommitBeforeProcessing { batch } => batch,
            _ => &[],
        };
        pending.iter().filter(|(t, _)| t == tp).map(|&(_, o)| o).collect()
    }

    /// Consume-transform-produce: the id of this consumer's transactional producer.
    pub fn output_producer(&self) -> String {
        format!("{}-tx", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kafka's SampledStat with Max: two samples of 30 s; a value is remembered until both
    /// windows after its sample's start have passed.
    #[test]
    fn records_lag_max_is_the_max_over_two_thirty_second_samples() {
        let mut m = WindowedMax::default();
        assert_eq!(m.measure(0), None, "nothing recorded: Kafka's NaN");
        m.record(1_000, 120);
        m.record(20_000, 3);
        assert_eq!(m.measure(25_000), Some(120));
        // 31 s: past the first sample's window, a new sample starts; the first still counts.
        m.record(31_000, 0);
        assert_eq!(m.measure(31_000), Some(120));
        assert_eq!(m.measure(60_999), Some(120), "the first sample lives until 1 s + 60 s");
        assert_eq!(m.measure(61_000), Some(0));
        // 62 s: the third sample reuses the first's slot.
        m.record(62_000, 7);
        assert_eq!(m.samples, vec![(62_000, 7), (31_000, 0)]);
        assert_eq!(m.measure(62_000), Some(7));
        assert_eq!(m.measure(200_000), None);
    }
}
