//! A learner's progress: what localStorage keeps and the exported file holds. Separate from
//! lessons themselves: it names lessons by id only.

use super::format::{check_id, MAX_STEPS};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
pub const MAX_PROGRESS_LESSONS: usize = 1000;

/// Why a progress file is refused, as a value (the UI words it: `i18n::errors::progress_error`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressError {
    /// Not a progress file's JSON (what serde_json found wrong).
    NotProgress(crate::model::scenario::error::JsonProblem),
    /// A version this app does not read.
    Version(u32),
    /// More lessons than any curriculum has.
    TooManyLessons(usize),
    /// A key that is not a lesson id.
    BadId(String),
    /// More right than there were checkpoints, or more checkpoints than a lesson has steps.
    BadScore { id: String, best_correct: u32, checkpoints: u32 },
}

impl std::fmt::Display for ProgressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProgressError::NotProgress(m) => write!(f, "{m}; expected {PROGRESS_SHAPE}"),
            ProgressError::Version(v) => write!(f, "version: {v} is not a version this app reads ({PROGRESS_VERSION})"),
            ProgressError::TooManyLessons(n) => write!(f, "lessons: {n} entries, at most {MAX_PROGRESS_LESSONS}"),
            ProgressError::BadId(id) => write!(f, "lessons: '{id}' is not a lesson id: use 1 to 48 lower-case letters, digits and '-'"),
            ProgressError::BadScore { id, best_correct, checkpoints } => write!(
                f,
                "lessons.{id}: best_correct ({best_correct}) must be at most checkpoints ({checkpoints}), and checkpoints at most {MAX_STEPS}"
            ),
        }
    }
}

/// What a progress file looks like (for the messages).
pub const PROGRESS_SHAPE: &str = r#"{"version": 1, "lessons": {"<id>": {"solved": true, "best_correct": 2, "checkpoints": 3}}}"#;

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
    pub fn from_json(text: &str) -> Result<Progress, ProgressError> {
        let p: Progress = serde_json::from_str(text).map_err(|e| ProgressError::NotProgress(crate::model::scenario::error::JsonProblem::of(&e)))?;
        if p.version != PROGRESS_VERSION {
            return Err(ProgressError::Version(p.version));
        }
        if p.lessons.len() > MAX_PROGRESS_LESSONS {
            return Err(ProgressError::TooManyLessons(p.lessons.len()));
        }
        for (id, l) in &p.lessons {
            check_id(id).map_err(|_| ProgressError::BadId(id.clone()))?;
            if l.best_correct > l.checkpoints || l.checkpoints > MAX_STEPS as u32 {
                return Err(ProgressError::BadScore {
                    id: id.clone(),
                    best_correct: l.best_correct,
                    checkpoints: l.checkpoints,
                });
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

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn progress_round_trips_and_names_bad_fields() {
        let mut p = Progress::new();
        p.record("consumer-groups", 1, 4, false);
        p.record("consumer-groups", 3, 4, true);
        p.record("consumer-groups", 2, 4, false);
        let entry = p.lessons["consumer-groups"];
        assert_eq!((entry.solved, entry.best_correct, entry.checkpoints), (true, 3, 4));
        assert_eq!(Progress::from_json(&p.to_json()).unwrap(), p);
        assert!(Progress::from_json("{\"version\": 2, \"lessons\": {}}")
            .unwrap_err()
            .to_string()
            .starts_with("version:"));
        assert!(
            Progress::from_json("{\"version\": 1, \"lessons\": {\"A B\": {\"solved\": true, \"best_correct\": 0, \"checkpoints\": 0}}}")
                .unwrap_err()
                .to_string()
                .contains("not a lesson id")
        );
        assert!(
            Progress::from_json("{\"version\": 1, \"lessons\": {\"x\": {\"solved\": true, \"best_correct\": 5, \"checkpoints\": 2}}}")
                .unwrap_err()
                .to_string()
                .starts_with("lessons.x:")
        );
        assert!(Progress::from_json("[]").unwrap_err().to_string().contains("expected {"));
    }
}
