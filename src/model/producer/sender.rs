//! The producer's sender thread (Kafka's `Sender`): draining ready batches into ProduceRequests,
//! their responses, retries with backoff, delivery timeouts, disconnects, and what the log
//! later says about acknowledged records.

use crate::model::cluster::state::Cluster;
use crate::model::effects::{Effect, Effects, ProducerTimer};
use crate::model::nouns::{Record, TopicPartition};
use crate::model::producer::state::{add_range, InFlightRequest, Producer, ProducerBatch, TxnPhase, RECONNECT_BACKOFF_MAX_MS, RECONNECT_BACKOFF_MS};
use crate::model::producer_config::Acks;
use crate::model::protocol::{KafkaError, Message, ProduceBatch, ProduceResult};
use crate::model::rng::Rng;
use crate::model::scenario::format::SendMode;
use crate::model::trace::{SendFailure, SentBatch, TraceEvent};
use std::collections::VecDeque;

impl Producer {
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
                bytes: b.estimated_bytes(&config),
                compression: b.compression(&config),
                records: b
                    .records
                    .iter()
                    .map(|r| {
                        let mut record = Record::new(r.key.clone(), r.value.clone(), r.send_ms, &self.spec.id);
                        record.pad_bytes = r.pad_bytes;
                        record.headers = r.headers.clone();
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
                    compression: b.compression(&config),
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

    pub(super) fn fail(&mut self, batch: ProducerBatch, reason: SendFailure, error: Option<KafkaError>, fx: &mut Effects) {
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
}
