//! The producer's application thread and record accumulator (Kafka's `RecordAccumulator`):
//! send() at the configured rate, partitioning, appending to per-partition batches, blocking
//! when `buffer.memory` is used up.

use crate::model::cluster::state::Cluster;
use crate::model::effects::{Effect, Effects, ProducerTimer};
use crate::model::nouns::TopicPartition;
use crate::model::partitioner::{record_size_bytes, RECORD_BATCH_OVERHEAD};
use crate::model::producer::state::{BlockedSend, PendingRecord, Producer, ProducerBatch, SendOutcome, TxnPhase};
use crate::model::rng::Rng;
use crate::model::scenario::format::SendMode;
use crate::model::trace::{SendFailure, TraceEvent};

impl Producer {
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
    pub(super) fn send_record(&mut self, key: Option<String>, value: String, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) -> SendOutcome {
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
        let headers: Vec<(String, String)> = self.spec.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let record = PendingRecord {
            n,
            size: record_size_bytes(key.as_deref().map(str::as_bytes), value.len() as u64 + pad_bytes as u64, &headers),
            key,
            value,
            pad_bytes,
            headers,
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
    pub(super) fn append(&mut self, record: PendingRecord, partition: u32, sticky: bool, partitions: u32, rng: &mut Rng, fx: &mut Effects) -> bool {
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

    /// Records in the accumulator (not yet sent or back for a retry).
    pub fn queued_records(&self) -> usize {
        self.queues.values().flatten().map(|b| b.records.len()).sum()
    }
}
