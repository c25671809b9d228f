#!/usr/bin/env bash
# Lays out the broker image's root file system in a directory: exactly what scripts/Dockerfile's final stage
# copies into an empty image. Runs without Docker, so the image's contents are tested where no engine runs.
#
#   scripts/build-image.sh [ROOTFS]          default: .build/image/rootfs
#
# Builds `tributary` with the Swift standard library linked in, unless TRIBUTARY_BIN names a binary to reuse (the
# test suite reuses its release build; its Swift libraries are then collected like any other). The root file system
# holds the binary, every shared library `ldd` lists (with the dynamic loader) at its own path, a `tributary` user
# (uid 1000) owning /var/lib/tributary, and nothing else: no shell, no Java.
set -euo pipefail
cd "$(dirname "$0")/.."
rootfs=${1:-.build/image/rootfs}

binary=${TRIBUTARY_BIN:-}
if [ -z "$binary" ]; then
    swift build -c release --product tributary --static-swift-stdlib
    binary="$(swift build -c release --product tributary --static-swift-stdlib --show-bin-path)/tributary"
fi
[ -x "$binary" ] || { echo "error: $binary is not an executable" >&2; exit 1; }

rm -rf "$rootfs"
# /proc is where the container runtime mounts proc (Swift reads its arguments from /proc/self/cmdline).
mkdir -p "$rootfs/usr/local/bin" "$rootfs/etc/tributary" "$rootfs/var/lib/tributary/data" "$rootfs/tmp" "$rootfs/proc"
chmod 1777 "$rootfs/tmp"
cp "$binary" "$rootfs/usr/local/bin/tributary"

# Shared libraries at the paths the loader searches, the loader itself, and libgcc_s, which glibc opens at run
# time (thread cancellation and unwinding) without the binary naming it.
copy_library() {
    mkdir -p "$rootfs$(dirname "$1")"
    cp -L "$1" "$rootfs$1"
}
libraries=$(ldd "$binary") || { echo "error: ldd $binary failed" >&2; exit 1; }
if grep -q "not found" <<<"$libraries"; then
    echo "error: $binary needs libraries this machine lacks:" >&2
    grep "not found" <<<"$libraries" >&2
    exit 1
fi
while read -r line; do
    case $line in
        *"=> /"*) path=${line#*=> }; copy_library "${path%% (*}" ;;
        /*) copy_library "${line%% (*}" ;;
    esac  # anything else is the kernel's vDSO, which has no file
done <<<"$libraries"
for extra in /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/aarch64-linux-gnu/libgcc_s.so.1; do
    [ -e "$extra" ] && copy_library "$extra"
done

cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/nonexistent
tributary:x:1000:1000:tributary:/var/lib/tributary:/nonexistent
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
tributary:x:1000:
GROUP
echo "hosts: files dns" >"$rootfs/etc/nsswitch.conf"
[ "$(id -u)" -ne 0 ] || chown -R 1000:1000 "$rootfs/var/lib/tributary"

if find "$rootfs" -iname '*java*' -o -name 'libjvm*' | grep -q .; then
    echo "error: the broker image must not contain a Java runtime" >&2
    exit 1
fi
# The image's own check, where root may chroot: the binary runs with nothing but what was collected (and the
# /proc a container gets).
if [ "$(id -u)" -eq 0 ] && command -v chroot >/dev/null && mount --bind /proc "$rootfs/proc" 2>/dev/null; then
    trap 'umount "$rootfs/proc" 2>/dev/null || true' EXIT
    version=$(chroot "$rootfs" /usr/local/bin/tributary --version) || version=""
    umount "$rootfs/proc"
    trap - EXIT
    [[ $version =~ ^[0-9]+\.[0-9]+ ]] || { echo "error: the binary does not run in $rootfs" >&2; exit 1; }
    echo "tributary $version runs in the image"
fi
echo "rootfs: $rootfs ($(du -sh "$rootfs" | cut -f1), $(find "$rootfs" -type f | wc -l) files)"
