//! (Pure text: no web dependency, so it is tested natively.)
//! Every user-visible string, in Korean and English.
//!
//! Korean is written as a Korean instructor says it: 합니다체 in sentences, noun endings in
//! labels. Kafka's concepts are written in Hangul, as the lecture notes and the lessons write
//! them; identifiers stay as they are (API names `JoinGroup`, configs `session.timeout.ms`,
//! metrics `records-lag-max`, error names `REBALANCE_IN_PROGRESS`, group states `Stable`,
//! calls `poll()`). The glossary (from `korean-review.md`):
//!
//! | concept | Korean |
//! |---|---|
//! | offset, committed offset | 오프셋, 커밋된 오프셋 |
//! | commit, auto commit | 커밋, 자동 커밋 |
//! | rebalance | 리밸런스 |
//! | heartbeat | 하트비트 (`Heartbeat` for the API) |
//! | lag | 랙 (never for a rack: write rack) |
//! | batch | 배치 (never for placing: write 할당하다, 놓다) |
//! | assignment, assign | 할당, 할당하다 |
//! | broker | 브로커 ("브로커 0") |
//! | generation | 제너레이션 |
//! | member id | 멤버 ID |
//! | session timeout | 세션 타임아웃 (`session.timeout.ms` for the setting) |
//! | crash | 장애 (죽다 in prose) |
//! | revoke | 내려놓다(revoke) |
//! | join | 참여하다 |
//! | replica | 복제본 |
//! | static member | 스태틱 멤버 |
//! | acknowledgement | 확인 응답(ack) (`acks` is the setting) |
//! | seconds | 초 ("3.2초"), never " s" before a particle |
//!
//! Particles after a word that varies are chosen by that word (`particle`), never written as
//! pairs like 을(를).

pub mod errors;
pub mod lessons;
pub mod link;
pub mod narrate;
pub mod particle;
pub mod presenter;
pub mod simulate;
pub mod stage;
pub mod study;

pub use narrate::{api_name, is_producer_event, is_protocol_event, narrate, offset_story, preset_title, story};
pub use simulate::Text;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }
    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }
    /// Korean (for data that carries both languages and picks with a flag).
    pub fn is_ko(self) -> bool {
        self == Lang::Ko
    }
    /// The Korean or the English of a text given in both (lesson files, config history).
    pub fn pick<'a, T: ?Sized>(self, ko: &'a T, en: &'a T) -> &'a T {
        match self {
            Lang::Ko => ko,
            Lang::En => en,
        }
    }
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("ko") {
            Some(Lang::Ko)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

/// Items joined by commas; ∅ for none.
pub(crate) fn list<T: ToString>(items: &[T]) -> String {
    if items.is_empty() {
        "∅".to_string()
    } else {
        items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

/// A same-origin file (a lesson, a scenario) that did not arrive, with the HTTP status if the
/// server answered.
pub fn fetch_failed(url: &str, status: Option<u16>, lang: Lang) -> String {
    match (status, lang) {
        (Some(code), Lang::Ko) => format!("{url} 파일이 오지 않았습니다(HTTP {code})"),
        (None, Lang::Ko) => format!("{url} 파일이 오지 않았습니다. 네트워크 연결을 확인하세요"),
        (Some(code), Lang::En) => format!("{url} did not arrive (HTTP {code})"),
        (None, Lang::En) => format!("{url} did not arrive: check the connection"),
    }
}

/// A speed (numerator, denominator) as shown in the speed select: "4×", "0.25×".
pub fn speed_label((n, d): (u32, u32)) -> String {
    // In integers (two decimals are enough for the speeds offered: 0.25×, 0.5×).
    let hundredths = u64::from(n) * 100 / u64::from(d.max(1));
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => format!("{whole}×"),
        f if f % 10 == 0 => format!("{whole}.{}×", f / 10),
        f => format!("{whole}.{f:02}×"),
    }
}

#[cfg(test)]
mod tests {
    use super::narrate::exception_ko;

    #[test]
    fn speed_labels_are_printed_without_floats() {
        let speeds = [(1, 4), (1, 2), (1, 1), (2, 1), (4, 1), (8, 1), (16, 1), (3, 4)];
        let labels: Vec<String> = speeds.iter().map(|s| speed_label(*s)).collect();
        assert_eq!(labels, ["0.25×", "0.5×", "1×", "2×", "4×", "8×", "16×", "0.75×"]);
    }

    #[test]
    fn times_are_printed_in_integers_like_the_float_forms_they_replace() {
        use crate::model::trace::{TraceEntry, TraceEvent};
        let stall = |until_ms| TraceEvent::ConsumerStalled {
            group_id: "g".into(),
            consumer: "c1".into(),
            until_ms: Some(until_ms),
        };
        assert!(narrate(&stall(20_000), Lang::En).contains("until 20.0 s"));
        assert!(narrate(&stall(1_249), Lang::En).contains("until 1.2 s"));
        assert!(narrate(&stall(1_250), Lang::Ko).contains("1.3초까지"));
        let entry = TraceEntry {
            at_ms: 8_005,
            event: stall(9_000),
        };
        assert!(story(&[entry], Lang::En).starts_with("   8.005 s  c1's"), "{}", story(&[], Lang::En));
    }
    use super::*;
    use crate::model::nouns::TopicPartition;
    use crate::model::scenario::Scenario;
    use crate::model::sim::Simulation;

    const ALL_TEXTS: &[Text] = &[
        Text::AppTitle,
        Text::Subtitle,
        Text::Play,
        Text::Pause,
        Text::Step,
        Text::StepBack,
        Text::Speed,
        Text::AddConsumer,
        Text::Crash,
        Text::Close,
        Text::LangToggle,
        Text::LangToggleLabel,
        Text::Time,
        Text::Producer,
        Text::Partition,
        Text::Lag,
        Text::LagShort,
        Text::Committed,
        Text::Position,
        Text::LogEnd,
        Text::Group,
        Text::State,
        Text::Generation,
        Text::Coordinator,
        Text::Broker,
        Text::Consumers,
        Text::Idle,
        Text::Processed,
        Text::Duplicates,
        Text::Lost,
        Text::Events,
        Text::NoEvents,
        Text::Stage,
        Text::Keyboard,
        Text::MemberUnjoined,
        Text::MemberJoining,
        Text::MemberSyncing,
        Text::MemberStable,
        Text::StatusCrashed,
        Text::StatusClosed,
        Text::StatusFailed,
        Text::StatusStalled,
        Text::StatusFrozen,
        Text::EndReached,
        Text::HistoryFull,
        Text::Legend,
        Text::ScenarioError,
        Text::NotesTitle,
        Text::NoteHeartbeat,
        Text::NoteSessionTimeout,
        Text::NoteAutoCommit,
        Text::NoteCompressionDefault,
        Text::NoteLingerDefault,
        Text::NoteStickySwitch,
        Text::NoteProducerDefaults,
        Text::NoteTxnTimeout,
        Text::ScenarioLabel,
        Text::GroupLabel,
        Text::LaneBrokers,
        Text::LaneGap,
        Text::ProtocolLane,
        Text::LaneHeartbeats,
        Text::LaneFetches,
        Text::RingHeartbeat,
        Text::RingSession,
        Text::RingPoll,
        Text::RingAutoCommit,
        Text::Ledger,
        Text::LedgerHint,
        Text::LedgerOnce,
        Text::LedgerDuplicate,
        Text::LedgerLost,
        Text::LedgerPending,
        Text::Timeline,
        Text::TimelineLabel,
        Text::PrevRebalance,
        Text::NextRebalance,
        Text::RestoreBranch,
        Text::ForkNotice,
        Text::MarkerRebalance,
        Text::MarkerCrash,
        Text::MarkerStall,
        Text::MarkerCommit,
        Text::Inspector,
        Text::MemberId,
        Text::MemberState,
        Text::Assigned,
        Text::LastPoll,
        Text::GroupProtocol,
        Text::CommitMode,
        Text::ProcessingTime,
        Text::StallAction,
        Text::ResumeAction,
        Text::GcPauseAction,
        Text::RestartAction,
        Text::AddPartition,
        Text::CloseInspector,
        Text::Shortcuts,
        Text::ShortcutPlay,
        Text::ShortcutStep,
        Text::ShortcutRebalance,
        Text::ShortcutSpeed,
        Text::ShortcutHelp,
        Text::Show,
        Text::FilterAll,
        Text::FilterGroup,
        Text::FilterCommits,
        Text::FilterErrors,
        Text::ChartsTitle,
        Text::ChartPartitionLag,
        Text::ChartLagMax,
        Text::ChartProcessed,
        Text::ChartRebalance,
        Text::ChartShades,
        Text::ConsumerWord,
        Text::ProducerReplaceNote,
        Text::PartitionerRoundRobin,
        Text::PartitionerExplicit,
        Text::StickyNow,
        Text::LookupLabel,
        Text::LookupButton,
        Text::LogStart,
        Text::ProtocolChangeNote,
        Text::PreviousPage,
        Text::NextPage,
        Text::TopicTableCaption,
        Text::StallSeconds,
        Text::StallSecondsInvalid,
        Text::ConfigEditor,
        Text::ConfigDefault,
        Text::ConfigUnusedKip848,
        Text::RedeployNote,
        Text::RestartWithSettings,
        Text::GroupEpoch,
        Text::AssignorInUse,
        Text::Members,
        Text::RollingChange,
        Text::RollingNote,
        Text::ApplyRolling,
        Text::Topic,
        Text::Partitions,
        Text::Leader,
        Text::Rate,
        Text::Sent,
        Text::KeysLabel,
        Text::KeysEdit,
        Text::Partitioner,
        Text::PartitionerText,
        Text::Apply,
        Text::LeadsPartitions,
        Text::CoordinatesGroups,
        Text::BrokerNote,
        Text::FilterProducers,
        Text::LedgerSkipped,
        Text::PauseReplication,
        Text::ReplicationPausedShort,
        Text::ReplicationPausedLong,
        Text::HighWatermark,
        Text::LastStableOffset,
        Text::BrokerFencedShort,
        Text::BrokerDownShort,
        Text::KillBroker,
        Text::RestartBroker,
        Text::BrokerState,
        Text::BrokerUp,
        Text::BrokerDownLong,
        Text::BrokerFencedLong,
        Text::FollowsPartitions,
        Text::DropResponse,
        Text::BeginTxn,
        Text::CommitTxn,
        Text::AbortTxn,
        Text::ProducerStatsHeading,
        Text::Acknowledged,
        Text::FailedRecords,
        Text::DuplicatesWritten,
        Text::AckedLost,
        Text::FireAndForgetLost,
        Text::Retries,
        Text::ProducerIdLabel,
        Text::TxnPhaseLabel,
        Text::Replicas,
        Text::TopicReplicationNote,
        Text::SettingsRejected,
        Text::NothingChanged,
        Text::RateInvalid,
        Text::KeysInvalid,
    ];

    #[test]
    fn exceptions_are_explained_in_korean() {
        let ko = exception_ko("UnreleasedInstanceIdException: the previous process has not left");
        assert!(ko.starts_with("UnreleasedInstanceIdException: ") && ko.contains("세션 타임아웃"), "{ko}");
        assert_eq!(exception_ko("SomethingElse: text"), "SomethingElse: text");
    }

    #[test]
    fn every_preset_has_a_title_in_both_languages() {
        for (id, _) in crate::model::scenario::PRESETS {
            assert!(preset_title(id, Lang::Ko) != "?" && preset_title(id, Lang::En) != "?", "{id}");
            // Every title has its own Korean (not the English shown to both).
            assert_ne!(preset_title(id, Lang::Ko), preset_title(id, Lang::En), "{id}");
        }
    }

    #[test]
    fn every_text_exists_in_both_languages() {
        for text in ALL_TEXTS {
            assert!(!text.get(Lang::Ko).is_empty() && !text.get(Lang::En).is_empty(), "{text:?}");
        }
        // Korean texts that are sentences are really Korean.
        for text in [Text::Play, Text::Events, Text::NoteHeartbeat, Text::Keyboard] {
            assert!(text.get(Lang::Ko).chars().any(|c| ('가'..='힣').contains(&c)), "{text:?}");
        }
    }

    #[test]
    fn offset_stories_tell_duplicates_and_losses() {
        let scenario = Scenario::from_json(include_str!("../../scenarios/commit-modes.json")).unwrap();
        let mut sim = Simulation::new(&scenario);
        sim.run_until(scenario.duration_ms);
        // A duplicate under auto-commit: processed, crash before the commit, processed again.
        let g = &sim.world.groups["auto"];
        let (tp, offset) = g
            .ledger
            .partitions
            .iter()
            .find_map(|(tp, p)| p.counts.iter().position(|&c| c >= 2).map(|o| (tp.clone(), o as u64)))
            .expect("auto-commit duplicates after the crash");
        let en = offset_story(&sim.trace, "auto", &tp, offset, Lang::En);
        assert!(
            en.contains("crashed at") && en.contains("processed again by") && en.contains("a duplicate"),
            "{en}"
        );
        let ko = offset_story(&sim.trace, "auto", &tp, offset, Lang::Ko);
        assert!(ko.contains("다시 처리") && ko.contains("장애") && ko.contains("중복"), "{ko}");
        // Steps joined by arrows, seconds in 초, no semicolons (review item 11).
        assert!(
            ko.contains("초 ") && ko.contains(" → ") && ko.contains(". 결과: ") && !ko.contains(';') && !ko.contains(" s"),
            "{ko}"
        );
        // A loss under sync-before-processing: committed past, never processed.
        let g = &sim.world.groups["sync-before-processing"];
        let (tp, committed) = g
            .coordinator
            .committed
            .iter()
            .find(|(tp, &c)| g.ledger.lost(tp, c) > 0)
            .expect("at-most-once loses records");
        let lost = (0..*committed)
            .find(|&o| g.ledger.count(tp, o) == 0 && g.ledger.partitions[tp].origin.is_some_and(|s| o >= s))
            .unwrap();
        let en = offset_story(&sim.trace, "sync-before-processing", tp, lost, Lang::En);
        assert!(en.contains("before it was processed") && en.ends_with("lost."), "{en}");
        // An offset processed once and committed.
        let en = offset_story(&sim.trace, "sync-after-processing", &TopicPartition::new("orders", 0), 0, Lang::En);
        assert!(en.contains("settled by") && en.contains("exactly once"), "{en}");
    }

    #[test]
    fn every_trace_entry_narrates_in_both_languages() {
        let mut sim = Simulation::new(&Scenario::from_json(include_str!("../../scenarios/crash-auto-commit.json")).unwrap());
        sim.run_until(60_000);
        for entry in &sim.trace {
            let ko = narrate(&entry.event, Lang::Ko);
            let en = narrate(&entry.event, Lang::En);
            assert!(!ko.is_empty() && !en.is_empty() && ko != en, "{entry:?}");
            // Korean sentences are not joined with semicolons.
            assert!(!ko.contains(';'), "{ko}");
        }
    }

    #[test]
    fn lang_parsing() {
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
