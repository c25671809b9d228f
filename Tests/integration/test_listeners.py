"""Dedicated listeners: with `inter.broker.listener.name` naming a listener of its own, replication, the
controller's requests and controlled shutdown travel there, clients are told only their listener's addresses,
and the inter-broker APIs are refused on the client listener."""

from __future__ import annotations

import signal
import socket
import struct
import uuid

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from harness import free_port, wait_for


@pytest.fixture
def cluster(make_cluster):
    cluster = make_cluster()
    for broker_id in (1, 2, 3):
        broker = cluster.add_broker(broker_id)
        replication_port = free_port()
        broker.config.update({
            "listeners": f"CLIENT://127.0.0.1:{broker.port},REPLICATION://127.0.0.1:{replication_port}",
            "advertised.listeners":
                f"CLIENT://127.0.0.1:{broker.port},REPLICATION://127.0.0.1:{replication_port}",
            "listener.security.protocol.map": "CLIENT:PLAINTEXT,REPLICATION:PLAINTEXT",
            "inter.broker.listener.name": "REPLICATION",
            "default.replication.factor": 3,
            "offsets.topic.replication.factor": 3,
        })
        broker.replication_port = replication_port
    cluster.start(3)
    cluster.wait_metadata_ready()  # CreateTopics counts the brokers the controller has announced
    return cluster


def frame(api_key: int, version: int, correlation_id: int, body: bytes) -> bytes:
    """A request frame with header v1 (these APIs' versions below are not flexible)."""
    client_id = b"listener-test"
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def read_frame(sock: socket.socket) -> bytes | None:
    """One response frame, or None when the broker closed the connection."""
    def exactly(count: int) -> bytes | None:
        data = b""
        while len(data) < count:
            chunk = sock.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data
    size = exactly(4)
    return None if size is None else exactly(struct.unpack(">i", size)[0])


def follower_fetch_error(port: int, topic: str, replica_id: int) -> int | None:
    """Sends Fetch v4 as follower `replica_id` for partition 0; returns the partition's error code, or None if
    the connection was closed."""
    name = topic.encode()
    body = struct.pack(">iiiib", replica_id, 0, 1, 1 << 20, 0)
    body += struct.pack(">ih", 1, len(name)) + name + struct.pack(">iiqi", 1, 0, 0, 1 << 20)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(frame(1, 4, 7, body))
        response = read_frame(sock)
    if response is None:
        return None
    # correlation id, throttle time, topics[1], topic name, partitions[1], partition index, error code
    offset = 4 + 4 + 4
    (name_length,) = struct.unpack_from(">h", response, offset)
    offset += 2 + name_length + 4 + 4
    return struct.unpack_from(">h", response, offset)[0]


def test_replication_and_clients_use_their_own_listeners(cluster):
    topic = f"listeners-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=3)])[topic].result(timeout=30)

    def in_sync():
        state = cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state")
        return state and sorted(state["isr"]) == [1, 2, 3]
    wait_for(in_sync, 30, "the ISR to hold all three replicas")

    metadata = admin.list_topics(timeout=10)
    client_ports = {broker.port for broker in cluster.brokers.values()}
    assert {b.port for b in metadata.brokers.values()} == client_ports, \
        "a client on CLIENT is told CLIENT addresses, never REPLICATION ones"

    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all"})
    for index in range(100):
        producer.produce(topic, key=b"k", value=f"v{index}".encode())
    assert producer.flush(30) == 0
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": f"g-{topic}",
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    values: list[bytes] = []

    def all_read():
        values.extend(m.value() for m in consumer.consume(100, timeout=1) if not m.error())
        return len(values) >= 100
    wait_for(all_read, 30, "all 100 records")
    consumer.close()
    assert values == [f"v{index}".encode() for index in range(100)]

    # A follower's fetch is refused on the client listener and served on the replication one.
    leader = cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state")["leader"]
    follower = next(b for b in (1, 2, 3) if b != leader)
    leader_broker = cluster.brokers[leader]
    assert follower_fetch_error(leader_broker.port, topic, follower) == 31  # CLUSTER_AUTHORIZATION_FAILED
    assert follower_fetch_error(leader_broker.replication_port, topic, follower) == 0


def test_controller_requests_are_refused_on_the_client_listener(cluster):
    epoch = cluster.controller_epoch()
    target = cluster.brokers[1]
    # LeaderAndIsr v2 with no partitions: the router closes the connection before any decoding.
    body = struct.pack(">iiqii", cluster.controller(), epoch, 0, 0, 0)
    with socket.create_connection(("127.0.0.1", target.port), timeout=10) as sock:
        sock.sendall(frame(4, 2, 1, body))
        assert read_frame(sock) is None, "LeaderAndIsr on the client listener must close the connection"
    target.wait_for_log("LeaderAndIsr", "CLIENT")


def test_controlled_shutdown_travels_on_the_inter_broker_listener(cluster):
    topic = f"shutdown-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=3)])[topic].result(timeout=30)
    victim = next(b for b in (1, 2, 3) if b != cluster.controller())

    def leaders_known():
        states = [cluster.read_json(f"/brokers/topics/{topic}/partitions/{p}/state") for p in range(3)]
        return all(s and s["leader"] >= 0 and len(s["isr"]) == 3 for s in states)
    wait_for(leaders_known, 30, "leaders and full ISRs")
    cluster.kill(victim, sig=signal.SIGTERM)
    stderr = cluster.brokers[victim].stderr()
    assert "controlled shutdown succeeded" in stderr, stderr[-3000:]
    for partition in range(3):
        state = cluster.read_json(f"/brokers/topics/{topic}/partitions/{partition}/state")
        assert state["leader"] != victim, f"partition {partition} still led by the stopped broker"
