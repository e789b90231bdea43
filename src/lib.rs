//! groupscope: a faithful, animated simulator of Apache Kafka consumer groups.
//!
//! `model` is the pure, deterministic engine; `i18n` holds every user-visible string in
//! Korean and English; `link` encodes a state into a shareable link; `ui` is the thin Yew
//! shell (wasm only).

pub mod i18n;
pub mod link;
pub mod model;
#[cfg(target_arch = "wasm32")]
pub mod ui;
