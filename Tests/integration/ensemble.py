"""A three-server Apache ZooKeeper ensemble on loopback, for tests of ZooKeeper outages.

Each server is a `QuorumPeerMain` Java process started from the Debian package's jars (the
classpath of harness.py's `ZooKeeperServer`), with its own data directory and `myid`, a
client port and two quorum ports (`server.N=127.0.0.1:<quorum>:<election>`). Servers can be
SIGKILLed and started again with the same data (`kill`, `start`), or frozen (`freeze`,
`thaw`: SIGSTOP/SIGCONT).

`Ensemble` looks like a `ZooKeeperServer` to `Cluster`: `host_port` is the three-server
connect string and `client()` a kazoo client over all three, so brokers get
`zookeeper.connect=127.0.0.1:a,127.0.0.1:b,127.0.0.1:c/<chroot>`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import warnings
from pathlib import Path
from typing import Optional

from kazoo.client import KazooClient
from kazoo.retry import KazooRetry

from harness import Cluster, GiveUp, _die_with_parent, four_letter, free_port, tail, wait_for, zookeeper_classpath


class QuorumServer:
    """One member of an ensemble: server id `myid`, its ports and its process."""

    def __init__(self, workdir: Path, myid: int, tick_ms: int):
        self.workdir = workdir
        self.myid = myid
        self.tick_ms = tick_ms
        self.port = free_port()
        self.quorum_port = free_port()
        self.election_port = free_port()
        self.process: Optional[subprocess.Popen] = None
        self.log_path = workdir / "zookeeper.log"
        self.starts = 0

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def server_line(self) -> str:
        return f"server.{self.myid}=127.0.0.1:{self.quorum_port}:{self.election_port}"

    def write_config(self, members: list["QuorumServer"]) -> Path:
        data_dir = self.workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "myid").write_text(f"{self.myid}\n")
        config = self.workdir / "zoo.cfg"
        config.write_text("\n".join([
            f"tickTime={self.tick_ms}",
            # A follower has 10 ticks to join and sync, and is dropped after 4 silent ticks.
            "initLimit=10",
            "syncLimit=4",
            f"dataDir={data_dir}",
            f"clientPort={self.port}",
            "clientPortAddress=127.0.0.1",
            f"minSessionTimeout={2 * self.tick_ms}",
            "maxSessionTimeout=120000",
            "maxClientCnxns=0",
            "admin.enableServer=false",
            "4lw.commands.whitelist=*",
            # Every server of a test ensemble shares one disk and two cores: no fsync stalls.
            "forceSync=no",
            *(member.server_line for member in members),
            "",
        ]))
        return config

    def launch(self, config: Path) -> None:
        java = os.environ.get("JAVA") or shutil.which("java") or "java"
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"===== start #{self.starts} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                 "-Dzookeeper.admin.enableServer=false",
                 "-cp", zookeeper_classpath(),
                 "org.apache.zookeeper.server.quorum.QuorumPeerMain", str(config)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=_die_with_parent)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def four_letter(self, command: str, timeout: float = 2) -> str:
        return four_letter(self.port, command, timeout)

    def mode(self) -> Optional[str]:
        """"leader" or "follower" while the server serves clients, else None."""
        if not self.is_running():
            return None
        try:
            reply = self.four_letter("srvr", timeout=1)
        except OSError:
            return None
        for line in reply.splitlines():
            if line.startswith("Mode:"):
                return line.split(":", 1)[1].strip()
        return None  # "This ZooKeeper instance is not currently serving requests"

    def signal(self, sig: int) -> None:
        if self.is_running():
            self.process.send_signal(sig)

    def kill(self) -> None:
        if self.is_running():
            self.process.send_signal(signal.SIGCONT)  # a frozen process must be able to die
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


class Ensemble:
    """Three (or `size`) ZooKeeper servers forming one ensemble on loopback."""

    def __init__(self, workdir: Path, size: int = 3, tick_ms: int = 500):
        self.workdir = workdir
        self.servers = [QuorumServer(workdir / f"zk{myid}", myid, tick_ms) for myid in range(1, size + 1)]
        self.tick_ms = tick_ms
        self.configs: dict[int, Path] = {}

    # -- the interface `Cluster` uses of a ZooKeeperServer --------------------------------

    @property
    def host_port(self) -> str:
        return ",".join(server.host_port for server in self.servers)

    def client(self, chroot: str = "", session_timeout: float = 10.0) -> KazooClient:
        """A started kazoo client over every server; it tries to reconnect at least once a
        second (kazoo's default backoff grows to a minute), so after an outage the test sees
        the ensemble back when the brokers do."""
        retry = KazooRetry(max_tries=-1, delay=0.1, backoff=1.5, max_delay=1.0)
        zk = KazooClient(hosts=self.host_port + chroot, timeout=session_timeout, connection_retry=retry)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No chroot path exists")
            zk.start(timeout=30)
        return zk

    # -- lifecycle ------------------------------------------------------------------------

    def server(self, myid: int) -> QuorumServer:
        return self.servers[myid - 1]

    def start(self, timeout: float = 90) -> "Ensemble":
        for server in self.servers:
            self.configs[server.myid] = server.write_config(self.servers)
        for server in self.servers:
            server.launch(self.configs[server.myid])
        try:
            self.wait_quorum(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def start_server(self, myid: int) -> None:
        """Starts a killed server again, with its data directory as it was."""
        server = self.server(myid)
        assert not server.is_running(), f"ZooKeeper server {myid} is running"
        server.launch(self.configs[myid])

    def kill(self, myid: int) -> None:
        self.server(myid).kill()

    def freeze(self, myid: int) -> None:
        self.server(myid).signal(signal.SIGSTOP)

    def thaw(self, myid: int) -> None:
        self.server(myid).signal(signal.SIGCONT)

    def stop(self) -> None:
        for server in self.servers:
            server.kill()

    # -- views ----------------------------------------------------------------------------

    def modes(self) -> dict[int, Optional[str]]:
        return {server.myid: server.mode() for server in self.servers}

    def leader(self) -> Optional[int]:
        leaders = [myid for myid, mode in self.modes().items() if mode == "leader"]
        return leaders[0] if len(leaders) == 1 else None

    def followers(self) -> list[int]:
        return [myid for myid, mode in self.modes().items() if mode == "follower"]

    def wait_quorum(self, timeout: float, serving: Optional[int] = None) -> dict[int, Optional[str]]:
        """Waits until one leader serves and every running server (or `serving` of them)
        serves as leader or follower; returns the modes."""
        def formed():
            for server in self.servers:
                if server.process is not None and server.process.poll() is not None and server.starts and \
                        server.process.returncode not in (-signal.SIGKILL,):
                    raise GiveUp(f"ZooKeeper server {server.myid} exited with {server.process.returncode}:\n"
                                 f"{tail(server.log_path, 40)}")
            modes = self.modes()
            running = sum(1 for server in self.servers if server.is_running())
            active = [mode for mode in modes.values() if mode in ("leader", "follower", "standalone")]
            wanted = serving if serving is not None else running
            return modes if list(modes.values()).count("leader") == 1 and len(active) >= wanted else None
        return wait_for(formed, timeout, "the ZooKeeper ensemble to form a quorum", interval=0.2)

    def log_sections(self, lines: int = 60) -> list[tuple[str, str]]:
        return [(f"zookeeper server {server.myid}", tail(server.log_path, lines)) for server in self.servers]


class EnsembleCluster(Cluster):
    """A `Cluster` whose brokers connect to every server of `ensemble`; a failing test's
    report also gets the tail of each ZooKeeper server's log."""

    def __init__(self, ensemble: Ensemble, workdir: Path, **options):
        super().__init__(ensemble, workdir, **options)  # type: ignore[arg-type] - duck-typed server
        self.ensemble = ensemble

    def log_sections(self, lines: int = 150) -> list[tuple[str, str]]:
        return super().log_sections(lines) + self.ensemble.log_sections()
