#!/usr/bin/env python3
"""Generates tests/conformance/sticky-order.json from Kafka's own assignor classes.

Build the oracle first (needs an apache/kafka checkout at KAFKA and slf4j-api):
  mkdir -p /tmp/ko/out && javac -cp slf4j-api.jar -sourcepath <mini tree> -d /tmp/ko/out Oracle.java CoopOracle.java
where the mini tree holds, from KAFKA/clients/src/main/java: AbstractStickyAssignor,
AbstractPartitionAssignor, ConsumerPartitionAssignor, consumer/internals/Utils,
ConsumerGroupMetadata, common/{Cluster,ClusterResource,Configurable,KafkaException,Node,
PartitionInfo,TopicPartition,TopicIdPartition,Uuid}, with two stubs: common/utils/Utils
(loadClass, newInstance) and common/requests/JoinGroupRequest (two constants).
Oracle: the eager StickyAssignor, its members' previous partitions read as from user data
(grouped by topic with a java.util.HashMap, as serializeTopicPartitionAssignment writes them).
CoopOracle: CooperativeStickyAssignor, owned partitions and generation from the subscription.
Usage: generate.py CLASSPATH > tests/conformance/sticky-order.json
"""
import json, random, subprocess, sys

cp = sys.argv[1]

def oracle(cls, cases):
    lines = []
    for c in cases:
        lines.append("topics " + " ".join(f"{t}:{k}" for t, k in c["topics"].items()))
        for m in c["members"]:
            lines.append(f"m {m['member_id']} {m['generation']} {','.join(m['topics'])} {','.join(m['owned']) or '-'}")
        lines.append("end")
    out = subprocess.run(["java", "-cp", cp, cls], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True).stdout.split("\n")
    results = []
    for line in out:
        if not line.strip():
            continue
        parts = line.split(";")
        results.append(({p.split("=")[0]: [x.strip() for x in p.split("=")[1].strip("[]").split(",") if x.strip()] for p in parts[:-1]}, parts[-1] == "G"))
    return results

def random_case(rnd, n, assignor):
    names = [f"topic{i}" if rnd.random() < 0.5 else f"t{i}" for i in range(rnd.randint(2, 4))]
    counts = {t: rnd.randint(1, 5) for t in names}
    members = []
    for i in range(rnd.randint(2, 5)):
        members.append({"member_id": f"consumer{rnd.randint(0, 99)}-{i}", "group_instance_id": None,
                        "generation": rnd.choice([1, 2, 2]), "topics": rnd.sample(names, rnd.randint(1, len(names))), "owned": []})
    for tp in [f"{t}-{p}" for t in names for p in range(counts[t])]:
        if rnd.random() < 0.85:
            rnd.choice(members)["owned"].append(tp)
    for m in members:
        rnd.shuffle(m["owned"])
    subscribed = {t for m in members for t in m["topics"]}
    return {"name": f"{'S' if assignor == 'sticky' else 'C'}O{n}", "assignor": assignor,
            "topics": {t: k for t, k in counts.items() if t in subscribed}, "members": members}

def kept_order_differs(case, result):
    """A member keeps owned partitions of two topics in another order than it listed them."""
    for m in case["members"]:
        kept = [tp for tp in result[m["member_id"]] if tp in m["owned"]]
        given = [tp for tp in m["owned"] if tp in kept]
        if kept != given and len({tp.rsplit("-", 1)[0] for tp in kept}) > 1:
            return True
    return False

def loses_partitions(case, result):
    return any(any(tp not in result[m["member_id"]] for tp in m["owned"]) for m in case["members"])

out = []
rnd = random.Random(18)
n = 0
while len([c for c in out if c["case"]["assignor"] == "sticky"]) < 6:
    case = random_case(rnd, n, "sticky"); n += 1
    (result, general), = oracle("Oracle", [case])
    if general and kept_order_differs(case, result) and loses_partitions(case, result):
        out.append({"case": case, "rounds": [{"assignment": result, "general_path": True}]})
while len([c for c in out if c["case"]["assignor"] == "cooperative-sticky"]) < 4:
    case = random_case(rnd, n, "cooperative-sticky"); n += 1
    rounds, current = [], json.loads(json.dumps(case))
    for _ in range(5):
        (result, general), = oracle("CoopOracle", [current])
        rounds.append({"assignment": result, "general_path": general})
        lost = loses_partitions(current, result)
        for m in current["members"]:
            m["owned"] = result[m["member_id"]]
            m["generation"] = max(m["generation"], 0) + 1
        if not lost:
            break
    if rounds[0]["general_path"] and loses_partitions(case, rounds[0]["assignment"]) and len({t for m in case["members"] for t in m["topics"]}) > 1 and len(rounds) > 1:
        out.append({"case": case, "rounds": rounds})
about = ("Sticky list order after churn (issue 18): general-path cases whose members own partitions of several "
         "topics and lose some. Expected rounds come from Kafka's own classes (apache/kafka snapshot, "
         "tests/conformance/oracle/): the eager StickyAssignor reads each member's previous partitions from its "
         "user data, grouped by topic in java.util.HashMap order; CooperativeStickyAssignor reads the owned "
         "partitions as listed, rounds as in assignors.json (owned := the previous round's result, generation + 1). "
         "Compare lists in exact order.")
print(json.dumps({"about": about, "cases": out}, indent=1))
