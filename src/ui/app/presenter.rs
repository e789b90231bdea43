//! Presenter mode and embedding (issue 16): full screen with large type and a projector
//! palette, clicker keys, a blank screen, a QR code of the current link; and `?embed=1`, the
//! stage, timeline and play controls only, for slides and learning-management systems.
//!
//! Both are classes on the app's root (`presenter`, `embed`): the stylesheet hides what the
//! room does not need, so the views render as they always do.

use super::{App, Msg, SimMsg};
use crate::i18n::presenter::Pt;
use crate::ui::browser::{self, base_url};
use yew::prelude::*;

#[derive(Clone)]
pub enum PresenterMsg {
    Toggle,
    Blank,
    /// Show or hide the instructor's answers (an `?instructor=1` link) in presenter mode.
    Answers,
    Unblank,
    Qr,
    CloseQr,
}

#[derive(Default)]
pub struct Presenter {
    pub on: bool,
    pub blank: bool,
    /// The QR code is shown: of this link, or why there is no link.
    pub qr: Option<Result<String, String>>,
    /// `?embed=1`: the stage, the timeline and the play controls only.
    pub embed: bool,
    /// The instructor's answers are shown to the room (presenter mode hides them until `A`).
    pub answers: bool,
}

impl App {
    /// Whether the checkpoint answers are marked before the reveal: only with an instructor
    /// link, and in presenter mode (in front of the room) only once the presenter showed them.
    pub(super) fn instructor_marks(&self) -> bool {
        self.lessons.instructor && (!self.presenter.on || self.presenter.answers)
    }

    /// Classes of the app's root element.
    pub(super) fn root_classes(&self) -> Classes {
        classes!("app", self.presenter.on.then_some("presenter"), self.presenter.embed.then_some("embed"))
    }

    /// The link students open on their phones: the lesson step (never the instructor's
    /// answers), or the exact state of the sandbox.
    fn student_link(&self) -> Result<String, String> {
        let lang = self.lang;
        let base = base_url();
        if let Some(run) = &self.lessons.run {
            return Ok(format!("{base}?lesson={}&step={}&lang={}", run.loaded.lesson.id, run.step + 1, lang.code()));
        }
        self.share_fragment()
            .map(|fragment| self.page_link(&[], &fragment))
            .map_err(|e| crate::i18n::link::share_refused(&e, lang))
    }

    pub(super) fn update_presenter(&mut self, msg: PresenterMsg) -> bool {
        match msg {
            PresenterMsg::Toggle => {
                self.presenter.on = !self.presenter.on;
                self.presenter.blank = false;
                self.presenter.answers = false;
                // Full screen needs a user gesture (this key or click); refused, the page still
                // switches to presenter mode in the window.
                browser::set_fullscreen(self.presenter.on);
                if !self.presenter.on {
                    self.presenter.qr = None;
                }
            }
            PresenterMsg::Blank => self.presenter.blank = !self.presenter.blank,
            PresenterMsg::Answers => self.presenter.answers = !self.presenter.answers,
            PresenterMsg::Unblank => self.presenter.blank = false,
            PresenterMsg::Qr => {
                self.simulate.pause();
                self.presenter.qr = Some(self.student_link());
            }
            PresenterMsg::CloseQr => self.presenter.qr = None,
        }
        true
    }

    /// The presenter-mode and QR buttons (not in an embed).
    pub(super) fn presenter_buttons(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        if self.presenter.embed {
            return html! {};
        }
        let link = ctx.link();
        html! {
            <>
                <button data-testid="btn-presenter" aria-pressed={self.presenter.on.to_string()} title={Pt::PresenterHint.get(lang)}
                    onclick={link.callback(|_| Msg::Presenter(PresenterMsg::Toggle))}>
                    { format!("▣ {}", if self.presenter.on { Pt::PresenterOff.get(lang) } else { Pt::Presenter.get(lang) }) }
                </button>
                if self.presenter.on {
                    <button data-testid="btn-qr" onclick={link.callback(|_| Msg::Presenter(PresenterMsg::Qr))}>{ format!("▦ {}", Pt::Qr.get(lang)) }</button>
                }
            </>
        }
    }

    /// The blank screen, the QR code and, in an embed, the way out to the full app.
    pub(super) fn presenter_overlays(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let blank = self.presenter.blank.then(|| {
            html! { <div class="blank-screen" data-testid="blank-screen" aria-hidden="true" onclick={link.callback(|_| Msg::Presenter(PresenterMsg::Unblank))}></div> }
        });
        let qr = self.presenter.qr.as_ref().map(|url| {
            let body = match url {
                Err(why) => html! { <p role="alert">{ why.clone() }</p> },
                Ok(url) => match crate::share::qr_svg(url) {
                    Some((size, path)) => html! {
                        <>
                            <svg class="qr" viewBox={format!("-4 -4 {} {}", size + 8, size + 8)} role="img" aria-label={Pt::QrLabel.get(lang)} data-testid="qr-code" data-url={url.clone()}>
                                <rect x="-4" y="-4" width={(size + 8).to_string()} height={(size + 8).to_string()} fill="#fff" />
                                <path d={path} fill="#000" />
                            </svg>
                            <p class="qr-url">{ url.clone() }</p>
                        </>
                    },
                    None => html! { <p role="alert">{ Pt::QrTooLong.get(lang) }</p> },
                },
            };
            html! {
                <div class="qr-box" role="dialog" aria-modal="true" aria-labelledby="qr-title" data-testid="qr">
                    <h2 id="qr-title">{ Pt::QrTitle.get(lang) }</h2>
                    { body }
                    <button data-testid="btn-close-qr" onclick={link.callback(|_| Msg::Presenter(PresenterMsg::CloseQr))}>{ Pt::Close.get(lang) }</button>
                </div>
            }
        });
        let embed_exit = self.presenter.embed.then(|| {
            let href = self.student_link().unwrap_or_else(|_| base_url());
            html! { <a class="embed-open" data-testid="embed-open" href={href} target="_blank" rel="noopener">{ format!("groupscope ↗ {}", Pt::OpenFull.get(lang)) }</a> }
        });
        html! { <>{ for blank }{ for qr }{ for embed_exit }</> }
    }

    /// A clicker or presenter key, if it is one (PageDown / PageUp, `.`, `B`, `P`).
    pub(super) fn presenter_key(&self, key: &str) -> Option<Msg> {
        if self.presenter.embed {
            return None;
        }
        match key {
            "p" | "P" => Some(Msg::Presenter(PresenterMsg::Toggle)),
            _ if !self.presenter.on => None,
            "b" | "B" => Some(Msg::Presenter(PresenterMsg::Blank)),
            "a" | "A" if self.lessons.instructor => Some(Msg::Presenter(PresenterMsg::Answers)),
            "." => Some(Msg::Sim(SimMsg::TogglePlay)),
            _ => None,
        }
    }
}
