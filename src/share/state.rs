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
    BadState(StateProblem),
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

/// What the UI expects in a field of a link's state or of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wants {
    Text,
    WholeNumber,
    /// A whole number of milliseconds.
    Ms,
    List,
    Object,
    Bool,
    /// A whole number small enough for its field (a broker, a rate, a partition count).
    Small,
    CommitMode,
    Topics,
    TextOrNull,
    /// `[]` (unchanged), `[null]` (key-less) or `[[keys]]`.
    Keys,
}

impl Wants {
    fn english(self) -> &'static str {
        match self {
            Wants::Text => "text",
            Wants::WholeNumber => "a whole number",
            Wants::Ms => "a whole number of ms",
            Wants::List => "a list",
            Wants::Object => "an object",
            Wants::Bool => "true or false",
            Wants::Small => "a whole number below 2^32",
            Wants::CommitMode => "a commit mode (auto, sync, sync-per-record, async, transactional)",
            Wants::Topics => "a list of topics",
            Wants::TextOrNull => "text or null",
            Wants::Keys => "[], [null] or [[keys]]",
        }
    }
}

/// Why a link's state (or a session file's action) cannot be read: a value the UI words in
/// its reader's language; `Display` writes the English the CLI prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateProblem {
    /// The payload is not JSON.
    Json(crate::model::scenario::error::JsonProblem),
    NotObject,
    /// A key the state does not have.
    UnknownKey(String),
    /// A key that is missing or holds something else.
    Key {
        key: &'static str,
        wants: Wants,
    },
    /// One action (its 1-based number).
    Action(usize, ActionProblem),
}

/// Why one recorded action cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionProblem {
    NotList,
    UnknownAction(String),
    /// The action takes `want` fields after its step, time and kind.
    FieldCount {
        kind: String,
        want: usize,
        got: usize,
    },
    /// A field (1-based) that holds something else.
    Field {
        field: usize,
        wants: Wants,
    },
    /// A started consumer is a list of 7 fields.
    ConsumerShape,
    /// A started consumer's field (1-based).
    ConsumerField {
        field: usize,
        wants: Wants,
    },
    /// A started consumer's refused properties.
    Config(crate::model::config_error::ConfigError),
}

impl std::fmt::Display for StateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StateProblem::Json(p) => write!(f, "{p}"),
            StateProblem::NotObject => write!(f, "the state is not a JSON object"),
            StateProblem::UnknownKey(k) => write!(f, "unknown field '{k}' (allowed: p, g, t, a)"),
            StateProblem::Key { key, wants } => write!(f, "'{key}' is missing or not {}", wants.english()),
            StateProblem::Action(i, p) => write!(f, "action {i}: {p}"),
        }
    }
}

impl std::fmt::Display for ActionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ActionProblem::NotList => write!(f, "not a list"),
            ActionProblem::UnknownAction(kind) => write!(f, "unknown action '{kind}'"),
            ActionProblem::FieldCount { kind, want, got } => write!(f, "'{kind}' takes {want} fields, not {got}"),
            ActionProblem::Field { field, wants } => write!(f, "field {field} is not {}", wants.english()),
            ActionProblem::ConsumerShape => write!(f, "a consumer is a list of 7 fields"),
            ActionProblem::ConsumerField { field, wants } => write!(f, "consumer field {field} is not {}", wants.english()),
            ActionProblem::Config(e) => write!(f, "{e}"),
        }
    }
}
