//! Producer partitioning as Kafka does it (kafka-behaviour.md §2): the decision order of
//! `KafkaProducer.partition`, the built-in "uniform sticky" partitioner for key-less records
//! (KIP-794, 3.3+) and `RoundRobinPartitioner`, with the producer properties that steer them.
//!
//! The sticky bookkeeping (`record_appended`) is driven by the producer's record accumulator
//! (`producer/accumulator.rs`): the bytes each append added to the partition's queue, whether its last
//! batch is full, and the queue lengths adaptive partitioning weighs.

use crate::model::murmur2::partition_for_key;
use crate::model::rng::Rng;
use serde::{Deserialize, Serialize};

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the v2 batch header.
pub const RECORD_BATCH_OVERHEAD: u64 = 61;

pub use crate::model::producer_config::{PartitionerKind, ProducerConfig, PRODUCER_CONFIGS, ROUND_ROBIN_CLASS};

/// Length of a varint (zig-zag already applied) as `ByteUtils.sizeOfVarint`.
fn varint_len(value: u64) -> u64 {
    let mut len = 1;
    let mut v = value >> 7;
    while v != 0 {
        len += 1;
        v >>= 7;
    }
    len
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Bytes a record takes as the first record of a v2 batch (`DefaultRecord.sizeInBytes` plus its
/// length varint): offset and timestamp deltas 0. Key, value and headers are the serializers'
/// bytes (StringSerializer: UTF-8).
pub fn record_size_bytes(key: Option<&[u8]>, value_bytes: u64, headers: &[(String, String)]) -> u64 {
    let sized = |len: u64| varint_len(zigzag(len as i64)) + len;
    let key_part = key.map_or(varint_len(zigzag(-1)), |k| sized(k.len() as u64));
    let header_part: u64 = headers.iter().map(|(k, v)| sized(k.len() as u64) + sized(v.len() as u64)).sum();
    // attributes (1) + timestampDelta varlong(0) + offsetDelta varint(0) + key + value + headers.
    let body = 1 + 1 + 1 + key_part + sized(value_bytes) + varint_len(zigzag(headers.len() as i64)) + header_part;
    body + varint_len(zigzag(body as i64))
}

/// The adaptive partitioner's weighted choice: weight `max + 1 − queue length` per partition,
/// the first whose running sum is strictly greater than `x mod total` (§2.3, step 4).
pub fn weighted_choice(queue_lengths: &[u32], x: u32) -> usize {
    assert!(!queue_lengths.is_empty(), "a topic has partitions");
    let max_plus_1 = queue_lengths.iter().copied().max().unwrap_or(0) + 1;
    let mut cumulative = Vec::with_capacity(queue_lengths.len());
    let mut sum = 0u64;
    for q in queue_lengths {
        sum += (max_plus_1 - q) as u64;
        cumulative.push(sum);
    }
    let pick = x as u64 % sum;
    cumulative.iter().position(|&c| c > pick).expect("pick < total")
}

/// `toPositive(nextInt())` from the world's generator.
fn next_positive_int(rng: &mut Rng) -> u32 {
    (rng.next_u64() as u32) & 0x7FFF_FFFF
}

/// One producer's partitioning state for one topic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicPartitioner {
    /// The built-in partitioner's current sticky partition (chosen lazily).
    pub sticky: Option<u32>,
    /// Bytes appended to the sticky partition since it was chosen.
    pub produced_bytes: u64,
    /// RoundRobinPartitioner's counter.
    pub round_robin_counter: u32,
}

/// Why a record went to its partition (for the trace and the narration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartitionReason {
    Explicit,
    Key,
    Sticky,
    RoundRobin,
}

/// What choosing one record's partition decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub partition: u32,
    pub reason: PartitionReason,
    /// The built-in partitioner picked a new sticky partition for this record (after
    /// `after_bytes` bytes on the previous one; 0 for the first choice).
    pub new_sticky: Option<u64>,
}

impl TopicPartitioner {
    /// `KafkaProducer.partition` for one record, then (key-less) the accumulator's sticky
    /// bookkeeping for its append. `partitions` counts all of the topic's partitions; every one
    /// has a leader in this model.
    pub fn choose(&mut self, config: &ProducerConfig, explicit: Option<u32>, key: Option<&str>, partitions: u32, rng: &mut Rng) -> Choice {
        assert!(partitions > 0, "a topic has partitions");
        if let Some(p) = explicit {
            return Choice {
                partition: p,
                reason: PartitionReason::Explicit,
                new_sticky: None,
            };
        }
        if config.partitioner == PartitionerKind::RoundRobin {
            // One counter value per record (KAFKA-17632; before it, KAFKA-9965 spent two on
            // every record that opened a batch).
            let value = self.round_robin_counter;
            self.round_robin_counter = self.round_robin_counter.wrapping_add(1);
            return Choice {
                partition: (value & 0x7FFF_FFFF) % partitions,
                reason: PartitionReason::RoundRobin,
                new_sticky: None,
            };
        }
        if let (Some(k), false) = (key, config.ignore_keys) {
            return Choice {
                partition: partition_for_key(k.as_bytes(), partitions),
                reason: PartitionReason::Key,
                new_sticky: None,
            };
        }
        let mut new_sticky = None;
        let current = match self.sticky.filter(|p| *p < partitions) {
            Some(p) => p,
            None => {
                let p = next_partition(config, None, partitions, rng);
                self.sticky = Some(p);
                self.produced_bytes = 0;
                new_sticky = Some(0);
                p
            }
        };
        Choice {
            partition: current,
            reason: PartitionReason::Sticky,
            new_sticky,
        }
    }

    /// `BuiltInPartitioner.updatePartitionInfo` after a key-less record was appended to the
    /// sticky partition: `appended_bytes` is how much that partition's queue grew (a whole new
    /// batch's estimate when the record opened one). Switches once `batch.size` bytes went to
    /// it and its last batch is full, or unconditionally at twice that (§2.3 step 3); the new
    /// partition comes from `next_partition`. Returns the bytes the old choice took on a switch.
    pub fn record_appended(
        &mut self,
        config: &ProducerConfig,
        appended_bytes: u64,
        last_batch_full: bool,
        queue_lengths: Option<&[u32]>,
        partitions: u32,
        rng: &mut Rng,
    ) -> Option<u64> {
        self.sticky?;
        self.produced_bytes += appended_bytes;
        let size = config.sticky_batch_size();
        if self.produced_bytes >= size.saturating_mul(2) || (self.produced_bytes >= size && last_batch_full) {
            let after = self.produced_bytes;
            self.sticky = Some(next_partition(config, queue_lengths, partitions, rng));
            self.produced_bytes = 0;
            return Some(after);
        }
        None
    }
}

/// `BuiltInPartitioner.nextPartition`: weighted by queue lengths when adaptive partitioning is
/// on and every partition has a queue whose lengths differ, uniform otherwise (§2.3 step 4).
pub fn next_partition(config: &ProducerConfig, queue_lengths: Option<&[u32]>, partitions: u32, rng: &mut Rng) -> u32 {
    let random = next_positive_int(rng);
    match queue_lengths.filter(|q| config.adaptive && partitions >= 2 && q.len() == partitions as usize && q.iter().any(|l| *l != q[0])) {
        Some(queues) => weighted_choice(queues, random) as u32,
        None => random % partitions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `BuiltInPartitionerTest.adaptivePartitionsTest`: queue lengths [5, 0, 3, 0, 1] → weights
    /// [1, 6, 3, 6, 5]; over x = 0 … 41 the counts are [2, 12, 6, 12, 10].
    #[test]
    fn weighted_choice_matches_kafkas_test() {
        let queues = [5, 0, 3, 0, 1];
        let mut counts = [0; 5];
        for x in 0..42 {
            counts[weighted_choice(&queues, x)] += 1;
        }
        assert_eq!(counts, [2, 12, 6, 12, 10]);
        assert_eq!(weighted_choice(&queues, 0), 0);
        assert_eq!(weighted_choice(&queues, 7), 2);
        assert_eq!(weighted_choice(&queues, 20), 4);
        // Equal queues: uniform.
        assert_eq!((0..4).map(|x| weighted_choice(&[2, 2, 2, 2], x)).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
    }

    #[test]
    fn record_sizes_follow_the_v2_format() {
        // Key-less, 6-byte value: body = 1+1+1 + 1 (key -1) + 1 + 6 + 1 = 12, plus 1 length byte.
        assert_eq!(record_size_bytes(None, 6, &[]), 13);
        // 5-byte key: body = 3 + (1 + 5) + (1 + 6) + 1 = 17 → 18.
        assert_eq!(record_size_bytes(Some(b"key-0"), 6, &[]), 18);
        // A header "source" = "game": 1 + 6 + 1 + 4 bytes more.
        let headers = [("source".to_string(), "game".to_string())];
        assert_eq!(record_size_bytes(Some(b"key-0"), 6, &headers), 18 + 12);
        // A 200-byte value needs a 2-byte length varint (zig-zag 400 > 127).
        assert_eq!(record_size_bytes(None, 200, &[]), 3 + 1 + 2 + 200 + 1 + 2);
    }

    #[test]
    fn decision_order_explicit_then_partitioner_then_key_then_sticky() {
        let mut rng = Rng::new(1);
        let builtin = ProducerConfig::default();
        let mut t = TopicPartitioner::default();
        assert_eq!(t.choose(&builtin, Some(2), Some("abc"), 6, &mut rng).reason, PartitionReason::Explicit);
        // Keyed: murmur2 ("abc" → 3 of 6, the reference's vector).
        let c = t.choose(&builtin, None, Some("abc"), 6, &mut rng);
        assert_eq!((c.partition, c.reason), (3, PartitionReason::Key));
        assert_eq!(t.sticky, None, "keyed records never touch the sticky state");
        // Keys ignored: the sticky partitioner.
        let ignore = ProducerConfig {
            ignore_keys: true,
            ..ProducerConfig::default()
        };
        let c = t.choose(&ignore, None, Some("abc"), 6, &mut rng);
        assert_eq!((c.reason, c.new_sticky), (PartitionReason::Sticky, Some(0)));
        // RoundRobin ignores keys and counts one value per record.
        let rr = ProducerConfig {
            partitioner: PartitionerKind::RoundRobin,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        let parts: Vec<u32> = (0..5).map(|_| t.choose(&rr, None, Some("abc"), 3, &mut rng).partition).collect();
        assert_eq!(parts, vec![0, 1, 2, 0, 1]);
    }

    /// The sticky partition holds until batch.size bytes were appended to it and its last batch
    /// is full (or twice batch.size went to it), then a new one is drawn (possibly the same).
    #[test]
    fn sticky_partition_switches_after_batch_size_bytes() {
        let mut rng = Rng::new(7);
        let config = ProducerConfig {
            batch_size: 1000,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        // Records that each open a batch of 74 bytes, batches always full: the 14th reaches
        // 1036 bytes and switches.
        let mut switches = Vec::new();
        let mut parts = Vec::new();
        for i in 0..40 {
            let c = t.choose(&config, None, None, 6, &mut rng);
            parts.push(c.partition);
            if let Some(after) = t.record_appended(&config, 74, true, None, 6, &mut rng) {
                switches.push((i, after));
            }
        }
        assert_eq!(switches, vec![(13, 1036), (27, 1036)]);
        assert!(parts[..14].iter().all(|p| *p == parts[0]), "{parts:?}");
        assert!(parts[14..28].iter().all(|p| *p == parts[14]), "{parts:?}");
        // The last batch not full: no switch until twice batch.size.
        let mut t = TopicPartitioner::default();
        t.choose(&config, None, None, 6, &mut rng);
        assert_eq!(t.record_appended(&config, 1500, false, None, 6, &mut rng), None);
        assert_eq!(t.record_appended(&config, 500, false, None, 6, &mut rng), Some(2000));
        // batch.size 0 behaves as 1: a new partition after every record.
        let zero = ProducerConfig {
            batch_size: 0,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        t.choose(&zero, None, None, 6, &mut rng);
        assert!(t.record_appended(&zero, 20, true, None, 6, &mut rng).is_some());
    }

    #[test]
    fn adaptive_switch_prefers_short_queues() {
        let mut rng = Rng::new(11);
        let config = ProducerConfig::default();
        let mut counts = [0u32; 3];
        for _ in 0..300 {
            counts[next_partition(&config, Some(&[8, 0, 8]), 3, &mut rng) as usize] += 1;
        }
        // Weights 1, 9, 1.
        assert!(counts[1] > 200 && counts[0] < 60 && counts[2] < 60, "{counts:?}");
        let off = ProducerConfig {
            adaptive: false,
            ..ProducerConfig::default()
        };
        let mut counts = [0u32; 3];
        for _ in 0..300 {
            counts[next_partition(&off, Some(&[8, 0, 8]), 3, &mut rng) as usize] += 1;
        }
        assert!(counts.iter().all(|c| *c > 60), "{counts:?}");
    }
}
