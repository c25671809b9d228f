"""Cluster foundation, process level: broker registration, controller election and
failover, clean and hard shutdown, configuration errors, the chroot, and the
`tributary cluster describe|watch` commands. ZooKeeper state is read with kazoo."""

from __future__ import annotations

import base64
import json
import re
import signal
import time
import uuid

import pytest
from confluent_kafka.admin import AdminClient

from harness import LineReader, free_port, properties_text, run_tributary, wait_for

#: Extra time beyond the ZooKeeper session timeout that a failover may take on a busy
#: two-core machine (session expiry detection by ZooKeeper runs on tick boundaries).
FAILOVER_MARGIN = 10.0
#: A clean shutdown closes the ZooKeeper session; its ephemeral znodes must go well before
#: a session timeout would have removed them.
PROMPT = 4.0
#: Session timeout for tests that must tell "closed its session" from "session expired".
LONG_SESSION_MS = 15000

TIMESTAMP = re.compile(r"\d{2}:\d{2}:\d{2}|\b\d{10,13}\b")


def now_ms() -> int:
    return int(time.time() * 1000)


def holds_for(condition, seconds: float, description: str) -> None:
    """Asserts that `condition` stays true for `seconds` (checked every 50 ms)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert condition(), description
        time.sleep(0.05)


# ---------------------------------------------------------------------------------------
# Registration, controller, cluster id


def test_brokers_register_with_kafka_registration_json(make_cluster):
    cluster = make_cluster(brokers=3)
    assert cluster.registered_ids() == [1, 2, 3]
    for broker_id, broker in cluster.brokers.items():
        data, stat = cluster.zk.get(f"/brokers/ids/{broker_id}")
        assert stat.ephemeralOwner != 0, "registration must be ephemeral"
        registration = json.loads(data.decode())
        assert isinstance(registration["version"], int) and registration["version"] >= 4, registration
        assert registration["host"] == "127.0.0.1"
        assert registration["port"] == broker.port and isinstance(registration["port"], int)
        assert registration["endpoints"] == [f"PLAINTEXT://127.0.0.1:{broker.port}"]
        assert registration["listener_security_protocol_map"] == {"PLAINTEXT": "PLAINTEXT"}
        assert isinstance(registration["jmx_port"], int)
        timestamp = registration["timestamp"]
        assert isinstance(timestamp, str) and timestamp.isdigit(), "timestamp is a string of ms"
        assert abs(now_ms() - int(timestamp)) < 120_000


def test_exactly_one_controller_with_epoch_and_cluster_id(make_cluster):
    cluster = make_cluster(brokers=3)
    controller = cluster.wait_controller(30)
    data, stat = cluster.zk.get("/controller")
    payload = json.loads(data.decode())
    assert payload["version"] == 1
    assert payload["brokerid"] == controller and controller in (1, 2, 3)
    assert isinstance(payload["timestamp"], str) and payload["timestamp"].isdigit()
    assert stat.ephemeralOwner != 0, "/controller must be ephemeral"
    assert cluster.zk.get(f"/brokers/ids/{controller}")[1].ephemeralOwner == stat.ephemeralOwner, \
        "/controller must belong to the controller broker's own session"

    epoch_bytes, _ = cluster.zk.get("/controller_epoch")
    assert re.fullmatch(rb"\d+", epoch_bytes.strip()), "/controller_epoch is an ASCII integer"
    assert int(epoch_bytes) >= 1

    cluster_id = cluster.read_json("/cluster/id")
    assert cluster_id["version"] == "1", "version is a string in /cluster/id"
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id["id"]), cluster_id
    assert len(base64.urlsafe_b64decode(cluster_id["id"] + "==")) == 16

    # Nobody else grabs or re-creates the controller while the cluster is calm.
    czxid = stat.czxid
    holds_for(lambda: cluster.zk.exists("/controller").czxid == czxid
              and cluster.controller_epoch() == int(epoch_bytes), 2.0,
              "the controller must stay put in a stable cluster")


def test_every_broker_reports_the_controller_in_metadata(make_cluster):
    cluster = make_cluster(brokers=3)
    controller = cluster.wait_controller(30)
    for broker in cluster.brokers.values():
        admin = AdminClient({"bootstrap.servers": broker.address})

        def agrees():
            metadata = admin.list_topics(timeout=5)
            endpoints = {b.id: (b.host, b.port) for b in metadata.brokers.values()}
            expected = {b.broker_id: ("127.0.0.1", b.port) for b in cluster.brokers.values()}
            return metadata.controller_id == controller and endpoints == expected

        wait_for(agrees, 30, f"broker {broker.broker_id} to report controller {controller} "
                             "and all three brokers")


# ---------------------------------------------------------------------------------------
# Failover and shutdown


def test_controller_failover_after_sigkill(make_cluster):
    cluster = make_cluster(brokers=3)
    old = cluster.wait_controller(30)
    old_epoch = cluster.controller_epoch()

    killed_at = time.monotonic()
    assert cluster.kill(old, signal.SIGKILL) == -signal.SIGKILL
    survivors = [i for i in (1, 2, 3) if i != old]
    new = cluster.wait_controller(cluster.session_timeout + FAILOVER_MARGIN, among=survivors)
    failover = time.monotonic() - killed_at
    new_epoch = cluster.controller_epoch()
    assert new_epoch > old_epoch, f"epoch must grow on failover ({old_epoch} -> {new_epoch})"

    cluster.wait_for(lambda: cluster.registration(old) is None,
                     cluster.session_timeout + FAILOVER_MARGIN,
                     f"the killed broker {old}'s registration to expire")
    assert cluster.registered_ids() == survivors
    print(f"controller {old} -> {new} in {failover:.2f}s (session timeout "
          f"{cluster.session_timeout_ms} ms)")

    # The returning broker registers again but does not take the controller back.
    cluster.restart(old)
    assert cluster.registered_ids() == [1, 2, 3]
    holds_for(lambda: cluster.controller() == new and cluster.controller_epoch() == new_epoch, 3.0,
              f"controller must stay {new} at epoch {new_epoch} after broker {old} returns")


def test_sigterm_removes_registration_promptly(make_cluster):
    cluster = make_cluster(brokers=2, session_timeout_ms=LONG_SESSION_MS)
    controller = cluster.wait_controller(30)
    victim = 1 if controller == 2 else 2
    broker = cluster.brokers[victim]

    started = time.monotonic()
    cluster.kill(victim, signal.SIGTERM, wait_exit=False)
    cluster.wait_for(lambda: cluster.registration(victim) is None, PROMPT,
                     f"broker {victim}'s registration to go after SIGTERM")
    gone_after = time.monotonic() - started
    assert broker.wait_exit(30) == 0, "a clean shutdown exits with status 0"
    assert gone_after < cluster.session_timeout / 2
    assert cluster.controller() == controller


def test_sigterm_of_controller_hands_over_promptly(make_cluster):
    cluster = make_cluster(brokers=3, session_timeout_ms=LONG_SESSION_MS)
    old = cluster.wait_controller(30)
    old_epoch = cluster.controller_epoch()
    cluster.kill(old, signal.SIGTERM, wait_exit=False)
    new = cluster.wait_controller(PROMPT, other_than=old)
    assert new != old and cluster.registration(new) is not None
    assert cluster.controller_epoch() > old_epoch
    assert cluster.brokers[old].wait_exit(30) == 0
    cluster.wait_for(lambda: cluster.registration(old) is None, PROMPT, "old controller to deregister")


def test_duplicate_broker_id_is_refused(make_cluster):
    cluster = make_cluster(brokers=1)
    original = cluster.zk.exists("/brokers/ids/1")

    duplicate = cluster.make_broker(1, name="duplicate-of-1")
    duplicate.launch()
    code = duplicate.wait_exit(cluster.connection_timeout_ms / 1000 + 20)
    assert code != 0, "a second broker with the same id must not keep running"
    assert "already registered" in duplicate.stderr()

    assert cluster.brokers[1].is_running()
    current = cluster.zk.exists("/brokers/ids/1")
    assert (current.czxid, current.ephemeralOwner) == (original.czxid, original.ephemeralOwner)
    assert cluster.registration(1)["port"] == cluster.brokers[1].port


def test_unreachable_zookeeper_fails_within_connection_timeout(make_cluster):
    cluster = make_cluster(connection_timeout_ms=3000)
    nobody_listens = free_port()
    broker = cluster.make_broker(1, {"zookeeper.connect": f"127.0.0.1:{nobody_listens}/nowhere"},
                                 name="no-zookeeper")
    started = time.monotonic()
    broker.launch()
    code = broker.wait_exit(3.0 + 10.0)
    assert code != 0
    assert time.monotonic() - started < 3.0 + 10.0
    assert re.search(r"zoo ?keeper", broker.stderr(), re.IGNORECASE), broker.stderr()


def test_chroot_is_created_and_used(make_cluster, zk_root):
    base = f"/itest-chroot-{uuid.uuid4().hex[:8]}"
    chroot = f"{base}/nested/deeper"
    assert zk_root.exists(base) is None
    cluster = make_cluster(brokers=1, chroot=chroot)

    assert zk_root.exists(f"{chroot}/brokers/ids/1") is not None
    cluster.wait_for(lambda: zk_root.exists(f"{chroot}/controller"), 30, "controller inside the chroot")
    assert zk_root.exists(f"{chroot}/cluster/id") is not None
    for persistent in ("/brokers/topics", "/config/topics", "/config/changes", "/admin/delete_topics",
                       "/isr_change_notification"):
        assert zk_root.exists(chroot + persistent) is not None, f"{persistent} inside the chroot"
    assert zk_root.get_children(base) == ["nested"]
    assert zk_root.exists("/brokers/ids/1") is None, "nothing may be written outside the chroot"


# ---------------------------------------------------------------------------------------
# Configuration


def test_malformed_line_is_rejected_naming_the_line(make_cluster):
    cluster = make_cluster()
    broker = cluster.make_broker(1, name="malformed")
    lines = properties_text(broker.config).splitlines()
    lines.insert(3, "this line has no equals sign")  # becomes line 4
    broker.raw_properties = "\n".join(lines) + "\n"
    broker.launch()
    assert broker.wait_exit(15) != 0
    assert re.search(r"line\s*:?\s*4\b|:4\b", broker.stderr(), re.IGNORECASE), broker.stderr()
    assert cluster.registration(1) is None


@pytest.mark.parametrize("key,value", [
    ("broker.id", "one"),
    ("zookeeper.session.timeout.ms", "soon"),
    ("listeners", "PLAINTEXT://127.0.0.1:not-a-port"),
    ("auto.create.topics.enable", "perhaps"),
])
def test_bad_value_is_rejected_naming_the_key(make_cluster, key, value):
    cluster = make_cluster()
    broker = cluster.make_broker(1, {key: value}, name="bad-value")
    broker.launch()
    assert broker.wait_exit(15) != 0
    assert key in broker.stderr(), broker.stderr()
    assert cluster.registration(1) is None


def test_missing_zookeeper_connect_is_rejected(make_cluster):
    cluster = make_cluster()
    broker = cluster.make_broker(1, {"zookeeper.connect": None}, name="no-zk-connect")
    broker.launch()
    assert broker.wait_exit(15) != 0
    assert "zookeeper.connect" in broker.stderr()


def test_unknown_key_warns_but_starts(make_cluster):
    cluster = make_cluster()
    cluster.add_broker(1, {"tributary.no.such.setting": "17"})
    cluster.start_broker(1)
    assert cluster.registration(1) is not None
    mentions = [line for line in cluster.brokers[1].stderr().splitlines()
                if "tributary.no.such.setting" in line]
    assert mentions, "the unknown key must be named on stderr"
    assert any(re.search(r"warn|unknown|unused|ignor", line, re.IGNORECASE) for line in mentions), mentions


def test_override_takes_precedence_over_the_file(make_cluster):
    cluster = make_cluster()
    broker = cluster.make_broker(1, extra_args=["--override", "broker.id=7"], name="overridden")
    broker.launch()
    cluster.wait_for(lambda: cluster.registration(7), 30, "broker registered under the overridden id 7")
    assert cluster.registration(1) is None
    assert cluster.registration(7)["port"] == broker.port


# ---------------------------------------------------------------------------------------
# tributary cluster describe / watch


def describe(cluster) -> dict:
    result = run_tributary("cluster", "describe", "--zookeeper", cluster.zk_connect, "--output", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cluster_describe_json_agrees_with_zookeeper(make_cluster):
    cluster = make_cluster(brokers=3)
    controller = cluster.wait_controller(30)
    cluster_id = cluster.read_json("/cluster/id")["id"]

    def expected_brokers(ids):
        return [{"id": i, "endpoints": [f"PLAINTEXT://127.0.0.1:{cluster.brokers[i].port}"]} for i in ids]

    def brokers_of(document):
        return sorted(({"id": b["id"], "endpoints": b["endpoints"]} for b in document["brokers"]),
                      key=lambda b: b["id"])

    document = describe(cluster)
    assert document["cluster_id"] == cluster_id
    assert document["controller"] == {"id": controller, "epoch": cluster.controller_epoch()}
    assert brokers_of(document) == expected_brokers([1, 2, 3])

    leaving = 1 if controller != 1 else 2
    cluster.kill(leaving, signal.SIGTERM)
    cluster.wait_for(lambda: cluster.registration(leaving) is None, cluster.session_timeout + 5,
                     f"broker {leaving} to deregister")
    document = describe(cluster)
    assert brokers_of(document) == expected_brokers(sorted({1, 2, 3} - {leaving}))
    assert document["controller"]["id"] == controller

    for broker_id in cluster.live_ids():
        cluster.kill(broker_id, signal.SIGTERM)
    cluster.wait_for(lambda: not cluster.registered_ids() and cluster.controller() is None,
                     cluster.session_timeout + 5, "every broker and the controller to be gone")
    document = describe(cluster)
    assert document["cluster_id"] == cluster_id
    assert document["controller"] is None
    assert document["brokers"] == []


def test_cluster_watch_prints_joins_leaves_and_controller_changes(make_cluster, zookeeper):
    cluster = make_cluster(brokers=2)
    old_controller = cluster.wait_controller(30)
    watched = cluster.chroot + "/controller"
    sessions_before = zookeeper.sessions_watching(watched)

    watch = cluster.spawn("cluster", "watch", "--zookeeper", cluster.zk_connect)
    out = LineReader(watch.stdout)
    LineReader(watch.stderr)  # drained so the child never blocks on a full pipe
    # Ready once its own session watches /controller (only data watches are visible).
    cluster.wait_for(lambda: watch.poll() is None and zookeeper.sessions_watching(watched) - sessions_before,
                     30, "`cluster watch` to watch /controller")

    cluster.start_broker(3)
    joined = out.wait_line(r"\bbroker 3 joined\b", 15)
    assert TIMESTAMP.search(joined), f"line must carry a timestamp: {joined!r}"

    cluster.kill(3, signal.SIGTERM)
    out.wait_line(r"\bbroker 3 left\b", cluster.session_timeout + 5)

    cluster.kill(old_controller, signal.SIGTERM)
    new_controller = cluster.wait_controller(cluster.session_timeout + FAILOVER_MARGIN,
                                             other_than=old_controller)
    changed = out.wait_line(rf"\bcontroller is now {new_controller}\b", 15)
    assert TIMESTAMP.search(changed), f"line must carry a timestamp: {changed!r}"
    out.wait_line(rf"\bbroker {old_controller} left\b", 15)

    watch.send_signal(signal.SIGINT)
    assert watch.wait(timeout=10) == 0, "interrupted, `cluster watch` closes its session and exits 0"
