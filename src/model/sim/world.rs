//! The simulation's state: the world (cluster, consumers, coordinators, producers, ledger), its
//! event queue ordered by (time, sequence), and building it from a scenario.

use crate::model::cluster::state::Cluster;
use crate::model::consumer::state::Consumer;
use crate::model::coordinator::state::Coordinator;
use crate::model::effects::{ClusterTimer, ConsumerTimer, CoordinatorTimer, ProducerTimer};
use crate::model::ledger::Ledger;
use crate::model::producer::state::Producer;
use crate::model::protocol::Message;
use crate::model::rng::Rng;
use crate::model::scenario::format::{ActionSpec, Scenario};
use crate::model::scenario::resolve::ResolvedConsumer;
use crate::model::sim::action::Action;
use crate::model::trace::Trace;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long a consumer waits before reconnecting to a broker whose connection failed
/// (`reconnect.backoff.max.ms`: during an outage the exponential backoff is soon at its cap).
pub const RECONNECT_BACKOFF_MS: u64 = 1_000;

/// How long a redeployed consumer's process stays down between close and start.
pub const REDEPLOY_DOWN_MS: u64 = 1_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    ProducerTick {
        producer: String,
        /// The producer's `tick_epoch` when scheduled (a reconfiguration makes it stale).
        #[serde(default)]
        epoch: u32,
    },
    /// Boxed: a message is ~200 bytes and most queued events are small timers (a snapshot
    /// clones the whole queue).
    Deliver(Box<Message>),
    ConsumerTimer {
        consumer: String,
        incarnation: u32,
        timer: ConsumerTimer,
    },
    CoordinatorTimer {
        group_id: String,
        timer: CoordinatorTimer,
    },
    FetchExpiry {
        broker: u32,
        consumer: String,
        incarnation: u32,
        fetch_id: u64,
    },
    ProducerTimer {
        producer: String,
        timer: ProducerTimer,
    },
    ClusterTimer(ClusterTimer),
    Action(Box<Action>),
}

/// A consumer group: its coordinator's state and the delivery ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub coordinator: Coordinator,
    pub ledger: Ledger,
}

/// All simulation state except the trace (which is append-only and kept beside it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct World {
    pub now_ms: u64,
    pub next_seq: u64,
    /// Events processed so far.
    pub steps: u64,
    /// (time, sequence) → event: ties at one time run in the order they were scheduled.
    #[serde(with = "queue_as_list")]
    pub queue: BTreeMap<(u64, u64), Event>,
    pub rng: Rng,
    pub rtt_ms: u64,
    pub cluster: Cluster,
    pub producers: BTreeMap<String, Producer>,
    pub consumers: BTreeMap<String, Consumer>,
    pub groups: BTreeMap<String, Group>,
    /// Consumers in the order they started (for stable drawing).
    pub consumer_order: Vec<String>,
    /// Redeployments waiting for their consumer's close to finish: id → the new settings.
    #[serde(default)]
    pub redeploys: BTreeMap<String, ResolvedConsumer>,
    /// How long a waiting redeployment stays down, if not [`REDEPLOY_DOWN_MS`] (a graceful
    /// `restart`'s `down_ms`).
    #[serde(default)]
    pub redeploy_down_ms: BTreeMap<String, u64>,
    /// Produce responses the network will lose, per producer (`drop_response`).
    #[serde(default)]
    pub drop_responses: BTreeMap<String, u32>,
    /// (producer, broker) connections whose responses are stuck behind a lost one.
    #[serde(default)]
    pub stalled_connections: std::collections::BTreeSet<(String, u32)>,
}

impl World {
    pub(super) fn schedule(&mut self, at_ms: u64, event: Event) {
        debug_assert!(at_ms >= self.now_ms, "events are never scheduled in the past");
        let seq = self.next_seq;
        self.next_seq += 1;
        self.queue.insert((at_ms.max(self.now_ms), seq), event);
    }

    pub(super) fn one_way_ms(&self) -> u64 {
        self.rtt_ms / 2
    }

    /// `__consumer_offsets` followers fetch again (or left the ISR) at `at_ms`: every group
    /// with parked commits looks at them then.
    pub(super) fn offsets_followers_back(&mut self, at_ms: u64, fx: &mut crate::model::effects::Effects) {
        for (group_id, group) in &self.groups {
            if !group.coordinator.parked_commits.is_empty() {
                fx.list.push(crate::model::effects::Effect::CoordinatorTimer {
                    at_ms,
                    group_id: group_id.clone(),
                    timer: CoordinatorTimer::OffsetsFollowersBack,
                });
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    pub scenario: Scenario,
    pub world: World,
    pub trace: Trace,
}

impl Simulation {
    pub fn new(scenario: &Scenario) -> Simulation {
        let mut cluster = Cluster::new(scenario.brokers);
        cluster.broker_session_timeout_ms = scenario.broker_session_timeout_ms();
        cluster.rtt_ms = scenario.rtt_ms;
        cluster.replica_lag_time_max_ms = scenario.replica_lag_time_max_ms();
        for topic in &scenario.topics {
            let (min_isr, unclean) = topic.settings().expect("validated scenarios have valid topic configs");
            cluster.add_replicated_topic(&topic.name, topic.partitions, topic.replication_factor, min_isr, unclean);
        }
        let mut world = World {
            now_ms: 0,
            next_seq: 0,
            steps: 0,
            queue: BTreeMap::new(),
            rng: Rng::new(scenario.seed),
            rtt_ms: scenario.rtt_ms,
            cluster,
            producers: BTreeMap::new(),
            consumers: BTreeMap::new(),
            groups: BTreeMap::new(),
            consumer_order: Vec::new(),
            redeploys: BTreeMap::new(),
            redeploy_down_ms: BTreeMap::new(),
            drop_responses: BTreeMap::new(),
            stalled_connections: Default::default(),
        };
        for spec in &scenario.producers {
            let producer = Producer::new(spec.clone());
            if let Some(at) = producer.send_time_ms(0) {
                world.schedule(
                    at,
                    Event::ProducerTick {
                        producer: spec.id.clone(),
                        epoch: 0,
                    },
                );
            }
            world.producers.insert(spec.id.clone(), producer);
        }
        // Leaders check their followers' lag every replica.lag.time.max.ms / 2.
        if scenario.topics.iter().any(|t| t.replication_factor > 1) {
            let at = (world.cluster.replica_lag_time_max_ms / 2).max(1);
            world.schedule(at, Event::ClusterTimer(ClusterTimer::IsrExpiry));
        }
        let mut sim = Simulation {
            scenario: scenario.clone(),
            world,
            trace: Trace::new(),
        };
        for group in &scenario.groups {
            sim.ensure_group(&group.group_id);
            for (i, consumer) in group.consumers.iter().enumerate() {
                let resolved = scenario
                    .resolve_consumer(&format!("groups[].consumers[{i}]"), &group.group_id, consumer)
                    .expect("validated scenarios resolve");
                sim.world.schedule(0, Event::Action(Box::new(Action::Start { consumer: resolved })));
            }
        }
        for (i, action) in scenario.actions.iter().enumerate() {
            let action = match action {
                ActionSpec::Start { .. } => {
                    let (group_id, spec) = action.started_consumer().expect("a start action starts a consumer");
                    let resolved = scenario
                        .resolve_consumer(&format!("actions[{i}]"), group_id, &spec)
                        .expect("validated scenarios resolve");
                    Action::Start { consumer: resolved }
                }
                ActionSpec::Close { consumer, .. } => Action::Close { consumer: consumer.clone() },
                ActionSpec::Crash { consumer, .. } => Action::Crash { consumer: consumer.clone() },
                ActionSpec::Stall { consumer, for_ms, .. } => Action::Stall {
                    consumer: consumer.clone(),
                    for_ms: *for_ms,
                },
                ActionSpec::Resume { consumer, .. } => Action::Resume { consumer: consumer.clone() },
                ActionSpec::Restart {
                    consumer, down_ms, graceful, ..
                } => Action::Restart {
                    consumer: consumer.clone(),
                    down_ms: *down_ms,
                    graceful: *graceful,
                },
                ActionSpec::PauseHeartbeats { consumer, for_ms, .. } => Action::PauseHeartbeats {
                    consumer: consumer.clone(),
                    for_ms: *for_ms,
                },
                ActionSpec::AddPartitions { topic, partitions, .. } => Action::AddPartitions {
                    topic: topic.clone(),
                    partitions: *partitions,
                },
                ActionSpec::Configure {
                    consumer,
                    processing_ms_per_record,
                    config,
                    ..
                } => Action::Configure {
                    consumer: consumer.clone(),
                    processing_ms_per_record: *processing_ms_per_record,
                    config: config.clone(),
                },
                ActionSpec::ConfigureProducer {
                    producer,
                    records_per_sec,
                    keys,
                    config,
                    ..
                } => Action::ConfigureProducer {
                    producer: producer.clone(),
                    records_per_sec: *records_per_sec,
                    keys: keys.clone(),
                    config: config.clone(),
                },
                ActionSpec::KillBroker { broker, .. } => Action::KillBroker { broker: *broker },
                ActionSpec::RestartBroker { broker, .. } => Action::RestartBroker { broker: *broker },
                ActionSpec::DropResponse { producer, .. } => Action::DropResponse { producer: producer.clone() },
                ActionSpec::PauseReplication { broker, for_ms, .. } => Action::PauseReplication {
                    broker: *broker,
                    for_ms: *for_ms,
                },
                ActionSpec::BeginTxn { producer, .. } => Action::BeginTxn { producer: producer.clone() },
                ActionSpec::CommitTxn { producer, .. } => Action::EndTxn {
                    producer: producer.clone(),
                    commit: true,
                },
                ActionSpec::AbortTxn { producer, .. } => Action::EndTxn {
                    producer: producer.clone(),
                    commit: false,
                },
            };
            sim.world.schedule(scenario.actions[i].at_ms(), Event::Action(Box::new(action)));
        }
        sim
    }

    pub(super) fn ensure_group(&mut self, group_id: &str) {
        if !self.world.groups.contains_key(group_id) {
            let broker = self.world.cluster.coordinator_broker(group_id);
            let group = Group {
                coordinator: Coordinator::new(group_id, broker),
                ledger: Ledger::default(),
            };
            self.world.groups.insert(group_id.to_string(), group);
        }
    }
}

/// JSON maps need string keys: the queue is written as a list of ((time, seq), event).
mod queue_as_list {
    use super::Event;
    use serde::{Deserialize, Deserializer, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(queue: &BTreeMap<(u64, u64), Event>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(queue.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<(u64, u64), Event>, D::Error> {
        let list: Vec<((u64, u64), Event)> = Vec::deserialize(deserializer)?;
        Ok(list.into_iter().collect())
    }
}
