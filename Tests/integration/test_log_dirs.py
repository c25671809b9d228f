"""KIP-112 with real processes: a broker with two log directories, one of them a small tmpfs that fills
up under acks=all produce load. The full directory must go offline (and say so in `tributary log-dirs
describe`, as kafka-log-dirs.sh shows it), leadership of its partitions must move to the other
in-sync replicas, the broker must keep serving the partitions of its healthy directory, and every
acknowledged record must be there at the end."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest
from confluent_kafka import KafkaError, Producer

from harness import run_tributary, wait_for
from test_replication import (FAILOVER, QUIET, REPLICATED, consume_all, create_topic, partition_state,
                              unique_topic, wait_metadata_ready)

STORAGE_EXCEPTION = "org.apache.kafka.common.errors.KafkaStorageException"
#: Record values: a sequence number and padding, so the tmpfs fills within seconds.
PADDING = b"x" * 1000


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 4 MiB tmpfs mounted for the test, lazily unmounted at the end (the broker may still hold files)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(mount_point: Path, leave: int) -> None:
    """Takes all but `leave` bytes of the file system's free space with a filler file."""
    stats = os.statvfs(mount_point)
    free = stats.f_bavail * stats.f_frsize
    with open(mount_point / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


class NumberedProducer:
    """Idempotent acks=all producer sending numbered, padded records round-robin over the
    partitions as fast as it can keep a few hundred in flight; keeps every acknowledgement."""

    def __init__(self, bootstrap: str, topic: str, partitions: int):
        self.topic, self.partitions = topic, partitions
        self.producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                                  "linger.ms": 5, "message.timeout.ms": 300000, **QUIET})
        self.acked: list[tuple[int, int, int]] = []
        self.failed: list[tuple[int, KafkaError]] = []
        self.sent = 0
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _delivered(self, error, message):
        number = int(message.value().split(b":", 1)[0])
        with self.lock:
            if error is None:
                self.acked.append((message.partition(), message.offset(), number))
            else:
                self.failed.append((number, error))

    def _run(self):
        while not self.stop_event.is_set():
            if len(self.producer) < 200:
                self.producer.produce(self.topic, value=b"%d:" % self.sent + PADDING,
                                      partition=self.sent % self.partitions, on_delivery=self._delivered)
                self.sent += 1
            self.producer.poll(0.002)

    def start(self) -> "NumberedProducer":
        self.thread.start()
        return self

    def acked_on(self, partitions: set[int]) -> int:
        with self.lock:
            return sum(1 for partition, _, _ in self.acked if partition in partitions)

    def wait_progress(self, partitions: set[int], more: int, timeout: float, what: str) -> None:
        target = self.acked_on(partitions) + more
        wait_for(lambda: self.acked_on(partitions) >= target, timeout,
                 f"{more} more acknowledgements on partitions {sorted(partitions)} {what}")

    def finish(self, timeout: float = 120) -> None:
        self.stop_event.set()
        self.thread.join(10)
        remaining = self.producer.flush(timeout)
        assert remaining == 0, f"{remaining} records undelivered after {timeout}s"


def describe_log_dirs(cluster, *args: str) -> tuple[list[str], dict]:
    """`tributary log-dirs describe`: its two status lines and its JSON document."""
    result = run_tributary("log-dirs", "describe", "--bootstrap-server", cluster.bootstrap, *args)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 3, result.stdout
    return lines[:2], json.loads(lines[2])


def log_dirs_of(document: dict, broker_id: int) -> dict[str, dict]:
    broker = next(b for b in document["brokers"] if b["broker"] == broker_id)
    return {entry["logDir"]: entry for entry in broker["logDirs"]}


def test_a_full_log_directory_goes_offline_and_its_leaderships_move(make_cluster, small_tmpfs):
    victim, partitions = 1, 4
    cluster = make_cluster(broker_config=REPLICATED)
    healthy = cluster.workdir / "broker-1" / "data"
    cluster.add_broker(victim, config={"log.dirs": f"{healthy},{small_tmpfs}", "log.segment.bytes": 262144})
    cluster.start(3)
    wait_metadata_ready(cluster)
    topic = unique_topic("dirs")
    # Broker 1 leads every partition; its new logs alternate between its two directories.
    create_topic(cluster, topic, replica_assignment=[[1, 2, 3], [1, 3, 2]] * 2, config={"min.insync.replicas": "2"})
    on_tmpfs = {p for p in range(partitions) if (small_tmpfs / f"{topic}-{p}").is_dir()}
    on_healthy = {p for p in range(partitions) if (healthy / f"{topic}-{p}").is_dir()}
    assert on_tmpfs and on_healthy and on_tmpfs | on_healthy == set(range(partitions)), (on_tmpfs, on_healthy)

    status, document = describe_log_dirs(cluster, "--topic-list", topic)
    assert status == ["Querying brokers for log directories information",
                      "Received log directory information from brokers 1,2,3"]
    before = log_dirs_of(document, victim)
    assert before[str(small_tmpfs)]["error"] is None
    assert {entry["partition"] for entry in before[str(small_tmpfs)]["partitions"]} == \
        {f"{topic}-{p}" for p in on_tmpfs}

    producer = NumberedProducer(cluster.bootstrap, topic, partitions).start()
    try:
        producer.wait_progress(set(range(partitions)), 200, 60, "before the disk fills")
        fill(small_tmpfs, leave=256 * 1024)

        # The directory goes offline: the broker says so, names it, and tells the controller.
        def offline():
            _, described = describe_log_dirs(cluster, "--broker-list", str(victim))
            entry = log_dirs_of(described, victim)[str(small_tmpfs)]
            return entry if entry["error"] == STORAGE_EXCEPTION else None
        entry = wait_for(offline, 60, "the tmpfs log directory to show offline")
        assert entry["partitions"] == []
        cluster.brokers[victim].wait_for_log(str(small_tmpfs))

        # Leadership of its partitions moves to the other in-sync replicas, which keep it out of the ISR.
        for partition in on_tmpfs:
            wait_for(lambda: partition_state(cluster, topic, partition)["leader"] in (2, 3), FAILOVER,
                     f"partition {partition} to be led by another broker")
            state = partition_state(cluster, topic, partition)
            assert victim not in state["isr"], state
        wait_for(lambda: cluster.zk.get_children("/log_dir_event_notification") == [], 30,
                 "the controller to consume the notification")

        # The healthy directory's partitions stay with broker 1 and keep taking writes, as do the moved ones.
        assert all(partition_state(cluster, topic, p)["leader"] == victim for p in on_healthy)
        assert victim in cluster.live_ids()
        producer.wait_progress(on_healthy, 200, FAILOVER, "on the healthy directory after the failure")
        producer.wait_progress(on_tmpfs, 200, FAILOVER, "on the moved partitions")
        _, described = describe_log_dirs(cluster, "--broker-list", str(victim), "--topic-list", topic)
        assert log_dirs_of(described, victim)[str(healthy)]["error"] is None
    finally:
        producer.finish()

    assert all(partition_state(cluster, topic, p)["leader"] == victim for p in on_healthy)
    assert not producer.failed, f"delivery failures: {producer.failed[:5]}"
    records = consume_all(cluster, topic, partitions)
    where = {int(value.split(b":", 1)[0]): (p, offset) for p, read in records.items() for offset, value in read}
    missing = [(p, o, n) for p, o, n in producer.acked if where.get(n) != (p, o)]
    assert not missing, f"{len(missing)} acknowledged records lost or moved, e.g. {missing[:5]}"
    numbers = [int(value.split(b":", 1)[0]) for read in records.values() for _, value in read]
    assert len(numbers) == len(set(numbers)), "a record was written twice"
