#!/usr/bin/env bash
# Alternates the queue benchmark between the core of an older revision and the working tree's, in one
# session, so the two are compared under the same machine conditions (docs/benchmarks.md, "Aged
# priority queue"). Usage: scripts/bench-queue-ab.sh OLD_REV [ROUNDS]
set -euo pipefail
old_rev=${1:?usage: scripts/bench-queue-ab.sh OLD_REV [ROUNDS]}
rounds=${2:-2}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
old_tree=$(mktemp -d)
trap 'git worktree remove --force "$old_tree" >/dev/null 2>&1 || true' EXIT
git worktree add -q --detach "$old_tree" "$old_rev"
(cd "$old_tree" && mvn -B -q -pl core -DskipTests package)
cp_new="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
cp_old=${cp_new//"$root/core/target/homeostat-core-0.1.0-SNAPSHOT.jar"/"$old_tree/core/target/homeostat-core-0.1.0-SNAPSHOT.jar"}
uptime
for round in $(seq 1 "$rounds"); do
  for v in old new; do
    if [ "$v" = old ]; then cp=$cp_old; else cp=$cp_new; fi
    echo "=== round $round: $v ($([ "$v" = old ] && echo "$old_rev" || echo "working tree")) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$cp" io.homeostat.bench.core.AgedPriorityQueueBenchmark 2>&1 | tail -6
  done
done
uptime
