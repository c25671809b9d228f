"""pytest fixtures for the process-level integration suite (see harness.py for how to run).

- `zookeeper`: one real ZooKeeper server per test session (per xdist worker).
- `make_cluster`: builds `Cluster`s, each in a fresh chroot with fresh ports; everything
  it started is killed at teardown, and broker logs are attached to failing reports.
"""

from __future__ import annotations

import pytest

from harness import Cluster, ZooKeeperServer


@pytest.fixture(scope="session")
def zookeeper(tmp_path_factory):
    server = ZooKeeperServer(tmp_path_factory.mktemp("zookeeper")).start()
    yield server
    server.stop()


@pytest.fixture
def zk_root(zookeeper):
    """A kazoo client at the ZooKeeper root (not chrooted)."""
    client = zookeeper.client()
    yield client
    client.stop()
    client.close()


@pytest.fixture
def make_cluster(zookeeper, tmp_path, request):
    """make_cluster(brokers=0, **options) -> Cluster; starts `brokers` brokers (ids 1..n)
    and waits until they serve. Options go to `Cluster` (chroot, session_timeout_ms,
    connection_timeout_ms, broker_config)."""
    clusters: list[Cluster] = []
    request.node._tributary_clusters = clusters

    def make(brokers: int = 0, **options) -> Cluster:
        cluster = Cluster(zookeeper, tmp_path / f"cluster-{len(clusters)}", **options)
        clusters.append(cluster)
        if brokers:
            cluster.start(brokers)
        return cluster

    yield make
    for cluster in clusters:
        cluster.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for cluster in getattr(item, "_tributary_clusters", []):
            for title, text in cluster.log_sections():
                report.sections.append((title, text))
