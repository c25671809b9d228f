#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what is missing, builds once (release, tests included),
# runs the Swift suites (unit, storage, codec, and those against a real ZooKeeper they start themselves),
# then the process-level suite (real ZooKeeper, real broker processes, kcat, confluent-kafka, kafka-python).
#
#   scripts/test.sh              everything
#   scripts/test.sh swift        only the Swift suites
#   scripts/test.sh integration  only the process-level suite (builds the broker first)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

scripts/install-deps.sh

# One build serves both suites: the test bundle and the `tributary` binary the integration suite starts.
swift build -c release --build-tests

status=0
if [ "$what" = all ] || [ "$what" = swift ]; then
    swift test -c release --skip-build || status=1
    scripts/fuzz.sh 12 || status=1  # about a minute of libFuzzer over every decoding surface (own ASan build)
fi
if [ "$what" = all ] || [ "$what" = integration ]; then
    export TRIBUTARY_BIN="$PWD/.build/release/tributary"
    # Two workers: each test starts its own brokers on free ports under its own ZooKeeper chroot.
    python3 -m pytest Tests/integration -n 2 --dist loadgroup -p no:cacheprovider --timeout 600 -q || status=1
fi
exit $status
