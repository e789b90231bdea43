//! Charts under the protocol lane, folded from the trace (`study::metrics`): lag per partition
//! as a heat strip per partition, records-lag-max per consumer as lines, records processed per
//! second as bars; rebalance periods hatched across all three; a cursor at the shown moment.
//! The x axis spans the whole scenario, like the timeline above. Each chart is a handful of
//! `<path>`s whatever the partition count, so 256 partitions stay cheap to redraw.

use crate::i18n::{Lang, Text};
use crate::model::sim::Simulation;
use crate::study::metrics::GroupSeries;
use crate::ui::stage::{shape_path, CONSUMER_COLOURS};
use std::fmt::Write;
use yew::prelude::*;

const WIDTH: i64 = 1000;
const X0: i64 = 64;
const X1: i64 = 960;
/// Sequential single-hue scale (light → dark): the darkness is the cue, not the hue.
const LAG_SHADES: [&str; 4] = ["#C6DBEF", "#6BAED6", "#2171B5", "#08306B"];

fn x_of(t_ms: u64, duration_ms: u64) -> i64 {
    X0 + ((t_ms.min(duration_ms) as i128 * (X1 - X0) as i128) / duration_ms.max(1) as i128) as i64
}

/// Hatched bands over the rebalance periods and the cursor at `view_ms`.
fn overlay(series: &GroupSeries, duration_ms: u64, view_ms: u64, top: i64, height: i64) -> Html {
    let bands = series.rebalances.iter().map(|(start, end)| {
        let x = x_of(*start, duration_ms);
        let x_end = x_of(end.unwrap_or(view_ms).max(*start), duration_ms).max(x + 2);
        html! { <rect x={x.to_string()} y={top.to_string()} width={(x_end - x).to_string()} height={height.to_string()} class="rebalance-band" fill="url(#hatch)" /> }
    });
    let cx = x_of(view_ms, duration_ms);
    html! {
        <g>
            { for bands }
            <line x1={cx.to_string()} x2={cx.to_string()} y1={top.to_string()} y2={(top + height).to_string()} class="chart-cursor" />
        </g>
    }
}

/// A chart's title and frame, with 0 and `max` ticks when its y axis is a value.
fn axis(label: String, top: i64, height: i64, max: Option<u64>) -> Html {
    html! {
        <g class="chart-axis">
            <text x="4" y={(top + 10).to_string()} class="chart-label">{ label }</text>
            if let Some(max) = max {
                <text x={(X0 - 6).to_string()} y={(top + 20).to_string()} class="chart-tick" text-anchor="end">{ max.to_string() }</text>
                <text x={(X0 - 6).to_string()} y={(top + height).to_string()} class="chart-tick" text-anchor="end">{ "0" }</text>
            }
            <rect x={X0.to_string()} y={(top + 12).to_string()} width={(X1 - X0).to_string()} height={(height - 12).to_string()} class="chart-frame" />
        </g>
    }
}

/// Where a sample sits on the x axis.
#[derive(Clone, Copy)]
struct Axis {
    bucket: u64,
    duration_ms: u64,
}

impl Axis {
    fn sample_x(self, i: usize) -> i64 {
        x_of(i as u64 * self.bucket, self.duration_ms)
    }
}

/// A value's y in a chart `h` high at `top` whose axis ends at `max`.
fn y_of(v: u64, top: i64, h: i64, max: u64) -> i64 {
    top + h - ((v.min(max) as i128 * (h - 14) as i128) / max.max(1) as i128) as i64
}

/// Chart 1, lag per partition: one row per partition, one cell per sample, four shades. Returns the
/// chart, its height and the largest lag (the legend's scale).
fn partition_lag(series: &GroupSeries, ax: Axis, view_ms: u64, lang: Lang) -> (Html, i64, u64) {
    let duration_ms = ax.duration_ms;
    let sample_x = |i: usize| ax.sample_x(i);
    let rows = series.partition_lag.len().max(1) as i64;
    let row_h = (160 / rows).clamp(2, 14);
    let heat_top = 0;
    let heat_h = 12 + rows * row_h + 4;
    let max_lag = series.partition_lag.values().flat_map(|v| v.iter().flatten()).copied().max().unwrap_or(0);
    let mut shade_paths = [String::new(), String::new(), String::new(), String::new()];
    let mut zero_path = String::new();
    let mut labels: Vec<Html> = Vec::new();
    for (r, (tp, values)) in series.partition_lag.iter().enumerate() {
        let y = heat_top + 12 + r as i64 * row_h;
        // Merge runs of equal shade into one rectangle.
        let mut i = 0;
        while i < values.len() {
            let level = |v: Option<u64>| match v {
                None => None,
                Some(0) => Some(usize::MAX),
                Some(l) => Some(((l * 4).div_ceil(max_lag.max(1)) as usize).clamp(1, 4) - 1),
            };
            let this = level(values[i]);
            let mut j = i + 1;
            while j < values.len() && level(values[j]) == this {
                j += 1;
            }
            if let Some(shade) = this {
                let (x, w) = (sample_x(i), sample_x(j) - sample_x(i));
                let target = if shade == usize::MAX { &mut zero_path } else { &mut shade_paths[shade] };
                let _ = write!(target, "M{x} {y}h{w}v{}h{}z", (row_h - 1).max(1), -w);
            }
            i = j;
        }
        if row_h >= 9 {
            labels.push(html! { <text x={(X1 + 4).to_string()} y={(y + row_h - 2).to_string()} class="chart-tick">{ format!("P{}", tp.partition) }</text> });
        }
    }
    let heat = html! {
        <g data-testid="chart-partition-lag" data-rows={rows.to_string()} data-max={max_lag.to_string()}>
            { axis(Text::ChartPartitionLag.get(lang).to_string(), heat_top, heat_h, None) }
            <path d={zero_path} fill="#E2E2E2" />
            { for shade_paths.iter().zip(LAG_SHADES).map(|(d, fill)| html! { <path d={d.clone()} fill={fill} /> }) }
            { for labels }
            { overlay(series, duration_ms, view_ms, heat_top + 12, heat_h - 16) }
        </g>
    };
    (heat, heat_h, max_lag)
}

/// Chart 2, records-lag-max per consumer: a line each, with its shape at the last point.
fn consumer_lag(sim: &Simulation, series: &GroupSeries, ax: Axis, view_ms: u64, lines_top: i64, lines_h: i64, lang: Lang) -> Html {
    let duration_ms = ax.duration_ms;
    let sample_x = |i: usize| ax.sample_x(i);
    let max_consumer = series
        .consumer_lag_max
        .values()
        .flat_map(|v| v.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    // End labels pushed apart (at least 10 px) so equal values stay readable.
    let mut ends: Vec<(i64, String)> = series
        .consumer_lag_max
        .iter()
        .filter_map(|(id, values)| {
            let last = values.iter().rposition(Option::is_some)?;
            Some((y_of(values[last]?, lines_top, lines_h, max_consumer), id.clone()))
        })
        .collect();
    crate::model::sort::sort(&mut ends);
    for i in 1..ends.len() {
        ends[i].0 = ends[i].0.max(ends[i - 1].0 + 10);
    }
    let label_y = |id: &str| ends.iter().find(|(_, e)| e == id).map(|(y, _)| *y);
    let lines = series.consumer_lag_max.iter().map(|(id, values)| {
        let idx = crate::ui::stage::consumer_index(sim, id);
        let colour = CONSUMER_COLOURS[idx % 8];
        let mut d = String::new();
        let mut pen_down = false;
        let mut last = None;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let (x, y) = (sample_x(i), y_of(*v, lines_top, lines_h, max_consumer));
                    let _ = write!(d, "{}{x} {y}", if pen_down { "L" } else { "M" });
                    pen_down = true;
                    last = Some((x, y));
                }
                None => pen_down = false,
            }
        }
        html! {
            <g class="consumer-line" data-testid={format!("chart-lag-{id}")}>
                <path d={d} fill="none" stroke={colour} stroke-width="2" />
                if let Some((x, y)) = last {
                    <path d={shape_path(idx, x, y, 4)} fill={colour} stroke="#fff" stroke-width="1" />
                    <text x={(x + 7).to_string()} y={(label_y(id).unwrap_or(y) + 4).to_string()} class="chart-tick">{ id.clone() }</text>
                }
            </g>
        }
    });
    let lag_lines = html! {
        <g data-testid="chart-consumer-lag">
            { axis(Text::ChartLagMax.get(lang).to_string(), lines_top, lines_h, Some(max_consumer)) }
            { for lines }
            { overlay(series, duration_ms, view_ms, lines_top + 12, lines_h - 12) }
        </g>
    };
    lag_lines
}

/// Chart 3, records processed per second.
fn processed(series: &GroupSeries, ax: Axis, view_ms: u64, bars_top: i64, bars_h: i64, lang: Lang) -> Html {
    let (bucket, duration_ms) = (ax.bucket, ax.duration_ms);
    let sample_x = |i: usize| ax.sample_x(i);
    let step_w = (sample_x(1) - sample_x(0)).max(1);
    let per_s = |count: u64| count * 1000 / bucket.max(1);
    let max_rate = series.processed.iter().map(|&c| per_s(c)).max().unwrap_or(0).max(1);
    let mut bars = String::new();
    for (i, &count) in series.processed.iter().enumerate().skip(1) {
        if count > 0 {
            let y = y_of(per_s(count), bars_top, bars_h, max_rate);
            // Sample i counts the bucket ending at its time: draw it over that bucket.
            let _ = write!(
                bars,
                "M{} {}h{}V{}h{}z",
                sample_x(i - 1),
                y,
                (step_w - 1).max(1),
                bars_top + bars_h,
                -(step_w - 1).max(1)
            );
        }
    }
    let total: u64 = series.processed.iter().sum();
    let processed = html! {
        <g data-testid="chart-processed" data-total={total.to_string()}>
            { axis(Text::ChartProcessed.get(lang).to_string(), bars_top, bars_h, Some(max_rate)) }
            <path d={bars} fill="#009E73" />
            { overlay(series, duration_ms, view_ms, bars_top + 12, bars_h - 12) }
        </g>
    };
    processed
}

/// The time scale under the last chart, at the timeline's moments.
fn time_axis(duration_ms: u64, top: i64) -> Html {
    let ticks = crate::ui::timeline::axis_ticks(duration_ms);
    let last = ticks.len().saturating_sub(1);
    let marks = ticks.into_iter().enumerate().map(|(i, at_ms)| {
        let x = x_of(at_ms, duration_ms);
        let anchor = if i == 0 {
            "start"
        } else if i == last && x > X1 - 20 {
            "end"
        } else {
            "middle"
        };
        html! {
            <g class="chart-time">
                <line x1={x.to_string()} x2={x.to_string()} y1={top.to_string()} y2={(top + 4).to_string()} class="chart-frame" />
                <text x={x.to_string()} y={(top + 15).to_string()} class="chart-tick" text-anchor={anchor}>{ crate::ui::timeline::axis_label(at_ms) }</text>
            </g>
        }
    });
    html! { <g data-testid="chart-time-axis">{ for marks }</g> }
}

/// The legend under the charts: the rebalance hatch and the lag shades' ranges.
fn legend(max_lag: u64, lang: Lang) -> Html {
    html! {
    <p class="chart-legend small">
        <span class="swatch-hatch" aria-hidden="true"></span>{ Text::ChartRebalance.get(lang) }
        { " · " }
        <span class="swatch-shade" style="background:#E2E2E2" aria-hidden="true"></span>{ "0" }
        { for LAG_SHADES.iter().enumerate().filter(|_| max_lag > 0).map(|(i, c)| {
            // Shade i holds lags in (max·i/4, max·(i+1)/4].
            let (low, high) = (max_lag * i as u64 / 4 + 1, max_lag * (i as u64 + 1) / 4);
            let range = if low >= high { high.to_string() } else { format!("{low}–{high}") };
            html! { <><span class="swatch-shade" style={format!("background:{c}")} aria-hidden="true"></span>{ range }</> }
        }) }
        <span class="chart-shades-note">{ Text::ChartShades.get(lang) }</span>
    </p>
    }
}

pub fn render(sim: &Simulation, series: &GroupSeries, duration_ms: u64, view_ms: u64, lang: Lang) -> Html {
    let samples = series.samples();
    let ax = Axis {
        bucket: series.bucket_ms,
        duration_ms,
    };
    let (heat, heat_h, max_lag) = partition_lag(series, ax, view_ms, lang);
    let lines_top = heat_h + 14;
    let lines_h = 110;
    let lag_lines = consumer_lag(sim, series, ax, view_ms, lines_top, lines_h, lang);
    let bars_top = lines_top + lines_h + 14;
    let bars_h = 90;
    let processed = processed(series, ax, view_ms, bars_top, bars_h, lang);
    let time_axis = time_axis(duration_ms, bars_top + bars_h);
    let height = bars_top + bars_h + 22;
    html! {
        <details class="charts" open=true data-testid="charts" data-samples={samples.to_string()}>
            <summary>{ Text::ChartsTitle.get(lang) }</summary>
            <svg viewBox={format!("0 0 {WIDTH} {height}")} role="img" aria-label={Text::ChartsTitle.get(lang)} class="chart-svg">
                <defs>
                    <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="6" height="6" fill="#E69F00" fill-opacity="0.12" />
                        <line x1="0" y1="0" x2="0" y2="6" stroke="#B35C00" stroke-width="1.5" stroke-opacity="0.45" />
                    </pattern>
                </defs>
                { heat }
                { lag_lines }
                { processed }
                { time_axis }
            </svg>
            { legend(max_lag, lang) }
        </details>
    }
}
