//! The assignor explainer: edit a membership, predict the assignment by dragging partitions
//! onto consumers, reveal (scored against the engine), then step through the steps the
//! assignor recorded while computing it (`model::assignor::explain`).

use crate::i18n::study::{step_sentence, St};
use crate::i18n::Lang;
use crate::model::assignor::explain::{explain, Explanation};
use crate::model::assignor::{Assignment, AssignorName, MemberSubscription};
use crate::model::nouns::TopicPartition;
use crate::model::sort::CollectTree as _;
use crate::study::explainer::{score, Membership};
use crate::ui::stage::{shape_path, CONSUMER_COLOURS};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

const ASSIGNORS: [AssignorName; 6] = [
    AssignorName::Range,
    AssignorName::RoundRobin,
    AssignorName::Sticky,
    AssignorName::CooperativeSticky,
    AssignorName::ServerRange,
    AssignorName::Uniform,
];
const MAX_MEMBERS: usize = 8;
const MAX_TOPIC_PARTITIONS: u32 = 16;

#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    pub lang: Lang,
    /// The shown group's membership (or an example).
    pub membership: Rc<Membership>,
}

pub enum Msg {
    Assignor(String),
    ToggleStatic(usize),
    ToggleTopic(usize, String),
    RemoveMember(usize),
    AddMember,
    ClearOwned,
    FromGroup,
    TopicPartitions(String, String),
    Pick(TopicPartition),
    PlaceOn(Option<String>),
    Reveal,
    PredictAgain,
    Round(usize),
    StepTo(usize),
}

pub struct ExplainView {
    m: Membership,
    explanation: Explanation,
    revealed: bool,
    round: usize,
    step: usize,
    guess: BTreeMap<TopicPartition, String>,
    picked: Option<TopicPartition>,
    message: Option<String>,
}

impl ExplainView {
    fn recompute(&mut self) {
        self.explanation = explain(self.m.assignor, &self.m.topics, &self.m.members);
        self.revealed = false;
        self.round = 0;
        self.step = 0;
        self.picked = None;
        let all: BTreeSet<TopicPartition> = self.all_partitions().into_iter().collect_tree();
        let members: BTreeSet<&String> = self.m.members.iter().map(|m| &m.member_id).collect_tree();
        self.guess.retain(|tp, m| all.contains(tp) && members.contains(m));
    }

    /// Partitions of the topics some member subscribes to.
    fn all_partitions(&self) -> Vec<TopicPartition> {
        self.m
            .topics
            .iter()
            .filter(|(t, _)| self.m.members.iter().any(|m| m.topics.contains(t)))
            .flat_map(|(t, &n)| (0..n).map(move |p| TopicPartition::new(t.clone(), p)))
            .collect()
    }

    fn name<'a>(&'a self, member_id: &'a str) -> &'a str {
        self.m.names.get(member_id).map_or(member_id, String::as_str)
    }

    /// A sentence with member ids shown as consumer ids.
    fn readable(&self, text: String) -> String {
        let mut text = text;
        for (id, name) in &self.m.names {
            if id != name {
                text = text.replace(id.as_str(), name);
            }
        }
        text
    }

    /// The final assignment (after every follow-up round): what the guess is scored against.
    fn answer(&self) -> Assignment {
        self.explanation.rounds.last().map(|r| r.result.clone()).unwrap_or_default()
    }

    fn chip(&self, ctx: &Context<Self>, tp: &TopicPartition, extra: Option<Html>, highlight: bool, draggable: bool) -> Html {
        let picked = self.picked.as_ref() == Some(tp);
        let pick = tp.clone();
        let drag = tp.clone();
        let link = ctx.link();
        html! {
            <button class={classes!("chip", picked.then_some("picked"), highlight.then_some("touched"))} data-testid={format!("chip-{tp}")}
                draggable={draggable.to_string()} aria-pressed={picked.to_string()} disabled={!draggable}
                onclick={link.callback(move |e: MouseEvent| {
                    // A tap on a chip picks it; it is not also a tap on the column under it.
                    e.stop_propagation();
                    Msg::Pick(pick.clone())
                })}
                ondragstart={link.callback(move |e: DragEvent| {
                    if let Some(dt) = e.data_transfer() {
                        let _ = dt.set_data("text/plain", &drag.to_string());
                    }
                    Msg::Pick(drag.clone())
                })}>
                { tp.to_string() }
                { extra.unwrap_or_default() }
            </button>
        }
    }

    fn member_head(&self, i: usize, member_id: &str) -> Html {
        let name = self.name(member_id).to_string();
        html! {
            <div class="col-head">
                <svg class="swatch" viewBox="0 0 20 20" aria-hidden="true"><path d={shape_path(i, 10, 10, 7)} fill={CONSUMER_COLOURS[i % 8]} /></svg>
                <strong>{ name }</strong>
            </div>
        }
    }

    fn predict_board(&self, ctx: &Context<Self>) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let drop_to = |target: Option<String>| {
            let over = Callback::from(|e: DragEvent| e.prevent_default());
            let drop = link.callback(move |e: DragEvent| {
                e.prevent_default();
                Msg::PlaceOn(target.clone())
            });
            (over, drop)
        };
        let pool: Vec<TopicPartition> = self.all_partitions().into_iter().filter(|tp| !self.guess.contains_key(tp)).collect();
        let (pool_over, pool_drop) = drop_to(None);
        let columns = self.m.members.iter().enumerate().map(|(i, m)| {
            let (over, drop) = drop_to(Some(m.member_id.clone()));
            let mine: Vec<&TopicPartition> = self.guess.iter().filter(|(_, o)| **o == m.member_id).map(|(tp, _)| tp).collect();
            let target = m.member_id.clone();
            // Touch has no drag and drop: tap a chip, then anywhere on a column.
            let tap_target = m.member_id.clone();
            let tap = link.callback(move |_| Msg::PlaceOn(Some(tap_target.clone())));
            html! {
                <div class="col drop" data-testid={format!("guess-{}", self.name(&m.member_id))} ondragover={over} ondrop={drop} onclick={tap}>
                    { self.member_head(i, &m.member_id) }
                    <div class="chips">{ for mine.iter().map(|tp| self.chip(ctx, tp, None, false, true)) }</div>
                    <button class="small" data-testid={format!("place-{}", self.name(&m.member_id))} disabled={self.picked.is_none()}
                        onclick={link.callback(move |e: MouseEvent| {
                            e.stop_propagation();
                            Msg::PlaceOn(Some(target.clone()))
                        })}>{ crate::i18n::study::place_here(lang) }</button>
                </div>
            }
        });
        html! {
            <section class="card predict" data-testid="predict">
                <h2>{ St::PredictTitle.get(lang) }</h2>
                <p class="hint">{ St::PredictHelp.get(lang) }</p>
                if self.m.assignor == AssignorName::CooperativeSticky { <p class="hint" data-testid="predict-cooperative">{ St::PredictCooperative.get(lang) }</p> }
                <div class="pool drop" data-testid="pool" ondragover={pool_over} ondrop={pool_drop} onclick={link.callback(|_| Msg::PlaceOn(None))}>
                    <span class="small">{ St::Pool.get(lang) }</span>
                    <div class="chips">{ for pool.iter().map(|tp| self.chip(ctx, tp, None, false, true)) }</div>
                    <button class="small" data-testid="place-pool" disabled={self.picked.as_ref().is_none_or(|tp| !self.guess.contains_key(tp))}
                        onclick={link.callback(|e: MouseEvent| {
                            e.stop_propagation();
                            Msg::PlaceOn(None)
                        })}>{ crate::i18n::study::back_to_pool(lang) }</button>
                </div>
                <div class="board">{ for columns }</div>
                <button class="primary" data-testid="reveal" onclick={link.callback(|_| Msg::Reveal)}>{ St::Reveal.get(lang) }</button>
            </section>
        }
    }

    fn steps_view(&self, ctx: &Context<Self>) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let answer = self.answer();
        let all = self.all_partitions();
        let s = score(&self.guess, &answer, &all);
        let Some(round) = self.explanation.rounds.get(self.round) else {
            return Html::default();
        };
        let total = round.steps.len();
        let step = self.step.min(total);
        let state = round.state_after(step);
        let (touched_members, touched_parts) = if step > 0 {
            round.steps[step - 1].touched()
        } else {
            (Vec::new(), Vec::new())
        };
        let final_view = self.round + 1 == self.explanation.rounds.len() && step == total;
        let columns = self.m.members.iter().enumerate().map(|(i, m)| {
            let list = state.get(&m.member_id).cloned().unwrap_or_default();
            let owned = round.owned.get(&m.member_id).cloned().unwrap_or_default();
            let touched = touched_members.contains(&m.member_id);
            html! {
                <div class={classes!("col", touched.then_some("touched"))} data-testid={format!("state-{}", self.name(&m.member_id))}
                    data-partitions={list.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")}>
                    { self.member_head(i, &m.member_id) }
                    <p class="owned small">{ format!("{}: {}", St::OwnedBefore.get(lang), if owned.is_empty() { "∅".to_string() } else { owned.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }) }</p>
                    <div class="chips">{ for list.iter().map(|tp| {
                        let mark = final_view.then(|| {
                            let guessed = self.guess.get(tp);
                            if guessed == Some(&m.member_id) {
                                html! { <span class="mark right">{ " ✓" }</span> }
                            } else {
                                let you = guessed.map_or("–", |g| self.name(g));
                                html! { <span class="mark wrong">{ crate::i18n::study::predict_wrong(you, lang) }</span> }
                            }
                        });
                        self.chip(ctx, tp, mark, touched_parts.contains(tp), false)
                    }) }</div>
                </div>
            }
        });
        let unplaced: Vec<TopicPartition> = all.iter().filter(|tp| !state.values().any(|l| l.contains(tp))).cloned().collect();
        let withheld = step == total && round.steps.iter().any(|st| matches!(st, crate::model::assignor::record::Step::Withhold { .. }));
        let rounds = self.explanation.rounds.len();
        let sentences = round.steps.iter().enumerate().map(|(k, st)| {
            let current = k + 1 == step;
            html! {
                <li class={classes!(current.then_some("current"), (k + 1 > step).then_some("later"))} data-testid={format!("step-{}", k + 1)}>
                    <button class="step-link" aria-current={current.then_some("step")} onclick={link.callback(move |_| Msg::StepTo(k + 1))}>
                        { self.readable(step_sentence(st, lang)) }
                    </button>
                </li>
            }
        });
        html! {
            <section class="card steps" data-testid="steps">
                <p class="score" data-testid="score" data-right={s.right.to_string()} data-total={s.total.to_string()}>
                    { crate::i18n::study::predict_score(s.right, s.total, lang) }
                    { " " }<button class="small" data-testid="predict-again" onclick={link.callback(|_| Msg::PredictAgain)}>{ St::PredictAgain.get(lang) }</button>
                </p>
                if rounds > 1 {
                    <div class="rounds" role="tablist">
                        { for (0..rounds).map(|r| html! {
                            <button role="tab" class={classes!("small", (r == self.round).then_some("selected"))} aria-selected={(r == self.round).to_string()}
                                data-testid={format!("round-{}", r + 1)} onclick={link.callback(move |_| Msg::Round(r))}>
                                { if r == 0 { format!("{} 1", St::Round.get(lang)) } else { format!("{} {} ({})", St::Round.get(lang), r + 1, St::FollowUp.get(lang)) } }
                            </button>
                        }) }
                    </div>
                }
                <div class="step-controls">
                    <button data-testid="step-prev" disabled={step == 0} onclick={link.callback(move |_| Msg::StepTo(step.saturating_sub(1)))}>{ St::PrevStep.get(lang) }</button>
                    <span class="step-count" data-testid="step-count">{ if step == 0 { St::NotStarted.get(lang).to_string() } else { format!("{step} / {total}") } }</span>
                    <button data-testid="step-next" disabled={step >= total} onclick={link.callback(move |_| Msg::StepTo(step + 1))}>{ St::NextStep.get(lang) }</button>
                </div>
                if step > 0 {
                    <p class="current-step" aria-live="polite" data-testid="current-step">{ self.readable(step_sentence(&round.steps[step - 1], lang)) }</p>
                }
                if total == 0 { <p class="hint">{ St::NoStepsUniform.get(lang) }</p> }
                <div class="board">{ for columns }</div>
                if !unplaced.is_empty() {
                    <p class="small unplaced" data-testid="unplaced">{ format!("{}: {}", if withheld { St::Withheld.get(lang) } else { St::Unplaced.get(lang) }, unplaced.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }</p>
                }
                <h3>{ St::Steps.get(lang) }</h3>
                <ol class="step-list">{ for sentences }</ol>
            </section>
        }
    }
}

/// A new member's id: the first cN that is neither a member id nor a shown name.
fn next_member_id(members: &[MemberSubscription], names: &BTreeMap<String, String>) -> String {
    (1..)
        .map(|n| format!("c{n}"))
        .find(|id| !members.iter().any(|m| m.member_id == *id) && !names.values().any(|n| n == id))
        .expect("some id is free")
}

impl Component for ExplainView {
    type Message = Msg;
    type Properties = ExplainProps;

    fn create(ctx: &Context<Self>) -> Self {
        let m = (*ctx.props().membership).clone();
        let explanation = explain(m.assignor, &m.topics, &m.members);
        ExplainView {
            m,
            explanation,
            revealed: false,
            round: 0,
            step: 0,
            guess: BTreeMap::new(),
            picked: None,
            message: None,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        let lang = ctx.props().lang;
        self.message = None;
        match msg {
            Msg::Assignor(name) => match AssignorName::parse(&name) {
                Ok(a) => {
                    self.m.assignor = a;
                    self.recompute();
                }
                Err(e) => self.message = Some(e),
            },
            Msg::ToggleStatic(i) => {
                if let Some(m) = self.m.members.get_mut(i) {
                    let name = self.m.names.get(&m.member_id).cloned().unwrap_or_else(|| m.member_id.clone());
                    m.group_instance_id = match m.group_instance_id {
                        Some(_) => None,
                        None => Some(format!("host-{name}")),
                    };
                    self.recompute();
                }
            }
            Msg::ToggleTopic(i, topic) => {
                if let Some(m) = self.m.members.get_mut(i) {
                    if let Some(pos) = m.topics.iter().position(|t| *t == topic) {
                        if m.topics.len() == 1 {
                            self.message = Some(crate::i18n::study::must_subscribe(lang));
                            return true;
                        }
                        m.topics.remove(pos);
                    } else {
                        m.topics.push(topic);
                        crate::model::sort::sort(&mut m.topics);
                    }
                    self.recompute();
                }
            }
            Msg::RemoveMember(i) => {
                if self.m.members.len() > 1 && i < self.m.members.len() {
                    self.m.members.remove(i);
                    self.recompute();
                }
            }
            Msg::AddMember => {
                if self.m.members.len() < MAX_MEMBERS {
                    let id = next_member_id(&self.m.members, &self.m.names);
                    let topics = self.m.topics.keys().cloned().collect();
                    self.m.names.insert(id.clone(), id.clone());
                    self.m.members.push(MemberSubscription {
                        member_id: id,
                        group_instance_id: None,
                        generation: -1,
                        topics,
                        owned: Vec::new(),
                    });
                    self.recompute();
                }
            }
            Msg::ClearOwned => {
                for m in &mut self.m.members {
                    m.owned.clear();
                    m.generation = -1;
                }
                self.recompute();
            }
            Msg::FromGroup => {
                self.m = (*ctx.props().membership).clone();
                self.guess.clear();
                self.recompute();
            }
            Msg::TopicPartitions(topic, text) => match text.trim().parse::<u32>() {
                Ok(n) if (1..=MAX_TOPIC_PARTITIONS).contains(&n) => {
                    self.m.topics.insert(topic.clone(), n);
                    for m in &mut self.m.members {
                        m.owned.retain(|tp| *tp.topic != *topic || tp.partition < n);
                    }
                    self.recompute();
                }
                _ => self.message = Some(crate::i18n::study::bad_partition_count(&topic, &text, MAX_TOPIC_PARTITIONS, lang)),
            },
            Msg::Pick(tp) => {
                self.picked = if self.picked.as_ref() == Some(&tp) { None } else { Some(tp) };
            }
            Msg::PlaceOn(target) => {
                if let Some(tp) = self.picked.take() {
                    match target {
                        Some(member) => {
                            self.guess.insert(tp, member);
                        }
                        None => {
                            self.guess.remove(&tp);
                        }
                    }
                }
            }
            Msg::Reveal => {
                // The score at once, then the assignor's own steps from the first: the answer
                // unfolds as the assignor built it (the last step shows it whole).
                self.revealed = true;
                self.picked = None;
                self.round = 0;
                self.step = self.explanation.rounds.first().map_or(0, |r| r.steps.len().min(1));
            }
            Msg::PredictAgain => {
                self.revealed = false;
                self.round = 0;
                self.step = 0;
            }
            Msg::Round(r) => {
                if r < self.explanation.rounds.len() {
                    self.round = r;
                    self.step = 0;
                }
            }
            Msg::StepTo(k) => {
                let total = self.explanation.rounds.get(self.round).map_or(0, |r| r.steps.len());
                self.step = k.min(total);
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let lang = ctx.props().lang;
        let link = ctx.link();
        let on_assignor = link.callback(|e: Event| {
            let select: HtmlSelectElement = e.target().expect("change has a target").unchecked_into();
            Msg::Assignor(select.value())
        });
        let topics: Vec<String> = self.m.topics.keys().cloned().collect();
        let topic_inputs = self.m.topics.iter().map(|(t, n)| {
            let topic = t.clone();
            let id = format!("explain-topic-{t}");
            html! {
                <label class="topic-count" for={id.clone()}>{ format!("{t} · {} ", St::PartitionsLabel.get(lang)) }
                    <input id={id} type="number" min="1" max={MAX_TOPIC_PARTITIONS.to_string()} value={n.to_string()} data-testid={format!("explain-topic-{t}")}
                        onchange={link.callback(move |e: Event| {
                            let input: HtmlInputElement = e.target().expect("change has a target").unchecked_into();
                            Msg::TopicPartitions(topic.clone(), input.value())
                        })} />
                </label>
            }
        });
        let rows = self.m.members.iter().enumerate().map(|(i, m)| {
            let name = self.name(&m.member_id).to_string();
            html! {
                <tr data-testid={format!("member-{name}")}>
                    <td>{ self.member_head(i, &m.member_id) }</td>
                    <td><label><input type="checkbox" data-testid={format!("static-{name}")} checked={m.group_instance_id.is_some()}
                        aria-label={format!("{} · {}", St::StaticLabel.get(lang), name)}
                        onchange={link.callback(move |_| Msg::ToggleStatic(i))} />{ m.group_instance_id.clone().unwrap_or_default() }</label></td>
                    <td>{ for topics.iter().map(|t| {
                        let topic = t.clone();
                        html! { <label class="sub"><input type="checkbox" data-testid={format!("sub-{name}-{t}")} checked={m.topics.contains(t)}
                            onchange={link.callback(move |_| Msg::ToggleTopic(i, topic.clone()))} />{ t.clone() }</label> }
                    }) }</td>
                    <td class="small">{ if m.owned.is_empty() { "∅".to_string() } else { m.owned.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") } }</td>
                    <td><button class="small" data-testid={format!("remove-{name}")} disabled={self.m.members.len() <= 1}
                        onclick={link.callback(move |_| Msg::RemoveMember(i))}>{ St::RemoveMember.get(lang) }</button></td>
                </tr>
            }
        });
        html! {
            <div class="explain" data-testid="explainer">
                <section class="card">
                    <h2>{ St::ExplainTitle.get(lang) }</h2>
                    <p class="hint">{ St::ExplainIntro.get(lang) }</p>
                    <div class="explain-form">
                        <label class="speed">{ St::AssignorLabel.get(lang) }
                            <select data-testid="explain-assignor" onchange={on_assignor}>
                                { for ASSIGNORS.iter().map(|a| html! { <option value={a.name()} selected={*a == self.m.assignor}>{ a.name() }</option> }) }
                            </select>
                        </label>
                        { for topic_inputs }
                    </div>
                    <table class="members">
                        <thead><tr><th>{ St::Members.get(lang) }</th><th>{ St::StaticLabel.get(lang) }</th><th>{ St::Subscribes.get(lang) }</th><th>{ St::OwnedLabel.get(lang) }</th><th></th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    <div class="explain-actions">
                        <button class="small" data-testid="explain-add-member" disabled={self.m.members.len() >= MAX_MEMBERS} onclick={link.callback(|_| Msg::AddMember)}>{ St::AddMember.get(lang) }</button>
                        <button class="small" data-testid="explain-clear-owned" onclick={link.callback(|_| Msg::ClearOwned)}>{ St::ClearOwned.get(lang) }</button>
                        <button class="small" data-testid="explain-from-group" onclick={link.callback(|_| Msg::FromGroup)}>{ St::FromGroup.get(lang) }</button>
                        <span class="hint">{ St::EditNotice.get(lang) }</span>
                    </div>
                    if let Some(message) = &self.message {
                        <p class="form-error" role="alert" data-testid="explain-error">{ message.clone() }</p>
                    }
                </section>
                if self.revealed { { self.steps_view(ctx) } } else { { self.predict_board(ctx) } }
            </div>
        }
    }
}
