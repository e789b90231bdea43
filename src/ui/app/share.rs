//! Shared links and session files (issue 16): the "Share link" box, opening a `#s=` link at
//! start, and saving / opening the session as a JSON file (which `groupscope-cli run` accepts).

use super::{App, Msg};
use crate::i18n::link::{file_error, link_error, share_refused, Lk};
use crate::model::scenario::Scenario;
use crate::model::session::Session;
use crate::share::{self as link, LinkError, SharedState};
use crate::ui::browser;
use yew::prelude::*;

#[derive(Clone)]
pub enum ShareMsg {
    Open,
    Copy,
    Close,
    DismissRejected,
    SaveFile,
    OpenFile(web_sys::File),
    FileRead(String, Option<String>),
    /// Download the stage as "svg" or "png".
    ExportStage(&'static str),
}

/// The share box and what a link in the URL did.
#[derive(Default)]
pub struct Share {
    /// The box: the link offered, or why none is.
    pub shown: Option<Result<String, LinkError>>,
    pub copied: bool,
    /// Why the `#s=` link the page was opened with opened nothing.
    pub rejected: Option<LinkError>,
    /// What the last file opened did: its name, or why it opened nothing.
    pub file_notice: Option<Result<String, link::FileError>>,
}

impl App {
    /// Opens the state of a `#s=` link, if the page has one (called once, at start), once its
    /// preset's file arrived. A link that cannot be opened leaves the default scenario and
    /// says why.
    pub(super) fn open_link_from_url(&mut self, ctx: &Context<Self>) {
        let Some(fragment) = browser::url_fragment("#s=") else { return };
        match link::parse(&fragment) {
            Ok(state) => super::simulate::fetch_preset(ctx, state.preset.clone(), Some(state)),
            Err(e) => self.share.rejected = Some(e),
        }
    }

    /// Opens a shared state on its preset's scenario (None: the file did not arrive).
    pub(super) fn open_link_on(&mut self, state: SharedState, scenario: Option<Scenario>) {
        let opened = scenario
            .ok_or_else(|| LinkError::PresetUnavailable(state.preset.clone()))
            .and_then(|scenario| link::replay_on(&state, &scenario));
        match opened {
            Ok(session) => {
                self.simulate.load(session, &state.group, state.at_ms);
                self.simulate.preset = state.preset;
            }
            Err(e) => self.share.rejected = Some(e),
        }
    }

    /// The `#s=` fragment of the state on view (proven to round-trip), or why there is none:
    /// a scenario from a file, or too long.
    pub(super) fn share_fragment(&self) -> Result<String, LinkError> {
        if self.simulate.from_file.is_some() {
            return Err(LinkError::NotBundled);
        }
        let state = SharedState {
            preset: self.simulate.preset.clone(),
            group: self.simulate.group_id.clone(),
            at_ms: self.simulate.view_ms(),
            actions: self.simulate.session.actions.clone(),
        };
        link::share(&state, self.simulate.session.scenario())
    }

    /// The embed's link (`?embed=1`) to the state a shared `url` opens.
    fn embed_link(&self, url: &str) -> String {
        let fragment = url.split_once("#s=").map_or("", |(_, f)| f);
        self.page_link(&[("embed", "1")], fragment)
    }

    /// A link to this page with `query` (`name=value` pairs) and the state's fragment: the
    /// language and the speed always go with it, so the link opens as it was shared.
    pub(super) fn page_link(&self, query: &[(&str, &str)], fragment: &str) -> String {
        let speed = super::speed_code(self.simulate.clock.speed);
        let mut params: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        params.push(format!("lang={}", self.lang.code()));
        params.push(format!("speed={speed}"));
        format!("{}?{}#s={fragment}", browser::base_url(), params.join("&"))
    }

    /// The name saved files start with: the preset, or the opened file's name without its
    /// `-at-<ms>ms.json` (`default-at-30000ms.json` saved again keeps `default`).
    fn file_stem(&self) -> &str {
        let stem = self
            .simulate
            .from_file
            .as_ref()
            .map_or(self.simulate.preset.as_str(), |(name, _)| name.trim_end_matches(".json"));
        stem.split("-at-").next().unwrap_or(stem)
    }

    pub(super) fn update_share(&mut self, ctx: &Context<Self>, msg: ShareMsg) -> bool {
        match msg {
            ShareMsg::Open => {
                self.simulate.pause();
                let offered = self.share_fragment().map(|fragment| {
                    let url = self.page_link(&[], &fragment);
                    // The address bar shows the link too (no new history entry).
                    browser::replace_url(&url);
                    url
                });
                self.share.shown = Some(offered);
                self.share.copied = false;
            }
            ShareMsg::Copy => {
                if let Some(Ok(url)) = &self.share.shown {
                    browser::copy_to_clipboard(url);
                    self.share.copied = true;
                }
            }
            ShareMsg::Close => {
                self.share.shown = None;
            }
            ShareMsg::DismissRejected => {
                self.share.rejected = None;
                self.share.file_notice = None;
            }
            ShareMsg::SaveFile => {
                self.simulate.pause();
                let scenario = match &self.simulate.from_file {
                    Some((_, json)) => json.clone(),
                    // A bundled scenario: as the session holds it (every field written out).
                    None => {
                        let text = serde_json::to_string(self.simulate.session.scenario()).unwrap_or_default();
                        serde_json::from_str(&text).unwrap_or_default()
                    }
                };
                let at_ms = self.simulate.view_ms();
                let file = link::export_file(&scenario, &self.simulate.group_id, at_ms, &self.simulate.session.actions);
                browser::download(&format!("{}-at-{at_ms}ms.json", self.file_stem()), "application/json", &file);
            }
            ShareMsg::ExportStage(kind) => {
                let at_ms = self.simulate.view_ms();
                let stem = self.file_stem();
                let title = format!("groupscope · {stem} · {} · {}", self.simulate.group_id, crate::ui::clock::format_time(at_ms));
                crate::ui::export::export_stage(kind, &format!("{stem}-at-{at_ms}ms"), &title);
                return false;
            }
            ShareMsg::OpenFile(file) => {
                let name = file.name();
                ctx.link()
                    .send_future(async move { Msg::Share(ShareMsg::FileRead(name, browser::read_file(file).await)) });
                return false;
            }
            ShareMsg::FileRead(name, text) => {
                let opened = text.ok_or(link::FileError::Unreadable).and_then(|t| link::open_file(&t));
                match opened {
                    Ok(opened) => {
                        self.lessons.run = None;
                        self.sync_lesson_url();
                        let session = Session::replay(&opened.scenario, &opened.actions, opened.at_ms);
                        self.simulate.load(session, &opened.group, opened.at_ms);
                        self.simulate.from_file = Some((name.clone(), opened.scenario_json));
                        self.share.shown = None;
                        self.share.file_notice = Some(Ok(name));
                    }
                    Err(why) => self.share.file_notice = Some(Err(why)),
                }
            }
        }
        true
    }

    /// The share button (not during a lesson, whose scenario is no preset).
    pub(super) fn share_button(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        if self.lessons.run.is_some() {
            return html! {};
        }
        let on_open = ctx.link().batch_callback(|e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            file.map(|f| Msg::Share(ShareMsg::OpenFile(f)))
        });
        html! {
            <>
                <button data-testid="btn-share" onclick={ctx.link().callback(|_| Msg::Share(ShareMsg::Open))}>{ format!("↗ {}", Lk::Share.get(lang)) }</button>
                <button data-testid="btn-save-file" title={Lk::SaveFileHint.get(lang)} onclick={ctx.link().callback(|_| Msg::Share(ShareMsg::SaveFile))}>{ format!("⤓ {}", Lk::SaveFile.get(lang)) }</button>
                <label class="file-button" title={Lk::OpenFileHint.get(lang)}>
                    { format!("⤒ {}", Lk::OpenFile.get(lang)) }
                    <input type="file" accept=".json,application/json" data-testid="open-file" onchange={on_open} />
                </label>
            </>
        }
    }

    /// The stage's export buttons (under the stage).
    pub(super) fn export_buttons(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        html! {
            <span class="stage-export">
                <button class="small" data-testid="btn-export-svg" title={Lk::ExportHint.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::ExportStage("svg")))}>{ format!("⤓ {}", Lk::ExportSvg.get(lang)) }</button>
                <button class="small" data-testid="btn-export-png" title={Lk::ExportHint.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::ExportStage("png")))}>{ format!("⤓ {}", Lk::ExportPng.get(lang)) }</button>
            </span>
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
                    <label class="embed-snippet small">{ crate::i18n::presenter::Pt::EmbedSnippet.get(lang) }
                        <input data-testid="embed-snippet" readonly=true value={crate::i18n::presenter::embed_snippet(&self.embed_link(url), lang)}
                            onfocus={Callback::from(|e: FocusEvent| {
                                if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                                    input.select();
                                }
                            })} />
                    </label>
                </section>
            },
        };
        let file_notice = self.share.file_notice.as_ref().map(|notice| match notice {
            Ok(name) => html! {
                <div class="notice ok" role="status" data-testid="file-opened">
                    { Lk::FileOpened.get(lang).replace("{name}", name) }
                    <button class="small" aria-label={Lk::Close.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::DismissRejected))}>{ "×" }</button>
                </div>
            },
            Err(why) => html! {
                <div class="notice" role="alert" data-testid="file-refused">
                    { file_error(why, lang) }
                    <button class="small" aria-label={Lk::Close.get(lang)} onclick={link.callback(|_| Msg::Share(ShareMsg::DismissRejected))}>{ "×" }</button>
                </div>
            },
        });
        html! { <>{ for rejected }{ for file_notice }{ shown }</> }
    }
}
