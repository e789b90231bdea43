//! The delivery ledger of a group: how many times each offset was processed.

use crate::model::nouns::TopicPartition;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionLedger {
    /// The first position the group ever started from on this partition: offsets before it
    /// were never meant to be read (e.g. auto.offset.reset=latest on a new group).
    pub origin: Option<u64>,
    /// counts[o] = times offset o was processed.
    pub counts: Vec<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub partitions: BTreeMap<TopicPartition, PartitionLedger>,
    /// Completions of records a leader change later cut from the log (their offsets now hold
    /// other records): (processed, duplicates among them).
    #[serde(default)]
    pub retired: (u64, u64),
    /// Running totals of `processed()` and `duplicates()` (kept by `record_processed` and
    /// `truncate`, so reading them is O(1) however long the run).
    #[serde(default)]
    totals: (u64, u64),
}

impl Ledger {
    pub fn record_processed(&mut self, tp: &TopicPartition, offset: u64) {
        let entry = self.partitions.entry(tp.clone()).or_default();
        let i = offset as usize;
        if entry.counts.len() <= i {
            entry.counts.resize(i + 1, 0);
        }
        entry.counts[i] += 1;
        self.totals.0 += 1;
        if entry.counts[i] > 1 {
            self.totals.1 += 1;
        }
        debug_assert!(self.totals.1 <= self.totals.0);
    }

    pub fn record_origin(&mut self, tp: &TopicPartition, offset: u64) {
        let entry = self.partitions.entry(tp.clone()).or_default();
        entry.origin = Some(entry.origin.map_or(offset, |o| o.min(offset)));
    }

    pub fn count(&self, tp: &TopicPartition, offset: u64) -> u32 {
        self.partitions.get(tp).and_then(|p| p.counts.get(offset as usize)).copied().unwrap_or(0)
    }

    /// The first offset processed more than once, in partition order (what the group's
    /// duplicate count is made of; the ledger's view jumps there).
    pub fn first_duplicate(&self) -> Option<(TopicPartition, u64)> {
        self.partitions
            .iter()
            .find_map(|(tp, p)| p.counts.iter().position(|&c| c > 1).map(|o| (tp.clone(), o as u64)))
    }

    /// Processing completions.
    pub fn processed(&self) -> u64 {
        self.totals.0
    }

    /// Completions beyond the first, per offset.
    pub fn duplicates(&self) -> u64 {
        self.totals.1
    }

    /// The log was cut back to `from`: later offsets will name new records.
    pub fn truncate(&mut self, tp: &TopicPartition, from: u64) {
        let Some(p) = self.partitions.get_mut(tp) else { return };
        if p.counts.len() as u64 > from {
            for c in p.counts.drain(from as usize..) {
                self.retired.0 += c as u64;
                self.retired.1 += c.saturating_sub(1) as u64;
            }
        }
    }

    /// Offsets from the origin up to (not including) the committed offset never processed.
    pub fn lost(&self, tp: &TopicPartition, committed: u64) -> u64 {
        self.lost_skipping(tp, committed, |_| false)
    }

    /// `lost`, not counting offsets no consumer is given (`skip`: transaction markers, and for
    /// read_committed the records of aborted transactions).
    pub fn lost_skipping(&self, tp: &TopicPartition, committed: u64, skip: impl Fn(u64) -> bool) -> u64 {
        let Some(p) = self.partitions.get(tp) else { return 0 };
        let origin = p.origin.unwrap_or(committed);
        (origin..committed)
            .filter(|&o| p.counts.get(o as usize).copied().unwrap_or(0) == 0 && !skip(o))
            .count() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_duplicate_is_the_first_offset_processed_twice() {
        let mut l = Ledger::default();
        let (a, b) = (TopicPartition::new("t", 0), TopicPartition::new("t", 1));
        assert_eq!(l.first_duplicate(), None);
        for o in 0..5 {
            l.record_processed(&a, o);
            l.record_processed(&b, o);
        }
        l.record_processed(&b, 3);
        assert_eq!(l.first_duplicate(), Some((b.clone(), 3)));
        l.record_processed(&a, 4);
        assert_eq!(l.first_duplicate(), Some((a, 4)));
    }

    #[test]
    fn arithmetic() {
        let tp = TopicPartition::new("t", 0);
        let mut l = Ledger::default();
        l.record_origin(&tp, 2);
        for o in [2, 3, 3, 5, 5, 5] {
            l.record_processed(&tp, o);
        }
        assert_eq!(l.processed(), 6);
        assert_eq!(l.duplicates(), 3);
        // committed 7: offsets 2..7 → 4 and 6 never processed; 0 and 1 are before the origin.
        assert_eq!(l.lost(&tp, 7), 2);
        assert_eq!(l.count(&tp, 5), 3);
        assert_eq!(l.count(&tp, 9), 0);
        l.record_origin(&tp, 0);
        assert_eq!(l.lost(&tp, 7), 4);
        // A truncated log retires its completions: the totals stay.
        l.truncate(&tp, 4);
        assert_eq!((l.processed(), l.duplicates()), (6, 3));
        l.record_processed(&tp, 5);
        assert_eq!((l.processed(), l.duplicates()), (7, 3));
    }
}
