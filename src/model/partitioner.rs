//! Producer partitioning as Kafka does it (reference §2): the decision order of
//! `KafkaProducer.partition`, the built-in "uniform sticky" partitioner for key-less records
//! (KIP-794, 3.3+) and `RoundRobinPartitioner`, with the producer properties that steer them.
//!
//! Until the record accumulator is modelled, every record leaves in a batch of its own (the
//! engine appends it at once, as `linger.ms=0` does under light load): the sticky partition's
//! "appended bytes" are then each new batch's whole estimated size, and its queue never holds
//! an incomplete batch. Without queues there are no load statistics, so
//! `partitioner.adaptive.partitioning.enable` picks uniformly either way (as Kafka does when all
//! queue lengths are equal); `weighted_choice` is the weighted path, ready for the accumulator.

use crate::model::murmur2::partition_for_key;
use crate::model::rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the v2 batch header.
pub const RECORD_BATCH_OVERHEAD: u64 = 61;

/// The class name `partitioner.class` takes for the round-robin partitioner.
pub const ROUND_ROBIN_CLASS: &str = "org.apache.kafka.clients.producer.RoundRobinPartitioner";

/// Which partitioner a producer runs (`partitioner.class`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartitionerKind {
    /// `null`: murmur2 for keys, the built-in sticky partitioner for the rest.
    #[default]
    BuiltIn,
    RoundRobin,
}

/// The producer properties the engine models, with Kafka 4.0 defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerConfig {
    pub partitioner: PartitionerKind,
    /// `partitioner.ignore.keys`: keyed records use the sticky partitioner too.
    pub ignore_keys: bool,
    /// `partitioner.adaptive.partitioning.enable`.
    pub adaptive: bool,
    /// `batch.size` (bytes); also the sticky partitioner's switch threshold.
    pub batch_size: u64,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            partitioner: PartitionerKind::BuiltIn,
            ignore_keys: false,
            adaptive: true,
            batch_size: 16_384,
        }
    }
}

/// Supported producer properties (name, what it accepts, default, history).
pub const PRODUCER_CONFIGS: &[(&str, &str, &str, &str)] = &[
    (
        "partitioner.class",
        "null or org.apache.kafka.clients.producer.RoundRobinPartitioner",
        "null",
        "was DefaultPartitioner; null (the built-in logic) since 3.3 (KIP-794)",
    ),
    ("partitioner.ignore.keys", "true or false", "false", "added in 3.3 (KIP-794)"),
    ("partitioner.adaptive.partitioning.enable", "true or false", "true", "added in 3.3 (KIP-794)"),
    (
        "batch.size",
        "an integer from 0 to 2147483647",
        "16384",
        "also the sticky partitioner's switch threshold",
    ),
];

impl ProducerConfig {
    /// Kafka property names over the defaults; errors name the property and what it accepts.
    pub fn from_properties(props: &BTreeMap<String, Value>) -> Result<ProducerConfig, String> {
        let mut config = ProducerConfig::default();
        config.apply(props)?;
        Ok(config)
    }

    /// Applies properties over this config; on error nothing changes.
    pub fn apply(&mut self, props: &BTreeMap<String, Value>) -> Result<(), String> {
        let mut config = self.clone();
        for (name, value) in props {
            let Some((_, accepts, _, _)) = PRODUCER_CONFIGS.iter().find(|(n, ..)| n == name) else {
                let known: Vec<&str> = PRODUCER_CONFIGS.iter().map(|(n, ..)| *n).collect();
                return Err(format!("unknown or not yet modelled producer config '{name}'; supported: {}", known.join(", ")));
            };
            let bad = || format!("bad value {value} for '{name}': expected {accepts}");
            let boolean = || match value {
                Value::Bool(b) => Ok(*b),
                Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
                _ => Err(bad()),
            };
            match name.as_str() {
                "partitioner.class" => {
                    config.partitioner = match value {
                        Value::Null => PartitionerKind::BuiltIn,
                        Value::String(s) if s == "null" || s.is_empty() => PartitionerKind::BuiltIn,
                        Value::String(s) if s == ROUND_ROBIN_CLASS => PartitionerKind::RoundRobin,
                        _ => return Err(bad()),
                    }
                }
                "partitioner.ignore.keys" => config.ignore_keys = boolean()?,
                "partitioner.adaptive.partitioning.enable" => config.adaptive = boolean()?,
                "batch.size" => {
                    let n = match value {
                        Value::Number(n) => n.as_i64(),
                        Value::String(s) => s.trim().parse::<i64>().ok(),
                        _ => None,
                    }
                    .filter(|n| (0..=i32::MAX as i64).contains(n))
                    .ok_or_else(bad)?;
                    config.batch_size = n as u64;
                }
                other => unreachable!("producer config table and parser disagree on {other}"),
            }
        }
        *self = config;
        Ok(())
    }

    /// One property's current value as `PRODUCER_CONFIGS` prints defaults.
    pub fn property(&self, name: &str) -> Option<String> {
        Some(match name {
            "partitioner.class" => match self.partitioner {
                PartitionerKind::BuiltIn => "null".to_string(),
                PartitionerKind::RoundRobin => ROUND_ROBIN_CLASS.to_string(),
            },
            "partitioner.ignore.keys" => self.ignore_keys.to_string(),
            "partitioner.adaptive.partitioning.enable" => self.adaptive.to_string(),
            "batch.size" => self.batch_size.to_string(),
            _ => return None,
        })
    }

    /// `stickyBatchSize = max(1, batch.size)`.
    pub fn sticky_batch_size(&self) -> u64 {
        self.batch_size.max(1)
    }
}

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
/// length varint): offset and timestamp deltas 0, no headers.
pub fn record_size_bytes(key: Option<&[u8]>, value: &[u8]) -> u64 {
    let key_part = match key {
        Some(k) => varint_len(zigzag(k.len() as i64)) + k.len() as u64,
        None => varint_len(zigzag(-1)),
    };
    // attributes (1) + timestampDelta varlong(0) + offsetDelta varint(0) + key + value + headers count varint(0).
    let body = 1 + 1 + 1 + key_part + varint_len(zigzag(value.len() as i64)) + value.len() as u64 + 1;
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
    pub fn choose(&mut self, config: &ProducerConfig, explicit: Option<u32>, key: Option<&str>, value: &str, partitions: u32, rng: &mut Rng) -> Choice {
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
                let p = next_positive_int(rng) % partitions;
                self.sticky = Some(p);
                self.produced_bytes = 0;
                new_sticky = Some(0);
                p
            }
        };
        // The record opens a batch of its own: the appended bytes are the whole new batch.
        self.produced_bytes += RECORD_BATCH_OVERHEAD + record_size_bytes(key.map(str::as_bytes), value.as_bytes());
        if self.produced_bytes >= config.sticky_batch_size() {
            // Its queue holds no incomplete batch (each batch leaves at once), so switch now; the
            // new partition serves the next record.
            let after = self.produced_bytes;
            self.sticky = Some(next_positive_int(rng) % partitions);
            self.produced_bytes = 0;
            return Choice {
                partition: current,
                reason: PartitionReason::Sticky,
                new_sticky: Some(after),
            };
        }
        Choice {
            partition: current,
            reason: PartitionReason::Sticky,
            new_sticky,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        assert_eq!(record_size_bytes(None, b"p1-123"), 13);
        // 5-byte key: body = 3 + (1 + 5) + (1 + 6) + 1 = 17 → 18.
        assert_eq!(record_size_bytes(Some(b"key-0"), b"p1-123"), 18);
        // A 200-byte value needs a 2-byte length varint (zig-zag 400 > 127).
        assert_eq!(record_size_bytes(None, &[0u8; 200]), 3 + 1 + 2 + 200 + 1 + 2);
    }

    #[test]
    fn decision_order_explicit_then_partitioner_then_key_then_sticky() {
        let mut rng = Rng::new(1);
        let builtin = ProducerConfig::default();
        let mut t = TopicPartitioner::default();
        assert_eq!(t.choose(&builtin, Some(2), Some("abc"), "v", 6, &mut rng).reason, PartitionReason::Explicit);
        // Keyed: murmur2 ("abc" → 3 of 6, the reference's vector).
        let c = t.choose(&builtin, None, Some("abc"), "v", 6, &mut rng);
        assert_eq!((c.partition, c.reason), (3, PartitionReason::Key));
        assert_eq!(t.sticky, None, "keyed records never touch the sticky state");
        // Keys ignored: the sticky partitioner.
        let ignore = ProducerConfig {
            ignore_keys: true,
            ..ProducerConfig::default()
        };
        let c = t.choose(&ignore, None, Some("abc"), "v", 6, &mut rng);
        assert_eq!((c.reason, c.new_sticky), (PartitionReason::Sticky, Some(0)));
        // RoundRobin ignores keys and counts one value per record.
        let rr = ProducerConfig {
            partitioner: PartitionerKind::RoundRobin,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        let parts: Vec<u32> = (0..5).map(|_| t.choose(&rr, None, Some("abc"), "v", 3, &mut rng).partition).collect();
        assert_eq!(parts, vec![0, 1, 2, 0, 1]);
    }

    /// The sticky partition holds until batch.size bytes were appended to it, then a new one
    /// is drawn (possibly the same) for the next record.
    #[test]
    fn sticky_partition_switches_after_batch_size_bytes() {
        let mut rng = Rng::new(7);
        let config = ProducerConfig {
            batch_size: 1000,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        // Each key-less "p1-123" record opens a batch: 61 + 13 = 74 bytes; 1000 / 74 → the 14th
        // record reaches 1036 bytes and triggers the switch.
        let mut switches = Vec::new();
        let mut parts = Vec::new();
        for i in 0..40 {
            let c = t.choose(&config, None, None, "p1-123", 6, &mut rng);
            parts.push(c.partition);
            if let Some(after) = c.new_sticky.filter(|b| *b > 0) {
                switches.push((i, after));
            }
        }
        assert_eq!(switches, vec![(13, 1036), (27, 1036)]);
        assert!(parts[..14].iter().all(|p| *p == parts[0]), "{parts:?}");
        assert!(parts[14..28].iter().all(|p| *p == parts[14]), "{parts:?}");
        // batch.size 0 behaves as 1: a new partition after every record.
        let zero = ProducerConfig {
            batch_size: 0,
            ..ProducerConfig::default()
        };
        let mut t = TopicPartitioner::default();
        let c = t.choose(&zero, None, None, "v", 6, &mut rng);
        assert!(c.new_sticky.is_some_and(|b| b > 0));
    }

    #[test]
    fn defaults_print_as_documented() {
        let c = ProducerConfig::default();
        for (name, _, default, _) in PRODUCER_CONFIGS {
            assert_eq!(c.property(name).as_deref(), Some(*default), "{name}");
        }
    }

    #[test]
    fn properties_parse_with_named_errors() {
        let props = |v: serde_json::Value| serde_json::from_value::<BTreeMap<String, Value>>(v).unwrap();
        let c = ProducerConfig::from_properties(&props(json!({
            "partitioner.class": ROUND_ROBIN_CLASS, "partitioner.ignore.keys": "true", "batch.size": 100
        })))
        .unwrap();
        assert_eq!(
            (c.partitioner, c.ignore_keys, c.batch_size, c.adaptive),
            (PartitionerKind::RoundRobin, true, 100, true)
        );
        let e = ProducerConfig::from_properties(&props(json!({"partitioner.class": "Foo"}))).unwrap_err();
        assert!(e.contains("partitioner.class") && e.contains("RoundRobinPartitioner"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"linger.ms": 5}))).unwrap_err();
        assert!(e.contains("linger.ms") && e.contains("batch.size"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"batch.size": -1}))).unwrap_err();
        assert!(e.contains("batch.size"), "{e}");
    }
}
