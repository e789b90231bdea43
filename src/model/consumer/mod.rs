//! The consumer client (kafka-behaviour.md §3.7, §3.8, §5.2, §5.4): its state (`state`), the
//! application thread's poll loop (`poll`), the fetcher (`fetcher`), commits by policy
//! (`commits`), the classic protocol's coordinator client and heartbeat thread
//! (`coordinator_client`), finding the coordinator again after it moved or timed out
//! (`coordinator_link`), and the KIP-848 membership, group.protocol=consumer (`membership`).

pub mod commits;
pub mod coordinator_client;
pub mod coordinator_link;
pub mod fetcher;
pub mod membership;
pub mod poll;
pub mod state;

pub use state::*;
