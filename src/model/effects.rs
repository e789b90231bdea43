//! Transitions do not touch the world: they record what should happen as data, and the
//! simulator performs it (stateright-style).

use crate::model::protocol::Message;
use crate::model::trace::TraceEvent;
use serde::{Deserialize, Serialize};

/// Timers a consumer sets on itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerTimer {
    /// The record being processed is done (stale when `epoch` is not the current one).
    ProcessDone { epoch: u32 },
    /// A stall with an end time ends.
    StallEnd,
    /// A frozen process (pause_heartbeats) runs again.
    Thaw,
    /// Wake the poll loop (auto-commit due, or a poll() timeout).
    PollWake { epoch: u32 },
    /// The heartbeat thread's next tick.
    Heartbeat { epoch: u32 },
    /// FindCoordinator again after COORDINATOR_NOT_AVAILABLE.
    FindCoordinatorAgain,
    /// commitSync() sends its commit again after `retry.backoff.ms`.
    CommitRetry {
        offsets: std::collections::BTreeMap<crate::model::nouns::TopicPartition, u64>,
        cause: crate::model::protocol::CommitCause,
    },
}

/// Timers the group coordinator sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordinatorTimer {
    /// group.initial.rebalance.delay.ms for a group that came from Empty.
    InitialRebalanceDelay { epoch: u32, delay_ms: u64, remaining_ms: u64 },
    /// The join phase may last at most the rebalance timeout.
    JoinTimeout { epoch: u32 },
    /// Members must send SyncGroup within the rebalance timeout.
    SyncTimeout { epoch: u32 },
    /// Check one member's session (no heartbeat within session.timeout.ms → removed).
    SessionCheck { member_id: String },
    /// KIP-848: a member that entered UNREVOKED_PARTITIONS at `epoch` must have revoked by now.
    RevocationTimeout { member_id: String, epoch: i32 },
    /// Online migration: a classic member of a consumer group must rejoin (after
    /// REBALANCE_IN_PROGRESS) or send SyncGroup (after its JoinGroup) within its rebalance
    /// timeout; `sync` says which.
    ClassicMemberDeadline { member_id: String, sync: bool },
    /// `offsets.commit.timeout.ms` passed for a parked OffsetCommit.
    CommitTimeout { id: u64 },
    /// The `__consumer_offsets` followers fetch again: parked commits may complete.
    OffsetsFollowersBack,
}

/// Timers a producer sets on itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProducerTimer {
    /// The sender thread looks at the accumulator again (linger, backoff or expiry due).
    SenderWake,
    /// `request.timeout.ms` passed for a request still in flight.
    RequestTimeout { request_id: u64 },
    /// A blocked send() gives up after `max.block.ms`.
    BlockTimeout { record: u64 },
}

/// Timers of the brokers and the controller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterTimer {
    /// The followers' next fetches reach the leader: they have everything up to `end_offset`.
    ReplicaFetch {
        tp: crate::model::nouns::TopicPartition,
        leader_epoch: u32,
        end_offset: u64,
    },
    /// The controller misses a dead broker's heartbeats for `broker.session.timeout.ms`.
    BrokerSessionExpiry { broker: u32, life: u32 },
    /// A waiting acks=all produce request times out at the leader.
    ProduceTimeout { broker: u32, producer: String, request_id: u64 },
    /// Leaders' periodic check (every replica.lag.time.max.ms / 2) for followers that fell
    /// behind for longer than replica.lag.time.max.ms.
    IsrExpiry,
    /// A broker's paused replica fetchers run again (stale if paused again since).
    ReplicationResumed { broker: u32, until_ms: u64 },
    /// The transaction coordinator's periodic check for transaction number `number`.
    TxnTimeout { transactional_id: String, number: u64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// Put a message on the network (the simulator adds the latency).
    Send(Message),
    ConsumerTimer {
        at_ms: u64,
        consumer: String,
        incarnation: u32,
        timer: ConsumerTimer,
    },
    CoordinatorTimer {
        at_ms: u64,
        group_id: String,
        timer: CoordinatorTimer,
    },
    ProducerTimer {
        at_ms: u64,
        producer: String,
        timer: ProducerTimer,
    },
    ClusterTimer {
        at_ms: u64,
        timer: ClusterTimer,
    },
    /// A partition's readable end (high watermark or last stable offset) moved: answer the
    /// fetches parked on it.
    DataAvailable(crate::model::nouns::TopicPartition),
    /// A new leader's shorter log cut these offsets off (the simulator counts which of them had
    /// been acknowledged to producers).
    Truncated {
        tp: crate::model::nouns::TopicPartition,
        from_offset: u64,
        to_offset: u64,
        /// Data records cut, per producer.
        removed: std::collections::BTreeMap<String, u64>,
    },
    /// Consume-transform-produce: a processed record's output, sent by the consumer's
    /// transactional producer.
    ConsumerOutput {
        producer: String,
        key: Option<String>,
        value: String,
    },
    /// Consume-transform-produce: sendOffsetsToTransaction + commitTransaction.
    CommitTransaction {
        producer: String,
        consumer: String,
        incarnation: u32,
        group_id: String,
        member_id: String,
        generation: i32,
        offsets: std::collections::BTreeMap<crate::model::nouns::TopicPartition, u64>,
    },
    /// The transaction coordinator finished a transaction with offsets of `group_id`: the group
    /// coordinator makes them visible (commit) or drops them.
    TxnOffsetsComplete {
        group_id: String,
        producer_id: u64,
        commit: bool,
    },
    /// acks=0 records that never reached a log (refused, or sent to a dead broker): the
    /// producer cannot know; the simulator counts them.
    FireAndForgetLost {
        producer: String,
        broker: u32,
        records: u64,
        error: Option<crate::model::protocol::KafkaError>,
    },
    /// A leader wrote a producer's batch (the simulator tells the producer, which counts a
    /// second write of one batch as duplicates).
    BatchWritten {
        producer: String,
        batch_id: u64,
        base_offset: u64,
    },
    Trace(TraceEvent),
}

/// The effects of one transition, with the time it happens at.
#[derive(Debug)]
pub struct Effects {
    pub now_ms: u64,
    pub list: Vec<Effect>,
}

impl Effects {
    pub fn new(now_ms: u64) -> Effects {
        Effects { now_ms, list: Vec::new() }
    }
    pub fn send(&mut self, message: Message) {
        self.list.push(Effect::Send(message));
    }
    pub fn trace(&mut self, event: TraceEvent) {
        self.list.push(Effect::Trace(event));
    }
}
