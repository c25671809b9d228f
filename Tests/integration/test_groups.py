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
from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic
from kafka import KafkaConsumer
from kafka.coordinator.assignors.range import RangePartitionAssignor

from harness import WaitTimeout, _die_with_parent, run_tributary, tributary_binary, wait_for

QUIET = {"log_level": 3}
MEMBER_SCRIPT = Path(__file__).with_name("group_member.py")
SESSION_TIMEOUT_MS = 6000


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_topic(cluster, topic: str, partitions: int, replication: int = 1) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    # CreateTopics goes to the controller: wait until the brokers name one, or librdkafka parks the request.
    wait_for(lambda: admin.list_topics(timeout=5).controller_id >= 0, 30, "brokers to know the controller")
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
        # The client's own log (group protocol steps) goes to a file attached to a failing report.
        log_path = cluster.workdir / f"member-{len(cluster.extra_logs) + 1}-{client}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(MEMBER_SCRIPT), client, cluster.bootstrap, group, topic, str(session_ms)],
                stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True, bufsize=1,
                preexec_fn=_die_with_parent)
        cluster.extra_processes.append(self.process)
        cluster.extra_logs.append((f"group member {log_path.stem}", log_path))
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
    try:
        wait_for(lambda: split_evenly(members, partitions), timeout,
                 f"{what}: {partitions} partitions split over {[m.client for m in members]}", interval=0.02)
    except WaitTimeout as timeout_error:
        # What each member saw last, at the deadline (their client logs are attached to the report).
        with_lines = [(m.client, m.current(), m.lines[-5:]) for m in members]
        raise WaitTimeout(f"{timeout_error}; at the deadline: {with_lines}") from None
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


def test_partition_growth_of_a_subscribed_topic_rebalances_the_group(cluster):
    """Members learn of new partitions through metadata (refreshed every second here) and the group
    rebalances so the new partitions are owned too, split as the range assignor splits them."""
    topic, group = unique("grow"), unique("g")
    create_topic(cluster, topic, 4)
    # Two librdkafka members: kafka-python's member sometimes stops heartbeating when a metadata change makes it
    # rejoin (the broker then correctly expires it), which tests the client, not the growth; mixed clients are
    # the previous test's subject.
    members = [Member(cluster, "confluent", group, topic), Member(cluster, "confluent", group, topic)]
    wait_split(members, 4, 60, "two members")
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    admin.create_partitions([NewPartitions(topic, 6)])[topic].result(30)
    # Owning 0..5 between them, 3 each, is only possible after a rebalance that saw the new partitions.
    wait_split(members, 6, 30, "after growing the topic to 6 partitions")


def test_cooperative_sticky_members_share_partitions_incrementally(cluster):
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 6)
    config = {"partition.assignment.strategy": "cooperative-sticky", "heartbeat.interval.ms": 500}
    consumers = [confluent_consumer(cluster, group, **config)]
    consumers[0].subscribe([topic])

    first_sizes: list[int] = []

    def shared(count: int):
        for consumer in consumers:
            consumer.poll(0.05)
        owned = [sorted(tp.partition for tp in consumer.assignment()) for consumer in consumers]
        first_sizes.append(len(owned[0]))
        flat = sorted(p for partitions in owned for p in partitions)
        return owned if flat == list(range(6)) and all(len(o) == 6 // count for o in owned) else None

    wait_for(lambda: shared(1), 60, "one cooperative member to own everything")
    first_sizes.clear()
    consumers.append(confluent_consumer(cluster, group, **config))
    consumers[1].subscribe([topic])
    wait_for(lambda: shared(2), 60, "two cooperative members to share the topic")
    assert 0 not in first_sizes, "incremental rebalancing: the first member never gave up everything"
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    described = admin.describe_consumer_groups([group])[group].result(30)
    assert described.partition_assignor == "cooperative-sticky"
    assert len(described.members) == 2
    for consumer in consumers:
        consumer.close()


# ---------------------------------------------------------------------------------------
# Committed offsets


def confluent_consumer(cluster, group: str, **extra) -> Consumer:
    return Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": group, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "session.timeout.ms": SESSION_TIMEOUT_MS, **QUIET, **extra})


def confluent_take(consumer: Consumer, count: int, timeout: float = 60) -> list:
    taken = []
    deadline = time.monotonic() + timeout
    while len(taken) < count:
        assert time.monotonic() < deadline, f"consumed {len(taken)} of {count} records"
        message = consumer.poll(0.2)
        if message is not None and message.error() is None:
            taken.append(message)
    return taken


def kafka_python_take(consumer: KafkaConsumer, count: int, timeout: float = 60) -> list:
    taken = []
    deadline = time.monotonic() + timeout
    while len(taken) < count:
        assert time.monotonic() < deadline, f"consumed {len(taken)} of {count} records"
        for records in consumer.poll(timeout_ms=200, max_records=count - len(taken)).values():
            taken.extend(records)
    return taken


def test_restarted_consumers_resume_after_the_last_commit_across_clients(cluster):
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 1)
    produce(cluster, topic, 20)

    first = confluent_consumer(cluster, group)
    first.subscribe([topic])
    taken = confluent_take(first, 7)
    assert [m.offset() for m in taken] == list(range(7))
    first.commit(message=taken[-1], asynchronous=False)
    first.close()

    second = KafkaConsumer(topic, bootstrap_servers=cluster.bootstrap, group_id=group, enable_auto_commit=False,
                           auto_offset_reset="earliest", session_timeout_ms=SESSION_TIMEOUT_MS)
    resumed = kafka_python_take(second, 5)
    assert [r.offset for r in resumed] == list(range(7, 12)), "kafka-python must resume after librdkafka's commit"
    second.commit()
    second.close()

    third = confluent_consumer(cluster, group)
    third.subscribe([topic])
    assert [m.offset() for m in confluent_take(third, 3)] == [12, 13, 14]
    committed = third.committed([TopicPartition(topic, 0)], timeout=10)
    assert committed[0].offset == 12
    third.close()


def test_two_groups_read_the_same_topic_independently(cluster):
    topic = unique("t")
    create_topic(cluster, topic, 3)
    produce(cluster, topic, 10, partitions=3)
    first, second = unique("g"), unique("g")

    reader = confluent_consumer(cluster, first)
    reader.subscribe([topic])
    values = sorted(m.value() for m in confluent_take(reader, 30))
    reader.commit(asynchronous=False)
    reader.close()

    other = confluent_consumer(cluster, second)
    other.subscribe([topic])
    assert sorted(m.value() for m in confluent_take(other, 30)) == values, "a second group starts from the beginning"
    other.commit(offsets=[TopicPartition(topic, p, 4) for p in range(3)], asynchronous=False)
    check = confluent_consumer(cluster, first)
    assert [tp.offset for tp in check.committed([TopicPartition(topic, p) for p in range(3)], timeout=10)] \
        == [10, 10, 10], "the first group's offsets are its own"
    check.close()
    other.close()


def test_coordinator_failover_keeps_the_group_and_its_offsets(make_cluster):
    cluster = make_cluster(brokers=3, broker_config={
        "offsets.topic.replication.factor": 3, "offsets.topic.num.partitions": 3,
        "default.replication.factor": 3})
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 2, replication=3)
    produce(cluster, topic, 10, partitions=2)

    consumer = confluent_consumer(cluster, group)
    consumer.subscribe([topic])
    confluent_take(consumer, 20)
    consumer.commit(offsets=[TopicPartition(topic, 0, 6), TopicPartition(topic, 1, 3)], asynchronous=False)
    consumer.close()

    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    offsets_topic = admin.list_topics("__consumer_offsets", timeout=10).topics["__consumer_offsets"]
    coordinator = offsets_topic.partitions[offsets_partition(group, 3)].leader
    assert coordinator in (1, 2, 3)
    cluster.kill(coordinator, signal.SIGKILL)

    def new_coordinator():
        metadata = admin.list_topics("__consumer_offsets", timeout=5).topics["__consumer_offsets"]
        leader = metadata.partitions[offsets_partition(group, 3)].leader
        return leader if leader not in (-1, coordinator) else None
    wait_for(new_coordinator, 60, "a new leader of the group's offsets partition")

    resumed = confluent_consumer(cluster, group)
    resumed.subscribe([topic])
    firsts = {}
    for message in confluent_take(resumed, 11):
        firsts.setdefault(message.partition(), message.offset())
    assert firsts == {0: 6, 1: 3}, "the new coordinator serves the offsets committed before the failover"
    resumed.close()


# ---------------------------------------------------------------------------------------
# Bad input, over the raw protocol (non-flexible versions, encoded here)


def kstring(text: str) -> bytes:
    data = text.encode()
    return struct.pack(">h", len(data)) + data


def kbytes(data: bytes) -> bytes:
    return struct.pack(">i", len(data)) + data


class Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, fmt: str):
        value = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return value[0] if len(value) == 1 else value

    def string(self) -> str:
        size = self.take(">h")
        text = self.data[self.at:self.at + size].decode()
        self.at += size
        return text

    def bytes(self) -> bytes:
        size = self.take(">i")
        data = self.data[self.at:self.at + max(size, 0)]
        self.at += max(size, 0)
        return data


class RawConnection:
    def __init__(self, address: str):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        self.correlation = 0

    def request(self, api_key: int, version: int, body: bytes) -> Reader:
        self.correlation += 1
        frame = struct.pack(">hhi", api_key, version, self.correlation) + kstring("raw-test") + body
        self.sock.sendall(struct.pack(">i", len(frame)) + frame)
        size = struct.unpack(">i", self._read(4))[0]
        response = self._read(size)
        assert struct.unpack(">i", response[:4])[0] == self.correlation
        return Reader(response[4:])

    def _read(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            assert chunk, "connection closed"
            data += chunk
        return data

    def close(self) -> None:
        self.sock.close()


def heartbeat(conn: RawConnection, group: str, generation: int, member: str) -> int:
    return conn.request(12, 0, kstring(group) + struct.pack(">i", generation) + kstring(member)).take(">h")


def commit(conn: RawConnection, group: str, generation: int, member: str, topic: str, partition: int,
           offset: int, metadata: str = "") -> int:
    """OffsetCommit v2 of one partition; returns its error code."""
    body = (kstring(group) + struct.pack(">i", generation) + kstring(member) + struct.pack(">q", -1)
            + struct.pack(">i", 1) + kstring(topic) + struct.pack(">i", 1)
            + struct.pack(">iq", partition, offset) + kstring(metadata))
    reader = conn.request(8, 2, body)
    assert reader.take(">i") == 1 and reader.string() == topic and reader.take(">i") == 1
    assert reader.take(">i") == partition
    return reader.take(">h")


def join(conn: RawConnection, group: str, session_ms: int, member: str = "") -> tuple[int, int, str]:
    """JoinGroup v0 with one "range" protocol; returns (error, generation, member id)."""
    body = (kstring(group) + struct.pack(">i", session_ms) + kstring(member) + kstring("consumer")
            + struct.pack(">i", 1) + kstring("range") + kbytes(b"\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff"))
    reader = conn.request(11, 0, body)
    error, generation = reader.take(">h"), reader.take(">i")
    reader.string(), reader.string()
    return error, generation, reader.string()


def test_bad_requests_get_kafka_error_codes_and_the_group_keeps_working(cluster):
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 1)
    conn = RawConnection(cluster.brokers[1].address)

    def coordinator_ready():
        reader = conn.request(10, 0, kstring(group))
        return reader.take(">h") == 0 and reader.take(">i") == 1
    wait_for(coordinator_ready, 30, "broker 1 to coordinate the group")

    assert join(conn, group, 1000)[0] == 26, "INVALID_SESSION_TIMEOUT below group.min.session.timeout.ms"
    error, generation, member = join(conn, group, 30000)
    assert error == 0 and generation == 1 and member
    sync = conn.request(14, 0, kstring(group) + struct.pack(">i", generation) + kstring(member)
                        + struct.pack(">i", 1) + kstring(member) + kbytes(b"assignment"))
    assert sync.take(">h") == 0 and sync.bytes() == b"assignment"

    assert heartbeat(conn, group, generation + 1, member) == 22, "ILLEGAL_GENERATION"
    assert heartbeat(conn, group, generation, "nobody") == 25, "UNKNOWN_MEMBER_ID"
    assert heartbeat(conn, "", generation, member) == 24, "INVALID_GROUP_ID"
    assert commit(conn, group, generation - 1, member, topic, 0, 5) == 22, "stale generation"
    assert commit(conn, group, generation, "nobody", topic, 0, 5) == 25, "unknown member"
    assert commit(conn, group, generation, member, "no-such-topic", 0, 5) == 3, "UNKNOWN_TOPIC_OR_PARTITION"
    assert commit(conn, group, generation, member, topic, 7, 5) == 3, "a partition the topic does not have"
    assert commit(conn, group, generation, member, topic, 0, 5, "x" * 5000) == 12, "OFFSET_METADATA_TOO_LARGE"

    assert heartbeat(conn, group, generation, member) == 0, "the member is still in the group"
    assert commit(conn, group, generation, member, topic, 0, 5, "fine") == 0
    check = confluent_consumer(cluster, group)
    assert check.committed([TopicPartition(topic, 0)], timeout=10)[0].offset == 5
    check.close()
    conn.close()


# ---------------------------------------------------------------------------------------
# CLI


def groups_cli(cluster, *args: str) -> subprocess.CompletedProcess:
    result = run_tributary("groups", *args, "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert result.returncode == 0, f"groups {args} failed: {result.stderr}"
    return result


def committed_offsets(cluster, group: str, topic: str, partitions: int) -> list[int]:
    check = confluent_consumer(cluster, group)
    offsets = [tp.offset for tp in check.committed([TopicPartition(topic, p) for p in range(partitions)],
                                                   timeout=10)]
    check.close()
    return offsets


def test_cli_describes_lists_resets_and_deletes_groups(cluster):
    topic, group = unique("t"), unique("g")
    create_topic(cluster, topic, 2)
    produce(cluster, topic, 10, partitions=2)
    before_second_batch = int(time.time() * 1000)
    wait_for(lambda: int(time.time() * 1000) > before_second_batch + 5, 1, "the clock to move")
    produce(cluster, topic, 5, partitions=2)

    consumer = confluent_consumer(cluster, group, **{"client.id": "describe-me"})
    consumer.subscribe([topic])
    confluent_take(consumer, 30)
    consumer.commit(offsets=[TopicPartition(topic, 0, 4), TopicPartition(topic, 1, 15)], asynchronous=False)

    def stable():
        described = json.loads(groups_cli(cluster, "describe", group, "--output", "json").stdout)
        return described if described["state"] == "Stable" and described["members"] else None
    described = wait_for(stable, 30, "the group to be Stable")
    assert described["protocol"] == "range"
    [member] = described["members"]
    assert member["client_id"] == "describe-me" and member["host"] == "/127.0.0.1"
    assert sorted(member["partitions"]) == [f"{topic}-0", f"{topic}-1"]
    rows = {row["partition"]: row for row in described["partitions"]}
    assert (rows[0]["committed"], rows[0]["log_end"], rows[0]["lag"]) == (4, 15, 11)
    assert (rows[1]["committed"], rows[1]["log_end"], rows[1]["lag"]) == (15, 15, 0)
    assert rows[0]["member_id"] == member["member_id"] and rows[0]["client_id"] == "describe-me"
    text = groups_cli(cluster, "describe", group).stdout
    assert "Stable" in text and "LOG-END-OFFSET" in text and "describe-me" in text
    assert group in groups_cli(cluster, "list").stdout.split()

    refused = run_tributary("groups", "reset-offsets", group, "--topic", topic, "--to-earliest", "--execute",
                            "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert refused.returncode != 0 and "Stable" in refused.stderr, "a group with members cannot be reset"
    consumer.close()
    wait_for(lambda: json.loads(groups_cli(cluster, "describe", group, "--output", "json").stdout)["state"]
             == "Empty", 30, "the group to be Empty")

    def reset(*how: str) -> dict[int, int]:
        out = json.loads(groups_cli(cluster, "reset-offsets", group, "--topic", topic, *how,
                                    "--output", "json").stdout)
        return {row["partition"]: row["new_offset"] for row in out["offsets"]}

    assert reset("--to-earliest") == {0: 0, 1: 0}
    assert committed_offsets(cluster, group, topic, 2) == [4, 15], "a dry run commits nothing"
    assert reset("--to-earliest", "--execute") == {0: 0, 1: 0}
    assert committed_offsets(cluster, group, topic, 2) == [0, 0]
    assert reset("--to-offset", "12", "--execute") == {0: 12, 1: 12}
    assert reset("--shift-by", "-5", "--execute") == {0: 7, 1: 7}
    assert reset("--shift-by", "100", "--execute") == {0: 15, 1: 15}, "shifts stay within the log"
    moment = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(before_second_batch / 1000)) \
        + f".{before_second_batch % 1000:03d}Z"
    assert reset("--to-datetime", moment, "--execute") == {0: 10, 1: 10}
    assert reset("--to-latest", "--execute") == {0: 15, 1: 15}
    assert committed_offsets(cluster, group, topic, 2) == [15, 15]

    groups_cli(cluster, "delete", group)
    assert group not in groups_cli(cluster, "list").stdout.split()
    assert committed_offsets(cluster, group, topic, 2) == [-1001, -1001], "deleting a group drops its offsets"


# ---------------------------------------------------------------------------------------
# `tributary consume --group`


class CliMember:
    """`tributary consume TOPIC --group G` as a running process; collects the `partition<TAB>offset` lines."""

    def __init__(self, cluster, group: str, topic: str, *extra: str):
        self.process = subprocess.Popen(
            [str(tributary_binary()), "consume", topic, "--group", group, "--print-partition", "--print-offset",
             "--bootstrap-server", cluster.bootstrap, *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, bufsize=1,
            preexec_fn=_die_with_parent)
        cluster.extra_processes.append(self.process)
        self.records: list[tuple[int, int]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            partition, offset, _value = line.rstrip("\n").split("\t", 2)
            with self._lock:
                self.records.append((int(partition.split(":")[1]), int(offset.split(":")[1])))

    def offsets(self, partition: int) -> list[int]:
        with self._lock:
            return [offset for p, offset in self.records if p == partition]

    def interrupt(self) -> str:
        """SIGINT, as Ctrl-C: the consumer commits, leaves the group and exits 0."""
        self.process.send_signal(signal.SIGINT)
        assert self.process.wait(30) == 0, self.process.stderr.read()
        return self.process.stderr.read()


def test_cli_group_consumer_shares_partitions_and_resumes_after_its_commits(cluster):
    topic, group, partitions = unique("t"), unique("g"), 4
    create_topic(cluster, topic, partitions)
    produce(cluster, topic, 10, partitions=partitions)

    cli = CliMember(cluster, group, topic, "--from-beginning")
    wait_for(lambda: sum(len(cli.offsets(p)) for p in range(partitions)) == 40, 60,
             "the only member to read every partition")
    member = Member(cluster, "confluent", group, topic)

    def shared():
        described = json.loads(groups_cli(cluster, "describe", group, "--output", "json").stdout)
        if described["state"] != "Stable" or len(described["members"]) != 2:
            return None
        by_client = {m["client_id"]: sorted(m["partitions"]) for m in described["members"]}
        return by_client if member.current() is not None and len(member.current()) == 2 else None
    by_client = wait_for(shared, 60, "the CLI member and librdkafka to share the topic")
    mine = by_client["tributary-console-consumer"]
    theirs = by_client["member-confluent"]
    assert len(mine) == 2 and not set(mine) & set(theirs), by_client
    assert sorted(mine + theirs) == [f"{topic}-{p}" for p in range(partitions)], "disjoint and complete"
    assert theirs == [f"{topic}-{p}" for p in member.current()], "DescribeGroups agrees with librdkafka"
    cli_partitions = [int(name.rsplit("-", 1)[1]) for name in mine]

    stderr = cli.interrupt()
    assert "Processed a total of 40 messages" in stderr
    assert committed_offsets(cluster, group, topic, partitions)[cli_partitions[0]] == 10
    assert committed_offsets(cluster, group, topic, partitions)[cli_partitions[1]] == 10
    member.stop()
    produce(cluster, topic, 5, partitions=partitions)

    # Alone again, the restarted CLI member owns every partition; its own resume after its commits.
    resumed = CliMember(cluster, group, topic, "--timeout-ms", "4000")
    wait_for(lambda: all(len(resumed.offsets(p)) >= 5 for p in cli_partitions), 60,
             "the restarted member to read the new records")
    assert resumed.process.wait(60) == 0
    for partition in cli_partitions:
        assert resumed.offsets(partition) == list(range(10, 15)), f"partition {partition} resumes at 10"
    assert committed_offsets(cluster, group, topic, partitions)[cli_partitions[0]] == 15, "committed on exit"

    # --max-messages stops inside a fetch round: only the printed records count as consumed.
    produce(cluster, topic, 5, partitions=partitions)
    limited = run_tributary("consume", topic, "--group", group, "--max-messages", "3", "--print-partition",
                            "--print-offset", "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert limited.returncode == 0, limited.stderr
    printed = [line.split("\t") for line in limited.stdout.splitlines()]
    assert len(printed) == 3
    after = committed_offsets(cluster, group, topic, partitions)
    for partition in cli_partitions:
        count = sum(1 for fields in printed if fields[0] == f"Partition:{partition}")
        assert after[partition] == 15 + count, f"partition {partition}: {count} printed, committed {after[partition]}"
