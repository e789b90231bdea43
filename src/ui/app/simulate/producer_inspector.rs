//! The producer inspector: rate, keys, partitioner, properties and transactions.
use super::*;
use crate::i18n::Text;
use web_sys::{HtmlInputElement, HtmlSelectElement};

impl SimulateView {
    /// A producer's rate, keys and partitioner, with a form to change rate and keys.
    pub(crate) fn producer_inspector(&self, ctx: &Context<App>, lang: Lang, p: &crate::model::producer::Producer) -> Html {
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
        let ended = self.at_end();
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
                    { for ["acks", "enable.idempotence", "linger.ms", "compression.type", "max.in.flight.requests.per.connection", "retries", "delivery.timeout.ms", "request.timeout.ms", "buffer.memory", "transactional.id"].into_iter().map(|name| {
                        // compression.type: the model's ratio beside what the real codec measured.
                        let (value, title) = if name == "compression.type" {
                            let (v, t) = crate::i18n::stage::compression_summary(p.config.compression, lang);
                            (v, Some(t))
                        } else {
                            (p.config.property(name).unwrap_or_default(), None)
                        };
                        html! { <><dt class="mono">{ name }</dt><dd data-testid={format!("inspector-{name}")} title={title}>{ value }</dd></> }
                    }) }
                    if let Some((pid, epoch)) = p.producer_id {
                        <dt>{ Text::ProducerIdLabel.get(lang) }</dt><dd>{ format!("{pid} / {epoch}") }</dd>
                    }
                    if p.is_transactional() {
                        <dt>{ Text::TxnPhaseLabel.get(lang) }</dt>
                        <dd data-testid="inspector-txn">{ format!("{} · ✓{} ✗{}", crate::i18n::simulate::txn_phase(p.txn.phase, lang), p.txn.committed, p.txn.aborted) }</dd>
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
                        oninput={link.callback(|e: InputEvent| Msg::Sim(SimMsg::Draft(Field::Rate, e.target_unchecked_into::<HtmlInputElement>().value())))} />
                    <label for="insp-keys">{ Text::KeysEdit.get(lang) }</label>
                    <input id="insp-keys" data-testid="insp-keys" value={keys} size="24"
                        oninput={link.callback(|e: InputEvent| Msg::Sim(SimMsg::Draft(Field::Keys, e.target_unchecked_into::<HtmlInputElement>().value())))} />
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
                                onchange={link.callback(move |e: Event| Msg::Sim(SimMsg::Draft(Field::ProducerProperty(name), e.target_unchecked_into::<HtmlSelectElement>().value())))}>
                                { for options.into_iter().map(|o| html! { <option value={o} selected={o == chosen}>{ o.rsplit('.').next().unwrap_or(o) }</option> }) }
                            </select>
                        </> }
                    }) }
                    { for ["batch.size", "linger.ms", "max.in.flight.requests.per.connection"].into_iter().map(|name| html! { <>
                        <label class="mono" for={format!("insp-{name}")}>{ name }</label>
                        <input id={format!("insp-{name}")} data-testid={format!("insp-{name}")} inputmode="numeric" size="8"
                            value={self.draft.producer_props.get(name).cloned().unwrap_or_else(|| p.config.property(name).unwrap_or_default())}
                            oninput={link.callback(move |e: InputEvent| Msg::Sim(SimMsg::Draft(Field::ProducerProperty(name), e.target_unchecked_into::<HtmlInputElement>().value())))} />
                    </> }) }
                </div>
                <p class="small muted">{ Text::ProducerReplaceNote.get(lang) }</p>
                { self.form_message() }
                <div class="actions">
                    <button class="small" data-testid="insp-drop-response" disabled={ended} onclick={link.callback({ let id = id.clone(); move |_| Msg::Sim(SimMsg::DropResponse(id.clone())) })}>{ Text::DropResponse.get(lang) }</button>
                    // A consume-transform-produce producer's transactions are its consumer's.
                    if p.is_transactional() && p.consumer.is_none() {
                        <button class="small" data-testid="insp-begin-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::Ready}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Sim(SimMsg::Txn(id.clone(), None)) })}>{ Text::BeginTxn.get(lang) }</button>
                        <button class="small" data-testid="insp-commit-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::InTransaction}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Sim(SimMsg::Txn(id.clone(), Some(true))) })}>{ Text::CommitTxn.get(lang) }</button>
                        <button class="small" data-testid="insp-abort-txn" disabled={ended || p.txn.phase != crate::model::producer::TxnPhase::InTransaction}
                            onclick={link.callback({ let id = id.clone(); move |_| Msg::Sim(SimMsg::Txn(id.clone(), Some(false))) })}>{ Text::AbortTxn.get(lang) }</button>
                    }
                </div>
                <div class="actions">
                    <button class="small" data-testid="insp-apply-producer" onclick={link.callback(move |_| Msg::Sim(SimMsg::ApplyProducer(id.clone())))}>{ Text::Apply.get(lang) }</button>
                    <button class="small" data-testid="insp-dismiss" onclick={link.callback(|_| Msg::CloseOverlays)}>{ Text::CloseInspector.get(lang) }</button>
                </div>
            </section>
        }
    }
}
