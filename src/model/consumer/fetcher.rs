//! The consumer's fetcher (Kafka's `Fetcher`): fetch requests to partition leaders, the
//! responses buffered for poll, offset resets and metadata refreshes (kafka-behaviour.md §5.2).

use crate::model::cluster::state::Cluster;
use crate::model::config::OffsetReset;
use crate::model::consumer::state::{BufferedFetch, Consumer, MemberState};
use crate::model::effects::Effects;
use crate::model::nouns::{Record, TopicPartition};
use crate::model::protocol::{FetchPartition, FetchedPartition, KafkaError, Message};
use crate::model::trace::{OffsetRun, RejoinReason, TraceEvent};
use std::collections::BTreeMap;

impl Consumer {
    pub(super) fn send_fetches(&mut self, cluster: &Cluster, fx: &mut Effects) {
        let mut per_broker: BTreeMap<u32, Vec<FetchPartition>> = BTreeMap::new();
        for tp in &self.assigned {
            let Some(&offset) = self.positions.get(tp) else { continue };
            if self.pending_revocation.contains(tp) {
                continue;
            }
            if self.buffer.iter().any(|b| &b.tp == tp) {
                continue;
            }
            let Some(broker) = cluster.leader_of(tp) else { continue };
            if self.fetches_in_flight.contains_key(&broker) {
                continue;
            }
            per_broker.entry(broker).or_default().push(FetchPartition {
                tp: tp.clone(),
                offset,
                last_fetched_epoch: self.fetched_epochs.get(tp).copied(),
            });
        }
        for (broker, partitions) in per_broker {
            let fetch_id = self.next_fetch_id;
            self.next_fetch_id += 1;
            self.fetches_in_flight.insert(broker, fetch_id);
            fx.trace(TraceEvent::FetchSent {
                consumer: self.id().to_string(),
                broker,
                partitions: partitions.iter().map(|p| (p.tp.clone(), p.offset)).collect(),
            });
            fx.send(Message::FetchRequest {
                broker,
                consumer: self.id().to_string(),
                incarnation: self.incarnation,
                fetch_id,
                max_wait_ms: self.spec.config.fetch_max_wait_ms,
                min_bytes: self.spec.config.fetch_min_bytes,
                max_partition_bytes: self.spec.config.max_partition_fetch_bytes,
                partitions,
                read_committed: self.spec.config.read_committed,
            });
        }
    }

    // ---- the application thread ----------------------------------------------------------

    /// The metadata refresh (every metadata.max.age.ms): a leader that sees a subscribed
    /// topic's partition count differ from what it assigned asks for a rebalance.
    pub(super) fn refresh_metadata(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if fx.now_ms < self.metadata_refreshed_ms + self.spec.config.metadata_max_age_ms {
            return;
        }
        self.metadata_refreshed_ms = fx.now_ms;
        for topic in self.spec.subscribe.clone() {
            let count = cluster.partition_count(&topic);
            if self.metadata.get(&topic) != Some(&count) {
                self.metadata.insert(topic.clone(), count);
                fx.trace(TraceEvent::MetadataChanged {
                    consumer: self.id().to_string(),
                    group_id: self.group_id().to_string(),
                    topic,
                    partitions: count,
                });
            }
        }
        let changed = self.is_leader
            && self
                .assignment_metadata
                .as_ref()
                .is_some_and(|m| m.iter().any(|(t, n)| self.metadata.get(t) != Some(n)));
        if changed && self.member_state == MemberState::Stable && !self.rejoin_needed {
            self.rejoin_needed = true;
            self.note_rejoin(RejoinReason::MetadataChanged, fx);
        }
    }

    /// collectFetch: up to max.poll.records from the buffer, in arrival order; a partly drained
    /// fetch stays first in line. Positions move past what is returned.
    pub(super) fn collect_fetch(&mut self, fx: &mut Effects) -> Vec<(TopicPartition, u64)> {
        let max = self.spec.config.max_poll_records as usize;
        let mut batch = Vec::new();
        let mut runs: Vec<OffsetRun> = Vec::new();
        // Partitions pending revocation are paused: their buffered records stay where they are.
        let paused = std::mem::take(&mut self.buffer);
        let (held, ready): (Vec<BufferedFetch>, Vec<BufferedFetch>) = paused.into_iter().partition(|b| self.pending_revocation.contains(&b.tp));
        self.buffer = ready;
        while batch.len() < max && !self.buffer.is_empty() {
            let take = (max - batch.len()).min(self.buffer[0].records.len());
            let fetch = &mut self.buffer[0];
            let tp = fetch.tp.clone();
            let end = fetch.high_watermark;
            let taken: Vec<Record> = fetch.records.drain(..take).collect();
            if fetch.records.is_empty() {
                self.buffer.remove(0);
            }
            if let (Some(first), Some(last)) = (taken.first(), taken.last()) {
                runs.push(OffsetRun {
                    tp: tp.clone(),
                    first: first.offset,
                    count: taken.len() as u64,
                });
                self.positions.insert(tp.clone(), last.offset + 1);
                // FetchCollector records the partition's lag once records are drained.
                let lag = end.saturating_sub(last.offset + 1);
                self.lag_window.record(fx.now_ms, lag);
                self.recorded_lag.insert(tp.clone(), lag);
                batch.extend(taken.iter().map(|r| (tp.clone(), r.offset)));
            }
        }
        self.buffer.extend(held);
        if !batch.is_empty() {
            fx.trace(TraceEvent::PollReturned {
                consumer: self.id().to_string(),
                runs,
            });
        }
        batch
    }

    /// auto.offset.reset for one partition; false if the consumer failed (policy `none`).
    pub(super) fn reset_offset(&mut self, tp: &TopicPartition, cluster: &Cluster, fx: &mut Effects) -> bool {
        let policy = self.spec.config.auto_offset_reset;
        let Some(log) = cluster.log(tp) else { return true };
        let offset = match policy {
            OffsetReset::Earliest => log.log_start_offset,
            // latest = the end a reader may read to: HW, or the LSO for read_committed.
            OffsetReset::Latest if self.spec.config.read_committed => log.last_stable_offset(),
            OffsetReset::Latest => log.high_watermark,
            OffsetReset::None => {
                self.fail(
                    format!("NoOffsetForPartitionException: no committed offset for {tp} and auto.offset.reset=none"),
                    fx,
                );
                return false;
            }
        };
        self.positions.insert(tp.clone(), offset);
        fx.trace(TraceEvent::OffsetReset {
            consumer: self.id().to_string(),
            tp: tp.clone(),
            offset,
            policy,
        });
        true
    }

    pub fn on_fetch_response(&mut self, broker: u32, partitions: Vec<FetchedPartition>, cluster: &Cluster, fx: &mut Effects) {
        self.fetches_in_flight.remove(&broker);
        let mut runs = Vec::new();
        let mut high_watermarks = Vec::new();
        let mut skipped = Vec::new();
        for part in partitions {
            high_watermarks.push((
                part.tp.clone(),
                if self.spec.config.read_committed {
                    part.last_stable_offset
                } else {
                    part.high_watermark
                },
            ));
            if !self.assigned.contains(&part.tp) {
                continue;
            }
            // The lag metric's end: the high watermark, or for read_committed the LSO.
            let end = if self.spec.config.read_committed {
                part.last_stable_offset
            } else {
                part.high_watermark
            };
            self.high_watermarks.insert(part.tp.clone(), end);
            if part.error == Some(KafkaError::OffsetOutOfRange) {
                self.positions.remove(&part.tp);
                if !self.reset_offset(&part.tp, cluster, fx) {
                    return;
                }
                continue;
            }
            if self.positions.get(&part.tp) != Some(&part.fetch_offset) {
                continue;
            }
            if let Some(end) = part.diverging_end {
                // KIP-320: the new leader's log is shorter than what this consumer read.
                self.positions.insert(part.tp.clone(), end);
                self.fetched_epochs.insert(part.tp.clone(), part.leader_epoch);
                fx.trace(TraceEvent::LogTruncationDetected {
                    consumer: self.id().to_string(),
                    tp: part.tp.clone(),
                    from_offset: part.fetch_offset,
                    to_offset: end,
                });
                continue;
            }
            if part.error.is_none() {
                self.fetched_epochs.insert(part.tp.clone(), part.leader_epoch);
            }
            if part.records.is_empty() {
                // Only markers (or aborted records) were read: the position moves past them.
                if let Some(next) = part.skipped_to {
                    self.positions.insert(part.tp.clone(), next);
                    skipped.push((part.tp.clone(), next));
                }
                continue;
            }
            runs.push(OffsetRun {
                tp: part.tp.clone(),
                first: part.records[0].offset,
                count: part.records.len() as u64,
            });
            self.buffer.push(BufferedFetch {
                tp: part.tp,
                records: part.records,
                high_watermark: end,
            });
        }
        fx.trace(TraceEvent::FetchReceived {
            consumer: self.id().to_string(),
            broker,
            runs,
            high_watermarks,
            skipped,
        });
        self.wake_if_polling(cluster, fx);
    }
}
