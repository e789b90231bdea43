//! What a user (or a scenario's action list) can do to a running simulation.

use crate::model::scenario::resolve::ResolvedConsumer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Something a user (or the scenario's action list) does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Start {
        consumer: ResolvedConsumer,
    },
    Close {
        consumer: String,
    },
    Crash {
        consumer: String,
    },
    /// The application stops calling poll() (for `for_ms`, or until resumed).
    Stall {
        consumer: String,
        for_ms: Option<u64>,
    },
    Resume {
        consumer: String,
    },
    /// Crash now (or, `graceful`, close), start the same consumer again `down_ms` after it
    /// went down.
    Restart {
        consumer: String,
        down_ms: u64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        graceful: bool,
    },
    /// The whole process freezes for `for_ms` (a long GC pause).
    PauseHeartbeats {
        consumer: String,
        for_ms: u64,
    },
    AddPartitions {
        topic: String,
        partitions: u32,
    },
    Configure {
        consumer: String,
        processing_ms_per_record: Option<u64>,
        config: BTreeMap<String, serde_json::Value>,
    },
    /// A deployment with new settings: the running process is closed (commit, revoke,
    /// LeaveGroup as close() does) and, once it is down, started again as `consumer` after
    /// [`REDEPLOY_DOWN_MS`]. How a running Kafka consumer's configuration really changes.
    Redeploy {
        consumer: ResolvedConsumer,
    },
    /// The producer application changes its send rate and keys from now on.
    ConfigureProducer {
        producer: String,
        /// None: unchanged.
        records_per_sec: Option<u32>,
        /// None: unchanged; Some(None): key-less from now on.
        keys: Option<Option<Vec<String>>>,
        /// Producer properties for the replacement producer (empty: none).
        #[serde(default)]
        config: BTreeMap<String, serde_json::Value>,
    },
    /// A broker's process dies (no controlled shutdown).
    KillBroker {
        broker: u32,
    },
    RestartBroker {
        broker: u32,
    },
    /// The network loses the next produce response to this producer.
    DropResponse {
        producer: String,
    },
    /// The broker's replica fetchers stop for `for_ms`.
    PauseReplication {
        broker: u32,
        for_ms: u64,
    },
    BeginTxn {
        producer: String,
    },
    /// commitTransaction() (commit) or abortTransaction().
    EndTxn {
        producer: String,
        commit: bool,
    },
}
