//! The trace: a typed list of everything that happened, in order. The UI animates and narrates
//! only these entries (and state); the CLI report hashes them.

use crate::model::config::{GroupProtocol, OffsetReset};
use crate::model::nouns::{BatchCompression, TopicPartition};
use crate::model::protocol::{Api, CommitCause, KafkaError};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Classic group states (`ClassicGroupState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum GroupState {
    Empty,
    PreparingRebalance,
    CompletingRebalance,
    Stable,
    Dead,
    /// KIP-848: the group epoch is ahead of the target assignment's.
    Assigning,
    /// KIP-848: some member has not converged to the target assignment yet.
    Reconciling,
}

impl GroupState {
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
            GroupState::Assigning => "Assigning",
            GroupState::Reconciling => "Reconciling",
        }
    }
}

/// KIP-848: a member's reconciliation state on the coordinator (`MemberState`, kafka-behaviour.md §4.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReconcileState {
    #[default]
    Stable,
    /// It must revoke partitions first; its epoch stays until it reports them gone.
    UnrevokedPartitions,
    /// It is at the target epoch but waits for partitions other members still own.
    UnreleasedPartitions,
}

impl ReconcileState {
    pub fn name(self) -> &'static str {
        match self {
            ReconcileState::Stable => "STABLE",
            ReconcileState::UnrevokedPartitions => "UNREVOKED_PARTITIONS",
            ReconcileState::UnreleasedPartitions => "UNRELEASED_PARTITIONS",
        }
    }
}

/// One batch in a ProduceRequest, for the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentBatch {
    pub tp: TopicPartition,
    pub batch_id: u64,
    pub records: u32,
    /// Estimated (compressed) size.
    pub bytes: u64,
    /// With `compression.type`: the codec and the size before compression.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<BatchCompression>,
    pub base_sequence: Option<i32>,
    /// 1 for the first send, 2 for the first retry…
    pub attempt: u32,
}

/// Why a producer gave up on records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendFailure {
    /// A non-retriable error from the broker.
    Error,
    /// A retriable error, but `retries` were used up.
    RetriesExhausted,
    /// `delivery.timeout.ms` passed since the batch was created (TimeoutException).
    DeliveryTimeout,
    /// send() blocked on a full `buffer.memory` for `max.block.ms` (TimeoutException).
    MaxBlockTimeout,
    /// The transaction aborted before the batch was sent.
    TransactionAborted,
}

/// KIP-848: why the group epoch went up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EpochReason {
    MemberJoined,
    MemberRemoved,
    SubscriptionChanged,
    MetadataChanged,
}

/// Why the coordinator removed a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoveReason {
    /// LeaveGroup (close, or max.poll.interval.ms exceeded).
    Left,
    /// No heartbeat within session.timeout.ms.
    SessionTimeout,
    /// Did not rejoin within the rebalance timeout.
    NotRejoined,
    /// Did not send SyncGroup within the rebalance timeout.
    NotSynced,
    /// KIP-848: did not revoke its partitions within its rebalance timeout.
    RevocationTimeout,
}

/// Which callback gave partitions up (kafka-behaviour.md §3.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevokeKind {
    /// Eager protocol: onPartitionsRevoked(all) before rejoining.
    Eager,
    /// Cooperative protocol: onPartitionsRevoked(only the partitions that move).
    Cooperative,
    /// onPartitionsLost: the member had already been removed from the group.
    Lost,
    /// close(): onPartitionsRevoked(all) on the way out.
    Close,
}

/// Why a consumer must rejoin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejoinReason {
    /// A response carried this error.
    Error(KafkaError),
    /// The leader's metadata refresh saw a subscribed topic's partition count change.
    MetadataChanged,
    /// Cooperative: it revoked partitions, so a follow-up rebalance hands them out.
    PartitionsRevoked,
}

/// A contiguous run of records of one partition: offsets `first..first + count`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetRun {
    pub tp: TopicPartition,
    pub first: u64,
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum TraceEvent {
    /// The leader appended a producer's record (one entry per record of a batch).
    Produced {
        producer: String,
        tp: TopicPartition,
        offset: u64,
        key: Option<String>,
        /// The high watermark after the batch's append (with one in-sync replica, its end).
        #[serde(default)]
        high_watermark: u64,
    },
    /// The high watermark moved other than at an append: followers caught up, the ISR shrank, a
    /// leader was elected, a marker was written.
    HighWatermarkAdvanced {
        tp: TopicPartition,
        high_watermark: u64,
    },
    ConsumerStarted {
        consumer: String,
        group_id: String,
    },
    /// FindCoordinator: the group's `__consumer_offsets` partition and the broker leading it.
    CoordinatorFound {
        consumer: String,
        group_id: String,
        offsets_partition: u32,
        broker: u32,
    },
    ConsumerCrashed {
        consumer: String,
        group_id: String,
    },
    CloseRequested {
        consumer: String,
        group_id: String,
    },
    ConsumerClosed {
        consumer: String,
        group_id: String,
    },
    /// The application's poll loop stopped because of an exception it did not handle.
    ConsumerFailed {
        consumer: String,
        group_id: String,
        reason: String,
    },
    /// A protocol request left a consumer (the protocol lane's arrows).
    RequestSent {
        consumer: String,
        group_id: String,
        api: Api,
        broker: u32,
    },
    /// Its response arrived back at the consumer.
    ResponseReceived {
        consumer: String,
        group_id: String,
        api: Api,
        broker: u32,
        error: Option<KafkaError>,
    },
    FetchSent {
        consumer: String,
        broker: u32,
        partitions: Vec<(TopicPartition, u64)>,
    },
    FetchReceived {
        consumer: String,
        broker: u32,
        runs: Vec<OffsetRun>,
        /// Per partition, the end the consumer may read to: the high watermark, or the last
        /// stable offset for read_committed.
        high_watermarks: Vec<(TopicPartition, u64)>,
        /// Partitions where only markers (or aborted records) were read: the position moved here.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        skipped: Vec<(TopicPartition, u64)>,
    },
    /// poll() handed records to the application; positions moved past them.
    PollReturned {
        consumer: String,
        runs: Vec<OffsetRun>,
    },
    /// The application finished processing one record.
    Processed {
        consumer: String,
        group_id: String,
        tp: TopicPartition,
        offset: u64,
        generation: i32,
    },
    CommitSent {
        consumer: String,
        group_id: String,
        offsets: BTreeMap<TopicPartition, u64>,
        cause: CommitCause,
        generation: i32,
    },
    /// The coordinator stored committed offsets.
    CommitStored {
        group_id: String,
        consumer: String,
        offsets: BTreeMap<TopicPartition, u64>,
    },
    CommitFailed {
        consumer: String,
        group_id: String,
        /// The coordinator's error, or None: the client refused the commit before sending it
        /// (CommitFailedException: the member is not in an active generation, e.g. it left
        /// after max.poll.interval.ms).
        error: Option<KafkaError>,
        cause: CommitCause,
    },
    /// The coordinator wrote a commit to the group's `__consumer_offsets` partition; it waits
    /// for these in-sync followers (acks=all), at most `timeout_ms`.
    CommitAwaitingReplicas {
        group_id: String,
        consumer: String,
        offsets_partition: u32,
        followers: Vec<u32>,
        timeout_ms: u64,
    },
    /// The controller moved the leadership of the group's `__consumer_offsets` partition (its
    /// leader was fenced): the new leader loaded the group and coordinates it.
    CoordinatorMoved {
        group_id: String,
        offsets_partition: u32,
        from: u32,
        to: u32,
    },
    /// The client marked its coordinator unknown after `error` (`disconnected`: the classic
    /// client also closed the connection, failing the requests still in flight on it).
    CoordinatorUnknown {
        consumer: String,
        group_id: String,
        error: KafkaError,
        disconnected: bool,
    },

    /// The coordinator's group state changed.
    GroupStateChanged {
        group_id: String,
        from: GroupState,
        to: GroupState,
        generation: i32,
    },
    MemberAdded {
        group_id: String,
        member_id: String,
        consumer: String,
    },
    MemberRemoved {
        group_id: String,
        member_id: String,
        consumer: String,
        reason: RemoveReason,
    },
    LeaderElected {
        group_id: String,
        member_id: String,
        consumer: String,
    },
    /// The leader ran the assignor (consumer id → partitions).
    AssignmentComputed {
        group_id: String,
        consumer: String,
        assignor: String,
        generation: i32,
        assignment: BTreeMap<String, Vec<TopicPartition>>,
    },
    /// onPartitionsAssigned(`partitions`: the newly added ones); `kept` were owned already
    /// (cooperative).
    PartitionsAssigned {
        consumer: String,
        group_id: String,
        /// The classic generation, or (KIP-848, `member_epoch`) the member epoch.
        generation: i32,
        partitions: Vec<TopicPartition>,
        kept: Vec<TopicPartition>,
        /// KIP-848: `generation` is the member epoch (absent from classic traces).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        member_epoch: bool,
    },
    /// onPartitionsRevoked, or onPartitionsLost (see `kind`).
    PartitionsRevoked {
        consumer: String,
        group_id: String,
        partitions: Vec<TopicPartition>,
        kind: RevokeKind,
    },
    /// The consumer learnt it must rejoin.
    RejoinNeeded {
        consumer: String,
        group_id: String,
        reason: RejoinReason,
    },
    /// The application stopped calling poll() (until `until_ms`, or until resumed).
    ConsumerStalled {
        consumer: String,
        group_id: String,
        until_ms: Option<u64>,
    },
    ConsumerResumed {
        consumer: String,
        group_id: String,
    },
    /// The whole process froze (a long GC pause): no heartbeats, polls or processing.
    ConsumerFrozen {
        consumer: String,
        group_id: String,
        until_ms: u64,
    },
    ConsumerThawed {
        consumer: String,
        group_id: String,
    },
    /// A consumer's settings changed at run time (`name=value` each).
    ConsumerConfigured {
        consumer: String,
        group_id: String,
        changes: Vec<String>,
    },
    /// A new deployment of a consumer: its process closes and starts again with these
    /// settings (`name=value` each; empty when nothing differs).
    ConsumerRedeploying {
        consumer: String,
        group_id: String,
        changes: Vec<String>,
    },
    /// The producer application now sends `records_per_sec` records, keyed by `keys` in turn
    /// (none: key-less).
    ProducerConfigured {
        producer: String,
        records_per_sec: u32,
        keys: Option<Vec<String>>,
        /// Producer properties of the replacement producer (`name=value`).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        config: Vec<String>,
    },
    /// The built-in partitioner picked a new sticky partition for key-less records: the first
    /// one (`after_bytes` 0), or after `after_bytes` ≥ batch.size bytes on the previous one.
    StickyPartitionChosen {
        producer: String,
        tp: TopicPartition,
        after_bytes: u64,
        batch_size: u64,
        /// The sticky partition before (the draw may pick it again).
        previous: Option<u32>,
        /// partitioner.ignore.keys: the records have keys, ignored.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        keys_ignored: bool,
    },
    /// A key's record went to another partition than its previous one (the partition count
    /// changed): that key's order is no longer guaranteed across the two partitions.
    KeyMoved {
        producer: String,
        key: String,
        from: TopicPartition,
        to: TopicPartition,
    },
    /// A topic grew.
    PartitionsAdded {
        topic: String,
        from: u32,
        to: u32,
    },
    /// A consumer's metadata refresh saw a topic's new partition count.
    MetadataChanged {
        consumer: String,
        group_id: String,
        topic: String,
        partitions: u32,
    },
    /// sync-before-processing: the commit failed, so the batch is not processed.
    BatchSkipped {
        consumer: String,
        group_id: String,
        runs: Vec<OffsetRun>,
    },
    /// A static member restarted: the coordinator swapped in a new member id for its
    /// group.instance.id and fenced the old one.
    StaticMemberReplaced {
        group_id: String,
        group_instance_id: String,
        old_member_id: String,
        member_id: String,
        consumer: String,
    },
    /// The coordinator picked the group's assignor by vote (kafka-behaviour.md §3.4).
    ProtocolSelected {
        group_id: String,
        protocol: String,
        generation: i32,
    },
    /// The committed offset became the consumer's position.
    PositionFromCommitted {
        consumer: String,
        tp: TopicPartition,
        offset: u64,
    },
    /// No committed offset (or out of range): auto.offset.reset applied.
    OffsetReset {
        consumer: String,
        tp: TopicPartition,
        offset: u64,
        policy: OffsetReset,
    },
    /// The heartbeat thread saw no poll() within max.poll.interval.ms.
    PollTimeoutExpired {
        consumer: String,
        group_id: String,
    },
    /// KIP-848: the group epoch went up (`consumer`: the member that caused it, if one did).
    GroupEpochBumped {
        group_id: String,
        epoch: i32,
        reason: EpochReason,
        consumer: Option<String>,
    },
    /// Online migration (kafka-behaviour.md §4.1): the group became a consumer group (a member of the
    /// new protocol joined a classic group) or a classic group again (its last member of the
    /// new protocol left), at this generation / group epoch.
    GroupConverted {
        group_id: String,
        to: GroupProtocol,
        epoch: i32,
    },
    /// KIP-848: the coordinator ran the server-side assignor (consumer id → partitions).
    TargetAssignmentComputed {
        group_id: String,
        assignor: String,
        epoch: i32,
        assignment: BTreeMap<String, Vec<TopicPartition>>,
    },
    /// KIP-848: the coordinator moved one member towards the target (kafka-behaviour.md §4.3).
    MemberReconciled {
        group_id: String,
        consumer: String,
        member_epoch: i32,
        state: ReconcileState,
        assigned: Vec<TopicPartition>,
        pending_revocation: Vec<TopicPartition>,
    },
    /// KIP-848: a static member left with epoch −2; its partitions wait for it.
    StaticMemberTemporarilyLeft {
        group_id: String,
        group_instance_id: String,
        consumer: String,
    },
    /// The producer's sender drained batches led by one broker into one ProduceRequest.
    ProduceSent {
        producer: String,
        broker: u32,
        request_id: u64,
        batches: Vec<SentBatch>,
    },
    /// The leader refused a batch before writing it (NOT_ENOUGH_REPLICAS, sequence errors…).
    ProduceRejected {
        broker: u32,
        producer: String,
        tp: TopicPartition,
        error: KafkaError,
        isr: Vec<u32>,
    },
    /// An idempotent producer's retry of a batch the leader already has: acknowledged with the
    /// first write's offset, not written again.
    DuplicateBatchIgnored {
        broker: u32,
        producer: String,
        tp: TopicPartition,
        base_offset: u64,
        base_sequence: i32,
        records: u32,
    },
    /// A batch was acknowledged (`base_offset` None: acks=0, nothing is known).
    BatchAcked {
        producer: String,
        tp: TopicPartition,
        batch_id: u64,
        base_offset: Option<u64>,
        records: u32,
        attempt: u32,
        /// From the first record's send() to the acknowledgement.
        latency_ms: u64,
    },
    /// A batch failed with a retriable error and goes back to the front of its queue.
    BatchRetrying {
        producer: String,
        tp: TopicPartition,
        batch_id: u64,
        error: KafkaError,
        attempt: u32,
        backoff_ms: u64,
    },
    /// Records the producer gave up on (their callbacks get the exception).
    BatchFailed {
        producer: String,
        tp: Option<TopicPartition>,
        records: u32,
        reason: SendFailure,
        error: Option<KafkaError>,
    },
    /// The network lost a produce response (the `drop_response` action).
    ProduceResponseDropped {
        producer: String,
        broker: u32,
        request_id: u64,
    },
    /// acks=0 records that never reached a log: the broker refused them (`error`) or its process
    /// was down (None). Nobody waits for an answer, so neither the producer nor its application
    /// learns of it; only the simulation counts them.
    FireAndForgetLost {
        producer: String,
        broker: u32,
        records: u64,
        error: Option<KafkaError>,
    },
    /// send() blocks: no room for a new batch in `buffer.memory`.
    SendBlocked {
        producer: String,
        buffer_used: u64,
        buffer_memory: u64,
    },
    SendUnblocked {
        producer: String,
        blocked_ms: u64,
    },
    /// InitProducerId answered: the producer's id and epoch for idempotence.
    ProducerIdAssigned {
        producer: String,
        producer_id: u64,
        epoch: u16,
        transactional_id: Option<String>,
    },
    BrokerKilled {
        broker: u32,
    },
    /// The controller fenced a broker that stopped heartbeating.
    BrokerFenced {
        broker: u32,
    },
    BrokerRestarted {
        broker: u32,
    },
    /// The broker's replica fetchers stop until `until_ms` (it stays registered and leads on).
    ReplicationPaused {
        broker: u32,
        until_ms: u64,
    },
    /// A partition's in-sync replica set changed.
    IsrChanged {
        tp: TopicPartition,
        isr: Vec<u32>,
        removed: Option<u32>,
        added: Option<u32>,
        min_insync_replicas: u32,
    },
    /// The controller elected a leader (None: no eligible replica, the partition is offline).
    PartitionLeaderElected {
        tp: TopicPartition,
        leader: Option<u32>,
        leader_epoch: u32,
        /// An out-of-sync replica was chosen (unclean.leader.election.enable).
        unclean: bool,
    },
    /// The new leader's log was shorter: these offsets are gone (`acked_lost` of them had been
    /// acknowledged to their producers).
    RecordsTruncated {
        tp: TopicPartition,
        from_offset: u64,
        to_offset: u64,
        acked_lost: u64,
        /// acks=0 records among them (never acknowledged, so only counted here).
        #[serde(default)]
        fire_and_forget_lost: u64,
    },
    /// beginTransaction().
    TxnBegun {
        producer: String,
        transactional_id: String,
    },
    /// AddPartitionsToTxn answered: the coordinator knows these partitions are in the transaction.
    TxnPartitionsAdded {
        producer: String,
        partitions: Vec<TopicPartition>,
    },
    /// commitTransaction() / abortTransaction() called: flush, then EndTxn.
    TxnEnding {
        producer: String,
        commit: bool,
    },
    /// The coordinator wrote a COMMIT or ABORT marker to each partition (offset of each).
    TxnMarkersWritten {
        transactional_id: String,
        producer: String,
        commit: bool,
        markers: Vec<(TopicPartition, u64)>,
    },
    /// EndTxn answered: the transaction is over for the producer.
    TxnCompleted {
        producer: String,
        commit: bool,
        error: Option<KafkaError>,
    },
    /// The coordinator aborted a transaction open longer than transaction.timeout.ms and bumped
    /// the epoch.
    TxnTimedOut {
        transactional_id: String,
        producer: String,
        open_ms: u64,
        timeout_ms: u64,
    },
    /// The producer's epoch is stale (PRODUCER_FENCED / INVALID_PRODUCER_EPOCH): its open
    /// transaction is gone; it gets a new epoch before going on.
    TxnFenced {
        producer: String,
        error: KafkaError,
    },
    /// KIP-320: a fetch showed the log was truncated below the consumer's position (an unclean
    /// election); it seeks back to where the new leader's log diverged.
    LogTruncationDetected {
        consumer: String,
        tp: TopicPartition,
        from_offset: u64,
        to_offset: u64,
    },
    /// KIP-848: a heartbeat response brought the consumer a new assignment to reconcile.
    AssignmentReceived {
        consumer: String,
        group_id: String,
        member_epoch: i32,
        partitions: Vec<TopicPartition>,
    },
}

impl TraceEvent {
    /// Records flowing rather than the protocol: a producer's record and its produce requests
    /// and acknowledgements, the high watermark moving, fetch, poll and processing. The rest
    /// (including produce errors, retries and broker events) is the protocol's story.
    pub fn is_record_flow(&self) -> bool {
        use TraceEvent::*;
        matches!(
            self,
            Produced { .. }
                | ProduceSent { .. }
                | BatchAcked { .. }
                | HighWatermarkAdvanced { .. }
                | FetchSent { .. }
                | FetchReceived { .. }
                | PollReturned { .. }
                | Processed { .. }
        )
    }

    /// Whether the entry is part of the protocol's story (the complement of `is_record_flow`).
    pub fn is_protocol(&self) -> bool {
        !self.is_record_flow()
    }

    /// A consumer's offset commit: sent, stored, failed, or its OffsetCommit request/response.
    pub fn is_commit(&self) -> bool {
        use TraceEvent::*;
        matches!(
            self,
            CommitSent { .. } | CommitStored { .. } | CommitFailed { .. } | CommitAwaitingReplicas { .. }
        ) || matches!(
            self,
            RequestSent { api: Api::OffsetCommit, .. } | ResponseReceived { api: Api::OffsetCommit, .. }
        )
    }

    /// Something went wrong: an error response, a failed commit or send, a crash, a member
    /// removed, a poll timeout, a broker lost, the ISR shrinking, a leaderless or unclean
    /// election, truncated records, a transaction timed out or fenced.
    pub fn is_failure(&self) -> bool {
        use TraceEvent::*;
        matches!(
            self,
            ResponseReceived { error: Some(_), .. }
                | CommitFailed { .. }
                | CoordinatorUnknown { .. }
                | CoordinatorMoved { .. }
                | ConsumerFailed { .. }
                | ConsumerCrashed { .. }
                | MemberRemoved { .. }
                | PollTimeoutExpired { .. }
                | BatchSkipped { .. }
                | ProduceRejected { .. }
                | BatchRetrying { .. }
                | BatchFailed { .. }
                | ProduceResponseDropped { .. }
                | FireAndForgetLost { .. }
                | SendBlocked { .. }
                | BrokerKilled { .. }
                | BrokerFenced { .. }
                | IsrChanged { removed: Some(_), .. }
                | PartitionLeaderElected { leader: None, .. }
                | PartitionLeaderElected { unclean: true, .. }
                | RecordsTruncated { .. }
                | LogTruncationDetected { .. }
                | TxnTimedOut { .. }
                | TxnFenced { .. }
        )
    }

    /// Routine traffic a reader of the story can skip: heartbeats, commits and offset fetches
    /// that went through, fetch requests, per-record produce flow.
    pub fn is_routine(&self) -> bool {
        use TraceEvent::*;
        match self {
            Produced { .. }
            | Processed { .. }
            | PollReturned { .. }
            | FetchSent { .. }
            | FetchReceived { .. }
            | ProduceSent { .. }
            | BatchAcked { .. }
            | HighWatermarkAdvanced { .. } => true,
            RequestSent { api, .. } => matches!(api, Api::Heartbeat | Api::OffsetCommit | Api::Fetch),
            ResponseReceived { api, error, .. } => matches!(api, Api::Heartbeat | Api::OffsetCommit) && error.is_none(),
            _ => false,
        }
    }

    /// Whether the entry is about producers, brokers, replication or transactions.
    pub fn is_producer_side(&self) -> bool {
        use TraceEvent::*;
        matches!(
            self,
            Produced { .. }
                | ProduceSent { .. }
                | ProduceRejected { .. }
                | DuplicateBatchIgnored { .. }
                | BatchAcked { .. }
                | BatchRetrying { .. }
                | BatchFailed { .. }
                | ProduceResponseDropped { .. }
                | FireAndForgetLost { .. }
                | SendBlocked { .. }
                | SendUnblocked { .. }
                | ProducerIdAssigned { .. }
                | ProducerConfigured { .. }
                | StickyPartitionChosen { .. }
                | KeyMoved { .. }
                | BrokerKilled { .. }
                | BrokerFenced { .. }
                | BrokerRestarted { .. }
                | ReplicationPaused { .. }
                | IsrChanged { .. }
                | PartitionLeaderElected { .. }
                | RecordsTruncated { .. }
                | HighWatermarkAdvanced { .. }
                | TxnBegun { .. }
                | TxnPartitionsAdded { .. }
                | TxnEnding { .. }
                | TxnMarkersWritten { .. }
                | TxnCompleted { .. }
                | TxnTimedOut { .. }
                | TxnFenced { .. }
        )
    }

    /// The consumer an entry is about, if any.
    pub fn consumer(&self) -> Option<&str> {
        use TraceEvent::*;
        match self {
            ConsumerStarted { consumer, .. }
            | CoordinatorFound { consumer, .. }
            | ConsumerCrashed { consumer, .. }
            | CloseRequested { consumer, .. }
            | ConsumerClosed { consumer, .. }
            | ConsumerFailed { consumer, .. }
            | RequestSent { consumer, .. }
            | ResponseReceived { consumer, .. }
            | FetchSent { consumer, .. }
            | FetchReceived { consumer, .. }
            | PollReturned { consumer, .. }
            | Processed { consumer, .. }
            | CommitSent { consumer, .. }
            | CommitStored { consumer, .. }
            | CommitFailed { consumer, .. }
            | CommitAwaitingReplicas { consumer, .. }
            | CoordinatorUnknown { consumer, .. }
            | MemberAdded { consumer, .. }
            | MemberRemoved { consumer, .. }
            | AssignmentComputed { consumer, .. }
            | PartitionsAssigned { consumer, .. }
            | PartitionsRevoked { consumer, .. }
            | RejoinNeeded { consumer, .. }
            | PositionFromCommitted { consumer, .. }
            | OffsetReset { consumer, .. }
            | PollTimeoutExpired { consumer, .. }
            | ConsumerStalled { consumer, .. }
            | ConsumerResumed { consumer, .. }
            | ConsumerFrozen { consumer, .. }
            | ConsumerThawed { consumer, .. }
            | ConsumerConfigured { consumer, .. }
            | ConsumerRedeploying { consumer, .. }
            | MetadataChanged { consumer, .. }
            | BatchSkipped { consumer, .. }
            | StaticMemberReplaced { consumer, .. }
            | MemberReconciled { consumer, .. }
            | StaticMemberTemporarilyLeft { consumer, .. }
            | AssignmentReceived { consumer, .. }
            | LogTruncationDetected { consumer, .. } => Some(consumer),
            // Group-wide, producer, broker and transaction entries.
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraceEntry {
    pub at_ms: u64,
    pub event: TraceEvent,
}

/// The trace's storage: an append-only list of entries kept in fixed-size chunks. A `Vec`
/// doubles and copies as it grows, so after an hour of a large scenario (millions of entries)
/// it held up to twice what it needed and briefly three times while copying; wasm memory never
/// shrinks, so that peak stayed (docs/performance.md). Chunks never move once allocated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Trace {
    chunks: Vec<Vec<TraceEntry>>,
    len: usize,
}

impl Trace {
    /// Entries per chunk (128 bytes each: 512 KB a chunk).
    const CHUNK: usize = 4096;

    pub fn new() -> Trace {
        Trace::default()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn push(&mut self, entry: TraceEntry) {
        if self.len.is_multiple_of(Self::CHUNK) {
            self.chunks.push(Vec::with_capacity(Self::CHUNK));
        }
        self.chunks.last_mut().expect("a chunk with room exists").push(entry);
        self.len += 1;
        debug_assert_eq!(self.chunks.len(), self.len.div_ceil(Self::CHUNK));
    }

    pub fn get(&self, i: usize) -> Option<&TraceEntry> {
        (i < self.len).then(|| &self.chunks[i / Self::CHUNK][i % Self::CHUNK])
    }

    pub fn last(&self) -> Option<&TraceEntry> {
        self.chunks.last().and_then(|c| c.last())
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &TraceEntry> + Clone {
        self.iter_from(0)
    }

    /// The entries from index `from` on (none if `from` is at or past the end).
    pub fn iter_from(&self, from: usize) -> impl DoubleEndedIterator<Item = &TraceEntry> + Clone {
        let from = from.min(self.len);
        let (first, offset) = (from / Self::CHUNK, from % Self::CHUNK);
        let head = self.chunks.get(first).map(|c| &c[offset..]).unwrap_or(&[]);
        let rest = self.chunks.get(first + 1..).unwrap_or(&[]);
        head.iter().chain(rest.iter().flatten())
    }

    /// Removes and returns the entries from `at` on.
    pub fn split_off(&mut self, at: usize) -> Vec<TraceEntry> {
        let at = at.min(self.len);
        let cut: Vec<TraceEntry> = self.iter_from(at).cloned().collect();
        self.truncate(at);
        cut
    }

    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        self.chunks.truncate(len.div_ceil(Self::CHUNK));
        if let Some(last) = self.chunks.last_mut() {
            last.truncate(len - (len - 1) / Self::CHUNK * Self::CHUNK);
        }
        self.len = len;
        debug_assert_eq!(self.chunks.len(), self.len.div_ceil(Self::CHUNK));
    }

    /// A copy of all entries in one `Vec` (for tests and reports).
    pub fn to_vec(&self) -> Vec<TraceEntry> {
        self.iter().cloned().collect()
    }
}

impl std::ops::Index<usize> for Trace {
    type Output = TraceEntry;
    fn index(&self, i: usize) -> &TraceEntry {
        self.get(i).expect("trace index within its length")
    }
}

impl Extend<TraceEntry> for Trace {
    fn extend<I: IntoIterator<Item = TraceEntry>>(&mut self, entries: I) {
        for entry in entries {
            self.push(entry);
        }
    }
}

impl FromIterator<TraceEntry> for Trace {
    fn from_iter<I: IntoIterator<Item = TraceEntry>>(entries: I) -> Trace {
        let mut trace = Trace::new();
        trace.extend(entries);
        trace
    }
}

impl<'a> IntoIterator for &'a Trace {
    type Item = &'a TraceEntry;
    type IntoIter = Box<dyn DoubleEndedIterator<Item = &'a TraceEntry> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl Serialize for Trace {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Trace {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<TraceEntry>::deserialize(deserializer)?.into_iter().collect())
    }
}

/// FNV-1a, 64 bit: a stable hash with no platform dependence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fnv64(pub u64);

impl Default for Fnv64 {
    fn default() -> Self {
        Fnv64(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv64 {
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub fn value(self) -> u64 {
        self.0
    }
    pub fn hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// Hash of a trace: FNV-1a over each entry's canonical JSON, newline-separated.
pub fn trace_hash<'a>(entries: impl IntoIterator<Item = &'a TraceEntry>) -> String {
    let mut h = Fnv64::default();
    for entry in entries {
        h.write(&serde_json::to_vec(entry).expect("trace entries always serialize"));
        h.write(b"\n");
    }
    h.hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at_ms: u64) -> TraceEntry {
        TraceEntry {
            at_ms,
            event: TraceEvent::BrokerKilled { broker: 0 },
        }
    }

    #[test]
    fn trace_chunks_behave_like_a_vec() {
        for n in [0, 1, Trace::CHUNK - 1, Trace::CHUNK, Trace::CHUNK + 1, 3 * Trace::CHUNK + 7] {
            let vec: Vec<TraceEntry> = (0..n as u64).map(entry).collect();
            let trace: Trace = vec.iter().cloned().collect();
            assert_eq!(trace.len(), n);
            assert_eq!(trace.to_vec(), vec);
            assert_eq!(trace.iter().rev().cloned().collect::<Vec<_>>(), vec.iter().rev().cloned().collect::<Vec<_>>());
            assert_eq!(trace.last(), vec.last());
            assert_eq!(trace_hash(&trace), trace_hash(&vec));
            for at in [0, 1, n / 2, n.saturating_sub(1), n, n + 3] {
                let from: Vec<_> = trace.iter_from(at).cloned().collect();
                assert_eq!(from, vec[at.min(n)..].to_vec(), "iter_from({at}) of {n}");
                assert_eq!(trace.get(at), vec.get(at));
                let (mut t, mut v) = (trace.clone(), vec.clone());
                let cut = t.split_off(at);
                let vcut = v.split_off(at.min(n));
                assert_eq!((t.to_vec(), cut), (v.clone(), vcut), "split_off({at}) of {n}");
                assert_eq!(t.len(), v.len());
                t.push(entry(99));
                v.push(entry(99));
                assert_eq!(t.to_vec(), v);
            }
        }
    }

    #[test]
    fn fnv_golden() {
        let mut h = Fnv64::default();
        h.write(b"a");
        assert_eq!(h.hex(), "af63dc4c8601ec8c");
    }
}
