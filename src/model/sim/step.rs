//! The heart of the simulator: take the next event off the queue, hand it to the part of the
//! world it is for, and perform the effects the transition returns.

use crate::model::effects::{ClusterTimer, ConsumerTimer, Effect, Effects, ProducerTimer};
use crate::model::producer::state::SendOutcome;
use crate::model::protocol::Message;
use crate::model::sim::action::Action;
use crate::model::sim::routing::read_fetch;
use crate::model::sim::world::{Event, Simulation, REDEPLOY_DOWN_MS};
use crate::model::trace::{TraceEntry, TraceEvent};

impl Simulation {
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
                Message::FromCoordinator { consumer, .. }
                | Message::FetchResponse { consumer, .. }
                | Message::FindCoordinatorResponse { consumer, .. }
                | Message::CoordinatorUnreachable { consumer, .. }
                | Message::CoordinatorDisconnected { consumer, .. } => Some(consumer),
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
                ClusterTimer::BrokerSessionExpiry { broker, life } => {
                    let was_fenced = world.cluster.fenced.contains(&broker);
                    world.cluster.fence_broker(broker, life, fx);
                    if !was_fenced && world.cluster.fenced.contains(&broker) {
                        let groups: Vec<String> = world.groups.keys().cloned().collect();
                        for (group_id, leader) in world.cluster.move_offsets_leaders(broker, &groups) {
                            let partition = world.cluster.offsets_partition(&group_id);
                            if let Some(group) = world.groups.get_mut(&group_id) {
                                group.coordinator.move_to(leader, partition, fx);
                            }
                        }
                    }
                    world.offsets_followers_back(fx.now_ms, fx);
                }
                ClusterTimer::ProduceTimeout { broker, producer, request_id } => world.cluster.expire_produce(broker, &producer, request_id, fx),
                ClusterTimer::TxnTimeout { transactional_id, number } => world.cluster.txn_timeout(&transactional_id, number, fx),
                ClusterTimer::IsrExpiry => world.cluster.expire_isr(fx),
                ClusterTimer::ReplicationResumed { broker, until_ms } => {
                    world.cluster.resume_replication(broker, until_ms, fx);
                    // The followers' next fetch, one round trip later, has the commits.
                    world.offsets_followers_back(fx.now_ms + world.rtt_ms, fx);
                }
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
                    ConsumerTimer::FindCoordinatorAgain => c.on_find_coordinator_again(&world.cluster, fx),
                    ConsumerTimer::CommitRetry { offsets, cause } => c.send_commit(offsets, cause, fx),
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
                    // The coordinator's timers live in its broker's memory: while the broker is down
                    // nothing fires; the next leader restarts sessions and rebalances
                    // (`Coordinator::move_to`).
                    if !world.cluster.is_up(group.coordinator.broker) {
                        return;
                    }
                    group.coordinator.on_offsets_log_timer(timer, &world.cluster, &mut world.rng, fx);
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
                        let offsets = crate::model::producer::state::TxnOffsets {
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
                Effect::FireAndForgetLost {
                    producer,
                    broker,
                    records,
                    error,
                } => {
                    if let Some(p) = self.world.producers.get_mut(&producer) {
                        p.stats.fire_and_forget_lost += records;
                    }
                    let event = TraceEvent::FireAndForgetLost {
                        producer,
                        broker,
                        records,
                        error,
                    };
                    self.trace.push(TraceEntry { at_ms: now, event });
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
}
