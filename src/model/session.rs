//! A session = scenario + seed + recorded user actions. Snapshots let the UI step back:
//! going to step n restores the nearest snapshot at or before n and replays, so stepping
//! forward k and back k lands on an identical state.

use crate::model::scenario::format::{ConsumerSpec, Scenario};
use crate::model::sim::action::Action;
use crate::model::sim::world::{Simulation, World};
use serde::{Deserialize, Serialize};

/// A user action and the step at which it was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedAction {
    /// Number of events processed when the action was taken.
    pub step: u64,
    pub at_ms: u64,
    pub action: Action,
}

#[derive(Clone, Debug)]
struct Snapshot {
    step: u64,
    world: World,
    trace_len: usize,
}

/// Steps between snapshots. A snapshot clones the world, event queue included (a producer
/// lesson keeps ~1 500 pending timers), so at 256 the copies cost more than the simulation
/// when a lesson is planned; at 1 024 a seek replays at most ~1 000 events (a few ms in wasm)
/// and scrubbing measured the same (docs/performance.md).
pub const SNAPSHOT_EVERY_STEPS: u64 = 1024;
/// Bounded memory: beyond this many snapshots, every other one is dropped (spacing doubles).
/// A snapshot of a classroom scenario is about 1 MB (the event queue holds ~2 000 timers), so
/// 512 of them took the browser past 600 MB in a one-hour soak; 64 keep snapshots under
/// ~100 MB, and a seek after an hour of play replays at most ~9 000 events (docs/performance.md).
const MAX_SNAPSHOTS: usize = 64;

/// The most trace entries a session records: its memory bound. Beyond it the session stops
/// (as at the end of a scenario) and the UI says why. It holds 69 minutes of `large-256` (the
/// browser then holds 1.47 GB, snapshots included) and about 14 hours of the default scenario
/// (docs/limits.md, docs/performance.md).
pub const MAX_TRACE_ENTRIES: usize = 5_000_000;

/// The future discarded by acting in the past: the recorded actions as they were, and the
/// step the branch was left at (it can be restored once).
#[derive(Clone, Debug)]
pub struct Fork {
    pub step: u64,
    /// How far the discarded branch had been simulated.
    pub reached_step: u64,
    actions: Vec<RecordedAction>,
}

#[derive(Clone, Debug)]
pub struct Session {
    pub sim: Simulation,
    pub actions: Vec<RecordedAction>,
    snapshots: Vec<Snapshot>,
    snapshot_every: u64,
    /// Furthest step simulated on the current branch (a later action in the past forks).
    reached_step: u64,
    pub fork: Option<Fork>,
    /// How many times the trace has been cut back (step back, seek back, fork): anything folded
    /// from the trace (the charts) starts over when this changes.
    pub rewinds: u64,
    /// What this branch simulated beyond the trace on view: the branch's trace entries from
    /// index `tail_start` on (while a stretch is replayed, the trace holds some of them again
    /// until they are trimmed). Going back moves the cut entries here and keeps the later
    /// snapshots, so scrubbing forward again jumps to the nearest snapshot instead of
    /// simulating; acting in the past clears it. Only the part beyond the view is kept, not a
    /// second copy of the whole trace (a one-hour soak held both: docs/performance.md).
    branch_tail: Vec<crate::model::trace::TraceEntry>,
    /// The trace index of `branch_tail[0]`; never beyond the trace's length.
    tail_start: usize,
    /// At most this many trace entries ([`MAX_TRACE_ENTRIES`]; smaller in tests).
    trace_budget: usize,
}

impl Session {
    pub fn new(scenario: &Scenario) -> Session {
        let sim = Simulation::new(scenario);
        let first = Snapshot {
            step: 0,
            world: sim.world.clone(),
            trace_len: 0,
        };
        Session {
            sim,
            actions: Vec::new(),
            snapshots: vec![first],
            snapshot_every: SNAPSHOT_EVERY_STEPS,
            reached_step: 0,
            fork: None,
            rewinds: 0,
            branch_tail: Vec::new(),
            tail_start: 0,
            trace_budget: MAX_TRACE_ENTRIES,
        }
    }

    /// The same session with another trace budget (tests use a small one).
    pub fn with_trace_budget(mut self, entries: usize) -> Session {
        assert!(entries > 0, "a trace budget holds at least one entry");
        self.trace_budget = entries;
        self
    }

    /// The trace has reached its budget: the session goes no further forward (it can still go
    /// back, and act in the past).
    pub fn trace_full(&self) -> bool {
        self.sim.trace.len() >= self.trace_budget
    }

    /// Where a view of this session must stop: `duration_ms`, or earlier the moment its
    /// history filled up.
    pub fn end_ms(&self, duration_ms: u64) -> u64 {
        if self.trace_full() {
            self.sim.now_ms().min(duration_ms)
        } else {
            duration_ms
        }
    }

    pub fn steps(&self) -> u64 {
        self.sim.world.steps
    }

    pub fn scenario(&self) -> &Scenario {
        &self.sim.scenario
    }

    fn maybe_snapshot(&mut self) {
        let step = self.steps();
        if step.is_multiple_of(self.snapshot_every) && self.snapshots.last().is_none_or(|s| s.step < step) {
            self.snapshots.push(Snapshot {
                step,
                world: self.sim.world.clone(),
                trace_len: self.sim.trace.len(),
            });
            if self.snapshots.len() > MAX_SNAPSHOTS {
                // Keep the first and every other one after it; spacing doubles.
                let mut i = 0;
                self.snapshots.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
                self.snapshot_every *= 2;
            }
        }
    }

    fn apply_recorded_at(&mut self, step: u64) {
        let due: Vec<RecordedAction> = self.actions.iter().filter(|a| a.step == step).cloned().collect();
        for a in due {
            self.sim.schedule_action(a.at_ms, a.action);
        }
    }

    /// Processes one event (replaying any action recorded at the next step).
    pub fn step_forward(&mut self) -> bool {
        // One event writes a handful of entries, so the budget may be passed by a few.
        if self.trace_full() {
            return false;
        }
        let progressed = self.sim.step();
        if progressed {
            self.trim_tail();
            self.reached_step = self.reached_step.max(self.steps());
            self.maybe_snapshot();
            let step = self.steps();
            self.apply_recorded_at(step);
        }
        progressed
    }

    /// Drops what the trace now holds again from the front of the branch's tail (in halves, so
    /// the cost stays proportional to the entries replayed), or all of it once the trace has
    /// gone past the branch's end.
    fn trim_tail(&mut self) {
        let len = self.sim.trace.len();
        if len >= self.tail_start + self.branch_tail.len() {
            self.branch_tail.clear();
            self.tail_start = len;
            return;
        }
        let replayed = len - self.tail_start;
        if replayed > 0 && replayed * 2 >= self.branch_tail.len() {
            self.branch_tail.drain(..replayed);
            self.tail_start = len;
        }
    }

    /// Runs every event due at or before `until_ms`.
    pub fn run_until(&mut self, until_ms: u64) {
        while self.sim.next_event_ms().is_some_and(|t| t <= until_ms) {
            if !self.step_forward() {
                break;
            }
        }
    }

    /// Goes back `k` events (not before the start).
    pub fn step_back(&mut self, k: u64) {
        let target = self.steps().saturating_sub(k);
        self.go_to_step(target);
    }

    /// Puts the session in the exact state it had after `target` events.
    pub fn go_to_step(&mut self, target: u64) {
        let now = self.steps();
        if target < now || self.snapshots.iter().any(|s| s.step > now && s.step <= target) {
            self.restore_snapshot(|s| s.step <= target);
        }
        while self.steps() < target && self.step_forward() {}
    }

    /// Restores the latest snapshot matching `fits` (the step-0 one always does): back in
    /// time, or forward to one kept from this branch.
    fn restore_snapshot(&mut self, fits: impl Fn(&Snapshot) -> bool) {
        let snapshot = self
            .snapshots
            .iter()
            .rev()
            .find(|s| s.step == 0 || fits(s))
            .expect("the step-0 snapshot always exists");
        let (step, trace_len) = (snapshot.step, snapshot.trace_len);
        self.sim.world = snapshot.world.clone();
        let len = self.sim.trace.len();
        debug_assert!(self.tail_start <= len, "the branch's tail starts within the trace");
        if trace_len < len {
            self.rewinds += 1;
            // The cut entries, then the tail's entries beyond the old view: the new tail.
            let mut cut = self.sim.trace.split_off(trace_len);
            if self.tail_start + self.branch_tail.len() > len {
                cut.extend(self.branch_tail.drain(len - self.tail_start..));
            }
            self.branch_tail = cut;
        } else {
            assert!(
                self.tail_start + self.branch_tail.len() >= trace_len,
                "a kept snapshot's trace is in the branch's tail"
            );
            let (from, to) = (len - self.tail_start, trace_len - self.tail_start);
            self.sim.trace.extend(self.branch_tail.drain(..to).skip(from));
        }
        self.tail_start = trace_len;
        self.apply_recorded_at(step);
    }

    /// Forgets what this branch simulated beyond the current step (its future changes).
    fn cut_branch(&mut self) {
        let step = self.steps();
        self.snapshots.retain(|s| s.step <= step);
        self.branch_tail.clear();
        self.tail_start = self.sim.trace.len();
    }

    /// Shows the run at virtual time `at_ms`: every event up to it has happened, none after.
    /// Going back restores a snapshot and replays; going forward jumps to the nearest kept
    /// snapshot of this branch, then simulates.
    pub fn seek_ms(&mut self, at_ms: u64) {
        let steps = self.steps();
        if at_ms < self.sim.now_ms() || self.snapshots.iter().any(|s| s.step > steps && s.world.now_ms <= at_ms) {
            self.restore_snapshot(|s| s.world.now_ms <= at_ms);
        }
        self.run_until(at_ms);
    }

    /// Brings the discarded branch back (once): its actions return and the session is put
    /// where that branch had been left.
    pub fn restore_fork(&mut self) -> bool {
        let Some(fork) = self.fork.take() else { return false };
        self.actions = fork.actions;
        self.restore_snapshot(|s| s.step <= fork.step);
        self.cut_branch();
        self.reached_step = self.steps();
        while self.steps() < fork.reached_step && self.step_forward() {}
        true
    }

    /// Takes an action now (at `at_ms`, not before the current time). Actions recorded for
    /// later steps belong to a future that no longer happens and are discarded.
    pub fn act(&mut self, at_ms: u64, action: Action) {
        let step = self.steps();
        let at_ms = at_ms.max(self.sim.now_ms());
        self.cut_branch();
        if step < self.reached_step {
            // Acting in the past: the rest of this branch is discarded (restorable once).
            self.fork = Some(Fork {
                step,
                reached_step: self.reached_step,
                actions: self.actions.clone(),
            });
            self.reached_step = step;
        }
        self.actions.retain(|a| a.step <= step);
        self.actions.push(RecordedAction {
            step,
            at_ms,
            action: action.clone(),
        });
        self.sim.schedule_action(at_ms, action);
    }

    /// A fresh consumer id for a group: the lowest "c<n>" not yet used anywhere.
    pub fn next_consumer_id(&self) -> String {
        let used = |id: &str| {
            self.sim.world.consumers.contains_key(id)
                || self.sim.scenario.groups.iter().any(|g| g.consumers.iter().any(|c| c.id == id))
                || self
                    .actions
                    .iter()
                    .any(|a| matches!(&a.action, Action::Start { consumer } if consumer.id == id))
        };
        (1..).map(|n| format!("c{n}")).find(|id| !used(id)).expect("ids are unbounded")
    }

    /// Starts a new consumer in `group_id` configured like the group's first consumer.
    pub fn add_consumer(&mut self, group_id: &str, at_ms: u64) -> String {
        let id = self.next_consumer_id();
        let template = self.sim.world.consumers.values().find(|c| c.spec.group_id == group_id).map(|c| c.spec.clone());
        let resolved = match template {
            Some(mut spec) => {
                spec.id = id.clone();
                spec.config.client_id = id.clone();
                spec
            }
            None => {
                let spec = ConsumerSpec {
                    id: id.clone(),
                    processing_ms_per_record: 0,
                    commit: None,
                    subscribe: None,
                    config: Default::default(),
                    produce_to: None,
                };
                self.sim
                    .scenario
                    .resolve_consumer("new consumer", group_id, &spec)
                    .expect("a default consumer is valid")
            }
        };
        self.act(at_ms, Action::Start { consumer: resolved });
        id
    }

    /// A scenario's session with these actions, each taken at its own step, put at `at_ms`
    /// (a link or a session file opened; the caller has checked the log against the scenario).
    pub fn replay(scenario: &Scenario, actions: &[RecordedAction], at_ms: u64) -> Session {
        let mut session = Session::replay_actions(scenario, actions);
        session.seek_ms(at_ms);
        session
    }

    /// A scenario's session with these actions, each taken at its own step; it stands at the last
    /// action (or at the start).
    pub fn replay_actions(scenario: &Scenario, actions: &[RecordedAction]) -> Session {
        let mut session = Session::new(scenario);
        for a in actions {
            // Bounded by time as well as by steps: a recorded action was taken at its step while
            // the clock stood at or before its time, so a valid log never stops early here; a
            // made-up step count (millions) cannot run the world on past the action's moment,
            // which the caller's checks keep within the scenario (a link's and a file's do).
            while session.steps() < a.step && session.sim.now_ms() <= a.at_ms && session.step_forward() {}
            session.act(a.at_ms, a.action.clone());
        }
        session
    }
}
