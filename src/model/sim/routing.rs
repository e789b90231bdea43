//! Routing messages: a request or response reaches its broker, coordinator, consumer or producer
//! (or fails on the way); fetches parked at a broker are answered when data arrives.

use crate::model::cluster::state::{Cluster, ParkedFetch};
use crate::model::consumer::Consumer;
use crate::model::effects::Effects;
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{FetchedPartition, KafkaError, Message};
use crate::model::sim::world::{Event, Simulation, RECONNECT_BACKOFF_MS};
use crate::model::trace::TraceEvent;
use std::collections::BTreeMap;

impl Simulation {
    /// A fetch to a broker that is down: the consumer notices after its reconnect backoff and
    /// fetches again, from whatever leader metadata names then.
    pub(super) fn fail_fetch(&mut self, broker: u32, consumer: String, incarnation: u32, partitions: &[crate::model::protocol::FetchPartition]) {
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

    pub(super) fn deliver(&mut self, message: Message, fx: &mut Effects) {
        let world = &mut self.world;
        match message {
            Message::ToCoordinator {
                group_id,
                consumer,
                incarnation,
                connection,
                request,
            } => {
                if let Some(group) = world.groups.get_mut(&group_id) {
                    if !world.cluster.is_up(group.coordinator.broker) {
                        fx.send(Message::CoordinatorUnreachable {
                            consumer,
                            incarnation,
                            request,
                        });
                        return;
                    }
                    let from = (consumer.as_str(), incarnation, connection);
                    group.coordinator.handle_on(from, request, &world.cluster, &mut world.rng, fx);
                }
            }
            Message::FromCoordinator {
                consumer,
                incarnation,
                response,
            } => {
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
                    c.on_coordinator_response(response, &world.cluster, fx);
                }
            }
            Message::FindCoordinator {
                broker,
                group_id,
                consumer,
                incarnation,
            } => {
                // A coordinator whose broker is down is not available (until the controller moves
                // the leadership of the group's __consumer_offsets partition).
                let coordinator = Some(world.cluster.coordinator_broker(&group_id)).filter(|c| world.cluster.is_up(broker) && world.cluster.is_up(*c));
                fx.send(Message::FindCoordinatorResponse {
                    consumer,
                    incarnation,
                    coordinator,
                });
            }
            Message::CoordinatorDisconnected { consumer, incarnation } => {
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
                    c.on_coordinator_disconnected(&world.cluster, fx);
                }
            }
            Message::CoordinatorUnreachable {
                consumer,
                incarnation,
                request,
            } => {
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
                    c.on_coordinator_unreachable(request, &world.cluster, fx);
                }
            }
            Message::FindCoordinatorResponse {
                consumer,
                incarnation,
                coordinator,
            } => {
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
                    c.on_find_coordinator_response(coordinator, &world.cluster, fx);
                }
            }
            Message::FetchRequest {
                broker,
                consumer,
                incarnation,
                fetch_id,
                max_wait_ms,
                min_bytes,
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
                    min_bytes,
                    partitions,
                    read_committed,
                };
                let result = read_fetch(&world.cluster, &fetch);
                if fetch_ready(&result, min_bytes) || max_wait_ms == 0 {
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
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
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
                        fx.list.push(crate::model::effects::Effect::FireAndForgetLost {
                            producer: producer.clone(),
                            broker,
                            records,
                            error: None,
                        });
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
                if let Some(c) = live_consumer(&mut world.consumers, &consumer, incarnation) {
                    c.on_txn_committed(committed, &world.cluster, fx);
                }
            }
        }
    }

    /// A partition's readable end moved: fetches parked on it are answered now.
    pub(super) fn answer_parked_fetches(&mut self, tp: &TopicPartition) {
        let world = &mut self.world;
        let (waiting, parked): (Vec<ParkedFetch>, Vec<ParkedFetch>) = std::mem::take(&mut world.cluster.parked_fetches)
            .into_iter()
            .partition(|f| f.partitions.iter().any(|p| &p.tp == tp));
        world.cluster.parked_fetches = parked;
        for fetch in waiting {
            let partitions = read_fetch(&world.cluster, &fetch);
            if !fetch_ready(&partitions, fetch.min_bytes) {
                // Not enough bytes yet (fetch.min.bytes): it waits on, until its expiry.
                world.cluster.parked_fetches.push(fetch);
                continue;
            }
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
}

/// The consumer a message is for, if it is the same life of it and still running (a crashed or
/// restarted process never sees answers meant for an earlier one).
fn live_consumer<'a>(consumers: &'a mut BTreeMap<String, Consumer>, id: &str, incarnation: u32) -> Option<&'a mut Consumer> {
    consumers.get_mut(id).filter(|c| c.incarnation == incarnation && c.is_running())
}

/// Whether a broker answers a fetch now (`DelayedFetch.tryComplete`): an error or a move to
/// report, or at least `min_bytes` of records (fetch.min.bytes; any record when it is 0 or 1).
fn fetch_ready(partitions: &[FetchedPartition], min_bytes: u64) -> bool {
    let news = partitions
        .iter()
        .any(|p| p.error.is_some() || p.skipped_to.is_some() || p.diverging_end.is_some());
    let bytes: u64 = partitions.iter().flat_map(|p| &p.records).map(|r| r.size_bytes()).sum();
    news || bytes >= min_bytes.max(1)
}

/// What a broker answers for a fetch right now.
pub(super) fn read_fetch(cluster: &Cluster, fetch: &ParkedFetch) -> Vec<FetchedPartition> {
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
