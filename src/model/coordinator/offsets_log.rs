//! Offset commits written to `__consumer_offsets` (kafka-behaviour.md §3.1, §5.4): the coordinator
//! appends a commit to the group's partition of that topic with acks=all, so a commit waits
//! for the partition's in-sync followers, at most `offsets.commit.timeout.ms`
//! (REQUEST_TIMED_OUT after it). While it waits, the member's connection is muted: the broker
//! reads that connection's next request only after answering this one.

use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::coordinator::state::{Coordinator, ParkedCommit};
use crate::model::effects::{CoordinatorTimer, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest, CoordinatorResponse, KafkaError};
use crate::model::rng::Rng;
use crate::model::trace::{GroupState, TraceEvent};
use std::collections::BTreeMap;

/// `offsets.commit.timeout.ms`'s default.
pub const OFFSETS_COMMIT_TIMEOUT_MS: u64 = 5000;

impl Coordinator {
    /// Whether a request read from this connection must wait behind a parked commit of it.
    pub(super) fn is_muted(&self, (consumer, incarnation, connection): (&str, u32, u32)) -> bool {
        self.parked_commits
            .iter()
            .any(|p| p.consumer == consumer && p.incarnation == incarnation && p.connection == connection)
    }

    /// A valid OffsetCommit: stored and answered now, or parked while in-sync followers of the
    /// `__consumer_offsets` partition do not fetch.
    pub(super) fn append_commit(
        &mut self,
        (consumer, incarnation, connection): (&str, u32, u32),
        offsets: BTreeMap<TopicPartition, u64>,
        cause: CommitCause,
        cluster: &Cluster,
        fx: &mut Effects,
    ) {
        let behind = cluster.offsets_followers_behind(&self.group_id, fx.now_ms);
        if behind.is_empty() {
            self.store_commit(consumer, incarnation, offsets, cause, fx);
            return;
        }
        let id = self.next_commit_id;
        self.next_commit_id += 1;
        fx.trace(TraceEvent::CommitAwaitingReplicas {
            group_id: self.group_id.clone(),
            consumer: consumer.to_string(),
            offsets_partition: cluster.offsets_partition(&self.group_id),
            followers: behind,
            timeout_ms: OFFSETS_COMMIT_TIMEOUT_MS,
        });
        self.parked_commits.push(ParkedCommit {
            id,
            consumer: consumer.to_string(),
            incarnation,
            connection,
            offsets,
            cause,
        });
        self.timer(fx.now_ms + OFFSETS_COMMIT_TIMEOUT_MS, CoordinatorTimer::CommitTimeout { id }, fx);
    }

    fn store_commit(&mut self, consumer: &str, incarnation: u32, offsets: BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) {
        for (tp, offset) in &offsets {
            self.committed.insert(tp.clone(), *offset);
        }
        fx.trace(TraceEvent::CommitStored {
            group_id: self.group_id.clone(),
            consumer: consumer.to_string(),
            offsets: offsets.clone(),
        });
        self.reply(consumer, incarnation, CoordinatorResponse::OffsetCommit { error: None, offsets, cause }, fx);
    }

    /// The parked commits' timers: the wait expired, or the followers fetch again.
    pub fn on_offsets_log_timer(&mut self, timer: CoordinatorTimer, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        match timer {
            CoordinatorTimer::CommitTimeout { id } => {
                let Some(at) = self.parked_commits.iter().position(|p| p.id == id) else {
                    return;
                };
                let parked = self.parked_commits.remove(at);
                let response = CoordinatorResponse::OffsetCommit {
                    error: Some(KafkaError::RequestTimedOut),
                    offsets: parked.offsets.clone(),
                    cause: parked.cause,
                };
                self.reply(&parked.consumer, parked.incarnation, response, fx);
                self.unmute(&parked, cluster, rng, fx);
            }
            CoordinatorTimer::OffsetsFollowersBack => {
                while !self.parked_commits.is_empty() && cluster.offsets_followers_behind(&self.group_id, fx.now_ms).is_empty() {
                    let parked = self.parked_commits.remove(0);
                    self.store_commit(&parked.consumer, parked.incarnation, parked.offsets.clone(), parked.cause, fx);
                    self.unmute(&parked, cluster, rng, fx);
                }
            }
            _ => self.on_timer(timer, fx),
        }
    }

    /// The connection's commit is answered: the requests read behind it are handled in order
    /// (until one of them parks again).
    fn unmute(&mut self, parked: &ParkedCommit, cluster: &Cluster, rng: &mut Rng, fx: &mut Effects) {
        let connection = (parked.consumer.clone(), parked.incarnation, parked.connection);
        let (queued, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.muted).into_iter().partition(|(from, _)| *from == connection);
        self.muted = others;
        for (_, request) in queued {
            self.handle_on((&connection.0, connection.1, connection.2), request, cluster, rng, fx);
        }
    }

    /// The group's `__consumer_offsets` partition has a new leader (the old one was fenced): it
    /// loads the group from the log (committed offsets, members, generation) and coordinates
    /// it. What waited in the old broker's memory is gone (commits not yet replicated, requests
    /// behind them), and every member's session restarts now (`onGroupLoaded` reschedules each
    /// member's heartbeat expiration), so a member that could not reach the coordinator while
    /// it was down is not removed for it. A classic group caught in a rebalance starts its join
    /// phase again (its timers died with the old broker). Loading is modelled as instant.
    pub fn move_to(&mut self, broker: u32, offsets_partition: u32, fx: &mut Effects) {
        fx.trace(TraceEvent::CoordinatorMoved {
            group_id: self.group_id.clone(),
            offsets_partition,
            from: self.broker,
            to: broker,
        });
        self.broker = broker;
        self.parked_commits.clear();
        self.muted.clear();
        let ids: Vec<String> = self.members.keys().cloned().collect();
        for id in ids {
            if let Some(member) = self.members.get_mut(&id) {
                member.last_heartbeat_ms = fx.now_ms;
                member.session_check_pending = false;
            }
            self.schedule_session_check(&id, fx);
        }
        let rebalancing = matches!(self.state, GroupState::PreparingRebalance | GroupState::CompletingRebalance);
        if self.protocol_kind == GroupProtocol::Classic && rebalancing {
            self.initial_delay_active = false;
            self.prepare_rebalance(fx);
        }
    }

    /// Queues a request read behind a parked commit of its connection.
    pub(super) fn mute(&mut self, (consumer, incarnation, connection): (&str, u32, u32), request: CoordinatorRequest) {
        self.muted.push(((consumer.to_string(), incarnation, connection), request));
    }
}
