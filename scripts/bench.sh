#!/usr/bin/env bash
# Broker benchmarks with the independent librdkafka load driver (kperf, from the shared bench folder):
# one broker, one topic of 6 partitions, acks=1; produce and consume throughput for 100-byte and 1 KiB
# records, broker CPU seconds per million records (from /proc/<pid>/stat), produce latency at a fixed offered
# rate, unbatched produce (linger 0) requests per second; with the machine's loopback and disk limits
# (physical.sh) measured in the same run as the baseline.
#
#   BENCH_DIR=<kperf folder> scripts/bench.sh            prints RESULT/BROKER/PHYS lines to stdout
#
# Environment: BENCH_DIR (where kperf.c, build.sh, physical.sh are), COUNT_SMALL [2000000], COUNT_LARGE [500000],
# RUNS [3], KPERF (a prebuilt kperf; default: built into a temporary folder), DROP_CACHES [0]: with 1, write back
# and drop the page cache before each produce measurement (needs root) — on this virtual machine, growing the page
# cache into memory it has not used yet costs the kernel far more than reusing it, which the PAGECACHE lines show.
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=${BENCH_DIR:?set BENCH_DIR to the folder holding kperf.c, build.sh and physical.sh}
runs=${RUNS:-3}
count_small=${COUNT_SMALL:-2000000}
count_large=${COUNT_LARGE:-500000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

source scripts/bench-common.sh
broker_port=$(free_port)

cat >"$work/broker.properties" <<PROPS
broker.id=1
listeners=PLAINTEXT://127.0.0.1:$broker_port
log.dirs=$work/data
zookeeper.connect=127.0.0.1:$zk_port/bench
offsets.topic.replication.factor=1
auto.create.topics.enable=false
PROPS
.build/release/tributary server "$work/broker.properties" 2>"$work/broker.log" &
broker_pid=$!
bootstrap=127.0.0.1:$broker_port
until .build/release/tributary topics list --bootstrap-server "$bootstrap" >/dev/null 2>&1; do sleep 0.2; done

drop_caches() {
    if [ "${DROP_CACHES:-0}" = 1 ]; then sync; echo 3 >/proc/sys/vm/drop_caches; fi
}

# The kernel's own cost of taking 512 MiB into the page cache (dd, no sync), as the broker's produce does.
page_cache_write() {
    local label=$1 started elapsed
    started=$(date +%s%N)
    dd if=/dev/zero of="$work/pagecache-$label" bs=1M count=512 status=none
    elapsed=$(( $(date +%s%N) - started ))
    echo "PAGECACHE label=$label mb_per_s=$(python3 -c "print(round(512 * 1048576 / ($elapsed / 1e9) / 1e6))")"
    rm -f "$work/pagecache-$label"
}

# measure LABEL KPERF-ARGS...: runs kperf, prints its RESULT line and a BROKER line with the CPU it cost.
measure() {
    local label=$1; shift
    local before after
    case "$1" in produce) drop_caches ;; esac
    before=$(cpu_seconds)
    "$kperf" "$@" --bootstrap "$bootstrap" --label "$label" | grep '^RESULT'
    after=$(cpu_seconds)
    echo "BROKER label=$label broker_cpu_s=$(python3 -c "print(round($after - $before, 3))")"
}

# A fresh topic per measurement (called in a subshell, so the name must not depend on shell state).
new_topic() {
    local name="bench-$(date +%s%N)"
    .build/release/tributary topics create "$name" --partitions 6 --replication-factor 1 \
        --bootstrap-server "$bootstrap" >/dev/null
    echo "$name"
}

for run in $(seq 1 "$runs"); do
    t=$(new_topic)
    measure "produce-100B" produce --topic "$t" --count "$count_small" --size 100 --acks 1 --linger-ms 5
    measure "consume-100B" consume --topic "$t" --count "$count_small"
    t=$(new_topic)
    measure "produce-1KiB" produce --topic "$t" --count "$count_large" --size 1024 --acks 1 --linger-ms 5
    measure "consume-1KiB" consume --topic "$t" --count "$count_large"
    t=$(new_topic)
    measure "latency-100B-at-100k" produce --topic "$t" --count 1000000 --size 100 --acks 1 --linger-ms 1 --rate 100000
    t=$(new_topic)
    measure "unbatched-100B" produce --topic "$t" --count 200000 --size 100 --acks 1 --linger-ms 0 \
        -X batch.num.messages=1 -X max.in.flight.requests.per.connection=5
done

# The machine's own limits, measured now, beside the broker's figures.
page_cache_write "after-the-runs"
DROP_CACHES=1 drop_caches
page_cache_write "after-dropping-the-cache"
SCRATCH_DIR="$work" RUNS=1 IPERF_SECS=3 "$bench_dir/physical.sh"
