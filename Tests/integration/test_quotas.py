"""Client quotas (KIP-13, KIP-219) against a real broker and real clients: a client id's producer_byte_rate holds
a producer that sends as fast as it can to its quota, the broker reports the throttle time it imposes, and the
quota lives in Kafka's znodes (`/config/clients/<client-id>`), set through `tributary configs`.
"""

from __future__ import annotations

import json
import time
import uuid

from confluent_kafka import Consumer, KafkaError, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from harness import run_tributary, wait_for

QUIET = {"log_level": 3}
QUOTA = 1_048_576  # bytes per second
MEASURE_SECONDS = 10


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_topic(cluster, topic: str) -> None:
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    admin.create_topics([NewTopic(topic, 1, 1)], operation_timeout=30)[topic].result(60)
    wait_for(lambda: (t := admin.list_topics(timeout=5).topics.get(topic)) is not None and t.error is None
             and t.partitions[0].leader == 1, 60, f"{topic} to have a leader")


def set_client_quota(cluster, client_id: str, key: str, value: int) -> None:
    result = run_tributary("configs", "alter", "--bootstrap-server", cluster.bootstrap, "--entity-type", "clients",
                           "--entity-name", client_id, "--add-config", f"{key}={value}")
    assert result.returncode == 0, result.stderr
    assert cluster.read_json(f"/config/clients/{client_id}")["config"][key] == str(value)
    broker = cluster.brokers[1]
    wait_for(lambda: f"clients/{client_id}=" in broker.stderr(), 20, "the broker to apply the quota")


def test_producer_byte_rate_holds_a_greedy_producer_to_its_quota(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    topic, client_id = unique("quota"), unique("bulk-producer")
    create_topic(cluster, topic)
    set_client_quota(cluster, client_id, "producer_byte_rate", QUOTA)

    throttles: list[int] = []

    def on_stats(text: str) -> None:
        for broker in json.loads(text)["brokers"].values():
            if broker["nodeid"] >= 0 and broker["throttle"]["cnt"]:
                throttles.append(broker["throttle"]["max"])

    producer = Producer({"bootstrap.servers": cluster.bootstrap, "client.id": client_id, "linger.ms": 5,
                         "batch.size": 65536, "acks": 1, "statistics.interval.ms": 500, "stats_cb": on_stats,
                         # A short local queue: what is still queued when the measurement ends is dropped.
                         "queue.buffering.max.kbytes": 1024, **QUIET})
    value = b"q" * 10_000
    delivered: list[float] = []

    def on_delivery(error, message) -> None:
        if error is None:
            delivered.append(time.monotonic())
        else:
            assert error.code() == KafkaError._PURGE_QUEUE, error

    start = time.monotonic()
    while time.monotonic() - start < MEASURE_SECONDS:
        try:
            producer.produce(topic, value=value, on_delivery=on_delivery)
        except BufferError:  # the local queue is full: the broker is holding us back
            producer.poll(0.01)
        producer.poll(0)
    producer.purge(in_queue=True, in_flight=False)
    producer.flush(30)

    in_window = sum(1 for at in delivered if at - start < MEASURE_SECONDS)
    rate = in_window * len(value) / MEASURE_SECONDS
    print(f"producer held to {rate:.0f} B/s, throttled up to {max(throttles, default=0)} ms")
    assert abs(rate - QUOTA) / QUOTA < 0.10, f"{rate:.0f} B/s against a quota of {QUOTA} B/s"
    assert throttles and max(throttles) > 0, "the producer saw the broker's throttle time"

    # Another client id has no quota and is not held back.
    free = Producer({"bootstrap.servers": cluster.bootstrap, "client.id": unique("free"), "linger.ms": 5, **QUIET})
    free_start = time.monotonic()
    for _ in range(500):
        free.produce(topic, value=value)
        free.poll(0)
    assert free.flush(60) == 0
    assert 500 * len(value) / (time.monotonic() - free_start) > 2 * QUOTA


def test_consumer_byte_rate_holds_a_consumer_to_its_quota(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    topic, client_id = unique("quota-fetch"), unique("bulk-consumer")
    create_topic(cluster, topic)
    loader = Producer({"bootstrap.servers": cluster.bootstrap, "linger.ms": 20, **QUIET})
    value = b"c" * 10_000
    for _ in range(2_000):  # 20 MB: more than the consumer may read in the measured time
        loader.produce(topic, value=value)
        loader.poll(0)
    assert loader.flush(60) == 0
    set_client_quota(cluster, client_id, "consumer_byte_rate", QUOTA)

    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "client.id": client_id, "group.id": unique("g"),
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "fetch.max.bytes": 262144, "max.partition.fetch.bytes": 262144,
                         "message.max.bytes": 262144, **QUIET})
    consumer.subscribe([topic])
    received, start = 0, None
    while start is None or time.monotonic() - start < MEASURE_SECONDS:
        message = consumer.poll(0.1)
        if message is None or message.error():
            assert start is None or time.monotonic() - start < 30, "no records while measuring"
            continue
        start = start or time.monotonic()  # from the first record: the group join is not the broker's doing
        received += len(message.value())
    consumer.close()
    rate = received / MEASURE_SECONDS
    print(f"consumer held to {rate:.0f} B/s")
    assert abs(rate - QUOTA) / QUOTA < 0.10, f"{rate:.0f} B/s against a quota of {QUOTA} B/s"
