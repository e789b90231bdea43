//! The protocol lane: a sequence diagram of the latest protocol messages up to the shown
//! moment, drawn only from trace entries. The coordinator, each consumer (and, on request,
//! the partition leaders that serve fetches) are columns; time runs down, one message per row
//! with its time; the group state at each row is a coloured band with its name.

use crate::i18n::{api_name, Lang, Text};
use crate::model::protocol::Api;
use crate::model::sim::Simulation;
use crate::model::trace::{GroupState, TraceEvent};
use yew::prelude::*;

/// How many messages the lane lists (the latest up to the shown moment).
pub const ROWS: usize = 18;
const HEADER_H: i64 = 30;
const ROW_H: i64 = 19;
const TIME_X: i64 = 8;
const BAND_X: i64 = 62;
const COORD_X: i64 = 190;
const FIRST_CONSUMER_X: i64 = 330;
const LAST_X: i64 = 960;

/// One message: (time, consumer, API, consumer → broker?, error, a fetch?).
type Row<'a> = (u64, &'a str, Api, bool, Option<crate::model::protocol::KafkaError>, bool);

pub struct LaneOptions {
    pub heartbeats: bool,
    pub fetches: bool,
}

fn api_colour(api: Api) -> &'static str {
    match api {
        Api::JoinGroup => "#0072B2",
        Api::SyncGroup => "#009E73",
        Api::Heartbeat | Api::ConsumerGroupHeartbeat => "#8a8a90",
        Api::LeaveGroup => "#D55E00",
        Api::OffsetCommit => "#1d1d1f",
        Api::OffsetFetch => "#6b6b70",
        Api::Fetch => "#56B4E9",
    }
}

/// A group state's band colour (also the compare lanes' state band).
pub fn band_fill(state: GroupState) -> &'static str {
    match state {
        GroupState::Stable => "#DDF0E6",
        GroupState::PreparingRebalance | GroupState::Assigning => "#FBE3C4",
        GroupState::CompletingRebalance | GroupState::Reconciling => "#FFF3B8",
        GroupState::Empty | GroupState::Dead => "#EEEEEE",
    }
}

/// The lane's row for a trace entry of this group, if it is a message.
fn lane_row<'a>(event: &'a TraceEvent, at_ms: u64, group_id: &str) -> Option<Row<'a>> {
    Some(match event {
        TraceEvent::RequestSent {
            consumer, group_id: g, api, ..
        } if g == group_id => (at_ms, consumer.as_str(), *api, true, None, false),
        TraceEvent::ResponseReceived {
            consumer,
            group_id: g,
            api,
            error,
            ..
        } if g == group_id => (at_ms, consumer.as_str(), *api, false, *error, false),
        TraceEvent::FetchSent { consumer, .. } => (at_ms, consumer.as_str(), Api::Fetch, true, None, true),
        TraceEvent::FetchReceived { consumer, .. } => (at_ms, consumer.as_str(), Api::Fetch, false, None, true),
        _ => return None,
    })
}

/// At most this many rows of the last rebalance stay pinned at the top (three members'
/// JoinGroup and SyncGroup, there and back).
const PINNED: usize = 12;

/// The rows to draw (None: the gap). When commits and other messages have pushed the last
/// rebalance's JoinGroup/SyncGroup out of the latest rows, its last `PINNED` membership
/// messages stay at the top, then a gap, then the latest messages: the rebalance a student
/// just watched is still there to read.
fn pin_last_rebalance<'a>(
    sim: &'a Simulation,
    group_id: &str,
    view_ms: u64,
    last_rebalance: Option<(usize, u64)>,
    latest: Vec<Row<'a>>,
    keep: impl Fn(&Row) -> bool,
) -> Vec<Option<Row<'a>>> {
    let all = |rows: Vec<Row<'a>>| rows.into_iter().map(Some).collect();
    let Some((start, end_ms)) = last_rebalance else { return all(latest) };
    let membership = |api: Api| matches!(api, Api::JoinGroup | Api::SyncGroup | Api::LeaveGroup);
    let mut pinned: Vec<Row> = sim
        .trace
        .iter()
        .skip(start)
        .take_while(|e| e.at_ms <= end_ms.min(view_ms))
        .filter_map(|e| lane_row(&e.event, e.at_ms, group_id))
        .filter(|r| membership(r.2) && keep(r))
        .collect();
    // Its last membership messages: the JoinGroup answers and SyncGroup that decided it.
    let pinned = pinned.split_off(pinned.len().saturating_sub(PINNED));
    let Some(first) = pinned.first() else { return all(latest) };
    // Still in view: nothing to pin.
    if latest.first().is_none_or(|r| r.0 <= first.0) {
        return all(latest);
    }
    let room = ROWS - pinned.len() - 1;
    let skip = latest.len().saturating_sub(room);
    let mut rows: Vec<Option<Row>> = pinned.into_iter().map(Some).collect();
    rows.push(None);
    rows.extend(latest.into_iter().skip(skip).map(Some));
    rows
}

pub fn render(sim: &Simulation, group_id: &str, view_ms: u64, options: &LaneOptions, lang: Lang) -> Html {
    let consumers: Vec<&String> = sim
        .world
        .consumer_order
        .iter()
        .filter(|id| sim.world.consumers.get(*id).is_some_and(|c| c.spec.group_id == group_id))
        .collect();
    let right = if options.fetches { LAST_X - 130 } else { LAST_X };
    let step = if consumers.len() > 1 {
        ((right - FIRST_CONSUMER_X) / (consumers.len() as i64 - 1)).min(150)
    } else {
        0
    };
    let consumer_x = |id: &str| consumers.iter().position(|c| c.as_str() == id).map(|i| FIRST_CONSUMER_X + i as i64 * step);
    let brokers_x = LAST_X;

    let keep = |row: &Row| {
        // Classic heartbeats can be hidden; KIP-848's ConsumerGroupHeartbeat is the protocol itself.
        let heartbeat = row.2 == Api::Heartbeat;
        !((heartbeat && !options.heartbeats) || (row.5 && !options.fetches) || consumer_x(row.1).is_none())
    };
    // The latest messages up to now (newest last), bounded.
    let mut rows: Vec<Row> = Vec::new();
    for entry in sim.trace.iter().rev() {
        if rows.len() >= ROWS {
            break;
        }
        if entry.at_ms > view_ms {
            continue;
        }
        if let Some(row) = lane_row(&entry.event, entry.at_ms, group_id).filter(|r| keep(r)) {
            rows.push(row);
        }
    }
    rows.reverse();

    // The group state at each row's time, from the state changes in the trace; and the last
    // rebalance: from the end of the one before (its JoinGroup requests come before the
    // coordinator changes state) to its Stable.
    let mut changes: Vec<(u64, GroupState)> = Vec::new();
    let mut last_rebalance: Option<(usize, u64)> = None;
    let mut settled_index = 0;
    for (index, entry) in sim.trace.iter().enumerate() {
        if entry.at_ms > view_ms {
            break;
        }
        if let TraceEvent::GroupStateChanged { group_id: g, to, .. } = &entry.event {
            if g == group_id {
                changes.push((entry.at_ms, *to));
                match to {
                    GroupState::PreparingRebalance => last_rebalance = Some((settled_index, u64::MAX)),
                    GroupState::Stable => {
                        settled_index = index;
                        if let Some((_, end)) = last_rebalance.as_mut().filter(|(_, end)| *end == u64::MAX) {
                            *end = entry.at_ms;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let state_at = |t: u64| changes.iter().rev().find(|(at, _)| *at <= t).map_or(GroupState::Empty, |(_, s)| *s);
    let rows = pin_last_rebalance(sim, group_id, view_ms, last_rebalance, rows, keep);

    let height = HEADER_H + ROWS as i64 * ROW_H + 8;
    let bottom = height - 4;
    let mut parts: Vec<Html> = Vec::new();
    // Participants and their lifelines.
    let coordinator = sim
        .world
        .groups
        .get(group_id)
        .map_or(String::new(), |g| format!("{} · B{}", Text::Coordinator.get(lang), g.coordinator.broker));
    let mut heads: Vec<(i64, String)> = vec![(COORD_X, coordinator)];
    heads.extend(consumers.iter().filter_map(|id| consumer_x(id).map(|x| (x, id.to_string()))));
    if options.fetches {
        heads.push((brokers_x, Text::LaneBrokers.get(lang).to_string()));
    }
    for (x, name) in heads {
        parts.push(html! {
            <g>
                <line x1={x.to_string()} y1={(HEADER_H - 6).to_string()} x2={x.to_string()} y2={bottom.to_string()} class="lane-guide" />
                <text x={x.to_string()} y="16" class="lane-label strong" text-anchor="middle">{ name }</text>
            </g>
        });
    }
    let mut previous_state: Option<GroupState> = None;
    for (i, row) in rows.iter().enumerate() {
        let y = HEADER_H + i as i64 * ROW_H + ROW_H / 2;
        let Some((at_ms, consumer, api, outgoing, error, fetch)) = row else {
            previous_state = None;
            parts.push(html! {
                <text x={TIME_X.to_string()} y={(y + 4).to_string()} class="lane-gap" data-testid="lane-gap">{ Text::LaneGap.get(lang) }</text>
            });
            continue;
        };
        let state = state_at(*at_ms);
        parts.push(html! {
            <g class="lane-band" data-state={state.name()}>
                <rect x={BAND_X.to_string()} y={(y - ROW_H / 2).to_string()} width="118" height={ROW_H.to_string()} fill={band_fill(state)} />
                if previous_state != Some(state) {
                    <text x={(BAND_X + 4).to_string()} y={(y + 4).to_string()} class="lane-state">{ state.name() }</text>
                }
            </g>
        });
        previous_state = Some(state);
        let cx = consumer_x(consumer).unwrap_or(FIRST_CONSUMER_X);
        let far = if *fetch { brokers_x } else { COORD_X };
        let (x0, x1) = if *outgoing { (cx, far) } else { (far, cx) };
        let colour = if error.is_some() { "#B00020" } else { api_colour(*api) };
        let label = match error {
            Some(e) => format!("{} {}", api_name(*api), e.name()),
            None => api_name(*api).to_string(),
        };
        parts.push(html! {
            <g class={if *outgoing { "lane-arrow request" } else { "lane-arrow response" }} data-api={api_name(*api)} data-ms={at_ms.to_string()}>
                <text x={TIME_X.to_string()} y={(y + 4).to_string()} class="lane-time">{ format!("{}.{:03}", at_ms / 1000, at_ms % 1000) }</text>
                <line x1={x0.to_string()} y1={y.to_string()} x2={x1.to_string()} y2={y.to_string()} stroke={colour} marker-end="url(#lane-head)" />
                <text x={((x0 + x1) / 2).to_string()} y={(y - 3).to_string()} class="lane-api" fill={colour} text-anchor="middle">{ label }</text>
            </g>
        });
    }
    html! {
        <svg class="lane" viewBox={format!("0 0 1000 {height}")} role="img" aria-label={Text::ProtocolLane.get(lang)} data-testid="protocol-lane">
            <defs>
                <marker id="lane-head" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M0 0 L6 3 L0 6 z" fill="#555" />
                </marker>
            </defs>
            { for parts }
        </svg>
    }
}
