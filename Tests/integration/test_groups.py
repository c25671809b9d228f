"""Consumer groups end to end with real clients and real brokers: librdkafka (confluent-kafka) and
kafka-python members sharing partitions, rebalances on join, crash and leave, committed offsets that
survive consumer restarts and coordinator failover, Kafka's error codes for bad requests, and the
`tributary groups` CLI."""

from __future__ import annotations

import json
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer
from kafka.coordinator.assignors.range import RangePartitionAssignor

from harness import _die_with_parent, run_tributary, wait_for

QUIET = {"log_level": 3}
MEMBER_SCRIPT = Path(__file__).with_name("group_member.py")
SESSION_TIMEOUT_MS = 6000


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_topic(cluster, topic: str, partitions: int, replication: int = 1) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=replication)],
                        operation_timeout=30)[topic].result(60)

    def ready():
        metadata = admin.list_topics(timeout=5).topics.get(topic)
        return (metadata is not None and metadata.error is None and len(metadata.partitions) == partitions
                and all(p.leader >= 0 for p in metadata.partitions.values()))
    wait_for(ready, 30, f"{topic} to have leaders")


def produce(cluster, topic: str, count: int, partitions: int = 1) -> None:
    """`count` records per partition, values "<partition>-<n>"."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "linger.ms": 5, **QUIET})
    failures = []
    for partition in range(partitions):
        for n in range(count):
            producer.produce(topic, value=f"{partition}-{n}".encode(), partition=partition,
                             on_delivery=lambda error, _: error and failures.append(error))
    assert producer.flush(60) == 0
    assert not failures, failures


def java_hash(text: str) -> int:
    """Java's String.hashCode (as Kafka partitions groups), as a signed 32-bit int."""
    encoded = text.encode("utf-16-be")
    value = 0
    for index in range(0, len(encoded), 2):
        value = (31 * value + int.from_bytes(encoded[index:index + 2], "big")) & 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def offsets_partition(group: str, partitions: int) -> int:
    return (java_hash(group) & 0x7FFFFFFF) % partitions


# ---------------------------------------------------------------------------------------
# Members in their own processes


class Member:
    """A group member process (group_member.py) and the assignment it last reported."""

    def __init__(self, cluster, client: str, group: str, topic: str, session_ms: int = SESSION_TIMEOUT_MS):
        self.client = client
        self.process = subprocess.Popen(
            [sys.executable, str(MEMBER_SCRIPT), client, cluster.bootstrap, group, topic, str(session_ms)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True, bufsize=1,
            preexec_fn=_die_with_parent)
        cluster.extra_processes.append(self.process)
        self.lines: list[str] = []
        self.assignment: list[int] | None = None
        self._lock = threading.Lock()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            line = line.rstrip("\n")
            with self._lock:
                self.lines.append(line)
                if line.startswith("ASSIGNED "):
                    self.assignment = json.loads(line[len("ASSIGNED "):])
                elif line == "REVOKED":
                    self.assignment = None

    def current(self) -> list[int] | None:
        with self._lock:
            return None if self.assignment is None else list(self.assignment)

    def saw(self, line: str) -> bool:
        with self._lock:
            return line in self.lines

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """A clean close: the member sends LeaveGroup."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(30)


def split_evenly(members: list[Member], partitions: int) -> bool:
    """Every partition owned by exactly one member, each member owning its range share."""
    assignments = [member.current() for member in members]
    if any(a is None for a in assignments):
        return False
    owned = [p for a in assignments for p in a]
    share = partitions // len(members)
    return (sorted(owned) == list(range(partitions))
            and all(len(a) in (share, share + (1 if partitions % len(members) else 0)) for a in assignments))


def wait_split(members: list[Member], partitions: int, timeout: float, what: str) -> float:
    start = time.monotonic()
    wait_for(lambda: split_evenly(members, partitions), timeout,
             f"{what}: {partitions} partitions split over {[m.client for m in members]}; "
             f"now {[m.current() for m in members]}", interval=0.02)
    return time.monotonic() - start


@pytest.fixture
def cluster(make_cluster):
    return make_cluster(brokers=1)


def test_mixed_clients_split_partitions_and_rebalance_on_join_crash_and_leave(cluster):
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 6)
    first = Member(cluster, "confluent", group, topic)
    second = Member(cluster, "kafka-python", group, topic)
    wait_split([first, second], 6, 60, "two members")

    third = Member(cluster, "confluent", group, topic)
    wait_split([first, second, third], 6, 60, "a third member joined")
    assert all(len(m.current()) == 2 for m in (first, second, third))

    third.kill()
    killed_at = time.monotonic()
    wait_split([first, second], 6, SESSION_TIMEOUT_MS / 1000 + 15, "after SIGKILL of a member")
    elapsed = time.monotonic() - killed_at
    assert elapsed >= SESSION_TIMEOUT_MS / 1000 - 1.5, f"rebalanced after {elapsed:.1f}s, before the session ended"

    second.stop()
    assert second.saw("CLOSED")
    left_at = time.monotonic()
    wait_split([first], 6, SESSION_TIMEOUT_MS / 1000, "after a clean leave")
    assert time.monotonic() - left_at < SESSION_TIMEOUT_MS / 1000, "a clean leave must not wait for the session"
