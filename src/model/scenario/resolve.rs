//! A consumer as the engine runs it (`ResolvedConsumer`): its spec with the config resolved,
//! and what changes when a `configure` action applies new properties.

use crate::model::config::ConsumerConfig;
use crate::model::config_error::ConfigError;
use crate::model::scenario::format::CommitMode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    pub fn with_changes(&self, commit: Option<CommitMode>, props: &BTreeMap<String, serde_json::Value>) -> Result<ResolvedConsumer, ConfigError> {
        let mut next = self.clone();
        // Leaving the consumer protocol drops its server-side assignor choice (the classic
        // protocol rejects group.remote.assignor).
        if props.get("group.protocol").and_then(|v| v.as_str()) == Some("classic") && !props.contains_key("group.remote.assignor") {
            next.config.remote_assignor = None;
        }
        next.config.apply(props)?;
        if let Some(mode) = commit {
            if props.contains_key("enable.auto.commit") && (mode == CommitMode::Auto) != next.config.enable_auto_commit {
                return Err(ConfigError::CommitContradictsAutoCommit {
                    commit: mode.name(),
                    enable_auto_commit: next.config.enable_auto_commit,
                });
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
