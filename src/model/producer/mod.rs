//! The producer client (kafka-behaviour.md §6.1–§6.5): its state (`state`), the application thread and
//! record accumulator (`accumulator`), the sender thread (`sender`) and the transaction
//! manager (`transaction_manager`).

pub mod accumulator;
pub mod sender;
pub mod state;
pub mod transaction_manager;

pub use state::*;
