//! The stage's key: every mark the stage draws, each with a small drawing of it and its name,
//! in a compact row that wraps.

use crate::i18n::stage::KeyItem;
use crate::i18n::{Lang, Text};
use yew::prelude::*;

/// A drawing of one mark, in a 26×16 box, with the stage's own classes.
fn swatch(item: KeyItem) -> Html {
    let cell = |class: &'static str, fill: &'static str| html! { <rect x="5" y="1" width="16" height="14" class={class} fill={fill} /> };
    let body = match item {
        KeyItem::Record => html! { <>{ cell("cell", "#77AADD") }<text x="13" y="12" class="cell-text">{ "7" }</text></> },
        KeyItem::Processed => html! { <>{ cell("cell", "#EEDD88") }<rect x="7" y="11" width="12" height="2" class="done-bar" /></> },
        KeyItem::Duplicate => cell("cell dup", "#EEDD88"),
        KeyItem::Committed => html! { <path d="M13 3 l5 8 h-10 z" class="committed-marker" /> },
        KeyItem::CommittedBefore => html! { <path d="M6 8 l9 -5 v10 z" class="committed-marker" /> },
        KeyItem::HighWatermark => html! { <line x1="13" x2="13" y1="0" y2="16" class="hw-line" /> },
        KeyItem::LogStart => html! { <line x1="13" x2="13" y1="0" y2="16" class="ls-line" /> },
        KeyItem::Lso => html! { <line x1="13" x2="13" y1="0" y2="16" class="lso-line" /> },
        KeyItem::Position => html! { <path d={crate::ui::stage::shape_path(0, 13, 8, 5)} fill={crate::ui::stage::CONSUMER_COLOURS[0]} /> },
        KeyItem::Owner => html! { <line x1="1" y1="13" x2="25" y2="3" class="assign-line" stroke={crate::ui::stage::CONSUMER_COLOURS[0]} /> },
        KeyItem::NoOwner => html! { <rect x="1" y="2" width="24" height="12" class="strip-bg unowned" /> },
        KeyItem::TxnMarkers => html! { <>{ cell("cell marker commit", "#1f1f1f") }<text x="13" y="12" class="cell-text marker-text-glyph">{ "✓" }</text></> },
        KeyItem::Aborted => html! { <>{ cell("cell", "#EE8866") }<rect x="5" y="1" width="16" height="14" fill="url(#key-hatch)" /></> },
        KeyItem::AboveHighWatermark => cell("cell unreplicated", "#77AADD"),
        KeyItem::OpenTxn => cell("cell open-txn", "#99DDFF"),
        KeyItem::CommitsWaiting => {
            html! { <g class="broker coordinator commits-waiting"><rect x="2" y="2" width="22" height="12" rx="3" class="broker-box" /></g> }
        }
        KeyItem::Batch => html! { <path d="M2 4 V12 H24 V4" class="batch-span zipped" /> },
        KeyItem::Rings => html! { <><circle cx="13" cy="8" r="6.5" class="ring-bg" /><text x="13" y="11" class="ring-letter">{ "H" }</text></> },
    };
    html! { <svg class="stage key-swatch" viewBox="0 0 26 16" aria-hidden="true">{ body }</svg> }
}

/// The key under the stage.
pub fn render(lang: Lang) -> Html {
    html! {
        <div class="legend stage-key" data-testid="stage-key">
            <svg class="key-defs" width="0" height="0" aria-hidden="true">
                <defs>
                    <pattern id="key-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <line x1="0" y1="0" x2="0" y2="5" stroke="#444" stroke-width="1.6" />
                    </pattern>
                </defs>
            </svg>
            <strong>{ Text::Legend.get(lang) }</strong>
            <ul>
                { for KeyItem::ALL.iter().map(|item| html! { <li data-key={format!("{item:?}")}>{ swatch(*item) }{ item.get(lang) }</li> }) }
            </ul>
        </div>
    }
}
