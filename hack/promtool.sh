#!/usr/bin/env bash
# Provides promtool for the monitoring tests (MonitoringRulesTest): `promtool check rules` and `promtool test rules`
# on deploy/monitoring. Uses the promtool on PATH when there is one, else installs Debian's `prometheus` package
# (which ships promtool) as root, or with sudo. Prints the path of promtool on its last line.
#
# Usage: hack/promtool.sh
set -euo pipefail

if ! command -v promtool >/dev/null 2>&1; then
  SUDO=""
  if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  echo ">> promtool not found; installing Debian's prometheus package" >&2
  $SUDO apt-get update -qq >&2
  # --no-install-recommends: promtool only, without the server's recommended extras
  $SUDO apt-get install -y -qq --no-install-recommends prometheus >&2
fi

command -v promtool
