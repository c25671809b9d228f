#!/usr/bin/env python3
"""Measures a group-coordinator failover with many groups (a measurement, not a test).

Three brokers, `__consumer_offsets` with 50 partitions and replication factor 3. N groups (default
10,000) each get one committed offset (a raw OffsetCommit v2 with generation -1: a standalone commit,
pipelined per coordinator). The group names are picked so that a share of them (default 0.9) is
coordinated by one broker, the victim: the broker leading the most offsets partitions. The victim is
SIGKILLed and two times are taken from the kill:

- leaders: until metadata names a live leader for every offsets partition the dead broker led;
- served: until an OffsetFetch of every group, sent to its group's current coordinator, returns the
  committed offset (the new coordinators answer COORDINATOR_LOAD_IN_PROGRESS / NOT_COORDINATOR until
  they have loaded their partitions).

    TRIBUTARY_BIN=.build/release/tributary python3 Tests/integration/measure_coordinator_failover.py \
        --groups 10000 --victim-share 0.9 --runs 1
"""

from __future__ import annotations

import argparse
import signal
import socket
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import Cluster, measurement_zookeeper, wait_for  # noqa: E402
from test_groups import QUIET, Reader, create_topic, kstring, offsets_partition  # noqa: E402
from confluent_kafka.admin import AdminClient  # noqa: E402

OFFSETS_PARTITIONS = 50
PIPELINE = 500


class PipelinedConnection:
    """Sends a batch of requests back to back, then reads their responses in order (Kafka answers a
    connection's requests in the order they came)."""

    def __init__(self, address: str):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        self.correlation = 0

    def batch(self, api_key: int, version: int, bodies: list[bytes]) -> list[Reader]:
        frames, first = [], self.correlation + 1
        for body in bodies:
            self.correlation += 1
            frame = struct.pack(">hhi", api_key, version, self.correlation) + kstring("measure") + body
            frames.append(struct.pack(">i", len(frame)) + frame)
        self.sock.sendall(b"".join(frames))
        readers = []
        for expected in range(first, self.correlation + 1):
            size = struct.unpack(">i", self._read(4))[0]
            response = self._read(size)
            assert struct.unpack(">i", response[:4])[0] == expected
            readers.append(Reader(response[4:]))
        return readers

    def _read(self, count: int) -> bytes:
        chunks, have = [], 0
        while have < count:
            chunk = self.sock.recv(min(count - have, 1 << 20))
            if not chunk:
                raise ConnectionError("connection closed")
            chunks.append(chunk)
            have += len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.sock.close()


def commit_body(group: str, topic: str, offset: int) -> bytes:
    """OffsetCommit v2, generation -1, no member: one partition (0) of `topic`."""
    return (kstring(group) + struct.pack(">i", -1) + kstring("") + struct.pack(">q", -1)
            + struct.pack(">i", 1) + kstring(topic) + struct.pack(">i", 1)
            + struct.pack(">iq", 0, offset) + kstring(""))


def commit_error(reader: Reader) -> int:
    reader.take(">i"), reader.string(), reader.take(">i"), reader.take(">i")
    return reader.take(">h")


def fetch_body(group: str, topic: str) -> bytes:
    """OffsetFetch v1: partition 0 of `topic` (v1 reports group errors in the partition)."""
    return kstring(group) + struct.pack(">i", 1) + kstring(topic) + struct.pack(">i", 1) + struct.pack(">i", 0)


def fetch_result(reader: Reader) -> tuple[int, int]:
    """(error, committed offset)."""
    reader.take(">i"), reader.string(), reader.take(">i"), reader.take(">i")
    offset = reader.take(">q")
    reader.string()
    return reader.take(">h"), offset


def offsets_leaders(admin: AdminClient) -> dict[int, int]:
    metadata = admin.list_topics("__consumer_offsets", timeout=10).topics["__consumer_offsets"]
    return {index: partition.leader for index, partition in metadata.partitions.items()}


def group_offset(index: int) -> int:
    return 1000 + index


def pick_groups(leaders: dict[int, int], victim: int, count: int, share: float, run: int) -> list[str]:
    """`count` group names, `share` of them coordinated by `victim`, the rest by the other brokers."""
    on_victim, elsewhere = round(count * share), count - round(count * share)
    groups, n = [], 0
    while on_victim or elsewhere:
        name = f"measure-{run}-group-{n:06d}"
        n += 1
        if leaders[offsets_partition(name, OFFSETS_PARTITIONS)] == victim:
            if on_victim:
                groups.append(name)
                on_victim -= 1
        elif elsewhere:
            groups.append(name)
            elsewhere -= 1
    return groups


def run_once(cluster: Cluster, count: int, share: float, run: int) -> tuple[float, float]:
    topic = f"measured-{run}"
    create_topic(cluster, topic, 1, replication=3)
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    leaders = offsets_leaders(admin)
    victim = max(cluster.brokers, key=lambda b: sum(1 for leader in leaders.values() if leader == b))
    groups = pick_groups(leaders, victim, count, share, run)
    group_partition = [offsets_partition(group, OFFSETS_PARTITIONS) for group in groups]

    # Commit every group's offset through its coordinator, retrying groups whose coordinator was not ready.
    pending = list(range(len(groups)))
    deadline = time.monotonic() + 300
    commit_started = time.monotonic()
    while pending:
        assert time.monotonic() < deadline, f"{len(pending)} groups could not commit"
        leaders = offsets_leaders(admin)
        by_leader: dict[int, list[int]] = {}
        for index in pending:
            by_leader.setdefault(leaders.get(group_partition[index], -1), []).append(index)
        pending = by_leader.pop(-1, [])
        for leader, indexes in by_leader.items():
            connection = PipelinedConnection(cluster.brokers[leader].address)
            for start in range(0, len(indexes), PIPELINE):
                chunk = indexes[start:start + PIPELINE]
                replies = connection.batch(8, 2, [commit_body(groups[i], topic, group_offset(i)) for i in chunk])
                pending += [i for i, reply in zip(chunk, replies) if commit_error(reply) != 0]
            connection.close()
        if pending:
            time.sleep(0.2)
    print(f"run {run}: committed {len(groups)} groups in {time.monotonic() - commit_started:.1f} s", flush=True)

    leaders = offsets_leaders(admin)
    load = {broker: sum(1 for p in group_partition if leaders[p] == broker) for broker in cluster.brokers}
    moved = [p for p, leader in leaders.items() if leader == victim]
    print(f"run {run}: groups per coordinator {load}; SIGKILL broker {victim} "
          f"({load[victim]} groups, {len(moved)} offsets partitions)", flush=True)

    killed_at = time.monotonic()
    cluster.kill(victim, signal.SIGKILL)
    survivors = [b for b in cluster.brokers if b != victim]
    admin = AdminClient({"bootstrap.servers": ",".join(cluster.brokers[b].address for b in survivors), **QUIET})

    leaders_at = None
    unserved = set(range(len(groups)))
    connections: dict[int, PipelinedConnection] = {}
    while unserved:
        assert time.monotonic() - killed_at < 600, f"{len(unserved)} groups unserved after 600 s"
        try:
            leaders = offsets_leaders(admin)
        except Exception:  # noqa: BLE001 - metadata while the cluster settles
            time.sleep(0.05)
            continue
        if leaders_at is None and all(leaders[p] not in (-1, victim) for p in moved):
            leaders_at = time.monotonic() - killed_at
        by_leader: dict[int, list[int]] = {}
        for index in unserved:
            leader = leaders.get(group_partition[index], -1)
            if leader not in (-1, victim):
                by_leader.setdefault(leader, []).append(index)
        for leader, indexes in by_leader.items():
            if leader not in connections:
                connections[leader] = PipelinedConnection(cluster.brokers[leader].address)
            for start in range(0, len(indexes), PIPELINE):
                chunk = indexes[start:start + PIPELINE]
                replies = connections[leader].batch(9, 1, [fetch_body(groups[i], topic) for i in chunk])
                for i, reply in zip(chunk, replies):
                    error, offset = fetch_result(reply)
                    if error == 0:
                        assert offset == group_offset(i), f"{groups[i]}: offset {offset}, committed {group_offset(i)}"
                        unserved.discard(i)
        if unserved:
            time.sleep(0.02)
    served_at = time.monotonic() - killed_at
    for connection in connections.values():
        connection.close()
    print(f"run {run}: new leaders of the {len(moved)} offsets partitions after {leaders_at * 1000:.0f} ms; "
          f"all {len(groups)} groups' offsets served after {served_at * 1000:.0f} ms", flush=True)
    cluster.restart(victim)
    return leaders_at, served_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=10_000)
    parser.add_argument("--victim-share", type=float, default=0.9,
                        help="share of the groups coordinated by the killed broker")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the work directory (logs)")
    args = parser.parse_args()

    with measurement_zookeeper("tributary-coordinator-failover-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir / "cluster", broker_config={
            "offsets.topic.replication.factor": 3, "offsets.topic.num.partitions": OFFSETS_PARTITIONS,
            "default.replication.factor": 3})
        try:
            cluster.start(3)
            # The offsets topic is created by the first FindCoordinator; wait until all its partitions have leaders.
            probe = PipelinedConnection(cluster.brokers[1].address)

            def offsets_topic_ready():
                probe.batch(10, 0, [kstring("probe")])
                admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
                topic = admin.list_topics("__consumer_offsets", timeout=10).topics.get("__consumer_offsets")
                return (topic is not None and topic.error is None and len(topic.partitions) == OFFSETS_PARTITIONS
                        and all(p.leader >= 0 and len(p.isrs) == 3 for p in topic.partitions.values()))
            wait_for(offsets_topic_ready, 120, "__consumer_offsets with leaders and full ISRs", interval=0.5)
            probe.close()
            for run in range(1, args.runs + 1):
                run_once(cluster, args.groups, args.victim_share, run)
            return 0
        finally:
            cluster.close()


if __name__ == "__main__":
    sys.exit(main())
