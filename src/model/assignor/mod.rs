//! Partition assignors: pure functions from subscriptions to an assignment (kafka-behaviour.md §1).
//!
//! Floors, bottom to top: `input` (members, assignments, MemberInfo order) and `name` (the
//! assignor names); `record` (the explainer's recorder types); the assignors `range`,
//! `roundrobin`, `rack`, `sticky`, `uniform`; `dispatch` (run an assignor by name) and
//! `explain` (run one recorded).

pub mod dispatch;
pub mod explain;
pub mod input;
pub mod name;
pub mod rack;
pub mod range;
pub mod record;
pub mod roundrobin;
pub mod sticky;
pub mod uniform;

pub use input::{after_first_member_leaves, large_scale_input, member_info_order, Assignment, MemberSubscription};
pub use name::AssignorName;
