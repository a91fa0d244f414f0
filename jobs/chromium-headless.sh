#!/usr/bin/env bash
# Runs Debian's Chromium headless with flags that keep it off the network, in a fresh profile.
# Installs the chromium package first if it is missing (needs root or sudo; apt reaches Debian).
#   jobs/chromium-headless.sh --screenshot=out.png --window-size=1400,2000 file:///path/report.html
#   jobs/chromium-headless.sh --dump-dom file:///path/report.html
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium package..." >&2
  sudo_cmd=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >&2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --virtual-time-budget=5000 "$@" 2>/dev/null
