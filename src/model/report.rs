//! The CLI's JSON report of a run.

use crate::model::sim::Simulation;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub end_ms: u64,
    pub trace_hash: String,
    pub trace_entries: usize,
    pub topics: BTreeMap<String, TopicReport>,
    pub groups: BTreeMap<String, GroupReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicReport {
    pub end_offsets: Vec<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupReport {
    pub state: String,
    pub generation: i32,
    pub processed: u64,
    pub duplicates: u64,
    pub lost: u64,
    /// "topic-p" → committed offset.
    pub committed: BTreeMap<String, u64>,
    /// "topic-p" → high watermark − committed offset (null: nothing committed yet).
    pub lag: BTreeMap<String, Option<u64>>,
    pub rebalances: Vec<RebalanceReport>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RebalanceReport {
    pub generation: i32,
    pub started_ms: u64,
    pub completed_ms: Option<u64>,
    /// consumer id → ["topic-p", …].
    pub assignment: BTreeMap<String, Vec<String>>,
}

impl Report {
    pub fn of(sim: &Simulation, end_ms: u64) -> Report {
        let world = &sim.world;
        let topics = world
            .cluster
            .topics
            .iter()
            .map(|(name, topic)| {
                (
                    name.clone(),
                    TopicReport {
                        end_offsets: topic.partitions.iter().map(|p| p.log_end_offset()).collect(),
                    },
                )
            })
            .collect();
        let mut groups = BTreeMap::new();
        for (group_id, group) in &world.groups {
            let coordinator = &group.coordinator;
            let committed: BTreeMap<String, u64> = coordinator.committed.iter().map(|(tp, o)| (tp.to_string(), *o)).collect();
            let lost = coordinator.committed.iter().map(|(tp, &o)| group.ledger.lost(tp, o)).sum();
            let mut lag = BTreeMap::new();
            for tp in world.cluster.partitions_of(&sim.group_topics(group_id)) {
                lag.insert(tp.to_string(), sim.group_lag(group_id, &tp));
            }
            let rebalances = coordinator
                .rebalances
                .iter()
                .map(|r| RebalanceReport {
                    generation: r.generation,
                    started_ms: r.started_ms,
                    completed_ms: r.completed_ms,
                    assignment: r
                        .assignment
                        .iter()
                        .map(|(c, tps)| (c.clone(), tps.iter().map(ToString::to_string).collect()))
                        .collect(),
                })
                .collect();
            groups.insert(
                group_id.clone(),
                GroupReport {
                    state: coordinator.state.name().to_string(),
                    generation: coordinator.generation,
                    processed: group.ledger.processed(),
                    duplicates: group.ledger.duplicates(),
                    lost,
                    committed,
                    lag,
                    rebalances,
                },
            );
        }
        Report {
            end_ms,
            trace_hash: sim.trace_hash(),
            trace_entries: sim.trace.len(),
            topics,
            groups,
        }
    }
}
