#!/usr/bin/env bash
# Regenerates docs/report-screenshot.png: runs the sample report and screenshots it headless.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
jobs/drift-report.sh --config conf/sample.yaml --out target/sample-report >/dev/null
mkdir -p docs
jobs/chromium-headless.sh --window-size=1400,1800 --hide-scrollbars \
  --screenshot="$ROOT/docs/report-screenshot.png" "file://$ROOT/target/sample-report/report.html"
echo "wrote docs/report-screenshot.png"
