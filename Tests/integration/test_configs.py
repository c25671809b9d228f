"""Dynamic broker configs (Kafka's DynamicBrokerConfig) and `tributary configs`, against real brokers.

A broker config written at runtime (`/config/brokers/<id>`, or `/config/brokers/<default>` for the whole
cluster, announced under `/config/changes`) takes effect on the running broker, survives its restart, and a
broker's own value wins over the cluster default. Observed through behaviour: `message.max.bytes` refusing a
record that was accepted a moment before.
"""

from __future__ import annotations

import uuid

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic,
                                   ResourceType)
from kafka.admin import ConfigResource as KPConfigResource
from kafka.admin import ConfigResourceType as KPConfigResourceType
from kafka.admin import KafkaAdminClient

from harness import run_tributary, wait_for

QUIET = {"log_level": 3}
BIG = b"x" * 20_000  # over the 10000-byte limits set below, far under Kafka's default 1048588
DYNAMIC_BROKER, DYNAMIC_DEFAULT_BROKER = 2, 3


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def admin_for(cluster) -> AdminClient:
    return AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})


def create_topic(cluster, topic: str, leader: int) -> None:
    admin = admin_for(cluster)
    new_topic = NewTopic(topic, num_partitions=1, replica_assignment=[[leader]])
    admin.create_topics([new_topic], operation_timeout=30)[topic].result(60)

    def led():
        metadata = admin.list_topics(timeout=5).topics.get(topic)
        return metadata is not None and metadata.error is None and metadata.partitions[0].leader == leader
    wait_for(led, 60, f"{topic} led by broker {leader}")


def produce_error(cluster, topic: str, value: bytes):
    """Produces one record; returns its delivery error (None when written)."""
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "message.max.bytes": 2_000_000,
                         "retries": 0, **QUIET})
    outcome = []
    producer.produce(topic, value=value, on_delivery=lambda error, _: outcome.append(error))
    assert producer.flush(30) == 0
    return outcome[0]


def refused_as_too_large(cluster, topic: str) -> bool:
    error = produce_error(cluster, topic, BIG)
    return error is not None and error.code() == KafkaError.MSG_SIZE_TOO_LARGE


def accepted(cluster, topic: str) -> bool:
    return produce_error(cluster, topic, BIG) is None


def set_broker_config(admin: AdminClient, broker: str, key: str, value: str | None):
    operation = AlterConfigOpType.SET if value is not None else AlterConfigOpType.DELETE
    resource = ConfigResource(ResourceType.BROKER, broker, incremental_configs=[
        ConfigEntry(key, value, incremental_operation=operation)])
    return admin.incremental_alter_configs([resource])[resource].result(30)


def describe_broker(admin: AdminClient, broker: str) -> dict:
    resource = ConfigResource(ResourceType.BROKER, broker)
    return admin.describe_configs([resource])[resource].result(30)


def notifications(cluster) -> list[dict]:
    return [cluster.read_json(f"/config/changes/{child}") for child in cluster.zk.get_children("/config/changes")]


def test_message_max_bytes_changes_at_runtime_and_survives_a_restart(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    admin = admin_for(cluster)
    topic = unique("limits")
    create_topic(cluster, topic, leader=1)
    assert accepted(cluster, topic)

    set_broker_config(admin, "1", "message.max.bytes", "10000")
    assert cluster.read_json("/config/brokers/1") == {"version": 1, "config": {"message.max.bytes": "10000"}}
    assert {"version": 2, "entity_path": "brokers/1"} in notifications(cluster)
    wait_for(lambda: refused_as_too_large(cluster, topic), 20, "the running broker to refuse 20 kB records")
    entry = describe_broker(admin, "1")["message.max.bytes"]
    assert (entry.value, entry.source, entry.is_read_only) == ("10000", DYNAMIC_BROKER, False)
    # A topic without its own max.message.bytes inherits the broker's dynamic value, and says so.
    resource = ConfigResource(ResourceType.TOPIC, topic)
    inherited = admin.describe_configs([resource])[resource].result(30)["max.message.bytes"]
    assert (inherited.value, inherited.source) == ("10000", DYNAMIC_BROKER)

    cluster.restart(1)
    cluster.wait_controller(30)
    # Read again at start-up: refused as soon as the partition is served again (before that, NOT_LEADER).
    wait_for(lambda: refused_as_too_large(cluster, topic), 30, "the restarted broker to refuse 20 kB records")
    assert describe_broker(admin_for(cluster), "1")["message.max.bytes"].value == "10000"

    set_broker_config(admin_for(cluster), "1", "message.max.bytes", None)
    assert cluster.read_json("/config/brokers/1")["config"] == {}
    wait_for(lambda: accepted(cluster, topic), 20, "the static limit back once the override is deleted")


def test_a_brokers_own_value_wins_over_the_cluster_default(make_cluster):
    cluster = make_cluster(brokers=2)
    cluster.wait_controller(30)
    on_one, on_two = unique("on-one"), unique("on-two")
    create_topic(cluster, on_one, leader=1)
    create_topic(cluster, on_two, leader=2)

    # The cluster default through the CLI (kafka-configs --entity-default), one broker's own value through it too.
    for args in (["--entity-default", "--add-config", "message.max.bytes=10000"],
                 ["--entity-name", "2", "--add-config", "message.max.bytes=50000"]):
        result = run_tributary("configs", "alter", "--bootstrap-server", cluster.bootstrap,
                               "--entity-type", "brokers", *args)
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Completed updating config for broker 2."
    assert cluster.read_json("/config/brokers/<default>")["config"] == {"message.max.bytes": "10000"}
    assert {"version": 2, "entity_path": "brokers/<default>"} in notifications(cluster)

    wait_for(lambda: refused_as_too_large(cluster, on_one), 20, "broker 1 to take the cluster default")
    assert accepted(cluster, on_two), "broker 2's own 50000 wins over the default"

    admin = admin_for(cluster)
    one, two = describe_broker(admin, "1")["message.max.bytes"], describe_broker(admin, "2")["message.max.bytes"]
    assert (one.value, one.source) == ("10000", DYNAMIC_DEFAULT_BROKER)
    assert (two.value, two.source) == ("50000", DYNAMIC_BROKER)

    described = run_tributary("configs", "describe", "--bootstrap-server", cluster.bootstrap,
                              "--entity-type", "brokers", "--entity-name", "2")
    assert described.returncode == 0, described.stderr
    assert described.stdout.splitlines() == [
        "Dynamic configs for broker 2 are:",
        "  message.max.bytes=50000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:message.max.bytes=50000, "
        "DYNAMIC_DEFAULT_BROKER_CONFIG:message.max.bytes=10000, DEFAULT_CONFIG:message.max.bytes=1048588}"]
    defaults = run_tributary("configs", "describe", "--bootstrap-server", cluster.bootstrap,
                             "--entity-type", "brokers", "--entity-default")
    assert defaults.stdout.splitlines()[0] == "Default configs for brokers in the cluster are:"
    assert defaults.stdout.splitlines()[1].startswith("  message.max.bytes=10000 ")


def test_static_keys_are_refused_and_kafka_python_admin_alters_brokers(make_cluster):
    cluster = make_cluster(brokers=1, broker_config={"num.partitions": 3})
    cluster.wait_controller(30)
    admin = admin_for(cluster)
    for key, value in (("broker.id", "7"), ("log.dirs", "/elsewhere"), ("num.io.threads", "2")):
        with pytest.raises(KafkaException) as refused:
            set_broker_config(admin, "1", key, value)
        assert refused.value.args[0].code() == KafkaError.INVALID_REQUEST
        assert "Cannot update these configs dynamically" in refused.value.args[0].str()
    assert cluster.read_json("/config/brokers/1") is None
    with pytest.raises(KafkaException) as bad_value:
        set_broker_config(admin, "1", "log.retention.ms", "forever")
    assert bad_value.value.args[0].code() == KafkaError.INVALID_REQUEST

    # kafka-python's admin: AlterConfigs (the whole set) and DescribeConfigs on the broker resource.
    client = KafkaAdminClient(bootstrap_servers=cluster.bootstrap, client_id="configs-test")
    try:
        resource = KPConfigResource(KPConfigResourceType.BROKER, "1", configs={"log.retention.ms": "3600000"})
        assert client.alter_configs([resource], incremental=False, raise_on_unknown=False) == {"broker": {"1": "OK"}}
        assert cluster.read_json("/config/brokers/1")["config"] == {"log.retention.ms": "3600000"}

        def described():
            result = client.describe_configs([KPConfigResource(KPConfigResourceType.BROKER, "1")], config_filter="all")
            return {name: (entry["value"], entry["config_source"]) for name, entry in result["broker"]["1"].items()}
        wait_for(lambda: described().get("log.retention.ms") == ("3600000", "DYNAMIC_BROKER_CONFIG"), 20,
                 "the broker to report its dynamic retention")
        assert described()["num.partitions"] == ("3", "STATIC_BROKER_CONFIG")
        assert described()["log.segment.bytes"] == ("1073741824", "DEFAULT_CONFIG")
    finally:
        client.close()


def test_cli_alters_and_describes_topics_clients_and_users(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    topic = unique("cli")
    create_topic(cluster, topic, leader=1)

    def configs(*args: str) -> list[str]:
        result = run_tributary("configs", *args, "--bootstrap-server", cluster.bootstrap)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    assert configs("alter", "--entity-type", "topics", "--entity-name", topic,
                   "--add-config", "retention.ms=60000,cleanup.policy=[compact,delete]") == [
        f"Completed updating config for topic {topic}."]
    assert cluster.read_json(f"/config/topics/{topic}")["config"] == {"retention.ms": "60000",
                                                                      "cleanup.policy": "compact,delete"}
    described = configs("describe", "--entity-type", "topics", "--entity-name", topic)
    assert described[0] == f"Dynamic configs for topic {topic} are:"
    assert ("  retention.ms=60000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=60000, "
            "DEFAULT_CONFIG:log.retention.ms=604800000}") in described

    assert configs("alter", "--entity-type", "clients", "--entity-name", "reporting",
                   "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=2097152") == [
        "Completed updating config for client-id 'reporting'."]
    assert cluster.read_json("/config/clients/reporting") == {
        "version": 1, "config": {"producer_byte_rate": "1048576", "consumer_byte_rate": "2097152"}}
    assert configs("alter", "--entity-type", "users", "--entity-name", "ANONYMOUS", "--entity-type", "clients",
                   "--entity-default", "--add-config", "request_percentage=50") == [
        "Completed updating config for user-principal 'ANONYMOUS', the default client-id."]
    assert cluster.read_json("/config/users/ANONYMOUS/clients/<default>")["config"] == {"request_percentage": "50.0"}
    assert {"version": 2, "entity_path": "users/ANONYMOUS/clients/<default>"} in notifications(cluster)

    assert configs("describe", "--entity-type", "clients", "--entity-name", "reporting") == [
        "Quota configs for client-id 'reporting' are consumer_byte_rate=2097152.0, producer_byte_rate=1048576.0"]
    assert configs("describe", "--entity-type", "users", "--entity-name", "ANONYMOUS",
                   "--entity-type", "clients", "--entity-default") == [
        "Quota configs for user-principal 'ANONYMOUS', the default client-id are request_percentage=50.0"]

    assert configs("alter", "--entity-type", "clients", "--entity-name", "reporting",
                   "--delete-config", "consumer_byte_rate") == ["Completed updating config for client-id 'reporting'."]
    assert cluster.read_json("/config/clients/reporting")["config"] == {"producer_byte_rate": "1048576"}

    refused = run_tributary("configs", "alter", "--bootstrap-server", cluster.bootstrap, "--entity-type", "clients",
                            "--entity-name", "reporting", "--add-config", "producer_byte_rate=1.5")
    assert refused.returncode != 0 and "must be a Long value" in refused.stderr


def test_a_damaged_config_znode_is_skipped_and_the_others_still_apply(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    topic = unique("damaged")
    create_topic(cluster, topic, leader=1)
    # Anything may write ZooKeeper: this broker's own entity is not JSON, a quota is negative.
    cluster.zk.create("/config/brokers/1", b"{not json", makepath=True)
    cluster.zk.create("/config/clients/bad", b'{"version":1,"config":{"producer_byte_rate":"-5"}}', makepath=True)
    for entity in ("brokers/1", "clients/bad"):
        cluster.zk.create("/config/changes/config_change_", f'{{"version":2,"entity_path":"{entity}"}}'.encode(),
                          sequence=True, makepath=True)

    result = run_tributary("configs", "alter", "--bootstrap-server", cluster.bootstrap, "--entity-type", "brokers",
                           "--entity-default", "--add-config", "message.max.bytes=10000")
    assert result.returncode == 0, result.stderr
    wait_for(lambda: refused_as_too_large(cluster, topic), 20, "the cluster default applied despite the damage")
    cluster.brokers[1].wait_for_log("config znode ignored")

    cluster.restart(1)
    wait_for(lambda: refused_as_too_large(cluster, topic), 30, "the restarted broker to start and apply the default")


def test_dynamic_log_defaults_roll_and_trim_an_existing_log(make_cluster):
    from confluent_kafka import Consumer, TopicPartition

    cluster = make_cluster(brokers=1, broker_config={"log.retention.check.interval.ms": 500})
    cluster.wait_controller(30)
    topic = unique("retention")
    create_topic(cluster, topic, leader=1)
    result = run_tributary("configs", "alter", "--bootstrap-server", cluster.bootstrap, "--entity-type", "brokers",
                           "--entity-default", "--add-config", "log.segment.bytes=20000,log.retention.bytes=40000")
    assert result.returncode == 0, result.stderr

    producer = Producer({"bootstrap.servers": cluster.bootstrap, "linger.ms": 0, **QUIET})
    for _ in range(30):  # 300 kB in batches of one record: about fifteen 20 kB segments
        producer.produce(topic, value=b"r" * 10_000)
        producer.flush(30)
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": unique("g"), **QUIET})
    try:
        def trimmed():
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
            return high == 30 and low >= 20
        # Retention keeps about 40 kB (the active segment and what fits beside it) of the topic's 300 kB.
        wait_for(trimmed, 30, "retention to apply the dynamic log defaults to the topic's existing log")
    finally:
        consumer.close()
