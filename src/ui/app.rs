//! The root component: controls, stage, group panel and narration.

use crate::i18n::{narrate, Lang, Text};
use crate::model::consumer::ConsumerStatus;
use crate::model::protocol::Api;
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::model::sim::Action;
use crate::model::trace::{TraceEntry, TraceEvent};
use crate::ui::stage::{self, shape_path, StageInput, CONSUMER_COLOURS};
use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

/// Speeds as (numerator, denominator): 0.25× … 16×.
pub const SPEEDS: [(u32, u32); 7] = [(1, 4), (1, 2), (1, 1), (2, 1), (4, 1), (8, 1), (16, 1)];
const DEFAULT_SPEED: usize = 2;
const LANG_KEY: &str = "groupscope.lang";
const NARRATION_ROWS: usize = 14;

pub enum Msg {
    Frame(f64),
    TogglePlay,
    Step,
    StepBack,
    Speed(usize),
    AddConsumer,
    Crash(String),
    Close(String),
    ToggleLang,
    Select(String),
    Key(KeyboardEvent),
    DismissNotice,
}

pub struct App {
    session: Session,
    group_id: String,
    lang: Lang,
    playing: bool,
    speed: usize,
    /// The UI clock in virtual ms (fractional so slow speeds advance smoothly).
    view_ms: f64,
    last_frame_ms: Option<f64>,
    frame: Option<AnimationFrame>,
    reduced_motion: bool,
    selected: Option<String>,
    /// A `?lang=` value we could not use (shown until dismissed).
    rejected_lang: Option<String>,
    _keys: Option<EventListener>,
}

/// The language to start in, and the `?lang=` value if it was not one we support.
fn initial_lang() -> (Lang, Option<String>) {
    let window = gloo::utils::window();
    let mut rejected = None;
    if let Ok(search) = window.location().search() {
        if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
            if let Some(value) = params.get("lang") {
                match Lang::parse(&value) {
                    Some(lang) => return (lang, None),
                    None => rejected = Some(value),
                }
            }
        }
    }
    (stored_or_browser_lang(&window), rejected)
}

fn stored_or_browser_lang(window: &web_sys::Window) -> Lang {
    if let Some(lang) = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|v| Lang::parse(&v))
    {
        return lang;
    }
    window.navigator().language().and_then(|l| Lang::parse(&l)).unwrap_or(Lang::En)
}

fn prefers_reduced_motion() -> bool {
    gloo::utils::window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

fn set_document_lang(lang: Lang) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
    }
    gloo::utils::document().set_title(&format!("groupscope — {}", Text::Subtitle.get(lang)));
}

/// Entries worth a sentence in the narration panel (the stage shows the rest).
fn narrated(entry: &TraceEntry) -> bool {
    match &entry.event {
        TraceEvent::Produced { .. }
        | TraceEvent::Processed { .. }
        | TraceEvent::PollReturned { .. }
        | TraceEvent::FetchSent { .. }
        | TraceEvent::FetchReceived { .. } => false,
        TraceEvent::RequestSent { api, .. } => !matches!(api, Api::Heartbeat | Api::OffsetCommit | Api::Fetch),
        TraceEvent::ResponseReceived { api, error, .. } => !(matches!(api, Api::Heartbeat | Api::OffsetCommit) && error.is_none()),
        _ => true,
    }
}

fn format_time(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

impl App {
    fn speed_factor(&self) -> f64 {
        let (n, d) = SPEEDS[self.speed];
        n as f64 / d as f64
    }

    fn duration_ms(&self) -> u64 {
        self.session.scenario().duration_ms
    }

    fn view_ms(&self) -> u64 {
        self.view_ms as u64
    }

    fn start_frames(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.frame = Some(request_animation_frame(move |ts| link.send_message(Msg::Frame(ts))));
    }

    fn pause(&mut self) {
        self.playing = false;
        self.frame = None;
        self.last_frame_ms = None;
    }

    /// After stepping, the UI clock shows the time of the event just processed.
    fn sync_view_to_sim(&mut self) {
        self.view_ms = self.session.sim.now_ms() as f64;
    }

    fn act(&mut self, action: Action) {
        let now = self.view_ms();
        self.session.act(now, action);
        self.session.run_until(now);
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        let scenario = Scenario::default_scenario();
        let group_id = scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default();
        let session = Session::new(&scenario);
        let (lang, rejected_lang) = initial_lang();
        set_document_lang(lang);
        let link = ctx.link().clone();
        let keys = EventListener::new(&gloo::utils::document(), "keydown", move |event| {
            if let Some(event) = event.dyn_ref::<KeyboardEvent>() {
                link.send_message(Msg::Key(event.clone()));
            }
        });
        App {
            session,
            group_id,
            lang,
            playing: false,
            speed: DEFAULT_SPEED,
            view_ms: 0.0,
            last_frame_ms: None,
            frame: None,
            reduced_motion: prefers_reduced_motion(),
            selected: None,
            rejected_lang,
            _keys: Some(keys),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Frame(ts) => {
                if !self.playing {
                    return false;
                }
                if let Some(last) = self.last_frame_ms {
                    // Clamp long gaps (a background tab) so the simulation does not leap.
                    let wall = (ts - last).clamp(0.0, 250.0);
                    self.view_ms = (self.view_ms + wall * self.speed_factor()).min(self.duration_ms() as f64);
                    self.session.run_until(self.view_ms());
                }
                self.last_frame_ms = Some(ts);
                if self.view_ms() >= self.duration_ms() {
                    self.pause();
                } else {
                    self.start_frames(ctx);
                }
                true
            }
            Msg::TogglePlay => {
                if self.playing {
                    self.pause();
                } else if self.view_ms() < self.duration_ms() {
                    self.playing = true;
                    self.last_frame_ms = None;
                    self.start_frames(ctx);
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
                self.speed = i.min(SPEEDS.len() - 1);
                true
            }
            Msg::AddConsumer => {
                let now = self.view_ms();
                let group_id = self.group_id.clone();
                let id = self.session.add_consumer(&group_id, now);
                self.session.run_until(now);
                self.selected = Some(id);
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
            Msg::ToggleLang => {
                self.lang = self.lang.other();
                set_document_lang(self.lang);
                if let Some(storage) = gloo::utils::window().local_storage().ok().flatten() {
                    let _ = storage.set_item(LANG_KEY, self.lang.code());
                }
                true
            }
            Msg::DismissNotice => {
                self.rejected_lang = None;
                true
            }
            Msg::Select(id) => {
                self.selected = if self.selected.as_deref() == Some(id.as_str()) { None } else { Some(id) };
                true
            }
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
                <Self as Component>::update(self, ctx, msg)
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = &self.session.sim;
        let view_ms = self.view_ms();
        let flight_ms = (350.0 * self.speed_factor()).max(120.0) as u64;
        let on_select = link.callback(Msg::Select);
        let stage_html = stage::render(&StageInput {
            sim,
            group_id: &self.group_id,
            view_ms,
            lang,
            animate: !self.reduced_motion,
            flight_ms,
            selected: self.selected.as_deref(),
            on_select,
        });
        let on_speed = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Speed(select.value().parse().unwrap_or(DEFAULT_SPEED))
        });
        let group = sim.world.groups.get(&self.group_id);
        let (processed, duplicates, lost) = group.map_or((0, 0, 0), |g| {
            let lost: u64 = g.coordinator.committed.iter().map(|(tp, &o)| g.ledger.lost(tp, o)).sum();
            (g.ledger.processed(), g.ledger.duplicates(), lost)
        });
        let consumers: Vec<Html> = sim
            .world
            .consumer_order
            .iter()
            .filter_map(|id| sim.world.consumers.get(id))
            .filter(|c| c.spec.group_id == self.group_id)
            .map(|c| {
                let idx = sim.world.consumer_order.iter().position(|x| x == c.id()).unwrap_or(0);
                let running = c.status == ConsumerStatus::Running && !c.close_requested;
                let crash_id = c.id().to_string();
                let close_id = c.id().to_string();
                let assigned = match c.status {
                    ConsumerStatus::Crashed => Text::StatusCrashed.get(lang).to_string(),
                    ConsumerStatus::Closed => Text::StatusClosed.get(lang).to_string(),
                    ConsumerStatus::Failed => Text::StatusFailed.get(lang).to_string(),
                    ConsumerStatus::Running if c.assigned.is_empty() => "–".to_string(),
                    ConsumerStatus::Running => c.assigned.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                };
                html! {
                    <li class="consumer-row">
                        <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true"><path d={shape_path(idx, 10, 10, 7)} fill={CONSUMER_COLOURS[idx % 8]} /></svg>
                        <span class="cid">{ c.id().to_string() }</span>
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
        let rows: Vec<Html> = sim
            .trace
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| e.at_ms <= view_ms && narrated(e))
            .take(NARRATION_ROWS)
            .map(|(i, e)| html! { <li key={i}><span class="t">{ format_time(e.at_ms) }</span>{ " " }{ narrate(&e.event, lang) }</li> })
            .collect();
        let ended = view_ms >= self.duration_ms();
        let speed_label = |(n, d): (u32, u32)| if d == 1 { format!("{n}×") } else { format!("{}×", n as f64 / d as f64) };
        html! {
            <div class="app" lang={lang.code()}>
                <header>
                    <h1>{ Text::AppTitle.get(lang) }<span class="sub">{ Text::Subtitle.get(lang) }</span></h1>
                    <button data-testid="lang-toggle" class="lang" onclick={link.callback(|_| Msg::ToggleLang)} aria-label={Text::LangToggleLabel.get(lang)}>{ Text::LangToggle.get(lang) }</button>
                </header>
                if let Some(value) = &self.rejected_lang {
                    <div class="notice" role="alert" data-testid="notice">
                        { match lang {
                            Lang::Ko => format!("URL의 lang={value}은(는) 지원하지 않습니다. ko(한국어) 또는 en(English)을 쓰세요."),
                            Lang::En => format!("lang={value} in the URL is not supported: use ko (한국어) or en (English)."),
                        } }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                <nav class="controls" aria-label="controls">
                    <button data-testid="btn-play" class="primary" onclick={link.callback(|_| Msg::TogglePlay)} aria-pressed={self.playing.to_string()}>
                        { if self.playing { format!("❚❚ {}", Text::Pause.get(lang)) } else { format!("▶ {}", Text::Play.get(lang)) } }
                    </button>
                    <button data-testid="btn-step-back" onclick={link.callback(|_| Msg::StepBack)} disabled={self.session.steps() == 0}>{ format!("‹ {}", Text::StepBack.get(lang)) }</button>
                    <button data-testid="btn-step" onclick={link.callback(|_| Msg::Step)} disabled={ended}>{ format!("{} ›", Text::Step.get(lang)) }</button>
                    <label class="speed">{ Text::Speed.get(lang) }
                        <select data-testid="speed" onchange={on_speed}>
                            { for SPEEDS.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == self.speed}>{ speed_label(*s) }</option> }) }
                        </select>
                    </label>
                    <button data-testid="btn-add-consumer" onclick={link.callback(|_| Msg::AddConsumer)} disabled={ended}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                    <span class="time" aria-label={Text::Time.get(lang)}>
                        { Text::Time.get(lang) }{ " " }<output data-testid="sim-time" data-ms={view_ms.to_string()}>{ format_time(view_ms) }</output>
                        if ended { <span class="ended">{ format!(" · {}", Text::EndReached.get(lang)) }</span> }
                    </span>
                </nav>
                <main class="layout">
                    <section class="stage-wrap">{ stage_html }
                        <p class="legend"><strong>{ Text::Legend.get(lang) }</strong>{ " · " }{ Text::LegendRecord.get(lang) }{ " · " }{ Text::LegendCommitted.get(lang) }{ " · " }{ Text::LegendPosition.get(lang) }</p>
                        <p class="hint">{ Text::Keyboard.get(lang) }</p>
                    </section>
                    <aside class="panel">
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
                            <ul class="consumers">{ for consumers }</ul>
                        </section>
                        <details class="card notes">
                            <summary>{ Text::NotesTitle.get(lang) }</summary>
                            <ul>
                                <li>{ Text::NoteHeartbeat.get(lang) }</li>
                                <li>{ Text::NoteSessionTimeout.get(lang) }</li>
                                <li>{ Text::NoteAutoCommit.get(lang) }</li>
                            </ul>
                        </details>
                        <section class="card narration">
                            <h2>{ Text::Events.get(lang) }</h2>
                            <ol aria-live="polite" data-testid="narration">
                                if rows.is_empty() { <li class="empty">{ Text::NoEvents.get(lang) }</li> }
                                { for rows }
                            </ol>
                        </section>
                    </aside>
                </main>
            </div>
        }
    }
}
