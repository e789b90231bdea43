//! The client's link to its group coordinator (kafka-behaviour.md §3.1, §3.7, §5.4): after
//! COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR or REQUEST_TIMED_OUT the client marks the
//! coordinator unknown and asks any broker with FindCoordinator; requests wait until it
//! answers. The classic client (`AbstractCoordinator.markCoordinatorUnknown`) also closes the
//! connection, so commits still in flight on it fail with a disconnect; the consumer protocol's
//! client (`CoordinatorRequestManager`) keeps it, and their answers arrive. A blocking
//! commitSync() retries retriable errors after `retry.backoff.ms` until
//! `default.api.timeout.ms`.

use crate::model::cluster::state::Cluster;
use crate::model::config::GroupProtocol;
use crate::model::consumer::state::Consumer;
use crate::model::effects::{ConsumerTimer, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{CommitCause, CoordinatorRequest, KafkaError, Message};
use crate::model::trace::TraceEvent;
use std::collections::BTreeMap;

/// The consumer's `retry.backoff.ms` default.
pub const RETRY_BACKOFF_MS: u64 = 100;
/// The consumer's `default.api.timeout.ms` default: how long commitSync() keeps retrying.
pub const DEFAULT_API_TIMEOUT_MS: u64 = 60_000;

/// Errors after which the client looks for its coordinator again.
pub fn moves_coordinator(error: KafkaError) -> bool {
    matches!(
        error,
        KafkaError::CoordinatorNotAvailable | KafkaError::NotCoordinator | KafkaError::RequestTimedOut
    )
}

/// Commits the application blocks on (commitSync(), close()'s commit).
pub fn is_blocking(cause: CommitCause) -> bool {
    matches!(
        cause,
        CommitCause::SyncAfterBatch
            | CommitCause::SyncBeforeBatch
            | CommitCause::SyncPerRecord
            | CommitCause::SyncOnRevoke
            | CommitCause::SyncOnClose
            | CommitCause::AutoOnClose
    )
}

impl Consumer {
    /// markCoordinatorUnknown: FindCoordinator goes to the first live broker (the least loaded
    /// node). True when the classic client is to close the old connection: the caller does so
    /// with [`Consumer::close_coordinator_connection`] once the failed request's own callback
    /// has run (`disconnectAsync` acts at the next network poll).
    pub(super) fn mark_coordinator_unknown(&mut self, error: KafkaError, cluster: &Cluster, fx: &mut Effects) -> bool {
        let disconnected = self.group_protocol == GroupProtocol::Classic;
        self.lose_coordinator(error, disconnected, cluster, fx) && disconnected
    }

    /// The coordinator becomes unknown (false: it already was), and FindCoordinator goes out.
    fn lose_coordinator(&mut self, error: KafkaError, disconnected: bool, cluster: &Cluster, fx: &mut Effects) -> bool {
        if self.coordinator_unknown {
            return false;
        }
        self.coordinator_unknown = true;
        fx.trace(TraceEvent::CoordinatorUnknown {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            error,
            disconnected,
        });
        self.find_coordinator(cluster, fx);
        true
    }

    /// The classic client closes its coordinator connection: the commits in flight on it fail
    /// with a disconnect (their callbacks run in the order they were sent) and their answers
    /// never arrive.
    pub(super) fn close_coordinator_connection(&mut self, cluster: &Cluster, fx: &mut Effects) {
        self.coordinator_connection += 1;
        self.heartbeat_in_flight = false;
        let failed = std::mem::take(&mut self.commits_in_flight);
        self.orphaned_commits.extend(failed.iter().cloned());
        for (offsets, cause) in failed {
            self.on_commit_response(Some(KafkaError::NetworkException), offsets, cause, cluster, fx);
        }
    }

    fn find_coordinator(&self, cluster: &Cluster, fx: &mut Effects) {
        let broker = (0..cluster.brokers).find(|b| cluster.is_up(*b)).unwrap_or(0);
        fx.send(Message::FindCoordinator {
            broker,
            group_id: self.group_id().to_string(),
            consumer: self.id().to_string(),
            incarnation: self.incarnation,
        });
    }

    /// The coordinator's broker died and the connection dropped: the client marks the
    /// coordinator unknown and looks for it; the commits in flight fail with the connection.
    pub fn on_coordinator_disconnected(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.lose_coordinator(KafkaError::NetworkException, true, cluster, fx) {
            self.close_coordinator_connection(cluster, fx);
        }
    }

    /// The coordinator's broker refused the connection (its process is down): the client marks
    /// the coordinator unknown and looks for it; a refused commit fails (its callback or
    /// commitSync() retries), a refused heartbeat or LeaveGroup is dropped, and any other request
    /// is sent again once the coordinator is found.
    pub fn on_coordinator_unreachable(&mut self, request: CoordinatorRequest, cluster: &Cluster, fx: &mut Effects) {
        self.lose_coordinator(KafkaError::NetworkException, true, cluster, fx);
        match request {
            CoordinatorRequest::OffsetCommit { offsets, cause, .. } => {
                if self.take_commit_in_flight(&offsets, cause) {
                    self.on_commit_response(Some(KafkaError::NetworkException), offsets, cause, cluster, fx);
                }
            }
            CoordinatorRequest::Heartbeat { .. } => self.heartbeat_in_flight = false,
            CoordinatorRequest::LeaveGroup { .. } => {}
            other => self.awaiting_coordinator.push(other),
        }
    }

    /// FindCoordinator answered: requests that waited go to the coordinator, in order (without
    /// a coordinator, the client asks again after `retry.backoff.ms`).
    pub fn on_find_coordinator_response(&mut self, coordinator: Option<u32>, cluster: &Cluster, fx: &mut Effects) {
        if !self.coordinator_unknown {
            return;
        }
        let Some(broker) = coordinator else {
            self.timer(fx.now_ms + RETRY_BACKOFF_MS, ConsumerTimer::FindCoordinatorAgain, fx);
            return;
        };
        self.coordinator_unknown = false;
        self.coordinator_broker = broker;
        fx.trace(TraceEvent::CoordinatorFound {
            consumer: self.id().to_string(),
            group_id: self.group_id().to_string(),
            offsets_partition: cluster.offsets_partition(self.group_id()),
            broker,
        });
        for request in std::mem::take(&mut self.awaiting_coordinator) {
            self.send_to_coordinator(request, fx);
        }
    }

    /// FindCoordinator again after COORDINATOR_NOT_AVAILABLE.
    pub fn on_find_coordinator_again(&mut self, cluster: &Cluster, fx: &mut Effects) {
        if self.coordinator_unknown {
            self.find_coordinator(cluster, fx);
        }
    }

    /// A response to an OffsetCommit: the commit is no longer in flight. False when it belongs
    /// to a connection the client closed (it never arrives).
    pub(super) fn take_commit_in_flight(&mut self, offsets: &BTreeMap<TopicPartition, u64>, cause: CommitCause) -> bool {
        if let Some(at) = self.orphaned_commits.iter().position(|(o, c)| o == offsets && *c == cause) {
            self.orphaned_commits.remove(at);
            return false;
        }
        if let Some(at) = self.commits_in_flight.iter().position(|(o, c)| o == offsets && *c == cause) {
            self.commits_in_flight.remove(at);
        }
        true
    }

    /// commitSync() after a retriable error: sent again after `retry.backoff.ms`, until
    /// `default.api.timeout.ms` since its first attempt. False: it gives up (the caller fails).
    pub(super) fn retry_sync_commit(&mut self, error: KafkaError, offsets: &BTreeMap<TopicPartition, u64>, cause: CommitCause, fx: &mut Effects) -> bool {
        if !is_blocking(cause) || !error.is_retriable() || !self.in_valid_generation() {
            return false;
        }
        let since = self.sync_commit_since_ms.unwrap_or(fx.now_ms);
        if fx.now_ms + RETRY_BACKOFF_MS > since + DEFAULT_API_TIMEOUT_MS {
            return false;
        }
        let timer = ConsumerTimer::CommitRetry {
            offsets: offsets.clone(),
            cause,
        };
        self.timer(fx.now_ms + RETRY_BACKOFF_MS, timer, fx);
        true
    }
}
