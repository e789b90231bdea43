//! The brokers' side of producing and replication (kafka-behaviour.md §6.3, §6.4): a leader appends
//! batches (checking `min.insync.replicas` for acks=all and idempotent sequence numbers against
//! the last 5 batches of each producer), followers fetch, the ISR and the high watermark follow
//! them, acks=all requests wait in `DelayedProduce` until the high watermark passes them. The
//! controller fences a broker that stopped heartbeating and elects leaders from the ISR (or,
//! with `unclean.leader.election.enable`, from any live replica, truncating the log).
//!
//! Like the rest of the engine these are transitions: they change the cluster and record
//! messages, timers and trace entries in `Effects`.

use crate::model::cluster::replication::{followers_fetch, hw_advanced};
use crate::model::cluster::state::{Cluster, ParkedFetch, PendingProduce, QueuedProduce, StoredBatch, PRODUCER_BATCHES_RETAINED};
use crate::model::effects::{ClusterTimer, Effect, Effects};
use crate::model::nouns::{RecordSequence, TopicPartition};
use crate::model::producer_config::Acks;
use crate::model::protocol::{KafkaError, Message, ProduceBatch, ProduceResult};
use crate::model::trace::TraceEvent;
use std::collections::VecDeque;

impl Cluster {
    /// A ProduceRequest arrives at `broker` (which is up).
    #[allow(clippy::too_many_arguments)]
    pub fn handle_produce(
        &mut self,
        broker: u32,
        producer: &str,
        request_id: u64,
        acks: Acks,
        timeout_ms: u64,
        batches: Vec<ProduceBatch>,
        rtt_ms: u64,
        fx: &mut Effects,
    ) {
        debug_assert!(self.is_up(broker));
        // A broker handles one request of a connection at a time, in order: while an acks=all
        // request of this producer waits here, later ones wait behind it (so their responses
        // can never overtake it).
        let connection = (producer.to_string(), broker);
        if self.pending_produces.iter().any(|p| p.broker == broker && p.producer == producer)
            || self.connection_queues.get(&connection).is_some_and(|q| !q.is_empty())
        {
            self.connection_queues.entry(connection).or_default().push_back(QueuedProduce {
                request_id,
                acks,
                timeout_ms,
                batches,
            });
            return;
        }
        self.handle_produce_now(
            broker,
            producer,
            QueuedProduce {
                request_id,
                acks,
                timeout_ms,
                batches,
            },
            rtt_ms,
            fx,
        );
    }

    fn handle_produce_now(&mut self, broker: u32, producer: &str, request: QueuedProduce, rtt_ms: u64, fx: &mut Effects) {
        let QueuedProduce {
            request_id,
            acks,
            timeout_ms,
            batches,
        } = request;
        let mut results = Vec::new();
        let mut required = Vec::new();
        let counts: Vec<u64> = batches.iter().map(|b| b.records.len() as u64).collect();
        for batch in batches {
            let (result, duplicate, wait) = self.append_batch(broker, producer, acks, batch.clone(), rtt_ms, fx);
            results.push(ProduceResult {
                tp: batch.tp,
                batch_id: batch.batch_id,
                result,
                duplicate,
            });
            required.push(wait);
        }
        if acks == Acks::Zero {
            // Nobody hears about a refused fire-and-forget batch; the simulator counts it.
            let refused = results.iter().zip(&counts).filter_map(|(r, n)| r.result.err().map(|e| (e, *n)));
            let error = refused.clone().map(|(e, _)| e).next();
            let lost: u64 = refused.map(|(_, n)| n).sum();
            if lost > 0 {
                fx.list.push(Effect::FireAndForgetLost {
                    producer: producer.to_string(),
                    broker,
                    records: lost,
                    error,
                });
            }
            return;
        }
        let pending = PendingProduce {
            broker,
            producer: producer.to_string(),
            request_id,
            results,
            required,
        };
        if pending.required.iter().any(Option::is_some) {
            fx.list.push(Effect::ClusterTimer {
                at_ms: fx.now_ms + timeout_ms,
                timer: ClusterTimer::ProduceTimeout {
                    broker,
                    producer: producer.to_string(),
                    request_id,
                },
            });
            self.pending_produces.push(pending);
            self.settle_pending(fx);
        } else {
            respond(pending, fx);
            self.next_on_connection(producer, broker, fx);
        }
    }

    /// One batch at the leader: (result, duplicate, the high watermark acks=all waits for).
    fn append_batch(
        &mut self,
        broker: u32,
        producer: &str,
        acks: Acks,
        batch: ProduceBatch,
        rtt_ms: u64,
        fx: &mut Effects,
    ) -> (Result<u64, KafkaError>, bool, Option<u64>) {
        let tp = batch.tp.clone();
        let min_isr = self.topics.get(&*tp.topic).map_or(1, |t| t.min_insync_replicas);
        let down = self.down.clone();
        let Some(log) = self.log_mut(&tp) else {
            return (Err(KafkaError::NotLeaderOrFollower), false, None);
        };
        if log.leader != Some(broker) {
            return (Err(KafkaError::NotLeaderOrFollower), false, None);
        }
        let reject = |error: KafkaError, isr: &[u32], fx: &mut Effects| {
            fx.trace(TraceEvent::ProduceRejected {
                broker,
                producer: producer.to_string(),
                tp: tp.clone(),
                error,
                isr: isr.to_vec(),
            });
            (Err(error), false, None)
        };
        if acks == Acks::All && (log.isr.len() as u32) < min_isr {
            return reject(KafkaError::NotEnoughReplicas, &log.isr.clone(), fx);
        }
        let count = batch.records.len() as i32;
        if let Some(pid) = batch.producer_id {
            let first = batch.base_sequence;
            let last = first + count - 1;
            match log.producer_states.get(&pid) {
                Some(entry) if batch.producer_epoch < entry.epoch => return reject(KafkaError::InvalidProducerEpoch, &log.isr.clone(), fx),
                Some(entry) if batch.producer_epoch == entry.epoch => {
                    if let Some(&(_, _, base)) = entry.batches.iter().find(|(f, l, _)| *f == first && *l == last) {
                        fx.trace(TraceEvent::DuplicateBatchIgnored {
                            broker,
                            producer: producer.to_string(),
                            tp: tp.clone(),
                            base_offset: base,
                            base_sequence: first,
                            records: count as u32,
                        });
                        let wait = (acks == Acks::All).then_some(base + count as u64);
                        return (Ok(base), true, wait);
                    }
                    let expected = entry.batches.back().map_or(0, |(_, l, _)| l.wrapping_add(1));
                    if first != expected {
                        return reject(KafkaError::OutOfOrderSequenceNumber, &log.isr.clone(), fx);
                    }
                }
                _ if first != 0 => return reject(KafkaError::OutOfOrderSequenceNumber, &log.isr.clone(), fx),
                _ => {}
            }
        }
        let base = log.log_end_offset();
        // Stored as it arrived: the leader neither decompresses nor recompresses it.
        log.batches.push(StoredBatch {
            base_offset: base,
            records: batch.records.len() as u32,
            bytes: batch.bytes,
            compression: batch.compression,
        });
        let mut keys = Vec::with_capacity(batch.records.len());
        for (i, mut record) in batch.records.into_iter().enumerate() {
            if let Some(pid) = batch.producer_id {
                record.sequence = Some(RecordSequence {
                    producer_id: pid,
                    epoch: batch.producer_epoch,
                    base_sequence: batch.base_sequence,
                    sequence: batch.base_sequence + i as i32,
                });
            }
            record.transactional = batch.transactional;
            keys.push(record.key.clone());
            log.push(record);
        }
        let hw_moved = log.update_high_watermark();
        for (i, key) in keys.into_iter().enumerate() {
            fx.trace(TraceEvent::Produced {
                producer: producer.to_string(),
                tp: tp.clone(),
                offset: base + i as u64,
                key,
                high_watermark: log.high_watermark,
            });
        }
        let end = log.log_end_offset();
        fx.list.push(Effect::BatchWritten {
            producer: producer.to_string(),
            batch_id: batch.batch_id,
            base_offset: base,
        });
        if let Some(pid) = batch.producer_id {
            let entry = log.producer_states.entry(pid).or_default();
            if entry.epoch != batch.producer_epoch {
                entry.epoch = batch.producer_epoch;
                entry.batches.clear();
            }
            entry.batches.push_back((batch.base_sequence, batch.base_sequence + count - 1, base));
            while entry.batches.len() > PRODUCER_BATCHES_RETAINED {
                entry.batches.pop_front();
            }
            if batch.transactional {
                log.open_txns.entry(pid).or_insert(base);
            }
        }
        if hw_moved {
            fx.list.push(Effect::DataAvailable(tp.clone()));
        }
        followers_fetch(&tp, log, &down, rtt_ms, fx);
        let wait = (acks == Acks::All).then_some(end);
        (Ok(base), false, wait)
    }

    /// Answers every waiting acks=all request whose batches are now below the high watermark
    /// (with NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below the minimum meanwhile).
    pub fn settle_pending(&mut self, fx: &mut Effects) {
        let mut i = 0;
        while i < self.pending_produces.len() {
            let mut p = self.pending_produces[i].clone();
            for (result, wait) in p.results.iter_mut().zip(p.required.iter_mut()) {
                let Some(needed) = *wait else { continue };
                let Some(log) = self.log(&result.tp) else { continue };
                if log.high_watermark >= needed {
                    let min_isr = self.topics.get(&*result.tp.topic).map_or(1, |t| t.min_insync_replicas);
                    if (log.isr.len() as u32) < min_isr {
                        result.result = Err(KafkaError::NotEnoughReplicasAfterAppend);
                    }
                    *wait = None;
                }
            }
            if p.required.iter().all(Option::is_none) {
                self.pending_produces.remove(i);
                let (producer, broker) = (p.producer.clone(), p.broker);
                respond(p, fx);
                self.next_on_connection(&producer, broker, fx);
                // The queue may have changed the list: start over (bounded by the requests).
                i = 0;
            } else {
                self.pending_produces[i] = p;
                i += 1;
            }
        }
    }

    /// The leader's DelayedProduce expires: unsettled batches get REQUEST_TIMED_OUT.
    pub fn expire_produce(&mut self, broker: u32, producer: &str, request_id: u64, fx: &mut Effects) {
        let Some(i) = self
            .pending_produces
            .iter()
            .position(|p| p.broker == broker && p.producer == producer && p.request_id == request_id)
        else {
            return;
        };
        let mut p = self.pending_produces.remove(i);
        for (result, wait) in p.results.iter_mut().zip(p.required.iter_mut()) {
            if wait.take().is_some() {
                result.result = Err(KafkaError::RequestTimedOut);
            }
        }
        respond(p, fx);
        self.next_on_connection(producer, broker, fx);
    }

    /// The connection's previous request is answered: the next one read from it is handled.
    fn next_on_connection(&mut self, producer: &str, broker: u32, fx: &mut Effects) {
        let connection = (producer.to_string(), broker);
        let Some(next) = self.connection_queues.get_mut(&connection).and_then(VecDeque::pop_front) else {
            return;
        };
        if self.connection_queues.get(&connection).is_some_and(VecDeque::is_empty) {
            self.connection_queues.remove(&connection);
        }
        let rtt = self.rtt_ms;
        // Handled now, ahead of anything queued behind it.
        self.handle_produce_now(broker, producer, next, rtt, fx);
    }

    /// The followers' fetches reach the leader: every live follower has the log up to
    /// `end_offset`. Out-of-sync followers that caught up to the high watermark rejoin the ISR;
    /// the high watermark moves to the slowest in-sync replica.
    pub fn replica_fetch(&mut self, tp: &TopicPartition, leader_epoch: u32, end_offset: u64, fx: &mut Effects) {
        let min_isr = self.topics.get(&*tp.topic).map_or(1, |t| t.min_insync_replicas);
        let up: Vec<u32> = (0..self.brokers).filter(|b| self.is_up(*b)).collect();
        let now = fx.now_ms;
        let paused: Vec<u32> = self.replication_paused.iter().filter(|(_, until)| **until > now).map(|(b, _)| *b).collect();
        let Some(log) = self.log_mut(tp) else { return };
        // A dead leader serves no fetches.
        if log.leader_epoch != leader_epoch || log.leader.is_none_or(|l| !up.contains(&l)) {
            return;
        }
        let end = end_offset.min(log.log_end_offset());
        for b in log.replicas.clone() {
            if Some(b) == log.leader || !up.contains(&b) || paused.contains(&b) {
                continue;
            }
            let leo = log.replica_leo.entry(b).or_insert(0);
            *leo = (*leo).max(end);
            if *leo >= end {
                // It has what the leader had when it answered: caught up as of now.
                log.last_caught_up_ms.insert(b, fx.now_ms);
            }
            let leo = log.replica_leo.get(&b).copied().unwrap_or(0);
            if !log.isr.contains(&b) && leo >= log.high_watermark {
                let replicas = log.replicas.clone();
                log.isr.push(b);
                crate::model::sort::sort_by_key(&mut log.isr, |x| replicas.iter().position(|r| r == x));
                fx.trace(TraceEvent::IsrChanged {
                    tp: tp.clone(),
                    isr: log.isr.clone(),
                    removed: None,
                    added: Some(b),
                    min_insync_replicas: min_isr,
                });
            }
        }
        if log.update_high_watermark() {
            hw_advanced(tp, log.high_watermark, fx);
        }
        self.settle_pending(fx);
    }

    /// The leaders' check every `replica.lag.time.max.ms / 2` (`maybeShrinkIsr`): a follower
    /// that is behind and has not caught up for longer than `replica.lag.time.max.ms` leaves
    /// the ISR (the HW may then move, and acks=all requests waiting on it are answered).
    pub fn expire_isr(&mut self, fx: &mut Effects) {
        let now = fx.now_ms;
        let max_lag = self.replica_lag_time_max_ms;
        let up: Vec<u32> = (0..self.brokers).filter(|b| self.is_up(*b)).collect();
        let tps: Vec<TopicPartition> = self
            .topics
            .iter()
            .flat_map(|(name, t)| (0..t.partitions.len() as u32).map(move |p| TopicPartition::new(name.clone(), p)))
            .collect();
        for tp in tps {
            let min_isr = self.topics.get(&*tp.topic).map_or(1, |t| t.min_insync_replicas);
            let log = self.log_mut(&tp).expect("listed");
            let Some(leader) = log.leader.filter(|l| up.contains(l)) else { continue };
            let end = log.log_end_offset();
            for b in log.replicas.clone() {
                if b != leader && log.replica_end(b) >= end {
                    log.last_caught_up_ms.insert(b, now);
                }
            }
            let lagging: Vec<u32> = log
                .isr
                .iter()
                .copied()
                .filter(|b| *b != leader && log.replica_end(*b) < end && now.saturating_sub(log.last_caught_up_ms.get(b).copied().unwrap_or(0)) > max_lag)
                .collect();
            for b in lagging {
                log.isr.retain(|x| *x != b);
                fx.trace(TraceEvent::IsrChanged {
                    tp: tp.clone(),
                    isr: log.isr.clone(),
                    removed: Some(b),
                    added: None,
                    min_insync_replicas: min_isr,
                });
            }
            if log.update_high_watermark() {
                hw_advanced(&tp, log.high_watermark, fx);
            }
        }
        self.settle_pending(fx);
        fx.list.push(Effect::ClusterTimer {
            at_ms: now + (max_lag / 2).max(1),
            timer: ClusterTimer::IsrExpiry,
        });
    }

    /// The broker's replica fetchers stop until `now + for_ms`.
    pub fn pause_replication(&mut self, broker: u32, for_ms: u64, fx: &mut Effects) {
        let until_ms = fx.now_ms + for_ms;
        self.replication_paused.insert(broker, until_ms);
        self.replication_paused_since.entry(broker).or_insert(fx.now_ms);
        fx.trace(TraceEvent::ReplicationPaused { broker, until_ms });
        fx.list.push(Effect::ClusterTimer {
            at_ms: until_ms,
            timer: ClusterTimer::ReplicationResumed { broker, until_ms },
        });
    }

    /// Paused fetchers run again: the follower catches up one round trip later.
    pub fn resume_replication(&mut self, broker: u32, until_ms: u64, fx: &mut Effects) {
        if self.replication_paused.get(&broker) != Some(&until_ms) {
            return;
        }
        self.replication_paused.remove(&broker);
        self.replication_paused_since.remove(&broker);
        let rtt = self.rtt_ms;
        for tp in self.replicated_by(broker) {
            let log = self.log(&tp).expect("listed");
            if log.leader.is_some_and(|l| l != broker) {
                fx.list.push(Effect::ClusterTimer {
                    at_ms: fx.now_ms + rtt,
                    timer: ClusterTimer::ReplicaFetch {
                        tp: tp.clone(),
                        leader_epoch: log.leader_epoch,
                        end_offset: log.log_end_offset(),
                    },
                });
            }
        }
    }

    /// A broker's process dies. Its waiting requests and parked fetches die with it (returned
    /// so the simulator can tell the clients their connections dropped); the controller will
    /// notice after `broker.session.timeout.ms`.
    pub fn kill_broker(&mut self, broker: u32, fx: &mut Effects) -> (Vec<PendingProduce>, Vec<ParkedFetch>) {
        if !self.is_up(broker) {
            return (Vec::new(), Vec::new());
        }
        self.down.insert(broker);
        self.down_since.insert(broker, fx.now_ms);
        self.lives[broker as usize] += 1;
        fx.trace(TraceEvent::BrokerKilled { broker });
        fx.list.push(Effect::ClusterTimer {
            at_ms: fx.now_ms + self.broker_session_timeout_ms,
            timer: ClusterTimer::BrokerSessionExpiry {
                broker,
                life: self.lives[broker as usize],
            },
        });
        let (lost, kept): (Vec<PendingProduce>, Vec<PendingProduce>) = std::mem::take(&mut self.pending_produces).into_iter().partition(|p| p.broker == broker);
        self.pending_produces = kept;
        self.connection_queues.retain(|(_, b), _| *b != broker);
        let (fetches, parked): (Vec<ParkedFetch>, Vec<ParkedFetch>) = std::mem::take(&mut self.parked_fetches).into_iter().partition(|f| f.broker == broker);
        self.parked_fetches = parked;
        (lost, fetches)
    }

    /// The controller fences a broker that stayed down for its session timeout: it leaves every
    /// ISR (unless it is the last member) and the partitions it led get new leaders.
    pub fn fence_broker(&mut self, broker: u32, life: u32, fx: &mut Effects) {
        if self.is_up(broker) || self.lives.get(broker as usize) != Some(&life) || self.fenced.contains(&broker) {
            return;
        }
        self.fenced.insert(broker);
        fx.trace(TraceEvent::BrokerFenced { broker });
        for tp in self.replicated_by(broker) {
            let min_isr = self.topics.get(&*tp.topic).map_or(1, |t| t.min_insync_replicas);
            let log = self.log_mut(&tp).expect("listed partitions exist");
            if log.leader == Some(broker) {
                let end = log.log_end_offset();
                log.replica_leo.insert(broker, end);
                log.leader = None;
                self.elect_leader(&tp, true, fx);
                continue;
            }
            if log.isr.contains(&broker) && log.isr.len() > 1 {
                log.isr.retain(|b| *b != broker);
                fx.trace(TraceEvent::IsrChanged {
                    tp: tp.clone(),
                    isr: log.isr.clone(),
                    removed: Some(broker),
                    added: None,
                    min_insync_replicas: min_isr,
                });
                if log.update_high_watermark() {
                    hw_advanced(&tp, log.high_watermark, fx);
                }
            }
        }
        self.settle_pending(fx);
    }

    /// A broker starts again: it leads the offline partitions it may lead, and follows (and
    /// catches up on) the others.
    pub fn restart_broker(&mut self, broker: u32, rtt_ms: u64, fx: &mut Effects) {
        if self.is_up(broker) {
            return;
        }
        self.down.remove(&broker);
        self.down_since.remove(&broker);
        self.fenced.remove(&broker);
        fx.trace(TraceEvent::BrokerRestarted { broker });
        for tp in self.replicated_by(broker) {
            let log = self.log(&tp).expect("listed partitions exist");
            match log.leader {
                None => self.elect_leader(&tp, false, fx),
                Some(leader) if leader != broker => {
                    let timer = ClusterTimer::ReplicaFetch {
                        tp: tp.clone(),
                        leader_epoch: log.leader_epoch,
                        end_offset: log.log_end_offset(),
                    };
                    fx.list.push(Effect::ClusterTimer {
                        at_ms: fx.now_ms + rtt_ms,
                        timer,
                    });
                }
                Some(_) => {}
            }
        }
        self.settle_pending(fx);
    }

    /// InitProducerId: a new producer id (epoch 0), or for a transactional id the same id with
    /// the epoch bumped (which fences the previous instance).
    pub fn init_producer_id(&mut self, transactional_id: Option<&str>) -> (u64, u16) {
        if let Some(tid) = transactional_id {
            if let Some((pid, epoch)) = self.transactional_ids.get_mut(tid) {
                *epoch += 1;
                return (*pid, *epoch);
            }
        }
        let pid = 1000 + self.next_producer_id;
        self.next_producer_id += 1;
        if let Some(tid) = transactional_id {
            self.transactional_ids.insert(tid.to_string(), (pid, 0));
        }
        (pid, 0)
    }

    /// Partitions with a replica on `broker`, in topic/partition order.
    fn replicated_by(&self, broker: u32) -> Vec<TopicPartition> {
        let mut out = Vec::new();
        for (name, topic) in &self.topics {
            for (p, log) in topic.partitions.iter().enumerate() {
                if log.replicas.contains(&broker) {
                    out.push(TopicPartition::new(name.clone(), p as u32));
                }
            }
        }
        out
    }

    /// The controller's election for a partition without a live leader: the first live ISR
    /// member in replica order; else, if the topic allows it, the first live replica
    /// (unclean); else none (offline, the ISR keeps its last member for a clean return;
    /// `announce`: say so, when the leader was just lost).
    fn elect_leader(&mut self, tp: &TopicPartition, announce: bool, fx: &mut Effects) {
        let unclean_allowed = self.topics.get(&*tp.topic).is_some_and(|t| t.unclean_leader_election);
        let eligible = |b: &u32| !self.down.contains(b) && !self.fenced.contains(b);
        let log = self.log(tp).expect("elections are for existing partitions");
        debug_assert!(log.leader.is_none());
        let clean = log.replicas.iter().copied().find(|b| log.isr.contains(b) && eligible(b));
        let unclean = if clean.is_none() && unclean_allowed {
            log.replicas.iter().copied().find(|b| eligible(b))
        } else {
            None
        };
        let fenced = self.fenced.clone();
        let log = self.log_mut(tp).expect("checked above");
        let Some(leader) = clean.or(unclean) else {
            if !announce {
                return;
            }
            let last = log.isr.clone();
            log.isr.retain(|b| !fenced.contains(b));
            if log.isr.is_empty() {
                log.isr = last.into_iter().take(1).collect();
            }
            log.leader_epoch += 1;
            fx.trace(TraceEvent::PartitionLeaderElected {
                tp: tp.clone(),
                leader: None,
                leader_epoch: log.leader_epoch,
                unclean: false,
            });
            return;
        };
        let end = log.replica_end(leader);
        let old_end = log.log_end_offset();
        log.replica_leo.remove(&leader);
        log.leader = Some(leader);
        log.leader_epoch += 1;
        // A new leader starts its followers' lag clocks now (Partition.makeLeader).
        for b in log.replicas.clone() {
            log.last_caught_up_ms.insert(b, fx.now_ms);
        }
        if clean.is_some() {
            log.isr.retain(|b| !fenced.contains(b));
        } else {
            log.isr = vec![leader];
        }
        fx.trace(TraceEvent::PartitionLeaderElected {
            tp: tp.clone(),
            leader: Some(leader),
            leader_epoch: log.leader_epoch,
            unclean: clean.is_none(),
        });
        let removed = log.truncate(end);
        log.epoch_starts.push((log.leader_epoch, end));
        if end < old_end {
            let mut by_producer: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
            for r in removed.iter().filter(|r| r.control.is_none()) {
                *by_producer.entry(r.producer.clone()).or_default() += 1;
            }
            fx.list.push(Effect::Truncated {
                tp: tp.clone(),
                from_offset: end,
                to_offset: old_end,
                removed: by_producer,
            });
        }
        if log.update_high_watermark() {
            hw_advanced(tp, log.high_watermark, fx);
        }
    }
}

fn respond(p: PendingProduce, fx: &mut Effects) {
    fx.send(Message::ProduceResponse {
        broker: p.broker,
        producer: p.producer,
        request_id: p.request_id,
        results: p.results,
    });
}
