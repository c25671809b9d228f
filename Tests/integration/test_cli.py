"""`tributary produce` and `tributary consume` (manual assignment) against three brokers, with a
topic whose partitions have different leaders: the console consumer must read every partition
from its own leader, as kcat does."""

from __future__ import annotations

import subprocess
import uuid

import pytest
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient

from harness import _die_with_parent, run_tributary, tributary_binary, wait_for

QUIET = {"log_level": 3}
PARTITIONS = 3


@pytest.fixture
def cluster(make_cluster):
    return make_cluster(brokers=3)


def spread_topic(cluster) -> str:
    """A topic with 3 partitions, replication factor 3, whose leaders are three different brokers."""
    topic = f"spread-{uuid.uuid4().hex[:10]}"
    # Explicit replica lists put each partition's preferred leader on another broker.
    created = run_tributary("topics", "create", topic, "--replica-assignment", "1:2:3,2:3:1,3:1:2",
                            "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert created.returncode == 0, created.stderr
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})

    def leaders():
        metadata = admin.list_topics(topic, timeout=5).topics.get(topic)
        if metadata is None or metadata.error is not None or len(metadata.partitions) != PARTITIONS:
            return None
        found = {index: p.leader for index, p in metadata.partitions.items()}
        return found if sorted(found.values()) == [1, 2, 3] else None

    wait_for(leaders, 60, f"{topic} to have leaders 1, 2 and 3")
    return topic


def produce(cluster, topic: str, records: dict[int, list[str]]) -> None:
    """Writes each partition's values (acks=all) and waits for every acknowledgement."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 5, **QUIET})
    failures = []
    for partition, values in records.items():
        for value in values:
            producer.produce(topic, value.encode(), partition=partition,
                             on_delivery=lambda error, _message: error and failures.append(error))
    assert producer.flush(60) == 0
    assert failures == []


def consume(cluster, topic: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    result = run_tributary("consume", topic, "--bootstrap-server", cluster.bootstrap, *args, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result


def by_partition(lines: list[str]) -> dict[int, list[str]]:
    """`Partition:N<TAB>value` lines grouped by partition, in printed order."""
    grouped: dict[int, list[str]] = {}
    for line in lines:
        partition, value = line.split("\t", 1)
        grouped.setdefault(int(partition.removeprefix("Partition:")), []).append(value)
    return grouped


def test_consume_from_beginning_reads_every_partition_across_leaders(cluster):
    topic = spread_topic(cluster)
    records = {0: ["a0", "b0", "c0"], 1: ["a1", "b1"], 2: ["a2", "b2", "c2", "d2"]}
    produce(cluster, topic, records)
    total = sum(len(values) for values in records.values())

    limited = consume(cluster, topic, "--from-beginning", "--max-messages", str(total), "--print-partition")
    assert by_partition(limited.stdout.splitlines()) == records
    assert f"Processed a total of {total} messages" in limited.stderr

    # Stopping on idleness instead of a count gives the same records and nothing more.
    idle = consume(cluster, topic, "--from-beginning", "--timeout-ms", "3000", "--print-partition")
    assert by_partition(idle.stdout.splitlines()) == records
    assert f"Processed a total of {total} messages" in idle.stderr


def test_consume_from_beginning_reads_records_of_a_single_partition_among_empty_ones(cluster):
    """Two partitions (on two other leaders) are empty: their empty answers must not hide the third's records."""
    topic = spread_topic(cluster)
    for partition in range(PARTITIONS):
        values = [f"only-{partition}-{n}" for n in range(3)]
        produce(cluster, topic, {partition: values})
        result = consume(cluster, topic, "--from-beginning", "--max-messages", str(3 * (partition + 1)),
                         "--print-partition", timeout=60)
        assert by_partition(result.stdout.splitlines())[partition] == values


def test_produce_then_consume_round_trip_across_leaders(cluster):
    topic = spread_topic(cluster)
    lines = [f"line-{n}" for n in range(30)]
    produced = {}
    for partition in range(PARTITIONS):
        mine = lines[partition::PARTITIONS]
        produced[partition] = mine
        result = subprocess.run(
            [str(tributary_binary()), "produce", topic, "--partition", str(partition),
             "--bootstrap-server", cluster.bootstrap],
            input="".join(f"{line}\n" for line in mine), capture_output=True, text=True, timeout=60,
            preexec_fn=_die_with_parent)
        assert result.returncode == 0, result.stderr

    result = consume(cluster, topic, "--from-beginning", "--max-messages", str(len(lines)), "--print-partition")
    assert by_partition(result.stdout.splitlines()) == produced

    # Keys chosen by the default partitioner land on several leaders and come back whole.
    keyed = [f"k{n}:v{n}" for n in range(30)]
    result = subprocess.run(
        [str(tributary_binary()), "produce", topic, "--key-separator", ":", "--bootstrap-server", cluster.bootstrap],
        input="".join(f"{line}\n" for line in keyed), capture_output=True, text=True, timeout=60,
        preexec_fn=_die_with_parent)
    assert result.returncode == 0, result.stderr
    total = len(lines) + len(keyed)
    result = consume(cluster, topic, "--from-beginning", "--max-messages", str(total), "--print-partition",
                     "--print-key")
    printed = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(printed) == total
    keyed_back = [(partition, key, value) for partition, key, value in printed if key != "null"]
    assert sorted(f"{key}:{value}" for _, key, value in keyed_back) == sorted(keyed)
    assert len({partition for partition, _, _ in keyed_back}) > 1, "keys should hash to several partitions"
    assert sorted(value for _, key, value in printed if key == "null") == sorted(lines)
