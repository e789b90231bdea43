//! Scenario errors: every error names the field (as a path such as
//! `groups[0].consumers[1].config`) and what is allowed; serde_json's errors are given the path
//! of the field where parsing stopped.

use crate::model::config_error::ConfigError;
use std::fmt;

/// A scenario error: where, and what is wrong (as a value the UI words in its reader's
/// language, `i18n::errors::problem`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    /// In English (the CLI prints it): `problem`'s wording.
    pub message: String,
    pub problem: Problem,
}

/// What kind of thing a name names (in duplicate and unknown names).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Topic,
    Producer,
    Group,
    Consumer,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Topic => "topic",
            Kind::Producer => "producer",
            Kind::Group => "group",
            Kind::Consumer => "consumer",
        }
    }
}

/// Why a scenario is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The text is not the JSON of a scenario.
    Json(JsonProblem),
    /// Refused properties.
    Config(ConfigError),
    /// A number outside `min..=max`.
    Range {
        min: u64,
        max: u64,
    },
    /// A replication factor above the broker count.
    ReplicationFactor {
        brokers: u32,
    },
    /// More entries in a list than allowed.
    TooManyEntries {
        n: u64,
        max: u64,
    },
    TooManyConsumers {
        n: u64,
        max: u64,
    },
    TooManyPartitions {
        n: u64,
        max: u64,
    },
    NoTopics,
    Duplicate {
        kind: Kind,
        id: String,
    },
    /// A name the scenario does not have, and the ones it has.
    Unknown {
        kind: Kind,
        id: String,
        known: Vec<String>,
    },
    /// An action on a consumer no earlier action started.
    NotStarted(String),
    /// An action names a consumer of another group.
    OtherGroup {
        consumer: String,
        group: String,
    },
    /// A producer's partition beyond its topic's last.
    NoPartition {
        topic: String,
        last: u32,
    },
    NeedsTransactionalId,
    AtLeastOne,
    EmptyKeys,
    TooManyHeaders {
        max: usize,
    },
    LongHeader {
        max_bytes: usize,
    },
    NotInTimeOrder,
    /// add_partitions can only add.
    OnlyAdd {
        current: u32,
        max: u32,
    },
    NoBroker {
        last: u32,
    },
    /// A broker setting's value (an integer from 1 to `max`).
    BrokerSetting {
        value: String,
        max: u64,
    },
    UnknownBrokerSetting {
        name: String,
        supported: Vec<&'static str>,
    },
    /// A consumer property only a new consumer can have.
    FixedAtStart(String),
    AutoCommitFixed,
    CommitContradicts {
        commit: &'static str,
        auto_commit: bool,
    },
    EmptySubscribe,
    NeedsProduceTo,
    ProduceToNeedsTransactional,
    NotTransactional {
        producer: String,
        transactional: Vec<String>,
    },
    BadName(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |items: &[String]| if items.is_empty() { "none".to_string() } else { items.join(", ") };
        match self {
            Problem::Json(p) => write!(f, "{p}"),
            Problem::Config(e) => write!(f, "{e}"),
            Problem::Range { min, max } => write!(f, "must be from {min} to {max}"),
            Problem::ReplicationFactor { brokers } => write!(f, "must be from 1 to the broker count ({brokers})"),
            Problem::TooManyEntries { n, max } => write!(f, "{n} entries: at most {max} are allowed"),
            Problem::TooManyConsumers { n, max } => write!(f, "{n} consumers: at most {max} are allowed in a group"),
            Problem::TooManyPartitions { n, max } => write!(f, "{n} partitions in all: at most {max} are allowed"),
            Problem::NoTopics => write!(f, "at least one topic is needed"),
            Problem::Duplicate { kind: Kind::Consumer, id } => write!(f, "duplicate consumer id '{id}' (ids are unique across groups)"),
            Problem::Duplicate { kind, id } => write!(f, "duplicate {} '{id}'", kind.name()),
            Problem::Unknown { kind, id, known } if known.is_empty() => write!(f, "unknown {} '{id}'", kind.name()),
            Problem::Unknown { kind, id, known } => write!(f, "unknown {} '{id}'; known: {}", kind.name(), known.join(", ")),
            Problem::NotStarted(c) => write!(f, "unknown consumer '{c}' (start it first)"),
            Problem::OtherGroup { consumer, group } => write!(f, "consumer '{consumer}' belongs to group '{group}'"),
            Problem::NoPartition { topic, last } => write!(f, "topic '{topic}' has partitions 0 to {last}"),
            Problem::NeedsTransactionalId => write!(f, "needs a transactional.id in the producer's config"),
            Problem::AtLeastOne => write!(f, "must be at least 1"),
            Problem::EmptyKeys => write!(f, "must list at least one key, or be null for key-less records"),
            Problem::TooManyHeaders { max } => write!(f, "at most {max} headers"),
            Problem::LongHeader { max_bytes } => write!(f, "a header's name (not empty) and value have at most {max_bytes} bytes"),
            Problem::NotInTimeOrder => write!(f, "actions must be listed in time order"),
            Problem::OnlyAdd { current, max } => write!(
                f,
                "the new partition count must be more than the current {current} and at most {max} (partitions can only be added)"
            ),
            Problem::NoBroker { last } => write!(f, "brokers are 0 to {last}"),
            Problem::BrokerSetting { value, max } => write!(f, "bad value {value}: expected an integer from 1 to {max}"),
            Problem::UnknownBrokerSetting { name, supported } => {
                write!(f, "unknown or not yet modelled broker config '{name}'; supported: {}", supported.join(", "))
            }
            Problem::FixedAtStart(name) => write!(
                f,
                "'{name}' is fixed when the consumer starts; start another consumer with the setting you want"
            ),
            Problem::AutoCommitFixed => write!(f, "'enable.auto.commit' cannot change while the consumer runs (it decides the commit mode)"),
            Problem::CommitContradicts { commit, auto_commit } => write!(f, "commit '{commit}' contradicts enable.auto.commit={auto_commit} in config"),
            Problem::EmptySubscribe => write!(f, "must name at least one topic (or be absent for all topics)"),
            Problem::NeedsProduceTo => write!(f, "commit 'transactional' needs produce_to: the topic the outputs go to"),
            Problem::ProduceToNeedsTransactional => write!(f, "produce_to needs commit 'transactional'"),
            Problem::NotTransactional { producer, transactional } => write!(
                f,
                "'{producer}' is not a transactional producer (one with config transactional.id); transactional: {}",
                list(transactional)
            ),
            Problem::BadName(name) => write!(f, "'{name}' is not allowed: use 1 to 64 characters from a-z, A-Z, 0-9, '.', '_' and '-'"),
        }
    }
}

/// Why a text is not the JSON a reader expects, from serde_json's error: a value the UI words
/// in its reader's language. serde's own message is read for its parts (the field, the
/// allowed names, the type found and expected).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    /// Not JSON at all (or cut off): where the parser stopped.
    Syntax {
        line: usize,
        column: usize,
    },
    UnknownField {
        field: String,
        allowed: Vec<String>,
    },
    MissingField(String),
    DuplicateField(String),
    UnknownVariant {
        value: String,
        allowed: Vec<String>,
    },
    /// A value of another type (`invalid type`) or outside what the field takes (`invalid
    /// value`): serde's description of what was found and what is expected.
    Mismatch {
        wrong_type: bool,
        found: String,
        expected: String,
    },
    /// Anything else (a reader's own message, in English).
    Other(String),
}

impl JsonProblem {
    pub fn of(e: &serde_json::Error) -> JsonProblem {
        if e.is_syntax() || e.is_eof() || e.is_io() {
            return JsonProblem::Syntax {
                line: e.line(),
                column: e.column(),
            };
        }
        let text = strip_position(&e.to_string());
        // The names serde puts in backticks: the first is the offending one.
        let ticked: Vec<String> = text.split('`').skip(1).step_by(2).map(str::to_string).collect();
        let rest = || ticked.iter().skip(1).cloned().collect::<Vec<_>>();
        if text.starts_with("unknown field `") {
            JsonProblem::UnknownField {
                field: ticked[0].clone(),
                allowed: rest(),
            }
        } else if text.starts_with("missing field `") {
            JsonProblem::MissingField(ticked[0].clone())
        } else if text.starts_with("duplicate field `") {
            JsonProblem::DuplicateField(ticked[0].clone())
        } else if text.starts_with("unknown variant `") {
            JsonProblem::UnknownVariant {
                value: ticked[0].clone(),
                allowed: rest(),
            }
        } else if let Some((found, expected)) = text
            .strip_prefix("invalid type: ")
            .or_else(|| text.strip_prefix("invalid value: "))
            .and_then(|t| t.split_once(", expected "))
        {
            JsonProblem::Mismatch {
                wrong_type: text.starts_with("invalid type"),
                found: found.to_string(),
                expected: expected.to_string(),
            }
        } else {
            JsonProblem::Other(text)
        }
    }
}

impl fmt::Display for JsonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ticked = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
        match self {
            JsonProblem::Syntax { line, column } => write!(f, "not valid JSON (line {line}, column {column})"),
            JsonProblem::UnknownField { field, allowed } if allowed.is_empty() => write!(f, "unknown field `{field}`, there are no fields"),
            JsonProblem::UnknownField { field, allowed } if allowed.len() == 1 => write!(f, "unknown field `{field}`, expected {}", ticked(allowed)),
            JsonProblem::UnknownField { field, allowed } => write!(f, "unknown field `{field}`, expected one of {}", ticked(allowed)),
            JsonProblem::MissingField(field) => write!(f, "missing field `{field}`"),
            JsonProblem::DuplicateField(field) => write!(f, "duplicate field `{field}`"),
            JsonProblem::UnknownVariant { value, allowed } => write!(f, "unknown variant `{value}`, expected one of {}", ticked(allowed)),
            JsonProblem::Mismatch { wrong_type, found, expected } => {
                write!(f, "invalid {}: {found}, expected {expected}", if *wrong_type { "type" } else { "value" })
            }
            JsonProblem::Other(text) => write!(f, "{text}"),
        }
    }
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

pub fn err(path: impl Into<String>, problem: Problem) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: problem.to_string(),
        problem,
    }
}

/// A scenario error at `path` whose cause is a refused configuration.
pub fn config_err(path: impl Into<String>, e: ConfigError) -> ScenarioError {
    err(path, Problem::Config(e))
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
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
