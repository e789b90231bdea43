//! Brokers, topics and partition logs.

use crate::model::protocol::{FetchPartition, FetchedPartition, KafkaError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// `topic-partition`, ordered by topic then partition; written as "topic-p" (Kafka's format).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<String>, partition: u32) -> TopicPartition {
        TopicPartition {
            topic: topic.into(),
            partition,
        }
    }

    /// Parses "topic-p" (the topic itself may contain '-').
    pub fn parse(text: &str) -> Option<TopicPartition> {
        let (topic, partition) = text.rsplit_once('-')?;
        if topic.is_empty() {
            return None;
        }
        Some(TopicPartition {
            topic: topic.to_string(),
            partition: partition.parse().ok()?,
        })
    }
}

impl fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

impl Serialize for TopicPartition {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TopicPartition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TopicPartition::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("'{text}' is not of the form topic-partition")))
    }
}

/// One record in a partition log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub offset: u64,
    pub key: Option<String>,
    pub value: String,
    pub timestamp_ms: u64,
    pub producer: String,
}

impl Record {
    /// Modelled size on the wire: key + value bytes plus a fixed 20-byte per-record overhead
    /// (Kafka's varint record header is 7–20 bytes for small records).
    pub fn size_bytes(&self) -> u64 {
        20 + self.key.as_ref().map_or(0, |k| k.len() as u64) + self.value.len() as u64
    }
}

/// An append-only list stored in shared chunks: cloning it (a session snapshot) copies one
/// pointer per `CHUNK` items, and appending after a clone copies at most the last chunk. It
/// serializes and compares as the plain list it is.
#[derive(Clone, Debug)]
pub struct AppendLog<T> {
    chunks: Vec<std::rc::Rc<Vec<T>>>,
    len: usize,
}

impl<T> Default for AppendLog<T> {
    fn default() -> Self {
        AppendLog { chunks: Vec::new(), len: 0 }
    }
}

impl<T: Clone> AppendLog<T> {
    const CHUNK: usize = 512;

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn get(&self, i: usize) -> Option<&T> {
        (i < self.len).then(|| &self.chunks[i / Self::CHUNK][i % Self::CHUNK])
    }

    pub fn push(&mut self, item: T) {
        if self.len.is_multiple_of(Self::CHUNK) {
            self.chunks.push(std::rc::Rc::new(Vec::with_capacity(Self::CHUNK)));
        }
        let last = self.chunks.last_mut().expect("a chunk with room exists");
        std::rc::Rc::make_mut(last).push(item);
        self.len += 1;
        debug_assert_eq!(self.chunks.len(), self.len.div_ceil(Self::CHUNK));
    }

    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

impl<T: Clone + PartialEq> PartialEq for AppendLog<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && self.chunks.iter().zip(&other.chunks).all(|(a, b)| std::rc::Rc::ptr_eq(a, b) || a == b)
    }
}

impl<T: Clone + Eq> Eq for AppendLog<T> {}

impl<T: Clone + Serialize> Serialize for AppendLog<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de, T: Clone + Deserialize<'de>> Deserialize<'de> for AppendLog<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = Vec::<T>::deserialize(deserializer)?;
        let mut log = AppendLog::default();
        for item in items {
            log.push(item);
        }
        Ok(log)
    }
}

/// A partition's log on its leader.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionLog {
    pub log_start_offset: u64,
    pub records: AppendLog<Record>,
    /// Consumers never read at or beyond it. With one replica it equals the log end offset.
    pub high_watermark: u64,
}

impl PartitionLog {
    pub fn log_end_offset(&self) -> u64 {
        self.log_start_offset + self.records.len() as u64
    }

    pub fn record(&self, offset: u64) -> Option<&Record> {
        offset.checked_sub(self.log_start_offset).and_then(|i| self.records.get(i as usize))
    }

    /// Appends a record at the log end and returns its offset.
    pub fn append(&mut self, key: Option<String>, value: String, timestamp_ms: u64, producer: &str) -> u64 {
        let offset = self.log_end_offset();
        self.records.push(Record {
            offset,
            key,
            value,
            timestamp_ms,
            producer: producer.to_string(),
        });
        self.high_watermark = self.log_end_offset();
        debug_assert!(self.high_watermark <= self.log_end_offset());
        offset
    }

    /// Serves one partition of a fetch: whole records from `offset` below the high watermark,
    /// up to `max_bytes` (soft: the first record is always returned so the consumer progresses).
    pub fn read(&self, tp: &TopicPartition, offset: u64, max_bytes: u64) -> FetchedPartition {
        let mut result = FetchedPartition {
            tp: tp.clone(),
            fetch_offset: offset,
            error: None,
            high_watermark: self.high_watermark,
            log_start_offset: self.log_start_offset,
            records: Vec::new(),
        };
        if offset < self.log_start_offset || offset > self.log_end_offset() {
            result.error = Some(KafkaError::OffsetOutOfRange);
            return result;
        }
        let mut bytes = 0;
        let mut next = offset;
        while next < self.high_watermark {
            let record = self.record(next).expect("offsets below the high watermark are in the log");
            if !result.records.is_empty() && bytes + record.size_bytes() > max_bytes {
                break;
            }
            bytes += record.size_bytes();
            result.records.push(record.clone());
            next += 1;
        }
        result
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub name: String,
    pub partitions: Vec<PartitionLog>,
    /// Index of the topic in creation order: spreads leaders across brokers.
    pub index: u32,
}

/// A fetch the broker holds until data arrives or `fetch.max.wait.ms` passes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParkedFetch {
    pub fetch_id: u64,
    pub broker: u32,
    pub consumer: String,
    pub incarnation: u32,
    pub max_partition_bytes: u64,
    pub partitions: Vec<FetchPartition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    pub brokers: u32,
    pub topics: BTreeMap<String, Topic>,
    pub offsets_topic_partitions: u32,
    /// Fetches waiting at brokers, in arrival order.
    pub parked_fetches: Vec<ParkedFetch>,
}

impl Cluster {
    pub fn new(brokers: u32) -> Cluster {
        assert!(brokers > 0);
        Cluster {
            brokers,
            topics: BTreeMap::new(),
            offsets_topic_partitions: 50,
            parked_fetches: Vec::new(),
        }
    }

    pub fn add_topic(&mut self, name: &str, partitions: u32) {
        let index = self.topics.len() as u32;
        let logs = (0..partitions).map(|_| PartitionLog::default()).collect();
        self.topics.insert(
            name.to_string(),
            Topic {
                name: name.to_string(),
                partitions: logs,
                index,
            },
        );
    }

    /// Grows a topic to `partitions` partitions (never shrinks); returns the old count.
    pub fn add_partitions(&mut self, topic: &str, partitions: u32) -> u32 {
        let Some(t) = self.topics.get_mut(topic) else { return 0 };
        let old = t.partitions.len() as u32;
        while (t.partitions.len() as u32) < partitions {
            t.partitions.push(PartitionLog::default());
        }
        old
    }

    pub fn partition_count(&self, topic: &str) -> u32 {
        self.topics.get(topic).map_or(0, |t| t.partitions.len() as u32)
    }

    pub fn log(&self, tp: &TopicPartition) -> Option<&PartitionLog> {
        self.topics.get(&tp.topic).and_then(|t| t.partitions.get(tp.partition as usize))
    }

    pub fn log_mut(&mut self, tp: &TopicPartition) -> Option<&mut PartitionLog> {
        self.topics.get_mut(&tp.topic).and_then(|t| t.partitions.get_mut(tp.partition as usize))
    }

    /// The broker leading a partition: replicas are spread round-robin, shifted per topic.
    pub fn leader(&self, tp: &TopicPartition) -> u32 {
        let index = self.topics.get(&tp.topic).map_or(0, |t| t.index);
        (tp.partition + index) % self.brokers
    }

    /// The group's `__consumer_offsets` partition: abs(hashCode(group.id)) % partitions.
    pub fn offsets_partition(&self, group_id: &str) -> u32 {
        crate::model::java::offsets_partition_for(group_id, self.offsets_topic_partitions)
    }

    /// The broker that coordinates a group: leader of its `__consumer_offsets` partition.
    pub fn coordinator_broker(&self, group_id: &str) -> u32 {
        self.offsets_partition(group_id) % self.brokers
    }

    /// All partitions of the given topics, sorted by topic then partition.
    pub fn partitions_of(&self, topics: &[String]) -> Vec<TopicPartition> {
        let mut out = Vec::new();
        for topic in topics {
            for p in 0..self.partition_count(topic) {
                out.push(TopicPartition::new(topic.clone(), p));
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn append_log_is_a_list_whose_clones_are_independent() {
        let mut a: AppendLog<u32> = AppendLog::default();
        for i in 0..1100 {
            a.push(i);
        }
        let snapshot = a.clone();
        a.push(1100);
        assert_eq!((a.len(), snapshot.len()), (1101, 1100));
        assert_eq!(snapshot.get(1100), None);
        assert_eq!(a.get(1100), Some(&1100));
        assert!(a.iter().copied().eq(0..1101));
        assert!(snapshot.iter().copied().eq(0..1100));
        assert_ne!(a, snapshot);
        let json = serde_json::to_string(&snapshot).unwrap();
        assert_eq!(json, serde_json::to_string(&(0..1100).collect::<Vec<u32>>()).unwrap());
        let back: AppendLog<u32> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, snapshot);
    }

    use super::*;

    #[test]
    fn topic_partition_text_round_trip() {
        let tp = TopicPartition::new("my-topic", 12);
        assert_eq!(tp.to_string(), "my-topic-12");
        assert_eq!(TopicPartition::parse("my-topic-12"), Some(tp));
        assert_eq!(TopicPartition::parse("nodash"), None);
        assert_eq!(TopicPartition::parse("-1"), None);
    }

    #[test]
    fn read_respects_high_watermark_and_soft_byte_limit() {
        let mut log = PartitionLog::default();
        for i in 0..5 {
            log.append(Some("k".into()), format!("value-{i}"), i, "p");
        }
        let tp = TopicPartition::new("t", 0);
        assert_eq!(log.read(&tp, 2, 1_000_000).records.len(), 3);
        assert_eq!(log.read(&tp, 0, 1).records.len(), 1, "first record always returned");
        assert_eq!(log.read(&tp, 5, 1_000_000).records.len(), 0);
        assert_eq!(log.read(&tp, 6, 1_000_000).error, Some(KafkaError::OffsetOutOfRange));
    }
}
