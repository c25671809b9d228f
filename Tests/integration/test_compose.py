"""The deployment files, checked without a Docker engine or systemd running here.

docker-compose.yml: a three-server ZooKeeper ensemble from the official image and three brokers whose mounted
config files (conf/docker/server-N.properties) agree with the compose file: ids, the whole ensemble in
zookeeper.connect, listeners and advertised addresses a host client can reach through published ports, health
checks, no host networking. scripts/Dockerfile: a slim broker image whose contents scripts/build-image.sh lays
out in a directory, which the tests build (reusing the release binary) and run the binary inside of.
conf/tributary.service: a systemd unit systemd-analyze accepts."""

import configparser
import json
import os
import pathlib
import re
import shutil
import subprocess

import pytest
import yaml

from harness import tributary_binary

ROOT = pathlib.Path(__file__).resolve().parents[2]
ZOOKEEPERS = ["zookeeper-1", "zookeeper-2", "zookeeper-3"]
BROKERS = ["broker-1", "broker-2", "broker-3"]


def read_properties(path):
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "!")):
            continue
        key, _, value = line.partition("=")
        values[key.strip()] = value.strip()
    return values


def listeners(value):
    """'NAME://host:port,...' -> {NAME: (host, port)}"""
    parsed = {}
    for entry in value.split(","):
        name, _, address = entry.partition("://")
        host, _, port = address.rpartition(":")
        parsed[name] = (host, int(port))
    return parsed


def services():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def broker_properties(service):
    mounts = [v for v in service["volumes"] if v.endswith(":/etc/tributary/server.properties:ro")]
    assert len(mounts) == 1, "the broker's config file is mounted read-only at /etc/tributary/server.properties"
    path = ROOT / mounts[0].split(":")[0]
    assert path.is_file(), f"{path} is missing"
    return read_properties(path)


def test_zookeeper_is_an_ensemble_of_three_from_the_official_image():
    all_services = services()
    assert sorted(name for name in all_services if name.startswith("zookeeper")) == ZOOKEEPERS
    ids = set()
    for name in ZOOKEEPERS:
        service = all_services[name]
        assert service["image"].split(":")[0] == "zookeeper", "ZooKeeper comes from the official image"
        assert service["hostname"] == name
        environment = service["environment"]
        ids.add(environment["ZOO_MY_ID"])
        # Every server knows all three, at their service names, with the client port on 2181.
        servers = dict(re.findall(r"server\.(\d)=(\S+)", environment["ZOO_SERVERS"]))
        assert servers == {str(i + 1): f"{ZOOKEEPERS[i]}:2888:3888;2181" for i in range(3)}
        assert service["healthcheck"]["test"], f"{name} has no health check"
        assert "network_mode" not in service
    assert ids == {"1", "2", "3"}


def test_brokers_agree_with_their_config_files():
    all_services = services()
    assert sorted(name for name in all_services if name.startswith("broker")) == BROKERS
    external_ports = set()
    for name in BROKERS:
        service = all_services[name]
        props = broker_properties(service)
        assert name == f"broker-{props['broker.id']}" == service["hostname"]
        assert "network_mode" not in service, "host networking hides the advertised-listener problem"

        # The whole ensemble, so a broker survives one ZooKeeper server going.
        hosts = props["zookeeper.connect"].split("/")[0].split(",")
        assert sorted(hosts) == [f"{z}:2181" for z in ZOOKEEPERS]
        for zookeeper in ZOOKEEPERS:
            assert service["depends_on"][zookeeper]["condition"] == "service_healthy"

        bound = listeners(props["listeners"])
        advertised = listeners(props["advertised.listeners"])
        assert set(bound) == set(advertised) == {"INTERNAL", "EXTERNAL"}
        assert props["inter.broker.listener.name"] == "INTERNAL"
        # Brokers reach each other at the service name, on the port the listener binds.
        assert advertised["INTERNAL"] == (name, bound["INTERNAL"][1])
        # Host clients are sent to localhost on a published port with the same number on both sides.
        external_host, external_port = advertised["EXTERNAL"]
        assert external_host == "localhost"
        assert external_port == bound["EXTERNAL"][1]
        assert f"{external_port}:{external_port}" in [str(p) for p in service["ports"]]
        assert external_port not in external_ports
        external_ports.add(external_port)

        # The health check asks the broker itself, on a listener it binds.
        check = " ".join(service["healthcheck"]["test"])
        assert "tributary" in check and f":{bound['INTERNAL'][1]}" in check
        # Data on a volume at log.dirs.
        assert props["log.dirs"] in [v.split(":")[1] for v in service["volumes"]]
        assert service["stop_signal"] == "SIGTERM"
    assert len(external_ports) == 3


def test_broker_config_files_load_without_warnings(tmp_path):
    """Each mounted config is valid as it stands: the broker gets as far as ZooKeeper (here unreachable) with no
    complaint about a key or value."""
    for name in BROKERS:
        path = ROOT / "conf" / "docker" / f"server-{name[-1]}.properties"
        answer = subprocess.run(
            [str(tributary_binary()), "server", str(path), "--override", "zookeeper.connect=127.0.0.1:1",
             "--override", "zookeeper.connection.timeout.ms=300", "--override", f"log.dirs={tmp_path / name}"],
            capture_output=True, text=True, timeout=60)
        assert answer.returncode == 1, answer.stderr
        assert "could not connect to ZooKeeper" in answer.stderr.strip().splitlines()[-1], answer.stderr
        # Its log is JSON lines; none of them a warning about the file.
        logged = [json.loads(line) for line in answer.stderr.strip().splitlines()[:-1]]
        assert [r for r in logged if r["level"] != "INFO"] == [], answer.stderr


def test_dockerfile_final_stage_is_the_rootfs_build_image_lays_out():
    dockerfile = (ROOT / "scripts" / "Dockerfile").read_text()
    stages = re.split(r"(?m)^FROM ", dockerfile)[1:]
    assert len(stages) == 2
    build, final = stages
    assert "scripts/build-image.sh /rootfs" in build
    assert final.startswith("scratch"), "the broker image starts empty: no shell, no Java"
    assert "COPY --from=build /rootfs /" in final
    assert not re.search(r"zookeeper|java|apt-get", final, re.IGNORECASE)
    assert 'ENTRYPOINT ["/usr/local/bin/tributary"]' in final


@pytest.fixture(scope="module")
def rootfs(tmp_path_factory):
    """The broker image's root file system, laid out by scripts/build-image.sh from the release binary."""
    directory = tmp_path_factory.mktemp("image") / "rootfs"
    environment = dict(os.environ, TRIBUTARY_BIN=str(tributary_binary()))
    subprocess.run([str(ROOT / "scripts" / "build-image.sh"), str(directory)], env=environment, check=True,
                   timeout=300, capture_output=True)
    return directory


def test_rootfs_holds_the_binary_and_every_library_it_links(rootfs):
    binary = rootfs / "usr/local/bin/tributary"
    assert binary.is_file()
    linked = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, check=True).stdout
    paths = re.findall(r"(?:=> )?(/\S+) \(0x", linked)
    assert paths, linked
    for path in paths:
        assert (rootfs / path.lstrip("/")).is_file(), f"{path} is not in the image"
    found = [str(p) for p in rootfs.rglob("*") if re.search(r"java|libjvm", p.name, re.IGNORECASE)]
    assert found == [], f"a Java runtime in the broker image: {found}"
    assert "tributary:x:1000:1000:" in (rootfs / "etc/passwd").read_text()


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("chroot") is None, reason="chroot needs root")
def test_binary_runs_inside_the_rootfs_alone(rootfs):
    # A container runtime mounts /proc (Swift reads its arguments there); nothing else comes from the host.
    if subprocess.run(["mount", "--bind", "/proc", str(rootfs / "proc")], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount /proc here")
    try:
        answers = {" ".join(args): subprocess.run(["chroot", str(rootfs), "/usr/local/bin/tributary", *args],
                                                  capture_output=True, text=True, timeout=30)
                   for args in (["--version"], ["--help"], ["server", "--help"])}
    finally:
        subprocess.run(["umount", str(rootfs / "proc")], check=True)
    for args, answer in answers.items():
        assert answer.returncode == 0, f"{args}: {answer.stderr}"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", answers["--version"].stdout.strip()), answers["--version"].stdout
    assert "USAGE: tributary server" in answers["server --help"].stdout


def unit():
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((ROOT / "conf" / "tributary.service").read_text())
    return parser


def test_systemd_unit_runs_the_broker_with_a_clean_stop():
    service = unit()["Service"]
    assert service["ExecStart"] == "/usr/local/bin/tributary server /etc/tributary/server.properties"
    assert service["User"] == "tributary"
    assert service["KillSignal"] == "SIGTERM"
    assert int(service["TimeoutStopSec"]) >= 60, "controlled shutdown needs time to move leadership"
    assert service["RestartPreventExitStatus"] == "2", "a bad config (exit 2) must not restart in a loop"
    assert service["StateDirectory"] == "tributary"
    assert unit()["Install"]["WantedBy"] == "multi-user.target"
    readme = (ROOT / "README.md").read_text()
    assert "conf/tributary.service" in readme and "systemctl enable --now tributary" in readme


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_accepts_the_unit(tmp_path):
    # verify checks that ExecStart exists: point it at the binary built here.
    text = (ROOT / "conf" / "tributary.service").read_text().replace("/usr/local/bin/tributary",
                                                                      str(tributary_binary()))
    path = tmp_path / "tributary.service"
    path.write_text(text)
    answer = subprocess.run(["systemd-analyze", "verify", str(path)], capture_output=True, text=True, timeout=60)
    problems = [line for line in answer.stderr.splitlines() if "tributary.service" in line]
    assert answer.returncode == 0 and problems == [], answer.stderr
