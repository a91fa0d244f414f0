#!/usr/bin/env bash
# Benchmark: floor scans vs full drift run vs nightly run against a stored profile (and --exact, and
# --segment-by s0), in one Spark session: a warm-up round of every phase, then --runs rounds of all.
#   jobs/benchmark.sh [--rows 10000000] [--numeric 20] [--categorical 5] [--partitions 8] [--seed 42]
#                     [--runs 3] [--dir /tmp/spark-drift-bench] [--master local[*]] [--exact false]
#                     [--segment-by s0|none] [--string-floor length|hash|minmax] [--floor true|false]
#                     [--scan-floor false|true] [--stage-metrics false|true] [--filter EXPR] [--learn false|true]
#                     [--shapes smooth|real]
# (--filter: every phase reads only the rows EXPR keeps, e.g. --filter 'n0 > 0', a filter on data columns;
#  --learn true: also the drift run with --learn-thresholds, learned from the reference's days;
#  --shapes real: numeric columns shaped like real tables' — heavy tails, ties, atoms, huge and tiny
#  magnitudes, NaN and ±∞ (SyntheticData.realShape) — instead of normal, lognormal and small integers)
# Data is generated once per parameter set under --dir and reused. Before the last line, the same ratios
# round by round (each phase against its own round's floor or drift run) and their median:
#   per round: drift_vs_floor=<r1>/<r2>/…(median <m>) nightly_vs_floor=… exact_vs_drift=… …
# Last line (ratios of bests):
#   drift_vs_floor=<ratio> nightly_vs_floor=<ratio> exact_vs_drift=<ratio|na> segmented_vs_drift=<ratio|na>
#   learned_vs_drift=<ratio|na>
# and with --scan-floor true one more: drift_vs_scan_floor=<ratio> nightly_vs_scan_floor=<ratio>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -f "$ROOT/target/spark-drift.jar" || -n "$(find "$ROOT/src/main" "$ROOT/src/tools" "$ROOT/pom.xml" -newer "$ROOT/target/spark-drift.jar" -print -quit)" ]]; then
  (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# shellcheck disable=SC2046
exec java $(cat "$ROOT/target/jvm-flags.txt") -Xmx"${DRIFT_DRIVER_MEMORY:-8g}" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/target/spark-drift.jar:$ROOT/target/test-classes:$(cat "$ROOT/target/classpath.txt")" io.sparkdrift.bench.Benchmark "$@"
