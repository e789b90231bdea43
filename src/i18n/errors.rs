//! The engine's refusals in the reader's language (issue 31): the engine gives a value
//! (`model::config_error::ConfigError`, Kafka's names and numbers), this words it. English is
//! the engine's own `Display`, which the CLI prints too.

use crate::i18n::particle::{object, pick, subject, topic, Particle};
use crate::i18n::Lang;
use crate::model::config_error::{Accepts, ConfigError, Owner, CLIENT_ASSIGNORS};
use crate::model::scenario::{ActionError, CommitMode, ScenarioError};
use crate::share::file::{FileField, FILE_FIELDS, FILE_FORMAT};
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

/// Why a scenario is refused: a refused configuration in the reader's language; any other
/// cause (a scenario file's structure, for its author) as the engine wrote it.
pub fn scenario_cause(e: &ScenarioError, lang: Lang) -> String {
    match &e.config {
        Some(c) => config_error(c, lang),
        None => e.message.clone(),
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
        FileField::Action(i, m) => format!("actions[{i}]: {m}"),
    }
}

/// Why a progress file is refused.
pub fn progress_error(e: &ProgressError, lang: Lang) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        ProgressError::NotProgress(m) => format!("진행 상황 파일의 형식이 아닙니다({m}). {PROGRESS_SHAPE} 꼴이어야 합니다."),
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
