//! What both the brokers' produce path and the transaction coordinator do after writing to a
//! leader's log: schedule the followers' fetches and announce a moved high watermark.

use crate::model::cluster::state::PartitionLog;
use crate::model::effects::{ClusterTimer, Effect, Effects};
use crate::model::nouns::TopicPartition;
use crate::model::trace::TraceEvent;

/// After a leader appended: the followers' parked fetches are answered now; their next
/// fetches, one round trip later, tell the leader they have everything up to its end.
pub(crate) fn followers_fetch(tp: &TopicPartition, log: &PartitionLog, down: &std::collections::BTreeSet<u32>, rtt_ms: u64, fx: &mut Effects) {
    if log.replicas.iter().any(|b| Some(*b) != log.leader && !down.contains(b)) {
        fx.list.push(Effect::ClusterTimer {
            at_ms: fx.now_ms + rtt_ms,
            timer: ClusterTimer::ReplicaFetch {
                tp: tp.clone(),
                leader_epoch: log.leader_epoch,
                end_offset: log.log_end_offset(),
            },
        });
    }
}

/// The high watermark moved (not at an append, whose `Produced` entries carry it): parked
/// fetches may be answered, and the trace says so (the charts' group lag follows it).
pub(crate) fn hw_advanced(tp: &TopicPartition, high_watermark: u64, fx: &mut Effects) {
    fx.list.push(Effect::DataAvailable(tp.clone()));
    fx.trace(TraceEvent::HighWatermarkAdvanced {
        tp: tp.clone(),
        high_watermark,
    });
}
