#!/usr/bin/env bash
# TLS against plaintext in one run: one broker with a PLAINTEXT and an SSL listener (ssl.client.auth=required, EC
# P-256 certificates made here with openssl), one topic of 6 partitions per measurement, acks=1; produce and
# consume throughput for 100-byte and 1 KiB records with the librdkafka load driver (kperf, from the shared bench
# folder), alternating the two listeners within each run so both see the same machine state. The SSL runs pass
# librdkafka's SSL properties with kperf's -X; consume over TLS exercises the copying fetch path (no sendfile).
#
#   BENCH_DIR=<kperf folder> scripts/bench-tls.sh        prints RESULT/BROKER lines to stdout
#
# Environment: BENCH_DIR (where kperf.c and build.sh are), COUNT_SMALL [1000000], COUNT_LARGE [250000], RUNS [3],
# KPERF (a prebuilt kperf; default: built into a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bench_dir=${BENCH_DIR:?set BENCH_DIR to the folder holding kperf.c and build.sh}
runs=${RUNS:-3}
count_small=${COUNT_SMALL:-1000000}
count_large=${COUNT_LARGE:-250000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

source scripts/bench-common.sh
echo "# $(openssl version)"

# A CA, the broker's certificate for 127.0.0.1 and a client certificate.
pki=$work/pki
mkdir -p "$pki"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
(
    cd "$pki"
    openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
    for name in broker client; do
        openssl req -new "${ec[@]}" -keyout "$name.key" -out "$name.csr" -subj "/CN=$name" 2>/dev/null
        echo "subjectAltName=IP:127.0.0.1" >"$name.ext"
        openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 2 \
            -extfile "$name.ext" 2>/dev/null
    done
    cat broker.key broker.pem ca.pem >broker.keystore.pem
)

plain_port=$(free_port)
ssl_port=$(free_port)

cat >"$work/broker.properties" <<PROPS
broker.id=1
listeners=PLAINTEXT://127.0.0.1:$plain_port,SSL://127.0.0.1:$ssl_port
log.dirs=$work/data
zookeeper.connect=127.0.0.1:$zk_port/bench
offsets.topic.replication.factor=1
auto.create.topics.enable=false
ssl.keystore.type=PEM
ssl.keystore.location=$pki/broker.keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$pki/ca.pem
ssl.client.auth=required
PROPS
.build/release/tributary server "$work/broker.properties" 2>"$work/broker.log" &
broker_pid=$!
until .build/release/tributary topics list --bootstrap-server "127.0.0.1:$plain_port" >/dev/null 2>&1; do sleep 0.2; done

ssl_options=(-X security.protocol=ssl -X "ssl.ca.location=$pki/ca.pem" -X "ssl.certificate.location=$pki/client.pem"
             -X "ssl.key.location=$pki/client.key")

# measure LISTENER LABEL KPERF-ARGS...: runs kperf on that listener, prints its RESULT line and the broker's CPU.
measure() {
    local listener=$1 label=$2; shift 2
    local before after bootstrap extra=()
    if [ "$listener" = ssl ]; then bootstrap=127.0.0.1:$ssl_port; extra=("${ssl_options[@]}")
    else bootstrap=127.0.0.1:$plain_port; fi
    before=$(cpu_seconds)
    "$kperf" "$@" "${extra[@]}" --bootstrap "$bootstrap" --label "$listener-$label" | grep '^RESULT'
    after=$(cpu_seconds)
    echo "BROKER label=$listener-$label broker_cpu_s=$(python3 -c "print(round($after - $before, 3))")"
}

new_topic() {
    local name="bench-$(date +%s%N)"
    .build/release/tributary topics create "$name" --partitions 6 --replication-factor 1 \
        --bootstrap-server "127.0.0.1:$plain_port" >/dev/null
    echo "$name"
}

for run in $(seq 1 "$runs"); do
    for listener in plaintext ssl; do
        t=$(new_topic)
        measure "$listener" "produce-100B" produce --topic "$t" --count "$count_small" --size 100 --acks 1 --linger-ms 5
        measure "$listener" "consume-100B" consume --topic "$t" --count "$count_small"
        t=$(new_topic)
        measure "$listener" "produce-1KiB" produce --topic "$t" --count "$count_large" --size 1024 --acks 1 --linger-ms 5
        measure "$listener" "consume-1KiB" consume --topic "$t" --count "$count_large"
    done
done
