#!/usr/bin/env python3
"""SIGKILL soak of the log cleaner (not part of CI; Tests/integration/test_compaction.py runs five rounds).

    swift build -c release --product tributary
    python3 scripts/soak-compaction.py [--rounds 100] [--keys 400] [--rate 2000000] [--seed N] [--keep]

One broker, one compacted topic, a throttled cleaner. Each round overwrites every key, SIGKILLs the broker at a
random moment of cleaning (building the offset map, copying a group, swapping it in, or idle), restarts it, and
checks that the log reads in offset order with every key's last acknowledged value. Prints, per round, the
cleaner's temporary files the kill left and how many swaps completed; exits non-zero at the first loss.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "integration"))

from harness import Cluster, measurement_zookeeper  # noqa: E402
from test_compaction import CLEANER, create_topic, kill_during_cleaning_round, unique  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--keys", type=int, default=400)
    parser.add_argument("--rate", type=int, default=2_000_000, help="log.cleaner.io.max.bytes.per.second")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true", help="keep the work directory and broker logs")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    print(f"seed {args.seed}")
    with measurement_zookeeper("tributary-soak-compaction-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir, broker_config={**CLEANER, "log.cleaner.io.max.bytes.per.second": args.rate})
        try:
            cluster.start(1)
            topic = unique("soak")
            create_topic(cluster, topic, {"cleanup.policy": "compact", "segment.bytes": str(256 * 1024),
                                          "min.cleanable.dirty.ratio": "0.01"})
            latest: dict[str, bytes] = {}
            with_files = 0
            for round_ in range(args.rounds):
                swaps_before = cluster.brokers[1].stderr().count("Swapped in a cleaned segment")
                left = kill_during_cleaning_round(cluster, topic, latest, round_, args.keys, rng)
                swaps = cluster.brokers[1].stderr().count("Swapped in a cleaned segment") - swaps_before
                with_files += bool(left)
                print(f"round {round_ + 1}/{args.rounds}: killed leaving {left or 'nothing'}, {swaps} swap(s) "
                      f"before the kill; every key reads its last value", flush=True)
            print(f"{args.rounds} kills, {with_files} with cleaner files on disk: nothing lost")
        finally:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
