
# How it runs (the plan above is the scenario, written by `groupscope-cli code --lang python`):
#   pip install confluent-kafka
#   python3 THIS_FILE.py --bootstrap localhost:9092
# It creates the topics if they are missing, runs each producer at its rate in a thread and each
# consumer in a process of its own, takes the scenario's actions at their times, and stops at
# the scenario's end with exit status 0. It prints one JSON object a line: what each consumer
# was given and gave back, what it processed (which offsets, so duplicates show) and committed.
#
# What differs from groupscope's run of the same scenario: times (a real network, a real
# coordinator, processes that start in tens of milliseconds), member ids, and the differences
# listed in PLAN["differences"]. Compare outcomes (who owns which partitions in the end, how much
# was processed, duplicates), not timings.

import argparse
import json
import multiprocessing
import os
import signal
import sys
import threading
import time

from confluent_kafka import Consumer, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic

T0 = time.monotonic()
# Each consumer starts in a fresh interpreter: a forked copy of a process whose librdkafka
# threads are running is not safe.
SPAWN = multiprocessing.get_context("spawn")


def emit(**fields):
    """One JSON line: what happened, and when (ms since the scenario started)."""
    line = json.dumps({"t_ms": int((time.monotonic() - T0) * 1000), **fields}, sort_keys=True)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def names(partitions):
    return sorted(f"{p.topic}-{p.partition}" for p in partitions)


def ranges(offsets):
    """Sorted offsets as [first, last] runs: [3, 4, 5, 9] -> [[3, 5], [9, 9]]."""
    runs = []
    for offset in sorted(offsets):
        if runs and offset == runs[-1][1] + 1:
            runs[-1][1] = offset
        else:
            runs.append([offset, offset])
    return runs


def consumer_main(spec, bootstrap, control):
    """One consumer application: subscribe, then the poll loop its commit mode implies."""
    # The parent's clock, so every process prints times from the same start.
    global T0
    T0 = spec["t0"]
    name, mode = spec["id"], spec["commit"]
    incremental = spec["config"].get("partition.assignment.strategy") == "cooperative-sticky"
    owned = set()
    consumer = None

    def on_assign(c, partitions):
        # Eager: the whole new assignment. Cooperative: only the partitions added.
        if not incremental:
            owned.clear()
        owned.update(names(partitions))
        emit(consumer=name, event="assigned", partitions=names(partitions), owned=sorted(owned))

    def on_revoke(c, partitions):
        # Commit what was processed before the partitions go (commitSync in onPartitionsRevoked).
        if mode in ("sync", "async", "sync-per-record") and partitions:
            try:
                c.commit(asynchronous=False)
            except KafkaException as e:
                emit(consumer=name, event="commit_failed", error=e.args[0].name())
        owned.difference_update(names(partitions))
        emit(consumer=name, event="revoked", partitions=names(partitions), owned=sorted(owned))

    def on_lost(c, partitions):
        owned.difference_update(names(partitions))
        emit(consumer=name, event="lost", partitions=names(partitions), owned=sorted(owned))

    def on_commit(err, partitions):
        if err is not None:
            emit(consumer=name, event="commit_failed", error=err.name())
        else:
            emit(consumer=name, event="committed", offsets={f"{p.topic}-{p.partition}": p.offset for p in partitions if p.offset >= 0})

    conf = dict(spec["config"], **{"bootstrap.servers": bootstrap, "on_commit": on_commit})
    consumer = Consumer(conf)
    consumer.subscribe(spec["subscribe"], on_assign=on_assign, on_revoke=on_revoke, on_lost=on_lost)
    processing_s = spec["processing_ms_per_record"] / 1000
    processed, reported, stalled_until = 0, 0, None
    last_report = time.monotonic()
    fresh = {}  # partition -> offsets processed since the last report

    def report():
        # The running count, and which records: a record processed twice (by this consumer or
        # another) is a duplicate.
        emit(consumer=name, event="processed", count=processed, offsets={tp: ranges(o) for tp, o in sorted(fresh.items())})
        fresh.clear()

    while True:
        while control.poll():
            what, value = control.recv()
            if what == "close":
                consumer.close()
                report()
                emit(consumer=name, event="closed", owned=[])
                return
            if what == "stall":
                stalled_until = float("inf") if value is None else time.monotonic() + value / 1000
            elif what == "resume":
                stalled_until = None
            elif what == "processing_ms":
                processing_s = value / 1000
        now = time.monotonic()
        if processed != reported and now - last_report >= 1:
            report()
            reported, last_report = processed, now
        if stalled_until is not None and now < stalled_until:
            # A stalled application: no poll(), so no heartbeat from the poll loop either.
            time.sleep(0.01)
            continue
        stalled_until = None
        message = consumer.poll(0.1)
        if message is None:
            continue
        if message.error():
            emit(consumer=name, event="error", error=message.error().name())
            continue
        try:
            if mode == "sync-before":
                consumer.commit(message=message, asynchronous=False)
            time.sleep(processing_s)
            processed += 1
            fresh.setdefault(f"{message.topic()}-{message.partition()}", []).append(message.offset())
            if mode in ("sync", "sync-per-record"):
                consumer.commit(message=message, asynchronous=False)
            elif mode == "async":
                consumer.commit(message=message, asynchronous=True)
        except KafkaException as e:
            emit(consumer=name, event="commit_failed", error=e.args[0].name())


class ProducerApp(threading.Thread):
    """One producer application: send() at its rate, with its keys (or none), until stopped."""

    def __init__(self, spec, bootstrap):
        super().__init__(daemon=True)
        self.spec, self.rate, self.keys = spec, spec["records_per_sec"], spec["keys"]
        self.producer = Producer(dict(spec["config"], **{"bootstrap.servers": bootstrap}))
        self.sent = self.acked = self.failed = 0
        self.stopped = threading.Event()

    def delivered(self, err, _message):
        if err is None:
            self.acked += 1
        else:
            self.failed += 1

    def run(self):
        spec, n = self.spec, 0
        next_at = time.monotonic()
        while not self.stopped.is_set():
            if self.rate == 0:
                time.sleep(0.01)
                next_at = time.monotonic()
                continue
            value = f"{spec['id']}-{n}"
            value = value.ljust(spec["value_bytes"] or len(value), "\0").encode()
            key = self.keys[n % len(self.keys)] if self.keys else None
            extra = {} if spec["partition"] is None else {"partition": spec["partition"]}
            headers = list(spec["headers"].items()) or None
            try:
                self.producer.produce(spec["topic"], value=value, key=key, headers=headers, on_delivery=self.delivered, **extra)
                self.sent += 1
            except BufferError:
                self.failed += 1
            if spec["sync"]:
                self.producer.flush()
            self.producer.poll(0)
            n += 1
            next_at += 1 / self.rate
            time.sleep(max(0.0, next_at - time.monotonic()))
        self.producer.flush(10)
        emit(producer=spec["id"], event="produced", sent=self.sent, acked=self.acked, failed=self.failed)


def create_topics(bootstrap):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    topics = [NewTopic(t["name"], num_partitions=t["partitions"], replication_factor=t["replication_factor"]) for t in PLAN["topics"]]
    for topic, future in admin.create_topics(topics, request_timeout=10).items():
        try:
            future.result()
            emit(event="topic_created", topic=topic)
        except KafkaException as e:
            # TOPIC_ALREADY_EXISTS: run against the topics as they are.
            emit(event="topic_not_created", topic=topic, error=e.args[0].name())
    return admin


def main():
    parser = argparse.ArgumentParser(description=PLAN["title"])
    parser.add_argument("--bootstrap", default="localhost:9092", help="the cluster's bootstrap servers (default localhost:9092)")
    args = parser.parse_args()
    admin = create_topics(args.bootstrap)
    for note in PLAN["differences"]:
        emit(event="difference", note=note)
    global T0
    T0 = time.monotonic()
    running = {}  # consumer id -> (process, control pipe)

    def start(spec):
        parent, child = SPAWN.Pipe()
        process = SPAWN.Process(target=consumer_main, args=(dict(spec, t0=T0), args.bootstrap, child), daemon=True)
        process.start()
        running[spec["id"]] = (process, parent)
        emit(consumer=spec["id"], event="started", group=spec["group_id"])

    def stop(consumer_id, graceful):
        process, control = running.pop(consumer_id)
        if graceful:
            control.send(("close", None))
            process.join(30)
        if process.is_alive():
            # A crash: the process dies without close(); the group notices after session.timeout.ms.
            os.kill(process.pid, signal.SIGKILL)
            process.join()
            emit(consumer=consumer_id, event="crashed")

    consumers = {c["id"]: c for c in PLAN["consumers"]}
    for spec in PLAN["consumers"]:
        if spec["start_ms"] == 0:
            start(spec)
    producers = {}
    for spec in PLAN["producers"]:
        producers[spec["id"]] = ProducerApp(spec, args.bootstrap)
    for app in producers.values():
        app.start()
    restarts = []  # (at_ms, consumer spec)
    actions = sorted(PLAN["actions"] + [{"at_ms": c["start_ms"], "action": "start", "consumer": c["id"]} for c in PLAN["consumers"] if c["start_ms"] > 0], key=lambda a: a["at_ms"])
    timeline = [(a["at_ms"], a) for a in actions]
    while True:
        now_ms = (time.monotonic() - T0) * 1000
        due = [a for at, a in timeline if at <= now_ms] + [{"action": "start", "consumer": c} for at, c in restarts if at <= now_ms]
        timeline = [(at, a) for at, a in timeline if at > now_ms]
        restarts = [(at, c) for at, c in restarts if at > now_ms]
        for action in due:
            kind, target = action["action"], action.get("consumer")
            if kind == "start":
                start(consumers[target])
            elif kind in ("close", "crash") and target in running:
                stop(target, graceful=kind == "close")
            elif kind == "restart" and target in running:
                stop(target, graceful=action["graceful"])
                restarts.append((now_ms + action["down_ms"], target))
            elif kind in ("stall", "resume", "configure") and target in running:
                message = {"stall": ("stall", action.get("for_ms")), "resume": ("resume", None), "configure": ("processing_ms", action.get("processing_ms_per_record"))}[kind]
                if message[1] is not None or kind != "configure":
                    running[target][1].send(message)
            elif kind == "pause_heartbeats" and target in running:
                # A long GC pause: every thread of the process stops, the client's heartbeats too.
                pid = running[target][0].pid
                os.kill(pid, signal.SIGSTOP)
                threading.Timer(action["for_ms"] / 1000, lambda pid=pid: os.kill(pid, signal.SIGCONT)).start()
            elif kind == "add_partitions":
                for topic, future in admin.create_partitions([NewPartitions(action["topic"], action["partitions"])]).items():
                    try:
                        future.result()
                        emit(event="partitions_added", topic=topic, partitions=action["partitions"])
                    except KafkaException as e:
                        emit(event="partitions_not_added", topic=topic, error=e.args[0].name())
            elif kind == "configure_producer":
                app = producers[action["producer"]]
                if action.get("records_per_sec") is not None:
                    app.rate = action["records_per_sec"]
                if "keys" in action:
                    app.keys = action["keys"]
            else:
                emit(event="skipped", action=kind, why="not something a client program can do (see the differences)")
        if now_ms >= PLAN["duration_ms"]:
            # The scenario's end: what follows is this program shutting down.
            emit(event="scenario_end")
            break
        time.sleep(0.01)
    for app in producers.values():
        app.stopped.set()
    for app in producers.values():
        app.join(15)
    for consumer_id in list(running):
        stop(consumer_id, graceful=True)
    emit(event="end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
