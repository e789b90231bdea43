//! Guided lessons (docs/lesson-format.md): a lesson is data — a scenario, scripted steps whose
//! narration waits for engine events, predict-then-reveal checkpoints whose answers the engine
//! computes, and one sandbox goal checked by a predicate over engine state. This module parses
//! and validates lesson files, plans a lesson (when each step's trigger fires and what each
//! checkpoint's answer is) and evaluates goals. Pure: the UI and the tests drive it.
//!
//! Its rooms: `format` (the file's types, parsing and validation), `query` (numbers and
//! conditions read off the engine), `plan` (running the lesson's scenario: triggers, answers,
//! the goal) and `progress` (what a learner has done). This file only declares and re-exports.

pub mod format;
pub mod plan;
pub mod progress;
pub mod query;

/// The lesson a first visit is offered ("start lesson 1"): the first in
/// `static/lessons/index.json` (checked by `tests/it/lessons.rs`).
pub const FIRST_LESSON: &str = "topics-offsets";

pub use format::{
    check_id, parse_index, parse_settings, show, Callout, Choice, Goal, Knob, Lesson, Loaded, Predict, Step, Texts, Trigger, EVENT_TYPES,
    MAX_LESSON_DURATION_MS, MAX_STEPS, PANELS,
};
pub use plan::Plan;
pub use progress::{LessonProgress, Progress, PROGRESS_VERSION};
pub use query::{Check, Op, Query, Reveals, QUERIES};
