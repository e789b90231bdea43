//! The topic inspector: partitions, their offsets and each group's committed offset.
use super::*;
use crate::i18n::Text;

impl SimulateView {
    /// A topic's partitions: leader, log start, high watermark, log end and each group's
    /// committed offset.
    pub(crate) fn topic_inspector(&self, ctx: &Context<App>, lang: Lang, topic: &str) -> Html {
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
        let ended = self.at_end();
        html! {
            <section class="card inspector" data-testid="inspector" aria-label={format!("{} {topic}", Text::Inspector.get(lang))}>
                <h2>{ format!("{} · {} {topic}", Text::Inspector.get(lang), Text::Topic.get(lang)) }</h2>
                <table class="mini" data-testid="inspector-partitions" tabindex="0">
                    <caption class="small">{ Text::TopicTableCaption.get(lang) }</caption>
                    <thead><tr><th>{ "P" }</th><th>{ Text::Leader.get(lang) }</th><th>{ Text::Replicas.get(lang) }</th><th>{ "log start" }</th>
                        <th>{ "LSO" }</th><th>{ "HW" }</th><th>{ "LEO" }</th>
                        { for groups.iter().map(|g| html! { <th>{ format!("C: {g}") }</th> }) }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <p class="small muted">{ Text::TopicReplicationNote.get(lang) }</p>
                <div class="actions">
                    <button class="small" data-testid="insp-add-partition" disabled={ended}
                        onclick={link.callback(move |_| Msg::Sim(SimMsg::AddPartition(t.clone())))}>{ format!("＋ {}", Text::AddPartition.get(lang)) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }
}
