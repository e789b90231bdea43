//! User actions: starting, stopping, crashing, reconfiguring consumers and producers, failing
//! brokers, adding partitions, as a user or the scenario's action list does them.

use crate::model::consumer::state::Consumer;
use crate::model::effects::{ConsumerTimer, Effect, Effects};
use crate::model::producer::state::Producer;
use crate::model::protocol::Message;
use crate::model::sim::action::Action;
use crate::model::sim::world::{Event, Simulation};
use crate::model::sort::CollectTree as _;
use crate::model::trace::TraceEvent;
use std::collections::BTreeMap;

impl Simulation {
    pub(super) fn act(&mut self, action: Action, fx: &mut Effects) {
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
                    let spec = crate::model::scenario::format::ProducerSpec {
                        id: pid.clone(),
                        topic,
                        records_per_sec: 0,
                        keys: None,
                        start_ms: fx.now_ms,
                        partition: None,
                        config: BTreeMap::from([("transactional.id".to_string(), serde_json::Value::String(id.clone()))]),
                        value_bytes: None,
                        headers: BTreeMap::new(),
                        send: crate::model::scenario::format::SendMode::Async,
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
                    .map_or_else(Vec::new, |c| crate::model::scenario::resolve::spec_changes(&c.spec, &spec));
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
                // Members of the groups it coordinated lose their coordinator connection.
                for c in self.world.consumers.values().filter(|c| c.is_running()) {
                    let coordinated = self.world.groups.get(c.group_id()).is_some_and(|g| g.coordinator.broker == broker);
                    if coordinated {
                        fx.send(Message::CoordinatorDisconnected {
                            consumer: c.id().to_string(),
                            incarnation: c.incarnation,
                        });
                    }
                }
            }
            Action::RestartBroker { broker } => {
                let was_down = !self.world.cluster.is_up(broker);
                let rtt = self.world.rtt_ms;
                self.world.cluster.restart_broker(broker, rtt, fx);
                // Back before the controller moved its groups: it loads them again.
                for (group_id, group) in self.world.groups.iter_mut() {
                    if was_down && group.coordinator.broker == broker {
                        let partition = self.world.cluster.offsets_partition(group_id);
                        group.coordinator.move_to(broker, partition, fx);
                    }
                }
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
}
