"""Replication, ISR and leader election with real processes: one ZooKeeper, three
`tributary server` brokers, real clients (confluent-kafka / librdkafka), and the state
znodes read with kazoo. Each test kills, stops or restarts brokers and asserts what the
cluster guarantees afterwards: no acknowledged record lost or duplicated, ISRs healed,
divergent records truncated, stale controllers refused, leaders moved back."""

from __future__ import annotations

import json
import signal
import socket
import struct
import threading
import time
import uuid
from pathlib import Path

import pytest
from confluent_kafka import KafkaError, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from faults import read_partitions
from harness import run_tributary, wait_for

QUIET = {"log_level": 3}
STALE_CONTROLLER_EPOCH = 11
NOT_ENOUGH_REPLICAS = 19

#: Cluster settings for these tests: ISR shrinks after 2 s of lag, sessions expire after 5 s.
REPLICATED = {
    "default.replication.factor": 3,
    "offsets.topic.replication.factor": 3,
    "replica.lag.time.max.ms": 2000,
    "replica.fetch.wait.max.ms": 100,
    "auto.leader.rebalance.enable": "false",
    "controlled.shutdown.retry.backoff.ms": 200,
}
#: Time a SIGKILLed broker takes to be declared dead (session timeout) plus election, on a
#: busy two-core machine.
FAILOVER = 30.0


def unique_topic(prefix: str = "r") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def cluster(make_cluster):
    cluster = make_cluster(brokers=3, broker_config=REPLICATED)
    wait_metadata_ready(cluster)
    return cluster


def wait_metadata_ready(cluster, timeout: float = 30) -> None:
    cluster.wait_metadata_ready(timeout)


# ---------------------------------------------------------------------------------------
# Helpers


def admin_for(cluster) -> AdminClient:
    return AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})


def partition_state(cluster, topic: str, partition: int) -> dict | None:
    return cluster.read_json(f"/brokers/topics/{topic}/partitions/{partition}/state")


def assignment(cluster, topic: str) -> dict[int, list[int]]:
    payload = cluster.read_json(f"/brokers/topics/{topic}")
    return {int(p): replicas for p, replicas in payload["partitions"].items()}


def all_states(cluster, topic: str, partitions: int) -> dict[int, dict]:
    """Every partition's state znode, read with pipelined asynchronous gets."""
    pending = {p: cluster.zk.get_async(f"/brokers/topics/{topic}/partitions/{p}/state")
               for p in range(partitions)}
    states = {}
    for p, result in pending.items():
        try:
            data, _ = result.get(timeout=10)
        except Exception:  # noqa: BLE001 - not created yet
            continue
        states[p] = json.loads(data.decode())
    return states


def create_topic(cluster, topic: str, partitions: int = 1, replication_factor: int = 3,
                 config: dict | None = None, replica_assignment: list[list[int]] | None = None,
                 timeout: float = 60) -> None:
    """Creates the topic and waits until every partition has a leader and a full ISR in
    its state znode, and clients see a leader for each."""
    wait_metadata_ready(cluster)
    admin = admin_for(cluster)
    if replica_assignment is not None:
        # confluent-kafka wants the partition count alongside an explicit assignment.
        new = NewTopic(topic, num_partitions=len(replica_assignment), replica_assignment=replica_assignment,
                       config=config or {})
    else:
        new = NewTopic(topic, num_partitions=partitions, replication_factor=replication_factor,
                       config=config or {})
    admin.create_topics([new], operation_timeout=30)[topic].result(timeout)
    expected = len(replica_assignment[0]) if replica_assignment else replication_factor
    count = len(replica_assignment) if replica_assignment else partitions
    wait_isr(cluster, topic, count, size=expected, timeout=timeout)

    def clients_see_leaders():
        metadata = admin.list_topics(topic, timeout=5).topics.get(topic)
        return (metadata is not None and metadata.error is None and len(metadata.partitions) == count
                and all(p.leader >= 0 for p in metadata.partitions.values()))
    wait_for(clients_see_leaders, timeout, f"clients to see leaders of {topic}")


def wait_isr(cluster, topic: str, partitions: int, size: int = 3, timeout: float = 60) -> dict[int, dict]:
    """Waits until every partition has a live leader and an ISR of `size` members."""
    def healed():
        states = all_states(cluster, topic, partitions)
        live = set(cluster.live_ids())
        ok = len(states) == partitions and all(
            s["leader"] in live and len(s["isr"]) == size and set(s["isr"]) <= live
            for s in states.values())
        return states if ok else None
    return wait_for(healed, timeout, f"{topic}: every ISR has {size} live members", interval=0.2)


def leader_of(cluster, topic: str, partition: int) -> int:
    return partition_state(cluster, topic, partition)["leader"]


def consume_all(cluster, topic: str, partitions: int, timeout: float = 60) -> dict[int, list[tuple]]:
    """Reads every partition from the beginning up to its high watermark; returns
    partition -> [(offset, value)]."""
    return read_partitions(cluster.bootstrap, topic, partitions, timeout=timeout)


class ContinuousProducer:
    """A thread producing numbered records round-robin over partitions with an idempotent
    acks=all producer; keeps every acknowledgement (partition, offset, value)."""

    def __init__(self, cluster, topic: str, partitions: int, rate: float = 300):
        self.topic, self.partitions, self.interval = topic, partitions, 1 / rate
        self.producer = Producer({"bootstrap.servers": cluster.bootstrap, "enable.idempotence": True,
                                  "acks": "all", "linger.ms": 5, "message.timeout.ms": 300000,
                                  **QUIET})
        self.acked: list[tuple[int, int, bytes]] = []
        self.failed: list[tuple[bytes, KafkaError]] = []
        self.sent = 0
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.lock = threading.Lock()

    def _delivered(self, error, message):
        with self.lock:
            if error is None:
                self.acked.append((message.partition(), message.offset(), message.value()))
            else:
                self.failed.append((message.value(), error))

    def _run(self):
        while not self.stop_event.is_set():
            value = str(self.sent).encode()
            try:
                self.producer.produce(self.topic, value=value, partition=self.sent % self.partitions,
                                      on_delivery=self._delivered)
                self.sent += 1
            except BufferError:
                pass
            self.producer.poll(self.interval)

    def start(self) -> "ContinuousProducer":
        self.thread.start()
        return self

    def acked_count(self) -> int:
        with self.lock:
            return len(self.acked)

    def wait_progress(self, more: int, timeout: float, what: str) -> None:
        target = self.acked_count() + more
        wait_for(lambda: self.acked_count() >= target, timeout, f"{more} more acknowledgements {what}")

    def finish(self, timeout: float = 120) -> None:
        self.stop_event.set()
        self.thread.join(10)
        remaining = self.producer.flush(timeout)
        assert remaining == 0, f"{remaining} records undelivered after {timeout}s"


def log_batches(broker, topic: str, partition: int) -> list[tuple[int, bytes]]:
    """The record batches of a replica's log files, as (base offset, batch bytes), read
    from disk in Kafka's segment format."""
    directory = broker.data_dir / f"{topic}-{partition}"
    batches = []
    for segment in sorted(directory.glob("*.log")):
        data = segment.read_bytes()
        position = 0
        while position + 12 <= len(data):
            base_offset, length = struct.unpack_from(">qi", data, position)
            if length <= 0:
                break
            batches.append((base_offset, data[position:position + 12 + length]))
            position += 12 + length
    return batches


# ---------------------------------------------------------------------------------------
# No acknowledged record lost while brokers and the controller die


def test_acknowledged_records_survive_leader_and_controller_sigkill(cluster):
    topic, partitions = unique_topic(), 3
    create_topic(cluster, topic, partitions, config={"min.insync.replicas": "2"})
    producer = ContinuousProducer(cluster, topic, partitions).start()
    try:
        producer.wait_progress(300, 60, "before any failure")

        victim = leader_of(cluster, topic, 0)
        cluster.kill(victim, signal.SIGKILL)
        wait_for(lambda: leader_of(cluster, topic, 0) not in (victim, -1), FAILOVER,
                 f"partition 0 to get a leader other than broker {victim}")
        producer.wait_progress(300, FAILOVER, "with the old leader dead")
        cluster.restart(victim)
        wait_isr(cluster, topic, partitions, size=3, timeout=FAILOVER)
        producer.wait_progress(300, FAILOVER, "after the old leader returned")

        controller = cluster.wait_controller(10)
        cluster.kill(controller, signal.SIGKILL)
        cluster.wait_controller(FAILOVER, other_than=controller)
        producer.wait_progress(300, FAILOVER, "after controller failover")
        cluster.restart(controller)
        producer.wait_progress(300, FAILOVER, "after the old controller returned")
    finally:
        producer.finish()

    states = wait_isr(cluster, topic, partitions, size=3, timeout=FAILOVER)
    assert all(sorted(s["isr"]) == [1, 2, 3] for s in states.values()), states
    assert not producer.failed, f"delivery failures: {producer.failed[:5]}"

    records = consume_all(cluster, topic, partitions)
    for partition, read in records.items():
        values = [int(value) for _, value in read]
        assert len(values) == len(set(values)), f"partition {partition} holds duplicates"
        assert values == sorted(values), f"partition {partition} is out of order"
    where = {value: (p, offset) for p, read in records.items() for offset, value in read}
    missing = [(p, o, v) for p, o, v in producer.acked if where.get(v) != (p, o)]
    assert not missing, f"{len(missing)} acknowledged records lost or moved, e.g. {missing[:5]}"
    assert len(producer.acked) >= 1500


# ---------------------------------------------------------------------------------------
# min.insync.replicas


def produce_one_by_one(cluster, topic: str, values: list[bytes], **config) -> list:
    """Produces to partition 0 without retries; returns one error (or None) per value."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "retries": 0,
                         "message.timeout.ms": 20000, "request.timeout.ms": 15000, **QUIET, **config})
    results: dict[bytes, object] = {}
    for value in values:
        producer.produce(topic, value=value, partition=0,
                         on_delivery=lambda error, message: results.__setitem__(message.value(), error))
        producer.flush(30)
    assert len(results) == len(values), "every record got a delivery report"
    return [results[value] for value in values]


def test_two_brokers_down_refuses_acks_all_with_not_enough_replicas(cluster):
    topic = unique_topic()
    create_topic(cluster, topic, 1, config={"min.insync.replicas": "2"})
    before = [f"before-{i}".encode() for i in range(5)]
    assert produce_one_by_one(cluster, topic, before) == [None] * 5

    leader = leader_of(cluster, topic, 0)
    followers = [b for b in (1, 2, 3) if b != leader]
    for follower in followers:
        cluster.kill(follower, signal.SIGKILL)
    wait_for(lambda: partition_state(cluster, topic, 0)["isr"] == [leader], FAILOVER,
             f"the ISR to shrink to the leader {leader}")

    refused = [f"refused-{i}".encode() for i in range(3)]
    errors = produce_one_by_one(cluster, topic, refused)
    codes = [error.code() if error else None for error in errors]
    assert codes == [NOT_ENOUGH_REPLICAS] * 3, f"expected NOT_ENOUGH_REPLICAS, got {errors}"

    for follower in followers:
        cluster.restart(follower)
    wait_isr(cluster, topic, 1, size=3, timeout=FAILOVER)
    after = [f"after-{i}".encode() for i in range(5)]
    assert produce_one_by_one(cluster, topic, after) == [None] * 5

    values = [value for _, value in consume_all(cluster, topic, 1)[0]]
    assert values == before + after, "only acknowledged records are in the log"
    # Every replica holds exactly the same batches: nothing was appended that was refused.
    logs = [log_batches(cluster.brokers[b], topic, 0) for b in (1, 2, 3)]
    assert logs[0] == logs[1] == logs[2]


# ---------------------------------------------------------------------------------------
# Truncation of a former leader's unreplicated records


def test_former_leader_truncates_records_it_alone_had(cluster):
    topic = unique_topic()
    create_topic(cluster, topic, 1, config={"min.insync.replicas": "1",
                                            "unclean.leader.election.enable": "true"})
    committed = [f"committed-{i}".encode() for i in range(10)]
    assert produce_one_by_one(cluster, topic, committed) == [None] * 10

    old_leader = leader_of(cluster, topic, 0)
    followers = [b for b in (1, 2, 3) if b != old_leader]
    wait_for(lambda: all(log_batches(cluster.brokers[b], topic, 0)
                         == log_batches(cluster.brokers[old_leader], topic, 0) for b in followers),
             30, "followers to hold every committed batch")

    # The followers die; the leader alone takes records with acks=1, then dies too.
    for follower in followers:
        cluster.kill(follower, signal.SIGKILL)
    unreplicated = [f"lost-{i}".encode() for i in range(5)]
    assert produce_one_by_one(cluster, topic, unreplicated, acks=1) == [None] * 5
    cluster.kill(old_leader, signal.SIGKILL)
    assert len(log_batches(cluster.brokers[old_leader], topic, 0)) == \
        len(log_batches(cluster.brokers[followers[0]], topic, 0)) + 5, "the old leader has 5 extra batches"

    # The followers return and one of them leads (from the ISR, or uncleanly if the ISR had
    # shrunk to the old leader); it takes new records at the offsets the old leader used.
    wait_for(lambda: not set(followers) & set(cluster.registered_ids()), FAILOVER,
             "the followers' sessions to expire")
    for follower in followers:
        cluster.brokers[follower].launch()
    for follower in followers:
        cluster.wait_serving(follower, timeout=FAILOVER)
    wait_for(lambda: leader_of(cluster, topic, 0) in followers, FAILOVER, "a former follower to lead")
    new_leader = leader_of(cluster, topic, 0)
    wait_metadata_ready(cluster)
    newer = [f"newer-{i}".encode() for i in range(5)]
    assert produce_one_by_one(cluster, topic, newer) == [None] * 5

    # The old leader returns: it must drop its five batches and copy the new leader's.
    wait_for(lambda: old_leader not in cluster.registered_ids(), FAILOVER, "the old leader's session to expire")
    cluster.brokers[old_leader].launch()
    cluster.wait_serving(old_leader, timeout=FAILOVER)
    leader_log = log_batches(cluster.brokers[new_leader], topic, 0)
    assert len(leader_log) == 15
    wait_for(lambda: log_batches(cluster.brokers[old_leader], topic, 0) == leader_log, 30,
             "the former leader's log to match the new leader's")
    wait_for(lambda: old_leader in partition_state(cluster, topic, 0)["isr"], 30,
             "the former leader to rejoin the ISR")
    values = [value for _, value in consume_all(cluster, topic, 1)[0]]
    assert values == committed + newer


# ---------------------------------------------------------------------------------------
# Stale controller epoch; controlled shutdown


def kafka_request(port: int, api_key: int, version: int, body: bytes, correlation_id: int = 7) -> bytes:
    """Sends one request (header v1) and returns the response body after the correlation id."""
    client_id = b"stale-controller-test"
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    payload = header + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(struct.pack(">i", len(payload)) + payload)
        size = struct.unpack(">i", recv_exactly(conn, 4))[0]
        response = recv_exactly(conn, size)
    assert struct.unpack_from(">i", response)[0] == correlation_id
    return response[4:]


def recv_exactly(conn: socket.socket, count: int) -> bytes:
    chunks = b""
    while len(chunks) < count:
        chunk = conn.recv(count - len(chunks))
        assert chunk, "connection closed mid-response"
        chunks += chunk
    return chunks


def kafka_string(text: str) -> bytes:
    data = text.encode()
    return struct.pack(">h", len(data)) + data


def update_metadata_v5(controller_id: int, controller_epoch: int, topic: str) -> bytes:
    """UpdateMetadata v5: one partition led by broker 1 and no live brokers, so an accepted
    request would visibly empty the broker's metadata."""
    partition_state = (struct.pack(">iiii", 0, controller_epoch, 1, 99)
                       + struct.pack(">ii", 1, 1) + struct.pack(">i", 999)
                       + struct.pack(">ii", 1, 1) + struct.pack(">i", 0))
    topic_states = struct.pack(">i", 1) + kafka_string(topic) + struct.pack(">i", 1) + partition_state
    return struct.pack(">iiq", controller_id, controller_epoch, -1) + topic_states + struct.pack(">i", 0)


def leader_and_isr_v2(controller_id: int, controller_epoch: int, topic: str) -> bytes:
    """LeaderAndIsr v2: make this broker leader of `topic`-0 at leader epoch 99."""
    partition_state = (struct.pack(">iiii", 0, controller_epoch, 1, 99)
                       + struct.pack(">ii", 1, 1) + struct.pack(">i", 999)
                       + struct.pack(">ii", 1, 1) + struct.pack(">b", 0))
    topic_states = struct.pack(">i", 1) + kafka_string(topic) + struct.pack(">i", 1) + partition_state
    return struct.pack(">iiq", controller_id, controller_epoch, -1) + topic_states + struct.pack(">i", 0)


def test_requests_from_a_stale_controller_are_refused(cluster):
    topic = unique_topic()
    create_topic(cluster, topic, 1)
    # Move the controller once so every broker has seen an epoch above the first.
    first = cluster.wait_controller(10)
    first_epoch = cluster.controller_epoch()
    cluster.kill(first, signal.SIGTERM)
    cluster.wait_controller(FAILOVER, other_than=first)
    cluster.brokers[first].launch()
    cluster.wait_serving(first)
    current = cluster.controller_epoch()
    assert current > first_epoch
    wait_isr(cluster, topic, 1, size=3, timeout=FAILOVER)
    before = partition_state(cluster, topic, 0)

    for broker in cluster.brokers.values():
        response = kafka_request(broker.port, 6, 5, update_metadata_v5(first, first_epoch, topic))
        assert struct.unpack_from(">h", response)[0] == STALE_CONTROLLER_EPOCH, f"UpdateMetadata to {broker.broker_id}"
        response = kafka_request(broker.port, 4, 2, leader_and_isr_v2(first, first_epoch, topic))
        assert struct.unpack_from(">h", response)[0] == STALE_CONTROLLER_EPOCH, f"LeaderAndIsr to {broker.broker_id}"

    # Nothing changed: clients still see three brokers and the real leader.
    metadata = admin_for(cluster).list_topics(topic, timeout=10)
    assert sorted(metadata.brokers) == [1, 2, 3]
    assert metadata.topics[topic].partitions[0].leader == before["leader"]
    assert partition_state(cluster, topic, 0) == before


def test_controlled_shutdown_leaves_no_partition_leaderless(cluster):
    topic, partitions = unique_topic(), 6
    create_topic(cluster, topic, partitions, config={"min.insync.replicas": "2"})
    states = all_states(cluster, topic, partitions)
    leaders = [s["leader"] for s in states.values()]
    victim = max(set(leaders), key=leaders.count)

    leaderless: list[tuple[int, dict]] = []
    stop_watching = threading.Event()

    def watch():
        while not stop_watching.is_set():
            for p, state in all_states(cluster, topic, partitions).items():
                if state["leader"] == -1:
                    leaderless.append((p, state))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    producer = ContinuousProducer(cluster, topic, partitions).start()
    watcher.start()
    try:
        producer.wait_progress(200, 60, "before the shutdown")
        started = time.monotonic()
        code = cluster.kill(victim, signal.SIGTERM, timeout=60)
        took = time.monotonic() - started
        assert code == 0, f"broker {victim} exited with {code}"
        producer.wait_progress(200, FAILOVER, "after the shutdown")
    finally:
        stop_watching.set()
        watcher.join(5)
        producer.finish()

    print(f"controlled shutdown of broker {victim} ({leaders.count(victim)} leaderships): {took * 1000:.0f} ms")
    assert not leaderless, f"partitions without a leader during controlled shutdown: {leaderless[:3]}"
    after = all_states(cluster, topic, partitions)
    assert all(s["leader"] != victim and victim not in s["isr"] for s in after.values()), after
    assert not producer.failed, f"clients saw non-retriable errors: {producer.failed[:3]}"
    assert "controlled shutdown" in cluster.brokers[victim].stderr().lower()


# ---------------------------------------------------------------------------------------
# Controller failover with many partitions


def test_controller_failover_with_2000_partitions(make_cluster):
    cluster = make_cluster(brokers=3, broker_config=REPLICATED)
    topic, partitions = unique_topic("many"), 2000
    create_topic(cluster, topic, partitions, replication_factor=2, timeout=240)
    controller = cluster.wait_controller(10)
    states = all_states(cluster, topic, partitions)
    orphaned = [p for p, s in states.items() if s["leader"] == controller]
    assert orphaned, "the controller leads some partitions"

    killed_at = time.monotonic()
    cluster.kill(controller, signal.SIGKILL)
    new_controller = cluster.wait_controller(FAILOVER, other_than=controller)
    elected_at = time.monotonic()

    def all_led():
        current = all_states(cluster, topic, partitions)
        return all(current[p]["leader"] not in (-1, controller) for p in orphaned)
    wait_for(all_led, FAILOVER, f"{len(orphaned)} orphaned partitions to be led again", interval=0.02)
    led_at = time.monotonic()
    print(f"{partitions} partitions, {len(orphaned)} led by the killed controller {controller}: "
          f"new controller {new_controller} after {(elected_at - killed_at) * 1000:.0f} ms, "
          f"all orphaned partitions led {(led_at - elected_at) * 1000:.0f} ms later")
    assert led_at - elected_at < 10, "orphaned partitions were led again within 10 s of the new controller"


# ---------------------------------------------------------------------------------------
# Preferred and unclean leader elections


def leader_election(cluster, *args: str):
    """Runs `tributary leader-election ... --output json`; returns (exit code, results by
    (topic, partition) -> error name or None, stderr)."""
    result = run_tributary("leader-election", "--bootstrap-server", cluster.bootstrap, *args,
                           "--output", "json", timeout=60)
    results = {}
    if result.stdout.strip():
        payload = json.loads(result.stdout)
        results = {(r["topic"], r["partition"]): r["error"] for r in payload["results"]}
    return result.returncode, results, result.stderr


def bounce(cluster, broker_id: int) -> None:
    """SIGKILLs a broker, waits until its session expired, and starts it again."""
    cluster.kill(broker_id, signal.SIGKILL)
    wait_for(lambda: broker_id not in cluster.registered_ids(), FAILOVER, f"broker {broker_id}'s session to expire")
    cluster.brokers[broker_id].launch()
    cluster.wait_serving(broker_id, timeout=FAILOVER)


def test_preferred_leader_election_restores_preferred_leaders(cluster):
    topic, partitions = unique_topic(), 3
    create_topic(cluster, topic, partitions)
    preferred = {p: replicas[0] for p, replicas in assignment(cluster, topic).items()}
    victim = preferred[0]
    bounce(cluster, victim)
    wait_isr(cluster, topic, partitions, size=3, timeout=FAILOVER)
    moved = [p for p in range(partitions) if leader_of(cluster, topic, p) != preferred[p]]
    assert 0 in moved, "the bounced broker lost its leadership of partition 0"

    code, results, stderr = leader_election(cluster, "--preferred", "--all-topic-partitions")
    assert code == 0, stderr
    ours = {p: error for (t, p), error in results.items() if t == topic}
    assert ours == {p: (None if p in moved else "ELECTION_NOT_NEEDED") for p in range(partitions)}
    assert {p: leader_of(cluster, topic, p) for p in range(partitions)} == preferred
    wait_for(lambda: all(p.leader == preferred[i] for i, p in
                         admin_for(cluster).list_topics(topic, timeout=5).topics[topic].partitions.items()),
             10, "clients to see the preferred leaders")

    code, results, _ = leader_election(cluster, "--preferred", "--topic", topic, "--partition", "0")
    assert (code, results) == (0, {(topic, 0): "ELECTION_NOT_NEEDED"})
    code, results, stderr = leader_election(cluster, "--preferred", "--topic", topic, "--partition", "99")
    assert (code, results) == (1, {(topic, 99): "UNKNOWN_TOPIC_OR_PARTITION"}), stderr


def test_unclean_leader_election_revives_a_partition_without_in_sync_replicas(cluster):
    controller = cluster.wait_controller(10)
    a, b = [broker for broker in (1, 2, 3) if broker != controller]
    topic = unique_topic()
    create_topic(cluster, topic, replica_assignment=[[a, b]], config={"min.insync.replicas": "1"})
    assert produce_one_by_one(cluster, topic, [b"one", b"two"]) == [None, None]

    # b dies and leaves the ISR; then a, the last in-sync replica, dies: the partition is offline.
    cluster.kill(b, signal.SIGKILL)
    wait_for(lambda: partition_state(cluster, topic, 0)["isr"] == [a], FAILOVER, "the ISR to shrink to a")
    cluster.kill(a, signal.SIGKILL)
    wait_for(lambda: partition_state(cluster, topic, 0)["leader"] == -1, FAILOVER, "the partition to go offline")
    wait_for(lambda: b not in cluster.registered_ids(), FAILOVER, "b's session to expire")
    cluster.brokers[b].launch()
    cluster.wait_serving(b, timeout=FAILOVER)
    assert partition_state(cluster, topic, 0)["leader"] == -1, "no clean election without unclean.leader.election"

    code, results, stderr = leader_election(cluster, "--preferred", "--topic", topic, "--partition", "0")
    assert (code, results) == (1, {(topic, 0): "PREFERRED_LEADER_NOT_AVAILABLE"}), stderr
    code, results, stderr = leader_election(cluster, "--unclean", "--topic", topic, "--partition", "0")
    assert (code, results) == (0, {(topic, 0): None}), stderr
    state = partition_state(cluster, topic, 0)
    assert (state["leader"], state["isr"]) == (b, [b])
    code, results, _ = leader_election(cluster, "--unclean", "--topic", topic, "--partition", "0")
    assert (code, results) == (0, {(topic, 0): "ELECTION_NOT_NEEDED"})
    wait_metadata_ready(cluster)
    assert produce_one_by_one(cluster, topic, [b"three"]) == [None], "the partition takes writes again"


def test_auto_leader_rebalance_gives_a_restarted_broker_its_leaderships_back(make_cluster):
    cluster = make_cluster(brokers=3, broker_config={
        **REPLICATED, "auto.leader.rebalance.enable": "true", "leader.imbalance.check.interval.seconds": 1,
        "leader.imbalance.per.broker.percentage": 0})
    wait_metadata_ready(cluster)
    topic, partitions = unique_topic(), 6
    create_topic(cluster, topic, partitions)
    preferred = {p: replicas[0] for p, replicas in assignment(cluster, topic).items()}
    victim = preferred[0]
    cluster.kill(victim, signal.SIGKILL)
    wait_for(lambda: all(leader_of(cluster, topic, p) not in (victim, -1) for p in range(partitions)), FAILOVER,
             f"leaderships to leave broker {victim}")
    wait_for(lambda: victim not in cluster.registered_ids(), FAILOVER, "the session to expire")
    cluster.brokers[victim].launch()
    cluster.wait_serving(victim, timeout=FAILOVER)
    wait_for(lambda: {p: leader_of(cluster, topic, p) for p in range(partitions)} == preferred, FAILOVER,
             f"broker {victim} to lead its preferred partitions again", interval=0.2)
    states = all_states(cluster, topic, partitions)
    assert all(len(s["isr"]) == 3 for s in states.values()), states


def test_unclean_leader_election_enabled_at_runtime_revives_a_partition(cluster):
    """`unclean.leader.election.enable` set as a dynamic cluster default reaches the running controller: when the
    only replica left is out of sync, it is elected without any broker restarting for the setting."""
    controller = cluster.wait_controller(10)
    a, b = [broker for broker in (1, 2, 3) if broker != controller]
    topic = unique_topic()
    create_topic(cluster, topic, replica_assignment=[[a, b]], config={"min.insync.replicas": "1"})
    assert produce_one_by_one(cluster, topic, [b"one"]) == [None]
    cluster.kill(b, signal.SIGKILL)
    wait_for(lambda: partition_state(cluster, topic, 0)["isr"] == [a], FAILOVER, "the ISR to shrink to a")

    altered = run_tributary("configs", "alter", "--bootstrap-server", cluster.brokers[controller].address,
                            "--entity-type", "brokers", "--entity-default",
                            "--add-config", "unclean.leader.election.enable=true")
    assert altered.returncode == 0, altered.stderr

    cluster.kill(a, signal.SIGKILL)
    wait_for(lambda: b not in cluster.registered_ids(), FAILOVER, "b's session to expire")
    cluster.brokers[b].launch()
    cluster.wait_serving(b, timeout=FAILOVER)
    wait_for(lambda: partition_state(cluster, topic, 0)["leader"] == b, FAILOVER,
             "the out-of-sync replica to be elected uncleanly")
    assert partition_state(cluster, topic, 0)["isr"] == [b]
    assert cluster.controller() == controller, "the controller that elected it never restarted"
