//! Producers: records at a fixed rate; keyed records go to murmur2's partition, key-less
//! records round-robin (the built-in sticky partitioner arrives with the producer issue).

use crate::model::murmur2::partition_for_key;
use crate::model::scenario::ProducerSpec;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Producer {
    pub spec: ProducerSpec,
    /// Records sent so far (also the index of the next one).
    pub sent: u64,
    pub round_robin_next: u32,
    /// Bumped by each reconfiguration: a tick scheduled under an older epoch is stale.
    #[serde(default)]
    pub tick_epoch: u32,
    /// Record number from which the current rate counts (the last reconfiguration).
    #[serde(default)]
    pub rate_base: u64,
}

impl Producer {
    pub fn new(spec: ProducerSpec) -> Producer {
        Producer {
            spec,
            sent: 0,
            round_robin_next: 0,
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

    /// The key of record number `n`: keys are cycled in order.
    pub fn key(&self, n: u64) -> Option<String> {
        self.spec.keys.as_ref().map(|keys| keys[(n % keys.len() as u64) as usize].clone())
    }

    /// Chooses the partition for the next record.
    pub fn choose_partition(&mut self, key: Option<&str>, partitions: u32) -> u32 {
        match key {
            Some(k) => partition_for_key(k.as_bytes(), partitions),
            None => {
                let p = self.round_robin_next % partitions;
                self.round_robin_next = (p + 1) % partitions;
                p
            }
        }
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
        let mut p = Producer::new(spec(1, Some(vec!["key-0", "key-1", "key-2"])));
        let parts: Vec<u32> = (0..4)
            .map(|n| {
                let k = p.key(n);
                p.choose_partition(k.as_deref(), 6)
            })
            .collect();
        assert_eq!(parts, vec![1, 0, 2, 1]);
        let mut q = Producer::new(spec(1, None));
        assert_eq!((0..4).map(|_| q.choose_partition(None, 3)).collect::<Vec<_>>(), vec![0, 1, 2, 0]);
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
