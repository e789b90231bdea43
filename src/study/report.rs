//! The CLI's JSON report of a run.

use crate::model::nouns::TopicPartition;
use crate::model::sim::Simulation;
use crate::model::sort::CollectTree as _;
use crate::model::trace::TraceEvent;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub end_ms: u64,
    pub trace_hash: String,
    pub trace_entries: usize,
    pub topics: BTreeMap<String, TopicReport>,
    pub groups: BTreeMap<String, GroupReport>,
    /// Per producer: records sent, acknowledged, failed, written twice, acknowledged but later
    /// lost, batch retries and produce requests.
    pub producers: BTreeMap<String, crate::model::producer::ProducerStats>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TopicReport {
    pub end_offsets: Vec<u64>,
    pub high_watermarks: Vec<u64>,
    /// Current leader per partition (null: offline).
    pub leaders: Vec<Option<u32>>,
    pub isr: Vec<Vec<u32>>,
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
    /// Kafka error name → how many responses carried it.
    pub errors: BTreeMap<String, u64>,
}

/// A partition that changed owner in a rebalance (`to` null: withheld for a follow-up round).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Moved {
    pub partition: String,
    pub from: String,
    pub to: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RebalanceReport {
    pub generation: i32,
    pub started_ms: u64,
    pub completed_ms: Option<u64>,
    /// consumer id → ["topic-p", …].
    pub assignment: BTreeMap<String, Vec<String>>,
    /// consumer id → how long it processed nothing because of this rebalance: from giving up
    /// its last partition to receiving its new assignment (0 if it kept processing).
    pub pause_ms: BTreeMap<String, u64>,
    /// Partitions whose owner differs from the previous rebalance's assignment.
    pub moved: Vec<Moved>,
}

/// Per group: generation → consumer → pause, and error counts, read off the trace.
fn pauses_and_errors(sim: &Simulation, group_id: &str) -> (BTreeMap<i32, BTreeMap<String, u64>>, BTreeMap<String, u64>) {
    let mut owned: BTreeMap<String, BTreeSet<TopicPartition>> = BTreeMap::new();
    let mut idle_since: BTreeMap<String, u64> = BTreeMap::new();
    let mut pauses: BTreeMap<i32, BTreeMap<String, u64>> = BTreeMap::new();
    let mut errors: BTreeMap<String, u64> = BTreeMap::new();
    for entry in &sim.trace {
        match &entry.event {
            TraceEvent::PartitionsRevoked {
                consumer,
                group_id: g,
                partitions,
                ..
            } if g == group_id => {
                let set = owned.entry(consumer.clone()).or_default();
                let had = !set.is_empty();
                for tp in partitions {
                    set.remove(tp);
                }
                if had && set.is_empty() {
                    idle_since.insert(consumer.clone(), entry.at_ms);
                }
            }
            TraceEvent::PartitionsAssigned {
                consumer,
                group_id: g,
                generation,
                partitions,
                kept,
                ..
            } if g == group_id => {
                let set = owned.entry(consumer.clone()).or_default();
                set.extend(partitions.iter().cloned());
                set.extend(kept.iter().cloned());
                let pause = match idle_since.get(consumer) {
                    Some(&since) if !set.is_empty() => {
                        idle_since.remove(consumer);
                        entry.at_ms - since
                    }
                    _ => 0,
                };
                pauses.entry(*generation).or_default().insert(consumer.clone(), pause);
            }
            TraceEvent::ConsumerCrashed { consumer, group_id: g } | TraceEvent::ConsumerClosed { consumer, group_id: g } if g == group_id => {
                owned.remove(consumer);
                idle_since.remove(consumer);
            }
            TraceEvent::ResponseReceived {
                group_id: g, error: Some(e), ..
            } if g == group_id => *errors.entry(e.name().to_string()).or_default() += 1,
            _ => {}
        }
    }
    (pauses, errors)
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
                        high_watermarks: topic.partitions.iter().map(|p| p.high_watermark).collect(),
                        leaders: topic.partitions.iter().map(|p| p.leader).collect(),
                        isr: topic.partitions.iter().map(|p| p.isr.clone()).collect(),
                    },
                )
            })
            .collect_tree();
        let mut groups = BTreeMap::new();
        for (group_id, group) in &world.groups {
            let coordinator = &group.coordinator;
            let committed: BTreeMap<String, u64> = coordinator.committed.iter().map(|(tp, o)| (tp.to_string(), *o)).collect_tree();
            let lost = coordinator.committed.keys().map(|tp| sim.group_lost(group_id, tp)).sum();
            let mut lag = BTreeMap::new();
            for tp in world.cluster.partitions_of(&sim.group_topics(group_id)) {
                lag.insert(tp.to_string(), sim.group_lag(group_id, &tp));
            }
            let (pauses, errors) = pauses_and_errors(sim, group_id);
            let mut previous: BTreeMap<TopicPartition, String> = BTreeMap::new();
            // Partitions a cooperative round withheld: partition → the owner that revoked it.
            let mut withheld: BTreeMap<TopicPartition, String> = BTreeMap::new();
            let mut rebalances = Vec::new();
            for r in &coordinator.rebalances {
                let owners: BTreeMap<TopicPartition, String> = r
                    .assignment
                    .iter()
                    .flat_map(|(c, tps)| tps.iter().map(move |tp| (tp.clone(), c.clone())))
                    .collect_tree();
                let mut moved = Vec::new();
                if r.completed_ms.is_some() {
                    for (tp, from) in &previous {
                        if owners.get(tp) != Some(from) {
                            moved.push(Moved {
                                partition: tp.to_string(),
                                from: from.clone(),
                                to: owners.get(tp).cloned(),
                            });
                        }
                    }
                    for (tp, from) in std::mem::take(&mut withheld) {
                        match owners.get(&tp) {
                            Some(to) if !previous.contains_key(&tp) => moved.push(Moved {
                                partition: tp.to_string(),
                                from,
                                to: Some(to.clone()),
                            }),
                            Some(_) => {}
                            None => {
                                withheld.insert(tp, from);
                            }
                        }
                    }
                    for m in &moved {
                        if m.to.is_none() {
                            if let Some(tp) = TopicPartition::parse(&m.partition) {
                                withheld.insert(tp, m.from.clone());
                            }
                        }
                    }
                    crate::model::sort::sort_by(&mut moved, |a, b| a.partition.cmp(&b.partition));
                }
                let pause_ms = r
                    .assignment
                    .keys()
                    .map(|c| (c.clone(), pauses.get(&r.generation).and_then(|p| p.get(c)).copied().unwrap_or(0)))
                    .collect_tree();
                rebalances.push(RebalanceReport {
                    generation: r.generation,
                    started_ms: r.started_ms,
                    completed_ms: r.completed_ms,
                    assignment: r
                        .assignment
                        .iter()
                        .map(|(c, tps)| (c.clone(), tps.iter().map(ToString::to_string).collect()))
                        .collect_tree(),
                    pause_ms,
                    moved,
                });
                if r.completed_ms.is_some() {
                    previous = owners;
                }
            }
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
                    errors,
                },
            );
        }
        Report {
            end_ms,
            trace_hash: sim.trace_hash(),
            trace_entries: sim.trace.len(),
            topics,
            groups,
            producers: world.producers.iter().map(|(id, p)| (id.clone(), p.stats.clone())).collect_tree(),
        }
    }
}
