//! Texts drawn on the simulate view's stage (strip labels, record titles, the producers'
//! accumulators, a dead member's session countdown), in Korean and English.

use super::Lang;

/// Fixed words on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sg {
    /// A partition no replica may lead.
    Offline,
    Replicas,
    IsrBelowMin,
    /// The unit after a batch's record count.
    Records,
    InFlight,
    Batches,
    Sent,
    AbortedTxn,
    OpenTxn,
    AboveHighWatermark,
    /// A stacked stage's owner tag: whose partition this is.
    OwnedBy,
    /// A committed offset older than the records a strip shows.
    LeftOfWindow,
}

impl Sg {
    pub fn get(self, lang: Lang) -> &'static str {
        use Sg::*;
        match (self, lang) {
            (Offline, Lang::Ko) => "리더 없음",
            (Offline, Lang::En) => "offline",
            (Replicas, Lang::Ko) => "복제본",
            (Replicas, Lang::En) => "replicas",
            (IsrBelowMin, Lang::Ko) => " · ISR이 최소보다 작아 acks=all 거절",
            (IsrBelowMin, Lang::En) => " · ISR below the minimum: acks=all refused",
            (Records, Lang::Ko) => "건",
            (Records, Lang::En) => "records",
            (InFlight, Lang::Ko) => "전송 중",
            (InFlight, Lang::En) => "in flight",
            (Batches, Lang::Ko) => "배치",
            (Batches, Lang::En) => "batches",
            (Sent, Lang::Ko) => "보냄",
            (Sent, Lang::En) => "sent",
            (AbortedTxn, Lang::Ko) => " · abort된 트랜잭션 (read_committed는 건너뜀)",
            (AbortedTxn, Lang::En) => " · aborted transaction (read_committed skips it)",
            (OpenTxn, Lang::Ko) => " · 진행 중인 트랜잭션",
            (OpenTxn, Lang::En) => " · transaction still open",
            (AboveHighWatermark, Lang::Ko) => " · high watermark 위: 아직 모든 ISR에 복제되지 않아 컨슈머가 읽을 수 없음",
            (AboveHighWatermark, Lang::En) => " · above the high watermark: not on every ISR replica yet, no consumer reads it",
            (OwnedBy, Lang::Ko) => "담당 컨슈머",
            (OwnedBy, Lang::En) => "owned by",
            (LeftOfWindow, Lang::Ko) => " · 보이는 레코드보다 앞(왼쪽 밖)에 있습니다",
            (LeftOfWindow, Lang::En) => " · before the records shown (off to the left)",
        }
    }
}

/// The title of a transaction marker cell.
pub fn control_marker_title(offset: u64, commit: bool, producer: &str, lang: Lang) -> String {
    match (commit, lang) {
        (true, Lang::Ko) => format!("offset {offset}: COMMIT 마커 (control record, {producer})"),
        (true, Lang::En) => format!("offset {offset}: COMMIT marker (control record, {producer})"),
        (false, Lang::Ko) => format!("offset {offset}: ABORT 마커 (control record, {producer})"),
        (false, Lang::En) => format!("offset {offset}: ABORT marker (control record, {producer})"),
    }
}

/// A dead member's time left until the coordinator's session check removes it.
pub fn session_expires_in(left_ms: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("세션 만료까지 {}.{} s", left_ms / 1000, left_ms % 1000 / 100),
        Lang::En => format!("session expires in {}.{} s", left_ms / 1000, left_ms % 1000 / 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_countdown_has_one_decimal() {
        assert_eq!(session_expires_in(4_567, Lang::En), "session expires in 4.5 s");
        assert_eq!(session_expires_in(4_567, Lang::Ko), "세션 만료까지 4.5 s");
    }
}

/// The stage's key: one entry per mark it draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyItem {
    Record,
    Processed,
    Duplicate,
    Committed,
    CommittedBefore,
    HighWatermark,
    LogStart,
    Lso,
    Position,
    Owner,
    NoOwner,
    TxnMarkers,
    Aborted,
    AboveHighWatermark,
    OpenTxn,
    CommitsWaiting,
    Batch,
    Rings,
}

impl KeyItem {
    pub const ALL: [KeyItem; 18] = [
        KeyItem::Record,
        KeyItem::Processed,
        KeyItem::Duplicate,
        KeyItem::Committed,
        KeyItem::CommittedBefore,
        KeyItem::HighWatermark,
        KeyItem::LogStart,
        KeyItem::Lso,
        KeyItem::Position,
        KeyItem::Owner,
        KeyItem::NoOwner,
        KeyItem::TxnMarkers,
        KeyItem::Aborted,
        KeyItem::AboveHighWatermark,
        KeyItem::OpenTxn,
        KeyItem::CommitsWaiting,
        KeyItem::Batch,
        KeyItem::Rings,
    ];

    pub fn get(self, lang: Lang) -> &'static str {
        use KeyItem::*;
        match (self, lang) {
            (Record, Lang::Ko) => "레코드 (숫자 = 오프셋, 색 = 키)",
            (Record, Lang::En) => "record (number = offset, colour = key)",
            (Processed, Lang::Ko) => "밑줄 = 처리됨",
            (Processed, Lang::En) => "underline = processed",
            (Duplicate, Lang::Ko) => "빨간 테두리 = 두 번 처리됨 (중복)",
            (Duplicate, Lang::En) => "red outline = processed twice",
            (Committed, Lang::Ko) => "커밋된 오프셋 (C, 그룹이 여럿이면 A, B…)",
            (Committed, Lang::En) => "committed offset (C; A, B… per group)",
            (CommittedBefore, Lang::Ko) => "보이는 레코드보다 앞에 커밋됨",
            (CommittedBefore, Lang::En) => "committed before the records shown",
            (HighWatermark, Lang::Ko) => "high watermark",
            (HighWatermark, Lang::En) => "high watermark",
            (LogStart, Lang::Ko) => "log start offset",
            (LogStart, Lang::En) => "log start offset",
            (Lso, Lang::Ko) => "LSO (last stable offset)",
            (Lso, Lang::En) => "LSO (last stable offset)",
            (Position, Lang::Ko) => "컨슈머의 position (다음에 읽을 오프셋)",
            (Position, Lang::En) => "a consumer's position (next offset to read)",
            (Owner, Lang::Ko) => "선 또는 이름표 = 파티션을 맡은 컨슈머",
            (Owner, Lang::En) => "line or tag = the consumer that owns the partition",
            (NoOwner, Lang::Ko) => "주인 없는 파티션",
            (NoOwner, Lang::En) => "partition with no owner",
            (TxnMarkers, Lang::Ko) => "트랜잭션 커밋 ✓ / abort ✗ 마커",
            (TxnMarkers, Lang::En) => "transaction COMMIT ✓ / ABORT ✗ marker",
            (Aborted, Lang::Ko) => "abort된 레코드",
            (Aborted, Lang::En) => "aborted record",
            (AboveHighWatermark, Lang::Ko) => "high watermark 위 (아직 복제 안 됨)",
            (AboveHighWatermark, Lang::En) => "above the high watermark (not replicated yet)",
            (OpenTxn, Lang::Ko) => "진행 중인 트랜잭션",
            (OpenTxn, Lang::En) => "open transaction",
            (CommitsWaiting, Lang::Ko) => "코디네이터의 커밋이 __consumer_offsets 복제를 기다림",
            (CommitsWaiting, Lang::En) => "the coordinator's commits wait for __consumer_offsets to replicate",
            (Batch, Lang::Ko) => "⌊ ⌋ 브로커가 받은 그대로 저장한 배치 (점선 = 압축됨)",
            (Batch, Lang::En) => "⌊ ⌋ a batch, stored as the broker got it (dashed = compressed)",
            (Rings, Lang::Ko) => "타이머: H 하트비트, S 세션, P poll(), A 자동 커밋",
            (Rings, Lang::En) => "timers: H heartbeat, S session, P poll(), A auto-commit",
        }
    }
}

/// A coordinator broker's note while offset commits wait for `__consumer_offsets` followers.
pub fn commits_waiting(count: usize, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("커밋 {count}건이 __consumer_offsets 팔로워의 복제를 기다립니다 (offsets.commit.timeout.ms까지)"),
        Lang::En => format!("{count} commit(s) waiting for the __consumer_offsets followers to copy them (up to offsets.commit.timeout.ms)"),
    }
}

/// A consumer's lag on the stage: the short line (lag now · records-lag-max) and its full wording.
pub fn lag_line(now: Option<u64>, max: Option<u64>, lang: Lang) -> (String, String) {
    let show = |v: Option<u64>| v.map_or("–".to_string(), |v| v.to_string());
    let (now, max) = (show(now), show(max));
    match lang {
        Lang::Ko => (
            format!("랙 {now} · 최대 {max}"),
            format!("지금 랙 {now} (HW − position, 가장 큰 파티션) · records-lag-max {max} (poll()이 레코드를 돌려줄 때 기록한 랙의 최근 30–60초 최댓값)"),
        ),
        Lang::En => (
            format!("lag {now} · max {max}"),
            format!("lag now {now} (HW − position, largest partition) · records-lag-max {max} (the largest lag recorded when poll() returned records, over the last 30–60 s)"),
        ),
    }
}

/// A consumer's fetch buffer on the stage: records fetched that poll() has not returned yet.
pub fn buffered(count: u64, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("버퍼 {count}"),
        Lang::En => format!("buffer {count}"),
    }
}

/// The fetch buffer's full wording (the line's tooltip).
pub fn buffered_full(count: u64, max_poll_records: u32, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "버퍼 {count}건: fetch로 가져왔지만 poll()이 아직 돌려주지 않은 레코드. poll() 한 번에 max.poll.records({max_poll_records})건까지 돌려줍니다"
        ),
        Lang::En => {
            format!("buffer {count}: records fetched that poll() has not returned yet; one poll() returns at most max.poll.records ({max_poll_records})")
        }
    }
}

/// A record cell's title: what the record holds (key, value, headers, timestamp), its
/// serialized size, the batch the leader stored it in and how often the group processed it.
pub fn record_title(
    tp: &crate::model::nouns::TopicPartition,
    record: &crate::model::nouns::Record,
    batch: Option<&crate::model::cluster::state::StoredBatch>,
    processed: u32,
    lang: Lang,
) -> String {
    let ko = lang == Lang::Ko;
    let offset = record.offset;
    let mut lines = vec![if ko {
        format!("오프셋 {offset} · 파티션 {tp}")
    } else {
        format!("offset {offset} · partition {tp}")
    }];
    let key = record.key.as_deref();
    lines.push(match (key, ko) {
        (Some(k), true) => format!("키 {k} · 값 {} ({} B)", record.value, record.value_bytes()),
        (None, true) => format!("키 없음(null) · 값 {} ({} B)", record.value, record.value_bytes()),
        (Some(k), false) => format!("key {k} · value {} ({} B)", record.value, record.value_bytes()),
        (None, false) => format!("no key (null) · value {} ({} B)", record.value, record.value_bytes()),
    });
    if !record.headers.is_empty() {
        let headers: Vec<String> = record.headers.iter().map(|(k, v)| format!("{k}={v}")).collect();
        lines.push(format!("{} {}", if ko { "헤더" } else { "headers" }, headers.join(", ")));
    }
    let ts = record.timestamp_ms;
    lines.push(if ko {
        format!("타임스탬프 {ts} ms (CreateTime: send()를 호출한 시각)")
    } else {
        format!("timestamp {ts} ms (CreateTime: when send() was called)")
    });
    let size = record.batch_bytes();
    lines.push(if ko {
        format!("StringSerializer(UTF-8)로 직렬화해 배치 안에서 {size} B")
    } else {
        format!("serialized by StringSerializer (UTF-8): {size} B in its batch")
    });
    if let Some(b) = batch {
        lines.push(batch_title(b, lang));
    }
    if processed > 0 {
        lines.push(if ko {
            format!("처리 {processed}번")
        } else {
            format!("processed ×{processed}")
        });
    }
    lines.join("\n")
}

/// A stored batch: its offsets, size and codec, kept by the broker as the producer sent it.
pub fn batch_title(b: &crate::model::cluster::state::StoredBatch, lang: Lang) -> String {
    let ko = lang == Lang::Ko;
    let (first, last, n) = (b.base_offset, b.last_offset(), b.records);
    match (b.compression, ko) {
        (Some(c), true) => format!(
            "배치 {first}–{last} ({n}건): {} 압축해 {} B → {} B. 브로커는 압축을 풀지 않고 받은 그대로 저장합니다",
            crate::i18n::particle::towards(c.codec.name()),
            c.uncompressed_bytes,
            b.bytes
        ),
        (Some(c), false) => format!(
            "batch {first}–{last} ({n} records): {} compressed it from {} B to {} B; the broker stores it as it came, without decompressing",
            c.codec.name(),
            c.uncompressed_bytes,
            b.bytes
        ),
        (None, true) => format!("배치 {first}–{last} ({n}건, {} B, 압축 없음)", b.bytes),
        (None, false) => format!("batch {first}–{last} ({n} records, {} B, not compressed)", b.bytes),
    }
}

/// `compression.type` in the producer inspector: the codec and the model's ratio, with what
/// the real codec measured (the title says more).
pub fn compression_summary(c: crate::model::producer_config::Compression, lang: Lang) -> (String, String) {
    use crate::model::producer_config::Compression;
    if c == Compression::None {
        return match lang {
            Lang::Ko => ("none".into(), "압축하지 않습니다 (기본값)".into()),
            Lang::En => ("none".into(), "no compression (the default)".into()),
        };
    }
    let (name, ratio) = (c.name(), c.ratio_permille() / 10);
    let (lo, hi) = c.measured_range_permille();
    let (lo, hi) = (lo.div_ceil(10), hi.div_ceil(10));
    match lang {
        Lang::Ko => (
            format!("{name} · {ratio}% (실측 {lo}–{hi}%)"),
            format!(
                "프로듀서가 배치를 통째로 압축합니다. 이 시뮬레이터는 {name}의 압축 비율을 {ratio}%로 고정해 씁니다. 실제 {} JSON 이벤트 배치(1–16 KB)를 {lo}–{hi}% 크기로 줄이고, 배치가 클수록 더 잘 줄어듭니다. 이미 압축되었거나 암호화된 데이터는 거의 줄지 않습니다.",
                crate::i18n::particle::topic(name)
            ),
        ),
        Lang::En => (
            format!("{name} · {ratio}% (measured {lo}–{hi}%)"),
            format!(
                "The producer compresses whole batches. This simulator uses a fixed ratio of {ratio}% for {name}. The real {name} shrinks batches of JSON events (1 to 16 KB) to {lo}–{hi}% of their size, bigger batches more; data already compressed or encrypted hardly shrinks."
            ),
        ),
    }
}
