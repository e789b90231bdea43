//! The transaction coordinator (kafka-behaviour.md §6.5): one per `transactional.id`, on the leader of
//! `__transaction_state` partition abs(hashCode(id)) % 50. InitProducerId bumps the epoch (and
//! aborts what an older instance left open), AddPartitionsToTxn registers partitions, EndTxn
//! writes a COMMIT or ABORT control record (marker) to every partition of the transaction, and
//! transactions open longer than `transaction.timeout.ms` are aborted with the epoch bumped.
//!
//! Modelling choices: the coordinator answers EndTxn once the markers are in the logs (Kafka
//! answers after PrepareCommit/PrepareAbort is persisted and writes markers right after), and
//! markers are written even to a partition whose leader is offline (Kafka retries them until a
//! leader exists). Transaction coordinators, like group coordinators, do not fail over.

use crate::model::cluster::replication::{followers_fetch, hw_advanced};
use crate::model::cluster::state::{AbortedTxn, Cluster, TxnState, TXN_TIMEOUT_CHECK_INTERVAL_MS};
use crate::model::effects::{ClusterTimer, Effect, Effects};
use crate::model::nouns::{ControlMarker, Record, TopicPartition};
use crate::model::protocol::KafkaError;
use crate::model::trace::TraceEvent;

impl Cluster {
    /// The broker coordinating a transactional id.
    pub fn txn_coordinator_broker(&self, transactional_id: &str) -> u32 {
        crate::model::java::offsets_partition_for(transactional_id, 50) % self.brokers
    }

    /// InitProducerId with a transactional id: the same producer id, the epoch bumped; an open
    /// transaction of an older instance is aborted.
    pub fn init_transactional(&mut self, transactional_id: &str, producer: &str, timeout_ms: u64, fx: &mut Effects) -> (u64, u16) {
        if self.txns.get(transactional_id).is_some_and(|m| m.state == TxnState::Ongoing) {
            self.complete_txn(transactional_id, false, fx);
        }
        let (producer_id, epoch) = self.init_producer_id(Some(transactional_id));
        let meta = self.txns.entry(transactional_id.to_string()).or_default();
        meta.producer = producer.to_string();
        meta.producer_id = producer_id;
        meta.epoch = epoch;
        meta.timeout_ms = timeout_ms;
        (producer_id, epoch)
    }

    /// AddPartitionsToTxn.
    pub fn add_partitions_to_txn(
        &mut self,
        transactional_id: &str,
        producer_id: u64,
        epoch: u16,
        partitions: &[TopicPartition],
        fx: &mut Effects,
    ) -> Option<KafkaError> {
        let now = fx.now_ms;
        let Some(meta) = self.txns.get_mut(transactional_id) else {
            return Some(KafkaError::InvalidTxnState);
        };
        if meta.producer_id != producer_id || epoch < meta.epoch {
            return Some(KafkaError::ProducerFenced);
        }
        if meta.state != TxnState::Ongoing {
            meta.state = TxnState::Ongoing;
            meta.started_ms = now;
            meta.number += 1;
            meta.partitions.clear();
            meta.groups.clear();
            // The coordinator's periodic check finds it at its first run past the timeout.
            let due = now + meta.timeout_ms;
            let at = due.div_ceil(TXN_TIMEOUT_CHECK_INTERVAL_MS) * TXN_TIMEOUT_CHECK_INTERVAL_MS;
            fx.list.push(Effect::ClusterTimer {
                at_ms: at,
                timer: ClusterTimer::TxnTimeout {
                    transactional_id: transactional_id.to_string(),
                    number: meta.number,
                },
            });
        }
        meta.partitions.extend(partitions.iter().cloned());
        None
    }

    /// AddOffsetsToTxn: the group's offsets partition joins the transaction.
    pub fn add_offsets_to_txn(&mut self, transactional_id: &str, producer_id: u64, epoch: u16, group_id: &str, fx: &mut Effects) -> Option<KafkaError> {
        if let Some(e) = self.add_partitions_to_txn(transactional_id, producer_id, epoch, &[], fx) {
            return Some(e);
        }
        self.txns.get_mut(transactional_id).expect("checked").groups.insert(group_id.to_string());
        None
    }

    /// EndTxn: writes the markers and completes the transaction.
    pub fn end_txn(&mut self, transactional_id: &str, producer_id: u64, epoch: u16, commit: bool, fx: &mut Effects) -> Option<KafkaError> {
        let Some(meta) = self.txns.get(transactional_id) else {
            return Some(KafkaError::InvalidTxnState);
        };
        if meta.producer_id != producer_id || epoch < meta.epoch {
            return Some(KafkaError::ProducerFenced);
        }
        match meta.state {
            TxnState::Ongoing => {
                self.complete_txn(transactional_id, commit, fx);
                None
            }
            // Nothing was sent in it: nothing to mark.
            TxnState::Empty | TxnState::CompleteCommit | TxnState::CompleteAbort => None,
        }
    }

    /// The periodic check: a transaction open past `transaction.timeout.ms` is aborted and the
    /// epoch bumped, so the producer's next request is fenced.
    pub fn txn_timeout(&mut self, transactional_id: &str, number: u64, fx: &mut Effects) {
        let Some(meta) = self.txns.get_mut(transactional_id) else { return };
        if meta.number != number || meta.state != TxnState::Ongoing {
            return;
        }
        meta.epoch += 1;
        if let Some(entry) = self.transactional_ids.get_mut(transactional_id) {
            entry.1 = meta.epoch;
        }
        fx.trace(TraceEvent::TxnTimedOut {
            transactional_id: transactional_id.to_string(),
            producer: meta.producer.clone(),
            open_ms: fx.now_ms - meta.started_ms,
            timeout_ms: meta.timeout_ms,
        });
        self.complete_txn(transactional_id, false, fx);
    }

    /// WriteTxnMarkers: a control record in each partition of the transaction; an abort also
    /// records the aborted range for read_committed readers.
    fn complete_txn(&mut self, transactional_id: &str, commit: bool, fx: &mut Effects) {
        let meta = self.txns.get(transactional_id).cloned().expect("completing a known transaction");
        let mut markers = Vec::new();
        let down = self.down.clone();
        let rtt_ms = self.rtt_ms;
        for tp in &meta.partitions {
            let Some(log) = self.log_mut(tp) else { continue };
            let mut record = Record::new(None, if commit { "COMMIT" } else { "ABORT" }.to_string(), fx.now_ms, &meta.producer);
            record.control = Some(if commit { ControlMarker::Commit } else { ControlMarker::Abort });
            record.transactional = true;
            let offset = log.push(record);
            // The marker carries the coordinator's epoch: older epochs are fenced from now on.
            let entry = log.producer_states.entry(meta.producer_id).or_default();
            if entry.epoch < meta.epoch {
                entry.epoch = meta.epoch;
                entry.batches.clear();
            }
            if let Some(first) = log.open_txns.remove(&meta.producer_id) {
                if !commit {
                    log.aborted_txns.push(AbortedTxn {
                        producer_id: meta.producer_id,
                        first_offset: first,
                        last_offset: offset,
                    });
                }
            }
            markers.push((tp.clone(), offset));
            if log.update_high_watermark() {
                hw_advanced(tp, log.high_watermark, fx);
            }
            followers_fetch(tp, log, &down, rtt_ms, fx);
            // The last stable offset moved.
            fx.list.push(Effect::DataAvailable(tp.clone()));
        }
        for group_id in &meta.groups {
            fx.list.push(Effect::TxnOffsetsComplete {
                group_id: group_id.clone(),
                producer_id: meta.producer_id,
                commit,
            });
        }
        let meta = self.txns.get_mut(transactional_id).expect("known");
        meta.state = if commit { TxnState::CompleteCommit } else { TxnState::CompleteAbort };
        fx.trace(TraceEvent::TxnMarkersWritten {
            transactional_id: transactional_id.to_string(),
            producer: meta.producer.clone(),
            commit,
            markers,
        });
        self.settle_pending(fx);
    }
}
