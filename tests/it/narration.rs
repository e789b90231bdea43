//! Narration goldens: the protocol story of a few scenarios as the app tells it, in Korean and
//! English. Kept apart from the engine goldens (scenarios.rs, determinism.rs record the trace as
//! JSON), so rewording a sentence changes only these files (update with UPDATE_EXPECT=1).

use crate::scenarios::{load, story_entries};
use groupscope::i18n::{narrate, Lang};

fn story(name: &str, lang: Lang) -> String {
    let (sim, _) = load(name);
    story_entries(&sim, false)
        .into_iter()
        .map(|entry| format!("{:>6} {}\n", entry.at_ms, narrate(&entry.event, lang)))
        .collect()
}

macro_rules! narration_golden {
    ($name:ident, $file:literal) => {
        #[test]
        fn $name() {
            expect_test::expect_file![concat!("../golden/narration/", $file, ".en.txt")].assert_eq(&story($file, Lang::En));
            expect_test::expect_file![concat!("../golden/narration/", $file, ".ko.txt")].assert_eq(&story($file, Lang::Ko));
        }
    };
}

narration_golden!(eager_join, "eager-join");
narration_golden!(kip848_join, "kip848-join");
narration_golden!(transactions, "transactions");
narration_golden!(unclean_election, "unclean-election");
