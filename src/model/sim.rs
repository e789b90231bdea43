//! The simulator: one event queue ordered by (time, sequence), the world it acts on, and the
//! loop that performs the effects transitions return.

use crate::model::cluster::{Cluster, ParkedFetch};
use crate::model::consumer::{Consumer, ConsumerStatus};
use crate::model::coordinator::Coordinator;
use crate::model::effects::{ClusterTimer, ConsumerTimer, CoordinatorTimer, Effect, Effects, ProducerTimer};
use crate::model::ledger::Ledger;
use crate::model::nouns::TopicPartition;
use crate::model::producer::{Producer, SendOutcome};
use crate::model::protocol::{FetchedPartition, KafkaError, Message};
use crate::model::rng::Rng;
use crate::model::scenario::{ActionSpec, ResolvedConsumer, Scenario};
use crate::model::sort::CollectTree as _;
use crate::model::trace::{trace_hash, Fnv64, Trace, TraceEntry, TraceEvent};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Something a user (or the scenario's action list) does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Start {
        consumer: ResolvedConsumer,
    },
    Close {
        consumer: String,
    },
    Crash {
        consumer: String,
    },
    /// The application stops calling poll() (for `for_ms`, or until resumed).
    Stall {
        consumer: String,
        for_ms: Option<u64>,
    },
    Resume {
        consumer: String,
    },
    /// Crash now (or, `graceful`, close), start the same consumer again `down_ms` after it
    /// went down.
    Restart {
        consumer: String,
        down_ms: u64,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        graceful: bool,
    },
    /// The whole process freezes for `for_ms` (a long GC pause).
    PauseHeartbeats {
        consumer: String,
        for_ms: u64,
    },
    AddPartitions {
        topic: String,
        partitions: u32,
    },
    Configure {
        consumer: String,
        processing_ms_per_record: Option<u64>,
        config: BTreeMap<String, serde_json::Value>,
    },
    /// A deployment with new settings: the running process is closed (commit, revoke,
    /// LeaveGroup as close() does) and, once it is down, started again as `consumer` after
    /// [`REDEPLOY_DOWN_MS`]. How a running Kafka consumer's configuration really changes.
    Redeploy {
        consumer: ResolvedConsumer,
    },
    /// The producer application changes its send rate and keys from now on.
    ConfigureProducer {
        producer: String,
        /// None: unchanged.
        records_per_sec: Option<u32>,
        /// None: unchanged; Some(None): key-less from now on.
        keys: Option<Option<Vec<String>>>,
        /// Producer properties for the replacement producer (empty: none).
        #[serde(default)]
        config: BTreeMap<String, serde_json::Value>,
    },
    /// A broker's process dies (no controlled shutdown).
    KillBroker {
        broker: u32,
    },
    RestartBroker {
        broker: u32,
    },
    /// The network loses the next produce response to this producer.
    DropResponse {
        producer: String,
    },
    /// The broker's replica fetchers stop for `for_ms`.
    PauseReplication {
        broker: u32,
        for_ms: u64,
    },
    BeginTxn {
        producer: String,
    },
    /// commitTransaction() (commit) or abortTransaction().
    EndTxn {
        producer: String,
        commit: bool,
    },
}

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
    fn schedule(&mut self, at_ms: u64, event: Event) {
        debug_assert!(at_ms >= self.now_ms, "events are never scheduled in the past");
        let seq = self.next_seq;
        self.next_seq += 1;
        self.queue.insert((at_ms.max(self.now_ms), seq), event);
    }

    fn one_way_ms(&self) -> u64 {
        self.rtt_ms / 2
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

    fn ensure_group(&mut self, group_id: &str) {
        if !self.world.groups.contains_key(group_id) {
            let broker = self.world.cluster.coordinator_broker(group_id);
            let group = Group {
                coordinator: Coordinator::new(group_id, broker),
                ledger: Ledger::default(),
            };
            self.world.groups.insert(group_id.to_string(), group);
        }
    }

    pub fn now_ms(&self) -> u64 {
        self.world.now_ms
    }

    pub fn next_event_ms(&self) -> Option<u64> {
        self.world.queue.keys().next().map(|&(t, _)| t)
    }

    /// Schedules a user action at `at_ms` (not before the current time).
    pub fn schedule_action(&mut self, at_ms: u64, action: Action) {
        let at = at_ms.max(self.world.now_ms);
        self.world.schedule(at, Event::Action(Box::new(action)));
    }

    /// Runs every event due at or before `until_ms`. Returns how many ran.
    pub fn run_until(&mut self, until_ms: u64) -> u64 {
        let mut ran = 0;
        while self.next_event_ms().is_some_and(|t| t <= until_ms) {
            self.step();
            ran += 1;
        }
        ran
    }

    /// Processes the next event; false if there is none.
    pub fn step(&mut self) -> bool {
        let Some(((at_ms, _), event)) = self.world.queue.pop_first() else {
            return false;
        };
        assert!(at_ms >= self.world.now_ms, "time never goes backwards");
        self.world.now_ms = at_ms;
        self.world.steps += 1;
        let mut fx = Effects::new(at_ms);
        self.handle(event, &mut fx);
        self.apply(fx);
        self.start_redeployed();
        self.resume_producers();
        true
    }

    /// A producer application whose blocked send() or get() returned sends its next record.
    fn resume_producers(&mut self) {
        let now = self.world.now_ms;
        let mut due = Vec::new();
        for (id, p) in self.world.producers.iter_mut() {
            if p.take_resumed() {
                if let Some(at) = p.send_time_ms(p.sent) {
                    due.push((at.max(now), id.clone(), p.tick_epoch));
                }
            }
        }
        for (at, producer, epoch) in due {
            self.world.schedule(at, Event::ProducerTick { producer, epoch });
        }
    }

    /// Starts every redeployed consumer whose old process is down (closed, crashed or failed).
    fn start_redeployed(&mut self) {
        if self.world.redeploys.is_empty() {
            return;
        }
        let down: Vec<String> = self
            .world
            .redeploys
            .keys()
            .filter(|id| self.world.consumers.get(*id).is_none_or(|c| !c.is_running()))
            .cloned()
            .collect();
        for id in down {
            if let Some(spec) = self.world.redeploys.remove(&id) {
                let down_ms = self.world.redeploy_down_ms.remove(&id).unwrap_or(REDEPLOY_DOWN_MS);
                let at = self.world.now_ms + down_ms;
                self.world.schedule(at, Event::Action(Box::new(Action::Start { consumer: spec })));
            }
        }
    }

    /// The consumer an event is delivered to, if it is one.
    fn event_consumer(event: &Event) -> Option<&str> {
        match event {
            Event::ConsumerTimer { consumer, .. } => Some(consumer),
            Event::Deliver(message) => match &**message {
                Message::FromCoordinator { consumer, .. } | Message::FetchResponse { consumer, .. } => Some(consumer),
                _ => None,
            },
            _ => None,
        }
    }

    fn handle(&mut self, event: Event, fx: &mut Effects) {
        // A frozen process (pause_heartbeats) handles nothing until it thaws: its events wait,
        // in order.
        if let Some(id) = Self::event_consumer(&event) {
            if let Some(c) = self.world.consumers.get(id) {
                if c.frozen_until_ms > fx.now_ms {
                    let at = c.frozen_until_ms;
                    self.world.schedule(at, event);
                    return;
                }
            }
        }
        let world = &mut self.world;
        match event {
            Event::ProducerTick { producer, epoch } => {
                let Some(p) = world.producers.get_mut(&producer) else { return };
                if p.tick_epoch != epoch || p.app_waiting {
                    return;
                }
                match p.send_next(&world.cluster, &mut world.rng, fx) {
                    SendOutcome::Continue => {
                        // Behind schedule (after a blocked send or get()): the next goes at once.
                        if let Some(at) = p.send_time_ms(p.sent) {
                            world.schedule(at.max(fx.now_ms), Event::ProducerTick { producer, epoch });
                        }
                    }
                    SendOutcome::Waiting => p.app_waiting = true,
                }
            }
            Event::ProducerTimer { producer, timer } => {
                let Some(p) = world.producers.get_mut(&producer) else { return };
                match timer {
                    ProducerTimer::SenderWake => p.on_wake(&world.cluster, fx),
                    ProducerTimer::RequestTimeout { request_id } => {
                        if let Some(broker) = p.in_flight.iter().find(|r| r.request_id == request_id).map(|r| r.broker) {
                            world.stalled_connections.remove(&(producer.clone(), broker));
                            // The client closes the connection: requests the broker had not
                            // read yet (queued behind a waiting one) are gone with it.
                            world.cluster.connection_queues.remove(&(producer.clone(), broker));
                            p.on_disconnect(broker, Some(request_id), &world.cluster, &mut world.rng, fx);
                        }
                    }
                    ProducerTimer::BlockTimeout { record } => {
                        p.on_block_timeout(record, fx);
                    }
                }
            }
            Event::ClusterTimer(timer) => match timer {
                ClusterTimer::ReplicaFetch { tp, leader_epoch, end_offset } => world.cluster.replica_fetch(&tp, leader_epoch, end_offset, fx),
                ClusterTimer::BrokerSessionExpiry { broker, life } => world.cluster.fence_broker(broker, life, fx),
                ClusterTimer::ProduceTimeout { broker, producer, request_id } => world.cluster.expire_produce(broker, &producer, request_id, fx),
                ClusterTimer::TxnTimeout { transactional_id, number } => world.cluster.txn_timeout(&transactional_id, number, fx),
                ClusterTimer::IsrExpiry => world.cluster.expire_isr(fx),
                ClusterTimer::ReplicationResumed { broker, until_ms } => world.cluster.resume_replication(broker, until_ms, fx),
            },
            Event::Deliver(message) => self.deliver(*message, fx),
            Event::ConsumerTimer { consumer, incarnation, timer } => {
                let world = &mut self.world;
                let Some(c) = world.consumers.get_mut(&consumer) else { return };
                if c.incarnation != incarnation || !c.is_running() {
                    return;
                }
                match timer {
                    ConsumerTimer::ProcessDone { epoch } => c.on_process_done(epoch, &world.cluster, fx),
                    ConsumerTimer::PollWake { epoch } => c.on_poll_wake(epoch, &world.cluster, fx),
                    ConsumerTimer::Heartbeat { epoch } => c.on_heartbeat_tick(epoch, fx),
                    ConsumerTimer::StallEnd => c.on_stall_end(&world.cluster, fx),
                    ConsumerTimer::Thaw => {
                        fx.trace(TraceEvent::ConsumerThawed {
                            consumer: consumer.clone(),
                            group_id: c.spec.group_id.clone(),
                        });
                    }
                }
            }
            Event::CoordinatorTimer { group_id, timer } => {
                if let Some(group) = world.groups.get_mut(&group_id) {
                    group.coordinator.on_timer(timer, fx);
                }
            }
            Event::FetchExpiry {
                broker,
                consumer,
                incarnation,
                fetch_id,
            } => {
                let index = world
                    .cluster
                    .parked_fetches
                    .iter()
                    .position(|f| f.broker == broker && f.consumer == consumer && f.incarnation == incarnation && f.fetch_id == fetch_id);
                if let Some(i) = index {
                    let fetch = world.cluster.parked_fetches.remove(i);
                    let partitions = read_fetch(&world.cluster, &fetch);
                    fx.send(Message::FetchResponse {
                        broker,
                        consumer,
                        incarnation,
                        partitions,
                    });
                }
            }
            Event::Action(action) => self.act(*action, fx),
        }
    }

    fn act(&mut self, action: Action, fx: &mut Effects) {
        match action {
            Action::Start { consumer } => {
                if self.world.consumers.get(&consumer.id).is_some_and(|c| c.is_running()) {
                    return;
                }
                let group_id = consumer.group_id.clone();
                self.ensure_group(&group_id);
                let broker = self.world.groups[&group_id].coordinator.broker;
                let id = consumer.id.clone();
                let mut c = Consumer::new(consumer, broker, fx.now_ms);
                if let Some(old) = self.world.consumers.get(&id) {
                    c.incarnation = old.incarnation + 1;
                }
                if !self.world.consumer_order.contains(&id) {
                    self.world.consumer_order.push(id.clone());
                }
                c.start(&self.world.cluster, fx);
                if let Some(topic) = c.spec.produce_to.clone() {
                    // Its transactional producer (transactional.id = the consumer id): a new
                    // instance fences the previous one and aborts what it left open.
                    let pid = c.output_producer();
                    let spec = crate::model::scenario::ProducerSpec {
                        id: pid.clone(),
                        topic,
                        records_per_sec: 0,
                        keys: None,
                        start_ms: fx.now_ms,
                        partition: None,
                        config: BTreeMap::from([("transactional.id".to_string(), serde_json::Value::String(id.clone()))]),
                        value_bytes: None,
                        send: crate::model::scenario::SendMode::Async,
                        transaction_records: None,
                    };
                    let mut p = Producer::new(spec);
                    if let Some(old) = self.world.producers.get(&pid) {
                        p.next_request_id = old.next_request_id;
                        p.next_batch_id = old.next_batch_id;
                        p.sent = old.sent;
                        p.stats = old.stats.clone();
                    }
                    p.consumer = Some((id.clone(), c.incarnation));
                    p.run_sender(&self.world.cluster, fx);
                    self.world.producers.insert(pid, p);
                }
                self.world.consumers.insert(id, c);
            }
            Action::Close { consumer } => {
                if let Some(c) = self.world.consumers.get_mut(&consumer) {
                    c.request_close(&self.world.cluster, fx);
                }
            }
            Action::Crash { consumer } => self.crash(&consumer, fx),
            Action::Restart { consumer, down_ms, graceful } => {
                let Some(c) = self.world.consumers.get_mut(&consumer) else { return };
                if !c.is_running() {
                    return;
                }
                let spec = c.spec.clone();
                if graceful {
                    // A rolling deploy: close() (its last commit, revocation and, for a dynamic
                    // member, LeaveGroup), and the new process starts once the old one is down.
                    self.world.redeploy_down_ms.insert(consumer.clone(), down_ms);
                    self.world.redeploys.insert(consumer, spec);
                    c.request_close(&self.world.cluster, fx);
                    return;
                }
                self.crash(&consumer, fx);
                self.world
                    .schedule(fx.now_ms + down_ms, Event::Action(Box::new(Action::Start { consumer: spec })));
            }
            Action::Stall { consumer, for_ms } => {
                if let Some(c) = self.world.consumers.get_mut(&consumer) {
                    c.stall(for_ms, fx);
                }
            }
            Action::Resume { consumer } => {
                if let Some(c) = self.world.consumers.get_mut(&consumer) {
                    c.resume(&self.world.cluster, fx);
                }
            }
            Action::PauseHeartbeats { consumer, for_ms } => {
                let Some(c) = self.world.consumers.get_mut(&consumer) else { return };
                if !c.is_running() {
                    return;
                }
                let until = fx.now_ms + for_ms;
                c.frozen_until_ms = c.frozen_until_ms.max(until);
                fx.trace(TraceEvent::ConsumerFrozen {
                    consumer: consumer.clone(),
                    group_id: c.spec.group_id.clone(),
                    until_ms: c.frozen_until_ms,
                });
                let timer = Effect::ConsumerTimer {
                    at_ms: c.frozen_until_ms,
                    consumer,
                    incarnation: c.incarnation,
                    timer: ConsumerTimer::Thaw,
                };
                fx.list.push(timer);
            }
            Action::AddPartitions { topic, partitions } => {
                let from = self.world.cluster.add_partitions(&topic, partitions);
                if from < partitions {
                    fx.trace(TraceEvent::PartitionsAdded { topic, from, to: partitions });
                }
            }
            Action::Configure {
                consumer,
                processing_ms_per_record,
                config,
            } => {
                if let Some(c) = self.world.consumers.get_mut(&consumer) {
                    c.configure(processing_ms_per_record, &config, fx);
                }
            }
            Action::Redeploy { consumer: spec } => {
                let id = spec.id.clone();
                let changes = self
                    .world
                    .consumers
                    .get(&id)
                    .map_or_else(Vec::new, |c| crate::model::scenario::spec_changes(&c.spec, &spec));
                fx.trace(TraceEvent::ConsumerRedeploying {
                    consumer: id.clone(),
                    group_id: spec.group_id.clone(),
                    changes,
                });
                self.world.redeploys.insert(id.clone(), spec);
                if let Some(c) = self.world.consumers.get_mut(&id) {
                    let cluster = &self.world.cluster;
                    c.request_close(cluster, fx);
                }
            }
            Action::ConfigureProducer {
                producer,
                records_per_sec,
                keys,
                config,
            } => {
                if let Some(p) = self.world.producers.get_mut(&producer) {
                    // Validated for scenarios; from elsewhere a bad value changes nothing.
                    let changes = p.replace_config(&config).unwrap_or_default();
                    let rate = records_per_sec.unwrap_or(p.spec.records_per_sec);
                    let keys = keys.unwrap_or_else(|| p.spec.keys.clone());
                    let next = p.reconfigure(rate, keys, fx.now_ms);
                    let epoch = p.tick_epoch;
                    fx.trace(TraceEvent::ProducerConfigured {
                        producer: producer.clone(),
                        records_per_sec: rate,
                        keys: p.spec.keys.clone(),
                        config: changes,
                    });
                    if let Some(at) = next {
                        if !p.app_waiting {
                            self.world.schedule(at, Event::ProducerTick { producer, epoch });
                        }
                    }
                }
            }
            Action::KillBroker { broker } => {
                let (_, fetches) = self.world.cluster.kill_broker(broker, fx);
                // Clients see their connections to it drop.
                for (id, p) in &self.world.producers {
                    if p.in_flight.iter().any(|r| r.broker == broker) {
                        fx.send(Message::Disconnected { producer: id.clone(), broker });
                    }
                }
                for fetch in fetches {
                    self.fail_fetch(fetch.broker, fetch.consumer, fetch.incarnation, &fetch.partitions);
                }
            }
            Action::RestartBroker { broker } => {
                let rtt = self.world.rtt_ms;
                self.world.cluster.restart_broker(broker, rtt, fx);
            }
            Action::DropResponse { producer } => {
                *self.world.drop_responses.entry(producer).or_default() += 1;
            }
            Action::PauseReplication { broker, for_ms } => {
                if broker < self.world.cluster.brokers {
                    self.world.cluster.pause_replication(broker, for_ms, fx);
                }
            }
            Action::BeginTxn { producer } => {
                if let Some(p) = self.world.producers.get_mut(&producer) {
                    p.begin_txn(fx);
                }
            }
            Action::EndTxn { producer, commit } => {
                let world = &mut self.world;
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.end_txn(commit, &world.cluster, fx);
                }
            }
        }
    }

    /// A fetch to a broker that is down: the consumer notices after its reconnect backoff and
    /// fetches again, from whatever leader metadata names then.
    fn fail_fetch(&mut self, broker: u32, consumer: String, incarnation: u32, partitions: &[crate::model::protocol::FetchPartition]) {
        let parts = partitions
            .iter()
            .map(|p| FetchedPartition {
                tp: p.tp.clone(),
                fetch_offset: p.offset,
                error: Some(KafkaError::NotLeaderOrFollower),
                high_watermark: 0,
                last_stable_offset: 0,
                log_start_offset: 0,
                records: Vec::new(),
                skipped_to: None,
                leader_epoch: 0,
                diverging_end: None,
            })
            .collect();
        let at = self.world.now_ms + RECONNECT_BACKOFF_MS;
        self.world.schedule(
            at,
            Event::Deliver(Box::new(Message::FetchResponse {
                broker,
                consumer,
                incarnation,
                partitions: parts,
            })),
        );
    }

    fn crash(&mut self, consumer: &str, fx: &mut Effects) {
        if let Some(c) = self.world.consumers.get_mut(consumer) {
            c.crash(fx);
            c.frozen_until_ms = 0;
            // Its transactional producer lives in the same process.
            if c.spec.produce_to.is_some() {
                let producer = c.output_producer();
                if let Some(p) = self.world.producers.get_mut(&producer) {
                    p.stop();
                }
            }
        }
        // A dead process's parked fetches are answered into the void; drop them now.
        let incarnations: BTreeMap<String, u32> = self.world.consumers.iter().map(|(k, c)| (k.clone(), c.incarnation)).collect_tree();
        self.world
            .cluster
            .parked_fetches
            .retain(|f| incarnations.get(&f.consumer) == Some(&f.incarnation));
    }

    fn deliver(&mut self, message: Message, fx: &mut Effects) {
        let world = &mut self.world;
        match message {
            Message::ToCoordinator {
                group_id,
                consumer,
                incarnation,
                request,
            } => {
                if let Some(group) = world.groups.get_mut(&group_id) {
                    group.coordinator.handle(&consumer, incarnation, request, &world.cluster, &mut world.rng, fx);
                }
            }
            Message::FromCoordinator {
                consumer,
                incarnation,
                response,
            } => {
                let Some(c) = world.consumers.get_mut(&consumer) else { return };
                if c.incarnation == incarnation && c.is_running() {
                    c.on_coordinator_response(response, &world.cluster, fx);
                }
            }
            Message::FetchRequest {
                broker,
                consumer,
                incarnation,
                fetch_id,
                max_wait_ms,
                max_partition_bytes,
                partitions,
                read_committed,
            } => {
                if !world.cluster.is_up(broker) {
                    self.fail_fetch(broker, consumer, incarnation, &partitions);
                    return;
                }
                let fetch = ParkedFetch {
                    fetch_id,
                    broker,
                    consumer,
                    incarnation,
                    max_partition_bytes,
                    partitions,
                    read_committed,
                };
                let result = read_fetch(&world.cluster, &fetch);
                let has_data = result.iter().any(|p| !p.records.is_empty() || p.error.is_some() || p.skipped_to.is_some());
                if has_data || max_wait_ms == 0 {
                    fx.send(Message::FetchResponse {
                        broker,
                        consumer: fetch.consumer,
                        incarnation,
                        partitions: result,
                    });
                } else {
                    let expiry = Event::FetchExpiry {
                        broker,
                        consumer: fetch.consumer.clone(),
                        incarnation,
                        fetch_id,
                    };
                    world.cluster.parked_fetches.push(fetch);
                    world.schedule(fx.now_ms + max_wait_ms, expiry);
                }
            }
            Message::FetchResponse {
                broker,
                consumer,
                incarnation,
                partitions,
            } => {
                let Some(c) = world.consumers.get_mut(&consumer) else { return };
                if c.incarnation == incarnation && c.is_running() {
                    c.on_fetch_response(broker, partitions, &world.cluster, fx);
                }
            }
            Message::ProduceRequest {
                broker,
                producer,
                request_id,
                acks,
                timeout_ms,
                batches,
            } => {
                if !world.cluster.is_up(broker) {
                    // Connection refused: the producer notices one way later (with acks=0 its
                    // batches are already "done": only the simulation counts them lost).
                    if acks == crate::model::producer_config::Acks::Zero {
                        let records: u64 = batches.iter().map(|b| b.records.len() as u64).sum();
                        if let Some(p) = world.producers.get_mut(&producer) {
                            p.stats.fire_and_forget_lost += records;
                        }
                    }
                    fx.send(Message::Disconnected { producer, broker });
                    return;
                }
                let rtt = world.rtt_ms;
                world.cluster.handle_produce(broker, &producer, request_id, acks, timeout_ms, batches, rtt, fx);
            }
            Message::ProduceResponse {
                broker,
                producer,
                request_id,
                results,
            } => {
                // Responses on one connection arrive in order: behind a lost one, the others wait
                // too, until the client's request.timeout.ms closes the connection.
                if world.stalled_connections.contains(&(producer.clone(), broker)) {
                    return;
                }
                if let Some(n) = world.drop_responses.get_mut(&producer).filter(|n| **n > 0) {
                    *n -= 1;
                    world.stalled_connections.insert((producer.clone(), broker));
                    fx.trace(TraceEvent::ProduceResponseDropped { producer, broker, request_id });
                    return;
                }
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_produce_response(request_id, &results, &world.cluster, &mut world.rng, fx);
                }
            }
            Message::Disconnected { producer, broker } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_disconnect(broker, None, &world.cluster, &mut world.rng, fx);
                }
            }
            Message::InitProducerId {
                broker: _,
                producer,
                transactional_id,
                transaction_timeout_ms,
            } => {
                let (producer_id, epoch) = match &transactional_id {
                    Some(tid) => world.cluster.init_transactional(tid, &producer, transaction_timeout_ms, fx),
                    None => world.cluster.init_producer_id(None),
                };
                fx.send(Message::InitProducerIdResponse { producer, producer_id, epoch });
            }
            Message::AddPartitionsToTxn {
                broker: _,
                producer,
                transactional_id,
                producer_id,
                epoch,
                partitions,
            } => {
                let error = world.cluster.add_partitions_to_txn(&transactional_id, producer_id, epoch, &partitions, fx);
                fx.send(Message::AddPartitionsToTxnResponse { producer, partitions, error });
            }
            Message::AddPartitionsToTxnResponse { producer, partitions, error } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_partitions_added(&partitions, error, &world.cluster, fx);
                }
            }
            Message::EndTxn {
                broker: _,
                producer,
                transactional_id,
                producer_id,
                epoch,
                commit,
            } => {
                let error = world.cluster.end_txn(&transactional_id, producer_id, epoch, commit, fx);
                fx.send(Message::EndTxnResponse { producer, commit, error });
            }
            Message::EndTxnResponse { producer, commit, error } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_txn_ended(commit, error, &world.cluster, fx);
                }
            }
            Message::InitProducerIdResponse { producer, producer_id, epoch } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_producer_id(producer_id, epoch, &world.cluster, fx);
                    p.resume_outputs(&world.cluster, &mut world.rng, fx);
                }
            }
            Message::AddOffsetsToTxn {
                producer,
                transactional_id,
                producer_id,
                epoch,
                group_id,
            } => {
                let error = world.cluster.add_offsets_to_txn(&transactional_id, producer_id, epoch, &group_id, fx);
                fx.send(Message::AddOffsetsToTxnResponse { producer, error });
            }
            Message::AddOffsetsToTxnResponse { producer, error } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_offsets_added(error, &world.cluster, fx);
                }
            }
            Message::TxnOffsetCommit {
                group_id,
                producer,
                consumer,
                producer_id,
                member_id,
                generation,
                offsets,
            } => {
                let error = match world.groups.get_mut(&group_id) {
                    Some(g) => g.coordinator.txn_offset_commit(&consumer, producer_id, &member_id, generation, offsets),
                    None => Some(KafkaError::CoordinatorNotAvailable),
                };
                fx.send(Message::TxnOffsetCommitResponse { producer, error });
            }
            Message::TxnOffsetCommitResponse { producer, error } => {
                if let Some(p) = world.producers.get_mut(&producer) {
                    p.on_txn_offsets_committed(error, &world.cluster, fx);
                }
            }
            Message::TxnCommitted {
                consumer,
                incarnation,
                committed,
            } => {
                let Some(c) = world.consumers.get_mut(&consumer) else { return };
                if c.incarnation == incarnation && c.is_running() {
                    c.on_txn_committed(committed, &world.cluster, fx);
                }
            }
        }
    }

    /// Performs effects: messages get the network latency, timers go on the queue, trace
    /// entries are appended (and feed the ledgers).
    fn apply(&mut self, fx: Effects) {
        let now = fx.now_ms;
        for effect in fx.list {
            match effect {
                Effect::Send(message) => {
                    let at = now + self.world.one_way_ms();
                    self.world.schedule(at, Event::Deliver(Box::new(message)));
                }
                Effect::ConsumerTimer {
                    at_ms,
                    consumer,
                    incarnation,
                    timer,
                } => {
                    self.world.schedule(at_ms, Event::ConsumerTimer { consumer, incarnation, timer });
                }
                Effect::CoordinatorTimer { at_ms, group_id, timer } => {
                    self.world.schedule(at_ms, Event::CoordinatorTimer { group_id, timer });
                }
                Effect::ProducerTimer { at_ms, producer, timer } => {
                    self.world.schedule(at_ms, Event::ProducerTimer { producer, timer });
                }
                Effect::ClusterTimer { at_ms, timer } => {
                    self.world.schedule(at_ms, Event::ClusterTimer(timer));
                }
                Effect::DataAvailable(tp) => self.answer_parked_fetches(&tp),
                Effect::BatchWritten {
                    producer,
                    batch_id,
                    base_offset,
                } => {
                    let world = &mut self.world;
                    if let Some(p) = world.producers.get_mut(&producer) {
                        p.on_batch_written(batch_id, base_offset, &world.cluster);
                    }
                }
                Effect::ConsumerOutput { producer, key, value } => {
                    let world = &mut self.world;
                    if let Some(p) = world.producers.get_mut(&producer) {
                        let mut fx = Effects::new(now);
                        p.send_output(key, value, &world.cluster, &mut world.rng, &mut fx);
                        self.apply(fx);
                    }
                }
                Effect::CommitTransaction {
                    producer,
                    consumer,
                    incarnation: _,
                    group_id,
                    member_id,
                    generation,
                    offsets,
                } => {
                    let world = &mut self.world;
                    if let Some(p) = world.producers.get_mut(&producer) {
                        let mut fx = Effects::new(now);
                        let offsets = crate::model::producer::TxnOffsets {
                            group_id,
                            consumer,
                            member_id,
                            generation,
                            offsets,
                            sent: false,
                        };
                        p.commit_with_offsets(offsets, &world.cluster, &mut world.rng, &mut fx);
                        self.apply(fx);
                    }
                }
                Effect::TxnOffsetsComplete { group_id, producer_id, commit } => {
                    if let Some(g) = self.world.groups.get_mut(&group_id) {
                        let mut fx = Effects::new(now);
                        g.coordinator.complete_txn_offsets(producer_id, commit, &mut fx);
                        self.apply(fx);
                    }
                }
                Effect::FireAndForgetLost { producer, records } => {
                    if let Some(p) = self.world.producers.get_mut(&producer) {
                        p.stats.fire_and_forget_lost += records;
                    }
                }
                Effect::Truncated {
                    tp,
                    from_offset,
                    to_offset,
                    removed,
                } => {
                    let mut acked_lost = 0;
                    let mut fire_and_forget_lost = 0;
                    for (id, p) in self.world.producers.iter_mut() {
                        if *p.spec.topic == *tp.topic {
                            acked_lost += p.on_truncated(tp.partition, from_offset, to_offset);
                            if p.config.acks == crate::model::producer_config::Acks::Zero {
                                let n = removed.get(id).copied().unwrap_or(0);
                                p.stats.fire_and_forget_lost += n;
                                fire_and_forget_lost += n;
                            }
                        }
                    }
                    for g in self.world.groups.values_mut() {
                        g.ledger.truncate(&tp, from_offset);
                    }
                    self.trace.push(TraceEntry {
                        at_ms: now,
                        event: TraceEvent::RecordsTruncated {
                            tp,
                            from_offset,
                            to_offset,
                            acked_lost,
                            fire_and_forget_lost,
                        },
                    });
                }
                Effect::Trace(event) => {
                    self.update_ledger(&event);
                    self.trace.push(TraceEntry { at_ms: now, event });
                }
            }
        }
    }

    /// A partition's readable end moved: fetches parked on it are answered now.
    fn answer_parked_fetches(&mut self, tp: &TopicPartition) {
        let world = &mut self.world;
        let (waiting, parked): (Vec<ParkedFetch>, Vec<ParkedFetch>) = std::mem::take(&mut world.cluster.parked_fetches)
            .into_iter()
            .partition(|f| f.partitions.iter().any(|p| &p.tp == tp));
        world.cluster.parked_fetches = parked;
        for fetch in waiting {
            let partitions = read_fetch(&world.cluster, &fetch);
            let at = world.now_ms + world.one_way_ms();
            world.schedule(
                at,
                Event::Deliver(Box::new(Message::FetchResponse {
                    broker: fetch.broker,
                    consumer: fetch.consumer,
                    incarnation: fetch.incarnation,
                    partitions,
                })),
            );
        }
    }

    fn update_ledger(&mut self, event: &TraceEvent) {
        let group_of = |consumer: &str| self.world.consumers.get(consumer).map(|c| c.spec.group_id.clone());
        match event {
            TraceEvent::Processed { group_id, tp, offset, .. } => {
                if let Some(g) = self.world.groups.get_mut(group_id) {
                    g.ledger.record_processed(tp, *offset);
                }
            }
            TraceEvent::PositionFromCommitted { consumer, tp, offset } | TraceEvent::OffsetReset { consumer, tp, offset, .. } => {
                if let Some(group_id) = group_of(consumer) {
                    if let Some(g) = self.world.groups.get_mut(&group_id) {
                        g.ledger.record_origin(tp, *offset);
                    }
                }
            }
            _ => {}
        }
    }

    pub fn trace_hash(&self) -> String {
        trace_hash(&self.trace)
    }

    /// Hash of the whole state: world and trace.
    pub fn state_hash(&self) -> String {
        let mut h = Fnv64::default();
        h.write(&serde_json::to_vec(&self.world).expect("the world always serializes"));
        h.write(self.trace_hash().as_bytes());
        h.hex()
    }

    // ---- metrics -------------------------------------------------------------------------

    /// Group lag per partition (kafka-consumer-groups): high watermark − committed offset.
    pub fn group_lag(&self, group_id: &str, tp: &TopicPartition) -> Option<u64> {
        let committed = *self.world.groups.get(group_id)?.coordinator.committed.get(tp)?;
        let hw = self.world.cluster.log(tp)?.high_watermark;
        Some(hw.saturating_sub(committed))
    }

    /// Whether an offset is never given to a group's consumers: a transaction marker, or for a
    /// read_committed group a record of an aborted transaction.
    pub fn never_delivered(&self, group_id: &str, tp: &TopicPartition, offset: u64) -> bool {
        let Some(log) = self.world.cluster.log(tp) else { return false };
        let Some(record) = log.record(offset) else { return false };
        let read_committed = self
            .world
            .consumers
            .values()
            .any(|c| c.spec.group_id == group_id && c.spec.config.read_committed);
        record.control.is_some() || (read_committed && log.is_aborted(record))
    }

    /// Offsets of a partition a group committed past without processing them (markers and, for
    /// read_committed, aborted records excepted).
    pub fn group_lost(&self, group_id: &str, tp: &TopicPartition) -> u64 {
        let Some(group) = self.world.groups.get(group_id) else { return 0 };
        let committed = group.coordinator.committed.get(tp).copied().unwrap_or(0);
        // Records a running consumer holds, returned by poll() and not yet processed, are not
        // lost (yet): committing before processing puts them below the committed offset for
        // the length of a batch.
        let in_hand: Vec<u64> = self
            .world
            .consumers
            .values()
            .filter(|c| c.spec.group_id == group_id && c.status == ConsumerStatus::Running)
            .flat_map(|c| c.in_hand(tp))
            .collect();
        group
            .ledger
            .lost_skipping(tp, committed, |offset| in_hand.contains(&offset) || self.never_delivered(group_id, tp, offset))
    }

    /// Which running consumer of a group currently owns a partition.
    pub fn owner_of(&self, group_id: &str, tp: &TopicPartition) -> Option<&Consumer> {
        self.world
            .consumers
            .values()
            .find(|c| c.spec.group_id == group_id && c.status == ConsumerStatus::Running && c.assigned.contains(tp))
    }

    /// A group's running consumers, in the order they first started.
    pub fn running_members(&self, group_id: &str) -> Vec<&Consumer> {
        self.world
            .consumer_order
            .iter()
            .filter_map(|id| self.world.consumers.get(id))
            .filter(|c| c.spec.group_id == group_id && c.is_running())
            .collect()
    }

    /// Topics a group reads (union of its consumers' subscriptions).
    pub fn group_topics(&self, group_id: &str) -> Vec<String> {
        let mut topics: Vec<String> = self
            .world
            .consumers
            .values()
            .filter(|c| c.spec.group_id == group_id)
            .flat_map(|c| c.spec.subscribe.clone())
            .collect();
        crate::model::sort::sort(&mut topics);
        topics.dedup();
        topics
    }
}

/// What a broker answers for a fetch right now.
fn read_fetch(cluster: &Cluster, fetch: &ParkedFetch) -> Vec<FetchedPartition> {
    fetch
        .partitions
        .iter()
        .filter_map(|p| {
            let log = cluster.log(&p.tp)?;
            if log.leader != Some(fetch.broker) {
                let mut moved = log.read(&p.tp, p.offset, 0, false);
                moved.records.clear();
                moved.skipped_to = None;
                moved.error = Some(KafkaError::NotLeaderOrFollower);
                return Some(moved);
            }
            if let Some(epoch) = p.last_fetched_epoch.filter(|e| *e < log.leader_epoch) {
                let end = log.end_offset_for_epoch(epoch);
                if end < p.offset {
                    let mut diverged = log.read(&p.tp, p.offset.min(log.log_end_offset()), 0, false);
                    diverged.records.clear();
                    diverged.skipped_to = None;
                    diverged.fetch_offset = p.offset;
                    diverged.diverging_end = Some(end);
                    return Some(diverged);
                }
            }
            Some(log.read(&p.tp, p.offset, fetch.max_partition_bytes, fetch.read_committed))
        })
        .collect()
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
