//! The shared nouns: a topic-partition and a record (with its idempotence sequence and
//! transaction marker), the small values every part of the engine names.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
/// `topic-partition`, ordered by topic then partition; written as "topic-p" (Kafka's format).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    /// Shared, not copied: a clone (every fetch, batch and trace entry holds some) costs a
    /// count, not an allocation (docs/performance.md, the soak).
    pub topic: std::rc::Rc<str>,
    pub partition: u32,
}

impl TopicPartition {
    pub fn new(topic: impl Into<std::rc::Rc<str>>, partition: u32) -> TopicPartition {
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
            topic: topic.into(),
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
    /// Payload bytes beyond the value's label (a producer's `value_bytes`).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pad_bytes: u32,
    /// Idempotent producers: (producer id, epoch, the batch's base sequence, this record's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<RecordSequence>,
    /// Written inside a transaction.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transactional: bool,
    /// A transaction marker (control record): consumers never see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<ControlMarker>,
    /// Headers (key, value), in the order the producer added them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A compressed record batch: its codec and its size before compression (header included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchCompression {
    pub codec: crate::model::producer_config::Compression,
    pub uncompressed_bytes: u64,
}

/// Where an idempotent record sits in its producer's sequence.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSequence {
    pub producer_id: u64,
    pub epoch: u16,
    pub base_sequence: i32,
    pub sequence: i32,
}

/// A transaction's end, written to each of its partitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlMarker {
    Commit,
    Abort,
}

impl Record {
    /// A data record before the leader gives it an offset.
    pub fn new(key: Option<String>, value: String, timestamp_ms: u64, producer: &str) -> Record {
        Record {
            offset: 0,
            key,
            value,
            timestamp_ms,
            producer: producer.to_string(),
            pad_bytes: 0,
            sequence: None,
            transactional: false,
            control: None,
            headers: Vec::new(),
        }
    }

    /// The value's bytes (its label and the padding of a producer's `value_bytes`).
    pub fn value_bytes(&self) -> u64 {
        self.value.len() as u64 + self.pad_bytes as u64
    }

    /// Its bytes in a v2 record batch (`DefaultRecord.sizeInBytes`, StringSerializer's UTF-8).
    pub fn batch_bytes(&self) -> u64 {
        crate::model::partitioner::record_size_bytes(self.key.as_deref().map(str::as_bytes), self.value_bytes(), &self.headers)
    }

    /// Modelled size on the wire: key + value bytes plus a fixed 20-byte per-record overhead
    /// (Kafka's varint record header is 7–20 bytes for small records).
    pub fn size_bytes(&self) -> u64 {
        20 + self.key.as_ref().map_or(0, |k| k.len() as u64)
            + self.value.len() as u64
            + self.pad_bytes as u64
            + self.headers.iter().map(|(k, v)| 2 + (k.len() + v.len()) as u64).sum::<u64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_partition_text_round_trip() {
        let tp = TopicPartition::new("my-topic", 12);
        assert_eq!(tp.to_string(), "my-topic-12");
        assert_eq!(TopicPartition::parse("my-topic-12"), Some(tp));
        assert_eq!(TopicPartition::parse("nodash"), None);
        assert_eq!(TopicPartition::parse("-1"), None);
    }
}
