//! The assignors the engine can run, by name (what `partition.assignment.strategy` and
//! `group.remote.assignor` list).

use serde::{Deserialize, Serialize};

/// The assignors the engine can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssignorName {
    Range,
    #[serde(rename = "roundrobin")]
    RoundRobin,
    Sticky,
    CooperativeSticky,
    /// KIP-848 server-side `uniform` (the broker default).
    Uniform,
    /// KIP-848 server-side `range`.
    ServerRange,
}

impl AssignorName {
    pub fn name(self) -> &'static str {
        match self {
            AssignorName::Range => "range",
            AssignorName::RoundRobin => "roundrobin",
            AssignorName::Sticky => "sticky",
            AssignorName::CooperativeSticky => "cooperative-sticky",
            AssignorName::Uniform => "uniform",
            AssignorName::ServerRange => "server-range",
        }
    }

    pub fn parse(name: &str) -> Result<AssignorName, String> {
        match name {
            "range" => Ok(AssignorName::Range),
            "roundrobin" => Ok(AssignorName::RoundRobin),
            "sticky" => Ok(AssignorName::Sticky),
            "cooperative-sticky" => Ok(AssignorName::CooperativeSticky),
            "uniform" => Ok(AssignorName::Uniform),
            "server-range" => Ok(AssignorName::ServerRange),
            other => Err(format!(
                "unknown assignor '{other}'; client-side: range, roundrobin, sticky, cooperative-sticky; server-side (KIP-848): uniform, server-range"
            )),
        }
    }

    /// Whether Kafka's assignor of this name reads `client.rack` (KIP-881: range and the sticky
    /// assignors; roundrobin never did, and the KIP-848 server-side assignors do not).
    pub fn rack_aware(self) -> bool {
        matches!(self, AssignorName::Range | AssignorName::Sticky | AssignorName::CooperativeSticky)
    }
}
