//! The timeline under the controls: a scrubber over the scenario's duration with markers read
//! off the trace (rebalances, crashes, stalls and GC pauses, commits), each a different shape.

use crate::i18n::{Lang, Text};
use crate::model::trace::{GroupState, Trace, TraceEntry, TraceEvent};
use yew::prelude::*;

/// Beside the time at the end: "end reached", or why the run stopped early (the session's
/// history is full: `Session::trace_full`).
pub fn end_notice(ended: bool, history_full: bool, lang: Lang) -> Html {
    match (ended, history_full) {
        (true, true) => html! { <span class="ended" data-testid="history-full" role="status">{ format!(" · {}", Text::HistoryFull.get(lang)) }</span> },
        (true, false) => html! { <span class="ended">{ format!(" · {}", Text::EndReached.get(lang)) }</span> },
        (false, _) => html! {},
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    Rebalance,
    Crash,
    Stall,
    Commit,
}

impl MarkerKind {
    fn glyph(self) -> &'static str {
        match self {
            MarkerKind::Rebalance => "▲",
            MarkerKind::Crash => "✕",
            MarkerKind::Stall => "■",
            MarkerKind::Commit => "│",
        }
    }
    fn class(self) -> &'static str {
        match self {
            MarkerKind::Rebalance => "mk rebalance",
            MarkerKind::Crash => "mk crash",
            MarkerKind::Stall => "mk stall",
            MarkerKind::Commit => "mk commit",
        }
    }
}

/// The marker an entry makes for `group_id`, if any.
pub fn marker(entry: &TraceEntry, group_id: &str) -> Option<MarkerKind> {
    match &entry.event {
        // Classic: the group enters PreparingRebalance; KIP-848: the group epoch goes up.
        TraceEvent::GroupStateChanged {
            group_id: g,
            to: GroupState::PreparingRebalance,
            ..
        } if g == group_id => Some(MarkerKind::Rebalance),
        TraceEvent::GroupEpochBumped { group_id: g, .. } if g == group_id => Some(MarkerKind::Rebalance),
        TraceEvent::ConsumerCrashed { group_id: g, .. } if g == group_id => Some(MarkerKind::Crash),
        TraceEvent::ConsumerStalled { group_id: g, .. } | TraceEvent::ConsumerFrozen { group_id: g, .. } if g == group_id => Some(MarkerKind::Stall),
        TraceEvent::CommitStored { group_id: g, .. } if g == group_id => Some(MarkerKind::Commit),
        _ => None,
    }
}

/// Times at which a rebalance of `group_id` started.
pub fn rebalance_times(trace: &Trace, group_id: &str) -> Vec<u64> {
    trace
        .iter()
        .filter(|e| marker(e, group_id) == Some(MarkerKind::Rebalance))
        .map(|e| e.at_ms)
        .collect()
}

/// The marker strip: one glyph per marker (commits thinned to one per pixel column).
pub fn render_markers(trace: &Trace, group_id: &str, duration_ms: u64, lang: Lang) -> Html {
    let duration_ms = duration_ms.max(1);
    let mut last_commit_column = u64::MAX;
    let marks: Vec<Html> = trace
        .iter()
        .filter_map(|e| marker(e, group_id).map(|k| (e.at_ms, k)))
        .filter(|&(at_ms, kind)| {
            if kind != MarkerKind::Commit {
                return true;
            }
            let column = at_ms * 400 / duration_ms;
            let fresh = column != last_commit_column;
            last_commit_column = column;
            fresh
        })
        .map(|(at_ms, kind)| {
            // Per-mille of the duration, so no floats are needed.
            let permille = at_ms.min(duration_ms) * 1000 / duration_ms;
            let style = format!("left: {}.{}%", permille / 10, permille % 10);
            let title = match kind {
                MarkerKind::Rebalance => Text::MarkerRebalance,
                MarkerKind::Crash => Text::MarkerCrash,
                MarkerKind::Stall => Text::MarkerStall,
                MarkerKind::Commit => Text::MarkerCommit,
            }
            .get(lang);
            html! { <span class={kind.class()} {style} title={format!("{title} · {}.{:03} s", at_ms / 1000, at_ms % 1000)} aria-hidden="true">{ kind.glyph() }</span> }
        })
        .collect();
    html! { <div class="markers" data-testid="timeline-markers">{ for marks }</div> }
}

/// A time scale under the scrubber: a label every 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 30 min or
/// hour, the first step that keeps at most eight labels (so a student can read when things
/// happened).
pub fn render_axis(duration_ms: u64) -> Html {
    let duration_ms = duration_ms.max(1);
    let labels: Vec<Html> = axis_ticks(duration_ms)
        .into_iter()
        .map(|at_ms| {
            let permille = at_ms * 1000 / duration_ms;
            let style = format!("left: {}.{}%", permille / 10, permille % 10);
            html! { <span class="tick" {style}>{ axis_label(at_ms) }</span> }
        })
        .collect();
    html! { <div class="time-axis small" aria-hidden="true" data-testid="time-axis">{ for labels }</div> }
}

/// The moments a time scale over `duration_ms` labels (the timeline's and the charts').
pub fn axis_ticks(duration_ms: u64) -> Vec<u64> {
    const STEPS_S: [u64; 12] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    let duration_ms = duration_ms.max(1);
    let step_ms = STEPS_S.iter().map(|s| s * 1000).find(|step| duration_ms / step <= 8).unwrap_or(duration_ms);
    (0..=duration_ms / step_ms).map(|i| i * step_ms).collect()
}

/// "0 s", "45 s", "2:30", "1:00:00": short enough for a tick.
pub fn axis_label(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{}:{:02}", s / 60, s % 60),
        _ => format!("{}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60),
    }
}
