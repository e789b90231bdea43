//! The cluster: its state (`state`), the brokers' produce and replication path (`broker`), the
//! transaction coordinator (`txn`), and the follower-fetch helpers both of them use
//! (`replication`).

pub mod broker;
pub mod replication;
pub mod state;
pub mod txn;

pub use state::*;
