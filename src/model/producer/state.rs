//! The producer's state (kafka-behaviour.md §6.1–§6.4): batches, requests in flight, transactions, and
//! the producer's schedule and keys. How it works: the application thread calls `send()` at a fixed rate
//! (or `send().get()` for each record); records are partitioned (`partitioner.rs`) and appended
//! to the **record accumulator**: one queue of batches per partition, a batch full at
//! `batch.size` (estimated with the codec's compression ratio), its buffer taken from
//! `buffer.memory` (send() blocks up to `max.block.ms` when none is left). The **sender**
//! drains every broker that has a ready partition (a full batch, a batch older than
//! `linger.ms`, a blocked writer), taking at most one batch per partition of that broker into
//! one ProduceRequest — partitions that were not ready ride along ("piggyback") — while fewer
//! than `max.in.flight.requests.per.connection` requests are out. Responses complete the
//! callbacks; retriable errors put the batch back at the front of its queue after an
//! exponential backoff, until `retries` or `delivery.timeout.ms` run out. Idempotent producers
//! number each partition's records and get their id from InitProducerId.

use crate::model::nouns::{BatchCompression, TopicPartition};
use crate::model::partitioner::{Choice, ProducerConfig, TopicPartitioner, RECORD_BATCH_OVERHEAD};
use crate::model::producer_config::Compression;
use crate::model::protocol::KafkaError;
use crate::model::rng::Rng;
use crate::model::scenario::format::ProducerSpec;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

/// A record inside the producer, from send() to its callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRecord {
    /// The producer's record number (its value is "id-n").
    pub n: u64,
    pub key: Option<String>,
    pub value: String,
    pub pad_bytes: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// Bytes in a batch (v2 record format).
    pub size: u64,
    /// When send() was called (the record's CreateTime).
    pub send_ms: u64,
}

/// A `ProducerBatch`: records for one partition, sent and retried together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerBatch {
    pub id: u64,
    pub partition: u32,
    pub records: Vec<PendingRecord>,
    /// Sum of the records' sizes before compression.
    pub record_bytes: u64,
    /// What it took from `buffer.memory`: max(batch.size, its first record's batch).
    pub buffer_bytes: u64,
    pub created_ms: u64,
    /// How many times it was sent.
    pub attempts: u32,
    /// Backing off until then after a failed attempt.
    pub retry_at_ms: u64,
    /// Idempotence: the first record's sequence number, fixed at the first send.
    pub base_sequence: Option<i32>,
    /// No more appends: a newer batch exists behind it.
    pub closed: bool,
    /// Where a previous attempt was written (a second write is a duplicate).
    pub written_at: Option<u64>,
}

impl ProducerBatch {
    /// `estimatedSizeInBytes`: the header plus the records at the codec's ratio.
    pub fn estimated_bytes(&self, config: &ProducerConfig) -> u64 {
        RECORD_BATCH_OVERHEAD + (self.record_bytes * config.compression.ratio_permille()).div_ceil(1000)
    }

    /// The codec and the size before compression (None: `compression.type=none`).
    pub fn compression(&self, config: &ProducerConfig) -> Option<BatchCompression> {
        (config.compression != Compression::None).then_some(BatchCompression {
            codec: config.compression,
            uncompressed_bytes: RECORD_BATCH_OVERHEAD + self.record_bytes,
        })
    }

    /// `isFull`: closed, or the estimate reached its buffer.
    pub fn is_full(&self, config: &ProducerConfig) -> bool {
        self.closed || (!self.records.is_empty() && self.estimated_bytes(config) >= self.buffer_bytes)
    }
}

/// A ProduceRequest waiting for its response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InFlightRequest {
    pub request_id: u64,
    pub broker: u32,
    pub batches: Vec<ProducerBatch>,
    pub sent_ms: u64,
}

/// A send() that waits for buffer memory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedSend {
    pub record: PendingRecord,
    pub partition: u32,
    pub since_ms: u64,
}

/// What the CLI report and the inspector show per producer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerStats {
    /// Records handed to send().
    pub sent: u64,
    pub acknowledged: u64,
    pub failed: u64,
    /// Records written to a log a second time (a retry after a lost response, no idempotence).
    pub duplicates_written: u64,
    /// Acknowledged records that a leader change later cut from the log.
    pub acknowledged_lost: u64,
    /// acks=0 records that never made it or were cut later: "acknowledged" without a response,
    /// so only the simulation knows.
    #[serde(default)]
    pub fire_and_forget_lost: u64,
    pub retries: u64,
    pub requests: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Producer {
    pub spec: ProducerSpec,
    /// Records sent so far (also the index of the next one).
    pub sent: u64,
    pub config: ProducerConfig,
    /// Partitioning state for the producer's topic.
    pub partitioning: TopicPartitioner,
    /// The partition each key last went to (a change breaks that key's ordering).
    pub key_partitions: BTreeMap<String, u32>,
    /// Bumped by each reconfiguration: a tick scheduled under an older epoch is stale.
    #[serde(default)]
    pub tick_epoch: u32,
    /// Record number from which the current rate counts (the last reconfiguration).
    #[serde(default)]
    pub rate_base: u64,
    /// The accumulator: per partition, batches not yet sent (or back for a retry).
    #[serde(default)]
    pub queues: BTreeMap<u32, VecDeque<ProducerBatch>>,
    #[serde(default)]
    pub in_flight: Vec<InFlightRequest>,
    /// Bytes of `buffer.memory` in use by batches (queued or in flight).
    #[serde(default)]
    pub buffer_used: u64,
    #[serde(default)]
    pub blocked: Option<BlockedSend>,
    /// send().get(): the record the application waits for.
    #[serde(default)]
    pub awaiting: Option<u64>,
    #[serde(default)]
    pub next_batch_id: u64,
    #[serde(default)]
    pub next_request_id: u64,
    /// Idempotence: (producer id, epoch) once InitProducerId answered.
    #[serde(default)]
    pub producer_id: Option<(u64, u16)>,
    #[serde(default)]
    pub producer_id_requested: bool,
    /// Idempotence: the next sequence number per partition.
    #[serde(default)]
    pub next_sequence: BTreeMap<u32, i32>,
    /// A batch failed for good: sequences restart under a new producer id once nothing is in
    /// flight (KIP-360).
    #[serde(default)]
    pub reset_sequences: bool,
    /// Per broker: where the next drain starts (fairness).
    #[serde(default)]
    pub drain_index: BTreeMap<u32, usize>,
    /// The sender's next scheduled wake.
    #[serde(default)]
    pub wake_at_ms: Option<u64>,
    /// Acknowledged offset ranges [start, end) per partition (to count later losses).
    #[serde(default)]
    pub acked: BTreeMap<u32, Vec<(u64, u64)>>,
    #[serde(default)]
    pub stats: ProducerStats,
    /// The application thread is inside a blocked send() or a get(): no record goes out until
    /// it returns (the simulator then schedules the next).
    #[serde(default)]
    pub app_waiting: bool,
    /// Brokers whose connection dropped: (no new attempt before, current reconnect backoff).
    #[serde(default)]
    pub reconnect: BTreeMap<u32, (u64, u64)>,
    #[serde(default)]
    pub txn: ProducerTxn,
    /// A produce response said the epoch is stale; handled once the callbacks ran.
    #[serde(default)]
    pub pending_fence: Option<KafkaError>,
    /// Consume-transform-produce: the consumer (and its incarnation) this producer writes for.
    #[serde(default)]
    pub consumer: Option<(String, u32)>,
    /// Outputs handed over before the producer could send (no producer id yet).
    #[serde(default)]
    pub pending_outputs: Vec<(Option<String>, String)>,
    /// sendOffsetsToTransaction in progress: the group's offsets and where they are.
    #[serde(default)]
    pub txn_offsets: Option<TxnOffsets>,
    /// Its process died (a consume-transform-produce consumer crashed): it does nothing more.
    #[serde(default)]
    pub stopped: bool,
}

/// Offsets a consume-transform-produce application commits in its transaction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxnOffsets {
    pub group_id: String,
    pub consumer: String,
    pub member_id: String,
    pub generation: i32,
    pub offsets: BTreeMap<TopicPartition, u64>,
    /// AddOffsetsToTxn sent (then TxnOffsetCommit, then EndTxn).
    pub sent: bool,
}

/// Where a transactional producer's application is (TransactionManager's states, simplified).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TxnPhase {
    /// No transaction open: a transactional producer does not send.
    #[default]
    Ready,
    InTransaction,
    /// commitTransaction(): flushing, then EndTxn(commit).
    Committing,
    /// abortTransaction(): unsent batches dropped, in-flight ones awaited, then EndTxn(abort).
    Aborting,
}

/// A transactional producer's current transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerTxn {
    pub phase: TxnPhase,
    /// Partitions in the transaction: true once AddPartitionsToTxn answered.
    pub partitions: BTreeMap<u32, bool>,
    /// Records sent in it.
    pub records: u32,
    pub add_in_flight: bool,
    pub end_sent: bool,
    pub started_ms: u64,
    /// Transactions completed (committed, aborted).
    pub committed: u64,
    pub aborted: u64,
}

/// `reconnect.backoff.ms` and `reconnect.backoff.max.ms` (the backoff doubles per failed attempt).
pub const RECONNECT_BACKOFF_MS: u64 = 50;
pub const RECONNECT_BACKOFF_MAX_MS: u64 = 1_000;

/// What the application thread does after a send().
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SendOutcome {
    /// Appended; the next record follows at its time.
    Continue,
    /// send() blocks on buffer memory, or get() waits: no next record until it returns.
    Waiting,
}

impl Producer {
    pub fn new(spec: ProducerSpec) -> Producer {
        let config = ProducerConfig::from_properties(&spec.config).expect("validated scenarios have valid producer configs");
        Producer {
            spec,
            sent: 0,
            config,
            partitioning: TopicPartitioner::default(),
            key_partitions: BTreeMap::new(),
            tick_epoch: 0,
            rate_base: 0,
            queues: BTreeMap::new(),
            in_flight: Vec::new(),
            buffer_used: 0,
            blocked: None,
            awaiting: None,
            next_batch_id: 0,
            next_request_id: 0,
            producer_id: None,
            producer_id_requested: false,
            next_sequence: BTreeMap::new(),
            reset_sequences: false,
            drain_index: BTreeMap::new(),
            wake_at_ms: None,
            acked: BTreeMap::new(),
            stats: ProducerStats::default(),
            app_waiting: false,
            reconnect: BTreeMap::new(),
            txn: ProducerTxn::default(),
            pending_fence: None,
            consumer: None,
            pending_outputs: Vec::new(),
            txn_offsets: None,
            stopped: false,
        }
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// When record number `n` is sent: start + ⌊(n − base)·1000 / rate⌋, so the rate is exact
    /// over time (start and base move to the moment of a reconfiguration).
    pub fn send_time_ms(&self, n: u64) -> Option<u64> {
        let rate = self.spec.records_per_sec as u64;
        (rate > 0).then(|| self.spec.start_ms + n.saturating_sub(self.rate_base) * 1000 / rate)
    }

    /// A new rate and key set from `now_ms` on. Returns when the next record goes out under the
    /// new settings (none at rate 0); ticks scheduled before are stale from now.
    pub fn reconfigure(&mut self, records_per_sec: u32, keys: Option<Vec<String>>, now_ms: u64) -> Option<u64> {
        self.tick_epoch += 1;
        self.spec.records_per_sec = records_per_sec;
        self.spec.keys = keys.filter(|k| !k.is_empty());
        // The next record leaves one interval from now (not at once: a rate change is no burst).
        self.rate_base = self.sent.saturating_sub(1);
        self.spec.start_ms = now_ms;
        self.send_time_ms(self.sent)
    }

    /// New producer properties: a Kafka producer's configuration is fixed, so the application
    /// replaces its producer with one configured so (partitioning starts afresh; the old
    /// instance's pending batches are flushed by its close(), modelled as continuing). Returns
    /// the `name=value` changes; on a bad value nothing changes.
    pub fn replace_config(&mut self, props: &BTreeMap<String, serde_json::Value>) -> Result<Vec<String>, String> {
        let idempotent = self.config.idempotence;
        self.config.apply(props)?;
        self.partitioning = TopicPartitioner::default();
        if idempotent != self.config.idempotence {
            self.reset_sequences = true;
        }
        Ok(crate::model::config::assignments(props))
    }

    /// The key of record number `n`: keys are cycled in order.
    pub fn key(&self, n: u64) -> Option<String> {
        self.spec.keys.as_ref().map(|keys| keys[(n % keys.len() as u64) as usize].clone())
    }

    /// Chooses the partition for the next record; returns the choice and, for a keyed record
    /// whose key last went elsewhere, that partition.
    pub fn choose_partition(&mut self, key: Option<&str>, partitions: u32, rng: &mut Rng) -> (Choice, Option<u32>) {
        let choice = self.partitioning.choose(&self.config, self.spec.partition, key, partitions, rng);
        // Only murmur2's choice promises a key one partition (and so an order); explicit,
        // round-robin and ignored keys never did.
        let moved = key.filter(|_| choice.reason == crate::model::partitioner::PartitionReason::Key).and_then(|k| {
            let previous = self.key_partitions.insert(k.to_string(), choice.partition);
            previous.filter(|p| *p != choice.partition)
        });
        (choice, moved)
    }
}

/// Adds [start, end) to sorted, disjoint ranges, merging neighbours.
pub(super) fn add_range(ranges: &mut Vec<(u64, u64)>, start: u64, end: u64) {
    let at = ranges.partition_point(|r| r.0 < start);
    ranges.insert(at, (start, end));
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *ranges = merged;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::format::SendMode;

    fn spec(rate: u32, keys: Option<Vec<&str>>) -> ProducerSpec {
        ProducerSpec {
            id: "p".into(),
            topic: "t".into(),
            records_per_sec: rate,
            keys: keys.map(|k| k.into_iter().map(String::from).collect()),
            start_ms: 100,
            partition: None,
            config: BTreeMap::new(),
            value_bytes: None,
            headers: BTreeMap::new(),
            send: SendMode::Async,
            transaction_records: None,
        }
    }

    #[test]
    fn exact_rate() {
        let p = Producer::new(spec(3, None));
        assert_eq!((0..4).map(|n| p.send_time_ms(n).unwrap()).collect::<Vec<_>>(), vec![100, 433, 766, 1100]);
        assert_eq!(Producer::new(spec(0, None)).send_time_ms(0), None);
    }

    #[test]
    fn keys_cycle_and_hash() {
        let mut rng = Rng::new(3);
        let mut p = Producer::new(spec(1, Some(vec!["key-0", "key-1", "key-2"])));
        let parts: Vec<u32> = (0..4)
            .map(|n| {
                let k = p.key(n);
                p.choose_partition(k.as_deref(), 6, &mut rng).0.partition
            })
            .collect();
        assert_eq!(parts, vec![1, 0, 2, 1]);
        // A key that lands elsewhere after the partition count changed is reported.
        let (c, moved) = p.choose_partition(Some("key-0"), 10, &mut rng);
        assert_eq!((c.partition, moved), (1, None), "key-0 hashes to 1 of 10 as well");
        let (c, moved) = p.choose_partition(Some("key-1"), 7, &mut rng);
        assert!(c.partition != 0 && moved == Some(0), "{c:?} {moved:?}");
    }

    #[test]
    fn reconfiguring_moves_the_schedule_and_keys() {
        let mut p = Producer::new(spec(10, None));
        p.sent = 5;
        // 2 records/s from 1000 ms: the next one at 1500, then every 500 ms.
        assert_eq!(p.reconfigure(2, Some(vec!["a".into()]), 1000), Some(1500));
        assert_eq!(p.send_time_ms(6), Some(2000));
        assert_eq!(p.key(5).as_deref(), Some("a"));
        assert_eq!(p.tick_epoch, 1);
        assert_eq!(p.reconfigure(0, Some(vec![]), 2000), None);
        assert_eq!(p.key(5), None);
    }

    #[test]
    fn ranges_merge_and_truncation_counts_losses() {
        let mut p = Producer::new(spec(1, None));
        for (s, e) in [(0, 3), (5, 8), (3, 5), (10, 12)] {
            add_range(p.acked.entry(0).or_default(), s, e);
        }
        assert_eq!(p.acked[&0], vec![(0, 8), (10, 12)]);
        assert_eq!(p.on_truncated(0, 6, 11), 3);
        assert_eq!(p.acked[&0], vec![(0, 6), (11, 12)]);
        assert_eq!(p.stats.acknowledged_lost, 3);
    }
}
