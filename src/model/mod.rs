//! The engine. Pure and deterministic: no clock, no OS randomness, no web dependency, no
//! hash-ordered iteration, no floats in state. Same scenario + seed + actions = same trace.

pub mod assignor;
pub mod cluster;
pub mod config;
pub mod config_error;
pub mod consumer;
pub mod coordinator;
pub mod effects;
pub mod java;
pub mod ledger;
pub mod murmur2;
pub mod nouns;
pub mod partitioner;
pub mod producer;
pub mod producer_config;
pub mod protocol;
pub mod rng;
pub mod scenario;
pub mod session;
pub mod sim;
pub mod sort;
pub mod trace;
