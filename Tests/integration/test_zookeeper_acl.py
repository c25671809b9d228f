"""ZooKeeper security with real processes (`zookeeper.set.acl=true`): brokers authenticate to ZooKeeper with
the credentials of their JAAS file's `Client` section (ZooKeeper's digest scheme), every znode they create is
writable only by that identity and readable by everyone — except the sensitive roots, which nobody else may even
read — and the cluster works as before: a second broker with the same credentials joins, the controller writes
what the other broker created, clients produce and consume."""

from __future__ import annotations

import base64
import hashlib
import pytest
from kazoo.exceptions import NoAuthError
from kazoo.security import ACL, Id, Permissions

from harness import wait_for
from test_replication import consume_all, create_topic, produce_one_by_one, unique_topic

USER, PASSWORD = "tributary-broker", "zk-secret"
JAAS = f"""
// The brokers' ZooKeeper identity (the JVM's java.security.auth.login.config file).
KafkaServer {{
    org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="unused";
}};
Client {{
    org.apache.zookeeper.server.auth.DigestLoginModule required
    username="{USER}"
    password="{PASSWORD}";
}};
"""


def digest_id(user: str, password: str) -> str:
    digest = base64.b64encode(hashlib.sha1(f"{user}:{password}".encode()).digest()).decode()
    return f"{user}:{digest}"


def authenticated(cluster):
    """A kazoo client at the cluster's chroot presenting the brokers' digest credentials."""
    client = cluster.zookeeper.client(cluster.chroot)
    client.add_auth("digest", f"{USER}:{PASSWORD}")
    return client


@pytest.fixture
def secured(make_cluster, tmp_path):
    jaas = tmp_path / "jaas.conf"
    jaas.write_text(JAAS)
    cluster = make_cluster(broker_config={"zookeeper.set.acl": "true",
                                          "java.security.auth.login.config": jaas,
                                          "default.replication.factor": 2})
    cluster.start(2)
    return cluster


def test_znodes_created_by_brokers_are_writable_only_by_them(secured):
    cluster = secured
    topic = unique_topic("acl")
    create_topic(cluster, topic, partitions=2, replication_factor=2)
    controller = cluster.controller()
    assert controller in (1, 2)

    broker_acl = ACL(Permissions.ALL, Id("digest", digest_id(USER, PASSWORD)))
    world_read = ACL(Permissions.READ, Id("world", "anyone"))
    created = ["/brokers/ids/1", "/brokers/ids/2", "/controller", "/controller_epoch", "/brokers/topics",
               f"/brokers/topics/{topic}", f"/brokers/topics/{topic}/partitions/0/state", "/cluster/id",
               "/config/topics", f"/config/topics/{topic}", "/admin/delete_topics"]
    anonymous = cluster.zk  # kazoo without credentials, rooted at the cluster's chroot
    broker_identity = authenticated(cluster)  # what the brokers authenticate as
    for path in created:
        acls, _ = broker_identity.get_acls(path)
        assert sorted(acls, key=str) == sorted([broker_acl, world_read], key=str), f"{path}: {acls}"
        data, stat = anonymous.get(path)  # readable by anyone, as Kafka's
        with pytest.raises(NoAuthError):
            anonymous.set(path, data)
        # The same write with the brokers' credentials goes through: the ACL, nothing else, refused it.
        assert broker_identity.set(path, data, version=stat.version).version == stat.version + 1
    # Nor may an anonymous client add or remove children, or delete anything.
    with pytest.raises(NoAuthError):
        anonymous.create(f"/brokers/topics/{topic}-intruder", b"{}")
    with pytest.raises(NoAuthError):
        anonymous.delete(f"/brokers/topics/{topic}/partitions/0/state")
    with pytest.raises(NoAuthError):
        anonymous.create("/admin/delete_topics/" + topic, b"")
    assert anonymous.exists(f"/brokers/topics/{topic}") is not None

    # The sensitive roots hold secrets (SCRAM credentials, broker passwords): no world read there.
    for path in ("/config/users", "/config/brokers"):
        acls, _ = broker_identity.get_acls(path)
        assert acls == [broker_acl], f"{path}: {acls}"
        with pytest.raises(NoAuthError):
            anonymous.get(path)
        broker_identity.get(path)
    broker_identity.stop()
    broker_identity.close()

    # The brokers themselves still work: records produced through both (replicated) are read back.
    values = [f"acl-{i}".encode() for i in range(20)]
    assert produce_one_by_one(cluster, topic, values) == [None] * len(values)
    assert [value for _, value in consume_all(cluster, topic, 2)[0]] == values


def test_controller_failover_rewrites_znodes_another_broker_created(secured):
    """The surviving broker, with the same credentials, becomes controller and rewrites the partition state
    the first controller created: one identity for every broker, as Kafka's brokers share a SASL user."""
    cluster = secured
    topic = unique_topic("acl-failover")
    create_topic(cluster, topic, partitions=1, replication_factor=2)
    first = cluster.controller()
    other = 2 if first == 1 else 1
    state_path = f"/brokers/topics/{topic}/partitions/0/state"
    _, before = cluster.zk.get(state_path)
    cluster.kill(first)
    wait_for(lambda: cluster.controller() == other, 30, f"broker {other} becomes controller")
    wait_for(lambda: cluster.zk.get(state_path)[1].version > before.version, 30,
             "the new controller rewrites the partition state (ISR shrinks to the survivor)")
    broker_identity = authenticated(cluster)
    acls, _ = broker_identity.get_acls("/controller")
    assert ACL(Permissions.ALL, Id("digest", digest_id(USER, PASSWORD))) in acls
    broker_identity.stop()
    broker_identity.close()


def test_set_acl_without_credentials_stops_start_up(make_cluster):
    """As Kafka's: `zookeeper.set.acl=true` with no ZooKeeper credentials is a configuration error, not a
    cluster whose znodes anyone may write."""
    cluster = make_cluster(broker_config={"zookeeper.set.acl": "true"})
    broker = cluster.make_broker(1)
    broker.launch()
    assert broker.wait_exit(60) != 0
    assert "zookeeper.set.acl is true" in broker.stderr()


def test_malformed_jaas_file_stops_start_up(make_cluster, tmp_path):
    jaas = tmp_path / "broken.conf"
    jaas.write_text('Client { org.apache.zookeeper.server.auth.DigestLoginModule required username="x" ')
    cluster = make_cluster(broker_config={"zookeeper.set.acl": "true", "java.security.auth.login.config": jaas})
    broker = cluster.make_broker(1)
    broker.launch()
    assert broker.wait_exit(60) != 0
    assert "JAAS file" in broker.stderr()
