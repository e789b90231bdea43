//! Compare mode: the same scenario and seed in 2–4 lanes, each with some settings changed,
//! driven by one timeline; a compact stage per lane and a live results table. Every figure
//! comes from `study::compare` (the same code as `groupscope-cli compare`).

use crate::i18n::study::{compare_answer_at, compare_question, compare_story, compare_title, figure_label, St};
use crate::i18n::{Lang, Text};
use crate::model::consumer::{ConsumerStatus, MemberState};
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::study::compare::{self, best_lanes, Cell, Figure, LaneRun, COMPARE_PRESETS, MAX_LANES};
use crate::ui::clock::{format_time, speed_label, Clock};
use crate::ui::stage::{consumer_index, shape_path, CONSUMER_COLOURS};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

/// Playback speeds (virtual ms per wall ms).
const SPEEDS: [(u32, u32); 5] = [(1, 4), (1, 2), (1, 1), (2, 1), (4, 1)];
const DEFAULT_SPEED: usize = 2;
/// The source picker's value for the scenario open in Simulate.
const CURRENT: &str = "current";

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub lang: Lang,
    /// The scenario open in the Simulate tab.
    pub current: Rc<Scenario>,
    /// A comparison to open (from `?compare=`); unknown ids are named in a notice.
    #[prop_or_default]
    pub preset: Option<String>,
}

pub enum Msg {
    Frame(f64),
    TogglePlay,
    Step,
    StepBack,
    Seek(u64),
    Speed(usize),
    Source(String),
    Draft(usize, String),
    ApplyLane(usize),
    AddLane,
    RemoveLane(usize),
    Key(KeyboardEvent),
    DismissNotice,
    /// Tell the comparison's answer before its decisive moment.
    Tell,
}

struct LaneUi {
    settings: Vec<(String, String)>,
    session: Session,
    run: LaneRun,
}

pub struct CompareView {
    source: String,
    base: Scenario,
    lanes: Vec<LaneUi>,
    drafts: Vec<String>,
    errors: Vec<Option<compare::LaneError>>,
    notice: Option<String>,
    /// The answer was asked for before its moment (`Msg::Tell`; a new comparison asks again).
    told: bool,
    clock: Clock,
    _keys: EventListener,
}

fn settings_text(settings: &[(String, String)]) -> String {
    settings.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join(" ")
}

/// A lane of `scenario` (its settings already applied): the figures from one bare run to the
/// end; the session simulates as the timeline moves.
fn lane_ui(settings: Vec<(String, String)>, scenario: &Scenario) -> LaneUi {
    LaneUi {
        run: LaneRun::of(scenario),
        session: Session::new(scenario),
        settings,
    }
}

fn build_lane(base: &Scenario, settings: Vec<(String, String)>) -> Result<LaneUi, compare::LaneError> {
    let scenario = compare::apply(base, &settings)?;
    Ok(lane_ui(settings, &scenario))
}

/// "1.23 s" or "85 ms".
fn duration_text(ms: u64) -> String {
    if ms >= 1000 {
        format!("{}.{:02} s", ms / 1000, (ms % 1000) / 10)
    } else {
        format!("{ms} ms")
    }
}

fn cell_text(figure: Figure, cell: &Cell, lang: Lang) -> String {
    match (figure, cell.value) {
        (_, None) => St::NotYet.get(lang).to_string(),
        (Figure::PauseTotal | Figure::Recovered, Some(ms)) => duration_text(ms),
        (_, Some(v)) => v.to_string(),
    }
}

impl CompareView {
    fn duration_ms(&self) -> u64 {
        self.base.duration_ms
    }

    /// Where playing must stop: the scenario's end, or the earliest moment a lane's history
    /// filled up (`Session::trace_full`), so the lanes always show the same moment.
    fn end_ms(&self) -> u64 {
        self.lanes
            .iter()
            .map(|l| l.session.end_ms(self.duration_ms()))
            .fold(self.duration_ms(), u64::min)
    }

    fn history_full(&self) -> bool {
        self.lanes.iter().any(|l| l.session.trace_full())
    }

    fn view_ms(&self) -> u64 {
        self.clock.ms()
    }

    /// Loads a comparison (a preset id, or the Simulate tab's scenario as lanes 1 and 2).
    fn load(&mut self, source: &str, current: &Scenario) {
        let loaded = match COMPARE_PRESETS.iter().find(|p| p.id == source) {
            Some(preset) => preset.load(),
            None => Ok((current.clone(), vec![(Vec::new(), current.clone()), (Vec::new(), current.clone())])),
        };
        match loaded {
            Ok((base, lanes)) => {
                self.lanes = lanes.into_iter().map(|(settings, scenario)| lane_ui(settings, &scenario)).collect();
                self.base = base;
                self.source = if COMPARE_PRESETS.iter().any(|p| p.id == source) {
                    source.to_string()
                } else {
                    CURRENT.to_string()
                };
            }
            Err(e) => self.notice = Some(e),
        }
        self.drafts = self.lanes.iter().map(|l| settings_text(&l.settings)).collect();
        self.errors = vec![None; self.lanes.len()];
        self.pause();
        self.clock.view_ms = 0.0;
    }

    fn pause(&mut self) {
        self.clock.pause();
    }

    fn seek(&mut self, at_ms: u64) {
        self.pause();
        let at_ms = at_ms.min(self.duration_ms());
        for lane in &mut self.lanes {
            lane.session.seek_ms(at_ms);
        }
        // Past a full history the view (and every lane) stops where that history does.
        let end_ms = self.end_ms();
        if end_ms < at_ms {
            for lane in &mut self.lanes {
                lane.session.seek_ms(end_ms);
            }
        }
        self.clock.view_ms = at_ms.min(end_ms) as f64;
    }

    fn run_to(&mut self, at_ms: u64) {
        for lane in &mut self.lanes {
            lane.session.run_until(at_ms);
        }
    }

    fn apply_lane(&mut self, i: usize) {
        let text = self.drafts.get(i).cloned().unwrap_or_default();
        let parsed = compare::parse_lane(&format!("lane={} {text}", (i + 1).min(MAX_LANES)));
        let result = parsed.and_then(|(_, settings)| build_lane(&self.base, settings));
        match result {
            Ok(mut lane) => {
                lane.session.seek_ms(self.view_ms());
                self.lanes[i] = lane;
                self.errors[i] = None;
            }
            Err(e) => self.errors[i] = Some(e),
        }
    }

    fn lane_view(&self, ctx: &Context<Self>, i: usize, lane: &LaneUi) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let view_ms = self.view_ms();
        let sim = &lane.session.sim;
        let group_id = sim.world.groups.keys().next().cloned().unwrap_or_default();
        let group = sim.world.groups.get(&group_id);
        let state = group.map(|g| g.coordinator.state);
        let generation = group.map_or(0, |g| g.coordinator.generation);
        let partitions = sim.world.cluster.partitions_of(&sim.group_topics(&group_id));
        let moved: Vec<String> = lane
            .run
            .rebalances_to(view_ms)
            .filter(|r| r.group_id == group_id)
            .last()
            .map(|r| r.moved.clone())
            .unwrap_or_default();
        let consumers: Vec<(usize, &crate::model::consumer::Consumer)> = sim
            .world
            .consumer_order
            .iter()
            .enumerate()
            .filter_map(|(idx, id)| sim.world.consumers.get(id).map(|c| (idx, c)))
            .filter(|(_, c)| c.spec.group_id == group_id)
            .collect();
        const ROW_H: i64 = 24;
        const TOP: i64 = 34;
        let width = 520;
        let rows_h = partitions.len() as i64 * ROW_H;
        let consumers_y = TOP + rows_h + 14;
        let height = consumers_y + 28 * consumers.len().div_ceil(3) as i64 + 6;
        let band = state.map_or("#EEEEEE", crate::ui::lane::band_fill);
        let state_name = state.map_or("–", |s| s.name());
        // The rebalance spans of the whole run under the playhead.
        let duration = self.duration_ms().max(1);
        let x_of = |t: u64| 8 + (t.min(duration) as i64 * (width - 16)) / duration as i64;
        let spans = lane.run.rebalances.iter().filter(|r| r.group_id == group_id).map(|r| {
            let (x1, x2) = (x_of(r.started_ms), x_of(r.completed_ms));
            html! { <rect class="cmp-span" x={x1.to_string()} y="4" width={(x2 - x1).max(3).to_string()} height="8" /> }
        });
        let rows = partitions.iter().enumerate().map(|(r, tp)| {
            let y = TOP + r as i64 * ROW_H;
            let owner = sim.owner_of(&group_id, tp);
            let backlog = compare::backlog(sim, &group_id, tp);
            let bar_w = (backlog.min(60) as i64 * 200) / 60;
            let is_moved = moved.contains(&tp.to_string());
            let owner_html = match owner {
                Some(c) => {
                    let idx = consumer_index(sim, c.id());
                    html! { <>
                        <path d={shape_path(idx, 352, y + 11, 7)} fill={CONSUMER_COLOURS[idx % 8]} />
                        <text x="366" y={(y + 15).to_string()} class="cmp-label">{ c.id().to_string() }</text>
                    </> }
                }
                None => html! { <text x="346" y={(y + 15).to_string()} class="cmp-label warn">{ format!("⚠ {}", St::NoOwner.get(lang)) }</text> },
            };
            html! {
                <g class={classes!("cmp-row", is_moved.then_some("moved"), owner.is_none().then_some("unowned"))} data-testid={format!("lane-{}-row-{tp}", i + 1)}
                    data-owner={owner.map(|c| c.id().to_string()).unwrap_or_default()} data-moved={is_moved.to_string()} data-backlog={backlog.to_string()}>
                    <rect x="4" y={(y + 1).to_string()} width={(width - 8).to_string()} height={(ROW_H - 2).to_string()} rx="4" class="cmp-row-bg" />
                    <text x="12" y={(y + 16).to_string()} class="cmp-label strong">{ tp.to_string() }</text>
                    <rect x="104" y={(y + 6).to_string()} width="200" height="12" class="cmp-bar-bg" />
                    <rect x="104" y={(y + 6).to_string()} width={bar_w.to_string()} height="12" class={if backlog > 20 { "cmp-bar high" } else { "cmp-bar" }} />
                    <text x="310" y={(y + 16).to_string()} class="cmp-label small">{ backlog.to_string() }</text>
                    { owner_html }
                    if is_moved { <text x={(width - 34).to_string()} y={(y + 16).to_string()} class="cmp-label strong">{ "⇄" }</text> }
                </g>
            }
        });
        let consumer_chips = consumers.iter().enumerate().map(|(k, (idx, c))| {
            let x = 10 + (k as i64 % 3) * 170;
            let y = consumers_y + (k as i64 / 3) * 28;
            let status = match c.status {
                ConsumerStatus::Crashed => format!("✕ {}", Text::StatusCrashed.get(lang)),
                ConsumerStatus::Closed => Text::StatusClosed.get(lang).to_string(),
                ConsumerStatus::Failed => Text::StatusFailed.get(lang).to_string(),
                ConsumerStatus::Running if c.member_state != MemberState::Stable => format!("⟳ {}", St::LaneRebalancing.get(lang)),
                ConsumerStatus::Running => crate::i18n::study::partition_count(c.assigned.len(), lang),
            };
            html! {
                <g class={classes!("cmp-consumer", (c.status != ConsumerStatus::Running).then_some("down"))} data-testid={format!("lane-{}-consumer-{}", i + 1, c.id())}>
                    <path d={shape_path(*idx, x + 8, y + 10, 8)} fill={CONSUMER_COLOURS[*idx % 8]} />
                    <text x={(x + 22).to_string()} y={(y + 14).to_string()} class="cmp-label strong">{ c.id().to_string() }</text>
                    <text x={(x + 50).to_string()} y={(y + 14).to_string()} class="cmp-label small">{ status }</text>
                </g>
            }
        });
        let settings_label = if lane.settings.is_empty() {
            St::AsWritten.get(lang).to_string()
        } else {
            settings_text(&lane.settings)
        };
        let draft = self.drafts.get(i).cloned().unwrap_or_default();
        let input_id = format!("lane-settings-{}", i + 1);
        let on_input = link.callback(move |e: InputEvent| {
            let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
            Msg::Draft(i, input.value())
        });
        let on_key = link.batch_callback(move |e: KeyboardEvent| (e.key() == "Enter").then_some(Msg::ApplyLane(i)));
        html! {
            <section class="card cmp-lane" data-testid={format!("lane-{}", i + 1)} aria-label={format!("{} {}", St::Lane.get(lang), i + 1)}
                data-state={state_name} data-generation={generation.to_string()} data-ms={sim.now_ms().to_string()}>
                <div class="cmp-lane-head">
                    <h3>{ format!("{} {}", St::Lane.get(lang), i + 1) }</h3>
                    <span class="cmp-settings grow" data-testid={format!("lane-{}-settings", i + 1)}>{ settings_label }</span>
                    if self.lanes.len() > 2 {
                        <button class="small" data-testid={format!("lane-{}-remove", i + 1)} onclick={link.callback(move |_| Msg::RemoveLane(i))}>{ St::RemoveLane.get(lang) }</button>
                    }
                </div>
                <svg class="cmp-stage" viewBox={format!("0 0 {width} {height}")} role="img"
                    aria-label={format!("{} {} · {} {} · {} {}", St::Lane.get(lang), i + 1, Text::State.get(lang), state_name, Text::Generation.get(lang), generation)}>
                    <rect x="8" y="4" width={(width - 16).to_string()} height="8" class="cmp-span-bg" />
                    { for spans }
                    <line x1={x_of(view_ms).to_string()} x2={x_of(view_ms).to_string()} y1="1" y2="15" class="cmp-playhead" />
                    <rect x="4" y="17" width={(width - 8).to_string()} height="15" rx="3" fill={band} />
                    <text x="12" y="29" class="cmp-label strong" data-testid={format!("lane-{}-state", i + 1)}>{ format!("{group_id} · {state_name} · {} {generation}", Text::Generation.get(lang)) }</text>
                    <text x="300" y="29" class="cmp-label small">{ format!("▮ {}", St::Behind.get(lang)) }</text>
                    { for rows }
                    { for consumer_chips }
                </svg>
                <label class="cmp-edit" for={input_id.clone()}>{ St::LaneSettings.get(lang) }</label>
                <div class="cmp-edit-row">
                    <input id={input_id} type="text" data-testid={format!("lane-{}-input", i + 1)} value={draft} oninput={on_input} onkeydown={on_key}
                        placeholder="partition.assignment.strategy=cooperative-sticky" spellcheck="false" />
                    <button class="small" data-testid={format!("lane-{}-apply", i + 1)} onclick={link.callback(move |_| Msg::ApplyLane(i))}>{ St::Apply.get(lang) }</button>
                </div>
                if let Some(e) = self.errors.get(i).cloned().flatten() {
                    <p class="form-error" role="alert" data-testid={format!("lane-{}-error", i + 1)}>{ crate::i18n::errors::lane_error(&e, lang) }</p>
                }
            </section>
        }
    }

    /// A bundled comparison's question until the lanes have decided it (or the answer is asked
    /// for), then its answer.
    fn story(&self, ctx: &Context<Self>, view_ms: u64) -> Html {
        let lang = ctx.props().lang;
        let story = compare_story(&self.source, lang);
        if story.is_empty() {
            return html! {};
        }
        match self.asking(view_ms) {
            None => html! { <p class="cmp-story" data-testid="compare-story">{ story }</p> },
            Some(at) => html! {
                <div class="cmp-story ask" data-testid="compare-ask">
                    <p data-testid="compare-question">{ compare_question(&self.source, lang) }</p>
                    <p class="hint">
                        { compare_answer_at(at, lang) }{ " " }
                        <button class="small" data-testid="compare-tell" onclick={ctx.link().callback(|_| Msg::Tell)}>{ St::CompareTell.get(lang) }</button>
                    </p>
                </div>
            },
        }
    }

    /// While a bundled comparison asks its question: the moment its answer will be told.
    fn asking(&self, view_ms: u64) -> Option<u64> {
        if self.told || compare_story(&self.source, Lang::En).is_empty() {
            return None;
        }
        crate::study::compare::decided_ms(self.lanes.iter().map(|l| &l.run)).filter(|at| view_ms < *at)
    }

    fn results(&self, ctx: &Context<Self>) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let view_ms = self.view_ms();
        // The table shows the figures as they come; its verdict (★) waits for the answer.
        let asking = self.asking(view_ms).is_some();
        let row = |figure: Figure| {
            let cells: Vec<Cell> = self.lanes.iter().map(|l| l.run.figure_at(figure, view_ms, Some(&l.session.sim))).collect();
            let best = best_lanes(figure, &cells);
            let tds = cells.iter().enumerate().map(|(i, cell)| {
                let is_best = !asking && best.contains(&i);
                let moment = cell.moment_ms;
                let text = if self.lanes[i].run.applies(figure, view_ms) { cell_text(figure, cell, lang) } else { "–".to_string() };
                let label = match moment {
                    Some(t) => format!("{} · {} {} · {}", figure_label(figure, lang), St::Lane.get(lang), i + 1, duration_text(t)),
                    None => format!("{} · {} {}", figure_label(figure, lang), St::Lane.get(lang), i + 1),
                };
                html! {
                    <td class={classes!(is_best.then_some("best"))}>
                        <button class="cell-btn" data-testid={format!("cell-{}-{}", figure.key(), i + 1)} data-best={is_best.to_string()}
                            data-moment={moment.map(|t| t.to_string()).unwrap_or_default()} disabled={moment.is_none()} title={label.clone()} aria-label={format!("{label}: {text}")}
                            onclick={link.callback(move |_| Msg::Seek(moment.unwrap_or(0)))}>
                            { text }
                            if is_best { <span class="best-mark">{ format!(" ★ {}", St::Best.get(lang)) }</span> }
                        </button>
                    </td>
                }
            });
            html! { <tr data-testid={format!("row-{}", figure.key())}><th scope="row">{ figure_label(figure, lang) }</th>{ for tds }</tr> }
        };
        let pauses = self.lanes.iter().enumerate().map(|(i, l)| {
            let per: Vec<String> = l.run.pause_at(view_ms).iter().map(|(c, ms)| format!("{c} {}", duration_text(*ms))).collect();
            html! { <td class="per-member" data-testid={format!("cell-pause-members-{}", i + 1)}>{ if per.is_empty() { "–".to_string() } else { per.join(" · ") } }</td> }
        });
        html! {
            <section class="card cmp-results" data-testid="results">
                <h2>{ St::Results.get(lang) }</h2>
                <p class="hint">{ St::ResultsHint.get(lang) }</p>
                if asking { <p class="hint" data-testid="results-asking">{ St::BestAfterAnswer.get(lang) }</p> }
                <table>
                    <thead><tr><th></th>{ for self.lanes.iter().enumerate().map(|(i, l)| html! {
                        <th scope="col">{ format!("{} {}", St::Lane.get(lang), i + 1) }<br /><span class="cmp-settings">{ if l.settings.is_empty() { St::AsWritten.get(lang).to_string() } else { settings_text(&l.settings) } }</span></th>
                    }) }</tr></thead>
                    <tbody>
                        { row(Figure::Processed) }
                        { row(Figure::Duplicates) }
                        { row(Figure::Lost) }
                        { row(Figure::Rebalances) }
                        { row(Figure::PauseTotal) }
                        <tr data-testid="row-pause-members"><th scope="row">{ St::PausePerMember.get(lang) }</th>{ for pauses }</tr>
                        { row(Figure::PartitionsMoved) }
                        { row(Figure::MaxLag) }
                        { row(Figure::Recovered) }
                    </tbody>
                </table>
            </section>
        }
    }
}

impl Component for CompareView {
    type Message = Msg;
    type Properties = CompareProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        // Space plays (outside buttons and fields), ←/→ step: the browser must not scroll too.
        let keys = crate::ui::browser::on_keydown(
            |event| {
                let target = crate::ui::browser::key_target(event);
                !(event.ctrl_key() || event.meta_key() || event.alt_key())
                    && match event.key().as_str() {
                        " " => target == crate::ui::browser::KeyTarget::Page,
                        "ArrowLeft" | "ArrowRight" => target != crate::ui::browser::KeyTarget::Field,
                        _ => false,
                    }
            },
            move |event| link.send_message(Msg::Key(event)),
        );
        let props = ctx.props();
        let asked = props.preset.clone();
        let (source, notice) = match asked {
            Some(id) if COMPARE_PRESETS.iter().any(|p| p.id == id) || id == CURRENT => (id, None),
            Some(id) => (
                COMPARE_PRESETS[0].id.to_string(),
                Some(crate::i18n::study::notice_compare(
                    &id,
                    &format!("{}, {CURRENT}", COMPARE_PRESETS.iter().map(|p| p.id).collect::<Vec<_>>().join(", ")),
                    props.lang,
                )),
            ),
            None => (COMPARE_PRESETS[0].id.to_string(), None),
        };
        let mut view = CompareView {
            source: String::new(),
            base: (*props.current).clone(),
            lanes: Vec::new(),
            drafts: Vec::new(),
            errors: Vec::new(),
            notice,
            told: false,
            clock: Clock::new(DEFAULT_SPEED),
            _keys: keys,
        };
        view.load(&source, &props.current);
        view
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Frame(ts) => {
                let (n, d) = SPEEDS[self.clock.speed];
                if !self.clock.advance(ts, n as f64 / d as f64, self.end_ms()) {
                    return false;
                }
                let at = self.view_ms();
                self.run_to(at);
                // If a lane's history filled up, the view stops at the last moment it holds.
                self.clock.view_ms = self.clock.view_ms.min(self.end_ms() as f64);
                if self.view_ms() >= self.end_ms() {
                    self.pause();
                } else {
                    self.clock.next_frame(ctx.link(), Msg::Frame);
                }
            }
            Msg::TogglePlay => {
                if self.clock.playing {
                    self.pause();
                } else {
                    let end = self.end_ms();
                    self.clock.play(ctx.link(), Msg::Frame, end);
                }
            }
            Msg::Step => {
                self.pause();
                let next = self.lanes.iter().filter_map(|l| l.session.sim.next_event_ms()).min();
                if let Some(t) = next.filter(|&t| t <= self.end_ms()) {
                    self.run_to(t);
                    self.clock.view_ms = t as f64;
                }
            }
            Msg::StepBack => {
                let now = self.view_ms();
                let previous = self
                    .lanes
                    .iter()
                    .filter_map(|l| l.session.sim.trace.iter().rev().find(|e| e.at_ms < now).map(|e| e.at_ms))
                    .max()
                    .unwrap_or(0);
                self.seek(previous);
            }
            Msg::Seek(t) => self.seek(t),
            Msg::Speed(i) => self.clock.speed = i.min(SPEEDS.len() - 1),
            Msg::Source(source) => {
                self.notice = None;
                self.told = false;
                let current = ctx.props().current.clone();
                self.load(&source, &current);
            }
            Msg::Draft(i, text) => {
                if let Some(d) = self.drafts.get_mut(i) {
                    *d = text;
                }
                return false;
            }
            Msg::ApplyLane(i) => self.apply_lane(i),
            Msg::AddLane => {
                if self.lanes.len() < MAX_LANES {
                    if let Ok(mut lane) = build_lane(&self.base, Vec::new()) {
                        lane.session.seek_ms(self.view_ms());
                        self.lanes.push(lane);
                        self.drafts.push(String::new());
                        self.errors.push(None);
                    }
                }
            }
            Msg::RemoveLane(i) => {
                if self.lanes.len() > 2 && i < self.lanes.len() {
                    self.lanes.remove(i);
                    self.drafts.remove(i);
                    self.errors.remove(i);
                }
            }
            Msg::DismissNotice => self.notice = None,
            Msg::Tell => self.told = true,
            Msg::Key(event) => {
                let in_control = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "BUTTON" | "SELECT" | "INPUT" | "TEXTAREA"));
                if in_control || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return false;
                }
                let msg = match event.key().as_str() {
                    " " => Msg::TogglePlay,
                    "ArrowRight" => Msg::Step,
                    "ArrowLeft" => Msg::StepBack,
                    _ => return false,
                };
                event.prevent_default();
                return <Self as Component>::update(self, ctx, msg);
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let view_ms = self.view_ms();
        let duration = self.duration_ms();
        let ended = view_ms >= self.end_ms();
        let on_source = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Source(select.value())
        });
        let on_scrub = link.callback(|e: InputEvent| {
            let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
            Msg::Seek(input.value().parse().unwrap_or(0))
        });
        let on_speed = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Speed(select.value().parse().unwrap_or(DEFAULT_SPEED))
        });
        html! {
            <div class="compare" data-testid="compare">
                if let Some(notice) = &self.notice {
                    <div class="notice" role="alert" data-testid="compare-notice">
                        { notice.clone() }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                <nav class="controls" aria-label="compare controls">
                    <button data-testid="compare-play" class="primary" onclick={link.callback(|_| Msg::TogglePlay)} aria-pressed={self.clock.playing.to_string()}>
                        { if self.clock.playing { format!("❚❚ {}", Text::Pause.get(lang)) } else { format!("▶ {}", Text::Play.get(lang)) } }
                    </button>
                    <button data-testid="compare-step-back" onclick={link.callback(|_| Msg::StepBack)} disabled={view_ms == 0}>{ format!("‹ {}", Text::StepBack.get(lang)) }</button>
                    <button data-testid="compare-step" onclick={link.callback(|_| Msg::Step)} disabled={ended}>{ format!("{} ›", Text::Step.get(lang)) }</button>
                    <label class="speed">{ Text::Speed.get(lang) }
                        <select data-testid="compare-speed" onchange={on_speed}>
                            { for SPEEDS.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == self.clock.speed}>{ speed_label(*s) }</option> }) }
                        </select>
                    </label>
                    <label class="speed">{ St::CompareQuestion.get(lang) }
                        <select data-testid="compare-preset" onchange={on_source}>
                            { for COMPARE_PRESETS.iter().map(|p| html! { <option value={p.id} selected={p.id == self.source}>{ compare_title(p.id, lang) }</option> }) }
                            <option value={CURRENT} selected={self.source == CURRENT}>{ St::CurrentScenario.get(lang) }</option>
                        </select>
                    </label>
                    <span class="time" aria-label={Text::Time.get(lang)}>
                        { Text::Time.get(lang) }{ " " }<output data-testid="compare-time" data-ms={view_ms.to_string()}>{ format_time(view_ms) }</output>
                        { crate::ui::timeline::end_notice(ended, self.history_full(), lang) }
                    </span>
                </nav>
                <section class="timeline" aria-label={Text::Timeline.get(lang)}>
                    <div class="scrub">
                        <input type="range" data-testid="compare-timeline" min="0" max={duration.to_string()} step="10" value={view_ms.to_string()}
                            aria-label={Text::TimelineLabel.get(lang)} oninput={on_scrub} />
                    </div>
                </section>
                { self.story(ctx, view_ms) }
                <div class={classes!("cmp-lanes", format!("n{}", self.lanes.len()))}>
                    { for self.lanes.iter().enumerate().map(|(i, lane)| self.lane_view(ctx, i, lane)) }
                </div>
                <p class="legend">{ St::MovedLegend.get(lang) }{ " · " }<span class="cmp-legend-span">{ "▬" }</span>{ " rebalance" }</p>
                if self.lanes.len() < MAX_LANES {
                    <button data-testid="compare-add-lane" onclick={link.callback(|_| Msg::AddLane)}>{ St::AddLane.get(lang) }</button>
                }
                <p class="hint">{ St::LaneSettingsHelp.get(lang) }</p>
                { self.results(ctx) }
            </div>
        }
    }
}
