#!/usr/bin/env python3
"""Runs the programs `groupscope-cli code --lang python` writes on a real client (confluent-kafka,
whose wheel bundles librdkafka) against librdkafka's mock cluster, and compares each outcome with
the engine's run of the same scenario.

    tests/realclient/run.py PYTHON CLI SCENARIO.json...

PYTHON is an interpreter with confluent-kafka installed (make test-realclient makes one in
.venv-realclient), CLI the groupscope-cli binary. The mock cluster is started here through
librdkafka's C API (ctypes), and every client of the program connects to it.

What is compared: the outcome, not the timing. The mock's group coordinator is simplified (a
fixed join phase, no rebalance timeout, commits refused during a join), and real processes start
in tens of milliseconds, so the check is that the program ends with the engine's final
assignment sizes among the consumers still running, that records were produced and processed,
and that the program exits 0.
"""
import ctypes
import glob
import json
import os
import subprocess
import sys
import tempfile


def mock_cluster(python, scenario):
    """A fresh librdkafka mock cluster in this process with the scenario's brokers and topics
    (the mock answers no CreateTopics): (keep-alive handles, bootstrap servers)."""
    site = subprocess.run([python, "-c", "import confluent_kafka, os; print(os.path.dirname(confluent_kafka.__file__))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    libs = glob.glob(os.path.join(site + ".libs", "librdkafka*.so*")) or glob.glob(os.path.join(site, "**", "librdkafka*.so*"), recursive=True)
    if not libs:
        sys.exit(f"realclient: no librdkafka in {site}")
    lib = ctypes.CDLL(libs[0])
    lib.rd_kafka_conf_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.restype = ctypes.c_void_p
    lib.rd_kafka_new.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t]
    lib.rd_kafka_mock_cluster_new.restype = ctypes.c_void_p
    lib.rd_kafka_mock_cluster_new.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.rd_kafka_mock_cluster_bootstraps.restype = ctypes.c_char_p
    lib.rd_kafka_mock_cluster_bootstraps.argtypes = [ctypes.c_void_p]
    lib.rd_kafka_mock_group_initial_rebalance_delay_ms.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.rd_kafka_conf_set.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_size_t]
    errstr = ctypes.create_string_buffer(512)
    conf = lib.rd_kafka_conf_new()
    # The handle only carries the mock cluster: no notice that it has no bootstrap servers.
    lib.rd_kafka_conf_set(conf, b"log_level", b"3", errstr, 512)
    handle = lib.rd_kafka_new(0, conf, errstr, 512)  # RD_KAFKA_PRODUCER
    if not handle:
        sys.exit(f"realclient: rd_kafka_new: {errstr.value.decode()}")
    lib.rd_kafka_mock_topic_create.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    cluster = lib.rd_kafka_mock_cluster_new(handle, scenario.get("brokers", 1))
    # Kafka's broker default (group.initial.rebalance.delay.ms), as the engine has it.
    lib.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 3000)
    for topic in scenario["topics"]:
        rf = min(topic.get("replication_factor", 1), scenario.get("brokers", 1))
        if lib.rd_kafka_mock_topic_create(cluster, topic["name"].encode(), topic["partitions"], rf) != 0:
            sys.exit(f"realclient: the mock cluster did not create topic {topic['name']}")
    return (lib, handle, cluster), lib.rd_kafka_mock_cluster_bootstraps(cluster).decode()


def engine_outcome(cli, scenario):
    """The engine's final assignment sizes per group, and its duplicates in all."""
    report = json.loads(subprocess.run([cli, "run", scenario], capture_output=True, text=True, check=True).stdout)
    sizes = {}
    for group, g in report["groups"].items():
        last = g["rebalances"][-1]["assignment"] if g["rebalances"] else {}
        sizes[group] = sorted(len(parts) for parts in last.values())
    return sizes, sum(g["duplicates"] for g in report["groups"].values())


def program_outcome(lines):
    """What the program's JSON lines say: each running consumer's partitions at the end."""
    owned, groups, gone, processed, produced = {}, {}, set(), {}, 0
    seen = {}  # "topic-p" -> offset -> times processed
    ended = False
    for line in lines:
        event = line.get("event")
        consumer = line.get("consumer")
        # After the scenario's end the program only shuts down: ownership stays as it was.
        ended = ended or event == "scenario_end"
        if ended and event not in ("processed", "produced"):
            continue
        if event == "started":
            groups[consumer] = line["group"]
            gone.discard(consumer)
            owned[consumer] = []
        elif event in ("assigned", "revoked", "lost"):
            owned[consumer] = line["owned"]
        elif event in ("closed", "crashed"):
            gone.add(consumer)
        elif event == "processed":
            # A running count per consumer process (a restarted consumer counts from 0 again).
            processed[consumer] = line["count"]
            for tp, runs in line.get("offsets", {}).items():
                for first, last in runs:
                    for offset in range(first, last + 1):
                        seen.setdefault(tp, {})[offset] = seen.get(tp, {}).get(offset, 0) + 1
        elif event == "produced":
            produced += line["acked"]
    sizes = {}
    for consumer, parts in owned.items():
        if consumer not in gone:
            sizes.setdefault(groups[consumer], []).append(len(parts))
    duplicates = sum(n - 1 for offsets in seen.values() for n in offsets.values())
    return {g: sorted(s) for g, s in sizes.items()}, produced, sum(processed.values()), duplicates


def main():
    python, cli, scenarios = sys.argv[1], sys.argv[2], sys.argv[3:]
    failures = 0
    clusters = []  # kept alive until the end (a destroyed mock would take its threads mid-run)
    for scenario in scenarios:
        keep, bootstrap = mock_cluster(python, json.load(open(scenario)))
        clusters.append(keep)
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as program:
            program.write(subprocess.run([cli, "code", "--lang", "python", scenario], capture_output=True, text=True, check=True).stdout)
        duration_s = json.load(open(scenario))["duration_ms"] / 1000
        run = subprocess.run([python, program.name, "--bootstrap", bootstrap], capture_output=True, text=True, timeout=duration_s + 120)
        lines = [json.loads(l) for l in run.stdout.splitlines() if l.startswith("{")]
        sizes, produced, processed, duplicates = program_outcome(lines)
        want, engine_duplicates = engine_outcome(cli, scenario)
        # Where the engine predicts duplicates (a crash before the next auto-commit), the real
        # run has them too. Where it predicts none, the real count is only reported: the mock
        # refuses commits during a join, so a real run may process again what the engine's
        # coordinator let a member commit.
        ok = run.returncode == 0 and sizes == want and produced > 0 and processed > 0 and (engine_duplicates == 0 or duplicates > 0)
        print(f"realclient {os.path.basename(scenario)}: exit {run.returncode}, final assignment sizes {sizes} (engine {want}), "
              f"records acknowledged {produced}, processed {processed}, duplicates {duplicates} (engine {engine_duplicates}): "
              f"{'ok' if ok else 'FAILED'}")
        if not ok:
            failures += 1
            sys.stdout.write(run.stdout[-6000:] + run.stderr[-4000:])
        os.unlink(program.name)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
