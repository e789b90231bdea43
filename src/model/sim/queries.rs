//! Read-only questions about a run: hashes, lag, loss, owners and members.

use crate::model::consumer::state::{Consumer, ConsumerStatus};
use crate::model::nouns::TopicPartition;
use crate::model::sim::world::Simulation;
use crate::model::trace::{trace_hash, Fnv64};

impl Simulation {
    pub fn trace_hash(&self) -> String {
        trace_hash(&self.trace)
    }

    /// Hash of the whole state: world and trace.
    pub fn state_hash(&self) -> String {
        let mut h = Fnv64::default();
        h.write(&serde_json::to_vec(&self.world).expect("the world always serializes"));
        h.write(self.trace_hash().as_bytes());
        h.hex()
    }

    // ---- metrics -------------------------------------------------------------------------

    /// Group lag per partition (kafka-consumer-groups): high watermark − committed offset.
    pub fn group_lag(&self, group_id: &str, tp: &TopicPartition) -> Option<u64> {
        let committed = *self.world.groups.get(group_id)?.coordinator.committed.get(tp)?;
        let hw = self.world.cluster.log(tp)?.high_watermark;
        Some(hw.saturating_sub(committed))
    }

    /// Whether an offset is never given to a group's consumers: a transaction marker, or for a
    /// read_committed group a record of an aborted transaction.
    pub fn never_delivered(&self, group_id: &str, tp: &TopicPartition, offset: u64) -> bool {
        let Some(log) = self.world.cluster.log(tp) else { return false };
        let Some(record) = log.record(offset) else { return false };
        let read_committed = self
            .world
            .consumers
            .values()
            .any(|c| c.spec.group_id == group_id && c.spec.config.read_committed);
        record.control.is_some() || (read_committed && log.is_aborted(record))
    }

    /// Offsets of a partition a group committed past without processing them (markers and, for
    /// read_committed, aborted records excepted).
    pub fn group_lost(&self, group_id: &str, tp: &TopicPartition) -> u64 {
        let Some(group) = self.world.groups.get(group_id) else { return 0 };
        let committed = group.coordinator.committed.get(tp).copied().unwrap_or(0);
        // Records a running consumer holds, returned by poll() and not yet processed, are not
        // lost (yet): committing before processing puts them below the committed offset for
        // the length of a batch.
        let in_hand: Vec<u64> = self
            .world
            .consumers
            .values()
            .filter(|c| c.spec.group_id == group_id && c.status == ConsumerStatus::Running)
            .flat_map(|c| c.in_hand(tp))
            .collect();
        group
            .ledger
            .lost_skipping(tp, committed, |offset| in_hand.contains(&offset) || self.never_delivered(group_id, tp, offset))
    }

    /// Which running consumer of a group currently owns a partition.
    pub fn owner_of(&self, group_id: &str, tp: &TopicPartition) -> Option<&Consumer> {
        self.world
            .consumers
            .values()
            .find(|c| c.spec.group_id == group_id && c.status == ConsumerStatus::Running && c.assigned.contains(tp))
    }

    /// A group's running consumers, in the order they first started.
    pub fn running_members(&self, group_id: &str) -> Vec<&Consumer> {
        self.world
            .consumer_order
            .iter()
            .filter_map(|id| self.world.consumers.get(id))
            .filter(|c| c.spec.group_id == group_id && c.is_running())
            .collect()
    }

    /// Topics a group reads (union of its consumers' subscriptions).
    pub fn group_topics(&self, group_id: &str) -> Vec<String> {
        let mut topics: Vec<String> = self
            .world
            .consumers
            .values()
            .filter(|c| c.spec.group_id == group_id)
            .flat_map(|c| c.spec.subscribe.clone())
            .collect();
        crate::model::sort::sort(&mut topics);
        topics.dedup();
        topics
    }
}
