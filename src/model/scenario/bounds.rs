//! The bounds table: how large a scenario may be and which values its actions (in a file, a
//! link or the live UI) may take. `validate.rs` checks scenarios and actions against it.

pub const MAX_PARTITIONS: u32 = 256;
pub const MAX_BROKERS: u32 = 16;
pub const MAX_RECORDS_PER_SEC: u32 = 10_000;
pub const MAX_DURATION_MS: u64 = 24 * 3600 * 1000;
/// Bounds on a scenario's size, so that no file or link can make a run hang or grow memory
/// without bound (docs/limits.md): far above any classroom scenario (the largest bundled one
/// has 256 partitions, 5 groups, 16 consumers in a group, 4 producers).
pub const MAX_TOPICS: usize = 32;
pub const MAX_TOTAL_PARTITIONS: u32 = 1024;
pub const MAX_GROUPS: usize = 16;
pub const MAX_GROUP_CONSUMERS: usize = 64;
pub const MAX_PRODUCERS: usize = 32;
pub const MAX_SCENARIO_ACTIONS: usize = 2000;

/// The longest a consumer may spend on one record (`processing_ms_per_record`: ten minutes).
pub const MAX_PROCESSING_MS_PER_RECORD: u64 = 600_000;
/// How many keys a producer may cycle through (a `configure_producer` action's `keys`).
pub const MAX_PRODUCER_KEYS: usize = 1000;
/// Headers on each of a producer's records, and the bytes of a header's name or value.
pub const MAX_PRODUCER_HEADERS: usize = 8;
pub const MAX_HEADER_BYTES: usize = 64;
