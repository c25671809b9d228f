#!/usr/bin/env python3
"""Measures how long moving one partition takes with and without a replication throttle, and how
closely the throttle holds its rate (a measurement, not a test).

Starts a private ZooKeeper and two brokers, fills one partition on broker 1 with --megabytes of
incompressible records, moves it to broker 2 without a throttle, then back to broker 1 with
`tributary reassign execute --throttle RATE`. Each move is timed from `execute` until the controller
finished it (the topic znode names only the target, no adding replicas). While the throttled move runs
the new replica's log size is sampled; the achieved rate is the slope between 10% and 90% of the copy.

    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_reassign.py \
        --megabytes 1024 --rate 50000000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from confluent_kafka import Producer  # noqa: E402

from harness import Cluster, measurement_zookeeper, run_tributary, wait_for  # noqa: E402

TOPIC = "measure-reassign"


def log_bytes(cluster: Cluster, broker: int) -> int:
    directory = cluster.brokers[broker].data_dir / f"{TOPIC}-0"
    return sum(f.stat().st_size for f in directory.glob("*.log")) if directory.is_dir() else 0


def fill(cluster: Cluster, total: int) -> None:
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "1", "linger.ms": 20,
                         "batch.size": 1_000_000, "queue.buffering.max.kbytes": 512 * 1024, "log_level": 3})
    value = os.urandom(10_000)
    for index in range(total // 10_000):
        # Distinct values so nothing in the path can deduplicate; still incompressible.
        payload = index.to_bytes(8, "big") + value[8:]
        while True:
            try:
                producer.produce(TOPIC, value=payload, partition=0)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    assert producer.flush(300) == 0


def move(cluster: Cluster, workdir: Path, target: int, throttle: int | None) -> tuple[float, list[tuple[float, int]]]:
    plan = workdir / f"plan-{target}.json"
    plan.write_text(json.dumps({"version": 1, "partitions": [
        {"topic": TOPIC, "partition": 0, "replicas": [target]}]}))
    extra = ["--throttle", str(throttle)] if throttle else []
    started = time.monotonic()
    result = run_tributary("reassign", "execute", "--reassignment-json-file", str(plan), *extra,
                           "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    samples: list[tuple[float, int]] = []
    while True:
        now = time.monotonic()
        samples.append((now - started, log_bytes(cluster, target)))
        znode = cluster.read_json(f"/brokers/topics/{TOPIC}")
        if znode["partitions"]["0"] == [target] and not znode.get("adding_replicas"):
            break
        time.sleep(0.1)
    elapsed = time.monotonic() - started
    verify = run_tributary("reassign", "verify", "--reassignment-json-file", str(plan),
                           "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    return elapsed, samples


def slope(samples: list[tuple[float, int]], size: int) -> float:
    """Bytes/s between the samples at 10% and 90% of `size` (NaN when one sample covers both: too fast to
    sample every 0.1 s)."""
    low = next(s for s in samples if s[1] >= 0.1 * size)
    high = next(s for s in samples if s[1] >= 0.9 * size)
    return (high[1] - low[1]) / (high[0] - low[0]) if high[0] > low[0] else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=1024, help="partition size (MB of record values)")
    parser.add_argument("--rate", type=int, default=50_000_000, help="throttle, bytes/s")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()

    with measurement_zookeeper("tributary-measure-reassign-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir / "cluster")
        try:
            cluster.start(2)
            cluster.wait_controller(30)
            wait_for(lambda: run_tributary("topics", "create", TOPIC, "--replica-assignment", "1",
                                           "--bootstrap-server", cluster.bootstrap).returncode == 0,
                     30, "topic created", interval=0.5)
            wait_for(lambda: cluster.read_json(f"/brokers/topics/{TOPIC}/partitions/0/state"), 30, "leader")
            started = time.monotonic()
            fill(cluster, args.megabytes * 1_000_000)
            size = log_bytes(cluster, 1)
            print(f"partition: {size} bytes of log ({args.megabytes} MB of values), "
                  f"produced in {time.monotonic() - started:.1f}s")

            unthrottled, samples = move(cluster, workdir, 2, None)
            print(f"move 1 -> 2 without throttle: {unthrottled:.2f}s, {size / unthrottled / 1e6:.1f} MB/s overall, "
                  f"{slope(samples, size) / 1e6:.1f} MB/s from 10% to 90%")
            throttled, samples = move(cluster, workdir, 1, args.rate)
            achieved = slope(samples, size)
            print(f"move 2 -> 1 with --throttle {args.rate}: {throttled:.2f}s "
                  f"(size/rate = {size / args.rate:.2f}s), {size / throttled / 1e6:.2f} MB/s overall, "
                  f"{achieved / 1e6:.2f} MB/s from 10% to 90%: {100 * achieved / args.rate:.1f}% of the rate")
            return 0
        finally:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
