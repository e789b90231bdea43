//! groupscope: a faithful, animated simulator of Apache Kafka consumer groups.
//!
//! Layers, bottom to top (ARCHITECTURE.md; `scripts/check-layers.py` keeps them):
//! `model` is the pure, deterministic engine; `study` (lessons, compare, metrics, reports, the
//! explainer's input) and `share` (links, session files, QR codes) are built on it; `i18n`
//! holds every user-visible string in Korean and English; `ui` is the thin Yew shell (wasm
//! only).

pub mod i18n;
pub mod model;
pub mod share;
pub mod study;
#[cfg(target_arch = "wasm32")]
pub mod ui;
