//! The lesson panel beside the stage: the step's text, the notes-vs-Kafka callout, the
//! checkpoint's choices and reveal, and the goal form with hints and the solution.

use super::lessons::{GoalPhase, LessonMsg, LessonRun, Phase};
use super::{App, Msg};
use crate::i18n::lessons::{self as texts, Lt};
use crate::i18n::Lang;
use crate::study::lesson::{show, Loaded, Texts};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn t(texts: &Texts, lang: Lang) -> String {
    lang.pick(&texts.ko, &texts.en).clone()
}

impl App {
    pub(crate) fn lesson_panel(&self, ctx: &Context<App>, run: &LessonRun) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let lesson = &run.loaded.lesson;
        let step = &lesson.steps[run.step];
        let send = |m: LessonMsg| link.callback(move |_| Msg::Lesson(m.clone()));
        let (right, total) = run.score();
        let korean = lang.is_ko();
        let revealed = run.phase == Phase::Revealed;
        html! {
            <section class="card lesson" data-testid="lesson-panel" aria-labelledby="lesson-title">
                <p class="lesson-head small">
                    <span>{ format!("{} {}", Lt::Lesson.get(lang), lesson.number) }</span>
                    <span data-testid="lesson-step">{ texts::step_of(run.step + 1, run.steps(), lang) }</span>
                    <span data-testid="lesson-score">{ format!("{}: {}", Lt::Score.get(lang), texts::score(right, total, lang)) }</span>
                </p>
                <h2 id="lesson-title">{ t(&lesson.title, lang) }</h2>
                if self.lessons.instructor {
                    <p class="instructor-badge small" data-testid="instructor-badge">{ if self.instructor_marks() { crate::i18n::presenter::Pt::Instructor.get(lang) } else { crate::i18n::presenter::Pt::InstructorHidden.get(lang) } }</p>
                }
                <ol class="lesson-dots" aria-hidden="true">
                    { for (0..run.steps()).map(|i| html! { <li class={classes!((i < run.step).then_some("done"), (i == run.step).then_some("now"))}></li> }) }
                </ol>
                if let Some(notice) = &self.lessons.notice {
                    <div class="notice" role="alert" data-testid="lessons-notice">{ notice.clone() }
                        <button class="small" onclick={link.callback(|_| Msg::Lesson(LessonMsg::DismissNotice))} aria-label="×">{ "×" }</button>
                    </div>
                }
                if run.replayed {
                    <p class="small muted" role="status">{ Lt::Replayed.get(lang) }</p>
                }
                <p class="lesson-text" data-testid="lesson-text" aria-live="polite">{ t(&step.text, lang) }</p>
                if let Some(c) = &step.callout {
                    <aside class="callout" data-testid="lesson-callout" aria-label={Lt::NotesVsKafka.get(lang)}>
                        <h3>{ Lt::NotesVsKafka.get(lang) }</h3>
                        <p><strong>{ format!("✎ {}: ", Lt::Notes.get(lang)) }</strong>{ t(&c.notes, lang) }</p>
                        <p><strong>{ format!("✔ {}: ", Lt::Kafka.get(lang)) }</strong>{ t(&c.kafka, lang) }</p>
                    </aside>
                }
                if let Some(p) = &step.predict {
                    <fieldset class="predict" data-testid="lesson-predict" data-focus-block="1">
                        <legend>{ t(&p.question, lang) }</legend>
                        <div class="choices" role="group" aria-label={Lt::Choices.get(lang)}>
                            { for p.choices.iter().enumerate().map(|(i, c)| {
                                let picked = run.picks[run.step].as_ref().is_some_and(|v| Loaded::is_right(v, c.value()));
                                let answer = (revealed || self.instructor_marks()) && run.plan.answers[run.step].as_ref().is_some_and(|a| Loaded::is_right(a, c.value()));
                                let class = classes!("choice", picked.then_some("picked"), answer.then_some("answer"), (revealed && picked && !answer).then_some("wrong"));
                                let mark = if answer { "✔ " } else if revealed && picked { "✘ " } else { "" };
                                html! {
                                    <button class={class} data-testid={format!("choice-{i}")} data-lesson-focus={(i == 0 && run.phase == Phase::Reading).then_some("1")}
                                        aria-pressed={picked.to_string()} disabled={run.phase != Phase::Reading}
                                        onclick={link.callback(move |_| Msg::Lesson(LessonMsg::Pick(i)))}>{ format!("{mark}{}", c.label(korean)) }</button>
                                }
                            }) }
                        </div>
                        if run.phase == Phase::Reading {
                            <p class="small muted">{ Lt::PredictFirst.get(lang) }</p>
                        }
                        if revealed {
                            { self.reveal(run, p) }
                        }
                    </fieldset>
                }
                <div class="lesson-actions">
                    if run.phase == Phase::Playing && !run.in_goal {
                        <p class="small" role="status" data-testid="lesson-playing">{ Lt::Playing.get(lang) }</p>
                    }
                    if run.phase == Phase::Reading && step.predict.is_none() && !run.at_last_step() {
                        <button class="primary" data-testid="lesson-continue" data-lesson-focus="1" onclick={send(LessonMsg::Continue)}>{ Lt::Continue.get(lang) }</button>
                    }
                    if revealed && !run.at_last_step() {
                        <button class="primary" data-testid="lesson-next" data-lesson-focus="1" onclick={send(LessonMsg::Next)}>{ Lt::Next.get(lang) }</button>
                    }
                </div>
                if run.at_last_step() && (run.phase == Phase::Reading && step.predict.is_none() || revealed) {
                    { self.goal_form(ctx, run) }
                }
                <p class="lesson-nav">
                    <button class="small" data-testid="lesson-restart" onclick={send(LessonMsg::Restart)}>{ Lt::Restart.get(lang) }</button>
                    <button class="small" data-testid="lesson-exit" onclick={send(LessonMsg::Exit)}>{ Lt::Exit.get(lang) }</button>
                </p>
            </section>
        }
    }

    fn reveal(&self, run: &LessonRun, p: &crate::study::lesson::Predict) -> Html {
        let lang = self.lang;
        let answer = run.plan.answers[run.step].clone().unwrap_or_default();
        let pick = run.picks[run.step].clone();
        let right = pick.as_ref().is_some_and(|v| Loaded::is_right(&answer, v));
        let label = |v: &serde_json::Value| {
            p.choices
                .iter()
                .find(|c| Loaded::is_right(c.value(), v))
                .map_or_else(|| show(v), |c| c.label(lang.is_ko()))
        };
        html! {
            <div class={classes!("reveal", if right { "right" } else { "wrong" })} data-testid="lesson-reveal" data-right={right.to_string()} role="status">
                <p class="verdict"><strong>{ if right { format!("✔ {}", Lt::Right.get(lang)) } else { format!("✘ {}", Lt::Wrong.get(lang)) } }</strong></p>
                <p class="small">
                    if let Some(pick) = &pick { { format!("{}: {} · ", Lt::YourPick.get(lang), label(pick)) } }
                    { format!("{}: ", Lt::EngineAnswer.get(lang)) }<strong data-testid="lesson-answer">{ label(&answer) }</strong>
                </p>
                <p>{ t(&p.explain, lang) }</p>
            </div>
        }
    }

    fn goal_form(&self, ctx: &Context<App>, run: &LessonRun) -> Html {
        let lang = self.lang;
        let link = ctx.link();
        let goal = &run.loaded.lesson.goal;
        let running = run.goal == GoalPhase::Running;
        html! {
            <section class="goal" data-testid="lesson-goal" aria-labelledby="goal-title">
                <h3 id="goal-title">{ format!("◎ {}", Lt::GoalTitle.get(lang)) }</h3>
                <p>{ t(&goal.text, lang) }</p>
                <div class="knobs">
                    { for goal.knobs.iter().enumerate().map(|(i, k)| {
                        let on_change = link.callback(move |e: Event| {
                            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
                            Msg::Lesson(LessonMsg::Knob(i, v))
                        });
                        let on_input = link.callback(move |e: InputEvent| {
                            let v = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                            Msg::Lesson(LessonMsg::Knob(i, v))
                        });
                        html! {
                            <label class="knob"><code>{ k.name.clone() }</code>
                                if k.choices.is_empty() {
                                    <input data-testid={format!("knob-{i}")} value={run.knobs[i].clone()} oninput={on_input} disabled={running} />
                                } else {
                                    <select data-testid={format!("knob-{i}")} onchange={on_change} disabled={running} data-lesson-focus={(i == 0 && !running && run.goal == GoalPhase::Idle).then_some("1")}>
                                        { for k.choices.iter().map(|c| html! { <option value={c.clone()} selected={*c == run.knobs[i]}>{ c.clone() }</option> }) }
                                    </select>
                                }
                            </label>
                        }
                    }) }
                    <button class="primary" data-testid="goal-run" disabled={running} onclick={link.callback(|_| Msg::Lesson(LessonMsg::RunGoal))}>{ Lt::RunGoal.get(lang) }</button>
                </div>
                <p class="small muted">{ format!("{}: {}", Lt::GoalAt.get(lang), crate::ui::clock::format_time(goal.until_ms)) }</p>
                { match &run.goal {
                    GoalPhase::Idle => Html::default(),
                    GoalPhase::Running => html! { <p role="status" data-testid="goal-running">{ Lt::GoalRunning.get(lang) }</p> },
                    GoalPhase::Met => html! { <p class="reveal right" role="status" data-testid="goal-result" data-met="true" data-lesson-focus="1" tabindex="-1"><strong>{ "✔ " }</strong>{ t(&goal.success, lang) }</p> },
                    GoalPhase::Missed => html! { <p class="reveal wrong" role="status" data-testid="goal-result" data-met="false" data-lesson-focus="1" tabindex="-1"><strong>{ "✘ " }</strong>{ t(&goal.failure, lang) }</p> },
                    GoalPhase::Refused(e) => html! { <p class="reveal wrong" role="alert" data-testid="goal-result" data-met="false">{ format!("{}: {}", crate::i18n::Text::SettingsRejected.get(lang), crate::i18n::errors::lane_error(e, lang)) }</p> },
                } }
                if run.hints_shown > 0 {
                    <ol class="hints" data-testid="goal-hints">
                        { for goal.hints.iter().take(run.hints_shown).map(|h| html! { <li>{ t(h, lang) }</li> }) }
                    </ol>
                }
                <p class="goal-help">
                    if run.hints_shown < goal.hints.len() {
                        <button class="small" data-testid="goal-hint" onclick={link.callback(|_| Msg::Lesson(LessonMsg::Hint))}>
                            { format!("{} ({}/{})", Lt::ShowHint.get(lang), run.hints_shown + 1, goal.hints.len()) }
                        </button>
                    }
                    <button class="small" data-testid="goal-solution" onclick={link.callback(|_| Msg::Lesson(LessonMsg::Solution))}>{ Lt::ShowSolution.get(lang) }</button>
                </p>
                if run.solution_shown {
                    <p class="small" data-testid="goal-solution-text">{ format!("{}: ", Lt::Solution.get(lang)) }<code>{ goal.solution.join(", ") }</code></p>
                }
            </section>
        }
    }
}
