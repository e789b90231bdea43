//! Session files: any scenario (bundled or not) with the group and moment on view and every
//! action taken, as JSON the learner saves and opens again; unlike a link, no length limit.

use super::check::check_on;
use super::link::{action_from_json, action_to_json};
use super::state::LinkError;
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
    /// Not JSON at all (serde_json's message, with line and column).
    NotJson(String),
    /// A session file from a newer groupscope.
    FutureVersion(u64),
    /// A session file's own field is missing or wrong (which, and what it must be).
    BadField(String),
    /// The scenario inside is not valid (its field path and what is allowed).
    Scenario(ScenarioError),
    /// The state fails a link's checks (too many actions, unknown group...).
    State(LinkError),
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
    let value: Value = serde_json::from_str(text).map_err(|e| FileError::NotJson(e.to_string()))?;
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
    let obj = value.as_object().ok_or_else(|| FileError::BadField("the file is not a JSON object".into()))?;
    let bad = |m: &str| FileError::BadField(m.to_string());
    if obj.get("format").and_then(Value::as_str) != Some(FILE_FORMAT) {
        return Err(bad("'format' must be \"groupscope-session\""));
    }
    if let Some(k) = obj
        .keys()
        .find(|k| !["format", "version", "group", "at_ms", "actions", "scenario"].contains(&k.as_str()))
    {
        return Err(FileError::BadField(format!(
            "unknown field '{k}' (allowed: format, version, group, at_ms, actions, scenario)"
        )));
    }
    let version = obj
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("'version' is missing or not a whole number"))?;
    if version > FILE_VERSION {
        return Err(FileError::FutureVersion(version));
    }
    if version == 0 {
        return Err(bad("'version' must be 1"));
    }
    let scenario_json = obj.get("scenario").cloned().ok_or_else(|| bad("'scenario' is missing"))?;
    let scenario = Scenario::from_json(&scenario_json.to_string()).map_err(|mut e| {
        e.path = if e.path == "." { "scenario".into() } else { format!("scenario.{}", e.path) };
        FileError::Scenario(e)
    })?;
    let group = obj
        .get("group")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("'group' is missing or not text"))?
        .to_string();
    let at_ms = obj
        .get("at_ms")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("'at_ms' is missing or not a whole number of ms"))?;
    let actions = obj
        .get("actions")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("'actions' is missing or not a list"))?
        .iter()
        .enumerate()
        .map(|(i, a)| action_from_json(a).map_err(|e| FileError::BadField(format!("actions[{i}]: {e}"))))
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
