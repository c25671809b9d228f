"""Log compaction with real processes and real clients (confluent-kafka and kafka-python).

- Keyed overwrites and tombstones on a compacted topic with small segments: after cleaning, reading from
  the beginning returns exactly the last value of every key at its original offset (offsets increase, with
  gaps); tombstones are there until `delete.retention.ms`, then gone. `tributary dump-log` shows what the
  cleaner kept, `tributary topics describe` the policy.
- Retention by time never deletes a compact-only topic (`compact,delete` does both).
- Committed offsets survive many rolls of a compacted, cleaned `__consumer_offsets` and a broker restart.
- A follower that was down while its leader cleaned catches up across the gaps the cleaner left.
- A keyless record on a compacted topic: INVALID_RECORD, each keyless record named (KIP-467).
- SIGKILL of the broker at random moments of cleaning: after each restart every key still reads its last
  acknowledged value. (scripts/soak-compaction.py runs the same loop many more times, outside CI.)
"""

from __future__ import annotations

import random
import signal
import time
import uuid

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer, KafkaProducer
from kafka import TopicPartition as KafkaPythonPartition
from kafka.structs import OffsetAndMetadata

import kafka_wire as kw
from harness import run_tributary, wait_for

QUIET = {"log_level": 3}

#: A cleaner that looks for work five times a second, retention checked as often, one offsets partition.
CLEANER = {
    "log.cleaner.backoff.ms": 200,
    "log.cleaner.dedupe.buffer.size": 8 * 1024 * 1024,
    "log.retention.check.interval.ms": 300,
    "offsets.topic.num.partitions": 1,
}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def create_topic(cluster, topic: str, config: dict[str, str], partitions: int = 1) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    new = NewTopic(topic, num_partitions=partitions, replication_factor=1, config=config)
    admin.create_topics([new], operation_timeout=30)[topic].result(30)

    def has_leaders():
        metadata = admin.list_topics(topic, timeout=5).topics.get(topic)
        return (metadata is not None and metadata.error is None and len(metadata.partitions) == partitions
                and all(p.leader >= 0 for p in metadata.partitions.values()))
    wait_for(has_leaders, 30, f"leaders for {topic}")


def compacted(**extra: str) -> dict[str, str]:
    """A compacted topic with small segments, cleaned as soon as anything is dirty; `segment.ms` of a second
    so a quiet active segment is rolled (and becomes cleanable) by the next append."""
    return {"cleanup.policy": "compact", "segment.bytes": "2048", "segment.ms": "1000",
            "min.cleanable.dirty.ratio": "0.01", **extra}


def produce_confluent(cluster, topic: str, records: list[tuple[str, bytes | None]], **config) -> list[int]:
    """Produces (key, value) records in order, acks=all; returns their offsets."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 5,
                         "batch.size": 1500, **QUIET, **config})  # batches must fit the small segments
    offsets: dict[int, int] = {}

    def delivered(error, message, index):
        assert error is None, error
        offsets[index] = message.offset()
    for index, (key, value) in enumerate(records):
        producer.produce(topic, key=key.encode(), value=value,
                         on_delivery=lambda e, m, i=index: delivered(e, m, i))
        producer.poll(0)
    assert producer.flush(60) == 0
    return [offsets[i] for i in range(len(records))]


def produce_kafka_python(cluster, topic: str, records: list[tuple[str, bytes | None]]) -> list[int]:
    producer = KafkaProducer(bootstrap_servers=cluster.bootstrap, acks="all", batch_size=1500)
    try:
        futures = [producer.send(topic, key=key.encode(), value=value) for key, value in records]
        producer.flush(60)
        return [future.get(timeout=60).offset for future in futures]
    finally:
        producer.close()


def read_confluent(cluster, topic: str, timeout: float = 30) -> list[tuple[int, str, bytes | None]]:
    """Every record of partition 0 from the beginning to the high watermark: (offset, key, value)."""
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("reader"),
                         "enable.auto.commit": False, "enable.partition.eof": True, **QUIET})
    try:
        end = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)[1]
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        records = []
        deadline = time.monotonic() + timeout
        while end > 0:
            assert time.monotonic() < deadline, f"read {len(records)} records of {topic}, end {end}"
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    if message.offset() >= end:
                        break
                    continue
                raise KafkaException(message.error())
            records.append((message.offset(), message.key().decode(), message.value()))
        return records
    finally:
        consumer.close()


def read_kafka_python(cluster, topic: str, timeout: float = 30) -> list[tuple[int, str, bytes | None]]:
    partition = KafkaPythonPartition(topic, 0)
    consumer = KafkaConsumer(bootstrap_servers=cluster.bootstrap, enable_auto_commit=False)
    try:
        consumer.assign([partition])
        end = consumer.end_offsets([partition])[partition]
        consumer.seek_to_beginning(partition)
        records = []
        deadline = time.monotonic() + timeout
        while consumer.position(partition) < end:
            assert time.monotonic() < deadline, f"read {len(records)} records of {topic}, end {end}"
            for batch in consumer.poll(timeout_ms=500).values():
                records += [(r.offset, r.key.decode(), r.value) for r in batch]
        return records
    finally:
        consumer.close()


def last_per_key(written: list[tuple[int, str, bytes | None]], tombstones: bool) -> list[tuple]:
    """What a cleaned log holds of `written` (offset order): each key's last record, tombstones or not."""
    last = {key: (offset, key, value) for offset, key, value in written}
    return sorted(record for record in last.values() if tombstones or record[2] is not None)


def partition_dir(cluster, topic: str, partition: int = 0):
    return cluster.brokers[1].data_dir / f"{topic}-{partition}"


def cleaner_checkpoint(cluster) -> dict[tuple[str, int], int]:
    path = cluster.brokers[1].data_dir / "cleaner-offset-checkpoint"
    if not path.exists():
        return {}
    lines = path.read_text().split("\n")[2:-1]
    return {(topic, int(partition)): int(offset) for topic, partition, offset in (line.split(" ") for line in lines)}


class Fences:
    """Single records with keys of their own, appended to roll a quiet active segment (`segment.ms`) so the
    records before it can be cleaned; they are left out when comparing."""

    def __init__(self, cluster, topic: str):
        self.cluster, self.topic, self.count = cluster, topic, 0
        self.producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", **QUIET})

    def append(self) -> None:
        self.count += 1
        self.producer.produce(self.topic, key=f"fence-{self.count}".encode(), value=b"fence")
        assert self.producer.flush(30) == 0

    @staticmethod
    def without(records):
        return [record for record in records if not record[1].startswith("fence-")]


def wait_for_log(cluster, topic: str, expected: list[tuple], fences: Fences, timeout: float, what: str):
    """Appends a fence and reads the topic (both clients) until it reads exactly `expected` besides fences."""
    def matches():
        fences.append()
        read = read_confluent(cluster, topic)
        return read if Fences.without(read) == expected else None
    read = wait_for(matches, timeout, what, interval=0.3)
    assert Fences.without(read_kafka_python(cluster, topic)) == expected
    offsets = [offset for offset, _, _ in read]
    assert offsets == sorted(set(offsets)), "offsets must increase"
    return read


# ---------------------------------------------------------------------------------------
# Keyed overwrites and tombstones


def test_cleaning_keeps_the_last_value_of_every_key_and_tombstones_until_delete_retention(make_cluster):
    cluster = make_cluster(brokers=1, broker_config=CLEANER)
    topic, retention_ms = unique("compacted"), 6000
    create_topic(cluster, topic, compacted(**{"delete.retention.ms": str(retention_ms)}))
    described = run_tributary("topics", "describe", topic, "--bootstrap-server", cluster.bootstrap)
    assert described.returncode == 0, described.stderr
    assert "cleanup.policy=compact" in described.stdout

    # Overwrites of 20 keys from both clients (one of them idempotent), then tombstones for two keys.
    written: list[tuple[int, str, bytes | None]] = []
    first = [(f"k{i % 20}", f"confluent-{i}".encode()) for i in range(300)]
    written += [(o, k, v) for o, (k, v) in zip(produce_confluent(cluster, topic, first), first)]
    second = [(f"k{i % 20}", f"kafka-python-{i}".encode()) for i in range(0, 200, 3)]
    written += [(o, k, v) for o, (k, v) in zip(produce_kafka_python(cluster, topic, second), second)]
    third = [(f"k{i % 20}", f"idempotent-{i}".encode()) for i in range(0, 40, 7)]
    written += [(o, k, v) for o, (k, v) in
                zip(produce_confluent(cluster, topic, third, **{"enable.idempotence": True}), third)]
    # Overwritten whole: the idempotent producer's last batch stays as an empty batch, which both consumers
    # must read past.
    fourth = [(key, f"over-{key}".encode()) for key, _ in third]
    written += [(o, k, v) for o, (k, v) in zip(produce_confluent(cluster, topic, fourth), fourth)]
    tombstones = [("k3", None), ("k11", None)]
    written += [(o, k, v) for o, (k, v) in zip(produce_kafka_python(cluster, topic, tombstones), tombstones)]
    written_at = time.monotonic()  # about 25 KiB went into segments of 2 KiB (the cleaner is already at work)

    fences = Fences(cluster, topic)
    cleaned = wait_for_log(cluster, topic, last_per_key(written, tombstones=True), fences, 60,
                           "the last value of every key, tombstones included")
    assert [key for _, key, value in cleaned if value is None] == ["k3", "k11"]
    assert any(b - a > 1 for (a, _, _), (b, _, _) in zip(cleaned, cleaned[1:])), "cleaned offsets have gaps"
    idempotent_first = min(o for o, _, v in written if v and v.startswith(b"idempotent-"))
    dumped = "".join(run_tributary("dump-log", "--files", str(path)).stdout
                     for path in sorted(partition_dir(cluster, topic).glob("*.log")))
    empty = [line for line in dumped.splitlines() if " count: 0 " in line]
    assert empty and all(int(line.split("baseOffset: ")[1].split()[0]) >= idempotent_first for line in empty), \
        "the idempotent producer's last batch is kept, empty"
    assert all(" producerId: -1 " not in line for line in empty)

    # What the cleaner kept, as kafka-dump-log.sh shows it.
    segment = max(partition_dir(cluster, topic).glob("*.log"), key=lambda path: path.stat().st_size)
    dumped = run_tributary("dump-log", "--files", str(segment), "--print-data-log")
    assert dumped.returncode == 0, dumped.stderr
    assert dumped.stdout.startswith(f"Dumping {segment}\nStarting offset: {int(segment.stem)}\n")
    assert "baseOffset: " in dumped.stdout and "compresscodec: NONE" in dumped.stdout
    assert "| offset: " in dumped.stdout and " key: k" in dumped.stdout
    index = run_tributary("dump-log", "--files", str(segment.with_suffix(".index")))
    assert index.returncode == 0 and index.stdout.startswith("Dumping "), index.stderr

    # After delete.retention.ms (counted from the pass that first kept them) the tombstones go.
    wait_for_log(cluster, topic, last_per_key(written, tombstones=False), fences, 60, "the tombstones to go")
    assert time.monotonic() - written_at >= retention_ms / 1000


# ---------------------------------------------------------------------------------------
# Retention and the cleanup policy


def test_retention_of_seconds_keeps_every_key_of_a_compacted_topic(make_cluster):
    cluster = make_cluster(brokers=1, broker_config=CLEANER)
    topic, both = unique("keep"), unique("both")
    create_topic(cluster, topic, compacted(**{"retention.ms": "1500"}))
    create_topic(cluster, both, compacted(**{"retention.ms": "1500", "cleanup.policy": "compact,delete"}))
    written: list[tuple[int, str, bytes | None]] = []
    for round_ in range(4):
        records = [(f"k{i}", f"round-{round_}-{i}".encode()) for i in range(30)]
        written += [(o, k, v) for o, (k, v) in zip(produce_confluent(cluster, topic, records), records)]
        produce_confluent(cluster, both, records)

    # compact,delete: old segments go by time, and the log start moves.
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("w"), **QUIET})
    try:
        wait_for(lambda: consumer.get_watermark_offsets(TopicPartition(both, 0), timeout=5)[0] > 0, 60,
                 "retention to delete segments of the compact,delete topic")
        # compact only: many retention periods later, still every key's last value, from offset 0 on.
        fences = Fences(cluster, topic)
        wait_for_log(cluster, topic, last_per_key(written, tombstones=True), fences, 60,
                     "every key's last value despite retention.ms")
        assert consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)[0] == 0
    finally:
        consumer.close()


# ---------------------------------------------------------------------------------------
# __consumer_offsets


def committed(cluster, group: str, topic: str, partitions: int) -> dict[int, int]:
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": group, **QUIET})
    try:
        found = consumer.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=10)
        return {tp.partition: tp.offset for tp in found}
    finally:
        consumer.close()


def test_committed_offsets_survive_many_rolls_of_consumer_offsets_and_a_restart(make_cluster):
    # Every broker default says delete after 2 s, and offsets segments roll every KiB: only the topic's compact
    # policy and the cleaner keep the commits.
    cluster = make_cluster(brokers=1, broker_config={**CLEANER, "offsets.topic.segment.bytes": 1024,
                                                     "log.retention.ms": 2000, "log.cleaner.min.cleanable.ratio": 0.01})
    topic, busy, rare = unique("work"), unique("busy"), unique("rare")
    create_topic(cluster, topic, {}, partitions=3)

    # A group that commits once, early, and never again (kafka-python)...
    lonely = KafkaConsumer(bootstrap_servers=cluster.bootstrap, group_id=rare, enable_auto_commit=False)
    parts = [KafkaPythonPartition(topic, p) for p in range(3)]
    lonely.assign(parts)
    lonely.commit({tp: OffsetAndMetadata(7 + tp.partition, "", -1) for tp in parts})
    lonely.close()
    # ...and one that commits hundreds of times (confluent-kafka).
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": busy, "enable.auto.commit": False,
                         **QUIET})
    consumer.assign([TopicPartition(topic, p) for p in range(3)])
    for i in range(300):
        consumer.commit(offsets=[TopicPartition(topic, p, 1000 * p + i) for p in range(3)], asynchronous=False)
    consumer.close()
    expected_busy = {p: 1000 * p + 299 for p in range(3)}
    expected_rare = {p: 7 + p for p in range(3)}

    # Proof that retention ran after the commits had aged past retention.ms: a delete-policy topic written
    # after them loses its old segments.
    canary = unique("canary")
    create_topic(cluster, canary, {"segment.bytes": "200"})  # one batch a segment
    for _ in range(3):
        produce_confluent(cluster, canary, [("c", b"x" * 50)])
    watermarks = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("w"), **QUIET})
    try:
        wait_for(lambda: watermarks.get_watermark_offsets(TopicPartition(canary, 0), timeout=5)[0] > 0, 60,
                 "retention to delete the canary's old segments")
    finally:
        watermarks.close()
    offsets_dir = partition_dir(cluster, "__consumer_offsets")
    end = wait_for(lambda: cleaner_checkpoint(cluster).get(("__consumer_offsets", 0), 0) >= 800 and
                   cleaner_checkpoint(cluster)[("__consumer_offsets", 0)], 60,
                   "the cleaner to clean __consumer_offsets")
    size = sum(f.stat().st_size for f in offsets_dir.glob("*.log"))
    assert size < 1024 * 4, f"{end} offsets in {size} bytes: many rolls, cleaned to a few segments"
    assert min(int(f.stem) for f in offsets_dir.glob("*.log")) == 0, "retention deleted nothing"
    assert committed(cluster, busy, topic, 3) == expected_busy
    assert committed(cluster, rare, topic, 3) == expected_rare

    cluster.restart(1)
    assert wait_for(lambda: committed(cluster, busy, topic, 3) == expected_busy, 60,
                    "the busy group's offsets after the restart")
    assert committed(cluster, rare, topic, 3) == expected_rare


# ---------------------------------------------------------------------------------------
# Replication and produce validation


def test_a_follower_catches_up_across_the_gaps_of_a_cleaned_leader(make_cluster):
    cluster = make_cluster(brokers=2, broker_config={**CLEANER, "default.replication.factor": 2,
                                                     "offsets.topic.replication.factor": 2,
                                                     "replica.fetch.wait.max.ms": 100})
    topic = unique("replicated")
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    new = NewTopic(topic, num_partitions=1, replica_assignment=[[1, 2]], config=compacted())
    admin.create_topics([new])[topic].result(30)
    wait_for(lambda: (cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state") or {}).get("isr") == [1, 2],
             30, "both replicas in sync")
    cluster.kill(2, signal.SIGKILL)
    records = [(f"k{i % 10}", f"v{i}".encode()) for i in range(300)]
    written = [(o, k, v) for o, (k, v) in zip(produce_confluent(cluster, topic, records, acks="1"), records)]
    fences = Fences(cluster, topic)
    wait_for_log(cluster, topic, last_per_key(written, tombstones=True), fences, 60, "the leader to clean")

    # The follower fetches the cleaned log: whole batches gone, offsets with gaps.
    cluster.brokers[2].launch()
    cluster.wait_serving(2, timeout=60)
    wait_for(lambda: (cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state") or {}).get("isr") == [1, 2],
             60, "the follower back in the ISR")
    cluster.kill(1, signal.SIGKILL)
    wait_for(lambda: (cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state") or {}).get("leader") == 2,
             60, "the follower to lead")
    read = wait_for(lambda: read_confluent(cluster, topic), 60, "the new leader to serve")
    assert Fences.without(read) == last_per_key(written, tombstones=True)


def test_a_keyless_record_on_a_compacted_topic_is_named_in_the_produce_response(make_cluster):
    cluster = make_cluster(brokers=1, broker_config=CLEANER)
    topic = unique("keys")
    create_topic(cluster, topic, compacted())
    batch = kw.record_batch([kw.record(b"a", key=b"k0", offset_delta=0), kw.record(b"b", offset_delta=1),
                             kw.record(b"c", key=b"k2", offset_delta=2), kw.record(b"d", offset_delta=3)])
    answer = kw.request(cluster.brokers[1].port, "Produce", 8, {
        "TransactionalId": None, "Acks": 1, "TimeoutMs": 10000,
        "TopicData": [{"Name": topic, "PartitionData": [{"Index": 0, "Records": batch}]}]})
    partition = answer["Responses"][0]["PartitionResponses"][0]
    assert partition["ErrorCode"] == 87  # INVALID_RECORD
    assert partition["ErrorMessage"] == "One or more records have been rejected"
    reason = f"Compacted topic cannot accept message without key in topic partition {topic}-0."
    assert partition["RecordErrors"] == [{"BatchIndex": 1, "BatchIndexErrorMessage": reason},
                                         {"BatchIndex": 3, "BatchIndexErrorMessage": reason}]
    assert read_confluent(cluster, topic) == []  # the whole batch was refused


# ---------------------------------------------------------------------------------------
# SIGKILL during cleaning


def kill_during_cleaning_round(cluster, topic: str, latest: dict[str, bytes], round_: int, keys: int,
                               rng: random.Random) -> list[str]:
    """One round: overwrite every key, then SIGKILL the broker while the cleaner works (as soon as, or a random
    moment after, a `.cleaned` or `.swap` file shows up; or at a random moment), restart it and check that
    every key reads its last acknowledged value. Returns the cleaner's temporary files the kill left."""
    records = [(f"key-{k:04d}", f"round-{round_}-{i}-".encode() + b"x" * 400)
               for i, k in enumerate(rng.choices(range(keys), k=10 * keys))]
    records += [(f"key-{k:04d}", f"round-{round_}-last-{k}".encode()) for k in range(keys)]  # every key written
    end = produce_confluent(cluster, topic, records, **{"linger.ms": 20, "batch.size": 16384})[-1] + 1
    latest.update({k: v for k, v in records})
    directory = partition_dir(cluster, topic)

    def temporary_files():
        return sorted(p.name for p in [*directory.glob("*.cleaned"), *directory.glob("*.swap")])
    if round_ == 0 or rng.random() < 0.6:
        wait_for(temporary_files, 30, "the cleaner to start writing", interval=0.005)
        time.sleep(0 if round_ == 0 else rng.uniform(0, 0.3))  # a random moment of the copy or the swap
    else:
        time.sleep(rng.uniform(0, 1.5))  # a random moment: building the offset map, copying, swapping, idle
    cluster.kill(1, signal.SIGKILL)
    left = temporary_files()
    cluster.restart(1)
    watermarks = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("w"), **QUIET})
    try:
        # The restarted broker leads again once it serves the whole log (no acknowledged record is lost).
        wait_for(lambda: watermarks.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)[1] == end, 60,
                 f"the restarted broker to serve up to offset {end}")
    finally:
        watermarks.close()
    read = read_confluent(cluster, topic, timeout=60)
    offsets = [offset for offset, _, _ in read]
    assert offsets == sorted(set(offsets)), f"offsets out of order after a kill leaving {left}"
    last = {key: value for _, key, value in read}
    missing = [key for key, value in latest.items() if last.get(key) != value]
    assert not missing, f"after a kill leaving {left}: {len(missing)} keys lost their last value, e.g. {missing[:3]}"
    return left


def test_sigkill_during_cleaning_loses_nothing(make_cluster):
    # A throttled cleaner (2 MB/s) so a pass over the log takes long enough to be killed in the middle.
    cluster = make_cluster(brokers=1, broker_config={**CLEANER, "log.cleaner.io.max.bytes.per.second": 2_000_000})
    topic, keys = unique("kill"), 400
    create_topic(cluster, topic, {"cleanup.policy": "compact", "segment.bytes": str(256 * 1024),
                                  "min.cleanable.dirty.ratio": "0.01"})
    rng = random.Random(int(time.time()))
    latest: dict[str, bytes] = {}
    left = [kill_during_cleaning_round(cluster, topic, latest, round_, keys, rng) for round_ in range(5)]
    assert len(latest) == keys
    assert any(left), "no kill landed while the cleaner had a cleaned segment on disk"
    assert "Swapped in a cleaned segment" in cluster.brokers[1].stderr(), "no kill came after a swap"
