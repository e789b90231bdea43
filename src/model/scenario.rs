//! The scenario format (docs/scenario-format.md): parsing and validation.
//! Every error names the field (as a path such as `groups[0].consumers[1].config`) and what
//! is allowed; nothing here panics on bad input.

use crate::model::config::ConsumerConfig;
use crate::model::sort::CollectTree as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

pub const MAX_PARTITIONS: u32 = 256;
pub const MAX_BROKERS: u32 = 16;
pub const MAX_RECORDS_PER_SEC: u32 = 10_000;
pub const MAX_DURATION_MS: u64 = 24 * 3600 * 1000;
/// Bounds on a scenario's size, so that no file or link can make a run hang or grow memory
/// without bound (docs/limits.md): far above any classroom scenario (the largest bundled one
/// has 256 partitions, 5 groups, 16 consumers in a group, 4 producers).
pub const MAX_TOPICS: usize = 32;
pub const MAX_TOTAL_PARTITIONS: u32 = 1024;
pub const MAX_GROUPS: usize = 16;
pub const MAX_GROUP_CONSUMERS: usize = 64;
pub const MAX_PRODUCERS: usize = 32;
pub const MAX_SCENARIO_ACTIONS: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub seed: u64,
    pub duration_ms: u64,
    /// Optional title shown in the UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Number of brokers (ids 0..brokers). Partition p of a topic is led by broker p mod brokers.
    #[serde(default = "default_brokers")]
    pub brokers: u32,
    /// Request round trip between any client and any broker.
    #[serde(default = "default_rtt_ms")]
    pub rtt_ms: u64,
    pub topics: Vec<TopicSpec>,
    /// Cluster-wide broker/controller configs under Kafka's names: `broker.session.timeout.ms`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub broker_config: BTreeMap<String, Value>,
    #[serde(default)]
    pub producers: Vec<ProducerSpec>,
    #[serde(default)]
    pub groups: Vec<GroupSpec>,
    #[serde(default)]
    pub actions: Vec<ActionSpec>,
}

fn default_brokers() -> u32 {
    3
}
fn default_rtt_ms() -> u64 {
    20
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub name: String,
    pub partitions: u32,
    /// Replicas per partition (at most the broker count).
    #[serde(default = "default_replication_factor", skip_serializing_if = "is_one")]
    pub replication_factor: u32,
    /// Topic configs under Kafka's names: `min.insync.replicas`, `unclean.leader.election.enable`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub config: BTreeMap<String, Value>,
}

fn default_replication_factor() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

/// The topic configs the engine models (name, what it accepts, default).
pub const TOPIC_CONFIGS: &[(&str, &str, &str)] = &[
    ("min.insync.replicas", "an integer from 1 to 16", "1"),
    ("unclean.leader.election.enable", "true or false", "false"),
];

impl TopicSpec {
    /// (min.insync.replicas, unclean.leader.election.enable), with errors naming the property.
    pub fn settings(&self) -> Result<(u32, bool), String> {
        let mut min_isr = 1;
        let mut unclean = false;
        for (name, value) in &self.config {
            let Some((_, accepts, _)) = TOPIC_CONFIGS.iter().find(|(n, ..)| n == name) else {
                let known: Vec<&str> = TOPIC_CONFIGS.iter().map(|(n, ..)| *n).collect();
                return Err(format!("unknown or not yet modelled topic config '{name}'; supported: {}", known.join(", ")));
            };
            let bad = || format!("bad value {value} for '{name}': expected {accepts}");
            match name.as_str() {
                "min.insync.replicas" => {
                    min_isr = match value {
                        Value::Number(n) => n.as_u64(),
                        Value::String(s) => s.trim().parse().ok(),
                        _ => None,
                    }
                    .filter(|n| (1..=MAX_BROKERS as u64).contains(n))
                    .ok_or_else(bad)? as u32
                }
                "unclean.leader.election.enable" => {
                    unclean = match value {
                        Value::Bool(b) => *b,
                        Value::String(s) if s == "true" || s == "false" => s == "true",
                        _ => return Err(bad()),
                    }
                }
                other => unreachable!("topic config table and parser disagree on {other}"),
            }
        }
        Ok((min_isr, unclean))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProducerSpec {
    pub id: String,
    pub topic: String,
    pub records_per_sec: u32,
    /// Cycled in order; absent or null: key-less records.
    #[serde(default)]
    pub keys: Option<Vec<String>>,
    #[serde(default)]
    pub start_ms: u64,
    /// Every record names this partition explicitly (wins over keys and partitioners).
    #[serde(default)]
    pub partition: Option<u32>,
    /// Producer properties under Kafka's names (see `producer_config::PRODUCER_CONFIGS`).
    #[serde(default)]
    pub config: BTreeMap<String, Value>,
    /// Bytes of each record's value (absent: just the "id-n" label).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_bytes: Option<u32>,
    /// `async` (default): send() and go on, the callback reports later; `sync`:
    /// send().get() waits for each record's acknowledgement before the next.
    #[serde(default, skip_serializing_if = "SendMode::is_async")]
    pub send: SendMode,
    /// With a `transactional.id`: the application commits a transaction after every this many
    /// records and begins the next at once (absent: only `begin_txn` / `commit_txn` /
    /// `abort_txn` actions open and close transactions).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_records: Option<u32>,
}

/// How the producer application calls send().
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendMode {
    #[default]
    Async,
    Sync,
}

impl SendMode {
    pub fn is_async(&self) -> bool {
        *self == SendMode::Async
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupSpec {
    pub group_id: String,
    #[serde(default)]
    pub consumers: Vec<ConsumerSpec>,
}

/// When and how a consumer commits (kafka-behaviour.md §5.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommitMode {
    /// enable.auto.commit=true: an async commit inside a later poll() once the interval elapsed,
    /// a commit before every rebalance and a synchronous one on close.
    Auto,
    /// commitSync() after each processed batch (at-least-once).
    SyncAfterProcessing,
    /// commitAsync() after each processed batch; a failed commit is retried from its callback
    /// (the classic pitfall: an older offset can land after a newer one); commitSync() in
    /// onPartitionsRevoked and on close.
    AsyncAfterProcessing,
    /// commitSync() right after poll(), before processing (at-most-once); a batch whose commit
    /// fails is skipped.
    SyncBeforeProcessing,
    /// commitSync() of each record's offset + 1 after processing it.
    SyncPerRecord,
    /// Consume-transform-produce (exactly-once): each processed record's output goes to
    /// `produce_to` through the consumer's transactional producer, and the batch's offsets are
    /// committed in the same transaction (sendOffsetsToTransaction, commitTransaction).
    Transactional,
}

impl CommitMode {
    pub const ALL: [CommitMode; 5] = [
        CommitMode::Auto,
        CommitMode::SyncAfterProcessing,
        CommitMode::AsyncAfterProcessing,
        CommitMode::SyncBeforeProcessing,
        CommitMode::SyncPerRecord,
    ];
    pub fn name(self) -> &'static str {
        match self {
            CommitMode::Auto => "auto",
            CommitMode::SyncAfterProcessing => "sync-after-processing",
            CommitMode::AsyncAfterProcessing => "async-after-processing",
            CommitMode::SyncBeforeProcessing => "sync-before-processing",
            CommitMode::SyncPerRecord => "sync-per-record",
            CommitMode::Transactional => "transactional",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsumerSpec {
    pub id: String,
    #[serde(default)]
    pub processing_ms_per_record: u64,
    /// Absent: follows `enable.auto.commit` (default true → auto).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitMode>,
    /// Absent: every topic of the scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<Vec<String>>,
    #[serde(default)]
    pub config: BTreeMap<String, Value>,
    /// With `commit: transactional`: the topic each processed record's output goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produce_to: Option<String>,
}

/// Deserialized by `action_de` (one flat pass over the fields, then a check per action: the
/// derived internally tagged form buffered every action through serde's `Content`, 50 KB of
/// wasm).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ActionSpec {
    /// A new consumer joins `group_id` (the group is created if it does not exist).
    Start {
        at_ms: u64,
        group_id: String,
        id: String,
        processing_ms_per_record: u64,
        commit: Option<CommitMode>,
        subscribe: Option<Vec<String>>,
        config: BTreeMap<String, Value>,
        produce_to: Option<String>,
    },
    /// Graceful close: finish the batch, commit if auto-commit, LeaveGroup.
    Close { at_ms: u64, group_id: String, consumer: String },
    /// The process dies: nothing more is sent.
    Crash { at_ms: u64, group_id: String, consumer: String },
    /// The application stops calling poll() (slow work) for `for_ms`, or until `resume` when
    /// absent; the heartbeat thread goes on.
    Stall {
        at_ms: u64,
        group_id: String,
        consumer: String,
        for_ms: Option<u64>,
    },
    /// Ends a stall.
    Resume { at_ms: u64, group_id: String, consumer: String },
    /// A crash, then the same consumer (same config, same group.instance.id) starts again
    /// after `down_ms`. `graceful`: close() instead of a crash (a rolling deploy), and
    /// `down_ms` counts from when the close has finished.
    Restart {
        at_ms: u64,
        group_id: String,
        consumer: String,
        down_ms: u64,
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        graceful: bool,
    },
    /// The whole process freezes (a long GC pause): no heartbeats, no polls, no processing.
    PauseHeartbeats {
        at_ms: u64,
        group_id: String,
        consumer: String,
        for_ms: u64,
    },
    /// The topic grows to `partitions` partitions (kafka-topics --alter --partitions).
    AddPartitions { at_ms: u64, topic: String, partitions: u32 },
    /// The producer application changes its rate, its keys (`null`: key-less) and/or its
    /// producer properties (a new producer instance: partitioning starts afresh).
    ConfigureProducer {
        at_ms: u64,
        producer: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        records_per_sec: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        keys: Option<Option<Vec<String>>>,
        config: BTreeMap<String, Value>,
    },
    /// A broker's process dies (clients' connections to it drop; the controller fences it after
    /// `broker.session.timeout.ms`).
    KillBroker { at_ms: u64, broker: u32 },
    /// A killed broker starts again and catches up as a follower (or leads an offline partition).
    RestartBroker { at_ms: u64, broker: u32 },
    /// The network loses the next produce response to this producer (the write happened).
    DropResponse { at_ms: u64, producer: String },
    /// The broker's replica fetchers stop for `for_ms` (a slow disk, a network problem between
    /// brokers) while it stays registered: as a follower it falls behind, and leaders drop it
    /// from their ISRs after `replica.lag.time.max.ms`.
    PauseReplication { at_ms: u64, broker: u32, for_ms: u64 },
    /// A transactional producer's application calls beginTransaction() and sends from now on.
    BeginTxn { at_ms: u64, producer: String },
    /// commitTransaction(): flush, then EndTxn(commit); no sends until the next begin.
    CommitTxn { at_ms: u64, producer: String },
    /// abortTransaction(): unsent batches are dropped, then EndTxn(abort).
    AbortTxn { at_ms: u64, producer: String },
    /// Changes a running consumer's settings; join-time settings apply at its next join.
    Configure {
        at_ms: u64,
        group_id: String,
        consumer: String,
        processing_ms_per_record: Option<u64>,
        config: BTreeMap<String, Value>,
    },
}

/// `ActionSpec`'s `Deserialize`: the fields are read in one pass whatever their order (the
/// `action` tag may come last), then checked against the action's own list, so errors read as
/// the derived form's did ("missing field `consumer`", "unknown field `for_ms`, expected one
/// of `at_ms`, `group_id`, `consumer`") and a bad value names its field (`actions[2].at_ms`).
mod action_de {
    use super::{ActionSpec, CommitMode};
    use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
    use serde_json::Value;
    use std::collections::BTreeMap;
    use std::fmt;

    const KINDS: [&str; 17] = [
        "start",
        "close",
        "crash",
        "stall",
        "resume",
        "restart",
        "pause_heartbeats",
        "add_partitions",
        "configure_producer",
        "kill_broker",
        "restart_broker",
        "drop_response",
        "pause_replication",
        "begin_txn",
        "commit_txn",
        "abort_txn",
        "configure",
    ];

    /// Each action's fields, in the order the format documents them.
    fn fields_of(kind: &str) -> &'static [&'static str] {
        const CONSUMER: &[&str] = &["at_ms", "group_id", "consumer"];
        const PRODUCER: &[&str] = &["at_ms", "producer"];
        const BROKER: &[&str] = &["at_ms", "broker"];
        match kind {
            "start" => &[
                "at_ms",
                "group_id",
                "id",
                "processing_ms_per_record",
                "commit",
                "subscribe",
                "config",
                "produce_to",
            ],
            "stall" | "pause_heartbeats" => &["at_ms", "group_id", "consumer", "for_ms"],
            "restart" => &["at_ms", "group_id", "consumer", "down_ms", "graceful"],
            "add_partitions" => &["at_ms", "topic", "partitions"],
            "configure_producer" => &["at_ms", "producer", "records_per_sec", "keys", "config"],
            "kill_broker" | "restart_broker" => BROKER,
            "pause_replication" => &["at_ms", "broker", "for_ms"],
            "drop_response" | "begin_txn" | "commit_txn" | "abort_txn" => PRODUCER,
            "configure" => &["at_ms", "group_id", "consumer", "processing_ms_per_record", "config"],
            _ => CONSUMER,
        }
    }

    /// Every field any action has, as read from the object before its action is known.
    #[derive(Default)]
    struct Raw {
        action: Option<String>,
        at_ms: Option<u64>,
        group_id: Option<String>,
        id: Option<String>,
        consumer: Option<String>,
        processing_ms_per_record: Option<Option<u64>>,
        commit: Option<Option<CommitMode>>,
        subscribe: Option<Option<Vec<String>>>,
        config: Option<BTreeMap<String, Value>>,
        produce_to: Option<Option<String>>,
        for_ms: Option<Option<u64>>,
        down_ms: Option<u64>,
        graceful: Option<bool>,
        topic: Option<String>,
        partitions: Option<u32>,
        producer: Option<String>,
        records_per_sec: Option<Option<u32>>,
        keys: Option<Option<Vec<String>>>,
        broker: Option<u32>,
        /// The first key no action has (reported once the action's own list is known).
        unknown: Option<String>,
    }

    fn need<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
        value.ok_or_else(|| E::missing_field(field))
    }

    impl Raw {
        fn present(&self) -> [(&'static str, bool); 18] {
            [
                ("at_ms", self.at_ms.is_some()),
                ("group_id", self.group_id.is_some()),
                ("id", self.id.is_some()),
                ("consumer", self.consumer.is_some()),
                ("processing_ms_per_record", self.processing_ms_per_record.is_some()),
                ("commit", self.commit.is_some()),
                ("subscribe", self.subscribe.is_some()),
                ("config", self.config.is_some()),
                ("produce_to", self.produce_to.is_some()),
                ("for_ms", self.for_ms.is_some()),
                ("down_ms", self.down_ms.is_some()),
                ("graceful", self.graceful.is_some()),
                ("topic", self.topic.is_some()),
                ("partitions", self.partitions.is_some()),
                ("producer", self.producer.is_some()),
                ("records_per_sec", self.records_per_sec.is_some()),
                ("keys", self.keys.is_some()),
                ("broker", self.broker.is_some()),
            ]
        }

        fn into_spec<E: de::Error>(self) -> Result<ActionSpec, E> {
            let kind = need(self.action.clone(), "action")?;
            let Some(&kind) = KINDS.iter().find(|k| **k == kind) else {
                return Err(E::unknown_variant(&kind, &KINDS));
            };
            let allowed = fields_of(kind);
            if let Some(key) = &self.unknown {
                return Err(E::unknown_field(key, allowed));
            }
            if let Some((name, _)) = self.present().iter().find(|(name, set)| *set && !allowed.contains(name)) {
                return Err(E::unknown_field(name, allowed));
            }
            let at_ms = need(self.at_ms, "at_ms")?;
            let consumer_target = |raw: Raw| -> Result<(String, String), E> { Ok((need(raw.group_id, "group_id")?, need(raw.consumer, "consumer")?)) };
            Ok(match kind {
                "start" => ActionSpec::Start {
                    at_ms,
                    group_id: need(self.group_id, "group_id")?,
                    id: need(self.id, "id")?,
                    processing_ms_per_record: self.processing_ms_per_record.flatten().unwrap_or(0),
                    commit: self.commit.flatten(),
                    subscribe: self.subscribe.flatten(),
                    config: self.config.unwrap_or_default(),
                    produce_to: self.produce_to.flatten(),
                },
                "stall" => {
                    let for_ms = self.for_ms.flatten();
                    let (group_id, consumer) = consumer_target(self)?;
                    ActionSpec::Stall {
                        at_ms,
                        group_id,
                        consumer,
                        for_ms,
                    }
                }
                "restart" => {
                    let down_ms = need(self.down_ms, "down_ms")?;
                    let graceful = self.graceful.unwrap_or(false);
                    let (group_id, consumer) = consumer_target(self)?;
                    ActionSpec::Restart {
                        at_ms,
                        group_id,
                        consumer,
                        down_ms,
                        graceful,
                    }
                }
                "pause_heartbeats" => {
                    let for_ms = need(self.for_ms.flatten(), "for_ms")?;
                    let (group_id, consumer) = consumer_target(self)?;
                    ActionSpec::PauseHeartbeats {
                        at_ms,
                        group_id,
                        consumer,
                        for_ms,
                    }
                }
                "configure" => {
                    let processing_ms_per_record = self.processing_ms_per_record.flatten();
                    let config = self.config.clone().unwrap_or_default();
                    let (group_id, consumer) = consumer_target(self)?;
                    ActionSpec::Configure {
                        at_ms,
                        group_id,
                        consumer,
                        processing_ms_per_record,
                        config,
                    }
                }
                "close" | "crash" | "resume" => {
                    let (group_id, consumer) = consumer_target(self)?;
                    match kind {
                        "close" => ActionSpec::Close { at_ms, group_id, consumer },
                        "crash" => ActionSpec::Crash { at_ms, group_id, consumer },
                        _ => ActionSpec::Resume { at_ms, group_id, consumer },
                    }
                }
                "add_partitions" => ActionSpec::AddPartitions {
                    at_ms,
                    topic: need(self.topic, "topic")?,
                    partitions: need(self.partitions, "partitions")?,
                },
                "configure_producer" => ActionSpec::ConfigureProducer {
                    at_ms,
                    producer: need(self.producer, "producer")?,
                    records_per_sec: self.records_per_sec.flatten(),
                    keys: self.keys,
                    config: self.config.unwrap_or_default(),
                },
                "kill_broker" => ActionSpec::KillBroker {
                    at_ms,
                    broker: need(self.broker, "broker")?,
                },
                "restart_broker" => ActionSpec::RestartBroker {
                    at_ms,
                    broker: need(self.broker, "broker")?,
                },
                "pause_replication" => ActionSpec::PauseReplication {
                    at_ms,
                    broker: need(self.broker, "broker")?,
                    for_ms: need(self.for_ms.flatten(), "for_ms")?,
                },
                _ => {
                    let producer = need(self.producer, "producer")?;
                    match kind {
                        "drop_response" => ActionSpec::DropResponse { at_ms, producer },
                        "begin_txn" => ActionSpec::BeginTxn { at_ms, producer },
                        "commit_txn" => ActionSpec::CommitTxn { at_ms, producer },
                        _ => ActionSpec::AbortTxn { at_ms, producer },
                    }
                }
            })
        }
    }

    /// Stores a field's value, refusing a field given twice as serde's derive does.
    fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(slot: &mut Option<T>, map: &mut A, field: &'static str) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(field));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    struct ActionVisitor;

    impl<'de> Visitor<'de> for ActionVisitor {
        type Value = ActionSpec;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an action object such as {\"action\": \"crash\", \"at_ms\": 5000, ...}")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ActionSpec, A::Error> {
            let mut raw = Raw::default();
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "action" => set(&mut raw.action, &mut map, "action")?,
                    "at_ms" => set(&mut raw.at_ms, &mut map, "at_ms")?,
                    "group_id" => set(&mut raw.group_id, &mut map, "group_id")?,
                    "id" => set(&mut raw.id, &mut map, "id")?,
                    "consumer" => set(&mut raw.consumer, &mut map, "consumer")?,
                    "processing_ms_per_record" => set(&mut raw.processing_ms_per_record, &mut map, "processing_ms_per_record")?,
                    "commit" => set(&mut raw.commit, &mut map, "commit")?,
                    "subscribe" => set(&mut raw.subscribe, &mut map, "subscribe")?,
                    "config" => set(&mut raw.config, &mut map, "config")?,
                    "produce_to" => set(&mut raw.produce_to, &mut map, "produce_to")?,
                    "for_ms" => set(&mut raw.for_ms, &mut map, "for_ms")?,
                    "down_ms" => set(&mut raw.down_ms, &mut map, "down_ms")?,
                    "graceful" => set(&mut raw.graceful, &mut map, "graceful")?,
                    "topic" => set(&mut raw.topic, &mut map, "topic")?,
                    "partitions" => set(&mut raw.partitions, &mut map, "partitions")?,
                    "producer" => set(&mut raw.producer, &mut map, "producer")?,
                    "records_per_sec" => set(&mut raw.records_per_sec, &mut map, "records_per_sec")?,
                    "keys" => set(&mut raw.keys, &mut map, "keys")?,
                    "broker" => set(&mut raw.broker, &mut map, "broker")?,
                    _ => {
                        map.next_value::<de::IgnoredAny>()?;
                        raw.unknown.get_or_insert(key);
                    }
                }
            }
            raw.into_spec()
        }
    }

    impl<'de> Deserialize<'de> for ActionSpec {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ActionSpec, D::Error> {
            deserializer.deserialize_map(ActionVisitor)
        }
    }
}

impl ActionSpec {
    /// For a `start` action: its group and the consumer it starts.
    pub fn started_consumer(&self) -> Option<(&str, ConsumerSpec)> {
        match self {
            ActionSpec::Start {
                group_id,
                id,
                processing_ms_per_record,
                commit,
                subscribe,
                config,
                produce_to,
                ..
            } => Some((
                group_id.as_str(),
                ConsumerSpec {
                    id: id.clone(),
                    processing_ms_per_record: *processing_ms_per_record,
                    commit: *commit,
                    subscribe: subscribe.clone(),
                    config: config.clone(),
                    produce_to: produce_to.clone(),
                },
            )),
            _ => None,
        }
    }

    pub fn at_ms(&self) -> u64 {
        match self {
            ActionSpec::Start { at_ms, .. }
            | ActionSpec::Close { at_ms, .. }
            | ActionSpec::Crash { at_ms, .. }
            | ActionSpec::Stall { at_ms, .. }
            | ActionSpec::Resume { at_ms, .. }
            | ActionSpec::Restart { at_ms, .. }
            | ActionSpec::PauseHeartbeats { at_ms, .. }
            | ActionSpec::AddPartitions { at_ms, .. }
            | ActionSpec::ConfigureProducer { at_ms, .. }
            | ActionSpec::KillBroker { at_ms, .. }
            | ActionSpec::RestartBroker { at_ms, .. }
            | ActionSpec::DropResponse { at_ms, .. }
            | ActionSpec::PauseReplication { at_ms, .. }
            | ActionSpec::BeginTxn { at_ms, .. }
            | ActionSpec::CommitTxn { at_ms, .. }
            | ActionSpec::AbortTxn { at_ms, .. }
            | ActionSpec::Configure { at_ms, .. } => *at_ms,
        }
    }

    /// The group and consumer an action on a running consumer names.
    pub fn target(&self) -> Option<(&str, &str)> {
        match self {
            ActionSpec::Close { group_id, consumer, .. }
            | ActionSpec::Crash { group_id, consumer, .. }
            | ActionSpec::Stall { group_id, consumer, .. }
            | ActionSpec::Resume { group_id, consumer, .. }
            | ActionSpec::Restart { group_id, consumer, .. }
            | ActionSpec::PauseHeartbeats { group_id, consumer, .. }
            | ActionSpec::Configure { group_id, consumer, .. } => Some((group_id, consumer)),
            ActionSpec::Start { .. }
            | ActionSpec::AddPartitions { .. }
            | ActionSpec::ConfigureProducer { .. }
            | ActionSpec::KillBroker { .. }
            | ActionSpec::RestartBroker { .. }
            | ActionSpec::DropResponse { .. }
            | ActionSpec::PauseReplication { .. }
            | ActionSpec::BeginTxn { .. }
            | ActionSpec::CommitTxn { .. }
            | ActionSpec::AbortTxn { .. } => None,
        }
    }
}

/// A scenario error: where, and what is wrong / allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() || self.path == "." {
            write!(f, "scenario: {}", self.message)
        } else {
            write!(f, "scenario field `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

fn err(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: message.into(),
    }
}

/// A consumer as the engine runs it: spec plus resolved config and commit mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolvedConsumer {
    pub id: String,
    pub group_id: String,
    pub processing_ms_per_record: u64,
    pub commit: CommitMode,
    pub subscribe: Vec<String>,
    pub config: ConsumerConfig,
    /// Consume-transform-produce: the output topic (commit mode transactional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub produce_to: Option<String>,
}

impl ResolvedConsumer {
    /// These settings with a new commit mode and/or Kafka properties applied (a redeployment's
    /// new settings). Errors name the property and what it accepts; `self` is unchanged.
    pub fn with_changes(&self, commit: Option<CommitMode>, props: &BTreeMap<String, serde_json::Value>) -> Result<ResolvedConsumer, String> {
        let mut next = self.clone();
        // Leaving the consumer protocol drops its server-side assignor choice (the classic
        // protocol rejects group.remote.assignor).
        if props.get("group.protocol").and_then(|v| v.as_str()) == Some("classic") && !props.contains_key("group.remote.assignor") {
            next.config.remote_assignor = None;
        }
        next.config.apply(props)?;
        if let Some(mode) = commit {
            if props.contains_key("enable.auto.commit") && (mode == CommitMode::Auto) != next.config.enable_auto_commit {
                return Err(format!(
                    "commit '{}' contradicts enable.auto.commit={}",
                    mode.name(),
                    next.config.enable_auto_commit
                ));
            }
            next.commit = mode;
            next.config.enable_auto_commit = mode == CommitMode::Auto;
        } else if props.contains_key("enable.auto.commit") {
            next.commit = match (next.config.enable_auto_commit, self.commit) {
                (true, _) => CommitMode::Auto,
                (false, CommitMode::Auto) => CommitMode::SyncAfterProcessing,
                (false, other) => other,
            };
        }
        Ok(next)
    }
}

/// What differs between two settings of one consumer, as `name=value` (the new value), in
/// Kafka's property names plus the simulation's own `commit` and `processing_ms_per_record`.
pub fn spec_changes(old: &ResolvedConsumer, new: &ResolvedConsumer) -> Vec<String> {
    let mut changes = Vec::new();
    if old.commit != new.commit {
        changes.push(format!("commit={}", new.commit.name()));
    }
    if old.processing_ms_per_record != new.processing_ms_per_record {
        changes.push(format!("processing_ms_per_record={}", new.processing_ms_per_record));
    }
    for spec in crate::model::config::CONSUMER_CONFIGS {
        let (a, b) = (old.config.property(spec.name), new.config.property(spec.name));
        if a != b {
            changes.push(format!("{}={}", spec.name, b.unwrap_or_default()));
        }
    }
    changes
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text).map_err(|inner| {
            let message = if inner.is_syntax() || inner.is_eof() {
                format!("not valid JSON: {inner}")
            } else {
                strip_position(&inner.to_string())
            };
            err(json_error_path(text, &inner), message)
        })?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The built-in scenario of the first screen: 1 topic × 6 partitions, a keyed producer,
    /// one group of three consumers.
    /// A bundled scenario by its preset id (see `PRESETS`).
    pub fn preset(id: &str) -> Option<Scenario> {
        PRESETS
            .iter()
            .find(|(name, _)| *name == id)
            .and_then(|(_, json)| Scenario::from_json(json).ok())
    }

    pub fn default_scenario() -> Scenario {
        Scenario::from_json(include_str!("../../scenarios/default.json")).expect("the bundled default scenario is valid")
    }

    /// `replica.lag.time.max.ms` (default 30000).
    pub fn replica_lag_time_max_ms(&self) -> u64 {
        self.broker_config
            .get("replica.lag.time.max.ms")
            .and_then(Value::as_u64)
            .unwrap_or(crate::model::cluster::REPLICA_LAG_TIME_MAX_MS)
    }

    /// `broker.session.timeout.ms` (KRaft default 9000).
    pub fn broker_session_timeout_ms(&self) -> u64 {
        self.broker_config
            .get("broker.session.timeout.ms")
            .and_then(Value::as_u64)
            .unwrap_or(crate::model::cluster::BROKER_SESSION_TIMEOUT_MS)
    }

    pub fn topic_names(&self) -> Vec<String> {
        self.topics.iter().map(|t| t.name.clone()).collect()
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.duration_ms == 0 || self.duration_ms > MAX_DURATION_MS {
            return Err(err("duration_ms", format!("must be from 1 to {MAX_DURATION_MS} (24 hours)")));
        }
        if self.brokers == 0 || self.brokers > MAX_BROKERS {
            return Err(err("brokers", format!("must be from 1 to {MAX_BROKERS}")));
        }
        if self.rtt_ms > 60_000 {
            return Err(err("rtt_ms", "must be from 0 to 60000"));
        }
        if self.topics.is_empty() {
            return Err(err("topics", "at least one topic is needed"));
        }
        let counts = [
            ("topics", self.topics.len(), MAX_TOPICS),
            ("groups", self.groups.len(), MAX_GROUPS),
            ("producers", self.producers.len(), MAX_PRODUCERS),
            ("actions", self.actions.len(), MAX_SCENARIO_ACTIONS),
        ];
        if let Some((field, n, max)) = counts.into_iter().find(|(_, n, max)| n > max) {
            return Err(err(field, format!("{n} entries: at most {max} are allowed")));
        }
        if let Some(i) = self.groups.iter().position(|g| g.consumers.len() > MAX_GROUP_CONSUMERS) {
            return Err(err(
                format!("groups[{i}].consumers"),
                format!(
                    "{} consumers: at most {MAX_GROUP_CONSUMERS} are allowed in a group",
                    self.groups[i].consumers.len()
                ),
            ));
        }
        let total: u64 = self.topics.iter().map(|t| u64::from(t.partitions)).sum();
        if total > u64::from(MAX_TOTAL_PARTITIONS) {
            return Err(err("topics", format!("{total} partitions in all: at most {MAX_TOTAL_PARTITIONS} are allowed")));
        }
        let mut topic_names = BTreeSet::new();
        for (i, topic) in self.topics.iter().enumerate() {
            check_name(&format!("topics[{i}].name"), &topic.name)?;
            if !topic_names.insert(topic.name.as_str()) {
                return Err(err(format!("topics[{i}].name"), format!("duplicate topic '{}'", topic.name)));
            }
            if topic.partitions == 0 || topic.partitions > MAX_PARTITIONS {
                return Err(err(format!("topics[{i}].partitions"), format!("must be from 1 to {MAX_PARTITIONS}")));
            }
            if topic.replication_factor == 0 || topic.replication_factor > self.brokers {
                return Err(err(
                    format!("topics[{i}].replication_factor"),
                    format!("must be from 1 to the broker count ({})", self.brokers),
                ));
            }
            topic.settings().map_err(|m| err(format!("topics[{i}].config"), m))?;
        }
        for (name, value) in &self.broker_config {
            match name.as_str() {
                "broker.session.timeout.ms" | "replica.lag.time.max.ms" => {
                    if !value.as_u64().is_some_and(|v| (1..=600_000).contains(&v)) {
                        return Err(err(
                            format!("broker_config.{name}"),
                            format!("bad value {value}: expected an integer from 1 to 600000"),
                        ));
                    }
                }
                _ => {
                    return Err(err(
                        "broker_config",
                        format!("unknown or not yet modelled broker config '{name}'; supported: broker.session.timeout.ms, replica.lag.time.max.ms"),
                    ))
                }
            }
        }
        let mut producer_ids = BTreeSet::new();
        for (i, producer) in self.producers.iter().enumerate() {
            check_name(&format!("producers[{i}].id"), &producer.id)?;
            if !producer_ids.insert(producer.id.as_str()) {
                return Err(err(format!("producers[{i}].id"), format!("duplicate producer '{}'", producer.id)));
            }
            if !topic_names.contains(producer.topic.as_str()) {
                return Err(err(
                    format!("producers[{i}].topic"),
                    format!("unknown topic '{}'; known: {}", producer.topic, self.topic_names().join(", ")),
                ));
            }
            if producer.records_per_sec > MAX_RECORDS_PER_SEC {
                return Err(err(
                    format!("producers[{i}].records_per_sec"),
                    format!("must be from 0 to {MAX_RECORDS_PER_SEC}"),
                ));
            }
            crate::model::partitioner::ProducerConfig::from_properties(&producer.config).map_err(|m| err(format!("producers[{i}].config"), m))?;
            if let Some(p) = producer.partition {
                let count = self.topics.iter().find(|t| t.name == producer.topic).map_or(0, |t| t.partitions);
                if p >= count {
                    return Err(err(
                        format!("producers[{i}].partition"),
                        format!("topic '{}' has partitions 0 to {}", producer.topic, count.saturating_sub(1)),
                    ));
                }
            }
            if producer.transaction_records.is_some() && !producer.config.contains_key("transactional.id") {
                return Err(err(
                    format!("producers[{i}].transaction_records"),
                    "needs a transactional.id in the producer's config",
                ));
            }
            if producer.transaction_records == Some(0) {
                return Err(err(format!("producers[{i}].transaction_records"), "must be at least 1"));
            }
            if let Some(keys) = &producer.keys {
                if keys.is_empty() {
                    return Err(err(
                        format!("producers[{i}].keys"),
                        "must list at least one key, or be null for key-less records",
                    ));
                }
            }
        }
        let mut group_ids = BTreeSet::new();
        let mut consumer_ids = BTreeSet::new();
        // consumer id → its group, and its config at start (for `configure` checks).
        let mut consumer_groups: BTreeMap<String, String> = BTreeMap::new();
        let mut initial_configs: BTreeMap<String, ConsumerConfig> = BTreeMap::new();
        let mut partition_counts: BTreeMap<&str, u32> = self.topics.iter().map(|t| (t.name.as_str(), t.partitions)).collect_tree();
        for (g, group) in self.groups.iter().enumerate() {
            check_name(&format!("groups[{g}].group_id"), &group.group_id)?;
            if !group_ids.insert(group.group_id.as_str()) {
                return Err(err(format!("groups[{g}].group_id"), format!("duplicate group '{}'", group.group_id)));
            }
            for (c, consumer) in group.consumers.iter().enumerate() {
                let path = format!("groups[{g}].consumers[{c}]");
                if !consumer_ids.insert(consumer.id.clone()) {
                    return Err(err(
                        format!("{path}.id"),
                        format!("duplicate consumer id '{}' (ids are unique across groups)", consumer.id),
                    ));
                }
                let resolved = self.resolve_consumer(&path, &group.group_id, consumer)?;
                consumer_groups.insert(consumer.id.clone(), group.group_id.clone());
                initial_configs.insert(consumer.id.clone(), resolved.config);
            }
        }
        let mut last_at_ms = 0;
        for (i, action) in self.actions.iter().enumerate() {
            let path = format!("actions[{i}]");
            if action.at_ms() < last_at_ms {
                return Err(err(format!("{path}.at_ms"), "actions must be listed in time order"));
            }
            last_at_ms = action.at_ms();
            match action {
                ActionSpec::Start { .. } => {
                    let (group_id, spec) = action.started_consumer().expect("a start action starts a consumer");
                    check_name(&format!("{path}.group_id"), group_id)?;
                    if !consumer_ids.insert(spec.id.clone()) {
                        return Err(err(format!("{path}.id"), format!("consumer id '{}' is already used", spec.id)));
                    }
                    let resolved = self.resolve_consumer(&path, group_id, &spec)?;
                    consumer_groups.insert(spec.id.clone(), group_id.to_string());
                    initial_configs.insert(spec.id.clone(), resolved.config);
                    group_ids.insert(group_id);
                }
                ActionSpec::AddPartitions { topic, partitions, .. } => {
                    let Some(current) = partition_counts.get_mut(topic.as_str()) else {
                        return Err(err(
                            format!("{path}.topic"),
                            format!("unknown topic '{topic}'; known: {}", self.topic_names().join(", ")),
                        ));
                    };
                    if *partitions <= *current || *partitions > MAX_PARTITIONS {
                        return Err(err(
                            format!("{path}.partitions"),
                            format!(
                                "the new partition count must be more than the current {} and at most {MAX_PARTITIONS} (partitions can only be added)",
                                current
                            ),
                        ));
                    }
                    *current = *partitions;
                }
                ActionSpec::ConfigureProducer {
                    producer,
                    records_per_sec,
                    keys,
                    config,
                    ..
                } => {
                    let Some(spec) = self.producers.iter().find(|p| &p.id == producer) else {
                        let known: Vec<&str> = self.producers.iter().map(|p| p.id.as_str()).collect();
                        return Err(err(
                            format!("{path}.producer"),
                            format!("unknown producer '{producer}'; known: {}", known.join(", ")),
                        ));
                    };
                    if records_per_sec.is_some_and(|r| r > MAX_RECORDS_PER_SEC) {
                        return Err(err(format!("{path}.records_per_sec"), format!("must be from 0 to {MAX_RECORDS_PER_SEC}")));
                    }
                    if keys.as_ref().is_some_and(|k| k.as_ref().is_some_and(Vec::is_empty)) {
                        return Err(err(format!("{path}.keys"), "must list at least one key, or be null for key-less records"));
                    }
                    let mut checked = crate::model::partitioner::ProducerConfig::from_properties(&spec.config).expect("checked above");
                    checked.apply(config).map_err(|m| err(format!("{path}.config"), m))?;
                }
                ActionSpec::KillBroker { broker, .. } | ActionSpec::RestartBroker { broker, .. } | ActionSpec::PauseReplication { broker, .. } => {
                    if *broker >= self.brokers {
                        return Err(err(format!("{path}.broker"), format!("brokers are 0 to {}", self.brokers - 1)));
                    }
                    if let ActionSpec::PauseReplication { for_ms, .. } = action {
                        if *for_ms == 0 || *for_ms > MAX_DURATION_MS {
                            return Err(err(format!("{path}.for_ms"), format!("must be from 1 to {MAX_DURATION_MS}")));
                        }
                    }
                }
                ActionSpec::DropResponse { producer, .. } => {
                    if !self.producers.iter().any(|p| &p.id == producer) {
                        let known: Vec<&str> = self.producers.iter().map(|p| p.id.as_str()).collect();
                        return Err(err(
                            format!("{path}.producer"),
                            format!("unknown producer '{producer}'; known: {}", known.join(", ")),
                        ));
                    }
                }
                ActionSpec::BeginTxn { producer, .. } | ActionSpec::CommitTxn { producer, .. } | ActionSpec::AbortTxn { producer, .. } => {
                    let transactional: Vec<&str> = self
                        .producers
                        .iter()
                        .filter(|p| p.config.contains_key("transactional.id"))
                        .map(|p| p.id.as_str())
                        .collect();
                    if !transactional.contains(&producer.as_str()) {
                        return Err(err(
                            format!("{path}.producer"),
                            format!(
                                "'{producer}' is not a transactional producer (one with config transactional.id); transactional: {}",
                                if transactional.is_empty() {
                                    "none".to_string()
                                } else {
                                    transactional.join(", ")
                                }
                            ),
                        ));
                    }
                }
                _ => {
                    let (group_id, consumer) = action.target().expect("every other action names a consumer");
                    if !group_ids.contains(group_id) {
                        return Err(err(format!("{path}.group_id"), format!("unknown group '{group_id}'")));
                    }
                    let Some(owner) = consumer_groups.get(consumer) else {
                        return Err(err(format!("{path}.consumer"), format!("unknown consumer '{consumer}' (start it first)")));
                    };
                    if owner != group_id {
                        return Err(err(format!("{path}.group_id"), format!("consumer '{consumer}' belongs to group '{owner}'")));
                    }
                    match action {
                        ActionSpec::Stall { for_ms: Some(ms), .. } | ActionSpec::PauseHeartbeats { for_ms: ms, .. } if *ms == 0 || *ms > MAX_DURATION_MS => {
                            return Err(err(format!("{path}.for_ms"), format!("must be from 1 to {MAX_DURATION_MS}")));
                        }
                        ActionSpec::Restart { down_ms, .. } if *down_ms > MAX_DURATION_MS => {
                            return Err(err(format!("{path}.down_ms"), format!("must be from 0 to {MAX_DURATION_MS}")));
                        }
                        ActionSpec::Configure {
                            processing_ms_per_record,
                            config,
                            ..
                        } => {
                            if processing_ms_per_record.is_some_and(|ms| ms > 600_000) {
                                return Err(err(format!("{path}.processing_ms_per_record"), "must be from 0 to 600000"));
                            }
                            if let Some(name) = ["group.protocol", "group.remote.assignor"].iter().find(|n| config.contains_key(**n)) {
                                return Err(err(
                                    format!("{path}.config"),
                                    format!("'{name}' is fixed when the consumer starts; start another consumer with the setting you want"),
                                ));
                            }
                            if config.contains_key("enable.auto.commit") {
                                return Err(err(
                                    format!("{path}.config"),
                                    "'enable.auto.commit' cannot change while the consumer runs (it decides the commit mode)",
                                ));
                            }
                            let mut base = initial_configs.get(consumer).cloned().unwrap_or_default();
                            base.apply(config).map_err(|m| err(format!("{path}.config"), m))?;
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolves a consumer spec against this scenario's topics.
    pub fn resolve_consumer(&self, path: &str, group_id: &str, spec: &ConsumerSpec) -> Result<ResolvedConsumer, ScenarioError> {
        check_name(&format!("{path}.id"), &spec.id)?;
        if spec.processing_ms_per_record > 600_000 {
            return Err(err(format!("{path}.processing_ms_per_record"), "must be from 0 to 600000"));
        }
        let mut config = ConsumerConfig::from_properties(&spec.config).map_err(|m| err(format!("{path}.config"), m))?;
        let commit = match (spec.commit, spec.config.contains_key("enable.auto.commit")) {
            (None, _) => {
                if config.enable_auto_commit {
                    CommitMode::Auto
                } else {
                    CommitMode::SyncAfterProcessing
                }
            }
            (Some(mode), explicit) => {
                let wants_auto = mode == CommitMode::Auto;
                if explicit && wants_auto != config.enable_auto_commit {
                    return Err(err(
                        format!("{path}.commit"),
                        format!(
                            "commit '{}' contradicts enable.auto.commit={} in config",
                            mode.name(),
                            config.enable_auto_commit
                        ),
                    ));
                }
                config.enable_auto_commit = wants_auto;
                mode
            }
        };
        if config.client_id.is_empty() {
            config.client_id = spec.id.clone();
        }
        let subscribe = match &spec.subscribe {
            None => self.topic_names(),
            Some(list) => {
                if list.is_empty() {
                    return Err(err(format!("{path}.subscribe"), "must name at least one topic (or be absent for all topics)"));
                }
                for topic in list {
                    if !self.topics.iter().any(|t| &t.name == topic) {
                        return Err(err(
                            format!("{path}.subscribe"),
                            format!("unknown topic '{topic}'; known: {}", self.topic_names().join(", ")),
                        ));
                    }
                }
                let mut sorted = list.clone();
                crate::model::sort::sort(&mut sorted);
                sorted.dedup();
                sorted
            }
        };
        match (&spec.produce_to, commit) {
            (Some(topic), CommitMode::Transactional) => {
                if !self.topics.iter().any(|t| &t.name == topic) {
                    return Err(err(
                        format!("{path}.produce_to"),
                        format!("unknown topic '{topic}'; known: {}", self.topic_names().join(", ")),
                    ));
                }
            }
            (None, CommitMode::Transactional) => {
                return Err(err(
                    format!("{path}.produce_to"),
                    "commit 'transactional' needs produce_to: the topic the outputs go to",
                ));
            }
            (Some(_), _) => return Err(err(format!("{path}.commit"), "produce_to needs commit 'transactional'")),
            (None, _) => {}
        }
        Ok(ResolvedConsumer {
            id: spec.id.clone(),
            group_id: group_id.to_string(),
            processing_ms_per_record: spec.processing_ms_per_record,
            commit,
            subscribe,
            config,
            produce_to: spec.produce_to.clone(),
        })
    }
}

/// The scenarios the app offers, by id: the default classroom scenario and the behaviour
/// scenarios the golden tests run (so every preset is also a tested scenario).
pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../../scenarios/default.json")),
    ("eager-join", include_str!("../../scenarios/eager-join.json")),
    ("cooperative-join", include_str!("../../scenarios/cooperative-join.json")),
    ("kip848-join", include_str!("../../scenarios/kip848-join.json")),
    ("static-restart", include_str!("../../scenarios/static-restart.json")),
    ("stall-max-poll", include_str!("../../scenarios/stall-max-poll.json")),
    ("gc-pause", include_str!("../../scenarios/gc-pause.json")),
    ("commit-modes", include_str!("../../scenarios/commit-modes.json")),
    ("two-groups", include_str!("../../scenarios/two-groups.json")),
    ("partitioners", include_str!("../../scenarios/partitioners.json")),
    ("batching", include_str!("../../scenarios/batching.json")),
    ("buffer-timeouts", include_str!("../../scenarios/buffer-timeouts.json")),
    ("acks-isr", include_str!("../../scenarios/acks-isr.json")),
    ("idempotence", include_str!("../../scenarios/idempotence.json")),
    ("retry-ordering", include_str!("../../scenarios/retry-ordering.json")),
    ("unclean-election", include_str!("../../scenarios/unclean-election.json")),
    ("isr-lag", include_str!("../../scenarios/isr-lag.json")),
    ("transactions", include_str!("../../scenarios/transactions.json")),
    ("exactly-once", include_str!("../../scenarios/exactly-once.json")),
    ("long-run", include_str!("../../scenarios/long-run.json")),
    ("wide-64", include_str!("../../scenarios/wide-64.json")),
    ("large-256", include_str!("../../scenarios/large-256.json")),
];

fn check_name(path: &str, name: &str) -> Result<(), ScenarioError> {
    let ok = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(err(
            path,
            format!("'{name}' is not allowed: use 1 to 64 characters from a-z, A-Z, 0-9, '.', '_' and '-'"),
        ))
    }
}

/// Where in `text` serde_json stopped with `error`, as a field path (`topics[0].partitions`;
/// `.` for the top level): the JSON before the error position is walked with a small scanner
/// that keeps a stack of objects (with the key last read) and arrays (with the element index).
/// serde_json stops right after the offending key (an unknown field), after the offending value
/// (a wrong type or value) or after the closing brace (a missing field), so the path names the
/// field, or the object that lacks one. This replaces a generic path-tracking deserializer,
/// which cost the browser bundle about 10 KB gzipped.
pub fn json_error_path(text: &str, error: &serde_json::Error) -> String {
    let bytes = text.as_bytes();
    // serde_json's line is 1-based and its column counts the bytes of that line up to the error.
    let mut end = 0;
    for _ in 1..error.line() {
        match bytes[end..].iter().position(|&b| b == b'\n') {
            Some(i) => end += i + 1,
            None => break,
        }
    }
    let end = (end + error.column()).min(bytes.len());
    enum Frame {
        Object(Option<String>),
        Array(usize),
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut expecting_key = false;
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                if expecting_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = Some(String::from_utf8_lossy(&bytes[start..i.min(end)]).into_owned());
                    }
                    expecting_key = false;
                }
            }
            b'{' => {
                stack.push(Frame::Object(None));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(index)) => *index += 1,
                Some(Frame::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Array(index) => path.push_str(&format!("[{index}]")),
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// serde_json appends " at line L column C"; the path already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn configure_producer_actions_are_checked() {
        let scenario = |action: &str| {
            format!(
                r#"{{"seed":1,"duration_ms":10,"topics":[{{"name":"t","partitions":2}}],"producers":[{{"id":"p","topic":"t","records_per_sec":1}}],"actions":[{action}]}}"#
            )
        };
        let ok = Scenario::from_json(&scenario(
            r#"{"at_ms":5,"action":"configure_producer","producer":"p","keys":null,"config":{"partitioner.ignore.keys":true}}"#,
        ))
        .unwrap();
        match &ok.actions[0] {
            ActionSpec::ConfigureProducer { keys, records_per_sec, .. } => assert_eq!((keys, records_per_sec), (&Some(None), &None)),
            other => panic!("{other:?}"),
        }
        let e = Scenario::from_json(&scenario(r#"{"at_ms":5,"action":"configure_producer","producer":"q"}"#)).unwrap_err();
        assert_eq!(e.path, "actions[0].producer");
        let e = Scenario::from_json(&scenario(
            r#"{"at_ms":5,"action":"configure_producer","producer":"p","config":{"batch.size":"x"}}"#,
        ))
        .unwrap_err();
        assert_eq!(e.path, "actions[0].config");
        let e = Scenario::from_json(&scenario(r#"{"at_ms":5,"action":"configure_producer","producer":"p","keys":[]}"#)).unwrap_err();
        assert_eq!(e.path, "actions[0].keys");
    }

    #[test]
    fn producer_partition_and_config_are_checked_with_named_errors() {
        let scenario = |producer: &str| format!(r#"{{"seed":1,"duration_ms":10,"topics":[{{"name":"t","partitions":2}}],"producers":[{producer}]}}"#);
        let e = Scenario::from_json(&scenario(r#"{"id":"p","topic":"t","records_per_sec":1,"config":{"linger":5}}"#)).unwrap_err();
        assert_eq!(e.path, "producers[0].config");
        assert!(e.message.contains("linger") && e.message.contains("linger.ms"), "{e}");
        let e = Scenario::from_json(&scenario(
            r#"{"id":"p","topic":"t","records_per_sec":1,"config":{"acks":"1","enable.idempotence":true}}"#,
        ))
        .unwrap_err();
        assert!(e.message.contains("acks=1"), "{e}");
        let e = Scenario::from_json(&scenario(r#"{"id":"p","topic":"t","records_per_sec":1,"partition":2}"#)).unwrap_err();
        assert_eq!(e.path, "producers[0].partition");
        assert!(e.message.contains("0 to 1"), "{e}");
        assert!(Scenario::from_json(&scenario(
            r#"{"id":"p","topic":"t","records_per_sec":1,"partition":1,"config":{"batch.size":0}}"#
        ))
        .is_ok());
    }

    #[test]
    fn replication_and_broker_actions_are_checked_with_named_errors() {
        let with = |topic: &str, actions: &str| {
            format!(
                r#"{{"seed":1,"duration_ms":10,"brokers":3,"topics":[{topic}],"producers":[{{"id":"p","topic":"t","records_per_sec":1}}],"actions":[{actions}]}}"#
            )
        };
        let e = Scenario::from_json(&with(r#"{"name":"t","partitions":2,"replication_factor":4}"#, "")).unwrap_err();
        assert_eq!(e.path, "topics[0].replication_factor");
        assert!(e.message.contains("3"), "{e}");
        let e = Scenario::from_json(&with(r#"{"name":"t","partitions":2,"config":{"min.insync.replicas":0}}"#, "")).unwrap_err();
        assert_eq!(e.path, "topics[0].config");
        let e = Scenario::from_json(&with(r#"{"name":"t","partitions":2,"config":{"retention.ms":5}}"#, "")).unwrap_err();
        assert!(e.message.contains("min.insync.replicas"), "{e}");
        let ok = r#"{"name":"t","partitions":2,"replication_factor":3,"config":{"min.insync.replicas":2,"unclean.leader.election.enable":true}}"#;
        let s = Scenario::from_json(&with(
            ok,
            r#"{"at_ms":1,"action":"kill_broker","broker":2},{"at_ms":2,"action":"drop_response","producer":"p"}"#,
        ))
        .unwrap();
        assert_eq!(s.topics[0].settings(), Ok((2, true)));
        let e = Scenario::from_json(&with(ok, r#"{"at_ms":1,"action":"restart_broker","broker":3}"#)).unwrap_err();
        assert_eq!(e.path, "actions[0].broker");
        let e = Scenario::from_json(&with(ok, r#"{"at_ms":1,"action":"drop_response","producer":"q"}"#)).unwrap_err();
        assert_eq!(e.path, "actions[0].producer");
    }

    use super::*;

    #[test]
    fn every_preset_parses() {
        for (id, _) in PRESETS {
            assert!(Scenario::preset(id).is_some(), "{id}");
        }
        assert!(Scenario::preset("nope").is_none());
    }

    #[test]
    fn default_scenario_parses() {
        let s = Scenario::default_scenario();
        assert_eq!(s.topics[0].partitions, 6);
        assert_eq!(s.groups[0].consumers.len(), 3);
    }

    #[test]
    fn scenario_size_is_bounded_with_the_field_named() {
        let topic = |i: usize| format!(r#"{{"name":"t{i}","partitions":200}}"#);
        let topics: Vec<String> = (0..6).map(topic).collect();
        let e = Scenario::from_json(&format!(r#"{{"seed":1,"duration_ms":10,"topics":[{}]}}"#, topics.join(","))).unwrap_err();
        assert_eq!(e.path, "topics");
        assert!(e.message.contains("1200 partitions") && e.message.contains("1024"), "{e}");
        let consumers: Vec<String> = (0..65).map(|i| format!(r#"{{"id":"c{i}"}}"#)).collect();
        let e = Scenario::from_json(&format!(
            r#"{{"seed":1,"duration_ms":10,"topics":[{{"name":"t","partitions":1}}],"groups":[{{"group_id":"g","consumers":[{}]}}]}}"#,
            consumers.join(",")
        ))
        .unwrap_err();
        assert_eq!(e.path, "groups[0].consumers");
        assert!(e.message.contains("at most 64"), "{e}");
    }

    #[test]
    fn error_paths_follow_the_json_to_the_error_position() {
        let path = |text: &str| {
            let e = serde_json::from_str::<Scenario>(text).unwrap_err();
            super::json_error_path(text, &e)
        };
        // Multi-line text, an escaped quote in a string and a key after an array.
        let text = "{\"seed\":1,\"duration_ms\":10,\n \"topics\":[{\"name\":\"a\\\"b\",\"partitions\":1},\n  {\"name\":\"c\",\"partitions\":\"two\"}]}";
        assert_eq!(path(text), "topics[1].partitions");
        assert_eq!(path(r#"{"seed":1,"duration_ms":10,"topics":[],"bogus":1}"#), "bogus");
        assert_eq!(path(r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t"}]}"#), "topics[0]");
        assert_eq!(path(r#"{"seed":"x"}"#), "seed");
        assert_eq!(path(r#"{"duration_ms":10}"#), ".");
    }

    #[test]
    fn errors_name_the_field() {
        let e = Scenario::from_json(r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1,"replicas":3}]}"#).unwrap_err();
        assert_eq!(e.path, "topics[0].replicas");
        assert!(e.message.contains("unknown field `replicas`"), "{e}");
        let e = Scenario::from_json(r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":0}]}"#).unwrap_err();
        assert_eq!(e.path, "topics[0].partitions");
        let e = Scenario::from_json(
            r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1}],
            "groups":[{"group_id":"g","consumers":[{"id":"c","commit":"sometimes"}]}]}"#,
        )
        .unwrap_err();
        assert!(e.path.starts_with("groups[0].consumers[0]"), "{e}");
        assert!(e.message.contains("sync-after-processing"), "{e}");
        let e = Scenario::from_json(
            r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1}],
            "actions":[{"at_ms":5,"action":"explode","group_id":"g","consumer":"c"}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("explode") && e.message.contains("crash"), "{e}");
        let e = Scenario::from_json("{").unwrap_err();
        assert!(e.message.contains("not valid JSON"), "{e}");
    }

    #[test]
    fn action_errors_name_the_field_and_the_actions_own_fields() {
        let with = |action: &str| {
            let text = format!(
                r#"{{"seed":1,"duration_ms":10,"topics":[{{"name":"t","partitions":1}}],
                "groups":[{{"group_id":"g","consumers":[{{"id":"c"}}]}}],"actions":[{action}]}}"#
            );
            Scenario::from_json(&text)
        };
        let e = with(r#"{"action":"crash","at_ms":5,"group_id":"g"}"#).unwrap_err();
        assert_eq!((e.path.as_str(), e.message.as_str()), ("actions[0]", "missing field `consumer`"));
        let e = with(r#"{"action":"crash","at_ms":"soon","group_id":"g","consumer":"c"}"#).unwrap_err();
        assert_eq!(e.path, "actions[0].at_ms");
        let e = with(r#"{"at_ms":5,"for_ms":3,"group_id":"g","consumer":"c","action":"crash"}"#).unwrap_err();
        assert_eq!(e.message, "unknown field `for_ms`, expected one of `at_ms`, `group_id`, `consumer`");
        let e = with(r#"{"action":"stall","at_ms":5,"group_id":"g","consumer":"c","colour":1}"#).unwrap_err();
        assert!(e.message.starts_with("unknown field `colour`, expected one of `at_ms`"), "{e}");
        let e = with(r#"{"action":"crash","at_ms":5,"at_ms":6,"group_id":"g","consumer":"c"}"#).unwrap_err();
        assert!(e.message.contains("duplicate field `at_ms`"), "{e}");
        let e = with(r#"{"at_ms":5}"#).unwrap_err();
        assert!(e.message.contains("missing field `action`"), "{e}");
        let e = with("[5]").unwrap_err();
        assert!(e.message.contains("an action object"), "{e}");
        // The tag may come last; optional fields take their defaults; `null` means absent.
        let ok = with(r#"{"at_ms":5,"group_id":"g","id":"c2","commit":null,"action":"start"}"#).unwrap();
        assert_eq!(
            ok.actions[0],
            ActionSpec::Start {
                at_ms: 5,
                group_id: "g".into(),
                id: "c2".into(),
                processing_ms_per_record: 0,
                commit: None,
                subscribe: None,
                config: BTreeMap::new(),
                produce_to: None,
            }
        );
        let ok = with(r#"{"action":"stall","at_ms":5,"group_id":"g","consumer":"c"}"#).unwrap();
        assert!(matches!(ok.actions[0], ActionSpec::Stall { for_ms: None, .. }));
    }

    #[test]
    fn every_preset_survives_a_round_trip_through_its_json() {
        for (id, _) in PRESETS {
            let scenario = Scenario::preset(id).unwrap();
            let text = serde_json::to_string(&scenario).unwrap();
            assert_eq!(Scenario::from_json(&text).as_ref(), Ok(&scenario), "{id}: {text}");
        }
    }

    #[test]
    fn group_protocol_is_fixed_at_start() {
        // Members of both protocols may share a group (online migration).
        Scenario::from_json(
            r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1}],
            "groups":[{"group_id":"g","consumers":[{"id":"a","config":{"group.protocol":"consumer"}},{"id":"b"}]}]}"#,
        )
        .expect("a mixed group is valid");
        let e = Scenario::from_json(
            r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1}],
            "groups":[{"group_id":"g","consumers":[{"id":"a","config":{"group.protocol":"consumer"}}]}],
            "actions":[{"at_ms":5,"action":"configure","group_id":"g","consumer":"a","config":{"group.remote.assignor":"range"}}]}"#,
        )
        .unwrap_err();
        assert_eq!(e.path, "actions[0].config");
        assert!(e.message.contains("fixed when the consumer starts"), "{e}");
        let e = Scenario::from_json(
            r#"{"seed":1,"duration_ms":10,"topics":[{"name":"t","partitions":1}],
            "groups":[{"group_id":"g","consumers":[{"id":"a","config":{"group.protocol":"consumer"}}]}],
            "actions":[{"at_ms":5,"action":"configure","group_id":"g","consumer":"a","config":{"session.timeout.ms":10000}}]}"#,
        )
        .unwrap_err();
        assert!(e.message.contains("ConfigException"), "{e}");
    }
}
