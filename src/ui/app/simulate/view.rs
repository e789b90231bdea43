//! How the simulate view is drawn. The app composes the page (header, notices, controls that
//! reach the lesson, share and presenter parts); the view draws its own parts: the timeline,
//! the stage and its text alternative, the group card, the inspector and the narration.
use super::super::lessons::LessonRun;
use super::*;
use crate::i18n::lessons::{panel_name, Lt};
use crate::study::lesson::{Reveals, PANELS};
use yew::html::Scope;

/// The side panels are built only when their version moved (see `ui::frozen`).
#[derive(Clone, Copy)]
pub(crate) struct Panels {
    version: u64,
    due: bool,
}

impl Panels {
    fn frozen(self, build: &dyn Fn() -> Html) -> Html {
        html! { <crate::ui::frozen::Frozen version={self.version}>{ if self.due { build() } else { Html::default() } }</crate::ui::frozen::Frozen> }
    }
}

fn select_value(e: &Event) -> String {
    let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
    select.value()
}

impl App {
    pub(crate) fn simulate_view(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let v = &self.simulate;
        let panels = v.panels();
        html! {
            <div class={self.root_classes()} lang={lang.code()}>
                { self.presenter_overlays(ctx) }
                { self.header(ctx) }
                { self.url_notices(ctx) }
                { self.welcome_banner(ctx) }
                { self.share_box(ctx) }
                { self.controls(ctx) }
                { v.timeline_bar(link, lang, panels) }
                { v.fork_notice(link, lang) }
                if self.help_open { { help(link, lang) } }
                if let Some(run) = self.lessons.run.as_ref() {
                    { self.lesson_main(ctx, run, panels) }
                } else {
                <main class="layout">
                    <section class="stage-wrap">{ v.stage(link, lang) }
                        { v.stage_text(lang, Reveals::default()) }
                        if !self.presenter.embed { { self.export_buttons(ctx) } }
                        { legend(lang) }
                        { v.lane(link, lang, panels) }
                        { panels.frozen(&|| v.charts(lang)) }
                    </section>
                    <aside class="panel">
                        { v.initial_delay_notice(lang) }
                        { panels.frozen(&|| v.group_card(link, lang, Reveals::default())) }
                        { panels.frozen(&|| v.inspector_for_selection(ctx, lang)) }
                        { panels.frozen(&|| v.ledger(ctx, lang)) }
                        { notes(lang) }
                        { v.narration(link, lang, panels) }
                    </aside>
                </main>
                }
            </div>
        }
    }

    /// A first visit: what this is, and "start lesson 1" beside the sandbox.
    fn welcome_banner(&self, ctx: &Context<Self>) -> Html {
        // Never in front of a room (presenter mode) or over a lesson.
        if !self.welcome || self.lessons.run.is_some() || self.presenter.on {
            return html! {};
        }
        let lang = self.lang;
        let link = ctx.link();
        html! {
            <section class="welcome" data-testid="welcome" aria-label={Text::AppTitle.get(lang)}>
                <p>{ Text::Welcome.get(lang) }</p>
                <button class="primary" data-testid="welcome-lesson" onclick={link.callback(|_| Msg::Welcome(true))}>{ Text::WelcomeLesson.get(lang) }</button>
                <button data-testid="welcome-sandbox" onclick={link.callback(|_| Msg::Welcome(false))}>{ Text::WelcomeSandbox.get(lang) }</button>
            </section>
        }
    }

    /// A lesson's page: the stage and the step's card side by side (stacked on narrow
    /// screens), the panels the step asks for under them and the rest folded. While a
    /// prediction is pending, what would answer it is masked (`Query::reveals`).
    fn lesson_main(&self, ctx: &Context<Self>, run: &LessonRun, panels: Panels) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let v = &self.simulate;
        let mask = run.masked();
        let pending = mask != Reveals::default();
        let wanted = &run.loaded.lesson.steps[run.step].panels;
        let part = |name: &str| -> Html {
            if lesson_panel_reveals(name, mask) {
                return html! { <section class="card lesson-masked" data-testid={format!("lesson-masked-{name}")}><h2>{ panel_name(name, lang) }</h2><p class="muted">{ Lt::AfterPredict.get(lang) }</p></section> };
            }
            match name {
                "group" => panels.frozen(&|| v.group_card(link, lang, mask)),
                "lane" => v.lane(link, lang, panels),
                "charts" => panels.frozen(&|| v.charts(lang)),
                "ledger" => panels.frozen(&|| v.ledger(ctx, lang)),
                "events" => v.narration(link, lang, panels),
                "legend" => legend(lang),
                _ => panels.frozen(&|| v.inspector_for_selection(ctx, lang)),
            }
        };
        let (shown, folded): (Vec<&str>, Vec<&str>) = PANELS.iter().copied().partition(|p| wanted.iter().any(|w| w == p));
        let folded_names = folded.iter().map(|p| panel_name(p, lang)).collect::<Vec<_>>().join(", ");
        let class = classes!(
            "layout",
            "lesson-layout",
            mask.assignment.then_some("mask-assignment"),
            mask.group_state.then_some("mask-state"),
            mask.offsets.then_some("mask-offsets")
        );
        html! {
            <main class={class} data-testid="lesson-layout" data-pending={pending.to_string()}>
                <section class="stage-wrap lesson-stage" data-testid="lesson-stage">{ v.stage(link, lang) }{ v.stage_text(lang, mask) }</section>
                <div class="lesson-side">{ self.lesson_panel(ctx, run) }</div>
                <div class="lesson-panels">
                    { for shown.iter().map(|p| part(p)) }
                    <details class="card lesson-more" data-testid="lesson-more">
                        <summary data-testid="lesson-more-toggle">{ format!("{} ({folded_names})", Lt::MorePanels.get(lang)) }</summary>
                        { for folded.iter().map(|p| part(p)) }
                        if !self.presenter.embed { { self.export_buttons(ctx) } }
                        { notes(lang) }
                    </details>
                </div>
            </main>
        }
    }

    /// URL values we could not use (`?lang=`, `?speed=`, `?preset=`), until dismissed.
    fn url_notices(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        html! {
            <>
                if let Some(value) = &self.rejected_lang {
                    <div class="notice" role="alert" data-testid="notice">
                        { crate::i18n::simulate::notice_lang(value, lang) }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                if let Some(value) = &self.rejected_speed {
                    <div class="notice" role="alert" data-testid="notice-speed">
                        { crate::i18n::simulate::notice_speed(value, &(0..SPEEDS.len()).map(speed_code).collect::<Vec<_>>().join(", "), lang) }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
                if let Some((value, unavailable)) = &self.rejected_preset {
                    <div class="notice" role="alert" data-testid="notice-preset">
                        { if *unavailable {
                            crate::i18n::simulate::notice_preset_unavailable(value, lang)
                        } else {
                            crate::i18n::simulate::notice_preset(value, &crate::model::scenario::PRESET_IDS.join(", "), lang)
                        } }
                        <button class="small" data-testid="notice-preset-dismiss" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
            </>
        }
    }

    /// Play, step, speed, the run's buttons, the scenario and group pickers and the time.
    fn controls(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let v = &self.simulate;
        let ended = v.at_end();
        let view_ms = v.view_ms();
        let on_speed = link.callback(|e: Event| Msg::Sim(SimMsg::Speed(select_value(&e).parse().unwrap_or(DEFAULT_SPEED))));
        html! {
            <nav class="controls" aria-label="controls">
                <button data-testid="btn-play" class="primary" onclick={link.callback(|_| Msg::Sim(SimMsg::TogglePlay))} aria-pressed={v.clock.playing.to_string()}>
                    { if v.clock.playing { format!("❚❚ {}", Text::Pause.get(lang)) } else { format!("▶ {}", Text::Play.get(lang)) } }
                </button>
                <button data-testid="btn-step-back" onclick={link.callback(|_| Msg::Sim(SimMsg::StepBack))} disabled={v.session.steps() == 0}>{ format!("‹ {}", Text::StepBack.get(lang)) }</button>
                <button data-testid="btn-step" onclick={link.callback(|_| Msg::Sim(SimMsg::Step))} disabled={ended}>{ format!("{} ›", Text::Step.get(lang)) }</button>
                <label class="speed">{ Text::Speed.get(lang) }
                    <select data-testid="speed" onchange={on_speed}>
                        { for SPEEDS.iter().enumerate().map(|(i, s)| html! { <option value={i.to_string()} selected={i == v.clock.speed}>{ speed_label(*s) }</option> }) }
                    </select>
                </label>
                if !self.presenter.embed {
                <button data-testid="btn-add-consumer" onclick={link.callback(|_| Msg::Sim(SimMsg::AddConsumer))} disabled={ended}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                { self.share_button(ctx) }
                }
                { self.presenter_buttons(ctx) }
                { self.scenario_pick(ctx) }
                { v.group_pick(link, lang) }
                <span class="time" aria-label={Text::Time.get(lang)}>
                    { Text::Time.get(lang) }{ " " }<output data-testid="sim-time" data-ms={view_ms.to_string()}>{ format_time(view_ms) }</output>
                    { timeline::end_notice(ended, v.session.trace_full(), lang) }
                </span>
            </nav>
        }
    }

    /// The scenario select: the presets, or the lesson or file on view.
    fn scenario_pick(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let v = &self.simulate;
        let on_preset = ctx.link().callback(|e: Event| Msg::LoadPreset(select_value(&e)));
        html! {
            <label class="speed scenario-pick">{ Text::ScenarioLabel.get(lang) }
                // Keyed by the notice of a file that did not arrive: the select is drawn anew,
                // back on the scenario still on screen.
                <select data-testid="preset" onchange={on_preset} key={format!("preset-{}", self.rejected_preset.is_some())}>
                    if let (None, Some((name, _))) = (&self.lessons.run, &v.from_file) {
                        <option value="" selected=true>{ format!("{}{name}", crate::i18n::link::Lk::FromFile.get(lang)) }</option>
                    }
                    if let Some(run) = self.lessons.run.as_ref() {
                        <option value="" selected=true>{ format!("{} {} · {}", crate::i18n::lessons::Lt::Lesson.get(lang), run.loaded.lesson.number, lang.pick(&run.loaded.lesson.title.ko, &run.loaded.lesson.title.en)) }</option>
                    }
                    { for crate::model::scenario::PRESET_IDS.iter().map(|id| html! {
                        <option value={*id} selected={self.lessons.run.is_none() && v.from_file.is_none() && *id == v.preset}>{ crate::i18n::preset_title(id, lang) }</option>
                    }) }
                </select>
            </label>
        }
    }
}

/// The keyboard shortcuts.
fn help(link: &Scope<App>, lang: Lang) -> Html {
    html! {
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
}

/// Whether a lesson panel would show a pending prediction's answer (the group card masks its
/// own parts instead): the lane shows assignments, group states and protocol events, the charts and the
/// ledger counts and offsets, the events and the inspector all of them.
fn lesson_panel_reveals(panel: &str, mask: Reveals) -> bool {
    match panel {
        "group" | "legend" => false,
        "lane" => mask.assignment || mask.group_state || mask.events,
        "charts" | "ledger" => mask.counts || mask.offsets,
        _ => mask != Reveals::default(),
    }
}

/// The stage's legend and the keyboard hint under it.
fn legend(lang: Lang) -> Html {
    html! {
        <>
            { crate::ui::legend::render(lang) }
            <p class="hint">{ Text::Keyboard.get(lang) }</p>
        </>
    }
}

/// Notes on the defaults the simulation uses.
fn notes(lang: Lang) -> Html {
    html! {
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
    }
}

impl SimulateView {
    /// This render's panel version (counted as built).
    fn panels(&self) -> Panels {
        let version = self.panels_version;
        Panels {
            version,
            due: self.panels_built.replace(version) != version,
        }
    }

    /// The shown group's consumers, in the order they were started.
    fn members(&self) -> Vec<&crate::model::consumer::Consumer> {
        let sim = &self.session.sim;
        sim.world
            .consumer_order
            .iter()
            .filter_map(|id| sim.world.consumers.get(id))
            .filter(|c| c.spec.group_id == self.group_id)
            .collect()
    }

    /// The group select (when the run has more than one group).
    fn group_pick(&self, link: &Scope<App>, lang: Lang) -> Html {
        let group_ids: Vec<String> = self.session.sim.world.groups.keys().cloned().collect();
        if group_ids.len() <= 1 {
            return html! {};
        }
        let on_group = link.callback(|e: Event| Msg::Sim(SimMsg::ShowGroup(select_value(&e))));
        html! {
            <label class="speed scenario-pick">{ Text::GroupLabel.get(lang) }
                <select data-testid="group-select" onchange={on_group}>
                    { for group_ids.iter().map(|g| html! { <option value={g.clone()} selected={*g == self.group_id}>{ g.clone() }</option> }) }
                </select>
            </label>
        }
    }

    /// The timeline: the scrubber with its markers and the rebalance jumps.
    fn timeline_bar(&self, link: &Scope<App>, lang: Lang, panels: Panels) -> Html {
        let view_ms = self.view_ms();
        let duration = self.duration_ms();
        let on_scrub = link.callback(|e: InputEvent| {
            let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
            Msg::Sim(SimMsg::Seek(input.value().parse().unwrap_or(0)))
        });
        html! {
            <section class="timeline" aria-label={Text::Timeline.get(lang)}>
                <button data-testid="btn-prev-rebalance" onclick={link.callback(|_| Msg::Sim(SimMsg::PrevRebalance))} title={Text::PrevRebalance.get(lang)} aria-label={Text::PrevRebalance.get(lang)}>{ "‹ ▲" }</button>
                <div class="scrub">
                    { panels.frozen(&|| timeline::render_markers(&self.session.sim.trace, &self.group_id, duration, lang)) }
                    <input type="range" data-testid="timeline" min="0" max={duration.to_string()} step="10" value={view_ms.to_string()}
                        aria-label={Text::TimelineLabel.get(lang)} aria-valuetext={format_time(view_ms)} oninput={on_scrub} />
                    { panels.frozen(&|| timeline::render_axis(duration)) }
                </div>
                <button data-testid="btn-next-rebalance" onclick={link.callback(|_| Msg::Sim(SimMsg::NextRebalance))} title={Text::NextRebalance.get(lang)} aria-label={Text::NextRebalance.get(lang)}>{ "▲ ›" }</button>
                <span class="marker-legend small">{ Text::MarkerRebalance.get(lang) }{ " · " }{ Text::MarkerCrash.get(lang) }{ " · " }{ Text::MarkerStall.get(lang) }{ " · " }{ Text::MarkerCommit.get(lang) }</span>
                if let Some(notice) = self.timeline_notice {
                    <span class="notice small timeline-notice" role="status" data-testid="timeline-notice">{ notice.get(lang) }</span>
                }
            </section>
        }
    }

    /// While the coordinator holds the group's first rebalance back, why nobody owns anything.
    fn initial_delay_notice(&self, lang: Lang) -> Html {
        let holding = self
            .session
            .sim
            .world
            .groups
            .get(&self.group_id)
            .is_some_and(|g| g.coordinator.initial_delay_active);
        if !holding {
            return html! {};
        }
        let delay_ms = crate::model::coordinator::INITIAL_REBALANCE_DELAY_MS;
        html! {
            <div class="notice info" role="status" data-testid="initial-delay-notice">{ crate::i18n::simulate::initial_delay_notice(delay_ms, lang) }</div>
        }
    }

    /// The notice that the run left the recorded branch, with the way back.
    fn fork_notice(&self, link: &Scope<App>, lang: Lang) -> Html {
        if self.session.fork.is_none() {
            return html! {};
        }
        html! {
            <div class="notice fork" role="status" data-testid="fork-notice">
                { Text::ForkNotice.get(lang) }{ " " }
                <button class="small" data-testid="btn-restore-fork" onclick={link.callback(|_| Msg::Sim(SimMsg::RestoreFork))}>{ Text::RestoreBranch.get(lang) }</button>
            </div>
        }
    }

    /// The stage at the shown moment.
    fn stage(&self, link: &Scope<App>, lang: Lang) -> Html {
        stage::render(&StageInput {
            row_versions: &self.row_versions,
            row_structure: &self.row_structure,
            marker_versions: &self.marker_versions,
            sim: &self.session.sim,
            group_id: &self.group_id,
            view_ms: self.view_ms(),
            lang,
            // Paused or scrubbed, records do not hang in the air over the labels.
            animate: !self.reduced_motion && self.clock.playing,
            flight_ms: (350.0 * self.speed_factor()).max(120.0) as u64,
            selected: self.selected.as_ref(),
            on_select: link.callback(|s| Msg::Sim(SimMsg::Select(s))),
            width_px: self.stage_width_px,
            on_width: link.callback(|px| Msg::Sim(SimMsg::StageWidth(px))),
        })
    }

    /// The stage's text alternative: who owns what (announced when it changes), and the lag.
    fn stage_text(&self, lang: Lang, mask: Reveals) -> Html {
        use crate::i18n::simulate::{stage_lag, stage_summary, MemberSummary};
        let sim = &self.session.sim;
        let group = sim.world.groups.get(&self.group_id);
        let members: Vec<(String, MemberSummary)> = self
            .members()
            .iter()
            .map(|c| {
                let m = match c.status {
                    ConsumerStatus::Running if mask.assignment => MemberSummary::Down(Lt::AfterPredict.get(lang)),
                    ConsumerStatus::Running => MemberSummary::Owns(c.assigned.iter().map(ToString::to_string).collect()),
                    ConsumerStatus::Crashed => MemberSummary::Down(Text::StatusCrashed.get(lang)),
                    ConsumerStatus::Closed => MemberSummary::Down(Text::StatusClosed.get(lang)),
                    ConsumerStatus::Failed => MemberSummary::Down(Text::StatusFailed.get(lang)),
                };
                (c.id().to_string(), m)
            })
            .collect();
        let (state, generation) = match group {
            Some(_) if mask.group_state => (Lt::AfterPredict.get(lang), 0),
            Some(g) => (g.coordinator.state.name(), g.coordinator.generation),
            None => ("–", 0),
        };
        let total_lag: u64 = group.map_or(0, |g| g.coordinator.committed.keys().filter_map(|tp| sim.group_lag(&self.group_id, tp)).sum());
        html! {
            <>
                <p class="sr-only" aria-live="polite" data-testid="stage-summary">{ stage_summary(&self.group_id, state, generation, &members, lang) }</p>
                if !mask.offsets { <p class="sr-only" data-testid="stage-lag">{ stage_lag(total_lag, lang) }</p> }
            </>
        }
    }

    /// The protocol lane and its options.
    fn lane(&self, link: &Scope<App>, lang: Lang, panels: Panels) -> Html {
        html! {
            <div class="lane-wrap">
                <div class="lane-head">
                    <span class="small">{ Text::ProtocolLane.get(lang) }</span>
                    <label class="small"><input type="checkbox" data-testid="lane-toggle-heartbeats" checked={self.lane.heartbeats}
                        onchange={link.callback(|_| Msg::Sim(SimMsg::LaneHeartbeats))} />{ Text::LaneHeartbeats.get(lang) }</label>
                    <label class="small"><input type="checkbox" data-testid="lane-toggle-fetches" checked={self.lane.fetches}
                        onchange={link.callback(|_| Msg::Sim(SimMsg::LaneFetches))} />{ Text::LaneFetches.get(lang) }</label>
                </div>
                { panels.frozen(&|| crate::ui::lane::render(&self.session.sim, &self.group_id, self.view_ms(), &self.lane, lang)) }
            </div>
        }
    }

    /// The shown group's card: its state and counts, its consumers, the add-partition buttons.
    fn group_card(&self, link: &Scope<App>, lang: Lang, mask: Reveals) -> Html {
        let sim = &self.session.sim;
        let ended = self.at_end();
        let group = sim.world.groups.get(&self.group_id);
        let (processed, duplicates, lost) = group.map_or((0, 0, 0), |g| {
            // The same count as the ledger's totals, the report and compare mode.
            let lost: u64 = g.coordinator.committed.keys().map(|tp| sim.group_lost(&self.group_id, tp)).sum();
            (g.ledger.processed(), g.ledger.duplicates(), lost)
        });
        let topics: Vec<String> = sim.world.cluster.topics.keys().cloned().collect();
        let hidden = || html! { <span class="muted masked">{ Lt::AfterPredict.get(lang) }</span> };
        let count = |n: u64, class: &'static str| {
            if mask.counts {
                hidden()
            } else {
                html! { <span class={class}>{ n }</span> }
            }
        };
        html! {
            <section class="card" data-testid="group-card">
                <h2>{ format!("{} {}", Text::Group.get(lang), self.group_id) }</h2>
                if let Some(g) = group {
                    <dl>
                        <dt>{ Text::State.get(lang) }</dt><dd data-testid="group-state">{ if mask.group_state { hidden() } else { html! { g.coordinator.state.name() } } }</dd>
                        <dt>{ Text::Generation.get(lang) }</dt><dd>{ if mask.group_state { hidden() } else { html! { g.coordinator.generation } } }</dd>
                        <dt>{ Text::Coordinator.get(lang) }</dt><dd>{ format!("{} {}", Text::Broker.get(lang), g.coordinator.broker) }</dd>
                        <dt>{ Text::Processed.get(lang) }</dt><dd data-testid="processed">{ count(processed, "") }</dd>
                        <dt>{ Text::Duplicates.get(lang) }</dt><dd>{ count(duplicates, if duplicates > 0 { "warn" } else { "" }) }</dd>
                        <dt>{ Text::Lost.get(lang) }</dt><dd>{ count(lost, if lost > 0 { "bad" } else { "" }) }</dd>
                    </dl>
                }
                <h3>{ Text::Consumers.get(lang) }</h3>
                <ul class="consumers">{ for self.members().into_iter().map(|c| self.consumer_row(link, lang, c, mask.assignment)) }</ul>
                <p class="topic-actions">
                    { for topics.iter().map(|t| {
                        let topic = t.clone();
                        html! { <button class="small" data-testid={format!("btn-add-partition-{t}")} disabled={ended}
                            onclick={link.callback(move |_| Msg::Sim(SimMsg::AddPartition(topic.clone())))}>{ format!("＋ {} ({t})", Text::AddPartition.get(lang)) }</button> }
                    }) }
                </p>
            </section>
        }
    }

    /// One consumer in the group card: its shape, id (selects it), partitions, crash and close.
    fn consumer_row(&self, link: &Scope<App>, lang: Lang, c: &crate::model::consumer::Consumer, masked: bool) -> Html {
        let sim = &self.session.sim;
        let idx = sim.world.consumer_order.iter().position(|x| x == c.id()).unwrap_or(0);
        let running = c.is_active();
        let crash_id = c.id().to_string();
        let close_id = c.id().to_string();
        let select_id = c.id().to_string();
        let selected = self.selected.as_ref() == Some(&Selection::Consumer(c.id().to_string()));
        let assigned = match c.status {
            ConsumerStatus::Crashed => Text::StatusCrashed.get(lang).to_string(),
            ConsumerStatus::Closed => Text::StatusClosed.get(lang).to_string(),
            ConsumerStatus::Failed => Text::StatusFailed.get(lang).to_string(),
            ConsumerStatus::Running if masked => Lt::AfterPredict.get(lang).to_string(),
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
                    aria-pressed={selected.to_string()} onclick={link.callback(move |_| Msg::Sim(SimMsg::Select(Selection::Consumer(select_id.clone()))))}>{ c.id().to_string() }</button>
                <span class={classes!("assigned", masked.then_some("masked"))}>{ assigned }</span>
                <button class="small" data-testid={format!("btn-crash-{}", c.id())} disabled={!running}
                    onclick={link.callback(move |_| Msg::Sim(SimMsg::Crash(crash_id.clone())))}
                    aria-label={format!("{} {}", Text::Crash.get(lang), c.id())}>{ Text::Crash.get(lang) }</button>
                <button class="small" data-testid={format!("btn-close-{}", c.id())} disabled={!running}
                    onclick={link.callback(move |_| Msg::Sim(SimMsg::Close(close_id.clone())))}
                    aria-label={format!("{} {}", Text::Close.get(lang), c.id())}>{ Text::Close.get(lang) }</button>
            </li>
        }
    }

    /// The inspector of what is selected (nothing when the selection is gone from the run).
    fn inspector_for_selection(&self, ctx: &Context<App>, lang: Lang) -> Html {
        let sim = &self.session.sim;
        let inspector = match self.selected.as_ref() {
            Some(Selection::Consumer(id)) => sim.world.consumers.get(id).map(|c| self.inspector(ctx, lang, c)),
            Some(Selection::Group(g)) => sim.world.groups.get(g).map(|_| self.group_inspector(ctx, lang, g)),
            Some(Selection::Topic(t)) => sim.world.cluster.topics.get(t).map(|_| self.topic_inspector(ctx, lang, t)),
            Some(Selection::Producer(p)) => sim.world.producers.get(p).map(|p| self.producer_inspector(ctx, lang, p)),
            Some(Selection::Broker(b)) => (*b < sim.world.cluster.brokers).then(|| self.broker_inspector(ctx, lang, *b)),
            None => None,
        };
        inspector.unwrap_or_default()
    }

    /// The narration: the latest entries the filter keeps, newest first.
    fn narration(&self, link: &Scope<App>, lang: Lang, panels: Panels) -> Html {
        let on_filter = link.callback(|e: Event| {
            let value = select_value(&e);
            Msg::Sim(SimMsg::Filter(Filter::ALL.into_iter().find(|f| f.code() == value).unwrap_or(Filter::All)))
        });
        html! {
            <section class="card narration">
                <h2>{ Text::Events.get(lang) }</h2>
                <label class="filter">{ Text::Show.get(lang) }{ " " }
                    <select data-testid="narration-filter" onchange={on_filter}>
                        { for Filter::ALL.iter().map(|f| html! { <option value={f.code()} selected={*f == self.filter}>{ f.label().get(lang) }</option> }) }
                    </select>
                </label>
                { panels.frozen(&|| self.narration_rows(lang)) }
            </section>
        }
    }

    fn narration_rows(&self, lang: Lang) -> Html {
        let sim = &self.session.sim;
        let view_ms = self.view_ms();
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
        html! {
            <ol aria-live="polite" data-testid="narration" tabindex="0" aria-label={Text::Events.get(lang)}>
                if rows.is_empty() { <li class="empty">{ Text::NoEvents.get(lang) }</li> }
                { for rows }
            </ol>
        }
    }
}
