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
}
