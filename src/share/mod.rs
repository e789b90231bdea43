//! Links that open an exact state (issue 16) and session files: the bundled scenario (or a
//! file's own), every action taken with the step and virtual time it was taken at, and the
//! moment and group on view. Both carry the input log, not a snapshot: opening one replays the
//! log on the same deterministic engine (`Session::replay`).
//!
//! Not part of the engine (`model`): an encoding over the engine's own types. It imports only
//! `crate::model`. Its rooms, bottom to top: `state` (what a link opens, why one opens nothing),
//! `check` (the checks before anything opens), `link` (the link codec and the JSON of actions),
//! `file` (session files), `qr` (a link as a QR code), `program` (a scenario as a program for a
//! real cluster). This file only declares and re-exports.

mod check;
pub mod file;
pub mod link;
pub mod program;
pub mod qr;
pub mod state;

pub use file::{export_file, open_file, FileError, OpenedFile, FILE_FORMAT, FILE_VERSION};
pub use link::{decode, encode, parse, preset_ids, replay, replay_on, share, LINK_VERSION, MAX_LINK_CHARS};
pub use qr::qr_svg;
pub use state::{ActionProblem, LinkError, SharedState, StateProblem, Wants, MAX_ACTIONS};
