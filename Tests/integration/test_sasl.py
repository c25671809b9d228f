"""SASL with real processes and real clients (KIP-152): a SASL_PLAINTEXT listener beside the PLAINTEXT one the
brokers use between themselves; PLAIN users from the listener's JAAS config, SCRAM credentials in ZooKeeper as
Kafka stores them (`/config/users/<user>`, salted and iterated, never the password). kafka-python (PLAIN) and
confluent-kafka (SCRAM-SHA-512, SCRAM-SHA-256) produce and consume; a wrong password, an unknown user and a
client that skips SASL are refused, and a credential added or removed in ZooKeeper counts without a restart."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os

import pytest
from confluent_kafka import Consumer, KafkaException, Producer
from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError as KafkaPythonError

import kafka_wire
from harness import free_port, wait_for
from test_replication import QUIET, create_topic, unique_topic

PLAIN_JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
              'username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";')


def scram_credential(mechanism: str, password: str, iterations: int = 4096) -> str:
    """Kafka's stored form of a SCRAM credential (ScramCredentialUtils.credentialToString)."""
    digest = {"SCRAM-SHA-256": "sha256", "SCRAM-SHA-512": "sha512"}[mechanism]
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac(digest, password.encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    stored_key = hashlib.new(digest, client_key).digest()
    server_key = hmac.new(salted, b"Server Key", digest).digest()
    b64 = lambda raw: base64.b64encode(raw).decode()  # noqa: E731
    return f"salt={b64(salt)},stored_key={b64(stored_key)},server_key={b64(server_key)},iterations={iterations}"


def set_scram_user(cluster, user: str, credentials: dict[str, str]) -> None:
    """What `kafka-configs.sh --zookeeper ... --alter --add-config 'SCRAM-SHA-512=[password=...]'` writes."""
    path = f"/config/users/{user}"
    data = json.dumps({"version": 1, "config": credentials}).encode()
    if cluster.zk.exists(path):
        cluster.zk.set(path, data)
    else:
        cluster.zk.create(path, data, makepath=True)


@pytest.fixture
def sasl_cluster(make_cluster):
    cluster = make_cluster()
    sasl_port = free_port()
    broker = cluster.make_broker(1)
    plain = broker.config["listeners"]
    broker.config.update({
        "listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "advertised.listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config": PLAIN_JAAS,
    })
    broker.launch()
    cluster.wait_serving(1)
    cluster.sasl_bootstrap = f"127.0.0.1:{sasl_port}"
    cluster.sasl_port = sasl_port
    set_scram_user(cluster, "bob", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "bob-secret"),
                                    "SCRAM-SHA-256": scram_credential("SCRAM-SHA-256", "bob-secret")})
    return cluster


def confluent_config(cluster, mechanism: str, user: str, password: str) -> dict:
    return {"bootstrap.servers": cluster.sasl_bootstrap, "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": mechanism, "sasl.username": user, "sasl.password": password, **QUIET}


def confluent_round_trip(cluster, topic: str, mechanism: str, user: str, password: str) -> list[bytes]:
    config = confluent_config(cluster, mechanism, user, password)
    producer = Producer({**config, "acks": "all", "message.timeout.ms": 20000})
    values = [f"{mechanism}-{i}".encode() for i in range(10)]
    errors = []
    for value in values:
        producer.produce(topic, value=value, on_delivery=lambda err, _msg: errors.append(err))
    assert producer.flush(30) == 0
    assert errors == [None] * len(values)
    consumer = Consumer({**config, "group.id": unique_topic("g"), "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    seen: list[bytes] = []

    def read_all():
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            seen.append(message.value())
        return len(seen) >= len(values)

    wait_for(read_all, 60, "the records read back over SASL")
    consumer.close()
    return seen[:len(values)]


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-512", "SCRAM-SHA-256"])
def test_confluent_kafka_produces_and_consumes_with_scram(sasl_cluster, mechanism):
    topic = unique_topic("scram")
    create_topic(sasl_cluster, topic, partitions=1, replication_factor=1)
    values = confluent_round_trip(sasl_cluster, topic, mechanism, "bob", "bob-secret")
    assert values == [f"{mechanism}-{i}".encode() for i in range(10)]
    assert "SASL client authenticated" in sasl_cluster.brokers[1].stderr()
    assert "principal=User:bob" in sasl_cluster.brokers[1].stderr()


def test_kafka_python_produces_and_consumes_with_plain(sasl_cluster):
    topic = unique_topic("plain")
    create_topic(sasl_cluster, topic, partitions=1, replication_factor=1)
    config = {"bootstrap_servers": sasl_cluster.sasl_bootstrap, "security_protocol": "SASL_PLAINTEXT",
              "sasl_mechanism": "PLAIN", "sasl_plain_username": "alice", "sasl_plain_password": "alice-secret"}
    producer = KafkaProducer(acks="all", **config)
    for i in range(10):
        producer.send(topic, f"plain-{i}".encode()).get(timeout=30)
    producer.close()
    consumer = KafkaConsumer(topic, auto_offset_reset="earliest", consumer_timeout_ms=20000, **config)
    values = []
    for message in consumer:
        values.append(message.value)
        if len(values) == 10:
            break
    consumer.close()
    assert values == [f"plain-{i}".encode() for i in range(10)]
    assert "principal=User:alice" in sasl_cluster.brokers[1].stderr()


def metadata_error(config: dict) -> str:
    """The error a confluent-kafka admin call reports, or '' when it succeeds."""
    producer = Producer({**config, "socket.timeout.ms": 5000})
    try:
        producer.list_topics(timeout=8)
        return ""
    except KafkaException as error:
        return str(error)


def test_wrong_password_and_unknown_user_are_refused_with_kafkas_error(sasl_cluster):
    logged: list[str] = []
    for mechanism, user, password in [("SCRAM-SHA-512", "bob", "wrong"), ("SCRAM-SHA-256", "nobody", "x"),
                                      ("PLAIN", "alice", "wrong"), ("PLAIN", "nobody", "x")]:
        errors: list[str] = []
        config = {**confluent_config(sasl_cluster, mechanism, user, password),
                  "error_cb": lambda err: errors.append(str(err))}
        assert metadata_error(config) != "", f"{mechanism} {user} was let in"
        wait_for(lambda: any("Authentication failed" in e for e in errors), 15,
                 f"the client reporting the refusal of {mechanism} {user}")
        logged.append(f"{mechanism} {user}")
    stderr = sasl_cluster.brokers[1].stderr()
    assert stderr.count("SASL authentication failed") >= len(logged)
    assert "invalid credentials with SASL mechanism SCRAM-SHA-512" in stderr

    # kafka-python reports it too.
    with pytest.raises(KafkaPythonError):
        KafkaProducer(bootstrap_servers=sasl_cluster.sasl_bootstrap, security_protocol="SASL_PLAINTEXT",
                      sasl_mechanism="PLAIN", sasl_plain_username="alice", sasl_plain_password="nope",
                      max_block_ms=5000).partitions_for("anything")


def test_a_client_without_sasl_gets_nothing_but_api_versions(sasl_cluster):
    with kafka_wire.Connection(sasl_cluster.sasl_port) as connection:
        versions = connection.request("ApiVersions", 3, {"client_software_name": "t",
                                                         "client_software_version": "1"})
        assert versions["error_code"] == 0
        keys = {entry["api_key"] for entry in versions["api_keys"]}
        assert {17, 36} <= keys
        with pytest.raises((kafka_wire.ConnectionClosed, OSError)):
            connection.request("Metadata", 9, {"topics": None})
    # An unsupported mechanism is answered with the enabled ones, then the connection closes.
    with kafka_wire.Connection(sasl_cluster.sasl_port) as connection:
        answer = connection.request("SaslHandshake", 1, {"mechanism": "GSSAPI"})
        assert answer["error_code"] == 33
        assert answer["mechanisms"] == ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
    errors: list[str] = []
    assert metadata_error({"bootstrap.servers": sasl_cluster.sasl_bootstrap,
                           "error_cb": lambda err: errors.append(str(err)), **QUIET}) != ""


def test_scram_credentials_added_and_removed_in_zookeeper_count_without_restart(sasl_cluster):
    topic = unique_topic("carol")
    create_topic(sasl_cluster, topic, partitions=1, replication_factor=1)
    config = confluent_config(sasl_cluster, "SCRAM-SHA-512", "carol", "carol-secret")
    assert metadata_error(config) != ""
    set_scram_user(sasl_cluster, "carol", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "carol-secret")})
    assert metadata_error(config) == ""
    set_scram_user(sasl_cluster, "carol", {})
    assert metadata_error(config) != ""
