//! The link codec: a `SharedState` to and from the `#s=<version>.<payload>` fragment, where the
//! payload is the state as JSON compressed with lz-string (`compressToEncodedURIComponent`:
//! characters `A-Za-z0-9+-$`), and the JSON of actions that session files share.

use super::check::check_on;
pub use super::state::{ActionProblem, LinkError, SharedState, StateProblem, Wants};
use crate::model::config::{ConsumerConfig, CONSUMER_CONFIGS};
use crate::model::scenario::error::JsonProblem;
use crate::model::scenario::{CommitMode, ResolvedConsumer, Scenario, PRESET_IDS};
use crate::model::session::{RecordedAction, Session};
use crate::model::sim::Action;
use crate::model::sort::CollectTree as _;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The link format this build writes and reads.
pub const LINK_VERSION: u32 = 1;
/// A longer link is refused (offer the file export instead).
pub const MAX_LINK_CHARS: usize = 2000;
/// A fragment longer than this is not even decompressed.
const MAX_PAYLOAD_CHARS: usize = 8192;

/// The fragment (without `#s=`) for a state.
pub fn encode(state: &SharedState) -> String {
    let json = to_json(state).to_string();
    format!("{LINK_VERSION}.{}", lz_str::compress_to_encoded_uri_component(json.as_str()))
}

/// Reads a fragment (without `#s=`) and checks it against the bundled scenarios compiled in
/// (the CLI and tests; the browser fetches the preset between `parse` and `replay_on`).
pub fn decode(fragment: &str) -> Result<SharedState, LinkError> {
    let state = parse(fragment)?;
    let scenario = bundled(&state)?;
    check_on(&scenario, &state.group, state.at_ms, &state.actions)?;
    Ok(state)
}

/// The preset a state names, from the files compiled in (the CLI and tests).
fn bundled(state: &SharedState) -> Result<Scenario, LinkError> {
    Scenario::preset(&state.preset).ok_or_else(|| LinkError::UnknownPreset(state.preset.clone()))
}

/// Reads a fragment (without `#s=`) naming a bundled preset; the checks against that
/// scenario follow once it is at hand (`replay_on`).
pub fn parse(fragment: &str) -> Result<SharedState, LinkError> {
    if fragment.len() > MAX_PAYLOAD_CHARS {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let (version, payload) = fragment.split_once('.').ok_or(LinkError::NoVersion)?;
    let version: u32 = version.parse().map_err(|_| LinkError::NoVersion)?;
    if version > LINK_VERSION {
        return Err(LinkError::FutureVersion(version));
    }
    if version == 0 {
        return Err(LinkError::NoVersion);
    }
    let wide = lz_str::decompress_from_encoded_uri_component(payload).ok_or(LinkError::Corrupt)?;
    let json = String::from_utf16(&wide).map_err(|_| LinkError::Corrupt)?;
    if json.is_empty() {
        return Err(LinkError::Corrupt);
    }
    let value: Value = serde_json::from_str(&json).map_err(|e| LinkError::BadState(StateProblem::Json(JsonProblem::of(&e))))?;
    let state = from_json(&value).map_err(LinkError::BadState)?;
    if !PRESET_IDS.contains(&state.preset.as_str()) {
        return Err(LinkError::UnknownPreset(state.preset));
    }
    Ok(state)
}

/// The session a state describes, checked against its preset's scenario: the preset replayed
/// with its actions, each taken at its own step, then put at the moment on view.
pub fn replay_on(state: &SharedState, scenario: &Scenario) -> Result<Session, LinkError> {
    check_on(scenario, &state.group, state.at_ms, &state.actions)?;
    Ok(Session::replay(scenario, &state.actions, state.at_ms))
}

/// `replay_on` with the preset compiled in (the CLI and tests).
pub fn replay(state: &SharedState) -> Result<Session, LinkError> {
    replay_on(state, &bundled(state)?)
}

/// The fragment for a session's state on its preset's `scenario`, proven to decode to that same
/// state, or why there is none: too long (the caller offers the file export).
pub fn share(state: &SharedState, scenario: &Scenario) -> Result<String, LinkError> {
    let fragment = encode(state);
    if fragment.len() + 3 > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(fragment.len() + 3));
    }
    let back = parse(&fragment)?;
    check_on(scenario, &back.group, back.at_ms, &back.actions)?;
    if back == *state {
        Ok(fragment)
    } else {
        Err(LinkError::Corrupt)
    }
}

// The JSON inside a link, written by hand over `serde_json::Value` (the parser the app already
// carries for lesson files) rather than derived for `Action`: serde's derive of that internally
// tagged enum alone would add ~40 KB to the wasm. Short keys keep links short:
// `{"v": preset, "g": group, "t": at_ms, "a": [[step, at_ms, kind, ...fields], ...]}`.

fn to_json(state: &SharedState) -> Value {
    json!({
        "p": state.preset,
        "g": state.group,
        "t": state.at_ms,
        "a": state.actions.iter().map(action_to_json).collect::<Vec<_>>(),
    })
}

fn from_json(v: &Value) -> Result<SharedState, StateProblem> {
    let obj = v.as_object().ok_or(StateProblem::NotObject)?;
    if let Some(k) = obj.keys().find(|k| !["p", "g", "t", "a"].contains(&k.as_str())) {
        return Err(StateProblem::UnknownKey(k.clone()));
    }
    let bad = |key, wants| StateProblem::Key { key, wants };
    let text = |k: &'static str| obj.get(k).and_then(Value::as_str).map(str::to_string).ok_or(bad(k, Wants::Text));
    let (preset, group) = (text("p")?, text("g")?);
    let at_ms = obj.get("t").and_then(Value::as_u64).ok_or(bad("t", Wants::Ms))?;
    let actions = obj.get("a").and_then(Value::as_array).ok_or(bad("a", Wants::List))?;
    Ok(SharedState {
        preset,
        group,
        at_ms,
        actions: actions
            .iter()
            .enumerate()
            .map(|(i, a)| action_from_json(a).map_err(|e| StateProblem::Action(i + 1, e)))
            .collect::<Result<_, _>>()?,
    })
}

fn consumer_to_json(c: &ResolvedConsumer) -> Value {
    let defaults = ConsumerConfig::default();
    // Only what differs from Kafka's defaults, as the property editor writes it.
    let config: Map<String, Value> = CONSUMER_CONFIGS
        .iter()
        .filter_map(|spec| {
            let value = c.config.property(spec.name)?;
            (defaults.property(spec.name).as_ref() != Some(&value)).then(|| (spec.name.to_string(), Value::from(value)))
        })
        .collect();
    json!([c.id, c.group_id, c.processing_ms_per_record, c.commit.name(), c.subscribe, c.produce_to, config])
}

fn consumer_from_json(v: &Value) -> Result<ResolvedConsumer, ActionProblem> {
    let f = v.as_array().filter(|f| f.len() == 7).ok_or(ActionProblem::ConsumerShape)?;
    let bad = |i: usize, wants| ActionProblem::ConsumerField { field: i + 1, wants };
    let text = |i: usize| f[i].as_str().map(str::to_string).ok_or(bad(i, Wants::Text));
    let props: BTreeMap<String, Value> = f[6].as_object().ok_or(bad(6, Wants::Object))?.clone().into_iter().collect_tree();
    let commit = CommitMode::ALL
        .into_iter()
        .chain([CommitMode::Transactional])
        .find(|m| f[3].as_str() == Some(m.name()))
        .ok_or(bad(3, Wants::CommitMode))?;
    Ok(ResolvedConsumer {
        id: text(0)?,
        group_id: text(1)?,
        processing_ms_per_record: f[2].as_u64().ok_or(bad(2, Wants::Ms))?,
        commit,
        subscribe: f[4]
            .as_array()
            .and_then(|l| l.iter().map(|t| t.as_str().map(str::to_string)).collect())
            .ok_or(bad(4, Wants::Topics))?,
        config: ConsumerConfig::from_properties(&props).map_err(ActionProblem::Config)?,
        produce_to: match &f[5] {
            Value::Null => None,
            t => Some(t.as_str().ok_or(bad(5, Wants::TextOrNull))?.to_string()),
        },
    })
}

pub(super) fn action_to_json(r: &RecordedAction) -> Value {
    let fields: Vec<Value> = match &r.action {
        Action::Start { consumer } => vec!["start".into(), consumer_to_json(consumer)],
        Action::Redeploy { consumer } => vec!["redeploy".into(), consumer_to_json(consumer)],
        Action::Close { consumer } => vec!["close".into(), consumer.as_str().into()],
        Action::Crash { consumer } => vec!["crash".into(), consumer.as_str().into()],
        Action::Resume { consumer } => vec!["resume".into(), consumer.as_str().into()],
        Action::Stall { consumer, for_ms } => vec!["stall".into(), consumer.as_str().into(), json!(for_ms)],
        Action::Restart { consumer, down_ms, graceful } => vec!["restart".into(), consumer.as_str().into(), json!(down_ms), json!(graceful)],
        Action::PauseHeartbeats { consumer, for_ms } => vec!["gc".into(), consumer.as_str().into(), json!(for_ms)],
        Action::AddPartitions { topic, partitions } => vec!["partitions".into(), topic.as_str().into(), json!(partitions)],
        Action::Configure {
            consumer,
            processing_ms_per_record,
            config,
        } => vec!["configure".into(), consumer.as_str().into(), json!(processing_ms_per_record), json!(config)],
        Action::ConfigureProducer {
            producer,
            records_per_sec,
            keys,
            config,
        } => vec![
            "producer".into(),
            producer.as_str().into(),
            json!(records_per_sec),
            // [] unchanged, [null] key-less, [[keys]] these keys.
            keys.as_ref().map_or(json!([]), |k| json!([k])),
            json!(config),
        ],
        Action::KillBroker { broker } => vec!["kill".into(), json!(broker)],
        Action::RestartBroker { broker } => vec!["revive".into(), json!(broker)],
        Action::DropResponse { producer } => vec!["drop".into(), producer.as_str().into()],
        Action::PauseReplication { broker, for_ms } => vec!["replication".into(), json!(broker), json!(for_ms)],
        Action::BeginTxn { producer } => vec!["begin".into(), producer.as_str().into()],
        Action::EndTxn { producer, commit } => vec!["end".into(), producer.as_str().into(), json!(commit)],
    };
    let mut list = vec![json!(r.step), json!(r.at_ms)];
    list.extend(fields);
    Value::Array(list)
}

pub(super) fn action_from_json(v: &Value) -> Result<RecordedAction, ActionProblem> {
    let f = v.as_array().ok_or(ActionProblem::NotList)?;
    let bad = |i: usize, wants| ActionProblem::Field { field: i + 1, wants };
    let n = |i: usize| f.get(i).and_then(Value::as_u64).ok_or(bad(i, Wants::WholeNumber));
    let text = |i: usize| f.get(i).and_then(Value::as_str).map(str::to_string).ok_or(bad(i, Wants::Text));
    let opt_n = |i: usize| match f.get(i) {
        Some(Value::Null) => Ok(None),
        _ => n(i).map(Some),
    };
    let map = |i: usize| {
        f.get(i)
            .and_then(Value::as_object)
            .map(|m| m.clone().into_iter().collect_tree::<BTreeMap<_, _>>())
            .ok_or(bad(i, Wants::Object))
    };
    let small = |i: usize| n(i).and_then(|x| u32::try_from(x).map_err(|_| bad(i, Wants::Small)));
    let flag = |i: usize| f.get(i).and_then(Value::as_bool).ok_or(bad(i, Wants::Bool));
    let kind = text(2)?;
    let want = match kind.as_str() {
        "start" | "redeploy" | "close" | "crash" | "resume" | "kill" | "revive" | "drop" | "begin" => 4,
        "stall" | "gc" | "partitions" | "replication" | "end" => 5,
        "restart" | "configure" => 6,
        "producer" => 7,
        other => return Err(ActionProblem::UnknownAction(other.to_string())),
    };
    if f.len() != want {
        return Err(ActionProblem::FieldCount {
            kind,
            want: want - 3,
            got: f.len().saturating_sub(3),
        });
    }
    let action = match kind.as_str() {
        "start" => Action::Start {
            consumer: consumer_from_json(&f[3])?,
        },
        "redeploy" => Action::Redeploy {
            consumer: consumer_from_json(&f[3])?,
        },
        "close" => Action::Close { consumer: text(3)? },
        "crash" => Action::Crash { consumer: text(3)? },
        "resume" => Action::Resume { consumer: text(3)? },
        "stall" => Action::Stall {
            consumer: text(3)?,
            for_ms: opt_n(4)?,
        },
        "restart" => Action::Restart {
            consumer: text(3)?,
            down_ms: n(4)?,
            graceful: flag(5)?,
        },
        "gc" => Action::PauseHeartbeats {
            consumer: text(3)?,
            for_ms: n(4)?,
        },
        "partitions" => Action::AddPartitions {
            topic: text(3)?,
            partitions: small(4)?,
        },
        "configure" => Action::Configure {
            consumer: text(3)?,
            processing_ms_per_record: opt_n(4)?,
            config: map(5)?,
        },
        "producer" => Action::ConfigureProducer {
            producer: text(3)?,
            records_per_sec: match f[4] {
                Value::Null => None,
                _ => Some(small(4)?),
            },
            keys: match f[5].as_array().map(Vec::as_slice) {
                Some([]) => None,
                Some([Value::Null]) => Some(None),
                Some([Value::Array(keys)]) => Some(Some(
                    keys.iter()
                        .map(|k| k.as_str().map(str::to_string))
                        .collect::<Option<_>>()
                        .ok_or(bad(5, Wants::Keys))?,
                )),
                _ => return Err(bad(5, Wants::Keys)),
            },
            config: map(6)?,
        },
        "kill" => Action::KillBroker { broker: small(3)? },
        "revive" => Action::RestartBroker { broker: small(3)? },
        "drop" => Action::DropResponse { producer: text(3)? },
        "replication" => Action::PauseReplication {
            broker: small(3)?,
            for_ms: n(4)?,
        },
        "begin" => Action::BeginTxn { producer: text(3)? },
        _ => Action::EndTxn {
            producer: text(3)?,
            commit: flag(4)?,
        },
    };
    Ok(RecordedAction {
        step: n(0)?,
        at_ms: n(1)?,
        action,
    })
}

/// The preset ids a link may name (for messages).
pub fn preset_ids() -> Vec<&'static str> {
    PRESET_IDS.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scenario::Scenario;
    use crate::model::sim::Action;
    use crate::share::MAX_ACTIONS;

    fn state(actions: Vec<RecordedAction>) -> SharedState {
        SharedState {
            preset: "default".into(),
            group: Scenario::default_scenario().groups[0].group_id.clone(),
            at_ms: 20_000,
            actions,
        }
    }

    fn crash(step: u64, at_ms: u64) -> RecordedAction {
        RecordedAction {
            step,
            at_ms,
            action: Action::Crash { consumer: "c1".into() },
        }
    }

    #[test]
    fn round_trip() {
        let s = state(vec![crash(10, 1000), crash(500, 9000)]);
        let f = share(&s, &Scenario::default_scenario()).unwrap();
        assert!(f.starts_with("1."));
        assert!(f.chars().all(|c| c.is_ascii_alphanumeric() || "+-$.".contains(c)), "{f}");
        assert_eq!(decode(&f).unwrap(), s);
    }

    #[test]
    fn every_malformed_class_has_its_error() {
        let good = encode(&state(vec![crash(10, 1000)]));
        let payload = good.split_once('.').unwrap().1;
        assert_eq!(decode("garbage"), Err(LinkError::NoVersion));
        assert_eq!(decode(&format!("x.{payload}")), Err(LinkError::NoVersion));
        assert_eq!(decode(&format!("0.{payload}")), Err(LinkError::NoVersion));
        assert_eq!(decode(&format!("2.{payload}")), Err(LinkError::FutureVersion(2)));
        assert_eq!(decode(&"1.A".repeat(5000)), Err(LinkError::TooLong(15000)));
        assert_eq!(decode("1."), Err(LinkError::Corrupt));
        assert_eq!(decode("1.%%%"), Err(LinkError::Corrupt));
        // Cut off: every truncation opens nothing (and panics nowhere).
        for cut in 2..good.len() {
            assert!(decode(&good[..cut]).is_err(), "a link cut at {cut} opened something");
        }
        let json = |j: &str| format!("1.{}", lz_str::compress_to_encoded_uri_component(j));
        assert!(matches!(decode(&json("[1,2]")), Err(LinkError::BadState(_))));
        assert!(matches!(decode(&json(r#"{"p":"default"}"#)), Err(LinkError::BadState(m)) if m.to_string().contains("'g'")));
        assert!(matches!(decode(&json(r#"{"p":"default","g":"x","t":0,"a":[],"zz":1}"#)), Err(LinkError::BadState(m)) if m.to_string().contains("zz")));
        let with = |preset: &str, group: &str, at_ms: u64, actions: &str| json(&format!(r#"{{"p":"{preset}","g":"{group}","t":{at_ms},"a":{actions}}}"#));
        let g = state(vec![]).group;
        assert_eq!(decode(&with("nope", &g, 0, "[]")), Err(LinkError::UnknownPreset("nope".into())));
        assert_eq!(decode(&with("default", "nope", 0, "[]")), Err(LinkError::UnknownGroup("nope".into())));
        let end = Scenario::default_scenario().duration_ms;
        assert_eq!(
            decode(&with("default", &g, end + 1, "[]")),
            Err(LinkError::PastTheEnd {
                at_ms: end + 1,
                duration_ms: end
            })
        );
        let a = |step: u64| format!(r#"[{step},{step},"crash","c1"]"#);
        assert_eq!(
            decode(&with("default", &g, 0, &format!("[{},{}]", a(9), a(3)))),
            Err(LinkError::ActionsOutOfOrder(1))
        );
        let many = format!("[{}]", vec![a(1); MAX_ACTIONS + 1].join(","));
        assert_eq!(decode(&with("default", &g, 0, &many)), Err(LinkError::TooManyActions(MAX_ACTIONS + 1)));
        let bad = |actions: &str| match decode(&with("default", &g, 0, actions)) {
            Err(LinkError::BadState(m)) => m.to_string(),
            other => panic!("{actions}: {other:?}"),
        };
        assert!(bad(r#"[[1,1,"explode"]]"#).contains("unknown action 'explode'"));
        assert!(bad(r#"[[1,1,"crash"]]"#).contains("'crash' takes 1 fields, not 0"));
        assert!(bad(r#"[[1,1,"crash",7]]"#).contains("action 1: field 4 is not text"));
        assert!(bad(r#"[[1,1,"kill",99999999999]]"#).contains("below 2^32"));
        assert!(bad(r#"[[1,1,"start",[1]]]"#).contains("7 fields"));
        assert!(bad(r#"[[1,1,"start",["c9","g",0,"never","t",null,{}]]]"#).contains("commit mode"));
        assert!(bad(r#"[[1,1,"start",["c9","g",0,"auto",["t"],null,{"session.timeout.ms":"soon"}]]]"#).contains("session.timeout.ms"));
        assert!(bad(r#"[[1,1,"producer","p",null,[1],{}]]"#).contains("[[keys]]"));
        assert!(matches!(decode(&json(r#"{"p":"default","g":"x","t":0,"a":7}"#)), Err(LinkError::BadState(m)) if m.to_string().contains("'a'")));
    }

    #[test]
    fn a_long_log_is_refused_not_cut() {
        let actions = (0..400).map(|i| crash(i * 7919 % 100_000 + i, i * 10)).collect::<Vec<_>>();
        let mut sorted = actions;
        crate::model::sort::sort_by_key(&mut sorted, |a| (a.step, a.at_ms));
        assert!(matches!(share(&state(sorted), &Scenario::default_scenario()), Err(LinkError::TooLong(n)) if n > MAX_LINK_CHARS));
    }

    #[test]
    fn replay_gives_the_same_trace_as_the_session_it_came_from() {
        let scenario = Scenario::default_scenario();
        let mut session = Session::new(&scenario);
        session.run_until(5_000);
        let now = session.sim.now_ms();
        session.act(now, Action::Crash { consumer: "c1".into() });
        session.run_until(12_000);
        let now = session.sim.now_ms();
        session.act(
            now,
            Action::Stall {
                consumer: "c2".into(),
                for_ms: Some(4_000),
            },
        );
        session.run_until(30_000);
        let s = SharedState {
            preset: "default".into(),
            group: scenario.groups[0].group_id.clone(),
            at_ms: 30_000,
            actions: session.actions.clone(),
        };
        let back = replay(&decode(&share(&s, &scenario).unwrap()).unwrap()).unwrap();
        assert_eq!(back.sim.trace_hash(), session.sim.trace_hash());
        assert_eq!(back.sim.world, session.sim.world);
    }
}
