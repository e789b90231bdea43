//! The scenarios bundled with the app (`PRESETS`), and the default one of the first screen.

use crate::model::scenario::format::Scenario;

/// The preset lists from one list of ids: `PRESET_IDS` for the app, which fetches a preset's
/// file (`scenarios/<id>.json`, copied into the site) when it is chosen; `PRESETS` with each
/// file's text for the native CLI and tests. The app never names `PRESETS` or
/// `Scenario::preset`, so the linker leaves the files out of the browser bundle (only the
/// default scenario is in it).
macro_rules! presets {
    ($($id:literal),* $(,)?) => {
        /// The scenarios the app offers, by id, in menu order: the default classroom scenario
        /// and the behaviour scenarios the golden tests run (so every preset is also a tested
        /// scenario).
        pub const PRESET_IDS: &[&str] = &[$($id),*];
        /// Each preset's file (for the CLI and tests: the browser fetches them).
        pub const PRESETS: &[(&str, &str)] = &[$(($id, include_str!(concat!("../../../scenarios/", $id, ".json")))),*];
    };
}

presets!(
    "default",
    "eager-join",
    "cooperative-join",
    "kip848-join",
    "static-restart",
    "stall-max-poll",
    "gc-pause",
    "add-partitions",
    "commit-modes",
    "commit-async-retry",
    "two-groups",
    "partitioners",
    "batching",
    "buffer-timeouts",
    "acks-isr",
    "idempotence",
    "retry-ordering",
    "unclean-election",
    "isr-lag",
    "transactions",
    "exactly-once",
    "long-run",
    "wide-64",
    "large-256",
);

impl Scenario {
    /// The built-in scenario of the first screen: 1 topic × 6 partitions, a keyed producer,
    /// one group of three consumers.
    /// A bundled scenario by its preset id (see `PRESETS`; the CLI and tests).
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
    fn the_site_lists_every_preset_file() {
        // The service worker caches the files `scenarios/index.json` names for offline use.
        let index: serde_json::Value = serde_json::from_str(include_str!("../../../scenarios/index.json")).unwrap();
        let listed: Vec<&str> = index["presets"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert_eq!(listed, PRESET_IDS);
    }

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
