//! The Simulate view: controls, timeline, stage, group card, inspectors, ledger, narration.
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

impl App {
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

    pub(crate) fn refuse(&mut self, detail: String) {
        self.draft.message = Some(format!("{}: {detail}", Text::SettingsRejected.get(self.lang)));
    }

    /// Redeploys one consumer with the config editor's values (only those that differ).
    pub(crate) fn apply_consumer_config(&mut self, id: &str) {
        let Some(c) = self.session.sim.world.consumers.get(id) else { return };
        let props: std::collections::BTreeMap<String, serde_json::Value> = self
            .draft
            .config
            .iter()
            .filter(|(name, value)| c.spec.config.property(name).as_deref() != Some(value.as_str()))
            .map(|(name, value)| (name.to_string(), serde_json::Value::String(value.trim().to_string())))
            .collect_tree();
        if props.is_empty() {
            self.draft.message = Some(Text::NothingChanged.get(self.lang).to_string());
            return;
        }
        match c.spec.with_changes(None, &props) {
            Ok(spec) => {
                self.draft = Draft::default();
                self.act(Action::Redeploy { consumer: spec });
            }
            Err(e) => self.refuse(e),
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

    pub(crate) fn apply_group_change(&mut self, group_id: &str) {
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
            self.draft.message = Some(Text::NothingChanged.get(self.lang).to_string());
            return;
        }
        let specs: Result<Vec<_>, String> = members.iter().map(|m| m.spec.with_changes(commit, &props)).collect();
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
            Err(e) => self.refuse(e),
        }
    }

    /// Changes a producer's rate and keys from now on.
    pub(crate) fn apply_producer(&mut self, id: &str) {
        let Some(p) = self.session.sim.world.producers.get(id) else { return };
        let rate_text = self.draft.rate.clone().unwrap_or_else(|| p.spec.records_per_sec.to_string());
        let Some(rate) = rate_text.trim().parse::<u32>().ok().filter(|r| *r <= 10_000) else {
            self.draft.message = Some(format!("{} ({rate_text})", Text::RateInvalid.get(self.lang)));
            return;
        };
        let keys_text = self
            .draft
            .keys
            .clone()
            .unwrap_or_else(|| p.spec.keys.as_ref().map(|k| k.join(", ")).unwrap_or_default());
        let keys: Vec<String> = keys_text.split(',').map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
        if keys.len() > 64 || keys.iter().any(|k| k.chars().count() > 64) {
            self.draft.message = Some(Text::KeysInvalid.get(self.lang).to_string());
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
            self.refuse(e);
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
    pub(crate) fn charts(&self) -> Html {
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
        crate::ui::charts::render(sim, series, self.duration_ms(), self.view_ms(), self.lang)
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

    /// What the Simulate view does with its messages (the app routes them here).
    pub(crate) fn update_simulate(&mut self, ctx: &Context<App>, msg: Msg) -> bool {
        match msg {
            Msg::Frame(ts) => {
                // A lesson step or goal plays to its own end.
                let stop = self.lesson_stop_ms().unwrap_or(self.duration_ms()).min(self.end_ms());
                if !self.clock.advance(ts, self.speed_factor(), stop) {
                    return false;
                }
                self.session.run_until(self.view_ms());
                // If the history filled up, the view stops at the last moment it holds.
                self.clock.view_ms = self.clock.view_ms.min(self.end_ms() as f64);
                if self.view_ms() >= stop.min(self.end_ms()) {
                    self.pause();
                    // The end of the run: the panels show it at once.
                    self.panels_version += 1;
                    if self.lesson_stop_ms().is_some() {
                        self.lesson_arrived();
                    }
                } else {
                    self.clock.next_frame(ctx.link(), Msg::Frame);
                }
                true
            }
            Msg::TogglePlay => {
                if self.clock.playing {
                    self.pause();
                } else {
                    let end = self.end_ms();
                    self.clock.play(ctx.link(), Msg::Frame, end);
                }
                true
            }
            Msg::Step => {
                self.pause();
                if self.session.sim.next_event_ms().is_some_and(|t| t <= self.duration_ms()) {
                    self.session.step_forward();
                    self.sync_view_to_sim();
                }
                true
            }
            Msg::StepBack => {
                self.pause();
                self.session.step_back(1);
                self.sync_view_to_sim();
                true
            }
            Msg::Speed(i) => {
                self.clock.speed = i.min(SPEEDS.len() - 1);
                true
            }
            Msg::AddConsumer => {
                let now = self.view_ms();
                let group_id = self.group_id.clone();
                let id = self.session.add_consumer(&group_id, now);
                self.session.run_until(now);
                self.selected = Some(Selection::Consumer(id));
                self.draft = Draft::default();
                true
            }
            Msg::Crash(id) => {
                self.act(Action::Crash { consumer: id });
                true
            }
            Msg::Close(id) => {
                self.act(Action::Close { consumer: id });
                true
            }
            Msg::Seek(at_ms) => {
                self.seek(at_ms);
                true
            }
            Msg::PrevRebalance => {
                let now = self.view_ms();
                let previous = timeline::rebalance_times(&self.session.sim.trace, &self.group_id)
                    .into_iter()
                    .rfind(|&t| t < now);
                self.seek(previous.unwrap_or(0));
                true
            }
            Msg::NextRebalance => {
                self.pause();
                let target = self.next_rebalance_ms().unwrap_or(self.duration_ms());
                self.seek(target);
                true
            }
            Msg::RestoreFork => {
                self.pause();
                if self.session.restore_fork() {
                    self.sync_view_to_sim();
                }
                true
            }
            Msg::Stall(id) => {
                let text = self.draft.stall_seconds.clone().unwrap_or_else(|| "10".to_string());
                match text.trim().parse::<u64>() {
                    Ok(s) if (1..=600).contains(&s) => {
                        self.draft.message = None;
                        self.act(Action::Stall {
                            consumer: id,
                            for_ms: Some(s * 1000),
                        });
                    }
                    _ => self.draft.message = Some(format!("{} ({text})", Text::StallSecondsInvalid.get(self.lang))),
                }
                true
            }
            Msg::Resume(id) => {
                self.act(Action::Resume { consumer: id });
                true
            }
            Msg::GcPause(id) => {
                self.act(Action::PauseHeartbeats { consumer: id, for_ms: 20_000 });
                true
            }
            Msg::Restart(id) => {
                self.act(Action::Restart {
                    consumer: id,
                    down_ms: 5_000,
                    graceful: false,
                });
                true
            }
            Msg::AddPartition(topic) => {
                let count = self.session.sim.world.cluster.partition_count(&topic);
                if count < crate::model::scenario::MAX_PARTITIONS {
                    self.act(Action::AddPartitions { topic, partitions: count + 1 });
                }
                true
            }
            Msg::KillBroker(broker) => {
                self.act(Action::KillBroker { broker });
                true
            }
            Msg::RestartBroker(broker) => {
                self.act(Action::RestartBroker { broker });
                true
            }
            Msg::PauseReplication(broker) => {
                self.act(Action::PauseReplication { broker, for_ms: 40_000 });
                true
            }
            Msg::DropResponse(producer) => {
                self.act(Action::DropResponse { producer });
                true
            }
            Msg::Txn(producer, end) => {
                self.act(match end {
                    None => Action::BeginTxn { producer },
                    Some(commit) => Action::EndTxn { producer, commit },
                });
                true
            }
            Msg::Faster => {
                self.clock.speed = (self.clock.speed + 1).min(SPEEDS.len() - 1);
                true
            }
            Msg::Slower => {
                self.clock.speed = self.clock.speed.saturating_sub(1);
                true
            }
            Msg::ToggleHelp => {
                self.help_open = !self.help_open;
                true
            }
            Msg::CloseOverlays => {
                let changed = self.help_open || self.selected.is_some() || self.presenter.blank || self.presenter.qr.is_some();
                self.presenter.blank = false;
                self.presenter.qr = None;
                self.help_open = false;
                self.selected = None;
                self.draft = Draft::default();
                changed
            }
            Msg::LoadPreset(id) => {
                if let Some(scenario) = Scenario::preset(&id) {
                    self.pause();
                    // Another scenario: the lesson (if any) is left.
                    self.lessons.run = None;
                    self.group_id = scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default();
                    self.session = Session::new(&scenario);
                    self.clock.view_ms = 0.0;
                    self.selected = None;
                    self.ledger_pick = None;
                    self.ledger_page = 0;
                    self.series.replace(None);
                    self.row_structure.set(None);
                    self.preset = id;
                    self.share.from_file = None;
                }
                true
            }
            Msg::ShowGroup(group_id) => {
                self.show_group(&group_id);
                true
            }
            Msg::LaneHeartbeats => {
                self.lane.heartbeats = !self.lane.heartbeats;
                true
            }
            Msg::LaneFetches => {
                self.lane.fetches = !self.lane.fetches;
                true
            }
            Msg::LedgerPage(page) => {
                self.ledger_page = page;
                true
            }
            Msg::LedgerPick(tp, offset) => {
                self.ledger_pick = Some((tp, offset));
                self.draft.lookup_error = None;
                true
            }
            Msg::LedgerLookup => {
                self.ledger_lookup();
                true
            }
            Msg::Filter(filter) => {
                self.filter = filter;
                true
            }
            Msg::Select(what) => {
                if let Selection::Group(g) = &what {
                    if self.session.sim.world.groups.contains_key(g) && *g != self.group_id {
                        self.group_id = g.clone();
                        self.ledger_pick = None;
                        self.ledger_page = 0;
                    }
                }
                self.selected = if self.selected.as_ref() == Some(&what) { None } else { Some(what) };
                self.draft = Draft::default();
                true
            }
            Msg::Draft(field, value) => {
                let d = &mut self.draft;
                let slot = match field {
                    Field::Config(name) => {
                        d.config.insert(name, value);
                        return false;
                    }
                    Field::ProducerProperty(name) => {
                        d.producer_props.insert(name, value);
                        return false;
                    }
                    Field::StallSeconds => &mut d.stall_seconds,
                    Field::Assignor => &mut d.assignor,
                    Field::RemoteAssignor => &mut d.remote_assignor,
                    Field::Protocol => &mut d.protocol,
                    Field::Commit => &mut d.commit,
                    Field::Rate => &mut d.rate,
                    Field::Keys => &mut d.keys,
                    Field::LookupPartition => &mut d.lookup_partition,
                    Field::LookupOffset => &mut d.lookup_offset,
                };
                *slot = Some(value);
                // Re-render only when the form's shape depends on it (protocol picks which
                // assignor field is shown).
                matches!(field, Field::Protocol)
            }
            Msg::ApplyConsumerConfig(id) => {
                self.apply_consumer_config(&id);
                true
            }
            Msg::ApplyGroupChange(group_id) => {
                self.apply_group_change(&group_id);
                true
            }
            Msg::ApplyProducer(id) => {
                self.apply_producer(&id);
                true
            }
            _ => false,
        }
    }

    pub(crate) fn simulate_view(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = &self.session.sim;
        let view_ms = self.view_ms();
        let flight_ms = (350.0 * self.speed_factor()).max(120.0) as u64;
        let on_select = link.callback(Msg::Select);
        // Side panels are built only when their version moved (see `ui::frozen`).
        let panels = self.panels_version;
        let due = self.panels_built.replace(panels) != panels;
        let frozen = |build: &dyn Fn() -> Html| -> Html {
            html! { <crate::ui::frozen::Frozen version={panels}>{ if due { build() } else { Html::default() } }</crate::ui::frozen::Frozen> }
        };
        let stage_html = stage::render(&StageInput {
            row_versions: &self.row_versions,
            row_structure: &self.row_structure,
            marker_versions: &self.marker_versions,
            sim,
            group_id: &self.group_id,
            view_ms,
            lang,
            animate: !self.reduced_motion,
            flight_ms,
            selected: self.selected.as_ref(),
            on_select,
        });
        let on_speed = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Speed(select.value().parse().unwrap_or(DEFAULT_SPEED))
        });
        let group = sim.world.groups.get(&self.group_id);
        let (processed, duplicates, lost) = group.map_or((0, 0, 0), |g| {
            // The same count as the ledger's totals, the report and compare mode.
            let lost: u64 = g.coordinator.committed.keys().map(|tp| sim.group_lost(&self.group_id, tp)).sum();
            (g.ledger.processed(), g.ledger.duplicates(), lost)
        });
        // The shown group's consumers, in the order they were started.
        let members: Vec<&crate::model::consumer::Consumer> = sim
            .world
            .consumer_order
            .iter()
            .filter_map(|id| sim.world.consumers.get(id))
            .filter(|c| c.spec.group_id == self.group_id)
            .collect();
        let consumers: Vec<Html> = members
            .iter()
            .map(|c| {
                let idx = sim.world.consumer_order.iter().position(|x| x == c.id()).unwrap_or(0);
                let running = c.status == ConsumerStatus::Running && !c.close_requested;
                let crash_id = c.id().to_string();
                let close_id = c.id().to_string();
                let select_id = c.id().to_string();
                let selected = self.selected.as_ref() == Some(&Selection::Consumer(c.id().to_string()));
                let assigned = match c.status {
                    ConsumerStatus::Crashed => Text::StatusCrashed.get(lang).to_string(),
                    ConsumerStatus::Closed => Text::StatusClosed.get(lang).to_string(),
                    ConsumerStatus::Failed => Text::StatusFailed.get(lang).to_string(),
                    ConsumerStatus::Running if c.assigned.is_empty() => "–".to_string(),
                    // Long lists (many partitions) are cut: the inspector lists them all.
                    ConsumerStatus::Running if c.assigned.len() > 6 => format!(
                        "{}, … (+{})",
                        c.assigned.iter().take(4).map(ToString::to_string).collect::<Vec<_>>().join(", "),
                        c.assigned.len() - 4
                    ),
                    ConsumerStatus::Running => c.assigned.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                };
                html! {
                    <li class="consumer-row">
                        <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true"><path d={shape_path(idx, 10, 10, 7)} fill={CONSUMER_COLOURS[idx % 8]} /></svg>
                        <button class={if selected { "cid link selected" } else { "cid link" }} data-testid={format!("select-{}", c.id())}
                            aria-pressed={selected.to_string()} onclick={link.callback(move |_| Msg::Select(Selection::Consumer(select_id.clone())))}>{ c.id().to_string() }</button>
                        <span class="assigned">{ assigned }</span>
                        <button class="small" data-testid={format!("btn-crash-{}", c.id())} disabled={!running}
                            onclick={link.callback(move |_| Msg::Crash(crash_id.clone()))}
                            aria-label={format!("{} {}", Text::Crash.get(lang), c.id())}>{ Text::Crash.get(lang) }</button>
                        <button class="small" data-testid={format!("btn-close-{}", c.id())} disabled={!running}
                            onclick={link.callback(move |_| Msg::Close(close_id.clone()))}
                            aria-label={format!("{} {}", Text::Close.get(lang), c.id())}>{ Text::Close.get(lang) }</button>
                    </li>
                }
            })
            .collect();
        // The stage's text alternative (who owns what, announced when it changes; the lag).
        let (summary, lag_summary) = {
            use crate::i18n::simulate::{stage_lag, stage_summary, MemberSummary};
            let members: Vec<(String, MemberSummary)> = members
                .iter()
                .map(|c| {
                    let m = match c.status {
                        ConsumerStatus::Running => MemberSummary::Owns(c.assigned.iter().map(ToString::to_string).collect()),
                        ConsumerStatus::Crashed => MemberSummary::Down(Text::StatusCrashed.get(lang)),
                        ConsumerStatus::Closed => MemberSummary::Down(Text::StatusClosed.get(lang)),
                        ConsumerStatus::Failed => MemberSummary::Down(Text::StatusFailed.get(lang)),
                    };
                    (c.id().to_string(), m)
                })
                .collect();
            let (state, generation) = group.map_or(("–", 0), |g| (g.coordinator.state.name(), g.coordinator.generation));
            let total_lag: u64 = group.map_or(0, |g| g.coordinator.committed.keys().filter_map(|tp| sim.group_lag(&self.group_id, tp)).sum());
            (stage_summary(&self.group_id, state, generation, &members, lang), stage_lag(total_lag, lang))
        };
        let last = sim.trace.len().saturating_sub(1);
        let rows: Vec<Html> = sim
            .trace
            .iter()
            .rev()
            .enumerate()
            .map(|(k, e)| (last - k, e))
            .filter(|(_, e)| {
                let flow = self.filter == Filter::Producers && matches!(e.event, TraceEvent::ProduceSent { .. } | TraceEvent::BatchAcked { .. });
                e.at_ms <= view_ms && (narrated(e) || flow) && self.filter.keeps(&e.event)
            })
            .take(NARRATION_ROWS)
            .map(|(i, e)| html! { <li key={i}><span class="t">{ format_time(e.at_ms) }</span>{ " " }{ narrate(&e.event, lang) }</li> })
            .collect();
        let ended = self.at_end();
        let inspector = match self.selected.as_ref() {
            Some(Selection::Consumer(id)) => sim.world.consumers.get(id).map(|c| self.inspector(ctx, c)),
            Some(Selection::Group(g)) => sim.world.groups.get(g).map(|_| self.group_inspector(ctx, g)),
            Some(Selection::Topic(t)) => sim.world.cluster.topics.get(t).map(|_| self.topic_inspector(ctx, t)),
            Some(Selection::Producer(p)) => sim.world.producers.get(p).map(|p| self.producer_inspector(ctx, p)),
            Some(Selection::Broker(b)) => (*b < sim.world.cluster.brokers).then(|| self.broker_inspector(ctx, *b)),
            None => None,
        };
        let on_scrub = link.callback(|e: InputEvent| {
            let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
            Msg::Seek(input.value().parse().unwrap_or(0))
        });
        let on_filter = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Filter(Filter::ALL.into_iter().find(|f| f.code() == select.value()).unwrap_or(Filter::All))
        });
        let topics: Vec<String> = sim.world.cluster.topics.keys().cloned().collect();
        let on_preset = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::LoadPreset(select.value())
        });
        let on_group = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::ShowGroup(select.value())
        });
        let group_ids: Vec<String> = sim.world.groups.keys().cloned().collect();
        let duration = self.duration_ms();
        html! {
            <div class={self.root_classes()} lang={lang.code()}>
                { self.presenter_overlays(ctx) }
                { self.header(ctx) }
                if let Some(value) = &self.rejected_lang {
                    <div class="notice" role="alert" data-testid="notice">
                        { crate::i18n::simulate::notice_lang(value, lang) }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                if let Some(value) = &self.rejected_preset {
                    <div class="notice" role="alert" data-testid="notice-preset">
                        { crate::i18n::simulate::notice_preset(value, &crate::model::scenario::PRESETS.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", "), lang) }
                        <button class="small" data-testid="notice-preset-dismiss" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                { self.share_box(ctx) }
                <nav class="controls" aria-label="controls">
                    <button data-testid="btn-play" class="primary" onclick={link.callback(|_| Msg::TogglePlay)} aria-pressed={self.clock.playing.to_string()}>
                        { if self.clock.playing { format!("❚❚ {}", Text::Pause.get(lang)) } else { format!("▶ {}", Text::Play.get(lang)) } }
                    </button>
                    <button data-testid="btn-step-back" onclick={link.callback(|_| Msg::StepBack)} disabled={self.session.steps() == 0}>{ format!("‹ {}", Text::StepBack.get(lang)) }</button>
                    <button data-testid="btn-step" onclick={link.callback(|_| Msg::Step)} disabled={ended}>{ format!("{} ›", Text::Step.get(lang)) }</button>
                    <label class="speed">{ Text::Speed.get(lang) }
                        <select data-testid="speed" onchange={on_speed}>
                            { for SPEEDS.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == self.clock.speed}>{ speed_label(*s) }</option> }) }
                        </select>
                    </label>
                    if !self.presenter.embed {
                    <button data-testid="btn-add-consumer" onclick={link.callback(|_| Msg::AddConsumer)} disabled={ended}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                    { self.share_button(ctx) }
                    }
                    { self.presenter_buttons(ctx) }
                    <label class="speed scenario-pick">{ Text::ScenarioLabel.get(lang) }
                        <select data-testid="preset" onchange={on_preset}>
                            if let (None, Some((name, _))) = (&self.lessons.run, &self.share.from_file) {
                                <option value="" selected=true>{ format!("📄 {name}") }</option>
                            }
                            if let Some(run) = self.lessons.run.as_ref() {
                                <option value="" selected=true>{ format!("{} {} · {}", crate::i18n::lessons::Lt::Lesson.get(lang), run.loaded.lesson.number, lang.pick(&run.loaded.lesson.title.ko, &run.loaded.lesson.title.en)) }</option>
                            }
                            { for crate::model::scenario::PRESETS.iter().map(|(id, _)| html! {
                                <option value={*id} selected={self.lessons.run.is_none() && self.share.from_file.is_none() && *id == self.preset}>{ crate::i18n::preset_title(id, lang) }</option>
                            }) }
                        </select>
                    </label>
                    if group_ids.len() > 1 {
                        <label class="speed scenario-pick">{ Text::GroupLabel.get(lang) }
                            <select data-testid="group-select" onchange={on_group}>
                                { for group_ids.iter().map(|g| html! { <option value={g.clone()} selected={*g == self.group_id}>{ g.clone() }</option> }) }
                            </select>
                        </label>
                    }
                    <span class="time" aria-label={Text::Time.get(lang)}>
                        { Text::Time.get(lang) }{ " " }<output data-testid="sim-time" data-ms={view_ms.to_string()}>{ format_time(view_ms) }</output>
                        { timeline::end_notice(ended, self.session.trace_full(), lang) }
                    </span>
                </nav>
                <section class="timeline" aria-label={Text::Timeline.get(lang)}>
                    <button data-testid="btn-prev-rebalance" onclick={link.callback(|_| Msg::PrevRebalance)} title={Text::PrevRebalance.get(lang)} aria-label={Text::PrevRebalance.get(lang)}>{ "‹ ▲" }</button>
                    <div class="scrub">
                        { frozen(&|| timeline::render_markers(&sim.trace, &self.group_id, duration, lang)) }
                        <input type="range" data-testid="timeline" min="0" max={duration.to_string()} step="10" value={view_ms.to_string()}
                            aria-label={Text::TimelineLabel.get(lang)} aria-valuetext={format_time(view_ms)} oninput={on_scrub} />
                    </div>
                    <button data-testid="btn-next-rebalance" onclick={link.callback(|_| Msg::NextRebalance)} title={Text::NextRebalance.get(lang)} aria-label={Text::NextRebalance.get(lang)}>{ "▲ ›" }</button>
                    <span class="marker-legend small">{ Text::MarkerRebalance.get(lang) }{ " · " }{ Text::MarkerCrash.get(lang) }{ " · " }{ Text::MarkerStall.get(lang) }{ " · " }{ Text::MarkerCommit.get(lang) }</span>
                </section>
                if self.session.fork.is_some() {
                    <div class="notice fork" role="status" data-testid="fork-notice">
                        { Text::ForkNotice.get(lang) }{ " " }
                        <button class="small" data-testid="btn-restore-fork" onclick={link.callback(|_| Msg::RestoreFork)}>{ Text::RestoreBranch.get(lang) }</button>
                    </div>
                }
                if self.help_open {
                    <div class="help" role="dialog" aria-modal="false" aria-labelledby="help-title" data-testid="help">
                        <h2 id="help-title">{ Text::Shortcuts.get(lang) }</h2>
                        <ul>
                            <li>{ Text::ShortcutPlay.get(lang) }</li>
                            <li>{ Text::ShortcutStep.get(lang) }</li>
                            <li>{ Text::ShortcutRebalance.get(lang) }</li>
                            <li>{ Text::ShortcutSpeed.get(lang) }</li>
                            <li>{ Text::ShortcutHelp.get(lang) }</li>
                            <li>{ crate::i18n::presenter::Pt::ShortcutPresenter.get(lang) }</li>
                        </ul>
                        <button class="small" data-testid="btn-close-help" onclick={link.callback(|_| Msg::ToggleHelp)}>{ Text::CloseInspector.get(lang) }</button>
                    </div>
                }
                <main class="layout">
                    <section class="stage-wrap">{ stage_html }
                        <p class="sr-only" aria-live="polite" data-testid="stage-summary">{ summary }</p>
                        <p class="sr-only" data-testid="stage-lag">{ lag_summary }</p>
                        if !self.presenter.embed { { self.export_buttons(ctx) } }
                        <p class="legend"><strong>{ Text::Legend.get(lang) }</strong>{ " · " }{ Text::LegendRecord.get(lang) }{ " · " }{ Text::LegendCommitted.get(lang) }{ " · " }{ Text::LegendPosition.get(lang) }{ " · " }{ Text::LegendRings.get(lang) }</p>
                        <p class="hint">{ Text::Keyboard.get(lang) }</p>
                        <div class="lane-wrap">
                            <div class="lane-head">
                                <span class="small">{ Text::ProtocolLane.get(lang) }</span>
                                <label class="small"><input type="checkbox" data-testid="lane-toggle-heartbeats" checked={self.lane.heartbeats}
                                    onchange={link.callback(|_| Msg::LaneHeartbeats)} />{ Text::LaneHeartbeats.get(lang) }</label>
                                <label class="small"><input type="checkbox" data-testid="lane-toggle-fetches" checked={self.lane.fetches}
                                    onchange={link.callback(|_| Msg::LaneFetches)} />{ Text::LaneFetches.get(lang) }</label>
                            </div>
                            { frozen(&|| crate::ui::lane::render(sim, &self.group_id, view_ms, &self.lane, lang)) }
                        </div>
                        { frozen(&|| self.charts()) }
                    </section>
                    <aside class="panel">
                        if let Some(run) = self.lessons.run.as_ref() {
                            { self.lesson_panel(ctx, run) }
                        }
                        { frozen(&|| html! {
                        <section class="card" data-testid="group-card">
                            <h2>{ format!("{} {}", Text::Group.get(lang), self.group_id) }</h2>
                            if let Some(g) = group {
                                <dl>
                                    <dt>{ Text::State.get(lang) }</dt><dd data-testid="group-state">{ g.coordinator.state.name() }</dd>
                                    <dt>{ Text::Generation.get(lang) }</dt><dd>{ g.coordinator.generation }</dd>
                                    <dt>{ Text::Coordinator.get(lang) }</dt><dd>{ format!("{} {}", Text::Broker.get(lang), g.coordinator.broker) }</dd>
                                    <dt>{ Text::Processed.get(lang) }</dt><dd data-testid="processed">{ processed }</dd>
                                    <dt>{ Text::Duplicates.get(lang) }</dt><dd class={if duplicates > 0 { "warn" } else { "" }}>{ duplicates }</dd>
                                    <dt>{ Text::Lost.get(lang) }</dt><dd class={if lost > 0 { "bad" } else { "" }}>{ lost }</dd>
                                </dl>
                            }
                            <h3>{ Text::Consumers.get(lang) }</h3>
                            <ul class="consumers">{ for consumers.iter().cloned() }</ul>
                            <p class="topic-actions">
                                { for topics.iter().map(|t| {
                                    let topic = t.clone();
                                    html! { <button class="small" data-testid={format!("btn-add-partition-{t}")} disabled={ended}
                                        onclick={link.callback(move |_| Msg::AddPartition(topic.clone()))}>{ format!("＋ {} ({t})", Text::AddPartition.get(lang)) }</button> }
                                }) }
                            </p>
                        </section>
                        }) }
                        { frozen(&|| inspector.clone().unwrap_or_default()) }
                        { frozen(&|| self.ledger(ctx)) }
                        <details class="card notes">
                            <summary>{ Text::NotesTitle.get(lang) }</summary>
                            <ul>
                                <li>{ Text::NoteHeartbeat.get(lang) }</li>
                                <li>{ Text::NoteSessionTimeout.get(lang) }</li>
                                <li>{ Text::NoteAutoCommit.get(lang) }</li>
                                <li>{ Text::NoteProducerDefaults.get(lang) }</li>
                                <li>{ Text::NoteLingerDefault.get(lang) }</li>
                                <li>{ Text::NoteCompressionDefault.get(lang) }</li>
                                <li>{ Text::NoteStickySwitch.get(lang) }</li>
                                <li>{ Text::NoteTxnTimeout.get(lang) }</li>
                            </ul>
                        </details>
                        <section class="card narration">
                            <h2>{ Text::Events.get(lang) }</h2>
                            <label class="filter">{ Text::Show.get(lang) }{ " " }
                                <select data-testid="narration-filter" onchange={on_filter}>
                                    { for Filter::ALL.iter().map(|f| html! { <option value={f.code()} selected={*f == self.filter}>{ f.label().get(lang) }</option> }) }
                                </select>
                            </label>
                            { frozen(&|| html! {
                                <ol aria-live="polite" data-testid="narration" tabindex="0" aria-label={Text::Events.get(lang)}>
                                    if rows.is_empty() { <li class="empty">{ Text::NoEvents.get(lang) }</li> }
                                    { for rows.iter().cloned() }
                                </ol>
                            }) }
                        </section>
                    </aside>
                </main>
            </div>
        }
    }
}
