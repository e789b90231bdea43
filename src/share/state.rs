//! What a link opens and why one opens nothing: the shared nouns of `share`, below the checks,
//! the link codec and session files (which all name them).

use crate::model::session::RecordedAction;

/// Actions a link may hold (each replayed on open).
pub const MAX_ACTIONS: usize = 500;

/// The state a link opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedState {
    /// A bundled scenario's preset id.
    pub preset: String,
    /// The group on view.
    pub group: String,
    /// The moment on view (virtual ms).
    pub at_ms: u64,
    /// Every action taken, in order, with the step and time it was taken at.
    pub actions: Vec<RecordedAction>,
}

/// Why a link opens nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// No `<version>.` prefix, or the version is not a number.
    NoVersion,
    /// Written by a newer groupscope.
    FutureVersion(u32),
    /// Longer than any link this build writes.
    TooLong(usize),
    /// The payload is not lz-string text (cut off or changed).
    Corrupt,
    /// The payload decompresses but is not the state's JSON (what is wrong, and where).
    BadState(String),
    /// No bundled scenario has this id.
    UnknownPreset(String),
    /// The bundled scenario's file did not arrive (offline before the app was cached).
    PresetUnavailable(String),
    /// More actions than a link may hold.
    TooManyActions(usize),
    /// An action recorded at an earlier step than the one before it.
    ActionsOutOfOrder(usize),
    /// The scenario has no such group.
    UnknownGroup(String),
    /// The moment is past the scenario's end.
    PastTheEnd { at_ms: u64, duration_ms: u64 },
    /// The scenario on view came from a file: a link names bundled scenarios only.
    NotBundled,
    /// An action no UI control could have made (index, what is wrong and what is allowed).
    BadAction(usize, crate::model::scenario::ActionError),
}
