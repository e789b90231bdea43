//! The root component: it routes between the views (header, tabs, language, keys, and each
//! view's sub-messages). The simulate view's state is `simulate::SimulateView`; lessons, share
//! and presenter keep theirs in their own files under `app/`.

use crate::i18n::study::St;
use crate::i18n::{Lang, Text};
use crate::model::scenario::{Scenario, PRESET_IDS};
use crate::ui::browser::{self, KeyTarget};
use crate::ui::clock::Clock;
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::KeyboardEvent;
use yew::prelude::*;

mod lesson_map;
mod lesson_panel;
mod lessons;
mod presenter;
mod share;
mod simulate;

use simulate::{SimMsg, SimulateView};

/// Speeds as (numerator, denominator): 0.25× … 16×.
pub const SPEEDS: [(u32, u32); 7] = [(1, 4), (1, 2), (1, 1), (2, 1), (4, 1), (8, 1), (16, 1)];
const DEFAULT_SPEED: usize = 2;

/// A speed as links write it (`?speed=0.25` … `?speed=16`).
pub(crate) fn speed_code(speed: usize) -> String {
    crate::i18n::speed_label(SPEEDS[speed]).trim_end_matches('×').to_string()
}

/// `?speed=` of the page's URL: the speed, or the value we could not use.
fn initial_speed() -> (usize, Option<String>) {
    match browser::url_param("speed") {
        None => (DEFAULT_SPEED, None),
        Some(value) => match (0..SPEEDS.len()).find(|&i| speed_code(i) == value) {
            Some(i) => (i, None),
            None => (DEFAULT_SPEED, Some(value)),
        },
    }
}
const LANG_KEY: &str = "groupscope.lang";
/// Set once a visitor answered the first visit's banner.
const WELCOMED_KEY: &str = "groupscope.welcomed";
const NARRATION_ROWS: usize = 14;

#[derive(Clone)]
pub enum Msg {
    Frame(f64),
    ToggleLang,
    Key(KeyboardEvent),
    DismissNotice,
    ToggleHelp,
    CloseOverlays,
    /// Fetch a bundled scenario's file, then open it.
    LoadPreset(String),
    /// A bundled scenario arrived (None: its file did not, or is not a scenario); with a
    /// shared state to open on it.
    PresetFetched(String, Option<Box<Scenario>>, Option<crate::share::SharedState>),
    SetMode(Mode),
    Lesson(lessons::LessonMsg),
    Share(share::ShareMsg),
    Presenter(presenter::PresenterMsg),
    /// The first visit's banner: start lesson 1 (true) or explore the sandbox (false).
    Welcome(bool),
    /// The simulate view's own messages (`SimulateView::update`).
    Sim(SimMsg),
}

/// Which view the app shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Lessons,
    Simulate,
    Compare,
    Explain,
}

impl Mode {
    const ALL: [Mode; 4] = [Mode::Lessons, Mode::Simulate, Mode::Compare, Mode::Explain];
    fn code(self) -> &'static str {
        match self {
            Mode::Lessons => "lessons",
            Mode::Simulate => "simulate",
            Mode::Compare => "compare",
            Mode::Explain => "explain",
        }
    }
    fn label(self) -> St {
        match self {
            Mode::Lessons => St::ModeLessons,
            Mode::Simulate => St::ModeSimulate,
            Mode::Compare => St::ModeCompare,
            Mode::Explain => St::ModeExplain,
        }
    }
}

/// Routing state only: which view, the language, overlays and presenter flags, URL values we
/// could not use; and each view's own state.
pub struct App {
    mode: Mode,
    /// `?compare=` (opens that comparison the first time compare mode is shown).
    compare_preset: Option<String>,
    /// A `?mode=` value we could not use.
    rejected_mode: Option<String>,
    lang: Lang,
    /// A `?lang=` value we could not use (shown until dismissed).
    rejected_lang: Option<String>,
    /// A `?speed=` value that is not a speed offered (shown until dismissed).
    rejected_speed: Option<String>,
    /// A first visit to the plain page: one sentence of what this is and the two ways in.
    welcome: bool,
    /// A `?preset=` value that names no bundled scenario (shown until dismissed).
    /// `?preset=` we could not use (false), or a preset whose file did not arrive (true).
    rejected_preset: Option<(String, bool)>,
    help_open: bool,
    simulate: SimulateView,
    lessons: lessons::Lessons,
    share: share::Share,
    presenter: presenter::Presenter,
    _keys: Option<EventListener>,
    keys_owned: Rc<Cell<bool>>,
    /// What the lesson layout's height was last fitted to (`fit_lesson_height`): the screen's
    /// size, the step, the notices shown, presenter mode and the view.
    lesson_fit: Option<LessonFit>,
}

type LessonFit = ((u32, u32), usize, usize, bool, Mode);

/// Room left under a lesson's stage and card (the page's bottom padding).
const LESSON_BOTTOM_GAP_PX: u32 = 16;

/// A key that scrolls the page unless the app takes it: Space (outside buttons and links,
/// where it activates them), the arrows, PageUp and PageDown (a clicker's keys). Typing in a
/// field and shortcuts with Ctrl, Alt or Meta are never the app's.
fn scrolls(event: &KeyboardEvent) -> bool {
    if event.ctrl_key() || event.meta_key() || event.alt_key() {
        return false;
    }
    match browser::key_target(event) {
        KeyTarget::Field => false,
        target => match event.key().as_str() {
            " " => target == KeyTarget::Page,
            "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "PageUp" | "PageDown" => true,
            _ => false,
        },
    }
}

impl App {
    /// What a key does in the simulate view (a lesson runs there too). Space and Enter on a
    /// button or link press it; in a field only Escape is the app's; clicker keys (PageUp,
    /// PageDown, and in presenter mode `.` and `B`) work wherever else the focus is.
    fn key_msg(&self, event: &KeyboardEvent) -> Option<Msg> {
        if self.mode != Mode::Simulate || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return None;
        }
        let target = browser::key_target(event);
        let key = event.key();
        if target == KeyTarget::Field {
            return (key == "Escape").then_some(Msg::CloseOverlays);
        }
        if let Some(msg) = self.presenter_key(&key) {
            return Some(msg);
        }
        let lesson = self.lessons.run.is_some();
        Some(match key.as_str() {
            " " if target == KeyTarget::Page => Msg::Sim(SimMsg::TogglePlay),
            "ArrowRight" => Msg::Sim(SimMsg::Step),
            "ArrowLeft" => Msg::Sim(SimMsg::StepBack),
            "PageDown" if lesson => Msg::Lesson(lessons::LessonMsg::StepBy(1)),
            "PageUp" if lesson => Msg::Lesson(lessons::LessonMsg::StepBy(-1)),
            "]" | "PageDown" => Msg::Sim(SimMsg::NextRebalance),
            "[" | "PageUp" => Msg::Sim(SimMsg::PrevRebalance),
            "+" | "=" => Msg::Sim(SimMsg::Faster),
            "-" | "_" => Msg::Sim(SimMsg::Slower),
            "?" => Msg::ToggleHelp,
            "Escape" => Msg::CloseOverlays,
            _ => return None,
        })
    }
}

/// The language to start in, and the `?lang=` value if it was not one we support.
fn initial_lang() -> (Lang, Option<String>) {
    let mut rejected = None;
    if let Some(value) = browser::url_param("lang") {
        match Lang::parse(&value) {
            Some(lang) => return (lang, None),
            None => rejected = Some(value),
        }
    }
    (stored_or_browser_lang(), rejected)
}

fn stored_or_browser_lang() -> Lang {
    if let Some(lang) = browser::stored(LANG_KEY).and_then(|v| Lang::parse(&v)) {
        return lang;
    }
    browser::browser_language().and_then(|l| Lang::parse(&l)).unwrap_or(Lang::En)
}

fn set_document_lang(lang: Lang) {
    browser::set_document_lang(lang.code(), &format!("groupscope — {}", Text::Subtitle.get(lang)));
}

impl Component for App {
    type Message = Msg;
    type Properties = ();

    fn create(ctx: &Context<Self>) -> Self {
        // `?preset=<id>` opens a bundled scenario once its file arrived; an unknown id is
        // named in a notice.
        let asked = browser::url_param("preset");
        let known = asked.as_deref().is_some_and(|id| PRESET_IDS.contains(&id));
        let rejected_preset = asked.clone().filter(|_| !known).map(|id| (id, false));
        if let Some(id) = asked.filter(|id| known && id != "default" && browser::url_fragment("#s=").is_none()) {
            ctx.link().send_message(Msg::LoadPreset(id));
        }
        let (preset, scenario) = ("default".to_string(), Scenario::default_scenario());
        let (lang, rejected_lang) = initial_lang();
        let (speed, rejected_speed) = initial_speed();
        set_document_lang(lang);
        let link = ctx.link().clone();
        // Whether the simulate view is on screen (set by `view`): only there do keys belong to
        // the app; the lesson map, compare and the explainer keep the browser's own keys.
        let keys_owned = Rc::new(Cell::new(false));
        let owned = keys_owned.clone();
        let keys = browser::on_keydown(move |event| owned.get() && scrolls(event), move |event| link.send_message(Msg::Key(event)));
        let (mode, rejected_mode) = match browser::url_param("mode") {
            None => (Mode::Simulate, None),
            Some(code) => match Mode::ALL.into_iter().find(|m| m.code() == code) {
                Some(mode) => (mode, None),
                None => (Mode::Simulate, Some(code)),
            },
        };
        // `?lesson=<id>&step=<n>` opens that lesson at that step once its files arrived.
        let mut lessons = lessons::Lessons::new();
        let mut mode = mode;
        if let Some(id) = browser::url_param("lesson") {
            lessons.pending = Some((id, browser::url_param("step")));
            mode = Mode::Lessons;
        }
        if mode == Mode::Lessons {
            ctx.link().send_message(Msg::Lesson(lessons::LessonMsg::Load));
        }
        let mut app = App {
            mode,
            compare_preset: browser::url_param("compare"),
            rejected_mode,
            lang,
            rejected_lang,
            rejected_speed,
            welcome: false,
            rejected_preset,
            help_open: false,
            simulate: SimulateView::new(preset, &scenario, speed),
            lessons,
            share: share::Share::default(),
            presenter: presenter::Presenter {
                embed: browser::url_param("embed").as_deref() == Some("1"),
                ..Default::default()
            },
            _keys: Some(keys),
            keys_owned,
            lesson_fit: None,
        };
        // A first visit to the plain page (no lesson, link, embed or other view asked for).
        app.welcome = browser::stored(WELCOMED_KEY).is_none()
            && app.mode == Mode::Simulate
            && !app.presenter.embed
            && browser::url_fragment("#s=").is_none()
            && browser::url_param("preset").is_none();
        // `#s=<link>` opens an exact shared state instead (issue 16).
        if app.mode == Mode::Simulate {
            app.open_link_from_url(ctx);
        }
        app
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        self.fit_lesson();
        // A new lesson step: keyboard focus goes to its main control.
        if let Some(run) = self.lessons.run.as_mut().filter(|r| r.focus) {
            run.focus = false;
            browser::focus("[data-lesson-focus]");
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        self.simulate.touch_panels(match &msg {
            Msg::Frame(ts) => Some(*ts),
            _ => None,
        });
        match msg {
            Msg::ToggleLang => {
                self.lang = self.lang.other();
                set_document_lang(self.lang);
                browser::store(LANG_KEY, self.lang.code());
                true
            }
            Msg::DismissNotice => {
                self.rejected_lang = None;
                self.rejected_speed = None;
                self.rejected_preset = None;
                self.rejected_mode = None;
                true
            }
            Msg::SetMode(mode) => {
                self.simulate.pause();
                self.mode = mode;
                if mode == Mode::Lessons {
                    self.ensure_catalog(ctx);
                }
                true
            }
            Msg::Welcome(start) => {
                self.welcome = false;
                browser::store(WELCOMED_KEY, "1");
                if start {
                    self.ensure_catalog(ctx);
                    let first = crate::study::lesson::FIRST_LESSON.to_string();
                    return self.update_lesson(ctx, lessons::LessonMsg::Open(first, None));
                }
                true
            }
            Msg::Lesson(m) => {
                let redraw = self.update_lesson(ctx, m);
                self.sync_lesson_url();
                redraw
            }
            Msg::Share(m) => self.update_share(ctx, m),
            Msg::Presenter(m) => self.update_presenter(m),
            Msg::Key(event) => match self.key_msg(&event) {
                Some(msg) => <Self as Component>::update(self, ctx, msg),
                None => false,
            },
            other => self.update_simulate(ctx, other),
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.keys_owned.set(self.mode == Mode::Simulate);
        match self.mode {
            Mode::Lessons => html! {
                <div class="app" lang={self.lang.code()}>
                    { self.header(ctx) }
                    { self.lesson_map(ctx) }
                </div>
            },
            Mode::Simulate => self.simulate_view(ctx),
            Mode::Compare => html! {
                <div class="app" lang={self.lang.code()}>
                    { self.header(ctx) }
                    <crate::ui::compare::CompareView lang={self.lang} current={std::rc::Rc::new(self.simulate.session.scenario().clone())} preset={self.compare_preset.clone()} />
                </div>
            },
            Mode::Explain => {
                let membership = crate::study::explainer::Membership::worth_explaining(&self.simulate.session.sim, &self.simulate.group_id);
                html! {
                    <div class="app" lang={self.lang.code()}>
                        { self.header(ctx) }
                        <crate::ui::explainer::ExplainView lang={self.lang} membership={std::rc::Rc::new(membership)} />
                    </div>
                }
            }
        }
    }
}

impl App {
    /// During a lesson, fits the layout's height to the screen under the controls; measured
    /// again only when what moves it changed (a frame's render measures nothing).
    fn fit_lesson(&mut self) {
        let Some(run) = self.lessons.run.as_ref() else {
            self.lesson_fit = None;
            return;
        };
        let notices = [
            self.rejected_lang.is_some(),
            self.rejected_speed.is_some(),
            self.rejected_preset.is_some(),
            self.rejected_mode.is_some(),
        ]
        .iter()
        .filter(|shown| **shown)
        .count();
        let key = (browser::screen_size(), run.step, notices, self.presenter.on, self.mode);
        if self.lesson_fit != Some(key) && browser::fit_lesson_height(LESSON_BOTTOM_GAP_PX) {
            self.lesson_fit = Some(key);
        }
    }
}

impl App {
    /// The address bar names the open lesson and step (a reload comes back to it), and no
    /// lesson once it is closed.
    pub(crate) fn sync_lesson_url(&self) {
        let (lesson, step) = match &self.lessons.run {
            Some(run) => (Some(run.loaded.lesson.id.clone()), Some((run.step + 1).to_string())),
            None => (None, None),
        };
        browser::set_url_params(&[("lesson", lesson), ("step", step)]);
    }

    /// The title, the view tabs and the language switch (every view has them).
    fn header(&self, ctx: &Context<Self>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        // A lesson plays on the simulate view, but the learner is in the lessons.
        let current = if self.mode == Mode::Simulate && self.lessons.run.is_some() {
            Mode::Lessons
        } else {
            self.mode
        };
        html! {
            <>
                <header>
                    <h1>{ Text::AppTitle.get(lang) }<span class="sub">{ Text::Subtitle.get(lang) }</span></h1>
                    <nav class="modes" aria-label={St::ModesLabel.get(lang)}>
                        { for Mode::ALL.into_iter().map(|mode| html! {
                            <button class={classes!("mode", (mode == current).then_some("selected"))} data-testid={format!("mode-{}", mode.code())}
                                aria-current={(mode == current).then_some("page")} onclick={link.callback(move |_| Msg::SetMode(mode))}>{ mode.label().get(lang) }</button>
                        }) }
                    </nav>
                    <button data-testid="lang-toggle" class="lang" onclick={link.callback(|_| Msg::ToggleLang)} aria-label={Text::LangToggleLabel.get(lang)}>{ Text::LangToggle.get(lang) }</button>
                </header>
                if let Some(value) = &self.rejected_mode {
                    <div class="notice" role="alert" data-testid="notice-mode">
                        { crate::i18n::simulate::notice_mode(value, lang) }
                        <button class="small" onclick={link.callback(|_| Msg::DismissNotice)}>{ "×" }</button>
                    </div>
                }
            </>
        }
    }
}
