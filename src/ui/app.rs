//! The root component: controls, stage, group panel and narration.

use crate::i18n::study::St;
use crate::i18n::{narrate, Lang, Text};
use crate::model::consumer::ConsumerStatus;
use crate::model::protocol::Api;
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::model::sim::Action;
use crate::model::trace::{TraceEntry, TraceEvent};
use crate::ui::clock::{format_time, speed_label, Clock};
use crate::ui::stage::{self, shape_path, Selection, StageInput, CONSUMER_COLOURS};
use crate::ui::timeline;
use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

/// Speeds as (numerator, denominator): 0.25× … 16×.
pub const SPEEDS: [(u32, u32); 7] = [(1, 4), (1, 2), (1, 1), (2, 1), (4, 1), (8, 1), (16, 1)];
const DEFAULT_SPEED: usize = 2;
const LANG_KEY: &str = "groupscope.lang";
const NARRATION_ROWS: usize = 14;

#[derive(Clone)]
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
    Select(Selection),
    Draft(Field, String),
    ApplyConsumerConfig(String),
    ApplyGroupChange(String),
    ApplyProducer(String),
    Key(KeyboardEvent),
    DismissNotice,
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
    ToggleHelp,
    CloseOverlays,
    Filter(Filter),
    LedgerPick(crate::model::cluster::TopicPartition, u64),
    LedgerPage(usize),
    /// Tell the story of the offset typed in the ledger's lookup form.
    LedgerLookup,
    LaneHeartbeats,
    LaneFetches,
    LoadPreset(String),
    ShowGroup(String),
    SetMode(Mode),
}

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
struct Draft {
    config: std::collections::BTreeMap<&'static str, String>,
    stall_seconds: Option<String>,
    assignor: Option<String>,
    remote_assignor: Option<String>,
    protocol: Option<String>,
    commit: Option<String>,
    rate: Option<String>,
    keys: Option<String>,
    /// Producer properties typed in the producer inspector.
    producer_props: std::collections::BTreeMap<&'static str, String>,
    lookup_partition: Option<String>,
    lookup_offset: Option<String>,
    /// Why the ledger lookup was refused.
    lookup_error: Option<String>,
    /// Why the last apply was refused (or that nothing changed).
    message: Option<String>,
}

/// While playing, the side panels are redrawn at most this often (wall ms); any user action
/// redraws them at once.
const PANEL_REFRESH_MS: f64 = 200.0;

/// Partitions per ledger page.
const LEDGER_PAGE: usize = 16;

/// A rolling restart redeploys one consumer every this many ms.
const ROLLING_GAP_MS: u64 = 8_000;

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
    const ALL: [Filter; 5] = [Filter::All, Filter::Group, Filter::Commits, Filter::Producers, Filter::Errors];
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
    fn keeps(self, event: &TraceEvent) -> bool {
        let commit = matches!(
            event,
            TraceEvent::CommitSent { .. } | TraceEvent::CommitStored { .. } | TraceEvent::CommitFailed { .. }
        ) || matches!(
            event,
            TraceEvent::RequestSent { api: Api::OffsetCommit, .. } | TraceEvent::ResponseReceived { api: Api::OffsetCommit, .. }
        );
        match self {
            Filter::All => true,
            Filter::Commits => commit,
            Filter::Group => !commit && crate::i18n::is_protocol_event(event) && !crate::i18n::is_producer_event(event),
            Filter::Producers => crate::i18n::is_producer_event(event) && !matches!(event, TraceEvent::HighWatermarkAdvanced { .. }),
            Filter::Errors => matches!(
                event,
                TraceEvent::ResponseReceived { error: Some(_), .. }
                    | TraceEvent::CommitFailed { .. }
                    | TraceEvent::ConsumerFailed { .. }
                    | TraceEvent::ConsumerCrashed { .. }
                    | TraceEvent::MemberRemoved { .. }
                    | TraceEvent::PollTimeoutExpired { .. }
                    | TraceEvent::BatchSkipped { .. }
                    | TraceEvent::ProduceRejected { .. }
                    | TraceEvent::BatchRetrying { .. }
                    | TraceEvent::BatchFailed { .. }
                    | TraceEvent::ProduceResponseDropped { .. }
                    | TraceEvent::SendBlocked { .. }
                    | TraceEvent::BrokerKilled { .. }
                    | TraceEvent::BrokerFenced { .. }
                    | TraceEvent::IsrChanged { removed: Some(_), .. }
                    | TraceEvent::PartitionLeaderElected { leader: None, .. }
                    | TraceEvent::PartitionLeaderElected { unclean: true, .. }
                    | TraceEvent::RecordsTruncated { .. }
                    | TraceEvent::LogTruncationDetected { .. }
                    | TraceEvent::TxnTimedOut { .. }
                    | TraceEvent::TxnFenced { .. }
            ),
        }
    }
}

/// Which view the app shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Simulate,
    Compare,
    Explain,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Simulate, Mode::Compare, Mode::Explain];
    fn code(self) -> &'static str {
        match self {
            Mode::Simulate => "simulate",
            Mode::Compare => "compare",
            Mode::Explain => "explain",
        }
    }
    fn label(self) -> St {
        match self {
            Mode::Simulate => St::ModeSimulate,
            Mode::Compare => St::ModeCompare,
            Mode::Explain => St::ModeExplain,
        }
    }
}

pub struct App {
    mode: Mode,
    /// `?compare=` (opens that comparison the first time compare mode is shown).
    compare_preset: Option<String>,
    /// A `?mode=` value we could not use.
    rejected_mode: Option<String>,
    session: Session,
    group_id: String,
    lang: Lang,
    clock: Clock,
    reduced_motion: bool,
    selected: Option<Selection>,
    draft: Draft,
    /// A `?lang=` value we could not use (shown until dismissed).
    rejected_lang: Option<String>,
    /// A `?preset=` value that names no bundled scenario (shown until dismissed).
    rejected_preset: Option<String>,
    help_open: bool,
    filter: Filter,
    ledger_pick: Option<(crate::model::cluster::TopicPartition, u64)>,
    /// Which page of partitions the ledger shows (LEDGER_PAGE partitions each).
    ledger_page: usize,
    lane: crate::ui::lane::LaneOptions,
    preset: String,
    /// The charts' series, folded from the trace as it grows; started over when the trace is
    /// cut back (`Session::rewinds`), the shown group changes or a preset loads.
    series: std::cell::RefCell<Option<(u64, crate::model::metrics::GroupSeries)>>,
    /// Version of the side panels (see `ui::frozen`), when it last changed (wall ms) and the
    /// version last built.
    panels_version: u64,
    panels_refreshed_ms: f64,
    panels_built: std::cell::Cell<u64>,
    /// Thin partition rows' versions (see `stage::thin_row`).
    row_versions: std::cell::RefCell<std::collections::BTreeMap<crate::model::cluster::TopicPartition, u64>>,
    row_structure: std::cell::Cell<Option<(bool, usize, usize, usize)>>,
    marker_versions: std::cell::RefCell<std::collections::BTreeMap<crate::model::cluster::TopicPartition, u64>>,
    _keys: Option<EventListener>,
}

/// A query parameter of the page's URL.
fn url_param(name: &str) -> Option<String> {
    let search = gloo::utils::window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
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
        | TraceEvent::FetchReceived { .. }
        // Per-request flow: shown only by the producers filter.
        | TraceEvent::ProduceSent { .. }
        | TraceEvent::BatchAcked { .. }
        | TraceEvent::HighWatermarkAdvanced { .. } => false,
        TraceEvent::RequestSent { api, .. } => !matches!(api, Api::Heartbeat | Api::OffsetCommit | Api::Fetch),
        TraceEvent::ResponseReceived { api, error, .. } => !(matches!(api, Api::Heartbeat | Api::OffsetCommit) && error.is_none()),
        _ => true,
    }
}

impl App {
    fn speed_factor(&self) -> f64 {
        let (n, d) = SPEEDS[self.clock.speed];
        n as f64 / d as f64
    }

    fn duration_ms(&self) -> u64 {
        self.session.scenario().duration_ms
    }

    fn view_ms(&self) -> u64 {
        self.clock.ms()
    }

    fn pause(&mut self) {
        self.clock.pause();
    }

    /// After stepping, the UI clock shows the time of the event just processed.
    fn sync_view_to_sim(&mut self) {
        self.clock.view_ms = self.session.sim.now_ms() as f64;
    }

    fn act(&mut self, action: Action) {
        let now = self.view_ms();
        self.session.act(now, action);
        self.session.run_until(now);
    }

    /// The selected consumer's live state and every action on it.
    fn inspector(&self, ctx: &Context<Self>, c: &crate::model::consumer::Consumer) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let view_ms = self.view_ms();
        let running = c.status == ConsumerStatus::Running && !c.close_requested;
        let id = c.id().to_string();
        let status = match c.status {
            ConsumerStatus::Crashed => Text::StatusCrashed.get(lang),
            ConsumerStatus::Closed => Text::StatusClosed.get(lang),
            ConsumerStatus::Failed => Text::StatusFailed.get(lang),
            ConsumerStatus::Running if c.frozen_until_ms > view_ms => Text::StatusFrozen.get(lang),
            ConsumerStatus::Running if c.stall.is_some() => Text::StatusStalled.get(lang),
            ConsumerStatus::Running => match c.member_state {
                crate::model::consumer::MemberState::Unjoined => Text::MemberUnjoined.get(lang),
                crate::model::consumer::MemberState::Joining => Text::MemberJoining.get(lang),
                crate::model::consumer::MemberState::AwaitingSync => Text::MemberSyncing.get(lang),
                crate::model::consumer::MemberState::Stable => Text::MemberStable.get(lang),
            },
        };
        let protocol = match c.group_protocol {
            crate::model::config::GroupProtocol::Consumer => "consumer (KIP-848)".to_string(),
            crate::model::config::GroupProtocol::Classic => format!("classic · {:?}", c.protocol).to_lowercase(),
        };
        let positions: Vec<Html> = c
            .assigned
            .iter()
            .filter(|_| c.is_running())
            .map(|tp| {
                let position = c.positions.get(tp).map_or("–".to_string(), ToString::to_string);
                let lag = c.partition_lag(tp).map_or("–".to_string(), |l| l.to_string());
                html! { <li>{ format!("{tp} @ {position} · {} {lag}", Text::LagShort.get(lang)) }</li> }
            })
            .collect();
        let since_poll = view_ms.saturating_sub(c.last_poll_ms);
        let button = |testid: &str, label: Text, enabled: bool, msg: Msg| {
            html! { <button class="small" data-testid={testid.to_string()} disabled={!enabled}
            onclick={link.callback(move |_| msg.clone())}>{ label.get(lang) }</button> }
        };
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {id}", Text::Inspector.get(lang))}>
                <h2>{ format!("{} · {} {id}", Text::Inspector.get(lang), Text::ConsumerWord.get(lang)) }</h2>
                <dl>
                    <dt>{ Text::State.get(lang) }</dt><dd data-testid="inspector-status">{ status }</dd>
                    <dt>{ Text::MemberId.get(lang) }</dt><dd class="mono">{ if c.member_id.is_empty() { "–".to_string() } else { c.member_id.clone() } }</dd>
                    <dt>{ Text::Generation.get(lang) }</dt><dd>{ c.generation }</dd>
                    <dt>{ Text::GroupProtocol.get(lang) }</dt><dd>{ protocol }</dd>
                    <dt>{ Text::CommitMode.get(lang) }</dt><dd>{ c.spec.commit.name() }</dd>
                    <dt>{ Text::ProcessingTime.get(lang) }</dt><dd>{ format!("{} ms", c.spec.processing_ms_per_record) }</dd>
                    <dt>{ Text::LastPoll.get(lang) }</dt><dd>{ if c.is_running() { format_time(since_poll) } else { "–".to_string() } }</dd>
                    <dt>{ Text::Assigned.get(lang) }</dt><dd><ul class="positions">{ for positions }</ul></dd>
                </dl>
                <div class="actions">
                    { button("insp-crash", Text::Crash, running, Msg::Crash(id.clone())) }
                    { button("insp-close", Text::Close, running, Msg::Close(id.clone())) }
                    if c.stall.is_some() {
                        { button("insp-resume", Text::ResumeAction, running, Msg::Resume(id.clone())) }
                    } else {
                        { button("insp-stall", Text::StallAction, running, Msg::Stall(id.clone())) }
                    }
                    { button("insp-gc", Text::GcPauseAction, running && c.frozen_until_ms <= view_ms, Msg::GcPause(id.clone())) }
                    { button("insp-restart", Text::RestartAction, running, Msg::Restart(id.clone())) }
                    { button("insp-dismiss", Text::CloseInspector, true, Msg::CloseOverlays) }
                </div>
                <div class="form-grid">
                    <label for="insp-stall-seconds">{ Text::StallSeconds.get(lang) }</label>
                    <input id="insp-stall-seconds" data-testid="insp-stall-seconds" inputmode="numeric" size="5"
                        value={self.draft.stall_seconds.clone().unwrap_or_else(|| "10".to_string())}
                        oninput={link.callback(|e: InputEvent| Msg::Draft(Field::StallSeconds, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                </div>
                { self.form_message() }
                { self.config_editor(ctx, c) }
            </section>
        }
    }

    /// The message under an inspector's forms (a refused apply), announced politely.
    fn form_message(&self) -> Html {
        match &self.draft.message {
            Some(m) => html! { <p class="form-message" role="status" data-testid="inspector-message">{ m.clone() }</p> },
            None => html! {},
        }
    }

    /// Kafka properties for the config editor: every supported one with its current value (an
    /// input), its default and how the default changed across versions.
    fn config_editor(&self, ctx: &Context<Self>, c: &crate::model::consumer::Consumer) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let id = c.id().to_string();
        let kip848 = c.group_protocol == crate::model::config::GroupProtocol::Consumer;
        let rows = crate::model::config::CONSUMER_CONFIGS.iter().map(|spec| {
            let name = spec.name;
            let current = c.spec.config.property(name).unwrap_or_default();
            let value = self.draft.config.get(name).cloned().unwrap_or_else(|| current.clone());
            let history = match lang {
                Lang::Ko => spec.history_ko,
                Lang::En => spec.history_en,
            };
            let changed = value != current;
            let oninput = link.callback(move |e: InputEvent| {
                let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
                Msg::Draft(Field::Config(name), input.value())
            });
            let unused = kip848 && crate::model::config::CLASSIC_ONLY_CONFIGS.contains(&name);
            let default = if spec.default.is_empty() { "\"\"" } else { spec.default };
            html! {
                <div class={if changed { "cfg-row changed" } else { "cfg-row" }}>
                    <label for={format!("cfg-{name}")} class="mono">{ name }</label>
                    <input id={format!("cfg-{name}")} data-testid={format!("cfg-{name}")} value={value} oninput={oninput} />
                    <span class="cfg-note">
                        { format!("{} {default}", Text::ConfigDefault.get(lang)) }
                        if !history.is_empty() { { format!(" · {history}") } }
                        if unused { { format!(" · {}", Text::ConfigUnusedKip848.get(lang)) } }
                    </span>
                </div>
            }
        });
        html! {
            <details class="config-editor" data-testid="config-editor">
                <summary>{ Text::ConfigEditor.get(lang) }</summary>
                <div class="cfg-rows">{ for rows }</div>
                <p class="small muted">{ Text::RedeployNote.get(lang) }</p>
                <button class="small" data-testid="insp-apply-config" disabled={!c.is_running()}
                    onclick={link.callback(move |_| Msg::ApplyConsumerConfig(id.clone()))}>{ Text::RestartWithSettings.get(lang) }</button>
            </details>
        }
    }

    /// A group's state, members and the settings every member shares, with a rolling change.
    fn group_inspector(&self, ctx: &Context<Self>, group_id: &str) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = &self.session.sim;
        let g = &sim.world.groups[group_id];
        let c = &g.coordinator;
        let members = sim.running_members(group_id);
        let classic = c.protocol_kind == crate::model::config::GroupProtocol::Classic;
        let first = members.first().map(|m| m.spec.clone());
        let current = |name: &str| first.as_ref().and_then(|s| s.config.property(name)).unwrap_or_default();
        let assignor_in_use = if classic {
            c.protocol.clone().unwrap_or_else(|| "–".to_string())
        } else {
            match current("group.remote.assignor").as_str() {
                "null" => format!("uniform ({})", Text::ConfigDefault.get(lang)),
                other => other.to_string(),
            }
        };
        let target_protocol = self.draft.protocol.clone().unwrap_or_else(|| current("group.protocol"));
        let select = |testid: &str, field: Field, options: &[&str], chosen: String| {
            let onchange = link.callback(move |e: Event| {
                let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
                Msg::Draft(field.clone(), select.value())
            });
            html! {
                <select data-testid={testid.to_string()} onchange={onchange}>
                    { for options.iter().map(|o| html! { <option value={o.to_string()} selected={*o == chosen}>{ *o }</option> }) }
                </select>
            }
        };
        const STRATEGIES: [&str; 6] = [
            "range,cooperative-sticky",
            "range",
            "roundrobin",
            "sticky",
            "cooperative-sticky",
            "cooperative-sticky,range",
        ];
        let commit_names: Vec<&str> = crate::model::scenario::CommitMode::ALL.iter().map(|m| m.name()).collect();
        let gid = group_id.to_string();
        let committed: Vec<Html> = c.committed.iter().map(|(tp, o)| html! { <li>{ format!("{tp} → {o}") }</li> }).collect();
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {group_id}", Text::Inspector.get(lang))}>
                <h2>{ format!("{} · {} {group_id}", Text::Inspector.get(lang), Text::Group.get(lang)) }</h2>
                <dl>
                    <dt>{ Text::State.get(lang) }</dt><dd data-testid="inspector-status">{ c.state.name() }</dd>
                    <dt>{ Text::GroupProtocol.get(lang) }</dt><dd>{ if classic { "classic" } else { "consumer (KIP-848)" } }</dd>
                    <dt>{ if classic { Text::Generation.get(lang) } else { Text::GroupEpoch.get(lang) } }</dt><dd>{ c.generation }</dd>
                    <dt>{ Text::AssignorInUse.get(lang) }</dt><dd data-testid="inspector-assignor">{ assignor_in_use }</dd>
                    <dt></dt><dd><button class="small" data-testid="btn-explain-group" disabled={members.is_empty()}
                        onclick={link.callback(|_| Msg::SetMode(Mode::Explain))}>{ St::ExplainThis.get(lang) }</button></dd>
                    <dt>{ Text::Coordinator.get(lang) }</dt><dd>{ format!("{} {} · __consumer_offsets-{}", Text::Broker.get(lang), c.broker, sim.world.cluster.offsets_partition(group_id)) }</dd>
                    <dt>{ Text::Members.get(lang) }</dt><dd>{ members.iter().map(|m| m.id().to_string()).collect::<Vec<_>>().join(", ") }</dd>
                    <dt>{ Text::Committed.get(lang) }</dt><dd><ul class="positions">{ for committed }</ul></dd>
                </dl>
                <h3>{ Text::RollingChange.get(lang) }</h3>
                <div class="form-grid">
                    <label class="mono">{ "group.protocol" }</label>
                    { select("insp-protocol", Field::Protocol, &["classic", "consumer"], target_protocol.clone()) }
                    if target_protocol == "classic" {
                        <label class="mono">{ "partition.assignment.strategy" }</label>
                        { select("insp-assignor", Field::Assignor, &STRATEGIES, self.draft.assignor.clone().unwrap_or_else(|| current("partition.assignment.strategy"))) }
                    } else {
                        <label class="mono">{ "group.remote.assignor" }</label>
                        { select("insp-remote-assignor", Field::RemoteAssignor, &["uniform", "range"], self.draft.remote_assignor.clone().unwrap_or_else(|| if current("group.remote.assignor") == "range" { "range".into() } else { "uniform".into() })) }
                    }
                    <label>{ Text::CommitMode.get(lang) }</label>
                    { select("insp-commit", Field::Commit, &commit_names, self.draft.commit.clone().unwrap_or_else(|| first.as_ref().map_or("auto", |s| s.commit.name()).to_string())) }
                </div>
                <p class="small muted">{ Text::RollingNote.get(lang) }</p>
                if target_protocol != current("group.protocol") {
                    <p class="small muted" data-testid="insp-protocol-note">{ Text::ProtocolChangeNote.get(lang) }</p>
                }
                { self.form_message() }
                <div class="actions">
                    <button class="small" data-testid="insp-apply-group" disabled={members.is_empty()}
                        onclick={link.callback(move |_| Msg::ApplyGroupChange(gid.clone()))}>{ Text::ApplyRolling.get(lang) }</button>
                    <button class="small" data-testid="insp-add-consumer" onclick={link.callback(|_| Msg::AddConsumer)}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }

    /// A topic's partitions: leader, log start, high watermark, log end and each group's
    /// committed offset.
    fn topic_inspector(&self, ctx: &Context<Self>, topic: &str) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = &self.session.sim;
        let groups: Vec<&String> = sim.world.groups.keys().collect();
        let rows = sim.world.cluster.partitions_of(&[topic.to_string()]).into_iter().map(|tp| {
            let log = sim.world.cluster.log(&tp);
            let committed = groups.iter().map(|g| {
                let c = sim.world.groups[*g].coordinator.committed.get(&tp).map_or("–".to_string(), ToString::to_string);
                html! { <td>{ c }</td> }
            });
            let leader = log.and_then(|l| l.leader).map_or_else(|| "⚠ –".to_string(), |b| format!("B{b}"));
            let replicas = log.map_or_else(String::new, |l| {
                l.replicas
                    .iter()
                    .map(|b| {
                        if l.leader == Some(*b) {
                            format!("{b}★")
                        } else if l.isr.contains(b) {
                            b.to_string()
                        } else {
                            format!("✕{b}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            html! {
                <tr>
                    <th scope="row">{ format!("P{}", tp.partition) }</th>
                    <td>{ leader }</td>
                    <td class="mono">{ replicas }</td>
                    <td>{ log.map_or(0, |l| l.log_start_offset) }</td>
                    <td>{ log.map_or(0, |l| l.last_stable_offset()) }</td>
                    <td>{ log.map_or(0, |l| l.high_watermark) }</td>
                    <td>{ log.map_or(0, |l| l.log_end_offset()) }</td>
                    { for committed }
                </tr>
            }
        });
        let t = topic.to_string();
        let ended = self.view_ms() >= self.duration_ms();
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {topic}", Text::Inspector.get(lang))}>
                <h2>{ format!("{} · {} {topic}", Text::Inspector.get(lang), Text::Topic.get(lang)) }</h2>
                <table class="mini" data-testid="inspector-partitions">
                    <caption class="small">{ Text::TopicTableCaption.get(lang) }</caption>
                    <thead><tr><th>{ "P" }</th><th>{ Text::Leader.get(lang) }</th><th>{ Text::Replicas.get(lang) }</th><th>{ "log start" }</th>
                        <th>{ "LSO" }</th><th>{ "HW" }</th><th>{ "LEO" }</th>
                        { for groups.iter().map(|g| html! { <th>{ format!("C: {g}") }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="small muted">{ Text::TopicReplicationNote.get(lang) }</p>
                <div class="actions">
                    <button class="small" data-testid="insp-add-partition" disabled={ended}
                        onclick={link.callback(move |_| Msg::AddPartition(t.clone()))}>{ format!("＋ {}", Text::AddPartition.get(lang)) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }

    /// A producer's rate, keys and partitioner, with a form to change rate and keys.
    fn producer_inspector(&self, ctx: &Context<Self>, p: &crate::model::producer::Producer) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let id = p.spec.id.clone();
        let keys_now = p.spec.keys.as_ref().map(|k| k.join(", ")).unwrap_or_default();
        let rate = self.draft.rate.clone().unwrap_or_else(|| p.spec.records_per_sec.to_string());
        let keys = self.draft.keys.clone().unwrap_or_else(|| keys_now.clone());
        let round_robin = p.config.partitioner == crate::model::partitioner::PartitionerKind::RoundRobin;
        let partitioner = if p.spec.partition.is_some() {
            Text::PartitionerExplicit.get(lang)
        } else if round_robin {
            Text::PartitionerRoundRobin.get(lang)
        } else {
            Text::PartitionerText.get(lang)
        };
        let show_sticky = p.spec.partition.is_none() && !round_robin && (p.spec.keys.is_none() || p.config.ignore_keys);
        let ended = self.view_ms() >= self.duration_ms();
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {id}", Text::Inspector.get(lang))}>
                <h2>{ format!("{} · {} {id}", Text::Inspector.get(lang), Text::Producer.get(lang)) }</h2>
                <dl>
                    <dt>{ Text::Topic.get(lang) }</dt><dd>{ p.spec.topic.clone() }</dd>
                    <dt>{ Text::Rate.get(lang) }</dt><dd data-testid="inspector-rate">{ p.spec.records_per_sec }</dd>
                    <dt>{ Text::Sent.get(lang) }</dt><dd>{ p.sent }</dd>
                    <dt>{ Text::KeysLabel.get(lang) }</dt><dd class="wrap">{ if keys_now.is_empty() { "null".to_string() } else { keys_now } }</dd>
                    <dt>{ Text::Partitioner.get(lang) }</dt><dd class="normal" data-testid="inspector-partitioner">{ partitioner }</dd>
                    <dt class="mono">{ "batch.size" }</dt><dd>{ p.config.batch_size }</dd>
                    if p.config.ignore_keys { <dt class="mono">{ "partitioner.ignore.keys" }</dt><dd>{ "true" }</dd> }
                    if let Some(sticky) = p.partitioning.sticky.filter(|_| show_sticky) {
                        <dt>{ Text::StickyNow.get(lang) }</dt>
                        <dd data-testid="inspector-sticky">{ format!("{}-{sticky} · {} / {} bytes", p.spec.topic, p.partitioning.produced_bytes, p.config.sticky_batch_size()) }</dd>
                    }
                    { for ["acks", "enable.idempotence", "linger.ms", "compression.type", "max.in.flight.requests.per.connection", "retries", "delivery.timeout.ms", "request.timeout.ms", "buffer.memory", "transactional.id"].into_iter().map(|name| html! {
                        <><dt class="mono">{ name }</dt><dd data-testid={format!("inspector-{name}")}>{ p.config.property(name).unwrap_or_default() }</dd></>
                    }) }
                    if let Some((pid, epoch)) = p.producer_id {
                        <dt>{ Text::ProducerIdLabel.get(lang) }</dt><dd>{ format!("{pid} / {epoch}") }</dd>
                    }
                    if p.is_transactional() {
                        <dt>{ Text::TxnPhaseLabel.get(lang) }</dt>
                        <dd data-testid="inspector-txn">{ format!("{} · ✓{} ✗{}", txn_phase(p.txn.phase, lang), p.txn.committed, p.txn.aborted) }</dd>
                    }
                </dl>
                <h3 class="small">{ Text::ProducerStatsHeading.get(lang) }</h3>
                <dl data-testid="inspector-producer-stats">
                    <dt>{ Text::Acknowledged.get(lang) }</dt><dd>{ p.stats.acknowledged }</dd>
                    <dt>{ Text::FailedRecords.get(lang) }</dt><dd class={if p.stats.failed > 0 { "bad" } else { "" }}>{ p.stats.failed }</dd>
                    <dt>{ Text::Retries.get(lang) }</dt><dd>{ p.stats.retries }</dd>
                    <dt>{ Text::DuplicatesWritten.get(lang) }</dt><dd data-testid="inspector-duplicates" class={if p.stats.duplicates_written > 0 { "bad" } else { "" }}>{ p.stats.duplicates_written }</dd>
                    <dt>{ Text::AckedLost.get(lang) }</dt><dd data-testid="inspector-acked-lost" class={if p.stats.acknowledged_lost > 0 { "bad" } else { "" }}>{ p.stats.acknowledged_lost }</dd>
                    if p.config.acks == crate::model::producer_config::Acks::Zero {
                        <dt>{ Text::FireAndForgetLost.get(lang) }</dt><dd class={if p.stats.fire_and_forget_lost > 0 { "bad" } else { "" }}>{ p.stats.fire_and_forget_lost }</dd>
                    }
                </dl>
                <div class="form-grid">
                    <label for="insp-rate">{ Text::Rate.get(lang) }</label>
                    <input id="insp-rate" data-testid="insp-rate" inputmode="numeric" value={rate} size="6"
                        oninput={link.callback(|e: InputEvent| Msg::Draft(Field::Rate, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <label for="insp-keys">{ Text::KeysEdit.get(lang) }</label>
                    <input id="insp-keys" data-testid="insp-keys" value={keys} size="24"
                        oninput={link.callback(|e: InputEvent| Msg::Draft(Field::Keys, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    { for [
                        ("partitioner.class", vec!["null", crate::model::partitioner::ROUND_ROBIN_CLASS]),
                        ("partitioner.ignore.keys", vec!["false", "true"]),
                        ("acks", vec!["all", "1", "0"]),
                        ("enable.idempotence", vec!["true", "false"]),
                        ("compression.type", vec!["none", "gzip", "snappy", "lz4", "zstd"]),
                    ].into_iter().map(|(name, options)| {
                        let now = p.config.property(name).unwrap_or_default();
                        let chosen = self.draft.producer_props.get(name).cloned().unwrap_or(now);
                        html! { <>
                            <label class="mono" for={format!("insp-{name}")}>{ name }</label>
                            <select id={format!("insp-{name}")} data-testid={format!("insp-{name}")}
                                onchange={link.callback(move |e: Event| Msg::Draft(Field::ProducerProperty(name), e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                                { for options.into_iter().map(|o| html! { <option value={o} selected={o == chosen}>{ o.rsplit('.').next().unwrap_or(o) }</option> }) }
                            </select>
                        </> }
                    }) }
                    { for ["batch.size", "linger.ms", "max.in.flight.requests.per.connection"].into_iter().map(|name| html! { <>
                        <label class="mono" for={format!("insp-{name}")}>{ name }</label>
                        <input id={format!("insp-{name}")} data-testid={format!("insp-{name}")} inputmode="numeric" size="8"
                            value={self.draft.producer_props.get(name).cloned().unwrap_or_else(|| p.config.property(name).unwrap_or_default())}
                            oninput={link.callback(move |e: InputEvent| Msg::Draft(Field::ProducerProperty(name), e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    </> }) }
                </div>
                <p class="small muted">{ Text::ProducerReplaceNote.get(lang) }</p>
                { self.form_message() }
                <div class="actions">
                    <button class="small" data-testid="insp-drop-response" disabled={ended} onclick={link.callback({ let id = id.clone(); move |_| Msg::DropResponse(id.clone()) })}>{ Text::DropResponse.get(lang) }</button>
                    // A consume-transform-produce producer's transactions are its consumer's.
                    if p.is_transactional() && p.consumer.is_none() {
                        <button class="small" data-testid="insp-begin-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::Ready}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Txn(id.clone(), None) })}>{ Text::BeginTxn.get(lang) }</button>
                        <button class="small" data-testid="insp-commit-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::InTransaction}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Txn(id.clone(), Some(true)) })}>{ Text::CommitTxn.get(lang) }</button>
                        <button class="small" data-testid="insp-abort-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::InTransaction}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Txn(id.clone(), Some(false)) })}>{ Text::AbortTxn.get(lang) }</button>
                    }
                </div>
                <div class="actions">
                    <button class="small" data-testid="insp-apply-producer" onclick={link.callback(move |_| Msg::ApplyProducer(id.clone()))}>{ Text::Apply.get(lang) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }

    /// A broker: the partitions it leads and follows, the groups it coordinates; kill / restart.
    fn broker_inspector(&self, ctx: &Context<Self>, broker: u32) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let sim = &self.session.sim;
        let topics: Vec<String> = sim.world.cluster.topics.keys().cloned().collect();
        let led: Vec<String> = sim
            .world
            .cluster
            .partitions_of(&topics)
            .into_iter()
            .filter(|tp| sim.world.cluster.leader_of(tp) == Some(broker))
            .map(|tp| tp.to_string())
            .collect();
        let groups: Vec<String> = sim
            .world
            .groups
            .iter()
            .filter(|(_, g)| g.coordinator.broker == broker)
            .map(|(id, _)| format!("{id} (__consumer_offsets-{})", sim.world.cluster.offsets_partition(id)))
            .collect();
        let follows: Vec<String> = sim
            .world
            .cluster
            .partitions_of(&topics)
            .into_iter()
            .filter_map(|tp| {
                let log = sim.world.cluster.log(&tp)?;
                (log.replicas.contains(&broker) && log.leader != Some(broker))
                    .then(|| if log.isr.contains(&broker) { tp.to_string() } else { format!("✕{tp}") })
            })
            .collect();
        let up = sim.world.cluster.is_up(broker);
        let paused = sim.world.cluster.replication_paused.get(&broker).is_some_and(|until| *until > sim.now_ms());
        let state = if up && paused {
            Text::ReplicationPausedLong.get(lang)
        } else if up {
            Text::BrokerUp.get(lang)
        } else if sim.world.cluster.fenced.contains(&broker) {
            Text::BrokerFencedLong.get(lang)
        } else {
            Text::BrokerDownLong.get(lang)
        };
        let ended = self.view_ms() >= self.duration_ms();
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {} {broker}", Text::Inspector.get(lang), Text::Broker.get(lang))}>
                <h2>{ format!("{} · {} {broker}", Text::Inspector.get(lang), Text::Broker.get(lang)) }</h2>
                <dl>
                    <dt>{ Text::BrokerState.get(lang) }</dt><dd class={if up { "normal" } else { "normal bad" }} data-testid="inspector-broker-state">{ state }</dd>
                    <dt>{ Text::FollowsPartitions.get(lang) }</dt><dd class="wrap" data-testid="inspector-follows">{ if follows.is_empty() { "–".to_string() } else { follows.join(", ") } }</dd>
                    <dt>{ Text::LeadsPartitions.get(lang) }</dt><dd class="wrap" data-testid="inspector-led">{ if led.is_empty() { "–".to_string() } else { led.join(", ") } }</dd>
                    <dt>{ Text::CoordinatesGroups.get(lang) }</dt><dd class="wrap" data-testid="inspector-coordinates">{ if groups.is_empty() { "–".to_string() } else { groups.join(", ") } }</dd>
                </dl>
                <p class="small muted">{ Text::BrokerNote.get(lang) }</p>
                <div class="actions">
                    if up {
                        <button class="small danger" data-testid="insp-kill-broker" disabled={ended} onclick={link.callback(move |_| Msg::KillBroker(broker))}>{ Text::KillBroker.get(lang) }</button>
                        <button class="small" data-testid="insp-pause-replication" disabled={ended} onclick={link.callback(move |_| Msg::PauseReplication(broker))}>{ Text::PauseReplication.get(lang) }</button>
                    } else {
                        <button class="small" data-testid="insp-restart-broker" disabled={ended} onclick={link.callback(move |_| Msg::RestartBroker(broker))}>{ Text::RestartBroker.get(lang) }</button>
                    }
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }

    /// The ledger's lookup form: any offset of any partition the shown group reads, also
    /// those scrolled out of the ledger's window.
    /// The partitions the ledger lookup offers, and the one it uses: the one chosen if the shown
    /// group reads it, else the first.
    fn lookup_partitions(&self) -> (Vec<crate::model::cluster::TopicPartition>, Option<crate::model::cluster::TopicPartition>) {
        let sim = &self.session.sim;
        let partitions = sim.world.cluster.partitions_of(&sim.group_topics(&self.group_id));
        let chosen = self
            .draft
            .lookup_partition
            .as_deref()
            .and_then(crate::model::cluster::TopicPartition::parse)
            .filter(|tp| partitions.contains(tp))
            .or_else(|| partitions.first().cloned());
        (partitions, chosen)
    }

    fn ledger_lookup(&mut self) {
        let text = self.draft.lookup_offset.clone().unwrap_or_default();
        let Some(tp) = self.lookup_partitions().1 else { return };
        let sim = &self.session.sim;
        let end = sim.world.cluster.log(&tp).map_or(0, |l| l.log_end_offset());
        if end == 0 {
            self.draft.lookup_error = Some(match self.lang {
                Lang::Ko => format!("{tp}에는 아직 레코드가 없습니다"),
                Lang::En => format!("{tp} has no records yet"),
            });
            return;
        }
        match text.trim().parse::<u64>() {
            Ok(offset) if offset < end => {
                self.draft.lookup_error = None;
                self.ledger_pick = Some((tp, offset));
            }
            _ => {
                self.draft.lookup_error = Some(match self.lang {
                    Lang::Ko => format!("'{text}': {tp}에는 0부터 {}까지의 offset이 있습니다", end.saturating_sub(1)),
                    Lang::En => format!("'{text}': {tp} has offsets 0 to {}", end.saturating_sub(1)),
                });
            }
        }
    }

    fn refuse(&mut self, detail: String) {
        self.draft.message = Some(format!("{}: {detail}", Text::SettingsRejected.get(self.lang)));
    }

    /// Redeploys one consumer with the config editor's values (only those that differ).
    fn apply_consumer_config(&mut self, id: &str) {
        let Some(c) = self.session.sim.world.consumers.get(id) else { return };
        let props: std::collections::BTreeMap<String, serde_json::Value> = self
            .draft
            .config
            .iter()
            .filter(|(name, value)| c.spec.config.property(name).as_deref() != Some(value.as_str()))
            .map(|(name, value)| (name.to_string(), serde_json::Value::String(value.trim().to_string())))
            .collect();
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
    fn apply_group_change(&mut self, group_id: &str) {
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
                // A protocol change restarts every member at once: the group empties and forms
                // again under the new protocol (Kafka's online migration is not modelled, and
                // mixing the two protocols in one group would be refused here).
                let gap_ms = if props.contains_key("group.protocol") { 0 } else { ROLLING_GAP_MS };
                for (i, spec) in specs.into_iter().enumerate() {
                    self.session.act(now + i as u64 * gap_ms, Action::Redeploy { consumer: spec });
                }
                self.session.run_until(now);
                self.draft = Draft::default();
            }
            Err(e) => self.refuse(e),
        }
    }

    /// Changes a producer's rate and keys from now on.
    fn apply_producer(&mut self, id: &str) {
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
            .collect();
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

    /// The delivery ledger of the shown group: the latest offsets of each partition coloured by
    /// how often they were processed (a number or ✕ as the second cue); a click tells the
    /// offset's story from the trace.
    fn ledger(&self, ctx: &Context<Self>) -> Html {
        const SHOWN: u64 = 48;
        let lang = self.lang;
        let sim = &self.session.sim;
        let Some(group) = sim.world.groups.get(&self.group_id) else { return html! {} };
        let all = sim.world.cluster.partitions_of(&sim.group_topics(&self.group_id));
        // Many partitions are shown a page at a time (a few hundred cells, not thousands).
        let pages = all.len().div_ceil(LEDGER_PAGE).max(1);
        let page = self.ledger_page.min(pages - 1);
        let first = page * LEDGER_PAGE;
        let last = (first + LEDGER_PAGE).min(all.len());
        let pager = if pages > 1 {
            let link = ctx.link();
            let label = format!("P{}–P{} / {}", first, last.saturating_sub(1), all.len());
            html! {
                <p class="ledger-pager small">
                    <button class="small" data-testid="ledger-page-prev" disabled={page == 0} aria-label={Text::PreviousPage.get(lang)}
                        onclick={link.callback(move |_| Msg::LedgerPage(page.saturating_sub(1)))}>{ "‹" }</button>
                    <span data-testid="ledger-page">{ label }</span>
                    <button class="small" data-testid="ledger-page-next" disabled={page + 1 >= pages} aria-label={Text::NextPage.get(lang)}
                        onclick={link.callback(move |_| Msg::LedgerPage(page + 1))}>{ "›" }</button>
                </p>
            }
        } else {
            html! {}
        };
        let rows: Vec<Html> = all
            .into_iter()
            .skip(first)
            .take(last - first)
            .map(|tp| {
                let end = sim.world.cluster.log(&tp).map_or(0, |l| l.log_end_offset());
                let committed = group.coordinator.committed.get(&tp).copied().unwrap_or(0);
                let origin = group.ledger.partitions.get(&tp).and_then(|p| p.origin).unwrap_or(end);
                let cells: Vec<Html> = (end.saturating_sub(SHOWN)..end)
                    .map(|offset| {
                        let count = group.ledger.count(&tp, offset);
                        let (class, text) = match count {
                            // Markers (and aborted records for read_committed) are never given out.
                            0 if sim.never_delivered(&self.group_id, &tp, offset) => ("cell skipped", "–".to_string()),
                            0 if offset >= origin && offset < committed => ("cell lost", "✕".to_string()),
                            0 => ("cell pending", "·".to_string()),
                            1 => ("cell once", "1".to_string()),
                            n => ("cell dup", n.to_string()),
                        };
                        let picked = self.ledger_pick.as_ref() == Some(&(tp.clone(), offset));
                        let pick = (tp.clone(), offset);
                        html! {
                            <button class={if picked { format!("{class} picked") } else { class.to_string() }}
                                data-testid={format!("ledger-{}-{offset}", tp)} title={format!("{tp} offset {offset}")}
                                aria-label={format!("{tp} offset {offset}: {text}")}
                                onclick={ctx.link().callback(move |_| Msg::LedgerPick(pick.0.clone(), pick.1))}>{ text }</button>
                        }
                    })
                    .collect();
                // Totals over the whole partition, so nothing scrolled out of the window is hidden.
                let dups: u64 = group
                    .ledger
                    .partitions
                    .get(&tp)
                    .map_or(0, |p| p.counts.iter().map(|&c| c.saturating_sub(1) as u64).sum());
                let lost = sim.group_lost(&self.group_id, &tp);
                html! {
                    <div class="ledger-row"><span class="ledger-tp">{ format!("P{}", tp.partition) }</span>{ for cells }
                        <span class="ledger-total" data-testid={format!("ledger-total-{tp}")}>{ format!("2+:{dups} ✕:{lost}") }</span></div>
                }
            })
            .collect();
        let (lookup_partitions, lookup_selected) = self.lookup_partitions();
        let story = self
            .ledger_pick
            .as_ref()
            .map(|(tp, offset)| crate::i18n::offset_story(&sim.trace, &self.group_id, tp, *offset, lang));
        html! {
            <section class="card ledger" data-testid="ledger">
                <h2>{ Text::Ledger.get(lang) }</h2>
                <p class="small muted">{ Text::LedgerHint.get(lang) }</p>
                { pager }
                { for rows }
                <p class="ledger-legend small">
                    <span class="cell once">{ "1" }</span>{ Text::LedgerOnce.get(lang) }
                    <span class="cell dup">{ "2" }</span>{ Text::LedgerDuplicate.get(lang) }
                    <span class="cell lost">{ "✕" }</span>{ Text::LedgerLost.get(lang) }
                    <span class="cell pending">{ "·" }</span>{ Text::LedgerPending.get(lang) }
                    <span class="cell skipped">{ "–" }</span>{ Text::LedgerSkipped.get(lang) }
                </p>
                <form class="ledger-lookup small" onsubmit={ctx.link().callback(|e: SubmitEvent| { e.prevent_default(); Msg::LedgerLookup })}>
                    <label for="ledger-lookup-partition">{ Text::LookupLabel.get(lang) }</label>
                    <select id="ledger-lookup-partition" data-testid="ledger-lookup-partition"
                        onchange={ctx.link().callback(|e: Event| Msg::Draft(Field::LookupPartition, e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        { for lookup_partitions.iter().map(|tp| html! {
                            <option value={tp.to_string()} selected={Some(tp) == lookup_selected.as_ref()}>{ tp.to_string() }</option>
                        }) }
                    </select>
                    <input data-testid="ledger-lookup-offset" inputmode="numeric" size="6" aria-label="offset" placeholder="offset"
                        value={self.draft.lookup_offset.clone().unwrap_or_default()}
                        oninput={ctx.link().callback(|e: InputEvent| Msg::Draft(Field::LookupOffset, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <button class="small" type="submit" data-testid="ledger-lookup">{ Text::LookupButton.get(lang) }</button>
                </form>
                if let Some(error) = &self.draft.lookup_error {
                    <p class="form-message" role="status" data-testid="ledger-lookup-error">{ error.clone() }</p>
                }
                <p class="ledger-story" aria-live="polite" data-testid="ledger-story">{ story.unwrap_or_default() }</p>
            </section>
        }
    }

    /// The charts, with the series brought up to date with the trace first.
    fn charts(&self) -> Html {
        let sim = &self.session.sim;
        let mut cell = self.series.borrow_mut();
        let stale = cell
            .as_ref()
            .is_none_or(|(rewinds, s)| *rewinds != self.session.rewinds || s.group_id != self.group_id || s.folded() > sim.trace.len());
        if stale {
            let bucket_ms = crate::model::metrics::bucket_ms_for(self.duration_ms());
            let series = crate::model::metrics::GroupSeries::new(&self.group_id, sim.group_topics(&self.group_id), bucket_ms);
            *cell = Some((self.session.rewinds, series));
        }
        let (_, series) = cell.as_mut().expect("just filled");
        // Every event due up to the shown moment has run (run_until), so samples before it are
        // complete.
        series.update(&sim.trace, self.view_ms().max(sim.now_ms()));
        crate::ui::charts::render(sim, series, self.duration_ms(), self.view_ms(), self.lang)
    }

    /// Shows the exact state at `at_ms` (replaying from a snapshot when going back).
    fn seek(&mut self, at_ms: u64) {
        self.pause();
        let at_ms = at_ms.min(self.duration_ms());
        self.session.seek_ms(at_ms);
        self.clock.view_ms = at_ms as f64;
    }

    /// The next rebalance start after the current moment, simulating ahead if needed.
    fn next_rebalance_ms(&mut self) -> Option<u64> {
        let now = self.view_ms();
        let group = self.group_id.clone();
        if let Some(t) = timeline::rebalance_times(&self.session.sim.trace, &group).into_iter().find(|&t| t > now) {
            return Some(t);
        }
        let duration = self.duration_ms();
        // Bounded by the scenario's end: every step moves the clock or drains a finite queue.
        while self.session.sim.next_event_ms().is_some_and(|t| t <= duration) {
            let before = self.session.sim.trace.len();
            self.session.step_forward();
            let found = self.session.sim.trace[before..]
                .iter()
                .find(|e| e.at_ms > now && timeline::marker(e, &group) == Some(timeline::MarkerKind::Rebalance))
                .map(|e| e.at_ms);
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // `?preset=<id>` opens a bundled scenario; an unknown id is named in a notice.
        let asked = url_param("preset");
        let (preset, scenario, rejected_preset) = match asked.as_deref().map(|id| (id, Scenario::preset(id))) {
            Some((id, Some(scenario))) => (id.to_string(), scenario, None),
            Some((id, None)) => ("default".to_string(), Scenario::default_scenario(), Some(id.to_string())),
            None => ("default".to_string(), Scenario::default_scenario(), None),
        };
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
        let (mode, rejected_mode) = match url_param("mode") {
            None => (Mode::Simulate, None),
            Some(code) => match Mode::ALL.into_iter().find(|m| m.code() == code) {
                Some(mode) => (mode, None),
                None => (Mode::Simulate, Some(code)),
            },
        };
        App {
            mode,
            compare_preset: url_param("compare"),
            rejected_mode,
            session,
            group_id,
            lang,
            clock: Clock::new(DEFAULT_SPEED),
            reduced_motion: prefers_reduced_motion(),
            selected: None,
            draft: Draft::default(),
            rejected_lang,
            rejected_preset,
            help_open: false,
            filter: Filter::All,
            ledger_pick: None,
            ledger_page: 0,
            lane: crate::ui::lane::LaneOptions {
                heartbeats: false,
                fetches: false,
            },
            preset,
            series: std::cell::RefCell::new(None),
            panels_version: 0,
            panels_refreshed_ms: 0.0,
            panels_built: std::cell::Cell::new(u64::MAX),
            row_versions: Default::default(),
            row_structure: Default::default(),
            marker_versions: Default::default(),
            _keys: Some(keys),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match &msg {
            Msg::Frame(ts) => {
                if *ts - self.panels_refreshed_ms >= PANEL_REFRESH_MS {
                    self.panels_version += 1;
                    self.panels_refreshed_ms = *ts;
                }
            }
            _ => self.panels_version += 1,
        }
        match msg {
            Msg::Frame(ts) => {
                if !self.clock.advance(ts, self.speed_factor(), self.duration_ms()) {
                    return false;
                }
                self.session.run_until(self.view_ms());
                if self.view_ms() >= self.duration_ms() {
                    self.pause();
                    // The end of the run: the panels show it at once.
                    self.panels_version += 1;
                } else {
                    self.clock.next_frame(ctx.link(), Msg::Frame);
                }
                true
            }
            Msg::TogglePlay => {
                if self.clock.playing {
                    self.pause();
                } else {
                    let end = self.duration_ms();
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
                self.rejected_preset = None;
                self.rejected_mode = None;
                true
            }
            Msg::SetMode(mode) => {
                self.pause();
                self.mode = mode;
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
                self.act(Action::Restart { consumer: id, down_ms: 5_000 });
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
                let changed = self.help_open || self.selected.is_some();
                self.help_open = false;
                self.selected = None;
                self.draft = Draft::default();
                changed
            }
            Msg::LoadPreset(id) => {
                if let Some(scenario) = Scenario::preset(&id) {
                    self.pause();
                    self.group_id = scenario.groups.first().map(|g| g.group_id.clone()).unwrap_or_default();
                    self.session = Session::new(&scenario);
                    self.clock.view_ms = 0.0;
                    self.selected = None;
                    self.ledger_pick = None;
                    self.ledger_page = 0;
                    self.series.replace(None);
                    self.row_structure.set(None);
                    self.preset = id;
                }
                true
            }
            Msg::ShowGroup(group_id) => {
                if self.session.sim.world.groups.contains_key(&group_id) {
                    self.group_id = group_id;
                    self.selected = None;
                    self.ledger_pick = None;
                    self.ledger_page = 0;
                }
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
            Msg::Key(event) => {
                if self.mode != Mode::Simulate {
                    return false;
                }
                let in_control = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "BUTTON" | "SELECT" | "INPUT" | "TEXTAREA") || el.get_attribute("role").as_deref() == Some("button")
                });
                if (in_control && event.key() != "Escape") || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return false;
                }
                let msg = match event.key().as_str() {
                    " " => Msg::TogglePlay,
                    "ArrowRight" => Msg::Step,
                    "ArrowLeft" => Msg::StepBack,
                    "]" => Msg::NextRebalance,
                    "[" => Msg::PrevRebalance,
                    "+" | "=" => Msg::Faster,
                    "-" | "_" => Msg::Slower,
                    "?" => Msg::ToggleHelp,
                    "Escape" => Msg::CloseOverlays,
                    _ => return false,
                };
                event.prevent_default();
                <Self as Component>::update(self, ctx, msg)
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        match self.mode {
            Mode::Simulate => self.simulate_view(ctx),
            Mode::Compare => html! {
                <div class="app" lang={self.lang.code()}>
                    { self.header(ctx) }
                    <crate::ui::compare::CompareView lang={self.lang} current={std::rc::Rc::new(self.session.scenario().clone())} preset={self.compare_preset.clone()} />
                </div>
            },
            Mode::Explain => {
                let membership = crate::model::assignor::explain::Membership::of(&self.session.sim, &self.group_id)
                    .unwrap_or_else(crate::model::assignor::explain::Membership::example);
                html! {
                    <div class="app" lang={self.lang.code()}>
                        { self.header(ctx) }
                        <crate::ui::explainer::ExplainView lang={self.lang} membership={std::rc::Rc::new(membership)} />
                    </div>
                }
            }
        }
    }
}

impl App {
    /// The title, the view tabs and the language switch (every view has them).
    fn header(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        html! {
            <>
                <header>
                    <h1>{ Text::AppTitle.get(lang) }<span class="sub">{ Text::Subtitle.get(lang) }</span></h1>
                    <nav class="modes" aria-label={St::ModesLabel.get(lang)}>
                        { for Mode::ALL.into_iter().map(|mode| html! {
                            <button class={classes!("mode", (mode == self.mode).then_some("selected"))} data-testid={format!("mode-{}", mode.code())}
                                aria-current={(mode == self.mode).then_some("page")} onclick={link.callback(move |_| Msg::SetMode(mode))}>{ mode.label().get(lang) }</button>
                        }) }
                    </nav>
                    <button data-testid="lang-toggle" class="lang" onclick={link.callback(|_| Msg::ToggleLang)} aria-label={Text::LangToggleLabel.get(lang)}>{ Text::LangToggle.get(lang) }</button>
                </header>
                if let Some(value) = &self.rejected_mode {
                    <div class="notice" role="alert" data-testid="notice-mode">
                        { match lang {
                            Lang::Ko => format!("URL의 mode={value}은(는) 없는 보기입니다. 쓸 수 있는 값: simulate, compare, explain"),
                            Lang::En => format!("mode={value} in the URL is not a view. Allowed: simulate, compare, explain"),
                        } }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
            </>
        }
    }

    fn simulate_view(&self, ctx: &Context<Self>) -> Html {
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
        let rows: Vec<Html> = sim
            .trace
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| {
                let flow = self.filter == Filter::Producers && matches!(e.event, TraceEvent::ProduceSent { .. } | TraceEvent::BatchAcked { .. });
                e.at_ms <= view_ms && (narrated(e) || flow) && self.filter.keeps(&e.event)
            })
            .take(NARRATION_ROWS)
            .map(|(i, e)| html! { <li key={i}><span class="t">{ format_time(e.at_ms) }</span>{ " " }{ narrate(&e.event, lang) }</li> })
            .collect();
        let ended = view_ms >= self.duration_ms();
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
            <div class="app" lang={lang.code()}>
                { self.header(ctx) }
                if let Some(value) = &self.rejected_lang {
                    <div class="notice" role="alert" data-testid="notice">
                        { match lang {
                            Lang::Ko => format!("URL의 lang={value}은(는) 지원하지 않습니다. ko(한국어) 또는 en(English)을 쓰세요."),
                            Lang::En => format!("lang={value} in the URL is not supported: use ko (한국어) or en (English)."),
                        } }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                if let Some(value) = &self.rejected_preset {
                    <div class="notice" role="alert" data-testid="notice-preset">
                        { match lang {
                            Lang::Ko => format!("URL의 preset={value}은(는) 없는 시나리오입니다. 기본 시나리오를 엽니다. 쓸 수 있는 값: {}", crate::model::scenario::PRESETS.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", ")),
                            Lang::En => format!("preset={value} in the URL is not a bundled scenario, so the default one is open. Allowed: {}", crate::model::scenario::PRESETS.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", ")),
                        } }
                        <button class="small" data-testid="notice-preset-dismiss" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
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
                    <button data-testid="btn-add-consumer" onclick={link.callback(|_| Msg::AddConsumer)} disabled={ended}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                    <label class="speed">{ Text::ScenarioLabel.get(lang) }
                        <select data-testid="preset" onchange={on_preset}>
                            { for crate::model::scenario::PRESETS.iter().map(|(id, _)| html! {
                                <option value={*id} selected={*id == self.preset}>{ crate::i18n::preset_title(id, lang) }</option>
                            }) }
                        </select>
                    </label>
                    if group_ids.len() > 1 {
                        <label class="speed">{ Text::GroupLabel.get(lang) }
                            <select data-testid="group-select" onchange={on_group}>
                                { for group_ids.iter().map(|g| html! { <option value={g.clone()} selected={*g == self.group_id}>{ g.clone() }</option> }) }
                            </select>
                        </label>
                    }
                    <span class="time" aria-label={Text::Time.get(lang)}>
                        { Text::Time.get(lang) }{ " " }<output data-testid="sim-time" data-ms={view_ms.to_string()}>{ format_time(view_ms) }</output>
                        if ended { <span class="ended">{ format!(" · {}", Text::EndReached.get(lang)) }</span> }
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
                        </ul>
                        <button class="small" data-testid="btn-close-help" onclick={link.callback(|_| Msg::ToggleHelp)}>{ Text::CloseInspector.get(lang) }</button>
                    </div>
                }
                <main class="layout">
                    <section class="stage-wrap">{ stage_html }
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
                                <ol aria-live="polite" data-testid="narration">
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

/// A transactional producer's phase in words.
fn txn_phase(phase: crate::model::producer::TxnPhase, lang: Lang) -> &'static str {
    use crate::model::producer::TxnPhase;
    match (phase, lang) {
        (TxnPhase::Ready, Lang::Ko) => "열린 트랜잭션 없음",
        (TxnPhase::Ready, Lang::En) => "none open",
        (TxnPhase::InTransaction, Lang::Ko) => "진행 중",
        (TxnPhase::InTransaction, Lang::En) => "open",
        (TxnPhase::Committing, Lang::Ko) => "커밋 중 (flush 후 EndTxn)",
        (TxnPhase::Committing, Lang::En) => "committing (flush, then EndTxn)",
        (TxnPhase::Aborting, Lang::Ko) => "abort 중",
        (TxnPhase::Aborting, Lang::En) => "aborting",
    }
}
