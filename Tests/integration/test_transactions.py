"""Transactions end to end with confluent-kafka (librdkafka) and real brokers: init_transactions through
FindCoordinator(TRANSACTION), commits and aborts, fencing of a producer by a second one with the same
transactional.id, the abort of a transaction left open by a killed producer, the coordinator's failover, and
DescribeTransactions / ListTransactions (`tributary transactions`).

Completing a transaction needs the partition leaders to write markers (WriteTxnMarkers); where a broker does
not serve it, the tests that need completed transactions are skipped."""

from __future__ import annotations

import json
import logging
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

import kafka_wire as kw
from harness import WaitTimeout, _die_with_parent, run_tributary, wait_for
from test_groups import create_topic, unique

QUIET = {"log_level": 3}
PRODUCER_SCRIPT = Path(__file__).with_name("txn_producer.py")
WRITE_TXN_MARKERS = 27
TRANSACTION_STATE_PARTITIONS = 3


def txn_cluster(make_cluster, brokers: int, **extra):
    replication = min(brokers, 3)
    return make_cluster(brokers=brokers, broker_config={
        "transaction.state.log.replication.factor": replication,
        "transaction.state.log.min.isr": min(replication, 2),
        "transaction.state.log.num.partitions": TRANSACTION_STATE_PARTITIONS,
        "offsets.topic.replication.factor": replication, "offsets.topic.num.partitions": 3,
        "default.replication.factor": replication,
        "transaction.abort.timed.out.transaction.cleanup.interval.ms": 500,
        **extra})


def transactional_producer(cluster, transactional_id: str, **config) -> Producer:
    return Producer({"bootstrap.servers": cluster.bootstrap, "transactional.id": transactional_id,
                     "linger.ms": 5, **QUIET, **config})


def open_transaction(cluster, transactional_id: str, records: list[tuple[str, bytes, int]]) -> Producer:
    """A producer with a transaction left open (2-minute timeout) holding `records` (topic, value, partition),
    all acknowledged."""
    producer = transactional_producer(cluster, transactional_id, **{"transaction.timeout.ms": 120000})
    producer.init_transactions(60)
    producer.begin_transaction()
    for topic, value, partition in records:
        producer.produce(topic, value=value, partition=partition)
    assert producer.flush(30) == 0
    return producer


def coordinator(cluster, key: str, key_type: int = 1) -> int:
    """The node id FindCoordinator names for a transactional id (key type 1) or a group (0), once there is one."""
    port = next(b.port for b in cluster.brokers.values() if b.is_running())

    def found():
        answer = kw.request(port, "FindCoordinator", 1, {"Key": key, "KeyType": key_type})
        return answer["NodeId"] if answer["ErrorCode"] == 0 else None
    return wait_for(found, 60, f"a coordinator for {key}")


def describe(cluster, transactional_id: str) -> dict:
    node = coordinator(cluster, transactional_id)
    answer = kw.request(cluster.brokers[node].port, "DescribeTransactions", 0,
                        {"TransactionalIds": [transactional_id]})
    return answer["TransactionStates"][0]


def markers_served(cluster) -> bool:
    port = next(b.port for b in cluster.brokers.values() if b.is_running())
    answer = kw.request(port, "ApiVersions", 0, {})
    return any(api["ApiKey"] == WRITE_TXN_MARKERS for api in answer["ApiKeys"])


def require_markers(cluster) -> None:
    if not markers_served(cluster):
        pytest.skip("the brokers do not serve WriteTxnMarkers: transactions cannot complete")


def read_all(cluster, topic: str, isolation: str, expected: int, timeout: float = 30) -> list[str]:
    # Assigned, not subscribed: no group, so no offsets topic is needed (it may not exist with a broker down).
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("reader"),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "isolation.level": isolation, **QUIET})
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
    values: list[str] = []

    def take() -> None:
        values.extend(m.value().decode() for m in consumer.consume(1000, timeout=0.5) if not m.error())

    try:
        wait_for(lambda: take() or len(values) >= expected, timeout, f"{expected} {isolation} records from {topic}")
        # Nothing more arrives: the count is exact.
        for _ in range(4):
            take()
    finally:
        consumer.close()
    return values


# ---------------------------------------------------------------------------------------


def test_a_second_producer_with_the_same_id_fences_the_first(make_cluster):
    cluster = txn_cluster(make_cluster, 1)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 1, 1)
    first = transactional_producer(cluster, txn)
    first.init_transactions(60)
    initial = describe(cluster, txn)
    assert initial["ErrorCode"] == 0 and initial["TransactionState"] == "Empty"
    assert initial["ProducerEpoch"] == 0

    second = transactional_producer(cluster, txn)
    second.init_transactions(60)
    bumped = describe(cluster, txn)
    assert bumped["ProducerId"] == initial["ProducerId"] and bumped["ProducerEpoch"] == 1

    # The first producer's next request to the coordinator is refused: a fatal, fenced error.
    first.begin_transaction()
    first.produce(topic, value=b"zombie", partition=0)
    with pytest.raises(KafkaException) as raised:
        first.commit_transaction(30)
    error = raised.value.args[0]
    assert error.fatal() or error.code() in (KafkaError._FENCED, KafkaError.PRODUCER_FENCED,
                                             KafkaError.INVALID_PRODUCER_EPOCH), error
    # The second one carries on.
    second.begin_transaction()
    second.produce(topic, value=b"live", partition=0)
    assert second.flush(30) == 0
    assert describe(cluster, txn)["TransactionState"] == "Ongoing"


def test_describe_and_list_show_an_open_transaction_and_refuse_bad_requests(make_cluster):
    cluster = txn_cluster(make_cluster, 1)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 2, 1)
    producer = open_transaction(cluster, txn, [(topic, b"a", 0), (topic, b"b", 1)])

    state = describe(cluster, txn)
    assert state["TransactionState"] == "Ongoing" and state["TransactionTimeoutMs"] == 120000
    assert state["TransactionStartTimeMs"] > 0
    assert state["Topics"] == [{"Topic": topic, "Partitions": [0, 1]}]
    port = cluster.brokers[1].port
    listed = kw.request(port, "ListTransactions", 0, {"StateFilters": ["Ongoing", "Bogus"], "ProducerIdFilters": []})
    assert listed["ErrorCode"] == 0 and listed["UnknownStateFilters"] == ["Bogus"]
    assert [t["TransactionalId"] for t in listed["TransactionStates"]] == [txn]
    only_unknown = kw.request(port, "ListTransactions", 0, {"StateFilters": ["Bogus"], "ProducerIdFilters": []})
    assert only_unknown["TransactionStates"] == []
    unknown = kw.request(port, "DescribeTransactions", 0, {"TransactionalIds": ["nobody-" + txn]})
    assert unknown["TransactionStates"][0]["ErrorCode"] == 105  # TRANSACTIONAL_ID_NOT_FOUND

    # The CLI shows the same, as kafka-transactions.sh does.
    listed_cli = run_tributary("transactions", "list", "--bootstrap-server", cluster.bootstrap, "--output", "json")
    assert listed_cli.returncode == 0, listed_cli.stderr
    assert {"transactional_id": txn, "coordinator": 1, "producer_id": state["ProducerId"],
            "state": "Ongoing"} in json.loads(listed_cli.stdout)
    described_cli = run_tributary("transactions", "describe", "--transactional-id", txn,
                                  "--bootstrap-server", cluster.bootstrap)
    assert described_cli.returncode == 0, described_cli.stderr
    header, row = described_cli.stdout.splitlines()[:2]
    assert header.split()[:5] == ["CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch", "TransactionState"]
    assert row.split()[1:5] == [txn, str(state["ProducerId"]), str(state["ProducerEpoch"]), "Ongoing"]
    assert row.split()[-1] == f"{topic}-0,{topic}-1"
    unknown_cli = run_tributary("transactions", "describe", "--transactional-id", "nobody-" + txn,
                                "--bootstrap-server", cluster.bootstrap)
    assert unknown_cli.returncode != 0 and "TRANSACTIONAL_ID_NOT_FOUND" in unknown_cli.stderr
    metadata = kw.request(port, "Metadata", 1, {"Topics": [{"Name": "__transaction_state"}]})
    assert metadata["Topics"][0]["IsInternal"] is True

    # Kafka's error codes for requests that do not fit the state.
    init = kw.request(port, "InitProducerId", 1, {"TransactionalId": txn, "TransactionTimeoutMs": 900001})
    assert init["ErrorCode"] == 50  # INVALID_TRANSACTION_TIMEOUT
    end = kw.request(port, "EndTxn", 1, {"TransactionalId": txn, "ProducerId": state["ProducerId"] + 1000,
                                         "ProducerEpoch": 0, "Committed": True})
    assert end["ErrorCode"] == 49  # INVALID_PRODUCER_ID_MAPPING
    stale = kw.request(port, "EndTxn", 1, {"TransactionalId": txn, "ProducerId": state["ProducerId"],
                                           "ProducerEpoch": state["ProducerEpoch"] + 5, "Committed": True})
    assert stale["ErrorCode"] == 47  # INVALID_PRODUCER_EPOCH before v2
    stale3 = kw.request(port, "EndTxn", 3, {"TransactionalId": txn, "ProducerId": state["ProducerId"],
                                            "ProducerEpoch": state["ProducerEpoch"] + 5, "Committed": True})
    assert stale3["ErrorCode"] == 90  # PRODUCER_FENCED
    missing = kw.request(port, "AddPartitionsToTxn", 1, {
        "TransactionalId": txn, "ProducerId": state["ProducerId"], "ProducerEpoch": state["ProducerEpoch"],
        "Topics": [{"Name": "no-such-topic", "Partitions": [0]}, {"Name": topic, "Partitions": [0]}]})
    codes = {r["Name"]: r["Results"][0]["ErrorCode"] for r in missing["Results"]}
    assert codes == {"no-such-topic": 3, topic: 55}  # UNKNOWN_TOPIC_OR_PARTITION, OPERATION_NOT_ATTEMPTED


def test_committed_transactions_are_read_and_aborted_ones_are_not(make_cluster):
    cluster = txn_cluster(make_cluster, 1)
    require_markers(cluster)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 2, 1)
    producer = transactional_producer(cluster, txn)
    producer.init_transactions(60)
    expected_committed = []
    for n in range(6):
        producer.begin_transaction()
        values = [f"{n}-{i}" for i in range(5)]
        for i, value in enumerate(values):
            producer.produce(topic, value=value.encode(), partition=i % 2)
        if n % 2 == 0:
            producer.commit_transaction(30)
            expected_committed += values
        else:
            # Sent before the abort (librdkafka drops what it has not sent yet), so they reach the log.
            assert producer.flush(30) == 0
            producer.abort_transaction(30)
    assert wait_for(lambda: describe(cluster, txn)["TransactionState"] in ("CompleteCommit", "CompleteAbort"),
                    30, "the last transaction to complete")
    committed = read_all(cluster, topic, "read_committed", len(expected_committed))
    assert sorted(committed) == sorted(expected_committed)
    everything = read_all(cluster, topic, "read_uncommitted", 30)
    assert len(everything) == 30


def test_a_transaction_left_open_by_a_killed_producer_is_aborted_after_its_timeout(make_cluster):
    cluster = txn_cluster(make_cluster, 1)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 1, 1)
    process = subprocess.Popen([sys.executable, str(PRODUCER_SCRIPT), cluster.bootstrap, txn, topic, "5", "3000"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_die_with_parent)
    cluster.extra_processes.append(process)
    try:
        assert process.stdout.readline().strip() == "OPEN", process.stderr.read()
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    opened = describe(cluster, txn)
    assert opened["TransactionState"] == "Ongoing"

    completing = ("PrepareAbort", "CompleteAbort") if not markers_served(cluster) else ("CompleteAbort",)
    aborted = wait_for(lambda: (lambda s: s if s["TransactionState"] in completing else None)(describe(cluster, txn)),
                       30, "the timed-out transaction to be aborted")
    assert aborted["ProducerEpoch"] == opened["ProducerEpoch"] + 1, "the abort fenced the killed producer"
    if markers_served(cluster):
        # read_committed consumers move past the aborted records.
        producer = transactional_producer(cluster, unique("txn"))
        producer.init_transactions(60)
        producer.begin_transaction()
        producer.produce(topic, value=b"after", partition=0)
        producer.commit_transaction(30)
        assert read_all(cluster, topic, "read_committed", 1) == ["after"]


def test_the_next_coordinator_loads_the_state_and_the_producer_carries_on(make_cluster):
    cluster = txn_cluster(make_cluster, 3)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 1, 3)
    producer = open_transaction(cluster, txn, [(topic, b"before", 0)])
    before = describe(cluster, txn)
    assert before["TransactionState"] == "Ongoing"

    old = coordinator(cluster, txn)
    cluster.kill(old, signal.SIGKILL)

    def moved():
        node = coordinator(cluster, txn)
        return node if node != old else None
    new = wait_for(moved, 60, "a new transaction coordinator")
    after = wait_for(lambda: (lambda s: s if s["ErrorCode"] == 0 else None)(describe(cluster, txn)), 30,
                     "the new coordinator to load the transaction")
    for field in ("TransactionState", "ProducerId", "ProducerEpoch", "Topics", "TransactionStartTimeMs"):
        assert after[field] == before[field], field
    assert new != old
    if markers_served(cluster):
        producer.produce(topic, value=b"after", partition=0)
        producer.commit_transaction(60)
        assert sorted(read_all(cluster, topic, "read_committed", 2)) == ["after", "before"]


def retrying(call, attempts: int = 10) -> None:
    """A transactional call again after a retriable error (a timeout, a coordinator moving), as librdkafka asks."""
    for attempt in range(attempts):
        try:
            return call()
        except KafkaException as error:
            if not error.args[0].retriable() or attempt == attempts - 1:
                raise


class Transformer:
    """Consume-transform-produce with exactly-once semantics: read `source` (read_committed), write each value
    upper-cased to `sink` and the consumed offsets in the same transaction; an abortable error aborts and rewinds
    the consumer to the group's committed offsets."""

    def __init__(self, cluster, source: str, sink: str, group: str, expected: int, transactional_id: str):
        self.source, self.sink, self.expected = source, sink, expected
        self.consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": group,
                                  "auto.offset.reset": "earliest", "enable.auto.commit": False,
                                  # Long enough for the group to outlive a coordinator's failover.
                                  "isolation.level": "read_committed", "session.timeout.ms": 30000, **QUIET})
        self.transactional_id = transactional_id
        # librdkafka's transaction steps go to a file attached to a failing report: a stuck transaction is
        # otherwise invisible from the test.
        log_path = cluster.workdir / "transformer-producer.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        client_log = logging.getLogger(f"transformer-{self.transactional_id}")
        client_log.propagate = False
        client_log.addHandler(logging.FileHandler(log_path))
        client_log.setLevel(logging.DEBUG)
        cluster.extra_logs.append(("transformer's producer (librdkafka eos debug)", log_path))
        self.producer = transactional_producer(cluster, self.transactional_id, **{
            "transaction.timeout.ms": 30000, "debug": "eos,broker", "log_level": 7, "logger": client_log})
        # The client's log reaches the logger only when the producer is polled: poll from a thread of its own, so
        # the log keeps coming while the test's thread is blocked in a transactional call.
        self.closed = threading.Event()
        threading.Thread(target=self._serve_log, daemon=True).start()
        self.producer.init_transactions(60)
        self.consumer.subscribe([source])
        self.committed = 0
        self.aborts = 0

    def _serve_log(self) -> None:
        while not self.closed.is_set():
            self.producer.poll(0.2)

    def rewind(self) -> None:
        assignment = self.consumer.assignment()
        for position in self.consumer.committed(assignment, timeout=30):
            self.consumer.seek(position if position.offset >= 0 else
                               TopicPartition(position.topic, position.partition, -2))

    def step(self) -> None:
        messages = [m for m in self.consumer.consume(200, timeout=1) if not m.error()]
        if not messages:
            return
        self.producer.begin_transaction()
        try:
            for message in messages:
                self.producer.produce(self.sink, value=message.value().upper(), partition=message.partition())
            offsets = self.consumer.position(self.consumer.assignment())
            group = self.consumer.consumer_group_metadata()
            retrying(lambda: self.producer.send_offsets_to_transaction(offsets, group, 60))
            retrying(lambda: self.producer.commit_transaction(60))
            self.committed += len(messages)
        except KafkaException as error:
            if error.args[0].fatal() or not error.args[0].txn_requires_abort():
                raise
            self.aborts += 1
            retrying(lambda: self.producer.abort_transaction(60))
            self.rewind()

    def run_until(self, committed: int, timeout: float, what: str) -> None:
        """Steps until `committed` records went through. An error a step does not handle fails the test with
        that error: a transaction left half-done by one would make every later step meaningless."""
        deadline = time.monotonic() + timeout
        while self.committed < committed:
            if time.monotonic() >= deadline:
                raise WaitTimeout(f"timed out after {timeout:.0f}s waiting for {what}: {self.committed} of "
                                  f"{committed} committed, {self.aborts} aborted transactions")
            self.step()

    def close(self) -> None:
        self.closed.set()
        self.consumer.close()


def test_consume_transform_produce_is_exactly_once_across_coordinator_and_leader_kills(make_cluster):
    cluster = txn_cluster(make_cluster, 3)
    require_markers(cluster)
    source, sink, group = unique("in"), unique("out"), unique("etl")
    create_topic(cluster, source, 3, 3)
    create_topic(cluster, sink, 3, 3)
    total = 3000
    loader = Producer({"bootstrap.servers": cluster.bootstrap, "enable.idempotence": True, **QUIET})
    for n in range(total):
        loader.produce(source, value=f"record-{n:05d}".encode(), partition=n % 3)
    assert loader.flush(60) == 0

    # The group's coordinator stays up: librdkafka 2.x drops a broker that leaves the Metadata answer, and a
    # send_offsets_to_transaction whose cached group coordinator was dropped then hangs past its timeout
    # (confluentinc/librdkafka#5511, open), whoever the broker is. So the transactional id is one whose
    # coordinator is another broker, and the leader killed leads a sink partition elsewhere too.
    group_coordinator = coordinator(cluster, group, key_type=0)
    transactional_id = next(candidate for candidate in (unique("etl") for _ in range(1000))
                            if coordinator(cluster, candidate) != group_coordinator)
    transformer = Transformer(cluster, source, sink, group, total, transactional_id)
    try:
        transformer.run_until(total // 3, 120, "a third transformed")
        # SIGKILL the transaction coordinator of the transformer's id, then the leader of a sink partition.
        victim = coordinator(cluster, transactional_id)
        cluster.kill(victim, signal.SIGKILL)
        transformer.run_until(2 * total // 3, 180, "two thirds transformed after the coordinator's kill")
        cluster.restart(victim)
        admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})

        def leader_elsewhere():
            leaders = {p.leader for p in admin.list_topics(sink, timeout=10).topics[sink].partitions.values()}
            return min(leaders - {group_coordinator, -1}, default=None)
        leader = wait_for(leader_elsewhere, 30, "a sink partition led by another broker than the group coordinator")
        cluster.kill(leader, signal.SIGKILL)
        transformer.run_until(total, 180, "everything transformed after the leader's kill")
    finally:
        transformer.close()

    # The verifier: the sink holds every input exactly once, and the group's offsets are the inputs' ends.
    output = read_all(cluster, sink, "read_committed", total, timeout=60)
    assert sorted(output) == sorted(f"RECORD-{n:05d}" for n in range(total))
    verifier = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": group, **QUIET})
    committed = verifier.committed([TopicPartition(source, p) for p in range(3)], timeout=30)
    verifier.close()
    assert {c.partition: c.offset for c in committed} == {p: total // 3 for p in range(3)}


def test_cli_describes_producers_finds_no_hanging_transaction_and_aborts_one_by_hand(make_cluster):
    cluster = txn_cluster(make_cluster, 1)
    require_markers(cluster)
    topic, txn = unique("t"), unique("txn")
    create_topic(cluster, topic, 1, 1)
    producer = open_transaction(cluster, txn, [(topic, b"open", 0)])
    producer_id = describe(cluster, txn)["ProducerId"]
    options = ("--bootstrap-server", cluster.bootstrap)

    described = run_tributary("transactions", "describe-producers", "--topic", topic, "--partition", "0", *options)
    assert described.returncode == 0, described.stderr
    header, row = described.stdout.splitlines()[:2]
    assert header.split() == ["ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
                              "LastTimestamp", "CurrentTransactionStartOffset"]
    assert row.split()[0] == str(producer_id) and row.split()[-1] == "0"

    # Its coordinator is completing it (Ongoing, with this partition): not hanging, however old.
    hanging = run_tributary("transactions", "find-hanging", "--broker-id", "1", "--max-transaction-timeout", "0",
                            *options)
    assert hanging.returncode == 0, hanging.stderr
    assert hanging.stdout.splitlines()[1:] == []

    # The operator's abort writes the marker at the leader: the transaction no longer holds the partition open.
    aborted = run_tributary("transactions", "abort", "--topic", topic, "--partition", "0", "--start-offset", "0",
                            *options)
    assert aborted.returncode == 0, aborted.stderr
    after = run_tributary("transactions", "describe-producers", "--topic", topic, "--partition", "0", *options)
    assert after.stdout.splitlines()[1].split()[-1] == "None"
    port = cluster.brokers[1].port
    stable = kw.request(port, "ListOffsets", 2, {"ReplicaId": -1, "IsolationLevel": 1, "Topics": [
        {"Name": topic, "Partitions": [{"PartitionIndex": 0, "Timestamp": -1}]}]})
    assert stable["Topics"][0]["Partitions"][0]["Offset"] == 2  # the record and the abort marker
    missing = run_tributary("transactions", "abort", "--topic", topic, "--partition", "0", "--start-offset", "7",
                            *options)
    assert missing.returncode != 0
