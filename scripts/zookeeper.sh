#!/usr/bin/env bash
# Runs a standalone ZooKeeper server from Debian's `zookeeper` package as a plain Java process, in the
# foreground: scripts/zookeeper.sh CONFIG_FILE. Relative dataDir paths in CONFIG_FILE are relative to the
# current directory.
set -euo pipefail
config=${1:?usage: scripts/zookeeper.sh CONFIG_FILE}
classpath="/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"
[ -f /usr/share/java/zookeeper.jar ] || { echo "ZooKeeper is not installed (apt-get install zookeeper)" >&2; exit 1; }
data_dir=$(sed -n 's/^dataDir=//p' "$config")
[ -n "$data_dir" ] && mkdir -p "$data_dir"
exec java -Xms64m -Xmx512m -Dzookeeper.admin.enableServer=false -cp "$classpath" \
    org.apache.zookeeper.server.ZooKeeperServerMain "$config"
