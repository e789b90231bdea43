//! Compare mode's engine (issue 7): the same scenario and seed run in up to four lanes, each
//! with some settings changed, and a results table per lane. The same actions happen at the
//! same virtual times in every lane, because a lane is just the scenario with its settings
//! rewritten.
//!
//! Settings are `name=value` under Kafka's names: a consumer property (for every consumer,
//! e.g. `partition.assignment.strategy`, `group.protocol`, `session.timeout.ms`,
//! `isolation.level`), a producer property (for every producer: `acks`,
//! `enable.idempotence`…), or the simulation's own `commit=<mode>` and `partitions=<count>`
//! (every topic).

use crate::model::nouns::TopicPartition;
use crate::model::scenario::{ActionSpec, CommitMode, Scenario, ScenarioError};
use crate::model::session::Session;
use crate::model::sim::Simulation;
use crate::model::trace::TraceEvent;
use crate::study::report::Report;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

pub const MAX_LANES: usize = 4;

/// How often the lag is sampled for `max_lag` and `recovered_ms`.
const SAMPLE_MS: u64 = 100;

/// One lane's figures (the results table's column).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LaneResult {
    pub lane: usize,
    /// The settings this lane changed (`name=value`).
    pub settings: Vec<String>,
    /// Distinct records processed (each counted once; reprocessing is `duplicates`).
    pub processed: u64,
    pub duplicates: u64,
    pub lost: u64,
    /// Completed rebalances after the group first formed.
    pub rebalances: u64,
    /// Time consumers processed nothing because of rebalances, summed, and per consumer.
    pub pause_total_ms: u64,
    pub pause_ms: BTreeMap<String, u64>,
    /// Partitions whose owner changed, over all rebalances.
    pub partitions_moved: u64,
    /// The largest number of records not yet processed (high watermark − processed, summed
    /// over the group's partitions; sampled every 100 ms) from the first action on.
    pub max_lag: u64,
    /// From the first action until the group caught up for good (at most one record per
    /// partition not yet processed; 0: it never fell behind; None: not within the run).
    pub recovered_ms: Option<u64>,
    pub trace_hash: String,
}

impl LaneResult {
    /// One figure's value (None: lag never recovered within the run).
    pub fn value(&self, figure: Figure) -> Option<u64> {
        match figure {
            Figure::Processed => Some(self.processed),
            Figure::Duplicates => Some(self.duplicates),
            Figure::Lost => Some(self.lost),
            Figure::Rebalances => Some(self.rebalances),
            Figure::PauseTotal => Some(self.pause_total_ms),
            Figure::PartitionsMoved => Some(self.partitions_moved),
            Figure::MaxLag => Some(self.max_lag),
            Figure::Recovered => self.recovered_ms,
        }
    }
}

/// Why a lane's settings (or a lesson goal's knobs) are refused, as a value: the words are the
/// UI's (`i18n::study::lane_error`); `Display` writes the English the CLI prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LaneError {
    /// A part that is not `name=value`.
    NotNameValue(String),
    /// `lane=` not a number from 1 to `MAX_LANES` (the value given).
    BadLane(String),
    /// No `lane=` at all (the whole text).
    NoLane(String),
    /// `commit=` not one of the commit modes.
    BadCommit(String),
    /// `static=` not on or off.
    BadStatic(String),
    /// `partitions=` not a number.
    BadPartitions(String),
    /// `consumers=` not a number from 1 to `MAX_LANE_CONSUMERS`.
    BadConsumers(String),
    /// `consumers=` on a scenario with no group, or whose first group starts no consumer.
    NoConsumerToCopy,
    /// A setting that is none of the above nor a consumer, producer or topic property.
    UnknownSetting(String),
    /// The scenario with the settings applied is refused (its field and why).
    Scenario(ScenarioError),
}

impl std::fmt::Display for LaneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LaneError::NotNameValue(part) => write!(f, "'{part}' is not name=value"),
            LaneError::BadLane(value) => write!(f, "lane must be a number from 1 to {MAX_LANES}, not '{value}'"),
            LaneError::NoLane(text) => write!(f, "'{text}' names no lane (lane=1 … lane={MAX_LANES})"),
            LaneError::BadCommit(value) => write!(f, "commit={value}: expected one of {}", CommitMode::ALL.map(|m| m.name()).join(", ")),
            LaneError::BadStatic(value) => {
                write!(f, "static={value}: expected on (every consumer gets group.instance.id=host-<id>) or off (dynamic members)")
            }
            LaneError::BadPartitions(value) => write!(f, "partitions={value}: expected a number"),
            LaneError::BadConsumers(value) => write!(f, "consumers={value}: expected a number from 1 to {MAX_LANE_CONSUMERS}"),
            LaneError::NoConsumerToCopy => write!(f, "consumers: the scenario's first group starts no consumer"),
            LaneError::UnknownSetting(name) => write!(
                f,
                "unknown setting '{name}': use commit=<mode>, static=on|off, partitions=<count>, consumers=<count>, min.insync.replicas=<n>, or a consumer or producer property"
            ),
            LaneError::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl From<LaneError> for String {
    fn from(e: LaneError) -> String {
        e.to_string()
    }
}

/// Parses `lane=N name=value …`.
pub fn parse_lane(text: &str) -> Result<(usize, Settings), LaneError> {
    let mut lane = None;
    let mut settings = Vec::new();
    for part in text.split_whitespace() {
        let (name, value) = part.split_once('=').ok_or_else(|| LaneError::NotNameValue(part.to_string()))?;
        if name == "lane" {
            let n = value
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LANES).contains(n))
                .ok_or_else(|| LaneError::BadLane(value.to_string()))?;
            lane = Some(n);
        } else {
            settings.push((name.to_string(), value.to_string()));
        }
    }
    let lane = lane.ok_or_else(|| LaneError::NoLane(text.to_string()))?;
    Ok((lane, settings))
}

/// Most consumers `consumers=<n>` may start in the first group.
pub const MAX_LANE_CONSUMERS: usize = 12;

/// The scenario with a lane's settings applied, validated like any scenario.
pub fn apply(scenario: &Scenario, settings: &[(String, String)]) -> Result<Scenario, LaneError> {
    let mut s = scenario.clone();
    for (name, value) in settings {
        let consumer_property = crate::model::config::CONSUMER_CONFIGS.iter().any(|c| c.name == name);
        let producer_property = crate::model::producer_config::PRODUCER_CONFIGS.iter().any(|(n, ..)| n == name);
        match name.as_str() {
            "commit" => {
                let mode = CommitMode::ALL
                    .into_iter()
                    .find(|m| m.name() == value)
                    .ok_or_else(|| LaneError::BadCommit(value.clone()))?;
                for_each_consumer(&mut s, |_, commit, config| {
                    *commit = Some(mode);
                    config.remove("enable.auto.commit");
                });
            }
            "static" => {
                let on = match value.as_str() {
                    "on" | "true" => true,
                    "off" | "false" => false,
                    _ => return Err(LaneError::BadStatic(value.clone())),
                };
                for_each_consumer(&mut s, |id, _, config| {
                    if on {
                        config.insert("group.instance.id".to_string(), Value::String(format!("host-{id}")));
                    } else {
                        config.remove("group.instance.id");
                    }
                });
            }
            "partitions" => {
                let n: u32 = value.parse().map_err(|_| LaneError::BadPartitions(value.clone()))?;
                for topic in &mut s.topics {
                    topic.partitions = n;
                }
            }
            "consumers" => {
                let n: usize = value
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_LANE_CONSUMERS).contains(n))
                    .ok_or_else(|| LaneError::BadConsumers(value.clone()))?;
                let group = s.groups.first_mut().ok_or(LaneError::NoConsumerToCopy)?;
                let template = group.consumers.first().cloned().ok_or(LaneError::NoConsumerToCopy)?;
                group.consumers.truncate(n);
                while group.consumers.len() < n {
                    let mut c = template.clone();
                    c.id = (1..)
                        .map(|i| format!("c{i}"))
                        .find(|id| group.consumers.iter().all(|o| &o.id != id))
                        .expect("a free id");
                    if c.config.contains_key("group.instance.id") {
                        c.config.insert("group.instance.id".to_string(), Value::String(format!("host-{}", c.id)));
                    }
                    group.consumers.push(c);
                }
            }
            "min.insync.replicas" => {
                for topic in &mut s.topics {
                    topic.config.insert(name.clone(), Value::String(value.clone()));
                }
            }
            _ if consumer_property => {
                for_each_consumer(&mut s, |_, _, config| {
                    config.insert(name.clone(), Value::String(value.clone()));
                });
            }
            _ if producer_property => {
                for p in &mut s.producers {
                    p.config.insert(name.clone(), Value::String(value.clone()));
                }
            }
            _ => return Err(LaneError::UnknownSetting(name.clone())),
        }
    }
    // The same checks as a scenario file, with the field named. (A scenario always
    // serialises; an empty text would be refused as a scenario error too.)
    let json = serde_json::to_string(&s).unwrap_or_default();
    Scenario::from_json(&json).map_err(LaneError::Scenario)
}

/// Every consumer the scenario starts (in its groups and by `start` actions): its commit mode
/// and its properties.
fn for_each_consumer(s: &mut Scenario, mut change: impl FnMut(&str, &mut Option<CommitMode>, &mut BTreeMap<String, Value>)) {
    for group in &mut s.groups {
        for c in &mut group.consumers {
            change(&c.id, &mut c.commit, &mut c.config);
        }
    }
    for action in &mut s.actions {
        if let ActionSpec::Start { id, commit, config, .. } = action {
            change(id, commit, config);
        }
    }
}

/// A bundled comparison: a scenario and its lanes.
pub struct ComparePreset {
    pub id: &'static str,
    pub scenario: &'static str,
    pub lanes: &'static [&'static str],
}

/// The classic questions (issue 7), each a scenario run in 2–3 lanes.
pub const COMPARE_PRESETS: &[ComparePreset] = &[
    ComparePreset {
        id: "range-vs-roundrobin",
        scenario: include_str!("../../scenarios/compare-two-topics.json"),
        lanes: &["lane=1 partition.assignment.strategy=range", "lane=2 partition.assignment.strategy=roundrobin"],
    },
    ComparePreset {
        id: "eager-vs-cooperative",
        scenario: include_str!("../../scenarios/eager-join.json"),
        lanes: &[
            "lane=1 partition.assignment.strategy=range",
            "lane=2 partition.assignment.strategy=sticky",
            "lane=3 partition.assignment.strategy=cooperative-sticky",
        ],
    },
    ComparePreset {
        id: "static-vs-dynamic",
        scenario: include_str!("../../scenarios/compare-rolling-restart.json"),
        lanes: &["lane=1 static=off", "lane=2 static=on"],
    },
    ComparePreset {
        id: "commit-timing",
        scenario: include_str!("../../scenarios/compare-crash.json"),
        lanes: &[
            "lane=1 commit=auto",
            "lane=2 commit=sync-after-processing",
            "lane=3 commit=sync-before-processing",
        ],
    },
    ComparePreset {
        id: "sync-vs-async-commit",
        scenario: include_str!("../../scenarios/commit-async-retry.json"),
        lanes: &[
            "lane=1 commit=sync-after-processing",
            "lane=2 commit=async-after-processing",
            "lane=3 commit=async-after-processing group.protocol=classic",
        ],
    },
    ComparePreset {
        id: "classic-vs-kip848",
        scenario: include_str!("../../scenarios/compare-join-leave.json"),
        lanes: &[
            "lane=1 group.protocol=classic partition.assignment.strategy=range",
            "lane=2 group.protocol=classic partition.assignment.strategy=cooperative-sticky",
            "lane=3 group.protocol=consumer",
        ],
    },
];

/// A lane's settings: (`name`, `value`) pairs.
pub type Settings = Vec<(String, String)>;

/// A lane's settings and its scenario with them applied.
pub type Lane = (Settings, Scenario);

impl ComparePreset {
    /// The scenario every lane starts from.
    pub fn base(&self) -> Result<Scenario, String> {
        Scenario::from_json(self.scenario).map_err(|e| format!("{}: {e}", self.id))
    }

    /// The lanes' numbers and settings.
    pub fn lane_settings(&self) -> Result<Vec<(usize, Settings)>, String> {
        self.lanes.iter().map(|text| parse_lane(text).map_err(String::from)).collect()
    }

    /// The base scenario and each lane with its settings applied.
    pub fn load(&self) -> Result<(Scenario, Vec<Lane>), String> {
        let base = self.base()?;
        let lanes = self
            .lane_settings()?
            .into_iter()
            .map(|(_, settings)| {
                let lane = apply(&base, &settings)?;
                Ok::<_, String>((settings, lane))
            })
            .collect::<Result<_, String>>()?;
        Ok((base, lanes))
    }
}

/// A bundled comparison's lanes.
pub fn preset_lanes(id: &str) -> Option<Result<Vec<Lane>, String>> {
    let preset = COMPARE_PRESETS.iter().find(|p| p.id == id)?;
    Some(preset.load().map(|(_, lanes)| lanes))
}

/// One sample of a lane's group totals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub at_ms: u64,
    pub processed: u64,
    pub duplicates: u64,
    pub lost: u64,
    pub lag: u64,
    /// Some group has committed an offset (lag is meaningful).
    pub committed: bool,
}

/// A completed rebalance after its group first formed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebalanceSummary {
    pub group_id: String,
    pub started_ms: u64,
    pub completed_ms: u64,
    /// Partitions whose owner changed ("topic-p").
    pub moved: Vec<String>,
    pub pause_ms: BTreeMap<String, u64>,
}

/// A lane run to its end and measured: samples every 100 ms and the rebalances, from which
/// the figures at any moment (and the moment each was decided) are read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneRun {
    pub samples: Vec<Sample>,
    pub rebalances: Vec<RebalanceSummary>,
    pub first_action_ms: Option<u64>,
    /// When the scenario's last action happens.
    pub last_action_ms: Option<u64>,
    /// Partitions the groups read (at the end): the lag at which a group counts as caught up.
    pub partitions: u64,
    /// When a record was first processed a second time.
    pub first_duplicate_ms: Option<u64>,
    pub trace_hash: String,
}

/// The rows of the results table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Processed,
    Duplicates,
    Lost,
    Rebalances,
    PauseTotal,
    PartitionsMoved,
    MaxLag,
    Recovered,
}

impl Figure {
    pub const ALL: [Figure; 8] = [
        Figure::Processed,
        Figure::Duplicates,
        Figure::Lost,
        Figure::Rebalances,
        Figure::PauseTotal,
        Figure::PartitionsMoved,
        Figure::MaxLag,
        Figure::Recovered,
    ];
    /// The figure's name in `LaneResult` (and the CLI's JSON).
    pub fn key(self) -> &'static str {
        match self {
            Figure::Processed => "processed",
            Figure::Duplicates => "duplicates",
            Figure::Lost => "lost",
            Figure::Rebalances => "rebalances",
            Figure::PauseTotal => "pause_total_ms",
            Figure::PartitionsMoved => "partitions_moved",
            Figure::MaxLag => "max_lag",
            Figure::Recovered => "recovered_ms",
        }
    }
    /// More records processed is better; for everything else less is.
    pub fn higher_is_better(self) -> bool {
        self == Figure::Processed
    }
}

/// Rebalances that start this soon after a comparison's first action belong to it (the
/// follow-up round of a cooperative rebalance included).
const SETTLE_MS: u64 = 10_000;

/// The moment a comparison's question is decided: every action has happened and every lane
/// has finished each rebalance that began within `SETTLE_MS` of the first action. Before it
/// the compare view asks its question; from it on, it tells the story. None: a scenario with
/// no action (nothing decides it; the view tells from the start).
pub fn decided_ms<'a>(runs: impl IntoIterator<Item = &'a LaneRun>) -> Option<u64> {
    let mut decided: Option<u64> = None;
    for run in runs {
        let first = run.first_action_ms?;
        let last = run.last_action_ms.unwrap_or(first);
        let settled = run
            .rebalances
            .iter()
            .filter(|r| r.started_ms >= first && r.started_ms <= first + SETTLE_MS)
            .map(|r| r.completed_ms)
            .fold(last, u64::max);
        decided = Some(decided.map_or(settled, |d| d.max(settled)));
    }
    decided
}

/// A figure at some moment: its value (None: not yet, e.g. lag has not recovered) and the
/// moment that decided it (where clicking the cell jumps).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub value: Option<u64>,
    pub moment_ms: Option<u64>,
}

impl LaneRun {
    /// Runs the scenario to its end in a bare simulation (no snapshots: the same trace as a
    /// session's, far cheaper), measuring as it goes.
    pub fn of(scenario: &Scenario) -> LaneRun {
        let mut sim = Simulation::new(scenario);
        LaneRun::measure_with(scenario, &mut sim, |sim, t| {
            sim.run_until(t);
            sim
        })
    }

    /// Runs the session to the scenario's end, measuring as it goes, and rewinds it to 0.
    pub fn measure(session: &mut Session) -> LaneRun {
        let scenario = session.scenario().clone();
        let run = LaneRun::measure_with(&scenario, session, |session, t| {
            session.run_until(t);
            &session.sim
        });
        session.seek_ms(0);
        run
    }

    fn measure_with<R>(scenario: &Scenario, runner: &mut R, mut run_until: impl FnMut(&mut R, u64) -> &Simulation) -> LaneRun {
        let duration_ms = scenario.duration_ms;
        let first_action_ms = scenario.actions.first().map(ActionSpec::at_ms);
        let last_action_ms = scenario.actions.iter().map(ActionSpec::at_ms).max();
        let mut samples = Vec::new();
        let mut t = 0;
        loop {
            let sim = run_until(runner, t);
            let (processed, duplicates, lost) = totals(sim);
            samples.push(Sample {
                at_ms: t,
                processed,
                duplicates,
                lost,
                lag: processing_lag(sim),
                committed: sim.world.groups.values().any(|g| !g.coordinator.committed.is_empty()),
            });
            if t == duration_ms {
                break;
            }
            t = (t + SAMPLE_MS).min(duration_ms);
        }
        let sim = run_until(runner, duration_ms);
        let report = Report::of(sim, duration_ms);
        let mut rebalances = Vec::new();
        for (group_id, g) in &report.groups {
            for r in g.rebalances.iter().skip(1) {
                let Some(completed_ms) = r.completed_ms else { continue };
                rebalances.push(RebalanceSummary {
                    group_id: group_id.clone(),
                    started_ms: r.started_ms,
                    completed_ms,
                    // A partition withheld in a cooperative round and given in the next is
                    // listed twice (without, then with, its new owner): count it once.
                    moved: r.moved.iter().filter(|m| m.to.is_some()).map(|m| m.partition.clone()).collect(),
                    pause_ms: r.pause_ms.clone(),
                });
            }
        }
        crate::model::sort::sort_by_key(&mut rebalances, |r| (r.completed_ms, r.started_ms));
        let mut seen = std::collections::BTreeSet::new();
        let first_duplicate_ms = sim.trace.iter().find_map(|e| match &e.event {
            TraceEvent::Processed { group_id, tp, offset, .. } => (!seen.insert((group_id, tp, *offset))).then_some(e.at_ms),
            _ => None,
        });
        let partitions = sim
            .world
            .groups
            .keys()
            .map(|g| sim.world.cluster.partitions_of(&sim.group_topics(g)).len() as u64)
            .sum();
        let trace_hash = report.trace_hash;
        LaneRun {
            samples,
            rebalances,
            first_action_ms,
            last_action_ms,
            partitions,
            first_duplicate_ms,
            trace_hash,
        }
    }

    /// The samples taken at or before `at_ms` (never empty: the first is at 0).
    fn samples_to(&self, at_ms: u64) -> &[Sample] {
        let n = self.samples.partition_point(|s| s.at_ms <= at_ms).max(1);
        &self.samples[..n]
    }

    /// Rebalances completed at or before `at_ms`.
    pub fn rebalances_to(&self, at_ms: u64) -> impl Iterator<Item = &RebalanceSummary> {
        self.rebalances.iter().filter(move |r| r.completed_ms <= at_ms)
    }

    /// Per consumer, the time processing paused in rebalances completed by `at_ms`.
    pub fn pause_at(&self, at_ms: u64) -> BTreeMap<String, u64> {
        let mut pause: BTreeMap<String, u64> = BTreeMap::new();
        for r in self.rebalances_to(at_ms) {
            for (c, ms) in &r.pause_ms {
                *pause.entry(c.clone()).or_default() += ms;
            }
        }
        pause
    }

    /// Whether a figure means anything yet at `at_ms`: max lag and recovery are measured from
    /// the first action on.
    pub fn applies(&self, figure: Figure, at_ms: u64) -> bool {
        !matches!(figure, Figure::MaxLag | Figure::Recovered) || self.first_action_ms.is_none_or(|t| at_ms >= t)
    }

    /// One figure as it stood at `at_ms`. With `live` (the lane's simulation shown at that
    /// moment) the record counts are exact between samples.
    pub fn figure_at(&self, figure: Figure, at_ms: u64, live: Option<&Simulation>) -> Cell {
        let samples = self.samples_to(at_ms);
        let mut last = samples[samples.len() - 1];
        if let Some(sim) = live {
            (last.processed, last.duplicates, last.lost) = totals(sim);
        }
        let first_where = |f: &dyn Fn(&Sample) -> bool| samples.iter().find(|s| f(s)).map(|s| s.at_ms);
        let rebalances: Vec<&RebalanceSummary> = self.rebalances_to(at_ms).collect();
        match figure {
            Figure::Processed => Cell {
                // Distinct records: a record processed twice is one record (the second time
                // is a duplicate, its own row).
                value: Some(last.processed - last.duplicates),
                moment_ms: self.first_action_ms.filter(|&t| t <= at_ms),
            },
            Figure::Duplicates => Cell {
                value: Some(last.duplicates),
                moment_ms: (last.duplicates > 0)
                    .then(|| self.first_duplicate_ms.filter(|&t| t <= at_ms).or_else(|| first_where(&|s| s.duplicates > 0)))
                    .flatten(),
            },
            Figure::Lost => Cell {
                value: Some(last.lost),
                moment_ms: (last.lost > 0).then(|| first_where(&|s| s.lost > 0)).flatten(),
            },
            Figure::Rebalances => Cell {
                value: Some(rebalances.len() as u64),
                moment_ms: rebalances.first().map(|r| r.started_ms),
            },
            Figure::PauseTotal => Cell {
                value: Some(rebalances.iter().map(|r| r.pause_ms.values().sum::<u64>()).sum()),
                moment_ms: rebalances
                    .iter()
                    .filter(|r| r.pause_ms.values().any(|&p| p > 0))
                    .max_by_key(|r| (r.pause_ms.values().sum::<u64>(), std::cmp::Reverse(r.started_ms)))
                    .map(|r| r.started_ms),
            },
            Figure::PartitionsMoved => Cell {
                value: Some(rebalances.iter().map(|r| r.moved.len() as u64).sum()),
                moment_ms: rebalances
                    .iter()
                    .filter(|r| !r.moved.is_empty())
                    .max_by_key(|r| (r.moved.len(), std::cmp::Reverse(r.started_ms)))
                    .map(|r| r.completed_ms),
            },
            Figure::MaxLag => {
                // After the first action (the start-up backlog is the same in every lane).
                let from = self.first_action_ms.unwrap_or(0);
                let max = samples.iter().filter(|s| s.at_ms >= from).map(|s| s.lag).max().unwrap_or(0);
                Cell {
                    value: Some(max),
                    moment_ms: (max > 0).then(|| first_where(&|s| s.at_ms >= from && s.lag == max)).flatten(),
                }
            }
            Figure::Recovered => match self.first_action_ms {
                None => Cell {
                    value: Some(0),
                    moment_ms: None,
                },
                Some(start) => {
                    // Caught up: at most one record per partition not yet processed (what is
                    // always in flight). Recovered: caught up again after the last sample that
                    // was not; 0 if the action never put the group behind.
                    let caught_up = |s: &Sample| s.lag <= self.partitions;
                    let after: Vec<&Sample> = samples.iter().filter(|s| s.at_ms >= start).collect();
                    match after.iter().rposition(|s| !caught_up(s)) {
                        None => Cell {
                            value: (!after.is_empty()).then_some(0),
                            moment_ms: None,
                        },
                        Some(i) => {
                            let at = after.get(i + 1).map(|s| s.at_ms);
                            Cell {
                                value: at.map(|t| t - start),
                                moment_ms: at,
                            }
                        }
                    }
                }
            },
        }
    }

    /// The results table's column for this lane at the end of the run.
    pub fn result(&self, lane: usize, settings: &[(String, String)]) -> LaneResult {
        let end = self.samples.last().map_or(0, |s| s.at_ms);
        let value = |f| self.figure_at(f, end, None).value.unwrap_or(0);
        let pause_ms = self.pause_at(end);
        LaneResult {
            lane,
            settings: settings.iter().map(|(n, v)| format!("{n}={v}")).collect(),
            processed: value(Figure::Processed),
            duplicates: value(Figure::Duplicates),
            lost: value(Figure::Lost),
            rebalances: value(Figure::Rebalances),
            pause_total_ms: pause_ms.values().sum(),
            pause_ms,
            partitions_moved: value(Figure::PartitionsMoved),
            max_lag: value(Figure::MaxLag),
            recovered_ms: self.figure_at(Figure::Recovered, end, None).value,
            trace_hash: self.trace_hash.clone(),
        }
    }
}

/// Which lanes hold the best value of a figure (none when every lane has the same value);
/// a lane without a value (lag never recovered) is never best.
pub fn best_lanes(figure: Figure, cells: &[Cell]) -> Vec<usize> {
    let values: Vec<Option<u64>> = cells.iter().map(|c| c.value).collect();
    if values.windows(2).all(|w| w[0] == w[1]) {
        return Vec::new();
    }
    let best = if figure.higher_is_better() {
        values.iter().flatten().max()
    } else {
        values.iter().flatten().min()
    };
    match best {
        Some(&b) => values.iter().enumerate().filter(|(_, v)| **v == Some(b)).map(|(i, _)| i).collect(),
        None => Vec::new(),
    }
}

/// Every compare preset's results, one line per lane (the golden file
/// `tests/golden/compare-presets.txt`, checked natively and in the browser).
pub fn presets_summary() -> String {
    let mut out = String::new();
    for preset in COMPARE_PRESETS {
        let lanes = match preset_lanes(preset.id) {
            Some(Ok(lanes)) => lanes,
            Some(Err(e)) => {
                out.push_str(&format!("{}: {e}\n", preset.id));
                continue;
            }
            None => continue,
        };
        for (i, (settings, scenario)) in lanes.iter().enumerate() {
            let r = run_lane(i + 1, settings, scenario);
            out.push_str(&format!(
                "{} lane {} [{}]: processed {} duplicates {} lost {} rebalances {} pause {} {:?} moved {} max_lag {} recovered {:?} hash {}\n",
                preset.id,
                r.lane,
                r.settings.join(" "),
                r.processed,
                r.duplicates,
                r.lost,
                r.rebalances,
                r.pause_total_ms,
                r.pause_ms,
                r.partitions_moved,
                r.max_lag,
                r.recovered_ms,
                r.trace_hash
            ));
        }
    }
    out
}

/// Runs one lane to the end and measures it.
pub fn run_lane(lane: usize, settings: &[(String, String)], scenario: &Scenario) -> LaneResult {
    LaneRun::of(scenario).result(lane, settings)
}

/// Every group's records processed (each completion), duplicates among them, and records
/// lost (committed past without being processed).
pub fn totals(sim: &Simulation) -> (u64, u64, u64) {
    let groups = &sim.world.groups;
    (
        groups.values().map(|g| g.ledger.processed()).sum(),
        groups.values().map(|g| g.ledger.duplicates()).sum(),
        groups
            .iter()
            .map(|(id, g)| g.coordinator.committed.keys().map(|tp| sim.group_lost(id, tp)).sum::<u64>())
            .sum(),
    )
}

/// Records not yet processed, over every group's partitions: the high watermark minus how
/// far the group has processed (or committed, if further), transaction markers at the end
/// and aborted records a read_committed group never sees not counted.
fn processing_lag(sim: &Simulation) -> u64 {
    sim.world
        .groups
        .keys()
        .map(|g| {
            sim.world
                .cluster
                .partitions_of(&sim.group_topics(g))
                .iter()
                .map(|tp| backlog(sim, g, tp))
                .sum::<u64>()
        })
        .sum()
}

/// One partition's records a group has not yet processed (see `processing_lag`).
pub fn backlog(sim: &Simulation, group_id: &str, tp: &TopicPartition) -> u64 {
    let (Some(group), Some(log)) = (sim.world.groups.get(group_id), sim.world.cluster.log(tp)) else {
        return 0;
    };
    let ledger = group.ledger.partitions.get(tp);
    let processed = ledger.map_or(0, |p| p.counts.len() as u64);
    let committed = group.coordinator.committed.get(tp).copied().unwrap_or(0);
    let origin = ledger.and_then(|p| p.origin).unwrap_or(0);
    let done = processed.max(committed).max(origin);
    let mut end = log.high_watermark;
    // Bounded: at most a few markers end a log.
    for _ in 0..16 {
        if end > done && sim.never_delivered(group_id, tp, end - 1) {
            end -= 1;
        } else {
            break;
        }
    }
    end.saturating_sub(done)
}

/// Runs every lane: lane 1 is the scenario as written unless settings name it; lanes without
/// settings in between are the scenario as written too.
pub fn compare(scenario: &Scenario, lanes: &[(usize, Vec<(String, String)>)]) -> Result<Vec<LaneResult>, String> {
    let count = lanes.iter().map(|(n, _)| *n).max().unwrap_or(1).max(2);
    let mut results = Vec::new();
    for lane in 1..=count {
        let settings: Vec<(String, String)> = lanes.iter().filter(|(n, _)| *n == lane).flat_map(|(_, s)| s.clone()).collect();
        let lane_scenario = apply(scenario, &settings).map_err(|e| format!("lane {lane}: {e}"))?;
        results.push(run_lane(lane, &settings, &lane_scenario));
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    /// Every bundled comparison is decided after its first action and before its end: the
    /// view asks first and tells once the lanes have shown the answer.
    #[test]
    fn every_preset_is_decided_between_its_first_action_and_its_end() {
        for preset in COMPARE_PRESETS {
            let (base, lanes) = preset.load().unwrap();
            let runs: Vec<LaneRun> = lanes.iter().map(|(_, s)| LaneRun::of(s)).collect();
            let decided = decided_ms(&runs).expect(preset.id);
            let first = base.actions.first().map(ActionSpec::at_ms).unwrap();
            println!("{}: first action {first} ms, decided {decided} ms, end {} ms", preset.id, base.duration_ms);
            assert!(decided >= first && decided < base.duration_ms, "{}: decided at {decided}", preset.id);
            for run in &runs {
                for r in run.rebalances.iter().filter(|r| r.started_ms >= first && r.started_ms <= first + SETTLE_MS) {
                    assert!(r.completed_ms <= decided, "{}: a rebalance ends after the reveal", preset.id);
                }
            }
        }
    }

    use super::*;

    fn scenario() -> Scenario {
        Scenario::preset("eager-join").expect("preset")
    }

    /// Each cell's moment is where its figure was decided: at the first duplicate's moment the
    /// lane shows one duplicate and a millisecond before none; at the max lag's moment the lag
    /// is the maximum; the end values are `run_lane`'s.
    #[test]
    fn moments_are_where_figures_are_decided() {
        let lanes = preset_lanes("commit-timing").expect("preset").expect("loads");
        let (settings, scenario) = &lanes[0];
        let mut session = Session::new(scenario);
        let run = LaneRun::measure(&mut session);
        let end = scenario.duration_ms;
        let dup = run.figure_at(Figure::Duplicates, end, None);
        let at = dup.moment_ms.expect("auto commit duplicates after the crash");
        assert!(at > 10_510, "after the crash: {at}");
        session.seek_ms(at);
        assert_eq!(run.figure_at(Figure::Duplicates, at, Some(&session.sim)).value, Some(1));
        session.seek_ms(at - 1);
        assert_eq!(run.figure_at(Figure::Duplicates, at - 1, Some(&session.sim)).value, Some(0));
        let max = run.figure_at(Figure::MaxLag, end, None);
        let at = max.moment_ms.expect("lag after the crash");
        session.seek_ms(at);
        assert_eq!(Some(processing_lag(&session.sim)), max.value);
        assert!(!run.applies(Figure::Recovered, 10_000) && run.applies(Figure::Recovered, 10_510));
        assert_eq!(run.result(1, settings), run_lane(1, settings, scenario));
        assert_eq!(run, LaneRun::of(scenario), "a session and a bare simulation measure the same run");
        // Live record counts equal the samples at sample times.
        for sample in run.samples.iter().step_by(37) {
            session.seek_ms(sample.at_ms);
            assert_eq!(totals(&session.sim), (sample.processed, sample.duplicates, sample.lost), "at {}", sample.at_ms);
        }
    }

    #[test]
    fn every_preset_loads_with_distinct_lanes() {
        for preset in COMPARE_PRESETS {
            let lanes = preset_lanes(preset.id).expect("listed").unwrap_or_else(|e| panic!("{}: {e}", preset.id));
            assert!((2..=MAX_LANES).contains(&lanes.len()), "{}", preset.id);
            for (i, (_, a)) in lanes.iter().enumerate() {
                for (_, b) in &lanes[i + 1..] {
                    assert_ne!(a, b, "{}: two lanes are the same scenario", preset.id);
                }
            }
        }
        assert!(preset_lanes("nope").is_none());
    }

    #[test]
    fn lanes_parse_with_named_errors() {
        assert_eq!(
            parse_lane("lane=2 partition.assignment.strategy=cooperative-sticky").unwrap(),
            (2, vec![("partition.assignment.strategy".to_string(), "cooperative-sticky".to_string())])
        );
        assert!(parse_lane("lane=5 a=b").unwrap_err().to_string().contains("1 to 4"));
        assert!(parse_lane("acks=1").unwrap_err().to_string().contains("names no lane"));
        assert!(parse_lane("lane=1 acks").unwrap_err().to_string().contains("name=value"));
        let e = apply(&scenario(), &[("colour".into(), "red".into())]).unwrap_err().to_string();
        assert!(e.contains("colour"), "{e}");
        let e = apply(&scenario(), &[("session.timeout.ms".into(), "abc".into())]).unwrap_err().to_string();
        assert!(e.contains("session.timeout.ms"), "{e}");
    }

    /// Eager versus cooperative when a consumer joins: cooperative pauses less, and the two
    /// lanes differ only in what the setting changes.
    #[test]
    fn cooperative_pauses_less_than_eager() {
        let lanes = vec![
            (1, vec![("partition.assignment.strategy".to_string(), "range".to_string())]),
            (2, vec![("partition.assignment.strategy".to_string(), "cooperative-sticky".to_string())]),
        ];
        let results = compare(&scenario(), &lanes).unwrap();
        assert_eq!(results.len(), 2);
        let (eager, coop) = (&results[0], &results[1]);
        assert!(eager.rebalances >= 1 && coop.rebalances >= 1, "{eager:?} {coop:?}");
        assert!(coop.pause_total_ms < eager.pause_total_ms, "{eager:?} {coop:?}");
        assert_ne!(eager.trace_hash, coop.trace_hash);
        // The same lane twice is the same run.
        let again = compare(&scenario(), &lanes[..1]).unwrap();
        assert_eq!(again[0], results[0]);
    }
}
