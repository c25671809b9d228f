#!/usr/bin/env bash
# What replication costs (issue 10): the same kperf load, 1 KiB records into a topic of 6 partitions, against
#   (a) one broker, replication factor 1, acks=1, and
#   (b) three brokers, replication factor 3, acks=all, min.insync.replicas=2,
# each on a fresh cluster (own ZooKeeper chroot, empty log directories): records/s and the brokers' CPU time
# (utime+stime from /proc/<pid>/stat, summed over every broker process, before and after the run) per record,
# and the ratio (b)/(a). Then (c) the produce latency (p50/p99/p99.9) at a fixed offered rate, acks=all on (b)'s
# setup and, for reference, acks=1 on (a)'s. Between brokers it counts the followers' Fetch requests (data segments
# a follower sent on its connections to leaders: a fetch request leaves in one segment, which matched uprobe counts
# of FetchHandler.answerNow within 0.5 %) and the bytes they fetched.
#
#   scripts/bench-replication.sh          prints RESULT (kperf), RUN, LAT and IDLE lines, then a summary table
#
# Environment: RUNS [3] repetitions of (a) and (b), alternating; COUNT [1000000] records per flat-out run;
# RF1_COUNT [COUNT] records of the RF=1 flat-out run (3 x COUNT: the one broker writes as many bytes into the page
# cache as the three brokers of RF=3 do, so both meet memory in the same state; see WARM_PAGE_CACHE);
# SIZE [1024]; PARTITIONS [6]; LINGER_MS [5]; RATE [5000] records/s offered in (c); RATE_SECONDS [20];
# IDLE_SECONDS [5]: the brokers' CPU while idle, measured once per setup (their own timers and idle long polls are
# part of every per-record figure, most visibly at the fixed rate); KPERF (a prebuilt kperf; default: built from
# BENCH_DIR, the folder holding kperf.c and build.sh, into the work folder); WORK_DIR (where ZooKeeper and the
# brokers keep their data; default: a temporary folder, removed at exit); BUILD [1] (0: use the binary as it is);
# TRIBUTARY_BIN [.build/release/tributary] (the broker binary, e.g. a baseline's); PERF_DIR (when set: `perf record
# -g` of every broker during the first flat-out run of each setup, one perf-<setup>-broker-<id>.data per broker,
# kept there); EXTRA_BROKER_CONFIG (key=value ... added
# to every broker's properties); WARM_PAGE_CACHE [1]: before each flat-out run, write and delete a file as large as
# what the brokers will write.
#
# Why WARM_PAGE_CACHE: most of a broker's CPU at 1 KiB records is the kernel copying records into the page cache,
# and on this virtual machine that copy costs 5-15x more in memory the guest has not touched lately (freed pages
# go back to the host within seconds) than in memory it just freed. RF=3 writes three times the bytes of RF=1,
# so without a common memory state the ratio measures the hypervisor. The pagecache_mb_per_s field of each RUN line
# is the warm-up's own write speed (low: memory was cold before the warm-up; the run itself then reuses it).
#
# On 2 shared cores the client uses more CPU than a broker at RF=1, so records/s compares the machine, not the
# brokers: read broker CPU per record for the replication cost.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

runs=${RUNS:-3}
count=${COUNT:-1000000}
rf1_count=${RF1_COUNT:-$count}
size=${SIZE:-1024}
partitions=${PARTITIONS:-6}
linger_ms=${LINGER_MS:-5}
rate=${RATE:-5000}
rate_seconds=${RATE_SECONDS:-20}
bench_dir=${BENCH_DIR:-}
bin=${TRIBUTARY_BIN:-$repo/.build/release/tributary}

if [ -n "${WORK_DIR:-}" ]; then
    mkdir -p "$WORK_DIR"
    work=$(mktemp -d "$WORK_DIR/bench-replication.XXXXXX")
else
    work=$(mktemp -d)
fi

declare -A broker_pids=()   # broker id -> pid of the running cluster
declare -A broker_ports=()
zk_pid=""

cleanup() {
    local pid
    for pid in "${broker_pids[@]}" $zk_pid; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${broker_pids[@]}" $zk_pid; do wait "$pid" 2>/dev/null || true; done
    if [ -z "${WORK_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "bench-replication: $*" >&2; exit 1; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
    local deadline=$((SECONDS + $1)) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || die "timed out after $1 s waiting for $what (logs in $work)"
        sleep 0.2
    done
}

# --- prerequisites ---------------------------------------------------------------------------------------------
scripts/install-deps.sh >/dev/null
if [ "${BUILD:-1}" = 1 ]; then swift build -c release --product tributary >/dev/null; fi
[ -x "$bin" ] || die "no $bin (build it, or BUILD=1)"
kperf=${KPERF:-$work/kperf}
if [ ! -x "$kperf" ]; then
    [ -x "$bench_dir/build.sh" ] ||
        die "no kperf: set KPERF to a kperf binary or BENCH_DIR to the folder holding build.sh"
    dpkg-query -W librdkafka-dev >/dev/null 2>&1 ||
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev >/dev/null
    site=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    RDKAFKA_LIB=$(ls "$site"/confluent_kafka.libs/librdkafka-*.so.1) OUT="$kperf" timeout 300 "$bench_dir/build.sh" >&2
fi
if [ -n "${PERF_DIR:-}" ]; then
    command -v perf >/dev/null || die "PERF_DIR is set but perf is not installed"
    mkdir -p "$PERF_DIR"
fi

echo "# machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# tributary $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo '+changes'), kperf $("$kperf" --version)"
echo "# $count records of $size B per flat-out run, $partitions partitions, linger.ms=$linger_ms, $runs runs;" \
     "latency at $rate records/s for $rate_seconds s"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
clk_tck=$(getconf CLK_TCK)

# --- ZooKeeper: one for the whole run; each cluster gets its own chroot ---------------------------------------
zk_port=$(free_port)
printf 'tickTime=2000\ndataDir=%s/zk\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\n' \
    "$work" "$zk_port" >"$work/zoo.cfg"
scripts/zookeeper.sh "$work/zoo.cfg" >"$work/zk.log" 2>&1 &
zk_pid=$!
zookeeper_ok() { [ "$(printf ruok | nc -w 1 127.0.0.1 "$zk_port")" = imok ]; }
wait_for 60 "ZooKeeper" zookeeper_ok

cluster_number=0
chroot=""

# start_cluster N: N brokers with ids 1..N under a fresh chroot and fresh log directories.
start_cluster() {
    local n=$1 id
    cluster_number=$((cluster_number + 1))
    chroot=/bench-replication-$cluster_number
    for id in $(seq 1 "$n"); do
        broker_ports[$id]=$(free_port)
        {
            echo "broker.id=$id"
            echo "listeners=PLAINTEXT://127.0.0.1:${broker_ports[$id]}"
            echo "log.dirs=$work/c$cluster_number/broker-$id"
            echo "zookeeper.connect=127.0.0.1:$zk_port$chroot"
            echo "offsets.topic.replication.factor=$n"
            echo "default.replication.factor=$n"
            echo "auto.create.topics.enable=false"
            echo "auto.leader.rebalance.enable=false"
            echo "group.initial.rebalance.delay.ms=0"
            for kv in ${EXTRA_BROKER_CONFIG:-}; do echo "$kv"; done
        } >"$work/c$cluster_number-broker-$id.properties"
        "$bin" server "$work/c$cluster_number-broker-$id.properties" >"$work/c$cluster_number-broker-$id.log" 2>&1 &
        broker_pids[$id]=$!
    done
    wait_for 90 "$n registered brokers and a controller" cluster_ready "$n"
    for id in $(seq 1 "$n"); do
        wait_for 60 "broker $id to answer" "$bin" topics list --bootstrap-server "127.0.0.1:${broker_ports[$id]}"
    done
}

cluster_ready() {
    "$bin" cluster describe --zookeeper "127.0.0.1:$zk_port$chroot" --output json |
        python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if len(d["brokers"])==int(sys.argv[1]) and d["controller"] else 1)' "$1"
}

stop_cluster() {
    local pid
    for pid in "${broker_pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in "${broker_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    broker_pids=()
    broker_ports=()
    # Free the page cache the logs took, so every cluster starts from the same memory state.
    rm -rf "$work/c$cluster_number"
}

bootstrap() {
    local id out=""
    for id in "${!broker_ports[@]}"; do out+="${out:+,}127.0.0.1:${broker_ports[$id]}"; done
    echo "$out"
}

# new_topic NAME RF [CONFIG...]: creates it and waits until every partition has a leader and a full ISR.
new_topic() {
    local name=$1 rf=$2; shift 2
    local configs=() kv
    for kv in "$@"; do configs+=(--config "$kv"); done
    "$bin" topics create "$name" --partitions "$partitions" --replication-factor "$rf" "${configs[@]}" \
        --bootstrap-server "$(bootstrap)" >/dev/null
    wait_for 60 "topic $name to be led with full ISRs" topic_ready "$name" "$rf"
}

topic_ready() {
    "$bin" topics describe "$1" --bootstrap-server "$(bootstrap)" --output json |
        python3 -c '
import json, sys
topics = json.load(sys.stdin)
parts = topics[0]["partitions"] if topics else []
ok = len(parts) == int(sys.argv[1]) and all(p["leader"] >= 0 and len(p["isr"]) == int(sys.argv[2]) for p in parts)
sys.exit(0 if ok else 1)' "$partitions" "$2"
}

# CPU seconds (utime+stime) summed over the running brokers.
brokers_cpu() {
    local pid sum=0 ticks
    for pid in "${broker_pids[@]}"; do
        ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
        sum=$((sum + ticks))
    done
    python3 -c "print($sum / $clk_tck)"
}

# Busy and total jiffies of the whole machine (every core), from /proc/stat.
machine_jiffies() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6}' /proc/stat; }

# "segments bytes": data segments sent and bytes received on every connection a broker opened to a broker's
# listener. During a flat-out run only the replica fetchers use theirs (the controller's connections stay idle
# while no topic or broker changes), and a fetch request is small enough to leave in one segment.
fetch_counters() {
    local ports="" id
    for id in "${!broker_ports[@]}"; do ports+="${ports:+|}${broker_ports[$id]}"; done
    local pids="" pid
    for pid in "${broker_pids[@]}"; do pids+="${pids:+|}$pid"; done
    ss -tinpH state established 2>/dev/null | python3 -c '
import re, sys
ports = set(sys.argv[1].split("|")); pids = set(sys.argv[2].split("|"))
segs = bytes_in = 0
lines = sys.stdin.read().split("\n")
# ss prints each socket on one line, its tcp_info on the next (indented) with -H; join them.
blocks, current = [], ""
for line in lines:
    if line and not line[0].isspace():
        if current: blocks.append(current)
        current = line
    else:
        current += " " + line
if current: blocks.append(current)
for b in blocks:
    fields = b.split()
    if len(fields) < 4: continue
    peer_port = fields[3].rsplit(":", 1)[-1]
    owner = re.search(r"pid=(\d+)", b)
    if peer_port not in ports or not owner or owner.group(1) not in pids: continue
    s = re.search(r"data_segs_out:(\d+)", b); r = re.search(r"bytes_received:(\d+)", b)
    segs += int(s.group(1)) if s else 0
    bytes_in += int(r.group(1)) if r else 0
print(segs, bytes_in)' "$ports" "$pids"
}

# warm_page_cache MB: writes MB MiB into the page cache next to the logs and deletes them, so that the run's own
# writes reuse just-freed memory; prints the write speed in MB/s.
warm_page_cache() {
    local mb=$1 started elapsed
    started=$(date +%s%N)
    dd if=/dev/zero of="$work/warm-page-cache" bs=1M count="$mb" status=none
    elapsed=$(( $(date +%s%N) - started ))
    rm -f "$work/warm-page-cache"
    echo $(( mb * 1048576 * 1000 / elapsed ))
}

results=$work/results.txt
: >"$results"

# flat_out SETUP RUN TOPIC ACKS RF COUNT: one flat-out kperf run; prints kperf's RESULT and a RUN line.
flat_out() {
    local setup=$1 run=$2 topic=$3 acks=$4 rf=$5 count=$6
    local cpu0 cpu1 m0 m1 f0 f1 line perf_pids=() id pagecache=-
    if [ -n "${PERF_DIR:-}" ] && [ "$run" = 1 ]; then
        for id in "${!broker_pids[@]}"; do
            perf record -g -F 499 -p "${broker_pids[$id]}" -o "$PERF_DIR/perf-$setup-broker-$id.data" >/dev/null 2>&1 &
            perf_pids+=($!)
        done
        sleep 1
    fi
    if [ "${WARM_PAGE_CACHE:-1}" = 1 ]; then
        pagecache=$(warm_page_cache $(( count * size * rf * 11 / 10 / 1048576 + 64 )))
    fi
    read -r f0 fb0 < <(fetch_counters)
    read -r m0 mt0 < <(machine_jiffies)
    cpu0=$(brokers_cpu)
    line=$(timeout 600 "$kperf" produce --bootstrap "$(bootstrap)" --topic "$topic" --count "$count" --size "$size" \
        --acks "$acks" --linger-ms "$linger_ms" --timeout-s 300 --label "$setup" | grep '^RESULT') ||
        die "kperf failed in $setup run $run"
    cpu1=$(brokers_cpu)
    read -r m1 mt1 < <(machine_jiffies)
    read -r f1 fb1 < <(fetch_counters)
    for id in "${perf_pids[@]}"; do kill -INT "$id" 2>/dev/null || true; done
    for id in "${perf_pids[@]}"; do wait "$id" 2>/dev/null || true; done
    echo "$line"
    python3 - "$setup" "$run" "$line" "$cpu0" "$cpu1" "$m0" "$mt0" "$m1" "$mt1" "$f0" "$f1" "$fb0" "$fb1" \
        "${#broker_pids[@]}" "$pagecache" <<'PY' | tee -a "$results"
import os, sys
ncpu = os.cpu_count()
setup, run, line = sys.argv[1:4]
cpu0, cpu1, m0, mt0, m1, mt1, f0, f1, fb0, fb1, brokers = map(float, sys.argv[4:15])
pagecache = sys.argv[15]
kv = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
if kv.get("status") != "ok":
    sys.exit(f"kperf status {kv.get('status')}: {line}")
msgs, secs = float(kv["msgs"]), float(kv["secs"])
cpu = cpu1 - cpu0
busy = (m1 - m0) / (mt1 - mt0) * ncpu if mt1 > mt0 else 0
print(f"RUN setup={setup} run={run} brokers={brokers:.0f} records_per_s={float(kv['msgs_per_s']):.0f} "
      f"mb_per_s={float(kv['mb_per_s']):.0f} secs={secs:.3f} broker_cpu_s={cpu:.2f} "
      f"broker_cpu_us_per_record={cpu / msgs * 1e6:.3f} broker_cores_busy={cpu / secs:.2f} "
      f"client_cpu_s={kv['client_cpu_s']} machine_cores_busy={busy:.2f} "
      f"follower_fetches_per_s={(f1 - f0) / secs:.0f} fetched_bytes_per_fetch={(fb1 - fb0) / max(1, f1 - f0):.0f} "
      f"p50_ms={kv['p50_ms']} p99_ms={kv['p99_ms']} pagecache_mb_per_s={pagecache}")
PY
}

# idle SETUP: the brokers' CPU while nothing is produced, in ms per second.
idle() {
    local setup=$1 secs=${IDLE_SECONDS:-5} cpu0 cpu1
    cpu0=$(brokers_cpu)
    sleep "$secs"
    cpu1=$(brokers_cpu)
    python3 -c "print(f'IDLE setup=$setup brokers=${#broker_pids[@]} broker_cpu_ms_per_s={($cpu1 - $cpu0) * 1000 / $secs:.1f}')" |
        tee -a "$results"
}

# rated SETUP TOPIC ACKS: kperf at RATE records/s for RATE_SECONDS; prints RESULT and a LAT line.
rated() {
    local setup=$1 topic=$2 acks=$3 line cpu0 cpu1 f0 f1 fb0 fb1
    read -r f0 fb0 < <(fetch_counters)
    cpu0=$(brokers_cpu)
    line=$(timeout 600 "$kperf" produce --bootstrap "$(bootstrap)" --topic "$topic" --count $((rate * rate_seconds)) \
        --size "$size" --acks "$acks" --linger-ms "$linger_ms" --rate "$rate" --timeout-s 300 --label "$setup" |
        grep '^RESULT') || die "kperf failed in $setup"
    cpu1=$(brokers_cpu)
    read -r f1 fb1 < <(fetch_counters)
    echo "$line"
    python3 - "$setup" "$line" "$cpu0" "$cpu1" "$f0" "$f1" <<'PY' | tee -a "$results"
import sys
setup, line = sys.argv[1:3]
cpu = float(sys.argv[4]) - float(sys.argv[3])
fetches = float(sys.argv[6]) - float(sys.argv[5])
kv = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
if kv.get("status") != "ok":
    sys.exit(f"kperf status {kv.get('status')}: {line}")
print(f"LAT setup={setup} offered={kv['msgs']}/{kv['secs']}s records_per_s={kv['msgs_per_s']} "
      f"p50_ms={kv['p50_ms']} p99_ms={kv['p99_ms']} p999_ms={kv['p999_ms']} max_ms={kv['max_ms']} "
      f"broker_cpu_us_per_record={cpu / float(kv['msgs']) * 1e6:.2f} "
      f"follower_fetches_per_s={fetches / float(kv['secs']):.0f}")
PY
}

for run in $(seq 1 "$runs"); do
    start_cluster 1
    if [ "$run" = 1 ]; then
        new_topic rated1 1
        idle rf1-acks-1
        rated "rf1-acks-1@${rate}" rated1 1
    fi
    new_topic flat1 1
    flat_out rf1-acks-1 "$run" flat1 1 1 "$rf1_count"
    stop_cluster

    start_cluster 3
    if [ "$run" = 1 ]; then
        new_topic rated3 3 min.insync.replicas=2
        idle rf3-acks-all
        rated "rf3-acks-all@${rate}" rated3 all
    fi
    new_topic flat3 3 min.insync.replicas=2
    flat_out rf3-acks-all "$run" flat3 all 3 "$count"
    stop_cluster
done

# --- summary ---------------------------------------------------------------------------------------------------
python3 - "$results" <<'PY'
import statistics, sys
runs = {}
lat = []
idle = []
for line in open(sys.argv[1]):
    kv = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
    if line.startswith("RUN "):
        runs.setdefault(kv["setup"], []).append(kv)
    elif line.startswith("LAT "):
        lat.append(kv)
    elif line.startswith("IDLE "):
        idle.append(kv)
def col(setup, key):
    return [float(r[key]) for r in runs.get(setup, [])]
def fmt(values, digits=0):
    return " / ".join(f"{v:,.{digits}f}" for v in values) if values else "-"
print()
print("| setup | records/s | broker CPU µs/record | broker cores busy | follower fetches/s | page-cache warm-up MB/s |")
print("| --- | --- | --- | --- | --- | --- |")
for setup in ("rf1-acks-1", "rf3-acks-all"):
    print(f"| {setup} | {fmt(col(setup, 'records_per_s'))} | {fmt(col(setup, 'broker_cpu_us_per_record'), 2)} "
          f"| {fmt(col(setup, 'broker_cores_busy'), 2)} | {fmt(col(setup, 'follower_fetches_per_s'))} "
          f"| {' / '.join(r['pagecache_mb_per_s'] for r in runs.get(setup, []))} |")
one, three = col("rf1-acks-1", "broker_cpu_us_per_record"), col("rf3-acks-all", "broker_cpu_us_per_record")
r1, r3 = col("rf1-acks-1", "records_per_s"), col("rf3-acks-all", "records_per_s")
if one and three:
    print(f"\nCPU per record, RF=3 acks=all / RF=1 acks=1 (medians): "
          f"{statistics.median(three) / statistics.median(one):.2f}x (target <= 3.5x); "
          f"records/s: {statistics.median(r3) / statistics.median(r1) * 100:.0f} % of RF=1 (target >= 50 %)")
for kv in lat:
    print(f"latency {kv['setup']}: {kv['records_per_s']} records/s, p50 {kv['p50_ms']} ms, p99 {kv['p99_ms']} ms, "
          f"p99.9 {kv['p999_ms']} ms, max {kv['max_ms']} ms, broker CPU {kv['broker_cpu_us_per_record']} µs/record, "
          f"follower fetches {kv['follower_fetches_per_s']}/s")
for kv in idle:
    print(f"idle {kv['setup']}: {kv['brokers']} broker(s) use {kv['broker_cpu_ms_per_s']} ms of CPU per second")
PY
