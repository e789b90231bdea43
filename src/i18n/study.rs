//! Texts of compare mode and the assignor explainer, in Korean and English.

use super::particle::{object, subject, topic, towards};
use super::{list, Lang};
use crate::model::assignor::record::{FillFrom, KeepList, Step};
use crate::model::nouns::TopicPartition;
use crate::study::compare::Figure;

/// Declares `St` and `ALL_ST` (every label, for the both-languages test) from one list.
macro_rules! labels {
    ($($label:ident),* $(,)?) => {
        /// Fixed labels of compare mode and the explainer.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum St {
            $($label),*
        }
        pub const ALL_ST: &[St] = &[$(St::$label),*];
    };
}

labels! {
    ModesLabel,
    ModeLessons,
    ModeSimulate,
    ModeCompare,
    ModeExplain,
    CompareQuestion,
    CompareTell,
    BestAfterAnswer,
    CurrentScenario,
    Lane,
    LaneSettings,
    LaneSettingsHelp,
    AsWritten,
    Apply,
    AddLane,
    RemoveLane,
    Results,
    ResultsHint,
    Best,
    NotYet,
    PausePerMember,
    MovedLegend,
    NoOwner,
    LaneRebalancing,
    Behind,
    ExplainTitle,
    ExplainIntro,
    ExplainThis,
    AssignorLabel,
    Members,
    Topics,
    PartitionsLabel,
    StaticLabel,
    Subscribes,
    OwnedLabel,
    OwnedBefore,
    AddMember,
    RemoveMember,
    ClearOwned,
    FromGroup,
    PredictTitle,
    PredictHelp,
    PredictCooperative,
    Pool,
    Reveal,
    PredictAgain,
    Steps,
    PrevStep,
    NextStep,
    Round,
    FollowUp,
    NoStepsUniform,
    Result,
    RightMark,
    WrongMark,
    Withheld,
    Unplaced,
    EditNotice,
    NotStarted,
}

impl St {
    pub fn get(self, lang: Lang) -> &'static str {
        use St::*;
        match (self, lang) {
            (ModesLabel, Lang::Ko) => "보기",
            (ModesLabel, Lang::En) => "View",
            (ModeLessons, Lang::Ko) => "레슨",
            (ModeLessons, Lang::En) => "Lessons",
            (ModeSimulate, Lang::Ko) => "시뮬레이션",
            (ModeSimulate, Lang::En) => "Simulate",
            (ModeCompare, Lang::Ko) => "나란히 비교",
            (ModeCompare, Lang::En) => "Compare",
            (ModeExplain, Lang::Ko) => "assignor 따라가기",
            (ModeExplain, Lang::En) => "Assignor explainer",
            (CompareQuestion, Lang::Ko) => "비교할 질문",
            (CompareQuestion, Lang::En) => "Question",
            (CompareTell, Lang::Ko) => "지금 결론 보기",
            (CompareTell, Lang::En) => "Tell me now",
            (BestAfterAnswer, Lang::Ko) => "가장 좋은 값의 ★는 결론과 함께 보입니다.",
            (BestAfterAnswer, Lang::En) => "The ★ on the best values shows with the answer.",
            (CurrentScenario, Lang::Ko) => "시뮬레이션 탭에서 연 시나리오",
            (CurrentScenario, Lang::En) => "The scenario open in Simulate",
            (Lane, Lang::Ko) => "레인",
            (Lane, Lang::En) => "Lane",
            (LaneSettings, Lang::Ko) => "이 레인에서 바꿀 설정",
            (LaneSettings, Lang::En) => "Settings this lane changes",
            (LaneSettingsHelp, Lang::Ko) => "name=value를 공백으로 구분: 컨슈머/프로듀서 설정(partition.assignment.strategy, group.protocol, session.timeout.ms, isolation.level, acks, enable.idempotence …), commit=<방식>, static=on|off, partitions=<수>",
            (LaneSettingsHelp, Lang::En) => "name=value separated by spaces: a consumer or producer property (partition.assignment.strategy, group.protocol, session.timeout.ms, isolation.level, acks, enable.idempotence…), commit=<mode>, static=on|off, partitions=<count>",
            (AsWritten, Lang::Ko) => "시나리오 그대로",
            (AsWritten, Lang::En) => "as written",
            (Apply, Lang::Ko) => "적용",
            (Apply, Lang::En) => "Apply",
            (AddLane, Lang::Ko) => "＋ 레인 추가",
            (AddLane, Lang::En) => "＋ Add lane",
            (RemoveLane, Lang::Ko) => "레인 빼기",
            (RemoveLane, Lang::En) => "Remove lane",
            (Results, Lang::Ko) => "결과 (지금 시점까지)",
            (Results, Lang::En) => "Results (up to the shown moment)",
            (ResultsHint, Lang::Ko) => "★ 표시가 가장 좋은 값입니다 (모든 레인이 같으면 표시 없음). 칸을 누르면 그 값이 정해진 순간으로 타임라인이 이동합니다.",
            (ResultsHint, Lang::En) => "★ marks the best value (none when every lane is the same). Click a cell to move the timeline to the moment that decided it.",
            (Best, Lang::Ko) => "최고",
            (Best, Lang::En) => "best",
            (NotYet, Lang::Ko) => "아직",
            (NotYet, Lang::En) => "not yet",
            (PausePerMember, Lang::Ko) => "멤버별 멈춘 시간",
            (PausePerMember, Lang::En) => "Pause per member",
            (MovedLegend, Lang::Ko) => "⇄ 굵은 테두리: 마지막 리밸런스에서 주인이 바뀐 파티션",
            (MovedLegend, Lang::En) => "⇄ thick outline: the partition changed owner in the last rebalance",
            (NoOwner, Lang::Ko) => "주인 없음",
            (NoOwner, Lang::En) => "no owner",
            (LaneRebalancing, Lang::Ko) => "리밸런스 중",
            (LaneRebalancing, Lang::En) => "rebalancing",
            (Behind, Lang::Ko) => "처리 안 된 레코드",
            (Behind, Lang::En) => "not yet processed",
            (ExplainTitle, Lang::Ko) => "assignor 한 단계씩 따라가기",
            (ExplainTitle, Lang::En) => "The assignor, step by step",
            (ExplainIntro, Lang::Ko) => "아래 단계는 시뮬레이터가 실제로 할당할 때 쓰는 바로 그 코드가 기록한 것입니다. 먼저 결과를 예측해 보고, 정답을 본 뒤 단계별로 따라가세요.",
            (ExplainIntro, Lang::En) => "The steps below are recorded by the very code the simulator assigns with. Predict the result first, then reveal it and follow the steps.",
            (ExplainThis, Lang::Ko) => "이 할당을 단계별로 보기",
            (ExplainThis, Lang::En) => "Explain this assignment",
            (AssignorLabel, Lang::Ko) => "assignor",
            (AssignorLabel, Lang::En) => "Assignor",
            (Members, Lang::Ko) => "멤버",
            (Members, Lang::En) => "Members",
            (Topics, Lang::Ko) => "토픽",
            (Topics, Lang::En) => "Topics",
            (PartitionsLabel, Lang::Ko) => "파티션 수",
            (PartitionsLabel, Lang::En) => "Partitions",
            (StaticLabel, Lang::Ko) => "스태틱 멤버 (group.instance.id)",
            (StaticLabel, Lang::En) => "Static (group.instance.id)",
            (Subscribes, Lang::Ko) => "구독",
            (Subscribes, Lang::En) => "Subscribes to",
            (OwnedLabel, Lang::Ko) => "지금 가진 파티션",
            (OwnedLabel, Lang::En) => "Owns now",
            (OwnedBefore, Lang::Ko) => "이 라운드 전에 가진 파티션",
            (OwnedBefore, Lang::En) => "Owned before this round",
            (AddMember, Lang::Ko) => "＋ 멤버 추가",
            (AddMember, Lang::En) => "＋ Add member",
            (RemoveMember, Lang::Ko) => "빼기",
            (RemoveMember, Lang::En) => "Remove",
            (ClearOwned, Lang::Ko) => "가진 파티션 모두 비우기 (처음 참여하는 그룹)",
            (ClearOwned, Lang::En) => "Clear what members own (a group forming fresh)",
            (FromGroup, Lang::Ko) => "시뮬레이션의 그룹 멤버십 다시 가져오기",
            (FromGroup, Lang::En) => "Take the simulation's group membership again",
            (PredictTitle, Lang::Ko) => "먼저 예측해 보세요",
            (PredictTitle, Lang::En) => "Predict first",
            (PredictHelp, Lang::Ko) => "파티션을 컨슈머 칸으로 끌어다 놓으세요. 휴대폰에서는 파티션을 누른 뒤 컨슈머 칸을 누르면 됩니다. 키보드로는 파티션을 고른 뒤(Enter) 컨슈머 칸의 '여기에 놓기'를 누르면 됩니다. 놓은 파티션을 고르고 풀을 누르면 풀로 돌아갑니다.",
            (PredictHelp, Lang::En) => "Drag partitions onto consumers. On a phone, tap a partition, then tap a consumer. With the keyboard: pick a partition (Enter), then press a consumer's 'Place here'. Pick a placed partition and tap the pool to send it back.",
            (PredictCooperative, Lang::Ko) => "cooperative-sticky: 후속 리밸런스까지 끝난 뒤 각 파티션이 어디에 있을지 예측하세요. 정답을 보면 첫 라운드에서 무엇을 보류(withheld)했는지도 볼 수 있습니다.",
            (PredictCooperative, Lang::En) => "Cooperative-sticky: predict where each partition ends up after the follow-up rebalance; the reveal also shows what the first round withheld.",
            (Pool, Lang::Ko) => "아직 놓지 않은 파티션",
            (Pool, Lang::En) => "Not placed yet",
            (Reveal, Lang::Ko) => "정답 보기",
            (Reveal, Lang::En) => "Reveal",
            (PredictAgain, Lang::Ko) => "다시 예측하기",
            (PredictAgain, Lang::En) => "Predict again",
            (Steps, Lang::Ko) => "단계",
            (Steps, Lang::En) => "Steps",
            (PrevStep, Lang::Ko) => "‹ 이전 단계",
            (PrevStep, Lang::En) => "‹ Previous step",
            (NextStep, Lang::Ko) => "다음 단계 ›",
            (NextStep, Lang::En) => "Next step ›",
            (Round, Lang::Ko) => "라운드",
            (Round, Lang::En) => "Round",
            (FollowUp, Lang::Ko) => "후속 리밸런스",
            (FollowUp, Lang::En) => "follow-up rebalance",
            (NoStepsUniform, Lang::Ko) => "KIP-848 서버 측 uniform assignor는 단계를 기록하지 않습니다. 결과만 보여 줍니다.",
            (NoStepsUniform, Lang::En) => "The KIP-848 server-side uniform assignor records no steps; only its result is shown.",
            (Result, Lang::Ko) => "결과",
            (Result, Lang::En) => "Result",
            (RightMark, Lang::Ko) => "✓ 맞음",
            (RightMark, Lang::En) => "✓ right",
            (WrongMark, Lang::Ko) => "✗ 틀림",
            (WrongMark, Lang::En) => "✗ wrong",
            (Withheld, Lang::Ko) => "이번 라운드에는 아무에게도 주지 않음 (withheld)",
            (Withheld, Lang::En) => "given to nobody this round (withheld)",
            (Unplaced, Lang::Ko) => "아직 할당 안 됨",
            (Unplaced, Lang::En) => "not assigned yet",
            (EditNotice, Lang::Ko) => "멤버십을 바꾸면 예측과 단계가 처음부터 다시 시작됩니다.",
            (EditNotice, Lang::En) => "Changing the membership starts the prediction and the steps over.",
            (NotStarted, Lang::Ko) => "시작 전",
            (NotStarted, Lang::En) => "before the first step",
        }
    }
}

/// A results-table row's label.
pub fn figure_label(figure: Figure, lang: Lang) -> &'static str {
    let ko = lang == Lang::Ko;
    match figure {
        Figure::Processed if ko => "처리한 레코드 (한 번씩만 셈)",
        Figure::Processed => "Records processed (each once)",
        Figure::Duplicates if ko => "중복 처리",
        Figure::Duplicates => "Duplicates",
        Figure::Lost if ko => "유실 (처리 없이 커밋됨)",
        Figure::Lost => "Lost (committed, never processed)",
        Figure::Rebalances if ko => "리밸런스 (그룹 구성 뒤)",
        Figure::Rebalances => "Rebalances (after the group formed)",
        Figure::PauseTotal if ko => "리밸런스로 멈춘 시간 (합계)",
        Figure::PauseTotal => "Paused by rebalances (total)",
        Figure::PartitionsMoved if ko => "주인이 바뀐 파티션",
        Figure::PartitionsMoved => "Partitions moved",
        Figure::MaxLag if ko => "최대 랙 (처리 안 된 레코드, 첫 조작부터)",
        Figure::MaxLag => "Max lag (records not yet processed, from the first action)",
        Figure::Recovered if ko => "회복 시간 (첫 조작부터 다시 따라잡을 때까지)",
        Figure::Recovered => "Time to recover (first action → caught up)",
    }
}

/// A compare preset's question (its title in the picker).
pub fn compare_title(id: &str, lang: Lang) -> &'static str {
    let ko = lang == Lang::Ko;
    match id {
        "range-vs-roundrobin" if ko => "토픽 2개: range와 round robin은 파티션을 어떻게 나눌까?",
        "range-vs-roundrobin" => "Two topics: how do range and round robin split the partitions?",
        "eager-vs-cooperative" if ko => "컨슈머가 참여할 때: eager(range, sticky)와 cooperative-sticky",
        "eager-vs-cooperative" => "A consumer joins: eager (range, sticky) versus cooperative-sticky",
        "static-vs-dynamic" if ko => "순차 재시작(rolling restart): 동적 멤버 vs 스태틱 멤버",
        "static-vs-dynamic" => "A rolling restart: dynamic versus static membership",
        "commit-timing" if ko => "컨슈머 장애: auto commit, 처리 후 commitSync, 처리 전 commitSync",
        "commit-timing" => "A consumer crashes: auto commit, commitSync after processing, commitSync before",
        "sync-vs-async-commit" if ko => "커밋이 타임아웃될 때: commitSync와 commitAsync(새 컨슈머, classic)",
        "sync-vs-async-commit" => "A commit times out: commitSync versus commitAsync (new consumer, classic)",
        "classic-vs-kip848" if ko => "classic 프로토콜 vs KIP-848 (group.protocol=consumer)",
        "classic-vs-kip848" => "The classic protocol versus KIP-848 (group.protocol=consumer)",
        _ => "?",
    }
}

/// What a bundled comparison asks, shown until the lanes have shown the answer (see
/// `study::compare::decided_ms`).
pub fn compare_question(id: &str, lang: Lang) -> &'static str {
    let ko = lang == Lang::Ko;
    match id {
        "range-vs-roundrobin" if ko => "질문: 컨슈머 c1, c2가 토픽 두 개(파티션 3개씩)를 읽습니다. range와 round robin 중 어느 쪽에서 한 컨슈머가 더 많이 받아 랙이 쌓일까요? 재생하며 두 레인의 랙을 비교해 보세요.",
        "range-vs-roundrobin" => "Question: c1 and c2 read two topics of three partitions each. With range or with round robin, does one consumer get more and fall behind? Play and compare the lanes' lag.",
        "eager-vs-cooperative" if ko => "질문: 9초에 c3가 그룹에 들어옵니다. 세 전략 중 어느 쪽에서 기존 컨슈머가 처리를 멈출까요? 멈추지 않는 쪽은 대신 무엇을 치를까요?",
        "eager-vs-cooperative" => "Question: c3 joins the group at 9 s. Under which strategies do the existing consumers stop processing, and what does the one that does not stop pay instead?",
        "static-vs-dynamic" if ko => "질문: 컨슈머를 하나씩 재시작합니다(롤링 재시작). group.instance.id가 있는 스태틱 멤버와 없는 동적 멤버에서 리밸런스는 각각 몇 번 일어날까요?",
        "static-vs-dynamic" => "Question: the consumers restart one by one (a rolling restart). How many rebalances happen with static members (group.instance.id), and how many with dynamic ones?",
        "commit-timing" if ko => "질문: c1이 배치를 처리하던 중에 죽습니다. 커밋하는 시점에 따라 어느 레인에서 중복 처리가 생기고, 어느 레인에서 레코드를 잃을까요?",
        "commit-timing" => "Question: c1 crashes in the middle of a batch. Depending on when each lane commits, where are records processed twice, and where are they lost?",
        "sync-vs-async-commit" if ko => "질문: 10초부터 5.5초 동안 브로커 2가 __consumer_offsets를 복제하지 못해 커밋이 5초 만에 REQUEST_TIMED_OUT으로 실패합니다. 그 뒤 15.7초에 c1이 죽고, 세션 타임아웃이 지나면 c2가 파티션을 이어받습니다. 어느 레인에서 커밋된 오프셋이 뒤로 가서 c2가 이미 처리한 레코드를 다시 처리할까요?",
        "sync-vs-async-commit" => "Question: from 10 s, broker 2 cannot copy __consumer_offsets for 5.5 s, so a commit fails after 5 s with REQUEST_TIMED_OUT. Then c1 crashes at 15.7 s, and after the session timeout c2 takes over its partition. In which lane does the committed offset go back, so that c2 processes again what c1 already did?",
        "classic-vs-kip848" if ko => "질문: c3가 들어오고 c1이 나갑니다. classic 프로토콜(eager, cooperative)과 KIP-848에서 파티션은 각각 어떻게 옮겨 갈까요?",
        "classic-vs-kip848" => "Question: c3 joins, then c1 leaves. How do partitions move under the classic protocol (eager, cooperative) and under KIP-848?",
        _ => "",
    }
}

/// When a comparison's answer will be told, to a tenth of a second (rounded up: never before
/// the moment).
pub fn compare_answer_at(at_ms: u64, lang: Lang) -> String {
    let at = super::narrate::in_seconds(at_ms.div_ceil(100), lang);
    match lang {
        Lang::Ko => format!("결론은 {at}에 보여 드립니다."),
        Lang::En => format!("The answer comes at {at}."),
    }
}

/// A bundled comparison's answer, told once the lanes have shown it.
pub fn compare_story(id: &str, lang: Lang) -> &'static str {
    let ko = lang == Lang::Ko;
    match id {
        "range-vs-roundrobin" if ko => "range는 토픽마다 따로 나누므로 두 토픽 모두에서 c1이 한 개씩 더 받아 4개 대 2개가 됩니다. 처리 속도가 같으면 c1이 뒤처져 랙이 쌓입니다. round robin은 파티션 6개를 한 줄로 돌려 3개씩 나눕니다. 20초에 c3가 들어오면 range도 2개씩으로 고르게 됩니다.",
        "range-vs-roundrobin" => "Range splits each topic on its own, so c1 gets one extra in both topics: 4 partitions against 2. At the same processing speed c1 falls behind and lag builds up. Round robin deals all six in one ring, 3 each. When c3 joins at 20 s, range evens out too (2 each).",
        "eager-vs-cooperative" if ko => "eager(range, sticky)는 c3가 들어올 때 모든 멤버가 모든 파티션을 내놓고(revoke) 멈춥니다. sticky도 eager 방식이라 똑같이 멈춥니다. cooperative-sticky는 옮겨 갈 파티션 하나만 내놓으므로 아무도 멈추지 않습니다. 대신 리밸런스를 한 번 더 하고, 그 파티션은 후속 리밸런스(다음 하트비트 때)까지 주인이 없어 랙이 잠깐 쌓이고, 새 주인이 마지막 커밋 뒤의 레코드를 다시 처리해 중복이 생길 수 있습니다. 그래서 이 작은 그룹에서는 결과 표가 여러 줄에서 eager에 ★를 줍니다. eager가 멈춘 시간이 아주 짧기 때문입니다. cooperative가 얻는 것은 '멈춘 시간' 줄의 0 ms입니다. 파티션이 많고 처리가 느려 모두가 멈추는 비용이 클수록 이 줄이 중요해집니다.",
        "eager-vs-cooperative" => "Eager (range, sticky): when c3 joins, every member revokes everything and stops; sticky is eager too, so it stops the same way. Cooperative-sticky revokes only the partition that moves, so nobody stops. It pays with a second rebalance, and that partition has no owner until the follow-up rebalance (at the next heartbeat), so lag builds for a moment, and its new owner may process again what came after the last commit (a duplicate). That is why the results table stars eager on several rows here: in this small group eager's stop is very short. What cooperative buys is the 0 ms on the pause row, and that row matters more the more partitions there are and the slower the processing, when everyone stopping is expensive.",
        "static-vs-dynamic" if ko => "동적 멤버는 재시작하면 새 멤버 ID로 다시 참여해 재시작마다 리밸런스가 일어나고(세 번), 예전 멤버는 세션 타임아웃까지 파티션을 붙잡고 있어 모두가 오래 멈춥니다. 스태틱 멤버(group.instance.id)는 세션 타임아웃 안에 돌아오면 같은 파티션을 리밸런스 없이 그대로 받습니다(0번). 그래도 중복이 0은 아닙니다. 재시작 전에 커밋하지 못한 레코드는 돌아온 멤버가 다시 처리하기 때문입니다.",
        "static-vs-dynamic" => "A restarted dynamic member rejoins with a new member id, so every restart rebalances the group (three times), while its old member holds its partitions until the session times out and everyone waits long. A static member (group.instance.id) back within the session timeout gets the same partitions with no rebalance (none at all). Its duplicates are not zero, though: what it had not committed before the restart it processes again when it is back.",
        "commit-timing" if ko => "c1이 배치 처리 중에 죽습니다. 자동 커밋과 처리 후 commitSync는 마지막 커밋 이후를 다시 처리해 중복이 생기고(자동 커밋이 더 많음), 처리 전 commitSync는 커밋만 하고 처리하지 못한 레코드를 잃습니다(at-most-once).",
        "commit-timing" => "c1 crashes mid-batch. Auto commit and commitSync after processing reprocess everything since the last commit: duplicates (more with auto). commitSync before processing loses the records it committed but never processed (at-most-once).",
        "sync-vs-async-commit" if ko => "커밋된 오프셋이 뒤로 가는 것은 2번 레인(새 컨슈머의 commitAsync)뿐입니다. 첫 커밋이 5초 동안 기다리는 사이 뒤의 commitAsync들은 같은 연결에서 차례를 기다립니다. 첫 커밋이 REQUEST_TIMED_OUT으로 실패하자 콜백이 같은 오프셋으로 다시 커밋했고, 이 재시도가 이미 보낸 더 새로운 커밋들 뒤에 저장되어 커밋된 오프셋이 5초 전 위치로 돌아갔습니다. c1이 그 직후에 죽었으므로, 세션 타임아웃(45초) 뒤 c2는 그 위치부터 다시 읽어 c1이 처리한 레코드를 한 번 더 처리합니다. 1번 레인 commitSync는 5초 넘게 멈춰 기다렸다가 같은 오프셋으로 재시도해 성공하므로 되돌아가지 않습니다(대신 그동안 처리가 멈춥니다). 3번 레인 classic 컨슈머는 타임아웃 때 연결을 끊어, 뒤에 보낸 커밋들도 실패하고 콜백이 보낸 순서대로 다시 커밋하므로 마지막 커밋이 가장 새 오프셋입니다. 중복은 죽기 전 마지막 커밋 이후의 레코드뿐입니다.",
        "sync-vs-async-commit" => "The committed offset goes back only in lane 2 (commitAsync in the new consumer). While the first commit waited 5 s, the later commitAsync calls queued behind it on the same connection. When it failed with REQUEST_TIMED_OUT, its callback committed the same offsets again, and that retry was stored after the newer commits already sent: the committed offset went back 5 s. c1 crashed right after, so when c2 takes over after the session timeout (45 s) it reads from there and processes again what c1 had done. Lane 1's commitSync blocks for over 5 s and retries the same offsets until they are stored, so it never goes back (but processing stops meanwhile). Lane 3's classic consumer closes its connection on the timeout, so the later commits fail too and their callbacks commit again in the order they were sent: the last commit is the newest. Its duplicates are only the records after its last commit before the crash.",
        "classic-vs-kip848" if ko => "c3 참여, c1 이탈. classic range(eager)는 매번 모두가 멈추고, classic cooperative-sticky는 두 라운드에 걸쳐 옮깁니다. KIP-848은 JoinGroup/SyncGroup 없이, 그룹 전체가 기다리는 단계도 없이 코디네이터가 하트비트로 멤버마다 따로 파티션을 옮깁니다. 그 대신 이 시나리오에서는 옮긴 파티션 수와 최대 랙이 가장 커서 표의 ★를 받지 못합니다. 이 비교가 보여 주는 것은 점수가 아니라 옮기는 방식의 차이입니다.",
        "classic-vs-kip848" => "c3 joins, then c1 leaves. Classic range (eager) pauses everyone each time; classic cooperative-sticky moves partitions in two rounds; KIP-848 has no JoinGroup/SyncGroup and no barrier: the coordinator moves partitions member by member through heartbeats. In this scenario that moves the most partitions and builds the most lag, so KIP-848 gets no ★ in the table: what the comparison shows is how partitions move, not a score.",
        _ => "",
    }
}

fn released(released: &[TopicPartition], lang: Lang) -> String {
    match (released.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Ko) => format!(" 나머지 {} 내놓습니다.", topic(&list(released))),
        (false, Lang::En) => format!("; releases {}", list(released)),
    }
}

/// One explainer step as one sentence.
pub fn step_sentence(step: &Step, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    match step {
        Step::SortMembers { order, static_members } => match (static_members.is_empty(), ko) {
            (true, true) => format!("스태틱 멤버가 없으므로 멤버를 멤버 ID 순으로 정렬합니다: {}.", list(order)),
            (true, false) => format!("No static members, so members are sorted by member id: {}.", list(order)),
            (false, true) => format!(
                "멤버를 정렬합니다. 스태틱 멤버({})가 group.instance.id 순으로 먼저, 그다음 동적 멤버가 멤버 ID 순으로: {}.",
                list(static_members),
                list(order)
            ),
            (false, false) => format!(
                "Members are sorted: static members ({}) first by group.instance.id, then dynamic members by member id: {}.",
                list(static_members),
                list(order)
            ),
        },
        Step::TopicQuota {
            topic,
            partitions,
            subscribers,
            quota,
            extra,
        } => {
            let n = subscribers.len();
            match (extra, ko) {
                (0, true) => format!("토픽 {topic}: 파티션 {partitions}개를 구독자 {n}명({})에게 나누면 {quota}개씩입니다.", list(subscribers)),
                (0, false) => format!("Topic {topic}: {partitions} partitions over {n} subscribers ({}) is {quota} each.", list(subscribers)),
                (e, true) => format!(
                    "토픽 {topic}: 파티션 {partitions}개를 구독자 {n}명({})에게 나누면 {quota}개씩이고, 남는 {e}개는 앞의 {e}명이 하나씩 더 받습니다.",
                    list(subscribers)
                ),
                (e, false) => format!(
                    "Topic {topic}: {partitions} partitions over {n} subscribers ({}) is {quota} each, and the first {e} get one more.",
                    list(subscribers)
                ),
            }
        }
        Step::GiveRange {
            topic,
            member,
            partitions,
            extra,
        } => match (partitions.is_empty(), extra, ko) {
            (true, _, true) => format!("{member}: 구독자가 파티션보다 많아서 {topic}에서는 받을 것이 없습니다."),
            (true, _, false) => format!("{member} gets nothing of {topic}: there are more subscribers than partitions."),
            (false, true, true) => format!("{member}: 연속 구간 {} 받습니다 (앞쪽 멤버라 하나 더).", object(&list(partitions))),
            (false, true, false) => format!("{member} takes the contiguous range {} (one of the first, so one more).", list(partitions)),
            (false, false, true) => format!("{member}: 연속 구간 {} 받습니다.", object(&list(partitions))),
            (false, false, false) => format!("{member} takes the contiguous range {}.", list(partitions)),
        },
        Step::RingTopics { topics } if ko => format!(
            "round robin은 {}의 모든 파티션을 토픽 순서대로 멤버를 원형으로 돌며 하나씩 나눠 줍니다. 토픽이 바뀌어도 커서는 처음으로 돌아가지 않습니다.",
            list(topics)
        ),
        Step::RingTopics { topics } => format!(
            "Round robin deals every partition of {}, topic by topic, around the ring of members; the cursor is never reset.",
            list(topics)
        ),
        Step::Deal { tp, member, skipped } => match (skipped.is_empty(), ko) {
            (true, true) => format!("{tp} → {member} (커서가 가리키는 다음 멤버)."),
            (true, false) => format!("{tp} → {member} (the next member at the cursor)."),
            (false, true) => format!("{tp} → {member}. {} {} 구독하지 않아 커서가 건너뛰었습니다.", topic(&list(skipped)), object(&tp.topic)),
            (false, false) => format!("{tp} → {member}; the cursor skipped {} (not subscribed to {}).", list(skipped), tp.topic),
        },
        Step::StickyPath { all_equal: true } if ko => "모든 멤버의 구독이 같으므로 sticky assignor는 제한 경로(constrained path)로 갑니다: quota를 계산하고, 가진 파티션을 quota까지 지킨 뒤 나머지를 채웁니다.".to_string(),
        Step::StickyPath { all_equal: true } => "Every member subscribes to the same topics, so the sticky assignor takes its constrained path: quotas, keep owned partitions up to the quota, then fill.".to_string(),
        Step::StickyPath { all_equal: false } if ko => "구독이 멤버마다 다르므로 sticky assignor는 일반 경로(general path)로 갑니다: 가진 파티션을 지키고, 가장 적게 가진 구독자에게 할당한 뒤, 옮겨서 균형을 맞춥니다.".to_string(),
        Step::StickyPath { all_equal: false } => "Subscriptions differ, so the sticky assignor takes its general path: keep owned partitions, place the rest on the least-loaded subscriber, then move partitions to balance.".to_string(),
        Step::Conflict { tp, members } if ko => format!("{tp}: 같은 제너레이션의 {} 모두 가졌다고 보고해서, 양쪽에서 빼고 새로 할당합니다.", subject(&list(members))),
        Step::Conflict { tp, members } => format!("{tp} is claimed by {} in the same generation: it is taken from both and assigned afresh.", list(members)),
        Step::StaleClaim { tp, stale, owner } if ko => format!("{tp}: {stale}의 보고는 이전 제너레이션 것이라, 더 새 제너레이션인 {owner}의 보고가 이깁니다."),
        Step::StaleClaim { tp, stale, owner } => format!("{stale} claims {tp} from an older generation; {owner}'s newer claim wins."),
        Step::Quotas {
            partitions,
            members,
            min_quota,
            max_quota,
            max_quota_members,
        } if ko => format!(
            "파티션 {partitions}개, 멤버 {members}명: minQuota = ⌊{partitions}/{members}⌋ = {min_quota}, maxQuota = ⌈{partitions}/{members}⌉ = {max_quota}. maxQuota까지 가질 수 있는 멤버는 {max_quota_members}명입니다."
        ),
        Step::Quotas {
            partitions,
            members,
            min_quota,
            max_quota,
            max_quota_members,
        } => format!(
            "{partitions} partitions over {members} members: minQuota = ⌊{partitions}/{members}⌋ = {min_quota}, maxQuota = ⌈{partitions}/{members}⌉ = {max_quota}; {max_quota_members} members may hold maxQuota."
        ),
        Step::VisitOrder { order } if ko => format!(
            "멤버를 이름 순이 아니라 Kafka가 멤버 ID를 담은 HashMap을 도는 순서(해시 순)로 봅니다: {}. 앞에 오는 멤버가 maxQuota 자리를 먼저 차지합니다.",
            list(order)
        ),
        Step::VisitOrder { order } => format!(
            "Members are visited in the order Kafka's HashMap of member ids iterates them (by hash, not by name): {}; the first ones take the maxQuota slots.",
            list(order)
        ),
        Step::Keep { member, kept, released: r, list: which } => {
            let rel = released(r, lang);
            match (which, kept.is_empty(), ko) {
                (KeepList::UnderMin, true, true) => format!("{member}: 가진 파티션이 없어 under-min 목록에 들어갑니다.{rel}"),
                (KeepList::UnderMin, true, false) => format!("{member} owns nothing it can keep: under-min list{rel}."),
                (KeepList::UnderMin, false, true) => format!("{member}: {} 모두 지키지만 minQuota보다 적어 under-min 목록에 들어갑니다.{rel}", object(&list(kept))),
                (KeepList::UnderMin, false, false) => format!("{member} keeps {} but is below minQuota: under-min list{rel}.", list(kept)),
                (KeepList::AtMax, _, true) => format!("{member}: {} 지킵니다 (maxQuota 자리 하나를 씀).{rel}", object(&list(kept))),
                (KeepList::AtMax, _, false) => format!("{member} keeps {} (taking one of the maxQuota slots){rel}.", list(kept)),
                (KeepList::ExactlyMin, _, true) => format!("{member}: {} 지키고(minQuota) 하나 더 받을 수 있어 exactly-min 목록에 들어갑니다.{rel}", object(&list(kept))),
                (KeepList::ExactlyMin, _, false) => format!("{member} keeps {} (minQuota) and may take one more: exactly-min list{rel}.", list(kept)),
                (KeepList::Full, _, true) => format!("{member}: {} 지킵니다(minQuota). maxQuota 자리가 다 찼으므로 더 받지 않습니다.{rel}", object(&list(kept))),
                (KeepList::Full, _, false) => format!("{member} keeps {} (minQuota); every maxQuota slot is taken, so it is full{rel}.", list(kept)),
            }
        }
        Step::MaxSlotsFull { members } if ko => format!("maxQuota 자리가 모두 찼습니다. {} 더 받을 수 없습니다 (exactly-min 목록을 비움).", topic(&list(members))),
        Step::MaxSlotsFull { members } => format!("Every maxQuota slot is taken: {} can no longer take one more (the exactly-min list is emptied).", list(members)),
        Step::Lists {
            under_min,
            exactly_min,
            unassigned,
        } if ko => format!(
            "채울 파티션: {}. under-min 목록(멤버 ID 순): {}, exactly-min 목록: {}.",
            list(unassigned),
            list(under_min),
            list(exactly_min)
        ),
        Step::Lists {
            under_min,
            exactly_min,
            unassigned,
        } => format!(
            "To fill: {}. Under-min list (by member id): {}; exactly-min list: {}.",
            list(unassigned),
            list(under_min),
            list(exactly_min)
        ),
        Step::Fill {
            tp,
            member,
            from,
            transferring,
        } => {
            let why = match (from, ko) {
                (FillFrom::UnderMin, true) => "under-min 목록을 round robin",
                (FillFrom::UnderMin, false) => "round robin over the under-min list",
                (FillFrom::ExactlyMin, true) => "under-min 목록이 비어 exactly-min 목록의 다음 멤버",
                (FillFrom::ExactlyMin, false) => "the under-min list is empty: next on the exactly-min list",
                (FillFrom::SameRack, true) => "그 파티션의 복제본과 같은 rack에 있는 멤버",
                (FillFrom::SameRack, false) => "a member on one of its replicas' racks",
            };
            let moving = match (transferring, ko) {
                (false, _) => "",
                (true, true) => " 다른 멤버가 가졌던 파티션이라 주인이 바뀝니다.",
                (true, false) => "; it changes owner.",
            };
            format!("{tp} → {member} ({why}).{moving}")
        }
        Step::GeneralOrder { topics } => {
            let items: Vec<String> = topics
                .iter()
                .map(|(t, n)| if ko { format!("{t} ({n}명)") } else { format!("{t} ({n})") })
                .collect();
            if ko {
                format!("구독자가 적은 토픽부터 할당합니다: {}.", items.join(", "))
            } else {
                format!("Topics are placed fewest subscribers first: {}.", items.join(", "))
            }
        }
        Step::GeneralKeep { member, kept, dropped } => match (kept.is_empty(), dropped.is_empty(), ko) {
            (true, true, true) => format!("{member}: 가진 파티션이 없습니다."),
            (true, true, false) => format!("{member} owns nothing."),
            (_, true, true) => format!("{member}: {} 지킵니다.", object(&list(kept))),
            (_, true, false) => format!("{member} keeps {}.", list(kept)),
            (_, false, true) => format!("{member}: {} 지키고, 더 이상 구독하지 않는 {} 내놓습니다.", object(&list(kept)), topic(&list(dropped))),
            (_, false, false) => format!("{member} keeps {} and drops {} (no longer subscribed).", list(kept), list(dropped)),
        },
        Step::Place { tp, member, load } if ko => format!("{tp} → {member}: 구독자 중 가장 적게 가진 멤버입니다 ({load}개, 같으면 멤버 ID 순)."),
        Step::Place { tp, member, load } => format!("{tp} → {member}, the subscriber holding the fewest ({load}; ties by member id)."),
        Step::Move { tp, from, to, to_previous: true } if ko => format!("균형 맞추기: {} {from}에게서 이전 제너레이션의 주인 {to}에게 돌려줍니다.", object(&tp.to_string())),
        Step::Move { tp, from, to, to_previous: true } => format!("Balancing: {tp} goes from {from} back to {to}, its owner in an earlier generation."),
        Step::Move { tp, from, to, .. } if ko => format!("균형 맞추기: {} 받을 수 있는 다른 멤버보다 2개 이상 많아서 {} {to}에게 옮깁니다.", subject(from), object(&tp.to_string())),
        Step::Move { tp, from, to, .. } => format!("Balancing: {from} holds two more than a member that could take {tp}, so it moves to {to}."),
        Step::Revert { .. } if ko => "옮겨도 균형 점수가 나아지지 않아, 옮기기 전의 할당을 그대로 씁니다.".to_string(),
        Step::Revert { .. } => "The moves did not improve the balance score, so the assignment before them stands.".to_string(),
        Step::Withhold { tp, from, to } => match (from, ko) {
            (Some(from), true) => format!(
                "cooperative: {tp}의 주인이 {from}에서 {} 바뀌므로 이번 라운드에는 {to}에게 주지 않습니다. {} 내려놓은(revoke) 뒤 후속 리밸런스에서 {} 받습니다.",
                towards(to),
                subject(from),
                subject(to)
            ),
            (Some(from), false) => format!(
                "Cooperative: {tp} changes owner ({from} → {to}), so {to} does not get it this round; {from} revokes it and a follow-up rebalance gives it to {to}."
            ),
            (None, true) => format!("cooperative: 두 멤버가 {} 가졌다고 보고했으므로 이번 라운드에는 {to}에게 주지 않고, 후속 리밸런스에서 줍니다.", object(&tp.to_string())),
            (None, false) => format!("Cooperative: {tp} was claimed twice, so {to} does not get it this round but in the follow-up rebalance."),
        },
    }
}

/// The explainer's "place here" and "back to the pool" buttons.
pub fn place_here(lang: Lang) -> &'static str {
    lang.pick("여기에 놓기", "Place here")
}

pub fn back_to_pool(lang: Lang) -> &'static str {
    lang.pick("풀로 되돌리기", "Back to the pool")
}

/// A wrong guess's mark, naming the member the learner picked.
pub fn predict_wrong(you: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(" ✗ (예측: {you})"),
        Lang::En => format!(" ✗ (you: {you})"),
    }
}

/// The prediction's score.
pub fn predict_score(right: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("예측 점수: {total}개 중 {right}개 맞음"),
        Lang::En => format!("Your prediction: {right} of {total} partitions right"),
    }
}

/// Refused: a member's last topic unticked.
pub fn must_subscribe(lang: Lang) -> String {
    lang.pick("멤버는 토픽을 하나 이상 구독해야 합니다.", "A member must subscribe to at least one topic.")
        .to_string()
}

/// Refused: a partition count out of range.
pub fn bad_partition_count(topic: &str, text: &str, max: u32, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "{topic}의 파티션 수 {} 쓸 수 없습니다: 1부터 {max}까지의 정수를 넣으세요.",
            super::particle::topic(&format!("'{text}'"))
        ),
        Lang::En => format!("'{text}' partitions for {topic} is not allowed: use a whole number from 1 to {max}."),
    }
}

/// How many partitions a member owns.
pub fn partition_count(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("파티션 {n}개"),
        Lang::En if n == 1 => "1 partition".to_string(),
        Lang::En => format!("{n} partitions"),
    }
}

/// A `?compare=` value that names no comparison (`allowed`: the ids, joined).
pub fn notice_compare(id: &str, allowed: &str, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "URL의 {} 없는 비교입니다. 첫 번째 비교를 엽니다. 쓸 수 있는 값: {allowed}",
            topic(&format!("compare={id}"))
        ),
        Lang::En => format!("compare={id} in the URL is not a bundled comparison, so the first one is open. Allowed: {allowed}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::assignor::explain::explain;
    use crate::model::assignor::{AssignorName, MemberSubscription};
    use std::collections::BTreeMap;

    #[test]
    fn every_label_in_both_languages() {
        for &t in ALL_ST {
            assert!(!t.get(Lang::Ko).is_empty() && !t.get(Lang::En).is_empty(), "{t:?}");
        }
        for f in Figure::ALL {
            assert!(figure_label(f, Lang::Ko).chars().any(|c| ('가'..='힣').contains(&c)), "{f:?}");
        }
        for p in crate::study::compare::COMPARE_PRESETS {
            for lang in [Lang::Ko, Lang::En] {
                assert_ne!(compare_title(p.id, lang), "?", "{}", p.id);
                assert!(!compare_story(p.id, lang).is_empty(), "{}", p.id);
            }
        }
    }

    /// Every step of every assignor on a mixed membership has a Korean and an English sentence
    /// naming what it touched.
    #[test]
    fn every_step_is_a_sentence_in_both_languages() {
        let topics = BTreeMap::from([("a".to_string(), 5), ("b".to_string(), 2)]);
        let m = |id: &str, inst: Option<&str>, topics: &[&str], owned: &[(&str, u32)]| MemberSubscription {
            member_id: id.into(),
            group_instance_id: inst.map(Into::into),
            generation: if owned.is_empty() { -1 } else { 1 },
            topics: topics.iter().map(|t| t.to_string()).collect(),
            owned: owned.iter().map(|(t, p)| TopicPartition::new(*t, *p)).collect(),
        };
        let memberships = [
            vec![
                m("c1", Some("i1"), &["a", "b"], &[("a", 0), ("a", 1), ("a", 2)]),
                m("c2", None, &["a"], &[("a", 3)]),
                m("c3", None, &["a", "b"], &[]),
            ],
            vec![
                m("c1", None, &["a", "b"], &[("a", 0), ("a", 1), ("a", 2), ("a", 3), ("b", 0)]),
                m("c2", None, &["a", "b"], &[]),
                m("c3", None, &["a", "b"], &[("b", 1)]),
            ],
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for members in &memberships {
            for assignor in [
                AssignorName::Range,
                AssignorName::RoundRobin,
                AssignorName::Sticky,
                AssignorName::CooperativeSticky,
            ] {
                for round in explain(assignor, &topics, members).rounds {
                    for step in &round.steps {
                        let ko = step_sentence(step, Lang::Ko);
                        let en = step_sentence(step, Lang::En);
                        assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)) || ko.contains('→'), "{ko}");
                        assert!(!en.is_empty() && !en.chars().any(|c| ('가'..='힣').contains(&c)), "{en}");
                        let (members, partitions) = step.touched();
                        for p in partitions.iter().take(1) {
                            if !matches!(step, Step::TopicQuota { .. }) {
                                assert!(en.contains(&p.to_string()), "{en} names {p}");
                            }
                        }
                        if let Some(mm) = members.first() {
                            assert!(en.contains(mm.as_str()), "{en} names {mm}");
                        }
                        kinds.insert(serde_json::to_value(step).unwrap()["step"].as_str().unwrap().to_string());
                    }
                }
            }
        }
        assert!(kinds.len() >= 12, "the memberships exercise most kinds of step ({})", kinds.len());
    }
}
