//! The few bits of Java semantics Kafka's behaviour depends on.

use std::cmp::Ordering;

/// Java `String.compareTo`: lexicographic by UTF-16 code unit.
///
/// UTF-8 byte order is code point order, which agrees with UTF-16 order except between a
/// character in U+E000..=U+FFFF and a supplementary one (U+10000 and up, encoded as surrogates
/// 0xD800..0xDFFF): only that case is corrected, so the common path is a byte comparison.
pub fn compare_strings(a: &str, b: &str) -> Ordering {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    let mut start = i;
    while !a.is_char_boundary(start) {
        start -= 1;
    }
    let ca = a[start..].chars().next().expect("a differing byte lies in a character") as u32;
    let cb = b[start..].chars().next().expect("a differing byte lies in a character") as u32;
    let unit = |c: u32| if c >= 0x1_0000 { 0xD800 } else { c };
    if (ca >= 0x1_0000) != (cb >= 0x1_0000) {
        unit(ca).cmp(&unit(cb))
    } else {
        ca.cmp(&cb)
    }
}

/// Java `String.hashCode`: Σ cᵢ·31^(n−1−i) over UTF-16 code units, 32-bit wrap-around.
pub fn string_hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// Kafka's `Utils.abs`: `Integer.MIN_VALUE` maps to 0.
pub fn kafka_abs(x: i32) -> u32 {
    if x == i32::MIN {
        0
    } else {
        x.unsigned_abs()
    }
}

/// The `__consumer_offsets` partition that holds a group (kafka-behaviour.md §3.1).
pub fn offsets_partition_for(group_id: &str, offsets_topic_partitions: u32) -> u32 {
    kafka_abs(string_hash_code(group_id)) % offsets_topic_partitions
}

/// Java's `HashMap.hash`: the hash code with its high half folded into the low half.
pub fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// Table capacity of a `new HashMap<>()` after `size` insertions (doubling past 0.75 load).
pub fn capacity_for(size: usize) -> u32 {
    let mut capacity = 16u32;
    while size as u64 * 4 > capacity as u64 * 3 {
        capacity *= 2;
    }
    capacity
}

/// The order in which a Java `HashMap<String, _>` filled in the order of `keys` iterates them:
/// bucket index ascending, insertion order within a bucket (§0).
pub fn java_order(keys: &[String]) -> Vec<usize> {
    let mask = capacity_for(keys.len()) - 1;
    let mut order: Vec<usize> = (0..keys.len()).collect();
    crate::model::sort::sort_by_key(&mut order, |&i| (spread(string_hash_code(&keys[i])) & mask, i));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinator_partition_examples_from_reference() {
        assert_eq!(string_hash_code("foo"), 101574);
        assert_eq!(offsets_partition_for("foo", 50), 24);
        assert_eq!(offsets_partition_for("foo", 10), 4);
        assert_eq!(string_hash_code("my-group"), -1906497762);
        assert_eq!(offsets_partition_for("my-group", 50), 12);
        assert_eq!(offsets_partition_for("test-group", 50), 12);
        assert_eq!(offsets_partition_for("group", 50), 47);
        assert_eq!(offsets_partition_for("consumer-group-1", 50), 20);
        assert_eq!(string_hash_code("orders"), -1008770331);
        assert_eq!(offsets_partition_for("orders", 50), 31);
        assert_eq!(offsets_partition_for("payments", 50), 13);
        assert_eq!(offsets_partition_for("", 50), 0);
    }

    #[test]
    fn utf16_order_differs_from_utf8_order() {
        assert_eq!(compare_strings("consumer10", "consumer2"), Ordering::Less);
        // U+FF61 (one UTF-16 unit 0xFF61) sorts after U+1F600 (surrogates 0xD83D…) in Java,
        // although its UTF-8 bytes sort before.
        assert_eq!(compare_strings("\u{FF61}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF61}".cmp("\u{1F600}"), Ordering::Less);
    }

    #[test]
    fn fast_comparison_agrees_with_utf16_everywhere() {
        let samples = [
            "",
            "a",
            "ab",
            "b",
            "consumer1",
            "consumer10",
            "é",
            "e\u{301}",
            "\u{D7FF}",
            "\u{E000}",
            "\u{FFFF}",
            "\u{10000}",
            "\u{1F600}x",
            "a\u{FF61}",
            "a\u{1F600}",
            "가",
            "나다",
        ];
        for a in samples {
            for b in samples {
                assert_eq!(compare_strings(a, b), a.encode_utf16().cmp(b.encode_utf16()), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn java_hashmap_order_examples_from_reference() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let keys = names(&["consumer1", "consumer2", "consumer3"]);
        let order: Vec<&str> = java_order(&keys).into_iter().map(|i| keys[i].as_str()).collect();
        assert_eq!(order, ["consumer3", "consumer2", "consumer1"]);
        let keys = names(&["C0", "C1", "C2"]);
        assert_eq!(java_order(&keys), vec![0, 1, 2]);
        let keys = names(&["consumer0", "consumer1", "consumer2"]);
        assert_eq!(java_order(&keys), vec![2, 1, 0]);
    }

    #[test]
    fn capacity_grows_past_three_quarters() {
        assert_eq!(capacity_for(12), 16);
        assert_eq!(capacity_for(13), 32);
        assert_eq!(capacity_for(25), 64);
    }
}
