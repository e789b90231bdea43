//! Numbers and conditions read off the engine: a lesson's `Query` (its checkpoints' answers)
//! and `Check` (its goal), evaluated over a simulation's state and trace. Separate from the
//! file's validation: this is what runs while a lesson plays.

use crate::model::nouns::TopicPartition;
use crate::model::sim::Simulation;
use crate::model::trace::{TraceEntry, TraceEvent};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A number read off the engine. `q` names it; the other fields are its arguments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "BTreeMap::is_empty")]
    pub where_: BTreeMap<String, Value>,
    /// For `sum`: the numeric field added up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The queries a lesson may ask, with what they take (docs/lesson-format.md).
pub const QUERIES: &[(&str, &str)] = &[
    ("owner", "tp, group?: the consumer that owns the partition now, or \"none\""),
    ("assigned", "consumer: how many partitions it owns now"),
    ("members", "group?: running consumers in the group"),
    ("idle_members", "group?: running consumers that own no partition"),
    ("max_assigned", "group?: the most partitions one consumer owns"),
    ("leader", "group?: the consumer whose member leads the group (classic), or \"none\""),
    ("generation", "group?: the group's generation"),
    ("state", "group?: the group's state (\"Stable\", …)"),
    ("protocol", "group?: the group's protocol now, \"classic\" or \"consumer\""),
    ("rebalances", "group?: rebalances the coordinator has started"),
    ("processed", "group?: records processed"),
    ("duplicates", "group?: records processed more than once"),
    (
        "duplicate_values",
        "group?: processed records whose value an earlier processed record had (an output written twice)",
    ),
    ("lost", "group?: records committed past without being processed"),
    (
        "lag",
        "group?, tp?: high watermark − committed offset, over the group's partitions (or that one)",
    ),
    ("position", "consumer, tp: the offset its next poll() returns from the partition (0 if none)"),
    (
        "records_lag",
        "consumer, tp: the client metric records-lag: high watermark − position when poll() last returned its records (0 if none)",
    ),
    (
        "records_lag_max",
        "consumer: the client metric records-lag-max: the largest partition lag recorded when poll() returned records, over the metric's window (2 samples of 30 s; 0 if none)",
    ),
    ("lag_now", "consumer: high watermark − position now, largest over its partitions (0 if none)"),
    ("backlog", "group?: records not yet processed, over the group's partitions"),
    ("committed", "tp, group?: the committed offset (0 if none)"),
    ("log_end", "tp: the partition's log end offset"),
    ("high_watermark", "tp: the partition's high watermark"),
    ("max_log_end", "topic: the largest log end offset among its partitions"),
    ("partition_of_key", "key: the partition the last record with this key went to"),
    (
        "position_source",
        "consumer, tp: where its position came from: \"committed\", \"earliest\", \"latest\" or \"none\"",
    ),
    ("count", "event, where?: matching trace entries so far"),
    (
        "sum",
        "event, field, where?: a numeric field (or a list's length) added up over matching entries",
    ),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A condition over engine state: one comparison, or all / any / not of others.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Check>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Query>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub op: Option<Op>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

/// What on screen would answer a checkpoint's query before the learner predicts: the UI masks
/// these while the prediction is pending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reveals {
    /// Who owns which partition (the consumers' assignments, the group's members).
    pub assignment: bool,
    /// The group's state and generation.
    pub group_state: bool,
    /// The group's record counts (processed, duplicates, lost).
    pub counts: bool,
    /// Offsets and lag (committed offsets, positions, log ends, lag).
    pub offsets: bool,
    /// The trace itself (the query counts or adds up trace entries).
    pub events: bool,
}

impl Query {
    /// Which of the screen's figures give this query's answer away.
    pub fn reveals(&self) -> Reveals {
        let mut r = Reveals::default();
        match self.q.as_str() {
            "owner" | "assigned" | "members" | "idle_members" | "max_assigned" | "leader" => r.assignment = true,
            "generation" | "state" | "protocol" => r.group_state = true,
            "rebalances" => {
                r.group_state = true;
                r.events = true;
            }
            "count" | "sum" => r.events = true,
            "processed" | "duplicates" | "duplicate_values" | "lost" | "backlog" => r.counts = true,
            "lag" | "position" | "records_lag" | "records_lag_max" | "lag_now" | "committed" | "log_end" | "high_watermark" | "max_log_end"
            | "position_source" => r.offsets = true,
            _ => {}
        }
        r
    }

    /// The query's value now. `group` defaults to the lesson's group.
    pub fn eval(&self, sim: &Simulation, default_group: &str) -> Value {
        let group = self.group.as_deref().unwrap_or(default_group);
        let tp = self.tp.as_deref().and_then(TopicPartition::parse);
        let g = sim.world.groups.get(group);
        let partitions = || sim.world.cluster.partitions_of(&sim.group_topics(group));
        let members = sim.running_members(group);
        // The query's `consumer`, if it is running.
        let running = || self.consumer.as_deref().and_then(|c| sim.world.consumers.get(c)).filter(|c| c.is_running());
        let n = |x: u64| Value::from(x);
        match self.q.as_str() {
            "owner" => Value::from(
                tp.as_ref()
                    .and_then(|tp| sim.owner_of(group, tp))
                    .map_or("none".to_string(), |c| c.id().to_string()),
            ),
            "assigned" => n(running().map_or(0, |c| c.assigned.len() as u64)),
            "members" => n(members.len() as u64),
            "idle_members" => n(members.iter().filter(|c| c.assigned.is_empty()).count() as u64),
            "max_assigned" => n(members.iter().map(|c| c.assigned.len() as u64).max().unwrap_or(0)),
            "leader" => Value::from(
                g.and_then(|g| g.coordinator.leader.as_ref().and_then(|l| g.coordinator.members.get(l)))
                    .map_or("none", |m| m.consumer.as_str()),
            ),
            "generation" => Value::from(g.map_or(0, |g| g.coordinator.generation)),
            "state" => Value::from(g.map_or("Dead", |g| g.coordinator.state.name())),
            "protocol" => Value::from(g.map_or("classic", |g| g.coordinator.protocol_kind.name())),
            "rebalances" => n(g.map_or(0, |g| g.coordinator.rebalances.len() as u64)),
            "processed" => n(g.map_or(0, |g| g.ledger.processed())),
            "duplicates" => n(g.map_or(0, |g| g.ledger.duplicates())),
            "duplicate_values" => {
                let mut seen = std::collections::BTreeSet::new();
                let mut repeated = 0;
                for e in &sim.trace {
                    if let crate::model::trace::TraceEvent::Processed { group_id, tp, offset, .. } = &e.event {
                        if group_id == group {
                            if let Some(r) = sim.world.cluster.log(tp).and_then(|l| l.record(*offset)) {
                                if !seen.insert(r.value.as_str()) {
                                    repeated += 1;
                                }
                            }
                        }
                    }
                }
                n(repeated)
            }
            "lost" => n(g.map_or(0, |g| g.coordinator.committed.keys().map(|tp| sim.group_lost(group, tp)).sum())),
            "lag" => n(partitions()
                .iter()
                .filter(|p| tp.as_ref().is_none_or(|tp| tp == *p))
                .map(|tp| {
                    let hw = sim.world.cluster.log(tp).map_or(0, |l| l.high_watermark);
                    hw.saturating_sub(g.and_then(|g| g.coordinator.committed.get(tp).copied()).unwrap_or(0))
                })
                .sum()),
            "position" => n(running().and_then(|c| tp.as_ref().and_then(|tp| c.positions.get(tp).copied())).unwrap_or(0)),
            "records_lag" => n(running().and_then(|c| tp.as_ref().and_then(|tp| c.records_lag(tp))).unwrap_or(0)),
            "records_lag_max" => n(running().and_then(|c| c.records_lag_max(sim.now_ms())).unwrap_or(0)),
            "lag_now" => n(running().and_then(|c| c.lag_now()).unwrap_or(0)),
            "backlog" => n(partitions().iter().map(|tp| crate::study::compare::backlog(sim, group, tp)).sum()),
            "committed" => n(tp.as_ref().and_then(|tp| g.and_then(|g| g.coordinator.committed.get(tp).copied())).unwrap_or(0)),
            "log_end" => n(tp.as_ref().and_then(|tp| sim.world.cluster.log(tp)).map_or(0, |l| l.log_end_offset())),
            "high_watermark" => n(tp.as_ref().and_then(|tp| sim.world.cluster.log(tp)).map_or(0, |l| l.high_watermark)),
            "max_log_end" => {
                let topic = self.topic.clone().unwrap_or_default();
                n(sim
                    .world
                    .cluster
                    .partitions_of(&[topic])
                    .iter()
                    .filter_map(|tp| sim.world.cluster.log(tp))
                    .map(|l| l.log_end_offset())
                    .max()
                    .unwrap_or(0))
            }
            "partition_of_key" => {
                let key = self.key.as_deref();
                let found = sim.trace.iter().rev().find_map(|e| match &e.event {
                    crate::model::trace::TraceEvent::Produced { key: k, tp, .. } if k.as_deref() == key => Some(tp.partition),
                    _ => None,
                });
                found.map_or(Value::from("none"), Value::from)
            }
            "position_source" => {
                let consumer = self.consumer.as_deref();
                let found = sim.trace.iter().rev().find_map(|e| match &e.event {
                    crate::model::trace::TraceEvent::PositionFromCommitted { consumer: c, tp: t, .. }
                        if Some(c.as_str()) == consumer && Some(t) == tp.as_ref() =>
                    {
                        Some("committed".to_string())
                    }
                    crate::model::trace::TraceEvent::OffsetReset {
                        consumer: c, tp: t, policy, ..
                    } if Some(c.as_str()) == consumer && Some(t) == tp.as_ref() => Some(
                        match policy {
                            crate::model::config::OffsetReset::Earliest => "earliest",
                            crate::model::config::OffsetReset::Latest => "latest",
                            crate::model::config::OffsetReset::None => "none",
                        }
                        .to_string(),
                    ),
                    _ => None,
                });
                Value::from(found.unwrap_or_else(|| "none".to_string()))
            }
            "count" => {
                let m = Matcher::new(self.event.as_deref().unwrap_or_default(), &self.where_);
                n(sim.trace.iter().filter(|e| m.matches(e)).count() as u64)
            }
            "sum" => {
                let m = Matcher::new(self.event.as_deref().unwrap_or_default(), &self.where_);
                let field = self.field.as_deref().unwrap_or_default();
                n(sim
                    .trace
                    .iter()
                    .filter_map(|e| m.value(e))
                    .map(|v| {
                        v.get(field)
                            .and_then(|x| x.as_u64().or_else(|| x.as_array().map(|a| a.len() as u64)))
                            .unwrap_or(0)
                    })
                    .sum())
            }
            other => unreachable!("query {other} passed validation"),
        }
    }
}

/// Equal as lesson values: numbers by value, everything else exactly.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) if a.is_number() && b.is_number() => x == y,
        _ => a == b,
    }
}

fn compare(a: &Value, op: Op, b: &Value) -> bool {
    let order = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
        (Some(x), Some(y), ..) => Some(x.cmp(&y)),
        (.., Some(x), Some(y)) => Some(x.cmp(&y)),
        _ => match (a, b) {
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            _ => None,
        },
    };
    match op {
        Op::Eq => same(a, b),
        Op::Ne => !same(a, b),
        Op::Lt => order == Some(std::cmp::Ordering::Less),
        Op::Le => order.is_some_and(|o| o != std::cmp::Ordering::Greater),
        Op::Gt => order == Some(std::cmp::Ordering::Greater),
        Op::Ge => order.is_some_and(|o| o != std::cmp::Ordering::Less),
    }
}

impl Check {
    pub fn holds(&self, sim: &Simulation, group: &str) -> bool {
        if let Some(list) = &self.all {
            return list.iter().all(|c| c.holds(sim, group));
        }
        if let Some(list) = &self.any {
            return list.iter().any(|c| c.holds(sim, group));
        }
        if let Some(c) = &self.not {
            return !c.holds(sim, group);
        }
        match (&self.query, self.op, &self.value) {
            (Some(q), Some(op), Some(v)) => compare(&q.eval(sim, group), op, v),
            _ => false,
        }
    }
}

/// Matches trace entries by type and fields.
pub(super) struct Matcher<'a> {
    event: &'a str,
    where_: &'a BTreeMap<String, Value>,
    /// Entry variants seen so far and whether their type is `event`: an entry of a variant
    /// already ruled out is rejected without serializing it (most of a long trace).
    kinds: std::cell::RefCell<Vec<(std::mem::Discriminant<TraceEvent>, bool)>>,
}

impl<'a> Matcher<'a> {
    pub(super) fn new(event: &'a str, where_: &'a BTreeMap<String, Value>) -> Matcher<'a> {
        Matcher {
            event,
            where_,
            kinds: Default::default(),
        }
    }

    /// The entry as JSON when it matches.
    fn value(&self, entry: &TraceEntry) -> Option<Value> {
        let kind = std::mem::discriminant(&entry.event);
        let known = self.kinds.borrow().iter().find(|(k, _)| *k == kind).map(|&(_, is)| is);
        if known == Some(false) {
            return None;
        }
        // Through bytes rather than `to_value`: the wasm already carries this serializer (the
        // trace hash) and the Value parser (lesson files), not a second TraceEvent serializer.
        let bytes = serde_json::to_vec(&entry.event).ok()?;
        // Internally tagged: the type comes first.
        let tag = format!("{{\"type\":\"{}\"", self.event);
        let is = bytes.starts_with(tag.as_bytes());
        if known.is_none() {
            self.kinds.borrow_mut().push((kind, is));
        }
        if !is {
            return None;
        }
        let v: Value = serde_json::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
        if v.get("type").and_then(Value::as_str) != Some(self.event) {
            return None;
        }
        let fits = self.where_.iter().all(|(field, want)| match v.get(field) {
            Some(Value::Array(items)) => items
                .iter()
                .any(|item| same(item, want) || item.as_array().is_some_and(|pair| pair.first().is_some_and(|x| same(x, want)))),
            Some(Value::Object(map)) => want.as_str().is_some_and(|k| map.contains_key(k)),
            Some(have) => same(have, want),
            None => false,
        });
        fits.then_some(v)
    }

    pub(super) fn matches(&self, entry: &TraceEntry) -> bool {
        self.value(entry).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reveals_follows_the_query() {
        let q = |name: &str| Query {
            q: name.into(),
            ..Query::default()
        };
        assert!(q("owner").reveals().assignment);
        assert!(q("assigned").reveals().assignment);
        assert!(q("processed").reveals().counts);
        assert!(q("lag").reveals().offsets);
        assert!(q("generation").reveals().group_state);
        assert!(q("count").reveals().events);
        assert_eq!(q("partition_of_key").reveals(), Reveals::default());
    }
}
