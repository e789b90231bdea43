//! Producer properties under Kafka's names with Kafka 4.0 defaults (kafka-behaviour.md §7.2), parsed
//! with errors that name the property and what it accepts, and checked together the way
//! `ProducerConfig.postProcessAndValidateIdempotenceConfigs` and `configureDeliveryTimeout` do.

use crate::model::config_error::{Accepts, ConfigError, Owner};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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

/// `acks`: how many replicas must have a batch before the leader answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acks {
    /// Fire and forget: no response is awaited.
    Zero,
    /// The leader appended it.
    One,
    /// Every in-sync replica has it (the high watermark passed it); `-1` means the same.
    #[default]
    All,
}

impl Acks {
    pub fn name(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

/// `compression.type`. The engine does not compress bytes: each codec shrinks a batch's
/// records by a fixed ratio (what the codec does to 4 KB batches of JSON events, measured by
/// `scripts/compression-ratios.py`), which is what the accumulator's size estimate uses to
/// decide when a batch is full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    #[default]
    None,
    Gzip,
    Snappy,
    Lz4,
    Zstd,
}

impl Compression {
    pub const ALL: [Compression; 5] = [Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd];

    pub fn name(self) -> &'static str {
        match self {
            Compression::None => "none",
            Compression::Gzip => "gzip",
            Compression::Snappy => "snappy",
            Compression::Lz4 => "lz4",
            Compression::Zstd => "zstd",
        }
    }

    /// Compressed size per 1000 bytes of records (the model's ratio: the codec at Kafka's
    /// default level on 4 KB batches of JSON events).
    pub fn ratio_permille(self) -> u64 {
        match self {
            Compression::None => 1000,
            Compression::Gzip => 280,
            Compression::Snappy => 430,
            Compression::Lz4 => 370,
            Compression::Zstd => 270,
        }
    }

    /// The ratios measured on real codecs (`scripts/compression-ratios.py`): from 16 KB batches
    /// of JSON events (the best) to 1 KB ones (the worst). Data already compressed or
    /// encrypted does not shrink at all (1000).
    pub fn measured_range_permille(self) -> (u64, u64) {
        match self {
            Compression::None => (1000, 1000),
            Compression::Gzip => (241, 380),
            Compression::Snappy => (381, 543),
            Compression::Lz4 => (315, 496),
            Compression::Zstd => (224, 390),
        }
    }
}

/// The producer properties the engine models.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerConfig {
    pub partitioner: PartitionerKind,
    /// `partitioner.ignore.keys`: keyed records use the sticky partitioner too.
    pub ignore_keys: bool,
    /// `partitioner.adaptive.partitioning.enable`.
    pub adaptive: bool,
    /// `batch.size` (bytes); also the sticky partitioner's switch threshold.
    pub batch_size: u64,
    pub linger_ms: u64,
    pub acks: Acks,
    /// Idempotence as it ends up after validation.
    pub idempotence: bool,
    /// `enable.idempotence` when the user set it (a conflict is then an error, not a silent off).
    pub idempotence_set: Option<bool>,
    pub retries: u32,
    pub max_in_flight: u32,
    pub request_timeout_ms: u64,
    /// Effective `delivery.timeout.ms` (raised to linger.ms + request.timeout.ms when not set).
    pub delivery_timeout_ms: u64,
    pub delivery_timeout_set: bool,
    pub retry_backoff_ms: u64,
    pub retry_backoff_max_ms: u64,
    pub buffer_memory: u64,
    pub max_block_ms: u64,
    pub max_request_size: u64,
    pub compression: Compression,
    pub transactional_id: Option<String>,
    pub transaction_timeout_ms: u64,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            partitioner: PartitionerKind::BuiltIn,
            ignore_keys: false,
            adaptive: true,
            batch_size: 16_384,
            linger_ms: 5,
            acks: Acks::All,
            idempotence: true,
            idempotence_set: None,
            retries: i32::MAX as u32,
            max_in_flight: 5,
            request_timeout_ms: 30_000,
            delivery_timeout_ms: 120_000,
            delivery_timeout_set: false,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1_000,
            buffer_memory: 33_554_432,
            max_block_ms: 60_000,
            max_request_size: 1_048_576,
            compression: Compression::None,
            transactional_id: None,
            transaction_timeout_ms: 60_000,
        }
    }
}

const INT: Accepts = Accepts::Int { min: 0, max: i32::MAX as i64 };
const POSITIVE: Accepts = Accepts::Int { min: 1, max: i32::MAX as i64 };
const BOOL: Accepts = Accepts::Bool;

/// Supported producer properties (name, what it accepts, default, history).
pub const PRODUCER_CONFIGS: &[(&str, Accepts, &str, &str)] = &[
    (
        "partitioner.class",
        Accepts::NullOr(ROUND_ROBIN_CLASS),
        "null",
        "was DefaultPartitioner; null (the built-in logic) since 3.3 (KIP-794)",
    ),
    ("partitioner.ignore.keys", BOOL, "false", "added in 3.3 (KIP-794)"),
    ("partitioner.adaptive.partitioning.enable", BOOL, "true", "added in 3.3 (KIP-794)"),
    ("batch.size", INT, "16384", "also the sticky partitioner's switch threshold"),
    ("linger.ms", INT, "5", "0 before 4.0 (KIP-1030)"),
    ("acks", Accepts::OneOf(&["0", "1", "all", "-1"]), "all", "was 1 before 3.0 (KIP-679)"),
    (
        "enable.idempotence",
        BOOL,
        "true",
        "false before 3.0 (KIP-679); off silently if acks, retries or max.in.flight conflict and it was not set",
    ),
    ("retries", INT, "2147483647", "was 0 before 2.1 (KIP-91)"),
    ("max.in.flight.requests.per.connection", POSITIVE, "5", "at most 5 with idempotence"),
    ("request.timeout.ms", INT, "30000", ""),
    (
        "delivery.timeout.ms",
        INT,
        "120000",
        "added in 2.1 (KIP-91); at least linger.ms + request.timeout.ms",
    ),
    ("retry.backoff.ms", INT, "100", ""),
    ("retry.backoff.max.ms", INT, "1000", "added in 3.7 (KIP-580): exponential backoff"),
    ("buffer.memory", INT, "33554432", "send() blocks up to max.block.ms when it is used up"),
    ("max.block.ms", INT, "60000", ""),
    ("max.request.size", POSITIVE, "1048576", ""),
    (
        "compression.type",
        Accepts::OneOf(&["none", "gzip", "snappy", "lz4", "zstd"]),
        "none",
        "zstd since 2.1; modelled as a size ratio per codec",
    ),
    ("transactional.id", Accepts::NullOrText, "null", "transactions since 0.11 (KIP-98)"),
    (
        "transaction.timeout.ms",
        POSITIVE,
        "60000",
        "at most the broker's transaction.max.timeout.ms (900000)",
    ),
];

/// The broker's `transaction.max.timeout.ms`.
pub const TRANSACTION_MAX_TIMEOUT_MS: u64 = 900_000;

impl ProducerConfig {
    /// Kafka property names over the defaults; errors name the property and what it accepts.
    pub fn from_properties(props: &BTreeMap<String, Value>) -> Result<ProducerConfig, ConfigError> {
        let mut config = ProducerConfig::default();
        config.apply(props)?;
        Ok(config)
    }

    /// Applies properties over this config and validates the result; on error nothing changes.
    pub fn apply(&mut self, props: &BTreeMap<String, Value>) -> Result<(), ConfigError> {
        let mut config = self.clone();
        for (name, value) in props {
            let Some((_, accepts, _, _)) = PRODUCER_CONFIGS.iter().find(|(n, ..)| n == name) else {
                return Err(ConfigError::unknown(Owner::Producer, name, PRODUCER_CONFIGS.iter().map(|(n, ..)| *n)));
            };
            let bad = || ConfigError::bad_value(name, value, *accepts);
            let boolean = || match value {
                Value::Bool(b) => Ok(*b),
                Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
                _ => Err(bad()),
            };
            let int = |min: i64| {
                match value {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse::<i64>().ok(),
                    _ => None,
                }
                .filter(|n| (min..=i32::MAX as i64).contains(n))
                .map(|n| n as u64)
                .ok_or_else(bad)
            };
            let text = || match value {
                Value::String(s) => Ok(s.trim().to_string()),
                Value::Number(n) => Ok(n.to_string()),
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
                "batch.size" => config.batch_size = int(0)?,
                "linger.ms" => config.linger_ms = int(0)?,
                "acks" => {
                    config.acks = match text()?.as_str() {
                        "0" => Acks::Zero,
                        "1" => Acks::One,
                        "all" | "-1" => Acks::All,
                        _ => return Err(bad()),
                    }
                }
                "enable.idempotence" => config.idempotence_set = Some(boolean()?),
                "retries" => config.retries = int(0)? as u32,
                "max.in.flight.requests.per.connection" => config.max_in_flight = int(1)? as u32,
                "request.timeout.ms" => config.request_timeout_ms = int(0)?,
                "delivery.timeout.ms" => {
                    config.delivery_timeout_ms = int(0)?;
                    config.delivery_timeout_set = true;
                }
                "retry.backoff.ms" => config.retry_backoff_ms = int(0)?,
                "retry.backoff.max.ms" => config.retry_backoff_max_ms = int(0)?,
                "buffer.memory" => config.buffer_memory = int(0)?,
                "max.block.ms" => config.max_block_ms = int(0)?,
                "max.request.size" => config.max_request_size = int(1)?,
                "compression.type" => {
                    let t = text()?;
                    config.compression = Compression::ALL.into_iter().find(|c| c.name() == t).ok_or_else(bad)?;
                }
                "transactional.id" => {
                    config.transactional_id = match value {
                        Value::Null => None,
                        Value::String(s) if s == "null" => None,
                        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                        _ => return Err(bad()),
                    }
                }
                "transaction.timeout.ms" => config.transaction_timeout_ms = int(1)?,
                other => unreachable!("producer config table and parser disagree on {other}"),
            }
        }
        config.validate()?;
        *self = config;
        Ok(())
    }

    /// The checks `ProducerConfig` makes on the whole set (kafka-behaviour.md §6.2 step 3, §6.4).
    fn validate(&mut self) -> Result<(), ConfigError> {
        let conflict = if self.acks != Acks::All {
            Some(format!("acks={}", self.acks.name()))
        } else if self.retries == 0 {
            Some("retries=0".to_string())
        } else if self.max_in_flight > 5 {
            Some(format!("max.in.flight.requests.per.connection={}", self.max_in_flight))
        } else {
            None
        };
        self.idempotence = match (self.idempotence_set, &conflict) {
            (Some(true), Some(c)) => return Err(ConfigError::IdempotenceConflict { conflict: c.clone() }),
            (Some(on), _) => on,
            // Not set: idempotence is silently turned off by a conflicting setting.
            (None, c) => c.is_none(),
        };
        if self.transactional_id.is_some() && !self.idempotence {
            return Err(ConfigError::TransactionalNeedsIdempotence {
                turned_off_by: conflict.filter(|_| self.idempotence_set.is_none()),
            });
        }
        if self.transaction_timeout_ms > TRANSACTION_MAX_TIMEOUT_MS {
            return Err(ConfigError::TransactionTimeoutAboveMax {
                timeout_ms: self.transaction_timeout_ms,
                max_ms: TRANSACTION_MAX_TIMEOUT_MS,
            });
        }
        let floor = self.linger_ms + self.request_timeout_ms;
        if self.delivery_timeout_ms < floor {
            if self.delivery_timeout_set {
                return Err(ConfigError::DeliveryTimeoutBelowFloor {
                    delivery_ms: self.delivery_timeout_ms,
                    floor_ms: floor,
                });
            }
            self.delivery_timeout_ms = floor;
        }
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
            "linger.ms" => self.linger_ms.to_string(),
            "acks" => self.acks.name().to_string(),
            "enable.idempotence" => self.idempotence.to_string(),
            "retries" => self.retries.to_string(),
            "max.in.flight.requests.per.connection" => self.max_in_flight.to_string(),
            "request.timeout.ms" => self.request_timeout_ms.to_string(),
            "delivery.timeout.ms" => self.delivery_timeout_ms.to_string(),
            "retry.backoff.ms" => self.retry_backoff_ms.to_string(),
            "retry.backoff.max.ms" => self.retry_backoff_max_ms.to_string(),
            "buffer.memory" => self.buffer_memory.to_string(),
            "max.block.ms" => self.max_block_ms.to_string(),
            "max.request.size" => self.max_request_size.to_string(),
            "compression.type" => self.compression.name().to_string(),
            "transactional.id" => self.transactional_id.clone().unwrap_or_else(|| "null".to_string()),
            "transaction.timeout.ms" => self.transaction_timeout_ms.to_string(),
            _ => return None,
        })
    }

    /// `stickyBatchSize = max(1, batch.size)`.
    pub fn sticky_batch_size(&self) -> u64 {
        self.batch_size.max(1)
    }

    /// Retries keep the order only with one request in flight (or idempotence).
    pub fn guarantees_order(&self) -> bool {
        self.max_in_flight == 1
    }

    /// Exponential backoff before retry number `attempt` (1 = the first retry), without the
    /// ±20 % jitter: `retry.backoff.ms · 2^(attempt−1)`, at most `retry.backoff.max.ms`.
    pub fn backoff_ms(&self, attempt: u32) -> u64 {
        let max = self.retry_backoff_max_ms.max(self.retry_backoff_ms);
        let shift = attempt.saturating_sub(1).min(30);
        self.retry_backoff_ms.saturating_mul(1u64 << shift).min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: serde_json::Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
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
        let c = ProducerConfig::from_properties(&props(json!({
            "partitioner.class": ROUND_ROBIN_CLASS, "partitioner.ignore.keys": "true", "batch.size": 100,
            "linger.ms": "20", "compression.type": "zstd"
        })))
        .unwrap();
        assert_eq!(
            (c.partitioner, c.ignore_keys, c.batch_size, c.adaptive, c.linger_ms, c.compression),
            (PartitionerKind::RoundRobin, true, 100, true, 20, Compression::Zstd)
        );
        let e = ProducerConfig::from_properties(&props(json!({"partitioner.class": "Foo"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("partitioner.class") && e.contains("RoundRobinPartitioner"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"send.buffer.bytes": 5})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("send.buffer.bytes") && e.contains("batch.size"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"batch.size": -1}))).unwrap_err().to_string();
        assert!(e.contains("batch.size"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"acks": 2}))).unwrap_err().to_string();
        assert!(e.contains("acks") && e.contains("all"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"compression.type": "brotli"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("zstd"), "{e}");
    }

    #[test]
    fn idempotence_is_silently_off_unless_set_explicitly() {
        let c = ProducerConfig::from_properties(&props(json!({"acks": "1"}))).unwrap();
        assert!(!c.idempotence, "acks=1 turns unset idempotence off");
        let c = ProducerConfig::from_properties(&props(json!({"max.in.flight.requests.per.connection": 6}))).unwrap();
        assert!(!c.idempotence);
        let e = ProducerConfig::from_properties(&props(json!({"acks": "1", "enable.idempotence": true})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("acks=1"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"acks": 0, "transactional.id": "t"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("transactional.id"), "{e}");
        let c = ProducerConfig::from_properties(&props(json!({"acks": "-1", "enable.idempotence": false}))).unwrap();
        assert_eq!((c.acks, c.idempotence), (Acks::All, false));
    }

    #[test]
    fn delivery_timeout_is_raised_or_refused() {
        let c = ProducerConfig::from_properties(&props(json!({"linger.ms": 100000}))).unwrap();
        assert_eq!(c.delivery_timeout_ms, 130_000, "raised silently when not set");
        let e = ProducerConfig::from_properties(&props(json!({"delivery.timeout.ms": 1000})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("30005"), "{e}");
        let e = ProducerConfig::from_properties(&props(json!({"transaction.timeout.ms": 900001})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("transaction.max.timeout.ms"), "{e}");
    }

    #[test]
    fn backoff_doubles_up_to_the_max() {
        let c = ProducerConfig::default();
        assert_eq!((1..=6).map(|a| c.backoff_ms(a)).collect::<Vec<_>>(), vec![100, 200, 400, 800, 1000, 1000]);
    }
}
