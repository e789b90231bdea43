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

use crate::model::cluster::TopicPartition;
use crate::model::report::Report;
use crate::model::scenario::{ActionSpec, CommitMode, Scenario};
use crate::model::sim::Simulation;
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
    /// The largest total group lag (high watermark − committed, summed over partitions).
    pub max_lag: u64,
    /// From the first action until the total lag was zero again (None: never within the run).
    pub recovered_ms: Option<u64>,
    pub trace_hash: String,
}

/// Parses `lane=N name=value …`.
pub fn parse_lane(text: &str) -> Result<(usize, Vec<(String, String)>), String> {
    let mut lane = None;
    let mut settings = Vec::new();
    for part in text.split_whitespace() {
        let (name, value) = part.split_once('=').ok_or_else(|| format!("'{part}' is not name=value"))?;
        if name == "lane" {
            let n: usize = value
                .parse()
                .map_err(|_| format!("lane must be a number from 1 to {MAX_LANES}, not '{value}'"))?;
            if !(1..=MAX_LANES).contains(&n) {
                return Err(format!("lane must be from 1 to {MAX_LANES}, not {n}"));
            }
            lane = Some(n);
        } else {
            settings.push((name.to_string(), value.to_string()));
        }
    }
    let lane = lane.ok_or_else(|| format!("'{text}' names no lane (lane=1 … lane={MAX_LANES})"))?;
    Ok((lane, settings))
}

/// The scenario with a lane's settings applied, validated like any scenario.
pub fn apply(scenario: &Scenario, settings: &[(String, String)]) -> Result<Scenario, String> {
    let mut s = scenario.clone();
    for (name, value) in settings {
        let consumer_property = crate::model::config::CONSUMER_CONFIGS.iter().any(|c| c.name == name);
        let producer_property = crate::model::producer_config::PRODUCER_CONFIGS.iter().any(|(n, ..)| n == name);
        match name.as_str() {
            "commit" => {
                let mode = CommitMode::ALL
                    .into_iter()
                    .find(|m| m.name() == value)
                    .ok_or_else(|| format!("commit={value}: expected one of {}", CommitMode::ALL.map(|m| m.name()).join(", ")))?;
                for_each_consumer(&mut s, |commit, config| {
                    *commit = Some(mode);
                    config.remove("enable.auto.commit");
                });
            }
            "partitions" => {
                let n: u32 = value.parse().map_err(|_| format!("partitions={value}: expected a number"))?;
                for topic in &mut s.topics {
                    topic.partitions = n;
                }
            }
            _ if consumer_property => {
                for_each_consumer(&mut s, |_, config| {
                    config.insert(name.clone(), Value::String(value.clone()));
                });
            }
            _ if producer_property => {
                for p in &mut s.producers {
                    p.config.insert(name.clone(), Value::String(value.clone()));
                }
            }
            _ => {
                return Err(format!(
                    "unknown setting '{name}': use commit=<mode>, partitions=<count>, or a consumer or producer property"
                ))
            }
        }
    }
    // The same checks as a scenario file, with the field named.
    let json = serde_json::to_string(&s).map_err(|e| e.to_string())?;
    Scenario::from_json(&json).map_err(|e| e.to_string())
}

/// Every consumer the scenario starts (in its groups and by `start` actions): its commit mode
/// and its properties.
fn for_each_consumer(s: &mut Scenario, mut change: impl FnMut(&mut Option<CommitMode>, &mut BTreeMap<String, Value>)) {
    for group in &mut s.groups {
        for c in &mut group.consumers {
            change(&mut c.commit, &mut c.config);
        }
    }
    for action in &mut s.actions {
        if let ActionSpec::Start { commit, config, .. } = action {
            change(commit, config);
        }
    }
}

/// Runs one lane to the end and measures it.
pub fn run_lane(lane: usize, settings: &[(String, String)], scenario: &Scenario) -> LaneResult {
    let mut sim = Simulation::new(scenario);
    let first_action_ms = scenario.actions.first().map(ActionSpec::at_ms);
    let mut max_lag = 0;
    let mut recovered_ms = None;
    let mut t = 0;
    while t <= scenario.duration_ms {
        sim.run_until(t);
        let lag = total_lag(&sim);
        max_lag = max_lag.max(lag);
        if let Some(start) = first_action_ms {
            if recovered_ms.is_none() && t > start && lag == 0 && sim.world.groups.values().any(|g| !g.coordinator.committed.is_empty()) {
                recovered_ms = Some(t - start);
            }
        }
        t += SAMPLE_MS;
    }
    let report = Report::of(&sim, scenario.duration_ms);
    let mut pause_ms: BTreeMap<String, u64> = BTreeMap::new();
    let mut rebalances = 0;
    let mut moved = 0;
    for g in report.groups.values() {
        for r in g.rebalances.iter().skip(1).filter(|r| r.completed_ms.is_some()) {
            rebalances += 1;
            moved += r.moved.len() as u64;
            for (c, ms) in &r.pause_ms {
                *pause_ms.entry(c.clone()).or_default() += ms;
            }
        }
    }
    LaneResult {
        lane,
        settings: settings.iter().map(|(n, v)| format!("{n}={v}")).collect(),
        processed: report.groups.values().map(|g| g.processed).sum(),
        duplicates: report.groups.values().map(|g| g.duplicates).sum(),
        lost: report.groups.values().map(|g| g.lost).sum(),
        rebalances,
        pause_total_ms: pause_ms.values().sum(),
        pause_ms,
        partitions_moved: moved,
        max_lag,
        recovered_ms: if first_action_ms.is_some() { recovered_ms } else { Some(0) },
        trace_hash: report.trace_hash,
    }
}

fn total_lag(sim: &Simulation) -> u64 {
    sim.world
        .groups
        .keys()
        .flat_map(|g| {
            let tps: Vec<TopicPartition> = sim.world.cluster.partitions_of(&sim.group_topics(g));
            tps.into_iter().filter_map(move |tp| sim.group_lag(g, &tp))
        })
        .sum()
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
    use super::*;

    fn scenario() -> Scenario {
        Scenario::preset("eager-join").expect("preset")
    }

    #[test]
    fn lanes_parse_with_named_errors() {
        assert_eq!(
            parse_lane("lane=2 partition.assignment.strategy=cooperative-sticky").unwrap(),
            (2, vec![("partition.assignment.strategy".to_string(), "cooperative-sticky".to_string())])
        );
        assert!(parse_lane("lane=5 a=b").unwrap_err().contains("1 to 4"));
        assert!(parse_lane("acks=1").unwrap_err().contains("names no lane"));
        assert!(parse_lane("lane=1 acks").unwrap_err().contains("name=value"));
        let e = apply(&scenario(), &[("colour".into(), "red".into())]).unwrap_err();
        assert!(e.contains("colour"), "{e}");
        let e = apply(&scenario(), &[("session.timeout.ms".into(), "abc".into())]).unwrap_err();
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
