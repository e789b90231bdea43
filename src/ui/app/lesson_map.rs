//! The lesson map: every lesson in curriculum order with the learner's progress, and progress
//! export / import.

use super::lessons::{Catalog, LessonMsg};
use super::{App, Msg};
use crate::i18n::lessons::{self as texts, Lt};
use web_sys::HtmlInputElement;
use yew::prelude::*;

impl App {
    pub(crate) fn lesson_map(&self, ctx: &Context<App>) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let on_import = link.batch_callback(|e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let file = input.files().and_then(|f| f.get(0));
            input.set_value("");
            file.map(|f| Msg::Lesson(LessonMsg::Import(f)))
        });
        let cards = match &self.lessons.catalog {
            Catalog::NotLoaded | Catalog::Loading => html! { <p role="status" data-testid="lessons-loading">{ Lt::Loading.get(lang) }</p> },
            Catalog::Failed(e) => html! { <p class="notice" role="alert" data-testid="lessons-failed">{ format!("{}: {e}", Lt::LoadFailed.get(lang)) }</p> },
            Catalog::Ready(entries) => html! {
                <ol class="lesson-map" data-testid="lesson-map">
                    { for entries.iter().map(|entry| {
                        let id = entry.id.clone();
                        match &entry.lesson {
                            Err(e) => html! { <li class="card lesson-card broken" data-testid={format!("lesson-card-{id}")}><p class="bad">{ texts::broken_lesson(&id, e, lang) }</p></li> },
                            Ok(l) => {
                                let lesson = &l.lesson;
                                let progress = self.lessons.progress.lessons.get(&id).copied();
                                let solved = progress.is_some_and(|p| p.solved);
                                let open = link.callback(move |_| Msg::Lesson(LessonMsg::Open(id.clone(), None)));
                                let (title, summary) = (lang.pick(&lesson.title.ko, &lesson.title.en), lang.pick(&lesson.summary.ko, &lesson.summary.en));
                                html! {
                                    <li class={classes!("card", "lesson-card", solved.then_some("solved"))} data-testid={format!("lesson-card-{}", lesson.id)}>
                                        <h2><span class="num">{ lesson.number }</span>{ " " }{ title.clone() }</h2>
                                        <p>{ summary.clone() }</p>
                                        <p class="small status" data-testid={format!("lesson-status-{}", lesson.id)} data-solved={solved.to_string()}>
                                            { if solved { Lt::Solved.get(lang) } else { Lt::Unsolved.get(lang) } }
                                            if let Some(p) = progress.filter(|p| p.checkpoints > 0) {
                                                { format!(" · {}: {}", Lt::BestScore.get(lang), texts::score(p.best_correct, p.checkpoints, lang)) }
                                            }
                                        </p>
                                        <button class="primary" data-testid={format!("lesson-open-{}", lesson.id)} onclick={open}>
                                            { if progress.is_some() { Lt::Again.get(lang) } else { Lt::Start.get(lang) } }
                                        </button>
                                    </li>
                                }
                            }
                        }
                    }) }
                </ol>
            },
        };
        html! {
            <main class="lessons-view" data-testid="lessons-view">
                <h2>{ Lt::MapTitle.get(lang) }</h2>
                <p>{ Lt::MapIntro.get(lang) }</p>
                if let Some(notice) = &self.lessons.notice {
                    <div class="notice" role="alert" data-testid="lessons-notice">{ notice.clone() }
                        <button class="small" onclick={link.callback(|_| Msg::Lesson(LessonMsg::DismissNotice))} aria-label="×">{ "×" }</button>
                    </div>
                }
                { cards }
                <p class="progress-io">
                    <button data-testid="progress-export" onclick={link.callback(|_| Msg::Lesson(LessonMsg::Export))}>{ Lt::ExportProgress.get(lang) }</button>
                    <label class="file-button">{ Lt::ImportProgress.get(lang) }
                        <input type="file" accept=".json,application/json" data-testid="progress-import" onchange={on_import} />
                    </label>
                </p>
            </main>
        }
    }
}
