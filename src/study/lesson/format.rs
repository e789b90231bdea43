//! The lesson file (docs/lesson-format.md): its types, parsing and validation, the trace entry
//! types a trigger may name and the limits. Separate from running a lesson: a file is checked
//! whole before any simulation starts.

use super::query::{same, Check, Query, QUERIES};
use crate::model::nouns::TopicPartition;
use crate::model::scenario::Scenario;
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
    /// The panels this step needs open beside the stage and its card (names in `PANELS`);
    /// the others stay folded. Absent: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub panels: Vec<String>,
}

/// The panels a lesson step may ask for (`steps[i].panels`, docs/lesson-format.md).
pub const PANELS: &[&str] = &["group", "lane", "charts", "ledger", "events", "legend", "inspector"];

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
    "CommitAwaitingReplicas",
    "CoordinatorMoved",
    "CoordinatorUnknown",
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
    "FireAndForgetLost",
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
            for (j, panel) in step.panels.iter().enumerate() {
                if !PANELS.contains(&panel.as_str()) {
                    return Err(format!("{path}.panels[{j}]: unknown panel '{panel}'; allowed: {}", PANELS.join(", ")));
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
            crate::study::compare::apply(&base, &[(k.name.clone(), k.start.clone())]).map_err(|e| at(format!("goal.knobs[{i}]"))(e.to_string()))?;
        }
        parse_settings(&goal.solution).map_err(|e| at("goal.solution".into())(e.to_string()))?;
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
            "assigned" | "records_lag_max" | "lag_now" => need(self.consumer.is_some(), "consumer")?,
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
}

/// `name=value` settings (a goal's solution, the learner's knobs).
pub fn parse_settings(list: &[String]) -> Result<Vec<(String, String)>, crate::study::compare::LaneError> {
    list.iter()
        .map(|s| match s.split_once('=') {
            Some((n, v)) if !n.trim().is_empty() => Ok((n.trim().to_string(), v.trim().to_string())),
            _ => Err(crate::study::compare::LaneError::NotNameValue(s.clone())),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_are_the_trace_entries() {
        let source = include_str!("../../model/trace.rs");
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
    fn errors_name_the_field() {
        let base = include_str!("../../../static/lessons/consumer-groups.json");
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
        assert_eq!(
            bad(
                "\"text\": {\n        \"ko\": \"orders 토픽",
                "\"panels\": [\"lane\", \"chart\"], \"text\": {\n        \"ko\": \"orders 토픽"
            ),
            "steps[0].panels[1]: unknown panel 'chart'; allowed: group, lane, charts, ledger, events, legend, inspector"
        );
        assert!(Lesson::from_json("{").unwrap_err().starts_with("lesson file:"));
        assert!(parse_index("{\"lessons\": [\"../x\"]}").unwrap_err().contains("not a lesson id"));
    }
}
