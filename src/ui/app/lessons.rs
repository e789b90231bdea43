//! Guided lessons in the shell: fetching the lesson files on demand, the learner's place in a
//! lesson, and progress in localStorage. What a step shows and when it stops comes from
//! `study::lesson` (the plan); this file only plays the clock to those moments.

use super::{App, Mode, Msg};
use crate::i18n::lessons::{self as texts, Lt};
use crate::model::session::Session;
use crate::study::lesson::{parse_index, parse_settings, Lesson, Loaded, Plan, Progress, Reveals};
use crate::ui::browser;
use serde_json::Value;
use std::rc::Rc;
use yew::prelude::*;

const PROGRESS_KEY: &str = "groupscope.lessons";
/// Same-origin; trunk copies static/lessons/ there.
const LESSON_DIR: &str = "lessons";

/// The lesson files, fetched the first time they are needed.
pub enum Catalog {
    NotLoaded,
    Loading,
    Ready(Vec<Entry>),
    Failed(String),
}

pub struct Entry {
    pub id: String,
    pub lesson: Result<Rc<Loaded>, String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    /// The step's text is shown; the learner continues (or predicts).
    Reading,
    /// The clock plays to the step's end.
    Playing,
    /// A checkpoint's answer is shown.
    Revealed,
}

#[derive(Clone, PartialEq, Debug)]
pub enum GoalPhase {
    Idle,
    Running,
    Met,
    Missed,
    Refused(crate::study::compare::LaneError),
}

pub struct LessonRun {
    pub loaded: Rc<Loaded>,
    pub plan: Plan,
    pub step: usize,
    pub phase: Phase,
    /// Per step: the learner's pick.
    pub picks: Vec<Option<Value>>,
    /// The knobs' values, as the goal form shows them.
    pub knobs: Vec<String>,
    pub hints_shown: usize,
    pub solution_shown: bool,
    pub goal: GoalPhase,
    /// The session runs the goal's scenario (not the lesson's).
    pub in_goal: bool,
    /// The learner's own actions were set aside when the lesson went on.
    pub replayed: bool,
    /// Move keyboard focus to the panel's main control after the next render.
    pub focus: bool,
}

impl LessonRun {
    pub fn steps(&self) -> usize {
        self.loaded.lesson.steps.len()
    }

    /// Checkpoints predicted right so far (their answers shown), and how many checkpoints the
    /// lesson has.
    pub fn score(&self) -> (u32, u32) {
        let mut right = 0;
        let mut total = 0;
        for (i, step) in self.loaded.lesson.steps.iter().enumerate() {
            if step.predict.is_some() {
                total += 1;
                // A pick counts once its answer is on screen, not the moment it is made.
                let revealed = self.in_goal || i < self.step || (i == self.step && self.phase == Phase::Revealed);
                if let (true, Some(pick), Some(answer)) = (revealed, &self.picks[i], &self.plan.answers[i]) {
                    right += u32::from(Loaded::is_right(answer, pick));
                }
            }
        }
        (right, total)
    }

    /// What the screen must not show yet: the pending checkpoint's answer (nothing once the
    /// learner predicted, or outside a checkpoint).
    pub fn masked(&self) -> Reveals {
        match &self.loaded.lesson.steps[self.step].predict {
            Some(p) if self.phase == Phase::Reading && !self.in_goal => p.answer.reveals(),
            _ => Reveals::default(),
        }
    }

    pub fn at_last_step(&self) -> bool {
        self.step + 1 >= self.steps()
    }
}

pub struct Lessons {
    pub catalog: Catalog,
    pub run: Option<LessonRun>,
    pub progress: Progress,
    /// A message for the map or the panel (bad URL values, import results).
    pub notice: Option<String>,
    /// `?lesson=&step=` waiting for the catalog.
    pub pending: Option<(String, Option<String>)>,
    /// `?instructor=1`: the checkpoint answers are marked before the reveal (the instructor's
    /// link; the QR code and shared lesson links never carry it).
    pub instructor: bool,
}

impl Lessons {
    pub fn new() -> Lessons {
        let progress = browser::stored(PROGRESS_KEY).and_then(|t| Progress::from_json(&t).ok()).unwrap_or_default();
        Lessons {
            catalog: Catalog::NotLoaded,
            run: None,
            progress,
            instructor: browser::url_param("instructor").as_deref() == Some("1"),
            notice: None,
            pending: None,
        }
    }

    fn save(&self) {
        browser::store(PROGRESS_KEY, &self.progress.to_json());
    }
}

/// A lesson id and its file's text (or why it did not arrive).
pub type Fetched = (String, Result<String, browser::FetchFailure>);

/// Why the lesson index opened nothing: it did not arrive, or it is not an index.
#[derive(Clone, Debug)]
pub enum CatalogFailure {
    Fetch(browser::FetchFailure),
    Index(String),
}

/// The index and every lesson file it lists.
async fn fetch_catalog() -> Result<Vec<Fetched>, CatalogFailure> {
    let index = browser::fetch_text(format!("{LESSON_DIR}/index.json")).await.map_err(CatalogFailure::Fetch)?;
    let ids = parse_index(&index).map_err(CatalogFailure::Index)?;
    let mut files = Vec::with_capacity(ids.len());
    for id in ids {
        let file = browser::fetch_text(format!("{LESSON_DIR}/{id}.json")).await;
        files.push((id, file));
    }
    Ok(files)
}

/// What the lesson messages carry.
#[derive(Clone)]
pub enum LessonMsg {
    /// Fetch the lesson files (the map or a `?lesson=` link needs them).
    Load,
    Fetched(Result<Vec<Fetched>, CatalogFailure>),
    Open(String, Option<String>),
    Continue,
    Pick(usize),
    Next,
    /// Presenter mode's PageDown / PageUp: the next or previous step, wherever the step is.
    StepBy(isize),
    Knob(usize, String),
    RunGoal,
    Hint,
    Solution,
    Restart,
    Exit,
    Export,
    Import(web_sys::File),
    /// A progress file's text (None: the browser could not read it).
    Imported(Option<String>),
    DismissNotice,
}

impl App {
    /// Starts fetching the lesson files unless they are here or on their way.
    pub(crate) fn ensure_catalog(&mut self, ctx: &Context<App>) {
        if matches!(self.lessons.catalog, Catalog::NotLoaded | Catalog::Failed(_)) {
            self.lessons.catalog = Catalog::Loading;
            ctx.link().send_future(async { Msg::Lesson(LessonMsg::Fetched(fetch_catalog().await)) });
        }
    }

    /// Where the clock stops while a lesson plays (None: the scenario's end).
    pub(crate) fn lesson_stop_ms(&self) -> Option<u64> {
        let run = self.lessons.run.as_ref()?;
        match (run.in_goal, &run.goal, run.phase) {
            (true, GoalPhase::Running, _) => Some(run.loaded.lesson.goal.until_ms),
            (false, _, Phase::Playing) => Some(run.plan.ends_ms[run.step]),
            _ => None,
        }
    }

    /// The clock reached `lesson_stop_ms`: the step ends or the goal is judged.
    pub(crate) fn lesson_arrived(&mut self) {
        let Some(run) = self.lessons.run.as_mut() else { return };
        run.focus = true;
        if run.in_goal {
            if run.goal == GoalPhase::Running {
                let met = run.loaded.goal_met(&self.simulate.session.sim);
                run.goal = if met { GoalPhase::Met } else { GoalPhase::Missed };
                let (right, total) = run.score();
                let id = run.loaded.lesson.id.clone();
                self.lessons.progress.record(&id, right, total, met);
                self.lessons.save();
            }
            return;
        }
        if run.phase != Phase::Playing {
            return;
        }
        if run.loaded.lesson.steps[run.step].predict.is_some() {
            run.phase = Phase::Revealed;
            // The score counts as soon as the last checkpoint is revealed.
            let last_checkpoint = run.loaded.lesson.steps.iter().rposition(|s| s.predict.is_some());
            if last_checkpoint == Some(run.step) {
                let (right, total) = run.score();
                let id = run.loaded.lesson.id.clone();
                self.lessons.progress.record(&id, right, total, false);
                self.lessons.save();
            }
        } else {
            self.lesson_next_step();
        }
    }

    fn lesson_next_step(&mut self) {
        let Some(run) = self.lessons.run.as_mut() else { return };
        if !run.at_last_step() {
            run.step += 1;
        }
        run.phase = Phase::Reading;
        run.focus = true;
        self.show_step_group();
        // Also when a step ends on the clock (not a lesson message).
        self.sync_lesson_url();
    }

    /// The stage shows the current step's group.
    fn show_step_group(&mut self) {
        let Some(run) = self.lessons.run.as_ref() else { return };
        let group = run.loaded.step_group(run.step).to_string();
        if !run.in_goal && self.simulate.group_id != group {
            self.simulate.show_group(&group);
        }
    }

    /// Loads a scenario into the simulate view (as a preset does).
    fn load_lesson_scenario(&mut self, scenario: &crate::model::scenario::Scenario, group_id: &str) {
        self.simulate.load(Session::new(scenario), group_id, 0);
    }

    /// Puts the lesson's own run back at the current step's start if the learner changed it
    /// (own actions, a goal run, a seek elsewhere).
    fn back_on_script(&mut self) {
        let Some(run) = self.lessons.run.as_mut() else { return };
        let start = run.plan.starts_ms[run.step];
        let scenario = run.loaded.scenario.clone();
        let group = run.loaded.group_id.clone();
        let diverged = run.in_goal || !self.simulate.session.actions.is_empty();
        run.in_goal = false;
        run.goal = GoalPhase::Idle;
        run.replayed = diverged;
        if diverged {
            self.load_lesson_scenario(&scenario, &group);
        }
        if diverged || self.simulate.view_ms() != start {
            self.simulate.seek(start);
        }
        self.show_step_group();
    }

    fn open_lesson(&mut self, id: &str, step: Option<String>) {
        let Catalog::Ready(entries) = &self.lessons.catalog else {
            self.lessons.pending = Some((id.to_string(), step));
            return;
        };
        let lang = self.lang;
        let Some(entry) = entries.iter().find(|e| e.id == id) else {
            let known: Vec<String> = entries.iter().map(|e| e.id.clone()).collect();
            self.lessons.notice = Some(texts::unknown_lesson(id, &known, lang));
            self.mode = Mode::Lessons;
            return;
        };
        let loaded = match &entry.lesson {
            Ok(l) => l.clone(),
            Err(e) => {
                self.lessons.notice = Some(texts::broken_lesson(id, e, lang));
                self.mode = Mode::Lessons;
                return;
            }
        };
        let (plan, session) = match loaded.plan_session() {
            Ok(p) => p,
            Err(e) => {
                self.lessons.notice = Some(texts::broken_lesson(id, &e, lang));
                self.mode = Mode::Lessons;
                return;
            }
        };
        let steps = loaded.lesson.steps.len();
        let mut index = 0;
        if let Some(value) = step {
            match value.trim().parse::<usize>() {
                Ok(n) if (1..=steps).contains(&n) => index = n - 1,
                _ => self.lessons.notice = Some(texts::bad_step(&value, steps, lang)),
            }
        }
        // The plan's own run, taken back to the step (from its nearest snapshot).
        self.simulate.load(session, &loaded.group_id, 0);
        self.simulate.seek(plan.starts_ms[index]);
        let knobs = loaded.lesson.goal.knobs.iter().map(|k| k.start.clone()).collect();
        self.lessons.run = Some(LessonRun {
            picks: vec![None; steps],
            loaded,
            plan,
            step: index,
            phase: Phase::Reading,
            knobs,
            hints_shown: 0,
            solution_shown: false,
            goal: GoalPhase::Idle,
            in_goal: false,
            replayed: false,
            focus: true,
        });
        self.show_step_group();
        self.mode = Mode::Simulate;
    }

    /// Plays the current step to its end.
    fn lesson_play(&mut self, ctx: &Context<App>) {
        self.back_on_script();
        let Some(run) = self.lessons.run.as_mut() else { return };
        run.phase = Phase::Playing;
        let end = run.plan.ends_ms[run.step];
        if self.simulate.view_ms() >= end {
            self.lesson_arrived();
        } else {
            self.simulate.clock.play(ctx.link(), Msg::Frame, end);
        }
    }

    /// A clicker's PageDown / PageUp. Forward, a checkpoint is never skipped: on its question
    /// the step plays to its answer (the class predicted aloud; nothing is scored), while it
    /// plays it jumps to the answer; only a step that is done moves on. Back, the previous step.
    fn lesson_step_by(&mut self, ctx: &Context<App>, delta: isize) -> bool {
        let Some(run) = self.lessons.run.as_ref() else { return false };
        let checkpoint = run.loaded.lesson.steps[run.step].predict.is_some() && !run.in_goal;
        if delta > 0 && checkpoint {
            match run.phase {
                Phase::Reading => {
                    self.lesson_play(ctx);
                    return true;
                }
                Phase::Playing => {
                    let end = run.plan.ends_ms[run.step];
                    self.simulate.clock.pause();
                    self.simulate.seek(end);
                    self.lesson_arrived();
                    return true;
                }
                Phase::Revealed => {}
            }
        }
        let Some(to) = run.step.checked_add_signed(delta).filter(|&i| i < run.steps()) else {
            return false;
        };
        let start_ms = run.plan.starts_ms[to];
        self.back_on_script();
        self.simulate.seek(start_ms);
        if let Some(run) = self.lessons.run.as_mut() {
            run.step = to;
            run.phase = Phase::Reading;
            run.in_goal = false;
            run.focus = true;
        }
        self.show_step_group();
        true
    }

    pub(crate) fn update_lesson(&mut self, ctx: &Context<App>, msg: LessonMsg) -> bool {
        match msg {
            LessonMsg::Load => self.ensure_catalog(ctx),
            LessonMsg::Fetched(result) => {
                self.lessons.catalog = match result {
                    Ok(files) => Catalog::Ready(
                        files
                            .into_iter()
                            .map(|(id, file)| {
                                let lesson = file.map_err(|e| e.words(self.lang)).and_then(|text| Lesson::from_json(&text)).map(Rc::new);
                                Entry { id, lesson }
                            })
                            .collect(),
                    ),
                    Err(CatalogFailure::Fetch(e)) => Catalog::Failed(e.words(self.lang)),
                    Err(CatalogFailure::Index(e)) => Catalog::Failed(e),
                };
                if let Some((id, step)) = self.lessons.pending.take() {
                    self.open_lesson(&id, step);
                }
            }
            LessonMsg::Open(id, step) => {
                self.lessons.notice = None;
                self.open_lesson(&id, step);
            }
            LessonMsg::Continue => {
                let reading = self.lessons.run.as_ref().is_some_and(|r| r.phase == Phase::Reading && !r.in_goal);
                if reading {
                    self.lesson_play(ctx);
                }
            }
            LessonMsg::Pick(choice) => {
                let Some(run) = self.lessons.run.as_mut() else { return false };
                let Some(p) = &run.loaded.lesson.steps[run.step].predict else { return false };
                if run.phase != Phase::Reading || run.in_goal {
                    return false;
                }
                let Some(value) = p.choices.get(choice).map(|c| c.value().clone()) else {
                    return false;
                };
                run.picks[run.step] = Some(value);
                self.lesson_play(ctx);
            }
            LessonMsg::Next => {
                if self.lessons.run.as_ref().is_some_and(|r| r.phase == Phase::Revealed) {
                    self.lesson_next_step();
                }
            }
            LessonMsg::StepBy(delta) => return self.lesson_step_by(ctx, delta),
            LessonMsg::Knob(i, value) => {
                let Some(run) = self.lessons.run.as_mut() else { return false };
                if let Some(k) = run.knobs.get_mut(i) {
                    *k = value;
                }
            }
            LessonMsg::RunGoal => {
                let Some(run) = self.lessons.run.as_mut() else { return false };
                let settings: Vec<String> = run
                    .loaded
                    .lesson
                    .goal
                    .knobs
                    .iter()
                    .zip(&run.knobs)
                    .map(|(k, v)| format!("{}={}", k.name, v))
                    .collect();
                let scenario = parse_settings(&settings).and_then(|s| run.loaded.goal_scenario(&s));
                match scenario {
                    Err(e) => run.goal = GoalPhase::Refused(e),
                    Ok(scenario) => {
                        run.in_goal = true;
                        run.goal = GoalPhase::Running;
                        let group = run.loaded.goal_group_id.clone();
                        let until = run.loaded.lesson.goal.until_ms;
                        self.load_lesson_scenario(&scenario, &group);
                        self.simulate.clock.play(ctx.link(), Msg::Frame, until);
                    }
                }
            }
            LessonMsg::Hint => {
                let Some(run) = self.lessons.run.as_mut() else { return false };
                run.hints_shown = (run.hints_shown + 1).min(run.loaded.lesson.goal.hints.len());
            }
            LessonMsg::Solution => {
                let Some(run) = self.lessons.run.as_mut() else { return false };
                run.solution_shown = true;
                let solution = parse_settings(&run.loaded.lesson.goal.solution).unwrap_or_default();
                for (name, value) in solution {
                    if let Some(i) = run.loaded.lesson.goal.knobs.iter().position(|k| k.name == name) {
                        run.knobs[i] = value;
                    }
                }
            }
            LessonMsg::Restart => {
                if let Some(id) = self.lessons.run.as_ref().map(|r| r.loaded.lesson.id.clone()) {
                    self.open_lesson(&id, None);
                }
            }
            LessonMsg::Exit => {
                self.simulate.pause();
                self.lessons.run = None;
                self.mode = Mode::Lessons;
                self.ensure_catalog(ctx);
            }
            LessonMsg::Export => export_progress(&self.lessons.progress),
            LessonMsg::Import(file) => {
                ctx.link()
                    .send_future(async move { Msg::Lesson(LessonMsg::Imported(browser::read_file(file).await)) });
            }
            LessonMsg::Imported(text) => {
                let lang = self.lang;
                let unreadable = || crate::i18n::link::file_error_reason(&crate::share::FileError::Unreadable, lang);
                match text
                    .ok_or_else(unreadable)
                    .and_then(|t| Progress::from_json(&t).map_err(|e| crate::i18n::errors::progress_error(&e, lang)))
                {
                    Ok(progress) => {
                        self.lessons.progress = progress;
                        self.lessons.save();
                        self.lessons.notice = Some(Lt::Imported.get(lang).to_string());
                    }
                    Err(e) => self.lessons.notice = Some(format!("{}: {e}", Lt::ImportFailed.get(lang))),
                }
            }
            LessonMsg::DismissNotice => self.lessons.notice = None,
        }
        true
    }
}

/// Downloads the progress as `groupscope-progress.json`.
fn export_progress(progress: &Progress) {
    browser::download("groupscope-progress.json", "application/json", &progress.to_json());
}
