//! The Simulate view's fixed labels (`Text`), in Korean and English.

use super::particle::topic;
use super::Lang;

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
    EndReached,
    HistoryFull,
    Legend,
    ScenarioError,
    NotesTitle,
    NoteHeartbeat,
    NoteSessionTimeout,
    NoteAutoCommit,
    ScenarioLabel,
    GroupLabel,
    LaneBrokers,
    LaneGap,
    ProtocolLane,
    LaneHeartbeats,
    LaneFetches,
    RingHeartbeat,
    RingSession,
    RingPoll,
    RingAutoCommit,
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
    /// "Next rebalance" with none ahead: the view stays where it is.
    NoLaterRebalance,
    /// A first visit: what this is, in one sentence, and the two ways in.
    Welcome,
    WelcomeLesson,
    WelcomeSandbox,
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
            (Committed, Lang::Ko) => "커밋된 오프셋",
            (Committed, Lang::En) => "Committed offset",
            (Position, Lang::Ko) => "컨슈머 position",
            (Position, Lang::En) => "Consumer position",
            (LogEnd, Lang::Ko) => "로그 끝 (high watermark)",
            (LogEnd, Lang::En) => "Log end (high watermark)",
            (Group, Lang::Ko) => "컨슈머 그룹",
            (Group, Lang::En) => "Consumer group",
            (State, Lang::Ko) => "상태",
            (State, Lang::En) => "State",
            (Generation, Lang::Ko) => "제너레이션",
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
            (Keyboard, Lang::Ko) => "단축키: Space 재생/일시정지, →/← 한 단계, ]/[ 리밸런스, +/− 속도, ? 도움말",
            (Keyboard, Lang::En) => "Keys: Space play/pause, →/← step, ]/[ rebalance, +/− speed, ? help",
            (MemberUnjoined, Lang::Ko) => "그룹 밖",
            (MemberUnjoined, Lang::En) => "not in group",
            (MemberJoining, Lang::Ko) => "그룹 참여 중",
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
            (EndReached, Lang::Ko) => "시나리오 끝에 도달했습니다",
            (EndReached, Lang::En) => "End of the scenario reached",
            // The number in these two texts is the session's budget.
            (HistoryFull, Lang::Ko) => "기록 한도(이벤트 500만 개)에 도달해 여기서 멈춥니다. 이전 시점으로는 돌아갈 수 있습니다",
            (HistoryFull, Lang::En) => "The history is full (5 million events), so the run stops here. You can still go back",
            (Timeline, Lang::Ko) => "타임라인",
            (Timeline, Lang::En) => "Timeline",
            (TimelineLabel, Lang::Ko) => "시뮬레이션 시간 이동 (끌면 그 순간을 정확히 보여 줌)",
            (TimelineLabel, Lang::En) => "Move through simulated time (drag to see any moment exactly)",
            (PrevRebalance, Lang::Ko) => "이전 리밸런스",
            (PrevRebalance, Lang::En) => "Previous rebalance",
            (NextRebalance, Lang::Ko) => "다음 리밸런스",
            (NextRebalance, Lang::En) => "Next rebalance",
            (Welcome, Lang::Ko) => "groupscope는 Kafka의 컨슈머 그룹이 파티션을 나누어 읽고, 오프셋을 커밋하고, 멤버가 바뀔 때 리밸런스하는 과정을 Kafka와 똑같이 시뮬레이션해 보여 줍니다. 처음이라면 레슨 1부터 시작하세요.",
            (Welcome, Lang::En) => "groupscope simulates, exactly as Kafka does it, how a consumer group splits partitions, commits offsets and rebalances when its members change. New here? Start with lesson 1.",
            (WelcomeLesson, Lang::Ko) => "레슨 1 시작",
            (WelcomeLesson, Lang::En) => "Start lesson 1",
            (WelcomeSandbox, Lang::Ko) => "시뮬레이션 직접 해 보기",
            (WelcomeSandbox, Lang::En) => "Explore the simulation",
            (NoLaterRebalance, Lang::Ko) => "이 시나리오에는 이후에 일어나는 리밸런스가 없습니다. 지금 시점에 머뭅니다.",
            (NoLaterRebalance, Lang::En) => "No rebalance happens later in this scenario, so the view stays here.",
            (RestoreBranch, Lang::Ko) => "버려진 기록 되살리기",
            (RestoreBranch, Lang::En) => "Restore the discarded future",
            (ForkNotice, Lang::Ko) => "과거 시점에서 조작했기 때문에 그 뒤에 일어났던 일은 버려졌습니다. 한 번은 되돌릴 수 있습니다.",
            (ForkNotice, Lang::En) => "You acted in the past, so what had happened after that moment was discarded. You can restore it once.",
            (MarkerRebalance, Lang::Ko) => "▲ 리밸런스 시작",
            (MarkerRebalance, Lang::En) => "▲ rebalance starts",
            (MarkerCrash, Lang::Ko) => "✕ 장애(crash)",
            (MarkerCrash, Lang::En) => "✕ crash",
            (MarkerStall, Lang::Ko) => "■ poll 멈춤 / GC pause",
            (MarkerStall, Lang::En) => "■ stall / GC pause",
            (MarkerCommit, Lang::Ko) => "│ 커밋",
            (MarkerCommit, Lang::En) => "│ commit",
            (Inspector, Lang::Ko) => "살펴보기",
            (Inspector, Lang::En) => "Inspector",
            (TopicTableCaption, Lang::Ko) => "파티션별 리더 브로커, log start offset, high watermark(HW), 로그 끝 오프셋(LEO), 그룹별 커밋된 오프셋(C)",
            (TopicTableCaption, Lang::En) => "Per partition: leader broker, log start offset, high watermark (HW), log end offset (LEO) and each group's committed offset (C)",
            (PreviousPage, Lang::Ko) => "이전 파티션들",
            (PreviousPage, Lang::En) => "Previous partitions",
            (NextPage, Lang::Ko) => "다음 파티션들",
            (NextPage, Lang::En) => "Next partitions",
            (ProtocolChangeNote, Lang::Ko) => "group.protocol을 바꾸면 컨슈머를 8초 간격으로 하나씩 다시 시작합니다. 새 프로토콜의 첫 멤버가 참여하면 코디네이터가 그룹을 멈추지 않은 채 전환합니다(온라인 마이그레이션, group.consumer.migration.policy). 커밋된 오프셋은 그대로 남습니다.",
            (ProtocolChangeNote, Lang::En) => "Changing group.protocol restarts the consumers one by one, 8 s apart. When the first member of the new protocol joins, the coordinator converts the live group (online migration, group.consumer.migration.policy). Committed offsets stay.",
            (LookupLabel, Lang::Ko) => "오프셋 찾기 (보이지 않는 오프셋도)",
            (LookupLabel, Lang::En) => "Any offset (also older ones)",
            (LookupButton, Lang::Ko) => "처리 이력 보기",
            (LookupButton, Lang::En) => "Tell its story",
            (ProducerReplaceNote, Lang::Ko) => "초당 레코드 수와 키는 애플리케이션에서 바로 바뀝니다. 그 밖의 프로듀서 설정은 실행 중에 바꿀 수 없어서, 새 설정으로 프로듀서를 새로 만듭니다. 이때 파티션 선택 상태(sticky 파티션, 라운드 로빈 카운터)는 초기화됩니다.",
            (ProducerReplaceNote, Lang::En) => "Rate and keys change in the application at once. A Kafka producer's settings are fixed, so new producer properties mean a new producer: partitioning (sticky partition, round-robin counter) starts afresh.",
            (ConsumerWord, Lang::Ko) => "컨슈머",
            (ConsumerWord, Lang::En) => "Consumer",
            (MemberId, Lang::Ko) => "멤버 ID",
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
            (ShortcutRebalance, Lang::Ko) => "] / [: 다음 / 이전 리밸런스로 이동",
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
            (Ledger, Lang::Ko) => "전달 장부 (오프셋별 처리 횟수)",
            (Ledger, Lang::En) => "Delivery ledger (times each offset was processed)",
            (LedgerHint, Lang::Ko) => "칸을 누르면 그 오프셋의 처리 이력이 나옵니다. 최근 오프셋만 보입니다. 키보드: Tab으로 파티션 줄, ←/→로 오프셋을 옮깁니다.",
            (LedgerHint, Lang::En) => "Click a cell for that offset's story. The latest offsets are shown. Keyboard: Tab moves between partitions, ←/→ between offsets.",
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
            (ChartsTitle, Lang::Ko) => "차트: 랙과 처리량",
            (ChartsTitle, Lang::En) => "Charts: lag and throughput",
            (ChartPartitionLag, Lang::Ko) => "파티션별 랙 (high watermark − 커밋된 오프셋)",
            (ChartPartitionLag, Lang::En) => "Lag per partition (high watermark − committed offset)",
            (ChartLagMax, Lang::Ko) => "컨슈머별 지금 랙 (HW − position)",
            (ChartLagMax, Lang::En) => "Lag now per consumer (HW − position)",
            (ChartProcessed, Lang::Ko) => "초당 처리한 레코드",
            (ChartProcessed, Lang::En) => "Records processed per second",
            (ChartRebalance, Lang::Ko) => "빗금: 리밸런스 진행 중 (그룹이 Stable이 아닌 구간)",
            (ChartRebalance, Lang::En) => "Hatched: rebalance in progress (group not Stable)",
            (ChartShades, Lang::Ko) => "진할수록 랙이 큽니다. 회색은 랙 0, 빈 칸은 아직 커밋이 없는 파티션입니다. 컨슈머별 선은 지금 랙, 곧 마지막 fetch가 본 high watermark − position 중 가장 큰 값입니다. 지표 records-lag-max는 poll()이 레코드를 돌려줄 때마다 이 랙을 기록해 최근 30–60초의 최댓값을 보여 주므로 더 늦게 내려갑니다.",
            (ChartShades, Lang::En) => "Darker means more lag; grey is lag 0; blank means nothing committed yet. Each consumer's line is its lag now: the largest high watermark − position as its latest fetch saw it. The metric records-lag-max records that lag whenever poll() returns records and shows the largest of the last 30–60 s, so it comes down later.",
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
            (PartitionerText, Lang::Ko) => "키가 있으면 murmur2(키) % 파티션 수. 키가 없으면 기본 sticky 파티셔너가 한 파티션에 batch.size 바이트를 보낼 때까지 붙어 있다가 새 파티션을 무작위로 고릅니다",
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
            (RingHeartbeat, Lang::Ko) => "H = 마지막 하트비트 이후 (하트비트 주기 대비)",
            (RingHeartbeat, Lang::En) => "H = time since the last heartbeat, of the heartbeat interval",
            (RingSession, Lang::Ko) => "S = 코디네이터 기준 세션 타임아웃 (다 차면 그룹에서 제거)",
            (RingSession, Lang::En) => "S = the session timeout as the coordinator sees it (full: the member is removed)",
            (RingPoll, Lang::Ko) => "P = 마지막 poll() 이후 (max.poll.interval.ms 대비, 다 차면 그룹을 떠남)",
            (RingPoll, Lang::En) => "P = time since the last poll(), of max.poll.interval.ms (full: it leaves the group)",
            (RingAutoCommit, Lang::Ko) => "A = 다음 자동 커밋까지 (auto.commit.interval.ms)",
            (RingAutoCommit, Lang::En) => "A = progress to the next auto-commit (auto.commit.interval.ms)",
            (ProtocolLane, Lang::Ko) => "프로토콜 레인: 최근 요청과 응답 (시퀀스 다이어그램, 시간은 위에서 아래로), 띠는 그룹 상태",
            (ProtocolLane, Lang::En) => "Protocol lane: the latest requests and responses (a sequence diagram, time runs down); bands show the group state",
            (LaneHeartbeats, Lang::Ko) => "하트비트 보기",
            (LaneHeartbeats, Lang::En) => "Show heartbeats",
            (LaneFetches, Lang::Ko) => "fetch 보기",
            (LaneFetches, Lang::En) => "Show fetches",
            (LaneBrokers, Lang::Ko) => "파티션 리더 (Fetch)",
            (LaneBrokers, Lang::En) => "Partition leaders (Fetch)",
            (LaneGap, Lang::Ko) => "⋮ 위는 마지막 리밸런스의 JoinGroup/SyncGroup, 아래는 최근 메시지 (그 사이는 생략)",
            (LaneGap, Lang::En) => "⋮ above: the last rebalance's JoinGroup/SyncGroup; below: the latest messages (those between left out)",
            (ScenarioLabel, Lang::Ko) => "시나리오",
            (ScenarioLabel, Lang::En) => "Scenario",
            (GroupLabel, Lang::Ko) => "보이는 그룹",
            (GroupLabel, Lang::En) => "Group shown",
            (Legend, Lang::Ko) => "범례",
            (Legend, Lang::En) => "Legend",
            (LogStart, Lang::Ko) => "log start offset",
            (LogStart, Lang::En) => "Log start offset",
            (ScenarioError, Lang::Ko) => "시나리오 오류",
            (ScenarioError, Lang::En) => "Scenario error",
            (NotesTitle, Lang::Ko) => "강의 노트와 다른 점 (Kafka 4.0 기준)",
            (NotesTitle, Lang::En) => "Where older notes differ (Kafka 4.0)",
            (NoteHeartbeat, Lang::Ko) => "하트비트는 poll()이나 커밋 때 보내는 것이 아니라, 0.10.1부터 백그라운드 스레드가 heartbeat.interval.ms마다 보냅니다. 처리가 느려도 세션은 유지되고, 대신 max.poll.interval.ms가 poll() 간격을 감시합니다.",
            (NoteHeartbeat, Lang::En) => "Heartbeats are not sent on poll() or commit: since 0.10.1 a background thread sends them every heartbeat.interval.ms. Slow processing keeps the session alive; max.poll.interval.ms watches the gap between poll() calls instead.",
            (NoteSessionTimeout, Lang::Ko) => "session.timeout.ms 기본값은 10초가 아니라 Kafka 3.0부터 45초입니다 (이 예제는 수업용으로 10초로 설정).",
            (NoteSessionTimeout, Lang::En) => "session.timeout.ms defaults to 45 s since Kafka 3.0, not 10 s (this example sets 10 s for the classroom).",
            (NoteAutoCommit, Lang::Ko) => "자동 커밋은 타이머가 따로 도는 것이 아니라, interval이 지난 뒤의 poll() 안에서 그때까지 돌려준 레코드의 position을 비동기로 커밋합니다. 그래서 처리 중에 장애가 나면 중복 처리가 생깁니다.",
            (NoteAutoCommit, Lang::En) => "Auto-commit has no timer of its own: inside the first poll() after the interval, it commits (asynchronously) the positions of records returned so far. A crash mid-batch therefore causes duplicates.",
            (NoteCompressionDefault, Lang::Ko) => "compression.type 기본값은 snappy가 아니라 none입니다 (토픽 쪽 기본값은 producer: 프로듀서가 보낸 그대로 저장). 압축은 메시지 하나씩이 아니라 배치 단위로 합니다.",
            (NoteCompressionDefault, Lang::En) => "compression.type defaults to none, not snappy (the topic's default, producer, keeps what the producer sent); compression applies to whole batches, not to single messages.",
            (NoteLingerDefault, Lang::Ko) => "linger.ms 기본값은 Kafka 4.0부터 0이 아니라 5 ms입니다 (KIP-1030).",
            (NoteLingerDefault, Lang::En) => "linger.ms defaults to 5 ms since Kafka 4.0 (KIP-1030), not 0.",
            (NoteStickySwitch, Lang::Ko) => "3.3부터의 기본 파티셔너(uniform sticky)는 버퍼가 flush될 때가 아니라, 한 파티션에 batch.size 바이트 이상을 보냈고 그 파티션의 마지막 배치가 찼을 때(또는 2 × batch.size) 파티션을 바꿉니다. 새 배치를 만들 때마다 바꾸는 방식은 2.4–3.2의 DefaultPartitioner(KIP-480)였습니다.",
            (NoteStickySwitch, Lang::En) => "Since 3.3 the built-in (uniform sticky) partitioner switches once batch.size bytes went to the partition and its last batch is full (or at 2 × batch.size), not when the buffer is flushed; switching on a new batch was 2.4–3.2's DefaultPartitioner (KIP-480).",
            (NoteProducerDefaults, Lang::Ko) => "Kafka 3.0부터 acks 기본값은 1이 아니라 all이고, enable.idempotence도 기본으로 켜져 있습니다 (KIP-679). acks=all에 min.insync.replicas를 못 채우면 NOT_ENOUGH_REPLICAS로 거절됩니다.",
            (NoteProducerDefaults, Lang::En) => "Since Kafka 3.0, acks defaults to all (not 1) and enable.idempotence is on by default (KIP-679); acks=all below min.insync.replicas is refused with NOT_ENOUGH_REPLICAS.",
            (NoteTxnTimeout, Lang::Ko) => "트랜잭션이 transaction.timeout.ms(기본 60초) 안에 끝나지 않으면 트랜잭션 코디네이터가 abort하고 epoch을 올립니다. 메시지를 처음부터 다시 받는 것이 아니라, read_committed 컨슈머가 그 레코드를 건너뛰고 프로듀서는 새 트랜잭션을 시작해야 합니다.",
            (NoteTxnTimeout, Lang::En) => "A transaction not finished within transaction.timeout.ms (60 s) is aborted by the transaction coordinator, which bumps the epoch: nothing is re-received; read_committed consumers skip its records and the producer must start a new transaction.",
        }
    }
}

/// A member in the stage's text alternative: what it owns, or why it owns nothing.
pub enum MemberSummary {
    Owns(Vec<String>),
    Down(&'static str),
}

/// The stage's text alternative: the group, its state and who owns what. It is announced
/// politely when it changes (a rebalance, a crash), not on every record.
pub fn stage_summary(group: &str, state: &str, generation: i32, members: &[(String, MemberSummary)], lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let mut out = if ko {
        format!("컨슈머 그룹 {group}: {state}, generation {generation}.")
    } else {
        format!("Consumer group {group}: {state}, generation {generation}.")
    };
    if members.is_empty() {
        out.push_str(if ko { " 멤버가 없습니다." } else { " It has no members." });
    }
    for (id, m) in members {
        let part = match m {
            MemberSummary::Owns(p) if p.is_empty() => {
                if ko {
                    format!(" {id}: 할당된 파티션 없음.")
                } else {
                    format!(" {id} owns no partition.")
                }
            }
            MemberSummary::Owns(p) => {
                // Long lists are cut: the consumer list and the inspector have them all.
                let shown = p.iter().take(12).cloned().collect::<Vec<_>>().join(", ");
                let more = p.len().saturating_sub(12);
                match (ko, more) {
                    (true, 0) => format!(" {id}: {shown}."),
                    (true, n) => format!(" {id}: {shown} 외 {n}개."),
                    (false, 0) => format!(" {id} owns {shown}."),
                    (false, n) => format!(" {id} owns {shown} and {n} more."),
                }
            }
            MemberSummary::Down(status) => format!(" {id}: {status}."),
        };
        out.push_str(&part);
    }
    out
}

/// The lag beside the stage's text alternative (read with it; not announced on every record).
pub fn stage_lag(total_lag: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("그룹 전체 랙: {total_lag}건"),
        Lang::En => format!("Group lag in all: {total_lag} records"),
    }
}

/// A `?mode=` value that names no view.
pub fn notice_mode(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 없는 보기입니다. 쓸 수 있는 값: lessons, simulate, compare, explain",
            topic(&format!("mode={value}"))
        ),
        Lang::En => format!("mode={value} in the URL is not a view. Allowed: lessons, simulate, compare, explain"),
    }
}

/// A `?lang=` value we do not support.
pub fn notice_lang(value: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 지원하지 않습니다. ko(한국어) 또는 en(English)을 쓰세요.",
            topic(&format!("lang={value}"))
        ),
        Lang::En => format!("lang={value} in the URL is not supported: use ko (한국어) or en (English)."),
    }
}

/// The ledger's button to the first duplicate (`count`: the group's duplicate total).
pub fn ledger_first_duplicate(count: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("중복 처리된 오프셋으로 이동 (중복 {count}건)"),
        Lang::En => format!("Go to the duplicates ({count} in all)"),
    }
}

/// While the group coordinator holds the first rebalance back
/// (`group.initial.rebalance.delay.ms`): why every consumer owns nothing yet.
pub fn initial_delay_notice(delay_ms: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "그룹 코디네이터가 첫 리밸런스를 group.initial.rebalance.delay.ms({delay_ms} ms)만큼 미루고 있습니다. 컨슈머가 더 들어올 때까지 기다렸다가 한 번에 나누기 위해서이며, 그동안 새 멤버가 오면 다시 기다립니다. 그래서 지금은 모든 컨슈머에 할당된 파티션이 없습니다."
        ),
        Lang::En => format!(
            "The group coordinator holds the first rebalance back by group.initial.rebalance.delay.ms ({delay_ms} ms), waiting for more consumers so it splits the partitions once; a new member restarts the wait. That is why no consumer owns a partition yet."
        ),
    }
}

/// A `?speed=` value that is not one of the speeds offered (`allowed`: the values, joined).
pub fn notice_speed(value: &str, allowed: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("URL에 적힌 speed={value}: 지원하지 않는 속도입니다. {allowed} 중 하나를 쓰세요. 1배속으로 엽니다."),
        Lang::En => format!("speed={value} in the URL is not a speed offered: use one of {allowed}. Opening at 1×."),
    }
}

/// A `?preset=` value that names no bundled scenario (`allowed`: the ids, joined).
/// A bundled scenario whose file did not arrive: the one on screen stays.
pub fn notice_preset_unavailable(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("시나리오 {id}의 파일을 불러오지 못했습니다. 네트워크 연결을 확인하고 다시 골라 주세요. 보이던 시나리오는 그대로 둡니다."),
        Lang::En => format!("The file of scenario {id} did not arrive. Check the connection and choose it again; the scenario on screen stays."),
    }
}

pub fn notice_preset(value: &str, allowed: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 없는 시나리오입니다. 기본 시나리오를 엽니다. 쓸 수 있는 값: {allowed}",
            topic(&format!("preset={value}"))
        ),
        Lang::En => format!("preset={value} in the URL is not a bundled scenario, so the default one is open. Allowed: {allowed}"),
    }
}

/// The ledger's lookup on a partition without records.
pub fn lookup_no_records(tp: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{tp}에는 아직 레코드가 없습니다"),
        Lang::En => format!("{tp} has no records yet"),
    }
}

/// The ledger's lookup of an offset the partition does not have (`last`: its last offset).
pub fn lookup_out_of_range(text: &str, tp: &str, last: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("'{text}': {tp}에는 0부터 {last}까지의 오프셋이 있습니다"),
        Lang::En => format!("'{text}': {tp} has offsets 0 to {last}"),
    }
}

/// A transactional producer's phase in words.
pub fn txn_phase(phase: crate::model::producer::TxnPhase, lang: Lang) -> &'static str {
    use crate::model::producer::TxnPhase;
    match (phase, lang) {
        (TxnPhase::Ready, Lang::Ko) => "열린 트랜잭션 없음",
        (TxnPhase::Ready, Lang::En) => "none open",
        (TxnPhase::InTransaction, Lang::Ko) => "진행 중",
        (TxnPhase::InTransaction, Lang::En) => "open",
        (TxnPhase::Committing, Lang::Ko) => "커밋 중 (flush 후 EndTxn)",
        (TxnPhase::Committing, Lang::En) => "committing (flush, then EndTxn)",
        (TxnPhase::Aborting, Lang::Ko) => "abort 중",
        (TxnPhase::Aborting, Lang::En) => "aborting",
    }
}

// HistoryFull's texts name this number.
const _: () = assert!(crate::model::session::MAX_TRACE_ENTRIES == 5_000_000);

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn the_stage_summary_names_the_group_its_state_and_each_member() {
        let members = vec![
            ("c1".to_string(), MemberSummary::Owns(vec!["orders-0".into(), "orders-1".into()])),
            ("c2".to_string(), MemberSummary::Down("crashed")),
            ("c3".to_string(), MemberSummary::Owns((0..14).map(|p| format!("t-{p}")).collect())),
        ];
        let en = stage_summary("billing", "Stable", 2, &members, Lang::En);
        assert_eq!(
            en,
            "Consumer group billing: Stable, generation 2. c1 owns orders-0, orders-1. c2: crashed. c3 owns t-0, t-1, t-2, t-3, t-4, t-5, t-6, t-7, t-8, t-9, t-10, t-11 and 2 more."
        );
        let ko = stage_summary("billing", "Stable", 2, &members[..1], Lang::Ko);
        assert_eq!(ko, "컨슈머 그룹 billing: Stable, generation 2. c1: orders-0, orders-1.");
        assert!(stage_summary("g", "Empty", 0, &[], Lang::Ko).ends_with("멤버가 없습니다."));
    }
}
