#!/usr/bin/env bash
# Fuzzes every decoding surface with libFuzzer + AddressSanitizer (Sources/Fuzz): request header and bodies,
# responses, record batches with every codec and old (magic 0/1) message sets, znode JSON, properties files, and
# the transaction state read back from disk (.txnindex, .snapshot, __transaction_state records).
#
#   scripts/fuzz.sh [seconds-per-target] [target…]     default: 60 seconds each, every target
#   FUZZ_JOBS=2 scripts/fuzz.sh 1200                     two targets at a time (one core each)
#
# Builds the `Fuzz` executable with coverage instrumentation and ASan in its own scratch path (.build-fuzz),
# seeds each target from the golden fixtures, runs the targets one after another, prints executions per target
# and in total, and exits 1 if any target found a crash (the input is kept under .build-fuzz/artifacts/).
# The corpus each run grows is kept in .build-fuzz/corpus/<target> for the next run.
# A normal build's `Fuzz <target> file…` (or this build's) replays saved inputs, e.g. Tests/Fuzz/Reproducers.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(requests responses records znodes properties txnindex snapshot txnstate)
scratch=.build-fuzz

# SwiftPM renames an executable's main, which clashes with libFuzzer's, so -sanitize=fuzzer cannot link it:
# instrument with -sanitize-coverage (what -sanitize=fuzzer turns on) and link libFuzzer without its main;
# Sources/Fuzz calls LLVMFuzzerRunDriver itself when built with -DFUZZING.
resources=$(swiftc -print-target-info | python3 -c 'import json,sys; print(json.load(sys.stdin)["paths"]["runtimeResourcePath"])')
libfuzzer=$(ls "$resources"/../clang/*/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a | head -n 1)
mkdir -p "$scratch"
swift build -c release --scratch-path "$scratch" --product Fuzz \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
    -Xswiftc -DFUZZING -Xlinker "$libfuzzer" -Xlinker -lstdc++ >"$scratch/build.log" 2>&1 ||
    { grep -v "Cannot export local symbol" "$scratch/build.log" | tail -n 40 >&2; echo "fuzz build failed" >&2; exit 1; }
fuzz="$scratch/release/Fuzz"

# Seeds: the golden fixtures, in each target's input format (see Sources/Fuzz/*Targets.swift).
rm -rf "$scratch/seeds"
python3 - "$scratch/seeds" <<'PY'
import os, re, sys, glob
out = sys.argv[1]
def write(target, name, data):
    os.makedirs(f"{out}/{target}", exist_ok=True)
    with open(f"{out}/{target}/{name}", "wb") as f: f.write(data)
keys = {}
for line in open("Sources/KafkaProtocol/Generated/ApiKey.swift"):
    m = re.match(r"\s*case (\w+) = (\d+)$", line)
    if m: keys[m.group(1).lower()] = int(m.group(2))
for path in glob.glob("Tests/KafkaProtocolTests/Fixtures/*.hex"):
    name = os.path.basename(path)[:-4]
    m = re.match(r"(.+)-v(\d+)-(request|response)-", name)
    data = bytes.fromhex("".join(open(path).read().split()))
    if m.group(3) == "request":
        write("requests", name, data)
    elif m.group(1).replace("-", "") in keys:
        key = keys[m.group(1).replace("-", "")]
        write("responses", name, key.to_bytes(2, "big") + int(m.group(2)).to_bytes(2, "big") + data)
fixtures = open("Tests/KafkaRecordsTests/KafkaPythonFixtures.swift").read()
batches = re.findall(r'name: "(\w+)",\s*hex: "([0-9a-f]*)",\s*compression: (\d+)', fixtures)
for name, hexdata, codec in batches:
    batch = bytes.fromhex(hexdata)
    write("records", f"{name}-batch", b"\x05" + batch)
    write("records", f"{name}-batch-signed", b"\x0d" + batch)
    write("records", f"{name}-payload", bytes([int(codec)]) + batch[61:])
write("records", "two-batches", b"\x05" + bytes.fromhex(batches[1][1]) + bytes.fromhex(batches[2][1]))
# Message sets of magic 0/1 (mode bit 4), as kafka-python writes them: selector 0x10 plain, 0x18 size and CRC refit.
legacy = re.findall(r'\((\d), \.(\w+), "([0-9a-f]+)"((?:\s*\+\s*"[0-9a-f]+")*)\)',
                    open("Tests/KafkaRecordsTests/LegacyMessageSetTests.swift").read())
for magic, codec, first, rest in legacy:
    data = bytes.fromhex(first + "".join(re.findall(r'"([0-9a-f]+)"', rest)))
    write("records", f"legacy-{magic}-{codec}", b"\x10" + data)
    write("records", f"legacy-{magic}-{codec}-signed", b"\x18" + data)
jsons = set(re.findall(r'#"(\{.*?\})"#', open("Tests/ClusterMetadataTests/ZNodeCodecTests.swift").read()))
for index, text in enumerate(sorted(jsons)):
    for selector in range(13):
        write("znodes", f"{selector}-{index}", bytes([selector]) + text.encode())
write("znodes", "2-epoch", b"\x02 17\n")
write("znodes", "12-uuid", b"\x0cqC3Yb9mYS2uTnZ1Z8pH3eQ")
for path in glob.glob("conf/*.properties"):
    write("properties", os.path.basename(path), open(path, "rb").read())
write("properties", "continued", b"a=1\\\n  2\nb : x\n! c\n# d\n\n e\\\n")
PY

export SWIFT_BACKTRACE=enable=no   # let libFuzzer, not Swift's backtracer, handle traps
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:handle_abort=1:symbolize=1}
# FUZZ_JOBS targets run at once (default 1); each is one libFuzzer process on one core.
jobs=${FUZZ_JOBS:-1}
run_target() {
    local target=$1
    local corpus="$scratch/corpus/$target" artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts" "$scratch/logs" "$scratch/seeds/$target"
    local log="$scratch/logs/$target.log"
    local flags=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -malloc_limit_mb=512 -print_final_stats=1
                 -artifact_prefix="$artifacts/")
    [ "$target" = records ] && flags+=(-max_len=16384)
    [ -f "Tests/Fuzz/Dictionaries/$target.dict" ] && flags+=(-dict="Tests/Fuzz/Dictionaries/$target.dict")
    local result=ok
    "$fuzz" "$target" "${flags[@]}" "$corpus" "$scratch/seeds/$target" >"$log" 2>&1 || result="CRASH (see $log)"
    echo "$result" >"$scratch/logs/$target.result"
}
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
    run_target "$target" &
done
wait

total=0
failed=()
printf '%-12s %14s %10s  %s\n' target executions exec/s result
for target in "${targets[@]}"; do
    log="$scratch/logs/$target.log"
    result=$(cat "$scratch/logs/$target.result" 2>/dev/null || echo "no result (see $log)")
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(grep -o '^#[0-9]*' "$log" | tail -n 1 | tr -d '#' || true)
    runs=${runs:-0}
    total=$((total + runs))
    printf '%-12s %14s %10s  %s\n' "$target" "$runs" "$((runs / (seconds > 0 ? seconds : 1)))" "$result"
    [ "$result" = ok ] || { failed+=("$target"); grep -A 30 -m 1 'ERROR:\|Fatal error\|deadly signal' "$log" >&2 || true; }
done
printf '%-12s %14s\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found crashes in: ${failed[*]} (inputs under $scratch/artifacts/)" >&2
    exit 1
fi
