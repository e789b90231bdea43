//! Session files: any scenario (bundled or not) with the group and moment on view and every
//! action taken, as JSON the learner saves and opens again; unlike a link, no length limit.

use super::check::check_on;
use super::link::{action_from_json, action_to_json};
use super::state::{ActionProblem, LinkError};
use crate::model::scenario::error::JsonProblem;
use crate::model::scenario::{Scenario, ScenarioError};
use crate::model::session::RecordedAction;
use serde_json::{json, Value};

/// What a session file says it is (`"format"`), and the version this build writes and reads.
pub const FILE_FORMAT: &str = "groupscope-session";
pub const FILE_VERSION: u64 = 1;

/// A session file opened: any scenario (bundled or not), the group and moment on view and the
/// actions taken. A plain scenario file opens as one with no actions, at 0 ms.
#[derive(Clone, Debug)]
pub struct OpenedFile {
    pub scenario: Scenario,
    /// The scenario's JSON, written back as it was when the session is exported again.
    pub scenario_json: Value,
    pub group: String,
    pub at_ms: u64,
    pub actions: Vec<RecordedAction>,
}

/// Why a file opens nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// The browser could not read the chosen file.
    Unreadable,
    /// Not JSON at all (where the parser stopped).
    NotJson(JsonProblem),
    /// A session file from a newer groupscope.
    FutureVersion(u64),
    /// A session file's own field is missing or wrong (which, and what it must be).
    BadField(FileField),
    /// The scenario inside is not valid (its field path and what is allowed).
    Scenario(ScenarioError),
    /// The state fails a link's checks (too many actions, unknown group...).
    State(LinkError),
}

/// Which of a session file's own fields is missing or wrong (the UI words it:
/// `i18n::errors::file_field`; `Display` writes the English the CLI prints).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileField {
    NotObject,
    /// `format` is not "groupscope-session".
    Format,
    /// A field the format does not have.
    Unknown(String),
    /// `version` is missing or not a whole number.
    Version,
    /// `version` is 0.
    VersionZero,
    Scenario,
    Group,
    AtMs,
    Actions,
    /// One action (its index, and what is wrong with it).
    Action(usize, ActionProblem),
}

/// A session file's own fields.
pub const FILE_FIELDS: &str = "format, version, group, at_ms, actions, scenario";

impl std::fmt::Display for FileField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileField::NotObject => write!(f, "the file is not a JSON object"),
            FileField::Format => write!(f, "'format' must be \"{FILE_FORMAT}\""),
            FileField::Unknown(k) => write!(f, "unknown field '{k}' (allowed: {FILE_FIELDS})"),
            FileField::Version => write!(f, "'version' is missing or not a whole number"),
            FileField::VersionZero => write!(f, "'version' must be 1"),
            FileField::Scenario => write!(f, "'scenario' is missing"),
            FileField::Group => write!(f, "'group' is missing or not text"),
            FileField::AtMs => write!(f, "'at_ms' is missing or not a whole number of ms"),
            FileField::Actions => write!(f, "'actions' is missing or not a list"),
            FileField::Action(i, m) => write!(f, "actions[{i}]: {m}"),
        }
    }
}

/// The session file of a state: the scenario's JSON, the group and moment on view and every
/// action taken, in the link's action encoding. `groupscope-cli run` accepts it too.
pub fn export_file(scenario_json: &Value, group: &str, at_ms: u64, actions: &[RecordedAction]) -> String {
    let value = json!({
        "format": FILE_FORMAT,
        "version": FILE_VERSION,
        "group": group,
        "at_ms": at_ms,
        "actions": actions.iter().map(action_to_json).collect::<Vec<_>>(),
        "scenario": scenario_json,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// Opens a session file, or a plain scenario file; nothing half-way.
pub fn open_file(text: &str) -> Result<OpenedFile, FileError> {
    let value: Value = serde_json::from_str(text).map_err(|e| FileError::NotJson(JsonProblem::of(&e)))?;
    let is_session = value.get("format").is_some();
    if !is_session {
        let scenario = Scenario::from_json(text).map_err(FileError::Scenario)?;
        let group = scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default();
        return Ok(OpenedFile {
            scenario,
            scenario_json: value,
            group,
            at_ms: 0,
            actions: Vec::new(),
        });
    }
    let obj = value.as_object().ok_or(FileError::BadField(FileField::NotObject))?;
    let bad = FileError::BadField;
    if obj.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err(bad(FileField::Format));
    }
    if let Some(k) = obj
        .keys()
        .find(|k| !["format", "version", "group", "at_ms", "actions", "scenario"].contains(&k.as_str()))
    {
        return Err(bad(FileField::Unknown(k.clone())));
    }
    let version = obj.get("version").and_then(Value::as_u64).ok_or(bad(FileField::Version))?;
    if version > FILE_VERSION {
        return Err(FileError::FutureVersion(version));
    }
    if version == 0 {
        return Err(bad(FileField::VersionZero));
    }
    let scenario_json = obj.get("scenario").cloned().ok_or(bad(FileField::Scenario))?;
    let scenario = Scenario::from_json(&scenario_json.to_string()).map_err(|mut e| {
        e.path = if e.path == "." { "scenario".into() } else { format!("scenario.{}", e.path) };
        FileError::Scenario(e)
    })?;
    let group = obj.get("group").and_then(Value::as_str).ok_or(bad(FileField::Group))?.to_string();
    let at_ms = obj.get("at_ms").and_then(Value::as_u64).ok_or(bad(FileField::AtMs))?;
    let actions = obj
        .get("actions")
        .and_then(Value::as_array)
        .ok_or(bad(FileField::Actions))?
        .iter()
        .enumerate()
        .map(|(i, a)| action_from_json(a).map_err(|e| bad(FileField::Action(i, e))))
        .collect::<Result<Vec<_>, _>>()?;
    check_on(&scenario, &group, at_ms, &actions).map_err(FileError::State)?;
    Ok(OpenedFile {
        scenario,
        scenario_json,
        group,
        at_ms,
        actions,
    })
}
