//! The broker inspector: partitions led and followed, groups coordinated; kill / restart.
use super::*;
use crate::i18n::Text;

impl SimulateView {
    /// A broker: the partitions it leads and follows, the groups it coordinates; kill / restart.
    pub(crate) fn broker_inspector(&self, ctx: &Context<App>, lang: Lang, broker: u32) -> Html {
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
        let ended = self.at_end();
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
                        <button class="small danger" data-testid="insp-kill-broker" disabled={ended} onclick={link.callback(move |_| Msg::Sim(SimMsg::KillBroker(broker)))}>{ Text::KillBroker.get(lang) }</button>
                        <button class="small" data-testid="insp-pause-replication" disabled={ended} onclick={link.callback(move |_| Msg::Sim(SimMsg::PauseReplication(broker)))}>{ Text::PauseReplication.get(lang) }</button>
                    } else {
                        <button class="small" data-testid="insp-restart-broker" disabled={ended} onclick={link.callback(move |_| Msg::Sim(SimMsg::RestartBroker(broker)))}>{ Text::RestartBroker.get(lang) }</button>
                    }
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }
}
