//! Transitions do not touch the world: they record what should happen as data, and the
//! simulator performs it (stateright-style).

use crate::model::protocol::Message;
use crate::model::trace::TraceEvent;
use serde::{Deserialize, Serialize};

/// Timers a consumer sets on itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerTimer {
    /// The record being processed is done (stale when `epoch` is not the current one).
    ProcessDone { epoch: u32 },
    /// A stall with an end time ends.
    StallEnd,
    /// A frozen process (pause_heartbeats) runs again.
    Thaw,
    /// Wake the poll loop (auto-commit due, or a poll() timeout).
    PollWake { epoch: u32 },
    /// The heartbeat thread's next tick.
    Heartbeat { epoch: u32 },
}

/// Timers the group coordinator sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoordinatorTimer {
    /// group.initial.rebalance.delay.ms for a group that came from Empty.
    InitialRebalanceDelay { epoch: u32, delay_ms: u64, remaining_ms: u64 },
    /// The join phase may last at most the rebalance timeout.
    JoinTimeout { epoch: u32 },
    /// Members must send SyncGroup within the rebalance timeout.
    SyncTimeout { epoch: u32 },
    /// Check one member's session (no heartbeat within session.timeout.ms → removed).
    SessionCheck { member_id: String },
    /// KIP-848: a member that entered UNREVOKED_PARTITIONS at `epoch` must have revoked by now.
    RevocationTimeout { member_id: String, epoch: i32 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effect {
    /// Put a message on the network (the simulator adds the latency).
    Send(Message),
    ConsumerTimer {
        at_ms: u64,
        consumer: String,
        incarnation: u32,
        timer: ConsumerTimer,
    },
    CoordinatorTimer {
        at_ms: u64,
        group_id: String,
        timer: CoordinatorTimer,
    },
    Trace(TraceEvent),
}

/// The effects of one transition, with the time it happens at.
#[derive(Debug)]
pub struct Effects {
    pub now_ms: u64,
    pub list: Vec<Effect>,
}

impl Effects {
    pub fn new(now_ms: u64) -> Effects {
        Effects { now_ms, list: Vec::new() }
    }
    pub fn send(&mut self, message: Message) {
        self.list.push(Effect::Send(message));
    }
    pub fn trace(&mut self, event: TraceEvent) {
        self.list.push(Effect::Trace(event));
    }
}
