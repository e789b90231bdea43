//! The engine's refusals in the reader's language (issue 31): the engine gives a value
//! (`model::config_error::ConfigError`, Kafka's names and numbers), this words it. English is
//! the engine's own `Display`, which the CLI prints too.

use crate::i18n::particle::{object, pick, subject, topic, Particle};
use crate::i18n::Lang;
use crate::model::config_error::{Accepts, ConfigError, Owner, CLIENT_ASSIGNORS};
use crate::model::scenario::error::{JsonProblem, Kind, Problem};
use crate::model::scenario::{ActionError, CommitMode, ScenarioError};
use crate::share::file::{FileField, FILE_FIELDS, FILE_FORMAT};
use crate::share::{ActionProblem, StateProblem, Wants};
use crate::study::compare::{LaneError, MAX_LANES, MAX_LANE_CONSUMERS};
use crate::study::lesson::format::MAX_STEPS;
use crate::study::lesson::progress::{ProgressError, MAX_PROGRESS_LESSONS, PROGRESS_SHAPE, PROGRESS_VERSION};

/// A name in quotes with the particle its last sound takes: `'group'이`.
fn quoted(word: &str, particle: Particle) -> String {
    format!("'{word}'{}", pick(word, particle))
}

/// What a property accepts, in Korean.
fn accepts_ko(accepts: &Accepts) -> String {
    match accepts {
        Accepts::Int { min, max } => format!("{min}부터 {max}까지의 정수"),
        Accepts::Bool => "true 또는 false".to_string(),
        Accepts::OneOf(values) => format!("{} 가운데 하나", values.join(", ")),
        Accepts::NullOr(value) => format!("null 또는 {value}"),
        Accepts::NullOrText => "null 또는 비어 있지 않은 문자열".to_string(),
        Accepts::Text => "문자열".to_string(),
        Accepts::InstanceId => "a-z, A-Z, 0-9, '.', '_', '-'로 된 64자 이하의 문자열".to_string(),
        Accepts::AssignorList => format!("{CLIENT_ASSIGNORS}(또는 Kafka 클래스 이름)를 쉼표로 나열한 목록"),
    }
}

/// A refused configuration, for a reader of `lang`.
pub fn config_error(e: &ConfigError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ConfigError::Unknown { owner, name, supported } => {
            let owner = match owner {
                Owner::Consumer => "컨슈머",
                Owner::Producer => "프로듀서",
                Owner::Topic => "토픽",
            };
            format!(
                "{} 없는 설정이거나 아직 모델링하지 않은 {owner} 설정입니다. 쓸 수 있는 설정: {}",
                quoted(name, Particle::Topic),
                supported.join(", ")
            )
        }
        ConfigError::BadValue { name, value, accepts } => {
            format!("{}에 {} 줄 수 없습니다. {}만 됩니다.", name, object(value), accepts_ko(accepts))
        }
        ConfigError::NoAssignor => format!("partition.assignment.strategy에는 어사이너를 하나 이상 적어야 합니다: {CLIENT_ASSIGNORS}"),
        ConfigError::ClassicOnly { name } => format!(
            "{} group.protocol=consumer에서 쓰지 않습니다(Kafka 4.0은 ConfigException으로 거부합니다). 어사이너는 브로커에서 돌고(group.remote.assignor: uniform 또는 range), 브로커의 group.consumer.session.timeout.ms(45000)와 group.consumer.heartbeat.interval.ms(5000)가 적용됩니다.",
            topic(name)
        ),
        ConfigError::RemoteAssignorNeedsConsumerProtocol => {
            "group.remote.assignor는 group.protocol=consumer에서만 씁니다. 클래식 프로토콜에서는 partition.assignment.strategy로 어사이너를 고릅니다.".to_string()
        }
        ConfigError::HeartbeatNotBelowSession { heartbeat_ms, session_ms } => format!(
            "heartbeat.interval.ms({heartbeat_ms})는 session.timeout.ms({session_ms})보다 작아야 합니다."
        ),
        ConfigError::IdempotenceConflict { conflict } => format!(
            "enable.idempotence=true에는 acks=all, retries > 0, max.in.flight.requests.per.connection ≤ 5가 필요한데 {}입니다.",
            conflict
        ),
        ConfigError::TransactionalNeedsIdempotence { turned_off_by: Some(setting) } => {
            format!("transactional.id에는 멱등성이 필요한데, {} 멱등성을 끕니다.", subject(setting))
        }
        ConfigError::TransactionalNeedsIdempotence { turned_off_by: None } => {
            "transactional.id에는 enable.idempotence=true가 필요합니다.".to_string()
        }
        ConfigError::TransactionTimeoutAboveMax { timeout_ms, max_ms } => format!(
            "transaction.timeout.ms({timeout_ms})는 브로커의 transaction.max.timeout.ms({max_ms})보다 큽니다."
        ),
        ConfigError::CommitContradictsAutoCommit { commit, enable_auto_commit } => format!(
            "커밋 방식 {} enable.auto.commit={enable_auto_commit}와 맞지 않습니다.",
            quoted(commit, Particle::Topic)
        ),
        ConfigError::DeliveryTimeoutBelowFloor { delivery_ms, floor_ms } => format!(
            "delivery.timeout.ms({delivery_ms})는 linger.ms + request.timeout.ms({floor_ms}) 이상이어야 합니다."
        ),
    }
}

/// Why a scenario is refused, in the reader's language.
pub fn scenario_cause(e: &ScenarioError, lang: Lang) -> String {
    problem(&e.problem, lang)
}

/// A scenario's problem, for a reader of `lang` (English: the engine's own wording).
pub fn problem(p: &Problem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    let kind = |k: Kind| match k {
        Kind::Topic => "토픽",
        Kind::Producer => "프로듀서",
        Kind::Group => "그룹",
        Kind::Consumer => "컨슈머",
    };
    let list = |items: &[String]| if items.is_empty() { "없음".to_string() } else { items.join(", ") };
    match p {
        Problem::Json(j) => json_problem(j, lang),
        Problem::Config(e) => config_error(e, lang),
        Problem::Range { min, max } => format!("{min}부터 {max}까지여야 합니다"),
        Problem::ReplicationFactor { brokers } => format!("1부터 브로커 수({brokers})까지여야 합니다"),
        Problem::TooManyEntries { n, max } => format!("{n}개입니다. {max}개까지만 됩니다"),
        Problem::TooManyConsumers { n, max } => format!("컨슈머가 {n}개입니다. 한 그룹에 {max}개까지만 됩니다"),
        Problem::TooManyPartitions { n, max } => format!("파티션이 모두 {n}개입니다. {max}개까지만 됩니다"),
        Problem::NoTopics => "토픽이 하나 이상 있어야 합니다".to_string(),
        Problem::Duplicate { kind: k, id } => format!("{} {} 두 번 나옵니다. 이름은 하나씩만 쓸 수 있습니다", kind(*k), quoted(id, Particle::Subject)),
        Problem::Unknown { kind: k, id, known } if known.is_empty() => format!("{} {} 없습니다", kind(*k), quoted(id, Particle::Subject)),
        Problem::Unknown { kind: k, id, known } => {
            format!(
                "{} {} 없습니다. 있는 {}: {}",
                kind(*k),
                quoted(id, Particle::Subject),
                kind(*k),
                known.join(", ")
            )
        }
        Problem::NotStarted(c) => format!("컨슈머 {} 없습니다. 먼저 start 조작으로 시작해야 합니다", quoted(c, Particle::Subject)),
        Problem::OtherGroup { consumer, group } => format!("컨슈머 {} 그룹 '{group}'에 속합니다", quoted(consumer, Particle::Topic)),
        Problem::NoPartition { topic: t, last } => format!("토픽 '{t}'의 파티션은 0부터 {last}까지입니다"),
        Problem::NeedsTransactionalId => "프로듀서의 config에 transactional.id가 있어야 합니다".to_string(),
        Problem::AtLeastOne => "1 이상이어야 합니다".to_string(),
        Problem::EmptyKeys => "키를 하나 이상 적어야 합니다. 키 없는 레코드를 보내려면 null로 둡니다".to_string(),
        Problem::TooManyHeaders { max } => format!("헤더는 {max}개까지만 됩니다"),
        Problem::LongHeader { max_bytes } => format!("헤더의 이름은 비어 있으면 안 되고, 이름과 값은 {max_bytes}바이트까지만 됩니다"),
        Problem::NotInTimeOrder => "조작은 시각 순서대로 적어야 합니다".to_string(),
        Problem::OnlyAdd { current, max } => {
            format!("새 파티션 수는 지금의 {current}개보다 많고 {max}개 이하여야 합니다. 파티션은 늘릴 수만 있습니다")
        }
        Problem::NoBroker { last } => format!("브로커는 0부터 {last}까지입니다"),
        Problem::BrokerSetting { value, max } => format!("값 {} 쓸 수 없습니다. 1부터 {max}까지의 정수만 됩니다", topic(value)),
        Problem::UnknownBrokerSetting { name, supported } => format!(
            "{} 없는 설정이거나 아직 모델링하지 않은 브로커 설정입니다. 쓸 수 있는 설정: {}",
            quoted(name, Particle::Topic),
            supported.join(", ")
        ),
        Problem::FixedAtStart(name) => format!("{} 컨슈머가 시작할 때 정해집니다. 원하는 설정으로 컨슈머를 새로 시작하세요", topic(name)),
        Problem::AutoCommitFixed => "enable.auto.commit은 컨슈머가 도는 동안 바꿀 수 없습니다(커밋 방식을 정하기 때문입니다)".to_string(),
        Problem::CommitContradicts { commit, auto_commit } => format!(
            "커밋 방식 {} config의 enable.auto.commit={auto_commit}와 맞지 않습니다",
            quoted(commit, Particle::Topic)
        ),
        Problem::EmptySubscribe => "토픽을 하나 이상 적어야 합니다(모든 토픽을 구독하려면 항목을 빼세요)".to_string(),
        Problem::NeedsProduceTo => "커밋 방식 'transactional'에는 결과를 쓸 토픽 produce_to가 필요합니다".to_string(),
        Problem::ProduceToNeedsTransactional => "produce_to는 커밋 방식 'transactional'과 함께만 씁니다".to_string(),
        Problem::NotTransactional { producer, transactional } => format!(
            "{} 트랜잭션 프로듀서(config에 transactional.id가 있는 프로듀서)가 아닙니다. 트랜잭션 프로듀서: {}",
            quoted(producer, Particle::Topic),
            list(transactional)
        ),
        Problem::BadName(name) => format!(
            "{} 쓸 수 없는 이름입니다. a-z, A-Z, 0-9, '.', '_', '-'로 된 1–64자만 됩니다",
            quoted(name, Particle::Topic)
        ),
    }
}

/// serde's description of a JSON value or type, in Korean where it is one of the usual ones.
fn json_kind_ko(text: &str) -> String {
    let (head, tail) = text.split_once(' ').unwrap_or((text, ""));
    let named = match head {
        "string" => "문자열",
        "integer" => "정수",
        "floating" => return format!("소수 {}", tail.trim_start_matches("point ")),
        "boolean" => "true/false",
        "sequence" => "목록 [ ]",
        "map" => "객체 { }",
        "u8" | "u16" | "u32" | "u64" | "usize" => return "0 이상의 정수".to_string(),
        "i32" | "i64" => return "정수".to_string(),
        "a" | "an" => {
            return match tail {
                "string" => "문자열".to_string(),
                "boolean" => "true 또는 false".to_string(),
                "sequence" => "목록 [ ]".to_string(),
                "map" => "객체 { }".to_string(),
                other => match other.strip_prefix("action object such as ") {
                    Some(example) => format!("조작 객체(예: {example})"),
                    None => other.to_string(),
                },
            }
        }
        "struct" => return "객체 { }".to_string(),
        _ => return text.to_string(),
    };
    if tail.is_empty() {
        named.to_string()
    } else {
        format!("{named} {tail}")
    }
}

/// Why a text is not the JSON its reader expects, for a reader of `lang`.
pub fn json_problem(p: &JsonProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    let ticked = |names: &[String]| names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match p {
        JsonProblem::Syntax { line, column } => format!("JSON 문법에 맞지 않습니다({line}번째 줄, {column}번째 글자)"),
        JsonProblem::UnknownField { field, allowed } if allowed.is_empty() => {
            format!("항목 {} 쓸 수 없습니다. 이 자리에는 항목이 없습니다", topic(&format!("`{field}`")))
        }
        JsonProblem::UnknownField { field, allowed } => format!("항목 {} 없는 항목입니다. 쓸 수 있는 항목: {}", topic(&format!("`{field}`")), ticked(allowed)),
        JsonProblem::MissingField(field) => format!("꼭 있어야 하는 항목 {} 없습니다", subject(&format!("`{field}`"))),
        JsonProblem::DuplicateField(field) => format!("항목 {} 두 번 나옵니다", subject(&format!("`{field}`"))),
        JsonProblem::UnknownVariant { value, allowed } => format!("{} 쓸 수 없는 값입니다. 쓸 수 있는 값: {}", topic(&format!("`{value}`")), ticked(allowed)),
        JsonProblem::Mismatch { found, expected, .. } => {
            format!("값이 맞지 않습니다. 받은 값: {} · 필요한 값: {}", json_kind_ko(found), json_kind_ko(expected))
        }
        JsonProblem::Other(text) => format!("읽을 수 없습니다: {text}"),
    }
}

/// A scenario error with its field.
pub fn scenario_error(e: &ScenarioError, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!("시나리오 항목 `{}`: {}", e.path, scenario_cause(e, lang)),
        Lang::En => format!("scenario field `{}`: {}", e.path, scenario_cause(e, lang)),
    }
}

/// Why a compare lane's settings or a lesson goal's knobs are refused.
pub fn lane_error(e: &LaneError, lang: Lang) -> String {
    if lang == Lang::En {
        return match e {
            LaneError::Scenario(s) => scenario_error(s, lang),
            _ => e.to_string(),
        };
    }
    match e {
        LaneError::NotNameValue(part) => format!("{} 이름=값 꼴이 아닙니다.", quoted(part, Particle::Topic)),
        LaneError::BadLane(value) => format!("lane={value}: lane은 1부터 {MAX_LANES}까지의 숫자여야 합니다."),
        LaneError::NoLane(text) => format!("'{text}'에 lane이 없습니다(lane=1 … lane={MAX_LANES})."),
        LaneError::BadCommit(value) => format!(
            "commit={value}: {} 가운데 하나여야 합니다.",
            CommitMode::ALL.map(|m| m.name()).join(", ")
        ),
        LaneError::BadStatic(value) => format!(
            "static={value}: on(컨슈머마다 group.instance.id=host-<id>, 스태틱 멤버) 또는 off(동적 멤버)여야 합니다."
        ),
        LaneError::BadPartitions(value) => format!("partitions={value}: 숫자여야 합니다."),
        LaneError::BadConsumers(value) => format!("consumers={value}: 1부터 {MAX_LANE_CONSUMERS}까지의 숫자여야 합니다."),
        LaneError::NoConsumerToCopy => "consumers: 시나리오의 첫 그룹이 시작하는 컨슈머가 없습니다.".to_string(),
        LaneError::UnknownSetting(name) => format!(
            "{} 모르는 설정입니다. commit=<방식>, static=on|off, partitions=<개수>, consumers=<개수>, min.insync.replicas=<n>, 또는 컨슈머나 프로듀서 설정을 쓸 수 있습니다.",
            quoted(name, Particle::Topic)
        ),
        LaneError::Scenario(s) => scenario_error(s, lang),
    }
}

/// Why a link's or a session file's action is refused.
pub fn action_error(e: &ActionError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ActionError::AfterEnd { at_ms, end_ms } => format!("시각 {at_ms} ms가 시나리오의 끝({end_ms} ms)보다 뒤입니다."),
        ActionError::TooLong { field, max_ms } => format!("{} {max_ms} ms 이하여야 합니다.", topic(field)),
        ActionError::Processing { max_ms } => format!("{} 0부터 {max_ms}까지여야 합니다.", topic("processing_ms_per_record")),
        ActionError::NoTopic(topic) => format!("토픽 {} 없습니다.", quoted(topic, Particle::Subject)),
        ActionError::Partitions { max } => format!("{} 1부터 {max}까지여야 합니다.", topic("partitions")),
        ActionError::RecordsPerSec { max } => format!("{} 0부터 {max}까지여야 합니다.", topic("records_per_sec")),
        ActionError::Keys { max } => format!("keys에는 키를 1개에서 {max}개까지 적어야 합니다."),
        ActionError::NoBroker { last } => format!("브로커는 0부터 {last}까지입니다."),
        ActionError::Config(c) => config_error(c, lang),
    }
}

/// Which of a session file's own fields is wrong.
pub fn file_field(e: &FileField, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        FileField::NotObject => "파일이 JSON 객체가 아닙니다".to_string(),
        FileField::Format => format!("{} \"{FILE_FORMAT}\"이어야 합니다", quoted("format", Particle::Topic)),
        FileField::Unknown(k) => format!("모르는 항목 '{k}'입니다(쓸 수 있는 항목: {FILE_FIELDS})"),
        FileField::Version => format!("{} 없거나 정수가 아닙니다", quoted("version", Particle::Subject)),
        FileField::VersionZero => format!("{} 1이어야 합니다", quoted("version", Particle::Topic)),
        FileField::Scenario => format!("{} 없습니다", quoted("scenario", Particle::Subject)),
        FileField::Group => format!("{} 없거나 문자열이 아닙니다", quoted("group", Particle::Subject)),
        FileField::AtMs => format!("{} 없거나 ms 단위의 정수가 아닙니다", quoted("at_ms", Particle::Subject)),
        FileField::Actions => format!("{} 없거나 목록이 아닙니다", quoted("actions", Particle::Subject)),
        FileField::Action(i, m) => format!("actions[{i}]: {}", action_problem(m, lang)),
    }
}

/// What a field of a link's state or of an action must hold, in Korean.
fn wants_ko(w: Wants) -> &'static str {
    match w {
        Wants::Text => "문자열",
        Wants::WholeNumber => "0 이상의 정수",
        Wants::Ms => "ms 단위의 정수",
        Wants::List => "목록",
        Wants::Object => "객체",
        Wants::Bool => "true 또는 false",
        Wants::Small => "2^32보다 작은 정수",
        Wants::CommitMode => "커밋 방식(auto, sync, sync-per-record, async, transactional)",
        Wants::Topics => "토픽 목록",
        Wants::TextOrNull => "문자열 또는 null",
        Wants::Keys => "[], [null], [[키 목록]] 가운데 하나",
    }
}

/// Why a link's state cannot be read, for a reader of `lang`.
pub fn state_problem(p: &StateProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        StateProblem::Json(j) => json_problem(j, lang),
        StateProblem::NotObject => "상태가 JSON 객체가 아닙니다".to_string(),
        StateProblem::UnknownKey(k) => format!("모르는 항목 '{k}'입니다(쓸 수 있는 항목: p, g, t, a)"),
        StateProblem::Key { key, wants } => format!("{} 없거나 {} 아닙니다", quoted(key, Particle::Subject), subject(wants_ko(*wants))),
        StateProblem::Action(i, a) => format!("{i}번째 조작: {}", action_problem(a, lang)),
    }
}

/// Why one recorded action (of a link or a session file) cannot be read.
pub fn action_problem(p: &ActionProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.to_string();
    }
    match p {
        ActionProblem::NotList => "목록이 아닙니다".to_string(),
        ActionProblem::UnknownAction(kind) => format!("모르는 조작 '{kind}'입니다"),
        ActionProblem::FieldCount { kind, want, got } => format!("조작 '{kind}'에는 값이 {want}개 있어야 하는데 {got}개입니다"),
        ActionProblem::Field { field, wants } => format!("{field}번째 값이 {} 아닙니다", subject(wants_ko(*wants))),
        ActionProblem::ConsumerShape => "시작한 컨슈머는 값 7개로 된 목록이어야 합니다".to_string(),
        ActionProblem::ConsumerField { field, wants } => format!("컨슈머의 {field}번째 값이 {} 아닙니다", subject(wants_ko(*wants))),
        ActionProblem::Config(e) => config_error(e, lang),
    }
}

/// Why a progress file is refused.
pub fn progress_error(e: &ProgressError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ProgressError::NotProgress(m) => format!("진행 상황 파일의 형식이 아닙니다({}). {PROGRESS_SHAPE} 꼴이어야 합니다.", json_problem(m, lang)),
        ProgressError::Version(v) => format!(
            "version: {v}{} 이 앱이 읽는 버전({PROGRESS_VERSION})이 아닙니다.",
            pick(&v.to_string(), Particle::Topic)
        ),
        ProgressError::TooManyLessons(n) => format!("lessons: 항목이 {n}개입니다. 최대 {MAX_PROGRESS_LESSONS}개까지입니다."),
        ProgressError::BadId(id) => format!(
            "lessons: {} 레슨 ID가 아닙니다. 소문자, 숫자, '-'로 된 1–48자여야 합니다.",
            quoted(id, Particle::Topic)
        ),
        ProgressError::BadScore { id, best_correct, checkpoints } => {
            format!("lessons.{id}: best_correct({best_correct})는 checkpoints({checkpoints}) 이하, checkpoints는 {MAX_STEPS} 이하여야 합니다.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::ConsumerConfig;
    use crate::model::partitioner::ProducerConfig;
    use crate::model::scenario::Scenario;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn props(v: Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    /// A scenario's refusal for a Korean reader: Korean prose, the field and names kept.
    fn ko(text: &str) -> String {
        let e = Scenario::from_json(text).unwrap_err();
        scenario_error(&e, Lang::Ko)
    }

    #[test]
    fn scenario_refusals_read_in_korean() {
        let base = |extra: &str| format!(r#"{{"seed":1,"duration_ms":10,"topics":[{{"name":"t","partitions":2}}]{extra}}}"#);
        assert_eq!(ko("{"), "시나리오 항목 `.`: JSON 문법에 맞지 않습니다(1번째 줄, 1번째 글자)");
        assert_eq!(
            ko(&base(r#","colour":1"#)),
            "시나리오 항목 `colour`: 항목 `colour`는 없는 항목입니다. 쓸 수 있는 항목: `seed`, `duration_ms`, `title`, `brokers`, `rtt_ms`, `topics`, `broker_config`, `producers`, `groups`, `actions`"
        );
        assert_eq!(
            ko(r#"{"seed":1,"topics":[]}"#),
            "시나리오 항목 `.`: 꼭 있어야 하는 항목 `duration_ms`가 없습니다"
        );
        assert_eq!(
            ko(r#"{"seed":1,"duration_ms":"x","topics":[]}"#),
            "시나리오 항목 `duration_ms`: 값이 맞지 않습니다. 받은 값: 문자열 \"x\" · 필요한 값: 0 이상의 정수"
        );
        assert_eq!(ko(&base(r#","brokers":0"#)), "시나리오 항목 `brokers`: 1부터 16까지여야 합니다");
        assert_eq!(
            ko(&base(r#","producers":[{"id":"p","topic":"orders","records_per_sec":1}]"#)),
            "시나리오 항목 `producers[0].topic`: 토픽 'orders'가 없습니다. 있는 토픽: t"
        );
        assert_eq!(
            ko(&base(r#","groups":[{"group_id":"g","consumers":[{"id":"c1"},{"id":"c1"}]}]"#)),
            "시나리오 항목 `groups[0].consumers[1].id`: 컨슈머 'c1'이 두 번 나옵니다. 이름은 하나씩만 쓸 수 있습니다"
        );
        assert_eq!(
            ko(&base(r#","groups":[{"group_id":"g g","consumers":[]}]"#)),
            "시나리오 항목 `groups[0].group_id`: 'g g'는 쓸 수 없는 이름입니다. a-z, A-Z, 0-9, '.', '_', '-'로 된 1–64자만 됩니다"
        );
        assert_eq!(
            ko(&base(r#","actions":[{"at_ms":5,"action":"explode"}]"#)),
            "시나리오 항목 `actions[0]`: `explode`는 쓸 수 없는 값입니다. 쓸 수 있는 값: `start`, `close`, `crash`, `stall`, `resume`, `restart`, `pause_heartbeats`, `add_partitions`, `configure_producer`, `kill_broker`, `restart_broker`, `drop_response`, `pause_replication`, `begin_txn`, `commit_txn`, `abort_txn`, `configure`"
        );
    }

    #[test]
    fn link_and_file_problems_read_in_korean() {
        use crate::share::{decode, open_file, FileError, LinkError};
        let link = |json: &str| match decode(&format!("1.{}", lz_str::compress_to_encoded_uri_component(json))) {
            Err(LinkError::BadState(p)) => state_problem(&p, Lang::Ko),
            other => panic!("{other:?}"),
        };
        assert_eq!(link(r#"{"p":"default"}"#), "'g'가 없거나 문자열이 아닙니다");
        assert_eq!(link(r#"{"p":"default","g":"g","t":-1,"a":[]}"#), "'t'가 없거나 ms 단위의 정수가 아닙니다");
        assert_eq!(
            link(r#"{"p":"default","g":"g","t":0,"a":[[1,1,"crash",7]]}"#),
            "1번째 조작: 4번째 값이 문자열이 아닙니다"
        );
        assert_eq!(
            link(r#"{"p":"default","g":"g","t":0,"a":[[1,1,"explode"]]}"#),
            "1번째 조작: 모르는 조작 'explode'입니다"
        );
        assert_eq!(
            link(r#"{"p":"default","g":"g","t":0,"a":[[1,1,"start",["c9","g",0,"never","t",null,{}]]]}"#),
            "1번째 조작: 컨슈머의 4번째 값이 커밋 방식(auto, sync, sync-per-record, async, transactional)이 아닙니다"
        );
        assert_eq!(link("[1"), "JSON 문법에 맞지 않습니다(1번째 줄, 2번째 글자)");
        match open_file("{\"a\":") {
            Err(FileError::NotJson(p)) => assert_eq!(json_problem(&p, Lang::Ko), "JSON 문법에 맞지 않습니다(1번째 줄, 5번째 글자)"),
            other => panic!("{other:?}"),
        }
        for w in [Wants::WholeNumber, Wants::Object, Wants::Bool, Wants::Keys] {
            let text = action_problem(&ActionProblem::Field { field: 2, wants: w }, Lang::Ko);
            assert!(text.ends_with("가 아닙니다") || text.ends_with("이 아닙니다"), "{text}");
        }
        assert_eq!(
            action_problem(
                &ActionProblem::Field {
                    field: 2,
                    wants: Wants::Object
                },
                Lang::Ko
            ),
            "2번째 값이 객체가 아닙니다"
        );
    }

    #[test]
    fn every_scenario_problem_reads_in_both_languages() {
        use crate::model::scenario::error::{JsonProblem, Kind, Problem};
        let problems = [
            Problem::Json(JsonProblem::Syntax { line: 1, column: 2 }),
            Problem::Json(JsonProblem::UnknownField {
                field: "x".into(),
                allowed: vec![],
            }),
            Problem::Json(JsonProblem::UnknownField {
                field: "x".into(),
                allowed: vec!["a".into()],
            }),
            Problem::Json(JsonProblem::MissingField("x".into())),
            Problem::Json(JsonProblem::DuplicateField("x".into())),
            Problem::Json(JsonProblem::UnknownVariant {
                value: "x".into(),
                allowed: vec!["a".into()],
            }),
            Problem::Json(JsonProblem::Mismatch {
                wrong_type: true,
                found: "map".into(),
                expected: "a sequence".into(),
            }),
            Problem::Json(JsonProblem::Other("x".into())),
            Problem::Range { min: 0, max: 1 },
            Problem::ReplicationFactor { brokers: 3 },
            Problem::TooManyEntries { n: 40, max: 32 },
            Problem::TooManyConsumers { n: 70, max: 64 },
            Problem::TooManyPartitions { n: 2000, max: 1024 },
            Problem::NoTopics,
            Problem::Duplicate {
                kind: Kind::Topic,
                id: "t".into(),
            },
            Problem::Unknown {
                kind: Kind::Group,
                id: "g".into(),
                known: vec![],
            },
            Problem::Unknown {
                kind: Kind::Producer,
                id: "p".into(),
                known: vec!["q".into()],
            },
            Problem::NotStarted("c".into()),
            Problem::OtherGroup {
                consumer: "c".into(),
                group: "g".into(),
            },
            Problem::NoPartition { topic: "t".into(), last: 2 },
            Problem::NeedsTransactionalId,
            Problem::AtLeastOne,
            Problem::EmptyKeys,
            Problem::TooManyHeaders { max: 8 },
            Problem::LongHeader { max_bytes: 64 },
            Problem::NotInTimeOrder,
            Problem::OnlyAdd { current: 3, max: 256 },
            Problem::NoBroker { last: 2 },
            Problem::BrokerSetting {
                value: "0".into(),
                max: 600_000,
            },
            Problem::UnknownBrokerSetting {
                name: "x".into(),
                supported: vec!["y"],
            },
            Problem::FixedAtStart("group.protocol".into()),
            Problem::AutoCommitFixed,
            Problem::CommitContradicts {
                commit: "auto",
                auto_commit: false,
            },
            Problem::EmptySubscribe,
            Problem::NeedsProduceTo,
            Problem::ProduceToNeedsTransactional,
            Problem::NotTransactional {
                producer: "p".into(),
                transactional: vec![],
            },
            Problem::BadName("a b".into()),
        ];
        for p in &problems {
            let (k, e) = (problem(p, Lang::Ko), problem(p, Lang::En));
            assert!(k.chars().any(|c| ('가'..='힣').contains(&c)), "{p:?}: {k}");
            assert_ne!(k, e, "{p:?}");
            assert!(!k.contains("(을)") && !k.contains("(이)") && !k.contains("(는)"), "{k}");
        }
    }

    #[test]
    fn consumer_refusals_read_in_korean_with_kafka_names_kept() {
        let e = ConsumerConfig::from_properties(&props(json!({"max.poll.records": 0}))).unwrap_err();
        assert_eq!(
            config_error(&e, Lang::Ko),
            "max.poll.records에 0을 줄 수 없습니다. 1부터 1000000까지의 정수만 됩니다."
        );
        let e = ConsumerConfig::from_properties(&props(json!({"auto.offset.reset": "smallest"}))).unwrap_err();
        assert_eq!(
            config_error(&e, Lang::Ko),
            "auto.offset.reset에 \"smallest\"를 줄 수 없습니다. earliest, latest, none 가운데 하나만 됩니다."
        );
        let e = ConsumerConfig::from_properties(&props(json!({"session.timeout.ms": 10000, "heartbeat.interval.ms": 10000}))).unwrap_err();
        assert_eq!(
            config_error(&e, Lang::Ko),
            "heartbeat.interval.ms(10000)는 session.timeout.ms(10000)보다 작아야 합니다."
        );
        let e = ConsumerConfig::from_properties(&props(json!({"max.poll.recods": 1}))).unwrap_err();
        let ko = config_error(&e, Lang::Ko);
        assert!(ko.starts_with("'max.poll.recods'는 없는 설정이거나"), "{ko}");
        assert!(ko.contains("max.poll.records"), "{ko}");
        // English is the engine's own message.
        assert_eq!(config_error(&e, Lang::En), e.to_string());
    }

    #[test]
    fn lane_refusals_read_in_korean() {
        use crate::study::compare::{apply, parse_lane};
        let e = parse_lane("lane=9").unwrap_err();
        assert_eq!(lane_error(&e, Lang::Ko), "lane=9: lane은 1부터 4까지의 숫자여야 합니다.");
        let base = Scenario::from_json(crate::model::scenario::PRESETS[0].1).unwrap();
        let e = apply(&base, &[("colour".into(), "red".into())]).unwrap_err();
        assert!(
            lane_error(&e, Lang::Ko).starts_with("'colour'는 모르는 설정입니다."),
            "{}",
            lane_error(&e, Lang::Ko)
        );
        // A refused property reaches the reader in Korean, with its field.
        let e = apply(&base, &[("session.timeout.ms".into(), "10".into())]).unwrap_err();
        let ko = lane_error(&e, Lang::Ko);
        assert!(ko.starts_with("시나리오 항목 `groups[0].consumers[0].config`: session.timeout.ms에"), "{ko}");
        assert!(lane_error(&e, Lang::En).contains("session.timeout.ms"));
    }

    #[test]
    fn progress_refusals_read_in_korean() {
        use crate::study::lesson::progress::Progress;
        let e = Progress::from_json("{\"version\": 2, \"lessons\": {}}").unwrap_err();
        assert_eq!(progress_error(&e, Lang::Ko), "version: 2는 이 앱이 읽는 버전(1)이 아닙니다.");
        let e = Progress::from_json("{\"version\": 1, \"lessons\": {\"A B\": {\"solved\": true, \"best_correct\": 0, \"checkpoints\": 0}}}").unwrap_err();
        assert_eq!(
            progress_error(&e, Lang::Ko),
            "lessons: 'A B'는 레슨 ID가 아닙니다. 소문자, 숫자, '-'로 된 1–48자여야 합니다."
        );
        assert_eq!(progress_error(&e, Lang::En), e.to_string());
    }

    #[test]
    fn action_refusals_read_in_korean() {
        let e = ActionError::RecordsPerSec { max: 2000 };
        assert_eq!(action_error(&e, Lang::Ko), "records_per_sec는 0부터 2000까지여야 합니다.");
        assert_eq!(action_error(&ActionError::NoTopic("orders".into()), Lang::Ko), "토픽 'orders'가 없습니다.");
        assert_eq!(action_error(&ActionError::NoBroker { last: 2 }, Lang::Ko), "브로커는 0부터 2까지입니다.");
        assert_eq!(action_error(&e, Lang::En), "records_per_sec must be from 0 to 2000");
    }

    #[test]
    fn session_file_fields_read_in_korean() {
        assert_eq!(file_field(&FileField::Format, Lang::Ko), "'format'은 \"groupscope-session\"이어야 합니다");
        assert_eq!(file_field(&FileField::Group, Lang::Ko), "'group'이 없거나 문자열이 아닙니다");
        assert_eq!(file_field(&FileField::Actions, Lang::Ko), "'actions'가 없거나 목록이 아닙니다");
        assert_eq!(file_field(&FileField::Group, Lang::En), "'group' is missing or not text");
    }

    #[test]
    fn producer_refusals_read_in_korean() {
        let e = ProducerConfig::from_properties(&props(json!({"enable.idempotence": true, "acks": "1"}))).unwrap_err();
        assert_eq!(
            config_error(&e, Lang::Ko),
            "enable.idempotence=true에는 acks=all, retries > 0, max.in.flight.requests.per.connection ≤ 5가 필요한데 acks=1입니다."
        );
        let e = ProducerConfig::from_properties(&props(json!({"transactional.id": "t", "acks": "1"}))).unwrap_err();
        assert_eq!(config_error(&e, Lang::Ko), "transactional.id에는 멱등성이 필요한데, acks=1이 멱등성을 끕니다.");
        let e = ProducerConfig::from_properties(&props(json!({"compression.type": "brotli"}))).unwrap_err();
        assert_eq!(
            config_error(&e, Lang::Ko),
            "compression.type에 \"brotli\"를 줄 수 없습니다. none, gzip, snappy, lz4, zstd 가운데 하나만 됩니다."
        );
    }
}
