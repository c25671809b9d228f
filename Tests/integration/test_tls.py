"""TLS listeners (`listener.security.protocol.map`, `ssl.*`): real clients over SSL with client certificates,
refusals of foreign certificates and of plaintext, replication between brokers over SSL, and a certificate
replaced on disk served to new connections without a restart.

The certificates are made here with `openssl`: a test CA, a broker certificate for 127.0.0.1 (shared by every
broker), a client certificate, and a client certificate from a second, untrusted CA.
"""

from __future__ import annotations

import os
import socket
import ssl
import struct
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from harness import free_port, run_tributary, tributary_binary, wait_for

CLIENT_SUBJECT = "/C=US/O=Acme/OU=streaming/CN=client"
#: What Kafka's DEFAULT principal rule makes of CLIENT_SUBJECT (Java's RFC 2253 form, last RDN first).
CLIENT_PRINCIPAL = "User:CN=client,OU=streaming,O=Acme,C=US"


def openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


@dataclass
class PKI:
    directory: Path

    def path(self, name: str) -> str:
        return str(self.directory / name)

    def make_ca(self, name: str) -> None:
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2", "-subj", f"/CN={name}",
                cwd=self.directory)

    def issue(self, name: str, subject: str, ca: str, san: str | None = None) -> None:
        """`name`.key and `name`.pem signed by `ca`, and `name`.keystore.pem (key + chain) as a broker reads it."""
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=self.directory)
        extensions = self.directory / f"{name}.ext"
        extensions.write_text(f"subjectAltName={san}\n" if san else "basicConstraints=CA:FALSE\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", extensions.name,
                cwd=self.directory)
        keystore = ((self.directory / f"{name}.key").read_text() + (self.directory / f"{name}.pem").read_text()
                    + (self.directory / f"{ca}.pem").read_text())
        (self.directory / f"{name}.keystore.pem").write_text(keystore)


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> PKI:
    pki = PKI(tmp_path_factory.mktemp("pki"))
    pki.make_ca("ca")
    pki.make_ca("rogue-ca")
    pki.issue("broker", "/CN=broker", "ca", san="DNS:localhost,IP:127.0.0.1")
    pki.issue("client", CLIENT_SUBJECT, "ca")
    pki.issue("rogue", "/CN=rogue", "rogue-ca")
    # The broker key again, encrypted (PKCS#8), for ssl.key.password.
    openssl("pkcs8", "-topk8", "-in", "broker.key", "-out", "broker-encrypted.key", "-passout", "pass:k3y-secret",
            "-v2", "aes-256-cbc", cwd=pki.directory)
    (pki.directory / "broker-encrypted.keystore.pem").write_text(
        (pki.directory / "broker-encrypted.key").read_text() + (pki.directory / "broker.pem").read_text())
    return pki


def ssl_broker_config(pki: PKI, port: int, client_auth: str = "required", **extra) -> dict:
    """A broker whose only listener is SSL (inter-broker traffic included), with Kafka's PEM keys."""
    config = {
        "listeners": f"SSL://127.0.0.1:{port}",
        "advertised.listeners": f"SSL://127.0.0.1:{port}",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": pki.path("broker.keystore.pem"),
        "ssl.truststore.type": "PEM",
        "ssl.truststore.location": pki.path("ca.pem"),
        "ssl.client.auth": client_auth,
    }
    config.update(extra)
    return config


def start_ssl_broker(make_cluster, pki: PKI, **options):
    cluster = make_cluster()
    broker = cluster.add_broker(1)
    broker.config.update(ssl_broker_config(pki, broker.port, **options))
    cluster.start(1)
    return cluster, broker


def client_ssl(pki: PKI, certificate: str | None = "client") -> dict:
    """librdkafka's SSL properties (kcat -X and confluent-kafka take the same)."""
    config = {"security.protocol": "ssl", "ssl.ca.location": pki.path("ca.pem")}
    if certificate:
        config.update({"ssl.certificate.location": pki.path(f"{certificate}.pem"),
                       "ssl.key.location": pki.path(f"{certificate}.key")})
    return config


def kcat(*args: str, config: dict, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    options = [item for key, value in config.items() for item in ("-X", f"{key}={value}")]
    return subprocess.run(["kcat", *options, *args], input=stdin, capture_output=True, text=True, timeout=timeout)


def test_kcat_with_a_client_certificate_produces_and_consumes(make_cluster, pki):
    cluster, broker = start_ssl_broker(make_cluster, pki, client_auth="required")
    registration = cluster.registration(1)
    assert registration["listener_security_protocol_map"] == {"SSL": "SSL"}
    assert registration["endpoints"] == [f"SSL://127.0.0.1:{broker.port}"]

    topic = f"tls-kcat-{uuid.uuid4().hex[:8]}"
    lines = [f"record-{index}" for index in range(200)]
    produced = kcat("-b", broker.address, "-P", "-t", topic, config=client_ssl(pki), stdin="\n".join(lines) + "\n")
    assert produced.returncode == 0, produced.stderr
    consumed = kcat("-b", broker.address, "-C", "-t", topic, "-o", "beginning", "-e", "-q", config=client_ssl(pki))
    assert consumed.returncode == 0, consumed.stderr
    assert consumed.stdout.splitlines() == lines

    # The certificate's subject became the connection's principal, as Kafka's DEFAULT rule formats it.
    wait_for(lambda: f"principal={CLIENT_PRINCIPAL}" in broker.stderr(), 10, "the client's principal in the log")


def test_confluent_kafka_over_ssl_produces_and_consumes_through_the_copying_fetch_path(make_cluster, pki):
    # The broker's key is encrypted: ssl.key.password opens it.
    cluster, broker = start_ssl_broker(make_cluster, pki, client_auth="required", **{
        "ssl.keystore.location": pki.path("broker-encrypted.keystore.pem"), "ssl.key.password": "k3y-secret"})
    topic = f"tls-confluent-{uuid.uuid4().hex[:8]}"
    base = {"bootstrap.servers": broker.address, **client_ssl(pki)}
    admin = AdminClient(base)
    admin.create_topics([NewTopic(topic, num_partitions=2, replication_factor=1)])[topic].result(30)

    # Records large enough that fetches span many file regions, each copied into a buffer for TLS.
    values = [f"{index:06d}".encode() + os.urandom(2000) for index in range(2000)]
    producer = Producer({**base, "acks": "all", "linger.ms": 5})
    for index, value in enumerate(values):
        producer.produce(topic, key=str(index).encode(), value=value, partition=index % 2)
    assert producer.flush(60) == 0

    consumer = Consumer({**base, "group.id": f"g-{topic}", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING), TopicPartition(topic, 1, OFFSET_BEGINNING)])
    received: dict[int, bytes] = {}

    def all_read():
        for message in consumer.consume(500, timeout=1):
            if message.error() is None:
                received[int(message.key())] = message.value()
        return len(received) == len(values)
    wait_for(all_read, 60, "all 2000 records over TLS")
    consumer.close()
    assert [received[index] for index in range(len(values))] == values


def test_a_foreign_client_certificate_and_a_plaintext_client_are_refused(make_cluster, pki):
    cluster, broker = start_ssl_broker(make_cluster, pki, client_auth="required")

    # A certificate from another CA: the broker ends the handshake, the client reports it.
    rogue = kcat("-b", broker.address, "-L", "-m", "5", config=client_ssl(pki, certificate="rogue"), timeout=30)
    assert rogue.returncode != 0
    assert "SSL handshake failed" in rogue.stderr or "alert" in rogue.stderr.lower(), rogue.stderr

    # No certificate at all, while ssl.client.auth=required.
    anonymous = kcat("-b", broker.address, "-L", "-m", "5", config=client_ssl(pki, certificate=None), timeout=30)
    assert anonymous.returncode != 0
    assert "SSL" in anonymous.stderr, anonymous.stderr

    # A plaintext client on the TLS port: librdkafka sees the connection fail and names the likely cause.
    plaintext = kcat("-b", broker.address, "-L", "-m", "5", config={}, timeout=30)
    assert plaintext.returncode != 0
    assert "SSL" in plaintext.stderr or "security.protocol" in plaintext.stderr, plaintext.stderr

    # Raw Kafka bytes (ApiVersions v0) are answered by no Kafka frame: at most a TLS alert, then the close.
    request = struct.pack(">hhih", 18, 0, 1, 4) + b"test"
    with socket.create_connection(("127.0.0.1", broker.port), timeout=10) as sock:
        sock.sendall(struct.pack(">i", len(request)) + request)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    assert answer == b"" or answer[0] == 0x15, f"expected a TLS alert (0x15) or nothing, got {answer[:16]!r}"

    # The broker still serves a proper client.
    listed = kcat("-b", broker.address, "-L", config=client_ssl(pki))
    assert listed.returncode == 0, listed.stderr
    assert "1 brokers" in listed.stdout


def test_three_brokers_replicate_over_ssl(make_cluster, pki):
    cluster = make_cluster()
    for broker_id in (1, 2, 3):
        broker = cluster.add_broker(broker_id)
        ssl_port = free_port()
        broker.config.update({
            "listeners": f"PLAINTEXT://127.0.0.1:{broker.port},SSL://127.0.0.1:{ssl_port}",
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{broker.port},SSL://127.0.0.1:{ssl_port}",
            "security.inter.broker.protocol": "SSL",
            "ssl.keystore.type": "PEM",
            "ssl.keystore.location": pki.path("broker.keystore.pem"),
            "ssl.truststore.type": "PEM",
            "ssl.truststore.location": pki.path("ca.pem"),
            "ssl.client.auth": "required",
            "default.replication.factor": 3,
            "offsets.topic.replication.factor": 3,
            "min.insync.replicas": 2,
        })
    cluster.start(3)
    cluster.wait_metadata_ready()
    assert cluster.registration(1)["listener_security_protocol_map"] == {"PLAINTEXT": "PLAINTEXT", "SSL": "SSL"}

    topic = f"tls-replicated-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": cluster.bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=3)])[topic].result(timeout=30)

    def full_isrs():
        states = [cluster.read_json(f"/brokers/topics/{topic}/partitions/{p}/state") for p in range(3)]
        return all(state and sorted(state["isr"]) == [1, 2, 3] for state in states)
    wait_for(full_isrs, 60, "every partition's ISR to hold all three replicas")

    producer = Producer({"bootstrap.servers": cluster.bootstrap, "acks": "all"})
    failures: list[str] = []
    for index in range(300):
        producer.produce(topic, value=f"v{index}".encode(),
                         on_delivery=lambda error, _: failures.append(str(error)) if error else None)
    assert producer.flush(60) == 0
    assert failures == []
    wait_for(full_isrs, 30, "the ISRs to stay full after acks=all produce")

    # The followers fetched over TLS: each leader authenticated the other brokers' certificate.
    def followers_authenticated():
        return all("principal=User:CN=broker" in b.stderr() and "listener=SSL" in b.stderr()
                   for b in cluster.brokers.values())
    wait_for(followers_authenticated, 30, "brokers authenticated by their peers on the SSL listener")


def served_subject(port: int, pki: PKI) -> str:
    """The CN of the certificate a new TLS connection to `port` is served (verified against the test CA)."""
    context = ssl.create_default_context(cafile=pki.path("ca.pem"))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            subject = dict(item[0] for item in tls.getpeercert()["subject"])
            return subject["commonName"]


def test_a_certificate_replaced_on_disk_is_served_to_new_connections(make_cluster, pki, tmp_path):
    keystore = tmp_path / "keystore.pem"
    keystore.write_text((pki.directory / "broker.keystore.pem").read_text())
    cluster, broker = start_ssl_broker(make_cluster, pki, client_auth="none",
                                       **{"ssl.keystore.location": str(keystore)})
    assert served_subject(broker.port, pki) == "broker"
    starts = broker.starts

    pki.issue("broker-renewed", "/CN=broker-renewed", "ca", san="DNS:localhost,IP:127.0.0.1")
    staged = tmp_path / "keystore.pem.new"
    staged.write_text((pki.directory / "broker-renewed.keystore.pem").read_text())
    os.replace(staged, keystore)  # how certificate tooling swaps files: one rename, never a half-written file

    wait_for(lambda: served_subject(broker.port, pki) == "broker-renewed", 15, "the renewed certificate served")
    assert broker.is_running() and broker.starts == starts, "no restart"
    # Clients keep working with the new certificate.
    listed = kcat("-b", broker.address, "-L", config=client_ssl(pki, certificate=None))
    assert listed.returncode == 0, listed.stderr


def test_the_cli_connects_to_a_tls_listener_with_command_config(make_cluster, pki, tmp_path):
    cluster, broker = start_ssl_broker(make_cluster, pki, client_auth="required")
    properties = tmp_path / "client.properties"
    properties.write_text("\n".join([
        "security.protocol=SSL",
        "ssl.truststore.type=PEM",
        f"ssl.truststore.location={pki.path('ca.pem')}",
        "ssl.keystore.type=PEM",
        f"ssl.keystore.location={pki.path('client.keystore.pem')}",
    ]) + "\n")
    topic = f"tls-cli-{uuid.uuid4().hex[:8]}"
    common = ["--bootstrap-server", broker.address, "--command-config", str(properties)]
    created = run_tributary("topics", "create", topic, "--partitions", "1", "--replication-factor", "1", *common)
    assert created.returncode == 0, created.stderr
    produced = subprocess.run([str(tributary_binary()), "produce", topic, *common], input="a\nb\nc\n",
                              capture_output=True, text=True, timeout=60)
    assert produced.returncode == 0, produced.stderr
    consumed = run_tributary("consume", topic, "--from-beginning", "--max-messages", "3", *common)
    assert consumed.returncode == 0, consumed.stderr
    assert consumed.stdout.split() == ["a", "b", "c"]

    # Without the properties, the CLI speaks plaintext to the TLS port and fails with a message.
    plain = run_tributary("topics", "describe", topic, "--bootstrap-server", broker.address, timeout=60)
    assert plain.returncode != 0

