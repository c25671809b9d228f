"""Process-level integration harness for Tributary.

Everything here runs real processes: one Apache ZooKeeper server (a plain Java process
started from the jars of the Debian `zookeeper` package) per test session, and
`tributary server` brokers per test. Every test gets its own ZooKeeper chroot, its own
free loopback ports and its own temporary directories, so tests are independent and can
run in parallel (pytest-xdist gives each worker its own ZooKeeper).

How to run, from the repository root:

    swift build -c release --product tributary
    TRIBUTARY_BIN=.build/release/tributary python3 -m pytest Tests/integration -x
    python3 -m pytest Tests/integration -n 2            # in parallel (pytest-xdist)
    python3 Tests/integration/measure_failover.py --runs 5   # failover timing, not a test

Environment:
    TRIBUTARY_BIN        the broker binary (default: <repo>/.build/release/tributary)
    ZOOKEEPER_CLASSPATH  classpath of the ZooKeeper server (default: the Debian package jars)
    JAVA                 the java executable (default: `java` on PATH)

On a failing test the tail of every broker's stdout/stderr is attached to the report.

Contract with the broker (what this harness relies on):
    tributary server FILE.properties [--override key=value ...]   Kafka-style properties
    registration in ZooKeeper at /brokers/ids/<id> once it serves, SIGTERM = clean shutdown,
    logs on stderr.
"""

from __future__ import annotations

import ctypes
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional

from kazoo.client import KazooClient
from kazoo.exceptions import NoNodeError

REPO_ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------------------
# Small utilities


class WaitTimeout(AssertionError):
    """A condition polled by `wait_for` did not hold before its deadline."""


class GiveUp(AssertionError):
    """Raised by a polled condition when waiting longer cannot help (the process died)."""


def wait_for(condition: Callable[[], Any], timeout: float, description: str,
             interval: float = 0.05) -> Any:
    """Polls `condition` until it returns a truthy value, which is returned.

    Exceptions raised by the condition count as "not yet" (a znode that does not exist
    yet, a connection refused); the last one is quoted if the deadline passes. `GiveUp`
    ends the wait at once.
    """
    deadline = time.monotonic() + timeout
    last_error: Optional[BaseException] = None
    last_value: Any = None
    while True:
        try:
            last_value = condition()
            if last_value:
                return last_value
            last_error = None
        except GiveUp:
            raise
        except Exception as error:  # noqa: BLE001 - "not yet" by design
            last_error = error
        if time.monotonic() >= deadline:
            detail = f"; last error: {last_error!r}" if last_error else f"; last value: {last_value!r}"
            raise WaitTimeout(f"timed out after {timeout:.1f}s waiting for {description}{detail}")
        time.sleep(interval)


_handed_out_ports: set[int] = set()
_port_lock = threading.Lock()


def free_port() -> int:
    """A loopback TCP port that is free now and was not handed out before in this process."""
    with _port_lock:
        for _ in range(100):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            if port not in _handed_out_ports:
                _handed_out_ports.add(port)
                return port
    raise RuntimeError("could not find a free loopback port")


def port_accepts(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _die_with_parent() -> None:
    """preexec_fn: the child gets SIGKILL when the test process dies, so no orphans survive
    an interrupted run (PR_SET_PDEATHSIG = 1), and takes SIGINT and SIGQUIT as from a terminal
    even when the test runs where they are ignored (a background job of a non-interactive shell)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass


def tail(path: Path, lines: int = 200) -> str:
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no file)"
    return "\n".join(text.splitlines()[-lines:])


def tributary_binary() -> Path:
    """The broker binary named by TRIBUTARY_BIN, or the release build in the repository."""
    configured = os.environ.get("TRIBUTARY_BIN")
    binary = Path(configured) if configured else REPO_ROOT / ".build" / "release" / "tributary"
    if not binary.is_absolute():
        binary = (Path.cwd() / binary).resolve()
    if not os.access(binary, os.X_OK):
        raise FileNotFoundError(
            f"tributary binary not found or not executable at {binary}; "
            "build it with `swift build -c release --product tributary` or set TRIBUTARY_BIN")
    return binary


def run_tributary(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Runs a short-lived `tributary` subcommand and returns its completed process (text)."""
    return subprocess.run([str(tributary_binary()), *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_die_with_parent)


class LineReader:
    """Reads a child's text stream on a thread so tests can wait for lines with a deadline."""

    def __init__(self, stream):
        self.lines: list[str] = []
        self._queue: "queue.Queue[Optional[str]]" = queue.Queue()
        self._thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self._thread.start()

    def _pump(self, stream) -> None:
        for line in iter(stream.readline, ""):
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_line(self, pattern: str, timeout: float) -> str:
        """Like `expect`, but a line read earlier also counts, so events whose order is
        not specified can be awaited in any order."""
        regex = re.compile(pattern)
        for line in self.lines:
            if regex.search(line):
                return line
        return self.expect(pattern, timeout)

    def expect(self, pattern: str, timeout: float) -> str:
        """Returns the next line matching the regular expression `pattern`; lines read on
        the way are kept in `lines`. Fails if the stream ends or the deadline passes."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise WaitTimeout(f"no line matching {pattern!r} within {timeout:.1f}s; "
                                  f"lines so far: {self.lines!r}")
            try:
                line = self._queue.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)  # stay at end of stream for later calls
                raise AssertionError(f"stream ended before a line matching {pattern!r}; "
                                     f"lines: {self.lines!r}")
            self.lines.append(line)
            if regex.search(line):
                return line


# ---------------------------------------------------------------------------------------
# ZooKeeper


def zookeeper_classpath() -> str:
    configured = os.environ.get("ZOOKEEPER_CLASSPATH")
    if configured:
        return configured
    java_dir = Path("/usr/share/java")
    # zookeeper.jar's manifest names its other dependencies; slf4j-simple makes it log to stderr.
    jars = [java_dir / name for name in
            ("zookeeper.jar", "zookeeper-jute.jar", "slf4j-api.jar", "slf4j-simple.jar")]
    missing = [str(jar) for jar in jars[:2] if not jar.exists()]
    if missing:
        raise FileNotFoundError(f"ZooKeeper jars not found ({missing}); install the Debian "
                                "package `zookeeper` or set ZOOKEEPER_CLASSPATH")
    jars += sorted(Path("/usr/share/zookeeper").glob("*.jar"))
    return ":".join(str(jar) for jar in jars if jar.exists())


def four_letter(port: int, command: str, timeout: float = 2, host: str = "127.0.0.1") -> str:
    """Sends a ZooKeeper four-letter-word command to the server on `host`:`port` and returns its reply."""
    with socket.create_connection((host, port), timeout=timeout) as conn:
        conn.sendall(command.encode())
        chunks = []
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


class ZooKeeperServer:
    """A standalone ZooKeeper server on a free port of `host` (loopback unless told) with its own
    data directory."""

    def __init__(self, workdir: Path, tick_ms: int = 500, host: str = "127.0.0.1"):
        self.workdir = workdir
        self.host = host
        self.port = free_port()
        self.tick_ms = tick_ms
        self.process: Optional[subprocess.Popen] = None
        self.log_path = workdir / "zookeeper.log"

    @property
    def host_port(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self, timeout: float = 60) -> "ZooKeeperServer":
        data_dir = self.workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "zoo.cfg"
        config.write_text("\n".join([
            f"tickTime={self.tick_ms}",
            f"dataDir={data_dir}",
            f"clientPort={self.port}",
            f"clientPortAddress={self.host}",
            # Session timeouts the brokers ask for (a few seconds) must not be clamped.
            f"minSessionTimeout={2 * self.tick_ms}",
            "maxSessionTimeout=120000",
            "maxClientCnxns=0",
            "admin.enableServer=false",
            "4lw.commands.whitelist=*",
            "",
        ]))
        java = os.environ.get("JAVA") or shutil.which("java") or "java"
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                 "-cp", zookeeper_classpath(),
                 "org.apache.zookeeper.server.ZooKeeperServerMain", str(config)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent)

        def ready() -> bool:
            if self.process.poll() is not None:
                raise GiveUp(f"ZooKeeper exited with {self.process.returncode}:\n"
                                   f"{tail(self.log_path, 40)}")
            return self.four_letter("ruok") == "imok"

        try:
            wait_for(ready, timeout, f"ZooKeeper on port {self.port} to answer ruok", interval=0.1)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def four_letter(self, command: str, timeout: float = 2) -> str:
        """Sends a four-letter-word command (ruok, wchp, cons, ...) and returns the reply."""
        return four_letter(self.port, command, timeout, self.host)

    def client(self, chroot: str = "", session_timeout: float = 10.0) -> KazooClient:
        """A started kazoo client, optionally rooted at `chroot`. The caller stops it."""
        zk = KazooClient(hosts=self.host_port + chroot, timeout=session_timeout)
        with warnings.catch_warnings():
            # A cluster's chroot is created by its brokers, after this client exists.
            warnings.filterwarnings("ignore", message="No chroot path exists")
            zk.start(timeout=15)
        return zk

    def sessions_watching(self, path: str) -> set[str]:
        """Session ids ("0x...") holding a data/exists watch on `path` (absolute, chroot
        included), from the `wchp` four-letter command. ZooKeeper lists only data watches
        there, not child watches."""
        sessions: set[str] = set()
        current: Optional[str] = None
        for line in self.four_letter("wchp").splitlines():
            if line.startswith("/"):
                current = line.strip()
            elif line.strip().startswith("0x") and current == path:
                sessions.add(line.strip())
        return sessions


# ---------------------------------------------------------------------------------------
# Brokers and clusters


@contextmanager
def measurement_zookeeper(prefix: str, keep: bool) -> Iterator[tuple[Path, "ZooKeeperServer"]]:
    """A work directory and a ZooKeeper server for a measurement script (not a test); both go away afterwards
    unless `keep`, in which case the directory (with every broker's log) is named."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    zookeeper = ZooKeeperServer(workdir / "zookeeper").start()
    try:
        yield workdir, zookeeper
    finally:
        zookeeper.stop()
        if keep:
            print(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def properties_text(config: dict[str, Any]) -> str:
    return "".join(f"{key}={value}\n" for key, value in config.items())


@dataclass
class Broker:
    """One `tributary server` process slot: its config, directories and current process."""
    broker_id: int
    port: int
    workdir: Path
    config: dict[str, Any]
    extra_args: list[str] = field(default_factory=list)
    process: Optional[subprocess.Popen] = None
    starts: int = 0
    #: When set, written verbatim as the properties file instead of `config`.
    raw_properties: Optional[str] = None
    #: The address it listens on and clients reach it at.
    host: str = "127.0.0.1"
    #: Run before the binary, e.g. `ip netns exec NAME` to start it in a network namespace.
    command_prefix: list[str] = field(default_factory=list)

    @property
    def config_path(self) -> Path:
        return self.workdir / "server.properties"

    @property
    def data_dir(self) -> Path:
        return self.workdir / "data"

    @property
    def stdout_path(self) -> Path:
        return self.workdir / "stdout.log"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / "stderr.log"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_exit(self, timeout: float) -> int:
        """Waits for the process to exit and returns its code; fails at the deadline."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise WaitTimeout(f"broker {self.broker_id} ({self.workdir.name}) still running after "
                              f"{timeout:.1f}s; stderr:\n{tail(self.stderr_path, 40)}") from None

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def wait_for_log(self, *fragments: str, timeout: float = 10) -> str:
        """Waits until the broker's log holds every fragment; lines are written by a background thread,
        so a line about a request can land after the client has seen the response."""
        return wait_for(lambda: all(f in (text := self.stderr()) for f in fragments) and text, timeout,
                        f"broker {self.broker_id} to log {fragments!r}")

    def launch(self) -> subprocess.Popen:
        """Writes the properties file and starts the process (no waiting)."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(self.raw_properties if self.raw_properties is not None
                                    else properties_text(self.config))
        self.starts += 1
        marker = f"===== start #{self.starts} at {time.strftime('%H:%M:%S')} =====\n"
        for path in (self.stdout_path, self.stderr_path):
            with open(path, "a") as log:
                log.write(marker)
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.process = subprocess.Popen(
                [*self.command_prefix, str(tributary_binary()), "server", str(self.config_path),
                 *self.extra_args],
                stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent)
        return self.process


class Cluster:
    """N brokers sharing one ZooKeeper chroot.

    Brokers are configured with Kafka's property names; `broker_config` applies to all of
    them and `start_broker(..., config=...)` to one. ZooKeeper state is read with kazoo:
    `self.zk` is rooted at the chroot, `self.zk_root` at "/".
    """

    def __init__(self, zookeeper: ZooKeeperServer, workdir: Path, *, chroot: Optional[str] = None,
                 session_timeout_ms: int = 5000, connection_timeout_ms: int = 10000,
                 broker_config: Optional[dict[str, Any]] = None):
        self.zookeeper = zookeeper
        self.workdir = workdir
        self.chroot = chroot or f"/itest-{uuid.uuid4().hex[:12]}"
        self.session_timeout_ms = session_timeout_ms
        self.connection_timeout_ms = connection_timeout_ms
        self.broker_config = dict(broker_config or {})
        self.brokers: dict[int, Broker] = {}
        self.others: list[Broker] = []  # processes that are not members (bad configs, duplicates)
        self.extra_processes: list[subprocess.Popen] = []
        self.extra_logs: list[tuple[str, Path]] = []  # (title, path) of client logs attached to a failing report
        self.zk = zookeeper.client(self.chroot)
        self.zk_root = zookeeper.client()

    # -- configuration ------------------------------------------------------------------

    @property
    def zk_connect(self) -> str:
        return self.zookeeper.host_port + self.chroot

    @property
    def session_timeout(self) -> float:
        return self.session_timeout_ms / 1000

    @property
    def bootstrap(self) -> str:
        """bootstrap.servers for clients: every broker slot of the cluster."""
        return ",".join(broker.address for broker in self.brokers.values())

    def default_config(self, broker_id: int, port: int, data_dir: Path) -> dict[str, Any]:
        config: dict[str, Any] = {
            "broker.id": broker_id,
            "listeners": f"PLAINTEXT://127.0.0.1:{port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
            "log.dirs": data_dir,
            "zookeeper.connect": self.zk_connect,
            "zookeeper.session.timeout.ms": self.session_timeout_ms,
            "zookeeper.connection.timeout.ms": self.connection_timeout_ms,
            "num.partitions": 1,
            "default.replication.factor": 1,
            "offsets.topic.replication.factor": 1,
            "auto.create.topics.enable": "true",
            "group.initial.rebalance.delay.ms": 0,
        }
        config.update(self.broker_config)
        return config

    def make_broker(self, broker_id: int, config: Optional[dict[str, Any]] = None,
                    extra_args: Iterable[str] = (), name: Optional[str] = None) -> Broker:
        """A broker slot (port, directories, properties) that is not started. `config`
        entries override the defaults; a value of None removes the key. Slots made here
        and not added with `add_broker` are still killed at teardown and logged."""
        name = name or f"broker-{broker_id}"
        if any(b.workdir.name == name for b in self.all_brokers()):
            raise ValueError(f"broker slot {name} exists")
        port = free_port()
        workdir = self.workdir / name
        merged = self.default_config(broker_id, port, workdir / "data")
        for key, value in (config or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        broker = Broker(broker_id, port, workdir, merged, list(extra_args))
        self.others.append(broker)
        return broker

    def add_broker(self, broker_id: int, config: Optional[dict[str, Any]] = None,
                   extra_args: Iterable[str] = ()) -> Broker:
        """A cluster member slot for `broker_id`, not started yet."""
        if broker_id in self.brokers:
            raise ValueError(f"broker {broker_id} exists")
        broker = self.make_broker(broker_id, config, extra_args)
        self.others.remove(broker)
        self.brokers[broker_id] = broker
        return broker

    def all_brokers(self) -> list[Broker]:
        return list(self.brokers.values()) + self.others

    # -- lifecycle ----------------------------------------------------------------------

    def start(self, count: int, first_id: int = 1, timeout: float = 60) -> "Cluster":
        """Starts brokers first_id..first_id+count-1 and waits until all serve."""
        ids = list(range(first_id, first_id + count))
        for broker_id in ids:
            self.start_broker(broker_id, wait=False)
        for broker_id in ids:
            self.wait_serving(broker_id, timeout)
        return self

    def start_broker(self, broker_id: int, *, config: Optional[dict[str, Any]] = None,
                     extra_args: Iterable[str] = (), wait: bool = True,
                     timeout: float = 60) -> Broker:
        broker = self.brokers.get(broker_id) or self.add_broker(broker_id, config, extra_args)
        broker.launch()
        if wait:
            self.wait_serving(broker_id, timeout)
        return broker

    def wait_serving(self, broker_id: int, timeout: float = 60) -> dict:
        """Waits until the broker is registered in ZooKeeper and its port accepts
        connections; returns the registration. Fails at once if the process exits."""
        broker = self.brokers[broker_id]

        def serving():
            if broker.process is None or broker.process.poll() is not None:
                code = broker.process.returncode if broker.process else None
                raise GiveUp(f"broker {broker_id} exited with {code}:\n"
                                     f"{tail(broker.stderr_path, 60)}")
            registration = self.registration(broker_id)
            return registration if registration and port_accepts(broker.port, broker.host) else None

        try:
            return wait_for(serving, timeout, f"broker {broker_id} to register and listen")
        except WaitTimeout as timeout_error:
            raise WaitTimeout(f"{timeout_error}\nbroker {broker_id} stderr:\n"
                              f"{tail(broker.stderr_path, 60)}") from None

    def kill(self, broker_id: int, sig: int = signal.SIGKILL, wait_exit: bool = True,
             timeout: float = 30) -> Optional[int]:
        """Sends `sig` to the broker; with wait_exit, waits for the process and returns its
        exit code (negative = killed by that signal, as in subprocess)."""
        broker = self.brokers[broker_id]
        if not broker.is_running():
            return broker.process.returncode if broker.process else None
        broker.process.send_signal(sig)
        if wait_exit:
            return broker.process.wait(timeout=timeout)
        return None

    def restart(self, broker_id: int, timeout: float = 60) -> Broker:
        """Stops the broker if running (SIGKILL) and starts it again with the same config,
        data directory and port."""
        self.kill(broker_id, signal.SIGKILL)
        broker = self.brokers[broker_id]
        broker.launch()
        self.wait_serving(broker_id, timeout)
        return broker

    def close(self) -> None:
        for process in [b.process for b in self.all_brokers()] + self.extra_processes:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        for client in (self.zk, self.zk_root):
            try:
                client.stop()
                client.close()
            except Exception:  # noqa: BLE001 - teardown must not mask the test's outcome
                pass

    def spawn(self, *args: str) -> subprocess.Popen:
        """Starts a long-running `tributary` subcommand with piped text stdout/stderr;
        killed at teardown."""
        process = subprocess.Popen([str(tributary_binary()), *args], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                   bufsize=1, preexec_fn=_die_with_parent)
        self.extra_processes.append(process)
        return process

    # -- ZooKeeper views ----------------------------------------------------------------

    def read_json(self, path: str) -> Optional[Any]:
        """JSON payload of a znode under the chroot, None if absent."""
        try:
            data, _ = self.zk.get(path)
        except NoNodeError:
            return None
        return json.loads(data.decode()) if data else None

    def registration(self, broker_id: int) -> Optional[dict]:
        return self.read_json(f"/brokers/ids/{broker_id}")

    def registered_ids(self) -> list[int]:
        try:
            return sorted(int(child) for child in self.zk.get_children("/brokers/ids"))
        except NoNodeError:
            return []

    def controller(self) -> Optional[int]:
        """broker id in /controller, None when no controller."""
        payload = self.read_json("/controller")
        return None if payload is None else int(payload["brokerid"])

    def controller_epoch(self) -> Optional[int]:
        try:
            data, _ = self.zk.get("/controller_epoch")
        except NoNodeError:
            return None
        return int(data.decode().strip())

    def live_ids(self) -> list[int]:
        return sorted(b.broker_id for b in self.brokers.values() if b.is_running())

    def wait_for(self, condition: Callable[[], Any], timeout: float, description: str = "condition",
                 interval: float = 0.05) -> Any:
        return wait_for(condition, timeout, description, interval)

    def wait_controller(self, timeout: float, *, among: Optional[Iterable[int]] = None,
                        other_than: Optional[int] = None) -> int:
        allowed = set(among) if among is not None else None

        def elected():
            controller = self.controller()
            if controller is None or controller == other_than:
                return None
            if allowed is not None and controller not in allowed:
                return None
            return controller
        return self.wait_for(elected, timeout, f"a controller (among {allowed}, not {other_than})")

    def wait_metadata_ready(self, timeout: float = 30) -> None:
        """Waits until every running broker answers Metadata with all live brokers and the
        controller. A broker learns both from the controller's UpdateMetadata, a moment after
        all have registered: until then CreateTopics may count fewer brokers than are running,
        and librdkafka waits a long time before asking again after an empty answer."""
        from confluent_kafka.admin import AdminClient  # only the tests that need it pay for the import
        live = set(self.live_ids())

        def ready():
            for broker_id in live:
                client = AdminClient({"bootstrap.servers": self.brokers[broker_id].address, "log_level": 3})
                metadata = client.list_topics(timeout=2)
                if set(metadata.brokers) != live or metadata.controller_id not in live:
                    return False
            return True
        wait_for(ready, timeout, "every broker to know the live brokers and the controller", interval=0.1)

    # -- diagnostics --------------------------------------------------------------------

    def log_sections(self, lines: int = 150) -> list[tuple[str, str]]:
        sections = []
        for broker in self.all_brokers():
            for label, path in (("stderr", broker.stderr_path), ("stdout", broker.stdout_path)):
                text = tail(path, lines)
                if text.strip():
                    sections.append((f"broker {broker.broker_id} ({broker.workdir.name}) {label}", text))
        for title, path in self.extra_logs:
            text = tail(path, lines)
            if text.strip():
                sections.append((title, text))
        return sections
