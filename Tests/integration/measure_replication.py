#!/usr/bin/env python3
"""Replication measurements for BENCHMARKS.md (a measurement, not a test).

    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_replication.py \
        produce --kperf /path/to/kperf [--count 200000] [--size 1000] [--partitions 6]
    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_replication.py \
        failover --partitions 100 1000 10000 [--replication-factor 2]

produce: one three-broker cluster; the same kperf load against a topic with replication
factor 3 (acks=all, min.insync.replicas=2) and against one with a single replica (acks=1).

failover: for each partition count, a fresh three-broker cluster and topic; SIGKILL of the
controller, then: time until a new controller is registered, the new controller's own
"failover complete" time from its log, and (on ZooKeeper's clock: the /controller znode's
ctime to the largest mtime among their state znodes) when the last partition the killed broker
led had another leader. Then a controlled shutdown (SIGTERM)
of a broker that leads partitions: time until the process exited, and whether any
partition was left without a leader.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from confluent_kafka.admin import AdminClient, NewTopic  # noqa: E402

from harness import Cluster, measurement_zookeeper, wait_for  # noqa: E402


def states(cluster: Cluster, topic: str, partitions: int, with_mtime: bool = False) -> dict[int, dict]:
    """Each partition's state znode; with_mtime adds "mtime_ms", ZooKeeper's own time of its last write."""
    pending = {p: cluster.zk.get_async(f"/brokers/topics/{topic}/partitions/{p}/state") for p in range(partitions)}
    result = {}
    for p, future in pending.items():
        try:
            data, stat = future.get(timeout=30)
            result[p] = json.loads(data.decode())
            if with_mtime:
                result[p]["mtime_ms"] = stat.mtime
        except Exception:  # noqa: BLE001 - not created yet
            pass
    return result


def ready_cluster(zookeeper, workdir: Path, config: dict) -> Cluster:
    cluster = Cluster(zookeeper, workdir, broker_config=config)
    cluster.start(3)

    def metadata_ready():
        for broker in cluster.brokers.values():
            metadata = AdminClient({"bootstrap.servers": broker.address, "log_level": 0}).list_topics(timeout=2)
            if len(metadata.brokers) != 3 or metadata.controller_id < 0:
                return False
        return True
    wait_for(metadata_ready, 60, "brokers to know each other")
    return cluster


def create(cluster: Cluster, topic: str, partitions: int, rf: int, config: dict | None = None,
           timeout: float = 600) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, "log_level": 0})
    admin.create_topics([NewTopic(topic, partitions, rf, config=config or {})],
                        operation_timeout=timeout)[topic].result(timeout)
    wait_for(lambda: len([s for s in states(cluster, topic, partitions).values() if s["leader"] >= 0]) == partitions
             and all(len(s["isr"]) == rf for s in states(cluster, topic, partitions).values()),
             timeout, f"{partitions} partitions led with full ISRs", interval=0.5)


def kperf(binary: str, cluster: Cluster, topic: str, acks: str, count: int, size: int, label: str,
          rate: int = 0) -> str:
    result = subprocess.run([binary, "produce", "--bootstrap", cluster.bootstrap, "--topic", topic,
                             "--count", str(count), "--size", str(size), "--acks", acks,
                             "--linger-ms", "5", "--timeout-s", "300", "--label", label,
                             *(["--rate", str(rate)] if rate else [])],
                            capture_output=True, text=True, timeout=400)
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"kperf failed ({result.returncode}): {result.stdout[-2000:]} {result.stderr[-2000:]}")
    return lines[-1]


def measure_produce(args, zookeeper, workdir: Path) -> None:
    cluster = ready_cluster(zookeeper, workdir / "produce", {"default.replication.factor": 1})
    try:
        create(cluster, "rf3", args.partitions, 3, {"min.insync.replicas": "2"})
        create(cluster, "rf1", args.partitions, 1)
        for _ in range(args.rounds):
            print(kperf(args.kperf, cluster, "rf3", "all", args.count, args.size, "rf3-acks-all"), flush=True)
            print(kperf(args.kperf, cluster, "rf1", "1", args.count, args.size, "rf1-acks-1"), flush=True)
        if args.rate:
            # Latency below saturation: a fixed offered rate.
            count = args.rate * 10
            print(kperf(args.kperf, cluster, "rf3", "all", count, args.size, "rf3-acks-all-rated", args.rate), flush=True)
            print(kperf(args.kperf, cluster, "rf1", "1", count, args.size, "rf1-acks-1-rated", args.rate), flush=True)
    finally:
        cluster.close()


def measure_failover(args, zookeeper, workdir: Path) -> None:
    for partitions in args.partitions:
        cluster = ready_cluster(zookeeper, workdir / f"failover-{partitions}",
                                {"replica.lag.time.max.ms": 10000, "auto.leader.rebalance.enable": "false"})
        try:
            topic = f"f{partitions}"
            started = time.monotonic()
            create(cluster, topic, partitions, args.replication_factor)
            created = time.monotonic() - started
            controller = cluster.wait_controller(30)
            before = states(cluster, topic, partitions)
            orphaned = [p for p, s in before.items() if s["leader"] == controller]

            killed = time.monotonic()
            cluster.kill(controller, signal.SIGKILL)
            new = cluster.wait_controller(120, other_than=controller)
            elected = time.monotonic()
            # Wait on the new controller's log rather than on ZooKeeper: reading 10,000 state znodes over and
            # over from here would compete with the controller for ZooKeeper and for the two cores.
            pattern = r"took=([0-9.e-]+) seconds \[Controller\] controller failover complete"
            wait_for(lambda: re.findall(pattern, cluster.brokers[new].stderr()), 120, "failover to complete",
                     interval=0.01)
            logged = time.monotonic()
            reload = re.findall(pattern, cluster.brokers[new].stderr())
            current = states(cluster, topic, partitions, with_mtime=True)
            unled = [p for p in orphaned if current[p]["leader"] in (-1, controller)]
            assert not unled, f"{len(unled)} orphans without a leader after the failover"
            # ZooKeeper's own clock: the new /controller znode's creation to the last orphan's state write.
            controller_created_ms = cluster.zk.get("/controller")[1].ctime
            last_write_ms = max(current[p]["mtime_ms"] for p in orphaned)
            print(f"RESULT failover partitions={partitions} rf={args.replication_factor} "
                  f"create_s={created:.1f} orphaned={len(orphaned)} "
                  f"kill_to_new_controller_ms={(elected - killed) * 1000:.0f} "
                  f"new_controller_to_failover_logged_ms={(logged - elected) * 1000:.0f} "
                  f"zk_new_controller_to_last_orphan_write_ms={last_write_ms - controller_created_ms} "
                  f"controller_reported_failover_ms={float(reload[-1]) * 1000 if reload else float('nan'):.0f} "
                  f"session_timeout_ms={cluster.session_timeout_ms}", flush=True)

            # Controlled shutdown of a broker that leads partitions, once the killed broker is back in every ISR.
            cluster.brokers[controller].launch()
            cluster.wait_serving(controller, 120)
            wait_for(lambda: all(len(s["isr"]) == args.replication_factor
                                 for s in states(cluster, topic, partitions).values()),
                     300, "ISRs to heal", interval=0.5)
            current = states(cluster, topic, partitions)
            survivors = [b for b in cluster.live_ids()]
            victim = max(survivors, key=lambda b: sum(1 for s in current.values() if s["leader"] == b))
            led_by_victim = sum(1 for s in current.values() if s["leader"] == victim)
            leaderless = []

            started = time.monotonic()
            cluster.kill(victim, signal.SIGTERM, wait_exit=False)
            while cluster.brokers[victim].is_running():
                leaderless += [p for p, s in states(cluster, topic, partitions).items() if s["leader"] == -1]
                time.sleep(0.01)
            took = time.monotonic() - started
            after = states(cluster, topic, partitions)
            still = sum(1 for s in after.values() if s["leader"] == victim)
            print(f"RESULT controlled_shutdown partitions={partitions} led_by_broker={led_by_victim} "
                  f"exit_ms={took * 1000:.0f} exit_code={cluster.brokers[victim].process.returncode} "
                  f"leaderless_seen={len(set(leaderless))} still_led_after_exit={still}", flush=True)
        finally:
            cluster.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    produce = sub.add_parser("produce")
    produce.add_argument("--kperf", required=True)
    produce.add_argument("--count", type=int, default=200000)
    produce.add_argument("--size", type=int, default=1000)
    produce.add_argument("--partitions", type=int, default=6)
    produce.add_argument("--rounds", type=int, default=2)
    produce.add_argument("--rate", type=int, default=0, help="also run 10 s at this many records/s (latency)")
    failover = sub.add_parser("failover")
    failover.add_argument("--partitions", type=int, nargs="+", default=[100, 1000, 10000])
    failover.add_argument("--replication-factor", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()

    with measurement_zookeeper("tributary-replication-", args.keep) as (workdir, zookeeper):
        (measure_produce if args.what == "produce" else measure_failover)(args, zookeeper, workdir)
        return 0


if __name__ == "__main__":
    sys.exit(main())
