//! A runnable program for a scenario (issue 32): the same topics, producers, consumers and
//! actions on a real Kafka cluster, with confluent-kafka (librdkafka) in Python. The program is
//! the scenario as a plan (JSON: each client's configuration under librdkafka's names, the
//! actions at their times, what cannot be the same) followed by a fixed runner
//! (`program_runner.py`) that carries it out and prints one JSON object per line.
//!
//! Where librdkafka has no equivalent of a Java setting or behaviour, the plan's
//! `differences` say so instead of printing code that would claim it.

use crate::model::assignor::AssignorName;
use crate::model::config::{ConsumerConfig, GroupProtocol, OffsetReset};
use crate::model::partitioner::PartitionerKind;
use crate::model::producer_config::{Acks, Compression, ProducerConfig};
use crate::model::scenario::{ActionSpec, CommitMode, Scenario, SendMode};
use serde_json::{json, Map, Value};

/// The fixed part of every program.
const RUNNER: &str = include_str!("program_runner.py");

/// The Python program (confluent-kafka) that runs `scenario` on a real cluster.
pub fn python_program(scenario: &Scenario) -> String {
    let plan = plan(scenario);
    // Pretty JSON inside a raw triple-quoted string; a single quote could end it, so each is
    // written as JSON's \u0027 (quotes only occur inside JSON strings).
    let text = serde_json::to_string_pretty(&plan).unwrap_or_default().replace('\'', "\\u0027");
    let title = scenario.title.as_deref().unwrap_or("a groupscope scenario").replace('"', "'");
    format!(
        "#!/usr/bin/env python3\nr\"\"\"groupscope scenario on a real Kafka cluster: {title}\n\nWritten by `groupscope-cli code --lang python`.\n\"\"\"\nimport json as _json\n\nPLAN = _json.loads(r'''\n{text}\n''')\n{RUNNER}"
    )
}

/// The scenario as the runner reads it.
fn plan(s: &Scenario) -> Value {
    let mut differences: Vec<String> = vec![
        "confluent-kafka's poll() returns one record at a time: a commit after processing commits after each record, not after each batch of max.poll.records"
            .into(),
    ];
    let mut consumers = Vec::new();
    for group in &s.groups {
        for (c, spec) in group.consumers.iter().enumerate() {
            if let Ok(resolved) = s.resolve_consumer(&format!("groups[{}].consumers[{c}]", group.group_id), &group.group_id, spec) {
                consumers.push(consumer(&resolved, 0, &mut differences));
            }
        }
    }
    let mut actions = Vec::new();
    for (i, action) in s.actions.iter().enumerate() {
        if let Some((group_id, spec)) = action.started_consumer() {
            if let Ok(resolved) = s.resolve_consumer(&format!("actions[{i}]"), group_id, &spec) {
                consumers.push(consumer(&resolved, action.at_ms(), &mut differences));
            }
            continue;
        }
        if let Some(note) = difference(action) {
            differences.push(note);
        }
        actions.push(serde_json::to_value(action).unwrap_or(Value::Null));
    }
    let producers: Vec<Value> = s.producers.iter().map(|p| producer(p, &mut differences)).collect();
    crate::model::sort::sort(&mut differences);
    differences.dedup();
    json!({
        "title": s.title.clone().unwrap_or_default(),
        "duration_ms": s.duration_ms,
        "topics": s.topics.iter().map(|t| json!({"name": t.name, "partitions": t.partitions, "replication_factor": t.replication_factor})).collect::<Vec<_>>(),
        "producers": producers,
        "consumers": consumers,
        "actions": actions,
        "differences": differences,
    })
}

/// What a client program cannot do the way the scenario does it.
fn difference(action: &ActionSpec) -> Option<String> {
    match action {
        ActionSpec::KillBroker { .. } | ActionSpec::RestartBroker { .. } | ActionSpec::PauseReplication { .. } | ActionSpec::DropResponse { .. } => Some(
            "broker actions (kill_broker, restart_broker, pause_replication, drop_response) need control of the brokers, not of a client: the program skips them".into(),
        ),
        ActionSpec::BeginTxn { .. } | ActionSpec::CommitTxn { .. } | ActionSpec::AbortTxn { .. } => {
            Some("the program does not open or end transactions (begin_txn, commit_txn, abort_txn): its producers send outside transactions".into())
        }
        ActionSpec::Configure { config, .. } if !config.is_empty() => {
            Some("configure changes only the processing time in the program: librdkafka reads its configuration when the consumer is created".into())
        }
        _ => None,
    }
}

/// One consumer: its librdkafka configuration and what its loop does.
fn consumer(c: &crate::model::scenario::ResolvedConsumer, start_ms: u64, differences: &mut Vec<String>) -> Value {
    let commit = match c.commit {
        CommitMode::Auto => "auto",
        CommitMode::SyncAfterProcessing => "sync",
        CommitMode::AsyncAfterProcessing => "async",
        CommitMode::SyncBeforeProcessing => "sync-before",
        CommitMode::SyncPerRecord => "sync-per-record",
        CommitMode::Transactional => {
            differences.push("consume-transform-produce (commit 'transactional') is not in the program: its consumers commit with commitSync() instead".into());
            "sync"
        }
    };
    json!({
        "id": c.id,
        "group_id": c.group_id,
        "start_ms": start_ms,
        "commit": commit,
        "processing_ms_per_record": c.processing_ms_per_record,
        "subscribe": c.subscribe,
        "config": consumer_config(&c.config, &c.group_id, &c.id, differences),
    })
}

/// A consumer's configuration under librdkafka's names.
fn consumer_config(c: &ConsumerConfig, group_id: &str, id: &str, differences: &mut Vec<String>) -> Map<String, Value> {
    let defaults = ConsumerConfig::default();
    let mut conf = Map::new();
    let mut set = |name: &str, value: Value| {
        conf.insert(name.to_string(), value);
    };
    set("group.id", group_id.into());
    set("client.id", id.into());
    set("enable.auto.commit", c.enable_auto_commit.into());
    set("auto.commit.interval.ms", c.auto_commit_interval_ms.into());
    set(
        "auto.offset.reset",
        match c.auto_offset_reset {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            // librdkafka's name for Java's `none`.
            OffsetReset::None => "error",
        }
        .into(),
    );
    set("max.poll.interval.ms", c.max_poll_interval_ms.into());
    if let Some(instance) = &c.group_instance_id {
        set("group.instance.id", instance.as_str().into());
    }
    if c.read_committed {
        set("isolation.level", "read_committed".into());
    }
    set("fetch.min.bytes", c.fetch_min_bytes.into());
    // Java's fetch.max.wait.ms is librdkafka's fetch.wait.max.ms.
    set("fetch.wait.max.ms", c.fetch_max_wait_ms.into());
    set("max.partition.fetch.bytes", c.max_partition_fetch_bytes.into());
    set("topic.metadata.refresh.interval.ms", c.metadata_max_age_ms.into());
    match c.group_protocol {
        GroupProtocol::Consumer => {
            set("group.protocol", "consumer".into());
            if let Some(a) = c.remote_assignor {
                set("group.remote.assignor", if a == AssignorName::ServerRange { "range" } else { a.name() }.into());
            }
        }
        GroupProtocol::Classic => {
            set("session.timeout.ms", c.session_timeout_ms.into());
            set("heartbeat.interval.ms", c.heartbeat_interval_ms.into());
            let known: Vec<AssignorName> = c
                .assignors
                .iter()
                .copied()
                .filter(|a| matches!(a, AssignorName::Range | AssignorName::RoundRobin | AssignorName::CooperativeSticky))
                .collect();
            if known.len() < c.assignors.len() {
                differences.push("librdkafka has no eager StickyAssignor (partition.assignment.strategy=sticky): the program uses range instead".into());
            }
            // The group uses the first assignor's protocol (Java: the protocols all members
            // support, eager when the first is range); librdkafka refuses a list that mixes them.
            let cooperative = known.first() == Some(&AssignorName::CooperativeSticky);
            let supported: Vec<&str> = known
                .iter()
                .filter(|a| (**a == AssignorName::CooperativeSticky) == cooperative)
                .map(|a| a.name())
                .collect();
            set(
                "partition.assignment.strategy",
                if supported.is_empty() { "range".to_string() } else { supported.join(",") }.into(),
            );
        }
    }
    if c.max_poll_records != defaults.max_poll_records {
        differences.push("librdkafka has no max.poll.records: the program takes one record per poll()".into());
    }
    conf
}

/// One producer: what it sends, and its configuration under librdkafka's names.
fn producer(p: &crate::model::scenario::ProducerSpec, differences: &mut Vec<String>) -> Value {
    let c = ProducerConfig::from_properties(&p.config).unwrap_or_default();
    let mut conf = Map::new();
    let mut set = |name: &str, value: Value| {
        conf.insert(name.to_string(), value);
    };
    set("client.id", p.id.as_str().into());
    set(
        "acks",
        match c.acks {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
        .into(),
    );
    set("enable.idempotence", c.idempotence.into());
    set("linger.ms", c.linger_ms.into());
    set("batch.size", c.batch_size.into());
    set("max.in.flight.requests.per.connection", c.max_in_flight.into());
    set("retries", c.retries.into());
    set("request.timeout.ms", c.request_timeout_ms.into());
    set("delivery.timeout.ms", c.delivery_timeout_ms.into());
    if c.compression != Compression::None {
        set("compression.type", c.compression.name().into());
    }
    // Java's default partitioner hashes keys with murmur2; librdkafka's default is CRC32.
    set("partitioner", "murmur2_random".into());
    if c.partitioner == PartitionerKind::RoundRobin || c.ignore_keys {
        differences.push("librdkafka has no RoundRobinPartitioner and no partitioner.ignore.keys: the program's producers hash keys with murmur2".into());
    }
    if c.transactional_id.is_some() {
        differences.push("the program's producers do not use transactional.id (no transactions)".into());
    }
    json!({
        "id": p.id,
        "topic": p.topic,
        "records_per_sec": p.records_per_sec,
        "keys": p.keys,
        "partition": p.partition,
        "start_ms": p.start_ms,
        "value_bytes": p.value_bytes,
        "headers": p.headers,
        "sync": p.send == SendMode::Sync,
        "config": conf,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_carries_the_scenario_under_librdkafkas_names() {
        let s = Scenario::preset("eager-join").expect("preset");
        let text = python_program(&s);
        assert!(text.starts_with("#!/usr/bin/env python3\n"));
        let start = text.find("PLAN = _json.loads(r'''\n").expect("plan") + "PLAN = _json.loads(r'''\n".len();
        let end = text[start..].find("\n'''").expect("end of plan") + start;
        let plan: Value = serde_json::from_str(&text[start..end]).expect("the plan is JSON");
        assert_eq!(plan["duration_ms"], json!(s.duration_ms));
        let consumers = plan["consumers"].as_array().expect("consumers");
        assert!(consumers.len() >= 3, "{consumers:?}");
        let c = &consumers[0]["config"];
        assert_eq!(c["group.id"], json!(s.groups[0].group_id));
        assert_eq!(c["fetch.wait.max.ms"], json!(500));
        assert_eq!(plan["producers"][0]["config"]["partitioner"], json!("murmur2_random"));
        // The join is a consumer that starts later.
        assert!(consumers.iter().any(|c| c["start_ms"].as_u64() > Some(0)), "{consumers:?}");
        assert!(text.contains("def consumer_main("));
    }

    #[test]
    fn what_librdkafka_cannot_do_is_named() {
        let s = Scenario::from_json(
            r#"{"seed":1,"duration_ms":1000,"brokers":2,"topics":[{"name":"t","partitions":2}],
            "producers":[{"id":"p","topic":"t","records_per_sec":1,"config":{"partitioner.class":"org.apache.kafka.clients.producer.RoundRobinPartitioner"}}],
            "groups":[{"group_id":"g","consumers":[{"id":"c1","config":{"partition.assignment.strategy":"sticky","max.poll.records":10}}]}],
            "actions":[{"at_ms":500,"action":"kill_broker","broker":1}]}"#,
        )
        .expect("scenario");
        let plan = plan(&s);
        let notes = plan["differences"].to_string();
        for word in ["StickyAssignor", "max.poll.records", "RoundRobinPartitioner", "kill_broker"] {
            assert!(notes.contains(word), "{word}: {notes}");
        }
        assert_eq!(plan["consumers"][0]["config"]["partition.assignment.strategy"], json!("range"));
    }
}
