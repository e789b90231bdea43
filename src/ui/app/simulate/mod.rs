//! The Simulate view: its state (`SimulateView`: the session on view, the clock, what is
//! selected, the forms, the panels' caches), the one way to open a session in it (`load`), and
//! what it does with the controls. `update.rs` routes its messages, `view.rs` draws it; the
//! inspectors and the ledger are its parts.
use super::*;
use crate::i18n::{narrate, Text};
use crate::model::consumer::ConsumerStatus;
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::model::sim::Action;
use crate::model::sort::CollectTree as _;
use crate::model::trace::{TraceEntry, TraceEvent};
use crate::ui::clock::{format_time, speed_label};
use crate::ui::stage::{self, shape_path, Selection, StageInput, CONSUMER_COLOURS};
use crate::ui::timeline;

mod broker_inspector;
mod consumer_inspector;
mod group_inspector;
mod ledger;
mod producer_inspector;
mod topic_inspector;
mod update;
pub(crate) use update::fetch_preset;
mod view;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};

/// A form field of an inspector (typed text is kept until applied or the selection changes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Config(&'static str),
    StallSeconds,
    Assignor,
    RemoteAssignor,
    Protocol,
    Commit,
    Rate,
    Keys,
    LookupPartition,
    LookupOffset,
    ProducerProperty(&'static str),
}

/// What the inspector's forms hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Draft {
    pub(crate) config: std::collections::BTreeMap<&'static str, String>,
    pub(crate) stall_seconds: Option<String>,
    pub(crate) assignor: Option<String>,
    pub(crate) remote_assignor: Option<String>,
    pub(crate) protocol: Option<String>,
    pub(crate) commit: Option<String>,
    pub(crate) rate: Option<String>,
    pub(crate) keys: Option<String>,
    /// Producer properties typed in the producer inspector.
    pub(crate) producer_props: std::collections::BTreeMap<&'static str, String>,
    pub(crate) lookup_partition: Option<String>,
    pub(crate) lookup_offset: Option<String>,
    /// Why the ledger lookup was refused.
    pub(crate) lookup_error: Option<String>,
    /// Why the last apply was refused (or that nothing changed).
    pub(crate) message: Option<String>,
}
/// The simulate view's messages: the clock, acting on the run, the panels and forms. `App`
/// routes them (`Msg::Sim`) to `SimulateView::update`.
#[derive(Clone)]
pub enum SimMsg {
    TogglePlay,
    Step,
    StepBack,
    Speed(usize),
    AddConsumer,
    Crash(String),
    Close(String),
    Select(Selection),
    Draft(Field, String),
    ApplyConsumerConfig(String),
    ApplyGroupChange(String),
    ApplyProducer(String),
    Seek(u64),
    PrevRebalance,
    NextRebalance,
    RestoreFork,
    Stall(String),
    Resume(String),
    GcPause(String),
    Restart(String),
    AddPartition(String),
    KillBroker(u32),
    RestartBroker(u32),
    PauseReplication(u32),
    DropResponse(String),
    /// begin (None), commit (Some(true)) or abort (Some(false)) a producer's transaction.
    Txn(String, Option<bool>),
    Faster,
    Slower,
    Filter(Filter),
    LedgerPick(crate::model::nouns::TopicPartition, u64),
    LedgerPage(usize),
    /// Tell the story of the offset typed in the ledger's lookup form.
    LedgerLookup,
    /// Show the first offset the group processed twice (the ledger's window moves there).
    LedgerFirstDuplicate,
    LaneHeartbeats,
    LaneFetches,
    ShowGroup(String),
    /// The stage box and the screen were measured this wide (CSS px).
    StageWidth((u32, u32)),
}

/// While playing, the side panels are redrawn at most this often (wall ms); any user action
/// redraws them at once.
pub(crate) const PANEL_REFRESH_MS: f64 = 200.0;

/// Partitions per ledger page.
pub(crate) const LEDGER_PAGE: usize = 16;

/// A rolling restart redeploys one consumer every this many ms.
pub(crate) const ROLLING_GAP_MS: u64 = 8_000;

/// Which narration entries are listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    All,
    Group,
    Commits,
    Producers,
    Errors,
}

impl Filter {
    pub(crate) const ALL: [Filter; 5] = [Filter::All, Filter::Group, Filter::Commits, Filter::Producers, Filter::Errors];
    fn label(self) -> Text {
        match self {
            Filter::All => Text::FilterAll,
            Filter::Group => Text::FilterGroup,
            Filter::Commits => Text::FilterCommits,
            Filter::Producers => Text::FilterProducers,
            Filter::Errors => Text::FilterErrors,
        }
    }
    fn code(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Group => "group",
            Filter::Commits => "commits",
            Filter::Producers => "producers",
            Filter::Errors => "errors",
        }
    }
    /// The categories are the engine's (`TraceEvent::is_commit`, `is_protocol`,
    /// `is_producer_side`, `is_failure`); the filter only combines them.
    fn keeps(self, event: &TraceEvent) -> bool {
        match self {
            Filter::All => true,
            Filter::Commits => event.is_commit(),
            Filter::Group => !event.is_commit() && event.is_protocol() && !event.is_producer_side(),
            Filter::Producers => event.is_producer_side() && !matches!(event, TraceEvent::HighWatermarkAdvanced { .. }),
            Filter::Errors => event.is_failure(),
        }
    }
}

/// Entries worth a sentence in the narration panel (the stage shows the rest).
pub(crate) fn narrated(entry: &TraceEntry) -> bool {
    !entry.event.is_routine()
}

/// The simulate view's state: everything that belongs to the session on view. The app holds
/// one and routes the view's messages to it.
pub struct SimulateView {
    pub(crate) session: Session,
    /// The group the stage, the card and the charts show.
    pub(crate) group_id: String,
    pub(crate) clock: Clock,
    pub(crate) reduced_motion: bool,
    pub(crate) selected: Option<Selection>,
    /// A word from the timeline's buttons (no rebalance ahead), until the clock moves again.
    pub(crate) timeline_notice: Option<Text>,
    pub(crate) draft: Draft,
    pub(crate) filter: Filter,
    pub(crate) ledger_pick: Option<(crate::model::nouns::TopicPartition, u64)>,
    /// Which page of partitions the ledger shows (LEDGER_PAGE partitions each).
    pub(crate) ledger_page: usize,
    pub(crate) lane: crate::ui::lane::LaneOptions,
    /// The bundled scenario last opened (share links and saved files name it).
    pub(crate) preset: String,
    /// The scenario on view came from this file (name, scenario JSON), not from a preset.
    pub(crate) from_file: Option<(String, serde_json::Value)>,
    /// The charts' series, folded from the trace as it grows; started over when the trace is
    /// cut back (`Session::rewinds`), the shown group changes or a session loads.
    pub(crate) series: std::cell::RefCell<Option<(u64, crate::study::metrics::GroupSeries)>>,
    /// Version of the side panels (see `ui::frozen`), when it last changed (wall ms) and the
    /// version last built.
    pub(crate) panels_version: u64,
    pub(crate) panels_refreshed_ms: f64,
    pub(crate) panels_built: std::cell::Cell<u64>,
    /// Thin partition rows' versions (see `stage::thin_row`).
    pub(crate) row_versions: std::cell::RefCell<std::collections::BTreeMap<crate::model::nouns::TopicPartition, u64>>,
    pub(crate) row_structure: std::cell::Cell<Option<stage::RowStructure>>,
    pub(crate) marker_versions: std::cell::RefCell<std::collections::BTreeMap<crate::model::nouns::TopicPartition, u64>>,
    /// The stage box's width and the screen's in CSS pixels (0 until measured): the stage is
    /// laid out for them.
    pub(crate) stage_width_px: (u32, u32),
}

impl SimulateView {
    /// The view on a bundled scenario, at its start.
    pub(crate) fn new(preset: String, scenario: &Scenario, speed: usize) -> SimulateView {
        SimulateView {
            session: Session::new(scenario),
            group_id: scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default(),
            clock: Clock::new(speed),
            reduced_motion: crate::ui::browser::prefers_reduced_motion(),
            selected: None,
            timeline_notice: None,
            draft: Draft::default(),
            filter: Filter::All,
            ledger_pick: None,
            ledger_page: 0,
            lane: crate::ui::lane::LaneOptions {
                heartbeats: false,
                fetches: false,
            },
            preset,
            from_file: None,
            series: std::cell::RefCell::new(None),
            panels_version: 0,
            panels_refreshed_ms: 0.0,
            panels_built: std::cell::Cell::new(u64::MAX),
            row_versions: Default::default(),
            row_structure: Default::default(),
            marker_versions: Default::default(),
            stage_width_px: (0, 0),
        }
    }

    /// Opens `session` showing `group_id` at `at_ms` and resets the view (paused, nothing
    /// selected, the ledger's first page, charts and strips started over). Every way in uses
    /// it: a preset, a lesson (its plan or goal), a shared link, a session file. The scenario
    /// counts as no file until the caller says it is one.
    pub(crate) fn load(&mut self, session: Session, group_id: &str, at_ms: u64) {
        self.pause();
        self.session = session;
        self.group_id = group_id.to_string();
        self.clock.view_ms = at_ms as f64;
        self.selected = None;
        self.ledger_pick = None;
        self.ledger_page = 0;
        self.series.replace(None);
        self.row_structure.set(None);
        self.from_file = None;
    }

    /// Opens a bundled scenario (its file arrived) at its start.
    pub(crate) fn load_preset(&mut self, id: &str, scenario: &Scenario) {
        let group_id = scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default();
        self.load(Session::new(scenario), &group_id, 0);
        self.preset = id.to_string();
    }
    pub(crate) fn speed_factor(&self) -> f64 {
        let (n, d) = SPEEDS[self.clock.speed];
        n as f64 / d as f64
    }

    pub(crate) fn duration_ms(&self) -> u64 {
        self.session.scenario().duration_ms
    }

    pub(crate) fn view_ms(&self) -> u64 {
        self.clock.ms()
    }

    /// Where playing must stop: the scenario's end, or the moment the session's history
    /// filled up (`Session::end_ms`: its memory bound).
    pub(crate) fn end_ms(&self) -> u64 {
        self.session.end_ms(self.duration_ms())
    }

    /// The view is at the end (of the scenario, or of what the history holds).
    pub(crate) fn at_end(&self) -> bool {
        self.view_ms() >= self.end_ms()
    }

    pub(crate) fn pause(&mut self) {
        self.clock.pause();
    }

    /// After stepping, the UI clock shows the time of the event just processed.
    pub(crate) fn sync_view_to_sim(&mut self) {
        self.clock.view_ms = self.session.sim.now_ms() as f64;
    }

    pub(crate) fn act(&mut self, action: Action) {
        let now = self.view_ms();
        self.session.act(now, action);
        self.session.run_until(now);
    }

    pub(crate) fn refuse(&mut self, e: crate::model::config_error::ConfigError, lang: Lang) {
        let detail = crate::i18n::errors::config_error(&e, lang);
        self.draft.message = Some(format!("{}: {detail}", Text::SettingsRejected.get(lang)));
    }

    /// Redeploys one consumer with the config editor's values (only those that differ).
    pub(crate) fn apply_consumer_config(&mut self, id: &str, lang: Lang) {
        let Some(c) = self.session.sim.world.consumers.get(id) else { return };
        let props: std::collections::BTreeMap<String, serde_json::Value> = self
            .draft
            .config
            .iter()
            .filter(|(name, value)| c.spec.config.property(name).as_deref() != Some(value.as_str()))
            .map(|(name, value)| (name.to_string(), serde_json::Value::String(value.trim().to_string())))
            .collect_tree();
        if props.is_empty() {
            self.draft.message = Some(Text::NothingChanged.get(lang).to_string());
            return;
        }
        match c.spec.with_changes(None, &props) {
            Ok(spec) => {
                self.draft = Draft::default();
                self.act(Action::Redeploy { consumer: spec });
            }
            Err(e) => self.refuse(e, lang),
        }
    }

    /// A rolling restart of every running member with the group form's settings.
    /// The stage shows this group (if the run has it), with nothing selected.
    pub(crate) fn show_group(&mut self, group_id: &str) {
        if self.session.sim.world.groups.contains_key(group_id) {
            self.group_id = group_id.to_string();
            self.selected = None;
            self.ledger_pick = None;
            self.ledger_page = 0;
        }
    }

    pub(crate) fn apply_group_change(&mut self, group_id: &str, lang: Lang) {
        let sim = &self.session.sim;
        let members = sim.running_members(group_id);
        let Some(first) = members.first() else { return };
        let mut props = std::collections::BTreeMap::new();
        let d = &self.draft;
        let protocol = d.protocol.clone().or_else(|| first.spec.config.property("group.protocol")).unwrap_or_default();
        let differs = |name: &str, value: &Option<String>| {
            value
                .as_ref()
                .filter(|v| first.spec.config.property(name).as_deref() != Some(v.as_str()))
                .cloned()
        };
        if let Some(p) = differs("group.protocol", &d.protocol) {
            props.insert("group.protocol".to_string(), serde_json::Value::String(p));
        }
        if protocol == "classic" {
            if let Some(a) = differs("partition.assignment.strategy", &d.assignor) {
                props.insert("partition.assignment.strategy".to_string(), serde_json::Value::String(a));
            }
        } else if let Some(a) = differs("group.remote.assignor", &d.remote_assignor) {
            props.insert("group.remote.assignor".to_string(), serde_json::Value::String(a));
        }
        let commit = d
            .commit
            .as_ref()
            .and_then(|name| crate::model::scenario::CommitMode::ALL.into_iter().find(|m| m.name() == name))
            .filter(|m| *m != first.spec.commit);
        if props.is_empty() && commit.is_none() {
            self.draft.message = Some(Text::NothingChanged.get(lang).to_string());
            return;
        }
        let specs: Result<Vec<_>, _> = members.iter().map(|m| m.spec.with_changes(commit, &props)).collect();
        match specs {
            Ok(specs) => {
                let now = self.view_ms();
                // One member after another; a group.protocol change migrates the group online
                // (the first member of the new protocol converts it).
                for (i, spec) in specs.into_iter().enumerate() {
                    self.session.act(now + i as u64 * ROLLING_GAP_MS, Action::Redeploy { consumer: spec });
                }
                self.session.run_until(now);
                self.draft = Draft::default();
            }
            Err(e) => self.refuse(e, lang),
        }
    }

    /// Changes a producer's rate and keys from now on.
    pub(crate) fn apply_producer(&mut self, id: &str, lang: Lang) {
        let Some(p) = self.session.sim.world.producers.get(id) else { return };
        let rate_text = self.draft.rate.clone().unwrap_or_else(|| p.spec.records_per_sec.to_string());
        let Some(rate) = rate_text
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|r| *r <= crate::model::scenario::MAX_RECORDS_PER_SEC)
        else {
            self.draft.message = Some(format!("{} ({rate_text})", Text::RateInvalid.get(lang)));
            return;
        };
        let keys_text = self
            .draft
            .keys
            .clone()
            .unwrap_or_else(|| p.spec.keys.as_ref().map(|k| k.join(", ")).unwrap_or_default());
        let keys: Vec<String> = keys_text.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
        if keys.len() > 64 || keys.iter().any(|k| k.chars().count() > 64) {
            self.draft.message = Some(Text::KeysInvalid.get(lang).to_string());
            return;
        }
        // Producer properties that differ from the running producer's: a new producer.
        let config: std::collections::BTreeMap<String, serde_json::Value> = self
            .draft
            .producer_props
            .iter()
            .filter(|(name, value)| p.config.property(name).as_deref() != Some(value.trim()))
            .map(|(name, value)| (name.to_string(), serde_json::Value::String(value.trim().to_string())))
            .collect_tree();
        if let Err(e) = p.config.clone().apply(&config) {
            self.refuse(e, lang);
            return;
        }
        self.draft = Draft::default();
        self.act(Action::ConfigureProducer {
            producer: id.to_string(),
            records_per_sec: Some(rate),
            keys: Some((!keys.is_empty()).then_some(keys)),
            config,
        });
    }

    /// The charts, with the series brought up to date with the trace first.
    pub(crate) fn charts(&self, lang: Lang) -> Html {
        let sim = &self.session.sim;
        let mut cell = self.series.borrow_mut();
        let stale = cell
            .as_ref()
            .is_none_or(|(rewinds, s)| *rewinds != self.session.rewinds || s.group_id != self.group_id || s.folded() > sim.trace.len());
        if stale {
            let bucket_ms = crate::study::metrics::bucket_ms_for(self.duration_ms());
            let series = crate::study::metrics::GroupSeries::new(&self.group_id, sim.group_topics(&self.group_id), bucket_ms);
            *cell = Some((self.session.rewinds, series));
        }
        let (_, series) = cell.as_mut().expect("just filled");
        // Every event due up to the shown moment has run (run_until), so samples before it are
        // complete.
        series.update(&sim.trace, self.view_ms().max(sim.now_ms()));
        crate::ui::charts::render(sim, series, self.duration_ms(), self.view_ms(), lang)
    }

    /// Shows the exact state at `at_ms` (replaying from a snapshot when going back).
    pub(crate) fn seek(&mut self, at_ms: u64) {
        self.pause();
        let at_ms = at_ms.min(self.duration_ms());
        self.session.seek_ms(at_ms);
        // Past a full history the view stops where the history does.
        self.clock.view_ms = at_ms.min(self.end_ms()) as f64;
    }

    /// The next rebalance start after the current moment, simulating ahead if needed.
    pub(crate) fn next_rebalance_ms(&mut self) -> Option<u64> {
        let now = self.view_ms();
        let group = self.group_id.clone();
        if let Some(t) = timeline::rebalance_times(&self.session.sim.trace, &group).into_iter().find(|&t| t > now) {
            return Some(t);
        }
        let duration = self.duration_ms();
        // Bounded by the scenario's end: every step moves the clock or drains a finite queue.
        while self.session.sim.next_event_ms().is_some_and(|t| t <= duration) {
            let before = self.session.sim.trace.len();
            if !self.session.step_forward() {
                // The history is full: nothing further can be found.
                break;
            }
            let found = self
                .session
                .sim
                .trace
                .iter_from(before)
                .find(|e| e.at_ms > now && timeline::marker(e, &group) == Some(timeline::MarkerKind::Rebalance))
                .map(|e| e.at_ms);
            if found.is_some() {
                return found;
            }
        }
        None
    }
}
