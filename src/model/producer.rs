//! Producers (kafka-behaviour.md §6.1–§6.4): the application thread calls `send()` at a fixed rate
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

use crate::model::cluster::Cluster;
use crate::model::effects::{Effect, Effects, ProducerTimer};
use crate::model::nouns::{Record, TopicPartition};
use crate::model::partitioner::{record_size_bytes, Choice, ProducerConfig, TopicPartitioner, RECORD_BATCH_OVERHEAD};
use crate::model::producer_config::Acks;
use crate::model::protocol::{KafkaError, Message, ProduceBatch, ProduceResult};
use crate::model::rng::Rng;
use crate::model::scenario::{ProducerSpec, SendMode};
use crate::model::trace::{SendFailure, SentBatch, TraceEvent};
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

    pub fn is_transactional(&self) -> bool {
        self.config.transactional_id.is_some()
    }

    /// A transactional producer sends only inside a transaction (after initTransactions()).
    pub fn can_send(&self) -> bool {
        !self.is_transactional() || (self.producer_id.is_some() && self.txn.phase == TxnPhase::InTransaction)
    }

    /// The application's next send(): partition, append, and (sync) wait for the result.
    pub fn send_next(&mut self, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) -> SendOutcome {
        if !self.can_send() {
            if self.is_transactional() && self.producer_id.is_some() && self.txn.phase == TxnPhase::Ready && self.spec.transaction_records.is_some() {
                self.begin_txn(fx);
            } else {
                // initTransactions() not answered yet, or no transaction open: the application
                // waits (the simulator resumes it once it can send).
                self.run_sender(cluster, fx);
                return SendOutcome::Waiting;
            }
        }
        let n = self.sent;
        let key = self.key(n);
        let value = format!("{}-{n}", self.spec.id);
        self.send_record(key, value, cluster, rng, fx)
    }

    /// send() of one record (the application's, or a consume-transform-produce output).
    fn send_record(&mut self, key: Option<String>, value: String, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) -> SendOutcome {
        let n = self.sent;
        let pad_bytes = self.spec.value_bytes.map_or(0, |b| (b as usize).saturating_sub(value.len()) as u32);
        let partitions = cluster.partition_count(&self.spec.topic);
        let (choice, moved_from) = self.choose_partition(key.as_deref(), partitions, rng);
        let topic = self.spec.topic.clone();
        if let (Some(from), Some(k)) = (moved_from, &key) {
            fx.trace(TraceEvent::KeyMoved {
                producer: self.spec.id.clone(),
                key: k.clone(),
                from: TopicPartition::new(topic.clone(), from),
                to: TopicPartition::new(topic.clone(), choice.partition),
            });
        }
        let padded = vec![0u8; value.len() + pad_bytes as usize];
        let record = PendingRecord {
            n,
            size: record_size_bytes(key.as_deref().map(str::as_bytes), &padded),
            key,
            value,
            pad_bytes,
            send_ms: fx.now_ms,
        };
        self.sent += 1;
        self.stats.sent += 1;
        if choice.new_sticky == Some(0) {
            self.trace_sticky(0, choice.partition, None, fx);
        }
        let sticky = choice.reason == crate::model::partitioner::PartitionReason::Sticky;
        let partition = choice.partition;
        if !self.append(record, partition, sticky, partitions, rng, fx) {
            return SendOutcome::Waiting;
        }
        if self.is_transactional() {
            self.txn.partitions.entry(partition).or_insert(false);
            self.txn.records += 1;
            if self.spec.transaction_records.is_some_and(|n| self.txn.records >= n) {
                self.end_txn(true, cluster, fx);
                return SendOutcome::Waiting;
            }
        }
        self.run_sender(cluster, fx);
        if self.spec.send == SendMode::Sync {
            self.awaiting = Some(n);
            return SendOutcome::Waiting;
        }
        SendOutcome::Continue
    }

    /// beginTransaction().
    pub fn begin_txn(&mut self, fx: &mut Effects) {
        if !self.is_transactional() || self.txn.phase != TxnPhase::Ready {
            return;
        }
        self.txn.phase = TxnPhase::InTransaction;
        self.txn.records = 0;
        self.txn.started_ms = fx.now_ms;
        fx.trace(TraceEvent::TxnBegun {
            producer: self.spec.id.clone(),
            transactional_id: self.config.transactional_id.clone().unwrap_or_default(),
        });
    }

    /// Consume-transform-produce: one processed record's output, inside the application's
    /// transaction (begun on the first output).
    pub fn send_output(&mut self, key: Option<String>, value: String, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        if self.producer_id.is_none() {
            self.pending_outputs.push((key, value));
            self.run_sender(cluster, fx);
            return;
        }
        self.begin_txn(fx);
        if self.txn.phase == TxnPhase::InTransaction {
            self.send_record(key, value, cluster, rng, fx);
        }
    }

    /// sendOffsetsToTransaction(offsets, groupMetadata), then commitTransaction().
    pub fn commit_with_offsets(&mut self, offsets: TxnOffsets, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        self.txn_offsets = Some(offsets);
        if self.producer_id.is_some() {
            self.flush_outputs(cluster, rng, fx);
            self.begin_txn(fx);
            self.send_txn_offsets(fx);
        } else {
            self.run_sender(cluster, fx);
        }
    }

    fn flush_outputs(&mut self, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        for (key, value) in std::mem::take(&mut self.pending_outputs) {
            self.send_output(key, value, cluster, rng, fx);
        }
    }

    /// AddOffsetsToTxn: the group's `__consumer_offsets` partition joins the transaction.
    fn send_txn_offsets(&mut self, fx: &mut Effects) {
        let (Some(tid), Some((pid, epoch))) = (self.config.transactional_id.clone(), self.producer_id) else {
            return;
        };
        let Some(t) = self.txn_offsets.as_mut().filter(|t| !t.sent) else { return };
        t.sent = true;
        fx.send(Message::AddOffsetsToTxn {
            producer: self.spec.id.clone(),
            transactional_id: tid,
            producer_id: pid,
            epoch,
            group_id: t.group_id.clone(),
        });
    }

    /// AddOffsetsToTxn answered: TxnOffsetCommit to the group coordinator.
    pub fn on_offsets_added(&mut self, error: Option<KafkaError>, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        if let Some(e) = error {
            return self.on_fenced(e, cluster, fx);
        }
        let (Some(t), Some((pid, _))) = (self.txn_offsets.as_ref(), self.producer_id) else {
            return;
        };
        fx.send(Message::TxnOffsetCommit {
            group_id: t.group_id.clone(),
            producer: self.spec.id.clone(),
            consumer: t.consumer.clone(),
            producer_id: pid,
            member_id: t.member_id.clone(),
            generation: t.generation,
            offsets: t.offsets.clone(),
        });
    }

    /// TxnOffsetCommit answered: commitTransaction() (or abort, if the group refused them).
    pub fn on_txn_offsets_committed(&mut self, error: Option<KafkaError>, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        self.end_txn(error.is_none(), cluster, fx);
    }

    /// commitTransaction() or abortTransaction(): the application blocks until EndTxn answers.
    pub fn end_txn(&mut self, commit: bool, cluster: &Cluster, fx: &mut Effects) {
        if self.txn.phase != TxnPhase::InTransaction {
            return;
        }
        self.txn.phase = if commit { TxnPhase::Committing } else { TxnPhase::Aborting };
        fx.trace(TraceEvent::TxnEnding {
            producer: self.spec.id.clone(),
            commit,
        });
        if !commit {
            let queued: Vec<ProducerBatch> = self.queues.values_mut().flat_map(|q| q.drain(..)).collect();
            for batch in queued {
                self.fail(batch, SendFailure::TransactionAborted, None, fx);
            }
        }
        self.run_sender(cluster, fx);
    }

    /// AddPartitionsToTxn answered.
    pub fn on_partitions_added(&mut self, partitions: &[TopicPartition], error: Option<KafkaError>, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        self.txn.add_in_flight = false;
        if let Some(e) = error {
            return self.on_fenced(e, cluster, fx);
        }
        for tp in partitions {
            self.txn.partitions.insert(tp.partition, true);
        }
        fx.trace(TraceEvent::TxnPartitionsAdded {
            producer: self.spec.id.clone(),
            partitions: partitions.to_vec(),
        });
        self.run_sender(cluster, fx);
    }

    /// EndTxn answered: the transaction is over; with `transaction_records` the next begins.
    pub fn on_txn_ended(&mut self, commit: bool, error: Option<KafkaError>, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        if let Some(e) = error {
            return self.on_fenced(e, cluster, fx);
        }
        if commit {
            self.txn.committed += 1;
        } else {
            self.txn.aborted += 1;
        }
        self.txn = ProducerTxn {
            committed: self.txn.committed,
            aborted: self.txn.aborted,
            ..ProducerTxn::default()
        };
        fx.trace(TraceEvent::TxnCompleted {
            producer: self.spec.id.clone(),
            commit,
            error: None,
        });
        self.notify_consumer(commit, fx);
        if self.spec.transaction_records.is_some() {
            self.begin_txn(fx);
        }
    }

    /// Consume-transform-produce: commitTransaction() returns to the consumer's application.
    fn notify_consumer(&mut self, committed: bool, fx: &mut Effects) {
        if self.txn_offsets.take().is_none() {
            return;
        }
        if let Some((consumer, incarnation)) = self.consumer.clone() {
            fx.send(Message::TxnCommitted {
                consumer,
                incarnation,
                committed,
            });
        }
    }

    /// A stale epoch: the coordinator aborted the transaction (timeout) or another instance took
    /// the transactional id. What is unsent is dropped; a new epoch comes from InitProducerId.
    fn on_fenced(&mut self, error: KafkaError, cluster: &Cluster, fx: &mut Effects) {
        if self.producer_id.is_none() {
            return;
        }
        fx.trace(TraceEvent::TxnFenced {
            producer: self.spec.id.clone(),
            error,
        });
        let queued: Vec<ProducerBatch> = self.queues.values_mut().flat_map(|q| q.drain(..)).collect();
        for batch in queued {
            self.fail(batch, SendFailure::TransactionAborted, Some(error), fx);
        }
        if self.txn.phase != TxnPhase::Ready {
            self.txn.aborted += 1;
        }
        self.txn = ProducerTxn {
            committed: self.txn.committed,
            aborted: self.txn.aborted,
            ..ProducerTxn::default()
        };
        self.producer_id = None;
        self.producer_id_requested = false;
        self.next_sequence.clear();
        self.notify_consumer(false, fx);
        self.run_sender(cluster, fx);
    }

    fn trace_sticky(&self, after_bytes: u64, partition: u32, previous: Option<u32>, fx: &mut Effects) {
        fx.trace(TraceEvent::StickyPartitionChosen {
            producer: self.spec.id.clone(),
            tp: TopicPartition::new(self.spec.topic.clone(), partition),
            after_bytes,
            batch_size: self.config.batch_size,
            previous,
            keys_ignored: self.config.ignore_keys && self.spec.keys.is_some(),
        });
    }

    /// `RecordAccumulator.append`: into the partition's last open batch if it has room, else a
    /// new batch from `buffer.memory`. False: no memory, send() blocks.
    fn append(&mut self, record: PendingRecord, partition: u32, sticky: bool, partitions: u32, rng: &mut Rng, fx: &mut Effects) -> bool {
        let config = self.config.clone();
        let queue = self.queues.entry(partition).or_default();
        let ratio = config.compression.ratio_permille();
        let appended = match queue.back_mut().filter(|b| !b.closed && b.attempts == 0) {
            Some(last) if RECORD_BATCH_OVERHEAD + ((last.record_bytes + record.size) * ratio).div_ceil(1000) <= last.buffer_bytes => {
                let before = last.estimated_bytes(&config);
                last.record_bytes += record.size;
                last.records.push(record);
                Ok(last.estimated_bytes(&config) - before)
            }
            _ => Err(record),
        };
        let appended = match appended {
            Ok(bytes) => bytes,
            Err(record) => {
                let first = RECORD_BATCH_OVERHEAD + (record.size * ratio).div_ceil(1000);
                let buffer = config.batch_size.max(first);
                if self.buffer_used + buffer > config.buffer_memory {
                    if self.blocked.is_none() {
                        fx.trace(TraceEvent::SendBlocked {
                            producer: self.spec.id.clone(),
                            buffer_used: self.buffer_used,
                            buffer_memory: config.buffer_memory,
                        });
                        fx.list.push(Effect::ProducerTimer {
                            at_ms: fx.now_ms + config.max_block_ms,
                            producer: self.spec.id.clone(),
                            timer: ProducerTimer::BlockTimeout { record: record.n },
                        });
                    }
                    let since_ms = self.blocked.as_ref().map_or(fx.now_ms, |b| b.since_ms);
                    self.blocked = Some(BlockedSend { record, partition, since_ms });
                    return false;
                }
                self.buffer_used += buffer;
                let queue = self.queues.entry(partition).or_default();
                if let Some(last) = queue.back_mut() {
                    last.closed = true;
                }
                let id = self.next_batch_id;
                self.next_batch_id += 1;
                queue.push_back(ProducerBatch {
                    id,
                    partition,
                    record_bytes: record.size,
                    records: vec![record],
                    buffer_bytes: buffer,
                    created_ms: fx.now_ms,
                    attempts: 0,
                    retry_at_ms: 0,
                    base_sequence: None,
                    closed: false,
                    written_at: None,
                });
                first
            }
        };
        if sticky {
            let queue = &self.queues[&partition];
            let last_full = queue.back().is_none_or(|b| b.is_full(&config));
            let lengths: Option<Vec<u32>> = (self.queues.len() as u32 == partitions).then(|| self.queues.values().map(|q| q.len() as u32).collect());
            if let Some(after) = self
                .partitioning
                .record_appended(&config, appended, last_full, lengths.as_deref(), partitions, rng)
            {
                let next = self.partitioning.sticky.expect("a switch chooses a partition");
                self.trace_sticky(after, next, Some(partition), fx);
            }
        }
        true
    }

    /// The process dies with its consumer: whatever it had not sent is gone, and an open
    /// transaction stays open at the coordinator until a new instance (or the timeout) aborts it.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.queues.clear();
        self.in_flight.clear();
        self.pending_outputs.clear();
        self.txn_offsets = None;
        self.blocked = None;
        self.buffer_used = 0;
    }

    /// The sender thread's pass: expire, find ready brokers, drain, send.
    pub fn run_sender(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        let now = fx.now_ms;
        let config = self.config.clone();
        if self.reset_sequences && self.in_flight.is_empty() {
            self.reset_sequences = false;
            self.producer_id = None;
            self.producer_id_requested = false;
            self.next_sequence.clear();
            for q in self.queues.values_mut() {
                for b in q.iter_mut() {
                    b.base_sequence = None;
                }
            }
        }
        if config.idempotence && self.producer_id.is_none() {
            if !self.producer_id_requested {
                self.producer_id_requested = true;
                let broker = match &config.transactional_id {
                    Some(tid) => cluster.txn_coordinator_broker(tid),
                    None => (0..cluster.brokers).find(|b| !cluster.fenced.contains(b)).unwrap_or(0),
                };
                fx.send(Message::InitProducerId {
                    broker,
                    producer: self.spec.id.clone(),
                    transactional_id: config.transactional_id.clone(),
                    transaction_timeout_ms: config.transaction_timeout_ms,
                });
            }
            return;
        }
        self.expire_batches(now, fx);
        let topic = self.spec.topic.clone();
        let flushing = matches!(self.txn.phase, TxnPhase::Committing | TxnPhase::Aborting);
        if let (Some(tid), Some((pid, epoch))) = (&config.transactional_id, self.producer_id) {
            let new: Vec<TopicPartition> = self
                .txn
                .partitions
                .iter()
                .filter(|(_, added)| !**added)
                .map(|(p, _)| TopicPartition::new(topic.clone(), *p))
                .collect();
            if !new.is_empty() && !self.txn.add_in_flight {
                self.txn.add_in_flight = true;
                fx.send(Message::AddPartitionsToTxn {
                    broker: cluster.txn_coordinator_broker(tid),
                    producer: self.spec.id.clone(),
                    transactional_id: tid.clone(),
                    producer_id: pid,
                    epoch,
                    partitions: new,
                });
            }
        }
        let mut ready: Vec<u32> = Vec::new();
        let mut next_wake: Option<u64> = None;
        let mut wake = |t: u64| next_wake = Some(next_wake.map_or(t, |w: u64| w.min(t)));
        for (p, queue) in &self.queues {
            let Some(head) = queue.front() else { continue };
            wake(head.created_ms + config.delivery_timeout_ms);
            let Some(leader) = cluster.leader_of(&TopicPartition::new(topic.clone(), *p)) else {
                // Unknown leader: metadata is refreshed after retry.backoff.ms.
                wake(now + config.retry_backoff_ms.max(1));
                continue;
            };
            if head.retry_at_ms > now {
                wake(head.retry_at_ms);
                continue;
            }
            if let Some(&(until, backoff)) = self.reconnect.get(&leader) {
                if until > now {
                    wake(until);
                    continue;
                }
                // A connection attempt: refused while the broker is down (the batches just
                // wait; no request, no error), else the connection is up again.
                if !cluster.is_up(leader) {
                    let backoff = (backoff * 2).min(RECONNECT_BACKOFF_MAX_MS);
                    self.reconnect.insert(leader, (now + backoff, backoff));
                    wake(now + backoff);
                    continue;
                }
                self.reconnect.remove(&leader);
            }
            if self.is_transactional() && self.txn.partitions.get(p) != Some(&true) {
                // Not in the transaction yet: waits for AddPartitionsToTxn.
                continue;
            }
            let lingered = now >= head.created_ms + config.linger_ms;
            if queue.len() > 1 || head.is_full(&config) || lingered || self.blocked.is_some() || flushing {
                if !ready.contains(&leader) {
                    ready.push(leader);
                }
            } else {
                wake(head.created_ms + config.linger_ms);
            }
        }
        crate::model::sort::sort(&mut ready);
        for broker in ready {
            if self.in_flight.iter().filter(|r| r.broker == broker).count() as u32 >= config.max_in_flight {
                continue;
            }
            self.drain_and_send(broker, cluster, fx);
        }
        // A batch that could not be drained yet (backing off, muted) gets a wake of its own.
        for queue in self.queues.values() {
            if let Some(head) = queue.front() {
                if head.retry_at_ms > now {
                    wake(head.retry_at_ms);
                }
            }
        }
        if let Some(at) = next_wake {
            self.schedule_wake(at.max(now + 1), fx);
        }
        // Everything of the transaction is acknowledged: EndTxn.
        if flushing && !self.txn.end_sent && !self.txn.add_in_flight && self.in_flight.is_empty() && self.queues.values().all(VecDeque::is_empty) {
            if let (Some(tid), Some((pid, epoch))) = (&config.transactional_id, self.producer_id) {
                self.txn.end_sent = true;
                fx.send(Message::EndTxn {
                    broker: cluster.txn_coordinator_broker(tid),
                    producer: self.spec.id.clone(),
                    transactional_id: tid.clone(),
                    producer_id: pid,
                    epoch,
                    commit: self.txn.phase == TxnPhase::Committing,
                });
            }
        }
    }

    fn schedule_wake(&mut self, at_ms: u64, fx: &mut Effects) {
        if self.wake_at_ms.is_some_and(|w| w > fx.now_ms && w <= at_ms) {
            return;
        }
        self.wake_at_ms = Some(at_ms);
        fx.list.push(Effect::ProducerTimer {
            at_ms,
            producer: self.spec.id.clone(),
            timer: ProducerTimer::SenderWake,
        });
    }

    /// A SenderWake timer fired.
    pub fn on_wake(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.wake_at_ms == Some(fx.now_ms) {
            self.wake_at_ms = None;
        }
        self.run_sender(cluster, fx);
    }

    /// `RecordAccumulator.drain` for one broker: the head batch of each of its partitions,
    /// rotating the start, up to `max.request.size`; then one ProduceRequest.
    fn drain_and_send(&mut self, broker: u32, cluster: &Cluster, fx: &mut Effects) {
        let now = fx.now_ms;
        let config = self.config.clone();
        let topic = self.spec.topic.clone();
        let partitions: Vec<u32> = self
            .queues
            .iter()
            .filter(|(p, q)| !q.is_empty() && cluster.leader_of(&TopicPartition::new(topic.clone(), **p)) == Some(broker))
            .filter(|(p, _)| !self.is_transactional() || self.txn.partitions.get(p) == Some(&true))
            .map(|(p, _)| *p)
            .collect();
        if partitions.is_empty() {
            return;
        }
        let start = self.drain_index.get(&broker).copied().unwrap_or(0) % partitions.len();
        let mut taken: Vec<ProducerBatch> = Vec::new();
        let mut size = 0;
        for i in 0..partitions.len() {
            let p = partitions[(start + i) % partitions.len()];
            let in_flight_here: Vec<&ProducerBatch> = self.in_flight.iter().flat_map(|r| r.batches.iter()).filter(|b| b.partition == p).collect();
            let head = self.queues[&p].front().expect("listed queues are not empty");
            if head.retry_at_ms > now {
                continue;
            }
            // One in flight: partitions with a batch out are muted (strict order).
            if config.guarantees_order() && !in_flight_here.is_empty() {
                continue;
            }
            // Idempotence: a retried batch goes only once the earlier sequences are settled.
            if let Some(seq) = head.base_sequence {
                if in_flight_here.iter().any(|b| b.base_sequence.is_some_and(|s| s < seq)) {
                    continue;
                }
            }
            let bytes = head.estimated_bytes(&config);
            if !taken.is_empty() && size + bytes > config.max_request_size {
                break;
            }
            let mut batch = self.queues.get_mut(&p).expect("listed").pop_front().expect("not empty");
            batch.closed = true;
            if config.idempotence && batch.base_sequence.is_none() {
                let next = self.next_sequence.entry(p).or_insert(0);
                batch.base_sequence = Some(*next);
                *next = next.wrapping_add(batch.records.len() as i32);
            }
            batch.attempts += 1;
            size += bytes;
            taken.push(batch);
            self.drain_index.insert(broker, (start + i + 1) % partitions.len());
        }
        if taken.is_empty() {
            return;
        }
        let request_id = self.next_request_id;
        self.next_request_id += 1;
        self.stats.requests += 1;
        let producer_id = self.producer_id.filter(|_| config.idempotence);
        let wire: Vec<ProduceBatch> = taken
            .iter()
            .map(|b| ProduceBatch {
                tp: TopicPartition::new(topic.clone(), b.partition),
                batch_id: b.id,
                records: b
                    .records
                    .iter()
                    .map(|r| {
                        let mut record = Record::new(r.key.clone(), r.value.clone(), r.send_ms, &self.spec.id);
                        record.pad_bytes = r.pad_bytes;
                        record
                    })
                    .collect(),
                producer_id: producer_id.map(|(id, _)| id),
                producer_epoch: producer_id.map_or(0, |(_, e)| e),
                base_sequence: b.base_sequence.unwrap_or(-1),
                transactional: self.is_transactional(),
            })
            .collect();
        fx.trace(TraceEvent::ProduceSent {
            producer: self.spec.id.clone(),
            broker,
            request_id,
            batches: taken
                .iter()
                .map(|b| SentBatch {
                    tp: TopicPartition::new(topic.clone(), b.partition),
                    batch_id: b.id,
                    records: b.records.len() as u32,
                    bytes: b.estimated_bytes(&config),
                    base_sequence: b.base_sequence,
                    attempt: b.attempts,
                })
                .collect(),
        });
        fx.send(Message::ProduceRequest {
            broker,
            producer: self.spec.id.clone(),
            request_id,
            acks: config.acks,
            timeout_ms: config.request_timeout_ms,
            batches: wire,
        });
        if config.acks == Acks::Zero {
            // Fire and forget: the callbacks run now, with no offset.
            for batch in taken {
                self.complete(batch, None, cluster, fx);
            }
            return;
        }
        fx.list.push(Effect::ProducerTimer {
            at_ms: now + config.request_timeout_ms,
            producer: self.spec.id.clone(),
            timer: ProducerTimer::RequestTimeout { request_id },
        });
        self.in_flight.push(InFlightRequest {
            request_id,
            broker,
            batches: taken,
            sent_ms: now,
        });
    }

    /// Queued batches older than `delivery.timeout.ms` fail (TimeoutException).
    fn expire_batches(&mut self, now: u64, fx: &mut Effects) {
        let deadline = self.config.delivery_timeout_ms;
        let mut expired = Vec::new();
        for queue in self.queues.values_mut() {
            while queue.front().is_some_and(|b| now >= b.created_ms + deadline) {
                expired.push(queue.pop_front().expect("checked"));
            }
        }
        for batch in expired {
            self.fail(batch, SendFailure::DeliveryTimeout, None, fx);
        }
    }

    /// The InitProducerId answer.
    pub fn on_producer_id(&mut self, producer_id: u64, epoch: u16, cluster: &Cluster, fx: &mut Effects) {
        if self.stopped {
            return;
        }
        self.producer_id = Some((producer_id, epoch));
        fx.trace(TraceEvent::ProducerIdAssigned {
            producer: self.spec.id.clone(),
            producer_id,
            epoch,
            transactional_id: self.config.transactional_id.clone(),
        });
        if self.spec.transaction_records.is_some() {
            self.begin_txn(fx);
        }
        self.run_sender(cluster, fx);
    }

    /// Consume-transform-produce work waiting for the producer id goes on.
    pub fn resume_outputs(&mut self, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        if self.producer_id.is_none() {
            return;
        }
        self.flush_outputs(cluster, rng, fx);
        if self.txn_offsets.as_ref().is_some_and(|t| !t.sent) {
            self.begin_txn(fx);
            self.send_txn_offsets(fx);
        }
    }

    /// A ProduceResponse.
    pub fn on_produce_response(&mut self, request_id: u64, results: &[ProduceResult], cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        let Some(i) = self.in_flight.iter().position(|r| r.request_id == request_id) else {
            return;
        };
        let request = self.in_flight.remove(i);
        let mut retry = Vec::new();
        for batch in request.batches {
            let result = results
                .iter()
                .find(|r| r.batch_id == batch.id)
                .map_or(Err(KafkaError::NetworkException), |r| r.result);
            match result {
                Ok(base) => self.complete(batch, Some(base), cluster, fx),
                Err(error) => retry.push((batch, error)),
            }
        }
        for (batch, error) in retry {
            self.retry_or_fail(batch, error, rng, fx);
        }
        self.after_completion(cluster, rng, fx);
    }

    /// Every request in flight to `broker` fails at once (its connection dropped, or one of them
    /// timed out and the client closed the connection).
    pub fn on_disconnect(&mut self, broker: u32, timed_out: Option<u64>, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        let (dropped, kept): (Vec<InFlightRequest>, Vec<InFlightRequest>) = std::mem::take(&mut self.in_flight).into_iter().partition(|r| r.broker == broker);
        self.in_flight = kept;
        // The connection is gone (also for acks=0, which has nothing in flight): reconnecting
        // waits for the backoff, and batches wait in the accumulator meanwhile.
        if timed_out.is_none() {
            let backoff = self.reconnect.get(&broker).map_or(RECONNECT_BACKOFF_MS, |(_, b)| *b);
            self.reconnect.insert(broker, (fx.now_ms + backoff, backoff));
        }
        if dropped.is_empty() {
            self.run_sender(cluster, fx);
            return;
        }
        // Newest first, as NetworkClient hands back a node's in-flight requests: each retried
        // batch goes to the front of its queue, so the oldest ends up first again.
        for request in dropped.into_iter().rev() {
            let error = if Some(request.request_id) == timed_out {
                KafkaError::RequestTimedOut
            } else {
                KafkaError::NetworkException
            };
            for batch in request.batches {
                self.retry_or_fail(batch, error, rng, fx);
            }
        }
        self.after_completion(cluster, rng, fx);
    }

    fn retry_or_fail(&mut self, mut batch: ProducerBatch, error: KafkaError, rng: &mut Rng, fx: &mut Effects) {
        let now = fx.now_ms;
        let tp = TopicPartition::new(self.spec.topic.clone(), batch.partition);
        // OUT_OF_ORDER_SEQUENCE_NUMBER behind an earlier batch being retried is retried in order.
        let earlier_pending = error == KafkaError::OutOfOrderSequenceNumber
            && batch.base_sequence.is_some_and(|seq| {
                self.queues
                    .values()
                    .flatten()
                    .chain(self.in_flight.iter().flat_map(|r| r.batches.iter()))
                    .any(|b| b.partition == batch.partition && b.base_sequence.is_some_and(|s| s < seq))
            });
        let retriable = error.is_retriable() || earlier_pending;
        if !retriable {
            return self.fail(batch, SendFailure::Error, Some(error), fx);
        }
        if batch.attempts > self.config.retries {
            return self.fail(batch, SendFailure::RetriesExhausted, Some(error), fx);
        }
        if now >= batch.created_ms + self.config.delivery_timeout_ms {
            return self.fail(batch, SendFailure::DeliveryTimeout, Some(error), fx);
        }
        // ExponentialBackoff with ±20 % jitter.
        let base = self.config.backoff_ms(batch.attempts);
        let backoff_ms = base * (800 + rng.below(401)) / 1000;
        batch.retry_at_ms = now + backoff_ms;
        self.stats.retries += 1;
        fx.trace(TraceEvent::BatchRetrying {
            producer: self.spec.id.clone(),
            tp,
            batch_id: batch.id,
            error,
            attempt: batch.attempts,
            backoff_ms,
        });
        let queue = self.queues.entry(batch.partition).or_default();
        // Back at the front; idempotent batches in sequence order among the retries.
        let at = match batch.base_sequence {
            Some(seq) if self.config.idempotence => queue.iter().position(|b| b.base_sequence.is_none_or(|s| s > seq)).unwrap_or(queue.len()),
            _ => 0,
        };
        queue.insert(at, batch);
    }

    /// The callbacks of an acknowledged batch.
    fn complete(&mut self, batch: ProducerBatch, base_offset: Option<u64>, cluster: &Cluster, fx: &mut Effects) {
        let count = batch.records.len() as u64;
        let tp = TopicPartition::new(self.spec.topic.clone(), batch.partition);
        self.stats.acknowledged += count;
        self.buffer_used = self.buffer_used.saturating_sub(batch.buffer_bytes);
        if let Some(base) = base_offset {
            // Already cut from the log by a leader change before the acknowledgement arrived?
            let intact = cluster.log(&tp).and_then(|l| l.record(base)).is_some_and(|r| r.value == batch.records[0].value);
            if intact {
                add_range(self.acked.entry(batch.partition).or_default(), base, base + count);
            } else {
                self.stats.acknowledged_lost += count;
            }
        }
        if self.awaiting.is_some_and(|n| batch.records.iter().any(|r| r.n == n)) {
            self.awaiting = None;
        }
        fx.trace(TraceEvent::BatchAcked {
            producer: self.spec.id.clone(),
            tp,
            batch_id: batch.id,
            base_offset,
            records: count as u32,
            attempt: batch.attempts,
            latency_ms: fx.now_ms.saturating_sub(batch.records[0].send_ms),
        });
    }

    fn fail(&mut self, batch: ProducerBatch, reason: SendFailure, error: Option<KafkaError>, fx: &mut Effects) {
        let fenced = matches!(error, Some(KafkaError::ProducerFenced | KafkaError::InvalidProducerEpoch)) && self.is_transactional();
        if fenced && self.producer_id.is_some() {
            self.pending_fence = error;
        }
        let count = batch.records.len() as u64;
        self.stats.failed += count;
        self.buffer_used = self.buffer_used.saturating_sub(batch.buffer_bytes);
        if self.awaiting.is_some_and(|n| batch.records.iter().any(|r| r.n == n)) {
            self.awaiting = None;
        }
        if self.config.idempotence && batch.base_sequence.is_some() {
            // The sequence has a gap now: start again under a new producer id.
            self.reset_sequences = true;
        }
        fx.trace(TraceEvent::BatchFailed {
            producer: self.spec.id.clone(),
            tp: Some(TopicPartition::new(self.spec.topic.clone(), batch.partition)),
            records: count as u32,
            reason,
            error,
        });
    }

    /// After callbacks ran: a blocked send() may get its memory now (and, sync, wait for it).
    fn after_completion(&mut self, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        if let Some(error) = self.pending_fence.take() {
            self.on_fenced(error, cluster, fx);
        }
        if let Some(blocked) = self.blocked.take() {
            let since = blocked.since_ms;
            let n = blocked.record.n;
            let partitions = cluster.partition_count(&self.spec.topic);
            let sticky = self.partitioning.sticky == Some(blocked.partition) && self.spec.partition.is_none();
            if self.append(blocked.record, blocked.partition, sticky, partitions, rng, fx) {
                fx.trace(TraceEvent::SendUnblocked {
                    producer: self.spec.id.clone(),
                    blocked_ms: fx.now_ms - since,
                });
                if self.spec.send == SendMode::Sync {
                    self.awaiting = Some(n);
                }
            }
        }
        self.run_sender(cluster, fx);
    }

    /// The application thread was waiting and is free again: it takes up its send loop.
    pub fn take_resumed(&mut self) -> bool {
        if self.app_waiting && self.blocked.is_none() && self.awaiting.is_none() && self.can_send() {
            self.app_waiting = false;
            return true;
        }
        false
    }

    /// `max.block.ms` passed while send() was blocked: it throws, the record is not sent.
    pub fn on_block_timeout(&mut self, record: u64, fx: &mut Effects) {
        if self.blocked.as_ref().is_none_or(|b| b.record.n != record) {
            return;
        }
        self.blocked = None;
        self.stats.failed += 1;
        fx.trace(TraceEvent::BatchFailed {
            producer: self.spec.id.clone(),
            tp: None,
            records: 1,
            reason: SendFailure::MaxBlockTimeout,
            error: None,
        });
    }

    /// A leader change cut [from, to) from a partition: acknowledged records there are lost.
    pub fn on_truncated(&mut self, partition: u32, from: u64, to: u64) -> u64 {
        let Some(ranges) = self.acked.get_mut(&partition) else { return 0 };
        let mut lost = 0;
        let mut kept = Vec::new();
        for &(s, e) in ranges.iter() {
            let (cs, ce) = (s.max(from), e.min(to));
            if cs < ce {
                lost += ce - cs;
                if s < cs {
                    kept.push((s, cs));
                }
                if ce < e {
                    kept.push((ce, e));
                }
            } else {
                kept.push((s, e));
            }
        }
        *ranges = kept;
        self.stats.acknowledged_lost += lost;
        lost
    }

    /// A batch of this producer was written at `base_offset`: a second write of the same batch
    /// (its first still in the log) adds duplicates.
    pub fn on_batch_written(&mut self, batch_id: u64, base_offset: u64, cluster: &Cluster) {
        let topic = self.spec.topic.clone();
        let batch = self
            .in_flight
            .iter_mut()
            .flat_map(|r| r.batches.iter_mut())
            .chain(self.queues.values_mut().flat_map(|q| q.iter_mut()))
            .find(|b| b.id == batch_id);
        let Some(batch) = batch else { return };
        // (A first copy cut by a truncation does not count, nor the same offset written again.)
        if let Some(previous) = batch.written_at.filter(|p| *p != base_offset) {
            let tp = TopicPartition::new(topic, batch.partition);
            let still_there = cluster
                .log(&tp)
                .and_then(|l| l.record(previous))
                .is_some_and(|r| r.value == batch.records[0].value);
            if still_there {
                self.stats.duplicates_written += batch.records.len() as u64;
            }
        }
        batch.written_at = Some(base_offset);
    }

    /// Records in the accumulator (not yet sent or back for a retry).
    pub fn queued_records(&self) -> usize {
        self.queues.values().flatten().map(|b| b.records.len()).sum()
    }
}

/// Adds [start, end) to sorted, disjoint ranges, merging neighbours.
fn add_range(ranges: &mut Vec<(u64, u64)>, start: u64, end: u64) {
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
