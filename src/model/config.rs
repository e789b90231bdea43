//! Client configuration under Kafka's own property names, with Kafka 4.0 defaults
//! (kafka-behaviour.md §7.1) and validation that names what is allowed.

use crate::model::assignor::name::AssignorName;
use crate::model::config_error::{Accepts, ConfigError, Owner};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a config value may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfigKind {
    /// An integer in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    /// One of the listed strings.
    Choice(&'static [&'static str]),
    /// Any string (possibly empty).
    Text,
}

/// One supported consumer property.
#[derive(Clone, Copy, Debug)]
pub struct ConfigSpec {
    pub name: &'static str,
    pub kind: ConfigKind,
    /// Kafka 4.0 default, as Kafka prints it.
    pub default: &'static str,
    /// How the default changed across versions (English / Korean), empty if it never did.
    pub history_en: &'static str,
    pub history_ko: &'static str,
}

pub const CONSUMER_CONFIGS: &[ConfigSpec] = &[
    ConfigSpec {
        name: "max.poll.records",
        kind: ConfigKind::Int { min: 1, max: 1_000_000 },
        default: "500",
        history_en: "unbounded before 0.10.1; 500 since",
        history_ko: "0.10.1 이전에는 제한 없음, 이후 500",
    },
    ConfigSpec {
        name: "enable.auto.commit",
        kind: ConfigKind::Bool,
        default: "true",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "auto.commit.interval.ms",
        kind: ConfigKind::Int { min: 0, max: 86_400_000 },
        default: "5000",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "session.timeout.ms",
        kind: ConfigKind::Int { min: 6_000, max: 1_800_000 },
        default: "45000",
        history_en: "30000 before 0.10.1, 10000 from 0.10.1 (KIP-62), 45000 since 3.0 (KIP-735)",
        history_ko: "0.10.1 이전 30000, 0.10.1부터 10000 (KIP-62), 3.0부터 45000 (KIP-735)",
    },
    ConfigSpec {
        name: "heartbeat.interval.ms",
        kind: ConfigKind::Int { min: 1, max: 1_800_000 },
        default: "3000",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "max.poll.interval.ms",
        kind: ConfigKind::Int { min: 1, max: 2_147_483_647 },
        default: "300000",
        history_en: "added in 0.10.1 (KIP-62); also sent as the rebalance timeout",
        history_ko: "0.10.1에서 추가 (KIP-62), rebalance timeout으로도 쓰임",
    },
    ConfigSpec {
        name: "auto.offset.reset",
        kind: ConfigKind::Choice(&["earliest", "latest", "none"]),
        default: "latest",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "isolation.level",
        kind: ConfigKind::Choice(&["read_uncommitted", "read_committed"]),
        default: "read_uncommitted",
        history_en: "added in 0.11 with transactions (KIP-98)",
        history_ko: "0.11에서 트랜잭션과 함께 추가 (KIP-98)",
    },
    ConfigSpec {
        name: "fetch.min.bytes",
        kind: ConfigKind::Int { min: 0, max: 2_147_483_647 },
        default: "1",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "fetch.max.wait.ms",
        kind: ConfigKind::Int { min: 0, max: 2_147_483_647 },
        default: "500",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "max.partition.fetch.bytes",
        kind: ConfigKind::Int { min: 1, max: 2_147_483_647 },
        default: "1048576",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "client.id",
        kind: ConfigKind::Text,
        default: "",
        history_en: "",
        history_ko: "",
    },
    ConfigSpec {
        name: "partition.assignment.strategy",
        kind: ConfigKind::Text,
        default: "range,cooperative-sticky",
        history_en: "[range] until 2.8; [range, cooperative-sticky] since 3.0 (KIP-726), which still runs the eager protocol with range",
        history_ko: "2.8까지 [range], 3.0부터 [range, cooperative-sticky] (KIP-726): 여전히 range와 eager 프로토콜로 동작",
    },
    ConfigSpec {
        name: "group.instance.id",
        kind: ConfigKind::Text,
        default: "",
        history_en: "static membership, added in 2.3 (KIP-345); empty: a dynamic member",
        history_ko: "스태틱 멤버십, 2.3에서 추가 (KIP-345). 비어 있으면 동적 멤버",
    },
    ConfigSpec {
        name: "group.protocol",
        kind: ConfigKind::Choice(&["classic", "consumer"]),
        default: "classic",
        history_en: "added in 3.7 (KIP-848 early access); generally available in 4.0, where the client default is still classic",
        history_ko: "3.7에서 추가 (KIP-848 early access), 4.0에서 정식 지원. 4.0에서도 클라이언트 기본값은 classic",
    },
    ConfigSpec {
        name: "group.remote.assignor",
        kind: ConfigKind::Choice(&["uniform", "range"]),
        default: "null",
        history_en: "group.protocol=consumer only; null: the broker's first group.consumer.assignors (uniform)",
        history_ko: "group.protocol=consumer 전용. null이면 브로커의 group.consumer.assignors 첫 항목 (uniform)",
    },
    ConfigSpec {
        name: "metadata.max.age.ms",
        kind: ConfigKind::Int { min: 0, max: 2_147_483_647 },
        default: "300000",
        history_en: "how soon added partitions are noticed (the leader then rejoins)",
        history_ko: "추가된 파티션을 알아차리는 주기 (그 뒤 leader가 다시 join)",
    },
];

/// The client-side assignors `partition.assignment.strategy` may name, by short name or by
/// Kafka's class name.
pub fn parse_assignment_strategy(text: &str) -> Result<Vec<AssignorName>, ConfigError> {
    let mut list = Vec::new();
    for raw in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let short = match raw {
            "org.apache.kafka.clients.consumer.RangeAssignor" => "range",
            "org.apache.kafka.clients.consumer.RoundRobinAssignor" => "roundrobin",
            "org.apache.kafka.clients.consumer.StickyAssignor" => "sticky",
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor" => "cooperative-sticky",
            other => other,
        };
        let name = match short {
            "range" => AssignorName::Range,
            "roundrobin" => AssignorName::RoundRobin,
            "sticky" => AssignorName::Sticky,
            "cooperative-sticky" => AssignorName::CooperativeSticky,
            _ => {
                return Err(ConfigError::BadValue {
                    name: "partition.assignment.strategy".to_string(),
                    value: format!("'{raw}'"),
                    accepts: Accepts::AssignorList,
                })
            }
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    if list.is_empty() {
        return Err(ConfigError::NoAssignor);
    }
    Ok(list)
}

/// Properties as `name=value` lines (strings unquoted), for the trace.
pub fn assignments(props: &BTreeMap<String, Value>) -> Vec<String> {
    props
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
        .collect()
}

pub fn consumer_config_spec(name: &str) -> Option<&'static ConfigSpec> {
    CONSUMER_CONFIGS.iter().find(|spec| spec.name == name)
}

/// `auto.offset.reset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OffsetReset {
    Earliest,
    Latest,
    None,
}

/// A consumer's effective configuration (all times in ms).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerConfig {
    pub max_poll_records: u32,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: u64,
    pub session_timeout_ms: u64,
    pub heartbeat_interval_ms: u64,
    pub max_poll_interval_ms: u64,
    pub auto_offset_reset: OffsetReset,
    /// `isolation.level=read_committed`: read only below the last stable offset, without
    /// aborted transactions' records.
    #[serde(default)]
    pub read_committed: bool,
    /// `fetch.min.bytes`: the broker holds a fetch until it has this much (or
    /// `fetch.max.wait.ms` passed).
    pub fetch_min_bytes: u64,
    pub fetch_max_wait_ms: u64,
    pub max_partition_fetch_bytes: u64,
    pub client_id: String,
    /// Client-side assignors in preference order.
    pub assignors: Vec<AssignorName>,
    /// `group.instance.id`: set for a static member.
    pub group_instance_id: Option<String>,
    pub metadata_max_age_ms: u64,
    pub group_protocol: GroupProtocol,
    /// `group.remote.assignor` (consumer protocol): None means the broker's default, uniform.
    pub remote_assignor: Option<AssignorName>,
}

/// `group.protocol`: the classic JoinGroup/SyncGroup protocol or KIP-848's consumer protocol.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupProtocol {
    #[default]
    Classic,
    Consumer,
}

impl GroupProtocol {
    pub fn name(self) -> &'static str {
        match self {
            GroupProtocol::Classic => "classic",
            GroupProtocol::Consumer => "consumer",
        }
    }
}

/// Configs the consumer protocol does not use; Kafka 4.0 rejects them with a ConfigException.
pub const CLASSIC_ONLY_CONFIGS: &[&str] = &["partition.assignment.strategy", "session.timeout.ms", "heartbeat.interval.ms"];

/// The classic client's rebalance protocol (kafka-behaviour.md §3.4): cooperative only if every
/// configured assignor supports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RebalanceProtocol {
    Eager,
    Cooperative,
}

impl ConsumerConfig {
    pub fn rebalance_protocol(&self) -> RebalanceProtocol {
        if self.assignors.iter().all(|a| *a == AssignorName::CooperativeSticky) {
            RebalanceProtocol::Cooperative
        } else {
            RebalanceProtocol::Eager
        }
    }
}

impl Default for ConsumerConfig {
    fn default() -> Self {
        ConsumerConfig {
            max_poll_records: 500,
            enable_auto_commit: true,
            auto_commit_interval_ms: 5000,
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3000,
            max_poll_interval_ms: 300_000,
            auto_offset_reset: OffsetReset::Latest,
            read_committed: false,
            fetch_min_bytes: 1,
            fetch_max_wait_ms: 500,
            max_partition_fetch_bytes: 1_048_576,
            client_id: String::new(),
            assignors: vec![AssignorName::Range, AssignorName::CooperativeSticky],
            group_instance_id: None,
            metadata_max_age_ms: 300_000,
            group_protocol: GroupProtocol::Classic,
            remote_assignor: None,
        }
    }
}

impl From<ConfigKind> for Accepts {
    fn from(kind: ConfigKind) -> Accepts {
        match kind {
            ConfigKind::Int { min, max } => Accepts::Int { min, max },
            ConfigKind::Bool => Accepts::Bool,
            ConfigKind::Choice(values) => Accepts::OneOf(values),
            ConfigKind::Text => Accepts::Text,
        }
    }
}

/// Normalised value of one property: numbers, booleans or strings are accepted
/// (Kafka's own configs are strings, so "500" works as well as 500).
enum Parsed {
    Int(i64),
    Bool(bool),
    Text(String),
}

fn parse_value(spec: &ConfigSpec, value: &Value) -> Result<Parsed, ConfigError> {
    let bad = || ConfigError::bad_value(spec.name, value, spec.kind.into());
    match spec.kind {
        ConfigKind::Int { min, max } => {
            let n = match value {
                Value::Number(n) => n.as_i64().ok_or_else(bad)?,
                Value::String(s) => s.trim().parse::<i64>().map_err(|_| bad())?,
                _ => return Err(bad()),
            };
            if n < min || n > max {
                return Err(bad());
            }
            Ok(Parsed::Int(n))
        }
        ConfigKind::Bool => match value {
            Value::Bool(b) => Ok(Parsed::Bool(*b)),
            Value::String(s) if s == "true" => Ok(Parsed::Bool(true)),
            Value::String(s) if s == "false" => Ok(Parsed::Bool(false)),
            _ => Err(bad()),
        },
        ConfigKind::Choice(values) => match value {
            Value::String(s) if values.contains(&s.as_str()) => Ok(Parsed::Text(s.clone())),
            _ => Err(bad()),
        },
        ConfigKind::Text => match value {
            Value::String(s) => Ok(Parsed::Text(s.clone())),
            // A list, as Kafka's List-typed configs accept.
            Value::Array(items) if spec.name == "partition.assignment.strategy" => {
                let names: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                names.map(|n| Parsed::Text(n.join(","))).ok_or_else(bad)
            }
            Value::Number(n) => Ok(Parsed::Text(n.to_string())),
            _ => Err(bad()),
        },
    }
}

impl ConsumerConfig {
    /// One property's current value as the spec table prints defaults (`null` for no
    /// group.remote.assignor, empty for no group.instance.id).
    pub fn property(&self, name: &str) -> Option<String> {
        let ms = |v: u64| v.to_string();
        Some(match name {
            "max.poll.records" => self.max_poll_records.to_string(),
            "enable.auto.commit" => self.enable_auto_commit.to_string(),
            "auto.commit.interval.ms" => ms(self.auto_commit_interval_ms),
            "session.timeout.ms" => ms(self.session_timeout_ms),
            "heartbeat.interval.ms" => ms(self.heartbeat_interval_ms),
            "max.poll.interval.ms" => ms(self.max_poll_interval_ms),
            "auto.offset.reset" => match self.auto_offset_reset {
                OffsetReset::Earliest => "earliest",
                OffsetReset::Latest => "latest",
                OffsetReset::None => "none",
            }
            .to_string(),
            "isolation.level" => if self.read_committed { "read_committed" } else { "read_uncommitted" }.to_string(),
            "fetch.min.bytes" => ms(self.fetch_min_bytes),
            "fetch.max.wait.ms" => ms(self.fetch_max_wait_ms),
            "max.partition.fetch.bytes" => ms(self.max_partition_fetch_bytes),
            "client.id" => self.client_id.clone(),
            "partition.assignment.strategy" => self.assignors.iter().map(|a| a.name()).collect::<Vec<_>>().join(","),
            "group.instance.id" => self.group_instance_id.clone().unwrap_or_default(),
            "metadata.max.age.ms" => ms(self.metadata_max_age_ms),
            "group.protocol" => self.group_protocol.name().to_string(),
            "group.remote.assignor" => match self.remote_assignor {
                None => "null".to_string(),
                Some(AssignorName::ServerRange) => "range".to_string(),
                Some(_) => "uniform".to_string(),
            },
            _ => return None,
        })
    }

    /// Builds a config from Kafka property names over Kafka 4.0 defaults.
    /// Errors name the property and what it accepts.
    pub fn from_properties(props: &BTreeMap<String, Value>) -> Result<ConsumerConfig, ConfigError> {
        let mut config = ConsumerConfig::default();
        config.apply(props)?;
        Ok(config)
    }

    /// Applies properties over this config (a change at run time, or the scenario's config
    /// over the defaults). On error nothing is changed.
    pub fn apply(&mut self, props: &BTreeMap<String, Value>) -> Result<(), ConfigError> {
        let mut config = self.clone();
        for (name, value) in props {
            let Some(spec) = consumer_config_spec(name) else {
                return Err(ConfigError::unknown(Owner::Consumer, name, CONSUMER_CONFIGS.iter().map(|spec| spec.name)));
            };
            let parsed = parse_value(spec, value)?;
            match (name.as_str(), parsed) {
                ("max.poll.records", Parsed::Int(n)) => config.max_poll_records = n as u32,
                ("enable.auto.commit", Parsed::Bool(b)) => config.enable_auto_commit = b,
                ("auto.commit.interval.ms", Parsed::Int(n)) => config.auto_commit_interval_ms = n as u64,
                ("session.timeout.ms", Parsed::Int(n)) => config.session_timeout_ms = n as u64,
                ("heartbeat.interval.ms", Parsed::Int(n)) => config.heartbeat_interval_ms = n as u64,
                ("max.poll.interval.ms", Parsed::Int(n)) => config.max_poll_interval_ms = n as u64,
                ("auto.offset.reset", Parsed::Text(s)) => {
                    config.auto_offset_reset = match s.as_str() {
                        "earliest" => OffsetReset::Earliest,
                        "latest" => OffsetReset::Latest,
                        _ => OffsetReset::None,
                    }
                }
                ("isolation.level", Parsed::Text(s)) => config.read_committed = s == "read_committed",
                ("fetch.min.bytes", Parsed::Int(n)) => config.fetch_min_bytes = n as u64,
                ("fetch.max.wait.ms", Parsed::Int(n)) => config.fetch_max_wait_ms = n as u64,
                ("max.partition.fetch.bytes", Parsed::Int(n)) => config.max_partition_fetch_bytes = n as u64,
                ("client.id", Parsed::Text(s)) => config.client_id = s,
                ("partition.assignment.strategy", Parsed::Text(s)) => config.assignors = parse_assignment_strategy(&s)?,
                ("group.instance.id", Parsed::Text(s)) => {
                    if s.is_empty() {
                        config.group_instance_id = None;
                    } else if s.len() > 64 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
                        return Err(ConfigError::bad_value("group.instance.id", value, Accepts::InstanceId));
                    } else {
                        config.group_instance_id = Some(s);
                    }
                }
                ("metadata.max.age.ms", Parsed::Int(n)) => config.metadata_max_age_ms = n as u64,
                ("group.protocol", Parsed::Text(s)) => config.group_protocol = if s == "consumer" { GroupProtocol::Consumer } else { GroupProtocol::Classic },
                ("group.remote.assignor", Parsed::Text(s)) => {
                    config.remote_assignor = Some(if s == "range" { AssignorName::ServerRange } else { AssignorName::Uniform })
                }
                (other, _) => unreachable!("config spec table and parser disagree on {other}"),
            }
        }
        if config.group_protocol == GroupProtocol::Consumer {
            if let Some(name) = CLASSIC_ONLY_CONFIGS.iter().find(|n| props.contains_key(**n)) {
                return Err(ConfigError::ClassicOnly { name });
            }
        } else if config.remote_assignor.is_some() {
            return Err(ConfigError::RemoteAssignorNeedsConsumerProtocol);
        }
        if config.heartbeat_interval_ms >= config.session_timeout_ms {
            return Err(ConfigError::HeartbeatNotBelowSession {
                heartbeat_ms: config.heartbeat_interval_ms,
                session_ms: config.session_timeout_ms,
            });
        }
        *self = config;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_property_prints_and_defaults_print_as_documented() {
        let c = ConsumerConfig::default();
        for spec in CONSUMER_CONFIGS {
            let value = c.property(spec.name).unwrap_or_else(|| panic!("{} has no printer", spec.name));
            assert_eq!(value, spec.default, "{}", spec.name);
        }
        // Printed values parse back to the same config.
        let mut changed = ConsumerConfig::default();
        changed
            .apply(&props(
                json!({"partition.assignment.strategy": "cooperative-sticky", "session.timeout.ms": 10000, "group.instance.id": "a"}),
            ))
            .unwrap();
        let printed: BTreeMap<String, Value> = CONSUMER_CONFIGS
            .iter()
            .filter(|s| s.name != "group.remote.assignor" || changed.property(s.name).as_deref() != Some("null"))
            .map(|s| (s.name.to_string(), Value::String(changed.property(s.name).unwrap())))
            .collect();
        assert_eq!(ConsumerConfig::from_properties(&printed).unwrap(), changed);
    }

    #[test]
    fn defaults_are_kafka_4_0() {
        let c = ConsumerConfig::from_properties(&BTreeMap::new()).unwrap();
        assert_eq!(c.session_timeout_ms, 45_000);
        assert_eq!(c.max_poll_records, 500);
        assert_eq!(c.auto_offset_reset, OffsetReset::Latest);
        assert!(c.enable_auto_commit);
    }

    #[test]
    fn accepts_numbers_strings_and_booleans() {
        let c = ConsumerConfig::from_properties(&props(
            json!({"max.poll.records": "10", "enable.auto.commit": "false", "auto.offset.reset": "earliest"}),
        ))
        .unwrap();
        assert_eq!(c.max_poll_records, 10);
        assert!(!c.enable_auto_commit);
        assert_eq!(c.auto_offset_reset, OffsetReset::Earliest);
    }

    #[test]
    fn rejects_with_names() {
        let e = ConsumerConfig::from_properties(&props(json!({"max.poll.recods": 1}))).unwrap_err().to_string();
        assert!(e.contains("max.poll.recods") && e.contains("max.poll.records"), "{e}");
        let e = ConsumerConfig::from_properties(&props(json!({"max.poll.records": 0}))).unwrap_err().to_string();
        assert!(e.contains("from 1 to"), "{e}");
        let e = ConsumerConfig::from_properties(&props(json!({"session.timeout.ms": 1000})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("session.timeout.ms"), "{e}");
        let e = ConsumerConfig::from_properties(&props(json!({"auto.offset.reset": "smallest"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("earliest, latest, none"), "{e}");
        let e = ConsumerConfig::from_properties(&props(json!({"heartbeat.interval.ms": 50000})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("lower than"), "{e}");
    }

    #[test]
    fn consumer_protocol_configs() {
        let c = ConsumerConfig::from_properties(&props(json!({"group.protocol": "consumer", "group.remote.assignor": "range"}))).unwrap();
        assert_eq!(c.group_protocol, GroupProtocol::Consumer);
        assert_eq!(c.remote_assignor, Some(AssignorName::ServerRange));
        let c = ConsumerConfig::from_properties(&props(json!({"group.protocol": "consumer"}))).unwrap();
        assert_eq!(c.remote_assignor, None);
        for classic_only in ["session.timeout.ms", "heartbeat.interval.ms", "partition.assignment.strategy"] {
            let value = if classic_only == "partition.assignment.strategy" {
                json!("range")
            } else {
                json!(10000)
            };
            let mut p = props(json!({"group.protocol": "consumer"}));
            p.insert(classic_only.to_string(), value);
            let e = ConsumerConfig::from_properties(&p).unwrap_err().to_string();
            assert!(e.contains(classic_only) && e.contains("ConfigException"), "{e}");
        }
        let e = ConsumerConfig::from_properties(&props(json!({"group.remote.assignor": "uniform"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("only used with group.protocol=consumer"), "{e}");
        let e = ConsumerConfig::from_properties(&props(json!({"group.protocol": "kip848"})))
            .unwrap_err()
            .to_string();
        assert!(e.contains("classic, consumer"), "{e}");
    }
}
