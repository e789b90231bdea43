//! One sentence per trace entry, the offset story and preset titles, in Korean and English.

use super::particle::{object, subject, topic, towards, with, Particle};
use super::{list, Lang};
use crate::model::config::{GroupProtocol, OffsetReset as Reset};
use crate::model::nouns::TopicPartition;
use crate::model::protocol::{Api, CommitCause, KafkaError};
use crate::model::trace::{EpochReason, ReconcileState, RejoinReason, RemoveReason, RevokeKind, SendFailure, Trace, TraceEvent};

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
        (CommitCause::AutoInterval, Lang::Ko) => "자동 커밋 (auto.commit.interval.ms 경과, poll() 안에서)",
        (CommitCause::AutoInterval, Lang::En) => "auto-commit (auto.commit.interval.ms elapsed, inside poll())",
        (CommitCause::AutoBeforeRebalance, Lang::Ko) => "리밸런스 직전 자동 커밋",
        (CommitCause::AutoBeforeRebalance, Lang::En) => "auto-commit before rebalancing",
        (CommitCause::AutoOnClose, Lang::Ko) => "close() 안의 동기 자동 커밋",
        (CommitCause::AutoOnClose, Lang::En) => "synchronous auto-commit in close()",
        (CommitCause::SyncAfterBatch, Lang::Ko) => "처리 후 commitSync()",
        (CommitCause::SyncAfterBatch, Lang::En) => "commitSync() after processing",
        (CommitCause::AsyncAfterBatch, Lang::Ko) => "처리 후 commitAsync()",
        (CommitCause::AsyncAfterBatch, Lang::En) => "commitAsync() after processing",
        (CommitCause::AsyncRetry, Lang::Ko) => "실패한 commitAsync()를 콜백에서 같은 오프셋으로 재시도 (더 새로운 커밋을 덮어쓸 수 있음)",
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

/// Commits the application made with commitAsync() (its callback sees the failure).
fn is_async_call(cause: CommitCause) -> bool {
    matches!(cause, CommitCause::AsyncAfterBatch | CommitCause::AsyncRetry)
}

/// The exception a failed commit surfaces as (None: commitSync() retries it).
fn commit_exception(error: KafkaError, cause: CommitCause) -> Option<&'static str> {
    let blocking = crate::model::consumer::coordinator_link::is_blocking(cause);
    match error {
        KafkaError::RebalanceInProgress => Some("RebalanceInProgressException"),
        e if e.is_retriable() && blocking => None,
        e if e.is_retriable() => Some("RetriableCommitFailedException"),
        _ => Some("CommitFailedException"),
    }
}

/// The Korean explanation of an exception the engine reports (the Java name is kept).
pub(crate) fn exception_ko(reason: &str) -> String {
    let name = reason.split(':').next().unwrap_or(reason);
    let why = match name {
        "NoOffsetForPartitionException" => "커밋된 오프셋이 없고 auto.offset.reset=none입니다",
        "FencedInstanceIdException" => "같은 group.instance.id를 가진 다른 컨슈머가 참여했습니다",
        "InconsistentGroupProtocolException" => "그룹의 다른 멤버들과 공통으로 지원하는 assignor나 프로토콜이 없습니다",
        "UnreleasedInstanceIdException" => {
            "같은 group.instance.id를 쓰던 이전 프로세스가 그룹을 떠난다는 하트비트를 보내지 못하고 죽어, 아직 그룹에 남아 있습니다. 코디네이터는 세션 타임아웃까지 그 자리를 지켜 둡니다"
        }
        "UnsupportedAssignorException" => "브로커에 그런 서버 측 assignor가 없습니다",
        "GroupIdNotFoundException" => "그룹이 클래식 그룹으로 돌아가 이 멤버의 epoch를 받지 않습니다",
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
        "eager-join" if ko => "eager 리밸런스: 세 번째 컨슈머가 참여하면 모든 컨슈머가 파티션을 전부 내려놓음(revoke)",
        "eager-join" => "Eager rebalance: a third consumer joins, everyone revokes everything",
        "cooperative-join" if ko => "cooperative-sticky: 옮겨 가는 파티션만 두 라운드에 걸쳐 내려놓음(revoke)",
        "cooperative-join" => "Cooperative-sticky: only moving partitions are revoked, in two rounds",
        "kip848-join" if ko => "KIP-848 (group.protocol=consumer): 그룹 전체가 기다리는 단계 없이 멤버마다 따로 할당을 반영(reconcile)",
        "kip848-join" => "KIP-848 (group.protocol=consumer): members reconcile one by one, no barrier",
        "static-restart" if ko => "스태틱 멤버십: 빨리 재시작하면 리밸런스가 없음",
        "static-restart" => "Static membership: a quick restart causes no rebalance",
        "stall-max-poll" if ko => "max.poll.interval.ms를 넘긴 poll 멈춤",
        "stall-max-poll" => "A stall past max.poll.interval.ms",
        "gc-pause" if ko => "긴 GC 멈춤(GC pause): 세션 타임아웃 만료",
        "gc-pause" => "A long GC pause expires the session",
        "commit-modes" if ko => "커밋 방식 5가지에서 같은 장애: 중복과 유실",
        "commit-modes" => "The same crash under five commit modes: duplicates and losses",
        "commit-async-retry" if ko => "커밋 타임아웃: commitAsync() 콜백의 재시도가 커밋된 오프셋을 되돌리고 중복을 만듦",
        "commit-async-retry" => "A commit times out: commitAsync()'s callback retry moves the committed offset back and duplicates",
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
        "idempotence" if ko => "멱등성: 응답을 잃어버렸을 때 멱등 프로듀서는 중복을 막고, 멱등성이 꺼진 프로듀서는 두 번 기록",
        "idempotence" => "Idempotence: a response is lost; the idempotent producer writes once, the other twice",
        "retry-ordering" if ko => "재시도와 순서: 멱등성이 없으면 재시도가 순서를 바꾸고 중복을 만듦",
        "retry-ordering" => "Retries and order: without idempotence retries reorder and duplicate",
        "add-partitions" if ko => "파티션 추가: 리더가 메타데이터 갱신(metadata.max.age.ms 5초)에서 보고 리밸런스를 요청, 키의 파티션도 바뀜",
        "add-partitions" => "Partitions added: the leader's metadata refresh (metadata.max.age.ms 5 s) sees them and asks for a rebalance; keys move too",
        "unclean-election" if ko => "unclean 리더 선출: 확인 응답(ack)을 받은 레코드가 사라지고, 그 수를 셈",
        "unclean-election" => "Unclean leader election: acknowledged records are lost, and counted",
        "isr-lag" if ko => "replica.lag.time.max.ms: 살아 있지만 뒤처진 팔로워가 ISR에서 빠지고, acks=all은 그동안 기다림",
        "isr-lag" => "replica.lag.time.max.ms: a live follower falls behind and leaves the ISR; acks=all waits meanwhile",
        "exactly-once" if ko => "consume-transform-produce: 출력과 오프셋을 한 트랜잭션으로 — 장애 뒤에도 read_committed는 정확히 한 번",
        "exactly-once" => "Consume-transform-produce: outputs and offsets in one transaction; after a crash read_committed still sees each once",
        "transactions" if ko => "트랜잭션: 커밋, abort, 타임아웃 — read_committed와 read_uncommitted가 읽는 것의 차이",
        "transactions" => "Transactions: commits, an abort, a timeout; what read_committed and read_uncommitted read",
        "long-run" if ko => "10분 실행: 컨슈머 추가, 장애, 재시작",
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
                format!("리더가 {producer}의 레코드(key={key})를 {tp}의 오프셋 {offset}에 기록했습니다")
            } else {
                format!("The leader wrote {producer}'s record (key={key}) to {tp} at offset {offset}")
            }
        }
        ConsumerStarted { consumer, group_id } => {
            if ko {
                format!("{} 시작되어 그룹 {group_id}에 참여합니다", subject(consumer))
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
                format!("{consumer}: 그룹 {group_id}의 코디네이터는 브로커 {broker}입니다. abs(\"{group_id}\".hashCode()) % 50 = {offsets_partition}이므로 __consumer_offsets 파티션 {offsets_partition}의 리더가 코디네이터를 맡습니다")
            } else {
                format!("{consumer} found {group_id}'s coordinator: broker {broker}, leader of __consumer_offsets partition {offsets_partition} (abs(\"{group_id}\".hashCode()) % 50)")
            }
        }
        ConsumerCrashed { consumer, .. } => {
            if ko {
                format!("{consumer}: 장애로 죽었습니다. 그룹을 떠난다는 요청도 커밋도 보내지 못합니다. 코디네이터는 세션 타임아웃이 지나야 알아챕니다")
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
                format!("{consumer} ← 브로커 {broker}: 레코드 {n}개 도착 (페치 버퍼로)")
            } else {
                format!("{consumer} ← broker {broker}: {n} records arrived (into the fetch buffer)")
            }
        }
        PollReturned { consumer, runs } => {
            let n: u64 = runs.iter().map(|r| r.count).sum();
            let parts: Vec<String> = runs.iter().map(|r| format!("{} {}–{}", r.tp, r.first, r.first + r.count - 1)).collect();
            if ko {
                format!(
                    "{consumer}의 poll()이 레코드 {n}개를 돌려주었습니다 ({}). position은 그 다음 오프셋으로 옮겨 갔습니다",
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
                format!("{consumer}: {tp}의 {} 처리했습니다 (제너레이션 {generation})", object(&format!("오프셋 {offset}")))
            } else {
                format!("{consumer} processed {tp} offset {offset} (generation {generation})")
            }
        }
        CommitSent { consumer, offsets, cause, .. } => {
            let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            if ko {
                format!("{consumer}: 커밋을 보냈습니다 ({}) — {}", list(&parts), cause_text(*cause, lang))
            } else {
                format!("{consumer} sent a commit: {} — {}", list(&parts), cause_text(*cause, lang))
            }
        }
        CommitStored { group_id, consumer, offsets } => {
            let parts: Vec<String> = offsets.iter().map(|(tp, o)| format!("{tp}={o}")).collect();
            if ko {
                format!("코디네이터가 그룹 {group_id}에 {consumer}의 커밋을 저장했습니다: {}", list(&parts))
            } else {
                format!("The coordinator stored {group_id}'s commit from {consumer}: {}", list(&parts))
            }
        }
        CommitFailed { consumer, error: None, cause, .. } => {
            let call = if is_async_call(*cause) { "commitAsync()" } else { "commitSync()" };
            if ko {
                format!(
                    "{consumer}의 {} 요청을 보내기도 전에 CommitFailedException으로 실패했습니다. {} 지금 활성 제너레이션의 멤버가 아니어서 다시 조인해야 합니다(예: max.poll.interval.ms가 지나 그룹을 떠났을 때). 브로커의 오류 코드는 없습니다",
                    subject(call),
                    topic(consumer)
                )
            } else {
                format!("{consumer}'s {call} failed with CommitFailedException before any request was sent: {consumer} is not a member of an active generation now and must join again (as after leaving the group when max.poll.interval.ms passed). No broker error code is involved")
            }
        }
        CommitFailed { consumer, error: Some(error), cause, .. } => {
            let name = error.name();
            let blocking = crate::model::consumer::coordinator_link::is_blocking(*cause);
            match commit_exception(*error, *cause) {
                None if ko => format!("{consumer}의 커밋이 실패했습니다: {name}. 재시도할 수 있는 오류라 commitSync()는 retry.backoff.ms 뒤에 같은 오프셋을 다시 보냅니다 (default.api.timeout.ms까지)"),
                None => format!("{consumer}'s commit failed: {name}. The error is retriable, so commitSync() sends the same offsets again after retry.backoff.ms (until default.api.timeout.ms)"),
                Some(exception) if ko && is_async_call(*cause) => format!("{consumer}의 commitAsync()가 실패했습니다: {name}. 콜백이 {exception}을 받습니다"),
                Some(exception) if is_async_call(*cause) => format!("{consumer}'s commitAsync() failed: {name}. Its callback gets {exception}"),
                Some(_) if ko && !blocking && error.is_retriable() => format!("{consumer}의 자동 커밋이 실패했습니다: {name}. retry.backoff.ms 뒤에 다시 커밋합니다"),
                Some(_) if !blocking && error.is_retriable() => format!("{consumer}'s auto-commit failed: {name}; it commits again after retry.backoff.ms"),
                Some(exception) if ko => format!("{consumer}의 커밋이 실패했습니다: {name} ({exception})"),
                Some(exception) => format!("{consumer}'s commit failed: {name} ({exception})"),
            }
        }
        CommitAwaitingReplicas {
            consumer,
            offsets_partition,
            followers,
            timeout_ms,
            ..
        } => {
            let followers = followers.iter().map(|b| b.to_string()).collect::<Vec<_>>().join(", ");
            let wait = seconds(*timeout_ms, lang);
            if ko {
                format!("코디네이터가 {consumer}의 커밋을 __consumer_offsets 파티션 {offsets_partition}에 쓰고, 팔로워 브로커 {followers}의 복제를 기다립니다 (acks=all, offsets.commit.timeout.ms {wait}까지). 그동안 이 연결의 다음 요청은 뒤에서 기다립니다")
            } else {
                format!("The coordinator wrote {consumer}'s commit to __consumer_offsets partition {offsets_partition} and waits for follower broker(s) {followers} to copy it (acks=all, up to offsets.commit.timeout.ms = {wait}); the connection's next requests wait behind it")
            }
        }
        CoordinatorMoved {
            group_id,
            offsets_partition,
            to,
            ..
        } => {
            if ko {
                format!(
                    "이제 __consumer_offsets 파티션 {offsets_partition}의 리더인 {} 그 파티션에서 그룹 {group_id}의 커밋된 오프셋, 멤버, 제너레이션을 읽어 코디네이터를 맡습니다. 멤버들의 세션 타이머는 지금부터 다시 잽니다",
                    subject(&format!("브로커 {to}"))
                )
            } else {
                format!("Broker {to}, now the leader of __consumer_offsets partition {offsets_partition}, loads group {group_id} from it (committed offsets, members, generation) and coordinates it; every member's session timer starts again now")
            }
        }
        CoordinatorUnknown {
            consumer,
            error,
            disconnected,
            ..
        } => {
            let name = error.name();
            match (disconnected, ko) {
                (true, true) => format!("{consumer}: {name} 때문에 코디네이터를 알 수 없는 상태로 두고 연결을 끊습니다. 이 연결로 보낸 다른 커밋도 응답 없이 실패하고(NETWORK_EXCEPTION), FindCoordinator로 코디네이터를 다시 찾습니다"),
                (true, false) => format!("{consumer} marks its coordinator unknown after {name} and closes the connection: other commits in flight on it fail too (NETWORK_EXCEPTION); FindCoordinator looks for the coordinator again"),
                (false, true) => format!("{consumer}: {name} 때문에 코디네이터를 알 수 없는 상태로 두고 FindCoordinator로 다시 찾습니다. 연결은 그대로라 이미 보낸 커밋의 응답은 그대로 도착합니다"),
                (false, false) => format!("{consumer} marks its coordinator unknown after {name} and looks for it with FindCoordinator; the connection stays open, so commits already sent still get their answers"),
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
                format!("{consumer}: 그룹 {group_id}의 멤버가 되었습니다 (멤버 ID {member_id})")
            } else {
                format!("{consumer} became a member of {group_id} (member id {member_id})")
            }
        }
        MemberRemoved {
            group_id, consumer, reason, ..
        } => {
            let why = match (reason, lang) {
                (RemoveReason::Left, Lang::Ko) => "스스로 떠남 (LeaveGroup, 또는 KIP-848에서는 epoch −1인 하트비트)",
                (RemoveReason::Left, Lang::En) => "it left (LeaveGroup, or under KIP-848 a heartbeat with epoch −1)",
                (RemoveReason::SessionTimeout, Lang::Ko) => "세션 타임아웃 동안 하트비트 없음",
                (RemoveReason::SessionTimeout, Lang::En) => "no heartbeat within the session timeout",
                (RemoveReason::NotRejoined, Lang::Ko) => "리밸런스 타임아웃 안에 JoinGroup으로 다시 참여하지 않음",
                (RemoveReason::NotRejoined, Lang::En) => "did not rejoin within the rebalance timeout",
                (RemoveReason::NotSynced, Lang::Ko) => "리밸런스 타임아웃 안에 SyncGroup을 보내지 않음",
                (RemoveReason::NotSynced, Lang::En) => "did not send SyncGroup within the rebalance timeout",
                (RemoveReason::RevocationTimeout, Lang::Ko) => "리밸런스 타임아웃(max.poll.interval.ms) 안에 파티션을 내려놓지(revoke) 않음",
                (RemoveReason::RevocationTimeout, Lang::En) => "did not revoke its partitions within the rebalance timeout (max.poll.interval.ms)",
            };
            if ko {
                format!("코디네이터가 그룹 {group_id}에서 {} 제거했습니다: {why}", object(consumer))
            } else {
                format!("The coordinator removed {consumer} from {group_id}: {why}")
            }
        }
        LeaderElected { group_id, consumer, .. } => {
            if ko {
                format!("{consumer}: 그룹 {group_id}의 리더가 되었습니다 (파티션 할당을 계산합니다)")
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
                format!("리더 {consumer}: {assignor} assignor로 멤버 {n}명의 할당을 계산했습니다 (제너레이션 {generation})")
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
                (false, true) => format!("제너레이션 {generation}"),
                (false, false) => format!("generation {generation}"),
            };
            match (kept.is_empty(), partitions.is_empty(), ko) {
                (true, true, true) => format!("{consumer}에 할당된 파티션이 없습니다 ({epoch})"),
                (true, false, true) => format!("{consumer}에 {} 할당되었습니다 ({epoch})", subject(&list(partitions))),
                (true, _, false) => format!("{consumer} was assigned {} ({epoch})", list(partitions)),
                (false, true, true) => format!("{consumer}: {} 유지하고, 새로 받은 파티션은 없습니다 ({epoch})", object(&list(kept))),
                (false, true, false) => format!("{consumer} keeps {} and gets nothing new ({epoch})", list(kept)),
                (false, false, true) => format!(
                    "{consumer}: {} 유지하고 {} 새로 할당받았습니다 ({epoch})",
                    object(&list(kept)),
                    object(&list(partitions))
                ),
                (false, false, false) => format!("{consumer} keeps {} and was newly assigned {} ({epoch})", list(kept), list(partitions)),
            }
        }
        PartitionsRevoked {
            consumer, partitions, kind, ..
        } => match (kind, ko) {
            (RevokeKind::Eager, true) => format!(
                "{consumer}: 파티션을 모두 내려놓았습니다 (eager 리밸런스, onPartitionsRevoked): {}",
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
            (RejoinReason::Error(e), true) => format!("{consumer}: {} 응답을 받아 다음 poll()에서 JoinGroup으로 다시 참여합니다", e.name()),
            (RejoinReason::Error(e), false) => format!("{consumer} got {} and will rejoin at its next poll()", e.name()),
            (RejoinReason::MetadataChanged, true) => format!("리더 {consumer}: 구독한 토픽의 파티션 수가 바뀐 것을 보고 리밸런스를 요청합니다"),
            (RejoinReason::MetadataChanged, false) => format!("Leader {consumer} saw a subscribed topic's partition count change and asks for a rebalance"),
            (RejoinReason::PartitionsRevoked, true) => {
                format!("{consumer}: 파티션을 내려놓았으므로 후속 리밸런스를 위해 JoinGroup으로 다시 참여합니다 (cooperative)")
            }
            (RejoinReason::PartitionsRevoked, false) => format!("{consumer} revoked partitions, so it rejoins for the follow-up rebalance (cooperative)"),
        },
        ConsumerStalled { consumer, until_ms, .. } => match (until_ms, ko) {
            (Some(t), true) => format!(
                "{consumer}: 애플리케이션이 {}까지 poll()을 호출하지 않습니다 (하트비트는 계속)",
                tenths(*t, lang)
            ),
            (Some(t), false) => format!(
                "{consumer}'s application stops calling poll() until {} (heartbeats go on)",
                tenths(*t, lang)
            ),
            (None, true) => format!("{consumer}: 애플리케이션이 poll()을 호출하지 않습니다 (하트비트는 계속)"),
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
            let t = tenths(*until_ms, lang);
            if ko {
                format!("{consumer}: 프로세스 전체가 {t}까지 멈춥니다 (긴 GC 멈춤: 하트비트도 poll()도 없음)")
            } else {
                format!("{consumer}'s whole process freezes until {t} (a long GC pause: no heartbeats, no polls)")
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
                format!("{consumer}의 설정이 바뀌었습니다: {}", list(changes))
            } else {
                format!("{consumer}'s settings changed: {}", list(changes))
            }
        }
        ConsumerRedeploying { consumer, changes, .. } => {
            let what = if changes.is_empty() { String::new() } else { list(changes) };
            if ko {
                // The particle follows 설정, the word before the parenthesis.
                let settings = if what.is_empty() { "새 설정".to_string() } else { format!("새 설정({what})") };
                format!("{consumer}: {settings}으로 재배포합니다. 프로세스는 close()로 종료한 뒤 다시 시작합니다")
            } else {
                let settings = if what.is_empty() { "new settings".to_string() } else { format!("new settings ({what})") };
                format!("{consumer} is redeployed: the process closes (close()) and starts again with {settings}")
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
                (0, _, true) => format!("{producer}: {} 이제 한동안 {tp}에만 보냅니다 (기본 sticky 파티셔너)", object(what)),
                (0, _, false) => format!("{producer}'s {what} stick to {tp} (built-in sticky partitioner)"),
                (b, false, true) => {
                    format!("{producer}: 지금의 sticky 파티션에 {b}바이트(batch.size {batch_size} 이상)를 보냈으므로 {} 이제 {tp}에 기록됩니다", topic(what))
                }
                (b, false, false) => format!("{producer} sent {b} bytes (≥ batch.size {batch_size}) to its sticky partition: its {what} now go to {tp}"),
                (b, true, true) => {
                    format!("{producer}: 지금의 sticky 파티션에 {b}바이트(batch.size {batch_size} 이상)를 보내 파티션을 새로 뽑았는데, 다시 {} 뽑혔습니다", subject(&tp.to_string()))
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
                    // Compressed: its size before, the codec and its size on the wire.
                    let before = b.compression.map_or(String::new(), |c| format!("{} → {} ", c.uncompressed_bytes, c.codec.name()));
                    format!("{} ×{} ({before}{} B{seq}{retry})", b.tp, b.records, b.bytes)
                })
                .collect();
            let piggy = batches.len() > 1;
            match (ko, piggy) {
                (true, true) => format!(
                    "{producer}: 브로커 {broker}에 {} 보냈습니다. 배치 {}개를 한 요청에 함께 실었습니다(piggyback): {}",
                    object(&format!("ProduceRequest #{request_id}")),
                    batches.len(),
                    parts.join(", ")
                ),
                (true, false) => format!(
                    "{producer}: 브로커 {broker}에 {} 보냈습니다: {}",
                    object(&format!("ProduceRequest #{request_id}")),
                    parts.join(", ")
                ),
                (false, true) => format!("{producer} sent ProduceRequest #{request_id} to broker {broker} carrying {} batches together (piggyback): {}", batches.len(), parts.join(", ")),
                (false, false) => format!("{producer} sent ProduceRequest #{request_id} to broker {broker}: {}", parts.join(", ")),
            }
        }
        ProduceRejected { broker, producer, tp, error, isr } => {
            let name = error.name();
            match (error, ko) {
                (KafkaError::NotEnoughReplicas, true) => format!("브로커 {broker}: {tp}의 ISR이 {isr:?}뿐이라 min.insync.replicas에 못 미칩니다. {} 보낸 acks=all 배치를 기록하지 않고 거절했습니다 ({name})", subject(producer)),
                (KafkaError::NotEnoughReplicas, false) => format!("Broker {broker} refused {producer}'s acks=all batch for {tp} without writing it: ISR {isr:?} is below min.insync.replicas ({name})"),
                (KafkaError::OutOfOrderSequenceNumber, true) => format!("브로커 {broker}: {} 보낸 {tp} 배치의 시퀀스 번호가 마지막으로 받은 번호의 다음 번호가 아니라서 거절했습니다 ({name})", subject(producer)),
                (KafkaError::OutOfOrderSequenceNumber, false) => format!("Broker {broker} refused {producer}'s batch for {tp}: its sequence does not follow the last one it has ({name})"),
                (_, true) => format!("브로커 {broker}: {} 보낸 {tp} 배치를 거절했습니다 ({name})", subject(producer)),
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
                format!("브로커 {broker}: {} 보낸 {tp} 배치(seq {base_sequence}, {records}건)는 이미 오프셋 {base_offset}에 있습니다. 멱등성 덕분에 다시 쓰지 않고 원래 오프셋으로 응답합니다", subject(producer))
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
                (None, true) => format!("{producer}: acks=0이라 응답을 기다리지 않고 {tp}의 레코드 {records}건 전송을 완료로 칩니다 (오프셋은 알 수 없음)"),
                (None, false) => format!("{producer} counts {} for {tp} as sent without any response (acks=0: the offset is unknown)", records_en(*records as u64)),
                (Some(o), true) => format!("{producer}: {tp}의 레코드 {records}건이 오프셋 {o}부터 확인 응답(ack)을 받았습니다 — send() 후 {latency_ms} ms, 재시도 {retries}번"),
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
                format!("{producer}: {tp} 배치가 {name}(재시도할 수 있는 오류)로 실패했습니다. 큐 맨 앞으로 돌아가 {backoff_ms} ms 뒤에 다시 보냅니다 ({attempt}번째 시도 실패)")
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
                (Some(t), true) => format!("{t}의 "),
                (Some(t), false) => format!(" for {t}"),
                (None, _) => String::new(),
            };
            let error = error.map_or_else(String::new, |e| format!(" ({})", e.name()));
            match (reason, ko) {
                (SendFailure::Error, true) => format!("{producer}: {tp}레코드 {records}건을 보내지 못했습니다{error}. 재시도할 수 없는 오류라 콜백이 예외를 받습니다"),
                (SendFailure::Error, false) => format!("{producer}: {}{tp} failed{error}, not retriable; their callbacks get the exception", records_en(*records as u64)),
                (SendFailure::RetriesExhausted, true) => format!("{producer}: {tp}레코드 {records}건을 보내지 못했습니다{error}. 재시도 횟수(retries)를 다 썼습니다"),
                (SendFailure::RetriesExhausted, false) => format!("{producer}: {}{tp} failed{error}: retries used up", records_en(*records as u64)),
                (SendFailure::DeliveryTimeout, true) => format!("{producer}: {tp}레코드 {records}건을 보내지 못했습니다. 배치를 만든 지 delivery.timeout.ms가 지났습니다 (TimeoutException){error}"),
                (SendFailure::DeliveryTimeout, false) => format!("{producer}: {}{tp} expired: delivery.timeout.ms passed since their batch was created (TimeoutException){error}", records_en(*records as u64)),
                (SendFailure::MaxBlockTimeout, true) => format!("{producer}: buffer.memory가 가득 차 send()가 max.block.ms 동안 막혀 있다가 TimeoutException을 던졌습니다. 레코드 {records}건은 보내지 못했습니다"),
                (SendFailure::MaxBlockTimeout, false) => format!("{producer}: send() blocked on a full buffer.memory for max.block.ms and threw TimeoutException; {} not sent", records_en(*records as u64)),
                (SendFailure::TransactionAborted, true) => format!("{producer}: 트랜잭션이 abort되어 {tp}레코드 {records}건은 보내지 않습니다"),
                (SendFailure::TransactionAborted, false) => format!("{producer}: the transaction aborted, so {}{tp} are not sent", records_en(*records as u64)),
            }
        }
        ProduceResponseDropped { producer, broker, request_id } => {
            if ko {
                format!(
                    "네트워크가 브로커 {broker}에서 {} 가던 {} 잃어버렸습니다. 기록은 되었지만 프로듀서는 모릅니다. 같은 연결의 뒤따르는 응답도 막혀 있다가, request.timeout.ms가 지나 연결이 끊기면 보내던 요청이 모두 재시도됩니다",
                    towards(producer),
                    object(&format!("ProduceResponse #{request_id}"))
                )
            } else {
                format!("The network lost ProduceResponse #{request_id} from broker {broker} to {producer}: the write happened but the producer does not know; later responses on that connection are stuck behind it until request.timeout.ms closes the connection and everything in flight is retried")
            }
        }
        FireAndForgetLost {
            producer,
            broker,
            records,
            error,
        } => {
            let why = error.map_or(String::new(), |e| format!(" ({})", e.name()));
            if ko {
                format!("{producer}의 레코드 {records}건이 브로커 {broker}에 기록되지 못하고 사라졌습니다{why}. acks=0이라 응답을 기다리지 않으므로 프로듀서도 애플리케이션도 모릅니다")
            } else {
                format!("{records} of {producer}'s records never made it into broker {broker}'s log{why}: with acks=0 nobody waits for an answer, so neither the producer nor its application knows")
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
            (Some(t), true) => format!(
                "{producer}: 트랜잭션 코디네이터가 transactional.id {t}에 {} {} 주었습니다. 같은 transactional.id의 이전 인스턴스는 펜싱됩니다",
                with(&format!("프로듀서 ID {producer_id}"), Particle::And),
                object(&format!("epoch {epoch}"))
            ),
            (Some(t), false) => format!("{producer}: the transaction coordinator gave transactional.id {t} producer id {producer_id}, epoch {epoch}; any older instance with that id is fenced"),
            (None, true) => format!(
                "{producer}: InitProducerId 응답으로 {} {} 받았습니다. 이제 파티션마다 레코드에 시퀀스 번호를 붙입니다 (멱등성)",
                with(&format!("프로듀서 ID {producer_id}"), Particle::And),
                object(&format!("epoch {epoch}"))
            ),
            (None, false) => format!("{producer}: InitProducerId answered producer id {producer_id}, epoch {epoch}; from now on it numbers each partition's records (idempotence)"),
        },
        BrokerKilled { broker } => {
            if ko {
                format!("브로커 {broker}의 프로세스가 죽었습니다. 클라이언트 연결이 끊기고, 컨트롤러는 broker.session.timeout.ms 동안 하트비트가 없으면 이를 알아챕니다")
            } else {
                format!("Broker {broker}'s process died: clients' connections drop, and the controller notices once broker.session.timeout.ms passes without its heartbeats")
            }
        }
        BrokerFenced { broker } => {
            if ko {
                format!("컨트롤러가 {} 펜싱했습니다. 이 브로커는 모든 ISR에서 빠지며, 리더를 맡고 있던 파티션은 새 리더를 뽑습니다", object(&format!("브로커 {broker}")))
            } else {
                format!("The controller fenced broker {broker}: it leaves every ISR and the partitions it led elect new leaders")
            }
        }
        ReplicationPaused { broker, until_ms } => {
            if ko {
                format!("브로커 {broker}의 복제(팔로워의 페치)가 {}까지 멈춥니다. 브로커는 살아 있어 컨트롤러는 모르지만, 리더는 replica.lag.time.max.ms 넘게 뒤처진 팔로워를 ISR에서 뺍니다", seconds(*until_ms, lang))
            } else {
                format!("Broker {broker}'s replica fetchers stop until {}: it is alive, so the controller does not notice, but leaders drop a follower that stays behind for longer than replica.lag.time.max.ms from the ISR", seconds(*until_ms, lang))
            }
        }
        BrokerRestarted { broker } => {
            if ko {
                format!("{} 다시 시작했습니다. 팔로워로서 리더를 따라잡으면 ISR에 돌아갑니다", subject(&format!("브로커 {broker}")))
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
                (true, true) => format!(". ISR 크기가 min.insync.replicas({min_insync_replicas})보다 작아 acks=all 쓰기는 NOT_ENOUGH_REPLICAS로 거절됩니다"),
                (true, false) => format!(": below min.insync.replicas ({min_insync_replicas}), so acks=all writes are refused with NOT_ENOUGH_REPLICAS"),
                _ => String::new(),
            };
            match (removed, added, ko) {
                (Some(b), _, true) => format!("{tp}: {} ISR에서 빠졌습니다. 이제 ISR은 {isr:?}입니다{warn}", subject(&format!("브로커 {b}"))),
                (Some(b), _, false) => format!("{tp}: broker {b} left the ISR, now {isr:?}{warn}"),
                (_, Some(b), true) => format!("{tp}: {} 하이 워터마크(HW)까지 따라잡아 ISR에 돌아왔습니다. 이제 ISR은 {isr:?}입니다{warn}", subject(&format!("브로커 {b}"))),
                (_, Some(b), false) => format!("{tp}: broker {b} caught up to the high watermark and rejoined the ISR, now {isr:?}{warn}"),
                (None, None, true) => format!("{tp}: ISR은 {isr:?}입니다{warn}"),
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
            (Some(b), false, true) => format!("{tp}: 컨트롤러가 ISR에서 {} 새 리더로 뽑았습니다 (leader epoch {leader_epoch})", object(&format!("브로커 {b}"))),
            (Some(b), false, false) => format!("{tp}: the controller elected broker {b} from the ISR as leader (leader epoch {leader_epoch})"),
            (Some(b), true, true) => format!("{tp}: unclean 리더 선출 — ISR 밖의 {} 리더가 되었습니다 (leader epoch {leader_epoch}). 이 복제본에 없는 레코드는 사라집니다", subject(&format!("브로커 {b}"))),
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
                (f, true) => format!(". {f}건은 acks=0으로 보낸 레코드였습니다 (프로듀서는 알 수 없음)"),
                (f, false) => format!(", and {f} were sent with acks=0 (their producer cannot know)"),
            };
            if ko {
                format!("{tp}: 새 리더의 로그가 더 짧아 레코드 {n}건(오프셋 {from_offset}–{})이 잘려 나갔습니다. 그중 {acked_lost}건은 프로듀서가 이미 확인 응답(ack)을 받은 레코드였습니다{ff}", to_offset - 1)
            } else {
                format!("{tp}: the new leader's log is shorter, so offsets {from_offset}–{} ({}) are cut off; {acked_lost} of them had been acknowledged to their producers{ff}", to_offset - 1, records_en(n))
            }
        }
        HighWatermarkAdvanced { tp, high_watermark } => {
            if ko {
                format!("{tp}: 하이 워터마크(HW)가 {} 올랐습니다. 그 앞의 레코드는 모든 ISR 복제본에 있어 컨슈머가 읽을 수 있습니다", towards(&high_watermark.to_string()))
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
                format!("{producer}: 트랜잭션 코디네이터가 {} 트랜잭션에 등록했습니다 (AddPartitionsToTxn). 이제 이 파티션에 데이터를 보낼 수 있습니다", object(&list(partitions)))
            } else {
                format!("{producer}: the transaction coordinator registered {} in the transaction (AddPartitionsToTxn); data for them may go now", list(partitions))
            }
        }
        TxnEnding { producer, commit } => match (commit, ko) {
            (true, true) => format!("{producer}: commitTransaction() — 남은 배치를 모두 보내고(flush) 확인 응답을 받은 뒤 EndTxn(commit)을 보냅니다"),
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
                (true, true) => format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션을 커밋했습니다. COMMIT 마커(제어 레코드) 위치: {}. read_committed 컨슈머는 이제 이 트랜잭션의 레코드를 읽습니다", at.join(", ")),
                (true, false) => format!("The transaction coordinator committed {transactional_id} ({producer}): COMMIT markers (control records) at {}; read_committed consumers now read its records", at.join(", ")),
                (false, true) => format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션을 abort했습니다. ABORT 마커 위치: {}. read_committed 컨슈머는 이 트랜잭션의 레코드를 건너뜁니다", at.join(", ")),
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
                format!("트랜잭션 코디네이터: {transactional_id}({producer})의 트랜잭션이 {open_ms} ms 동안 열려 있어 transaction.timeout.ms({timeout_ms})를 넘었습니다. 트랜잭션을 abort하고 epoch를 올립니다")
            } else {
                format!("The transaction coordinator aborts {transactional_id} ({producer}): open {open_ms} ms, past transaction.timeout.ms ({timeout_ms}); the epoch is bumped")
            }
        }
        TxnFenced { producer, error } => {
            let name = error.name();
            if ko {
                format!("{producer}: {name} — 이 프로듀서의 epoch는 더 이상 유효하지 않습니다. 열린 트랜잭션은 사라졌고, 보내지 않은 배치를 버린 뒤 새 epoch를 받습니다")
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
                format!("{consumer}: {tp}의 로그가 잘렸습니다 (leader epoch 검증, KIP-320). 위치를 {from_offset}에서 새 리더의 로그가 갈라지는 {} 되돌립니다", towards(&to_offset.to_string()))
            } else {
                format!("{consumer}: {tp}'s log was truncated (leader epoch validation, KIP-320); it moves its position back from {from_offset} to {to_offset}, where the new leader's log diverges")
            }
        }
        KeyMoved { producer, key, from, to } => {
            if ko {
                format!(
                    "{producer}: 키 {key}의 레코드가 {from} 대신 {to}에 기록되었습니다. 파티션 수가 바뀌어 murmur2 % 파티션 수가 달라졌기 때문입니다. 이 키의 순서는 두 파티션 사이에서 더 이상 보장되지 않습니다"
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
                format!("{consumer}: 스태틱 멤버 {} 다시 참여했습니다. 새 멤버 ID는 {member_id}이고 이전 ID는 펜싱되었습니다. 할당은 그대로입니다", towards(group_instance_id))
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
                format!("{consumer}: {tp}의 커밋된 오프셋 {offset}부터 읽습니다")
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
                format!("{consumer}: {tp}에 커밋된 오프셋이 없어 auto.offset.reset={policy}에 따라 오프셋 {offset}부터 읽습니다")
            } else {
                format!("{tp} has no committed offset: {consumer} starts at offset {offset} (auto.offset.reset={policy})")
            }
        }
        PollTimeoutExpired { consumer, .. } => {
            if ko {
                format!("{consumer}: max.poll.interval.ms 안에 poll()을 호출하지 않아 하트비트 스레드가 그룹을 떠났습니다")
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
                (EpochReason::MemberRemoved, true) => format!("{who} 탈퇴 또는 펜싱"),
                (EpochReason::MemberRemoved, false) => format!("{who} left or was fenced"),
                (EpochReason::SubscriptionChanged, true) => format!("{who}의 구독 또는 assignor 변경"),
                (EpochReason::SubscriptionChanged, false) => format!("{who} changed its subscription or assignor"),
                (EpochReason::MetadataChanged, true) => "구독한 토픽의 파티션 수 변경".to_string(),
                (EpochReason::MetadataChanged, false) => "a subscribed topic's partition count changed".to_string(),
            };
            if ko {
                format!("그룹 {group_id}: 그룹 epoch가 {} 올랐습니다 ({why}). 다음 하트비트에서 새 목표 할당(target assignment)을 계산합니다", towards(&epoch.to_string()))
            } else {
                format!("Group {group_id}: group epoch is now {epoch} ({why}); the next heartbeat computes a new target assignment")
            }
        }
        GroupConverted { group_id, to, epoch } => match (to, ko) {
            (GroupProtocol::Consumer, true) => format!("그룹 {group_id}: 새 프로토콜 멤버가 참여해 consumer 그룹으로 전환되었습니다 (epoch {epoch}). 클래식 멤버는 할당을 그대로 가진 채 남습니다"),
            (GroupProtocol::Consumer, false) => format!("Group {group_id} is now a consumer group (epoch {epoch}): a member of the new protocol joined; the classic members stay, keeping their partitions"),
            (GroupProtocol::Classic, true) => format!("그룹 {group_id}: 새 프로토콜 멤버가 모두 떠나 클래식 그룹으로 돌아갑니다 (제너레이션 {epoch}). 클래식 리밸런스가 시작됩니다"),
            (GroupProtocol::Classic, false) => format!("Group {group_id} is a classic group again (generation {epoch}): its last member of the new protocol left; a classic rebalance starts"),
        },
        TargetAssignmentComputed {
            group_id,
            assignor,
            epoch,
            assignment,
        } => {
            let parts: Vec<String> = assignment.iter().map(|(c, tps)| format!("{c} → {}", list(tps))).collect();
            if ko {
                format!(
                    "코디네이터가 그룹 {group_id}의 서버 측 {assignor} assignor를 실행했습니다 (epoch {epoch}): {}",
                    parts.join(" / ")
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
                "{consumer}: 먼저 {} 내려놓아야(revoke) 합니다 (UNREVOKED_PARTITIONS, epoch {member_epoch} 유지). {} 계속 처리합니다",
                object(&list(pending_revocation)),
                topic(&list(assigned))
            ),
            (ReconcileState::UnrevokedPartitions, false) => format!(
                "{consumer} must first revoke {} (UNREVOKED_PARTITIONS, epoch stays {member_epoch}); it keeps processing {}",
                list(pending_revocation),
                list(assigned)
            ),
            (ReconcileState::UnreleasedPartitions, true) if assigned.is_empty() => format!(
                "{consumer}: epoch {member_epoch}에 도달했지만 할당된 파티션은 없습니다. 다른 멤버가 아직 내려놓지 않은 파티션을 기다립니다 (UNRELEASED_PARTITIONS)"
            ),
            (ReconcileState::UnreleasedPartitions, true) => format!(
                "{consumer}: epoch {member_epoch}의 할당은 {}입니다. 다른 멤버가 아직 내려놓지 않은 파티션을 기다립니다 (UNRELEASED_PARTITIONS)",
                list(assigned)
            ),
            (ReconcileState::UnreleasedPartitions, false) => format!(
                "{consumer} is at epoch {member_epoch} with {} and waits for partitions other members still own (UNRELEASED_PARTITIONS)",
                list(assigned)
            ),
            (ReconcileState::Stable, true) => format!("{consumer}: epoch {member_epoch}에 도달했습니다. 할당은 {}입니다 (STABLE)", list(assigned)),
            (ReconcileState::Stable, false) => format!("{consumer} reached epoch {member_epoch} with {} (STABLE)", list(assigned)),
        },
        StaticMemberTemporarilyLeft {
            group_instance_id, consumer, ..
        } => {
            if ko {
                format!("{consumer} (스태틱 멤버 {group_instance_id}): epoch −2로 잠시 떠났습니다. 코디네이터는 세션 타임아웃까지 파티션을 그대로 잡아 둡니다")
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
                    "{consumer}: epoch {member_epoch}의 할당 {} 받았습니다. poll() 안에서 반영(reconcile)합니다",
                    object(&list(partitions))
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

/// Whether an event is part of the protocol story (`TraceEvent::is_protocol`).
pub fn is_protocol_event(event: &TraceEvent) -> bool {
    event.is_protocol()
}

/// "1 record", "3 records".
fn records_en(n: u64) -> String {
    if n == 1 {
        "1 record".to_string()
    } else {
        format!("{n} records")
    }
}

/// Tenths of a second as the sentence writes them: "3.2 s" in English, "3.2초" in Korean (so a
/// Korean particle follows 초, never the English unit: "3.2초에", "20.0초까지").
pub(super) fn in_seconds(tenths: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("{}.{}초", tenths / 10, tenths % 10),
        Lang::En => format!("{}.{} s", tenths / 10, tenths % 10),
    }
}

/// A time in seconds to one decimal, cut off ("3.2 s" for 3 299 ms).
fn seconds(ms: u64, lang: Lang) -> String {
    in_seconds(ms / 100, lang)
}

/// A time in seconds to one decimal, rounded half up ("20.0 s", "1.3 s" for 1 250 ms), in
/// integers: formatting floats would pull 11 KB of core's float printing into the wasm.
fn tenths(ms: u64, lang: Lang) -> String {
    in_seconds(ms.saturating_add(50) / 100, lang)
}

/// One offset's delivery story in a group, built from the trace: who processed it when, who
/// crashed before committing it, which commit settled it, or why it was never processed.
pub fn offset_story(trace: &Trace, group_id: &str, tp: &TopicPartition, offset: u64, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let mut parts: Vec<String> = Vec::new();
    let mut processed = 0u32;
    // Processed by this consumer and not yet covered by a commit.
    let mut uncommitted_by: Option<String> = None;
    // The committed offset passed this one before anyone processed it (at-most-once).
    let mut committed_unprocessed_by: Option<String> = None;
    let mut covered = false;
    for entry in trace {
        let t = seconds(entry.at_ms, lang);
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
                    (1, true) => format!("{t} {} 처리(제너레이션 {generation})", subject(consumer)),
                    (1, false) => format!("processed by {consumer} at {t} in generation {generation}"),
                    (_, true) => format!("{t} {} 다시 처리(제너레이션 {generation})", subject(consumer)),
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
                            format!("{t} {} 처리 전에 오프셋 {committed}까지 커밋", subject(consumer))
                        } else {
                            format!("{consumer} committed past it (offset {committed}) at {t} before it was processed")
                        });
                    } else {
                        parts.push(if ko {
                            format!("{t} {consumer}의 커밋(오프셋 {committed})으로 확정")
                        } else {
                            format!("settled by {consumer}'s commit of offset {committed} at {t}")
                        });
                    }
                    uncommitted_by = None;
                } else if committed <= offset && covered {
                    // The committed offset moved back (a late async commit): not settled any more.
                    covered = false;
                    parts.push(if ko {
                        format!("{t} {consumer}의 늦은 커밋이 커밋된 오프셋을 {} 되돌림", towards(&committed.to_string()))
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
                    format!("{t} {consumer} 장애(처리 전)")
                } else if ko {
                    format!("{t} {consumer} 장애(커밋 전)")
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
                    format!("{t} {} 건너뜀(처리 전 커밋이 실패)", subject(consumer))
                } else {
                    format!("skipped by {consumer} at {t} (its commit before processing failed)")
                });
            }
            _ => {}
        }
    }
    let verdict = match (processed, covered, ko) {
        (0, true, true) => "한 번도 처리되지 않고 커밋만 지나감(유실)".to_string(),
        (0, true, false) => "never processed, but committed past: lost".to_string(),
        (0, false, true) => "아직 처리되지 않음".to_string(),
        (0, false, false) => "not processed yet".to_string(),
        (1, _, true) => "정확히 한 번 처리".to_string(),
        (1, _, false) => "processed exactly once".to_string(),
        (n, _, true) => format!("{n}번 처리(중복)"),
        (n, _, false) => format!("processed {n} times: a duplicate"),
    };
    if ko {
        // The steps in order, joined by arrows, then the verdict in a sentence of its own.
        let head = format!("{tp} 오프셋 {offset}");
        return if parts.is_empty() {
            format!("{head}: {verdict}.")
        } else {
            format!("{head}: {}. 결과: {verdict}.", parts.join(" → "))
        };
    }
    let head = format!("{tp} offset {offset}");
    if parts.is_empty() {
        format!("{head}: {verdict}.")
    } else {
        format!("{head}: {}; {verdict}.", parts.join("; "))
    }
}

/// The protocol story of a run: one narrated line per protocol event, with its time.
pub fn story<'a>(trace: impl IntoIterator<Item = &'a crate::model::trace::TraceEntry>, lang: Lang) -> String {
    let mut out = String::new();
    for entry in trace.into_iter().filter(|e| is_protocol_event(&e.event)) {
        let (secs, ms) = (entry.at_ms / 1000, entry.at_ms % 1000);
        out.push_str(&format!("{secs:>4}.{ms:03} s  {}\n", narrate(&entry.event, lang)));
    }
    out
}
