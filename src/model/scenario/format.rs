//! The scenario format (docs/scenario-format.md): what a scenario file holds (topics, producers,
//! groups, consumers, timed actions), as serde reads and writes it. Parsing an action is in
//! `action.rs`, checking a scenario in `validate.rs`.

use crate::model::config_error::{Accepts, ConfigError, Owner};
use crate::model::scenario::bounds::MAX_BROKERS;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

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
pub const TOPIC_CONFIGS: &[(&str, Accepts, &str)] = &[
    (
        "min.insync.replicas",
        Accepts::Int {
            min: 1,
            max: MAX_BROKERS as i64,
        },
        "1",
    ),
    ("unclean.leader.election.enable", Accepts::Bool, "false"),
];

impl TopicSpec {
    /// (min.insync.replicas, unclean.leader.election.enable), with errors naming the property.
    pub fn settings(&self) -> Result<(u32, bool), ConfigError> {
        let mut min_isr = 1;
        let mut unclean = false;
        for (name, value) in &self.config {
            let Some((_, accepts, _)) = TOPIC_CONFIGS.iter().find(|(n, ..)| n == name) else {
                return Err(ConfigError::unknown(Owner::Topic, name, TOPIC_CONFIGS.iter().map(|(n, ..)| *n)));
            };
            let bad = || ConfigError::bad_value(name, value, *accepts);
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
    /// Headers every record carries (name → value, StringSerializer bytes), such as where the
    /// event came from.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
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

impl Scenario {
    /// `replica.lag.time.max.ms` (default 30000).
    pub fn replica_lag_time_max_ms(&self) -> u64 {
        self.broker_config
            .get("replica.lag.time.max.ms")
            .and_then(Value::as_u64)
            .unwrap_or(crate::model::cluster::state::REPLICA_LAG_TIME_MAX_MS)
    }

    /// `broker.session.timeout.ms` (KRaft default 9000).
    pub fn broker_session_timeout_ms(&self) -> u64 {
        self.broker_config
            .get("broker.session.timeout.ms")
            .and_then(Value::as_u64)
            .unwrap_or(crate::model::cluster::state::BROKER_SESSION_TIMEOUT_MS)
    }

    pub fn topic_names(&self) -> Vec<String> {
        self.topics.iter().map(|t| t.name.clone()).collect()
    }
}
