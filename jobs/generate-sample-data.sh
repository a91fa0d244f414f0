#!/usr/bin/env bash
# Regenerates sample-data/events from the fixed seed in io.sparkdrift.sample.SampleDataGenerator.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$ROOT" && mvn -q -B -DskipTests package) >&2
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2046
java $(cat "$ROOT/target/jvm-flags.txt") -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/target/spark-drift.jar:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")" \
  io.sparkdrift.sample.SampleDataGenerator "${1:-$ROOT/sample-data/events}"
find "${1:-$ROOT/sample-data/events}" \( -name '.*.crc' -o -name '_SUCCESS' \) -delete
