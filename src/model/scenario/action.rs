//! Reading a scenario's timed action (`ActionSpec`) from JSON, with errors that name the field.

/// `ActionSpec`'s `Deserialize`: the fields are read in one pass whatever their order (the
/// `action` tag may come last), then checked against the action's own list, so errors read as
/// the derived form's did ("missing field `consumer`", "unknown field `for_ms`, expected one
/// of `at_ms`, `group_id`, `consumer`") and a bad value names its field (`actions[2].at_ms`).
mod action_de {
    use crate::model::scenario::format::{ActionSpec, CommitMode};
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
