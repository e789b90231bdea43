//! (Pure text: no web dependency, so it is tested natively.)
//! Every user-visible string, in Korean and English. Kafka terms (commit, offset, rebalance,
//! poll, fetch, lag…) stay recognisable in Korean, as in the lecture notes.

pub mod study;

use crate::model::cluster::TopicPartition;
use crate::model::config::OffsetReset as Reset;
use crate::model::protocol::{Api, CommitCause, KafkaError};
use crate::model::trace::{EpochReason, ReconcileState, RejoinReason, RemoveReason, RevokeKind, SendFailure, TraceEntry, TraceEvent};

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

/// Fixed UI labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    AppTitle,
    Subtitle,
    Play,
    Pause,
    Step,
    StepBack,
    Speed,
    AddConsumer,
    Crash,
    Close,
    LangToggle,
    LangToggleLabel,
    Time,
    Producer,
    Partition,
    Lag,
    LagShort,
    Committed,
    Position,
    LogEnd,
    Group,
    State,
    Generation,
    Coordinator,
    Broker,
    Consumers,
    Idle,
    Processed,
    Duplicates,
    Lost,
    Events,
    NoEvents,
    Stage,
    Keyboard,
    MemberUnjoined,
    MemberJoining,
    MemberSyncing,
    MemberStable,
    StatusCrashed,
    StatusClosed,
    StatusFailed,
    StatusStalled,
    StatusFrozen,
    RecordsLagMax,
    EndReached,
    Legend,
    LegendCommitted,
    LegendPosition,
    LegendRecord,
    ScenarioError,
    NotesTitle,
    NoteHeartbeat,
    NoteSessionTimeout,
    NoteAutoCommit,
    ScenarioLabel,
    GroupLabel,
    LaneBrokers,
    ProtocolLane,
    LaneHeartbeats,
    LaneFetches,
    RingHeartbeat,
    RingSession,
    RingPoll,
    RingAutoCommit,
    LegendRings,
    Ledger,
    LedgerHint,
    LedgerOnce,
    LedgerDuplicate,
    LedgerLost,
    LedgerPending,
    Timeline,
    TimelineLabel,
    PrevRebalance,
    NextRebalance,
    RestoreBranch,
    ForkNotice,
    MarkerRebalance,
    MarkerCrash,
    MarkerStall,
    MarkerCommit,
    Inspector,
    MemberId,
    MemberState,
    Assigned,
    LastPoll,
    GroupProtocol,
    CommitMode,
    ProcessingTime,
    StallAction,
    ResumeAction,
    GcPauseAction,
    RestartAction,
    AddPartition,
    CloseInspector,
    Shortcuts,
    ShortcutPlay,
    ShortcutStep,
    ShortcutRebalance,
    ShortcutSpeed,
    ShortcutHelp,
    Show,
    FilterAll,
    FilterGroup,
    FilterCommits,
    FilterErrors,
    ChartsTitle,
    ChartPartitionLag,
    ChartLagMax,
    ChartProcessed,
    ChartRebalance,
    ChartShades,
    ConsumerWord,
    ProducerReplaceNote,
    PartitionerRoundRobin,
    PartitionerExplicit,
    StickyNow,
    LookupLabel,
    LookupButton,
    LogStart,
    ProtocolChangeNote,
    PreviousPage,
    NextPage,
    TopicTableCaption,
    StallSeconds,
    StallSecondsInvalid,
    ConfigEditor,
    ConfigDefault,
    ConfigUnusedKip848,
    RedeployNote,
    RestartWithSettings,
    GroupEpoch,
    AssignorInUse,
    Members,
    RollingChange,
    RollingNote,
    ApplyRolling,
    Topic,
    Partitions,
    Leader,
    Rate,
    Sent,
    KeysLabel,
    KeysEdit,
    Partitioner,
    PartitionerText,
    Apply,
    LeadsPartitions,
    CoordinatesGroups,
    BrokerNote,
    SettingsRejected,
    NothingChanged,
    RateInvalid,
    KeysInvalid,
    HighWatermark,
    LastStableOffset,
    BrokerFencedShort,
    BrokerDownShort,
    KillBroker,
    RestartBroker,
    BrokerState,
    BrokerUp,
    BrokerDownLong,
    BrokerFencedLong,
    FollowsPartitions,
    DropResponse,
    BeginTxn,
    CommitTxn,
    AbortTxn,
    ProducerStatsHeading,
    Acknowledged,
    FailedRecords,
    DuplicatesWritten,
    AckedLost,
    FireAndForgetLost,
    Retries,
    ProducerIdLabel,
    TxnPhaseLabel,
    Replicas,
    TopicReplicationNote,
    FilterProducers,
    NoteCompressionDefault,
    NoteLingerDefault,
    NoteStickySwitch,
    NoteProducerDefaults,
    NoteTxnTimeout,
    PauseReplication,
    ReplicationPausedShort,
    ReplicationPausedLong,
    LedgerSkipped,
}

impl Text {
    pub fn get(self, lang: Lang) -> &'static str {
        use Text::*;
        match (self, lang) {
            (AppTitle, _) => "groupscope",
            (Subtitle, Lang::Ko) => "Kafka 컨슈머 그룹 시뮬레이터",
            (Subtitle, Lang::En) => "Kafka consumer group simulator",
            (Play, Lang::Ko) => "재생",
            (Play, Lang::En) => "Play",
            (Pause, Lang::Ko) => "일시정지",
            (Pause, Lang::En) => "Pause",
            (Step, Lang::Ko) => "한 단계",
            (Step, Lang::En) => "Step",
            (StepBack, Lang::Ko) => "한 단계 뒤로",
            (StepBack, Lang::En) => "Step back",
            (Speed, Lang::Ko) => "속도",
            (Speed, Lang::En) => "Speed",
            (AddConsumer, Lang::Ko) => "컨슈머 추가",
            (AddConsumer, Lang::En) => "Add consumer",
            (Crash, Lang::Ko) => "장애(crash)",
            (Crash, Lang::En) => "Crash",
            (Close, Lang::Ko) => "정상 종료",
            (Close, Lang::En) => "Close",
            (LangToggle, Lang::Ko) => "English",
            (LangToggle, Lang::En) => "한국어",
            (LangToggleLabel, Lang::Ko) => "언어를 영어로 바꾸기",
            (LangToggleLabel, Lang::En) => "Switch language to Korean",
            (Time, Lang::Ko) => "시뮬레이션 시간",
            (Time, Lang::En) => "Simulated time",
            (Producer, Lang::Ko) => "프로듀서",
            (Producer, Lang::En) => "Producer",
            (Partition, Lang::Ko) => "파티션",
            (Partition, Lang::En) => "Partition",
            (Lag, Lang::Ko) => "랙(lag)",
            (Lag, Lang::En) => "Lag",
            (LagShort, Lang::Ko) => "랙",
            (LagShort, Lang::En) => "lag",
            (Committed, Lang::Ko) => "커밋된 offset",
            (Committed, Lang::En) => "Committed offset",
            (Position, Lang::Ko) => "컨슈머 position",
            (Position, Lang::En) => "Consumer position",
            (LogEnd, Lang::Ko) => "로그 끝 (high watermark)",
            (LogEnd, Lang::En) => "Log end (high watermark)",
            (Group, Lang::Ko) => "컨슈머 그룹",
            (Group, Lang::En) => "Consumer group",
            (State, Lang::Ko) => "상태",
            (State, Lang::En) => "State",
            (Generation, Lang::Ko) => "generation",
            (Generation, Lang::En) => "Generation",
            (Coordinator, Lang::Ko) => "그룹 코디네이터",
            (Coordinator, Lang::En) => "Group coordinator",
            (Broker, Lang::Ko) => "브로커",
            (Broker, Lang::En) => "Broker",
            (Consumers, Lang::Ko) => "컨슈머",
            (Consumers, Lang::En) => "Consumers",
            (Idle, Lang::Ko) => "할당 없음 (유휴)",
            (Idle, Lang::En) => "no partitions (idle)",
            (Processed, Lang::Ko) => "처리 완료",
            (Processed, Lang::En) => "Processed",
            (Duplicates, Lang::Ko) => "중복 처리",
            (Duplicates, Lang::En) => "Duplicates",
            (Lost, Lang::Ko) => "유실",
            (Lost, Lang::En) => "Lost",
            (Events, Lang::Ko) => "일어난 일 (최신순)",
            (Events, Lang::En) => "What happened (newest first)",
            (NoEvents, Lang::Ko) => "아직 아무 일도 없습니다. 재생을 누르세요.",
            (NoEvents, Lang::En) => "Nothing has happened yet. Press Play.",
            (Stage, Lang::Ko) => "프로듀서에서 파티션을 거쳐 컨슈머로 가는 레코드",
            (Stage, Lang::En) => "Records flowing from the producer through partitions to consumers",
            (Keyboard, Lang::Ko) => "단축키: Space 재생/일시정지, →/← 한 단계, ]/[ rebalance, +/− 속도, ? 도움말",
            (Keyboard, Lang::En) => "Keys: Space play/pause, →/← step, ]/[ rebalance, +/− speed, ? help",
            (MemberUnjoined, Lang::Ko) => "그룹 밖",
            (MemberUnjoined, Lang::En) => "not in group",
            (MemberJoining, Lang::Ko) => "JoinGroup 중",
            (MemberJoining, Lang::En) => "joining",
            (MemberSyncing, Lang::Ko) => "SyncGroup 중",
            (MemberSyncing, Lang::En) => "syncing",
            (MemberStable, Lang::Ko) => "정상",
            (MemberStable, Lang::En) => "stable",
            (StatusCrashed, Lang::Ko) => "장애로 중단",
            (StatusCrashed, Lang::En) => "crashed",
            (StatusClosed, Lang::Ko) => "종료됨",
            (StatusClosed, Lang::En) => "closed",
            (StatusFailed, Lang::Ko) => "예외로 중단",
            (StatusFailed, Lang::En) => "failed",
            (StatusStalled, Lang::Ko) => "poll() 멈춤",
            (StatusStalled, Lang::En) => "not polling",
            (StatusFrozen, Lang::Ko) => "GC pause로 정지",
            (StatusFrozen, Lang::En) => "frozen (GC pause)",
            (RecordsLagMax, Lang::Ko) => "records-lag-max",
            (RecordsLagMax, Lang::En) => "records-lag-max",
            (EndReached, Lang::Ko) => "시나리오 끝에 도달했습니다",
            (EndReached, Lang::En) => "End of the scenario reached",
            (Timeline, Lang::Ko) => "타임라인",
            (Timeline, Lang::En) => "Timeline",
            (TimelineLabel, Lang::Ko) => "시뮬레이션 시간 이동 (끌면 그 순간을 정확히 보여 줌)",
            (TimelineLabel, Lang::En) => "Move through simulated time (drag to see any moment exactly)",
            (PrevRebalance, Lang::Ko) => "이전 rebalance",
            (PrevRebalance, Lang::En) => "Previous rebalance",
            (NextRebalance, Lang::Ko) => "다음 rebalance",
            (NextRebalance, Lang::En) => "Next rebalance",
            (RestoreBranch, Lang::Ko) => "버린 미래 되돌리기",
            (RestoreBranch, Lang::En) => "Restore the discarded future",
            (ForkNotice, Lang::Ko) => "과거 시점에서 조작했기 때문에 그 뒤에 일어났던 일은 버려졌습니다. 한 번은 되돌릴 수 있습니다.",
            (ForkNotice, Lang::En) => "You acted in the past, so what had happened after that moment was discarded. You can restore it once.",
            (MarkerRebalance, Lang::Ko) => "▲ rebalance 시작",
            (MarkerRebalance, Lang::En) => "▲ rebalance starts",
            (MarkerCrash, Lang::Ko) => "✕ 장애(crash)",
            (MarkerCrash, Lang::En) => "✕ crash",
            (MarkerStall, Lang::Ko) => "■ poll 멈춤 / GC pause",
            (MarkerStall, Lang::En) => "■ stall / GC pause",
            (MarkerCommit, Lang::Ko) => "│ 커밋",
            (MarkerCommit, Lang::En) => "│ commit",
            (Inspector, Lang::Ko) => "살펴보기",
            (Inspector, Lang::En) => "Inspector",
            (TopicTableCaption, Lang::Ko) => "파티션별 리더 브로커, log start offset, high watermark(HW), 로그 끝 offset(LEO), 그룹별 커밋된 offset(C)",
            (TopicTableCaption, Lang::En) => "Per partition: leader broker, log start offset, high watermark (HW), log end offset (LEO) and each group's committed offset (C)",
            (PreviousPage, Lang::Ko) => "이전 파티션들",
            (PreviousPage, Lang::En) => "Previous partitions",
            (NextPage, Lang::Ko) => "다음 파티션들",
            (NextPage, Lang::En) => "Next partitions",
            (ProtocolChangeNote, Lang::Ko) => "group.protocol을 바꾸면 모든 컨슈머를 한꺼번에 재시작합니다. 그룹이 비었다가 새 프로토콜로 다시 만들어지고, 커밋된 offset은 그대로 남습니다. Kafka 4.0은 두 프로토콜이 섞인 채로 온라인 전환도 지원하지만(group.consumer.migration.policy), 이 모델에는 아직 없습니다.",
            (ProtocolChangeNote, Lang::En) => "Changing group.protocol restarts every consumer at once: the group empties and forms again under the new protocol, keeping its committed offsets. Kafka 4.0 can also convert a live group with both kinds of member (group.consumer.migration.policy); this model does not do that yet.",
            (LookupLabel, Lang::Ko) => "offset 찾기 (창 밖의 것도)",
            (LookupLabel, Lang::En) => "Any offset (also older ones)",
            (LookupButton, Lang::Ko) => "이야기 보기",
            (LookupButton, Lang::En) => "Tell its story",
            (ProducerReplaceNote, Lang::Ko) => "속도와 키는 애플리케이션이 바로 바꿉니다. 프로듀서 설정이 바뀌면 Kafka 프로듀서의 설정은 고정이라 새 설정의 프로듀서로 교체하며, 파티션 선택 상태(sticky 파티션, 라운드 로빈 카운터)는 처음부터 다시 시작합니다.",
            (ProducerReplaceNote, Lang::En) => "Rate and keys change in the application at once. A Kafka producer's settings are fixed, so new producer properties mean a new producer: partitioning (sticky partition, round-robin counter) starts afresh.",
            (ConsumerWord, Lang::Ko) => "컨슈머",
            (ConsumerWord, Lang::En) => "Consumer",
            (MemberId, Lang::Ko) => "member id",
            (MemberId, Lang::En) => "Member id",
            (MemberState, Lang::Ko) => "멤버 상태",
            (MemberState, Lang::En) => "Membership",
            (Assigned, Lang::Ko) => "할당된 파티션",
            (Assigned, Lang::En) => "Assigned partitions",
            (LastPoll, Lang::Ko) => "마지막 poll() 이후",
            (LastPoll, Lang::En) => "Since the last poll()",
            (GroupProtocol, Lang::Ko) => "그룹 프로토콜",
            (GroupProtocol, Lang::En) => "Group protocol",
            (CommitMode, Lang::Ko) => "커밋 방식",
            (CommitMode, Lang::En) => "Commit mode",
            (ProcessingTime, Lang::Ko) => "레코드당 처리 시간",
            (ProcessingTime, Lang::En) => "Processing per record",
            (StallAction, Lang::Ko) => "poll() 10초 멈추기",
            (StallAction, Lang::En) => "Stop polling 10 s",
            (ResumeAction, Lang::Ko) => "poll() 다시 시작",
            (ResumeAction, Lang::En) => "Resume polling",
            (GcPauseAction, Lang::Ko) => "GC pause 20초",
            (GcPauseAction, Lang::En) => "GC pause 20 s",
            (RestartAction, Lang::Ko) => "재시작 (5초 다운)",
            (RestartAction, Lang::En) => "Restart (down 5 s)",
            (AddPartition, Lang::Ko) => "파티션 추가",
            (AddPartition, Lang::En) => "Add a partition",
            (CloseInspector, Lang::Ko) => "닫기",
            (CloseInspector, Lang::En) => "Close",
            (Shortcuts, Lang::Ko) => "단축키",
            (Shortcuts, Lang::En) => "Keyboard shortcuts",
            (ShortcutPlay, Lang::Ko) => "Space: 재생 / 일시정지",
            (ShortcutPlay, Lang::En) => "Space: play / pause",
            (ShortcutStep, Lang::Ko) => "→ / ←: 한 단계 앞으로 / 뒤로",
            (ShortcutStep, Lang::En) => "→ / ←: one step forward / back",
            (ShortcutRebalance, Lang::Ko) => "] / [: 다음 / 이전 rebalance로 이동",
            (ShortcutRebalance, Lang::En) => "] / [: jump to the next / previous rebalance",
            (ShortcutSpeed, Lang::Ko) => "+ / −: 속도 올리기 / 내리기",
            (ShortcutSpeed, Lang::En) => "+ / −: faster / slower",
            (ShortcutHelp, Lang::Ko) => "?: 이 도움말 열기, Esc: 닫기",
            (ShortcutHelp, Lang::En) => "?: this sheet, Esc: close it",
            (Show, Lang::Ko) => "보기",
            (Show, Lang::En) => "Show",
            (FilterAll, Lang::Ko) => "전부",
            (FilterAll, Lang::En) => "everything",
            (FilterGroup, Lang::Ko) => "그룹 프로토콜만",
            (FilterGroup, Lang::En) => "group protocol only",
            (FilterCommits, Lang::Ko) => "커밋만",
            (FilterCommits, Lang::En) => "commits only",
            (ReplicationPausedShort, Lang::Ko) => "복제 멈춤",
            (ReplicationPausedShort, Lang::En) => "replication paused",
            (ReplicationPausedLong, Lang::Ko) => "실행 중, 팔로워 복제(fetch)는 멈춤 — 리더는 replica.lag.time.max.ms 뒤 ISR에서 뺌",
            (ReplicationPausedLong, Lang::En) => "Running, but its follower fetchers are paused: leaders drop it from the ISR after replica.lag.time.max.ms",
            (PauseReplication, Lang::Ko) => "복제 40초 멈추기",
            (PauseReplication, Lang::En) => "Pause replication 40 s",
            (FilterProducers, Lang::Ko) => "프로듀서와 브로커만",
            (FilterProducers, Lang::En) => "producers and brokers only",
            (FilterErrors, Lang::Ko) => "오류와 장애만",
            (FilterErrors, Lang::En) => "errors and failures only",
            (Ledger, Lang::Ko) => "전달 장부 (offset별 처리 횟수)",
            (Ledger, Lang::En) => "Delivery ledger (times each offset was processed)",
            (LedgerHint, Lang::Ko) => "칸을 누르면 그 offset의 이야기가 나옵니다. 최근 offset만 보입니다.",
            (LedgerHint, Lang::En) => "Click a cell for that offset's story. The latest offsets are shown.",
            (LedgerOnce, Lang::Ko) => "1 = 한 번",
            (LedgerOnce, Lang::En) => "1 = once",
            (LedgerDuplicate, Lang::Ko) => "2+ = 중복",
            (LedgerDuplicate, Lang::En) => "2+ = duplicate",
            (LedgerLost, Lang::Ko) => "✕ = 유실 (커밋됐지만 처리 안 됨)",
            (LedgerLost, Lang::En) => "✕ = lost (committed, never processed)",
            (LedgerSkipped, Lang::Ko) => "– = 컨슈머에게 주지 않는 레코드 (트랜잭션 마커, read_committed에서는 abort된 레코드)",
            (LedgerSkipped, Lang::En) => "– = never given to consumers (transaction markers; for read_committed, aborted records)",
            (LedgerPending, Lang::Ko) => "· = 아직 처리 안 됨",
            (LedgerPending, Lang::En) => "· = not processed yet",
            (ChartsTitle, Lang::Ko) => "차트: lag과 처리량",
            (ChartsTitle, Lang::En) => "Charts: lag and throughput",
            (ChartPartitionLag, Lang::Ko) => "파티션별 lag (high watermark − commit된 offset)",
            (ChartPartitionLag, Lang::En) => "Lag per partition (high watermark − committed offset)",
            (ChartLagMax, Lang::Ko) => "컨슈머별 records-lag-max",
            (ChartLagMax, Lang::En) => "records-lag-max per consumer",
            (ChartProcessed, Lang::Ko) => "초당 처리한 레코드",
            (ChartProcessed, Lang::En) => "Records processed per second",
            (ChartRebalance, Lang::Ko) => "빗금: rebalance 진행 중 (그룹이 Stable이 아닌 구간)",
            (ChartRebalance, Lang::En) => "Hatched: rebalance in progress (group not Stable)",
            (ChartShades, Lang::Ko) => "진할수록 lag이 큽니다. 회색은 lag 0, 빈 칸은 아직 commit이 없는 파티션입니다. records-lag-max는 마지막 fetch가 본 high watermark − position입니다.",
            (ChartShades, Lang::En) => "Darker means more lag; grey is lag 0; blank means nothing committed yet. records-lag-max is high watermark − position as the consumer's latest fetch saw it.",
            (StallSeconds, Lang::Ko) => "멈출 시간 (초)",
            (StallSeconds, Lang::En) => "Stall for (s)",
            (StallSecondsInvalid, Lang::Ko) => "멈출 시간은 1에서 600 사이의 정수(초)여야 합니다",
            (StallSecondsInvalid, Lang::En) => "The stall must be a whole number of seconds from 1 to 600",
            (ConfigEditor, Lang::Ko) => "설정 (Kafka 속성 이름)",
            (ConfigEditor, Lang::En) => "Configuration (Kafka property names)",
            (ConfigDefault, Lang::Ko) => "기본값",
            (ConfigDefault, Lang::En) => "default",
            (ConfigUnusedKip848, Lang::Ko) => "consumer 프로토콜에서는 쓰이지 않음",
            (ConfigUnusedKip848, Lang::En) => "not used by the consumer protocol",
            (RedeployNote, Lang::Ko) => "실행 중인 컨슈머의 설정은 그 자리에서 바뀌지 않습니다. 프로세스를 close()로 끝내고 새 설정으로 다시 시작합니다.",
            (RedeployNote, Lang::En) => "A running consumer's settings cannot change in place: the process is closed (close()) and started again with the new settings.",
            (RestartWithSettings, Lang::Ko) => "이 설정으로 재시작",
            (RestartWithSettings, Lang::En) => "Restart with these settings",
            (GroupEpoch, Lang::Ko) => "그룹 epoch",
            (GroupEpoch, Lang::En) => "group epoch",
            (AssignorInUse, Lang::Ko) => "사용 중인 assignor",
            (AssignorInUse, Lang::En) => "Assignor in use",
            (Members, Lang::Ko) => "멤버",
            (Members, Lang::En) => "Members",
            (RollingChange, Lang::Ko) => "그룹 전체 설정 변경",
            (RollingChange, Lang::En) => "Change the whole group",
            (RollingNote, Lang::Ko) => "컨슈머를 하나씩 close()한 뒤 새 설정으로 다시 시작합니다 (8초 간격, 롤링 재시작). 공통 assignor가 없는 조합이면 Kafka처럼 INCONSISTENT_GROUP_PROTOCOL 오류가 납니다.",
            (RollingNote, Lang::En) => "Each consumer is closed and started again with the new settings, one every 8 s (a rolling restart). A mix with no assignor in common fails as in Kafka, with INCONSISTENT_GROUP_PROTOCOL.",
            (ApplyRolling, Lang::Ko) => "롤링 재시작으로 적용",
            (ApplyRolling, Lang::En) => "Apply as a rolling restart",
            (Topic, Lang::Ko) => "토픽",
            (Topic, Lang::En) => "Topic",
            (Partitions, Lang::Ko) => "파티션",
            (Partitions, Lang::En) => "Partition",
            (Leader, Lang::Ko) => "리더",
            (Leader, Lang::En) => "Leader",
            (Rate, Lang::Ko) => "초당 레코드",
            (Rate, Lang::En) => "Records/s",
            (Sent, Lang::Ko) => "보낸 레코드",
            (Sent, Lang::En) => "Sent",
            (KeysLabel, Lang::Ko) => "키",
            (KeysLabel, Lang::En) => "Keys",
            (KeysEdit, Lang::Ko) => "키 (쉼표로 구분, 비우면 키 없음)",
            (KeysEdit, Lang::En) => "Keys (comma-separated; empty: no key)",
            (Partitioner, Lang::Ko) => "파티션 선택",
            (Partitioner, Lang::En) => "Partitioner",
            (PartitionerText, Lang::Ko) => "키가 있으면 murmur2(key) % 파티션 수. 키가 없으면 built-in sticky partitioner: batch.size bytes를 보낼 때까지 한 파티션에 붙어 있다가 무작위로 새 파티션을 고릅니다",
            (PartitionerText, Lang::En) => "Keyed: murmur2(key) % partition count. Key-less: the built-in sticky partitioner stays on one partition until batch.size bytes went there, then draws a new one at random",
            (PartitionerRoundRobin, Lang::Ko) => "RoundRobinPartitioner: 키와 상관없이 레코드마다 다음 파티션",
            (PartitionerRoundRobin, Lang::En) => "RoundRobinPartitioner: the next partition for every record, keys ignored",
            (PartitionerExplicit, Lang::Ko) => "레코드마다 파티션을 직접 지정 (키와 partitioner보다 우선)",
            (PartitionerExplicit, Lang::En) => "Every record names its partition (wins over keys and partitioners)",
            (StickyNow, Lang::Ko) => "지금의 sticky 파티션",
            (StickyNow, Lang::En) => "Sticky partition now",
            (Apply, Lang::Ko) => "적용",
            (Apply, Lang::En) => "Apply",
            (LeadsPartitions, Lang::Ko) => "리더인 파티션",
            (LeadsPartitions, Lang::En) => "Leads partitions",
            (CoordinatesGroups, Lang::Ko) => "코디네이터인 그룹",
            (CoordinatesGroups, Lang::En) => "Coordinator of groups",
            (BrokerNote, Lang::Ko) => "브로커를 죽이면 클라이언트 연결이 끊기고, broker.session.timeout.ms 뒤 컨트롤러가 펜싱하여 ISR에서 빼고 새 리더를 뽑습니다. 그룹·트랜잭션 코디네이터는 이 모델에서 옮겨 가지 않습니다.",
            (BrokerNote, Lang::En) => "Killing a broker drops its clients' connections; after broker.session.timeout.ms the controller fences it, takes it out of every ISR and elects new leaders. Group and transaction coordinators do not move in this model.",
            (HighWatermark, Lang::Ko) => "high watermark (컨슈머는 이 앞까지만 읽음)",
            (HighWatermark, Lang::En) => "High watermark (consumers read below it)",
            (LastStableOffset, Lang::Ko) => "LSO, last stable offset (read_committed는 이 앞까지만 읽음)",
            (LastStableOffset, Lang::En) => "Last stable offset (read_committed reads below it)",
            (BrokerFencedShort, Lang::Ko) => "펜싱됨",
            (BrokerFencedShort, Lang::En) => "fenced",
            (BrokerDownShort, Lang::Ko) => "다운",
            (BrokerDownShort, Lang::En) => "down",
            (KillBroker, Lang::Ko) => "브로커 죽이기",
            (KillBroker, Lang::En) => "Kill broker",
            (RestartBroker, Lang::Ko) => "브로커 재시작",
            (RestartBroker, Lang::En) => "Restart broker",
            (BrokerState, Lang::Ko) => "상태",
            (BrokerState, Lang::En) => "State",
            (BrokerUp, Lang::Ko) => "실행 중",
            (BrokerUp, Lang::En) => "Running",
            (BrokerDownLong, Lang::Ko) => "프로세스 중단 — 컨트롤러가 아직 모름 (broker.session.timeout.ms 대기)",
            (BrokerDownLong, Lang::En) => "Process down; the controller has not noticed yet (broker.session.timeout.ms)",
            (BrokerFencedLong, Lang::Ko) => "중단, 컨트롤러가 펜싱함 — ISR에서 빠지고 리더를 넘김",
            (BrokerFencedLong, Lang::En) => "Down and fenced by the controller: out of every ISR, leads nothing",
            (FollowsPartitions, Lang::Ko) => "팔로워인 파티션 (✕ = ISR 밖)",
            (FollowsPartitions, Lang::En) => "Follows partitions (✕ = out of the ISR)",
            (DropResponse, Lang::Ko) => "다음 produce 응답 잃어버리기",
            (DropResponse, Lang::En) => "Lose the next produce response",
            (BeginTxn, Lang::Ko) => "beginTransaction()",
            (BeginTxn, Lang::En) => "beginTransaction()",
            (CommitTxn, Lang::Ko) => "commitTransaction()",
            (CommitTxn, Lang::En) => "commitTransaction()",
            (AbortTxn, Lang::Ko) => "abortTransaction()",
            (AbortTxn, Lang::En) => "abortTransaction()",
            (ProducerStatsHeading, Lang::Ko) => "전송 결과",
            (ProducerStatsHeading, Lang::En) => "Delivery",
            (Acknowledged, Lang::Ko) => "확인(ack)됨",
            (Acknowledged, Lang::En) => "Acknowledged",
            (FailedRecords, Lang::Ko) => "실패",
            (FailedRecords, Lang::En) => "Failed",
            (DuplicatesWritten, Lang::Ko) => "중복 기록",
            (DuplicatesWritten, Lang::En) => "Written twice",
            (AckedLost, Lang::Ko) => "확인 후 유실",
            (AckedLost, Lang::En) => "Acknowledged, then lost",
            (FireAndForgetLost, Lang::Ko) => "acks=0 유실 (프로듀서는 모름)",
            (FireAndForgetLost, Lang::En) => "acks=0 lost (the producer cannot know)",
            (Retries, Lang::Ko) => "재시도 (배치)",
            (Retries, Lang::En) => "Retries (batches)",
            (ProducerIdLabel, Lang::Ko) => "producer id / epoch",
            (ProducerIdLabel, Lang::En) => "Producer id / epoch",
            (TxnPhaseLabel, Lang::Ko) => "트랜잭션",
            (TxnPhaseLabel, Lang::En) => "Transaction",
            (Replicas, Lang::Ko) => "복제본",
            (Replicas, Lang::En) => "Replicas",
            (TopicReplicationNote, Lang::Ko) => "★ = 리더, ✕ = ISR 밖. HW는 모든 ISR 복제본에 있는 곳까지, LSO는 열린 트랜잭션의 시작(없으면 HW)입니다.",
            (TopicReplicationNote, Lang::En) => "★ = leader, ✕ = out of the ISR. The HW is where every ISR replica has the log up to; the LSO is the first open transaction's start (the HW if none).",

            (SettingsRejected, Lang::Ko) => "설정을 적용할 수 없습니다",
            (SettingsRejected, Lang::En) => "Cannot apply the settings",
            (NothingChanged, Lang::Ko) => "바뀐 설정이 없습니다.",
            (NothingChanged, Lang::En) => "No setting differs from the current one.",
            (RateInvalid, Lang::Ko) => "초당 레코드는 0에서 10000 사이의 정수여야 합니다",
            (RateInvalid, Lang::En) => "Records/s must be a whole number from 0 to 10000",
            (KeysInvalid, Lang::Ko) => "키는 64개까지, 각각 64자까지 쓸 수 있습니다.",
            (KeysInvalid, Lang::En) => "Up to 64 keys, each up to 64 characters.",
            (RingHeartbeat, Lang::Ko) => "H = 마지막 heartbeat 이후 (heartbeat 주기 대비)",
            (RingHeartbeat, Lang::En) => "H = time since the last heartbeat, of the heartbeat interval",
            (RingSession, Lang::Ko) => "S = 코디네이터가 보는 session timeout (다 차면 멤버에서 제거)",
            (RingSession, Lang::En) => "S = the session timeout as the coordinator sees it (full: the member is removed)",
            (RingPoll, Lang::Ko) => "P = 마지막 poll() 이후 (max.poll.interval.ms 대비, 다 차면 그룹을 떠남)",
            (RingPoll, Lang::En) => "P = time since the last poll(), of max.poll.interval.ms (full: it leaves the group)",
            (RingAutoCommit, Lang::Ko) => "A = 다음 auto commit까지 (auto.commit.interval.ms)",
            (RingAutoCommit, Lang::En) => "A = progress to the next auto-commit (auto.commit.interval.ms)",
            (LegendRings, Lang::Ko) => "고리 = 타이머: H heartbeat, S session, P poll, A auto commit",
            (LegendRings, Lang::En) => "rings = timers: H heartbeat, S session, P poll, A auto-commit",
            (ProtocolLane, Lang::Ko) => "프로토콜 레인: 최근 요청과 응답 (시퀀스 다이어그램, 시간은 위에서 아래로), 띠는 그룹 상태",
            (ProtocolLane, Lang::En) => "Protocol lane: the latest requests and responses (a sequence diagram, time runs down); bands show the group state",
            (LaneHeartbeats, Lang::Ko) => "heartbeat 보기",
            (LaneHeartbeats, Lang::En) => "Show heartbeats",
            (LaneFetches, Lang::Ko) => "fetch 보기",
            (LaneFetches, Lang::En) => "Show fetches",
            (LaneBrokers, Lang::Ko) => "파티션 리더 (Fetch)",
            (LaneBrokers, Lang::En) => "Partition leaders (Fetch)",
            (ScenarioLabel, Lang::Ko) => "시나리오",
            (ScenarioLabel, Lang::En) => "Scenario",
            (GroupLabel, Lang::Ko) => "보이는 그룹",
            (GroupLabel, Lang::En) => "Group shown",
            (Legend, Lang::Ko) => "범례",
            (Legend, Lang::En) => "Legend",
            (LegendCommitted, Lang::Ko) => "C = 그룹의 커밋된 offset (그룹이 여럿이면 A, B…) · 굵은 세로선 = high watermark · 점선 = log start offset · 보라 점선 = LSO · 검은 ✓/빨간 ✗ 칸 = 트랜잭션 커밋/abort 마커 · 빗금 = abort된 레코드 · 흐린 점선 칸 = high watermark 위(아직 복제 안 됨) · 보라 점선 칸 = 진행 중인 트랜잭션",
            (LegendCommitted, Lang::En) => "C = the group's committed offset (A, B… with several groups) · thick bar = high watermark · dashed bar = log start offset · purple dashed bar = LSO · dark ✓ / red ✗ cells = transaction COMMIT / ABORT markers · hatched = aborted records · faded dashed cells = above the high watermark (not replicated yet) · purple outline = transaction still open",
            (LogStart, Lang::Ko) => "log start offset",
            (LogStart, Lang::En) => "Log start offset",
            (LegendPosition, Lang::Ko) => "도형 = 컨슈머의 position (다음에 읽을 offset)",
            (LegendPosition, Lang::En) => "shape = a consumer's position (next offset to read)",
            (LegendRecord, Lang::Ko) => "칸 = 레코드 (숫자는 offset, 색은 key)",
            (LegendRecord, Lang::En) => "cell = a record (number = offset, colour = key)",
            (ScenarioError, Lang::Ko) => "시나리오 오류",
            (ScenarioError, Lang::En) => "Scenario error",
            (NotesTitle, Lang::Ko) => "강의 노트와 다른 점 (Kafka 4.0 기준)",
            (NotesTitle, Lang::En) => "Where older notes differ (Kafka 4.0)",
            (NoteHeartbeat, Lang::Ko) => "heartbeat는 poll()이나 commit 때 보내는 것이 아니라, 0.10.1부터 백그라운드 스레드가 heartbeat.interval.ms마다 보냅니다. 처리가 느려도 세션은 유지되고, 대신 max.poll.interval.ms가 poll() 간격을 감시합니다.",
            (NoteHeartbeat, Lang::En) => "Heartbeats are not sent on poll() or commit: since 0.10.1 a background thread sends them every heartbeat.interval.ms. Slow processing keeps the session alive; max.poll.interval.ms watches the gap between poll() calls instead.",
            (NoteSessionTimeout, Lang::Ko) => "session.timeout.ms 기본값은 10초가 아니라 Kafka 3.0부터 45초입니다 (이 예제는 수업용으로 10초로 설정).",
            (NoteSessionTimeout, Lang::En) => "session.timeout.ms defaults to 45 s since Kafka 3.0, not 10 s (this example sets 10 s for the classroom).",
            (NoteAutoCommit, Lang::Ko) => "auto commit은 타이머가 따로 도는 것이 아니라, interval이 지난 뒤의 poll() 안에서 그때까지 돌려준 레코드의 position을 비동기로 커밋합니다. 그래서 처리 중에 장애가 나면 중복 처리가 생깁니다.",
            (NoteAutoCommit, Lang::En) => "Auto-commit has no timer of its own: inside the first poll() after the interval, it commits (asynchronously) the positions of records returned so far. A crash mid-batch therefore causes duplicates.",
            (NoteCompressionDefault, Lang::Ko) => "compression.type 기본값은 snappy가 아니라 none입니다 (토픽 쪽 기본값은 producer: 프로듀서가 보낸 그대로 저장). 압축은 메시지 하나씩이 아니라 배치 단위로 합니다.",
            (NoteCompressionDefault, Lang::En) => "compression.type defaults to none, not snappy (the topic's default, producer, keeps what the producer sent); compression applies to whole batches, not to single messages.",
            (NoteLingerDefault, Lang::Ko) => "linger.ms 기본값은 Kafka 4.0부터 0이 아니라 5 ms입니다 (KIP-1030).",
            (NoteLingerDefault, Lang::En) => "linger.ms defaults to 5 ms since Kafka 4.0 (KIP-1030), not 0.",
            (NoteStickySwitch, Lang::Ko) => "3.3부터의 기본 파티셔너(uniform sticky)는 버퍼가 flush될 때가 아니라, 한 파티션에 batch.size 바이트 이상을 보냈고 그 파티션의 마지막 배치가 찼을 때(또는 2 × batch.size) 파티션을 바꿉니다. flush 시점에 바꾸는 것은 2.4–3.2의 DefaultPartitioner(KIP-480)입니다.",
            (NoteStickySwitch, Lang::En) => "Since 3.3 the built-in (uniform sticky) partitioner switches once batch.size bytes went to the partition and its last batch is full (or at 2 × batch.size), not when the buffer is flushed; switching on a new batch was 2.4–3.2's DefaultPartitioner (KIP-480).",
            (NoteProducerDefaults, Lang::Ko) => "Kafka 3.0부터 acks 기본값은 1이 아니라 all이고, enable.idempotence도 기본으로 켜져 있습니다 (KIP-679). acks=all에 min.insync.replicas를 못 채우면 NOT_ENOUGH_REPLICAS로 거절됩니다.",
            (NoteProducerDefaults, Lang::En) => "Since Kafka 3.0, acks defaults to all (not 1) and enable.idempotence is on by default (KIP-679); acks=all below min.insync.replicas is refused with NOT_ENOUGH_REPLICAS.",
            (NoteTxnTimeout, Lang::Ko) => "트랜잭션이 transaction.timeout.ms(기본 60초) 안에 끝나지 않으면 트랜잭션 코디네이터가 abort하고 epoch을 올립니다. 메시지를 처음부터 다시 받는 것이 아니라, read_committed 컨슈머가 그 레코드를 건너뛰고 프로듀서는 새 트랜잭션을 시작해야 합니다.",
            (NoteTxnTimeout, Lang::En) => "A transaction not finished within transaction.timeout.ms (60 s) is aborted by the transaction coordinator, which bumps the epoch: nothing is re-received; read_committed consumers skip its records and the producer must start a new transaction.",
        }
    }
}

pub fn api_name(api: Api) -> &'static str {
    match api {
        Api::JoinGroup => "JoinGroup",
        Api::SyncGroup => "SyncGroup",
        Api::Heartbeat => "Heartbeat",
        Api::LeaveGroup => "LeaveGroup",
        Api::OffsetCommit => "OffsetCommit",
        Api::OffsetFetch => "OffsetFetch",
        Api::Fetch => "Fetch",
        Api::ConsumerGroupHeartbeat => "ConsumerGroupHeartbeat",
    }
}

fn cause_text(cause: CommitCause, lang: Lang) -> &'static str {
    match (cause, lang) {
        (CommitCause::AutoInterval, Lang::Ko) => "auto commit (auto.commit.interval.ms 경과, poll() 안에서)",
        (CommitCause::AutoInterval, Lang::En) => "auto-commit (auto.commit.interval.ms elapsed, inside poll())",
        (CommitCause::AutoBeforeRebalance, Lang::Ko) => "rebalance 직전 auto commit",
        (CommitCause::AutoBeforeRebalance, Lang::En) => "auto-commit before rebalancing",
        (CommitCause::AutoOnClose, Lang::Ko) => "close() 안의 동기 auto commit",
        (CommitCause::AutoOnClose, Lang::En) => "synchronous auto-commit in close()",
        (CommitCause::SyncAfterBatch, Lang::Ko) => "처리 후 commitSync()",
        (CommitCause::SyncAfterBatch, Lang::En) => "commitSync() after processing",
        (CommitCause::AsyncAfterBatch, Lang::Ko) => "처리 후 commitAsync()",
        (CommitCause::AsyncAfterBatch, Lang::En) => "commitAsync() after processing",
        (CommitCause::AsyncRetry, Lang::Ko) => "실패한 commitAsync()를 콜백에서 같은 offset으로 재시도 (더 새로운 커밋을 덮어쓸 수 있음)",
        (CommitCause::AsyncRetry, Lang::En) => "the callback retries a failed commitAsync() with the same offsets (it may overwrite a newer commit)",
        (CommitCause::SyncBeforeBatch, Lang::Ko) => "처리 전 commitSync() (at-most-once)",
        (CommitCause::SyncBeforeBatch, Lang::En) => "commitSync() before processing (at-most-once)",
        (CommitCause::SyncPerRecord, Lang::Ko) => "레코드마다 commitSync()",
        (CommitCause::SyncPerRecord, Lang::En) => "commitSync() after each record",
        (CommitCause::SyncOnRevoke, Lang::Ko) => "onPartitionsRevoked 안의 commitSync()",
        (CommitCause::SyncOnRevoke, Lang::En) => "commitSync() in onPartitionsRevoked",
        (CommitCause::SyncOnClose, Lang::Ko) => "종료 전 commitSync()",
        (CommitCause::SyncOnClose, Lang::En) => "commitSync() before close()",
        (CommitCause::Transaction, Lang::Ko) => "sendOffsetsToTransaction() — 트랜잭션이 커밋되어야 유효",
        (CommitCause::Transaction, Lang::En) => "sendOffsetsToTransaction(): they count only if the transaction commits",
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

/// The Korean explanation of an exception the engine reports (the Java name is kept).
fn exception_ko(reason: &str) -> String {
    let name = reason.split(':').next().unwrap_or(reason);
    let why = match name {
        "NoOffsetForPartitionException" => "커밋된 offset이 없고 auto.offset.reset=none입니다",
        "FencedInstanceIdException" => "같은 group.instance.id를 가진 다른 컨슈머가 참여했습니다",
        "InconsistentGroupProtocolException" => "그룹의 다른 멤버들과 공통으로 지원하는 assignor나 프로토콜이 없습니다",
        "UnreleasedInstanceIdException" => {
            "같은 group.instance.id의 이전 프로세스가 그룹을 떠나지 않았습니다 (leave heartbeat 없이 장애). 코디네이터는 session timeout까지 자리를 지켜 둡니다"
        }
        "UnsupportedAssignorException" => "브로커에 그런 서버 측 assignor가 없습니다",
        _ => return reason.to_string(),
    };
    format!("{name}: {why}")
}

/// A preset scenario's title.
pub fn preset_title(id: &str, lang: Lang) -> &'static str {
    let ko = lang == Lang::Ko;
    match id {
        "default" if ko => "기본: 컨슈머 3개, 파티션 6개 (range, eager)",
        "default" => "Default: 3 consumers, 6 partitions (range, eager)",
        "eager-join" if ko => "eager rebalance: 세 번째 컨슈머 참여, 모두가 전부 revoke",
        "eager-join" => "Eager rebalance: a third consumer joins, everyone revokes everything",
        "cooperative-join" if ko => "cooperative-sticky: 옮겨 가는 파티션만 두 라운드에 걸쳐 revoke",
        "cooperative-join" => "Cooperative-sticky: only moving partitions are revoked, in two rounds",
        "kip848-join" if ko => "KIP-848 (group.protocol=consumer): 장벽 없이 멤버별로 reconcile",
        "kip848-join" => "KIP-848 (group.protocol=consumer): members reconcile one by one, no barrier",
        "static-restart" if ko => "정적 멤버십: 빠른 재시작은 rebalance 없음",
        "static-restart" => "Static membership: a quick restart causes no rebalance",
        "stall-max-poll" if ko => "max.poll.interval.ms를 넘긴 poll 멈춤",
        "stall-max-poll" => "A stall past max.poll.interval.ms",
        "gc-pause" if ko => "긴 GC pause: session timeout 만료",
        "gc-pause" => "A long GC pause expires the session",
        "commit-modes" if ko => "커밋 방식 5가지에서 같은 장애: 중복과 유실",
        "commit-modes" => "The same crash under five commit modes: duplicates and losses",
        "two-groups" if ko => "한 토픽을 두 그룹이 따로 읽기: billing과 analytics",
        "two-groups" => "Two groups read one topic independently: billing and analytics",
        "partitioners" if ko => "파티셔너 비교: sticky, 키 무시, 라운드 로빈, 파티션 직접 지정",
        "partitioners" => "Partitioners side by side: sticky, keys ignored, round-robin, explicit partition",
        "batching" if ko => "배치: linger.ms로 채우기, 꽉 찬 배치 먼저 보내기, 한 요청에 여러 파티션(piggyback), send().get()",
        "batching" => "Batching: linger.ms fills batches, full ones leave early, one request carries several partitions, send().get()",
        "buffer-timeouts" if ko => "buffer.memory와 타임아웃: 리더가 없어 배치가 쌓이고, send()가 막혔다가 예외, 오래된 배치는 만료",
        "buffer-timeouts" => "buffer.memory and timeouts: no leader, batches pile up, send() blocks then throws, old batches expire",
        "acks-isr" if ko => "acks와 ISR: 브로커 두 대가 죽고 acks=all은 NOT_ENOUGH_REPLICAS로 거절, acks=1은 계속",
        "acks-isr" => "acks and the ISR: two brokers die, acks=all is refused with NOT_ENOUGH_REPLICAS, acks=1 goes on",
        "idempotence" if ko => "멱등성: 응답을 잃어버렸을 때 멱등 프로듀서는 중복을 막고, 아닌 프로듀서는 두 번 기록",
        "idempotence" => "Idempotence: a response is lost; the idempotent producer writes once, the other twice",
        "retry-ordering" if ko => "재시도와 순서: 멱등성 없이는 재시도가 순서를 뒤집고 중복을 만듦",
        "retry-ordering" => "Retries and order: without idempotence retries reorder and duplicate",
        "unclean-election" if ko => "unclean 리더 선출: 확인(ack)받은 레코드가 사라지고, 그 수를 셈",
        "unclean-election" => "Unclean leader election: acknowledged records are lost, and counted",
        "isr-lag" if ko => "replica.lag.time.max.ms: 살아 있지만 뒤처진 팔로워가 ISR에서 빠지고, acks=all은 그동안 기다림",
        "isr-lag" => "replica.lag.time.max.ms: a live follower falls behind and leaves the ISR; acks=all waits meanwhile",
        "exactly-once" if ko => "consume-transform-produce: 출력과 offset을 한 트랜잭션으로 — crash 뒤에도 read_committed는 정확히 한 번",
        "exactly-once" => "Consume-transform-produce: outputs and offsets in one transaction; after a crash read_committed still sees each once",
        "transactions" if ko => "트랜잭션: 커밋, abort, 타임아웃 — read_committed와 read_uncommitted가 읽는 것의 차이",
        "transactions" => "Transactions: commits, an abort, a timeout; what read_committed and read_uncommitted read",
        "long-run" if ko => "10분 실행: 컨슈머 추가, crash, 재시작",
        "long-run" => "Ten minutes: a consumer joins, one crashes, one restarts",
        "wide-64" if ko => "파티션 64개, 컨슈머 16개짜리 그룹 2개",
        "wide-64" => "64 partitions, two groups of 16 consumers",
        "large-256" if ko => "파티션 256개, 컨슈머 16개짜리 그룹 2개 (성능 측정용)",
        "large-256" => "256 partitions, two groups of 16 consumers (benchmark)",
        _ => "?",
    }
}

/// One trace entry as one sentence.
pub fn narrate(event: &TraceEvent, lang: Lang) -> String {
    use TraceEvent::*;
    let ko = lang == Lang::Ko;
    match event {
        Produced { producer, tp, offset, key, .. } => {
            let key = key.clone().unwrap_or_else(|| "null".into());
            if ko {
                format!("리더가 {producer}의 레코드(key={key})를 {tp}의 offset {offset}에 기록했습니다")
            } else {
                format!("The leader wrote {producer}'s record (key={key}) to {tp} at offset {offset}")
            }
        }
        ConsumerStarted { consumer, group_id } => {
            if ko {
                format!("{consumer} 시작: 그룹 {group_id}에 참여합니다")
            } else {
                format!("{consumer} started and will join group {group_id}")
            }
        }
        CoordinatorFound {
            consumer,
            group_id,
            offsets_partition,
            broker,
        } => {
            if ko {
                format!("{consumer}: {group_id}의 그룹 코디네이터는 broker {broker}입니다 (abs(\"{group_id}\".hashCode()) % 50 = __consumer_offsets 파티션 {offsets_partition}의 리더)")
            } else {
                format!("{consumer} found {group_id}'s coordinator: broker {broker}, leader of __consumer_offsets partition {offsets_partition} (abs(\"{group_id}\".hashCode()) % 50)")
            }
        }
        ConsumerCrashed { consumer, .. } => {
            if ko {
                format!("{consumer}: 장애로 죽었습니다. 그룹을 떠난다는 요청도 커밋도 보내지 못합니다. 코디네이터는 session timeout이 지나야 알아챕니다")
            } else {
                format!("{consumer} crashed: it sends no leave request and no commit. The coordinator notices only after the session timeout")
            }
        }
        CloseRequested { consumer, .. } => {
            if ko {
                format!("{consumer}에 close()가 요청되었습니다 (현재 배치를 마친 뒤 종료)")
            } else {
                format!("close() requested for {consumer} (it finishes the current batch first)")
            }
        }
        ConsumerClosed { consumer, .. } => {
            if ko {
                format!("{consumer}: 정상 종료했습니다")
            } else {
                format!("{consumer} closed gracefully")
            }
        }
        ConsumerFailed { consumer, reason, .. } => {
            if ko {
                format!("{consumer}의 poll 루프가 예외로 멈췄습니다: {}", exception_ko(reason))
            } else {
                format!("{consumer}'s poll loop stopped with an exception: {reason}")
            }
        }
        RequestSent { consumer, api, broker, .. } => {
            if ko {
                format!("{consumer} → 브로커 {broker}: {} 요청", api_name(*api))
            } else {
                format!("{consumer} → broker {broker}: {} request", api_name(*api))
            }
        }
        ResponseReceived { consumer, api, error, .. } => {
            let outcome = error.map_or("OK".to_string(), |e| e.name().to_string());
            if ko {
                format!("{consumer} ← {} 응답: {outcome}", api_name(*api))
            } else {
                format!("{consumer} ← {} response: {outcome}", api_name(*api))
            }
        }
        FetchSent { consumer, broker, partitions } => {
            let parts: Vec<String> = partitions.iter().map(|(tp, o)| format!("{tp}@{o}")).collect();
            if ko {
                format!("{consumer} → 브로커 {broker}: Fetch ({})", list(&parts))
            } else {
                format!("{consumer} → broker {broker}: Fetch ({})", list(&parts))
            }
        }
        FetchReceived { consumer, broker, runs, .. } => {
            let n: u64 = runs.iter().map(|r| r.count).sum();
            if ko {
                format!("{consumer} ← 브로커 {broker}: 레코드 {n}개 도착 (fetch 버퍼로)")
            } else {
                format!("{consumer} ← broker {broker}: {n} records arrived (into the fetch buffer)")
            }
        }
        PollReturned { consumer, runs } => {
            let n: u64 = runs.iter().map(|r| r.count).sum();
            let parts: Vec<String> = runs.iter().map(|r| format!("{} {}–{}", r.tp, r.first, r.first + r.count - 1)).collect();
            if ko {
                format!(
                    "{consumer}의 poll()이 레코드 {n}개를 돌려주었습니다 ({}); position이 그 뒤로 이동",
                    list(&parts)
                )
            } else {
                format!("{consumer}'s poll() returned {n} records ({}); the position moved past them", list(&parts))
            }
        }
        Processed {
            consumer,
            tp,
            offset,
            generation,
            ..
        } => {
            if ko {
                format!("{consumer}: {tp}의 offset {offset} 처리 완료 (generation {generation})")
            } else {
                format!("{consumer} processed {tp} offset {offset} (generation {generation})")
            }
        }
        CommitSent { consumer, offsets, cause, .. } => {
            let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            if ko {
                format!("{consumer}: 커밋 전송 {} — {}", list(&parts), cause_text(*cause, lang))
            } else {
                format!("{consumer} sent a commit: {} — {}", list(&parts), cause_text(*cause, lang))
            }
        }
        CommitStored { group_id, consumer, offsets } => {
            let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            if ko {
                format!("코디네이터가 {group_id}의 커밋을 저장했습니다 ({consumer}): {}", list(&parts))
            } else {
                format!("The coordinator stored {group_id}'s commit from {consumer}: {}", list(&parts))
            }
        }
        CommitFailed { consumer, error, .. } => {
            if ko {
                format!("{consumer}의 커밋이 실패했습니다: {} (CommitFailedException)", error.name())
            } else {
                format!("{consumer}'s commit failed: {} (CommitFailedException)", error.name())
            }
        }
        GroupStateChanged { group_id, from, to, .. } => {
            if ko {
                format!("그룹 {group_id}: {} → {}", from.name(), to.name())
            } else {
                format!("Group {group_id}: {} → {}", from.name(), to.name())
            }
        }
        MemberAdded { group_id, consumer, member_id } => {
            if ko {
                format!("{consumer}: {group_id}의 멤버가 되었습니다 (member id {member_id})")
            } else {
                format!("{consumer} became a member of {group_id} (member id {member_id})")
            }
        }
        MemberRemoved {
            group_id, consumer, reason, ..
        } => {
            let why = match (reason, lang) {
                (RemoveReason::Left, Lang::Ko) => "스스로 떠남 (LeaveGroup, 또는 KIP-848에서는 epoch −1 heartbeat)",
                (RemoveReason::Left, Lang::En) => "it left (LeaveGroup, or under KIP-848 a heartbeat with epoch −1)",
                (RemoveReason::SessionTimeout, Lang::Ko) => "session timeout 동안 heartbeat 없음",
                (RemoveReason::SessionTimeout, Lang::En) => "no heartbeat within the session timeout",
                (RemoveReason::NotRejoined, Lang::Ko) => "rebalance timeout 안에 다시 JoinGroup하지 않음",
                (RemoveReason::NotRejoined, Lang::En) => "did not rejoin within the rebalance timeout",
                (RemoveReason::NotSynced, Lang::Ko) => "rebalance timeout 안에 SyncGroup하지 않음",
                (RemoveReason::NotSynced, Lang::En) => "did not send SyncGroup within the rebalance timeout",
                (RemoveReason::RevocationTimeout, Lang::Ko) => "rebalance timeout(max.poll.interval.ms) 안에 파티션을 revoke하지 않음",
                (RemoveReason::RevocationTimeout, Lang::En) => "did not revoke its partitions within the rebalance timeout (max.poll.interval.ms)",
            };
            if ko {
                format!("코디네이터가 {group_id}에서 {consumer} 제거: {why}")
            } else {
                format!("The coordinator removed {consumer} from {group_id}: {why}")
            }
        }
        LeaderElected { group_id, consumer, .. } => {
            if ko {
                format!("{consumer}: {group_id}의 그룹 리더가 되었습니다 (파티션 할당을 계산합니다)")
            } else {
                format!("{consumer} is now {group_id}'s group leader (it computes the assignment)")
            }
        }
        AssignmentComputed {
            consumer,
            assignor,
            generation,
            assignment,
            ..
        } => {
            let n = assignment.len();
            if ko {
                format!("리더 {consumer}: {assignor} assignor로 멤버 {n}명의 할당을 계산했습니다 (generation {generation})")
            } else {
                let members = if n == 1 { "1 member".to_string() } else { format!("{n} members") };
                format!("Leader {consumer} ran the {assignor} assignor for {members} (generation {generation})")
            }
        }
        PartitionsAssigned {
            consumer,
            generation,
            partitions,
            kept,
            member_epoch,
            ..
        } => {
            let epoch = match (member_epoch, ko) {
                (true, true) => format!("멤버 epoch {generation}"),
                (true, false) => format!("member epoch {generation}"),
                (false, _) => format!("generation {generation}"),
            };
            match (kept.is_empty(), partitions.is_empty(), ko) {
                (true, _, true) => format!("{consumer}에 할당: {} ({epoch})", list(partitions)),
                (true, _, false) => format!("{consumer} was assigned {} ({epoch})", list(partitions)),
                (false, true, true) => format!("{consumer}: {} 유지, 새로 받은 파티션 없음 ({epoch})", list(kept)),
                (false, true, false) => format!("{consumer} keeps {} and gets nothing new ({epoch})", list(kept)),
                (false, false, true) => format!("{consumer}: 유지 {} / 새로 할당 {} ({epoch})", list(kept), list(partitions)),
                (false, false, false) => format!("{consumer} keeps {} and was newly assigned {} ({epoch})", list(kept), list(partitions)),
            }
        }
        PartitionsRevoked {
            consumer, partitions, kind, ..
        } => match (kind, ko) {
            (RevokeKind::Eager, true) => format!(
                "{consumer}: 파티션을 모두 내려놓았습니다 (eager rebalance, onPartitionsRevoked): {}",
                list(partitions)
            ),
            (RevokeKind::Eager, false) => format!(
                "{consumer} revoked all its partitions (eager rebalance, onPartitionsRevoked): {}",
                list(partitions)
            ),
            (RevokeKind::Cooperative, true) => format!(
                "{consumer}: 옮겨 갈 파티션만 내려놓았습니다 (cooperative, onPartitionsRevoked): {}",
                list(partitions)
            ),
            (RevokeKind::Cooperative, false) => format!(
                "{consumer} revoked only the partitions that move (cooperative, onPartitionsRevoked): {}",
                list(partitions)
            ),
            (RevokeKind::Lost, true) => format!("{consumer}: 파티션을 잃었습니다 (그룹에서 밀려남, onPartitionsLost): {}", list(partitions)),
            (RevokeKind::Lost, false) => format!(
                "{consumer} lost its partitions (it had been removed from the group, onPartitionsLost): {}",
                list(partitions)
            ),
            (RevokeKind::Close, true) => format!("{consumer}: close() 중에 파티션을 내려놓았습니다: {}", list(partitions)),
            (RevokeKind::Close, false) => format!("{consumer} gave up its partitions in close(): {}", list(partitions)),
        },
        RejoinNeeded { consumer, reason, .. } => match (reason, ko) {
            (RejoinReason::Error(e), true) => format!("{consumer}: {} 응답을 받아 다음 poll()에서 다시 JoinGroup합니다", e.name()),
            (RejoinReason::Error(e), false) => format!("{consumer} got {} and will rejoin at its next poll()", e.name()),
            (RejoinReason::MetadataChanged, true) => format!("리더 {consumer}: 구독한 토픽의 파티션 수가 바뀐 것을 보고 rebalance를 요청합니다"),
            (RejoinReason::MetadataChanged, false) => format!("Leader {consumer} saw a subscribed topic's partition count change and asks for a rebalance"),
            (RejoinReason::PartitionsRevoked, true) => {
                format!("{consumer}: 파티션을 내려놓았으므로 두 번째 rebalance를 위해 다시 JoinGroup합니다 (cooperative)")
            }
            (RejoinReason::PartitionsRevoked, false) => format!("{consumer} revoked partitions, so it rejoins for the follow-up rebalance (cooperative)"),
        },
        ConsumerStalled { consumer, until_ms, .. } => match (until_ms, ko) {
            (Some(t), true) => format!(
                "{consumer}: 애플리케이션이 {:.1} s까지 poll()을 호출하지 않습니다 (heartbeat는 계속)",
                *t as f64 / 1000.0
            ),
            (Some(t), false) => format!(
                "{consumer}'s application stops calling poll() until {:.1} s (heartbeats go on)",
                *t as f64 / 1000.0
            ),
            (None, true) => format!("{consumer}: 애플리케이션이 poll()을 호출하지 않습니다 (heartbeat는 계속)"),
            (None, false) => format!("{consumer}'s application stops calling poll() (heartbeats go on)"),
        },
        ConsumerResumed { consumer, .. } => {
            if ko {
                format!("{consumer}: 애플리케이션이 다시 poll()을 호출합니다")
            } else {
                format!("{consumer}'s application calls poll() again")
            }
        }
        ConsumerFrozen { consumer, until_ms, .. } => {
            let t = *until_ms as f64 / 1000.0;
            if ko {
                format!("{consumer}: 프로세스 전체가 {t:.1} s까지 멈춥니다 (긴 GC pause: heartbeat도 poll도 없음)")
            } else {
                format!("{consumer}'s whole process freezes until {t:.1} s (a long GC pause: no heartbeats, no polls)")
            }
        }
        ConsumerThawed { consumer, .. } => {
            if ko {
                format!("{consumer}: 프로세스가 다시 움직입니다")
            } else {
                format!("{consumer}'s process runs again")
            }
        }
        ConsumerConfigured { consumer, changes, .. } => {
            if ko {
                format!("{consumer}: 설정 변경 {}", list(changes))
            } else {
                format!("{consumer}'s settings changed: {}", list(changes))
            }
        }
        ConsumerRedeploying { consumer, changes, .. } => {
            let what = if changes.is_empty() { String::new() } else { list(changes) };
            if ko {
                format!("{consumer}: 새 설정으로 재배포합니다. 프로세스가 close()로 종료된 뒤 다시 시작합니다 {what}")
            } else {
                format!("{consumer} is redeployed: the process closes (close()) and starts again with new settings {what}")
            }
        }
        ProducerConfigured {
            producer,
            records_per_sec,
            keys,
            config,
        } => {
            let replaced = match (config.is_empty(), ko) {
                (true, _) => String::new(),
                (false, true) => format!(" (새 설정의 프로듀서로 교체: {})", config.join(", ")),
                (false, false) => format!(" (a new producer with {})", config.join(", ")),
            };
            let keys_text = match (keys, ko) {
                (None, true) => "키 없이".to_string(),
                (None, false) => "without keys".to_string(),
                (Some(k), true) => format!("키 {}개({})로", k.len(), k.join(", ")),
                (Some(k), false) => format!("with {} keys ({})", k.len(), k.join(", ")),
            };
            if ko {
                format!("프로듀서 {producer}: 이제 초당 {records_per_sec}개 레코드를 {keys_text} 보냅니다{replaced}")
            } else {
                format!("Producer {producer} now sends {records_per_sec} records/s {keys_text}{replaced}")
            }
        }
        StickyPartitionChosen {
            producer,
            tp,
            after_bytes,
            batch_size,
            previous,
            keys_ignored,
        } => {
            let what = match (keys_ignored, ko) {
                (false, true) => "키 없는 레코드",
                (false, false) => "key-less records",
                (true, true) => "레코드(partitioner.ignore.keys=true라서 키 무시)",
                (true, false) => "records (keys ignored: partitioner.ignore.keys=true)",
            };
            let again = *previous == Some(tp.partition);
            match (*after_bytes, again, ko) {
                (0, _, true) => format!("{producer}: {what}를 이제 한동안 {tp}에만 보냅니다 (built-in sticky partitioner)"),
                (0, _, false) => format!("{producer}'s {what} stick to {tp} (built-in sticky partitioner)"),
                (b, false, true) => {
                    format!("{producer}: 지금의 sticky 파티션에 {b} bytes(batch.size {batch_size} 이상)를 보냈으므로, {what}는 이제 {tp}에 기록됩니다")
                }
                (b, false, false) => format!("{producer} sent {b} bytes (≥ batch.size {batch_size}) to its sticky partition: its {what} now go to {tp}"),
                (b, true, true) => {
                    format!("{producer}: 지금의 sticky 파티션에 {b} bytes(batch.size {batch_size} 이상)를 보내 새로 뽑았고, 다시 뽑힌 파티션도 {tp}입니다")
                }
                (b, true, false) => format!("{producer} sent {b} bytes (≥ batch.size {batch_size}) to its sticky partition and drew a new one: {tp} again"),
            }
        }
        ProduceSent {
            producer,
            broker,
            request_id,
            batches,
        } => {
            let parts: Vec<String> = batches
                .iter()
                .map(|b| {
                    let retry = if b.attempt > 1 { format!(", {}", if ko { format!("재시도 {}", b.attempt - 1) } else { format!("retry {}", b.attempt - 1) }) } else { String::new() };
                    let seq = b.base_sequence.map_or(String::new(), |s| format!(", seq {s}"));
                    format!("{} ×{} ({} B{seq}{retry})", b.tp, b.records, b.bytes)
                })
                .collect();
            let piggy = batches.len() > 1;
            match (ko, piggy) {
                (true, true) => format!("{producer}: broker {broker}에 ProduceRequest #{request_id} 전송 — 배치 {}개를 한 요청에 함께 실었습니다(piggyback): {}", batches.len(), parts.join(", ")),
                (true, false) => format!("{producer}: broker {broker}에 ProduceRequest #{request_id} 전송: {}", parts.join(", ")),
                (false, true) => format!("{producer} sent ProduceRequest #{request_id} to broker {broker} carrying {} batches together (piggyback): {}", batches.len(), parts.join(", ")),
                (false, false) => format!("{producer} sent ProduceRequest #{request_id} to broker {broker}: {}", parts.join(", ")),
            }
        }
        ProduceRejected { broker, producer, tp, error, isr } => {
            let name = error.name();
            match (error, ko) {
                (KafkaError::NotEnoughReplicas, true) => format!("broker {broker}: {tp}의 ISR {isr:?}가 min.insync.replicas보다 작아 {producer}의 acks=all 배치를 기록하지 않고 거절했습니다 ({name})"),
                (KafkaError::NotEnoughReplicas, false) => format!("Broker {broker} refused {producer}'s acks=all batch for {tp} without writing it: ISR {isr:?} is below min.insync.replicas ({name})"),
                (KafkaError::OutOfOrderSequenceNumber, true) => format!("broker {broker}: {producer}의 {tp} 배치 sequence가 마지막으로 받은 것 다음 번호가 아니라서 거절했습니다 ({name})"),
                (KafkaError::OutOfOrderSequenceNumber, false) => format!("Broker {broker} refused {producer}'s batch for {tp}: its sequence does not follow the last one it has ({name})"),
                (_, true) => format!("broker {broker}: {producer}의 {tp} 배치를 거절했습니다 ({name})"),
                (_, false) => format!("Broker {broker} refused {producer}'s batch for {tp} ({name})"),
            }
        }
        DuplicateBatchIgnored {
            broker,
            producer,
            tp,
            base_offset,
            base_sequence,
            records,
        } => {
            if ko {
                format!("broker {broker}: {producer}의 {tp} 배치(seq {base_sequence}, {records}건)는 이미 offset {base_offset}에 있습니다. 멱등성(idempotence) 덕분에 다시 쓰지 않고 원래 offset으로 응답합니다")
            } else {
                format!("Broker {broker} already has {producer}'s batch for {tp} (seq {base_sequence}, {}) at offset {base_offset}: idempotence answers with that offset instead of writing it twice", records_en(*records as u64))
            }
        }
        BatchAcked {
            producer,
            tp,
            base_offset,
            records,
            attempt,
            latency_ms,
            ..
        } => {
            let retries = attempt.saturating_sub(1);
            match (base_offset, ko) {
                (None, true) => format!("{producer}: acks=0이라 응답을 기다리지 않고 {tp}의 레코드 {records}건 전송을 완료로 칩니다 (offset은 알 수 없음)"),
                (None, false) => format!("{producer} counts {} for {tp} as sent without any response (acks=0: the offset is unknown)", records_en(*records as u64)),
                (Some(o), true) => format!("{producer}: {tp}의 레코드 {records}건이 offset {o}부터 확인(ack)되었습니다 — send() 후 {latency_ms} ms, 재시도 {retries}번"),
                (Some(o), false) => format!("{producer}: {} for {tp} acknowledged from offset {o}, {latency_ms} ms after send(), after {retries} retries", records_en(*records as u64)),
            }
        }
        BatchRetrying {
            producer,
            tp,
            error,
            attempt,
            backoff_ms,
            ..
        } => {
            let name = error.name();
            if ko {
                format!("{producer}: {tp} 배치가 {name}(재시도 가능한 오류)로 실패했습니다. {backoff_ms} ms 기다렸다가 큐 맨 앞에서 다시 보냅니다 (시도 {attempt}번째 실패)")
            } else {
                format!("{producer}: the batch for {tp} failed with {name} (retriable); it goes back to the front of its queue and is retried after {backoff_ms} ms (attempt {attempt} failed)")
            }
        }
        BatchFailed {
            producer,
            tp,
            records,
            reason,
            error,
        } => {
            let tp = match (tp, ko) {
                (Some(t), true) => format!(" {t}"),
                (Some(t), false) => format!(" for {t}"),
                (None, _) => String::new(),
            };
            let error = error.map_or_else(String::new, |e| format!(" ({})", e.name()));
            match (reason, ko) {
                (SendFailure::Error, true) => format!("{producer}:{tp} 레코드 {records}건 전송 실패{error} — 재시도할 수 없는 오류라 콜백이 예외를 받습니다"),
                (SendFailure::Error, false) => format!("{producer}: {}{tp} failed{error}, not retriable; their callbacks get the exception", records_en(*records as u64)),
                (SendFailure::RetriesExhausted, true) => format!("{producer}:{tp} 레코드 {records}건 전송 실패{error} — retries를 다 썼습니다"),
                (SendFailure::RetriesExhausted, false) => format!("{producer}: {}{tp} failed{error}: retries used up", records_en(*records as u64)),
                (SendFailure::DeliveryTimeout, true) => format!("{producer}:{tp} 레코드 {records}건 전송 실패 — 배치를 만든 지 delivery.timeout.ms가 지났습니다 (TimeoutException){error}"),
                (SendFailure::DeliveryTimeout, false) => format!("{producer}: {}{tp} expired: delivery.timeout.ms passed since their batch was created (TimeoutException){error}", records_en(*records as u64)),
                (SendFailure::MaxBlockTimeout, true) => format!("{producer}: buffer.memory가 가득 차 send()가 max.block.ms 동안 막혀 있다가 TimeoutException을 던졌습니다. 레코드 {records}건은 보내지 못했습니다"),
                (SendFailure::MaxBlockTimeout, false) => format!("{producer}: send() blocked on a full buffer.memory for max.block.ms and threw TimeoutException; {} not sent", records_en(*records as u64)),
                (SendFailure::TransactionAborted, true) => format!("{producer}:{tp} 트랜잭션이 abort되어 레코드 {records}건은 보내지 않습니다"),
                (SendFailure::TransactionAborted, false) => format!("{producer}: the transaction aborted, so {}{tp} are not sent", records_en(*records as u64)),
            }
        }
        ProduceResponseDropped { producer, broker, request_id } => {
            if ko {
                format!("네트워크가 broker {broker}에서 {producer}로 가던 ProduceResponse #{request_id}를 잃어버렸습니다. 기록은 이미 되었지만 프로듀서는 모릅니다. 같은 연결의 뒤따르는 응답도 막히고, request.timeout.ms가 지나면 연결을 끊고 모두 재시도합니다")
            } else {
                format!("The network lost ProduceResponse #{request_id} from broker {broker} to {producer}: the write happened but the producer does not know; later responses on that connection are stuck behind it until request.timeout.ms closes the connection and everything in flight is retried")
            }
        }
        SendBlocked {
            producer,
            buffer_used,
            buffer_memory,
        } => {
            if ko {
                format!("{producer}: buffer.memory({buffer_memory} B) 중 {buffer_used} B를 배치가 쓰고 있어 새 배치를 만들 수 없습니다. send()가 최대 max.block.ms 동안 막힙니다")
            } else {
                format!("{producer}: batches hold {buffer_used} of buffer.memory's {buffer_memory} bytes, so no new batch fits: send() blocks for up to max.block.ms")
            }
        }
        SendUnblocked { producer, blocked_ms } => {
            if ko {
                format!("{producer}: 배치가 완료되어 메모리가 비었고, {blocked_ms} ms 막혀 있던 send()가 돌아왔습니다")
            } else {
                format!("{producer}: a batch completed and freed memory; send() returns after blocking {blocked_ms} ms")
            }
        }
        ProducerIdAssigned {
            producer,
            producer_id,
            epoch,
            transactional_id,
        } => match (transactional_id, ko) {
            (Some(t), true) => format!("{producer}: 트랜잭션 코디네이터가 transactional.id {t}에 producer id {producer_id}, epoch {epoch}을 주었습니다. 같은 id의 이전 인스턴스는 펜싱됩니다"),
            (Some(t), false) => format!("{producer}: the transaction coordinator gave transactional.id {t} producer id {producer_id}, epoch {epoch}; any older instance with that id is fenced"),
            (None, true) => format!("{producer}: InitProducerId 응답 — producer id {producer_id}, epoch {epoch}. 이제 파티션마다 레코드에 sequence 번호를 붙입니다 (멱등성)"),
            (None, false) => format!("{producer}: InitProducerId answered producer id {producer_id}, epoch {epoch}; from now on it numbers each partition's records (idempotence)"),
        },
        BrokerKilled { broker } => {
            if ko {
                format!("broker {broker} 프로세스가 죽었습니다. 클라이언트 연결이 끊기고, 컨트롤러는 broker.session.timeout.ms 동안 하트비트가 없으면 이를 알아챕니다")
            } else {
                format!("Broker {broker}'s process died: clients' connections drop, and the controller notices once broker.session.timeout.ms passes without its heartbeats")
            }
        }
        BrokerFenced { broker } => {
            if ko {
                format!("컨트롤러가 broker {broker}를 펜싱했습니다: 모든 ISR에서 빠지고, 리더였던 파티션은 새 리더를 뽑습니다")
            } else {
                format!("The controller fenced broker {broker}: it leaves every ISR and the partitions it led elect new leaders")
            }
        }
        ReplicationPaused { broker, until_ms } => {
            if ko {
                format!("broker {broker}의 복제(팔로워 fetch)가 {}까지 멈춥니다. 브로커는 살아 있어 컨트롤러는 모르지만, 리더는 replica.lag.time.max.ms 넘게 뒤처진 팔로워를 ISR에서 뺍니다", seconds(*until_ms))
            } else {
                format!("Broker {broker}'s replica fetchers stop until {}: it is alive, so the controller does not notice, but leaders drop a follower that stays behind for longer than replica.lag.time.max.ms from the ISR", seconds(*until_ms))
            }
        }
        BrokerRestarted { broker } => {
            if ko {
                format!("broker {broker}가 다시 시작했습니다: 팔로워로서 리더를 따라잡으면 ISR에 돌아갑니다")
            } else {
                format!("Broker {broker} started again: as a follower it catches up with the leaders and then rejoins their ISRs")
            }
        }
        IsrChanged {
            tp,
            isr,
            removed,
            added,
            min_insync_replicas,
        } => {
            let below = (isr.len() as u32) < *min_insync_replicas;
            let warn = match (below, ko) {
                (true, true) => format!(" — min.insync.replicas({min_insync_replicas})보다 작아 acks=all 쓰기는 NOT_ENOUGH_REPLICAS로 거절됩니다"),
                (true, false) => format!(": below min.insync.replicas ({min_insync_replicas}), so acks=all writes are refused with NOT_ENOUGH_REPLICAS"),
                _ => String::new(),
            };
            match (removed, added, ko) {
                (Some(b), _, true) => format!("{tp}: broker {b}가 ISR에서 빠졌습니다. ISR = {isr:?}{warn}"),
                (Some(b), _, false) => format!("{tp}: broker {b} left the ISR, now {isr:?}{warn}"),
                (_, Some(b), true) => format!("{tp}: broker {b}가 high watermark까지 따라잡아 ISR에 돌아왔습니다. ISR = {isr:?}{warn}"),
                (_, Some(b), false) => format!("{tp}: broker {b} caught up to the high watermark and rejoined the ISR, now {isr:?}{warn}"),
                (None, None, true) => format!("{tp}: ISR = {isr:?}{warn}"),
                (None, None, false) => format!("{tp}: ISR is {isr:?}{warn}"),
            }
        }
        PartitionLeaderElected {
            tp,
            leader,
            leader_epoch,
            unclean,
        } => match (leader, unclean, ko) {
            (None, _, true) => format!("{tp}: 살아 있는 ISR 멤버가 없어 리더가 없습니다(오프라인). unclean.leader.election.enable=false라 ISR 밖의 복제본은 리더가 될 수 없습니다"),
            (None, _, false) => format!("{tp} has no leader (offline): no live ISR member, and unclean.leader.election.enable=false keeps out-of-sync replicas from leading"),
            (Some(b), false, true) => format!("{tp}: 컨트롤러가 ISR에서 broker {b}를 새 리더로 뽑았습니다 (leader epoch {leader_epoch})"),
            (Some(b), false, false) => format!("{tp}: the controller elected broker {b} from the ISR as leader (leader epoch {leader_epoch})"),
            (Some(b), true, true) => format!("{tp}: unclean 리더 선출 — ISR 밖의 broker {b}가 리더가 되었습니다 (leader epoch {leader_epoch}). 이 복제본에 없는 레코드는 사라집니다"),
            (Some(b), true, false) => format!("{tp}: unclean election: out-of-sync broker {b} now leads (leader epoch {leader_epoch}); records it lacks are gone"),
        },
        RecordsTruncated {
            tp,
            from_offset,
            to_offset,
            acked_lost,
            fire_and_forget_lost,
        } => {
            let n = to_offset - from_offset;
            let ff = match (*fire_and_forget_lost, ko) {
                (0, _) => String::new(),
                (f, true) => format!(", {f}건은 acks=0으로 보낸 레코드였습니다(프로듀서는 알 수 없음)"),
                (f, false) => format!(", and {f} were sent with acks=0 (their producer cannot know)"),
            };
            if ko {
                format!("{tp}: 새 리더의 로그가 더 짧아 offset {from_offset}–{} ({n}건)이 잘려 나갔습니다. 그중 {acked_lost}건은 프로듀서가 이미 확인(ack)받은 레코드였습니다{ff}", to_offset - 1)
            } else {
                format!("{tp}: the new leader's log is shorter, so offsets {from_offset}–{} ({}) are cut off; {acked_lost} of them had been acknowledged to their producers{ff}", to_offset - 1, records_en(n))
            }
        }
        HighWatermarkAdvanced { tp, high_watermark } => {
            if ko {
                format!("{tp}: high watermark → {high_watermark} (그 앞까지는 모든 ISR 복제본에 있어 컨슈머가 읽을 수 있음)")
            } else {
                format!("{tp}: the high watermark moved to {high_watermark} (every ISR replica has the records below it; consumers may read them)")
            }
        }
        TxnBegun { producer, transactional_id } => {
            if ko {
                format!("{producer}: beginTransaction() — transactional.id {transactional_id}의 새 트랜잭션을 시작합니다")
            } else {
                format!("{producer} called beginTransaction() (transactional.id {transactional_id})")
            }
        }
        TxnPartitionsAdded { producer, partitions } => {
            if ko {
                format!("{producer}: 트랜잭션 코디네이터가 {}를 트랜잭션에 등록했습니다 (AddPartitionsToTxn). 이제 이 파티션에 데이터를 보낼 수 있습니다", list(partitions))
            } else {
                format!("{producer}: the transaction coordinator registered {} in the transaction (AddPartitionsToTxn); data for them may go now", list(partitions))
            }
        }
        TxnEnding { producer, commit } => match (commit, ko) {
            (true, true) => format!("{producer}: commitTransaction() — 남은 배치를 모두 보내고(flush) 확인받은 뒤 EndTxn(commit)을 보냅니다"),
            (true, false) => format!("{producer} called commitTransaction(): it flushes every batch, then sends EndTxn(commit)"),
            (false, true) => format!("{producer}: abortTransaction() — 아직 보내지 않은 배치는 버리고, 보낸 것의 응답을 기다린 뒤 EndTxn(abort)을 보냅니다"),
            (false, false) => format!("{producer} called abortTransaction(): unsent batches are dropped; once the sent ones are answered it sends EndTxn(abort)"),
        },
        TxnMarkersWritten {
            transactional_id,
            producer,
            commit,
            markers,
        } => {
            let at: Vec<String> = markers.iter().map(|(tp, o)| format!("{tp}@{o}")).collect();
            match (commit, ko) {
                (true, true) => format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션을 커밋했습니다. COMMIT 마커(control record): {}. read_committed 컨슈머는 이제 이 레코드를 읽습니다", at.join(", ")),
                (true, false) => format!("The transaction coordinator committed {transactional_id} ({producer}): COMMIT markers (control records) at {}; read_committed consumers now read its records", at.join(", ")),
                (false, true) => format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션을 abort했습니다. ABORT 마커: {}. read_committed 컨슈머는 이 트랜잭션의 레코드를 건너뜁니다", at.join(", ")),
                (false, false) => format!("The transaction coordinator aborted {transactional_id} ({producer}): ABORT markers at {}; read_committed consumers skip its records", at.join(", ")),
            }
        }
        TxnCompleted { producer, commit, .. } => match (commit, ko) {
            (true, true) => format!("{producer}: EndTxn 응답 — 트랜잭션 커밋 완료"),
            (true, false) => format!("{producer}: EndTxn answered, the transaction is committed"),
            (false, true) => format!("{producer}: EndTxn 응답 — 트랜잭션 abort 완료"),
            (false, false) => format!("{producer}: EndTxn answered, the transaction is aborted"),
        },
        TxnTimedOut {
            transactional_id,
            producer,
            open_ms,
            timeout_ms,
        } => {
            if ko {
                format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션이 {open_ms} ms 동안 열려 있어 transaction.timeout.ms({timeout_ms})를 넘었습니다. abort하고 epoch을 올립니다")
            } else {
                format!("The transaction coordinator aborts {transactional_id} ({producer}): open {open_ms} ms, past transaction.timeout.ms ({timeout_ms}); the epoch is bumped")
            }
        }
        TxnFenced { producer, error } => {
            let name = error.name();
            if ko {
                format!("{producer}: {name} — 이 producer epoch은 더 이상 유효하지 않습니다. 열린 트랜잭션은 사라졌고, 보내지 않은 배치를 버린 뒤 새 epoch을 받습니다")
            } else {
                format!("{producer}: {name}: its epoch is stale, the open transaction is gone; unsent batches are dropped and it gets a new epoch")
            }
        }
        LogTruncationDetected {
            consumer,
            tp,
            from_offset,
            to_offset,
        } => {
            if ko {
                format!("{consumer}: {tp}의 로그가 잘렸습니다(leader epoch 검증, KIP-320). 위치를 {from_offset}에서 새 리더의 로그가 갈라지는 {to_offset}로 되돌립니다")
            } else {
                format!("{consumer}: {tp}'s log was truncated (leader epoch validation, KIP-320); it moves its position back from {from_offset} to {to_offset}, where the new leader's log diverges")
            }
        }
        KeyMoved { producer, key, from, to } => {
            if ko {
                format!(
                    "{producer}: 키 {key}의 레코드가 {from} 대신 {to}에 기록되었습니다. 파티션 수가 바뀌어 murmur2 % 파티션 수가 달라졌기 때문이며, 이 키의 순서는 두 파티션 사이에서 더 이상 보장되지 않습니다"
                )
            } else {
                format!(
                    "{producer}: key {key} went to {to}, not {from}: the partition count changed, so murmur2 % partitions did, and this key's order is no longer guaranteed across the two"
                )
            }
        }
        PartitionsAdded { topic, from, to } => {
            if ko {
                format!("토픽 {topic}의 파티션이 {from}개에서 {to}개로 늘었습니다")
            } else {
                format!("Topic {topic} grew from {from} to {to} partitions")
            }
        }
        MetadataChanged {
            consumer, topic, partitions, ..
        } => {
            if ko {
                format!("{consumer}: 메타데이터 갱신으로 {topic}의 파티션이 {partitions}개임을 알았습니다")
            } else {
                format!("{consumer}'s metadata refresh shows {topic} with {partitions} partitions")
            }
        }
        BatchSkipped { consumer, runs, .. } => {
            let n: u64 = runs.iter().map(|r| r.count).sum();
            if ko {
                format!("{consumer}: 처리 전 커밋이 실패해 레코드 {n}개를 처리하지 않고 건너뜁니다 (at-most-once)")
            } else {
                format!("{consumer}'s commit before processing failed: it skips {n} records (at-most-once)")
            }
        }
        StaticMemberReplaced {
            group_instance_id,
            consumer,
            member_id,
            ..
        } => {
            if ko {
                format!("{consumer}: 정적 멤버 {group_instance_id}로 다시 참여했습니다. 새 member id {member_id}, 이전 id는 fenced, 할당은 그대로")
            } else {
                format!("{consumer} rejoined as static member {group_instance_id}: new member id {member_id}, the old id is fenced, the assignment stays")
            }
        }
        ProtocolSelected { group_id, protocol, .. } => {
            if ko {
                format!("그룹 {group_id}: 멤버 투표로 {protocol} assignor가 선택되었습니다")
            } else {
                format!("Group {group_id}: the members' vote picked the {protocol} assignor")
            }
        }
        PositionFromCommitted { consumer, tp, offset } => {
            if ko {
                format!("{consumer}: {tp}의 커밋된 offset {offset}부터 읽습니다")
            } else {
                format!("{consumer} resumes {tp} from the committed offset {offset}")
            }
        }
        OffsetReset { consumer, tp, offset, policy } => {
            let policy = match policy {
                Reset::Earliest => "earliest",
                Reset::Latest => "latest",
                Reset::None => "none",
            };
            if ko {
                format!("{tp}에 커밋된 offset이 없음 → {consumer}: auto.offset.reset={policy}에 따라 offset {offset}부터 읽습니다")
            } else {
                format!("{tp} has no committed offset: {consumer} starts at offset {offset} (auto.offset.reset={policy})")
            }
        }
        PollTimeoutExpired { consumer, .. } => {
            if ko {
                format!("{consumer}: max.poll.interval.ms 안에 poll()을 호출하지 않아 heartbeat 스레드가 그룹을 떠났습니다")
            } else {
                format!("{consumer} did not call poll() within max.poll.interval.ms: its heartbeat thread left the group")
            }
        }
        GroupEpochBumped {
            group_id,
            epoch,
            reason,
            consumer,
        } => {
            let who = consumer.as_deref().unwrap_or("?");
            let why = match (reason, ko) {
                (EpochReason::MemberJoined, true) => format!("{who} 참여"),
                (EpochReason::MemberJoined, false) => format!("{who} joined"),
                (EpochReason::MemberRemoved, true) => format!("{who} 탈퇴 또는 fenced"),
                (EpochReason::MemberRemoved, false) => format!("{who} left or was fenced"),
                (EpochReason::SubscriptionChanged, true) => format!("{who}의 구독 또는 assignor 변경"),
                (EpochReason::SubscriptionChanged, false) => format!("{who} changed its subscription or assignor"),
                (EpochReason::MetadataChanged, true) => "구독한 토픽의 파티션 수 변경".to_string(),
                (EpochReason::MetadataChanged, false) => "a subscribed topic's partition count changed".to_string(),
            };
            if ko {
                format!("그룹 {group_id}: group epoch가 {epoch}(으)로 올랐습니다 ({why}). 다음 heartbeat에서 새 target assignment를 계산합니다")
            } else {
                format!("Group {group_id}: group epoch is now {epoch} ({why}); the next heartbeat computes a new target assignment")
            }
        }
        TargetAssignmentComputed {
            group_id,
            assignor,
            epoch,
            assignment,
        } => {
            let parts: Vec<String> = assignment.iter().map(|(c, tps)| format!("{c} → {}", list(tps))).collect();
            if ko {
                format!(
                    "코디네이터가 {group_id}의 서버 측 {assignor} assignor를 실행했습니다 (epoch {epoch}): {}",
                    parts.join("; ")
                )
            } else {
                format!(
                    "The coordinator ran {group_id}'s server-side {assignor} assignor (epoch {epoch}): {}",
                    parts.join("; ")
                )
            }
        }
        MemberReconciled {
            consumer,
            member_epoch,
            state,
            assigned,
            pending_revocation,
            ..
        } => match (state, ko) {
            (ReconcileState::UnrevokedPartitions, true) => format!(
                "{consumer}: 먼저 {}을(를) revoke해야 합니다 (UNREVOKED_PARTITIONS, epoch {member_epoch} 유지). {}은(는) 계속 처리합니다",
                list(pending_revocation),
                list(assigned)
            ),
            (ReconcileState::UnrevokedPartitions, false) => format!(
                "{consumer} must first revoke {} (UNREVOKED_PARTITIONS, epoch stays {member_epoch}); it keeps processing {}",
                list(pending_revocation),
                list(assigned)
            ),
            (ReconcileState::UnreleasedPartitions, true) => format!(
                "{consumer}: epoch {member_epoch}, 할당 {}. 다른 멤버가 아직 놓지 않은 파티션을 기다립니다 (UNRELEASED_PARTITIONS)",
                list(assigned)
            ),
            (ReconcileState::UnreleasedPartitions, false) => format!(
                "{consumer} is at epoch {member_epoch} with {} and waits for partitions other members still own (UNRELEASED_PARTITIONS)",
                list(assigned)
            ),
            (ReconcileState::Stable, true) => format!("{consumer}: epoch {member_epoch}에 도달, 할당 {} (STABLE)", list(assigned)),
            (ReconcileState::Stable, false) => format!("{consumer} reached epoch {member_epoch} with {} (STABLE)", list(assigned)),
        },
        StaticMemberTemporarilyLeft {
            group_instance_id, consumer, ..
        } => {
            if ko {
                format!("{consumer} (정적 멤버 {group_instance_id}): epoch −2로 잠시 떠났습니다. 코디네이터는 session timeout까지 파티션을 그대로 잡아 둡니다")
            } else {
                format!(
                    "{consumer} (static member {group_instance_id}) left with epoch −2: the coordinator holds its partitions for it until the session timeout"
                )
            }
        }
        AssignmentReceived {
            consumer,
            member_epoch,
            partitions,
            ..
        } => {
            if ko {
                format!(
                    "{consumer}: epoch {member_epoch}의 할당 {}을(를) 받았습니다. poll() 안에서 반영(reconcile)합니다",
                    list(partitions)
                )
            } else {
                format!(
                    "{consumer} received its assignment for epoch {member_epoch}: {}; it reconciles inside poll()",
                    list(partitions)
                )
            }
        }
    }
}

/// Whether an event is about producers, brokers, replication or transactions.
pub fn is_producer_event(event: &TraceEvent) -> bool {
    event.is_producer_side()
}

/// Whether an event is part of the protocol story (not records flowing: produce requests and
/// their acknowledgements, appends, fetch, poll, process; produce errors, retries and broker
/// events are part of the story).
pub fn is_protocol_event(event: &TraceEvent) -> bool {
    !matches!(
        event,
        TraceEvent::Produced { .. }
            | TraceEvent::ProduceSent { .. }
            | TraceEvent::BatchAcked { .. }
            | TraceEvent::HighWatermarkAdvanced { .. }
            | TraceEvent::FetchSent { .. }
            | TraceEvent::FetchReceived { .. }
            | TraceEvent::PollReturned { .. }
            | TraceEvent::Processed { .. }
    )
}

/// "1 record", "3 records".
fn records_en(n: u64) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

fn seconds(ms: u64) -> String {
    format!("{}.{} s", ms / 1000, ms % 1000 / 100)
}

/// One offset's delivery story in a group, built from the trace: who processed it when, who
/// crashed before committing it, which commit settled it, or why it was never processed.
pub fn offset_story(trace: &[TraceEntry], group_id: &str, tp: &TopicPartition, offset: u64, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let mut parts: Vec<String> = Vec::new();
    let mut processed = 0u32;
    // Processed by this consumer and not yet covered by a commit.
    let mut uncommitted_by: Option<String> = None;
    // The committed offset passed this one before anyone processed it (at-most-once).
    let mut committed_unprocessed_by: Option<String> = None;
    let mut covered = false;
    for entry in trace {
        let t = seconds(entry.at_ms);
        match &entry.event {
            TraceEvent::Processed {
                consumer,
                group_id: g,
                tp: p,
                offset: o,
                generation,
            } if g == group_id && p == tp && *o == offset => {
                processed += 1;
                parts.push(match (processed, ko) {
                    (1, true) => format!("{t}에 {consumer}에서 처리 (generation {generation})"),
                    (1, false) => format!("processed by {consumer} at {t} in generation {generation}"),
                    (_, true) => format!("{t}에 {consumer}에서 다시 처리 (generation {generation})"),
                    (_, false) => format!("processed again by {consumer} at {t} in generation {generation}"),
                });
                uncommitted_by = if covered { None } else { Some(consumer.clone()) };
                committed_unprocessed_by = None;
            }
            TraceEvent::CommitStored {
                group_id: g,
                consumer,
                offsets,
            } if g == group_id => {
                let Some(&committed) = offsets.get(tp) else { continue };
                if committed > offset && !covered {
                    covered = true;
                    if processed == 0 {
                        committed_unprocessed_by = Some(consumer.clone());
                        parts.push(if ko {
                            format!("{t}에 {consumer}에서 처리하기 전에 offset {committed}까지 커밋")
                        } else {
                            format!("{consumer} committed past it (offset {committed}) at {t} before it was processed")
                        });
                    } else {
                        parts.push(if ko {
                            format!("{t}에 {consumer}의 커밋(offset {committed})으로 확정")
                        } else {
                            format!("settled by {consumer}'s commit of offset {committed} at {t}")
                        });
                    }
                    uncommitted_by = None;
                } else if committed <= offset && covered {
                    // The committed offset moved back (a late async commit): not settled any more.
                    covered = false;
                    parts.push(if ko {
                        format!("{t}에 {consumer}의 늦은 커밋이 offset을 {committed}(으)로 되돌림")
                    } else {
                        format!("{consumer}'s late commit moved the committed offset back to {committed} at {t}")
                    });
                }
            }
            TraceEvent::ConsumerCrashed { consumer, group_id: g }
                if g == group_id
                    && (uncommitted_by.as_deref() == Some(consumer.as_str()) || committed_unprocessed_by.as_deref() == Some(consumer.as_str())) =>
            {
                parts.push(if ko && processed == 0 {
                    format!("{t}에 {consumer}에 장애 발생 (처리 전)")
                } else if ko {
                    format!("{t}에 {consumer}에 장애 발생 (커밋 전)")
                } else if processed == 0 {
                    format!("{consumer} crashed at {t} before processing it")
                } else {
                    format!("{consumer} crashed at {t} before committing it")
                });
                uncommitted_by = None;
                committed_unprocessed_by = None;
            }
            TraceEvent::BatchSkipped { consumer, group_id: g, runs }
                if g == group_id && runs.iter().any(|r| &r.tp == tp && (r.first..r.first + r.count).contains(&offset)) =>
            {
                parts.push(if ko {
                    format!("{t}에 {consumer}에서 건너뜀 (처리 전 커밋이 실패)")
                } else {
                    format!("skipped by {consumer} at {t} (its commit before processing failed)")
                });
            }
            _ => {}
        }
    }
    let verdict = match (processed, covered, ko) {
        (0, true, true) => "한 번도 처리되지 않고 커밋만 지나감: 유실".to_string(),
        (0, true, false) => "never processed, but committed past: lost".to_string(),
        (0, false, true) => "아직 처리되지 않음".to_string(),
        (0, false, false) => "not processed yet".to_string(),
        (1, _, true) => "정확히 한 번 처리".to_string(),
        (1, _, false) => "processed exactly once".to_string(),
        (n, _, true) => format!("{n}번 처리됨: 중복"),
        (n, _, false) => format!("processed {n} times: a duplicate"),
    };
    let head = format!("{tp} offset {offset}");
    if parts.is_empty() {
        format!("{head}: {verdict}.")
    } else {
        format!("{head}: {}; {verdict}.", parts.join("; "))
    }
}

/// The protocol story of a run: one narrated line per protocol event, with its time.
pub fn story(trace: &[crate::model::trace::TraceEntry], lang: Lang) -> String {
    let mut out = String::new();
    for entry in trace.iter().filter(|e| is_protocol_event(&e.event)) {
        out.push_str(&format!("{:>8.3} s  {}\n", entry.at_ms as f64 / 1000.0, narrate(&entry.event, lang)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
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
        Text::RecordsLagMax,
        Text::EndReached,
        Text::Legend,
        Text::LegendCommitted,
        Text::LegendPosition,
        Text::LegendRecord,
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
        Text::ProtocolLane,
        Text::LaneHeartbeats,
        Text::LaneFetches,
        Text::RingHeartbeat,
        Text::RingSession,
        Text::RingPoll,
        Text::RingAutoCommit,
        Text::LegendRings,
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
        assert!(ko.starts_with("UnreleasedInstanceIdException: ") && ko.contains("session timeout"), "{ko}");
        assert_eq!(exception_ko("SomethingElse: text"), "SomethingElse: text");
    }

    #[test]
    fn every_preset_has_a_title_in_both_languages() {
        for (id, _) in crate::model::scenario::PRESETS {
            assert!(preset_title(id, Lang::Ko) != "?" && preset_title(id, Lang::En) != "?", "{id}");
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
        let scenario = Scenario::from_json(include_str!("../../tests/scenarios/commit-modes.json")).unwrap();
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
        }
    }

    #[test]
    fn lang_parsing() {
        assert_eq!(Lang::parse("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en-US"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
