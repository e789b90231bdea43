//! Teaching tools built on the engine: guided lessons, compare mode's figures, the charts'
//! series, the CLI's report and the explainer's input. Each runs or reads a `model` simulation;
//! none changes how it behaves.
//!
//! Architecture invariant: `study` imports `model` and nothing else of the crate (no `i18n`, no
//! `ui`, no `share`); the engine never imports `study`.

pub mod compare;
pub mod explainer;
pub mod lesson;
pub mod metrics;
pub mod report;
