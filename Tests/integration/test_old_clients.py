"""Clients of old Kafka releases, which speak the oldest versions Kafka 2.8 still serves.

- sarama (Go) configured as a Kafka 0.10.0 client produces message sets of magic 1 (Produce v2), fetches with
  Fetch v2 (answers down-converted to magic 1) and asks offsets with ListOffsets v0; as a 0.11.0 client it uses
  Produce v3 / Fetch v4 / ListOffsets v1 with record batches.
- librdkafka (confluent-kafka) with `api.version.request=false` and `broker.version.fallback=0.9.0` never asks
  ApiVersions and uses the 0.9 versions: Produce v1 with magic 0 messages, Fetch v1 (magic 0 answers), ListOffsets v0
  and the v0 group APIs.
- Hand-built frames check ListOffsets v0's `OldStyleOffsets` and the refusal of damaged old message sets.
- Burrow (Debian's, a consumer-lag monitor built on sarama as a 0.10.0 client) reads a topic's log end with
  ListOffsets v0 and a group's committed offsets from `__consumer_offsets` with Fetch v2 (down-converted).

Records, keys and values must round-trip exactly, with the offsets the broker assigned."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import time
import urllib.request
import uuid
import zlib
from collections import defaultdict
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer, TIMESTAMP_NOT_AVAILABLE, TopicPartition

import kafka_wire as kw
from harness import free_port
from test_replication import create_topic, wait_metadata_ready
from test_sarama import sarama_check  # noqa: F401 (session fixture: the Go program, built once)

COUNT = 200
PARTITIONS = 2
CORRUPT_MESSAGE = 2
UNKNOWN_TOPIC_OR_PARTITION = 3
OLD_LIBRDKAFKA = {"api.version.request": False, "broker.version.fallback": "0.9.0", "log_level": 3}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def cluster(make_cluster):
    cluster = make_cluster(brokers=1)
    wait_metadata_ready(cluster)
    return cluster


def run_sarama(binary: Path, cluster, version: str, compression: str) -> dict:
    topic = unique(f"sarama-{version.replace('.', '')}-{compression}")
    result = subprocess.run(
        [str(binary), "-brokers", cluster.bootstrap, "-version", version, "-topic", topic,
         "-partitions", str(PARTITIONS), "-count", str(COUNT), "-compression", compression],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("version,compression", [
    ("0.10.0.0", "none"), ("0.10.0.0", "gzip"), ("0.10.0.0", "snappy"), ("0.10.0.0", "lz4"),
    ("0.11.0.0", "none"), ("0.11.0.0", "gzip"),
])
def test_sarama_of_an_old_release_produces_and_consumes(cluster, sarama_check, version, compression):
    started_ms = int(time.time() * 1000)
    report = run_sarama(sarama_check, cluster, version, compression)
    assert report.get("error") is None, report.get("error")

    produced = report["produced"]
    assert len(produced) == COUNT
    by_partition = defaultdict(list)
    for record in produced:
        by_partition[record["partition"]].append(record["offset"])
    # Offsets the broker assigned are dense from 0 in every partition, whatever offsets the messages carried.
    for offsets in by_partition.values():
        assert sorted(offsets) == list(range(len(offsets)))
    # ListOffsets (v0 at 0.10.0): the log end and the start of each partition.
    assert report["newest"] == {str(p): len(by_partition.get(p, [])) for p in range(PARTITIONS)}
    assert report["oldest"] == {str(p): 0 for p in range(PARTITIONS)}

    consumed = report["consumed"]
    assert sorted((c["partition"], c["offset"]) for c in consumed) == \
        sorted((p["partition"], p["offset"]) for p in produced)
    produced_keys = {(p["partition"], p["offset"]): p["key"] for p in produced}
    for c in consumed:
        assert c["key"] == produced_keys[(c["partition"], c["offset"])]
    values = sorted(c["value"] for c in consumed if not c.get("null"))
    nulls = [c for c in consumed if c.get("null")]
    expected_nulls = [i for i in range(COUNT) if i % 50 == 7]
    assert len(nulls) == len(expected_nulls)
    assert values == sorted(f"value-{i}" for i in range(COUNT) if i not in expected_nulls)
    # Each key's messages come back in the order they were sent (one partition per key, offset order).
    for key in {p["key"] for p in produced}:
        mine = sorted((c for c in consumed if c["key"] == key), key=lambda c: c["offset"])
        numbers = [int(c["value"].split("-")[1]) for c in mine if not c.get("null")]
        assert numbers == sorted(numbers)
    # Magic 1 (and 2) carry the producer's timestamps through the conversions.
    for c in consumed:
        assert started_ms - 5000 <= c["timestamp"] <= int(time.time() * 1000) + 5000, c


@pytest.mark.parametrize("compression", ["none", "gzip", "snappy", "lz4"])
def test_librdkafka_speaking_kafka_0_9_produces_and_consumes(cluster, compression):
    topic = unique(f"rdk09-{compression}")
    create_topic(cluster, topic, partitions=PARTITIONS, replication_factor=1)
    delivered = []
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "compression.codec": compression,
                         "linger.ms": 20, "acks": "all", **OLD_LIBRDKAFKA})

    def on_delivery(error, message):
        assert error is None, error
        delivered.append((message.partition(), message.offset(), message.key(), message.value()))

    sent = {}
    for i in range(COUNT):
        key = f"key-{i % 13}".encode()
        value = None if i % 40 == 3 else f"value-{i}".encode() * (1 + i % 5)
        sent[i] = (key, value)
        producer.produce(topic, key=key, value=value, partition=i % PARTITIONS, on_delivery=on_delivery)
    assert producer.flush(60) == 0
    assert len(delivered) == COUNT
    for partition in range(PARTITIONS):
        offsets = sorted(o for p, o, _, _ in delivered if p == partition)
        assert offsets == list(range(COUNT // PARTITIONS))

    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("g09"),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False, **OLD_LIBRDKAFKA})
    try:
        consumer.subscribe([topic])
        received = []
        deadline = time.monotonic() + 90
        while len(received) < COUNT and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            assert message.error() is None, message.error()
            received.append(message)
        assert len(received) == COUNT
        got = sorted((m.partition(), m.offset(), m.key(), m.value()) for m in received)
        assert got == sorted(delivered)
        # Fetch v1 answers in magic 0, which has no timestamps.
        assert {m.timestamp()[0] for m in received} == {TIMESTAMP_NOT_AVAILABLE}
        # Committing and reading back the position work with the 0.9 group APIs (OffsetCommit v2).
        consumer.commit(asynchronous=False)
        committed = consumer.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=30)
        assert sorted(tp.offset for tp in committed) == [COUNT // PARTITIONS] * PARTITIONS
        # ListOffsets v0 (the 0.9 watermark query).
        for partition in range(PARTITIONS):
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=30)
            assert (low, high) == (0, COUNT // PARTITIONS)
    finally:
        consumer.close()


def legacy_message(offset: int, key: bytes | None, value: bytes | None, magic: int = 0,
                   attributes: int = 0, timestamp: int = 0) -> bytes:
    """One entry of a message set of magic 0 or 1, with its CRC-32."""
    body = struct.pack(">bb", magic, attributes)
    if magic == 1:
        body += struct.pack(">q", timestamp)
    for part in (key, value):
        body += struct.pack(">i", -1) if part is None else struct.pack(">i", len(part)) + part
    crc = zlib.crc32(body) & 0xFFFFFFFF
    return struct.pack(">qiI", offset, 4 + len(body), crc) + body


def read_message_set(data: bytes) -> list[tuple[int, int, bytes | None, bytes | None]]:
    """(offset, magic, key, value) of each uncompressed message, CRCs checked."""
    out, pos = [], 0
    while pos + 12 <= len(data):
        offset, size = struct.unpack_from(">qi", data, pos)
        if pos + 12 + size > len(data):
            break
        crc, magic, _attributes = struct.unpack_from(">Ibb", data, pos + 12)
        assert zlib.crc32(data[pos + 16:pos + 12 + size]) & 0xFFFFFFFF == crc
        p = pos + 18 + (8 if magic == 1 else 0)
        parts = []
        for _ in range(2):
            (length,) = struct.unpack_from(">i", data, p)
            p += 4
            parts.append(None if length < 0 else data[p:p + length])
            p += max(length, 0)
        out.append((offset, magic, parts[0], parts[1]))
        pos += 12 + size
    return out


def produce_v0(conn, topic: str, records: bytes) -> dict:
    answer = conn.request("Produce", 0, {"Acks": -1, "TimeoutMs": 10000, "TopicData": [
        {"Name": topic, "PartitionData": [{"Index": 0, "Records": records}]}]})
    return answer["Responses"][0]["PartitionResponses"][0]


def test_raw_produce_v0_fetch_v0_and_list_offsets_v0(cluster):
    topic = unique("raw0")
    create_topic(cluster, topic, partitions=1, replication_factor=1)
    port = cluster.brokers[1].port
    with kw.Connection(port, timeout=15) as conn:
        first = produce_v0(conn, topic, legacy_message(0, b"a", b"one") + legacy_message(0, None, b"two"))
        assert (first["ErrorCode"], first["BaseOffset"]) == (0, 0)
        second = produce_v0(conn, topic, legacy_message(7, b"c", None))
        assert (second["ErrorCode"], second["BaseOffset"]) == (0, 2)

        # A damaged CRC is refused with CORRUPT_MESSAGE; a size past the end too; the connection keeps serving.
        damaged = bytearray(legacy_message(0, b"k", b"v"))
        damaged[-1] ^= 0xFF
        assert produce_v0(conn, topic, bytes(damaged))["ErrorCode"] == CORRUPT_MESSAGE
        lying = bytearray(legacy_message(0, b"k", b"v"))
        lying[8:12] = struct.pack(">i", 2**31 - 1)
        assert produce_v0(conn, topic, bytes(lying))["ErrorCode"] == CORRUPT_MESSAGE

        fetch = conn.request("Fetch", 0, {"ReplicaId": -1, "MaxWaitMs": 0, "MinBytes": 0, "Topics": [
            {"Topic": topic, "Partitions": [{"Partition": 0, "FetchOffset": 1, "PartitionMaxBytes": 1 << 20}]}]})
        partition = fetch["Responses"][0]["Partitions"][0]
        assert (partition["ErrorCode"], partition["HighWatermark"]) == (0, 3)
        # Down-converted to magic 0 from the fetch offset on.
        assert read_message_set(partition["Records"]) == [(1, 0, None, b"two"), (2, 0, b"c", None)]

        def old_style(timestamp: int, max_offsets: int, name: str = topic) -> dict:
            answer = conn.request("ListOffsets", 0, {"ReplicaId": -1, "Topics": [{"Name": name, "Partitions": [
                {"PartitionIndex": 0, "Timestamp": timestamp, "MaxNumOffsets": max_offsets}]}]})
            return answer["Topics"][0]["Partitions"][0]

        latest = old_style(-1, 1)
        assert (latest["ErrorCode"], latest["OldStyleOffsets"]) == (0, [3])
        # Newest first: the log end, then each segment's base offset.
        assert old_style(-1, 10)["OldStyleOffsets"] == [3, 0]
        assert old_style(-2, 1)["OldStyleOffsets"] == [0]
        # Before any segment was written: nothing; an hour ahead: everything up to the log end.
        assert old_style(1, 10)["OldStyleOffsets"] == []
        assert old_style(int(time.time() * 1000) + 3_600_000, 10)["OldStyleOffsets"] == [3, 0]
        assert old_style(-1, 0)["OldStyleOffsets"] == []
        assert old_style(-1, -5)["OldStyleOffsets"] == []
        assert old_style(-1, 1, name=unique("missing"))["ErrorCode"] == UNKNOWN_TOPIC_OR_PARTITION


def test_nested_and_mixed_message_sets_are_refused(cluster):
    topic = unique("raw-hostile")
    create_topic(cluster, topic, partitions=1, replication_factor=1)
    port = cluster.brokers[1].port
    inner = legacy_message(0, b"k", b"v", magic=1, attributes=1, timestamp=5)  # itself a gzip wrapper
    wrapper = legacy_message(0, None, gzip_bytes(inner), magic=1, attributes=1, timestamp=5)
    with kw.Connection(port, timeout=15) as conn:
        answer = conn.request("Produce", 2, {"Acks": 1, "TimeoutMs": 10000, "TopicData": [
            {"Name": topic, "PartitionData": [{"Index": 0, "Records": wrapper}]}]})
        code = answer["Responses"][0]["PartitionResponses"][0]["ErrorCode"]
        assert code != 0
        mixed = legacy_message(0, b"a", b"x") + legacy_message(1, b"b", b"y", magic=1, timestamp=1)
        answer = conn.request("Produce", 2, {"Acks": 1, "TimeoutMs": 10000, "TopicData": [
            {"Name": topic, "PartitionData": [{"Index": 0, "Records": mixed}]}]})
        assert answer["Responses"][0]["PartitionResponses"][0]["ErrorCode"] != 0
        # Nothing was appended, and the broker still answers.
        latest = conn.request("ListOffsets", 1, {"ReplicaId": -1, "Topics": [{"Name": topic, "Partitions": [
            {"PartitionIndex": 0, "Timestamp": -1}]}]})
        assert latest["Topics"][0]["Partitions"][0]["Offset"] == 0


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(wbits=31)
    return compressor.compress(data) + compressor.flush()


BROKER_NOT_AVAILABLE = 8


def test_every_api_is_served_from_version_0(cluster):
    port = cluster.brokers[1].port
    with kw.Connection(port, timeout=15) as conn:
        versions = conn.request("ApiVersions", 0, {})
        assert versions["ErrorCode"] == 0
        ranges = {v["ApiKey"]: (v["MinVersion"], v["MaxVersion"]) for v in versions["ApiKeys"]}
        assert all(low == 0 for low, _ in ranges.values()), ranges
        # Produce, Fetch, ListOffsets, LeaderAndIsr, StopReplica, UpdateMetadata, ControlledShutdown: at least
        # Kafka 2.8's ranges.
        for key, high in {0: 9, 1: 12, 2: 6, 4: 5, 5: 3, 6: 7, 7: 3}.items():
            assert ranges[key][1] >= high, (key, ranges[key])
        # ControlledShutdown v0 has the one request header without a client id.
        answer = conn.request("ControlledShutdown", 0, {"BrokerId": 9999})
        assert answer["ErrorCode"] == BROKER_NOT_AVAILABLE
        # The connection is still in step after it.
        assert conn.request("ApiVersions", 0, {})["ErrorCode"] == 0


BURROW = shutil.which("Burrow")


def burrow_get(port: int, path: str, ready, timeout: float = 60) -> dict:
    """Polls Burrow's HTTP API until `ready(answer)` holds; returns the last answer."""
    deadline = time.monotonic() + timeout
    answer: dict = {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                answer = json.load(response)
        except OSError as error:
            answer = {"error": True, "message": repr(error)}
        except json.JSONDecodeError as error:
            answer = {"error": True, "message": repr(error)}
        if not answer.get("error") and ready(answer):
            return answer
        time.sleep(0.5)
    raise AssertionError(f"Burrow {path} answered {answer} for {timeout} s")


@pytest.mark.skipif(BURROW is None, reason="Debian's burrow package is not installed (scripts/install-deps.sh)")
def test_burrow_reports_log_end_and_consumer_lag(cluster, zookeeper, tmp_path):
    topic, group = unique("burrow"), unique("burrow-g")
    create_topic(cluster, topic, partitions=1, replication_factor=1)
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "log_level": 3})
    for i in range(30):
        producer.produce(topic, key=b"k", value=b"v%d" % i, partition=0)
    assert producer.flush(30) == 0
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": group, "log_level": 3})
    try:
        consumer.commit(offsets=[TopicPartition(topic, 0, 10)], asynchronous=False)
    finally:
        consumer.close()

    port = free_port()
    config = tmp_path / "burrow"
    config.mkdir()
    (config / "burrow.toml").write_text(f"""
[general]
pidfile="{config}/burrow.pid"
[logging]
level="info"
[zookeeper]
servers=["{zookeeper.host_port}"]
timeout=6
root-path="/{unique('burrow')}"
[client-profile.old]
client-id="burrow"
kafka-version="0.10.0"
[cluster.local]
class-name="kafka"
servers=["{cluster.bootstrap}"]
client-profile="old"
topic-refresh=2
offset-refresh=1
[consumer.local]
class-name="kafka"
cluster="local"
servers=["{cluster.bootstrap}"]
client-profile="old"
start-latest=false
[httpserver.default]
address="127.0.0.1:{port}"
[storage.default]
class-name="inmemory"
workers=2
intervals=10
min-distance=1
""")
    with open(config / "burrow.log", "w") as log:
        burrow = subprocess.Popen([BURROW, "-config-dir", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        # The log end, asked with ListOffsets v0 (latest, one offset).
        topic_answer = burrow_get(port, f"/v3/kafka/local/topic/{topic}", lambda a: a.get("offsets") == [30])
        assert topic_answer["offsets"] == [30]
        # The committed offset, read from __consumer_offsets with Fetch v2 (magic 1), and the lag against the end.
        lag = burrow_get(port, f"/v3/kafka/local/consumer/{group}/lag",
                         lambda a: a.get("status", {}).get("totallag") == 20)
        partition = lag["status"]["partitions"][0]
        assert (partition["topic"], partition["partition"], partition["end"]["offset"]) == (topic, 0, 10)
    finally:
        burrow.terminate()
        try:
            burrow.wait(5)
        except subprocess.TimeoutExpired:
            burrow.kill()  # Burrow keeps nothing worth a clean stop: its state is in memory
            burrow.wait(10)


UNSUPPORTED_COMPRESSION_TYPE = 76


def test_fetch_before_v4_of_zstd_batches_answers_unsupported_compression(cluster):
    topic = unique("zstd-old")
    create_topic(cluster, topic, partitions=1, replication_factor=1)
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "compression.codec": "zstd", "log_level": 3})
    for i in range(5):
        producer.produce(topic, value=b"z" * 2000 + b"%d" % i, partition=0)  # compressible: librdkafka keeps it
    assert producer.flush(30) == 0
    fetch = {"ReplicaId": -1, "MaxWaitMs": 0, "MinBytes": 0, "MaxBytes": 1 << 20, "IsolationLevel": 0, "Topics": [
        {"Topic": topic, "Partitions": [{"Partition": 0, "FetchOffset": 0, "PartitionMaxBytes": 1 << 20}]}]}
    with kw.Connection(cluster.brokers[1].port, timeout=15) as conn:
        # Magic 0/1 have no zstd: Kafka refuses to down-convert it.
        old = conn.request("Fetch", 3, fetch)["Responses"][0]["Partitions"][0]
        assert (old["ErrorCode"], old["Records"] or b"") == (UNSUPPORTED_COMPRESSION_TYPE, b"")
        # Fetch v4+ gets the batches themselves; the zstd codec is the client's business from v10.
        new = conn.request("Fetch", 10, {**fetch, "SessionId": 0, "SessionEpoch": -1, "ForgottenTopicsData": []})
        partition = new["Responses"][0]["Partitions"][0]
        assert partition["ErrorCode"] == 0 and len(partition["Records"]) > 61
        assert struct.unpack_from(">h", partition["Records"], 21)[0] & 0x7 == 4, "the stored batch is zstd"
