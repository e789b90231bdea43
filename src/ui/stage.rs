//! The SVG stage: producer → partition log strips → consumer group, drawn from state and
//! animated only from trace entries.

use crate::i18n::stage::{self as sg, Sg};
use crate::i18n::{Lang, Text};
use crate::model::consumer::{Consumer, ConsumerStatus, MemberState};
use crate::model::murmur2::murmur2;
use crate::model::nouns::TopicPartition;
use crate::model::sim::Simulation;
use crate::model::trace::TraceEvent;
use yew::prelude::*;

/// Okabe–Ito colours for consumers (colour-blind safe); each also has its own shape.
pub const CONSUMER_COLOURS: [&str; 8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#333333", "#B8A000"];
/// Paul Tol's "light" palette for record keys (dark text stays readable on all of them).
const KEY_COLOURS: [&str; 8] = ["#77AADD", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#EEDD88", "#EE8866", "#FFAABB"];
const KEYLESS_COLOUR: &str = "#DDDDDD";

/// The wide layout's width in SVG units.
pub const WIDTH: i64 = 1000;
const PRODUCER_X: i64 = 20;
const PRODUCER_W: i64 = 110;
const STRIP_LABEL_X: i64 = 170;
const CELLS_X: i64 = 250;
const CELL_W: i64 = 26;
const CELLS: u64 = 16;
const GROUP_X: i64 = 770;
const GROUP_W: i64 = 210;
/// A consumer's box inside its group.
const CONSUMER_W: i64 = GROUP_W - 20;
/// Wide: where the group column starts; the first topic's title sits just under it. Little
/// room above: in presenter mode every unit of height is a line of the projected screen.
const TOP: i64 = 16;
/// Stacked: where the producers start.
const STACKED_TOP: i64 = 12;
/// Vertical room per producer: its box and, under it, its accumulator with four partition
/// rows; each row fewer takes `ACC_ROW_H` less (`producer_block_h`).
const PRODUCER_BLOCK_H: i64 = 137;
const ACC_ROWS: usize = 4;
const ACC_ROW_H: i64 = 11;

/// The room each producer's block takes: as many accumulator rows as the producer that can
/// write to the most partitions can fill (its topic's partitions, one when it writes to a
/// fixed partition; four at most).
fn producer_block_h(sim: &Simulation) -> i64 {
    let rows = sim
        .world
        .producers
        .values()
        .map(|p| {
            if p.spec.partition.is_some() {
                1
            } else {
                sim.world.cluster.partition_count(&p.spec.topic) as usize
            }
        })
        .max()
        .unwrap_or(1)
        .clamp(1, ACC_ROWS);
    PRODUCER_BLOCK_H - (ACC_ROWS - rows) as i64 * ACC_ROW_H
}
/// A stage box narrower than this on a screen narrower than `STACK_SCREEN_BELOW_PX` (phones,
/// tablets: the page is one column) is drawn stacked. On a wider screen a narrow box sits
/// beside a lesson's card, with the height of the screen as its limit: it stays wide.
const STACK_BELOW_PX: u32 = 900;
const STACK_SCREEN_BELOW_PX: u32 = 1100;
/// The stacked layout never gets narrower than this many units (a 390 px phone's box).
const STACKED_MIN_W: i64 = 360;
/// Stacked: where the cells start (after "P0 · B0") and a column of producers or consumers.
const STACKED_CELLS_X: i64 = 84;
const STACKED_MARGIN: i64 = 8;
const STACKED_COLUMN_W: i64 = 200;
/// Stacked: a consumer's height in the group (room for its text and its timer rings).
const STACKED_CONSUMER_H: i64 = 64;
/// Stacked: the shown group's lag after the cells, then its owner's tag (shape and id).
const STACKED_LAG_W: i64 = 48;
const OWNER_TAG_W: i64 = 46;

/// Where things go across the stage. Wide: producers, partition strips and the group column
/// side by side in `WIDTH` units, scaled to the box; in a box narrower than that (a lesson's
/// stage beside its card) the strips show fewer records instead, so the drawing is not shrunk
/// below one unit per pixel. Stacked (a box narrower than
/// `STACK_BELOW_PX`): producers in a row over the strips, the groups under them, one unit per
/// CSS pixel so text keeps its size; each strip names its owner instead of drawing a line
/// across to it, and shows only the shown group's lag and committed offset (the group picker
/// switches; the wide layout shows every group's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Geometry {
    pub width: i64,
    stacked: bool,
    /// Wide, in a box narrower than `WIDTH`: drawn at one unit per pixel (fewer cells), with
    /// the stage's smallest text one unit larger (the `compact` class), a shorter group column
    /// and the brokers beside the groups when they fit.
    compact: bool,
    /// Compact: the producers in a row under the strips instead of a column left of them
    /// (whichever draws the scene shorter; see `layout`).
    producers_below: bool,
    cell_w: i64,
    cells: u64,
    cells_x: i64,
}

/// Wide: the room after a full strip for its lag and the owner lines (to `GROUP_X`).
const AFTER_STRIP: i64 = GROUP_X - CELLS_X - CELLS as i64 * CELL_W;
/// Compact, producers under the strips: the strip labels start at the margin and the cells
/// as far after them as in the wide layout.
const BELOW_CELLS_X: i64 = PRODUCER_X + (CELLS_X - STRIP_LABEL_X);
/// Fewest record cells a wide strip shows.
const MIN_CELLS: i64 = 6;

impl Geometry {
    /// The geometry for a stage box `width_px` wide on a screen `screen_px` wide (0: not
    /// measured yet, drawn wide).
    pub fn for_box((width_px, screen_px): (u32, u32)) -> Geometry {
        if width_px == 0 || width_px >= WIDTH as u32 {
            return Geometry::wide(WIDTH, CELLS_X, false);
        }
        if width_px >= STACK_BELOW_PX || screen_px >= STACK_SCREEN_BELOW_PX {
            return Geometry::wide(width_px as i64 / 4 * 4, CELLS_X, true);
        }
        // In steps of 20 px: a few pixels of resizing do not redraw the stage.
        let width = (width_px as i64 / 20 * 20).max(STACKED_MIN_W);
        let cell_w = if width < 600 { 22 } else { CELL_W };
        let room = width - STACKED_CELLS_X - 10 - STACKED_LAG_W - OWNER_TAG_W - STACKED_MARGIN;
        let cells = (room / cell_w).clamp(6, CELLS as i64) as u64;
        Geometry {
            width,
            stacked: true,
            compact: false,
            producers_below: false,
            cell_w,
            cells,
            cells_x: STACKED_CELLS_X,
        }
    }

    /// A wide drawing `width` units wide whose cells start at `cells_x`: as many cells as fit
    /// before the lag and the group column (16 at most), and never so few that they run into
    /// it (then the drawing is wider than the box and scaled down a little).
    fn wide(width: i64, cells_x: i64, compact: bool) -> Geometry {
        let room = width - (WIDTH - GROUP_X) - AFTER_STRIP - cells_x;
        let cells = (room / CELL_W).clamp(MIN_CELLS, CELLS as i64);
        let least = cells_x + cells * CELL_W + AFTER_STRIP + (WIDTH - GROUP_X);
        Geometry {
            width: width.max(least),
            stacked: false,
            compact,
            producers_below: cells_x == BELOW_CELLS_X,
            cell_w: CELL_W,
            cells: cells as u64,
            cells_x,
        }
    }

    fn strip_w(self) -> i64 {
        self.cell_w * self.cells as i64
    }

    fn lag_x(self) -> i64 {
        self.cells_x + self.strip_w() + 10
    }

    /// Where owner lines leave the strips (wide), or where the owner's tag starts (stacked).
    fn lines_x(self) -> i64 {
        if self.stacked {
            self.lag_x() + STACKED_LAG_W
        } else {
            self.cells_x + self.strip_w() + 2
        }
    }

    fn label_x(self) -> i64 {
        if self.stacked {
            STACKED_MARGIN
        } else if self.producers_below {
            PRODUCER_X
        } else {
            STRIP_LABEL_X
        }
    }

    fn margin(self) -> i64 {
        if self.stacked {
            STACKED_MARGIN
        } else {
            PRODUCER_X
        }
    }

    fn group_x(self) -> i64 {
        if self.stacked {
            STACKED_MARGIN
        } else {
            self.width - (WIDTH - GROUP_X)
        }
    }

    fn group_w(self) -> i64 {
        if self.stacked {
            self.width - 2 * STACKED_MARGIN
        } else {
            GROUP_W
        }
    }

    /// Window of offsets drawn for a partition: the newest `cells − 2` records plus room at
    /// the end.
    fn window_start(self, log_end: u64) -> u64 {
        log_end.saturating_sub(self.cells - 2)
    }

    fn offset_x(self, offset: u64, start: u64) -> i64 {
        self.cells_x + (offset.saturating_sub(start).min(self.cells)) as i64 * self.cell_w
    }
}

/// What the inspector shows: anything on the stage can be clicked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    Consumer(String),
    Group(String),
    Topic(String),
    Producer(String),
    Broker(u32),
}

/// Click and Enter/Space both select (stage elements are focusable, role=button).
fn activate(on_select: &Callback<Selection>, what: Selection) -> (Callback<MouseEvent>, Callback<KeyboardEvent>) {
    let (a, b) = (on_select.clone(), on_select.clone());
    let w = what.clone();
    (
        Callback::from(move |_| a.emit(w.clone())),
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                b.emit(what.clone());
            }
        }),
    )
}

/// Group letters: A, B, C… (the second cue, with the border pattern, that tells groups apart).
pub fn group_letter(index: usize) -> char {
    (b'A' + (index % 26) as u8) as char
}

/// What a thin partition row draws (rows too short for labels: many partitions).
struct ThinRow<'a> {
    sim: &'a Simulation,
    tp: &'a TopicPartition,
    group: Option<&'a crate::model::sim::Group>,
    y: i64,
    h: i64,
    owner_class: &'static str,
    broker: u32,
    lang_code: &'static str,
    geo: Geometry,
    versions: &'a std::cell::RefCell<std::collections::BTreeMap<TopicPartition, u64>>,
}

/// A thin row: background, one path per record colour, duplicates outlined, the high
/// watermark. Wrapped in a keyed `Frozen` whose version hashes all of that, so only rows that
/// changed since the last frame are rebuilt and diffed (a few dozen of 256 at 4×).
fn thin_row(row: ThinRow) -> Html {
    let Some(log) = row.sim.world.cluster.log(row.tp) else { return html! {} };
    let (y, h, geo) = (row.y, row.h, row.geo);
    let end = log.log_end_offset();
    let start = geo.window_start(end);
    let counts: Vec<u32> = (start..end).map(|o| row.group.map_or(0, |g| g.ledger.count(row.tp, o))).collect();
    let mut key = crate::model::trace::Fnv64::default();
    key.write(row.tp.to_string().as_bytes());
    key.write(
        format!(
            "|{y}|{h}|{end}|{}|{}|{}|{}|{}|{}|",
            log.high_watermark, row.owner_class, row.broker, row.lang_code, geo.width, geo.cells
        )
        .as_bytes(),
    );
    for c in &counts {
        key.write(&[(*c).min(2) as u8]);
    }
    let version = key.value();
    let due = row.versions.borrow_mut().insert(row.tp.clone(), version) != Some(version);
    let body = if due {
        let mut by_fill: std::collections::BTreeMap<&'static str, String> = std::collections::BTreeMap::new();
        let mut dups = String::new();
        for (offset, count) in (start..end).zip(&counts) {
            let record = log.record(offset).expect("offset in log");
            let x = geo.offset_x(offset, start);
            let rect = format!("M{x} {y}h{}v{h}h{}z", geo.cell_w - 2, -(geo.cell_w - 2));
            if *count >= 2 {
                dups.push_str(&rect);
            }
            by_fill.entry(key_colour(record.key.as_deref())).or_default().push_str(&rect);
        }
        let hx = geo.offset_x(log.high_watermark, start);
        let width = geo.strip_w() + 6;
        html! {
            <g class="partition" data-testid={format!("partition-{}-{}", row.tp.topic, row.tp.partition)} data-end-offset={end.to_string()}>
                <path d={format!("M{} {}h{width}v{}h{}z", geo.cells_x - 4, y - 2, h + 4, -width)} class={row.owner_class} />
                <text x={geo.label_x().to_string()} y={(y + h / 2 + 4).to_string()} class="label">{ format!("P{} · B{}", row.tp.partition, row.broker) }</text>
                { for by_fill.into_iter().map(|(fill, d)| html! { <path d={d} fill={fill} class="cell" /> }) }
                if !dups.is_empty() { <path d={dups} class="cell dup" fill="none" /> }
                <path d={format!("M{hx} {}v{}", y - 2, h + 4)} class="hw-line" />
            </g>
        }
    } else {
        Html::default()
    };
    html! { <crate::ui::frozen::Frozen key={row.tp.to_string()} {version}>{ body }</crate::ui::frozen::Frozen> }
}

pub struct StageInput<'a> {
    pub sim: &'a Simulation,
    pub group_id: &'a str,
    pub view_ms: u64,
    pub lang: Lang,
    pub animate: bool,
    /// How long a record takes to fly, in virtual ms.
    pub flight_ms: u64,
    pub selected: Option<&'a Selection>,
    pub on_select: Callback<Selection>,
    /// The version each thin partition row was last built at (see `ui::frozen`): a row is
    /// rebuilt only when what it draws changed.
    pub row_versions: &'a std::cell::RefCell<std::collections::BTreeMap<TopicPartition, u64>>,
    /// The same for thin rows' markers and lag numbers (on the overlay layer).
    pub marker_versions: &'a std::cell::RefCell<std::collections::BTreeMap<TopicPartition, u64>>,
    /// The strips' structure the versions belong to (thin, rows, producers, topics).
    pub row_structure: &'a std::cell::Cell<Option<RowStructure>>,
    /// The stage box's width and the screen's in CSS pixels, as last measured (0: not yet;
    /// see `Geometry`).
    pub width_px: (u32, u32),
    /// Told those widths whenever the box's changes.
    pub on_width: Callback<(u32, u32)>,
}

/// What the thin rows' remembered versions belong to: thin or not, rows, producers, topics,
/// the layout's width.
pub type RowStructure = (bool, usize, usize, usize, i64);

/// One group's box in the right column.
struct GroupBox {
    group_id: String,
    index: usize,
    top: i64,
    bottom: i64,
}

struct Layout {
    geo: Geometry,
    rows: Vec<(TopicPartition, i64)>,
    row_h: i64,
    /// Each consumer's box: its id and top-left corner.
    consumers: Vec<(String, i64, i64)>,
    consumer_h: i64,
    /// A consumer box's width.
    consumer_w: i64,
    groups: Vec<GroupBox>,
    /// Each broker's box: top-left corner; and their width.
    brokers: Vec<(i64, i64)>,
    broker_w: i64,
    /// A broker box's height: two lines of text when it is narrow (`BROKER_TWO_LINE_H`).
    broker_h: i64,
    /// Each producer's block (its box, the accumulator under it): top-left corner, in the
    /// producers' order.
    producers: Vec<(i64, i64)>,
    height: i64,
    broker_y: i64,
}

/// A row of `count` broker boxes at `y`, wrapping into more rows where fewer than all fit
/// (stacked: a box is at least 200 units wide, so its label fits). Returns the boxes, their
/// width and where the last row ends.
fn broker_boxes(geo: Geometry, count: i64, y: i64) -> (Vec<(i64, i64)>, i64, i64) {
    let room = geo.width - 2 * geo.margin();
    let columns = if geo.stacked { (room / 200).clamp(1, count.max(1)) } else { count.max(1) };
    let w = (room / columns - 10).min(220);
    let boxes: Vec<(i64, i64)> = (0..count).map(|b| (geo.margin() + (b % columns) * (w + 10), y + (b / columns) * 46)).collect();
    let rows = (count + columns - 1) / columns;
    (boxes, w, y + rows.max(1) * 46 - 10)
}

const GROUP_HEADER_H: i64 = 40;
/// Compact: the group's two header lines closer together.
const COMPACT_GROUP_HEADER_H: i64 = 36;
const TOPIC_GAP: i64 = 22;
const GROUP_GAP: i64 = 12;
const COMPACT_GROUP_GAP: i64 = 8;
/// A consumer's least height in the wide group column: its name and state on one line.
const MIN_CONSUMER_H: i64 = 26;
/// A broker's box: one line of text, or two (narrow, beside the groups).
const BROKER_H: i64 = 36;
const BROKER_TWO_LINE_H: i64 = 42;
/// The least width of a broker's box beside the group column, and the width under which its
/// label takes two lines.
const MIN_BESIDE_BROKER_W: i64 = 150;
const TWO_LINE_BROKER_BELOW_W: i64 = 240;
/// Wide enough for "broker 0 ✕ down ★ group coordinator (g)".
const MAX_BESIDE_BROKER_W: i64 = 300;

/// Each group's consumers, in the order they were added.
fn group_members(sim: &Simulation) -> Vec<(String, Vec<String>)> {
    sim.world
        .groups
        .keys()
        .map(|g| {
            let ids = sim
                .world
                .consumer_order
                .iter()
                .filter(|id| sim.world.consumers.get(*id).is_some_and(|c| &c.spec.group_id == g))
                .cloned()
                .collect();
            (g.clone(), ids)
        })
        .collect()
}

/// The partition rows from `first_y` down: each topic after the first starts TOPIC_GAP lower
/// (its title gets a line of its own instead of sitting under the strip above it). Returns
/// the rows and where the last one ends.
fn strip_rows(tps: Vec<TopicPartition>, first_y: i64, row_h: i64) -> (Vec<(TopicPartition, i64)>, i64) {
    let mut gaps = 0;
    let mut rows: Vec<(TopicPartition, i64)> = Vec::with_capacity(tps.len());
    for (i, tp) in tps.into_iter().enumerate() {
        if rows.last().is_some_and(|(prev, _): &(TopicPartition, i64)| prev.topic != tp.topic) {
            gaps += TOPIC_GAP;
        }
        rows.push((tp, first_y + gaps + i as i64 * row_h));
    }
    let bottom = first_y + gaps + rows.len().max(1) as i64 * row_h;
    (rows, bottom)
}

/// Every topic's partitions, topic by topic.
fn all_partitions(sim: &Simulation) -> Vec<TopicPartition> {
    let topics: Vec<String> = sim.world.cluster.topics.keys().cloned().collect();
    sim.world.cluster.partitions_of(&topics)
}

/// The stage's layout for a box `width_px` wide (see `Geometry`). Wide, it tries the
/// producers beside the strips and under them, and takes the shorter drawing: beside a
/// lesson's card and in presenter mode the screen's height is what limits the drawing's
/// scale.
fn layout(sim: &Simulation, width_px: (u32, u32)) -> Layout {
    let members = group_members(sim);
    let geo = Geometry::for_box(width_px);
    if geo.stacked {
        return stacked_layout(sim, geo, members);
    }
    let width = if geo.compact { width_px.0 as i64 / 4 * 4 } else { WIDTH };
    let below = wide_layout(sim, Geometry::wide(width, BELOW_CELLS_X, geo.compact), members.clone());
    let beside = wide_layout(sim, geo, members);
    if below.height < beside.height {
        below
    } else {
        beside
    }
}

/// The group column at the right: each group's box and its consumers' boxes, which share
/// the height of the partition strips down to `MIN_CONSUMER_H` each.
fn group_column(geo: Geometry, members: Vec<(String, Vec<String>)>, strip_bottom: i64) -> GroupColumn {
    let (gap, header_h) = if geo.compact {
        (COMPACT_GROUP_GAP, COMPACT_GROUP_HEADER_H)
    } else {
        (GROUP_GAP, GROUP_HEADER_H)
    };
    let g = members.len().max(1) as i64;
    let total: i64 = members.iter().map(|(_, ids)| ids.len().max(1) as i64).sum::<i64>().max(1);
    let room = strip_bottom - TOP - g * (header_h + gap);
    let consumer_h = (room / total).clamp(MIN_CONSUMER_H, 70);
    let mut consumers = Vec::new();
    let mut groups = Vec::new();
    let mut y = TOP;
    for (index, (group_id, ids)) in members.into_iter().enumerate() {
        let top = y;
        let count = ids.len().max(1) as i64;
        for (i, id) in ids.into_iter().enumerate() {
            consumers.push((id, geo.group_x() + 10, top + header_h + i as i64 * consumer_h));
        }
        let bottom = top + header_h + count * consumer_h + 4;
        groups.push(GroupBox { group_id, index, top, bottom });
        y = bottom + gap;
    }
    GroupColumn {
        consumers,
        groups,
        consumer_h,
        bottom: y - gap,
    }
}

/// The wide layout's group column (`group_column`).
struct GroupColumn {
    /// Each consumer's box: its id and top-left corner.
    consumers: Vec<(String, i64, i64)>,
    groups: Vec<GroupBox>,
    consumer_h: i64,
    /// Where the last group's box ends.
    bottom: i64,
}

/// Producers stacked in a column left of the strips, around `middle` (never above the top);
/// or, `geo.producers_below`, in rows under the strips, left of the group column (or across
/// the whole width when the groups end above them). Returns each producer's corner and where
/// they end.
fn producer_blocks(geo: Geometry, (count, block_h): (i64, i64), (middle, strip_bottom, groups_bottom): (i64, i64, i64)) -> (Vec<(i64, i64)>, i64) {
    if geo.producers_below {
        let column_w = PRODUCER_W + 26;
        let top = strip_bottom + 16;
        let right = if groups_bottom + 8 <= top {
            geo.width - geo.margin()
        } else {
            geo.group_x() - 10
        };
        let columns = ((right - PRODUCER_X) / column_w).max(1);
        let blocks = (0..count)
            .map(|i| (PRODUCER_X + (i % columns) * column_w, top + (i / columns) * block_h))
            .collect();
        return (blocks, top + (count + columns - 1) / columns * block_h);
    }
    let y = (middle - count * block_h / 2).max(TOP);
    ((0..count).map(|i| (PRODUCER_X, y + i * block_h)).collect(), y + count * block_h)
}

/// Every group is drawn, stacked in the right column. The brokers go under the strips and
/// producers, left of the group column, when each broker's box keeps `MIN_BESIDE_BROKER_W`
/// there; under everything otherwise.
fn wide_layout(sim: &Simulation, geo: Geometry, members: Vec<(String, Vec<String>)>) -> Layout {
    let tps = all_partitions(sim);
    let n = tps.len().max(1) as i64;
    let row_h = (520 / n).clamp(14, 52);
    let (rows, strip_bottom) = strip_rows(tps, TOP + 20, row_h);
    let GroupColumn {
        consumers,
        groups,
        consumer_h,
        bottom: groups_bottom,
    } = group_column(geo, members, strip_bottom);
    let (producers, producers_bottom) = producer_blocks(
        geo,
        (sim.world.producers.len() as i64, producer_block_h(sim)),
        (TOP + 20 + n * row_h / 2, strip_bottom, groups_bottom),
    );
    let count = sim.world.cluster.brokers as i64;
    let left_bottom = strip_bottom.max(producers_bottom);
    let beside_w = (geo.group_x() - 10 - geo.margin()) / count.max(1) - 10;
    let (brokers, broker_w, broker_h, broker_y, bottom) = if beside_w >= MIN_BESIDE_BROKER_W {
        let broker_y = left_bottom + 24;
        let boxes = (0..count).map(|b| (geo.margin() + b * (beside_w + 10), broker_y)).collect();
        let broker_h = if beside_w < TWO_LINE_BROKER_BELOW_W { BROKER_TWO_LINE_H } else { BROKER_H };
        (
            boxes,
            beside_w.min(MAX_BESIDE_BROKER_W),
            broker_h,
            broker_y,
            (broker_y + broker_h).max(groups_bottom) + 8,
        )
    } else {
        let broker_y = left_bottom.max(groups_bottom + GROUP_GAP) + 30;
        let (boxes, w, _) = broker_boxes(geo, count, broker_y);
        (boxes, w, BROKER_H, broker_y, broker_y + BROKER_H + 8)
    };
    Layout {
        geo,
        rows,
        row_h,
        consumers,
        consumer_h,
        consumer_w: CONSUMER_W,
        groups,
        brokers,
        broker_w,
        broker_h,
        producers,
        height: bottom,
        broker_y,
    }
}

/// Producers in rows at the top, the strips under them, then each group with its consumers
/// in as many columns as fit, then the brokers.
fn stacked_layout(sim: &Simulation, geo: Geometry, members: Vec<(String, Vec<String>)>) -> Layout {
    let columns = ((geo.width - 2 * STACKED_MARGIN) / STACKED_COLUMN_W).max(1);
    let count = sim.world.producers.len() as i64;
    let block_h = producer_block_h(sim);
    let producers: Vec<(i64, i64)> = (0..count)
        .map(|i| (STACKED_MARGIN + (i % columns) * STACKED_COLUMN_W, STACKED_TOP + (i / columns) * block_h))
        .collect();
    let producers_bottom = STACKED_TOP + (count + columns - 1) / columns * block_h;
    let tps = all_partitions(sim);
    let row_h = (400 / tps.len().max(1) as i64).clamp(14, 48);
    let (rows, strip_bottom) = strip_rows(tps, producers_bottom + 20, row_h);
    let inner = ((geo.group_w() - 10) / STACKED_COLUMN_W).max(1);
    // The columns share the group's width.
    let column_w = (geo.group_w() - 10) / inner;
    let mut consumers = Vec::new();
    let mut groups = Vec::new();
    let mut y = strip_bottom + 16;
    for (index, (group_id, ids)) in members.into_iter().enumerate() {
        let top = y;
        let lines = (ids.len().max(1) as i64 + inner - 1) / inner;
        for (i, id) in ids.into_iter().enumerate() {
            let (col, line) = (i as i64 % inner, i as i64 / inner);
            consumers.push((id, geo.group_x() + 10 + col * column_w, top + GROUP_HEADER_H + line * STACKED_CONSUMER_H));
        }
        let bottom = top + GROUP_HEADER_H + lines * STACKED_CONSUMER_H + 4;
        groups.push(GroupBox { group_id, index, top, bottom });
        y = bottom + GROUP_GAP;
    }
    let broker_y = y + 10;
    let (brokers, broker_w, bottom) = broker_boxes(geo, sim.world.cluster.brokers as i64, broker_y);
    Layout {
        geo,
        rows,
        row_h,
        consumers,
        consumer_h: STACKED_CONSUMER_H,
        consumer_w: column_w - 10,
        groups,
        brokers,
        broker_w,
        broker_h: BROKER_H,
        producers,
        height: bottom + 14,
        broker_y,
    }
}

/// "P0 · B1", and for replicated partitions the ISR under it (the leader first, ★; replicas
/// out of sync after ✕); "offline" when no replica may lead. Where the label column is too
/// narrow (`room` units), the word "offline" and the out-of-sync replicas move to the title.
fn strip_label(
    sim: &Simulation,
    tp: &TopicPartition,
    log: &crate::model::cluster::PartitionLog,
    broker: u32,
    (x, y, h, room): (i64, i64, i64, i64),
    lang: Lang,
) -> Html {
    let offline = format!("P{} · ⚠ {}", tp.partition, Sg::Offline.get(lang));
    let main = if log.leader.is_none() {
        // About 7 units a character of the 11–12 unit label.
        if offline.chars().count() as i64 * 7 > room {
            format!("P{} · ⚠", tp.partition)
        } else {
            offline.clone()
        }
    } else {
        format!("P{} · B{broker}", tp.partition)
    };
    if log.replicas.len() <= 1 {
        return html! {
            <text x={x.to_string()} y={(y + h / 2 + 4).to_string()} class={if log.leader.is_none() { "label bad" } else { "label" }}>
                if log.leader.is_none() { <title>{ offline }</title> }
                { main }
            </text>
        };
    }
    let min_isr = sim.world.cluster.topics.get(&*tp.topic).map_or(1, |t| t.min_insync_replicas);
    let isr: Vec<String> = log
        .isr
        .iter()
        .map(|b| if Some(*b) == log.leader { format!("{b}★") } else { b.to_string() })
        .collect();
    let out: Vec<String> = log.replicas.iter().filter(|b| !log.isr.contains(b)).map(|b| format!("✕{b}")).collect();
    let below = (log.isr.len() as u32) < min_isr;
    let mut detail = format!(
        "ISR {}{}",
        isr.join(","),
        if out.is_empty() { String::new() } else { format!(" {}", out.join(" ")) }
    );
    // About 7 units a character of the tiny ISR line (its ★ and ✕ are wide).
    if detail.chars().count() as i64 * 7 > room {
        detail = format!("ISR {}", isr.join(","));
    }
    let title = format!(
        "{}: {:?} · ISR {:?} · min.insync.replicas {min_isr} · leader epoch {}{}",
        Sg::Replicas.get(lang),
        log.replicas,
        log.isr,
        log.leader_epoch,
        if below { Sg::IsrBelowMin.get(lang) } else { "" }
    );
    let (y1, y2) = if h >= 24 {
        (y + h / 2 - 1, y + h / 2 + 10)
    } else {
        (y + h / 2 + 4, y + h / 2 + 4)
    };
    html! {
        <g class="strip-label" data-testid={format!("isr-{tp}")}>
            <title>{ title }</title>
            <text x={x.to_string()} y={y1.to_string()} class={if log.leader.is_none() { "label bad" } else { "label" }}>{ main }</text>
            if h >= 24 { <text x={x.to_string()} y={y2.to_string()} class={if below { "label tiny bad" } else { "label tiny" }}>{ detail }</text> }
        </g>
    }
}

/// A producer's record accumulator under its box: one row per partition with batches (the
/// open batch filling towards batch.size, how many more wait behind it, the linger timer as a
/// line under the bar, batches in flight), at most `ACC_ROWS` rows.
fn accumulator(p: &crate::model::producer::Producer, (x, top): (i64, i64), view_ms: u64, lang: Lang) -> Html {
    let mut partitions: Vec<u32> = p.queues.iter().filter(|(_, q)| !q.is_empty()).map(|(part, _)| *part).collect();
    for r in &p.in_flight {
        for b in &r.batches {
            if !partitions.contains(&b.partition) {
                partitions.push(b.partition);
            }
        }
    }
    crate::model::sort::sort(&mut partitions);
    let hidden = partitions.len().saturating_sub(ACC_ROWS);
    let bar_x = x + 24;
    let bar_w = 54;
    let mut rows: Vec<Html> = Vec::new();
    for (i, part) in partitions.iter().take(ACC_ROWS).enumerate() {
        let y = top + 23 + i as i64 * 11;
        let queue = p.queues.get(part);
        let open = queue.and_then(|q| q.back());
        let fill = open.map_or(0, |b| {
            (b.estimated_bytes(&p.config) * bar_w as u64 / p.config.batch_size.max(1)).min(bar_w as u64) as i64
        });
        let full = open.is_some_and(|b| b.is_full(&p.config));
        let waiting = queue.map_or(0, |q| q.len().saturating_sub(1));
        let retrying = queue.and_then(|q| q.front()).is_some_and(|b| b.attempts > 0);
        let flying = p.in_flight.iter().flat_map(|r| r.batches.iter()).filter(|b| b.partition == *part).count();
        // linger.ms: how much of the open batch's wait has passed.
        let linger = open.filter(|b| b.attempts == 0 && p.config.linger_ms > 0).map(|b| {
            let waited = view_ms.saturating_sub(b.created_ms).min(p.config.linger_ms);
            (waited * bar_w as u64 / p.config.linger_ms) as i64
        });
        let title = match open {
            Some(b) => format!(
                "{}-{part}: {} {} · {}{} / {} B (batch.size){}{}",
                p.spec.topic,
                b.records.len(),
                Sg::Records.get(lang),
                // Compressed: the records' size before, the codec, the batch's estimate after.
                b.compression(&p.config)
                    .map_or(String::new(), |c| format!("{} B → {} ", c.uncompressed_bytes, c.codec.name())),
                b.estimated_bytes(&p.config),
                p.config.batch_size,
                if waiting > 0 { format!(" · +{waiting}") } else { String::new() },
                if flying > 0 {
                    format!(" · {} {flying}", Sg::InFlight.get(lang))
                } else {
                    String::new()
                }
            ),
            None => format!("{}-{part}: {} {flying}", p.spec.topic, Sg::InFlight.get(lang)),
        };
        rows.push(html! {
            <g class="acc-row" data-testid={format!("acc-{}-{part}", p.spec.id)}>
                <title>{ title }</title>
                <text x={(x + 2).to_string()} y={(y + 6).to_string()} class="label tiny">{ format!("P{part}") }</text>
                <rect x={bar_x.to_string()} y={y.to_string()} width={bar_w.to_string()} height="7" class="acc-bar" />
                if fill > 0 { <rect x={bar_x.to_string()} y={y.to_string()} width={fill.to_string()} height="7" class={if full { "acc-fill full" } else if retrying { "acc-fill retry" } else { "acc-fill" }} /> }
                if let Some(w) = linger { <rect x={bar_x.to_string()} y={(y + 8).to_string()} width={w.max(1).to_string()} height="2" class="acc-linger" /> }
                if waiting > 0 || retrying { <text x={(bar_x + bar_w + 3).to_string()} y={(y + 6).to_string()} class="label tiny">{ format!("{}{}", if retrying { "↻" } else { "" }, if waiting > 0 { format!("+{waiting}") } else { String::new() }) }</text> }
                if flying > 0 { <text x={(bar_x + bar_w + 22).to_string()} y={(y + 6).to_string()} class="label tiny inflight">{ format!("↗{flying}") }</text> }
            </g>
        });
    }
    let heading = Sg::Batches.get(lang);
    let in_flight = format!("{} {}/{}", Sg::InFlight.get(lang), p.in_flight.len(), p.config.max_in_flight);
    html! {
        <g class="accumulator" data-testid={format!("accumulator-{}", p.spec.id)}>
            // Two short lines: one long line ran into the partition labels beside it.
            <text x={(x + 2).to_string()} y={(top + 6).to_string()} class="label tiny muted">{ format!("{heading} · linger {} ms", p.config.linger_ms) }</text>
            <text x={(x + 2).to_string()} y={(top + 17).to_string()} class="label tiny muted">
                <tspan class="inflight" data-testid={format!("producer-{}-in-flight", p.spec.id)}>{ in_flight }</tspan>
            </text>
            { for rows }
            if hidden > 0 { <text x={(x + 2).to_string()} y={(top + 23 + ACC_ROWS as i64 * 11 + 6).to_string()} class="label tiny muted">{ format!("+{hidden}") }</text> }
        </g>
    }
}

fn key_colour(key: Option<&str>) -> &'static str {
    match key {
        None => KEYLESS_COLOUR,
        Some(k) => KEY_COLOURS[(murmur2(k.as_bytes()) as u32 % KEY_COLOURS.len() as u32) as usize],
    }
}

/// An SVG path for consumer shape `index` (the second cue besides colour) centred at (x, y).
pub fn shape_path(index: usize, x: i64, y: i64, r: i64) -> String {
    // Shapes shift by one every 8 colours, so the first 64 consumers all differ in colour or
    // shape (c1 and c9 share a colour, not a shape).
    match (index + index / 8) % 8 {
        0 => format!("M{} {} a{r} {r} 0 1 0 {} 0 a{r} {r} 0 1 0 {} 0", x - r, y, 2 * r, -2 * r),
        1 => format!("M{} {} h{} v{} h{} z", x - r, y - r, 2 * r, 2 * r, -2 * r),
        2 => format!("M{x} {} L{} {y} L{x} {} L{} {y} z", y - r - 1, x + r + 1, y + r + 1, x - r - 1),
        3 => format!("M{x} {} L{} {} L{} {} z", y - r - 1, x + r + 1, y + r, x - r - 1, y + r),
        4 => format!("M{x} {} L{} {} L{x} {} L{} {} z", y + r + 1, x + r + 1, y - r, y - r / 3, x - r - 1, y - r),
        5 => format!(
            "M{} {} h{} v{} h{} v{} h{} v{} h{} v{} h{} v{} h{} z",
            x - r / 3,
            y - r,
            2 * r / 3,
            2 * r / 3,
            2 * r / 3,
            2 * r / 3,
            -2 * r / 3,
            2 * r / 3,
            -2 * r / 3,
            -2 * r / 3,
            -2 * r / 3,
            -2 * r / 3,
            2 * r / 3
        ),
        6 => format!(
            "M{} {} L{} {} L{} {} L{} {} z",
            x - r,
            y - r / 2,
            x + r,
            y - r / 2,
            x + r / 2,
            y + r,
            x - r / 2,
            y + r
        ),
        _ => format!(
            "M{} {} L{} {} L{} {} L{} {} L{} {} L{} {} z",
            x - r,
            y,
            x - r / 2,
            y - r,
            x + r / 2,
            y - r,
            x + r,
            y,
            x + r / 2,
            y + r,
            x - r / 2,
            y + r
        ),
    }
}

/// "P0 P1", or with several topics each topic's name before its partitions:
/// "orders P0 P1 · payments P0".
fn assigned_text<'a>(assigned: impl IntoIterator<Item = &'a TopicPartition>) -> String {
    let mut by_topic: Vec<(&str, Vec<String>)> = Vec::new();
    for tp in assigned {
        let p = format!("P{}", tp.partition);
        match by_topic.iter_mut().find(|(t, _)| *t == &*tp.topic) {
            Some((_, ps)) => ps.push(p),
            None => by_topic.push((&*tp.topic, vec![p])),
        }
    }
    if by_topic.len() == 1 {
        return by_topic.remove(0).1.join(" ");
    }
    by_topic.iter().map(|(t, ps)| format!("{t} {}", ps.join(" "))).collect::<Vec<_>>().join(" · ")
}

pub fn consumer_index(sim: &Simulation, id: &str) -> usize {
    sim.world.consumer_order.iter().position(|c| c == id).unwrap_or(0)
}

fn member_text(c: &Consumer, now_ms: u64, lang: Lang) -> &'static str {
    if c.is_running() && c.frozen_until_ms > now_ms {
        return Text::StatusFrozen.get(lang);
    }
    if c.is_running() && c.stall.is_some() {
        return Text::StatusStalled.get(lang);
    }
    match c.status {
        ConsumerStatus::Crashed => Text::StatusCrashed.get(lang),
        ConsumerStatus::Closed => Text::StatusClosed.get(lang),
        ConsumerStatus::Failed => Text::StatusFailed.get(lang),
        ConsumerStatus::Running => match c.member_state {
            MemberState::Unjoined => Text::MemberUnjoined.get(lang),
            MemberState::Joining => Text::MemberJoining.get(lang),
            MemberState::AwaitingSync => Text::MemberSyncing.get(lang),
            MemberState::Stable => Text::MemberStable.get(lang),
        },
    }
}

/// Vertical geometry of a partition row: markers above, cells, committed marker below.
impl Layout {
    /// Where a row's cells start: under the committed-offset labels above them. Compact text
    /// is a unit larger, so its rows leave 4 more units between strips for those labels.
    fn cell_top(&self, row_y: i64) -> i64 {
        row_y + if self.geo.compact { 11 } else { 9 }
    }

    fn cell_h(&self) -> i64 {
        (self.row_h - if self.geo.compact { 24 } else { 20 }).max(6)
    }
}

/// The timer rings' spacing: 8-unit rings nearly touching, so "records-lag-max" and a lag of
/// four digits end before the first.
const RING_STEP: i64 = 18;

/// RaftScope-style timers as rings beside a consumer, each filled by the elapsed share of its
/// interval (SVG pathLength=1000, so no floats): H heartbeat, S the session as the
/// coordinator sees it (also for a dead process: it runs out, then the member is removed),
/// P max.poll.interval.ms since the last poll() while the application is outside poll(),
/// A the auto-commit interval. A ring past 80 % is drawn thicker.
fn timer_rings(c: &Consumer, member: Option<&crate::model::coordinator::GroupMember>, view_ms: u64, x: i64, cy: i64, lang: Lang) -> Html {
    // In steps of 2.5 %: smooth to the eye, and a ring's node changes only every few frames.
    let permille = |elapsed: u64, total: u64| (elapsed.saturating_mul(1000) / total.max(1)).min(1000) / 25 * 25;
    let running = c.status == ConsumerStatus::Running;
    let heartbeat_ms = c.heartbeat_interval_in_use_ms();
    let rings: [(&str, &str, Text, Option<u64>); 4] = [
        (
            "H",
            "#0072B2",
            Text::RingHeartbeat,
            c.last_heartbeat_sent_ms
                .filter(|_| running && c.member_state == MemberState::Stable)
                .map(|t| permille(view_ms.saturating_sub(t), heartbeat_ms)),
        ),
        (
            "S",
            "#D55E00",
            Text::RingSession,
            member.map(|m| permille(view_ms.saturating_sub(m.last_heartbeat_ms), m.session_timeout_ms)),
        ),
        (
            "P",
            "#A1467E",
            Text::RingPoll,
            (running && !matches!(c.app, crate::model::consumer::AppState::Polling))
                .then(|| permille(view_ms.saturating_sub(c.last_poll_ms), c.spec.config.max_poll_interval_ms)),
        ),
        (
            "A",
            "#009E73",
            Text::RingAutoCommit,
            (running && c.spec.commit == crate::model::scenario::CommitMode::Auto && c.next_auto_commit_ms != u64::MAX).then(|| {
                let interval = c.spec.config.auto_commit_interval_ms;
                permille(interval.saturating_sub(c.next_auto_commit_ms.saturating_sub(view_ms)), interval)
            }),
        ),
    ];
    let parts = rings.iter().enumerate().map(|(i, (letter, colour, text, fill))| {
        let cx = x + i as i64 * RING_STEP;
        let fill = fill.unwrap_or(0);
        let class = if fill >= 800 { "ring-fill hot" } else { "ring-fill" };
        html! {
            <g class="timer-ring" data-testid={format!("ring-{}-{letter}", c.id())} data-permille={fill.to_string()}>
                <title>{ text.get(lang) }</title>
                <circle cx={cx.to_string()} cy={cy.to_string()} r="8" class="ring-bg" />
                <circle cx={cx.to_string()} cy={cy.to_string()} r="8" pathLength="1000" class={class} stroke={*colour}
                    stroke-dasharray={format!("{fill} 1000")} transform={format!("rotate(-90 {cx} {cy})")} />
                <text x={cx.to_string()} y={(cy + 3).to_string()} class="ring-letter">{ *letter }</text>
            </g>
        }
    });
    html! { <g class="timers">{ for parts }</g> }
}

/// What every section of the stage reads: the input, the layout and a few facts derived once.
#[derive(Clone, Copy)]
struct Scene<'a, 'b> {
    input: &'a StageInput<'b>,
    sim: &'b Simulation,
    lang: Lang,
    lay: &'a Layout,
    /// The shown group.
    group: Option<&'b crate::model::sim::Group>,
    /// More than one group: groups are told apart by letter.
    multi: bool,
    /// Rows too thin for labels (see `partition_strips`).
    thin: bool,
}

impl Scene<'_, '_> {
    fn coordinator_of(&self, group_id: &str) -> Option<u32> {
        self.sim.world.groups.get(group_id).map(|g| g.coordinator.broker)
    }
}

/// The producers' boxes, each with its record accumulator under it.
fn producers(s: &Scene) -> Vec<Html> {
    let Scene { input, sim, lang, lay, .. } = *s;
    let mut parts: Vec<Html> = Vec::new();
    let is_selected = |what: &Selection| input.selected == Some(what);
    // Where one title would be longer than its box, every producer drops the word "producer".
    let short = sim
        .world
        .producers
        .values()
        .any(|p| bold_text_w(&format!("{} {}", Text::Producer.get(lang), p.spec.id)) + 16 > PRODUCER_W);
    for (producer, &(x, y)) in sim.world.producers.values().zip(&lay.producers) {
        let mut mode = format!("{} rec/s", producer.spec.records_per_sec);
        if producer.spec.send == crate::model::scenario::SendMode::Sync {
            mode.push_str(" · get()");
        }
        if producer.is_transactional() {
            let phase = match producer.txn.phase {
                crate::model::producer::TxnPhase::Ready => "txn –",
                crate::model::producer::TxnPhase::InTransaction => "txn ●",
                crate::model::producer::TxnPhase::Committing => "txn ✓…",
                crate::model::producer::TxnPhase::Aborting => "txn ✗…",
            };
            mode.push_str(&format!(" · {phase}"));
        }
        let sent = format!("{} {}", Sg::Sent.get(lang), producer.sent);
        let title = if short {
            producer.spec.id.clone()
        } else {
            format!("{} {}", Text::Producer.get(lang), producer.spec.id)
        };
        let what = Selection::Producer(producer.spec.id.clone());
        let (click, key) = activate(&input.on_select, what.clone());
        parts.push(html! {
            <g class={if is_selected(&what) { "producer clickable selected" } else { "producer clickable" }} data-testid={format!("producer-{}", producer.spec.id)}
                tabindex="0" role="button" aria-label={format!("{} {}", Text::Producer.get(lang), producer.spec.id)} onclick={click} onkeydown={key}>
                <rect x={x.to_string()} y={y.to_string()} width={PRODUCER_W.to_string()} height="56" rx="8" class="box producer-box" />
                <text x={(x + 10).to_string()} y={(y + 18).to_string()} class="label strong">{ title }</text>
                <text x={(x + 10).to_string()} y={(y + 34).to_string()} class="label small">{ mode }</text>
                <text x={(x + 10).to_string()} y={(y + 49).to_string()} class="label small">{ sent }</text>
            </g>
        });
        parts.push(accumulator(producer, (x, y + 60), input.view_ms, lang));
    }
    parts
}

/// About how wide a 13-unit bold label is: a Hangul syllable is a square, Latin letters,
/// digits and signs about 0.6 of one.
fn bold_text_w(text: &str) -> i64 {
    text.chars().map(|c| if ('\u{AC00}'..='\u{D7A3}').contains(&c) { 13 } else { 8 }).sum()
}

/// Each topic's title above its first partition strip.
fn topic_titles(s: &Scene) -> Vec<Html> {
    let Scene { input, sim, lay, .. } = *s;
    let mut parts: Vec<Html> = Vec::new();
    let is_selected = |what: &Selection| input.selected == Some(what);
    for topic in sim.world.cluster.topics.values() {
        if let Some((_, y)) = lay.rows.iter().find(|(tp, _)| *tp.topic == *topic.name) {
            let what = Selection::Topic(topic.name.clone());
            let (click, key) = activate(&input.on_select, what.clone());
            parts.push(html! {
                <g class={if is_selected(&what) { "topic-title clickable selected" } else { "topic-title clickable" }} data-testid={format!("topic-{}", topic.name)}
                    tabindex="0" role="button" aria-label={format!("topic {}", topic.name)} onclick={click} onkeydown={key}>
                    <text x={lay.geo.label_x().to_string()} y={(y - 8).to_string()} class="label strong">{ format!("topic {} ▸", topic.name) }</text>
                </g>
            });
        }
    }
    parts
}

/// The record cells of one partition strip (none when rows are thin).
fn record_cells(s: &Scene, tp: &TopicPartition, log: &crate::model::cluster::PartitionLog, y: i64, h: i64) -> Vec<Html> {
    let Scene { lang, thin, group, lay, .. } = *s;
    let geo = lay.geo;
    let cell_w = geo.cell_w;
    let end = log.log_end_offset();
    let start = geo.window_start(end);
    let mut cells: Vec<Html> = Vec::new();
    for offset in (start..end).filter(|_| !thin) {
        let record = log.record(offset).expect("offset in log");
        let x = geo.offset_x(offset, start);
        let count = group.map_or(0, |g| g.ledger.count(tp, offset));
        let w = (cell_w - 2).to_string();
        // Transaction markers: dark cells with ✓ (commit) or ✗ (abort), never given to
        // consumers.
        if let Some(marker) = record.control {
            let commit = marker == crate::model::nouns::ControlMarker::Commit;
            let title = sg::control_marker_title(offset, commit, &record.producer, lang);
            cells.push(html! {
                <g data-testid={format!("marker-{tp}-{offset}")}>
                    <rect x={x.to_string()} y={y.to_string()} width={w} height={h.to_string()} class={if commit { "cell marker commit" } else { "cell marker abort" }}><title>{ title }</title></rect>
                    <text x={(x + cell_w / 2 - 1).to_string()} y={(y + h / 2 + 4).to_string()} class="cell-text marker-text-glyph">{ if commit { "✓" } else { "✗" } }</text>
                </g>
            });
            continue;
        }
        let aborted = log.is_aborted(record);
        // The same record written again (a retry without idempotence): a ↻ in the corner.
        let rewritten = (offset.saturating_sub(64).max(log.log_start_offset)..offset).any(|o| {
            log.record(o)
                .is_some_and(|r| r.value == record.value && r.producer == record.producer && r.control.is_none())
        });
        let open_txn = record.transactional
            && !aborted
            && record
                .sequence
                .is_some_and(|s| log.open_txns.get(&s.producer_id).is_some_and(|first| *first <= offset));
        let fill = key_colour(record.key.as_deref());
        let mut class = String::from(if count >= 2 { "cell dup" } else { "cell" });
        if offset >= log.high_watermark {
            class.push_str(" unreplicated");
        }
        if open_txn {
            class.push_str(" open-txn");
        }
        let mut title = sg::record_title(tp, record, log.batch_of(offset), count, lang);
        let mut line = |s: Sg| {
            title.push('\n');
            title.push_str(s.get(lang).trim_start_matches(" · "));
        };
        if aborted {
            line(Sg::AbortedTxn);
        } else if open_txn {
            line(Sg::OpenTxn);
        }
        if offset >= log.high_watermark {
            line(Sg::AboveHighWatermark);
        }
        cells.push(html! {
            <g>
                <rect x={x.to_string()} y={y.to_string()} width={w.clone()} height={h.to_string()} fill={fill} class={class}><title>{ title }</title></rect>
                if aborted { <rect x={x.to_string()} y={y.to_string()} width={w} height={h.to_string()} class="aborted-hatch" fill="url(#hatch-aborted)" /> }
                if rewritten { <text x={(x + cell_w - 4).to_string()} y={(y + 8).to_string()} class="rewritten-glyph" data-testid={format!("rewritten-{tp}-{offset}")}>{ "↻" }</text> }
                <text x={(x + cell_w / 2 - 1).to_string()} y={(y + h / 2 + 4).to_string()} class={if offset >= 1000 { "cell-text long" } else { "cell-text" }}>{ offset.to_string() }</text>
                if count > 0 { <rect x={(x + 2).to_string()} y={(y + h - 4).to_string()} width={(cell_w - 6).to_string()} height="2" class="done-bar" /> }
            </g>
        });
    }
    cells.extend(batch_spans(s, tp, log, y + h + 1));
    cells
}

/// A bracket under each stored batch's cells: the records the producer sent together, which
/// the leader keeps together (a compressed batch's line is thicker and dashed).
fn batch_spans(s: &Scene, tp: &TopicPartition, log: &crate::model::cluster::PartitionLog, y: i64) -> Vec<Html> {
    let geo = s.lay.geo;
    let end = log.log_end_offset();
    let start = geo.window_start(end);
    let mut offset = start;
    let mut spans = Vec::new();
    while offset < end && !s.thin {
        let Some(b) = log.batch_of(offset) else {
            offset += 1;
            continue;
        };
        let last = b.last_offset().min(end - 1);
        // ⌊…⌋ from the first cell to the last, clear of the next batch's; no left end for a
        // batch that began before the window.
        let x1 = geo.offset_x(offset, start) + 2;
        let x2 = geo.offset_x(last, start) + geo.cell_w - 5;
        let left = if b.base_offset < offset {
            format!("M{x1} {}", y + 3)
        } else {
            format!("M{x1} {y} V{}", y + 3)
        };
        let title = sg::batch_title(b, s.lang);
        spans.push(html! {
            <path d={format!("{left} H{x2} V{y}")}
                class={if b.compression.is_some() { "batch-span zipped" } else { "batch-span" }}
                data-testid={format!("batch-{tp}-{}", b.base_offset)}><title>{ title }</title></path>
        });
        offset = last + 1;
    }
    spans
}

/// One strip's markers: log start, high watermark, last stable offset, each group's committed
/// offset and the consumers' positions. In thin mode each moving marker also goes into
/// `marker_key` (the row's overlay is rebuilt only when it changes).
fn row_markers(
    s: &Scene,
    tp: &TopicPartition,
    log: &crate::model::cluster::PartitionLog,
    y: i64,
    h: i64,
    marker_key: &mut crate::model::trace::Fnv64,
) -> Vec<Html> {
    let Scene { sim, lang, lay, thin, .. } = *s;
    let geo = lay.geo;
    let start = geo.window_start(log.log_end_offset());
    let mut markers: Vec<Html> = Vec::new();
    // High watermark / log end.
    let hx = geo.offset_x(log.high_watermark, start);
    // Log start: drawn while the window reaches back to it (the topic inspector always
    // lists it).
    if !thin && log.log_start_offset >= start {
        let lx = geo.offset_x(log.log_start_offset, start) - 2;
        markers.push(html! {
            <line x1={lx.to_string()} x2={lx.to_string()} y1={(y - 4).to_string()} y2={(y + h + 4).to_string()} class="ls-line"
                data-testid={format!("log-start-{tp}")}><title>{ format!("{}: {}", Text::LogStart.get(lang), log.log_start_offset) }</title></line>
        });
    }
    if !thin {
        markers.push(html! { <line x1={hx.to_string()} x2={hx.to_string()} y1={(y - 2).to_string()} y2={(y + h + 2).to_string()} class="hw-line"><title>{ format!("{}: {}", Text::HighWatermark.get(lang), log.high_watermark) }</title></line> });
        // The last stable offset, when an open transaction holds it below the HW.
        let lso = log.last_stable_offset();
        if lso < log.high_watermark {
            // Left of the window: pinned to its edge with the offset, like a clipped commit.
            let clipped = lso < start;
            let lx = if clipped { geo.cells_x - 3 } else { geo.offset_x(lso, start) - 1 };
            let text = if clipped { format!("◀ LSO {lso}") } else { "LSO".to_string() };
            markers.push(html! {
                <g class="lso-marker" data-testid={format!("lso-{tp}")}>
                    <line x1={lx.to_string()} x2={lx.to_string()} y1={(y - 13).to_string()} y2={(y + h + 2).to_string()} class="lso-line" />
                    <text x={(if clipped { lx + 3 } else { lx - 2 }).to_string()} y={(y - 6).to_string()} class="marker-text lso-text"
                        text-anchor={if clipped { "start" } else { "end" }}>{ text }</text>
                    <title>{ format!("{}: {lso}", Text::LastStableOffset.get(lang)) }</title>
                </g>
            });
        }
    }
    markers.extend(committed_markers(s, tp, (y, h), start, marker_key));
    for consumer in sim.world.consumers.values().filter(|c| c.is_running()) {
        if let Some(&pos) = consumer.positions.get(tp) {
            if !consumer.assigned.contains(tp) {
                continue;
            }
            let idx = consumer_index(sim, consumer.id());
            let px = geo.offset_x(pos, start);
            if thin {
                marker_key.write(format!("p{idx}:{px};").as_bytes());
                markers.push(html! { <path d={shape_path(idx, px, y - 5, 4)} fill={CONSUMER_COLOURS[idx % 8]} stroke="#fff" stroke-width="1" /> });
                continue;
            }
            markers.push(html! {
                <g class="position-marker">
                    <path d={shape_path(idx, px, y - 5, 4)} fill={CONSUMER_COLOURS[idx % 8]} stroke="#fff" stroke-width="1" />
                    <title>{ format!("{} {}: {pos}", Text::Position.get(lang), consumer.id()) }</title>
                </g>
            });
        }
    }
    markers
}

/// Each group's committed offset on a strip: "C" for a lone group, else the group's letter.
/// Groups that committed before the records shown share one arrow at the strip's left edge
/// and one label ("A 3 B 33"). Labels are placed in turn, each on the first free spot of below-right,
/// below-left, above-right and above-left of its mark, so several groups' marks at nearby
/// offsets never print over each other; a label with no free spot is left out (the mark's
/// title still names it). Rows too short for labels keep the marks.
fn committed_markers(s: &Scene, tp: &TopicPartition, (y, h): (i64, i64), start: u64, marker_key: &mut crate::model::trace::Fnv64) -> Vec<Html> {
    let Scene {
        input,
        sim,
        lang,
        lay,
        multi,
        thin,
        ..
    } = *s;
    let geo = lay.geo;
    let committed: Vec<(&GroupBox, u64)> = lay
        .groups
        .iter()
        .filter(|gb| !geo.stacked || gb.group_id == input.group_id)
        .filter_map(|gb| {
            sim.world
                .groups
                .get(&gb.group_id)
                .and_then(|g| g.coordinator.committed.get(tp).copied())
                .map(|c| (gb, c))
        })
        .collect();
    let mut markers: Vec<Html> = Vec::new();
    let labelled = lay.row_h >= 26 && !thin;
    let (below, above) = (y + h + 9, y - 3);
    // Taken stretches of each label line: (line, from x, to x).
    let mut taken: Vec<(i64, i64, i64)> = Vec::new();
    let text_w = |text: &str| text.chars().count() as i64 * if geo.compact { 8 } else { 7 };
    // "C 65" for a lone group, "A 65" with several.
    let label = |gb: &GroupBox, c: u64| format!("{} {c}", if multi { group_letter(gb.index) } else { 'C' });
    let clipped: Vec<String> = committed.iter().filter(|(_, c)| *c < start).map(|(gb, c)| label(gb, *c)).collect();
    if !clipped.is_empty() && labelled {
        // Left of the arrow, under the strip's name, where it fits; else right of it.
        let text = clipped.join(" ");
        let w = text_w(&text);
        let left_end = geo.cells_x - 11;
        // Below the strip's name, so it may start left of it, though not under the producers.
        let leftmost = if geo.stacked || geo.producers_below {
            geo.label_x()
        } else {
            PRODUCER_X + PRODUCER_W + 10
        };
        let x = if left_end - w >= leftmost { left_end - w } else { geo.cells_x + 4 };
        taken.push((below, x, x + w));
        markers.push(html! { <text x={x.to_string()} y={below.to_string()} class="marker-text committed-clipped">{ text }</text> });
    }
    for (gb, c) in committed {
        let is_clipped = c < start;
        let cx = geo.offset_x(c, start);
        let class = format!("committed-marker g{}", gb.index % 4);
        let shape = if is_clipped && !thin {
            format!("M{} {} l9 -5 v10 z", geo.cells_x - 8, y + h + 6)
        } else if gb.index % 2 == 0 {
            format!("M{} {} l5 8 h-10 z", cx, y + h + 1)
        } else {
            format!("M{} {} l4 4 l-4 4 l-4 -4 z", cx, y + h + 1)
        };
        if thin {
            marker_key.write(format!("c{}:{cx};", gb.index).as_bytes());
            // One small node each (not one path for all rows): a moving marker then only
            // repaints its own few pixels.
            markers.push(html! { <path d={shape} class={class} /> });
            continue;
        }
        let text = label(gb, c);
        let w = text_w(&text);
        let spot = if is_clipped || !labelled {
            None
        } else {
            [
                (below, cx + 7, false),
                (below, cx - 7 - w, true),
                (above, cx + 7, false),
                (above, cx - 7 - w, true),
            ]
            .into_iter()
            .filter(|(_, x0, _)| *x0 >= geo.cells_x - 6 && x0 + w <= geo.lag_x() - 2)
            .find(|(line, x0, _)| !taken.iter().any(|(l, a, b)| l == line && *x0 < *b + 3 && x0 + w + 3 > *a))
        };
        if let Some((line, x0, _)) = spot {
            taken.push((line, x0, x0 + w));
        }
        let testid = if gb.group_id == input.group_id {
            format!("committed-{tp}")
        } else {
            format!("committed-{}-{tp}", gb.group_id)
        };
        let title = format!(
            "{} ({}): {c}{}",
            Text::Committed.get(lang),
            gb.group_id,
            if is_clipped { Sg::LeftOfWindow.get(lang) } else { "" }
        );
        markers.push(html! {
            <g class={class} data-testid={testid}>
                <path d={shape} />
                if let Some((line, x0, _)) = spot {
                    <text x={x0.to_string()} y={line.to_string()} class="marker-text">{ text }</text>
                }
                <title>{ title }</title>
            </g>
        });
    }
    markers
}

/// The lag beside a strip: each group's (by letter) when there are several (stacked, or when
/// they do not all fit before the group column: the shown group's).
fn lag_text(s: &Scene, tp: &TopicPartition, lag: Option<u64>) -> String {
    let Scene {
        input, sim, lang, lay, multi, ..
    } = *s;
    if multi {
        let lags = |only_shown: bool| {
            lay.groups
                .iter()
                .filter(|gb| !only_shown || gb.group_id == input.group_id)
                .map(|gb| {
                    format!(
                        "{}{}",
                        group_letter(gb.index),
                        sim.group_lag(&gb.group_id, tp).map_or("–".to_string(), |l| l.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        let all = lags(lay.geo.stacked);
        // About 7 units a character in the lag's bold 11–12 unit text.
        let room = (lay.geo.group_x() - lay.geo.lag_x() - 6) / 7;
        if all.chars().count() as i64 > room {
            lags(true)
        } else {
            all
        }
    } else {
        match lag {
            Some(l) => format!("{} {l}", Text::LagShort.get(lang)),
            None => format!("{} –", Text::LagShort.get(lang)),
        }
    }
}

/// One partition strip, drawn whole, or (thin rows) as a cached row plus its moving markers on
/// the overlay.
enum Strip {
    Full(Html),
    Thin { row: Html, moving: Html },
}

fn partition_strip(s: &Scene, tp: &TopicPartition, row_y: i64) -> Option<Strip> {
    let Scene {
        input,
        sim,
        lang,
        lay,
        group,
        multi,
        thin,
        ..
    } = *s;
    let log = sim.world.cluster.log(tp)?;
    let h = lay.cell_h();
    let y = lay.cell_top(row_y);
    let end = log.log_end_offset();
    let cells = record_cells(s, tp, log, y, h);
    let committed = group.and_then(|g| g.coordinator.committed.get(tp).copied());
    let lag = sim.group_lag(input.group_id, tp);
    let owner = sim.owner_of(input.group_id, tp);
    let mut marker_key = crate::model::trace::Fnv64::default();
    marker_key.write(tp.to_string().as_bytes());
    let markers = row_markers(s, tp, log, y, h, &mut marker_key);
    let lag_text = lag_text(s, tp, lag);
    let broker = sim.world.cluster.leader(tp);
    let geo = lay.geo;
    let bg = format!("M{} {}h{}v{}h{}z", geo.cells_x - 4, y - 2, geo.strip_w() + 6, h + 4, -(geo.strip_w() + 6));
    let owner_class = if owner.is_some() { "strip-bg" } else { "strip-bg unowned" };
    if thin {
        // The row's markers and lag number, keyed and versioned like the row itself.
        let tag = owner_tag(s, tp, y, h);
        marker_key.write(format!("|{y}|{h}|{lag_text}|{multi}|{}", tag.as_ref().map_or("", |(id, _)| id.as_str())).as_bytes());
        let version = marker_key.value();
        let due = input.marker_versions.borrow_mut().insert(tp.clone(), version) != Some(version);
        let body = if due {
            html! {
                <g>
                    { for markers }
                    <text x={geo.lag_x().to_string()} y={(y + h / 2 + 4).to_string()} class={if multi { "label lag multi" } else { "label lag" }}>{ lag_text }</text>
                    { tag.map(|(_, node)| node).unwrap_or_default() }
                </g>
            }
        } else {
            Html::default()
        };
        let moving = html! { <crate::ui::frozen::Frozen key={tp.to_string()} {version}>{ body }</crate::ui::frozen::Frozen> };
        let row = thin_row(ThinRow {
            sim,
            tp,
            group,
            y,
            h,
            owner_class,
            broker,
            lang_code: lang.code(),
            geo,
            versions: input.row_versions,
        });
        return Some(Strip::Thin { row, moving });
    }
    let background = html! { <path d={bg} class={owner_class} /> };
    let lag_class = match (multi, lag.unwrap_or(0) > 20) {
        (true, _) => "label lag multi",
        (false, true) => "label lag high",
        (false, false) => "label lag",
    };
    let lag_node = html! { <text x={geo.lag_x().to_string()} y={(y + h / 2 + 4).to_string()} class={lag_class}>{ lag_text }</text> };
    Some(Strip::Full(html! {
        <g class="partition" data-testid={format!("partition-{}-{}", tp.topic, tp.partition)} data-end-offset={end.to_string()} data-committed={committed.map(|c| c.to_string()).unwrap_or_default()}>
            { background }
            { strip_label(sim, tp, log, broker, (geo.label_x(), y, h, geo.cells_x - geo.label_x() - 4), lang) }
            { for cells }
            { for markers }
            { lag_node }
            { owner_tag(s, tp, y, h).map(|(_, node)| node).unwrap_or_default() }
        </g>
    }))
}

/// Stacked only: the shown group's owner of a strip after its lag, as the consumer's shape
/// and id (wide, a line runs to the consumer instead). A dead process the coordinator still
/// assigns the partition to until its session times out is named in grey. Returns the owner's
/// id with the drawing.
fn owner_tag(s: &Scene, tp: &TopicPartition, y: i64, h: i64) -> Option<(String, Html)> {
    let Scene {
        sim, lay, input, thin, lang, ..
    } = *s;
    if !lay.geo.stacked {
        return None;
    }
    let (id, running) = match sim.owner_of(input.group_id, tp) {
        Some(c) => (c.id().to_string(), true),
        None => {
            let group = sim.world.groups.get(input.group_id)?;
            let member = group.coordinator.members.values().find(|m| m.assignment.contains(tp))?;
            (member.consumer.clone(), false)
        }
    };
    let idx = consumer_index(sim, &id);
    let (x, cy) = (lay.geo.lines_x() + 8, y + h / 2);
    let fill = if running { CONSUMER_COLOURS[idx % 8] } else { "#999" };
    let title = format!("{tp} · {}: {id}", Sg::OwnedBy.get(lang));
    let node = html! {
        <g class={if running { "owner-tag" } else { "owner-tag orphaned" }} data-testid={format!("owner-{tp}")}>
            <title>{ title }</title>
            <path d={shape_path(idx, x, cy, if thin { 4 } else { 6 })} fill={fill} />
            if !thin { <text x={(x + 10).to_string()} y={(cy + 4).to_string()} class="label small">{ id.clone() }</text> }
        </g>
    };
    Some((id, node))
}

/// The partition strips. Rows too thin for labels (many partitions) are drawn by `thin_row`:
/// one path per colour per row instead of nodes per record, rebuilt only when the row changed,
/// so 256 partitions stay cheap to redraw; the topic inspector and the ledger have the
/// numbers. Returns the stage's part and what goes on the overlay.
fn partition_strips(s: &Scene) -> (Vec<Html>, Vec<Html>) {
    let Scene { input, sim, lay, thin, .. } = *s;
    let mut parts: Vec<Html> = Vec::new();
    let mut thin_rows: Vec<Html> = Vec::new();
    // A row's Frozen mounts anew (and needs its body) when the strips' structure changes: the
    // remembered versions only hold for the same structure.
    let structure = (thin, lay.rows.len(), sim.world.producers.len(), sim.world.cluster.topics.len(), lay.geo.width);
    if input.row_structure.replace(Some(structure)) != Some(structure) {
        input.row_versions.borrow_mut().clear();
        input.marker_versions.borrow_mut().clear();
    }
    // In thin mode what changes every frame (markers, lag numbers) is drawn on the overlay
    // layer, so the stage's layer under it is rarely repainted.
    let mut moving: Vec<Html> = Vec::new();
    for (tp, row_y) in &lay.rows {
        match partition_strip(s, tp, *row_y) {
            Some(Strip::Full(row)) => parts.push(row),
            Some(Strip::Thin { row, moving: m }) => {
                thin_rows.push(row);
                moving.push(m);
            }
            None => {}
        }
    }
    if thin {
        parts.push(html! { <g class="thin-rows">{ for thin_rows }</g> });
    }
    (parts, moving)
}

/// Consumer group boxes: the shown group's border is solid and thicker; each group has a
/// letter and its own border pattern.
fn group_boxes(s: &Scene) -> Vec<Html> {
    let Scene {
        input, sim, lang, lay, multi, ..
    } = *s;
    let mut column: Vec<Html> = Vec::new();
    let is_selected = |what: &Selection| input.selected == Some(what);
    let (gx, gw) = (lay.geo.group_x(), lay.geo.group_w());
    let header_h = if lay.geo.compact { COMPACT_GROUP_HEADER_H } else { GROUP_HEADER_H };
    // Several groups: where one title would be longer than its box, every title drops the
    // words "consumer group".
    let short = multi
        && lay
            .groups
            .iter()
            .any(|gb| bold_text_w(&format!("{} · {} {}", group_letter(gb.index), Text::Group.get(lang), gb.group_id)) + 32 > gw);
    for gb in &lay.groups {
        let Some(g) = sim.world.groups.get(&gb.group_id) else { continue };
        let c = &g.coordinator;
        let what = Selection::Group(gb.group_id.clone());
        let (click, key) = activate(&input.on_select, what.clone());
        let mut class = format!("group g{}", gb.index % 4);
        if gb.group_id == input.group_id {
            class.push_str(" shown");
        }
        if is_selected(&what) {
            class.push_str(" selected");
        }
        let title = if short {
            format!("{} · {}", group_letter(gb.index), c.group_id)
        } else if multi {
            format!("{} · {} {}", group_letter(gb.index), Text::Group.get(lang), c.group_id)
        } else {
            format!("{} {}", Text::Group.get(lang), c.group_id)
        };
        let epoch = match c.protocol_kind {
            crate::model::config::GroupProtocol::Classic => format!("gen {}", c.generation),
            crate::model::config::GroupProtocol::Consumer => format!("epoch {}", c.generation),
        };
        column.push(html! {
            <g class={class} data-testid={format!("group-{}", gb.group_id)}>
                <rect x={gx.to_string()} y={gb.top.to_string()} width={gw.to_string()} height={(gb.bottom - gb.top).to_string()} rx="10" class="box group-box" />
                <g class="group-head clickable" tabindex="0" role="button" aria-label={title.clone()} onclick={click} onkeydown={key}>
                    <rect x={(gx + 2).to_string()} y={(gb.top + 2).to_string()} width={(gw - 4).to_string()} height={(header_h - 6).to_string()} rx="8" class="group-head-bg" />
                    <text x={(gx + 10).to_string()} y={(gb.top + header_h / 2 - 2).to_string()} class="label strong">{ format!("{title} ▸") }</text>
                    <text x={(gx + 10).to_string()} y={(gb.top + header_h - 7).to_string()} class="label small">{ format!("{} · {epoch}", c.state.name()) }</text>
                </g>
            </g>
        });
    }
    column
}

/// The consumers' boxes with their timer rings (returned second), and the lines to the
/// partitions each owns (first).
fn consumers(s: &Scene) -> (Vec<Html>, Vec<Html>) {
    let Scene { input, sim, lang, lay, .. } = *s;
    let mut parts: Vec<Html> = Vec::new();
    let mut column: Vec<Html> = Vec::new();
    let is_selected = |what: &Selection| input.selected == Some(what);
    for (id, bx, y) in &lay.consumers {
        let (bx, y) = (*bx, *y);
        let Some(consumer) = sim.world.consumers.get(id) else { continue };
        let group_index = lay.groups.iter().find(|gb| gb.group_id == consumer.spec.group_id).map_or(0, |gb| gb.index);
        let group = sim.world.groups.get(&consumer.spec.group_id);
        let idx = consumer_index(sim, id);
        let colour = CONSUMER_COLOURS[idx % 8];
        let running = consumer.is_running();
        let stable = running && consumer.member_state == MemberState::Stable && !consumer.rejoin_needed;
        let h = lay.consumer_h - 8;
        // Lines to the partitions it owns: its own view while alive; for a dead process, what
        // the coordinator still assigns to it until its session times out.
        let member = group.and_then(|g| g.coordinator.members.values().find(|m| &m.consumer == id));
        let (owned, line_colour, line_class) = if running {
            (consumer.assigned.clone(), colour, if stable { "assign-line" } else { "assign-line unsettled" })
        } else {
            (member.map(|m| m.assignment.clone()).unwrap_or_default(), "#888", "assign-line orphaned")
        };
        let line_class = format!("{line_class} g{}", group_index % 4);
        // Stacked, each strip names its owner instead (`owner_tag`).
        for tp in owned.iter().filter(|_| !lay.geo.stacked) {
            if let Some((_, ry)) = lay.rows.iter().find(|(t, _)| t == tp) {
                let ry = lay.cell_top(*ry) + lay.cell_h() / 2;
                parts.push(html! {
                    <line x1={lay.geo.lines_x().to_string()} y1={ry.to_string()} x2={bx.to_string()} y2={(y + h / 2).to_string()}
                        stroke={line_colour} class={line_class.clone()} />
                });
            }
        }
        let session_left = member.filter(|_| !running).map(|m| m.session_deadline_ms().saturating_sub(input.view_ms));
        let (lag, lag_full) = sg::lag_line(consumer.lag_now(), consumer.records_lag_max(sim.now_ms()), lang);
        let detail = if let Some(left) = session_left {
            sg::session_expires_in(left, lang)
        } else if !running {
            String::new()
        } else if consumer.assigned.is_empty() {
            Text::Idle.get(lang).to_string()
        } else {
            let assigned = assigned_text(&consumer.assigned);
            let buffered = consumer.buffered_records();
            let with_buffer = format!("{assigned} · {}", sg::buffered(buffered, lang));
            // The fetch buffer, when the line has room for it.
            if buffered > 0 && with_buffer.chars().count() <= 26 {
                with_buffer
            } else {
                assigned
            }
        };
        // The buffer's tooltip belongs to the partitions line only.
        let detail_full = (session_left.is_none() && running && !consumer.assigned.is_empty())
            .then(|| sg::buffered_full(consumer.buffered_records(), consumer.spec.config.max_poll_records, lang));
        // The member state starts after the id, however long the id is.
        let status_x = (bx + 36 + id.chars().count() as i64 * 8).max(bx + 70);
        let what = Selection::Consumer(id.clone());
        let selected = is_selected(&what);
        let (click, key) = activate(&input.on_select, what);
        let mut class = String::from("consumer");
        if !running {
            class.push_str(" down");
        }
        if selected {
            class.push_str(" selected");
        }
        column.push(html! {
            <g class={class} data-testid={format!("consumer-{id}")} data-assigned={consumer.assigned.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")}
                data-status={format!("{:?}", consumer.status)} tabindex="0" role="button" aria-label={format!("{} {id}", Text::Inspector.get(lang))}
                onclick={click} onkeydown={key}>
                <rect x={bx.to_string()} y={y.to_string()} width={lay.consumer_w.to_string()} height={h.to_string()} rx="6" class="box consumer-box" stroke={colour} />
                <path d={shape_path(idx, bx + 14, y + 14, 7)} fill={if running { colour } else { "#999" }} />
                <text x={(bx + 28).to_string()} y={(y + 18).to_string()} class="label strong">{ id.clone() }</text>
                <text x={status_x.to_string()} y={(y + 18).to_string()} class="label small">{ member_text(consumer, sim.now_ms(), lang) }</text>
                if h >= 34 {
                    <text x={(bx + 8).to_string()} y={(y + 33).to_string()} class="label small">if let Some(full) = detail_full { <title>{ full }</title> }{ detail }</text>
                }
                if h >= 48 && running {
                    <text x={(bx + 8).to_string()} y={(y + 47).to_string()} class="label small" data-testid={format!("lag-{id}")}><title>{ lag_full }</title>{ lag }</text>
                }
                if !running {
                    <path d={format!("M{} {} l14 14 m0 -14 l-14 14", bx + 7, y + 7)} class="cross" />
                }
                if h >= 48 {
                    { timer_rings(consumer, member, input.view_ms, bx + lay.consumer_w - 3 * RING_STEP - 10, y + h - 11, lang) }
                }
            </g>
        });
    }
    (parts, column)
}

/// The brokers, the coordinators starred.
fn brokers(s: &Scene) -> Vec<Html> {
    let Scene {
        input, sim, lang, lay, multi, ..
    } = *s;
    let brokers = sim.world.cluster.brokers as i64;
    let coordinator_of = |group_id: &str| s.coordinator_of(group_id);
    let mut parts: Vec<Html> = Vec::new();
    let is_selected = |what: &Selection| input.selected == Some(what);
    for b in 0..brokers {
        let (x, by) = lay.brokers[b as usize];
        let coordinated: Vec<String> = lay
            .groups
            .iter()
            .filter(|gb| coordinator_of(&gb.group_id) == Some(b as u32))
            .map(|gb| if multi { group_letter(gb.index).to_string() } else { gb.group_id.clone() })
            .collect();
        let is_coord = !coordinated.is_empty();
        let status = if sim.world.cluster.fenced.contains(&(b as u32)) {
            format!(" ✕ {}", Text::BrokerFencedShort.get(lang))
        } else if !sim.world.cluster.is_up(b as u32) {
            format!(" ✕ {}", Text::BrokerDownShort.get(lang))
        } else if sim.world.cluster.replication_paused.get(&(b as u32)).is_some_and(|until| *until > sim.now_ms()) {
            format!(" ‖ {}", Text::ReplicationPausedShort.get(lang))
        } else {
            String::new()
        };
        let label = if is_coord {
            format!(
                "{} {b}{status} ★ {} ({})",
                Text::Broker.get(lang),
                Text::Coordinator.get(lang),
                coordinated.join(", ")
            )
        } else {
            format!("{} {b}{status}", Text::Broker.get(lang))
        };
        let what = Selection::Broker(b as u32);
        let (click, key) = activate(&input.on_select, what.clone());
        let mut class = String::from(if is_coord { "broker coordinator clickable" } else { "broker clickable" });
        if !sim.world.cluster.is_up(b as u32) {
            class.push_str(" down");
        }
        // Offset commits this coordinator holds until its __consumer_offsets followers copy them.
        let waiting: usize = lay
            .groups
            .iter()
            .filter(|gb| coordinator_of(&gb.group_id) == Some(b as u32))
            .filter_map(|gb| sim.world.groups.get(&gb.group_id))
            .map(|g| g.coordinator.parked_commits.len())
            .sum();
        let waiting_note = (waiting > 0).then(|| crate::i18n::stage::commits_waiting(waiting, lang));
        if waiting > 0 {
            class.push_str(" commits-waiting");
        }
        if is_selected(&what) {
            class.push_str(" selected");
        }
        // A narrow box (beside the groups) puts the coordinator's groups on a
        // second line.
        let two_lines = lay.broker_h == BROKER_TWO_LINE_H;
        let lines: Vec<String> = match label.split_once(" ★ ") {
            Some((name, role)) if two_lines => vec![format!("{name} ★"), role.to_string()],
            _ => vec![label.clone()],
        };
        let first_y = by + lay.broker_h / 2 + 4 - (lines.len() as i64 - 1) * 8;
        parts.push(html! {
            <g class={class} data-testid={format!("broker-{b}")} tabindex="0" role="button" aria-label={waiting_note.as_ref().map_or(label.clone(), |n| format!("{label}. {n}"))} onclick={click} onkeydown={key}>
                if let Some(note) = waiting_note.clone() { <title>{ note }</title> }
                <rect x={x.to_string()} y={by.to_string()} width={lay.broker_w.to_string()} height={lay.broker_h.to_string()} rx="6" class="box broker-box" />
                { for lines.into_iter().enumerate().map(|(i, line)| html! {
                    <text x={(x + 10).to_string()} y={(first_y + i as i64 * 16).to_string()} class="label small">{ line }</text>
                }) }
            </g>
        });
    }
    parts
}

/// Records in flight, from trace entries only, drawn on an overlay of their own: it is a
/// separate compositor layer, so moving dots never repaint the stage under them.
fn flights(s: &Scene) -> Vec<Html> {
    let Scene { input, sim, lay, thin, .. } = *s;
    let geo = lay.geo;
    let coordinator_of = |group_id: &str| s.coordinator_of(group_id);
    let mut flying: Vec<Html> = Vec::new();
    if input.animate {
        let from = input.view_ms.saturating_sub(input.flight_ms);
        let row_y = |tp: &TopicPartition| lay.rows.iter().find(|(t, _)| t == tp).map(|(_, y)| lay.cell_top(*y) + lay.cell_h() / 2);
        let consumer_at = |id: &str| {
            lay.consumers
                .iter()
                .find(|(c, _, _)| c == id)
                .map(|(_, x, y)| (*x, y + (lay.consumer_h - 8) / 2))
        };
        // The middle of the consumer's coordinator's box.
        let coord_at = |consumer: &str| {
            let broker = sim.world.consumers.get(consumer).and_then(|c| coordinator_of(&c.spec.group_id));
            let (x, y) = broker
                .and_then(|b| lay.brokers.get(b as usize).copied())
                .unwrap_or((geo.margin(), lay.broker_y));
            (x + lay.broker_w / 2, y + lay.broker_h / 2)
        };
        let mut drawn = 0;
        for entry in sim.trace.iter().rev() {
            // Fewer dots and no count labels when rows are thin: with hundreds of partitions
            // the dots are a texture, and every one is repainted each frame.
            if entry.at_ms < from || drawn > if thin { 60 } else { 150 } {
                break;
            }
            if entry.at_ms > input.view_ms {
                continue;
            }
            let t = (input.view_ms - entry.at_ms) * 1000 / input.flight_ms.max(1);
            let lerp = |a: i64, b: i64| a + (b - a) * t as i64 / 1000;
            match &entry.event {
                TraceEvent::Produced { producer, tp, offset, key, .. } => {
                    // From the box of the producer that sent it.
                    let Some(&(px, py)) = sim.world.producers.keys().position(|p| p == producer).and_then(|i| lay.producers.get(i)) else {
                        continue;
                    };
                    let (Some(ty), Some(log)) = (row_y(tp), sim.world.cluster.log(tp)) else {
                        continue;
                    };
                    let start = geo.window_start(log.log_end_offset());
                    let tx = geo.offset_x(*offset, start) + geo.cell_w / 2;
                    let (x, y) = (lerp(px + PRODUCER_W, tx), lerp(py + 28, ty));
                    flying.push(html! { <circle cx={x.to_string()} cy={y.to_string()} r="5" class="flying" fill={key_colour(key.as_deref())} /> });
                    drawn += 1;
                }
                TraceEvent::PollReturned { consumer, runs } => {
                    let Some((bx, cy)) = consumer_at(consumer) else { continue };
                    let idx = consumer_index(sim, consumer);
                    for run in runs {
                        let Some(ty) = row_y(&run.tp) else { continue };
                        let (x, y) = (lerp(geo.lines_x(), bx), lerp(ty, cy));
                        flying.push(html! {
                            <g class="flying">
                                <path d={shape_path(idx, x, y, 4)} fill={CONSUMER_COLOURS[idx % 8]} />
                                if run.count > 1 && !thin { <text x={(x + 7).to_string()} y={(y + 4).to_string()} class="label small">{ format!("×{}", run.count) }</text> }
                            </g>
                        });
                        drawn += 1;
                    }
                }
                TraceEvent::CommitSent { consumer, .. } => {
                    let Some((bx, cy)) = consumer_at(consumer) else { continue };
                    // Down the group's left edge, then along the broker row: never across the strips.
                    let corner_x = (bx - 18).max(2);
                    let (x, y) = if t < 500 {
                        (corner_x, cy + (coord_at(consumer).1 - cy) * t as i64 / 500)
                    } else {
                        let (tx, ty) = coord_at(consumer);
                        (corner_x + (tx - corner_x) * (t as i64 - 500) / 500, ty)
                    };
                    flying.push(html! {
                        <g class="flying commit">
                            <circle cx={x.to_string()} cy={y.to_string()} r="7" />
                            <text x={(x - 4).to_string()} y={(y + 4).to_string()} class="label small inverse">{ "C" }</text>
                        </g>
                    });
                    drawn += 1;
                }
                _ => {}
            }
        }
    }
    flying
}

pub fn render(input: &StageInput) -> Html {
    let sim = input.sim;
    let lang = input.lang;
    let lay = layout(sim, input.width_px);
    let width = lay.geo.width;
    let s = Scene {
        input,
        sim,
        lang,
        lay: &lay,
        group: sim.world.groups.get(input.group_id),
        multi: lay.groups.len() > 1,
        thin: lay.cell_h() < 14,
    };
    // Owner lines first: the strips' lag numbers are drawn over them.
    let (lines, boxes) = consumers(&s);
    let mut parts = lines;
    parts.extend(producers(&s));
    parts.extend(topic_titles(&s));
    let (strips, moving) = partition_strips(&s);
    parts.extend(strips);
    // Group and consumer boxes go on a layer of their own (timer rings change every frame;
    // the partition strips under the other layers then need no repaint).
    let mut column = group_boxes(&s);
    column.extend(boxes);
    parts.extend(brokers(&s));
    let flying = flights(&s);

    let aria = Text::Stage.get(lang);
    let compact = if lay.geo.compact { " compact" } else { "" };
    html! {
        <StageBox aria={aria} on_width={input.on_width.clone()}>
            <svg class={format!("stage{compact}")} viewBox={format!("0 0 {width} {}", lay.height)} preserveAspectRatio="xMidYMin meet">
                <defs>
                    <pattern id="hatch-aborted" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="5" height="5" fill="rgba(255,255,255,0.35)" />
                        <line x1="0" y1="0" x2="0" y2="5" stroke="#444" stroke-width="1.6" />
                    </pattern>
                </defs>
                { for parts }
            </svg>
            <svg class={format!("stage stage-layer stage-column{compact}")} viewBox={format!("0 0 {width} {}", lay.height)} preserveAspectRatio="xMidYMin meet">
                { for column }
            </svg>
            <svg class={format!("stage stage-layer stage-overlay{compact}")} viewBox={format!("0 0 {width} {}", lay.height)} aria-hidden="true" preserveAspectRatio="xMidYMin meet">
                <g class="moving">{ for moving }</g>
                { for flying }
            </svg>
        </StageBox>
    }
}

#[derive(Properties, PartialEq)]
struct StageBoxProps {
    aria: AttrValue,
    on_width: Callback<(u32, u32)>,
    #[prop_or_default]
    children: Html,
}

/// The stage's box. It reports its width whenever that changes, so the stage is laid out for
/// the room it has (see `Geometry`).
struct StageBox {
    node: NodeRef,
    observer: Option<crate::ui::browser::WidthObserver>,
}

impl Component for StageBox {
    type Message = ();
    type Properties = StageBoxProps;

    fn create(_: &Context<Self>) -> Self {
        StageBox {
            node: NodeRef::default(),
            observer: None,
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        html! {
            <div ref={self.node.clone()} class="stage-box" data-testid="stage" role="group" aria-label={props.aria.clone()}>{ props.children.clone() }</div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.observer = crate::ui::browser::observe_width(&self.node, ctx.props().on_width.clone());
        }
    }
}
