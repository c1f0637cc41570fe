#!/usr/bin/env bash
# Prints the path of a docker-registry binary (the CNCF distribution registry, Debian's `docker-registry` package),
# installing the package first when it is missing. The registry tests start it themselves on a loopback port with a
# configuration of their own; the package's system service, if any, is left alone.
#
# `test-registry.sh htpasswd` prints the path of Apache's htpasswd instead (Debian's `apache2-utils`), which the tests
# use to write the bcrypt password file of a registry started with `auth: htpasswd`.
set -euo pipefail

# ensure COMMAND PACKAGE: installs PACKAGE when COMMAND is missing, then prints COMMAND's path
ensure() {
  if ! command -v "$1" >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >&2
    # the binary only; whether the package starts its own service does not matter to the tests
    $sudo apt-get install -y -qq --no-install-recommends "$2" >&2
  fi
  command -v "$1"
}

case "${1:-registry}" in
  registry) ensure docker-registry docker-registry ;;
  htpasswd) ensure htpasswd apache2-utils ;;
  *) echo "usage: $0 [registry|htpasswd]" >&2; exit 2 ;;
esac
