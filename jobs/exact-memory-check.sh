#!/usr/bin/env bash
# --exact on 20M rows of one feature with 90 % ties, in local mode with Spark's default 1 GiB heap.
#   jobs/exact-memory-check.sh [ROWS] [DIR]     (prints exact_memory_check=ok on success)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -f "$ROOT/target/spark-drift.jar" || -n "$(find "$ROOT/src/main" "$ROOT/src/tools" "$ROOT/pom.xml" -newer "$ROOT/target/spark-drift.jar" -print -quit)" ]]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2046
exec java $(cat "$ROOT/target/jvm-flags.txt") -Xmx1g -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/target/spark-drift.jar:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")" io.sparkdrift.bench.ExactMemoryCheck "$@"
