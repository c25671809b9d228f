"""A third, independent protocol implementation: Shopify's sarama (Go, Debian's
golang-github-shopify-sarama-dev 1.22, which speaks the Kafka 2.1 protocol versions).
`clients/sarama/main.go` creates a topic with sarama's cluster admin, produces keyed
messages with its idempotent acks=all sync producer in each codec, consumes them in a
sarama consumer group and reads the committed offsets back; these tests judge what it
reports."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections import defaultdict
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent / "clients" / "sarama"
COUNT = 300
PARTITIONS = 3


@pytest.fixture(scope="session")
def sarama_check(tmp_path_factory) -> Path:
    """Builds the Go program against Debian's Go packages (GOPATH mode, no network)."""
    out = tmp_path_factory.mktemp("sarama") / "sarama-check"
    env = {**os.environ, "GO111MODULE": "off", "GOPATH": "/usr/share/gocode",
           "GOCACHE": str(out.parent / "cache"), "CGO_CFLAGS": "-Wno-deprecated-declarations"}
    built = subprocess.run(["go", "build", "-o", str(out), "."], cwd=SOURCE, env=env,
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return out


def run_sarama(binary: Path, cluster, compression: str) -> dict:
    topic = f"sarama-{compression}-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [str(binary), "-brokers", cluster.bootstrap, "-topic", topic, "-partitions", str(PARTITIONS),
         "-count", str(COUNT), "-compression", compression, "-group", f"g-{topic}"],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("compression", ["none", "gzip", "snappy", "lz4", "zstd"])
def test_sarama_produces_consumes_and_commits(make_cluster, sarama_check, compression):
    cluster = make_cluster(brokers=1)
    report = run_sarama(sarama_check, cluster, compression)
    assert report.get("error") is None, report.get("error")

    produced = report["produced"]
    assert len(produced) == COUNT
    # Offsets are dense from 0 in every partition, and a key always lands on the same partition.
    by_partition = defaultdict(list)
    key_partitions = defaultdict(set)
    for record in produced:
        by_partition[record["partition"]].append(record["offset"])
        key_partitions[record["key"]].add(record["partition"])
    for offsets in by_partition.values():
        assert offsets == list(range(len(offsets)))
    assert all(len(partitions) == 1 for partitions in key_partitions.values()), key_partitions
    assert len(by_partition) > 1, "17 keys spread over the partitions"

    # The group consumed exactly what was produced, each partition in offset order.
    consumed = report["consumed"]
    assert sorted((c["partition"], c["offset"], c["key"]) for c in consumed) == \
        sorted((p["partition"], p["offset"], p["key"]) for p in produced)
    values = {int(c["value"].split("-")[1]) for c in consumed}
    assert values == set(range(COUNT))
    for partition in range(PARTITIONS):
        seen = [c["offset"] for c in consumed if c["partition"] == partition]
        assert seen == sorted(seen)

    # The single member was given every partition, and its commits reached the log end of each.
    assert sorted(next(iter(report["claims"].values()))) == list(range(PARTITIONS))
    assert report["committed"] == report["newest"]
    assert report["newest"] == {str(p): len(by_partition.get(p, [])) for p in range(PARTITIONS)}
