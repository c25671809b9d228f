"""`tributary cluster watch`, the operator's live view: one JSON object per change for scripts (a broker killed
and back, its partitions under-replicated and healthy again), and a view redrawn in place on a terminal."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import time
import uuid

from harness import LineReader, WaitTimeout, run_tributary, tributary_binary


def wait_event(out: LineReader, kind: str, timeout: float, **fields) -> dict:
    """The first `cluster watch --output json` event of `kind` whose fields match (a callable is a predicate),
    read earlier or within `timeout`."""
    def matches(line):
        record = json.loads(line)
        return record.get("event") == kind and all(
            value(record.get(key)) if callable(value) else record.get(key) == value for key, value in fields.items())

    for line in out.lines:
        if matches(line):
            return json.loads(line)
    deadline = time.monotonic() + timeout
    while True:
        line = out.expect(r"\S", deadline - time.monotonic())  # fails at the deadline
        if matches(line):
            return json.loads(line)



def test_cluster_watch_json_reports_a_killed_broker_and_its_return(make_cluster):
    cluster = make_cluster(brokers=2, session_timeout_ms=6000)
    cluster.wait_controller(30)
    topic = f"watched-{uuid.uuid4().hex[:8]}"
    created = run_tributary("topics", "create", topic, "--replica-assignment", "1:2,2:1",
                            "--bootstrap-server", cluster.bootstrap, timeout=60)
    assert created.returncode == 0, created.stderr

    watch = cluster.spawn("cluster", "watch", "--zookeeper", cluster.zk_connect, "--output", "json")
    LineReader(watch.stderr)
    out = LineReader(watch.stdout)

    for broker_id in (1, 2):
        wait_event(out, "broker_joined", 30, broker=broker_id)
    for line in out.lines:
        record = json.loads(line)  # every line is one JSON object with a time
        assert "time" in record and "event" in record, line

    cluster.kill(2, signal.SIGKILL)
    wait_event(out, "broker_left", cluster.session_timeout + 20, broker=2)
    # Its replicas leave the ISRs: the topic's partitions are reported under-replicated.
    wait_event(out, "partitions_changed", 30,
               under_replicated=lambda partitions: {f"{topic}-0", f"{topic}-1"} <= set(partitions or []))

    cluster.start_broker(2)
    wait_event(out, "broker_joined", 30, broker=2)
    wait_event(out, "partitions_changed", 60, offline=[], under_replicated=[])
    assert watch.poll() is None


def test_cluster_watch_redraws_the_view_in_place_on_a_terminal(make_cluster):
    cluster = make_cluster(brokers=1)
    cluster.wait_controller(30)
    controller, terminal = pty.openpty()
    watch = subprocess.Popen([str(tributary_binary()), "cluster", "watch", "--zookeeper", cluster.zk_connect],
                             stdin=subprocess.DEVNULL, stdout=terminal, stderr=subprocess.DEVNULL)
    cluster.extra_processes.append(watch)
    os.close(terminal)
    screen = bytearray()

    def read_until(*texts: str, timeout: float = 30) -> str:
        """What the terminal showed since the last clear, once it contains every one of `texts` (a screen may
        arrive in pieces)."""
        deadline = time.monotonic() + timeout
        while True:
            latest = screen.decode(errors="replace").split("\x1b[H\x1b[2J")[-1]
            if all(text in latest for text in texts):
                return latest
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(f"the terminal never showed {texts!r}; last screen:\n{latest}")
            ready, _, _ = select.select([controller], [], [], remaining)
            if ready:
                try:
                    screen.extend(os.read(controller, 65536))
                except OSError:  # the watch exited
                    raise AssertionError(f"the watch ended; screen:\n{screen.decode(errors='replace')}")

    try:
        read_until("Controller: broker 1", "Brokers (1):", "Offline partitions (0)", "controller is now 1")
        cluster.start_broker(2)
        # The view lists the brokers and, below, the latest changes.
        read_until("Brokers (2):", "broker 2 joined")
        assert screen.count(b"\x1b[H\x1b[2J") >= 2, "each change redraws the whole view"
    finally:
        os.close(controller)
