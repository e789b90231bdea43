//! Shared links (issue 16): the "Share link" box, and opening a `#s=` link at start.

use super::{App, Msg};
use crate::i18n::link::{link_error, share_refused, Lk};
use crate::link::{self, LinkError, SharedState};
use yew::prelude::*;

#[derive(Clone)]
pub enum ShareMsg {
    Open,
    Copy,
    Close,
    DismissRejected,
}

/// The share box and what a link in the URL did.
#[derive(Default)]
pub struct Share {
    /// The box: the link offered, or why none is.
    pub shown: Option<Result<String, LinkError>>,
    pub copied: bool,
    /// Why the `#s=` link the page was opened with opened nothing.
    pub rejected: Option<LinkError>,
}

/// The `#s=` part of the page's URL, if any.
fn fragment() -> Option<String> {
    let hash = gloo::utils::window().location().hash().ok()?;
    hash.strip_prefix("#s=").map(str::to_string)
}

impl App {
    /// Opens the state of a `#s=` link, if the page has one (called once, at start). A link
    /// that cannot be opened leaves the default scenario and says why.
    pub(super) fn open_link_from_url(&mut self) {
        let Some(fragment) = fragment() else { return };
        match link::decode(&fragment).and_then(|state| link::replay(&state).map(|session| (state, session))) {
            Ok((state, session)) => {
                self.preset = state.preset;
                self.group_id = state.group;
                self.session = session;
                self.clock.view_ms = state.at_ms as f64;
            }
            Err(e) => self.share.rejected = Some(e),
        }
    }

    pub(super) fn update_share(&mut self, msg: ShareMsg) -> bool {
        match msg {
            ShareMsg::Open => {
                self.pause();
                let state = SharedState {
                    preset: self.preset.clone(),
                    group: self.group_id.clone(),
                    at_ms: self.view_ms(),
                    actions: self.session.actions.clone(),
                };
                let offered = link::share(&state).map(|fragment| {
                    let location = gloo::utils::window().location();
                    let url = format!(
                        "{}{}#s={fragment}",
                        location.origin().unwrap_or_default(),
                        location.pathname().unwrap_or_default()
                    );
                    // The address bar shows the link too (no new history entry).
                    if let Ok(history) = gloo::utils::window().history() {
                        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                    }
                    url
                });
                self.share.shown = Some(offered);
                self.share.copied = false;
            }
            ShareMsg::Copy => {
                if let Some(Ok(url)) = &self.share.shown {
                    let _ = gloo::utils::window().navigator().clipboard().write_text(url);
                    self.share.copied = true;
                }
            }
            ShareMsg::Close => {
                self.share.shown = None;
            }
            ShareMsg::DismissRejected => self.share.rejected = None,
        }
        true
    }

    /// The share button (not during a lesson, whose scenario is no preset).
    pub(super) fn share_button(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        if self.lessons.run.is_some() {
            return html! {};
        }
        html! {
            <button data-testid="btn-share" onclick={ctx.link().callback(|_| Msg::Share(ShareMsg::Open))}>{ format!("🔗 {}", Lk::Share.get(lang)) }</button>
        }
    }

    /// The notice of a link that opened nothing, and the share box.
    pub(super) fn share_box(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let rejected = self.share.rejected.as_ref().map(|e| {
            html! {
                <div class="notice" role="alert" data-testid="notice-link">
                    { link_error(e, lang) }
                    <button class="small" aria-label={Lk::Close.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::DismissRejected))}>{ "×" }</button>
                </div>
            }
        });
        let shown = match &self.share.shown {
            None => html! {},
            Some(Err(e)) => html! {
                <div class="notice" role="alert" data-testid="share-refused">
                    { share_refused(e, lang) }
                    <button class="small" aria-label={Lk::Close.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::Close))}>{ "×" }</button>
                </div>
            },
            Some(Ok(url)) => html! {
                <section class="share-box" data-testid="share-box" aria-label={Lk::ShareTitle.get(lang)}>
                    <strong>{ Lk::ShareTitle.get(lang) }</strong>
                    <input data-testid="share-url" readonly=true value={url.clone()} aria-label={Lk::ShareTitle.get(lang)}
                        onfocus={Callback::from(|e: FocusEvent| {
                            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                                input.select();
                            }
                        })} />
                    <button data-testid="share-copy" onclick={link.callback(|_| Msg::Share(ShareMsg::Copy))}>
                        { if self.share.copied { format!("✓ {}", Lk::Copied.get(lang)) } else { Lk::Copy.get(lang).to_string() } }
                    </button>
                    <button class="small" data-testid="share-close" aria-label={Lk::Close.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::Close))}>{ "×" }</button>
                    <p class="hint">{ format!("{} ({} / {})", Lk::ShareHint.get(lang), url.len(), link::MAX_LINK_CHARS) }</p>
                </section>
            },
        };
        html! { <>{ for rejected }{ shown }</> }
    }
}
