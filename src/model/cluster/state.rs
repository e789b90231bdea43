//! The cluster's state: brokers, topics and partition logs, and what brokers and transaction
//! coordinators hold between requests (parked fetches, waiting produce requests, transactions).

use crate::model::nouns::{BatchCompression, Record, RecordSequence, TopicPartition};
use crate::model::producer_config::Acks;
use crate::model::protocol::{FetchPartition, FetchedPartition, KafkaError, ProduceBatch, ProduceResult};
use crate::model::sort::CollectTree as _;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An append-only list stored in shared chunks: cloning it (a session snapshot) copies one
/// pointer per `CHUNK` items, and appending after a clone copies at most the last chunk. It
/// serializes and compares as the plain list it is.
#[derive(Clone, Debug)]
pub struct AppendLog<T> {
    chunks: Vec<std::rc::Rc<Vec<T>>>,
    len: usize,
}

impl<T> Default for AppendLog<T> {
    fn default() -> Self {
        AppendLog { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone> AppendLog<T> {
    const CHUNK: usize = 64;

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        (i < self.len).then(|| &self.chunks[i / Self::CHUNK][i % Self::CHUNK])
    }

    pub fn push(&mut self, item: T) {
        if self.len.is_multiple_of(Self::CHUNK) {
            self.chunks.push(std::rc::Rc::new(Vec::with_capacity(Self::CHUNK)));
        }
        let last = self.chunks.last_mut().expect("a chunk with room exists");
        std::rc::Rc::make_mut(last).push(item);
        self.len += 1;
        debug_assert_eq!(self.chunks.len(), self.len.div_ceil(Self::CHUNK));
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

impl<T: Clone + PartialEq> PartialEq for AppendLog<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.chunks.iter().zip(&other.chunks).all(|(a, b)| std::rc::Rc::ptr_eq(a, b) || a == b)
    }
}

impl<T: Clone + Eq> Eq for AppendLog<T> {}

impl<T: Clone + Serialize> Serialize for AppendLog<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for AppendLog<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        let mut log = AppendLog::default();
        for item in items {
            log.push(item);
        }
        Ok(log)
    }
}

/// A partition: its replicas and in-sync set, and the log as its current leader has it. Every
/// replica's log is a prefix of this one (an election truncates it to the new leader's end), so
/// a follower is just its log end offset.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionLog {
    pub log_start_offset: u64,
    pub records: AppendLog<Record>,
    /// Consumers never read at or beyond it: every in-sync replica has the records below it.
    pub high_watermark: u64,
    /// Brokers holding a replica, the preferred leader first (empty: one implicit replica).
    #[serde(default)]
    pub replicas: Vec<u32>,
    /// The current leader (None: offline, no eligible replica is alive).
    #[serde(default)]
    pub leader: Option<u32>,
    /// In-sync replicas, in replica order.
    #[serde(default)]
    pub isr: Vec<u32>,
    #[serde(default)]
    pub leader_epoch: u32,
    /// Each non-leader replica's log end offset, as far as the leader knows.
    #[serde(default)]
    pub replica_leo: BTreeMap<u32, u64>,
    /// When each follower last had everything the leader had (`lastCaughtUpTimeMs`).
    #[serde(default)]
    pub last_caught_up_ms: BTreeMap<u32, u64>,
    /// Idempotence: per producer id, its epoch and its last (up to 5) batches.
    #[serde(default)]
    pub producer_states: BTreeMap<u64, ProducerStateEntry>,
    /// Transactions with records here and no marker yet: producer id → first offset.
    #[serde(default)]
    pub open_txns: BTreeMap<u64, u64>,
    /// Aborted transactions' ranges (for read_committed readers).
    #[serde(default)]
    pub aborted_txns: Vec<AbortedTxn>,
    /// The leader epoch cache: (epoch, first offset written in it) for each leader after the
    /// first (epoch 0 starts at 0).
    #[serde(default)]
    pub epoch_starts: Vec<(u32, u64)>,
    /// The producers' batches as the leader stored them: as they arrived, compressed or not
    /// (records written one by one, like markers, belong to none).
    #[serde(default, skip_serializing_if = "AppendLog::is_empty")]
    pub batches: AppendLog<StoredBatch>,
}

/// A record batch in the log, stored as the producer sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredBatch {
    pub base_offset: u64,
    pub records: u32,
    /// Its size in the log (compressed, header included).
    pub bytes: u64,
    pub compression: Option<BatchCompression>,
}

impl StoredBatch {
    pub fn last_offset(&self) -> u64 {
        self.base_offset + self.records.saturating_sub(1) as u64
    }
}

/// `ProducerStateEntry`: what a leader remembers of one idempotent producer on a partition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStateEntry {
    pub epoch: u16,
    /// (first sequence, last sequence, base offset) of the last batches, oldest first.
    pub batches: std::collections::VecDeque<(i32, i32, u64)>,
}

/// `NUM_BATCHES_TO_RETAIN`: why at most 5 requests may be in flight with idempotence.
pub const PRODUCER_BATCHES_RETAINED: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbortedTxn {
    pub producer_id: u64,
    pub first_offset: u64,
    /// The abort marker's offset.
    pub last_offset: u64,
}

impl PartitionLog {
    pub fn log_end_offset(&self) -> u64 {
        self.log_start_offset + self.records.len() as u64
    }

    pub fn record(&self, offset: u64) -> Option<&Record> {
        offset.checked_sub(self.log_start_offset).and_then(|i| self.records.get(i as usize))
    }

    /// The stored batch holding `offset` (batches are in offset order: a binary search).
    pub fn batch_of(&self, offset: u64) -> Option<&StoredBatch> {
        let (mut lo, mut hi) = (0, self.batches.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let b = self.batches.get(mid).expect("mid < len");
            if b.last_offset() < offset {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        self.batches.get(lo).filter(|b| b.base_offset <= offset && b.records > 0)
    }

    /// Appends a record at the log end and returns its offset (single-replica helper).
    pub fn append(&mut self, key: Option<String>, value: String, timestamp_ms: u64, producer: &str) -> u64 {
        let offset = self.push(Record::new(key, value, timestamp_ms, producer));
        self.update_high_watermark();
        offset
    }

    /// Appends a record (its offset is assigned here) without moving the high watermark.
    pub fn push(&mut self, mut record: Record) -> u64 {
        let offset = self.log_end_offset();
        record.offset = offset;
        self.records.push(record);
        offset
    }

    /// A replica's log end offset (the leader's is the log's).
    pub fn replica_end(&self, broker: u32) -> u64 {
        if self.leader == Some(broker) || self.replicas.is_empty() {
            self.log_end_offset()
        } else {
            self.replica_leo.get(&broker).copied().unwrap_or(0).min(self.log_end_offset())
        }
    }

    /// The high watermark: the smallest log end offset in the ISR (never moving back except by a
    /// truncation). Returns whether it advanced.
    pub fn update_high_watermark(&mut self) -> bool {
        let hw = self.isr.iter().map(|b| self.replica_end(*b)).min().unwrap_or_else(|| self.log_end_offset());
        let hw = if self.replicas.is_empty() { self.log_end_offset() } else { hw };
        if hw > self.high_watermark {
            self.high_watermark = hw;
            return true;
        }
        false
    }

    /// Where `epoch`'s records end in this log: the start of the next epoch, or the log end.
    pub fn end_offset_for_epoch(&self, epoch: u32) -> u64 {
        self.epoch_starts
            .iter()
            .find(|(e, _)| *e > epoch)
            .map_or(self.log_end_offset(), |(_, start)| *start)
    }

    /// The last stable offset: the first offset of the earliest open transaction, or the HW.
    pub fn last_stable_offset(&self) -> u64 {
        self.open_txns
            .values()
            .copied()
            .min()
            .map_or(self.high_watermark, |first| first.min(self.high_watermark))
    }

    /// Cuts the log back to `end` (an election chose a replica with a shorter log). Returns the
    /// removed records.
    pub fn truncate(&mut self, end: u64) -> Vec<Record> {
        if end >= self.log_end_offset() {
            return Vec::new();
        }
        let keep = end.saturating_sub(self.log_start_offset) as usize;
        let removed: Vec<Record> = self.records.iter().skip(keep).cloned().collect();
        let mut log = AppendLog::default();
        for r in self.records.iter().take(keep) {
            log.push(r.clone());
        }
        self.records = log;
        self.high_watermark = self.high_watermark.min(end);
        for leo in self.replica_leo.values_mut() {
            *leo = (*leo).min(end);
        }
        self.open_txns.retain(|_, first| *first < end);
        self.epoch_starts.retain(|(_, start)| *start <= end);
        self.aborted_txns.retain(|a| a.last_offset < end);
        // Kafka truncates at batch boundaries; a batch the cut would split keeps its head.
        let mut batches = AppendLog::default();
        for b in self.batches.iter().filter(|b| b.base_offset < end) {
            let mut b = b.clone();
            b.records = b.records.min((end - b.base_offset) as u32);
            batches.push(b);
        }
        self.batches = batches;
        // Producer state is rebuilt from what is left, as a broker does from its log.
        self.producer_states.clear();
        let mut batches: Vec<(RecordSequence, u64, i32)> = Vec::new();
        for r in self.records.iter() {
            if let Some(seq) = r.sequence {
                match batches.last_mut() {
                    Some((s, _, last)) if s.producer_id == seq.producer_id && s.epoch == seq.epoch && s.base_sequence == seq.base_sequence => {
                        *last = seq.sequence
                    }
                    _ => batches.push((seq, r.offset, seq.sequence)),
                }
            }
        }
        for (seq, base, last) in batches {
            let entry = self.producer_states.entry(seq.producer_id).or_default();
            if entry.epoch != seq.epoch {
                entry.batches.clear();
                entry.epoch = seq.epoch;
            }
            entry.batches.push_back((seq.base_sequence, last, base));
            if entry.batches.len() > PRODUCER_BATCHES_RETAINED {
                entry.batches.pop_front();
            }
        }
        removed
    }

    /// Serves one partition of a fetch: whole records from `offset` below the high watermark
    /// (below the last stable offset for read_committed), up to `max_bytes` (soft: the first
    /// record is always returned so the consumer progresses). Control records are never
    /// returned, nor, for read_committed, records of aborted transactions; when only such
    /// records were read, `skipped_to` tells the consumer where its position moves.
    pub fn read(&self, tp: &TopicPartition, offset: u64, max_bytes: u64, read_committed: bool) -> FetchedPartition {
        let mut result = FetchedPartition {
            tp: tp.clone(),
            fetch_offset: offset,
            error: None,
            high_watermark: self.high_watermark,
            last_stable_offset: self.last_stable_offset(),
            log_start_offset: self.log_start_offset,
            records: Vec::new(),
            skipped_to: None,
            leader_epoch: self.leader_epoch,
            diverging_end: None,
        };
        if offset < self.log_start_offset || offset > self.log_end_offset() {
            result.error = Some(KafkaError::OffsetOutOfRange);
            return result;
        }
        let limit = if read_committed { result.last_stable_offset } else { self.high_watermark };
        let mut bytes = 0;
        let mut next = offset;
        while next < limit {
            let record = self.record(next).expect("offsets below the high watermark are in the log");
            if !result.records.is_empty() && bytes + record.size_bytes() > max_bytes {
                break;
            }
            bytes += record.size_bytes();
            next += 1;
            if record.control.is_some() || (read_committed && self.is_aborted(record)) {
                continue;
            }
            result.records.push(record.clone());
        }
        if result.records.is_empty() && next > offset {
            result.skipped_to = Some(next);
        }
        result
    }

    /// A record of a transaction that was aborted.
    pub fn is_aborted(&self, record: &Record) -> bool {
        record.transactional
            && record.sequence.is_some_and(|s| {
                self.aborted_txns
                    .iter()
                    .any(|a| a.producer_id == s.producer_id && a.first_offset <= record.offset && record.offset < a.last_offset)
            })
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
    pub partitions: Vec<PartitionLog>,
    /// Index of the topic in creation order: spreads leaders across brokers.
    pub index: u32,
    #[serde(default = "one")]
    pub replication_factor: u32,
    /// `min.insync.replicas` (acks=all only).
    #[serde(default = "one")]
    pub min_insync_replicas: u32,
    /// `unclean.leader.election.enable`: an out-of-sync replica may lead (losing data).
    #[serde(default)]
    pub unclean_leader_election: bool,
}

fn one() -> u32 {
    1
}

/// A fetch the broker holds until data arrives or `fetch.max.wait.ms` passes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkedFetch {
    pub fetch_id: u64,
    pub broker: u32,
    pub consumer: String,
    pub incarnation: u32,
    pub max_partition_bytes: u64,
    /// fetch.min.bytes: answered once this much is there (or the wait is over).
    #[serde(default)]
    pub min_bytes: u64,
    pub partitions: Vec<FetchPartition>,
    #[serde(default)]
    pub read_committed: bool,
}

/// A ProduceRequest read from a connection whose previous request is still being handled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedProduce {
    pub request_id: u64,
    pub acks: Acks,
    pub timeout_ms: u64,
    pub batches: Vec<ProduceBatch>,
}

/// An acks=all ProduceRequest the leader holds until the ISR has its batches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingProduce {
    pub broker: u32,
    pub producer: String,
    pub request_id: u64,
    pub results: Vec<ProduceResult>,
    /// Per result: the high watermark it waits for (None: settled).
    pub required: Vec<Option<u64>>,
}

/// `transaction.abort.timed.out.transaction.cleanup.interval.ms`.
pub const TXN_TIMEOUT_CHECK_INTERVAL_MS: u64 = 10_000;

/// `TransactionState`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TxnState {
    #[default]
    Empty,
    Ongoing,
    CompleteCommit,
    CompleteAbort,
}

impl TxnState {
    pub fn name(self) -> &'static str {
        match self {
            TxnState::Empty => "Empty",
            TxnState::Ongoing => "Ongoing",
            TxnState::CompleteCommit => "CompleteCommit",
            TxnState::CompleteAbort => "CompleteAbort",
        }
    }
}

/// `TransactionMetadata` for one transactional id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxnMeta {
    pub producer: String,
    pub producer_id: u64,
    pub epoch: u16,
    pub state: TxnState,
    pub partitions: BTreeSet<TopicPartition>,
    pub started_ms: u64,
    pub timeout_ms: u64,
    /// Counts transactions (a timeout check for an earlier one is stale).
    pub number: u64,
    /// Groups whose offsets are in the transaction (AddOffsetsToTxn).
    #[serde(default)]
    pub groups: BTreeSet<String>,
}

/// `offsets.topic.replication.factor`'s default.
pub const OFFSETS_TOPIC_REPLICATION_FACTOR: u32 = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub brokers: u32,
    pub topics: BTreeMap<String, Topic>,
    pub offsets_topic_partitions: u32,
    /// Fetches waiting at brokers, in arrival order.
    pub parked_fetches: Vec<ParkedFetch>,
    /// Brokers whose process is down.
    #[serde(default)]
    pub down: std::collections::BTreeSet<u32>,
    /// Down brokers the controller has fenced (it noticed: no heartbeat for
    /// `broker.session.timeout.ms`): they lead nothing and are out of every ISR.
    #[serde(default)]
    pub fenced: std::collections::BTreeSet<u32>,
    /// How many times each broker was killed (a fence timer of an earlier life is stale).
    #[serde(default)]
    pub lives: Vec<u32>,
    /// The controller's `broker.session.timeout.ms`.
    #[serde(default = "default_broker_session_timeout_ms")]
    pub broker_session_timeout_ms: u64,
    /// acks=all produce requests waiting for the ISR (`DelayedProduce`).
    #[serde(default)]
    pub pending_produces: Vec<PendingProduce>,
    #[serde(default)]
    pub next_producer_id: u64,
    /// transactional.id → (producer id, epoch).
    #[serde(default)]
    pub transactional_ids: BTreeMap<String, (u64, u16)>,
    /// The transaction coordinators' state per transactional.id.
    #[serde(default)]
    pub txns: BTreeMap<String, TxnMeta>,
    /// The network round trip (followers' fetches take one).
    #[serde(default)]
    pub rtt_ms: u64,
    /// `replica.lag.time.max.ms`: a follower behind the leader for longer leaves the ISR.
    #[serde(default = "default_replica_lag_time_max_ms")]
    pub replica_lag_time_max_ms: u64,
    /// Brokers whose replica fetchers are paused, until when.
    #[serde(default)]
    pub replication_paused: BTreeMap<u32, u64>,
    /// When each paused broker's fetchers stopped (a follower stopped for longer than
    /// `replica.lag.time.max.ms` is out of the ISR).
    #[serde(default)]
    pub replication_paused_since: BTreeMap<u32, u64>,
    /// When each down broker died.
    #[serde(default)]
    pub down_since: BTreeMap<u32, u64>,
    /// `__consumer_offsets` partitions whose leader moved (partition → new leader).
    #[serde(default)]
    pub offsets_leaders: BTreeMap<u32, u32>,
    /// Produce requests read from a connection (producer, broker) while an earlier one of it is
    /// still waiting: a broker handles a connection's requests one at a time, in order.
    #[serde(default, with = "connection_queues_as_list")]
    pub connection_queues: BTreeMap<(String, u32), std::collections::VecDeque<QueuedProduce>>,
}

/// JSON maps need string keys: the queues are written as a list of ((producer, broker), queue).
mod connection_queues_as_list {
    use super::QueuedProduce;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::{BTreeMap, VecDeque};

    type Queues = BTreeMap<(String, u32), VecDeque<QueuedProduce>>;

    pub fn serialize<S: Serializer>(queues: &Queues, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(queues.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Queues, D::Error> {
        let list: Vec<((String, u32), VecDeque<QueuedProduce>)> = Vec::deserialize(deserializer)?;
        Ok(list.into_iter().collect())
    }
}

fn default_replica_lag_time_max_ms() -> u64 {
    REPLICA_LAG_TIME_MAX_MS
}

/// The default `replica.lag.time.max.ms`.
pub const REPLICA_LAG_TIME_MAX_MS: u64 = 30_000;

/// KRaft's default `broker.session.timeout.ms`.
pub const BROKER_SESSION_TIMEOUT_MS: u64 = 9_000;

fn default_broker_session_timeout_ms() -> u64 {
    BROKER_SESSION_TIMEOUT_MS
}

impl Cluster {
    pub fn new(brokers: u32) -> Cluster {
        assert!(brokers > 0);
        Cluster {
            brokers,
            topics: BTreeMap::new(),
            offsets_topic_partitions: 50,
            parked_fetches: Vec::new(),
            down: Default::default(),
            fenced: Default::default(),
            lives: vec![0; brokers as usize],
            broker_session_timeout_ms: BROKER_SESSION_TIMEOUT_MS,
            pending_produces: Vec::new(),
            next_producer_id: 0,
            transactional_ids: BTreeMap::new(),
            txns: BTreeMap::new(),
            rtt_ms: 20,
            replica_lag_time_max_ms: REPLICA_LAG_TIME_MAX_MS,
            replication_paused: BTreeMap::new(),
            replication_paused_since: BTreeMap::new(),
            down_since: BTreeMap::new(),
            offsets_leaders: BTreeMap::new(),
            connection_queues: BTreeMap::new(),
        }
    }

    pub fn add_topic(&mut self, name: &str, partitions: u32) {
        self.add_replicated_topic(name, partitions, 1, 1, false);
    }

    /// A topic whose partitions have `replication_factor` replicas on consecutive brokers,
    /// starting at the preferred leader (spread round-robin, shifted per topic).
    pub fn add_replicated_topic(&mut self, name: &str, partitions: u32, replication_factor: u32, min_insync_replicas: u32, unclean_leader_election: bool) {
        assert!((1..=self.brokers).contains(&replication_factor), "replication factor fits the brokers");
        let index = self.topics.len() as u32;
        self.topics.insert(
            name.to_string(),
            Topic {
                name: name.to_string(),
                partitions: Vec::new(),
                index,
                replication_factor,
                min_insync_replicas,
                unclean_leader_election,
            },
        );
        self.add_partitions(name, partitions);
    }

    /// Grows a topic to `partitions` partitions (never shrinks); returns the old count. New
    /// partitions get their replicas and start with every replica in sync.
    pub fn add_partitions(&mut self, topic: &str, partitions: u32) -> u32 {
        let brokers = self.brokers;
        let fenced = self.fenced.clone();
        let Some(t) = self.topics.get_mut(topic) else { return 0 };
        let old = t.partitions.len() as u32;
        while (t.partitions.len() as u32) < partitions {
            let p = t.partitions.len() as u32;
            let replicas: Vec<u32> = (0..t.replication_factor).map(|i| (p + t.index + i) % brokers).collect();
            let isr: Vec<u32> = replicas.iter().copied().filter(|b| !fenced.contains(b)).collect();
            let log = PartitionLog {
                leader: isr.first().copied(),
                replica_leo: replicas.iter().skip(1).map(|b| (*b, 0)).collect_tree(),
                isr,
                replicas,
                ..PartitionLog::default()
            };
            t.partitions.push(log);
        }
        old
    }

    pub fn is_up(&self, broker: u32) -> bool {
        !self.down.contains(&broker)
    }

    pub fn partition_count(&self, topic: &str) -> u32 {
        self.topics.get(topic).map_or(0, |t| t.partitions.len() as u32)
    }

    pub fn log(&self, tp: &TopicPartition) -> Option<&PartitionLog> {
        self.topics.get(&*tp.topic).and_then(|t| t.partitions.get(tp.partition as usize))
    }

    pub fn log_mut(&mut self, tp: &TopicPartition) -> Option<&mut PartitionLog> {
        self.topics.get_mut(&*tp.topic).and_then(|t| t.partitions.get_mut(tp.partition as usize))
    }

    /// The broker leading a partition, or for an offline partition its preferred leader
    /// (for drawing): replicas are spread round-robin, shifted per topic.
    pub fn leader(&self, tp: &TopicPartition) -> u32 {
        match self.log(tp) {
            Some(log) => log.leader.or_else(|| log.replicas.first().copied()).unwrap_or(0),
            None => {
                let index = self.topics.get(&*tp.topic).map_or(0, |t| t.index);
                (tp.partition + index) % self.brokers
            }
        }
    }

    /// The current leader as clients learn it from metadata (None: offline).
    pub fn leader_of(&self, tp: &TopicPartition) -> Option<u32> {
        self.log(tp).and_then(|log| log.leader)
    }

    /// The group's `__consumer_offsets` partition: abs(hashCode(group.id)) % partitions.
    pub fn offsets_partition(&self, group_id: &str) -> u32 {
        crate::model::java::offsets_partition_for(group_id, self.offsets_topic_partitions)
    }

    /// The broker that coordinates a group: leader of its `__consumer_offsets` partition (its
    /// first replica, until the controller moved the leadership).
    pub fn coordinator_broker(&self, group_id: &str) -> u32 {
        let partition = self.offsets_partition(group_id);
        self.offsets_leaders.get(&partition).copied().unwrap_or(partition % self.brokers)
    }

    /// The controller fenced `broker`: each `__consumer_offsets` partition of these groups it
    /// led gets a new leader, the first of its other replicas that is alive (none: it stays
    /// offline). Returns (group, new coordinator) for the groups whose coordinator moved.
    pub fn move_offsets_leaders(&mut self, broker: u32, groups: &[String]) -> Vec<(String, u32)> {
        let mut moved = Vec::new();
        for group_id in groups {
            if self.coordinator_broker(group_id) != broker {
                continue;
            }
            let partition = self.offsets_partition(group_id);
            let next = self
                .offsets_replicas(group_id)
                .into_iter()
                .find(|b| *b != broker && self.is_up(*b) && !self.fenced.contains(b));
            if let Some(leader) = next {
                self.offsets_leaders.insert(partition, leader);
                moved.push((group_id.clone(), leader));
            }
        }
        moved
    }

    /// The replicas of the group's `__consumer_offsets` partition, leader first:
    /// `offsets.topic.replication.factor` (3, at most the brokers) on consecutive brokers.
    pub fn offsets_replicas(&self, group_id: &str) -> Vec<u32> {
        let partition = self.offsets_partition(group_id);
        let factor = OFFSETS_TOPIC_REPLICATION_FACTOR.min(self.brokers);
        (0..factor).map(|i| (partition + i) % self.brokers).collect()
    }

    /// The in-sync followers of the group's `__consumer_offsets` partition that do not fetch
    /// now (their replica fetchers are paused, or their process is down and the controller has
    /// not fenced it yet): an offset commit, written with acks=all, waits for them. A follower
    /// that stopped fetching longer than `replica.lag.time.max.ms` ago is out of the ISR.
    pub fn offsets_followers_behind(&self, group_id: &str, now_ms: u64) -> Vec<u32> {
        let in_isr = |since: Option<&u64>| since.is_none_or(|since| now_ms.saturating_sub(*since) <= self.replica_lag_time_max_ms);
        let leader = self.coordinator_broker(group_id);
        let replicas = self.offsets_replicas(group_id);
        replicas
            .iter()
            .filter(|b| **b != leader)
            .copied()
            .filter(|b| {
                let paused = self.replication_paused.get(b).is_some_and(|until| *until > now_ms) && in_isr(self.replication_paused_since.get(b));
                let dead = !self.is_up(*b) && !self.fenced.contains(b) && in_isr(self.down_since.get(b));
                paused || dead
            })
            .collect()
    }

    /// All partitions of the given topics, sorted by topic then partition.
    pub fn partitions_of(&self, topics: &[String]) -> Vec<TopicPartition> {
        let mut out = Vec::new();
        for topic in topics {
            for p in 0..self.partition_count(topic) {
                out.push(TopicPartition::new(topic.clone(), p));
            }
        }
        crate::model::sort::sort(&mut out);
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn append_log_is_a_list_whose_clones_are_independent() {
        let mut a: AppendLog<u32> = AppendLog::default();
        for i in 0..1100 {
            a.push(i);
        }
        let snapshot = a.clone();
        a.push(1100);
        assert_eq!((a.len(), snapshot.len()), (1101, 1100));
        assert_eq!(snapshot.get(1100), None);
        assert_eq!(a.get(1100), Some(&1100));
        assert!(a.iter().copied().eq(0..1101));
        assert!(snapshot.iter().copied().eq(0..1100));
        assert_ne!(a, snapshot);
        let json = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(json, serde_json::to_string(&(0..1100).collect::<Vec<u32>>()).unwrap());
        let back: AppendLog<u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, snapshot);
    }

    use super::*;

    #[test]
    fn read_respects_high_watermark_and_soft_byte_limit() {
        let mut log = PartitionLog::default();
        for i in 0..5 {
            log.append(Some("k".into()), format!("value-{i}"), i, "p");
        }
        let tp = TopicPartition::new("t", 0);
        assert_eq!(log.read(&tp, 2, 1_000_000, false).records.len(), 3);
        assert_eq!(log.read(&tp, 0, 1, false).records.len(), 1, "first record always returned");
        assert_eq!(log.read(&tp, 5, 1_000_000, false).records.len(), 0);
        assert_eq!(log.read(&tp, 6, 1_000_000, false).error, Some(KafkaError::OffsetOutOfRange));
    }
}
