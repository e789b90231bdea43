//! Why a client's or a topic's configuration is refused, as a value (issue 31): Kafka's
//! property names and the numbers involved, no sentence. `Display` writes the English the CLI
//! and scenario errors print; the UI words it in the reader's language
//! (`i18n::errors::config_error`).

use std::fmt;

/// Whose properties: a consumer's, a producer's or a topic's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Consumer,
    Producer,
    Topic,
}

/// What a property accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Accepts {
    /// An integer in `min..=max`.
    Int {
        min: i64,
        max: i64,
    },
    Bool,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// `null` or this one value (partitioner.class and its class name).
    NullOr(&'static str),
    /// `null` or a non-empty string (transactional.id).
    NullOrText,
    /// Any string.
    Text,
    /// Up to 64 characters from a-z, A-Z, 0-9, '.', '_' and '-' (group.instance.id).
    InstanceId,
    /// A comma-separated list of the client-side assignors or their class names.
    AssignorList,
}

/// Kafka's client-side assignors, as partition.assignment.strategy names them.
pub const CLIENT_ASSIGNORS: &str = "range, roundrobin, sticky, cooperative-sticky";

/// A refused configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// No such property, or one not modelled yet; and those that are.
    Unknown { owner: Owner, name: String, supported: Vec<&'static str> },
    /// A value the property does not take (as written), and what it takes.
    BadValue { name: String, value: String, accepts: Accepts },
    /// partition.assignment.strategy names no assignor.
    NoAssignor,
    /// A classic-protocol property set with group.protocol=consumer.
    ClassicOnly { name: &'static str },
    /// group.remote.assignor set with the classic protocol.
    RemoteAssignorNeedsConsumerProtocol,
    /// heartbeat.interval.ms not below session.timeout.ms.
    HeartbeatNotBelowSession { heartbeat_ms: u64, session_ms: u64 },
    /// enable.idempotence=true with a setting that rules it out (`acks=1`, `retries=0`...).
    IdempotenceConflict { conflict: String },
    /// transactional.id without idempotence; the setting that turned it off, if one did.
    TransactionalNeedsIdempotence { turned_off_by: Option<String> },
    /// transaction.timeout.ms above the broker's transaction.max.timeout.ms.
    TransactionTimeoutAboveMax { timeout_ms: u64, max_ms: u64 },
    /// delivery.timeout.ms set below linger.ms + request.timeout.ms.
    DeliveryTimeoutBelowFloor { delivery_ms: u64, floor_ms: u64 },
    /// A commit mode (`auto`, `sync`...) that says the opposite of enable.auto.commit.
    CommitContradictsAutoCommit { commit: &'static str, enable_auto_commit: bool },
}

impl ConfigError {
    /// A value (as written in JSON) the property `name` does not take.
    pub fn bad_value(name: &str, value: &serde_json::Value, accepts: Accepts) -> ConfigError {
        ConfigError::BadValue {
            name: name.to_string(),
            value: value.to_string(),
            accepts,
        }
    }

    /// A property `owner` does not have; `supported` names those it has.
    pub fn unknown(owner: Owner, name: &str, supported: impl Iterator<Item = &'static str>) -> ConfigError {
        ConfigError::Unknown {
            owner,
            name: name.to_string(),
            supported: supported.collect(),
        }
    }
}

impl fmt::Display for Accepts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Accepts::Int { min, max } => write!(f, "an integer from {min} to {max}"),
            Accepts::Bool => write!(f, "true or false"),
            Accepts::OneOf(values) => write!(f, "one of {}", values.join(", ")),
            Accepts::NullOr(value) => write!(f, "null or {value}"),
            Accepts::NullOrText => write!(f, "null or a non-empty string"),
            Accepts::Text => write!(f, "a string"),
            Accepts::InstanceId => write!(f, "up to 64 characters from a-z, A-Z, 0-9, '.', '_' and '-'"),
            Accepts::AssignorList => write!(f, "a comma-separated list of {CLIENT_ASSIGNORS} (or their Kafka class names)"),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unknown { owner, name, supported } => {
                let owner = match owner {
                    Owner::Consumer => "consumer",
                    Owner::Producer => "producer",
                    Owner::Topic => "topic",
                };
                write!(f, "unknown or not yet modelled {owner} config '{name}'; supported: {}", supported.join(", "))
            }
            ConfigError::BadValue { name, value, accepts } => write!(f, "bad value {value} for '{name}': expected {accepts}"),
            ConfigError::NoAssignor => write!(f, "'partition.assignment.strategy' must name at least one assignor: {CLIENT_ASSIGNORS}"),
            ConfigError::ClassicOnly { name } => write!(
                f,
                "'{name}' is not used with group.protocol=consumer (Kafka 4.0 rejects it with a ConfigException): the assignor runs on the broker (group.remote.assignor: uniform or range), and the broker's group.consumer.session.timeout.ms (45000) and group.consumer.heartbeat.interval.ms (5000) apply"
            ),
            ConfigError::RemoteAssignorNeedsConsumerProtocol => write!(
                f,
                "'group.remote.assignor' is only used with group.protocol=consumer; with the classic protocol choose the assignor with partition.assignment.strategy"
            ),
            ConfigError::HeartbeatNotBelowSession { heartbeat_ms, session_ms } => {
                write!(f, "'heartbeat.interval.ms' ({heartbeat_ms}) must be lower than 'session.timeout.ms' ({session_ms})")
            }
            ConfigError::IdempotenceConflict { conflict } => write!(
                f,
                "enable.idempotence=true needs acks=all, retries > 0 and max.in.flight.requests.per.connection ≤ 5, but {conflict}"
            ),
            ConfigError::TransactionalNeedsIdempotence { turned_off_by: Some(setting) } => {
                write!(f, "transactional.id needs idempotence, which {setting} turns off")
            }
            ConfigError::TransactionalNeedsIdempotence { turned_off_by: None } => write!(f, "transactional.id needs enable.idempotence=true"),
            ConfigError::TransactionTimeoutAboveMax { timeout_ms, max_ms } => {
                write!(f, "transaction.timeout.ms={timeout_ms} is above the broker's transaction.max.timeout.ms ({max_ms})")
            }
            ConfigError::DeliveryTimeoutBelowFloor { delivery_ms, floor_ms } => {
                write!(f, "delivery.timeout.ms={delivery_ms} must be at least linger.ms + request.timeout.ms = {floor_ms}")
            }
            ConfigError::CommitContradictsAutoCommit { commit, enable_auto_commit } => {
                write!(f, "commit '{commit}' contradicts enable.auto.commit={enable_auto_commit}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<ConfigError> for String {
    fn from(e: ConfigError) -> String {
        e.to_string()
    }
}
