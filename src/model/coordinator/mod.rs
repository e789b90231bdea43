//! The group coordinator (kafka-behaviour.md §3, §4): its state (`state`), the classic protocol
//! (`classic`), KIP-848 consumer groups (`consumer_group`), online migration between the two
//! (`migration`), offset commits written to `__consumer_offsets` (`offsets_log`), and the entry
//! that routes requests and timers to them (`requests`).

pub mod classic;
pub mod consumer_group;
pub mod migration;
pub mod offsets_log;
pub mod requests;
pub mod state;

pub use consumer_group::{server_assignor, CONSUMER_GROUP_HEARTBEAT_INTERVAL_MS, CONSUMER_GROUP_SESSION_TIMEOUT_MS, SERVER_ASSIGNORS};
pub use state::*;
