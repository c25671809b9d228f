#!/usr/bin/env bash
# The local development cluster: a ZooKeeper (unless ZOOKEEPER_CONNECT names an external ensemble) and three
# brokers from conf/, data and logs under data/.
#
#   scripts/cluster.sh start    install what is missing, build, start, wait, describe, and show a round trip
#   scripts/cluster.sh stop     SIGTERM the brokers (controlled shutdown), then ZooKeeper
#   scripts/cluster.sh status   describe the cluster
#
# ZOOKEEPER_CONNECT=host:port[,host:port][/chroot] uses that ensemble instead of starting one.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/release/tributary
run_dir=data/run
log_dir=data/logs
zookeeper_connect=${ZOOKEEPER_CONNECT:-127.0.0.1:2181/tributary}
brokers=(1 2 3)

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
    local deadline=$((SECONDS + $1)) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for $what" >&2; return 1; fi
        sleep 0.2
    done
}

zookeeper_ok() { [ "$(printf ruok | nc -w 1 127.0.0.1 2181)" = imok ]; }

cluster_ready() {
    "$bin" cluster describe --zookeeper "$zookeeper_connect" --output json |
        python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if len(d["brokers"])==3 and d["controller"] else 1)'
}

start() {
    scripts/install-deps.sh
    swift build -c release --product tributary
    mkdir -p "$run_dir" "$log_dir"
    if [ -z "${ZOOKEEPER_CONNECT:-}" ]; then
        if ! pid_alive "$run_dir/zookeeper.pid"; then
            echo "starting ZooKeeper on 127.0.0.1:2181 (log: $log_dir/zookeeper.log)"
            nohup scripts/zookeeper.sh conf/zookeeper.properties >"$log_dir/zookeeper.log" 2>&1 &
            echo $! >"$run_dir/zookeeper.pid"
        fi
        wait_for 30 "ZooKeeper" zookeeper_ok
    else
        echo "using the external ZooKeeper $zookeeper_connect"
    fi
    for id in "${brokers[@]}"; do
        if pid_alive "$run_dir/broker-$id.pid"; then continue; fi
        echo "starting broker $id (log: $log_dir/broker-$id.log)"
        nohup "$bin" server "conf/server-$id.properties" --override "zookeeper.connect=$zookeeper_connect" \
            >"$log_dir/broker-$id.log" 2>&1 &
        echo $! >"$run_dir/broker-$id.pid"
    done
    wait_for 60 "three registered brokers and a controller" cluster_ready
    "$bin" cluster describe --zookeeper "$zookeeper_connect"
    demo
}

# Shows the cluster working end to end: a replicated topic, three records in, the same three records out.
demo() {
    echo
    echo "round trip through topic 'demo':"
    "$bin" topics create demo --partitions 3 --replication-factor 3 --bootstrap-server 127.0.0.1:9092 --if-not-exists
    printf 'hello\nfrom\ntributary\n' | "$bin" produce demo --bootstrap-server 127.0.0.1:9092
    "$bin" consume demo --from-beginning --max-messages 3 --bootstrap-server 127.0.0.1:9092
}

stop() {
    for id in "${brokers[@]}"; do
        if pid_alive "$run_dir/broker-$id.pid"; then kill -TERM "$(cat "$run_dir/broker-$id.pid")"; fi
    done
    for id in "${brokers[@]}"; do
        local pid_file="$run_dir/broker-$id.pid"
        if pid_alive "$pid_file"; then
            wait_for 60 "broker $id to stop" bash -c "! kill -0 $(cat "$pid_file") 2>/dev/null" ||
                kill -KILL "$(cat "$pid_file")"
        fi
        rm -f "$pid_file"
    done
    if pid_alive "$run_dir/zookeeper.pid"; then
        kill -TERM "$(cat "$run_dir/zookeeper.pid")"
        rm -f "$run_dir/zookeeper.pid"
    fi
    echo "stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) "$bin" cluster describe --zookeeper "$zookeeper_connect" ;;
    *) echo "usage: scripts/cluster.sh start|stop|status" >&2; exit 2 ;;
esac
