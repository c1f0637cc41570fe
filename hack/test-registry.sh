#!/usr/bin/env bash
# Prints the path of a docker-registry binary (the CNCF distribution registry, Debian's `docker-registry` package),
# installing the package first when it is missing. The registry tests start it themselves on a loopback port with a
# configuration of their own; the package's system service, if any, is left alone.
set -euo pipefail
if ! command -v docker-registry >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >&2
  # the binary only; whether the package starts its own service on :5000 does not matter to the tests
  $sudo apt-get install -y -qq --no-install-recommends docker-registry >&2
fi
command -v docker-registry
