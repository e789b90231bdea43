//! The producer's transaction manager (Kafka's `TransactionManager`, kafka-behaviour.md §6.5):
//! InitProducerId, AddPartitionsToTxn, AddOffsetsToTxn, TxnOffsetCommit, EndTxn and fencing.

use crate::model::cluster::state::Cluster;
use crate::model::effects::Effects;
use crate::model::nouns::TopicPartition;
use crate::model::producer::state::{Producer, ProducerBatch, ProducerTxn, TxnOffsets, TxnPhase};
use crate::model::protocol::{KafkaError, Message};
use crate::model::rng::Rng;
use crate::model::trace::{SendFailure, TraceEvent};

impl Producer {
    pub fn is_transactional(&self) -> bool {
        self.config.transactional_id.is_some()
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
    pub(super) fn on_fenced(&mut self, error: KafkaError, cluster: &Cluster, fx: &mut Effects) {
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
}
