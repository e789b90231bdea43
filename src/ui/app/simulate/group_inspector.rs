//! The group inspector: state, members, shared settings and a rolling change.
use super::*;
use crate::i18n::study::St;
use crate::i18n::Text;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;

impl SimulateView {
    /// A group's state, members and the settings every member shares, with a rolling change.
    pub(crate) fn group_inspector(&self, ctx: &Context<App>, lang: Lang, group_id: &str) -> Html {
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
                Msg::Sim(SimMsg::Draft(field.clone(), select.value()))
            });
            html! {
                <select id={testid.to_string()} data-testid={testid.to_string()} onchange={onchange}>
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
                    <label class="mono" for="insp-protocol">{ "group.protocol" }</label>
                    { select("insp-protocol", Field::Protocol, &["classic", "consumer"], target_protocol.clone()) }
                    if target_protocol == "classic" {
                        <label class="mono" for="insp-assignor">{ "partition.assignment.strategy" }</label>
                        { select("insp-assignor", Field::Assignor, &STRATEGIES, self.draft.assignor.clone().unwrap_or_else(|| current("partition.assignment.strategy"))) }
                    } else {
                        <label class="mono" for="insp-remote-assignor">{ "group.remote.assignor" }</label>
                        { select("insp-remote-assignor", Field::RemoteAssignor, &["uniform", "range"], self.draft.remote_assignor.clone().unwrap_or_else(|| if current("group.remote.assignor") == "range" { "range".into() } else { "uniform".into() })) }
                    }
                    <label for="insp-commit">{ Text::CommitMode.get(lang) }</label>
                    { select("insp-commit", Field::Commit, &commit_names, self.draft.commit.clone().unwrap_or_else(|| first.as_ref().map_or("auto", |s| s.commit.name()).to_string())) }
                </div>
                <p class="small muted">{ Text::RollingNote.get(lang) }</p>
                if target_protocol != current("group.protocol") {
                    <p class="small muted" data-testid="insp-protocol-note">{ Text::ProtocolChangeNote.get(lang) }</p>
                }
                { self.form_message() }
                <div class="actions">
                    <button class="small" data-testid="insp-apply-group" disabled={members.is_empty()}
                        onclick={link.callback(move |_| Msg::Sim(SimMsg::ApplyGroupChange(gid.clone())))}>{ Text::ApplyRolling.get(lang) }</button>
                    <button class="small" data-testid="insp-add-consumer" onclick={link.callback(|_| Msg::Sim(SimMsg::AddConsumer))}>{ format!("＋ {}", Text::AddConsumer.get(lang)) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }
}
