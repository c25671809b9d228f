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
import time

import pytest
from confluent_kafka import Consumer, KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer, KafkaProducer
from kafka.errors import KafkaError as KafkaPythonError

import kafka_wire
from harness import free_port, run_tributary, wait_for
from test_replication import QUIET, create_topic, partition_state, unique_topic
from test_tls import PKI  # the TLS suite's certificate helpers

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
    return start_sasl_cluster(make_cluster)


def start_sasl_cluster(make_cluster, extra: dict | None = None):
    """One broker with a SASL_PLAINTEXT listener beside the PLAINTEXT one; users alice (PLAIN) and bob (SCRAM)."""
    cluster = make_cluster()
    sasl_port = free_port()
    broker = cluster.add_broker(1)
    plain = broker.config["listeners"]
    broker.config.update({
        "listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "advertised.listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config": PLAIN_JAAS,
        **(extra or {}),
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


def round_trip(config: dict, topic: str, prefix: str, count: int = 10) -> list[bytes]:
    """Produces `count` records with confluent-kafka and reads them back; returns what was read."""
    producer = Producer({**config, "acks": "all", "message.timeout.ms": 20000})
    values = [f"{prefix}-{i}".encode() for i in range(count)]
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
    values = round_trip(confluent_config(sasl_cluster, mechanism, "bob", "bob-secret"), topic, mechanism)
    assert values == [f"{mechanism}-{i}".encode() for i in range(10)]
    sasl_cluster.brokers[1].wait_for_log("SASL client authenticated", "principal=User:bob")


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
    sasl_cluster.brokers[1].wait_for_log("principal=User:alice")


def metadata_error(config: dict) -> str:
    """The error a confluent-kafka metadata request reports, or '' when it succeeds."""
    producer = Producer({**config, "socket.timeout.ms": 5000})
    try:
        producer.list_topics(timeout=8)
        return ""
    except KafkaException as error:
        return str(error)


def reported_refusal(config: dict) -> str:
    """Connects with `config` and returns the first authentication error the client reports (its error
    callback, served by poll); fails if the client gets metadata instead."""
    errors: list[str] = []
    producer = Producer({**config, "socket.timeout.ms": 5000, "error_cb": lambda err: errors.append(str(err))})

    def refused():
        producer.poll(0.2)
        return next((e for e in errors if "Authentication failed" in e), None)

    try:
        return wait_for(refused, 20, "the client to report the refusal")
    finally:
        assert metadata_error(config) != "", "the client was let in"


def test_wrong_password_and_unknown_user_are_refused_with_kafkas_error(sasl_cluster):
    cases = [("SCRAM-SHA-512", "bob", "wrong"), ("SCRAM-SHA-256", "nobody", "x"),
             ("PLAIN", "alice", "wrong"), ("PLAIN", "nobody", "x")]
    for mechanism, user, password in cases:
        reported = reported_refusal(confluent_config(sasl_cluster, mechanism, user, password))
        if mechanism.startswith("SCRAM"):
            assert f"invalid credentials with SASL mechanism {mechanism}" in reported
        else:
            assert "Invalid username or password" in reported
    stderr = sasl_cluster.brokers[1].stderr()
    assert stderr.count("SASL authentication failed") >= len(cases)
    assert "peer=" in stderr

    # kafka-python reports it too.
    with pytest.raises(KafkaPythonError):
        KafkaProducer(bootstrap_servers=sasl_cluster.sasl_bootstrap, security_protocol="SASL_PLAINTEXT",
                      sasl_mechanism="PLAIN", sasl_plain_username="alice", sasl_plain_password="nope",
                      max_block_ms=5000).partitions_for("anything")


def test_a_client_without_sasl_gets_nothing_but_api_versions(sasl_cluster):
    with kafka_wire.Connection(sasl_cluster.sasl_port) as connection:
        versions = connection.request("ApiVersions", 3, {"ClientSoftwareName": "t", "ClientSoftwareVersion": "1"})
        assert versions["ErrorCode"] == 0
        keys = {entry["ApiKey"] for entry in versions["ApiKeys"]}
        assert {17, 36} <= keys
        with pytest.raises((kafka_wire.ConnectionClosed, OSError)):
            connection.request("Metadata", 9, {"Topics": None})
    # An unsupported mechanism is answered with the enabled ones, then the connection closes.
    with kafka_wire.Connection(sasl_cluster.sasl_port) as connection:
        answer = connection.request("SaslHandshake", 1, {"Mechanism": "GSSAPI"})
        assert answer["ErrorCode"] == 33  # UNSUPPORTED_SASL_MECHANISM
        assert answer["Mechanisms"] == ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
        with pytest.raises((kafka_wire.ConnectionClosed, OSError)):
            connection.request("SaslHandshake", 1, {"Mechanism": "PLAIN"})
    # A client that skips SASL gets no metadata.
    assert metadata_error({"bootstrap.servers": sasl_cluster.sasl_bootstrap, **QUIET}) != ""


def test_scram_credentials_added_and_removed_in_zookeeper_count_without_restart(sasl_cluster):
    topic = unique_topic("carol")
    create_topic(sasl_cluster, topic, partitions=1, replication_factor=1)
    config = confluent_config(sasl_cluster, "SCRAM-SHA-512", "carol", "carol-secret")
    assert metadata_error(config) != ""
    set_scram_user(sasl_cluster, "carol", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "carol-secret")})
    assert metadata_error(config) == ""
    set_scram_user(sasl_cluster, "carol", {})
    assert metadata_error(config) != ""


def test_confluent_kafka_over_sasl_ssl_with_scram_sha_512(make_cluster, tmp_path_factory):
    """SASL_SSL: TLS first, then SCRAM inside it; inter-broker traffic on a plain SSL listener."""
    pki = PKI(tmp_path_factory.mktemp("sasl-pki"))
    pki.make_ca("ca")
    pki.issue("broker", "/CN=broker", "ca", san="DNS:localhost,IP:127.0.0.1")
    cluster = make_cluster()
    broker = cluster.add_broker(1)
    sasl_port = free_port()
    tls = {"ssl.keystore.type": "PEM", "ssl.keystore.location": pki.path("broker.keystore.pem"),
           "ssl.truststore.type": "PEM", "ssl.truststore.location": pki.path("ca.pem"), "ssl.client.auth": "none"}
    broker.config.update({
        "listeners": f"SSL://127.0.0.1:{broker.port},SASL_SSL://127.0.0.1:{sasl_port}",
        "advertised.listeners": f"SSL://127.0.0.1:{broker.port},SASL_SSL://127.0.0.1:{sasl_port}",
        "inter.broker.listener.name": "SSL",
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        **tls,
    })
    cluster.start(1)
    set_scram_user(cluster, "bob", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "bob-secret")})
    cluster.sasl_bootstrap = f"127.0.0.1:{sasl_port}"
    topic = unique_topic("sasl-ssl")
    config = {"bootstrap.servers": cluster.sasl_bootstrap, "security.protocol": "SASL_SSL",
              "ssl.ca.location": pki.path("ca.pem"), "sasl.mechanism": "SCRAM-SHA-512", "sasl.username": "bob",
              "sasl.password": "bob-secret", **QUIET}
    admin = AdminClient(config)
    admin.create_topics([NewTopic(topic, 1, 1)])[topic].result(30)
    assert round_trip(config, topic, "sasl-ssl", 20) == [f"sasl-ssl-{i}".encode() for i in range(20)]
    # The wrong password is refused over TLS too.
    assert "invalid credentials with SASL mechanism SCRAM-SHA-512" in reported_refusal({**config, "sasl.password": "x"})
    broker.wait_for_log("mechanism=SCRAM-SHA-512", "principal=User:bob")


def test_scram_credentials_managed_through_the_admin_api(sasl_cluster):
    """AlterUserScramCredentials/DescribeUserScramCredentials (KIP-554) with confluent-kafka's admin client:
    a user created through the API authenticates, is described by mechanism and iterations only, and is refused
    once its credential is deleted."""
    from confluent_kafka.admin import (ScramCredentialInfo, ScramMechanism, UserScramCredentialDeletion,
                                       UserScramCredentialUpsertion)

    admin = AdminClient({"bootstrap.servers": sasl_cluster.bootstrap, **QUIET})
    info = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 8192)
    futures = admin.alter_user_scram_credentials(
        [UserScramCredentialUpsertion("dave", info, b"dave-secret", b"pepper")])
    futures["dave"].result(30)
    infos = admin.describe_user_scram_credentials(["dave"])["dave"].result(30).scram_credential_infos
    assert [(i.mechanism, i.iterations) for i in infos] == [(ScramMechanism.SCRAM_SHA_256, 8192)]
    stored = json.loads(sasl_cluster.zk.get("/config/users/dave")[0])["config"]
    assert set(stored) == {"SCRAM-SHA-256"} and "dave-secret" not in stored["SCRAM-SHA-256"]

    topic = unique_topic("dave")
    create_topic(sasl_cluster, topic, partitions=1, replication_factor=1)
    config = confluent_config(sasl_cluster, "SCRAM-SHA-256", "dave", "dave-secret")
    assert round_trip(config, topic, "dave", 5) == [f"dave-{i}".encode() for i in range(5)]

    # Too few iterations is refused with Kafka's error; describing a missing user is RESOURCE_NOT_FOUND.
    weak = ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 100)
    with pytest.raises(KafkaException, match="iterations"):
        admin.alter_user_scram_credentials([UserScramCredentialUpsertion("erin", weak, b"x")])["erin"].result(30)
    with pytest.raises(KafkaException):
        admin.describe_user_scram_credentials(["nobody"])["nobody"].result(30)

    admin.alter_user_scram_credentials(
        [UserScramCredentialDeletion("dave", ScramMechanism.SCRAM_SHA_256)])["dave"].result(30)
    assert "invalid credentials" in reported_refusal(config)


def test_the_cli_manages_scram_users(sasl_cluster):
    """`tributary users add|describe|delete`, as kafka-configs.sh --entity-type users manages SCRAM credentials."""
    bootstrap = ["--bootstrap-server", sasl_cluster.bootstrap]
    added = run_tributary("users", "add", *bootstrap, "--user", "frank", "--mechanism", "SCRAM-SHA-512",
                          "--password", "frank-secret", "--iterations", "4096")
    assert added.returncode == 0, added.stderr
    described = run_tributary("users", "describe", *bootstrap, "--user", "frank")
    assert described.returncode == 0, described.stderr
    assert "SCRAM-SHA-512=iterations=4096" in described.stdout
    config = confluent_config(sasl_cluster, "SCRAM-SHA-512", "frank", "frank-secret")
    assert metadata_error(config) == ""
    deleted = run_tributary("users", "delete", *bootstrap, "--user", "frank", "--mechanism", "SCRAM-SHA-512")
    assert deleted.returncode == 0, deleted.stderr
    assert run_tributary("users", "describe", *bootstrap, "--user", "frank").returncode != 0
    assert metadata_error(config) != ""


SCRAM_BROKER_JAAS = ('org.apache.kafka.common.security.scram.ScramLoginModule required '
                     'username="broker" password="broker-secret";')


def launch_with_sasl_between_brokers(cluster, broker_id: int, mechanism: str, password: str,
                                     extra: dict | None = None):
    """Starts a broker whose inter-broker listener is SASL_PLAINTEXT, logging in as `broker` with `password`."""
    broker = cluster.add_broker(broker_id)
    plain, sasl_port = broker.config["listeners"], free_port()
    broker.config.update({
        "listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "advertised.listeners": f"{plain},SASL_PLAINTEXT://127.0.0.1:{sasl_port}",
        "inter.broker.listener.name": "SASL_PLAINTEXT",
        "sasl.enabled.mechanisms": mechanism,
        "sasl.mechanism.inter.broker.protocol": mechanism,
        f"listener.name.sasl_plaintext.{mechanism.lower()}.sasl.jaas.config":
            SCRAM_BROKER_JAAS.replace("broker-secret", password),
        **(extra or {}),
    })
    broker.launch()
    return broker


def test_brokers_replicate_and_take_controller_requests_over_sasl(make_cluster):
    """Inter-broker SASL (SCRAM-SHA-512): the brokers' listener is SASL_PLAINTEXT, so replica fetchers and the
    controller's requests log in with `sasl.mechanism.inter.broker.protocol` and the listener's JAAS login, using
    a credential that is in ZooKeeper before the brokers start (as Kafka's bootstrap for SCRAM)."""
    cluster = make_cluster()
    set_scram_user(cluster, "broker", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "broker-secret")})
    for broker_id in (1, 2, 3):
        # Sessions end every 2 s (KIP-368): the brokers' own connections are renewed before the broker closes them.
        launch_with_sasl_between_brokers(cluster, broker_id, "SCRAM-SHA-512", "broker-secret",
                                         {"connections.max.reauth.ms": "2000"})
    for broker_id in (1, 2, 3):
        cluster.wait_serving(broker_id)
    topic = unique_topic("interbroker")
    create_topic(cluster, topic, partitions=3, replication_factor=3)  # LeaderAndIsr from the controller over SASL
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "message.timeout.ms": 30000, **QUIET})
    for index in range(30):
        producer.produce(topic, value=f"r-{index}".encode(), partition=index % 3)
    assert producer.flush(60) == 0, "acks=all needs the followers, which fetch over SASL"
    for broker in cluster.brokers.values():
        broker.wait_for_log("SASL client authenticated", "principal=User:broker")
    # Across several session ends the followers keep up: acks=all still completes, no session ran out unrenewed.
    for round_ in range(3):
        wait_for(lambda: sum(b.stderr().count("principal=User:broker") for b in cluster.brokers.values())
                 > 6 * (round_ + 1), 30, "the brokers' connections renewed")
        producer.produce(topic, value=f"later-{round_}".encode(), partition=round_)
        assert producer.flush(30) == 0
    assert not any("session expired" in b.stderr() for b in cluster.brokers.values())


def test_a_broker_with_the_wrong_inter_broker_password_stays_out_of_the_isr(make_cluster):
    cluster = make_cluster()
    set_scram_user(cluster, "broker", {"SCRAM-SHA-256": scram_credential("SCRAM-SHA-256", "broker-secret")})
    for broker_id, password in ((1, "broker-secret"), (2, "wrong")):
        launch_with_sasl_between_brokers(cluster, broker_id, "SCRAM-SHA-256", password,
                                         {"replica.lag.time.max.ms": "2000"})
        cluster.wait_serving(broker_id)
    topic = unique_topic("refused")
    result = run_tributary("topics", "create", "--bootstrap-server", cluster.bootstrap, topic,
                           "--replica-assignment", "1:2")
    assert result.returncode == 0, result.stderr
    # Broker 2 cannot log in to broker 1 to fetch, and broker 1 refuses it with Kafka's message.
    cluster.brokers[1].wait_for_log("invalid credentials with SASL mechanism SCRAM-SHA-256", timeout=30)
    # It starts in the ISR (as every assigned replica) and is dropped once it lags replica.lag.time.max.ms.
    wait_for(lambda: (partition_state(cluster, topic, 0) or {}).get("isr") == [1], 30, "broker 2 out of the ISR")
    assert partition_state(cluster, topic, 0)["leader"] == 1


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-512"])
def test_the_cli_works_against_a_sasl_listener_with_command_config(sasl_cluster, tmp_path, mechanism):
    """`--command-config` with Kafka's client keys (`sasl.mechanism`, `sasl.jaas.config`) logs the CLI in."""
    module = "plain.PlainLoginModule" if mechanism == "PLAIN" else "scram.ScramLoginModule"
    user, password = ("alice", "alice-secret") if mechanism == "PLAIN" else ("bob", "bob-secret")

    def command_config(password: str):
        path = tmp_path / f"client-{mechanism}-{password}.properties"
        path.write_text(f"security.protocol=SASL_PLAINTEXT\nsasl.mechanism={mechanism}\n"
                        f'sasl.jaas.config=org.apache.kafka.common.security.{module} required '
                        f'username="{user}" password="{password}";\n')
        return str(path)

    topic = unique_topic("cli-sasl")
    args = ("--bootstrap-server", sasl_cluster.sasl_bootstrap, "--command-config", command_config(password))
    created = run_tributary("topics", "create", *args, topic, "--partitions", "1",
                            "--replication-factor", "1")
    assert created.returncode == 0, created.stderr
    listed = run_tributary("topics", "list", *args)
    assert listed.returncode == 0 and topic in listed.stdout.split(), listed.stderr
    described = run_tributary("configs", "describe", *args, "--entity-type", "topics", "--entity-name", topic)
    assert described.returncode == 0, described.stderr
    refused = run_tributary("topics", "list", "--bootstrap-server", sasl_cluster.sasl_bootstrap,
                            "--command-config", command_config("wrong"))
    assert refused.returncode != 0
    assert "authentication failed" in refused.stderr, refused.stderr


def test_sessions_expire_and_clients_reauthenticate(make_cluster):
    """KIP-368: with connections.max.reauth.ms the broker tells each client its session lifetime; librdkafka
    re-authenticates on the same connection and keeps producing; a client that does not is disconnected at its
    first request after the session ended."""
    cluster = start_sasl_cluster(make_cluster, {"connections.max.reauth.ms": "1500"})
    topic = unique_topic("reauth")
    create_topic(cluster, topic, partitions=1, replication_factor=1)
    config = confluent_config(cluster, "SCRAM-SHA-512", "bob", "bob-secret")
    producer = Producer({**config, "acks": "all", "message.timeout.ms": 20000})
    delivered: list = []
    sent = 0
    deadline = time.monotonic() + 6  # four session lifetimes
    while time.monotonic() < deadline:
        producer.produce(topic, value=f"r-{sent}".encode(), on_delivery=lambda err, _msg: delivered.append(err))
        sent += 1
        producer.poll(0.05)
    assert producer.flush(30) == 0
    assert delivered == [None] * sent, "every record delivered across re-authentications"
    broker = cluster.brokers[1]
    broker.wait_for_log("SASL client re-authenticated", "principal=User:bob")
    assert "session expired without re-authentication" not in broker.stderr()

    # A client that ignores the lifetime (kafka_wire does not re-authenticate) is closed after it.
    with kafka_wire.Connection(cluster.sasl_port) as connection:
        assert connection.request("SaslHandshake", 1, {"Mechanism": "PLAIN"})["ErrorCode"] == 0
        answer = connection.request("SaslAuthenticate", 1, {"AuthBytes": b"\0alice\0alice-secret"})
        assert answer["ErrorCode"] == 0 and answer["SessionLifetimeMs"] == 1500
        assert connection.request("Metadata", 9, {"Topics": None})["Brokers"]
        ends = time.monotonic() + 1.6
        while time.monotonic() < ends:  # the session's end is the condition here
            time.sleep(ends - time.monotonic())
        with pytest.raises((kafka_wire.ConnectionClosed, OSError)):
            connection.request("Metadata", 9, {"Topics": None})
    broker.wait_for_log("session expired without re-authentication")


def test_with_acls_the_brokers_act_as_their_sasl_user(make_cluster):
    """With the authorizer on and CLUSTER_ACTION denied to User:ANONYMOUS, replication and the controller's requests
    still work because the brokers log in as `broker`, a super user, on their SASL listener."""
    cluster = make_cluster()
    set_scram_user(cluster, "broker", {"SCRAM-SHA-512": scram_credential("SCRAM-SHA-512", "broker-secret")})
    deny = {"version": 1, "acls": [{"principal": "User:ANONYMOUS", "permissionType": "Deny",
                                    "operation": "ClusterAction", "host": "*"}]}
    cluster.zk.create("/kafka-acl/Cluster/kafka-cluster", json.dumps(deny).encode(), makepath=True)
    acls = {"authorizer.class.name": "kafka.security.authorizer.AclAuthorizer", "super.users": "User:broker",
            "allow.everyone.if.no.acl.found": "true"}
    for broker_id in (1, 2, 3):
        launch_with_sasl_between_brokers(cluster, broker_id, "SCRAM-SHA-512", "broker-secret", acls)
    for broker_id in (1, 2, 3):
        cluster.wait_serving(broker_id)
    topic = unique_topic("acl-interbroker")
    create_topic(cluster, topic, partitions=3, replication_factor=3)  # full ISRs: followers fetched as User:broker
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "message.timeout.ms": 30000, **QUIET})
    for index in range(9):
        producer.produce(topic, value=f"r-{index}".encode(), partition=index % 3)
    assert producer.flush(60) == 0
    for broker in cluster.brokers.values():
        broker.wait_for_log("principal=User:broker")
        assert "Denied Operation = ClusterAction" not in broker.stderr(), "a broker's request was refused"
    # An anonymous client on the plaintext listener is refused the follower's role.
    with kafka_wire.Connection(cluster.brokers[1].port) as connection:
        answer = connection.request("Fetch", 12, {
            "ReplicaId": 2, "MaxWaitMs": 0, "MinBytes": 0, "MaxBytes": 1024, "IsolationLevel": 0, "SessionId": 0,
            "SessionEpoch": -1, "Topics": [{"Topic": topic, "Partitions": [{
                "Partition": 0, "CurrentLeaderEpoch": -1, "FetchOffset": 0, "LastFetchedEpoch": -1,
                "LogStartOffset": -1, "PartitionMaxBytes": 1024}]}], "ForgottenTopicsData": [], "RackId": ""})
        assert answer["ErrorCode"] == 31 or all(
            p["ErrorCode"] == 31 for t in answer["Responses"] for p in t["Partitions"])
