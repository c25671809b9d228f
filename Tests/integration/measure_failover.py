#!/usr/bin/env python3
"""Measures controller failover time of a Tributary cluster (a measurement, not a test).

Starts a private ZooKeeper and N brokers, then repeatedly stops the current controller
and times how long until /controller names another live broker. After each run the
stopped broker is started again and the cluster settles before the next run.

    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_failover.py \
        --runs 5 --brokers 3 --session-timeout-ms 6000 [--signal TERM]

With SIGKILL the time is dominated by the ZooKeeper session timeout (the dead
controller's ephemeral /controller znode lasts until its session expires); with SIGTERM
the broker closes its session and the time is the election itself.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Cluster, measurement_zookeeper  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--brokers", type=int, default=3)
    parser.add_argument("--session-timeout-ms", type=int, default=6000)
    parser.add_argument("--signal", choices=["KILL", "TERM"], default="KILL")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()
    if args.brokers < 2:
        parser.error("failover needs at least two brokers")

    sig = signal.SIGKILL if args.signal == "KILL" else signal.SIGTERM
    with measurement_zookeeper("tributary-failover-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir / "cluster", session_timeout_ms=args.session_timeout_ms)
        timings: list[float] = []
        try:
            cluster.start(args.brokers)
            deadline = args.session_timeout_ms / 1000 + 30
            for run in range(1, args.runs + 1):
                old = cluster.wait_controller(30)
                stopped_at = time.monotonic()
                cluster.kill(old, sig)
                new = cluster.wait_controller(deadline, other_than=old,
                                              among=[i for i in cluster.brokers if i != old])
                elapsed = time.monotonic() - stopped_at
                timings.append(elapsed)
                print(f"run {run}: controller {old} -> {new} in {elapsed * 1000:.0f} ms", flush=True)
                cluster.restart(old)
            print(f"SIG{args.signal}, {args.brokers} brokers, zookeeper.session.timeout.ms="
                  f"{args.session_timeout_ms}: median {statistics.median(timings) * 1000:.0f} ms "
                  f"over {len(timings)} runs (min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f})")
            return 0
        finally:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
