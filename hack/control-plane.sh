#!/usr/bin/env bash
# Provides the binaries of a real Kubernetes control plane for the tier-3 tests.
#
# No package registry reachable from CI ships kube-apiserver, so this script builds
# kube-apiserver, kube-controller-manager and kubectl 1.20.2 from Debian bookworm's fully
# vendored source package (offline, ~4 min on 2 cores) and takes etcd from `etcd-server`.
# The binaries are cached in ~/.kubeapitest/k8s/1.20.2-linux-amd64/, the layout
# io.fabric8:kube-api-test looks in; nothing is built when they are already there.
#
# Usage: hack/control-plane.sh            # ensure binaries (idempotent)
#        hack/control-plane.sh --print    # print the binary directory
set -euo pipefail

VERSION=1.20.2
BIN_DIR="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${VERSION}-linux-amd64"
WORK_DIR="${AIM_K8S_BUILD_DIR:-$HOME/.cache/aim-engine/k8s-src}"

if [[ "${1:-}" == "--print" ]]; then
  echo "$BIN_DIR"
  exit 0
fi

have_all() {
  for b in kube-apiserver kube-controller-manager kubectl etcd; do
    [[ -x "$BIN_DIR/$b" ]] || return 1
  done
}

if have_all; then
  echo "control plane binaries present in $BIN_DIR"
  exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

echo ">> installing build dependencies from Debian"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq etcd-server golang-go make rsync jq dpkg-dev \
  golang-github-modern-go-reflect2-dev >/dev/null

# `apt-get source` needs deb-src on the Debian entry (deb822 format on bookworm).
SOURCES=/etc/apt/sources.list.d/debian.sources
if ! apt-get source --print-uris kubernetes >/dev/null 2>&1; then
  if [[ -f "$SOURCES" ]] && ! grep -q 'deb-src' "$SOURCES"; then
    echo ">> enabling deb-src in $SOURCES"
    $SUDO sed -i 's/^Types: deb$/Types: deb deb-src/' "$SOURCES"
  elif [[ -f /etc/apt/sources.list ]] && ! grep -q '^deb-src' /etc/apt/sources.list; then
    grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee -a /etc/apt/sources.list >/dev/null
  fi
  $SUDO apt-get update -qq
fi

mkdir -p "$WORK_DIR"
cd "$WORK_DIR"
SRC=$(find . -maxdepth 1 -type d -name 'kubernetes-1.20*' | head -n 1)
if [[ -z "$SRC" ]]; then
  echo ">> fetching Debian source package kubernetes"
  apt-get source -qq kubernetes >/dev/null
  SRC=$(find . -maxdepth 1 -type d -name 'kubernetes-1.20*' | head -n 1)
fi
cd "$SRC"

# The vendored reflect2 1.0.1 crashes at runtime under Go >= 1.18; Debian ships 1.0.2.
rm -rf vendor/github.com/modern-go/reflect2
cp -r /usr/share/gocode/src/github.com/modern-go/reflect2 vendor/github.com/modern-go/reflect2

echo ">> building kube-apiserver, kube-controller-manager, kubectl (offline)"
GOPROXY=off GOFLAGS=-mod=vendor make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kubectl" \
  KUBE_BUILD_PLATFORMS=linux/amd64 >/dev/null

mkdir -p "$BIN_DIR"
OUT=_output/bin
[[ -x "$OUT/kube-apiserver" ]] || OUT=_output/local/bin/linux/amd64
for b in kube-apiserver kube-controller-manager kubectl; do
  install -m 0755 "$OUT/$b" "$BIN_DIR/$b"
done
ln -sf "$(command -v etcd || echo /usr/bin/etcd)" "$BIN_DIR/etcd"

have_all
echo "control plane binaries installed in $BIN_DIR"
"$BIN_DIR/kube-apiserver" --version
