//! The checks a decoded link or an opened file passes before anything is opened: the preset,
//! the group, the moment and every action, whose bounds are the engine's one bounds table
//! (`model/scenario/bounds.rs`, checked by `Scenario::check_action`), so that no link or file
//! can make a replay hang or grow without bound.

use super::state::{LinkError, MAX_ACTIONS};
use crate::model::scenario::ActionError;
use crate::model::scenario::Scenario;
use crate::model::session::RecordedAction;

/// The checks of a group, a moment and an action log against the scenario they are for.
pub(super) fn check_on(scenario: &Scenario, group: &str, at_ms: u64, actions: &[RecordedAction]) -> Result<(), LinkError> {
    if actions.len() > MAX_ACTIONS {
        return Err(LinkError::TooManyActions(actions.len()));
    }
    if let Some(i) = (1..actions.len()).find(|&i| actions[i].step < actions[i - 1].step) {
        return Err(LinkError::ActionsOutOfOrder(i));
    }
    if !scenario.groups.iter().any(|g| g.group_id == group) {
        return Err(LinkError::UnknownGroup(group.to_string()));
    }
    for (i, a) in actions.iter().enumerate() {
        if a.at_ms > scenario.duration_ms {
            return Err(LinkError::BadAction(
                i,
                ActionError::AfterEnd {
                    at_ms: a.at_ms,
                    end_ms: scenario.duration_ms,
                },
            ));
        }
        scenario.check_action(&a.action).map_err(|why| LinkError::BadAction(i, why))?;
    }
    if at_ms > scenario.duration_ms {
        return Err(LinkError::PastTheEnd {
            at_ms,
            duration_ms: scenario.duration_ms,
        });
    }
    Ok(())
}
