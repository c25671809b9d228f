"""ZooKeeper outages with real processes: a three-server ZooKeeper ensemble on loopback
(ensemble.py), three `tributary server` brokers connected to all three servers, and an
idempotent acks=all producer (confluent-kafka) writing to a topic with replication factor 3
and min.insync.replicas=2 throughout.

- One ZooKeeper server dying (a follower, then the leader) is a connection loss for the
  brokers connected to it, never a session expiry: nothing may happen — same controller,
  same controller epoch, no broker registering again, produce carrying on.
- The whole ensemble frozen for longer than the brokers' session timeout ends every
  session: once it is back, the brokers register again, exactly one controller is elected,
  ISRs heal, and no acknowledged record is lost or duplicated.
- The whole ensemble killed for longer than the session timeout and started again: the
  sessions survive in ZooKeeper's snapshot, so this is a long connection loss; the cluster
  must come back to the same state (one controller, all registered, ISRs full).
- A controlled shutdown asked of the controller while the ensemble is down: the controller's
  write fails, it pauses (neither resigning nor retrying) and once ZooKeeper is back it
  reloads and serves the shutdown, keeping its epoch.

Records whose delivery failed during an outage are allowed; only acknowledged ones count.
"""

from __future__ import annotations

import re
import signal
import time
from pathlib import Path

import pytest
from kazoo.exceptions import NoNodeError

from ensemble import Ensemble, EnsembleCluster
from harness import wait_for
from test_replication import (REPLICATED, ContinuousProducer, consume_all, create_topic, unique_topic,
                              wait_isr, wait_metadata_ready)

#: Short enough that a ten-second outage outlives every session.
SESSION_TIMEOUT_MS = 6000
OUTAGE_SECONDS = 10.0
PARTITIONS = 3
#: Session timeout, a new session and an election on a busy two-core machine.
RECOVERY = 45.0


@pytest.fixture
def ensemble(tmp_path):
    servers = Ensemble(tmp_path / "zookeeper").start()
    yield servers
    servers.stop()


@pytest.fixture
def cluster(ensemble, tmp_path, request):
    cluster = EnsembleCluster(ensemble, tmp_path / "cluster", session_timeout_ms=SESSION_TIMEOUT_MS,
                              broker_config=REPLICATED)
    request.node._tributary_clusters = [cluster]  # logs on failure (conftest.py)
    try:
        cluster.start(3)
        wait_metadata_ready(cluster)
        yield cluster
    finally:
        cluster.close()


# ---------------------------------------------------------------------------------------
# Helpers


def broker_epochs(cluster) -> dict[int, int]:
    """broker id -> czxid of its registration (its broker epoch); a new registration has a
    new one."""
    epochs = {}
    for broker_id in cluster.registered_ids():
        try:
            _, stat = cluster.zk.get(f"/brokers/ids/{broker_id}")
        except NoNodeError:
            continue
        epochs[broker_id] = stat.czxid
    return epochs


def acting_controllers(cluster) -> list[int]:
    """Brokers whose log says they are the controller now: their last "elected controller"
    comes after their last "no longer controller"."""
    acting = []
    for broker_id, broker in cluster.brokers.items():
        state = None
        for line in broker.stderr().splitlines():
            if "no longer controller" in line:
                state = False
            elif re.search(r"elected controller", line):
                state = True
        if state:
            acting.append(broker_id)
    return acting


def count_lines(cluster, pattern: str) -> dict[int, int]:
    regex = re.compile(pattern)
    return {broker_id: sum(1 for line in broker.stderr().splitlines() if regex.search(line))
            for broker_id, broker in cluster.brokers.items()}


def snapshot(cluster) -> dict:
    return {"controller": cluster.controller(), "epoch": cluster.controller_epoch(),
            "brokers": broker_epochs(cluster)}


def verify_records(cluster, producer: ContinuousProducer) -> dict:
    """Every acknowledged record is read back exactly once, at its acknowledged offset."""
    records = consume_all(cluster, producer.topic, producer.partitions)
    values = [int(value) for read in records.values() for _, value in read]
    duplicates = len(values) - len(set(values))
    where = {value: (p, offset) for p, read in records.items() for offset, value in read}
    lost = [(p, o, v) for p, o, v in producer.acked if where.get(v) != (p, o)]
    for partition, read in records.items():
        in_partition = [int(value) for _, value in read]
        assert in_partition == sorted(in_partition), f"partition {partition} is out of order"
    assert duplicates == 0, f"{duplicates} duplicated records"
    assert not lost, f"{len(lost)} of {len(producer.acked)} acknowledged records lost or moved, e.g. {lost[:5]}"
    return {"acked": len(producer.acked), "read": len(values), "lost": len(lost), "duplicates": duplicates,
            "failed": len(producer.failed)}


def start_load(cluster) -> ContinuousProducer:
    topic = unique_topic("zk")
    create_topic(cluster, topic, PARTITIONS, config={"min.insync.replicas": "2"})
    producer = ContinuousProducer(cluster, topic, PARTITIONS).start()
    producer.wait_progress(300, 30, "before the outage")
    return producer


def broker_sessions(cluster) -> set[str]:
    """The brokers' ZooKeeper session ids ("0x..."), the owners of their registrations."""
    return {hex(cluster.zk.get(f"/brokers/ids/{broker_id}")[1].ephemeralOwner)
            for broker_id in cluster.registered_ids()}


def busiest_server(cluster, ensemble, candidates: list[int]) -> int:
    """Of the ZooKeeper servers `candidates`, the one most brokers are connected to."""
    sessions = broker_sessions(cluster)

    def connections(myid: int) -> int:
        try:
            listed = re.findall(r"sid=(0x[0-9a-f]+)", ensemble.server(myid).four_letter("cons"))
        except OSError:
            return -1
        return len(sessions.intersection(listed))
    return max(candidates, key=connections)


# ---------------------------------------------------------------------------------------
# One server down: a connection loss, nothing else


def test_one_zookeeper_server_killed_under_load_changes_nothing(cluster, ensemble):
    producer = start_load(cluster)
    before = snapshot(cluster)
    assert before["controller"] is not None and len(before["brokers"]) == 3, before
    try:
        for role in ("follower", "leader"):
            modes = ensemble.wait_quorum(30)
            if role == "leader":
                victim = ensemble.leader()
            else:
                victim = busiest_server(cluster, ensemble, ensemble.followers())
            ensemble.kill(victim)
            killed_at = time.monotonic()
            modes = ensemble.wait_quorum(30, serving=2)
            print(f"killed ZooKeeper {role} {victim}; quorum again after "
                  f"{time.monotonic() - killed_at:.1f}s: {modes}")
            producer.wait_progress(300, 30, f"with ZooKeeper {role} {victim} dead")
            assert snapshot(cluster) == before
            ensemble.start_server(victim)
            ensemble.wait_quorum(60, serving=3)
            producer.wait_progress(300, 30, f"after ZooKeeper {role} {victim} came back")
    finally:
        producer.finish()

    after = snapshot(cluster)
    assert after == before, f"the cluster changed: {before} -> {after}"
    assert acting_controllers(cluster) == [before["controller"]]
    assert count_lines(cluster, "no longer controller") == {1: 0, 2: 0, 3: 0}
    assert count_lines(cluster, "registered broker") == {1: 1, 2: 1, 3: 1}
    assert count_lines(cluster, "ZooKeeper session ended") == {1: 0, 2: 0, 3: 0}
    lost = count_lines(cluster, "ZooKeeper connection lost")
    assert sum(lost.values()) >= 1, "no broker lost its ZooKeeper connection: the test proved nothing"
    states = wait_isr(cluster, producer.topic, PARTITIONS, size=3, timeout=RECOVERY)
    assert all(sorted(s["isr"]) == [1, 2, 3] for s in states.values()), states
    assert not producer.failed, f"delivery failures: {producer.failed[:5]}"
    result = verify_records(cluster, producer)
    print(f"one server down: {result}, controller {before['controller']} epoch {before['epoch']}, "
          f"connection losses per broker {lost}")
    assert result["acked"] >= 1200


# ---------------------------------------------------------------------------------------
# Whole ensemble down past the session timeout


def hold_outage(producer: ContinuousProducer, seconds: float) -> int:
    """Keeps the outage for `seconds` (the experiment's parameter, not a condition) and
    returns how many records were acknowledged meanwhile."""
    start_acks, start = producer.acked_count(), time.monotonic()
    wait_for(lambda: time.monotonic() - start >= seconds, seconds + 5, f"{seconds}s of outage", interval=0.2)
    return producer.acked_count() - start_acks


def wait_reformed(cluster, producer: ContinuousProducer) -> dict:
    """Waits until the cluster is whole again: three registrations, one controller that is
    acting, every ISR full, produce progressing."""
    wait_for(lambda: cluster.registered_ids() == [1, 2, 3], RECOVERY, "all three brokers registered")
    controller = cluster.wait_controller(RECOVERY)
    wait_for(lambda: acting_controllers(cluster) == [cluster.controller()], RECOVERY,
             f"broker {controller} alone to act as controller")
    states = wait_isr(cluster, producer.topic, PARTITIONS, size=3, timeout=RECOVERY)
    assert all(sorted(s["isr"]) == [1, 2, 3] for s in states.values()), states
    producer.wait_progress(300, RECOVERY, "after the ensemble came back")
    return snapshot(cluster)


def test_whole_ensemble_frozen_past_the_session_timeout(cluster, ensemble):
    producer = start_load(cluster)
    before = snapshot(cluster)
    try:
        for server in ensemble.servers:
            ensemble.freeze(server.myid)
        acked_during = hold_outage(producer, OUTAGE_SECONDS)
        for server in ensemble.servers:
            ensemble.thaw(server.myid)
        thawed = time.monotonic()
        ensemble.wait_quorum(60, serving=3)
        after = wait_reformed(cluster, producer)
        print(f"ensemble frozen {OUTAGE_SECONDS}s; cluster whole again {time.monotonic() - thawed:.1f}s later")
    finally:
        producer.finish()

    assert after["controller"] is not None and acting_controllers(cluster) == [after["controller"]]
    assert after["epoch"] >= before["epoch"]
    assert sorted(after["brokers"]) == [1, 2, 3]
    # A broker whose session expired does not wait for the ensemble to drop its old registration.
    assert count_lines(cluster, "already registered by another live broker") == {1: 0, 2: 0, 3: 0}
    result = verify_records(cluster, producer)
    reregistered = sorted(b for b in after["brokers"] if after["brokers"][b] != before["brokers"][b])
    print(f"ensemble frozen: {result}, acked during the outage {acked_during}, "
          f"controller {before['controller']}@{before['epoch']} -> {after['controller']}@{after['epoch']}, "
          f"re-registered {reregistered}")


def test_whole_ensemble_killed_and_restarted(cluster, ensemble):
    producer = start_load(cluster)
    before = snapshot(cluster)
    try:
        for server in ensemble.servers:
            ensemble.kill(server.myid)
        acked_during = hold_outage(producer, OUTAGE_SECONDS)
        for server in ensemble.servers:
            ensemble.start_server(server.myid)
        started = time.monotonic()
        ensemble.wait_quorum(60, serving=3)
        quorum = time.monotonic() - started
        after = wait_reformed(cluster, producer)
        print(f"ensemble down {OUTAGE_SECONDS}s; quorum {quorum:.1f}s after the restart, "
              f"cluster whole again {time.monotonic() - started:.1f}s after it")
    finally:
        producer.finish()

    assert after["controller"] is not None and acting_controllers(cluster) == [after["controller"]]
    assert after["epoch"] >= before["epoch"]
    result = verify_records(cluster, producer)
    reregistered = sorted(b for b in after["brokers"] if after["brokers"][b] != before["brokers"][b])
    print(f"ensemble restarted: {result}, acked during the outage {acked_during}, "
          f"controller {before['controller']}@{before['epoch']} -> {after['controller']}@{after['epoch']}, "
          f"re-registered {reregistered}")


# ---------------------------------------------------------------------------------------
# The controller pauses through an outage and serves what waited for it afterwards


def test_controller_pauses_through_an_outage_then_serves_a_controlled_shutdown(cluster, ensemble):
    producer = start_load(cluster)
    before = snapshot(cluster)
    controller = before["controller"]
    victim = next(broker_id for broker_id in (1, 2, 3) if broker_id != controller)
    log = cluster.brokers[controller]
    try:
        for server in ensemble.servers:
            ensemble.kill(server.myid)
        outage = time.monotonic()
        # SIGTERM: the victim's controlled shutdown asks the controller, whose ZooKeeper writes cannot succeed.
        cluster.kill(victim, signal.SIGTERM, wait_exit=False)
        wait_for(lambda: "controller step failed" in log.stderr(), OUTAGE_SECONDS, "the controller to pause")
        hold_outage(producer, OUTAGE_SECONDS - (time.monotonic() - outage))
        for server in ensemble.servers:
            ensemble.start_server(server.myid)
        ensemble.wait_quorum(60, serving=3)
        wait_for(lambda: "store reachable again" in log.stderr(), RECOVERY, "the controller to resume")
        exit_code = cluster.brokers[victim].wait_exit(RECOVERY)
        wait_for(lambda: cluster.registered_ids() == sorted({1, 2, 3} - {victim}), RECOVERY,
                 f"broker {victim} to leave")
        wait_isr(cluster, producer.topic, PARTITIONS, size=2, timeout=RECOVERY)
        producer.wait_progress(300, RECOVERY, f"with broker {victim} stopped")
        cluster.brokers[victim].launch()
        cluster.wait_serving(victim, RECOVERY)
        wait_isr(cluster, producer.topic, PARTITIONS, size=3, timeout=RECOVERY)
        producer.wait_progress(300, RECOVERY, f"after broker {victim} returned")
    finally:
        producer.finish()

    after = snapshot(cluster)
    assert (after["controller"], after["epoch"]) == (controller, before["epoch"]), (before, after)
    assert acting_controllers(cluster) == [controller]
    assert count_lines(cluster, "no longer controller")[controller] == 0
    result = verify_records(cluster, producer)
    print(f"controller paused: {result}, broker {victim} exited with {exit_code}, "
          f"controller {controller}@{before['epoch']} throughout")
