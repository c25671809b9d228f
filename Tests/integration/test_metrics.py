"""The Prometheus endpoint (`metrics.port`) of real broker processes: three brokers under one
ZooKeeper, each serving /metrics; the text is scraped over HTTP and parsed. The tests share
one cluster and run in file order: load first, then a follower's SIGKILL, then the
controller's."""

from __future__ import annotations

import re
import signal
import urllib.error
import urllib.request
import uuid

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

from harness import Cluster, free_port, wait_for

QUIET = {"log_level": 3}
CONFIG = {
    "default.replication.factor": 3,
    "offsets.topic.replication.factor": 3,
    "replica.lag.time.max.ms": 2000,
    "replica.fetch.wait.max.ms": 100,
    "auto.leader.rebalance.enable": "false",
}
FAILOVER = 30.0
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    """Prometheus text format -> {(name, frozenset(labels)): value}."""
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        name, labels, value = match.groups()
        samples[(name, frozenset(LABEL.findall(labels or "")))] = float(value)
    return samples


def scrape(broker) -> dict[tuple[str, frozenset], float]:
    port = broker.config["metrics.port"]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        return parse(response.read().decode())


def value(samples, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples, name: str, **labels) -> float:
    """Sum over every series of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def scrape_live(cluster) -> dict[int, dict]:
    return {i: scrape(b) for i, b in cluster.brokers.items() if b.is_running()}


@pytest.fixture(scope="module")
def cluster(zookeeper, tmp_path_factory):
    cluster = Cluster(zookeeper, tmp_path_factory.mktemp("metrics"), broker_config=CONFIG)
    try:
        for broker_id in (1, 2, 3):
            cluster.add_broker(broker_id, config={"metrics.port": free_port()}).launch()
        for broker_id in (1, 2, 3):
            cluster.wait_serving(broker_id)
        cluster.wait_controller(FAILOVER)
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def topic(cluster):
    name = f"m-{uuid.uuid4().hex[:10]}"
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})
    admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=3)])[name].result(30)

    def in_sync():
        state = cluster.read_json(f"/brokers/topics/{name}/partitions/0/state")
        return state and len(state["isr"]) == 3
    wait_for(in_sync, 30, "the RF 3 partition to have a full ISR")
    return name


def produce(cluster, topic: str, count: int, size: int) -> None:
    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all", "linger.ms": 5,
                         "compression.type": "none", **QUIET})
    failures = []
    for i in range(count):
        producer.produce(topic, value=bytes([i % 256]) * size,
                         on_delivery=lambda err, _msg: err and failures.append(err))
        producer.poll(0)
    assert producer.flush(30) == 0
    assert not failures, failures


def test_endpoint_serves_prometheus_text_and_404s_elsewhere(cluster):
    broker = cluster.brokers[1]
    samples = scrape(broker)
    assert ("kafka_server_replicamanager_underreplicatedpartitions", frozenset()) in samples
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{broker.config['metrics.port']}/other", timeout=5)
    assert refused.value.code == 404


def test_bytes_in_matches_what_was_produced_and_latency_histograms_move(cluster, topic):
    before = scrape_live(cluster)
    count, size = 300, 1000
    produce(cluster, topic, count, size)
    consumer = Consumer({"bootstrap.servers": cluster.bootstrap, "group.id": f"g-{uuid.uuid4().hex[:8]}",
                         "auto.offset.reset": "earliest", **QUIET})
    consumer.subscribe([topic])
    consumed = [0]

    def consumed_all():
        message = consumer.poll(0.2)
        if message is not None and not message.error():
            consumed[0] += 1
        return consumed[0] >= count
    try:
        wait_for(consumed_all, 30, f"the {count} records to be consumed", interval=0)
    finally:
        consumer.close()

    def settled():
        after = scrape_live(cluster)
        bytes_in = sum(total(s, "kafka_server_brokertopicmetrics_bytesin_total", topic=topic)
                       for s in after.values())
        messages_in = sum(total(s, "kafka_server_brokertopicmetrics_messagesin_total", topic=topic)
                          for s in after.values())
        return after if messages_in == count and bytes_in >= count * size else None
    after = wait_for(settled, 20, "bytes and messages in to count the produced records")
    bytes_in = sum(total(s, "kafka_server_brokertopicmetrics_bytesin_total", topic=topic) for s in after.values())
    # Each batch adds a 61-byte header and each record its own few bytes of lengths, offsets and timestamps.
    assert count * size <= bytes_in <= count * size + count * 20 + 61 * count
    bytes_out = sum(total(s, "kafka_server_brokertopicmetrics_bytesout_total", topic=topic) for s in after.values())
    assert bytes_out >= count * size

    for request in ("Produce", "Fetch"):
        name = "kafka_network_requestmetrics_totaltimems"

        def moved(samples_by_broker, suffix, **labels):
            return sum(total(s, name + suffix, request=request, **labels) for s in samples_by_broker.values())
        assert moved(after, "_count") > moved(before, "_count"), request
        assert moved(after, "_bucket", le="+Inf") > moved(before, "_bucket", le="+Inf"), request
        assert moved(after, "_bucket", le="10000.0") > moved(before, "_bucket", le="10000.0"), request
        assert moved(after, "_sum") > moved(before, "_sum"), request
        requests = sum(value(s, "kafka_network_requestmetrics_requests_total", request=request)
                       for s in after.values())
        assert requests > sum(value(s, "kafka_network_requestmetrics_requests_total", request=request)
                              for s in before.values())


def test_under_replicated_partitions_rise_when_a_follower_dies_and_clear_when_it_is_back(cluster, topic):
    def under_replicated():
        return sum(value(s, "kafka_server_replicamanager_underreplicatedpartitions")
                   for s in scrape_live(cluster).values())
    wait_for(lambda: under_replicated() == 0, FAILOVER, "no under-replicated partition at first")
    state = cluster.read_json(f"/brokers/topics/{topic}/partitions/0/state")
    controller = cluster.controller()
    follower = next(b for b in state["isr"] if b != state["leader"] and b != controller)
    shrinks_before = total(scrape(cluster.brokers[state["leader"]]), "kafka_server_replicamanager_isrshrinks_total")

    cluster.kill(follower, signal.SIGKILL)
    wait_for(lambda: under_replicated() >= 1, FAILOVER, "under-replicated partitions to rise")

    cluster.start_broker(follower)
    wait_for(lambda: under_replicated() == 0, FAILOVER, "under-replicated partitions to return to 0")
    leader_samples = scrape(cluster.brokers[state["leader"]])
    # The leader or the controller shrank the ISR; the leader expanded it again.
    assert total(leader_samples, "kafka_server_replicamanager_isrexpands_total") >= 1
    assert total(leader_samples, "kafka_server_replicamanager_isrshrinks_total") >= shrinks_before


def test_active_controller_count_sums_to_one_before_and_after_failover(cluster):
    def active_counts():
        return {i: value(s, "kafka_controller_kafkacontroller_activecontrollercount")
                for i, s in scrape_live(cluster).items()}

    def exactly_one():
        counts = active_counts()
        controller = cluster.controller()
        return counts if sum(counts.values()) == 1 and counts.get(controller) == 1 else None
    wait_for(exactly_one, FAILOVER, "exactly one active controller")
    old = cluster.controller()
    old_epoch = value(scrape(cluster.brokers[old]), "kafka_controller_kafkacontroller_controllerepoch")
    assert old_epoch >= 1

    cluster.kill(old, signal.SIGKILL)
    wait_for(lambda: (cluster.controller() not in (None, old)) and exactly_one(), FAILOVER,
             "exactly one active controller after failover")
    new = cluster.controller()
    wait_for(lambda: value(scrape(cluster.brokers[new]), "kafka_controller_kafkacontroller_controllerepoch")
             > old_epoch, FAILOVER, "the new controller to report a newer epoch")
    cluster.start_broker(old)
    wait_for(exactly_one, FAILOVER, "exactly one active controller with the old one back")
