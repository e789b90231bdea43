//! The scenario format (docs/scenario-format.md): parsing and validation. Floors, bottom to top:
//! `bounds` (the bounds table), `format` (the types), `error` (named-field errors), `action` (reading a timed action),
//! `resolve` (a consumer as the engine runs it), `validate` (bounds, parsing and checks),
//! `presets` (the bundled scenarios).

pub mod action;
pub mod bounds;
pub mod error;
pub mod format;
pub mod presets;
pub mod resolve;
pub mod validate;

pub use bounds::*;
pub use error::{json_error_path, ScenarioError};
pub use format::*;
pub use presets::PRESETS;
pub use presets::PRESET_IDS;
pub use resolve::{spec_changes, ResolvedConsumer};
pub use validate::ActionError;
