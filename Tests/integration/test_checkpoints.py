"""Kafka's per-log-directory checkpoints with real processes: `replication-offset-checkpoint`
(high watermarks) and `recovery-point-offset-checkpoint`, written on clean shutdown and on
their intervals, and read back by a restarted broker, which then leads without its high
watermark going back to 0."""

from __future__ import annotations

import signal
from pathlib import Path

from confluent_kafka import Consumer, TopicPartition

from harness import wait_for
from test_replication import (FAILOVER, QUIET, REPLICATED, consume_all, create_topic, leader_election, leader_of,
                              produce_one_by_one, unique_topic, wait_isr, wait_metadata_ready)


def read_checkpoint(path: Path) -> dict[tuple[str, int], int] | None:
    """Parses Kafka's checkpoint format (version 0, count, `topic partition offset` lines);
    None when the file is missing. Asserts it is well formed."""
    if not path.exists():
        return None
    lines = path.read_text().split("\n")
    assert lines[-1] == "", f"{path} does not end with a newline"
    lines = lines[:-1]
    assert lines[0] == "0" and int(lines[1]) == len(lines) - 2, f"malformed {path}: {lines[:5]}"
    entries = {}
    for line in lines[2:]:
        topic, partition, offset = line.split(" ")
        entries[(topic, int(partition))] = int(offset)
    return entries


def checkpointed(cluster, broker_id: int, topic: str, name: str = "replication-offset-checkpoint") -> int | None:
    entries = read_checkpoint(cluster.brokers[broker_id].data_dir / name) or {}
    return entries.get((topic, 0))


def lead_and_serve(cluster, topic: str, broker_id: int, values: list[bytes]) -> None:
    """Moves leadership back to `broker_id` (its preferred replica) and checks it serves every
    acknowledged record, its high watermark not behind them."""
    wait_isr(cluster, topic, 1, size=3, timeout=FAILOVER)
    code, results, stderr = leader_election(cluster, "--preferred", "--topic", topic, "--partition", "0")
    assert code == 0, stderr
    assert leader_of(cluster, topic, 0) == broker_id, results
    wait_metadata_ready(cluster)
    consumer = Consumer({"bootstrap.servers": cluster.brokers[broker_id].address, "group.id": unique_topic("g"),
                         **QUIET})
    try:
        # The watermark comes from the leader, the restarted broker.
        wait_for(lambda: consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=5)[1] == len(values),
                 FAILOVER, "the restarted leader's high watermark to cover every acknowledged record")
    finally:
        consumer.close()
    records = consume_all(cluster, topic, 1)
    assert [value for _, value in records[0]] == values


def test_clean_shutdown_checkpoints_the_high_watermark_and_the_restarted_leader_serves_it(make_cluster):
    # No periodic high watermark write within the test: the file can only come from the shutdown.
    cluster = make_cluster(brokers=3, broker_config={
        **REPLICATED, "replica.high.watermark.checkpoint.interval.ms": 600_000})
    wait_metadata_ready(cluster)
    victim, topic = 1, unique_topic("ckpt")
    create_topic(cluster, topic, replica_assignment=[[victim, 2, 3]])
    values = [f"v-{i}".encode() for i in range(20)]
    assert produce_one_by_one(cluster, topic, values) == [None] * len(values)
    assert leader_of(cluster, topic, 0) == victim
    assert checkpointed(cluster, victim, topic) is None

    assert cluster.kill(victim, signal.SIGTERM, timeout=60) == 0
    assert checkpointed(cluster, victim, topic) == len(values)
    # A clean shutdown flushes every log: recovery at start-up rescans nothing below the log end.
    assert checkpointed(cluster, victim, topic, "recovery-point-offset-checkpoint") == len(values)

    cluster.brokers[victim].launch()
    cluster.wait_serving(victim, timeout=FAILOVER)
    lead_and_serve(cluster, topic, victim, values)


def test_high_watermark_checkpoint_written_on_its_interval_survives_sigkill(make_cluster):
    cluster = make_cluster(brokers=3, broker_config={
        **REPLICATED, "replica.high.watermark.checkpoint.interval.ms": 500})
    wait_metadata_ready(cluster)
    victim, topic = 1, unique_topic("ckpt")
    create_topic(cluster, topic, replica_assignment=[[victim, 2, 3]])
    values = [f"k-{i}".encode() for i in range(10)]
    assert produce_one_by_one(cluster, topic, values) == [None] * len(values)
    # Followers learn the high watermark from their next fetch; every broker checkpoints its own.
    for broker_id in (1, 2, 3):
        wait_for(lambda: checkpointed(cluster, broker_id, topic) == len(values), 15,
                 f"broker {broker_id}'s replication-offset-checkpoint to hold the high watermark")

    cluster.kill(victim, signal.SIGKILL)
    assert checkpointed(cluster, victim, topic) == len(values)

    wait_for(lambda: victim not in cluster.registered_ids(), FAILOVER, f"broker {victim}'s session to expire")
    cluster.brokers[victim].launch()
    cluster.wait_serving(victim, timeout=FAILOVER)
    lead_and_serve(cluster, topic, victim, values)
