#!/usr/bin/env python3
"""Log cleaner benchmark (a measurement, not a test): cleaner throughput on a 1 GiB compacted log whose keys are
10 % distinct, and produce throughput while the cleaner runs against while it does not, in the same run.

    swift build -c release --product tributary
    python3 scripts/bench-compaction.py [--kperf PATH] [--log-mib 1024] [--value-size 200] [--distinct 0.10]
                                        [--produce-records 500000] [--produce-size 1024] [--keep]

--kperf: the librdkafka load driver of the shared bench folder (built as scripts/bench.sh builds it); without
it the produce runs use `tributary perf produce`, whose own client is far slower than the broker.

One broker (default cleaner settings: one thread, 128 MiB dedupe buffer, unthrottled). Two compacted topics,
`dirty-a` and `dirty-b`, are filled with --log-mib of keyed records (random values of --value-size bytes, keys
drawn from --distinct × records; segments of 256 MiB) while their `min.cleanable.dirty.ratio` is 1.0, so nothing
cleans them. Then:

1. produce baseline: kperf (or `tributary perf produce`), acks=1, no key, to a plain topic, cleaner idle;
2. cleaner alone: `dirty-a` made cleanable (ratio 0.01); its pass, from the broker's "Cleaned log" line;
3. produce while cleaning: `dirty-b` made cleanable, the same perf run started once its pass has begun; the
   pass must outlast the run (checked: the overlap is printed);
4. produce baseline again, cleaner idle.

Prints one RESULT line per figure and the machine it ran on.
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "integration"))

from confluent_kafka import Producer  # noqa: E402
from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, NewTopic  # noqa: E402

from harness import Cluster, measurement_zookeeper, tributary_binary, wait_for  # noqa: E402

SEGMENT = 256 * 1024 * 1024


def inactive_segments(directory: Path) -> int:
    """Segments of the log that are no longer active (all but the newest)."""
    return max(0, len(list(directory.glob("*.log"))) - 1)


def fill(bootstrap: str, topic: str, directory: Path, log_bytes: int, value_size: int, distinct: float,
         rng: random.Random) -> dict:
    """Writes keyed records until `log_bytes` of full segments are inactive; keys are drawn at random from
    `distinct` × the records it expects to need. Returns what was written."""
    expected = log_bytes // (value_size + 22)  # value, key, record and batch overhead
    keys = max(1, int(expected * distinct))
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "1", "linger.ms": 50, "batch.size": 1_000_000,
                         "queue.buffering.max.kbytes": 1_048_576, "log_level": 3})
    values = [rng.randbytes(value_size) for _ in range(1024)]
    started, count = time.monotonic(), 0
    while inactive_segments(directory) < log_bytes // SEGMENT:
        for _ in range(20_000):
            key = b"key-%08d" % rng.randrange(keys)
            while True:
                try:
                    producer.produce(topic, key=key, value=values[count & 1023])
                    break
                except BufferError:
                    producer.poll(0.01)
            count += 1
        assert producer.flush(300) == 0
    return {"records": count, "keys": keys, "seconds": time.monotonic() - started}


def perf_produce(bootstrap: str, topic: str, records: int, size: int, kperf: str | None) -> dict:
    """One produce run; returns MB/s (10^6 bytes of values), records/s and p99 latency in ms."""
    if kperf:
        out = subprocess.run([kperf, "produce", "--bootstrap", bootstrap, "--topic", topic, "--count", str(records),
                              "--size", str(size), "--acks", "1", "--linger-ms", "5"],
                             capture_output=True, text=True, check=True).stdout
        fields = dict(re.findall(r"(\w+)=(\S+)", next(l for l in out.splitlines() if l.startswith("RESULT"))))
        assert fields["status"] == "ok", out
        return {"mbPerSec": float(fields["mb_per_s"]), "recordsPerSec": float(fields["msgs_per_s"]),
                "p99Ms": float(fields["p99_ms"])}
    result = subprocess.run([str(tributary_binary()), "perf", "produce", "--bootstrap-server", bootstrap,
                             "--topic", topic, "--num-records", str(records), "--record-size", str(size),
                             "--acks", "1", "--output", "json"], capture_output=True, text=True, check=True)
    run = json.loads(result.stdout)
    return {"mbPerSec": run["mbPerSec"] * 1.048576, "recordsPerSec": run["recordsPerSec"], "p99Ms": run["p99Ms"]}


def set_ratio(admin: AdminClient, topic: str, ratio: str) -> None:
    entry = ConfigEntry("min.cleanable.dirty.ratio", ratio, incremental_operation=AlterConfigOpType.SET)
    for future in admin.incremental_alter_configs([ConfigResource("topic", topic, incremental_configs=[entry])]).values():
        future.result(30)


def cleaned_line(broker, topic: str) -> dict | None:
    """The metadata of the broker's "Cleaned log <topic>-0" line, with the line's time, or None."""
    for line in broker.stderr().splitlines():
        if f"Cleaned log {topic}-0" in line:
            fields = dict(re.findall(r"(\w+)=(\S+)", line))
            # Broker log lines start with a UTC timestamp.
            fields["at"] = calendar.timegm(time.strptime(line[:19], "%Y-%m-%dT%H:%M:%S"))
            return fields
    return None


def describe(line: dict) -> str:
    """A pass as figures: the dirty section mapped, the whole cleanable log copied, in MiB/s of log."""
    mapped, copied, seconds = int(line["mapRead"]) / 2**20, int(line["copyRead"]) / 2**20, float(line["seconds"])
    return (f"{copied:.0f} MiB log ({mapped:.0f} MiB dirty, mapped then copied) in {seconds:.2f} s = "
            f"{copied / seconds:.1f} MiB/s of log, {(mapped + copied) / seconds:.1f} MiB/s read; "
            f"kept {line['kept']} of {line['records']} records ({int(line['written']) / 2**20:.1f} MiB written)")


def began(broker, topic: str) -> bool:
    return f"Beginning cleaning of {topic}-0" in broker.stderr()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kperf", default=os.environ.get("KPERF"))
    parser.add_argument("--log-mib", type=int, default=1024)
    parser.add_argument("--value-size", type=int, default=200)
    parser.add_argument("--distinct", type=float, default=0.10)
    parser.add_argument("--produce-records", type=int, default=500_000)
    parser.add_argument("--produce-size", type=int, default=1024)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    print(f"# machine: {os.cpu_count()} cores, {cpu}, {os.uname().release}")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"# tributary {commit}; log {args.log_mib} MiB per dirty topic, {args.value_size}-byte values, "
          f"{args.distinct:.0%} distinct keys, segments of {SEGMENT >> 20} MiB")
    with measurement_zookeeper("tributary-bench-compaction-", args.keep) as (workdir, zookeeper):
        cluster = Cluster(zookeeper, workdir, broker_config={"log.cleaner.backoff.ms": 1000,
                                                            "offsets.topic.num.partitions": 1})
        try:
            cluster.start(1)
            broker = cluster.brokers[1]
            admin = AdminClient({"bootstrap.servers": cluster.bootstrap, "log_level": 3})
            topics = [NewTopic("dirty-a", 1, 1, config={"cleanup.policy": "compact", "segment.bytes": str(SEGMENT),
                                                        "min.cleanable.dirty.ratio": "1.0"}),
                      NewTopic("dirty-b", 1, 1, config={"cleanup.policy": "compact", "segment.bytes": str(SEGMENT),
                                                        "min.cleanable.dirty.ratio": "1.0"}),
                      NewTopic("plain", 1, 1)]
            for future in admin.create_topics(topics).values():
                future.result(30)
            wait_for(lambda: all(admin.list_topics(t, timeout=5).topics[t].partitions[0].leader == 1
                                 for t in ("dirty-a", "dirty-b", "plain")), 30, "leaders")
            for topic in ("dirty-a", "dirty-b"):
                directory = broker.data_dir / f"{topic}-0"
                written = fill(cluster.bootstrap, topic, directory, args.log_mib << 20, args.value_size, args.distinct,
                               rng)
                size = sum(f.stat().st_size for f in directory.glob("*.log"))
                print(f"RESULT fill {topic}: {written['records']} records, {written['keys']} keys, "
                      f"{size / 2**20:.0f} MiB in {written['seconds']:.1f} s "
                      f"({size / 2**20 / written['seconds']:.1f} MiB/s keyed produce)", flush=True)

            baseline = perf_produce(cluster.bootstrap, "plain", args.produce_records, args.produce_size, args.kperf)
            print(f"RESULT produce, cleaner idle: {baseline['mbPerSec']:.1f} MB/s "
                  f"({baseline['recordsPerSec']:.0f} records/s, p99 {baseline['p99Ms']} ms)", flush=True)

            set_ratio(admin, "dirty-a", "0.01")
            alone = wait_for(lambda: cleaned_line(broker, "dirty-a"), 1800, "dirty-a to be cleaned", interval=0.5)
            print(f"RESULT cleaner alone: {describe(alone)}", flush=True)

            set_ratio(admin, "dirty-b", "0.01")
            wait_for(lambda: began(broker, "dirty-b"), 60, "dirty-b's pass to begin", interval=0.05)
            started = time.time()
            during = perf_produce(cluster.bootstrap, "plain", args.produce_records, args.produce_size, args.kperf)
            finished = time.time()
            loaded = wait_for(lambda: cleaned_line(broker, "dirty-b"), 1800, "dirty-b to be cleaned", interval=0.5)
            pass_end = loaded["at"] + 1  # the line's time has whole seconds
            overlap = max(0.0, min(finished, pass_end) - started) / max(finished - started, 1e-9)
            print(f"RESULT produce while cleaning: {during['mbPerSec']:.1f} MB/s "
                  f"({during['recordsPerSec']:.0f} records/s, p99 {during['p99Ms']} ms); "
                  f"{overlap:.0%} of the run overlapped the pass", flush=True)
            print(f"RESULT cleaner under that produce load: {describe(loaded)}", flush=True)

            after = perf_produce(cluster.bootstrap, "plain", args.produce_records, args.produce_size, args.kperf)
            print(f"RESULT produce, cleaner idle again: {after['mbPerSec']:.1f} MB/s "
                  f"({after['recordsPerSec']:.0f} records/s, p99 {after['p99Ms']} ms)", flush=True)
        finally:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
