//! Requests and responses exchanged between clients and brokers, and Kafka's error codes.

use crate::model::nouns::{BatchCompression, Record, TopicPartition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Kafka protocol errors, under Kafka's names and codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum KafkaError {
    OffsetOutOfRange,
    IllegalGeneration,
    UnknownMemberId,
    RebalanceInProgress,
    MemberIdRequired,
    CoordinatorNotAvailable,
    NotCoordinator,
    CoordinatorLoadInProgress,
    FencedInstanceId,
    InconsistentGroupProtocol,
    FencedMemberEpoch,
    UnreleasedInstanceId,
    UnsupportedAssignor,
    StaleMemberEpoch,
    GroupIdNotFound,
    NotLeaderOrFollower,
    RequestTimedOut,
    NetworkException,
    NotEnoughReplicas,
    NotEnoughReplicasAfterAppend,
    OutOfOrderSequenceNumber,
    InvalidProducerEpoch,
    ProducerFenced,
    InvalidTxnState,
}

impl KafkaError {
    /// Errors a producer retries (`RetriableException` subclasses).
    pub fn is_retriable(self) -> bool {
        matches!(
            self,
            KafkaError::NotLeaderOrFollower
                | KafkaError::RequestTimedOut
                | KafkaError::NetworkException
                | KafkaError::NotEnoughReplicas
                | KafkaError::NotEnoughReplicasAfterAppend
                | KafkaError::CoordinatorNotAvailable
                | KafkaError::NotCoordinator
                | KafkaError::CoordinatorLoadInProgress
        )
    }

    pub fn code(self) -> i16 {
        match self {
            KafkaError::OffsetOutOfRange => 1,
            KafkaError::CoordinatorNotAvailable => 15,
            KafkaError::NotCoordinator => 16,
            KafkaError::CoordinatorLoadInProgress => 14,
            KafkaError::IllegalGeneration => 22,
            KafkaError::UnknownMemberId => 25,
            KafkaError::RebalanceInProgress => 27,
            KafkaError::MemberIdRequired => 79,
            KafkaError::FencedInstanceId => 82,
            KafkaError::InconsistentGroupProtocol => 23,
            KafkaError::FencedMemberEpoch => 110,
            KafkaError::UnreleasedInstanceId => 111,
            KafkaError::UnsupportedAssignor => 112,
            KafkaError::StaleMemberEpoch => 113,
            KafkaError::GroupIdNotFound => 69,
            KafkaError::NotLeaderOrFollower => 6,
            KafkaError::RequestTimedOut => 7,
            KafkaError::NetworkException => 13,
            KafkaError::NotEnoughReplicas => 19,
            KafkaError::NotEnoughReplicasAfterAppend => 20,
            KafkaError::OutOfOrderSequenceNumber => 45,
            KafkaError::InvalidProducerEpoch => 47,
            KafkaError::InvalidTxnState => 48,
            KafkaError::ProducerFenced => 90,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            KafkaError::OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            KafkaError::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            KafkaError::NotCoordinator => "NOT_COORDINATOR",
            KafkaError::CoordinatorLoadInProgress => "COORDINATOR_LOAD_IN_PROGRESS",
            KafkaError::IllegalGeneration => "ILLEGAL_GENERATION",
            KafkaError::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            KafkaError::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            KafkaError::MemberIdRequired => "MEMBER_ID_REQUIRED",
            KafkaError::FencedInstanceId => "FENCED_INSTANCE_ID",
            KafkaError::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            KafkaError::FencedMemberEpoch => "FENCED_MEMBER_EPOCH",
            KafkaError::UnreleasedInstanceId => "UNRELEASED_INSTANCE_ID",
            KafkaError::UnsupportedAssignor => "UNSUPPORTED_ASSIGNOR",
            KafkaError::StaleMemberEpoch => "STALE_MEMBER_EPOCH",
            KafkaError::GroupIdNotFound => "GROUP_ID_NOT_FOUND",
            KafkaError::NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            KafkaError::RequestTimedOut => "REQUEST_TIMED_OUT",
            KafkaError::NetworkException => "NETWORK_EXCEPTION",
            KafkaError::NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            KafkaError::NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            KafkaError::OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            KafkaError::InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            KafkaError::InvalidTxnState => "INVALID_TXN_STATE",
            KafkaError::ProducerFenced => "PRODUCER_FENCED",
        }
    }
}

/// The Kafka APIs the simulation speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Api {
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit,
    OffsetFetch,
    Fetch,
    /// KIP-848: the one group API of the consumer protocol.
    ConsumerGroupHeartbeat,
}

/// Why a commit was sent (for narration and the ledger's stories).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitCause {
    /// enable.auto.commit: interval elapsed, checked inside poll().
    AutoInterval,
    /// enable.auto.commit: before rejoining (onJoinPrepare).
    AutoBeforeRebalance,
    /// enable.auto.commit: synchronous commit in close().
    AutoOnClose,
    /// commitSync() after the batch was processed.
    SyncAfterBatch,
    /// commitAsync() after the batch was processed.
    AsyncAfterBatch,
    /// The application's commit callback retried a failed commitAsync() (same offsets).
    AsyncRetry,
    /// commitSync() right after poll(), before processing (at-most-once).
    SyncBeforeBatch,
    /// commitSync() after one record.
    SyncPerRecord,
    /// commitSync() in onPartitionsRevoked.
    SyncOnRevoke,
    /// commitSync() in the application's shutdown path before close().
    SyncOnClose,
    /// sendOffsetsToTransaction(): the offsets count only if the transaction commits.
    Transaction,
}

/// A request to the group coordinator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordinatorRequest {
    JoinGroup {
        member_id: String,
        group_instance_id: Option<String>,
        client_id: String,
        session_timeout_ms: u64,
        rebalance_timeout_ms: u64,
        subscription: Vec<String>,
        /// Assignor names in `partition.assignment.strategy` order.
        protocols: Vec<String>,
        /// What the member owns (cooperative), or its last assignment (sticky's user data).
        owned: Vec<TopicPartition>,
        /// The generation of `owned` (−1: none).
        generation: i32,
    },
    SyncGroup {
        member_id: String,
        generation: i32,
        /// Only the leader sends assignments: member id → partitions.
        assignments: Option<BTreeMap<String, Vec<TopicPartition>>>,
    },
    Heartbeat {
        member_id: String,
        generation: i32,
    },
    LeaveGroup {
        member_id: String,
    },
    OffsetCommit {
        member_id: String,
        generation: i32,
        offsets: BTreeMap<TopicPartition, u64>,
        cause: CommitCause,
    },
    OffsetFetch {
        partitions: Vec<TopicPartition>,
    },
    /// KIP-848 (kafka-behaviour.md §4): join (epoch 0), heartbeat and acknowledge (the member's epoch),
    /// leave (−1, or −2 for a static member's temporary leave).
    ConsumerGroupHeartbeat(GroupHeartbeat),
}

/// A ConsumerGroupHeartbeat request. Fields the member did not change since its last
/// heartbeat are left out (None), as the Java client does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupHeartbeat {
    pub member_id: String,
    pub member_epoch: i32,
    pub group_instance_id: Option<String>,
    pub rebalance_timeout_ms: Option<u64>,
    pub subscription: Option<Vec<String>>,
    pub server_assignor: Option<String>,
    pub owned: Option<Vec<TopicPartition>>,
}

/// Member epoch of a ConsumerGroupHeartbeat that leaves the group.
pub const LEAVE_GROUP_MEMBER_EPOCH: i32 = -1;
/// Member epoch of a static member's temporary leave (its slot is kept for the session timeout).
pub const LEAVE_GROUP_STATIC_MEMBER_EPOCH: i32 = -2;

impl CoordinatorRequest {
    pub fn api(&self) -> Api {
        match self {
            CoordinatorRequest::JoinGroup { .. } => Api::JoinGroup,
            CoordinatorRequest::SyncGroup { .. } => Api::SyncGroup,
            CoordinatorRequest::Heartbeat { .. } => Api::Heartbeat,
            CoordinatorRequest::LeaveGroup { .. } => Api::LeaveGroup,
            CoordinatorRequest::OffsetCommit { .. } => Api::OffsetCommit,
            CoordinatorRequest::OffsetFetch { .. } => Api::OffsetFetch,
            CoordinatorRequest::ConsumerGroupHeartbeat(_) => Api::ConsumerGroupHeartbeat,
        }
    }
}

/// A member of a JoinGroup response (only the leader's response lists them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinedMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub subscription: Vec<String>,
    pub owned: Vec<TopicPartition>,
    pub generation: i32,
}

/// A response from the coordinator to a consumer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordinatorResponse {
    JoinGroup {
        error: Option<KafkaError>,
        member_id: String,
        generation: i32,
        leader: String,
        protocol: String,
        members: Vec<JoinedMember>,
        /// A static leader that rejoined into a stable group must not recompute (KIP-345).
        skip_assignment: bool,
    },
    SyncGroup {
        error: Option<KafkaError>,
        assignment: Vec<TopicPartition>,
    },
    Heartbeat {
        error: Option<KafkaError>,
    },
    LeaveGroup {
        error: Option<KafkaError>,
    },
    OffsetCommit {
        error: Option<KafkaError>,
        offsets: BTreeMap<TopicPartition, u64>,
        cause: CommitCause,
    },
    OffsetFetch {
        offsets: BTreeMap<TopicPartition, Option<u64>>,
    },
    ConsumerGroupHeartbeat {
        error: Option<KafkaError>,
        member_id: String,
        member_epoch: i32,
        heartbeat_interval_ms: u64,
        /// The member's assignment, sent when it changed or the request was a full one.
        assignment: Option<Vec<TopicPartition>>,
    },
}

impl CoordinatorResponse {
    pub fn api(&self) -> Api {
        match self {
            CoordinatorResponse::JoinGroup { .. } => Api::JoinGroup,
            CoordinatorResponse::SyncGroup { .. } => Api::SyncGroup,
            CoordinatorResponse::Heartbeat { .. } => Api::Heartbeat,
            CoordinatorResponse::LeaveGroup { .. } => Api::LeaveGroup,
            CoordinatorResponse::OffsetCommit { .. } => Api::OffsetCommit,
            CoordinatorResponse::OffsetFetch { .. } => Api::OffsetFetch,
            CoordinatorResponse::ConsumerGroupHeartbeat { .. } => Api::ConsumerGroupHeartbeat,
        }
    }
    pub fn error(&self) -> Option<KafkaError> {
        match self {
            CoordinatorResponse::JoinGroup { error, .. }
            | CoordinatorResponse::SyncGroup { error, .. }
            | CoordinatorResponse::Heartbeat { error }
            | CoordinatorResponse::LeaveGroup { error }
            | CoordinatorResponse::OffsetCommit { error, .. }
            | CoordinatorResponse::ConsumerGroupHeartbeat { error, .. } => *error,
            CoordinatorResponse::OffsetFetch { .. } => None,
        }
    }
}

/// One partition of a fetch request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchPartition {
    pub tp: TopicPartition,
    pub offset: u64,
    /// The leader epoch the consumer last fetched this partition under (KIP-320): lets the
    /// leader tell it that its position is past a truncation.
    #[serde(default)]
    pub last_fetched_epoch: Option<u32>,
}

/// One partition of a fetch response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchedPartition {
    pub tp: TopicPartition,
    pub fetch_offset: u64,
    pub error: Option<KafkaError>,
    pub high_watermark: u64,
    #[serde(default)]
    pub last_stable_offset: u64,
    pub log_start_offset: u64,
    pub records: Vec<Record>,
    /// Only control or aborted records were read: the position moves past them to here.
    #[serde(default)]
    pub skipped_to: Option<u64>,
    #[serde(default)]
    pub leader_epoch: u32,
    /// KIP-320: the log diverged from what the consumer read; its last fetched epoch ends here
    /// on the current leader, below the fetch offset.
    #[serde(default)]
    pub diverging_end: Option<u64>,
}

/// One producer batch in a ProduceRequest (records carry offset 0 until the leader assigns).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProduceBatch {
    pub tp: TopicPartition,
    /// The producer's own id for the batch (which attempt it is does not change it).
    pub batch_id: u64,
    pub records: Vec<Record>,
    /// The batch's size on the wire (compressed, header included).
    pub bytes: u64,
    /// Compressed by the producer (`compression.type`); the leader stores it as it is.
    pub compression: Option<BatchCompression>,
    /// Idempotent producers: producer id, epoch and the first record's sequence number.
    pub producer_id: Option<u64>,
    pub producer_epoch: u16,
    pub base_sequence: i32,
    /// Part of a transaction (the leader tracks it for the last stable offset).
    pub transactional: bool,
}

/// The leader's answer for one batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProduceResult {
    pub tp: TopicPartition,
    pub batch_id: u64,
    /// The base offset it was written at, or the error.
    pub result: Result<u64, KafkaError>,
    /// An idempotent duplicate: acknowledged with the first write's offset, not written again.
    pub duplicate: bool,
}

/// Everything that travels over the simulated network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    ToCoordinator {
        group_id: String,
        consumer: String,
        incarnation: u32,
        /// The client's connection to the coordinator (a new one after a disconnect).
        #[serde(default)]
        connection: u32,
        request: CoordinatorRequest,
    },
    FromCoordinator {
        consumer: String,
        incarnation: u32,
        response: CoordinatorResponse,
    },
    /// The coordinator's broker died: the client's connection to it drops.
    CoordinatorDisconnected {
        consumer: String,
        incarnation: u32,
    },
    /// A request to a coordinator whose broker is down: the connection is refused.
    CoordinatorUnreachable {
        consumer: String,
        incarnation: u32,
        request: CoordinatorRequest,
    },
    /// FindCoordinator(key = group id) to any broker.
    FindCoordinator {
        broker: u32,
        group_id: String,
        consumer: String,
        incarnation: u32,
    },
    /// The broker's answer: the group's coordinator (None: COORDINATOR_NOT_AVAILABLE).
    FindCoordinatorResponse {
        consumer: String,
        incarnation: u32,
        coordinator: Option<u32>,
    },
    FetchRequest {
        broker: u32,
        consumer: String,
        incarnation: u32,
        fetch_id: u64,
        max_wait_ms: u64,
        /// fetch.min.bytes (0 and 1 both mean: answer as soon as there is any data).
        #[serde(default)]
        min_bytes: u64,
        max_partition_bytes: u64,
        partitions: Vec<FetchPartition>,
        /// isolation.level=read_committed.
        #[serde(default)]
        read_committed: bool,
    },
    FetchResponse {
        broker: u32,
        consumer: String,
        incarnation: u32,
        partitions: Vec<FetchedPartition>,
    },
    ProduceRequest {
        broker: u32,
        producer: String,
        request_id: u64,
        acks: crate::model::producer_config::Acks,
        /// The broker waits at most this long for acks=all (the producer's request.timeout.ms).
        timeout_ms: u64,
        batches: Vec<ProduceBatch>,
    },
    ProduceResponse {
        broker: u32,
        producer: String,
        request_id: u64,
        results: Vec<ProduceResult>,
    },
    /// InitProducerId: an idempotent producer asks any broker (a transactional one its
    /// transaction coordinator) for a producer id and epoch.
    InitProducerId {
        broker: u32,
        producer: String,
        transactional_id: Option<String>,
        transaction_timeout_ms: u64,
    },
    InitProducerIdResponse {
        producer: String,
        producer_id: u64,
        epoch: u16,
    },
    AddPartitionsToTxn {
        broker: u32,
        producer: String,
        transactional_id: String,
        producer_id: u64,
        epoch: u16,
        partitions: Vec<TopicPartition>,
    },
    AddPartitionsToTxnResponse {
        producer: String,
        partitions: Vec<TopicPartition>,
        error: Option<KafkaError>,
    },
    EndTxn {
        broker: u32,
        producer: String,
        transactional_id: String,
        producer_id: u64,
        epoch: u16,
        commit: bool,
    },
    EndTxnResponse {
        producer: String,
        commit: bool,
        error: Option<KafkaError>,
    },
    AddOffsetsToTxn {
        producer: String,
        transactional_id: String,
        producer_id: u64,
        epoch: u16,
        group_id: String,
    },
    AddOffsetsToTxnResponse {
        producer: String,
        error: Option<KafkaError>,
    },
    /// To the group coordinator: offsets that count once the transaction commits.
    TxnOffsetCommit {
        group_id: String,
        producer: String,
        consumer: String,
        producer_id: u64,
        member_id: String,
        generation: i32,
        offsets: BTreeMap<TopicPartition, u64>,
    },
    TxnOffsetCommitResponse {
        producer: String,
        error: Option<KafkaError>,
    },
    /// Not a Kafka message: commitTransaction() returned to the consumer's application.
    TxnCommitted {
        consumer: String,
        incarnation: u32,
        committed: bool,
    },
    /// Not a Kafka message: the producer's connection to a broker dropped (the broker died).
    Disconnected {
        producer: String,
        broker: u32,
    },
}
