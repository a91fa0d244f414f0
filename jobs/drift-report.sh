#!/usr/bin/env bash
# Runs the drift job.
#   Embedded (no --master naming a cluster, no SPARK_HOME): builds the project if needed and runs
#   on local[*] in this JVM, with Spark from the Maven build's classpath.
#   Cluster (SPARK_HOME set, or --master spark://, yarn, k8s://...): spark-submit with the job jar;
#   spark-submit options (--deploy-mode, --conf, --executor-memory, ...) are passed through.
# Exit codes: 0 ok, 1 drift with --fail-on-drift, 2 invalid input or config, 3 runtime failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/spark-drift.jar"
MAIN=io.sparkdrift.cli.Main

build_if_needed() {
  if [[ ! -f "$JAR" || ! -f "$ROOT/target/classpath.txt" || ! -f "$ROOT/target/jvm-flags.txt" ]] \
     || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "building spark-drift (first run downloads Spark from Maven Central)..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
  fi
}

# Split spark-submit options from the job's own arguments.
master="" ; submit_opts=() ; job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --master) master="$2"; shift 2 ;;
    --master=*) master="${1#--master=}"; shift ;;
    --deploy-mode|--conf|--executor-memory|--executor-cores|--num-executors|--driver-memory|--driver-cores|\
    --total-executor-cores|--queue|--jars|--packages|--files|--keytab|--principal|--name|--properties-file)
      submit_opts+=("$1" "$2"); shift 2 ;;
    *) job_args+=("$1"); shift ;;
  esac
done

if [[ -n "${SPARK_HOME:-}" || ( -n "$master" && "$master" != local* ) ]]; then
  if [[ -z "${SPARK_HOME:-}" ]]; then
    echo "error: --master $master needs SPARK_HOME pointing at a Spark 4.1 installation (for spark-submit)" >&2
    exit 2
  fi
  build_if_needed
  exec "$SPARK_HOME/bin/spark-submit" ${master:+--master "$master"} "${submit_opts[@]}" \
    --class "$MAIN" "$JAR" "${job_args[@]}"
fi

build_if_needed
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# DRIFT_JAVA_OPTS: extra JVM options for the embedded run (e.g. -Dsparkdrift.haltpoint=... in the kill tests)
# shellcheck disable=SC2046,SC2086
exec java $(cat "$ROOT/target/jvm-flags.txt") -Xmx"${DRIFT_DRIVER_MEMORY:-4g}" ${DRIFT_JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$JAR:$(cat "$ROOT/target/classpath.txt")" "$MAIN" ${master:+--master "$master"} "${job_args[@]}"
