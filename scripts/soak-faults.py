#!/usr/bin/env python3
"""Soak of the fault suite, outside CI: one three-broker cluster (each broker in its own
network namespace, with three log directories: a small tmpfs, an ext4 on a loop device and a
plain one) takes random fault rounds, built from Tests/integration/faults.py:

    broker-partition     a broker cut off from the other brokers
    zookeeper-partition  a broker cut off from ZooKeeper (shorter or longer than its session)
    disk-full            a broker's tmpfs log directory filled up, then freed and the broker restarted
    disk-failure         a broker's ext4 log directory failing (read-only or EIO), then checked,
                         mounted again and the broker restarted

Each round creates a topic (6 partitions, replication factor 3, min.insync.replicas=2), runs
an idempotent acks=all load on it, injects a fault on a random broker for a random time,
removes it, waits until the cluster is healed (every broker registered, one controller,
every ISR of every topic full), then reads the topic back. It prints per round and in total:
records acknowledged, lost, duplicated, reordered, leader epochs claimed by two brokers, and
the time from the fault's removal to a healed cluster.

Exits 1 if any acknowledged record was lost, any record duplicated or reordered, any leader
epoch claimed twice or the cluster did not heal; 2 if this machine cannot run it (needs root).

    sudo scripts/soak-faults.py --rounds 50
    TRIBUTARY_BIN=.build/release/tributary scripts/soak-faults.py --rounds 3 --seed 7 --keep
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "integration"))

from faults import (FAULT_BROKER_CONFIG, SESSION_TIMEOUT_MS, AckedLoad, BrokerPartition,  # noqa: E402
                    DiskFailure, DiskFull, Ext4Disk, NetnsCluster, Network, TmpfsDisk, ZooKeeperPartition,
                    check_records, create_topic, disks_unavailable, epoch_conflicts, heal_problems,
                    network_unavailable, unique_topic, wait_healed, wait_metadata_ready)
from harness import WaitTimeout, ZooKeeperServer, wait_for  # noqa: E402

KINDS = ("broker-partition", "zookeeper-partition", "disk-full", "disk-failure")
#: Random fault durations in seconds: network faults straddle the session timeout.
DURATIONS = {"broker-partition": (2, 15), "zookeeper-partition": (2, 15), "disk-full": (2, 10),
             "disk-failure": (2, 10)}
PARTITIONS = 6
HEAL_TIMEOUT = 90.0


def hold(seconds: float) -> None:
    """Keeps a fault for `seconds` (the round's parameter, not a condition to wait for)."""
    start = time.monotonic()
    wait_for(lambda: time.monotonic() - start >= seconds, seconds + 5, f"{seconds:.1f}s of fault", interval=0.2)


class Soak:
    def __init__(self, workdir: Path, rng: random.Random):
        self.workdir, self.rng = workdir, rng
        self.network = Network()
        self.zookeeper = self.cluster = None
        self.tmpfs: dict[int, TmpfsDisk] = {}
        self.ext4: dict[int, Ext4Disk] = {}
        try:
            self._start()
        except BaseException:
            self.close()
            raise

    def _start(self) -> None:
        workdir = self.workdir
        self.network.create()
        self.zookeeper = ZooKeeperServer(workdir / "zookeeper", host=self.network.zookeeper_address).start()
        self.cluster = NetnsCluster(self.zookeeper, workdir / "cluster", self.network,
                                    session_timeout_ms=SESSION_TIMEOUT_MS, broker_config=FAULT_BROKER_CONFIG)
        for broker_id in (1, 2, 3):
            disks = workdir / f"disks-{broker_id}"
            disks.mkdir()
            self.tmpfs[broker_id] = TmpfsDisk(disks, f"tmpfs{broker_id}", size_mib=128).mount()
            self.ext4[broker_id] = Ext4Disk(disks, f"ext4{broker_id}", size_mib=256).mount()
            plain = disks / "plain"
            plain.mkdir()
            directories = [self.tmpfs[broker_id].log_dir, self.ext4[broker_id].log_dir, plain]
            self.cluster.start_broker(broker_id, config={"log.dirs": ",".join(map(str, directories))}, wait=False)
        for broker_id in (1, 2, 3):
            self.cluster.wait_serving(broker_id)
        wait_metadata_ready(self.cluster)

    def fault(self, kind: str, target: int):
        if kind == "broker-partition":
            return BrokerPartition(self.cluster, target)
        if kind == "zookeeper-partition":
            return ZooKeeperPartition(self.cluster, target)
        if kind == "disk-full":
            return DiskFull(self.cluster, target, self.tmpfs[target])
        return DiskFailure(self.cluster, target, self.ext4[target], self.rng.choice(["read-only", "io-error"]))

    def round(self, kind: str) -> dict:
        target = self.rng.choice(sorted(self.cluster.brokers))
        low, high = DURATIONS[kind]
        duration = round(self.rng.uniform(low, high), 1)
        conflicts_before = len(epoch_conflicts(self.cluster))
        topic = unique_topic("soak")
        create_topic(self.cluster, topic, PARTITIONS, {"min.insync.replicas": "2"})
        load = AckedLoad(self.cluster.bootstrap, topic, PARTITIONS)
        result = {"kind": kind, "target": target, "duration": duration, "healed": None}
        started = time.monotonic()
        try:
            load.start().wait_progress(30, 60, "before the fault")
            fault = self.fault(kind, target)
            result["fault"] = str(fault)
            fault.inject()
            try:
                hold(duration)
            finally:
                removed = time.monotonic()
                fault.heal()
            try:
                wait_healed(self.cluster, HEAL_TIMEOUT)
                result["healed"] = time.monotonic() - removed  # a restart, when healing needs one, included
            except WaitTimeout as error:
                result["problems"] = str(error)
                return result
            load.wait_progress(30, 60, "after the fault")
            load.finish()
            check = check_records(self.cluster.bootstrap, load)
            result.update(acked=check.acked, failed=check.failed, lost=check.lost, duplicates=check.duplicates,
                          reordered=check.reordered, without_offset=check.without_offset, examples=check.examples,
                          notes=check.notes, note=fault.note)
        finally:
            load.close()
            result["conflicts"] = len(epoch_conflicts(self.cluster)) - conflicts_before
            result["seconds"] = time.monotonic() - started
        return result

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.close()
        if self.zookeeper is not None:
            self.zookeeper.stop()
        for disk in [*self.tmpfs.values(), *self.ext4.values()]:
            disk.close()
        self.network.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: printed, from the clock)")
    parser.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated subset of {', '.join(KINDS)}")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (broker logs)")
    args = parser.parse_args()
    kinds = [kind.strip() for kind in args.kinds.split(",") if kind.strip()]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown fault kinds {sorted(unknown)}")
    reasons = [network_unavailable(), disks_unavailable("tmpfs"), disks_unavailable("ext4")]
    if any(reasons):
        print(f"cannot soak here: {next(r for r in reasons if r)}", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else int(time.time())
    rng = random.Random(seed)
    print(f"soak: {args.rounds} rounds of {', '.join(kinds)}; seed {seed}", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="soak-faults-"))
    totals = {"acked": 0, "without_offset": 0, "failed": 0, "lost": 0, "duplicates": 0, "reordered": 0,
              "conflicts": 0}
    heal_times: list[float] = []
    per_kind: dict[str, int] = {}
    failed_round = None
    soak = None
    began = time.monotonic()
    try:
        soak = Soak(workdir, rng)
        for number in range(1, args.rounds + 1):
            kind = rng.choice(kinds)
            result = soak.round(kind)
            per_kind[kind] = per_kind.get(kind, 0) + 1
            for key in totals:
                totals[key] += result.get(key, 0) or 0
            if result["healed"] is None:
                print(f"round {number:3d}/{args.rounds} {result.get('fault', kind)} for {result['duration']}s: "
                      f"NOT HEALED: {result.get('problems')}", flush=True)
                failed_round = number
                break
            heal_times.append(result["healed"])
            print(f"round {number:3d}/{args.rounds} {result['fault']:<42} {result['duration']:5.1f}s  "
                  f"acked {result['acked']:6d}  failed {result['failed']:4d}  lost {result['lost']}  "
                  f"duplicates {result['duplicates']}  reordered {result['reordered']}  "
                  f"epoch conflicts {result['conflicts']}  healed in {result['healed']:5.1f}s  "
                  f"round {result['seconds']:5.1f}s" + (f"  ({result['note']})" if result.get("note") else ""),
                  flush=True)
            if result["lost"] or result["duplicates"] or result["reordered"]:
                print(f"    examples: {result['examples']}", flush=True)
            for note in result.get("notes", []):
                print(f"    {note}", flush=True)
        rounds_run = sum(per_kind.values())
        heal = (f"heal time mean {sum(heal_times) / len(heal_times):.1f}s, max {max(heal_times):.1f}s"
                if heal_times else "no heal times")
        print(f"total: {rounds_run} rounds ({', '.join(f'{k} {v}' for k, v in sorted(per_kind.items()))}) "
              f"in {time.monotonic() - began:.0f}s; acknowledged {totals['acked']} "
              f"({totals['without_offset']} without offset), failed {totals['failed']}, "
              f"lost {totals['lost']}, duplicates {totals['duplicates']}, reordered {totals['reordered']}, "
              f"leader epoch conflicts {totals['conflicts']}; {heal}", flush=True)
        if soak is not None and failed_round is None:
            remaining = heal_problems(soak.cluster)
            if remaining:
                print(f"cluster not healed at the end: {remaining}", flush=True)
                failed_round = rounds_run
    finally:
        if soak is not None:
            soak.close()
        bad = any(totals[key] for key in ("lost", "duplicates", "reordered", "conflicts")) or failed_round
        if args.keep or bad:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
