//! Time series for the charts, folded from the trace alone (so they agree with everything else
//! drawn, and going back in time only needs a refold):
//! - lag per partition of a group, as `kafka-consumer-groups.sh --describe` reports it: log end
//!   offset − committed offset (none until the group commits for that partition);
//! - records-lag-max per consumer, the client metric: the largest high watermark − position
//!   over its assigned partitions, as its latest fetch response saw the high watermark;
//! - records processed per bucket;
//! - rebalance periods: the group is neither Stable nor Empty nor Dead.
//!
//! Samples are taken every `bucket_ms` of virtual time: sample `i` is the state after every
//! entry with `at_ms <= i * bucket_ms`.

use crate::model::nouns::TopicPartition;
use crate::model::trace::{GroupState, Trace, TraceEvent};
use std::collections::{BTreeMap, BTreeSet};

/// How many samples a run is divided into (at most; buckets are whole multiples of 100 ms).
pub const TARGET_SAMPLES: u64 = 150;

/// A bucket size for a run of `duration_ms`: a multiple of 100 ms giving at most
/// [`TARGET_SAMPLES`] buckets.
pub fn bucket_ms_for(duration_ms: u64) -> u64 {
    duration_ms.div_ceil(TARGET_SAMPLES).div_ceil(100).max(1) * 100
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupSeries {
    pub group_id: String,
    pub bucket_ms: u64,
    /// Topics the group reads; only their partitions have a lag series.
    pub topics: Vec<String>,
    /// Per partition: one value per sample (`None` before the group committed it).
    pub partition_lag: BTreeMap<TopicPartition, Vec<Option<u64>>>,
    /// Per consumer of the group: one value per sample (`None` when it owns nothing it has
    /// fetched, or is not running).
    pub consumer_lag_max: BTreeMap<String, Vec<Option<u64>>>,
    /// Records processed in the bucket ending at each sample (sample 0 counts time 0).
    pub processed: Vec<u64>,
    /// Rebalance periods as [start, end); `None` = still going on.
    pub rebalances: Vec<(u64, Option<u64>)>,
    samples: usize,
    folded: usize,
    log_end: BTreeMap<TopicPartition, u64>,
    committed: BTreeMap<TopicPartition, u64>,
    members: BTreeMap<String, ConsumerView>,
    bucket_processed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct ConsumerView {
    assigned: BTreeSet<TopicPartition>,
    positions: BTreeMap<TopicPartition, u64>,
    high_watermarks: BTreeMap<TopicPartition, u64>,
}

impl ConsumerView {
    fn lag_max(&self) -> Option<u64> {
        self.assigned
            .iter()
            .filter_map(|tp| Some(self.high_watermarks.get(tp)?.saturating_sub(*self.positions.get(tp)?)))
            .max()
    }
}

impl GroupSeries {
    pub fn new(group_id: &str, topics: Vec<String>, bucket_ms: u64) -> GroupSeries {
        assert!(bucket_ms > 0, "bucket_ms must be positive");
        GroupSeries {
            group_id: group_id.to_string(),
            bucket_ms,
            topics,
            ..GroupSeries::default()
        }
    }

    /// Number of complete samples (times 0, bucket, 2·bucket, …).
    pub fn samples(&self) -> usize {
        self.samples
    }

    /// How many trace entries have been folded in.
    pub fn folded(&self) -> usize {
        self.folded
    }

    /// Folds `trace[self.folded..]` in, then takes every sample strictly before `now_ms` (the
    /// sample at `now_ms` itself may still miss entries due at the same moment). The caller
    /// starts a new series when the trace was cut back (a rewind or a fork).
    pub fn update(&mut self, trace: &Trace, now_ms: u64) {
        assert!(trace.len() >= self.folded, "the trace was cut back: start a new series");
        for entry in trace.iter_from(self.folded) {
            self.sample_before(entry.at_ms);
            self.fold(&entry.event, entry.at_ms);
        }
        self.folded = trace.len();
        self.sample_before(now_ms);
    }

    /// Takes every sample at a time < `at_ms` not taken yet.
    fn sample_before(&mut self, at_ms: u64) {
        // Bounded: one iteration per bucket up to `at_ms`.
        while (self.samples as u64) * self.bucket_ms < at_ms {
            self.take_sample();
        }
    }

    fn take_sample(&mut self) {
        let n = self.samples;
        for (tp, series) in self.partition_lag.iter_mut() {
            debug_assert_eq!(series.len(), n);
            let end = self.log_end.get(tp).copied().unwrap_or(0);
            series.push(self.committed.get(tp).map(|c| end.saturating_sub(*c)));
        }
        for (id, series) in self.consumer_lag_max.iter_mut() {
            series.resize(n, None);
            series.push(self.members.get(id).and_then(ConsumerView::lag_max));
        }
        self.processed.push(std::mem::take(&mut self.bucket_processed));
        self.samples += 1;
    }

    /// The current values (at the moment of the latest folded entry), for the live edge.
    pub fn current_partition_lag(&self, tp: &TopicPartition) -> Option<u64> {
        let end = self.log_end.get(tp).copied().unwrap_or(0);
        self.committed.get(tp).map(|c| end.saturating_sub(*c))
    }

    pub fn current_consumer_lag_max(&self, consumer: &str) -> Option<u64> {
        self.members.get(consumer).and_then(ConsumerView::lag_max)
    }

    fn ours(&self, group_id: &str) -> bool {
        group_id == self.group_id
    }

    fn track_partition(&mut self, tp: &TopicPartition) {
        if self.topics.iter().any(|t| **t == *tp.topic) && !self.partition_lag.contains_key(tp) {
            self.partition_lag.insert(tp.clone(), vec![None; self.samples]);
        }
    }

    /// A topic the group turned out to read (it was assigned or committed one of its
    /// partitions): every partition produced to so far gets a series.
    fn learn_topic(&mut self, topic: &str) {
        if !self.topics.iter().any(|t| t == topic) {
            self.topics.push(topic.to_string());
            crate::model::sort::sort(&mut self.topics);
            let known: Vec<TopicPartition> = self.log_end.keys().filter(|tp| &*tp.topic == topic).cloned().collect();
            for tp in &known {
                self.track_partition(tp);
            }
        }
    }

    fn member(&mut self, consumer: &str) -> Option<&mut ConsumerView> {
        self.members.get_mut(consumer)
    }

    fn fold(&mut self, event: &TraceEvent, at_ms: u64) {
        match event {
            // Group lag counts to the high watermark (as kafka-consumer-groups does).
            TraceEvent::Produced { tp, high_watermark, .. } | TraceEvent::HighWatermarkAdvanced { tp, high_watermark } => {
                self.track_partition(tp);
                let end = self.log_end.entry(tp.clone()).or_insert(0);
                *end = (*end).max(*high_watermark);
            }
            // A truncation moves the end back.
            TraceEvent::RecordsTruncated { tp, from_offset, .. } => {
                if let Some(end) = self.log_end.get_mut(tp) {
                    *end = (*end).min(*from_offset);
                }
            }
            TraceEvent::PartitionsAdded { .. } | TraceEvent::MetadataChanged { .. } => {}
            TraceEvent::ConsumerStarted { consumer, group_id } if self.ours(group_id) => {
                self.members.insert(consumer.clone(), ConsumerView::default());
                let samples = self.samples;
                self.consumer_lag_max.entry(consumer.clone()).or_insert_with(|| vec![None; samples]);
            }
            TraceEvent::ConsumerCrashed { consumer, group_id }
            | TraceEvent::ConsumerClosed { consumer, group_id }
            | TraceEvent::ConsumerFailed { consumer, group_id, .. }
                if self.ours(group_id) =>
            {
                self.members.remove(consumer);
            }
            TraceEvent::PartitionsAssigned {
                consumer,
                group_id,
                partitions,
                kept,
                ..
            } if self.ours(group_id) => {
                for tp in partitions.iter().chain(kept) {
                    self.learn_topic(&tp.topic);
                    self.track_partition(tp);
                }
                if let Some(m) = self.member(consumer) {
                    m.assigned.extend(partitions.iter().chain(kept).cloned());
                }
            }
            TraceEvent::PartitionsRevoked {
                consumer,
                group_id,
                partitions,
                ..
            } if self.ours(group_id) => {
                if let Some(m) = self.member(consumer) {
                    for tp in partitions {
                        m.assigned.remove(tp);
                        m.positions.remove(tp);
                        m.high_watermarks.remove(tp);
                    }
                }
            }
            TraceEvent::PositionFromCommitted { consumer, tp, offset } | TraceEvent::OffsetReset { consumer, tp, offset, .. } => {
                if let Some(m) = self.member(consumer) {
                    m.positions.insert(tp.clone(), *offset);
                }
            }
            TraceEvent::FetchReceived {
                consumer,
                high_watermarks,
                skipped,
                ..
            } => {
                if let Some(m) = self.member(consumer) {
                    for (tp, hw) in high_watermarks {
                        if m.assigned.contains(tp) {
                            m.high_watermarks.insert(tp.clone(), *hw);
                        }
                    }
                    for (tp, next) in skipped {
                        m.positions.insert(tp.clone(), *next);
                    }
                }
            }
            TraceEvent::LogTruncationDetected { consumer, tp, to_offset, .. } => {
                if let Some(m) = self.member(consumer) {
                    m.positions.insert(tp.clone(), *to_offset);
                }
            }
            TraceEvent::PollReturned { consumer, runs } => {
                if let Some(m) = self.member(consumer) {
                    for run in runs {
                        m.positions.insert(run.tp.clone(), run.first + run.count);
                    }
                }
            }
            TraceEvent::CommitStored { group_id, offsets, .. } if self.ours(group_id) => {
                for (tp, offset) in offsets {
                    self.learn_topic(&tp.topic);
                    self.track_partition(tp);
                    self.committed.insert(tp.clone(), *offset);
                }
            }
            TraceEvent::Processed { group_id, .. } if self.ours(group_id) => self.bucket_processed += 1,
            TraceEvent::GroupStateChanged { group_id, to, .. } if self.ours(group_id) => {
                let rebalancing = !matches!(to, GroupState::Stable | GroupState::Empty | GroupState::Dead);
                let open = self.rebalances.last().is_some_and(|(_, end)| end.is_none());
                if rebalancing && !open {
                    self.rebalances.push((at_ms, None));
                } else if !rebalancing && open {
                    if let Some(last) = self.rebalances.last_mut() {
                        last.1 = Some(at_ms);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::Scenario;
    use crate::model::sim::Simulation;

    #[test]
    fn bucket_sizes_are_whole_hundreds() {
        assert_eq!(bucket_ms_for(60_000), 400);
        assert_eq!(bucket_ms_for(600_000), 4_000);
        assert_eq!(bucket_ms_for(1), 100);
    }

    /// The folded view agrees with the engine's own state at every checkpoint: the group's lag
    /// per partition and each running consumer's records-lag-max.
    #[test]
    fn folded_values_match_live_state() {
        // The two big presets take long in a debug build; their folding is the same code.
        for (id, json) in crate::model::scenario::PRESETS
            .iter()
            .filter(|(id, _)| !matches!(*id, "large-256" | "wide-64" | "long-run"))
        {
            let scenario = Scenario::from_json(json).expect("presets parse");
            let mut sim = Simulation::new(&scenario);
            let group_id = scenario.groups[0].group_id.clone();
            let bucket_ms = bucket_ms_for(scenario.duration_ms);
            let mut series: Option<GroupSeries> = None;
            let mut t = 0;
            while t <= scenario.duration_ms {
                sim.run_until(t);
                // Started before any consumer runs, as the UI does: topics are learnt from the trace.
                let s = series.get_or_insert_with(|| GroupSeries::new(&group_id, Vec::new(), bucket_ms));
                s.update(&sim.trace, t);
                for tp in sim.world.cluster.partitions_of(&sim.group_topics(&group_id)) {
                    assert_eq!(s.current_partition_lag(&tp), sim.group_lag(&group_id, &tp), "{id} {tp} at {t}");
                }
                for c in sim.world.consumers.values().filter(|c| c.spec.group_id == group_id && c.is_running()) {
                    assert_eq!(s.current_consumer_lag_max(c.id()), c.lag_now(), "{id} {} at {t}", c.id());
                }
                assert_eq!(s.samples() as u64, t.div_ceil(bucket_ms), "{id} at {t}");
                t += 1_700.min(scenario.duration_ms / 3).max(1);
            }
            let s = series.expect("at least one checkpoint");
            let tracked: Vec<TopicPartition> = s.partition_lag.keys().cloned().collect();
            assert_eq!(tracked, sim.world.cluster.partitions_of(&sim.group_topics(&group_id)), "{id}");
            let processed: u64 = s.processed.iter().sum();
            let in_trace = sim
                .trace
                .iter()
                .filter(|e| e.at_ms < (s.samples() as u64) * bucket_ms)
                .filter(|e| matches!(&e.event, TraceEvent::Processed { group_id: g, .. } if *g == group_id))
                .count() as u64;
            assert!(processed <= in_trace, "{id}");
        }
    }

    #[test]
    fn rebalance_periods_open_and_close() {
        let scenario = Scenario::from_json(crate::model::scenario::PRESETS[1].1).expect("preset parses");
        let mut sim = Simulation::new(&scenario);
        sim.run_until(scenario.duration_ms);
        let group_id = scenario.groups[0].group_id.clone();
        let mut s = GroupSeries::new(&group_id, sim.group_topics(&group_id), bucket_ms_for(scenario.duration_ms));
        s.update(&sim.trace, scenario.duration_ms);
        assert!(s.rebalances.len() >= 2, "{:?}", s.rebalances);
        for (start, end) in &s.rebalances {
            assert!(end.is_some_and(|e| e >= *start), "{:?}", s.rebalances);
        }
        assert!(s.processed.iter().sum::<u64>() > 0);
    }
}
