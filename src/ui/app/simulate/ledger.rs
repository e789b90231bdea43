//! The delivery ledger of the shown group and its offset lookup.
use super::*;
use crate::i18n::Text;
use web_sys::{HtmlInputElement, HtmlSelectElement};

impl SimulateView {
    /// The ledger's lookup form: any offset of any partition the shown group reads, also
    /// those scrolled out of the ledger's window.
    /// The partitions the ledger lookup offers, and the one it uses: the one chosen if the shown
    /// group reads it, else the first.
    pub(crate) fn lookup_partitions(&self) -> (Vec<crate::model::nouns::TopicPartition>, Option<crate::model::nouns::TopicPartition>) {
        let sim = &self.session.sim;
        let partitions = sim.world.cluster.partitions_of(&sim.group_topics(&self.group_id));
        let chosen = self
            .draft
            .lookup_partition
            .as_deref()
            .and_then(crate::model::nouns::TopicPartition::parse)
            .filter(|tp| partitions.contains(tp))
            .or_else(|| partitions.first().cloned());
        (partitions, chosen)
    }

    pub(crate) fn ledger_lookup(&mut self, lang: Lang) {
        let text = self.draft.lookup_offset.clone().unwrap_or_default();
        let Some(tp) = self.lookup_partitions().1 else { return };
        let sim = &self.session.sim;
        let end = sim.world.cluster.log(&tp).map_or(0, |l| l.log_end_offset());
        if end == 0 {
            self.draft.lookup_error = Some(crate::i18n::simulate::lookup_no_records(&tp.to_string(), lang));
            return;
        }
        match text.trim().parse::<u64>() {
            Ok(offset) if offset < end => {
                self.draft.lookup_error = None;
                self.ledger_pick = Some((tp, offset));
            }
            _ => {
                self.draft.lookup_error = Some(crate::i18n::simulate::lookup_out_of_range(&text, &tp.to_string(), end.saturating_sub(1), lang));
            }
        }
    }
    /// The delivery ledger of the shown group: the latest offsets of each partition coloured by
    /// how often they were processed (a number or ✕ as the second cue); a click tells the
    /// offset's story from the trace.
    pub(crate) fn ledger(&self, ctx: &Context<App>, lang: Lang) -> Html {
        const SHOWN: u64 = 48;
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
                        onclick={link.callback(move |_| Msg::Sim(SimMsg::LedgerPage(page.saturating_sub(1))))}>{ "‹" }</button>
                    <span data-testid="ledger-page">{ label }</span>
                    <button class="small" data-testid="ledger-page-next" disabled={page + 1 >= pages} aria-label={Text::NextPage.get(lang)}
                        onclick={link.callback(move |_| Msg::Sim(SimMsg::LedgerPage(page + 1)))}>{ "›" }</button>
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
                // One tab stop per partition (the picked cell, else the newest); ←/→ move along.
                let row_pick = self.ledger_pick.as_ref().filter(|(p, _)| *p == tp).map(|(_, o)| *o);
                // The window shows the latest offsets, or the picked one if it is older (a jump to
                // a duplicate the card counts, or a looked-up offset).
                let window_end = row_pick.filter(|o| *o < end.saturating_sub(SHOWN)).map_or(end, |o| (o + SHOWN / 2).min(end));
                let window = window_end.saturating_sub(SHOWN)..window_end;
                let stop = row_pick.filter(|o| window.contains(o)).unwrap_or(window_end.saturating_sub(1));
                let cells: Vec<Html> = window
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
                                tabindex={if offset == stop { "0" } else { "-1" }}
                                aria-label={format!("{tp} offset {offset}: {text}")}
                                onclick={ctx.link().callback(move |_| Msg::Sim(SimMsg::LedgerPick(pick.0.clone(), pick.1)))}>{ text }</button>
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
                    <div class="ledger-row" role="group" aria-label={tp.to_string()} onkeydown={Callback::from(move_along_row)}><span class="ledger-tp">{ format!("P{}", tp.partition) }</span>{ for cells }
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
                if group.ledger.duplicates() > 0 {
                    <p class="small"><button class="small" data-testid="ledger-first-duplicate" onclick={ctx.link().callback(|_| Msg::Sim(SimMsg::LedgerFirstDuplicate))}>
                        { crate::i18n::simulate::ledger_first_duplicate(group.ledger.duplicates(), lang) }
                    </button></p>
                }
                { pager }
                { for rows }
                <p class="ledger-legend small">
                    <span class="cell once">{ "1" }</span>{ Text::LedgerOnce.get(lang) }
                    <span class="cell dup">{ "2" }</span>{ Text::LedgerDuplicate.get(lang) }
                    <span class="cell lost">{ "✕" }</span>{ Text::LedgerLost.get(lang) }
                    <span class="cell pending">{ "·" }</span>{ Text::LedgerPending.get(lang) }
                    <span class="cell skipped">{ "–" }</span>{ Text::LedgerSkipped.get(lang) }
                </p>
                <form class="ledger-lookup small" onsubmit={ctx.link().callback(|e: SubmitEvent| { e.prevent_default(); Msg::Sim(SimMsg::LedgerLookup) })}>
                    <label for="ledger-lookup-partition">{ Text::LookupLabel.get(lang) }</label>
                    <select id="ledger-lookup-partition" data-testid="ledger-lookup-partition"
                        onchange={ctx.link().callback(|e: Event| Msg::Sim(SimMsg::Draft(Field::LookupPartition, e.target_unchecked_into::<HtmlSelectElement>().value())))}>
                        { for lookup_partitions.iter().map(|tp| html! {
                            <option value={tp.to_string()} selected={Some(tp) == lookup_selected.as_ref()}>{ tp.to_string() }</option>
                        }) }
                    </select>
                    <input data-testid="ledger-lookup-offset" inputmode="numeric" size="6" aria-label="offset" placeholder="offset"
                        value={self.draft.lookup_offset.clone().unwrap_or_default()}
                        oninput={ctx.link().callback(|e: InputEvent| Msg::Sim(SimMsg::Draft(Field::LookupOffset, e.target_unchecked_into::<HtmlInputElement>().value())))} />
                    <button class="small" type="submit" data-testid="ledger-lookup">{ Text::LookupButton.get(lang) }</button>
                </form>
                if let Some(error) = &self.draft.lookup_error {
                    <p class="form-message" role="status" data-testid="ledger-lookup-error">{ error.clone() }</p>
                }
                <p class="ledger-story" aria-live="polite" data-testid="ledger-story">{ story.unwrap_or_default() }</p>
            </section>
        }
    }
}

/// ←/→ (and Home/End) move the focus along a ledger row's cells.
fn move_along_row(e: KeyboardEvent) {
    let Some(cell) = e.target_dyn_into::<web_sys::Element>() else { return };
    let next = match e.key().as_str() {
        "ArrowLeft" => cell.previous_element_sibling(),
        "ArrowRight" => cell.next_element_sibling(),
        "Home" => cell.parent_element().and_then(|row| row.query_selector("button").ok().flatten()),
        "End" => cell
            .parent_element()
            .and_then(|row| row.query_selector_all("button").ok())
            .and_then(|all| all.item(all.length().saturating_sub(1)))
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok()),
        _ => return,
    };
    if let Some(next) = next
        .filter(|n| n.tag_name() == "BUTTON")
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        e.prevent_default();
        let _ = next.focus();
    }
}
