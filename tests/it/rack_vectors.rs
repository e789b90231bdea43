//! Rack-aware assignment (KIP-881): the expectations of Kafka's own tests
//! (`AbstractStickyAssignorTest.testRackAwareAssignmentWith*` for sticky and
//! cooperative-sticky, `RangeAssignorTest.testRackAwareAssignment*` for range), with replicas
//! placed as Kafka's test helper places them: brokers `0..n` on the given racks, replica `j` of
//! partition `p` on broker `(p + j + offset) mod n`, where `offset` counts the partitions of the
//! topics listed before it. Results are compared as Kafka's helper compares them: each member's
//! partitions as a sorted string, plus the number of partitions on a member whose rack holds
//! no replica.

use groupscope::model::assignor::rack::Racks;
use groupscope::model::assignor::{AssignorName, MemberSubscription};
use groupscope::model::nouns::TopicPartition;
use std::collections::BTreeMap;

const RACKS: [&str; 4] = ["a", "b", "c", "d"];

fn racks(n: usize) -> Vec<Option<&'static str>> {
    (0..n).map(|i| Some(RACKS[i % RACKS.len()])).collect()
}

fn no_racks(n: usize) -> Vec<Option<&'static str>> {
    vec![None; n]
}

fn parse(list: &str) -> Vec<TopicPartition> {
    list.split(", ").filter(|s| !s.is_empty()).map(|s| TopicPartition::parse(s).unwrap()).collect()
}

struct Setup<'a> {
    /// Topics in creation order, with partition counts.
    topics: &'a [(&'a str, u32)],
    replication: u32,
    brokers: Vec<Option<&'a str>>,
    consumers: Vec<Option<&'a str>>,
    subscriptions: Vec<Vec<&'a str>>,
}

impl Setup<'_> {
    fn racks(&self) -> Racks {
        let mut racks = Racks::default();
        let mut offset = 0;
        for &(topic, n) in self.topics {
            for p in 0..n {
                let replicas: Vec<String> = (0..self.replication)
                    .filter_map(|j| self.brokers[((p + j + offset) as usize) % self.brokers.len()])
                    .map(str::to_string)
                    .collect();
                racks.partitions.insert(TopicPartition::new(topic, p), replicas);
            }
            offset += n;
        }
        for (i, rack) in self.consumers.iter().enumerate() {
            if let Some(rack) = rack {
                racks.members.insert(format!("consumer{i}"), rack.to_string());
            }
        }
        racks
    }

    fn members(&self, owned: Option<&[&str]>) -> Vec<MemberSubscription> {
        (0..self.consumers.len())
            .map(|i| MemberSubscription {
                member_id: format!("consumer{i}"),
                group_instance_id: None,
                generation: -1,
                topics: self.subscriptions[i].iter().map(|t| t.to_string()).collect(),
                owned: owned.and_then(|o| o.get(i)).map(|s| parse(s)).unwrap_or_default(),
            })
            .collect()
    }

    fn rounds(&self, assignor: AssignorName, owned: Option<&[&str]>) -> Vec<Vec<String>> {
        let counts: BTreeMap<String, u32> = self.topics.iter().map(|&(t, n)| (t.to_string(), n)).collect();
        assignor
            .rounds(&counts, &self.members(owned), &self.racks())
            .into_iter()
            .map(|(assignment, _)| {
                (0..self.consumers.len())
                    .map(|i| {
                        let mut names: Vec<String> = assignment[&format!("consumer{i}")].iter().map(ToString::to_string).collect();
                        names.sort();
                        names.join(", ")
                    })
                    .collect()
            })
            .collect()
    }

    /// Partitions given to a member with a rack that holds none of their replicas.
    fn mismatches(&self, lists: &[String]) -> usize {
        let racks = self.racks();
        lists
            .iter()
            .enumerate()
            .filter_map(|(i, list)| self.consumers[i].map(|rack| (rack, list)))
            .map(|(rack, list)| parse(list).iter().filter(|tp| !racks.partitions[tp].iter().any(|r| r == rack)).count())
            .sum()
    }

    /// One assignor run (for cooperative-sticky: its first round) equals `expected`.
    fn check(&self, assignor: AssignorName, owned: Option<&[&str]>, expected: &[&str], mismatched: Option<usize>) {
        let rounds = self.rounds(assignor, owned);
        let first = &rounds[0];
        assert_eq!(first, expected, "{} with owned {owned:?}", assignor.name());
        if let Some(n) = mismatched {
            assert_eq!(self.mismatches(first), n, "{}: partitions off their member's rack", assignor.name());
        }
    }

    /// Kafka's `verifyUniformSubscription` / `verifyNonEqualSubscription`: fresh, and again
    /// with every member owning its expected partitions; both give the expected answer.
    fn check_fresh_and_stable(&self, assignor: AssignorName, expected: &[&str], mismatched: Option<usize>) {
        self.check(assignor, None, expected, mismatched);
        self.check(assignor, Some(expected), expected, mismatched);
        assert_eq!(self.rounds(assignor, Some(expected)).len(), 1, "a stable assignment needs one round");
    }
}

const T: &[(&str, u32)] = &[("t1", 6), ("t2", 7), ("t3", 2)];
const ALL: [&str; 3] = ["t1", "t2", "t3"];
const STICKY: [AssignorName; 2] = [AssignorName::Sticky, AssignorName::CooperativeSticky];

fn setup(replication: u32, brokers: Vec<Option<&'static str>>, consumers: Vec<Option<&'static str>>, subscriptions: Vec<Vec<&'static str>>) -> Setup<'static> {
    Setup {
        topics: T,
        replication,
        brokers,
        consumers,
        subscriptions,
    }
}

#[test]
fn sticky_uniform_subscription() {
    let all = || vec![ALL.to_vec(), ALL.to_vec(), ALL.to_vec()];
    let plain = ["t1-0, t1-3, t2-0, t2-3, t2-6", "t1-1, t1-4, t2-1, t2-4, t3-0", "t1-2, t1-5, t2-2, t2-5, t3-1"];
    for assignor in STICKY {
        // Rack logic off: no broker racks; no consumer racks; every partition on every rack;
        // consumer racks that hold no replica (also with one member without a rack).
        setup(3, no_racks(3), racks(3), all()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), no_racks(3), all()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), racks(3), all()).check_fresh_and_stable(assignor, &plain, Some(0));
        setup(3, racks(3), vec![Some("d"), Some("e"), Some("f")], all()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), vec![None, Some("e"), Some("f")], all()).check_fresh_and_stable(assignor, &plain, None);
        // Replication 1 and 2: aligned on racks.
        setup(1, racks(3), racks(3), all()).check_fresh_and_stable(assignor, &plain, Some(0));
        setup(2, racks(3), racks(3), all()).check_fresh_and_stable(assignor, &plain, Some(0));
        // Brokers on two racks only: every partition on both, logic off, consumer2 misaligned.
        setup(3, racks(2), racks(3), all()).check_fresh_and_stable(assignor, &plain, Some(5));
    }
    // Owned partitions off their owners' racks move to members on their racks. (Kafka's test
    // hands the eager assignor no user data, so for it the owned lists do not count.)
    let owned = ["t1-0, t1-1, t1-2, t1-3, t1-4", "t1-5, t2-0, t2-1, t2-2, t2-3", "t2-4, t2-5, t2-6, t3-0, t3-1"];
    let s = setup(1, racks(3), racks(3), all());
    s.check(AssignorName::Sticky, None, &plain, Some(0));
    // Cooperative (KAFKA-15170): a partition leaving an owner whose rack does not hold it is
    // revoked first, so the aligned answer arrives in the second round.
    let rounds = s.rounds(AssignorName::CooperativeSticky, Some(&owned));
    assert_eq!(rounds.len(), 2, "{rounds:?}");
    assert_eq!(rounds[0], ["t1-0, t1-3", "t2-1", "t2-5, t3-1"], "first round: each keeps what sits on its rack");
    assert_eq!(rounds[1], plain);
}

#[test]
fn sticky_non_equal_subscription() {
    let subs = || vec![ALL.to_vec(), ALL.to_vec(), vec!["t1", "t3"]];
    let plain = ["t1-5, t2-0, t2-2, t2-4, t2-6", "t1-3, t2-1, t2-3, t2-5, t3-0", "t1-0, t1-1, t1-2, t1-4, t3-1"];
    let rf1 = ["t1-3, t2-0, t2-2, t2-3, t2-6", "t1-4, t2-1, t2-4, t2-5, t3-0", "t1-0, t1-1, t1-2, t1-5, t3-1"];
    let rf2 = ["t1-3, t2-0, t2-2, t2-5, t2-6", "t1-0, t2-1, t2-3, t2-4, t3-0", "t1-1, t1-2, t1-4, t1-5, t3-1"];
    for assignor in STICKY {
        setup(3, no_racks(3), racks(3), subs()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), no_racks(3), subs()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), racks(3), subs()).check_fresh_and_stable(assignor, &plain, Some(0));
        setup(3, racks(3), vec![Some("d"), Some("e"), Some("f")], subs()).check_fresh_and_stable(assignor, &plain, None);
        setup(3, racks(3), vec![None, Some("e"), Some("f")], subs()).check_fresh_and_stable(assignor, &plain, None);
        // Best effort: with one replica, balance forces four partitions off their racks.
        setup(1, racks(3), racks(3), subs()).check_fresh_and_stable(assignor, &rf1, Some(4));
        setup(2, racks(3), racks(3), subs()).check_fresh_and_stable(assignor, &rf2, Some(0));
        setup(3, racks(2), racks(3), subs()).check_fresh_and_stable(assignor, &plain, Some(5));
    }
    let owned = ["t1-0, t1-1, t1-2, t1-3, t1-4", "t1-5, t2-0, t2-1, t2-2, t2-3", "t2-4, t2-5, t2-6, t3-0, t3-1"];
    let s = setup(1, racks(3), racks(3), subs());
    s.check(AssignorName::Sticky, None, &rf1, Some(4));
    let rounds = s.rounds(AssignorName::CooperativeSticky, Some(&owned));
    assert_eq!(rounds[0], ["t1-3", "t2-1", "t3-1"]);
    assert_eq!(rounds[1], rf1);
    assert_eq!(s.mismatches(&rounds[1]), 4);
    // All partitions on all racks: rack logic off, the plain sticky answer.
    let s = setup(3, racks(3), racks(3), subs());
    s.check(AssignorName::Sticky, None, &plain, Some(0));
    let rounds = s.rounds(AssignorName::CooperativeSticky, Some(&owned));
    assert_eq!(rounds[0], ["t1-2, t1-3, t1-4", "t2-0, t2-1, t2-2, t2-3", "t3-0, t3-1"]);
    assert_eq!(
        rounds[1],
        ["t1-2, t1-3, t1-4, t2-4, t2-5", "t2-0, t2-1, t2-2, t2-3, t2-6", "t1-0, t1-1, t1-5, t3-0, t3-1"]
    );
}

#[test]
fn range_vectors() {
    let range = AssignorName::Range;
    // testRackAwareAssignmentWithNonEqualSubscription
    let subs = || vec![ALL.to_vec(), ALL.to_vec(), vec!["t1", "t3"]];
    let plain = ["t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0", "t1-2, t1-3, t2-4, t2-5, t2-6, t3-1", "t1-4, t1-5"];
    setup(3, racks(3), no_racks(3), subs()).check(range, None, &plain, None);
    let rf1 = ["t1-0, t1-3, t2-0, t2-2, t2-3, t2-6", "t1-1, t1-4, t2-1, t2-4, t2-5, t3-0", "t1-2, t1-5, t3-1"];
    setup(1, racks(3), racks(3), subs()).check(range, None, &rf1, Some(2));
    let rf2 = ["t1-0, t1-2, t2-0, t2-2, t2-3, t2-5, t3-1", "t1-1, t1-3, t2-1, t2-4, t2-6, t3-0", "t1-4, t1-5"];
    setup(2, racks(3), racks(3), subs()).check(range, None, &rf2, Some(0));
    setup(3, racks(2), racks(3), subs()).check(range, None, &plain, Some(2));

    // testRackAwareAssignmentWithUniformPartitions: co-partitioning wins over racks.
    const U: &[(&str, u32)] = &[("t1", 5), ("t2", 5), ("t3", 5)];
    let uniform = |replication, brokers, subscriptions| Setup {
        topics: U,
        replication,
        brokers,
        consumers: racks(3),
        subscriptions,
    };
    let all = || vec![ALL.to_vec(), ALL.to_vec(), ALL.to_vec()];
    let plain = ["t1-0, t1-1, t2-0, t2-1, t3-0, t3-1", "t1-2, t1-3, t2-2, t2-3, t3-2, t3-3", "t1-4, t2-4, t3-4"];
    uniform(1, racks(3), all()).check(range, None, &plain, Some(10));
    uniform(2, racks(3), all()).check(range, None, &plain, Some(5));
    uniform(3, racks(2), all()).check(range, None, &plain, Some(3));

    // testRackAwareAssignmentWithUniformPartitionsNonEqualSubscription
    let expected = ["t1-0, t1-1, t2-0, t2-1, t2-4, t3-0, t3-1", "t1-2, t1-3, t2-2, t2-3, t3-2, t3-3", "t1-4, t3-4"];
    uniform(1, racks(3), subs()).check(range, None, &expected, Some(9));
    let expected = ["t1-2, t2-0, t2-1, t2-3, t3-2", "t1-0, t1-3, t2-2, t2-4, t3-0, t3-3", "t1-1, t1-4, t3-1, t3-4"];
    uniform(2, racks(3), subs()).check(range, None, &expected, Some(0));
    let expected = ["t1-0, t1-1, t2-0, t2-1, t2-2, t3-0, t3-1", "t1-2, t1-3, t2-3, t2-4, t3-2, t3-3", "t1-4, t3-4"];
    uniform(3, racks(2), subs()).check(range, None, &expected, Some(2));

    // testRackAwareAssignmentWithCoPartitioning
    const C: &[(&str, u32)] = &[("t1", 6), ("t2", 6), ("t3", 2), ("t4", 2)];
    let co = |replication, brokers, subscriptions| Setup {
        topics: C,
        replication,
        brokers,
        consumers: vec![Some("a"), Some("b"), Some("b"), Some("a")],
        subscriptions,
    };
    let pairs = || vec![vec!["t1", "t2"], vec!["t1", "t2"], vec!["t3", "t4"], vec!["t3", "t4"]];
    let plain = [
        "t1-0, t1-1, t1-2, t2-0, t2-1, t2-2",
        "t1-3, t1-4, t1-5, t2-3, t2-4, t2-5",
        "t3-0, t4-0",
        "t3-1, t4-1",
    ];
    co(3, racks(2), pairs()).check(range, None, &plain, None);
    co(2, racks(2), pairs()).check(range, None, &plain, Some(0));
    let expected = [
        "t1-0, t1-2, t1-4, t2-0, t2-2, t2-4",
        "t1-1, t1-3, t1-5, t2-1, t2-3, t2-5",
        "t3-1, t4-1",
        "t3-0, t4-0",
    ];
    co(1, racks(2), pairs()).check(range, None, &expected, Some(0));
    let four = || vec![vec!["t1", "t2", "t3", "t4"]; 4];
    let plain = [
        "t1-0, t1-1, t2-0, t2-1, t3-0, t4-0",
        "t1-2, t1-3, t2-2, t2-3, t3-1, t4-1",
        "t1-4, t2-4",
        "t1-5, t2-5",
    ];
    co(3, racks(2), four()).check(range, None, &plain, None);
    co(2, racks(2), four()).check(range, None, &plain, Some(0));
    let expected = [
        "t1-0, t1-2, t2-0, t2-2, t3-0, t4-0",
        "t1-1, t1-3, t2-1, t2-3, t3-1, t4-1",
        "t1-5, t2-5",
        "t1-4, t2-4",
    ];
    co(1, racks(2), four()).check(range, None, &expected, Some(0));
    let expected = [
        "t1-0, t1-3, t2-0, t2-3, t3-0, t4-0",
        "t1-1, t1-4, t2-1, t2-4, t3-1, t4-1",
        "t1-2, t2-2",
        "t1-5, t2-5",
    ];
    co(1, racks(3), four()).check(range, None, &expected, Some(6));
}
