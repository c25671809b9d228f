#!/usr/bin/env python3
"""Measures consumer-group behaviour of a Tributary cluster (a measurement, not a test).

1. Rebalance after a crash: three librdkafka members (range assignor, heartbeat.interval.ms=500)
   share a 6-partition topic; one is SIGKILLed and the time until the two survivors report owning
   all six partitions is taken. It is bounded below by the member session timeout.
2. Commit throughput: one consumer commits one partition's offset synchronously (acks=all on
   __consumer_offsets) in a loop for a few seconds; reported as commits per second.

    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_groups.py \
        --runs 3 --brokers 3 --session-timeout-ms 6000 --commit-seconds 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Cluster, measurement_zookeeper, wait_for  # noqa: E402
from test_groups import (Member, confluent_consumer, create_topic, split_evenly,  # noqa: E402
                         unique)
from confluent_kafka import TopicPartition  # noqa: E402


def measure_rebalance(cluster: Cluster, runs: int, session_ms: int, replication: int) -> list[float]:
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 6, replication=replication)
    members = [Member(cluster, "confluent", group, topic, session_ms) for _ in range(3)]
    timings = []
    for run in range(1, runs + 1):
        wait_for(lambda: split_evenly(members, 6), 60, "three members to share the topic", interval=0.01)
        victim = members.pop()
        killed_at = time.monotonic()
        victim.kill()
        wait_for(lambda: split_evenly(members, 6), session_ms / 1000 + 30, "survivors to own everything",
                 interval=0.01)
        elapsed = time.monotonic() - killed_at
        timings.append(elapsed)
        print(f"rebalance run {run}: {elapsed * 1000:.0f} ms after SIGKILL", flush=True)
        members.append(Member(cluster, "confluent", group, topic, session_ms))
    return timings


def measure_commits(cluster: Cluster, seconds: float, replication: int) -> float:
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 1, replication=replication)
    consumer = confluent_consumer(cluster, group)
    consumer.assign([TopicPartition(topic, 0)])
    consumer.commit(offsets=[TopicPartition(topic, 0, 0)], asynchronous=False)  # coordinator found, warm
    count = 0
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        count += 1
        consumer.commit(offsets=[TopicPartition(topic, 0, count)], asynchronous=False)
    elapsed = time.monotonic() - start
    assert consumer.committed([TopicPartition(topic, 0)], timeout=10)[0].offset == count
    consumer.close()
    return count / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--brokers", type=int, default=1)
    parser.add_argument("--session-timeout-ms", type=int, default=6000)
    parser.add_argument("--commit-seconds", type=float, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()

    replication = min(3, args.brokers)
    with measurement_zookeeper("tributary-groups-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir / "cluster", broker_config={
            "offsets.topic.replication.factor": replication, "offsets.topic.num.partitions": 3})
        try:
            cluster.start(args.brokers)
            timings = measure_rebalance(cluster, args.runs, args.session_timeout_ms, replication)
            print(f"rebalance after SIGKILL, session.timeout.ms={args.session_timeout_ms}, {args.brokers} brokers: "
                  f"median {statistics.median(timings) * 1000:.0f} ms over {len(timings)} runs "
                  f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f})", flush=True)
            rate = measure_commits(cluster, args.commit_seconds, replication)
            print(f"synchronous commits, one consumer, __consumer_offsets replication factor {replication}: "
                  f"{rate:.0f} commits/s", flush=True)
            return 0
        finally:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
