"""Kafka's ACL authorizer (`authorizer.class.name=kafka.security.authorizer.AclAuthorizer`) with real processes and
real clients.

Each broker has three listeners:
- CLIENT, SASL_PLAINTEXT with PLAIN users `admin` (a super user), `alice` and `bob`: what confluent-kafka uses;
- BROKER, SSL with `ssl.client.auth=requested`: the inter-broker listener. The brokers present their certificate
  (CN=broker) and are super users by it, as a Kafka operator lists the brokers' principal in `super.users`; a
  client without a certificate is `User:ANONYMOUS` there;
- PLAINTEXT: `User:ANONYMOUS`, for wire-level checks with `kafka_wire`.
"""

from __future__ import annotations

import socket
import ssl
import time
import uuid

import pytest
from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (AclBinding, AclBindingFilter, AclOperation, AclPermissionType, AdminClient,
                                   NewTopic, ResourcePatternType, ResourceType)

import kafka_wire
from harness import free_port, run_tributary, wait_for
from test_replication import QUIET
from test_tls import PKI

AUTHORIZER = "kafka.security.authorizer.AclAuthorizer"
JAAS = ('org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" '
        'password="admin-secret" user_admin="admin-secret" user_alice="alice-secret" user_bob="bob-secret";')
BROKER_PRINCIPAL = "User:CN=broker"
ADMIN_CERT_PRINCIPAL = "User:CN=admin"

NONE = 0
TOPIC_AUTHORIZATION_FAILED = 29
GROUP_AUTHORIZATION_FAILED = 30
CLUSTER_AUTHORIZATION_FAILED = 31
SECURITY_DISABLED = 54

# Wire codes (CreateAcls/DescribeAcls/DeleteAcls).
TOPIC, GROUP, CLUSTER = 2, 3, 4
ANY, MATCH, LITERAL, PREFIXED = 1, 2, 3, 4
READ, DESCRIBE, ALL_OPERATIONS = 3, 8, 2
DENY, ALLOW = 2, 3


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> PKI:
    pki = PKI(tmp_path_factory.mktemp("acl-pki"))
    pki.make_ca("ca")
    pki.issue("broker", "/CN=broker", "ca", san="DNS:localhost,IP:127.0.0.1")
    pki.issue("admin", "/CN=admin", "ca")
    (pki.directory / "admin.properties").write_text(
        f"security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location={pki.path('ca.pem')}\n"
        f"ssl.keystore.type=PEM\nssl.keystore.location={pki.path('admin.keystore.pem')}\n")
    return pki


def start_acl_cluster(make_cluster, pki: PKI, count: int = 1, **extra):
    cluster = make_cluster()
    for broker_id in range(1, count + 1):
        broker = cluster.add_broker(broker_id)
        broker.sasl_port, broker.ssl_port = free_port(), free_port()
        listeners = (f"{broker.config['listeners']},CLIENT://127.0.0.1:{broker.sasl_port},"
                     f"BROKER://127.0.0.1:{broker.ssl_port}")
        broker.config.update({
            "listeners": listeners,
            "advertised.listeners": listeners,
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CLIENT:SASL_PLAINTEXT,BROKER:SSL",
            "inter.broker.listener.name": "BROKER",
            "ssl.keystore.type": "PEM",
            "ssl.keystore.location": pki.path("broker.keystore.pem"),
            "ssl.truststore.type": "PEM",
            "ssl.truststore.location": pki.path("ca.pem"),
            "ssl.client.auth": "requested",
            "sasl.enabled.mechanisms": "PLAIN",
            "listener.name.client.plain.sasl.jaas.config": JAAS,
            "authorizer.class.name": AUTHORIZER,
            "super.users": f"{BROKER_PRINCIPAL};User:admin;{ADMIN_CERT_PRINCIPAL}",
            "default.replication.factor": count,
            "offsets.topic.replication.factor": count,
        })
        broker.config.update(extra)
    cluster.start(count)
    cluster.wait_metadata_ready()  # CreateTopics counts the brokers the controller has announced
    cluster.sasl_bootstrap = ",".join(f"127.0.0.1:{b.sasl_port}" for b in cluster.brokers.values())
    return cluster


def sasl(cluster, user: str, **extra) -> dict:
    return {"bootstrap.servers": cluster.sasl_bootstrap, "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": "PLAIN", "sasl.username": user, "sasl.password": f"{user}-secret", **QUIET, **extra}


def admin_client(cluster) -> AdminClient:
    return AdminClient(sasl(cluster, "admin"))


def create_topic(cluster, topic: str) -> None:
    admin = admin_client(cluster)
    admin.create_topics([NewTopic(topic, 1, len(cluster.brokers))])[topic].result(30)

    def led():
        metadata = admin.list_topics(topic, timeout=10).topics.get(topic)
        return metadata is not None and metadata.error is None and all(
            p.leader >= 0 for p in metadata.partitions.values())

    wait_for(led, 30, f"{topic} to have a leader")


def grant(cluster, *bindings: AclBinding) -> None:
    admin = admin_client(cluster)
    for future in admin.create_acls(list(bindings)).values():
        future.result(30)


def allow(principal: str, operation: AclOperation, resource: ResourceType, name: str,
          pattern: ResourcePatternType = ResourcePatternType.LITERAL,
          permission: AclPermissionType = AclPermissionType.ALLOW) -> AclBinding:
    return AclBinding(resource, name, pattern, principal, "*", operation, permission)


def produce(config: dict, topic: str, values: list[bytes]) -> list:
    """Produces `values`; returns each delivery error (None when delivered)."""
    producer = Producer({**config, "acks": "all", "message.timeout.ms": 15000})
    errors = []
    for value in values:
        producer.produce(topic, value=value, on_delivery=lambda err, _msg: errors.append(err))
    producer.flush(30)
    return errors


def consumer_error_or_values(config: dict, topic: str, group: str, count: int, timeout: float = 30):
    """The first error code a subscribed consumer reports, or the `count` values it read."""
    consumer = Consumer({**config, "group.id": group, "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    values: list[bytes] = []
    found: list[int] = []

    def settled():
        message = consumer.poll(0.5)
        if message is not None:
            if message.error() is not None:
                if message.error().code() != KafkaError._PARTITION_EOF:
                    found.append(message.error().code())
            else:
                values.append(message.value())
        return found or len(values) >= count

    try:
        wait_for(settled, timeout, "an error or the records")
    finally:
        consumer.close()
    return found[0] if found else values


# -- wire-level helpers ------------------------------------------------------------------------------------------

def tls_connection(pki: PKI, port: int, certificate: str | None) -> kafka_wire.Connection:
    """A kafka_wire connection over TLS, with `certificate` as client certificate (None: anonymous)."""
    context = ssl.create_default_context(cafile=pki.path("ca.pem"))
    if certificate:
        context.load_cert_chain(pki.path(f"{certificate}.pem"), pki.path(f"{certificate}.key"))
    connection = kafka_wire.Connection(port)
    connection.sock = context.wrap_socket(connection.sock, server_hostname="127.0.0.1")
    return connection


def metadata(port: int, topics: list[str] | None) -> dict[str, int]:
    """Topic name → error code of a Metadata v4 answer as User:ANONYMOUS on the PLAINTEXT listener."""
    with kafka_wire.Connection(port) as connection:
        body = connection.request("Metadata", 4, {
            "Topics": None if topics is None else [{"Name": t} for t in topics],
            "AllowAutoTopicCreation": False})
    return {t["Name"]: t["ErrorCode"] for t in body["Topics"]}


def create_acl_wire(connection, resource_type: int, name: str, pattern: int, principal: str, operation: int,
                    permission: int = ALLOW) -> int:
    body = connection.request("CreateAcls", 1, {"Creations": [{
        "ResourceType": resource_type, "ResourceName": name, "ResourcePatternType": pattern,
        "Principal": principal, "Host": "*", "Operation": operation, "PermissionType": permission}]})
    return body["Results"][0]["ErrorCode"]


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- tests ---------------------------------------------------------------------------------------------------------

def test_clients_need_topic_and_group_acls(make_cluster, pki):
    """confluent-kafka as alice: producing without WRITE and consuming without READ on the topic report
    TOPIC_AUTHORIZATION_FAILED, without READ on the group GROUP_AUTHORIZATION_FAILED; with both it reads what the
    super user wrote. The ACLs are made with confluent-kafka's admin client (CreateAcls/DescribeAcls)."""
    cluster = start_acl_cluster(make_cluster, pki)
    topic, group = unique("acl-orders"), unique("acl-group")
    create_topic(cluster, topic)
    values = [f"v{i}".encode() for i in range(5)]
    assert produce(sasl(cluster, "admin"), topic, values) == [None] * 5, "a super user needs no ACL"

    alice = sasl(cluster, "alice")
    errors = produce(alice, topic, [b"x"])
    assert [e.code() for e in errors] == [KafkaError.TOPIC_AUTHORIZATION_FAILED]

    grant(cluster, allow("User:alice", AclOperation.READ, ResourceType.GROUP, group))
    assert consumer_error_or_values(alice, topic, group, 5) == KafkaError.TOPIC_AUTHORIZATION_FAILED

    grant(cluster, allow("User:alice", AclOperation.READ, ResourceType.TOPIC, topic))
    other_group = unique("acl-other")
    assert consumer_error_or_values(alice, topic, other_group, 5) == KafkaError.GROUP_AUTHORIZATION_FAILED
    assert consumer_error_or_values(alice, topic, group, 5) == values

    admin = admin_client(cluster)  # kept referenced: a collected client cancels its futures
    described = admin.describe_acls(
        AclBindingFilter(ResourceType.ANY, None, ResourcePatternType.ANY, "User:alice", None, AclOperation.ANY,
                         AclPermissionType.ANY)).result(30)
    assert {(b.restype, b.name, b.operation) for b in described} == {
        (ResourceType.GROUP, group, AclOperation.READ), (ResourceType.TOPIC, topic, AclOperation.READ)}
    # The ACL znodes are Kafka's.
    assert cluster.zk.exists(f"/kafka-acl/Topic/{topic}")
    assert b'"principal":"User:alice"' in cluster.zk.get(f"/kafka-acl/Topic/{topic}")[0]


def test_kafka_python_reports_group_then_topic_authorization_failed(make_cluster, pki):
    """kafka-python over SASL_PLAINTEXT (PLAIN) as bob: without READ on the group it reports
    GroupAuthorizationFailedError; given that, without READ on the topic TopicAuthorizationFailedError."""
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KafkaTopicPartition
    from kafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError

    cluster = start_acl_cluster(make_cluster, pki)
    topic, group = unique("acl-kp"), unique("acl-kp-group")
    create_topic(cluster, topic)

    def first_refusal(expected: type, assign: bool = False) -> Exception:
        consumer = KafkaConsumer(bootstrap_servers=cluster.sasl_bootstrap, security_protocol="SASL_PLAINTEXT",
                                 sasl_mechanism="PLAIN", sasl_plain_username="bob", sasl_plain_password="bob-secret",
                                 group_id=group, auto_offset_reset="earliest")
        if assign:
            # Subscribed, kafka-python only waits for metadata it may not see; assigned, it fetches and is told.
            consumer.assign([KafkaTopicPartition(topic, 0)])
        else:
            consumer.subscribe([topic])
        refused: list[Exception] = []

        def reported():
            try:
                consumer.poll(timeout_ms=500)
            except (GroupAuthorizationFailedError, TopicAuthorizationFailedError) as error:
                refused.append(error)
            return refused

        try:
            wait_for(reported, 30, "kafka-python to report an authorization failure")
        finally:
            consumer.close()
        assert isinstance(refused[0], expected), refused[0]
        return refused[0]

    assert group in str(first_refusal(GroupAuthorizationFailedError))
    grant(cluster, allow("User:bob", AclOperation.READ, ResourceType.GROUP, group))
    first_refusal(TopicAuthorizationFailedError, assign=True)


def test_a_plain_client_cannot_act_as_controller_or_delete_topics(make_cluster, pki):
    """User:ANONYMOUS: LeaderAndIsr on the client listener closes the connection (listener fence); on the
    inter-broker listener without a certificate LeaderAndIsr, StopReplica and UpdateMetadata answer
    CLUSTER_AUTHORIZATION_FAILED; DeleteTopics answers TOPIC_AUTHORIZATION_FAILED and the topic stays. The brokers
    themselves (CN=broker, a super user) still replicate and elect."""
    cluster = start_acl_cluster(make_cluster, pki, count=2)
    topic = unique("acl-keep")
    create_topic(cluster, topic)
    broker = cluster.brokers[1]

    with kafka_wire.Connection(broker.port) as connection:
        with pytest.raises(kafka_wire.ConnectionClosed):
            connection.request("LeaderAndIsr", 4, {"ControllerId": 1, "ControllerEpoch": 99, "BrokerEpoch": 1})
    with tls_connection(pki, broker.ssl_port, None) as connection:
        body = connection.request("LeaderAndIsr", 4, {"ControllerId": 1, "ControllerEpoch": 99, "BrokerEpoch": 1})
        assert body["ErrorCode"] == CLUSTER_AUTHORIZATION_FAILED
        body = connection.request("StopReplica", 3, {"ControllerId": 1, "ControllerEpoch": 99, "BrokerEpoch": 1,
                                                     "TopicStates": [{"TopicName": topic, "PartitionStates": [
                                                         {"PartitionIndex": 0, "LeaderEpoch": -2,
                                                          "DeletePartition": True}]}]})
        assert body["ErrorCode"] == CLUSTER_AUTHORIZATION_FAILED
        body = connection.request("UpdateMetadata", 6, {"ControllerId": 1, "ControllerEpoch": 99, "BrokerEpoch": 1})
        assert body["ErrorCode"] == CLUSTER_AUTHORIZATION_FAILED
    controller = cluster.brokers[cluster.controller()]  # DeleteTopics is answered by the controller
    with kafka_wire.Connection(controller.port) as connection:
        body = connection.request("DeleteTopics", 4, {"TopicNames": [topic], "TimeoutMs": 10000})
        assert [(r["Name"], r["ErrorCode"]) for r in body["Responses"]] == [(topic, TOPIC_AUTHORIZATION_FAILED)]
    assert cluster.zk.exists(f"/brokers/topics/{topic}")
    # The brokers' own traffic is unaffected: the topic is replicated to both.
    assert produce(sasl(cluster, "admin"), topic, [b"still-here"]) == [None]
    broker.wait_for_log("Principal = User:ANONYMOUS is Denied Operation = ClusterAction")


def test_metadata_hides_topics_the_principal_may_not_describe(make_cluster, pki):
    cluster = start_acl_cluster(make_cluster, pki)
    visible, hidden = unique("acl-visible"), unique("acl-hidden")
    create_topic(cluster, visible)
    create_topic(cluster, hidden)
    grant(cluster, allow("User:ANONYMOUS", AclOperation.DESCRIBE, ResourceType.TOPIC, visible))
    port = cluster.brokers[1].port
    wait_for(lambda: visible in metadata(port, None), 10, "the described topic listed")
    listed = metadata(port, None)
    assert listed.get(visible) == NONE and hidden not in listed
    # KIP-430's bit fields: DESCRIBE (8) on the topic, nothing on the cluster.
    with kafka_wire.Connection(port) as connection:
        body = connection.request("Metadata", 8, {
            "Topics": [{"Name": visible}], "AllowAutoTopicCreation": False,
            "IncludeClusterAuthorizedOperations": True, "IncludeTopicAuthorizedOperations": True})
    assert [(t["Name"], t["TopicAuthorizedOperations"]) for t in body["Topics"]] == [(visible, 1 << DESCRIBE)]
    assert body["ClusterAuthorizedOperations"] == 0
    # Group APIs: OffsetDelete without DELETE on the group, DescribeGroups without DESCRIBE.
    with kafka_wire.Connection(port) as connection:
        body = connection.request("OffsetDelete", 0, {"GroupId": "some-group", "Topics": [
            {"Name": visible, "Partitions": [{"PartitionIndex": 0}]}]})
        assert body["ErrorCode"] == GROUP_AUTHORIZATION_FAILED
        body = connection.request("DescribeGroups", 3, {"Groups": ["some-group"],
                                                        "IncludeAuthorizedOperations": True})
        assert [(g["GroupId"], g["ErrorCode"]) for g in body["Groups"]] == [("some-group", GROUP_AUTHORIZATION_FAILED)]
    # Named: refused whether or not the topic exists, so existence does not leak.
    assert metadata(port, [hidden, "no-such-topic"]) == {hidden: TOPIC_AUTHORIZATION_FAILED,
                                                         "no-such-topic": TOPIC_AUTHORIZATION_FAILED}


def test_an_acl_added_through_one_broker_is_enforced_by_all_within_a_second(make_cluster, pki):
    cluster = start_acl_cluster(make_cluster, pki, count=3)
    topic = unique("acl-spread")
    create_topic(cluster, topic)
    ports = [cluster.brokers[i].port for i in (1, 2, 3)]
    for port in ports:
        assert metadata(port, [topic]) == {topic: TOPIC_AUTHORIZATION_FAILED}
    with tls_connection(pki, cluster.brokers[1].ssl_port, "admin") as connection:
        assert create_acl_wire(connection, TOPIC, topic, LITERAL, "User:ANONYMOUS", DESCRIBE) == NONE
    added = time.monotonic()
    for port in ports[1:]:
        wait_for(lambda port=port: metadata(port, [topic]) == {topic: NONE}, max(0.05, added + 1 - time.monotonic()),
                 f"the ACL enforced by the broker on port {port}")
    # And removed everywhere again (DeleteAcls through broker 3).
    with tls_connection(pki, cluster.brokers[3].ssl_port, "admin") as connection:
        body = connection.request("DeleteAcls", 1, {"Filters": [{
            "ResourceTypeFilter": TOPIC, "ResourceNameFilter": topic, "PatternTypeFilter": LITERAL,
            "PrincipalFilter": None, "HostFilter": None, "Operation": ANY, "PermissionType": ANY}]})
        assert [m["Principal"] for m in body["FilterResults"][0]["MatchingAcls"]] == ["User:ANONYMOUS"]
    removed = time.monotonic()
    for port in ports[:2]:
        wait_for(lambda port=port: metadata(port, [topic]) == {topic: TOPIC_AUTHORIZATION_FAILED},
                 max(0.05, removed + 1 - time.monotonic()), f"the ACL gone on the broker on port {port}")
    assert not cluster.zk.exists(f"/kafka-acl/Topic/{topic}")
    assert cluster.zk.get_children("/kafka-acl-changes"), "changes are announced as Kafka's acl_changes_ znodes"


def test_deny_beats_allow_and_prefixed_acls_match(make_cluster, pki):
    cluster = start_acl_cluster(make_cluster, pki)
    prefix = unique("acl-pre") + "-"
    first, second, other = prefix + "a", prefix + "b", unique("acl-other")
    for topic in (first, second, other):
        create_topic(cluster, topic)
    grant(cluster, allow("User:ANONYMOUS", AclOperation.DESCRIBE, ResourceType.TOPIC, prefix,
                         ResourcePatternType.PREFIXED))
    port = cluster.brokers[1].port
    wait_for(lambda: metadata(port, [first, second, other]) == {
        first: NONE, second: NONE, other: TOPIC_AUTHORIZATION_FAILED}, 10, "the prefixed ACL applied")
    assert cluster.zk.exists(f"/kafka-acl-extended/prefixed/Topic/{prefix}")
    grant(cluster, allow("User:*", AclOperation.DESCRIBE, ResourceType.TOPIC, first,
                         permission=AclPermissionType.DENY))
    wait_for(lambda: metadata(port, [first, second]) == {first: TOPIC_AUTHORIZATION_FAILED, second: NONE}, 10,
             "the DENY winning over the prefixed ALLOW")


def test_allow_everyone_if_no_acl_found(make_cluster, pki):
    """With allow.everyone.if.no.acl.found=true a topic without ACLs is open; one ACL on it closes it to others."""
    cluster = start_acl_cluster(make_cluster, pki, **{"allow.everyone.if.no.acl.found": "true"})
    topic = unique("acl-open")
    create_topic(cluster, topic)
    port = cluster.brokers[1].port
    assert metadata(port, [topic]) == {topic: NONE}
    grant(cluster, allow("User:alice", AclOperation.READ, ResourceType.TOPIC, topic))
    wait_for(lambda: metadata(port, [topic]) == {topic: TOPIC_AUTHORIZATION_FAILED}, 10, "the topic closed")


def test_acl_apis_without_an_authorizer_answer_security_disabled(make_cluster):
    cluster = make_cluster(brokers=1)
    with kafka_wire.Connection(cluster.brokers[1].port) as connection:
        body = connection.request("DescribeAcls", 1, {
            "ResourceTypeFilter": ANY, "ResourceNameFilter": None, "PatternTypeFilter": ANY,
            "PrincipalFilter": None, "HostFilter": None, "Operation": ANY, "PermissionType": ANY})
        assert body["ErrorCode"] == SECURITY_DISABLED
        assert create_acl_wire(connection, TOPIC, "t", LITERAL, "User:alice", READ) == SECURITY_DISABLED


def test_acl_apis_need_cluster_alter_and_describe(make_cluster, pki):
    cluster = start_acl_cluster(make_cluster, pki)
    with kafka_wire.Connection(cluster.brokers[1].port) as connection:
        assert create_acl_wire(connection, TOPIC, "t", LITERAL, "User:ANONYMOUS", ALL_OPERATIONS) \
            == CLUSTER_AUTHORIZATION_FAILED
        body = connection.request("DescribeAcls", 1, {
            "ResourceTypeFilter": ANY, "ResourceNameFilter": None, "PatternTypeFilter": ANY,
            "PrincipalFilter": None, "HostFilter": None, "Operation": ANY, "PermissionType": ANY})
        assert body["ErrorCode"] == CLUSTER_AUTHORIZATION_FAILED


def test_the_cli_adds_lists_and_removes_acls(make_cluster, pki):
    """`tributary acls` with kafka-acls.sh's flags, connecting over TLS as a super user (--command-config)."""
    cluster = start_acl_cluster(make_cluster, pki)
    topic, group = unique("acl-cli"), unique("acl-cli-group")
    create_topic(cluster, topic)
    connection = ["--bootstrap-server", f"127.0.0.1:{cluster.brokers[1].ssl_port}",
                  "--command-config", pki.path("admin.properties")]
    added = run_tributary("acls", "add", *connection, "--allow-principal", "User:alice", "--consumer",
                          "--topic", topic, "--group", group)
    assert added.returncode == 0, added.stderr
    listed = run_tributary("acls", "list", *connection, "--topic", topic)
    assert listed.returncode == 0, listed.stderr
    assert f"ResourcePattern(resourceType=TOPIC, name={topic}, patternType=LITERAL)" in listed.stdout
    assert "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)" in listed.stdout
    assert "(principal=User:alice, host=*, operation=DESCRIBE, permissionType=ALLOW)" in listed.stdout
    everything = run_tributary("acls", "list", *connection)
    assert f"name={group}" in everything.stdout

    values = [b"cli-1", b"cli-2"]
    assert produce(sasl(cluster, "admin"), topic, values) == [None, None]
    assert consumer_error_or_values(sasl(cluster, "alice"), topic, group, 2) == values

    removed = run_tributary("acls", "remove", *connection, "--topic", topic, "--force")
    assert removed.returncode == 0, removed.stderr
    assert "operation=READ" in removed.stdout
    after = run_tributary("acls", "list", *connection, "--topic", topic)
    assert after.returncode == 0 and "User:alice" not in after.stdout
    assert f"name={group}" in run_tributary("acls", "list", *connection, "--group", group).stdout
    refused = run_tributary("acls", "add", *connection, "--allow-principal", "alice", "--topic", topic)
    assert refused.returncode != 0


def test_transactions_need_write_on_the_transactional_id_and_read_on_the_group(make_cluster, pki):
    """Kafka 2.8's checks on the transaction APIs: InitProducerId/AddPartitionsToTxn/EndTxn need WRITE on the
    transactional id, AddOffsetsToTxn/TxnOffsetCommit READ on the group, as confluent-kafka reports them."""
    cluster = start_acl_cluster(make_cluster, pki, **{"transaction.state.log.replication.factor": 1,
                                                      "transaction.state.log.min.isr": 1,
                                                      "transaction.state.log.num.partitions": 3})
    topic, transactional_id, group = unique("txn"), unique("tx"), unique("txg")
    create_topic(cluster, topic)
    grant(cluster, allow("User:alice", AclOperation.WRITE, ResourceType.TOPIC, topic))
    config = sasl(cluster, "alice", **{"transactional.id": transactional_id})

    with pytest.raises(KafkaException) as refused:
        Producer(config).init_transactions(30)
    assert refused.value.args[0].code() == KafkaError.TRANSACTIONAL_ID_AUTHORIZATION_FAILED

    grant(cluster, allow("User:alice", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, transactional_id))
    producer = Producer(config)
    producer.init_transactions(30)
    producer.begin_transaction()
    producer.produce(topic, value=b"kept")
    consumer = Consumer(sasl(cluster, "alice", **{"group.id": group}))
    with pytest.raises(KafkaException) as group_refused:
        producer.send_offsets_to_transaction([TopicPartition(topic, 0, 1)], consumer.consumer_group_metadata(), 30)
    assert group_refused.value.args[0].code() == KafkaError.GROUP_AUTHORIZATION_FAILED
    producer.abort_transaction(30)

    grant(cluster, allow("User:alice", AclOperation.READ, ResourceType.GROUP, group),
          allow("User:alice", AclOperation.READ, ResourceType.TOPIC, topic))
    producer.begin_transaction()
    producer.produce(topic, value=b"committed")
    producer.send_offsets_to_transaction([TopicPartition(topic, 0, 1)], consumer.consumer_group_metadata(), 30)
    producer.commit_transaction(30)
    consumer.close()
