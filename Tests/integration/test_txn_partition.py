"""Transactions on the partition side, driven as a transaction coordinator would drive them: transactional
batches produced by hand (attributes bit 4, a producer id and epoch), WriteTxnMarkers sent on the
inter-broker REPLICATION listener. Checks the last stable offset, read_committed fetches (confluent-kafka,
kafka-python and raw Fetch with AbortedTransactions), ListOffsets by isolation level, fencing, DescribeProducers,
and that open and aborted transactions survive SIGKILL + restart and a leader failover."""

from __future__ import annotations

import signal
import time
import uuid

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer
from kafka import TopicPartition as KPTopicPartition

from harness import free_port, wait_for
from kafka_wire import Connection, record, record_batch

QUIET = {"log_level": 3}
TRANSACTIONAL = 0x10
CLUSTER_AUTHORIZATION_FAILED = 31
INVALID_PRODUCER_EPOCH = 47
TRANSACTION_COORDINATOR_FENCED = 52
TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53


def unique_topic(prefix: str = "txn") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def with_replication_listener(cluster, broker_ids, extra: dict | None = None):
    for broker_id in broker_ids:
        broker = cluster.add_broker(broker_id)
        replication_port = free_port()
        broker.config.update({
            "listeners": f"CLIENT://127.0.0.1:{broker.port},REPLICATION://127.0.0.1:{replication_port}",
            "advertised.listeners":
                f"CLIENT://127.0.0.1:{broker.port},REPLICATION://127.0.0.1:{replication_port}",
            "listener.security.protocol.map": "CLIENT:PLAINTEXT,REPLICATION:PLAINTEXT",
            "inter.broker.listener.name": "REPLICATION",
            **(extra or {}),
        })
        broker.replication_port = replication_port
    cluster.start(len(broker_ids))
    return cluster


@pytest.fixture
def single(make_cluster):
    # One offsets partition, so a group's offsets are always on __consumer_offsets-0.
    return with_replication_listener(make_cluster(), [1], {"offsets.topic.num.partitions": 1})


@pytest.fixture
def trio(make_cluster):
    return with_replication_listener(make_cluster(), [1, 2, 3], {
        "default.replication.factor": 3, "offsets.topic.replication.factor": 3,
        "replica.lag.time.max.ms": 2000, "replica.fetch.wait.max.ms": 100,
        "auto.leader.rebalance.enable": "false"})


def create_topic(cluster, topic: str, replication_factor: int) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=replication_factor)],
                        operation_timeout=30)[topic].result(60)

    def ready():
        state = cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state")
        metadata = admin.list_topics(topic, timeout=5).topics.get(topic)
        return (state is not None and len(state["isr"]) == replication_factor and metadata is not None
                and metadata.error is None and metadata.partitions[0].leader >= 0)
    wait_for(ready, 60, f"{topic} to have a leader and a full ISR")


def leader_port(cluster, topic: str) -> tuple[int, int]:
    """(client port, replication port) of the partition's leader."""
    leader = cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state")["leader"]
    broker = cluster.brokers[leader]
    return broker.port, broker.replication_port


class Partition:
    """One partition written to as producers and a coordinator would."""

    def __init__(self, cluster, topic: str):
        self.cluster = cluster
        self.topic = topic
        self.sequences: dict[tuple[int, int], int] = {}

    def produce(self, values: list[bytes], producer_id: int = -1, epoch: int = -1,
                transactional: bool = True, transactional_id: str | None = "app") -> dict:
        sequence = -1
        if producer_id >= 0:
            sequence = self.sequences.get((producer_id, epoch), 0)
        batch = record_batch([record(v, offset_delta=i) for i, v in enumerate(values)],
                             base_timestamp=int(time.time() * 1000),
                             attributes=TRANSACTIONAL if transactional else 0, producer_id=producer_id,
                             producer_epoch=epoch, base_sequence=sequence)
        port, _ = leader_port(self.cluster, self.topic)
        with Connection(port) as conn:
            answer = conn.request("Produce", 8, {
                "TransactionalId": transactional_id if transactional else None, "Acks": -1, "TimeoutMs": 10000,
                "TopicData": [{"Name": self.topic, "PartitionData": [{"Index": 0, "Records": batch}]}]})
        result = answer["Responses"][0]["PartitionResponses"][0]
        if producer_id >= 0 and result["ErrorCode"] == 0:
            self.sequences[(producer_id, epoch)] = sequence + len(values)
        return result

    def marker(self, producer_id: int, epoch: int, commit: bool, coordinator_epoch: int = 0,
               client_listener: bool = False) -> int:
        port, replication_port = leader_port(self.cluster, self.topic)
        with Connection(port if client_listener else replication_port) as conn:
            answer = conn.request("WriteTxnMarkers", 1, {"Markers": [{
                "ProducerId": producer_id, "ProducerEpoch": epoch, "TransactionResult": commit,
                "Topics": [{"Name": self.topic, "PartitionIndexes": [0]}],
                "CoordinatorEpoch": coordinator_epoch}]})
        return answer["Markers"][0]["Topics"][0]["Partitions"][0]["ErrorCode"]

    def fetch(self, isolation: int, offset: int = 0) -> dict:
        port, _ = leader_port(self.cluster, self.topic)
        with Connection(port) as conn:
            answer = conn.request("Fetch", 11, {
                "MaxWaitMs": 0, "MinBytes": 0, "MaxBytes": 1 << 20, "IsolationLevel": isolation,
                "Topics": [{"Topic": self.topic, "Partitions": [
                    {"Partition": 0, "FetchOffset": offset, "PartitionMaxBytes": 1 << 20}]}]})
        return answer["Responses"][0]["Partitions"][0]

    def latest(self, isolation: int) -> int:
        port, _ = leader_port(self.cluster, self.topic)
        with Connection(port) as conn:
            answer = conn.request("ListOffsets", 5, {
                "ReplicaId": -1, "IsolationLevel": isolation, "Topics": [{"Name": self.topic, "Partitions": [
                    {"Partition": 0, "CurrentLeaderEpoch": -1, "Timestamp": -1}]}]})
        return answer["Topics"][0]["Partitions"][0]["Offset"]

    def producers(self) -> dict[int, dict]:
        port, _ = leader_port(self.cluster, self.topic)
        with Connection(port) as conn:
            answer = conn.request("DescribeProducers", 0, {
                "Topics": [{"Name": self.topic, "PartitionIndexes": [0]}]})
        partition = answer["Topics"][0]["Partitions"][0]
        assert partition["ErrorCode"] == 0
        return {p["ProducerId"]: p for p in partition["ActiveProducers"]}


def confluent_values(cluster, topic: str, isolation: str, expected: int, settle: float = 3.0) -> list[bytes]:
    """Every value a confluent-kafka consumer with `isolation.level` reads from the start: waits for
    `expected` values, then `settle` seconds more to catch any extra one."""
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique_topic("g"),
                         "enable.auto.commit": False, "isolation.level": isolation, **QUIET})
    try:
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        values: list[bytes] = []
        deadline = time.monotonic() + 30
        settle_until = None
        while time.monotonic() < (settle_until or deadline):
            message = consumer.poll(0.2)
            if message is not None:
                if message.error():
                    if message.error().code() != KafkaError._PARTITION_EOF:
                        raise KafkaException(message.error())
                else:
                    values.append(message.value())
            if settle_until is None and len(values) >= expected:
                settle_until = time.monotonic() + settle
        return values
    finally:
        consumer.close()


def kafka_python_values(cluster, topic: str, expected: int, settle: float = 3.0) -> list[bytes]:
    consumer = KafkaConsumer(bootstrap_servers=cluster.bootstrap, group_id=None, enable_auto_commit=False,
                             isolation_level="read_committed", auto_offset_reset="earliest")
    try:
        assignment = KPTopicPartition(topic, 0)
        consumer.assign([assignment])
        consumer.seek_to_beginning(assignment)
        values: list[bytes] = []
        deadline = time.monotonic() + 30
        settle_until = None
        while time.monotonic() < (settle_until or deadline):
            for batch in consumer.poll(timeout_ms=200).values():
                values.extend(r.value for r in batch)
            if settle_until is None and len(values) >= expected:
                settle_until = time.monotonic() + settle
        return values
    finally:
        consumer.close()


def write_history(partition: Partition) -> None:
    """offset 0 plain · 1-2 committed (pid 5000) · 3 its marker · 4-5 aborted (pid 5001) · 6 its marker ·
    7 open (pid 5002) · 8 plain."""
    assert partition.produce([b"plain-0"], transactional=False)["ErrorCode"] == 0
    assert partition.produce([b"c1", b"c2"], 5000, 0)["ErrorCode"] == 0
    assert partition.marker(5000, 0, commit=True) == 0
    assert partition.produce([b"a1", b"a2"], 5001, 0)["ErrorCode"] == 0
    assert partition.marker(5001, 0, commit=False) == 0
    assert partition.produce([b"open-7"], 5002, 0)["BaseOffset"] == 7
    assert partition.produce([b"plain-8"], transactional=False)["BaseOffset"] == 8


COMMITTED = [b"plain-0", b"c1", b"c2"]
EVERYTHING = [b"plain-0", b"c1", b"c2", b"a1", b"a2", b"open-7", b"plain-8"]


def assert_open_transaction_state(partition: Partition) -> None:
    committed = partition.fetch(isolation=1)
    assert committed["ErrorCode"] == 0
    assert committed["HighWatermark"] == 9
    assert committed["LastStableOffset"] == 7, "the open transaction of pid 5002 starts at 7"
    assert [(a["ProducerId"], a["FirstOffset"]) for a in committed["AbortedTransactions"]] == [(5001, 4)]
    assert partition.latest(isolation=1) == 7
    assert partition.latest(isolation=0) == 9


def test_read_committed_stops_at_the_open_transaction_and_skips_aborted_ones(single):
    topic = unique_topic()
    create_topic(single, topic, 1)
    partition = Partition(single, topic)
    write_history(partition)

    assert_open_transaction_state(partition)
    uncommitted = partition.fetch(isolation=0)
    assert uncommitted["LastStableOffset"] == 7, "every Fetch v4+ answer carries the last stable offset"
    assert confluent_values(single, topic, "read_uncommitted", len(EVERYTHING)) == EVERYTHING
    assert confluent_values(single, topic, "read_committed", len(COMMITTED)) == COMMITTED
    assert kafka_python_values(single, topic, len(COMMITTED)) == COMMITTED

    producers = partition.producers()
    assert producers[5002]["CurrentTxnStartOffset"] == 7
    assert producers[5000]["CurrentTxnStartOffset"] == -1
    assert producers[5000]["LastSequence"] == 1

    # The coordinator commits the open transaction: the last stable offset reaches the high watermark.
    assert partition.marker(5002, 0, commit=True) == 0
    assert partition.fetch(isolation=1)["LastStableOffset"] == 10
    assert partition.latest(isolation=1) == 10
    expected = COMMITTED + [b"open-7", b"plain-8"]
    assert confluent_values(single, topic, "read_committed", len(expected)) == expected
    assert kafka_python_values(single, topic, len(expected)) == expected


def test_markers_are_fenced_and_refused_on_the_client_listener(single):
    topic = unique_topic()
    create_topic(single, topic, 1)
    partition = Partition(single, topic)
    refused = partition.produce([b"x"], 6000, 3, transactional_id=None)
    assert refused["ErrorCode"] == TRANSACTIONAL_ID_AUTHORIZATION_FAILED
    assert partition.produce([b"x"], 6000, 3)["ErrorCode"] == 0
    assert partition.marker(6000, 3, commit=True, client_listener=True) == CLUSTER_AUTHORIZATION_FAILED
    assert partition.marker(6000, 2, commit=True) == INVALID_PRODUCER_EPOCH
    assert partition.marker(6000, 3, commit=True, coordinator_epoch=5) == 0
    assert partition.marker(6000, 3, commit=True, coordinator_epoch=4) == TRANSACTION_COORDINATOR_FENCED
    # A fencing abort at a bumped epoch: the old epoch's writes are refused.
    assert partition.marker(6000, 4, commit=False, coordinator_epoch=5) == 0
    assert partition.produce([b"zombie"], 6000, 3)["ErrorCode"] == INVALID_PRODUCER_EPOCH
    assert partition.fetch(isolation=1)["LastStableOffset"] == partition.fetch(isolation=0)["HighWatermark"]


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "clean-shutdown"])
def test_open_and_aborted_transactions_survive_a_restart(single, stop):
    # SIGKILL: the producer state is rebuilt from the log; SIGTERM: from the snapshot written at shutdown.
    topic = unique_topic()
    create_topic(single, topic, 1)
    partition = Partition(single, topic)
    write_history(partition)
    assert_open_transaction_state(partition)

    single.kill(1, stop)
    if stop == signal.SIGTERM:
        partition_dir = single.brokers[1].data_dir / f"{topic}-0"
        assert list(partition_dir.glob("*.snapshot")), "a clean shutdown writes a producer snapshot"
    single.restart(1)
    wait_for(lambda: partition.fetch(isolation=1)["ErrorCode"] == 0, 60, "the restarted broker to lead again")
    assert_open_transaction_state(partition)
    assert confluent_values(single, topic, "read_committed", len(COMMITTED)) == COMMITTED
    assert partition.marker(5002, 0, commit=True) == 0
    assert partition.fetch(isolation=1)["LastStableOffset"] == 10


def test_a_new_leader_serves_the_same_transactions(trio):
    topic = unique_topic()
    create_topic(trio, topic, 3)
    partition = Partition(trio, topic)
    write_history(partition)
    assert_open_transaction_state(partition)
    old_leader = trio.read_json(f"/brokers/topics/{topic}/partitions/0/state")["leader"]
    # Every follower has the whole log (acks=all), so any of them can take over.
    trio.kill(old_leader, signal.SIGKILL)

    def new_leader():
        state = trio.read_json(f"/brokers/topics/{topic}/partitions/0/state")
        return state["leader"] not in (-1, old_leader) and partition.fetch(isolation=1)["ErrorCode"] == 0
    wait_for(new_leader, 60, "a new leader to serve the partition")
    wait_for(lambda: partition.fetch(isolation=1)["HighWatermark"] == 9, 30, "the new leader's high watermark")
    assert_open_transaction_state(partition)
    assert confluent_values(trio, topic, "read_committed", len(COMMITTED)) == COMMITTED
    assert partition.marker(5002, 0, commit=True) == 0
    wait_for(lambda: partition.fetch(isolation=1)["LastStableOffset"] == 10, 30,
             "the commit to be replicated to the remaining ISR")


UNSTABLE_OFFSET_COMMIT = 88


def committed_offset(cluster, group: str, topic: str, require_stable: bool) -> tuple[int, int]:
    """(offset, error code) of the group's partition 0 as OffsetFetch v7 answers it."""
    with Connection(cluster.brokers[1].port) as conn:
        answer = conn.request("OffsetFetch", 7, {"GroupId": group, "RequireStable": require_stable,
                                                 "Topics": [{"Name": topic, "PartitionIndexes": [0]}]})
    partition = answer["Topics"][0]["Partitions"][0]
    return partition["CommittedOffset"], partition["ErrorCode"]


def test_transactional_offsets_become_visible_only_on_commit(single):
    topic = unique_topic()
    create_topic(single, topic, 1)
    group = unique_topic("group")

    def coordinator_ready():
        with Connection(single.brokers[1].port) as conn:
            return conn.request("FindCoordinator", 1, {"Key": group, "KeyType": 0})["ErrorCode"] == 0
    wait_for(coordinator_ready, 60, "the group coordinator")
    offsets = Partition(single, "__consumer_offsets")

    def txn_commit(producer_id: int, offset: int) -> int:
        with Connection(single.brokers[1].port) as conn:
            answer = conn.request("TxnOffsetCommit", 3, {
                "TransactionalId": "app", "GroupId": group, "ProducerId": producer_id, "ProducerEpoch": 0,
                "GenerationId": -1, "MemberId": "", "GroupInstanceId": None,
                "Topics": [{"Name": topic, "Partitions": [
                    {"PartitionIndex": 0, "CommittedOffset": offset, "CommittedLeaderEpoch": -1,
                     "CommittedMetadata": "eos"}]}]})
        return answer["Topics"][0]["Partitions"][0]["ErrorCode"]

    # An aborted transaction's offsets never show.
    assert txn_commit(7000, 11) == 0
    assert committed_offset(single, group, topic, require_stable=True) == (-1, UNSTABLE_OFFSET_COMMIT)
    assert committed_offset(single, group, topic, require_stable=False) == (-1, 0)
    assert offsets.marker(7000, 0, commit=False) == 0
    assert committed_offset(single, group, topic, require_stable=True) == (-1, 0)

    # An open transaction's offsets stay pending across a restart (the offsets partition is loaded again),
    # and its commit makes them the group's.
    assert txn_commit(7001, 22) == 0
    single.kill(1, signal.SIGKILL)
    single.restart(1)

    def reloaded():
        offset, error = committed_offset(single, group, topic, require_stable=True)
        return error == UNSTABLE_OFFSET_COMMIT
    wait_for(reloaded, 60, "the restarted coordinator to load the pending offsets")
    assert offsets.marker(7001, 0, commit=True) == 0
    assert committed_offset(single, group, topic, require_stable=True) == (22, 0)
