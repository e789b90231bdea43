//! The consumer inspector: live state, actions and the config editor.
use super::*;
use crate::i18n::Text;
use crate::model::consumer::ConsumerStatus;
use crate::ui::clock::format_time;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

impl SimulateView {
    /// The selected consumer's live state and every action on it.
    pub(crate) fn inspector(&self, ctx: &Context<App>, lang: Lang, c: &crate::model::consumer::Consumer) -> Html {
        let link = ctx.link();
        let view_ms = self.view_ms();
        let running = c.is_active();
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
                    { button("insp-crash", Text::Crash, running, Msg::Sim(SimMsg::Crash(id.clone()))) }
                    { button("insp-close", Text::Close, running, Msg::Sim(SimMsg::Close(id.clone()))) }
                    if c.stall.is_some() {
                        { button("insp-resume", Text::ResumeAction, running, Msg::Sim(SimMsg::Resume(id.clone()))) }
                    } else {
                        { button("insp-stall", Text::StallAction, running, Msg::Sim(SimMsg::Stall(id.clone()))) }
                    }
                    { button("insp-gc", Text::GcPauseAction, running && c.frozen_until_ms <= view_ms, Msg::Sim(SimMsg::GcPause(id.clone()))) }
                    { button("insp-restart", Text::RestartAction, running, Msg::Sim(SimMsg::Restart(id.clone()))) }
                    { button("insp-dismiss", Text::CloseInspector, true, Msg::CloseOverlays) }
                </div>
                <div class="form-grid">
                    <label for="insp-stall-seconds">{ Text::StallSeconds.get(lang) }</label>
                    <input id="insp-stall-seconds" data-testid="insp-stall-seconds" inputmode="numeric" size="5"
                        value={self.draft.stall_seconds.clone().unwrap_or_else(|| "10".to_string())}
                        oninput={link.callback(|e: InputEvent| Msg::Sim(SimMsg::Draft(Field::StallSeconds, e.target_unchecked_into::<HtmlInputElement>().value())))} />
                </div>
                { self.form_message() }
                { self.config_editor(ctx, lang, c) }
            </section>
        }
    }

    /// The message under an inspector's forms (a refused apply), announced politely.
    pub(crate) fn form_message(&self) -> Html {
        match &self.draft.message {
            Some(m) => html! { <p class="form-message" role="status" data-testid="inspector-message">{ m.clone() }</p> },
            None => html! {},
        }
    }

    /// Kafka properties for the config editor: every supported one with its current value (an
    /// input), its default and how the default changed across versions.
    pub(crate) fn config_editor(&self, ctx: &Context<App>, lang: Lang, c: &crate::model::consumer::Consumer) -> Html {
        let link = ctx.link();
        let id = c.id().to_string();
        let kip848 = c.group_protocol == crate::model::config::GroupProtocol::Consumer;
        let rows = crate::model::config::CONSUMER_CONFIGS.iter().map(|spec| {
            let name = spec.name;
            let current = c.spec.config.property(name).unwrap_or_default();
            let value = self.draft.config.get(name).cloned().unwrap_or_else(|| current.clone());
            let history = lang.pick(spec.history_ko, spec.history_en);
            let changed = value != current;
            let oninput = link.callback(move |e: InputEvent| {
                let input: HtmlInputElement = e.target().expect("input has a target").unchecked_into();
                Msg::Sim(SimMsg::Draft(Field::Config(name), input.value()))
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
                    onclick={link.callback(move |_| Msg::Sim(SimMsg::ApplyConsumerConfig(id.clone())))}>{ Text::RestartWithSettings.get(lang) }</button>
            </details>
        }
    }
}
