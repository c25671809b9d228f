"""`tributary topics describe` health filters and `tributary delete-records`, as kafka-topics.sh and
kafka-delete-records.sh, against real brokers."""

from __future__ import annotations

import json
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from harness import run_tributary, wait_for

QUIET = {"log_level": 3}


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def tributary(cluster, *args: str) -> list[str]:
    result = run_tributary(*args, "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_describe_filters_show_only_unhealthy_partitions(make_cluster):
    cluster = make_cluster(brokers=2)
    cluster.wait_controller(30)
    topic = unique("health")
    tributary(cluster, "topics", "create", topic, "--replica-assignment", "1:2,2:1",
              "--config", "min.insync.replicas=2")
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})

    def full_isr():
        partitions = admin.list_topics(topic, timeout=5).topics[topic].partitions
        return len(partitions) == 2 and all(len(p.isrs) == 2 for p in partitions.values())
    wait_for(full_isr, 60, "both partitions fully in sync")
    for flag in ("--under-replicated-partitions", "--unavailable-partitions", "--under-min-isr-partitions"):
        assert tributary(cluster, "topics", "describe", topic, flag) == [], flag

    cluster.kill(2)

    def shrunk():
        partitions = admin.list_topics(topic, timeout=5).topics[topic].partitions
        return all(p.isrs == [1] and p.leader == 1 for p in partitions.values())
    wait_for(shrunk, 60, "broker 2 out of every ISR")
    under = tributary(cluster, "topics", "describe", topic, "--under-replicated-partitions")
    assert [line.split("\t")[2] for line in under] == ["Partition: 0", "Partition: 1"], under
    assert all(line.startswith(f"\tTopic: {topic}") and "\tIsr: 1\t" in line for line in under), under
    assert tributary(cluster, "topics", "describe", topic, "--under-min-isr-partitions") == under
    assert tributary(cluster, "topics", "describe", topic, "--unavailable-partitions") == []


def test_delete_records_moves_the_low_watermark(make_cluster, tmp_path):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    topic = unique("trim")
    tributary(cluster, "topics", "create", topic, "--partitions", "2")
    producer = Producer({"bootstrap.servers": cluster.bootstrap, **QUIET})
    for index in range(10):
        producer.produce(topic, value=b"v%d" % index, partition=index % 2)
    assert producer.flush(30) == 0

    plan = tmp_path / "offsets.json"
    plan.write_text(json.dumps({"version": 1, "partitions": [{"topic": topic, "partition": 0, "offset": 3},
                                                             {"topic": topic, "partition": 1, "offset": -1}]}))
    assert tributary(cluster, "delete-records", "--offset-json-file", str(plan)) == [
        "Executing records delete operation",
        "Records delete operation completed:",
        f"partition: {topic}-0\tlow_watermark: 3",
        f"partition: {topic}-1\tlow_watermark: 5",
    ]
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("g"), **QUIET})
    try:
        low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
        assert (low, high) == (3, 5)
    finally:
        consumer.close()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "partitions": [{"topic": topic, "partition": 0, "offset": 1},
                                                            {"topic": topic, "partition": 0, "offset": 2}]}))
    result = run_tributary("delete-records", "--offset-json-file", str(bad), "--bootstrap-server", cluster.bootstrap)
    assert result.returncode != 0 and "duplicate partition" in result.stderr
