"""Wire protocol and log, seen through real Kafka clients against one broker: kcat
(librdkafka 2.0.2), confluent-kafka (newer librdkafka) and kafka-python. Covers
produce/consume with every codec, keys and headers, idempotence, cross-client
agreement, auto topic creation, ListOffsets, durability across SIGKILL, garbage on the
socket, oversized messages and the admin APIs (with their ZooKeeper footprint)."""

from __future__ import annotations

import json
import random
import socket
import struct
import subprocess
import time
import uuid
import warnings
from pathlib import Path

import pytest
from confluent_kafka import (OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer,
                             TopicPartition)
from confluent_kafka.admin import AdminClient, ConfigResource, NewPartitions, NewTopic
from kafka import KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KPTopicPartition
from kafka.errors import MessageSizeTooLargeError

from harness import wait_for

CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
QUIET = {"log_level": 3}  # librdkafka: errors only; reconnect chatter is expected in some tests


def unique_topic(prefix: str = "t") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def cluster(make_cluster):
    return make_cluster(brokers=1)


# ---------------------------------------------------------------------------------------
# Client helpers. A record is compared as (key, value, headers) with bytes throughout.


def admin_for(cluster) -> AdminClient:
    return AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})


def create_topic(cluster, topic: str, partitions: int = 1, config: dict | None = None) -> None:
    """CreateTopics through AdminClient, then waits until metadata shows a leader for
    every partition."""
    admin = admin_for(cluster)
    futures = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1,
                                            config=config or {})], operation_timeout=30)
    futures[topic].result(60)
    wait_for_leaders(admin, topic, partitions)


def wait_for_leaders(admin: AdminClient, topic: str, partitions: int) -> None:
    def ready():
        metadata = admin.list_topics(timeout=5).topics.get(topic)
        return (metadata is not None and metadata.error is None
                and len(metadata.partitions) == partitions
                and all(p.leader == 1 for p in metadata.partitions.values()))
    wait_for(ready, 60, f"{topic} to have {partitions} partitions with leader 1")


def confluent_produce(cluster, topic: str, records, partition: int | None = 0,
                      timeout: float = 60, **config):
    """Produces (key, value, headers[, timestamp_ms]) records; returns one
    (error, partition, offset) per record, in production order."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "linger.ms": 20, **QUIET, **config})
    reports: dict[int, tuple] = {}

    def reporter(index):
        return lambda error, message: reports.__setitem__(
            index, (error, message.partition(), message.offset()))

    for index, record in enumerate(records):
        key, value, headers = record[:3]
        extra = {"timestamp": record[3]} if len(record) > 3 else {}
        if partition is not None:
            extra["partition"] = partition
        producer.produce(topic, value=value, key=key, headers=headers or None,
                         on_delivery=reporter(index), **extra)
        producer.poll(0)
    remaining = producer.flush(timeout)
    assert remaining == 0, f"{remaining} records still undelivered after {timeout}s"
    return [reports[i] for i in range(len(records))]


def assert_delivered(reports) -> list[int]:
    errors = [error for error, _, _ in reports if error is not None]
    assert not errors, f"delivery failed: {errors[:3]}"
    return [offset for _, _, offset in reports]


def confluent_consume(cluster, topic: str, count: int, partition: int = 0, timeout: float = 30,
                      start=OFFSET_BEGINNING):
    """Reads `count` records from one partition with manual assignment; returns
    (offset, key, value, headers, timestamp) tuples."""
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique_topic("g"),
                         "enable.auto.commit": False, "auto.offset.reset": "earliest", **QUIET})
    try:
        consumer.assign([TopicPartition(topic, partition, start)])
        records = []
        deadline = time.monotonic() + timeout
        while len(records) < count and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(message.error())
            records.append((message.offset(), message.key(), message.value(),
                            [(k, v) for k, v in (message.headers() or [])], message.timestamp()[1]))
        assert len(records) >= count, f"consumed {len(records)} of {count} records of {topic}"
        return records[:count]
    finally:
        consumer.close()


def kafka_python_consume(cluster, topic: str, count: int, partition: int = 0, timeout: float = 30):
    consumer = KafkaConsumer(bootstrap_servers=cluster.bootstrap, group_id=None,
                             enable_auto_commit=False, auto_offset_reset="earliest")
    try:
        assignment = KPTopicPartition(topic, partition)
        consumer.assign([assignment])
        consumer.seek_to_beginning(assignment)
        records = []
        deadline = time.monotonic() + timeout
        while len(records) < count and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend((r.offset, r.key, r.value, [(k, v) for k, v in r.headers], r.timestamp)
                               for r in batch)
        assert len(records) >= count, f"kafka-python consumed {len(records)} of {count} records"
        return records[:count]
    finally:
        consumer.close()


def kcat(*args: str, input_text: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    result = subprocess.run(["kcat", *args], input=input_text, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"kcat {' '.join(args)} failed: {result.stderr}"
    return result


def kcat_consume(cluster, topic: str, count: int, partition: int = 0):
    result = kcat("-C", "-b", cluster.bootstrap, "-t", topic, "-p", str(partition), "-o", "beginning",
                  "-c", str(count), "-e", "-J", "-q")
    records = []
    for line in result.stdout.splitlines():
        message = json.loads(line)
        flat = message.get("headers") or []
        headers = [(flat[i], flat[i + 1].encode()) for i in range(0, len(flat), 2)]
        key = None if message.get("key") is None else message["key"].encode()
        records.append((message["offset"], key, message["payload"].encode(), headers, message["ts"]))
    assert len(records) == count, f"kcat read {len(records)} of {count}: {result.stderr}"
    return records


def without_timestamps(records):
    return [record[:4] for record in records]


# ---------------------------------------------------------------------------------------
# kcat


def test_kcat_metadata_lists_broker_and_topic(cluster):
    topic = unique_topic()
    create_topic(cluster, topic, partitions=3)
    metadata = json.loads(kcat("-b", cluster.bootstrap, "-L", "-J", "-t", topic).stdout)
    port = cluster.brokers[1].port
    assert [(b["id"], b["name"]) for b in metadata["brokers"]] == [(1, f"127.0.0.1:{port}")]
    assert metadata["controllerid"] == 1
    [described] = [t for t in metadata["topics"] if t["topic"] == topic]
    partitions = sorted(described["partitions"], key=lambda p: p["partition"])
    assert [p["partition"] for p in partitions] == [0, 1, 2]
    for p in partitions:
        assert p["leader"] == 1
        assert [r["id"] for r in p["replicas"]] == [1]
        assert [r["id"] for r in p["isrs"]] == [1]


def test_kcat_produces_and_consumes_keys_and_headers(cluster):
    topic = unique_topic()
    create_topic(cluster, topic)
    lines = "".join(f"key-{i}:value-{i}\n" for i in range(20))
    kcat("-P", "-b", cluster.bootstrap, "-t", topic, "-p", "0", "-K", ":", "-H", "source=kcat",
         input_text=lines)
    records = kcat_consume(cluster, topic, 20)
    assert without_timestamps(records) == [
        (i, f"key-{i}".encode(), f"value-{i}".encode(), [("source", b"kcat")]) for i in range(20)]


# ---------------------------------------------------------------------------------------
# confluent-kafka and kafka-python


@pytest.mark.parametrize("codec", CODECS)
def test_every_codec_round_trips_between_clients(cluster, codec):
    topic = unique_topic(codec)
    create_topic(cluster, topic)
    # Repetitive values compress well, so compressed batches really differ from plain ones.
    confluent_records = [(f"k{i}".encode(), (f"confluent {codec} {i} " * 20).encode(),
                          [("codec", codec.encode()), ("n", str(i).encode())]) for i in range(300)]
    assert assert_delivered(confluent_produce(cluster, topic, confluent_records,
                                              **{"compression.type": codec})) == list(range(300))

    producer = KafkaProducer(bootstrap_servers=cluster.bootstrap,
                             compression_type=None if codec == "none" else codec, linger_ms=20)
    python_records = [(f"p{i}".encode(), (f"kafka-python {codec} {i} " * 20).encode(),
                       [("codec", codec.encode())]) for i in range(200)]
    futures = [producer.send(topic, key=k, value=v, headers=h, partition=0) for k, v, h in python_records]
    producer.flush(60)
    assert [f.get(timeout=30).offset for f in futures] == list(range(300, 500))
    producer.close()

    expected = [(offset, *record) for offset, record in enumerate(confluent_records + python_records)]
    assert without_timestamps(confluent_consume(cluster, topic, 500)) == expected
    assert without_timestamps(kafka_python_consume(cluster, topic, 500)) == expected


def test_idempotent_producer_delivers_each_record_once_in_order(cluster):
    topic = unique_topic("idem")
    create_topic(cluster, topic)
    records = [(f"k{i}".encode(), f"v{i}".encode(), None) for i in range(3000)]
    reports = confluent_produce(cluster, topic, records, **{
        "enable.idempotence": True, "acks": "all", "max.in.flight.requests.per.connection": 5,
        "linger.ms": 1, "batch.num.messages": 100})
    assert assert_delivered(reports) == list(range(3000))
    consumed = confluent_consume(cluster, topic, 3000)
    assert [(o, k, v) for o, k, v, _, _ in consumed] == [(i, k, v) for i, (k, v, _) in enumerate(records)]
    latest = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": "x", **QUIET})
    try:
        assert latest.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False) == (0, 3000)
    finally:
        latest.close()


def test_three_clients_see_each_others_records(cluster):
    topic = unique_topic("mixed")
    create_topic(cluster, topic)

    confluent_records = [(f"c{i}".encode(), f"from confluent {i}".encode(),
                          [("origin", b"confluent"), ("n", str(i).encode())]) for i in range(5)]
    assert_delivered(confluent_produce(cluster, topic, confluent_records))

    producer = KafkaProducer(bootstrap_servers=cluster.bootstrap)
    python_records = [(f"p{i}".encode(), f"from kafka-python {i}".encode(),
                       [("origin", b"kafka-python"), ("n", str(i).encode())]) for i in range(5)]
    for key, value, headers in python_records:
        producer.send(topic, key=key, value=value, headers=headers, partition=0).get(timeout=30)
    producer.close()

    kcat("-P", "-b", cluster.bootstrap, "-t", topic, "-p", "0", "-K", ":", "-H", "origin=kcat",
         input_text="".join(f"k{i}:from kcat {i}\n" for i in range(5)))
    kcat_records = [(f"k{i}".encode(), f"from kcat {i}".encode(), [("origin", b"kcat")]) for i in range(5)]

    expected = [(offset, *record) for offset, record in
                enumerate(confluent_records + python_records + kcat_records)]
    by_confluent = confluent_consume(cluster, topic, 15)
    by_python = kafka_python_consume(cluster, topic, 15)
    by_kcat = kcat_consume(cluster, topic, 15)
    assert without_timestamps(by_confluent) == expected
    assert without_timestamps(by_python) == expected
    assert without_timestamps(by_kcat) == expected
    assert [r[4] for r in by_confluent] == [r[4] for r in by_python] == [r[4] for r in by_kcat], \
        "all clients must see the same timestamps"


# ---------------------------------------------------------------------------------------
# Topics and offsets


def test_auto_topic_creation_uses_num_partitions(make_cluster):
    cluster = make_cluster(brokers=1, broker_config={"num.partitions": 3, "auto.create.topics.enable": "true"})
    topic = unique_topic("auto")
    reports = confluent_produce(cluster, topic, [(b"k", b"v", None)], partition=None)
    assert_delivered(reports)
    wait_for_leaders(admin_for(cluster), topic, 3)
    assignment = cluster.read_json(f"/brokers/topics/{topic}")
    assert assignment["partitions"] == {"0": [1], "1": [1], "2": [1]}


def test_no_auto_topic_creation_when_disabled(make_cluster):
    cluster = make_cluster(brokers=1, broker_config={"auto.create.topics.enable": "false"})
    topic = unique_topic("noauto")
    reports = confluent_produce(cluster, topic, [(b"k", b"v", None)], partition=None,
                                **{"message.timeout.ms": 5000})
    assert reports[0][0] is not None, "producing to a missing topic must fail when auto-create is off"
    assert cluster.zk.exists(f"/brokers/topics/{topic}") is None
    assert topic not in admin_for(cluster).list_topics(timeout=10).topics


def test_list_offsets_earliest_latest_and_by_timestamp(cluster):
    topic = unique_topic("offsets")
    create_topic(cluster, topic)
    base = int(time.time() * 1000) - 60_000
    # One batch (long linger): timestamp look-ups must scan inside the batch.
    records = [(f"k{i}".encode(), f"v{i}".encode(), None, base + i * 1000) for i in range(10)]
    assert assert_delivered(confluent_produce(cluster, topic, records, **{"linger.ms": 200})) == list(range(10))

    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique_topic("g"), **QUIET})
    try:
        partition = TopicPartition(topic, 0)
        assert consumer.get_watermark_offsets(partition, timeout=10, cached=False) == (0, 10)
        lookups = {base - 5000: 0, base: 0, base + 3500: 4, base + 4000: 4, base + 9000: 9}
        # One look-up per call: librdkafka answers a request naming the same partition twice with one result.
        found = [consumer.offsets_for_times([TopicPartition(topic, 0, ts)], timeout=10)[0].offset for ts in lookups]
        assert found == list(lookups.values())
        [beyond] = consumer.offsets_for_times([TopicPartition(topic, 0, base + 10_000)], timeout=10)
        assert beyond.offset == -1, "no record at or after the timestamp -> end (-1)"
    finally:
        consumer.close()

    python = KafkaConsumer(bootstrap_servers=cluster.bootstrap, group_id=None)
    try:
        tp = KPTopicPartition(topic, 0)
        assert python.beginning_offsets([tp]) == {tp: 0}
        assert python.end_offsets([tp]) == {tp: 10}
        found = python.offsets_for_times({tp: base + 3500})[tp]
        assert (found.offset, found.timestamp) == (4, base + 4000)
    finally:
        python.close()


@pytest.mark.parametrize("acks", ["1", "all"])
def test_acknowledged_records_survive_sigkill(make_cluster, acks):
    # Small segments, so recovery has to deal with several of them.
    cluster = make_cluster(brokers=1, broker_config={"log.segment.bytes": 16384})
    topic = unique_topic("durable")
    create_topic(cluster, topic)
    records = [(f"k{i}".encode(), f"acks={acks} record {i} ".encode() * 4, None) for i in range(2000)]
    # Batches must fit in a segment (Kafka refuses a batch larger than segment.bytes, as we do).
    offsets = assert_delivered(confluent_produce(cluster, topic, records, acks=acks, **{"batch.size": 8192}))
    assert offsets == list(range(2000))

    cluster.restart(1)  # SIGKILL, then start on the same data directory and port
    wait_for_leaders(admin_for(cluster), topic, 1)
    consumed = confluent_consume(cluster, topic, 2000, timeout=60)
    assert [(o, k, v) for o, k, v, _, _ in consumed] == [(i, k, v) for i, (k, v, _) in enumerate(records)]
    more = assert_delivered(confluent_produce(cluster, topic, [(b"after", b"restart", None)], acks=acks))
    assert more == [2000], "the log must continue after the last acknowledged offset"


# ---------------------------------------------------------------------------------------
# Garbage on the socket


def api_versions_frame(version: int = 0, correlation_id: int = 7) -> bytes:
    """An ApiVersions request; v3+ is flexible (header v2 with tagged fields, a body
    carrying the client software name and version as compact strings)."""
    client_id = b"itest"
    header = struct.pack(">hhih", 18, version, correlation_id, len(client_id)) + client_id
    body = b""
    if version >= 3:
        header += b"\x00"  # no tagged fields
        body = bytes([len(b"itest") + 1]) + b"itest" + bytes([len(b"1.0") + 1]) + b"1.0" + b"\x00"
    return struct.pack(">i", len(header) + len(body)) + header + body


def read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def api_versions(port: int, version: int = 0) -> tuple[int, set[int]]:
    """(error code, advertised api keys) from ApiVersions of `version` on a new connection.
    The response header is v0 and the body v0-shaped for v0 (and for UNSUPPORTED_VERSION)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(api_versions_frame(version))
        size = struct.unpack(">i", read_exactly(sock, 4))[0]
        payload = read_exactly(sock, size)
    correlation_id, error_code, count = struct.unpack(">ihi", payload[:10])
    assert correlation_id == 7
    keys = {struct.unpack(">h", payload[10 + 6 * i:12 + 6 * i])[0] for i in range(count)}
    return error_code, keys


def closed_by_peer(sock: socket.socket, timeout: float) -> bool:
    """True if the peer closes the connection within `timeout` without sending anything."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


def broker_rss_mb(cluster) -> float:
    status = Path(f"/proc/{cluster.brokers[1].process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))) / 1024


GARBAGE = {
    "random-bytes": random.Random(1234).randbytes(4096),
    "absurd-size": struct.pack(">i", 0x7FFFFFF0) + b"x" * 64,
    "negative-size": struct.pack(">i", -16) + b"x" * 64,
    "truncated-frame": struct.pack(">i", 100) + b"\x00\x12\x00\x00",
    "unknown-api-key": (lambda body: struct.pack(">i", len(body)) + body)(
        struct.pack(">hhih", 9999, 0, 1, 5) + b"itest"),
}
MUST_CLOSE = {"absurd-size", "negative-size", "unknown-api-key"}


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_garbage_on_the_socket_leaves_the_broker_serving(cluster, kind):
    topic = unique_topic("garbage")
    create_topic(cluster, topic)
    port = cluster.brokers[1].port
    # A client that is connected before the garbage arrives must keep working after it.
    producer = Producer({"bootstrap.servers": cluster.bootstrap, **QUIET})
    producer.produce(topic, b"before", partition=0)
    assert producer.flush(30) == 0
    rss_before = broker_rss_mb(cluster)

    with socket.create_connection(("127.0.0.1", port), timeout=10) as bad:
        bad.sendall(GARBAGE[kind])
        if kind in MUST_CLOSE:
            assert closed_by_peer(bad, 10), f"broker must close the connection after {kind}"
        # The bad connection stays open (if the broker allows it) while others are served.
        error_code, keys = api_versions(port)
        assert error_code == 0 and {0, 1, 2, 3, 18} <= keys

    delivered = []
    producer.produce(topic, b"after", partition=0, on_delivery=lambda e, m: delivered.append(e))
    assert producer.flush(30) == 0 and delivered == [None]
    assert [v for _, _, v, _, _ in confluent_consume(cluster, topic, 2)] == [b"before", b"after"]
    assert cluster.brokers[1].is_running()
    assert broker_rss_mb(cluster) < rss_before + 256, "an absurd size prefix must not be allocated"


def test_unsupported_api_versions_version_gets_v0_error_with_ranges(cluster):
    error_code, keys = api_versions(cluster.brokers[1].port, version=99)
    assert error_code == 35, "UNSUPPORTED_VERSION"
    assert 18 in keys


def test_message_larger_than_message_max_bytes_is_refused(make_cluster):
    cluster = make_cluster(brokers=1, broker_config={"message.max.bytes": 50_000})
    topic = unique_topic("big")
    create_topic(cluster, topic)
    big = b"x" * 100_000
    [(error, _, _)] = confluent_produce(cluster, topic, [(None, big, None)],
                                        **{"compression.type": "none", "message.max.bytes": 1_000_000})
    assert error is not None and error.code() == KafkaError.MSG_SIZE_TOO_LARGE, error

    producer = KafkaProducer(bootstrap_servers=cluster.bootstrap, max_request_size=1_000_000, retries=0)
    with pytest.raises(MessageSizeTooLargeError):
        producer.send(topic, big, partition=0).get(timeout=30)
    assert producer.send(topic, b"small", partition=0).get(timeout=30).offset == 0
    producer.close()


# ---------------------------------------------------------------------------------------
# Admin APIs and their ZooKeeper footprint


def admin_error(future) -> int:
    with pytest.raises(KafkaException) as raised:
        future.result(60)
    return raised.value.args[0].code()


def test_create_and_delete_topics_in_kafka_layout(cluster):
    admin = admin_for(cluster)
    topic = unique_topic("admin")
    admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1,
                                  config={"retention.ms": "3600000"})])[topic].result(60)
    wait_for_leaders(admin, topic, 3)

    assignment = cluster.read_json(f"/brokers/topics/{topic}")
    assert isinstance(assignment["version"], int)
    assert assignment["partitions"] == {"0": [1], "1": [1], "2": [1]}
    controller_epoch = cluster.controller_epoch()
    for partition in range(3):
        state = cluster.read_json(f"/brokers/topics/{topic}/partitions/{partition}/state")
        assert state["version"] == 1 and state["leader"] == 1 and state["isr"] == [1]
        assert isinstance(state["leader_epoch"], int) and state["leader_epoch"] >= 0
        assert state["controller_epoch"] == controller_epoch
    assert cluster.read_json(f"/config/topics/{topic}") == {"version": 1, "config": {"retention.ms": "3600000"}}

    again = admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    assert admin_error(again[topic]) == KafkaError.TOPIC_ALREADY_EXISTS
    too_many = unique_topic("rf")
    refused = admin.create_topics([NewTopic(too_many, num_partitions=1, replication_factor=3)])
    assert admin_error(refused[too_many]) == KafkaError.INVALID_REPLICATION_FACTOR
    assert cluster.zk.exists(f"/brokers/topics/{too_many}") is None

    admin.delete_topics([topic], operation_timeout=30)[topic].result(60)
    cluster.wait_for(lambda: all(cluster.zk.exists(path) is None for path in (
        f"/brokers/topics/{topic}", f"/config/topics/{topic}", f"/admin/delete_topics/{topic}")),
        30, f"{topic}'s znodes to be removed")
    wait_for(lambda: topic not in admin.list_topics(timeout=5).topics, 30, "metadata to drop the topic")
    missing = admin.delete_topics([unique_topic("never")])
    assert admin_error(next(iter(missing.values()))) == KafkaError.UNKNOWN_TOPIC_OR_PART


def test_describe_and_alter_configs(make_cluster):
    cluster = make_cluster(brokers=1, broker_config={"num.partitions": 2})
    admin = admin_for(cluster)
    topic = unique_topic("configs")
    create_topic(cluster, topic, partitions=1, config={"retention.ms": "3600000"})

    resource = ConfigResource(ConfigResource.Type.TOPIC, topic)
    described = admin.describe_configs([resource])[resource].result(30)
    assert described["retention.ms"].value == "3600000" and not described["retention.ms"].is_default
    assert described["cleanup.policy"].value == "delete"

    broker = ConfigResource(ConfigResource.Type.BROKER, "1")
    broker_configs = admin.describe_configs([broker])[broker].result(30)
    assert broker_configs["num.partitions"].value == "2"

    change = ConfigResource(ConfigResource.Type.TOPIC, topic,
                            set_config={"retention.ms": "7200000", "cleanup.policy": "compact"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        admin.alter_configs([change])[change].result(30)
    described = admin.describe_configs([resource])[resource].result(30)
    assert (described["retention.ms"].value, described["cleanup.policy"].value) == ("7200000", "compact")

    stored = cluster.read_json(f"/config/topics/{topic}")
    assert stored["config"]["retention.ms"] == "7200000"
    assert stored["config"]["cleanup.policy"] == "compact"
    notifications = [cluster.read_json(f"/config/changes/{child}")
                     for child in cluster.zk.get_children("/config/changes")]
    assert {"version": 2, "entity_path": f"topics/{topic}"} in notifications

    bad = ConfigResource(ConfigResource.Type.TOPIC, topic, set_config={"retention.ms": "forever"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # Kafka answers INVALID_REQUEST ("Invalid config value for resource ..."); INVALID_CONFIG
        # says the same thing and is accepted too.
        assert admin_error(admin.alter_configs([bad])[bad]) in (KafkaError.INVALID_REQUEST,
                                                                 KafkaError.INVALID_CONFIG)


def test_create_partitions(cluster):
    admin = admin_for(cluster)
    topic = unique_topic("grow")
    create_topic(cluster, topic, partitions=1)
    admin.create_partitions([NewPartitions(topic, 3)])[topic].result(60)
    wait_for_leaders(admin, topic, 3)
    assert cluster.read_json(f"/brokers/topics/{topic}")["partitions"] == {"0": [1], "1": [1], "2": [1]}

    assert assert_delivered(confluent_produce(cluster, topic, [(b"k", b"in partition 2", None)],
                                              partition=2)) == [0]
    assert confluent_consume(cluster, topic, 1, partition=2)[0][2] == b"in partition 2"
    shrink = admin.create_partitions([NewPartitions(topic, 2)])
    assert admin_error(shrink[topic]) == KafkaError.INVALID_PARTITIONS


def test_delete_records_moves_the_low_watermark(cluster):
    admin = admin_for(cluster)
    topic = unique_topic("trim")
    create_topic(cluster, topic)
    assert_delivered(confluent_produce(cluster, topic, [(None, f"v{i}".encode(), None) for i in range(10)]))

    request = TopicPartition(topic, 0, 5)
    [future] = admin.delete_records([request]).values()
    assert future.result(30).low_watermark == 5

    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique_topic("g"), **QUIET})
    try:
        assert consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False) == (5, 10)
    finally:
        consumer.close()
    first = confluent_consume(cluster, topic, 5)
    assert [(o, v) for o, _, v, _, _ in first] == [(i, f"v{i}".encode()) for i in range(5, 10)]

    [beyond] = admin.delete_records([TopicPartition(topic, 0, 20)]).values()
    assert admin_error(beyond) == KafkaError.OFFSET_OUT_OF_RANGE
