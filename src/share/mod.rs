//! Links that open an exact state (issue 16) and session files: the bundled scenario (or a
//! file's own), every action taken with the step and virtual time it was taken at, and the
//! moment and group on view. Both carry the input log, not a snapshot: opening one replays the
//! log on the same deterministic engine (`Session::replay`).
//!
//! Not part of the engine (`model`): an encoding over the engine's own types. It imports only
//! `crate::model`. Its rooms: `link` (the link codec and the JSON of actions), `file` (session
//! files), `qr` (a link as a QR code); here, the checks a state passes before it is opened.

pub mod file;
pub mod link;
pub mod qr;

pub use file::{export_file, open_file, FileError, OpenedFile, FILE_FORMAT, FILE_VERSION};
pub use link::{decode, encode, preset_ids, replay, share, LinkError, SharedState, LINK_VERSION, MAX_LINK_CHARS};
pub use qr::qr_svg;

use crate::model::config::ConsumerConfig;
use crate::model::scenario::Scenario;
use crate::model::session::RecordedAction;
use crate::model::sim::Action;

/// Actions a link may hold (each replayed on open).
pub const MAX_ACTIONS: usize = 500;

/// The checks a decoded state passes before anything is opened.
fn check(state: &SharedState) -> Result<Scenario, LinkError> {
    let scenario = Scenario::preset(&state.preset).ok_or_else(|| LinkError::UnknownPreset(state.preset.clone()))?;
    check_on(&scenario, &state.group, state.at_ms, &state.actions)?;
    Ok(scenario)
}

/// The checks of a group, a moment and an action log against the scenario they are for.
fn check_on(scenario: &Scenario, group: &str, at_ms: u64, actions: &[RecordedAction]) -> Result<(), LinkError> {
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
                format!("its time, {} ms, is past the scenario's end ({} ms)", a.at_ms, scenario.duration_ms),
            ));
        }
        check_action(scenario, &a.action).map_err(|why| LinkError::BadAction(i, why))?;
    }
    if at_ms > scenario.duration_ms {
        return Err(LinkError::PastTheEnd {
            at_ms,
            duration_ms: scenario.duration_ms,
        });
    }
    Ok(())
}

/// The bounds the UI's own controls keep to, so that no link or file can make a replay hang
/// or grow without bound (a billion partitions, a rate of billions of records a second).
fn check_action(scenario: &Scenario, action: &Action) -> Result<(), String> {
    use crate::model::scenario::{MAX_DURATION_MS, MAX_PARTITIONS, MAX_RECORDS_PER_SEC};
    let duration = |name: &str, ms: u64| {
        if ms > MAX_DURATION_MS {
            Err(format!("{name} must be at most {MAX_DURATION_MS} ms"))
        } else {
            Ok(())
        }
    };
    let processing = |ms: u64| {
        if ms > 600_000 {
            Err("processing_ms_per_record must be from 0 to 600000".to_string())
        } else {
            Ok(())
        }
    };
    match action {
        Action::Start { consumer } | Action::Redeploy { consumer } => processing(consumer.processing_ms_per_record),
        Action::Stall { for_ms, .. } => duration("for_ms", for_ms.unwrap_or(0)),
        Action::PauseHeartbeats { for_ms, .. } => duration("for_ms", *for_ms),
        Action::Restart { down_ms, .. } => duration("down_ms", *down_ms),
        Action::AddPartitions { topic, partitions } => match scenario.topics.iter().find(|t| t.name == *topic) {
            None => Err(format!("there is no topic '{topic}'")),
            Some(_) if *partitions == 0 || *partitions > MAX_PARTITIONS => Err(format!("partitions must be from 1 to {MAX_PARTITIONS}")),
            Some(_) => Ok(()),
        },
        Action::Configure {
            processing_ms_per_record,
            config,
            ..
        } => {
            processing(processing_ms_per_record.unwrap_or(0))?;
            ConsumerConfig::from_properties(config).map(|_| ())
        }
        Action::ConfigureProducer {
            records_per_sec, keys, config, ..
        } => {
            if records_per_sec.unwrap_or(0) > MAX_RECORDS_PER_SEC {
                return Err(format!("records_per_sec must be from 0 to {MAX_RECORDS_PER_SEC}"));
            }
            if let Some(Some(keys)) = keys {
                if keys.is_empty() || keys.len() > 1000 {
                    return Err("keys must list 1 to 1000 keys".to_string());
                }
            }
            crate::model::producer_config::ProducerConfig::from_properties(config).map(|_| ())
        }
        Action::KillBroker { broker } | Action::RestartBroker { broker } if *broker >= scenario.brokers => {
            Err(format!("brokers are 0 to {}", scenario.brokers - 1))
        }
        Action::PauseReplication { broker, for_ms } => {
            if *broker >= scenario.brokers {
                return Err(format!("brokers are 0 to {}", scenario.brokers - 1));
            }
            duration("for_ms", *for_ms)
        }
        _ => Ok(()),
    }
}
