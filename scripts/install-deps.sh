#!/usr/bin/env bash
# Installs what building, running and testing Tributary needs on Debian 12: the ZooKeeper server and C client,
# the compression libraries, kcat, Go with Debian's sarama (a Go Kafka client), Burrow, the Python clients the
# integration suite drives, openssl (the TLS tests make their certificates), and the tools the fault suite injects
# faults with. Idempotent: skips what is already there. Swift itself is expected on PATH (swift.org toolchain).
set -euo pipefail

debian_packages=(zookeeper libzookeeper-mt-dev libzstd-dev liblz4-dev libsnappy-dev zlib1g-dev kcat netcat-openbsd
                 golang-go golang-github-shopify-sarama-dev openssl
                 burrow  # a consumer-lag monitor speaking Kafka 0.10
                 iproute2 util-linux mount e2fsprogs)  # the fault suite: namespaces, tc, nsenter, loop-mounted ext4
python_packages=(pytest pytest-xdist pytest-timeout confluent-kafka kafka-python lz4 zstandard cramjam python-snappy
                 kazoo pyyaml)

missing=()
for package in "${debian_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! python3 - "${python_packages[@]}" <<'PY' 2>/dev/null
import importlib.metadata, sys
for name in sys.argv[1:]:
    importlib.metadata.version(name)
PY
then
    echo "installing Python packages: ${python_packages[*]}"
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "${python_packages[@]}"
fi

command -v swift >/dev/null || { echo "swift is not on PATH: install a Swift 6.1+ toolchain first" >&2; exit 1; }
