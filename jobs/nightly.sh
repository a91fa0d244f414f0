#!/usr/bin/env bash
# Nightly drift check of one day of a date-partitioned table, for cron or any scheduler.
#
#   jobs/nightly.sh --config conf/nightly-sample.yaml [--date YYYY-MM-DD] [--out-root DIR] [drift-report flags]
#
# --date      the day to check (default: yesterday, UTC)
# --out-root  where each day's outputs go, as OUT_ROOT/DATE (default: target/nightly)
# Every other flag goes to jobs/drift-report.sh (e.g. --reference-profile, --reference-window 28d,
# --results-table, --master yarn, --fail-on-drift). The config should name the table, the window or
# stored profile and the results table; this script only adds the dates.
# Exit code: the job's own (0 ok, 1 drift with --fail-on-drift, 2 invalid input, 3 runtime failure).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
day="" ; out_root="${DRIFT_OUT_ROOT:-$ROOT/target/nightly}" ; args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --date) day="$2"; shift 2 ;;
    --date=*) day="${1#--date=}"; shift ;;
    --out-root) out_root="$2"; shift 2 ;;
    --out-root=*) out_root="${1#--out-root=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
day="${day:-$(date -u -d yesterday +%F)}"
if ! [[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "error: --date '$day' is not a date as YYYY-MM-DD" >&2
  exit 2
fi
echo "nightly drift check for $day" >&2
set +e
"$ROOT/jobs/drift-report.sh" --current-date "$day" --run-date "$day" --out "$out_root/$day" "${args[@]}"
code=$?
set -e
echo "drift check for $day finished with exit code $code" >&2
exit "$code"
