//! Running a lesson's scenario: where each step's trigger fires, what each checkpoint's answer
//! is, and whether a goal's run is reached. Separate from the file and its queries: this is the
//! only part that simulates.

use super::format::{Loaded, Trigger};
use super::query::{same, Matcher};
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::model::sim::Simulation;
use serde_json::Value;

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
    pub fn goal_scenario(&self, settings: &[(String, String)]) -> Result<Scenario, crate::study::compare::LaneError> {
        let base = match &self.lesson.goal.scenario {
            Some(v) => Scenario::from_json(&v.to_string()).map_err(crate::study::compare::LaneError::Scenario)?,
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
