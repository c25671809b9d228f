"""docker-compose.yml checked statically (no Docker engine runs here): it must describe the same cluster as
conf/ — one ZooKeeper on conf/zookeeper.properties' port, and brokers whose service names, config files,
ids, health-check ports and data volumes agree with conf/server-N.properties."""

import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]


def read_properties(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_brokers_match_conf():
    services = compose()["services"]
    broker_services = sorted(name for name in services if name.startswith("broker-"))
    conf_files = sorted(p.name for p in (ROOT / "conf").glob("server-*.properties"))
    assert len(broker_services) == len(conf_files) == 3

    zookeeper = read_properties(ROOT / "conf" / "zookeeper.properties")
    seen_ports = set()
    for name in broker_services:
        service = services[name]
        command = service["command"]
        assert command[:2] == ["tributary", "server"], name
        conf_path = command[2]
        assert (ROOT / conf_path).is_file(), f"{name} names missing {conf_path}"
        props = read_properties(ROOT / conf_path)

        # The service name carries the broker id.
        assert name == f"broker-{props['broker.id']}"

        # The health check probes the port the broker listens on.
        port = re.search(r":(\d+)$", props["listeners"]).group(1)
        assert port not in seen_ports
        seen_ports.add(port)
        assert f"127.0.0.1 {port}" in " ".join(service["healthcheck"]["test"])

        # The broker's ZooKeeper is the compose ZooKeeper's client port.
        zk_hosts = props["zookeeper.connect"].split("/")[0]
        assert zk_hosts == f"{zookeeper['clientPortAddress']}:{zookeeper['clientPort']}"

        # Data lands on a volume at the broker's log.dirs; config is mounted read-only.
        volumes = service["volumes"]
        assert f"/tributary/{props['log.dirs']}" in [v.split(":")[1] for v in volumes]
        assert "./conf:/tributary/conf:ro" in volumes
        assert service["network_mode"] == "host"
        assert service["depends_on"]["zookeeper"]["condition"] == "service_healthy"

    assert seen_ports == {"9092", "9093", "9094"}


def test_compose_zookeeper_matches_conf():
    service = compose()["services"]["zookeeper"]
    zookeeper = read_properties(ROOT / "conf" / "zookeeper.properties")
    assert service["command"] == ["scripts/zookeeper.sh", "conf/zookeeper.properties"]
    assert f"127.0.0.1 {zookeeper['clientPort']}" in " ".join(service["healthcheck"]["test"])
    assert f"/tributary/{zookeeper['dataDir']}" in [v.split(":")[1] for v in service["volumes"]]


def test_dockerfile_builds_what_compose_runs():
    dockerfile = (ROOT / "scripts" / "Dockerfile").read_text()
    assert "--product tributary" in dockerfile
    assert "COPY scripts ./scripts" in dockerfile and "COPY conf ./conf" in dockerfile
