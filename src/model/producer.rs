//! Producers: records at a fixed rate, partitioned as `KafkaProducer.partition` does
//! (`partitioner.rs`: explicit partition, partitioner.class, murmur2 for keys, the built-in
//! sticky partitioner for key-less records).

use crate::model::partitioner::{Choice, ProducerConfig, TopicPartitioner};
use crate::model::rng::Rng;
use crate::model::scenario::ProducerSpec;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
        }
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
    /// replaces its producer with one configured so (partitioning starts afresh). Returns the
    /// `name=value` changes; on a bad value nothing changes.
    pub fn replace_config(&mut self, props: &BTreeMap<String, serde_json::Value>) -> Result<Vec<String>, String> {
        self.config.apply(props)?;
        self.partitioning = TopicPartitioner::default();
        Ok(crate::model::config::assignments(props))
    }

    /// The key of record number `n`: keys are cycled in order.
    pub fn key(&self, n: u64) -> Option<String> {
        self.spec.keys.as_ref().map(|keys| keys[(n % keys.len() as u64) as usize].clone())
    }

    /// Chooses the partition for the next record; returns the choice and, for a keyed record
    /// whose key last went elsewhere, that partition.
    pub fn choose_partition(&mut self, key: Option<&str>, value: &str, partitions: u32, rng: &mut Rng) -> (Choice, Option<u32>) {
        let choice = self.partitioning.choose(&self.config, self.spec.partition, key, value, partitions, rng);
        // Only murmur2's choice promises a key one partition (and so an order); explicit,
        // round-robin and ignored keys never did.
        let moved = key.filter(|_| choice.reason == crate::model::partitioner::PartitionReason::Key).and_then(|k| {
            let previous = self.key_partitions.insert(k.to_string(), choice.partition);
            previous.filter(|p| *p != choice.partition)
        });
        (choice, moved)
    }
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
                p.choose_partition(k.as_deref(), "v", 6, &mut rng).0.partition
            })
            .collect();
        assert_eq!(parts, vec![1, 0, 2, 1]);
        // Key-less: one sticky partition for the first records.
        let mut q = Producer::new(spec(1, None));
        let first: Vec<u32> = (0..4).map(|_| q.choose_partition(None, "v", 3, &mut rng).0.partition).collect();
        assert!(first.iter().all(|p| *p == first[0]), "{first:?}");
        // A key that lands elsewhere after the partition count changed is reported.
        let (c, moved) = p.choose_partition(Some("key-0"), "v", 6, &mut rng);
        assert_eq!((c.partition, moved), (1, None));
        let (c, moved) = p.choose_partition(Some("key-0"), "v", 10, &mut rng);
        assert_eq!((c.partition, moved), (1, None), "key-0 hashes to 1 of 10 as well");
        let (c, moved) = p.choose_partition(Some("key-1"), "v", 6, &mut rng);
        assert_eq!((c.partition, moved), (0, None));
        let (c, moved) = p.choose_partition(Some("key-1"), "v", 7, &mut rng);
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
}
