//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is generic over the element and the comparison, so every call site with its
//! own closure gets its own copy of the whole driftsort (quicksort, merges, small-sort
//! networks): the browser bundle carried 57 of them, about 240 KB of code before wasm-opt.
//! Here only a short insertion sort and a permutation step are generic; a longer slice is
//! sorted as a list of indices by one non-generic function through a `dyn` comparison. All of
//! these sorts are stable, so the result is exactly that of `slice::sort_by`: equal elements
//! keep their order, and every platform gets the same order.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Slices up to this length are insertion-sorted in place (no allocation).
const INSERTION_MAX_LEN: usize = 20;

/// Stable sort in ascending order, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp)
}

/// Stable sort by a key, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// Stable sort with a comparison, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let len = v.len();
    if len <= INSERTION_MAX_LEN {
        for i in 1..len {
            let mut j = i;
            while j > 0 && compare(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..len).collect();
    sort_indices(&mut order, &mut |a, b| compare(&v[a], &v[b]));
    permute(v, &mut order);
}

/// The one instance of the standard sort: indices ordered by `compare` on them.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one call clippy.toml leaves to this module
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Rearranges `v` so that its element `i` is the old element `order[i]`, following each cycle
/// of the permutation with swaps; `order` is used up (each visited entry is marked as done).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    debug_assert_eq!(v.len(), order.len());
    for start in 0..v.len() {
        let mut at = start;
        // Bounded: each pass marks one entry done, and there are v.len() of them.
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// `collect()` into a `BTreeMap` or `BTreeSet` by inserting one item at a time. The standard
/// `FromIterator` for these sorts the items first, and its sort is generic over the iterator
/// type, so each `collect()` call site carried its own copy of the sort (about 60 in the
/// bundle). Same result: a later entry with an equal key replaces the earlier value.
pub trait CollectTree: Iterator + Sized {
    fn collect_tree<C: FromIterInserting<Self::Item>>(self) -> C {
        C::from_inserting(self)
    }
}

impl<I: Iterator> CollectTree for I {}

pub trait FromIterInserting<A> {
    fn from_inserting(iter: impl Iterator<Item = A>) -> Self;
}

impl<K: Ord, V> FromIterInserting<(K, V)> for BTreeMap<K, V> {
    fn from_inserting(iter: impl Iterator<Item = (K, V)>) -> Self {
        let mut map = BTreeMap::new();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

impl<T: Ord> FromIterInserting<T> for BTreeSet<T> {
    fn from_inserting(iter: impl Iterator<Item = T>) -> Self {
        let mut set = BTreeSet::new();
        for item in iter {
            set.insert(item);
        }
        set
    }
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // checked against the standard sort on purpose
mod tests {
    use super::*;
    use crate::model::rng::Rng;

    #[test]
    fn matches_the_standard_stable_sort_on_random_slices() {
        let mut rng = Rng::new(7);
        for round in 0..400u64 {
            let len = (rng.next_u64() % 90) as usize;
            let keys = 1 + rng.next_u64() % 12;
            // (key, original position): equal keys must keep their order.
            let v: Vec<(u64, usize)> = (0..len).map(|i| (rng.next_u64() % keys, i)).collect();
            let mut expected = v.clone();
            expected.sort_by_key(|x| x.0);
            let mut got = v.clone();
            sort_by_key(&mut got, |x| x.0);
            assert_eq!(got, expected, "round {round}");
            let mut got = v.clone();
            sort_by(&mut got, |a, b| b.0.cmp(&a.0));
            let mut expected = v;
            expected.sort_by_key(|b| std::cmp::Reverse(b.0));
            assert_eq!(got, expected, "round {round}, descending");
        }
        let pairs = [(3, "c"), (1, "a"), (3, "C"), (2, "b")];
        let map: BTreeMap<i32, &str> = pairs.iter().copied().collect_tree();
        assert_eq!(map, pairs.iter().copied().collect::<BTreeMap<_, _>>());
        let set: BTreeSet<i32> = pairs.iter().map(|p| p.0).collect_tree();
        assert_eq!(set, pairs.iter().map(|p| p.0).collect::<BTreeSet<_>>());
        let mut words = vec!["b".to_string(), "a".to_string(), "c".to_string()];
        sort(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
    }
}
