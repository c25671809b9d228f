#!/usr/bin/env bash
# Transactional produce against idempotent produce in one run: one broker, one topic of 3 partitions, 100-byte
# records, acks=all, driven by confluent-kafka (librdkafka; kperf has no transactions). The transactional producer
# commits every 100 records (TXN_SIZE); the idempotent one only flushes at the end. The two alternate within each
# run so both see the same machine state.
#
#   BENCH_DIR=<kperf folder> scripts/bench-transactions.sh     prints RESULT lines to stdout
#
# Environment: BENCH_DIR (bench-common builds kperf from it), COUNT [200000], TXN_SIZE [100], RUNS [3].
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=${BENCH_DIR:?set BENCH_DIR to the folder holding kperf.c and build.sh}
runs=${RUNS:-3}
count=${COUNT:-200000}
txn_size=${TXN_SIZE:-100}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

source scripts/bench-common.sh

port=$(free_port)
cat >"$work/broker.properties" <<PROPS
broker.id=1
listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$work/data
zookeeper.connect=127.0.0.1:$zk_port/bench
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
auto.create.topics.enable=false
PROPS
.build/release/tributary server "$work/broker.properties" 2>"$work/broker.log" &
broker_pid=$!
until .build/release/tributary topics list --bootstrap-server "127.0.0.1:$port" >/dev/null 2>&1; do sleep 0.2; done

python3 - "127.0.0.1:$port" "$count" "$txn_size" "$runs" <<'PY'
import sys
import time
import uuid

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, count, txn_size, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
admin = AdminClient({"bootstrap.servers": bootstrap})
value = b"x" * 100


def topic() -> str:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    admin.create_topics([NewTopic(name, num_partitions=3, replication_factor=1)])[name].result(30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        partitions = admin.list_topics(name, timeout=5).topics[name].partitions
        if len(partitions) == 3 and all(p.leader >= 0 for p in partitions.values()):
            return name
        time.sleep(0.1)
    raise SystemExit(f"{name} has no leaders")


def idempotent(name: str) -> float:
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all",
                         "linger.ms": 5, "queue.buffering.max.messages": 1000000})
    started = time.monotonic()
    for n in range(count):
        while True:
            try:
                producer.produce(name, value=value, partition=n % 3)
                break
            except BufferError:
                producer.poll(0.01)
    assert producer.flush(120) == 0
    return time.monotonic() - started


def transactional(name: str) -> float:
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": f"bench-{uuid.uuid4().hex[:8]}",
                         "linger.ms": 5})
    producer.init_transactions(60)
    started = time.monotonic()
    for first in range(0, count, txn_size):
        producer.begin_transaction()
        for n in range(first, min(first + txn_size, count)):
            producer.produce(name, value=value, partition=n % 3)
        producer.commit_transaction(60)
    return time.monotonic() - started


for run in range(1, runs + 1):
    for label, measure in (("idempotent", idempotent), (f"transactional-{txn_size}", transactional)):
        seconds = measure(topic())
        print(f"RESULT run={run} mode={label} records={count} seconds={seconds:.2f} "
              f"records_per_s={count / seconds:.0f} mb_per_s={count * 100 / seconds / 1e6:.2f}", flush=True)
PY
echo "BROKER cpu_seconds=$(cpu_seconds)"
