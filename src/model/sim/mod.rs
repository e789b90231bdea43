//! The simulator: one event queue ordered by (time, sequence), the world it acts on, and the
//! loop that performs the effects transitions return. Floors, bottom to top: `action` (what a
//! user can do), `world` (the state and its queue), `routing` (messages to their recipient),
//! `user_actions`, `step` (the event loop), `queries` (read-only).

pub mod action;
pub mod queries;
pub mod routing;
pub mod step;
pub mod user_actions;
pub mod world;

pub use action::Action;
pub use world::*;
