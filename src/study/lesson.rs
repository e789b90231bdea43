//! Guided lessons (docs/lesson-format.md): a lesson is data — a scenario, scripted steps whose
//! narration waits for engine events, predict-then-reveal checkpoints whose answers the engine
//! computes, and one sandbox goal checked by a predicate over engine state. This module parses
//! and validates lesson files, plans a lesson (when each step's trigger fires and what each
//! checkpoint's answer is) and evaluates goals. Pure: the UI and the tests drive it.

use crate::model::nouns::TopicPartition;
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::model::sim::Simulation;
use crate::model::trace::{TraceEntry, TraceEvent};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub ko: String,
    pub en: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub number: u32,
    pub title: Texts,
    pub summary: Texts,
    /// A scenario in the scenario format (docs/scenario-format.md), inline.
    pub scenario: Value,
    /// The group the stage shows (absent: the scenario's first group).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub steps: Vec<Step>,
    pub goal: Goal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub text: Texts,
    /// The group the stage shows during this step, and its checkpoint's default group
    /// (default: the lesson's `group`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// "The notes vs Kafka 4.x": what the lecture notes say and what Kafka does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callout: Option<Callout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predict: Option<Predict>,
    /// After the learner continues (or answers), the simulation plays until this fires; then
    /// the next step is shown. Absent: the next step follows at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Trigger>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Callout {
    pub notes: Texts,
    pub kafka: Texts,
}

/// A checkpoint: the learner picks a choice, the step's `until` plays, then `answer` is read
/// from the engine and compared with the pick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predict {
    pub question: Texts,
    pub choices: Vec<Choice>,
    pub answer: Query,
    /// The answer is how much the query's number grew while the step played (how many
    /// rebalances, duplicates… "after this crash"), not its value at the end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub delta: bool,
    /// Shown after the reveal, right or wrong.
    pub explain: Texts,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Choice {
    /// A value with its label in both languages (first: `untagged` tries variants in order).
    Labelled { value: Value, ko: String, en: String },
    /// Shown as written ("c1", 3, "orders-2").
    Plain(Value),
}

impl Choice {
    pub fn value(&self) -> &Value {
        match self {
            Choice::Plain(v) | Choice::Labelled { value: v, .. } => v,
        }
    }

    pub fn label(&self, korean: bool) -> String {
        match self {
            Choice::Plain(v) => show(v),
            Choice::Labelled { ko, en, .. } => if korean { ko } else { en }.clone(),
        }
    }
}

/// A value as the lesson shows it ("c1", not "\"c1\"").
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// When a step's playing stops. Exactly one of `at_ms`, `after_ms`, `event`, `end`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    /// A moment of the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<u64>,
    /// This long after the step began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_ms: Option<u64>,
    /// A trace entry's type (`GroupStateChanged`, `ConsumerCrashed`, …) after the step began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    /// Fields the entry must have: equal, or (for a list or map) containing the value.
    #[serde(default, rename = "where", skip_serializing_if = "BTreeMap::is_empty")]
    pub where_: BTreeMap<String, Value>,
    /// The n-th matching entry (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nth: Option<u32>,
    /// The end of the run.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub end: bool,
    /// Plays this much longer once the trigger fired (so the learner sees what follows).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub plus_ms: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A number read off the engine. `q` names it; the other fields are its arguments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "BTreeMap::is_empty")]
    pub where_: BTreeMap<String, Value>,
    /// For `sum`: the numeric field added up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The queries a lesson may ask, with what they take (docs/lesson-format.md).
pub const QUERIES: &[(&str, &str)] = &[
    ("owner", "tp, group?: the consumer that owns the partition now, or \"none\""),
    ("assigned", "consumer: how many partitions it owns now"),
    ("members", "group?: running consumers in the group"),
    ("idle_members", "group?: running consumers that own no partition"),
    ("max_assigned", "group?: the most partitions one consumer owns"),
    ("leader", "group?: the consumer whose member leads the group (classic), or \"none\""),
    ("generation", "group?: the group's generation"),
    ("state", "group?: the group's state (\"Stable\", …)"),
    ("protocol", "group?: the group's protocol now, \"classic\" or \"consumer\""),
    ("rebalances", "group?: rebalances the coordinator has started"),
    ("processed", "group?: records processed"),
    ("duplicates", "group?: records processed more than once"),
    (
        "duplicate_values",
        "group?: processed records whose value an earlier processed record had (an output written twice)",
    ),
    ("lost", "group?: records committed past without being processed"),
    (
        "lag",
        "group?, tp?: high watermark − committed offset, over the group's partitions (or that one)",
    ),
    ("position", "consumer, tp: the offset its next poll() returns from the partition (0 if none)"),
    (
        "records_lag",
        "consumer, tp: the client metric records-lag, high watermark − position (0 if none)",
    ),
    (
        "records_lag_max",
        "consumer: the client metric, high watermark − position, largest over its partitions (0 if none)",
    ),
    ("backlog", "group?: records not yet processed, over the group's partitions"),
    ("committed", "tp, group?: the committed offset (0 if none)"),
    ("log_end", "tp: the partition's log end offset"),
    ("high_watermark", "tp: the partition's high watermark"),
    ("max_log_end", "topic: the largest log end offset among its partitions"),
    ("partition_of_key", "key: the partition the last record with this key went to"),
    (
        "position_source",
        "consumer, tp: where its position came from: \"committed\", \"earliest\", \"latest\" or \"none\"",
    ),
    ("count", "event, where?: matching trace entries so far"),
    (
        "sum",
        "event, field, where?: a numeric field (or a list's length) added up over matching entries",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A condition over engine state: one comparison, or all / any / not of others.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Query>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// The sandbox goal: the learner sets knobs, the run plays to `until_ms`, `check` decides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub text: Texts,
    /// What the learner may change, each a compare-mode setting (`name=value`).
    pub knobs: Vec<Knob>,
    /// The goal's own scenario (absent: the lesson's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Value>,
    pub until_ms: u64,
    pub check: Check,
    pub hints: Vec<Texts>,
    /// Settings that reach the goal.
    pub solution: Vec<String>,
    pub success: Texts,
    pub failure: Texts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knob {
    /// A compare-mode setting name: a consumer or producer property, `commit`, `static`,
    /// `partitions`, `consumers`, `min.insync.replicas`.
    pub name: String,
    /// The value the goal starts from.
    pub start: String,
    /// The values offered (absent: a free text field).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// Where each step's playing stops, and the checkpoints' answers: what the engine did.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// The moment step i begins (step 0 at 0): the moment step i−1's trigger fired (+ plus_ms).
    pub starts_ms: Vec<u64>,
    /// The moment step i's trigger fired (+ plus_ms): where its playing stops.
    pub ends_ms: Vec<u64>,
    /// For a step with a checkpoint: the engine's answer when its `until` has played.
    pub answers: Vec<Option<Value>>,
}

/// A lesson ready to run: the file and its scenario, validated.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub lesson: Lesson,
    pub scenario: Scenario,
    pub group_id: String,
    /// The group the goal's run shows and checks by default: the lesson's group if the goal's
    /// scenario has it, else that scenario's first group.
    pub goal_group_id: String,
}

/// The trace entry types a trigger or a count may name.
pub const EVENT_TYPES: &[&str] = &[
    "Produced",
    "HighWatermarkAdvanced",
    "ConsumerStarted",
    "CoordinatorFound",
    "ConsumerCrashed",
    "CloseRequested",
    "ConsumerClosed",
    "ConsumerFailed",
    "RequestSent",
    "ResponseReceived",
    "FetchSent",
    "FetchReceived",
    "PollReturned",
    "Processed",
    "CommitSent",
    "CommitStored",
    "CommitFailed",
    "GroupStateChanged",
    "MemberAdded",
    "MemberRemoved",
    "LeaderElected",
    "AssignmentComputed",
    "PartitionsAssigned",
    "PartitionsRevoked",
    "RejoinNeeded",
    "ConsumerStalled",
    "ConsumerResumed",
    "ConsumerFrozen",
    "ConsumerThawed",
    "ConsumerConfigured",
    "ConsumerRedeploying",
    "ProducerConfigured",
    "StickyPartitionChosen",
    "KeyMoved",
    "PartitionsAdded",
    "MetadataChanged",
    "BatchSkipped",
    "StaticMemberReplaced",
    "ProtocolSelected",
    "PositionFromCommitted",
    "OffsetReset",
    "PollTimeoutExpired",
    "GroupEpochBumped",
    "GroupConverted",
    "TargetAssignmentComputed",
    "MemberReconciled",
    "StaticMemberTemporarilyLeft",
    "ProduceSent",
    "ProduceRejected",
    "DuplicateBatchIgnored",
    "BatchAcked",
    "BatchRetrying",
    "BatchFailed",
    "ProduceResponseDropped",
    "SendBlocked",
    "SendUnblocked",
    "ProducerIdAssigned",
    "BrokerKilled",
    "BrokerFenced",
    "BrokerRestarted",
    "ReplicationPaused",
    "IsrChanged",
    "PartitionLeaderElected",
    "RecordsTruncated",
    "TxnBegun",
    "TxnPartitionsAdded",
    "TxnEnding",
    "TxnMarkersWritten",
    "TxnCompleted",
    "TxnTimedOut",
    "TxnFenced",
    "LogTruncationDetected",
    "AssignmentReceived",
];

/// Longest a lesson's scenario may run: enough for two 45 s session timeouts in a row
/// (lesson 7), short enough that planning a lesson stays a blink (docs/performance.md).
pub const MAX_LESSON_DURATION_MS: u64 = 240_000;
pub const MAX_STEPS: usize = 40;

/// The list of lessons (`static/lessons/index.json`): ids in order.
pub fn parse_index(text: &str) -> Result<Vec<String>, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Index {
        lessons: Vec<String>,
    }
    let index: Index = serde_json::from_str(text).map_err(|e| format!("lesson index: {e}; expected {{\"lessons\": [\"<id>\", …]}}"))?;
    for id in &index.lessons {
        check_id(id).map_err(|e| format!("lesson index: {e}"))?;
    }
    Ok(index.lessons)
}

/// A lesson id: lower-case letters, digits and '-', 1 to 48 characters (it names a file).
pub fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || id.len() > 48 || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!("'{id}' is not a lesson id: use 1 to 48 lower-case letters, digits and '-'"));
    }
    Ok(())
}

impl Lesson {
    /// Parses and validates a lesson file; every error names the field.
    pub fn from_json(text: &str) -> Result<Loaded, String> {
        let lesson: Lesson = serde_json::from_str(text).map_err(|e| format!("lesson file: {e}"))?;
        lesson.validate()
    }

    fn validate(self) -> Result<Loaded, String> {
        check_id(&self.id).map_err(|e| format!("id: {e}"))?;
        let at = |path: String| move |e: String| format!("{path}: {e}");
        texts(&self.title).map_err(at("title".into()))?;
        texts(&self.summary).map_err(at("summary".into()))?;
        let scenario = Scenario::from_json(&self.scenario.to_string()).map_err(|e| format!("scenario: {e}"))?;
        if scenario.duration_ms > MAX_LESSON_DURATION_MS {
            return Err(format!(
                "scenario.duration_ms: {} is longer than a lesson may run ({MAX_LESSON_DURATION_MS})",
                scenario.duration_ms
            ));
        }
        let group_id = match &self.group {
            Some(g) if scenario.groups.iter().any(|s| &s.group_id == g) => g.clone(),
            Some(g) => return Err(format!("group: '{g}' is not a group of the scenario")),
            None => scenario
                .groups
                .first()
                .map(|g| g.group_id.clone())
                .ok_or("scenario: a lesson needs at least one group")?,
        };
        if self.steps.is_empty() || self.steps.len() > MAX_STEPS {
            return Err(format!("steps: a lesson has 1 to {MAX_STEPS} steps, this one {}", self.steps.len()));
        }
        for (i, step) in self.steps.iter().enumerate() {
            let path = format!("steps[{i}]");
            texts(&step.text).map_err(at(format!("{path}.text")))?;
            if let Some(g) = &step.group {
                if !scenario.groups.iter().any(|s| &s.group_id == g) {
                    return Err(format!("{path}.group: '{g}' is not a group of the scenario"));
                }
            }
            if let Some(c) = &step.callout {
                texts(&c.notes).map_err(at(format!("{path}.callout.notes")))?;
                texts(&c.kafka).map_err(at(format!("{path}.callout.kafka")))?;
            }
            if let Some(t) = &step.until {
                t.validate().map_err(at(format!("{path}.until")))?;
            }
            if let Some(p) = &step.predict {
                texts(&p.question).map_err(at(format!("{path}.predict.question")))?;
                texts(&p.explain).map_err(at(format!("{path}.predict.explain")))?;
                if !(2..=6).contains(&p.choices.len()) {
                    return Err(format!("{path}.predict.choices: 2 to 6 choices, not {}", p.choices.len()));
                }
                for (j, c) in p.choices.iter().enumerate() {
                    if let Choice::Labelled { ko, en, .. } = c {
                        texts(&Texts {
                            ko: ko.clone(),
                            en: en.clone(),
                        })
                        .map_err(at(format!("{path}.predict.choices[{j}]")))?;
                    }
                    if p.choices[..j].iter().any(|o| same(o.value(), c.value())) {
                        return Err(format!("{path}.predict.choices[{j}]: {} is offered twice", show(c.value())));
                    }
                }
                p.answer.validate().map_err(at(format!("{path}.predict.answer")))?;
                if p.delta && matches!(p.answer.q.as_str(), "owner" | "state" | "partition_of_key" | "position_source") {
                    return Err(format!("{path}.predict.delta: '{}' is not a number", p.answer.q));
                }
            }
        }
        let goal = &self.goal;
        texts(&goal.text).map_err(at("goal.text".into()))?;
        texts(&goal.success).map_err(at("goal.success".into()))?;
        texts(&goal.failure).map_err(at("goal.failure".into()))?;
        for (i, h) in goal.hints.iter().enumerate() {
            texts(h).map_err(at(format!("goal.hints[{i}]")))?;
        }
        if goal.knobs.is_empty() {
            return Err("goal.knobs: a goal offers at least one knob".into());
        }
        let base = match &goal.scenario {
            Some(v) => Scenario::from_json(&v.to_string()).map_err(|e| format!("goal.scenario: {e}"))?,
            None => scenario.clone(),
        };
        if goal.until_ms == 0 || goal.until_ms > base.duration_ms {
            return Err(format!(
                "goal.until_ms: from 1 to the scenario's duration_ms ({}), not {}",
                base.duration_ms, goal.until_ms
            ));
        }
        goal.check.validate().map_err(at("goal.check".into()))?;
        for (i, k) in goal.knobs.iter().enumerate() {
            if !k.choices.is_empty() && !k.choices.contains(&k.start) {
                return Err(format!("goal.knobs[{i}].start: '{}' is not one of its choices", k.start));
            }
            crate::study::compare::apply(&base, &[(k.name.clone(), k.start.clone())]).map_err(at(format!("goal.knobs[{i}]")))?;
        }
        parse_settings(&goal.solution).map_err(at("goal.solution".into()))?;
        let goal_group_id = if base.groups.iter().any(|g| g.group_id == group_id) {
            group_id.clone()
        } else {
            base.groups
                .first()
                .map(|g| g.group_id.clone())
                .ok_or("goal.scenario: a goal needs at least one group")?
        };
        Ok(Loaded {
            lesson: self,
            scenario,
            group_id,
            goal_group_id,
        })
    }
}

fn texts(t: &Texts) -> Result<(), String> {
    if t.ko.trim().is_empty() || t.en.trim().is_empty() {
        return Err("needs both \"ko\" and \"en\" text".into());
    }
    Ok(())
}

fn check_event(name: &str) -> Result<(), String> {
    if EVENT_TYPES.contains(&name) {
        Ok(())
    } else {
        Err(format!("'{name}' is not a trace entry type; see docs/lesson-format.md for the list"))
    }
}

impl Trigger {
    fn validate(&self) -> Result<(), String> {
        let set = [self.at_ms.is_some(), self.after_ms.is_some(), self.event.is_some(), self.end]
            .iter()
            .filter(|b| **b)
            .count();
        if set != 1 {
            return Err("give exactly one of at_ms, after_ms, event, end".into());
        }
        if let Some(e) = &self.event {
            check_event(e)?;
        } else if !self.where_.is_empty() || self.nth.is_some() {
            return Err("where and nth go with event".into());
        }
        if self.nth == Some(0) {
            return Err("nth counts from 1".into());
        }
        Ok(())
    }
}

impl Query {
    fn validate(&self) -> Result<(), String> {
        let Some((_, takes)) = QUERIES.iter().find(|(q, _)| *q == self.q) else {
            let known: Vec<&str> = QUERIES.iter().map(|(q, _)| *q).collect();
            return Err(format!("unknown query '{}'; known: {}", self.q, known.join(", ")));
        };
        let need = |present: bool, field: &str| {
            if present {
                Ok(())
            } else {
                Err(format!("query '{}' takes {takes}: '{field}' is missing", self.q))
            }
        };
        match self.q.as_str() {
            "owner" | "committed" | "log_end" | "high_watermark" => {
                need(self.tp.is_some(), "tp")?;
                let tp = self.tp.as_deref().unwrap_or_default();
                TopicPartition::parse(tp).ok_or_else(|| format!("tp: '{tp}' is not of the form topic-partition"))?;
            }
            "assigned" | "records_lag_max" => need(self.consumer.is_some(), "consumer")?,
            "lag" => {
                if let Some(tp) = self.tp.as_deref() {
                    TopicPartition::parse(tp).ok_or_else(|| format!("tp: '{tp}' is not of the form topic-partition"))?;
                }
            }
            "position" | "position_source" | "records_lag" => {
                need(self.consumer.is_some(), "consumer")?;
                need(self.tp.is_some(), "tp")?;
            }
            "max_log_end" => need(self.topic.is_some(), "topic")?,
            "partition_of_key" => need(self.key.is_some(), "key")?,
            "count" | "sum" => {
                need(self.event.is_some(), "event")?;
                check_event(self.event.as_deref().unwrap_or_default())?;
                if self.q == "sum" {
                    need(self.field.is_some(), "field")?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The query's value now. `group` defaults to the lesson's group.
    pub fn eval(&self, sim: &Simulation, default_group: &str) -> Value {
        let group = self.group.as_deref().unwrap_or(default_group);
        let tp = self.tp.as_deref().and_then(TopicPartition::parse);
        let g = sim.world.groups.get(group);
        let partitions = || sim.world.cluster.partitions_of(&sim.group_topics(group));
        let members = sim.running_members(group);
        // The query's `consumer`, if it is running.
        let running = || self.consumer.as_deref().and_then(|c| sim.world.consumers.get(c)).filter(|c| c.is_running());
        let n = |x: u64| Value::from(x);
        match self.q.as_str() {
            "owner" => Value::from(
                tp.as_ref()
                    .and_then(|tp| sim.owner_of(group, tp))
                    .map_or("none".to_string(), |c| c.id().to_string()),
            ),
            "assigned" => n(running().map_or(0, |c| c.assigned.len() as u64)),
            "members" => n(members.len() as u64),
            "idle_members" => n(members.iter().filter(|c| c.assigned.is_empty()).count() as u64),
            "max_assigned" => n(members.iter().map(|c| c.assigned.len() as u64).max().unwrap_or(0)),
            "leader" => Value::from(
                g.and_then(|g| g.coordinator.leader.as_ref().and_then(|l| g.coordinator.members.get(l)))
                    .map_or("none", |m| m.consumer.as_str()),
            ),
            "generation" => Value::from(g.map_or(0, |g| g.coordinator.generation)),
            "state" => Value::from(g.map_or("Dead", |g| g.coordinator.state.name())),
            "protocol" => Value::from(g.map_or("classic", |g| g.coordinator.protocol_kind.name())),
            "rebalances" => n(g.map_or(0, |g| g.coordinator.rebalances.len() as u64)),
            "processed" => n(g.map_or(0, |g| g.ledger.processed())),
            "duplicates" => n(g.map_or(0, |g| g.ledger.duplicates())),
            "duplicate_values" => {
                let mut seen = std::collections::BTreeSet::new();
                let mut repeated = 0;
                for e in &sim.trace {
                    if let crate::model::trace::TraceEvent::Processed { group_id, tp, offset, .. } = &e.event {
                        if group_id == group {
                            if let Some(r) = sim.world.cluster.log(tp).and_then(|l| l.record(*offset)) {
                                if !seen.insert(r.value.as_str()) {
                                    repeated += 1;
                                }
                            }
                        }
                    }
                }
                n(repeated)
            }
            "lost" => n(g.map_or(0, |g| g.coordinator.committed.keys().map(|tp| sim.group_lost(group, tp)).sum())),
            "lag" => n(partitions()
                .iter()
                .filter(|p| tp.as_ref().is_none_or(|tp| tp == *p))
                .map(|tp| {
                    let hw = sim.world.cluster.log(tp).map_or(0, |l| l.high_watermark);
                    hw.saturating_sub(g.and_then(|g| g.coordinator.committed.get(tp).copied()).unwrap_or(0))
                })
                .sum()),
            "position" => n(running().and_then(|c| tp.as_ref().and_then(|tp| c.positions.get(tp).copied())).unwrap_or(0)),
            "records_lag" => n(running().and_then(|c| tp.as_ref().and_then(|tp| c.partition_lag(tp))).unwrap_or(0)),
            "records_lag_max" => n(running().and_then(|c| c.records_lag_max()).unwrap_or(0)),
            "backlog" => n(partitions().iter().map(|tp| crate::study::compare::backlog(sim, group, tp)).sum()),
            "committed" => n(tp.as_ref().and_then(|tp| g.and_then(|g| g.coordinator.committed.get(tp).copied())).unwrap_or(0)),
            "log_end" => n(tp.as_ref().and_then(|tp| sim.world.cluster.log(tp)).map_or(0, |l| l.log_end_offset())),
            "high_watermark" => n(tp.as_ref().and_then(|tp| sim.world.cluster.log(tp)).map_or(0, |l| l.high_watermark)),
            "max_log_end" => {
                let topic = self.topic.clone().unwrap_or_default();
                n(sim
                    .world
                    .cluster
                    .partitions_of(&[topic])
                    .iter()
                    .filter_map(|tp| sim.world.cluster.log(tp))
                    .map(|l| l.log_end_offset())
                    .max()
                    .unwrap_or(0))
            }
            "partition_of_key" => {
                let key = self.key.as_deref();
                let found = sim.trace.iter().rev().find_map(|e| match &e.event {
                    crate::model::trace::TraceEvent::Produced { key: k, tp, .. } if k.as_deref() == key => Some(tp.partition),
                    _ => None,
                });
                found.map_or(Value::from("none"), Value::from)
            }
            "position_source" => {
                let consumer = self.consumer.as_deref();
                let found = sim.trace.iter().rev().find_map(|e| match &e.event {
                    crate::model::trace::TraceEvent::PositionFromCommitted { consumer: c, tp: t, .. }
                        if Some(c.as_str()) == consumer && Some(t) == tp.as_ref() =>
                    {
                        Some("committed".to_string())
                    }
                    crate::model::trace::TraceEvent::OffsetReset {
                        consumer: c, tp: t, policy, ..
                    } if Some(c.as_str()) == consumer && Some(t) == tp.as_ref() => Some(
                        match policy {
                            crate::model::config::OffsetReset::Earliest => "earliest",
                            crate::model::config::OffsetReset::Latest => "latest",
                            crate::model::config::OffsetReset::None => "none",
                        }
                        .to_string(),
                    ),
                    _ => None,
                });
                Value::from(found.unwrap_or_else(|| "none".to_string()))
            }
            "count" => {
                let m = Matcher::new(self.event.as_deref().unwrap_or_default(), &self.where_);
                n(sim.trace.iter().filter(|e| m.matches(e)).count() as u64)
            }
            "sum" => {
                let m = Matcher::new(self.event.as_deref().unwrap_or_default(), &self.where_);
                let field = self.field.as_deref().unwrap_or_default();
                n(sim
                    .trace
                    .iter()
                    .filter_map(|e| m.value(e))
                    .map(|v| {
                        v.get(field)
                            .and_then(|x| x.as_u64().or_else(|| x.as_array().map(|a| a.len() as u64)))
                            .unwrap_or(0)
                    })
                    .sum())
            }
            other => unreachable!("query {other} passed validation"),
        }
    }
}

/// Equal as lesson values: numbers by value, everything else exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

fn compare(a: &Value, op: Op, b: &Value) -> bool {
    let order = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), ..) => Some(x.cmp(&y)),
        (.., Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => None,
        },
    };
    match op {
        Op::Eq => same(a, b),
        Op::Ne => !same(a, b),
        Op::Lt => order == Some(std::cmp::Ordering::Less),
        Op::Le => order.is_some_and(|o| o != std::cmp::Ordering::Greater),
        Op::Gt => order == Some(std::cmp::Ordering::Greater),
        Op::Ge => order.is_some_and(|o| o != std::cmp::Ordering::Less),
    }
}

impl Check {
    fn validate(&self) -> Result<(), String> {
        self.validate_at(0)
    }

    fn validate_at(&self, depth: usize) -> Result<(), String> {
        if depth > 8 {
            return Err("nested more than 8 deep".into());
        }
        let kinds = [self.all.is_some(), self.any.is_some(), self.not.is_some(), self.query.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if kinds != 1 {
            return Err("give exactly one of all, any, not, or query with op and value".into());
        }
        if let Some(list) = self.all.as_ref().or(self.any.as_ref()) {
            if list.is_empty() {
                return Err("all / any need at least one condition".into());
            }
            for (i, c) in list.iter().enumerate() {
                c.validate_at(depth + 1).map_err(|e| format!("[{i}]: {e}"))?;
            }
        }
        if let Some(c) = &self.not {
            c.validate_at(depth + 1).map_err(|e| format!("not: {e}"))?;
        }
        if let Some(q) = &self.query {
            q.validate()?;
            if self.op.is_none() || self.value.is_none() {
                return Err("a query needs op (eq, ne, lt, le, gt, ge) and value".into());
            }
        } else if self.op.is_some() || self.value.is_some() {
            return Err("op and value go with query".into());
        }
        Ok(())
    }

    pub fn holds(&self, sim: &Simulation, group: &str) -> bool {
        if let Some(list) = &self.all {
            return list.iter().all(|c| c.holds(sim, group));
        }
        if let Some(list) = &self.any {
            return list.iter().any(|c| c.holds(sim, group));
        }
        if let Some(c) = &self.not {
            return !c.holds(sim, group);
        }
        match (&self.query, self.op, &self.value) {
            (Some(q), Some(op), Some(v)) => compare(&q.eval(sim, group), op, v),
            _ => false,
        }
    }
}

/// Matches trace entries by type and fields.
struct Matcher<'a> {
    event: &'a str,
    where_: &'a BTreeMap<String, Value>,
    /// Entry variants seen so far and whether their type is `event`: an entry of a variant
    /// already ruled out is rejected without serializing it (most of a long trace).
    kinds: std::cell::RefCell<Vec<(std::mem::Discriminant<TraceEvent>, bool)>>,
}

impl<'a> Matcher<'a> {
    fn new(event: &'a str, where_: &'a BTreeMap<String, Value>) -> Matcher<'a> {
        Matcher {
            event,
            where_,
            kinds: Default::default(),
        }
    }

    /// The entry as JSON when it matches.
    fn value(&self, entry: &TraceEntry) -> Option<Value> {
        let kind = std::mem::discriminant(&entry.event);
        let known = self.kinds.borrow().iter().find(|(k, _)| *k == kind).map(|&(_, is)| is);
        if known == Some(false) {
            return None;
        }
        // Through bytes rather than `to_value`: the wasm already carries this serializer (the
        // trace hash) and the Value parser (lesson files), not a second TraceEvent serializer.
        let bytes = serde_json::to_vec(&entry.event).ok()?;
        // Internally tagged: the type comes first.
        let tag = format!("{{\"type\":\"{}\"", self.event);
        let is = bytes.starts_with(tag.as_bytes());
        if known.is_none() {
            self.kinds.borrow_mut().push((kind, is));
        }
        if !is {
            return None;
        }
        let v: Value = serde_json::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
        if v.get("type").and_then(Value::as_str) != Some(self.event) {
            return None;
        }
        let fits = self.where_.iter().all(|(field, want)| match v.get(field) {
            Some(Value::Array(items)) => items
                .iter()
                .any(|item| same(item, want) || item.as_array().is_some_and(|pair| pair.first().is_some_and(|x| same(x, want)))),
            Some(Value::Object(map)) => want.as_str().is_some_and(|k| map.contains_key(k)),
            Some(have) => same(have, want),
            None => false,
        });
        fits.then_some(v)
    }

    fn matches(&self, entry: &TraceEntry) -> bool {
        self.value(entry).is_some()
    }
}

/// `name=value` settings (a goal's solution, the learner's knobs).
pub fn parse_settings(list: &[String]) -> Result<Vec<(String, String)>, String> {
    list.iter()
        .map(|s| match s.split_once('=') {
            Some((n, v)) if !n.trim().is_empty() => Ok((n.trim().to_string(), v.trim().to_string())),
            _ => Err(format!("'{s}' is not name=value")),
        })
        .collect()
}

impl Loaded {
    /// The group step `i` shows: its own `group`, else the lesson's.
    pub fn step_group(&self, i: usize) -> &str {
        self.lesson.steps.get(i).and_then(|s| s.group.as_deref()).unwrap_or(&self.group_id)
    }

    /// Runs the lesson's scenario through every step: when each trigger fires and what each
    /// checkpoint's answer is. An error names the step whose trigger never fired.
    pub fn plan(&self) -> Result<Plan, String> {
        self.plan_session().map(|(plan, _)| plan)
    }

    /// `plan`, and the session it ran (at the last step's end, its snapshots kept): the stage
    /// seeks it back to the step it opens, instead of simulating the run a second time.
    pub fn plan_session(&self) -> Result<(Plan, Session), String> {
        let mut session = Session::new(&self.scenario);
        let duration = self.scenario.duration_ms;
        let mut starts_ms = vec![0];
        let mut ends_ms = Vec::new();
        let mut answers = Vec::new();
        let mut start = 0;
        for (i, step) in self.lesson.steps.iter().enumerate() {
            // Read before `fire`, which plays the session forward to the trigger.
            let group = self.step_group(i);
            let before = step.predict.as_ref().filter(|p| p.delta).map(|p| p.answer.eval(&session.sim, group));
            let end = match &step.until {
                None => start,
                Some(t) => {
                    fire(&mut session, t, start, duration).ok_or_else(|| format!("steps[{i}].until never fired before the end of the run ({duration} ms)"))?
                }
            };
            session.run_until(end);
            answers.push(step.predict.as_ref().map(|p| {
                let now = p.answer.eval(&session.sim, group);
                match (before.as_ref().and_then(Value::as_u64), now.as_u64()) {
                    (Some(b), Some(n)) => Value::from(n.saturating_sub(b)),
                    _ => now,
                }
            }));
            ends_ms.push(end);
            if i + 1 < self.lesson.steps.len() {
                starts_ms.push(end);
            }
            start = end;
        }
        Ok((Plan { starts_ms, ends_ms, answers }, session))
    }

    /// The goal's scenario with these settings applied (named errors for bad ones).
    pub fn goal_scenario(&self, settings: &[(String, String)]) -> Result<Scenario, String> {
        let base = match &self.lesson.goal.scenario {
            Some(v) => Scenario::from_json(&v.to_string()).map_err(|e| e.to_string())?,
            None => self.scenario.clone(),
        };
        crate::study::compare::apply(&base, settings)
    }

    /// The knobs' starting settings.
    pub fn goal_start(&self) -> Vec<(String, String)> {
        self.lesson.goal.knobs.iter().map(|k| (k.name.clone(), k.start.clone())).collect()
    }

    /// Whether a run has reached the goal (read when it reached `until_ms`).
    pub fn goal_met(&self, sim: &Simulation) -> bool {
        self.lesson.goal.check.holds(sim, &self.goal_group_id)
    }

    /// Runs the goal with these settings to `until_ms` and checks it.
    pub fn try_goal(&self, settings: &[(String, String)]) -> Result<bool, String> {
        let scenario = self.goal_scenario(settings)?;
        let mut session = Session::new(&scenario);
        session.run_until(self.lesson.goal.until_ms);
        Ok(self.goal_met(&session.sim))
    }

    /// Whether the pick is the engine's answer.
    pub fn is_right(answer: &Value, pick: &Value) -> bool {
        same(answer, pick)
    }
}

/// A learner's progress (localStorage `groupscope.lessons`, and the exported file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// The format's version: 1.
    pub version: u32,
    pub lessons: BTreeMap<String, LessonProgress>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonProgress {
    /// The goal was reached.
    pub solved: bool,
    /// The most checkpoints predicted right in one run through the lesson.
    pub best_correct: u32,
    /// How many checkpoints that run had.
    pub checkpoints: u32,
}

pub const PROGRESS_VERSION: u32 = 1;
/// More lessons than any curriculum has: a bigger file is not a progress file.
const MAX_PROGRESS_LESSONS: usize = 1000;

impl Default for Progress {
    fn default() -> Progress {
        Progress::new()
    }
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            version: PROGRESS_VERSION,
            lessons: BTreeMap::new(),
        }
    }

    /// Reads a progress file; every error says what is wrong and what is allowed.
    pub fn from_json(text: &str) -> Result<Progress, String> {
        let p: Progress = serde_json::from_str(text).map_err(|e| {
            format!("{e}; expected {{\"version\": 1, \"lessons\": {{\"<id>\": {{\"solved\": true, \"best_correct\": 2, \"checkpoints\": 3}}}}}}")
        })?;
        if p.version != PROGRESS_VERSION {
            return Err(format!("version: {} is not a version this app reads (1)", p.version));
        }
        if p.lessons.len() > MAX_PROGRESS_LESSONS {
            return Err(format!("lessons: {} entries, at most {MAX_PROGRESS_LESSONS}", p.lessons.len()));
        }
        for (id, l) in &p.lessons {
            check_id(id).map_err(|e| format!("lessons: {e}"))?;
            if l.best_correct > l.checkpoints || l.checkpoints > MAX_STEPS as u32 {
                return Err(format!(
                    "lessons.{id}: best_correct ({}) must be at most checkpoints ({}), and checkpoints at most {MAX_STEPS}",
                    l.best_correct, l.checkpoints
                ));
            }
        }
        Ok(p)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("progress serializes")
    }

    /// Records a run's score (kept if it beats the best) and whether the goal was reached.
    pub fn record(&mut self, id: &str, correct: u32, checkpoints: u32, solved: bool) {
        let entry = self.lessons.entry(id.to_string()).or_default();
        entry.solved |= solved;
        // A better score, or the first one: best as a share of that run's checkpoints.
        if entry.checkpoints == 0 || u64::from(correct) * u64::from(entry.checkpoints.max(1)) > u64::from(entry.best_correct) * u64::from(checkpoints.max(1)) {
            entry.best_correct = correct.min(checkpoints);
            entry.checkpoints = checkpoints;
        }
    }
}

/// Steps the session until the trigger fires after `start_ms`; the moment to stop at.
fn fire(session: &mut Session, t: &Trigger, start_ms: u64, duration_ms: u64) -> Option<u64> {
    let at = if let Some(at) = t.at_ms {
        Some(at.max(start_ms))
    } else if let Some(after) = t.after_ms {
        Some(start_ms + after)
    } else if t.end {
        Some(duration_ms)
    } else {
        let m = Matcher::new(t.event.as_deref().unwrap_or_default(), &t.where_);
        let mut seen = 0;
        let want = t.nth.unwrap_or(1);
        // Entries already in the trace after the step began count too (same-ms events).
        let mut from = session.sim.trace.iter().position(|e| e.at_ms > start_ms).unwrap_or(session.sim.trace.len());
        let mut found = None;
        // Bounded by the run's end: every step moves the clock or drains a finite queue.
        'search: loop {
            for e in session.sim.trace.iter_from(from) {
                if e.at_ms > start_ms && m.matches(e) {
                    seen += 1;
                    if seen == want {
                        found = Some(e.at_ms);
                        break 'search;
                    }
                }
            }
            from = session.sim.trace.len();
            if session.sim.next_event_ms().is_none_or(|n| n > duration_ms) || !session.step_forward() {
                break;
            }
        }
        found
    }?;
    Some((at + t.plus_ms).min(duration_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_the_trace_entries() {
        let source = include_str!("../model/trace.rs");
        let body = &source[source.find("pub enum TraceEvent {").expect("the enum")..];
        let body = &body[..body.find("\n}\n").expect("its end")];
        let variants: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("    ").filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase())))
            .map(|l| l.trim_end_matches(" {").trim_end_matches(','))
            .collect();
        assert_eq!(variants, EVENT_TYPES);
    }

    #[test]
    fn progress_round_trips_and_names_bad_fields() {
        let mut p = Progress::new();
        p.record("consumer-groups", 1, 4, false);
        p.record("consumer-groups", 3, 4, true);
        p.record("consumer-groups", 2, 4, false);
        let entry = p.lessons["consumer-groups"];
        assert_eq!((entry.solved, entry.best_correct, entry.checkpoints), (true, 3, 4));
        assert_eq!(Progress::from_json(&p.to_json()).unwrap(), p);
        assert!(Progress::from_json("{\"version\": 2, \"lessons\": {}}").unwrap_err().starts_with("version:"));
        assert!(
            Progress::from_json("{\"version\": 1, \"lessons\": {\"A B\": {\"solved\": true, \"best_correct\": 0, \"checkpoints\": 0}}}")
                .unwrap_err()
                .contains("not a lesson id")
        );
        assert!(
            Progress::from_json("{\"version\": 1, \"lessons\": {\"x\": {\"solved\": true, \"best_correct\": 5, \"checkpoints\": 2}}}")
                .unwrap_err()
                .starts_with("lessons.x:")
        );
        assert!(Progress::from_json("[]").unwrap_err().contains("expected {"));
    }

    #[test]
    fn errors_name_the_field() {
        let base = include_str!("../../static/lessons/consumer-groups.json");
        let bad = |from: &str, to: &str| {
            assert!(base.contains(from), "{from}");
            Lesson::from_json(&base.replacen(from, to, 1)).expect_err(to)
        };
        assert!(bad("\"id\": \"consumer-groups\"", "\"id\": \"Bad Id\"").starts_with("id:"));
        assert!(bad("\"q\": \"owner\"", "\"q\": \"owners\"").contains("unknown query 'owners'"));
        assert!(bad("\"event\": \"GroupStateChanged\"", "\"event\": \"Rebalanced\"").contains("not a trace entry type"));
        assert_eq!(
            bad(
                "\"text\": {\n        \"ko\": \"orders 토픽",
                "\"group\": \"nope\", \"text\": {\n        \"ko\": \"orders 토픽"
            ),
            "steps[0].group: 'nope' is not a group of the scenario"
        );
        assert!(Lesson::from_json("{").unwrap_err().starts_with("lesson file:"));
        assert!(parse_index("{\"lessons\": [\"../x\"]}").unwrap_err().contains("not a lesson id"));
    }
}
