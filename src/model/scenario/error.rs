//! Scenario errors: every error names the field (as a path such as
//! `groups[0].consumers[1].config`) and what is allowed; serde_json's errors are given the path
//! of the field where parsing stopped.

use crate::model::config_error::ConfigError;
use std::fmt;

/// A scenario error: where, and what is wrong / allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    /// In English (the CLI prints it).
    pub message: String,
    /// A refused configuration, as a value the UI words in its reader's language.
    pub config: Option<ConfigError>,
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

pub fn err(path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: message.into(),
        config: None,
    }
}

/// A scenario error at `path` whose cause is a refused configuration.
pub fn config_err(path: impl Into<String>, e: ConfigError) -> ScenarioError {
    ScenarioError {
        path: path.into(),
        message: e.to_string(),
        config: Some(e),
    }
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
