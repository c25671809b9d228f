"""Fault injection for the process-level suite: network partitions, a log directory that
fills up and one whose device fails, an idempotent acks=all load that keeps every
acknowledgement, and the checks every fault must pass afterwards.

Network. Each broker runs in its own network namespace (`nsenter --net`), joined to the
test's own bridge by a veth pair, on a /24 of 10.0.0.0/8 picked at random and unused. The
bridge holds two addresses in the root namespace: `.1`, the source of the test's own client
connections, and `.2`, where the test's ZooKeeper listens; broker N is `.10+N`. A partition
drops, silently, every IPv4 packet between a broker and a set of addresses, in both
directions: an htb qdisc on both ends of the broker's veth sends the matching packets (u32
filters on destination inside the namespace, on source outside it) to a class whose pfifo
holds zero packets. Only htb, u32 and pfifo are needed, no iptables.

Disks. `TmpfsDisk` is a small tmpfs that a ballast file fills up to a margin the producer
then uses up (ENOSPC). `Ext4Disk` is an ext4 file system on a loop device mounted with
errors=remount-ro; `fail("read-only")` raises a file-system error, so the kernel remounts it
read-only as it does when a device fails (a plain `mount -o remount,ro` is refused while the
broker holds segments open for writing), and `fail("io-error")` shuts it down so every call
returns EIO. Both need a restart of the broker to be healed, as in Kafka (KIP-112).

Everything created here carries the owner's pid in its name (namespaces, the bridge's alias,
mount points): finalizers remove it, and `sweep_leftovers` removes what a killed run left.
"""

from __future__ import annotations

import fcntl
import ipaddress
import json
import os
import random
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewPartitions, NewTopic
from kazoo.exceptions import NoNodeError

from harness import Cluster, GiveUp, WaitTimeout, ZooKeeperServer, wait_for

TAG = "tributary-faults"
QUIET = {"log_level": 3}

#: Cluster settings for fault runs: sessions expire after 6 s, a follower leaves the ISR after
#: 3 s without catching up, and leadership moves only when something fails.
FAULT_BROKER_CONFIG = {
    "default.replication.factor": 3,
    "offsets.topic.replication.factor": 3,
    "offsets.topic.num.partitions": 1,
    "replica.lag.time.max.ms": 3000,
    "replica.fetch.wait.max.ms": 100,
    "auto.leader.rebalance.enable": "false",
    "controlled.shutdown.retry.backoff.ms": 200,
}
SESSION_TIMEOUT_MS = 6000


def run(*command: str, check: bool = True, timeout: float = 30) -> subprocess.CompletedProcess:
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {result.returncode}: "
                           f"{result.stderr.strip() or result.stdout.strip()}")
    return result


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------------------------------
# What this machine allows


@lru_cache(maxsize=None)
def network_unavailable() -> Optional[str]:
    """Why network faults cannot run here, or None."""
    if os.geteuid() != 0:
        return "network faults need root (network namespaces, veth, tc)"
    for tool in ("ip", "tc", "nsenter"):
        if shutil.which(tool) is None:
            return f"network faults need `{tool}`"
    probe = f"{TAG}-{os.getpid()}-probe"
    created = run("ip", "netns", "add", probe, check=False)
    if created.returncode != 0:
        return f"`ip netns add` fails here: {created.stderr.strip()}"
    run("ip", "netns", "del", probe, check=False)
    return None


@lru_cache(maxsize=None)
def disks_unavailable(kind: str) -> Optional[str]:
    """Why a `kind` ("tmpfs" or "ext4") fault disk cannot be made here, or None."""
    if os.geteuid() != 0:
        return "disk faults need root (mount)"
    tools = ["mount", "umount"] + (["mkfs.ext4", "e2fsck", "losetup"] if kind == "ext4" else [])
    for tool in tools:
        if shutil.which(tool) is None:
            return f"{kind} fault disks need `{tool}`"
    if kind == "ext4" and not Path("/dev/loop-control").exists():
        return "ext4 fault disks need loop devices (/dev/loop-control is missing)"
    return None


_OWNED = re.compile(rf"^{TAG}-(\d+)-")


def sweep_leftovers() -> None:
    """Removes namespaces, bridges and mounts that fault runs whose process is gone left
    behind (a run killed before its finalizers)."""
    if os.geteuid() != 0:
        return
    with open("/proc/mounts") as mounts:
        points = [line.split()[1] for line in mounts]
    for point in reversed(points):
        match = _OWNED.match(Path(point.replace("\\040", " ")).name)
        if match and not _pid_alive(int(match.group(1))):
            run("umount", "-l", point, check=False)
    if shutil.which("ip") is None:
        return
    listed = run("ip", "netns", "list", check=False).stdout.split("\n")
    for line in listed:
        name = line.split(" ")[0]
        match = _OWNED.match(name)
        if match and not _pid_alive(int(match.group(1))):
            run("ip", "netns", "del", name, check=False)
    links = json.loads(run("ip", "-j", "link", "show", "type", "bridge", check=False).stdout or "[]")
    for link in links:
        match = re.match(rf"^{TAG} pid=(\d+)$", link.get("ifalias", ""))
        if match and not _pid_alive(int(match.group(1))):
            run("ip", "link", "del", link["ifname"], check=False)


# ---------------------------------------------------------------------------------------
# Network namespaces and partitions


@dataclass
class Host:
    """One broker's network namespace: its address and both ends of its veth pair."""
    namespace: str
    address: str
    veth: str  # the end on the bridge, in the root namespace
    inner: str = "eth0"

    @property
    def prefix(self) -> list[str]:
        """Runs a command in the namespace. Not `ip netns exec`: that also gives the command a
        mount namespace of its own, where a file system the test unmounts stays mounted."""
        return ["nsenter", f"--net=/run/netns/{self.namespace}", "--"]


class Network:
    """A bridge with one namespace per broker; see the module docstring."""

    def __init__(self):
        self.id = secrets.token_hex(3)
        self.bridge = f"tfb{self.id}"
        self.hosts: dict[int, Host] = {}
        self.isolated: set[int] = set()
        self.subnet: Optional[ipaddress.IPv4Network] = None

    @property
    def client_address(self) -> str:
        return str(self.subnet[1])

    @property
    def zookeeper_address(self) -> str:
        return str(self.subnet[2])

    def create(self) -> "Network":
        sweep_leftovers()
        # One run at a time picks a subnet, so two workers never take the same one.
        lock_path = Path(tempfile.gettempdir()) / f"{TAG}.lock"
        with open(lock_path, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.subnet = self._unused_subnet()
            try:
                run("ip", "link", "add", self.bridge, "type", "bridge")
                run("ip", "link", "set", "dev", self.bridge, "alias", f"{TAG} pid={os.getpid()}")
                run("ip", "addr", "add", f"{self.client_address}/24", "dev", self.bridge)
                run("ip", "addr", "add", f"{self.zookeeper_address}/32", "dev", self.bridge)
                run("ip", "link", "set", self.bridge, "up")
            except BaseException:
                self.close()
                raise
        return self

    @staticmethod
    def _unused_subnet() -> ipaddress.IPv4Network:
        taken = []
        for entry in json.loads(run("ip", "-j", "-4", "addr", "show").stdout or "[]"):
            for info in entry.get("addr_info", []):
                taken.append(ipaddress.ip_network(f"{info['local']}/{info['prefixlen']}", strict=False))
        for route in json.loads(run("ip", "-j", "-4", "route", "show").stdout or "[]"):
            if route.get("dst") not in (None, "default"):
                taken.append(ipaddress.ip_network(route["dst"], strict=False))
        for _ in range(200):
            candidate = ipaddress.ip_network(f"10.{random.randint(64, 254)}.{random.randint(0, 255)}.0/24")
            if not any(candidate.overlaps(other) for other in taken):
                return candidate
        raise RuntimeError("no unused /24 in 10.64.0.0/10 for the fault network")

    def host(self, broker_id: int) -> Host:
        """Broker `broker_id`'s namespace, created on first use."""
        if broker_id in self.hosts:
            return self.hosts[broker_id]
        assert 0 < broker_id < 200, broker_id
        host = Host(namespace=f"{TAG}-{os.getpid()}-{self.id}-{broker_id}",
                    address=str(self.subnet[10 + broker_id]), veth=f"tfv{self.id}{broker_id}")
        self.hosts[broker_id] = host
        run("ip", "netns", "add", host.namespace)
        run("ip", "link", "add", host.veth, "type", "veth", "peer", "name", host.inner, "netns", host.namespace)
        run("ip", "link", "set", host.veth, "master", self.bridge)
        run("ip", "link", "set", host.veth, "up")
        run("ip", "-n", host.namespace, "addr", "add", f"{host.address}/24", "dev", host.inner)
        run("ip", "-n", host.namespace, "link", "set", host.inner, "up")
        run("ip", "-n", host.namespace, "link", "set", "lo", "up")
        return host

    def _tc(self, namespace: Optional[str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return run("tc", *(["-n", namespace] if namespace else []), *args, check=check)

    def _ends(self, host: Host) -> list[tuple[Optional[str], str, str]]:
        """(namespace, device, field) for both ends of a host's veth: inside, packets leave
        the broker (match their destination); outside, they go to it (match their source)."""
        return [(host.namespace, host.inner, "dst"), (None, host.veth, "src")]

    def isolate(self, broker_id: int, addresses: Iterable[str]) -> None:
        """Drops every packet between broker `broker_id` and `addresses`, both ways."""
        host = self.hosts[broker_id]
        addresses = list(addresses)
        for namespace, device, match in self._ends(host):
            if broker_id not in self.isolated:
                self._tc(namespace, "qdisc", "add", "dev", device, "root", "handle", "1:", "htb", "default", "1")
                for minor in ("1", "2"):
                    self._tc(namespace, "class", "add", "dev", device, "parent", "1:", "classid", f"1:{minor}",
                             "htb", "rate", "10gbit", "quantum", "60000")
                self._tc(namespace, "qdisc", "add", "dev", device, "parent", "1:2", "handle", "2:", "pfifo",
                         "limit", "0")
            for address in addresses:
                self._tc(namespace, "filter", "add", "dev", device, "parent", "1:", "protocol", "ip", "prio", "1",
                         "u32", "match", "ip", match, f"{address}/32", "flowid", "1:2")
        self.isolated.add(broker_id)

    def restore(self, broker_id: int) -> None:
        """Removes every partition of broker `broker_id`."""
        host = self.hosts[broker_id]
        for namespace, device, _ in self._ends(host):
            self._tc(namespace, "qdisc", "del", "dev", device, "root", check=False)
        self.isolated.discard(broker_id)

    def dropped_packets(self, broker_id: int) -> int:
        """Packets the partition of broker `broker_id` has dropped so far (both ends)."""
        total = 0
        host = self.hosts[broker_id]
        for namespace, device, _ in self._ends(host):
            shown = self._tc(namespace, "-s", "qdisc", "show", "dev", device, check=False).stdout
            match = re.search(r"qdisc pfifo 2:.*?dropped (\d+)", shown, re.S)
            total += int(match.group(1)) if match else 0
        return total

    def close(self) -> None:
        for host in self.hosts.values():
            run("ip", "netns", "del", host.namespace, check=False)
            run("ip", "link", "del", host.veth, check=False)
        run("ip", "link", "del", self.bridge, check=False)
        self.hosts.clear()


class NetnsCluster(Cluster):
    """A `Cluster` whose broker N runs in namespace N of `network`, listening on its address."""

    def __init__(self, zookeeper: ZooKeeperServer, workdir: Path, network: Network, **options):
        self.network = network
        super().__init__(zookeeper, workdir, **options)

    def default_config(self, broker_id, port, data_dir):
        config = super().default_config(broker_id, port, data_dir)
        address = self.network.host(broker_id).address
        config["listeners"] = config["advertised.listeners"] = f"PLAINTEXT://{address}:{port}"
        # A fresh namespace on a busy host may take a while to carry its first connection.
        config["zookeeper.connection.timeout.ms"] = 30000
        return config

    def make_broker(self, broker_id, config=None, extra_args=(), name=None):
        host = self.network.host(broker_id)
        self._wait_reaches_zookeeper(host)
        broker = super().make_broker(broker_id, config, extra_args, name)
        broker.host, broker.command_prefix = host.address, host.prefix
        return broker

    def wait_serving(self, broker_id: int, timeout: float = 60) -> dict:
        """As `Cluster.wait_serving`, but a broker whose very first ZooKeeper connection failed is launched
        once more: right after the previous test's namespaces are torn down, a new namespace's broker
        sometimes never gets ZooKeeper's answer although a probe from the same namespace does."""
        try:
            return super().wait_serving(broker_id, timeout)
        except GiveUp as error:
            broker = self.brokers[broker_id]
            if broker.starts != 1 or "could not connect to ZooKeeper" not in str(error):
                raise
            broker.launch()
            return super().wait_serving(broker_id, timeout)

    def _wait_reaches_zookeeper(self, host: Host, timeout: float = 20) -> None:
        """A new veth can take a moment to carry packets on a busy machine: the broker must not spend its
        `zookeeper.connection.timeout.ms` waiting for that."""
        address, port = self.zookeeper.host, self.zookeeper.port
        probe = [*host.prefix, sys.executable, "-c",
                 f"import socket; socket.create_connection(({address!r}, {port}), timeout=1).close()"]
        wait_for(lambda: subprocess.run(probe, capture_output=True, timeout=5).returncode == 0, timeout,
                 f"namespace {host.namespace} to reach ZooKeeper at {address}:{port}", interval=0.1)


# ---------------------------------------------------------------------------------------
# Fault disks


def mount_point(parent: Path, label: str) -> Path:
    """A directory to mount on, named so `sweep_leftovers` knows whose it is."""
    sweep_leftovers()
    point = parent / f"{TAG}-{os.getpid()}-{label}"
    point.mkdir(parents=True, exist_ok=True)
    return point


def _mounted(point: Path) -> Optional[list[str]]:
    """The mount options of `point`, None when nothing is mounted there."""
    with open("/proc/mounts") as mounts:
        found = None
        for line in mounts:
            fields = line.split()
            if fields[1] == str(point):
                found = fields[3].split(",")
    return found


class TmpfsDisk:
    """A tmpfs of `size_mib` whose log directory is `log_dir`; `fill` leaves only a margin."""

    def __init__(self, parent: Path, label: str, size_mib: int = 32):
        self.point = mount_point(parent, label)
        self.size_mib = size_mib
        self.log_dir = self.point / "logs"
        self.ballast = self.point / "ballast"

    def mount(self) -> "TmpfsDisk":
        run("mount", "-t", "tmpfs", "-o", f"size={self.size_mib}m,mode=0755", f"{TAG}-{os.getpid()}",
            str(self.point))
        self.log_dir.mkdir()
        return self

    def free_bytes(self) -> int:
        stat = os.statvfs(self.point)
        return stat.f_bavail * stat.f_frsize

    def fill(self, leave_bytes: int = 256 * 1024) -> None:
        """Takes all but `leave_bytes` of the free space, so the broker's next writes fill it."""
        size = self.free_bytes() - leave_bytes
        with open(self.ballast, "ab") as ballast:
            if size > 0:
                os.posix_fallocate(ballast.fileno(), ballast.seek(0, os.SEEK_END), size)

    def free(self) -> None:
        self.ballast.unlink(missing_ok=True)

    def close(self) -> None:
        if _mounted(self.point) is not None:
            run("umount", "-l", str(self.point), check=False)


class Ext4Disk:
    """An ext4 file system of `size_mib` on a loop device (image in `parent`), mounted with
    errors=remount-ro; its log directory is `log_dir`."""

    SHUTDOWN = 0x8004587D  # EXT4_IOC_SHUTDOWN = _IOR('X', 125, __u32)
    NOLOGFLUSH = 2

    def __init__(self, parent: Path, label: str, size_mib: int = 64):
        self.point = mount_point(parent, label)
        self.image = parent / f"{label}.img"
        self.size_mib = size_mib
        self.log_dir = self.point / "logs"
        self.failure: Optional[str] = None

    def mount(self) -> "Ext4Disk":
        if not self.image.exists():
            with open(self.image, "wb") as image:
                image.truncate(self.size_mib * 1024 * 1024)
            run("mkfs.ext4", "-q", "-F", "-m", "0", str(self.image))
        run("mount", "-o", "loop,errors=remount-ro", str(self.image), str(self.point))
        self.log_dir.mkdir(exist_ok=True)
        os.sync()  # the directory must survive a failure that comes before the journal's commit
        return self

    def device(self) -> str:
        with open("/proc/mounts") as mounts:
            for line in mounts:
                fields = line.split()
                if fields[1] == str(self.point):
                    return Path(fields[0]).name
        raise RuntimeError(f"nothing mounted on {self.point}")

    def fail(self, mode: str = "read-only") -> None:
        """read-only: an ext4 error makes the kernel remount it read-only (EROFS from then on);
        io-error: the file system shuts down (EIO from then on)."""
        if mode == "read-only":
            trigger = Path("/sys/fs/ext4") / self.device() / "trigger_fs_error"
            trigger.write_text("tributary fault suite: simulated device failure\n")
        elif mode == "io-error":
            descriptor = os.open(self.point, os.O_RDONLY)
            try:
                fcntl.ioctl(descriptor, self.SHUTDOWN, struct.pack("I", self.NOLOGFLUSH))
            finally:
                os.close(descriptor)
        else:
            raise ValueError(mode)
        self.failure = mode

    def failed(self) -> bool:
        options = _mounted(self.point) or []
        return bool({"ro", "shutdown", "emergency_ro"} & set(options))

    def repair(self) -> None:
        """Unmounts (the broker must be stopped), checks and mounts again, read-write."""
        run("umount", str(self.point))
        # A loop device still attached means the failed file system is still mounted somewhere:
        # mounting the image again would hand back that same failed file system.
        attached = run("losetup", "-j", str(self.image)).stdout.strip()
        if attached:
            raise RuntimeError(f"{self.image} is still attached after unmounting: {attached}")
        checked = run("e2fsck", "-fy", str(self.image), check=False, timeout=120)
        if checked.returncode not in (0, 1, 2):
            raise RuntimeError(f"e2fsck exited with {checked.returncode}: {checked.stdout}{checked.stderr}")
        self.mount()
        if self.failed():
            raise RuntimeError(f"{self.point} is still failed after a repair: {_mounted(self.point)}")
        self.failure = None

    def close(self) -> None:
        if _mounted(self.point) is not None:
            run("umount", "-l", str(self.point), check=False)


# ---------------------------------------------------------------------------------------
# Load: an idempotent acks=all producer that keeps every acknowledgement


class AckedLoad:
    """A thread producing numbered records round-robin over `partitions` with an idempotent
    acks=all producer. Each value starts with its 12-digit sequence number; delivery reports
    are kept as (partition, offset, sequence) for acknowledged records and (sequence, error)
    for failed ones."""

    def __init__(self, bootstrap: str, topic: str, partitions: int, rate: float = 300, value_bytes: int = 100,
                 message_timeout_ms: int = 180000):
        self.topic, self.partitions, self.interval = topic, partitions, 1 / rate
        self.value_bytes = max(value_bytes, 13)
        self.producer = Producer({
            "bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 5,
            "message.timeout.ms": message_timeout_ms,
            # A produce request stuck on a broker that lost its leadership unnoticed ends sooner
            # than the default 30 s, and metadata is refreshed more often, so the producer finds
            # new leaders while a fault lasts.
            "request.timeout.ms": 10000, "topic.metadata.refresh.interval.ms": 3000, **QUIET})
        self.acked: list[tuple[int, int, int]] = []
        self.failed: list[tuple[int, KafkaError]] = []
        self.per_partition = [0] * partitions
        self.sent = 0
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"load-{topic}")

    def value(self, sequence: int) -> bytes:
        return f"{sequence:012d}-".encode().ljust(self.value_bytes, b"x")

    def _delivered(self, error, message) -> None:
        sequence = int(message.value()[:12])
        with self.lock:
            if error is None:
                self.acked.append((message.partition(), message.offset(), sequence))
                self.per_partition[message.partition()] += 1
            else:
                self.failed.append((sequence, error))

    def _run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.producer.produce(self.topic, value=self.value(self.sent), partition=self.sent % self.partitions,
                                      on_delivery=self._delivered)
                self.sent += 1
            except BufferError:
                pass
            self.producer.poll(self.interval)

    def start(self) -> "AckedLoad":
        self.thread.start()
        return self

    def acked_count(self) -> int:
        with self.lock:
            return len(self.acked)

    def partition_counts(self) -> list[int]:
        with self.lock:
            return list(self.per_partition)

    def wait_progress(self, more: int, timeout: float, what: str, partitions: Optional[Iterable[int]] = None) -> None:
        """Waits until each of `partitions` (default: every partition) has `more` further
        acknowledgements."""
        partitions = sorted(range(self.partitions) if partitions is None else partitions)
        start = self.partition_counts()
        targets = {p: start[p] + more for p in partitions}

        def progressed():
            counts = self.partition_counts()
            return all(counts[p] >= target for p, target in targets.items())
        try:
            wait_for(progressed, timeout, f"{more} more acknowledgements on partitions {partitions} {what}",
                     interval=0.1)
        except WaitTimeout as error:
            now = self.partition_counts()
            raise WaitTimeout(f"{error}; acknowledged per partition then {start}, now {now}; "
                              f"failures so far {len(self.failed)}") from None

    def finish(self, timeout: float = 120) -> None:
        """Stops producing and waits until every record is acknowledged or has failed."""
        self.stop_event.set()
        self.thread.join(10)
        remaining = self.producer.flush(timeout)
        assert remaining == 0, f"{remaining} records neither acknowledged nor failed after {timeout}s"

    def close(self) -> None:
        """Stops producing and drops what is unsent (after a failure: no producer outlives its test)."""
        self.stop_event.set()
        if self.thread.is_alive():
            self.thread.join(10)
        self.producer.purge()
        self.producer.flush(5)


# ---------------------------------------------------------------------------------------
# Checks


def unique_topic(prefix: str = "f") -> str:
    return f"{prefix}-{secrets.token_hex(5)}"


def high_watermarks(consumer: Consumer, topic: str, partitions: int, at_least: Optional[dict[int, int]] = None,
                    timeout: float = 10) -> tuple[dict[int, int], list[str]]:
    """Each partition's high watermark, asked of its leader; waits (up to `timeout`) for those
    below `at_least`. Returns them with a note for each that had to be waited for or never got
    there (a new leader's high watermark can lag the old one's for a while)."""
    at_least = at_least or {}
    first: dict[int, int] = {}
    ends: dict[int, int] = {}
    deadline = time.monotonic() + timeout
    while True:
        for p in range(partitions):
            if p not in ends or ends[p] < at_least.get(p, 0):
                ends[p] = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)[1]
                first.setdefault(p, ends[p])
        behind = [p for p in range(partitions) if ends[p] < at_least.get(p, 0)]
        if not behind or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    notes = [f"{topic}-{p}: high watermark {first[p]} below the acknowledged end {at_least[p]}, "
             + (f"still {ends[p]} after {timeout:.0f}s" if p in behind else f"then {ends[p]}")
             for p in range(partitions) if first[p] < at_least.get(p, 0)]
    return ends, notes


def read_partitions(bootstrap: str, topic: str, partitions: int, at_least: Optional[dict[int, int]] = None,
                    timeout: float = 60, notes: Optional[list[str]] = None) -> dict[int, list[tuple]]:
    """Every partition read from its start to its high watermark: partition -> [(offset, value)].
    `at_least`: partition -> an end offset to wait for first (see `high_watermarks`), whose notes
    are appended to `notes`."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": unique_topic("verify"),
                         "enable.auto.commit": False, "auto.offset.reset": "earliest",
                         "enable.partition.eof": True, **QUIET})
    try:
        ends, waited = high_watermarks(consumer, topic, partitions, at_least)
        if notes is not None:
            notes.extend(waited)
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        records: dict[int, list[tuple]] = {p: [] for p in range(partitions)}
        done = {p for p, end in ends.items() if end == 0}
        deadline = time.monotonic() + timeout
        while len(done) < partitions:
            if time.monotonic() > deadline:
                raise WaitTimeout(f"read {sum(map(len, records.values()))} records of {topic} in {timeout}s; "
                                  f"high watermarks {ends}")
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    if message.offset() >= ends[message.partition()]:
                        done.add(message.partition())
                    continue
                raise KafkaException(message.error())
            records[message.partition()].append((message.offset(), message.value()))
            if message.offset() + 1 >= ends[message.partition()]:
                done.add(message.partition())
        return records
    finally:
        consumer.close()


@dataclass
class RecordCheck:
    """What reading a load's topic back found."""
    acked: int
    failed: int
    read: int
    lost: int
    duplicates: int
    reordered: int
    #: Acknowledged without an offset: librdkafka's idempotent producer reports a batch whose request
    #: failed as delivered, offset unknown, once the broker accepted the batches after it.
    without_offset: int = 0
    examples: dict = field(default_factory=dict)
    #: High watermarks found below acknowledged offsets before the read (see `high_watermarks`).
    notes: list = field(default_factory=list)

    def summary(self) -> str:
        return (f"acknowledged {self.acked} ({self.without_offset} without offset), failed {self.failed}, "
                f"read {self.read}, lost {self.lost}, duplicates {self.duplicates}, reordered {self.reordered}"
                + "".join(f"; {note}" for note in self.notes))


def check_records(bootstrap: str, load: AckedLoad) -> RecordCheck:
    """Reads every partition of the load's topic from the start and compares it with the
    delivery reports: an acknowledged record missing at its acknowledged offset (in its
    partition, when acknowledged without one) is lost, a sequence number read twice is a
    duplicate, a partition whose sequence numbers go down is reordered."""
    acknowledged_ends: dict[int, int] = {}
    for partition, offset, _ in load.acked:
        if offset is not None:
            acknowledged_ends[partition] = max(acknowledged_ends.get(partition, 0), offset + 1)
    notes: list[str] = []
    records = read_partitions(bootstrap, load.topic, load.partitions, at_least=acknowledged_ends, notes=notes)
    where: dict[int, tuple[int, int]] = {}
    duplicates, reordered, examples = 0, 0, {"lost": [], "duplicates": [], "reordered": []}
    for partition, read in records.items():
        previous = -1
        for offset, value in read:
            sequence = int(value[:12])
            if sequence in where:
                duplicates += 1
                examples["duplicates"].append((sequence, where[sequence], (partition, offset)))
            where[sequence] = (partition, offset)
            if sequence < previous:
                reordered += 1
                examples["reordered"].append((partition, offset, previous, sequence))
            previous = max(previous, sequence)
    lost = [(p, o, s) for p, o, s in load.acked
            if (where.get(s) != (p, o) if o is not None else where.get(s, (None,))[0] != p)]
    examples["lost"] = lost[:10]
    examples["duplicates"] = examples["duplicates"][:10]
    examples["reordered"] = examples["reordered"][:10]
    return RecordCheck(acked=len(load.acked), failed=len(load.failed), read=sum(map(len, records.values())),
                       lost=len(lost), duplicates=duplicates, reordered=reordered,
                       without_offset=sum(1 for _, o, _ in load.acked if o is None), examples=examples,
                       notes=notes)


def _fields(line: str) -> dict[str, str]:
    return dict(re.findall(r"(\w[\w.]*)=(\S+)", line))


def leader_claims(cluster: Cluster) -> dict[tuple[str, int], set[int]]:
    """(partition, leader epoch) -> brokers that logged "became leader" for it, over every
    start of every broker (ReplicaManager logs `epoch=E partition=T-P ... became leader`)."""
    claims: dict[tuple[str, int], set[int]] = {}
    for broker_id, broker in cluster.brokers.items():
        for line in broker.stderr().splitlines():
            if "became leader" not in line:
                continue
            fields = _fields(line)
            if "partition" in fields and "epoch" in fields:
                claims.setdefault((fields["partition"], int(fields["epoch"])), set()).add(broker_id)
    return claims


def epoch_conflicts(cluster: Cluster) -> dict[tuple[str, int], set[int]]:
    """Leader epochs of a partition claimed by more than one broker."""
    return {key: brokers for key, brokers in leader_claims(cluster).items() if len(brokers) > 1}


def current_run(broker) -> list[str]:
    """The broker's log lines since its last start (the harness marks each start)."""
    lines = broker.stderr().splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("===== start #")]
    return lines[starts[-1] + 1:] if starts else lines


def acting_controllers(cluster: Cluster) -> list[int]:
    """Running brokers whose log says they are the controller: since their last start, an
    "elected controller" that no "no longer controller" followed."""
    acting = []
    for broker_id, broker in cluster.brokers.items():
        if not broker.is_running():
            continue
        state = False
        for line in current_run(broker):
            if "no longer controller" in line:
                state = False
            elif "elected controller" in line:
                state = True
        if state:
            acting.append(broker_id)
    return sorted(acting)


def registration_epoch(cluster: Cluster, broker_id: int) -> Optional[int]:
    """The czxid of the broker's registration (its broker epoch), None when unregistered."""
    try:
        return cluster.zk.get(f"/brokers/ids/{broker_id}")[1].czxid
    except NoNodeError:
        return None


def partition_states(cluster: Cluster, topic: str) -> dict[int, dict]:
    """partition -> {"replicas", "leader", "isr", "leader_epoch"} of every partition of `topic`."""
    assignment = cluster.read_json(f"/brokers/topics/{topic}") or {"partitions": {}}
    pending = {int(p): (replicas, cluster.zk.get_async(f"/brokers/topics/{topic}/partitions/{p}/state"))
               for p, replicas in assignment["partitions"].items()}
    states = {}
    for partition, (replicas, result) in sorted(pending.items()):
        try:
            data, _ = result.get(timeout=10)
        except NoNodeError:
            states[partition] = {"replicas": replicas, "leader": -1, "isr": [], "leader_epoch": -1}
            continue
        state = json.loads(data.decode())
        states[partition] = {"replicas": replicas, "leader": state["leader"], "isr": state["isr"],
                             "leader_epoch": state["leader_epoch"]}
    return states


def heal_problems(cluster: Cluster) -> list[str]:
    """Why the cluster is not healed, empty when it is: every broker running and registered,
    one controller that alone acts as one, every partition of every topic with a leader and
    its full replica set in sync."""
    problems = []
    expected = sorted(cluster.brokers)
    stopped = [b for b in expected if not cluster.brokers[b].is_running()]
    if stopped:
        problems.append(f"brokers {stopped} not running")
    registered = cluster.registered_ids()
    if registered != expected:
        problems.append(f"registered {registered}, expected {expected}")
    controller = cluster.controller()
    acting = acting_controllers(cluster)
    if controller is None or controller not in registered or acting != [controller]:
        problems.append(f"/controller names {controller}, brokers acting as controller {acting}")
    try:
        topics = cluster.zk.get_children("/brokers/topics")
    except NoNodeError:
        topics = []
    for topic in sorted(topics):
        for partition, state in partition_states(cluster, topic).items():
            if sorted(state["isr"]) != sorted(state["replicas"]) or state["leader"] not in state["isr"]:
                problems.append(f"{topic}-{partition}: leader {state['leader']}, isr {state['isr']}, "
                                f"replicas {state['replicas']}")
    return problems


def wait_healed(cluster: Cluster, timeout: float) -> float:
    """Waits until `heal_problems` finds none; returns the seconds it took."""
    start = time.monotonic()
    last: list[str] = []

    def healed():
        nonlocal last
        last = heal_problems(cluster)
        return not last
    try:
        wait_for(healed, timeout, "the cluster to heal", interval=0.25)
    except WaitTimeout:
        raise WaitTimeout(f"the cluster did not heal within {timeout:.0f}s: {last}") from None
    return time.monotonic() - start


def log_dir_event_count(cluster: Cluster) -> int:
    """How many children /log_dir_event_notification ever had (its child version): the
    controller deletes a notification once handled, so the count is what tells."""
    stat = cluster.zk.exists("/log_dir_event_notification")
    return stat.cversion if stat is not None else 0


# ---------------------------------------------------------------------------------------
# Cluster set-up helpers


def admin(cluster: Cluster) -> AdminClient:
    return AdminClient({"bootstrap.servers": cluster.bootstrap, **QUIET})


def wait_metadata_ready(cluster, timeout: float = 30) -> None:
    cluster.wait_metadata_ready(timeout)


def wait_partitions_ready(cluster: Cluster, topic: str, count: int, timeout: float = 60) -> None:
    """Every partition has a full ISR in ZooKeeper and clients see its leader."""
    def in_sync():
        states = partition_states(cluster, topic)
        return len(states) == count and all(
            sorted(s["isr"]) == sorted(s["replicas"]) and s["leader"] >= 0 for s in states.values())
    wait_for(in_sync, timeout, f"{topic}: {count} partitions with full ISRs", interval=0.1)
    client = admin(cluster)

    def clients_see_leaders():
        metadata = client.list_topics(topic, timeout=5).topics.get(topic)
        return (metadata is not None and metadata.error is None and len(metadata.partitions) == count
                and all(p.leader >= 0 for p in metadata.partitions.values()))
    wait_for(clients_see_leaders, timeout, f"clients to see leaders of {topic}")


def create_topic(cluster: Cluster, topic: str, partitions: int, config: Optional[dict] = None,
                 timeout: float = 60) -> None:
    """A topic with replication factor 3, waited for until every partition is in sync."""
    wait_metadata_ready(cluster)
    new = NewTopic(topic, num_partitions=partitions, replication_factor=3, config=config or {})
    client = admin(cluster)  # kept until the result is in: a collected client cancels its requests
    client.create_topics([new], operation_timeout=30)[topic].result(timeout)
    wait_partitions_ready(cluster, topic, partitions, timeout)


def create_topic_stepwise(cluster: Cluster, topic: str, assignment: list[list[int]], config: Optional[dict] = None,
                          timeout: float = 60) -> None:
    """A topic whose partitions are added one at a time, each waited for, so every broker
    places them in its log directories in partition order (a new log goes to the directory
    holding the fewest)."""
    wait_metadata_ready(cluster)
    client = admin(cluster)
    first = NewTopic(topic, num_partitions=1, replica_assignment=[assignment[0]], config=config or {})
    client.create_topics([first], operation_timeout=30)[topic].result(timeout)
    wait_partitions_ready(cluster, topic, 1, timeout)
    for count in range(2, len(assignment) + 1):
        more = NewPartitions(topic, count, replica_assignment=[assignment[count - 1]])
        client.create_partitions([more], operation_timeout=30)[topic].result(timeout)
        wait_partitions_ready(cluster, topic, count, timeout)


def log_dirs(broker) -> list[Path]:
    return [Path(d.strip()) for d in str(broker.config["log.dirs"]).split(",") if d.strip()]


def placement(broker, topic: str) -> dict[int, Path]:
    """partition -> the log directory of `broker` holding its replica of `topic`."""
    found = {}
    for directory in log_dirs(broker):
        for entry in directory.glob(f"{topic}-*"):
            suffix = entry.name[len(topic) + 1:]
            if suffix.isdigit():
                found[int(suffix)] = directory
    return found


def restart_broker(cluster: Cluster, broker_id: int, between=None, stop_timeout: float = 20,
                   timeout: float = 60) -> str:
    """Stops the broker (SIGTERM, then SIGKILL if it has not exited in `stop_timeout`), runs
    `between()` while it is down, and starts it again; returns how it stopped."""
    broker = cluster.brokers[broker_id]
    how = "not running"
    if broker.is_running():
        broker.process.send_signal(signal.SIGTERM)
        try:
            broker.process.wait(timeout=stop_timeout)
            how = f"exited with {broker.process.returncode} on SIGTERM"
        except subprocess.TimeoutExpired:
            broker.process.kill()
            broker.process.wait(timeout=30)
            how = f"SIGKILLed after {stop_timeout:.0f}s (SIGTERM did not stop it)"
    if between is not None:
        between()
    broker.launch()
    cluster.wait_serving(broker_id, timeout)
    return how


# ---------------------------------------------------------------------------------------
# Faults: inject, then heal


class Fault:
    kind = "fault"

    def __init__(self, cluster: Cluster, target: int):
        self.cluster, self.target = cluster, target
        self.healed = False
        self.note = ""

    def inject(self) -> None:
        raise NotImplementedError

    def heal(self) -> None:
        raise NotImplementedError

    def __str__(self) -> str:
        return f"{self.kind} of broker {self.target}"


class BrokerPartition(Fault):
    """The target cannot exchange a packet with the other brokers; it still reaches
    ZooKeeper and clients."""
    kind = "broker-partition"

    def __init__(self, cluster: NetnsCluster, target: int):
        super().__init__(cluster, target)
        self.network = cluster.network

    def inject(self) -> None:
        others = [self.network.host(b).address for b in self.cluster.brokers if b != self.target]
        self.network.isolate(self.target, others)

    def heal(self) -> None:
        self.network.restore(self.target)
        self.healed = True


class ZooKeeperPartition(BrokerPartition):
    """The target cannot reach ZooKeeper; it still reaches the other brokers and clients."""
    kind = "zookeeper-partition"

    def inject(self) -> None:
        self.network.isolate(self.target, [self.network.zookeeper_address])


class DiskFull(Fault):
    """The target's tmpfs log directory fills up; healed by freeing it and restarting the broker."""
    kind = "disk-full"

    def __init__(self, cluster: Cluster, target: int, disk: TmpfsDisk, leave_bytes: int = 256 * 1024):
        super().__init__(cluster, target)
        self.disk, self.leave_bytes = disk, leave_bytes

    def inject(self) -> None:
        self.disk.fill(self.leave_bytes)

    def heal(self) -> None:
        self.note = restart_broker(self.cluster, self.target, between=self.disk.free)
        self.healed = True


class DiskFailure(Fault):
    """The device under the target's ext4 log directory fails (`mode`: read-only or io-error);
    healed by stopping the broker, checking and mounting the file system again, and starting it."""
    kind = "disk-failure"

    def __init__(self, cluster: Cluster, target: int, disk: Ext4Disk, mode: str = "read-only"):
        super().__init__(cluster, target)
        self.disk, self.mode = disk, mode

    def inject(self) -> None:
        self.disk.fail(self.mode)

    def heal(self) -> None:
        self.note = restart_broker(self.cluster, self.target, between=self.disk.repair)
        self.healed = True

    def __str__(self) -> str:
        return f"{self.kind} ({self.mode}) of broker {self.target}"
