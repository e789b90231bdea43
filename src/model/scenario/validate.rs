//! Parsing and validating a scenario: the bounds table (how large a scenario, and each action's
//! values, may be), `Scenario::from_json`, `Scenario::validate` and consumer resolution.
//! Every error names the field (as a path such as `groups[0].consumers[1].config`) and what
//! is allowed; nothing here panics on bad input.

use crate::model::config::ConsumerConfig;
use crate::model::config_error::ConfigError;
use crate::model::producer_config::ProducerConfig;
use crate::model::scenario::bounds::*;
use crate::model::scenario::error::{config_err, err, json_error_path, JsonProblem, Kind, Problem, ScenarioError};
use crate::model::scenario::format::*;
use crate::model::scenario::resolve::ResolvedConsumer;
use crate::model::sim::action::Action;
use crate::model::sort::CollectTree as _;
use std::collections::{BTreeMap, BTreeSet};

/// Why a live action is refused (a link's or a session file's): the field and what is
/// allowed, as a value the UI words (`i18n::errors::action_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// Its time is past the scenario's end.
    AfterEnd { at_ms: u64, end_ms: u64 },
    /// A duration field (`for_ms`, `down_ms`) above the bound.
    TooLong { field: &'static str, max_ms: u64 },
    /// processing_ms_per_record above the bound.
    Processing { max_ms: u64 },
    /// add_partitions names a topic the scenario does not have.
    NoTopic(String),
    /// A partition count outside 1..=max.
    Partitions { max: u32 },
    /// records_per_sec above the bound.
    RecordsPerSec { max: u32 },
    /// A key list that is empty or too long.
    Keys { max: usize },
    /// A broker the scenario does not have (they are 0 to `last`).
    NoBroker { last: u32 },
    /// Properties that are refused.
    Config(ConfigError),
}

impl std::fmt::Display for ActionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionError::AfterEnd { at_ms, end_ms } => write!(f, "its time, {at_ms} ms, is past the scenario's end ({end_ms} ms)"),
            ActionError::TooLong { field, max_ms } => write!(f, "{field} must be at most {max_ms} ms"),
            ActionError::Processing { max_ms } => write!(f, "processing_ms_per_record must be from 0 to {max_ms}"),
            ActionError::NoTopic(topic) => write!(f, "there is no topic '{topic}'"),
            ActionError::Partitions { max } => write!(f, "partitions must be from 1 to {max}"),
            ActionError::RecordsPerSec { max } => write!(f, "records_per_sec must be from 0 to {max}"),
            ActionError::Keys { max } => write!(f, "keys must list 1 to {max} keys"),
            ActionError::NoBroker { last } => write!(f, "brokers are 0 to {last}"),
            ActionError::Config(e) => write!(f, "{e}"),
        }
    }
}

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = serde_json::from_str(text).map_err(|inner| err(json_error_path(text, &inner), Problem::Json(JsonProblem::of(&inner))))?;
        scenario.validate()?;
        Ok(scenario)
    }

    pub fn validate(&self) -> Result<(), ScenarioError> {
        if self.duration_ms == 0 || self.duration_ms > MAX_DURATION_MS {
            return Err(err("duration_ms", Problem::Range { min: 1, max: MAX_DURATION_MS }));
        }
        if self.brokers == 0 || self.brokers > MAX_BROKERS {
            return Err(err(
                "brokers",
                Problem::Range {
                    min: 1,
                    max: MAX_BROKERS as u64,
                },
            ));
        }
        if self.rtt_ms > 60_000 {
            return Err(err("rtt_ms", Problem::Range { min: 0, max: 60_000 }));
        }
        if self.topics.is_empty() {
            return Err(err("topics", Problem::NoTopics));
        }
        let counts = [
            ("topics", self.topics.len(), MAX_TOPICS),
            ("groups", self.groups.len(), MAX_GROUPS),
            ("producers", self.producers.len(), MAX_PRODUCERS),
            ("actions", self.actions.len(), MAX_SCENARIO_ACTIONS),
        ];
        if let Some((field, n, max)) = counts.into_iter().find(|(_, n, max)| n > max) {
            return Err(err(field, Problem::TooManyEntries { n: n as u64, max: max as u64 }));
        }
        if let Some(i) = self.groups.iter().position(|g| g.consumers.len() > MAX_GROUP_CONSUMERS) {
            return Err(err(
                format!("groups[{i}].consumers"),
                Problem::TooManyConsumers {
                    n: self.groups[i].consumers.len() as u64,
                    max: MAX_GROUP_CONSUMERS as u64,
                },
            ));
        }
        let total: u64 = self.topics.iter().map(|t| u64::from(t.partitions)).sum();
        if total > u64::from(MAX_TOTAL_PARTITIONS) {
            return Err(err(
                "topics",
                Problem::TooManyPartitions {
                    n: total,
                    max: u64::from(MAX_TOTAL_PARTITIONS),
                },
            ));
        }
        let mut topic_names = BTreeSet::new();
        for (i, topic) in self.topics.iter().enumerate() {
            check_name(&format!("topics[{i}].name"), &topic.name)?;
            if !topic_names.insert(topic.name.as_str()) {
                return Err(err(format!("topics[{i}].name"), duplicate(Kind::Topic, &topic.name)));
            }
            if topic.partitions == 0 || topic.partitions > MAX_PARTITIONS {
                return Err(err(
                    format!("topics[{i}].partitions"),
                    Problem::Range {
                        min: 1,
                        max: MAX_PARTITIONS as u64,
                    },
                ));
            }
            if topic.replication_factor == 0 || topic.replication_factor > self.brokers {
                return Err(err(
                    format!("topics[{i}].replication_factor"),
                    Problem::ReplicationFactor { brokers: self.brokers },
                ));
            }
            topic.settings().map_err(|e| config_err(format!("topics[{i}].config"), e))?;
        }
        for (name, value) in &self.broker_config {
            match name.as_str() {
                "broker.session.timeout.ms" | "replica.lag.time.max.ms" => {
                    if !value.as_u64().is_some_and(|v| (1..=600_000).contains(&v)) {
                        return Err(err(
                            format!("broker_config.{name}"),
                            Problem::BrokerSetting {
                                value: value.to_string(),
                                max: 600_000,
                            },
                        ));
                    }
                }
                _ => {
                    return Err(err(
                        "broker_config",
                        Problem::UnknownBrokerSetting {
                            name: name.clone(),
                            supported: vec!["broker.session.timeout.ms", "replica.lag.time.max.ms"],
                        },
                    ))
                }
            }
        }
        let mut producer_ids = BTreeSet::new();
        for (i, producer) in self.producers.iter().enumerate() {
            check_name(&format!("producers[{i}].id"), &producer.id)?;
            if !producer_ids.insert(producer.id.as_str()) {
                return Err(err(format!("producers[{i}].id"), duplicate(Kind::Producer, &producer.id)));
            }
            if !topic_names.contains(producer.topic.as_str()) {
                return Err(err(format!("producers[{i}].topic"), self.unknown_topic(&producer.topic)));
            }
            if producer.records_per_sec > MAX_RECORDS_PER_SEC {
                return Err(err(
                    format!("producers[{i}].records_per_sec"),
                    Problem::Range {
                        min: 0,
                        max: MAX_RECORDS_PER_SEC as u64,
                    },
                ));
            }
            crate::model::partitioner::ProducerConfig::from_properties(&producer.config).map_err(|e| config_err(format!("producers[{i}].config"), e))?;
            if let Some(p) = producer.partition {
                let count = self.topics.iter().find(|t| t.name == producer.topic).map_or(0, |t| t.partitions);
                if p >= count {
                    return Err(err(
                        format!("producers[{i}].partition"),
                        Problem::NoPartition {
                            topic: producer.topic.clone(),
                            last: count.saturating_sub(1),
                        },
                    ));
                }
            }
            if producer.transaction_records.is_some() && !producer.config.contains_key("transactional.id") {
                return Err(err(format!("producers[{i}].transaction_records"), Problem::NeedsTransactionalId));
            }
            if producer.transaction_records == Some(0) {
                return Err(err(format!("producers[{i}].transaction_records"), Problem::AtLeastOne));
            }
            if let Some(keys) = &producer.keys {
                if keys.is_empty() {
                    return Err(err(format!("producers[{i}].keys"), Problem::EmptyKeys));
                }
            }
            if producer.headers.len() > MAX_PRODUCER_HEADERS {
                return Err(err(format!("producers[{i}].headers"), Problem::TooManyHeaders { max: MAX_PRODUCER_HEADERS }));
            }
            for (name, value) in &producer.headers {
                if name.is_empty() || name.len() > MAX_HEADER_BYTES || value.len() > MAX_HEADER_BYTES {
                    return Err(err(
                        format!("producers[{i}].headers.{name}"),
                        Problem::LongHeader { max_bytes: MAX_HEADER_BYTES },
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
                return Err(err(format!("groups[{g}].group_id"), duplicate(Kind::Group, &group.group_id)));
            }
            for (c, consumer) in group.consumers.iter().enumerate() {
                let path = format!("groups[{g}].consumers[{c}]");
                if !consumer_ids.insert(consumer.id.clone()) {
                    return Err(err(format!("{path}.id"), duplicate(Kind::Consumer, &consumer.id)));
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
                return Err(err(format!("{path}.at_ms"), Problem::NotInTimeOrder));
            }
            last_at_ms = action.at_ms();
            match action {
                ActionSpec::Start { .. } => {
                    let (group_id, spec) = action.started_consumer().expect("a start action starts a consumer");
                    check_name(&format!("{path}.group_id"), group_id)?;
                    if !consumer_ids.insert(spec.id.clone()) {
                        return Err(err(format!("{path}.id"), duplicate(Kind::Consumer, &spec.id)));
                    }
                    let resolved = self.resolve_consumer(&path, group_id, &spec)?;
                    consumer_groups.insert(spec.id.clone(), group_id.to_string());
                    initial_configs.insert(spec.id.clone(), resolved.config);
                    group_ids.insert(group_id);
                }
                ActionSpec::AddPartitions { topic, partitions, .. } => {
                    let Some(current) = partition_counts.get_mut(topic.as_str()) else {
                        return Err(err(format!("{path}.topic"), self.unknown_topic(topic)));
                    };
                    if *partitions <= *current || *partitions > MAX_PARTITIONS {
                        return Err(err(
                            format!("{path}.partitions"),
                            Problem::OnlyAdd {
                                current: *current,
                                max: MAX_PARTITIONS,
                            },
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
                        return Err(err(format!("{path}.producer"), self.unknown_producer(producer)));
                    };
                    if records_per_sec.is_some_and(|r| r > MAX_RECORDS_PER_SEC) {
                        return Err(err(
                            format!("{path}.records_per_sec"),
                            Problem::Range {
                                min: 0,
                                max: MAX_RECORDS_PER_SEC as u64,
                            },
                        ));
                    }
                    if keys.as_ref().is_some_and(|k| k.as_ref().is_some_and(Vec::is_empty)) {
                        return Err(err(format!("{path}.keys"), Problem::EmptyKeys));
                    }
                    let mut checked = crate::model::partitioner::ProducerConfig::from_properties(&spec.config).expect("checked above");
                    checked.apply(config).map_err(|e| config_err(format!("{path}.config"), e))?;
                }
                ActionSpec::KillBroker { broker, .. } | ActionSpec::RestartBroker { broker, .. } | ActionSpec::PauseReplication { broker, .. } => {
                    if *broker >= self.brokers {
                        return Err(err(format!("{path}.broker"), Problem::NoBroker { last: self.brokers - 1 }));
                    }
                    if let ActionSpec::PauseReplication { for_ms, .. } = action {
                        if *for_ms == 0 || *for_ms > MAX_DURATION_MS {
                            return Err(err(format!("{path}.for_ms"), Problem::Range { min: 1, max: MAX_DURATION_MS }));
                        }
                    }
                }
                ActionSpec::DropResponse { producer, .. } => {
                    if !self.producers.iter().any(|p| &p.id == producer) {
                        return Err(err(format!("{path}.producer"), self.unknown_producer(producer)));
                    }
                }
                ActionSpec::BeginTxn { producer, .. } | ActionSpec::CommitTxn { producer, .. } | ActionSpec::AbortTxn { producer, .. } => {
                    let transactional: Vec<String> = self
                        .producers
                        .iter()
                        .filter(|p| p.config.contains_key("transactional.id"))
                        .map(|p| p.id.clone())
                        .collect();
                    if !transactional.contains(producer) {
                        return Err(err(
                            format!("{path}.producer"),
                            Problem::NotTransactional {
                                producer: producer.clone(),
                                transactional,
                            },
                        ));
                    }
                }
                _ => {
                    let (group_id, consumer) = action.target().expect("every other action names a consumer");
                    if !group_ids.contains(group_id) {
                        return Err(err(
                            format!("{path}.group_id"),
                            Problem::Unknown {
                                kind: Kind::Group,
                                id: group_id.to_string(),
                                known: Vec::new(),
                            },
                        ));
                    }
                    let Some(owner) = consumer_groups.get(consumer) else {
                        return Err(err(format!("{path}.consumer"), Problem::NotStarted(consumer.to_string())));
                    };
                    if owner != group_id {
                        return Err(err(
                            format!("{path}.group_id"),
                            Problem::OtherGroup {
                                consumer: consumer.to_string(),
                                group: owner.clone(),
                            },
                        ));
                    }
                    match action {
                        ActionSpec::Stall { for_ms: Some(ms), .. } | ActionSpec::PauseHeartbeats { for_ms: ms, .. } if *ms == 0 || *ms > MAX_DURATION_MS => {
                            return Err(err(format!("{path}.for_ms"), Problem::Range { min: 1, max: MAX_DURATION_MS }));
                        }
                        ActionSpec::Restart { down_ms, .. } if *down_ms > MAX_DURATION_MS => {
                            return Err(err(format!("{path}.down_ms"), Problem::Range { min: 0, max: MAX_DURATION_MS }));
                        }
                        ActionSpec::Configure {
                            processing_ms_per_record,
                            config,
                            ..
                        } => {
                            if processing_ms_per_record.is_some_and(|ms| ms > MAX_PROCESSING_MS_PER_RECORD) {
                                return Err(err(format!("{path}.processing_ms_per_record"), processing_range()));
                            }
                            if let Some(name) = ["group.protocol", "group.remote.assignor"].iter().find(|n| config.contains_key(**n)) {
                                return Err(err(format!("{path}.config"), Problem::FixedAtStart(name.to_string())));
                            }
                            if config.contains_key("enable.auto.commit") {
                                return Err(err(format!("{path}.config"), Problem::AutoCommitFixed));
                            }
                            let mut base = initial_configs.get(consumer).cloned().unwrap_or_default();
                            base.apply(config).map_err(|e| config_err(format!("{path}.config"), e))?;
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
        if spec.processing_ms_per_record > MAX_PROCESSING_MS_PER_RECORD {
            return Err(err(format!("{path}.processing_ms_per_record"), processing_range()));
        }
        let mut config = ConsumerConfig::from_properties(&spec.config).map_err(|e| config_err(format!("{path}.config"), e))?;
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
                        Problem::CommitContradicts {
                            commit: mode.name(),
                            auto_commit: config.enable_auto_commit,
                        },
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
                    return Err(err(format!("{path}.subscribe"), Problem::EmptySubscribe));
                }
                for topic in list {
                    if !self.topics.iter().any(|t| &t.name == topic) {
                        return Err(err(format!("{path}.subscribe"), self.unknown_topic(topic)));
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
                    return Err(err(format!("{path}.produce_to"), self.unknown_topic(topic)));
                }
            }
            (None, CommitMode::Transactional) => {
                return Err(err(format!("{path}.produce_to"), Problem::NeedsProduceTo));
            }
            (Some(_), _) => return Err(err(format!("{path}.commit"), Problem::ProduceToNeedsTransactional)),
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

    /// Checks a live action (from the UI, a link or a session file) against the bounds table:
    /// the same bounds `validate` keeps a scenario's own actions to, so no action can make a
    /// replay hang or grow without bound. The error names the field and what is allowed.
    pub fn check_action(&self, action: &Action) -> Result<(), ActionError> {
        let duration = |field: &'static str, ms: u64| {
            if ms > MAX_DURATION_MS {
                Err(ActionError::TooLong {
                    field,
                    max_ms: MAX_DURATION_MS,
                })
            } else {
                Ok(())
            }
        };
        let processing = |ms: u64| {
            if ms > MAX_PROCESSING_MS_PER_RECORD {
                Err(ActionError::Processing {
                    max_ms: MAX_PROCESSING_MS_PER_RECORD,
                })
            } else {
                Ok(())
            }
        };
        let broker = |b: u32| {
            if b >= self.brokers {
                Err(ActionError::NoBroker { last: self.brokers - 1 })
            } else {
                Ok(())
            }
        };
        match action {
            Action::Start { consumer } | Action::Redeploy { consumer } => processing(consumer.processing_ms_per_record),
            Action::Stall { for_ms, .. } => duration("for_ms", for_ms.unwrap_or(0)),
            Action::PauseHeartbeats { for_ms, .. } => duration("for_ms", *for_ms),
            Action::Restart { down_ms, .. } => duration("down_ms", *down_ms),
            Action::AddPartitions { topic, partitions } => match self.topics.iter().find(|t| t.name == *topic) {
                None => Err(ActionError::NoTopic(topic.clone())),
                Some(_) if *partitions == 0 || *partitions > MAX_PARTITIONS => Err(ActionError::Partitions { max: MAX_PARTITIONS }),
                Some(_) => Ok(()),
            },
            Action::Configure {
                processing_ms_per_record,
                config,
                ..
            } => {
                processing(processing_ms_per_record.unwrap_or(0))?;
                ConsumerConfig::from_properties(config).map(|_| ()).map_err(ActionError::Config)
            }
            Action::ConfigureProducer {
                records_per_sec, keys, config, ..
            } => {
                if records_per_sec.unwrap_or(0) > MAX_RECORDS_PER_SEC {
                    return Err(ActionError::RecordsPerSec { max: MAX_RECORDS_PER_SEC });
                }
                if let Some(Some(keys)) = keys {
                    if keys.is_empty() || keys.len() > MAX_PRODUCER_KEYS {
                        return Err(ActionError::Keys { max: MAX_PRODUCER_KEYS });
                    }
                }
                ProducerConfig::from_properties(config).map(|_| ()).map_err(ActionError::Config)
            }
            Action::KillBroker { broker: b } | Action::RestartBroker { broker: b } => broker(*b),
            Action::PauseReplication { broker: b, for_ms } => {
                broker(*b)?;
                duration("for_ms", *for_ms)
            }
            _ => Ok(()),
        }
    }
}

fn duplicate(kind: Kind, id: &str) -> Problem {
    Problem::Duplicate { kind, id: id.to_string() }
}

fn processing_range() -> Problem {
    Problem::Range {
        min: 0,
        max: MAX_PROCESSING_MS_PER_RECORD,
    }
}

impl Scenario {
    fn unknown_topic(&self, topic: &str) -> Problem {
        Problem::Unknown {
            kind: Kind::Topic,
            id: topic.to_string(),
            known: self.topic_names(),
        }
    }

    fn unknown_producer(&self, producer: &str) -> Problem {
        Problem::Unknown {
            kind: Kind::Producer,
            id: producer.to_string(),
            known: self.producers.iter().map(|p| p.id.clone()).collect(),
        }
    }
}

fn check_name(path: &str, name: &str) -> Result<(), ScenarioError> {
    let ok = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(err(path, Problem::BadName(name.to_string())))
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
        let ok = Scenario::from_json(&scenario(r#"{"id":"p","topic":"t","records_per_sec":1,"headers":{"source":"game"}}"#)).unwrap();
        assert_eq!(ok.producers[0].headers.get("source").map(String::as_str), Some("game"));
        let e = Scenario::from_json(&scenario(r#"{"id":"p","topic":"t","records_per_sec":1,"headers":{"":"x"}}"#)).unwrap_err();
        assert_eq!(e.path, "producers[0].headers.");
        let long = "x".repeat(65);
        let e = Scenario::from_json(&scenario(&format!(
            r#"{{"id":"p","topic":"t","records_per_sec":1,"headers":{{"h":"{long}"}}}}"#
        )))
        .unwrap_err();
        assert_eq!(e.path, "producers[0].headers.h");
        let nine: Vec<String> = (0..9).map(|i| format!(r#""h{i}":"v""#)).collect();
        let e = Scenario::from_json(&scenario(&format!(
            r#"{{"id":"p","topic":"t","records_per_sec":1,"headers":{{{}}}}}"#,
            nine.join(",")
        )))
        .unwrap_err();
        assert_eq!(e.path, "producers[0].headers");
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
