# Sourced by the kperf benchmarks (bench.sh, bench-tls.sh), from the repository root: installs and builds the broker
# and kperf, prints the machine, and starts a ZooKeeper on a free loopback port. Expects `bench_dir` (the kperf
# folder) and `work` (a scratch folder the caller removes); sets `kperf` and `zk_port`; defines `free_port` and
# `cpu_seconds` (utime+stime of the process `broker_pid`, once the caller has set it).
scripts/install-deps.sh >/dev/null
dpkg-query -W librdkafka-dev >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librdkafka-dev iperf3 >/dev/null
swift build -c release --product tributary >/dev/null
kperf=${KPERF:-$work/kperf}
if [ ! -x "$kperf" ]; then
    site=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    RDKAFKA_LIB=$(ls "$site"/confluent_kafka.libs/librdkafka-*.so.1) OUT="$kperf" "$bench_dir/build.sh" >&2
fi
echo "# machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(uname -r)"
echo "# tributary $(git rev-parse --short HEAD), kperf $("$kperf" --version)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
zk_port=$(free_port)
printf 'tickTime=2000\ndataDir=%s/zk\nclientPort=%s\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n4lw.commands.whitelist=ruok\n' \
    "$work" "$zk_port" >"$work/zoo.cfg"
scripts/zookeeper.sh "$work/zoo.cfg" >"$work/zk.log" 2>&1 &
until [ "$(printf ruok | nc -w 1 127.0.0.1 "$zk_port")" = imok ]; do sleep 0.2; done

cpu_seconds() { # utime+stime of the broker, in seconds
    awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$broker_pid/stat"
}
