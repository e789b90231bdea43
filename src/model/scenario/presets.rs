//! The scenarios bundled with the app (`PRESETS`), and the default one of the first screen.

use crate::model::scenario::format::Scenario;

/// The scenarios the app offers, by id: the default classroom scenario and the behaviour
/// scenarios the golden tests run (so every preset is also a tested scenario).
pub const PRESETS: &[(&str, &str)] = &[
    ("default", include_str!("../../../scenarios/default.json")),
    ("eager-join", include_str!("../../../scenarios/eager-join.json")),
    ("cooperative-join", include_str!("../../../scenarios/cooperative-join.json")),
    ("kip848-join", include_str!("../../../scenarios/kip848-join.json")),
    ("static-restart", include_str!("../../../scenarios/static-restart.json")),
    ("stall-max-poll", include_str!("../../../scenarios/stall-max-poll.json")),
    ("gc-pause", include_str!("../../../scenarios/gc-pause.json")),
    ("add-partitions", include_str!("../../../scenarios/add-partitions.json")),
    ("commit-modes", include_str!("../../../scenarios/commit-modes.json")),
    ("commit-async-retry", include_str!("../../../scenarios/commit-async-retry.json")),
    ("two-groups", include_str!("../../../scenarios/two-groups.json")),
    ("partitioners", include_str!("../../../scenarios/partitioners.json")),
    ("batching", include_str!("../../../scenarios/batching.json")),
    ("buffer-timeouts", include_str!("../../../scenarios/buffer-timeouts.json")),
    ("acks-isr", include_str!("../../../scenarios/acks-isr.json")),
    ("idempotence", include_str!("../../../scenarios/idempotence.json")),
    ("retry-ordering", include_str!("../../../scenarios/retry-ordering.json")),
    ("unclean-election", include_str!("../../../scenarios/unclean-election.json")),
    ("isr-lag", include_str!("../../../scenarios/isr-lag.json")),
    ("transactions", include_str!("../../../scenarios/transactions.json")),
    ("exactly-once", include_str!("../../../scenarios/exactly-once.json")),
    ("long-run", include_str!("../../../scenarios/long-run.json")),
    ("wide-64", include_str!("../../../scenarios/wide-64.json")),
    ("large-256", include_str!("../../../scenarios/large-256.json")),
];

impl Scenario {
    /// The built-in scenario of the first screen: 1 topic × 6 partitions, a keyed producer,
    /// one group of three consumers.
    /// A bundled scenario by its preset id (see `PRESETS`).
    pub fn preset(id: &str) -> Option<Scenario> {
        PRESETS
            .iter()
            .find(|(name, _)| *name == id)
            .and_then(|(_, json)| Scenario::from_json(json).ok())
    }

    pub fn default_scenario() -> Scenario {
        Scenario::from_json(include_str!("../../../scenarios/default.json")).expect("the bundled default scenario is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_parses() {
        for (id, _) in PRESETS {
            assert!(Scenario::preset(id).is_some(), "{id}");
        }
        assert!(Scenario::preset("nope").is_none());
    }

    #[test]
    fn default_scenario_parses() {
        let s = Scenario::default_scenario();
        assert_eq!(s.topics[0].partitions, 6);
        assert_eq!(s.groups[0].consumers.len(), 3);
    }

    #[test]
    fn every_preset_survives_a_round_trip_through_its_json() {
        for (id, _) in PRESETS {
            let scenario = Scenario::preset(id).unwrap();
            let text = serde_json::to_string(&scenario).unwrap();
            assert_eq!(Scenario::from_json(&text).as_ref(), Ok(&scenario), "{id}: {text}");
        }
    }
}
