"""Checks of the harness itself that need no broker: the ZooKeeper server, kazoo access,
chroot isolation, the four-letter-word helpers and the polling helpers."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from kazoo.exceptions import NoNodeError

from harness import GiveUp, LineReader, WaitTimeout, free_port, port_accepts, wait_for


def test_zookeeper_answers_and_stores(zookeeper, zk_root):
    assert zookeeper.four_letter("ruok") == "imok"
    zk_root.ensure_path("/harness-check")
    zk_root.set("/harness-check", b"42")
    assert zk_root.get("/harness-check")[0] == b"42"
    zk_root.delete("/harness-check")


def test_ephemeral_znode_disappears_when_session_closes(zookeeper, zk_root):
    owner = zookeeper.client(session_timeout=4)
    owner.ensure_path("/harness-ephemeral")
    owner.create("/harness-ephemeral/node", b"x", ephemeral=True)
    assert zk_root.exists("/harness-ephemeral/node").ephemeralOwner == owner.client_id[0]
    owner.stop()
    owner.close()
    wait_for(lambda: zk_root.exists("/harness-ephemeral/node") is None, 5,
             "the ephemeral znode to go with its session")


def test_chrooted_client_is_confined(zookeeper, zk_root):
    zk_root.ensure_path("/harness-chroot/a")
    confined = zookeeper.client("/harness-chroot/a")
    try:
        confined.ensure_path("/brokers/ids")
        assert zk_root.exists("/harness-chroot/a/brokers/ids")
        assert confined.get_children("/") == ["brokers"]
    finally:
        confined.stop()
        confined.close()
    missing = zookeeper.client("/harness-chroot/absent")
    try:
        with pytest.raises(NoNodeError):
            missing.get("/brokers")
    finally:
        missing.stop()
        missing.close()


def test_sessions_watching_sees_a_data_watch(zookeeper, zk_root):
    zk_root.ensure_path("/harness-watch/ids")
    watcher = zookeeper.client()
    try:
        assert watcher.client_id is not None
        session = f"0x{watcher.client_id[0]:x}"
        before = zookeeper.sessions_watching("/harness-watch/ids")
        assert session not in before
        watcher.get("/harness-watch/ids", watch=lambda event: None)
        wait_for(lambda: session in zookeeper.sessions_watching("/harness-watch/ids"), 5,
                 "wchp to list the watching session")
    finally:
        watcher.stop()
        watcher.close()


def test_wait_for_returns_value_and_times_out():
    start = time.monotonic()
    assert wait_for(lambda: time.monotonic() - start > 0.2 and "done", 5, "200 ms") == "done"
    with pytest.raises(WaitTimeout, match="never"):
        wait_for(lambda: False, 0.2, "never")
    with pytest.raises(WaitTimeout, match="ZeroDivisionError"):
        wait_for(lambda: 1 / 0, 0.2, "an error")

    def hopeless():
        raise GiveUp("the process is gone")
    started = time.monotonic()
    with pytest.raises(GiveUp):
        wait_for(hopeless, 30, "something that cannot happen any more")
    assert time.monotonic() - started < 1


def test_free_ports_are_distinct_and_unbound():
    ports = {free_port() for _ in range(20)}
    assert len(ports) == 20
    assert not any(port_accepts(port) for port in ports)


def test_line_reader_waits_for_a_matching_line():
    child = subprocess.Popen(
        [sys.executable, "-u", "-c",
         "import time\nprint('first')\ntime.sleep(0.3)\nprint('broker 3 joined')"],
        stdout=subprocess.PIPE, text=True)
    reader = LineReader(child.stdout)
    assert reader.expect(r"broker 3 joined", 5) == "broker 3 joined"
    assert reader.lines == ["first", "broker 3 joined"]
    with pytest.raises(AssertionError, match="stream ended"):
        reader.expect("never printed", 5)
    child.wait(5)
