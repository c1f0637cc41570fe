#!/usr/bin/env bash
# Makes a JRE 17 base image without a container engine and pushes it to a registry, for the image test
# (ContainerImageIT): on these machines no base image can be pulled from the internet, so the test builds the
# operator's image with Quarkus' Jib on top of this one instead of Red Hat's UBI OpenJDK runtime.
#
# The image is Debian bookworm (debootstrap's minimal variant) with openjdk-17-jre-headless, trimmed of apt caches
# and docs, with a user 185 (the UID the operator runs as), packed into an OCI layout with umoci and pushed over plain
# HTTP with skopeo. The OCI layout is kept in $AIM_BASE_IMAGE_CACHE (default ~/.cache/aim-engine/base-image), so a
# second run only pushes. Needs root (debootstrap), or sudo; installs debootstrap, umoci and skopeo when missing.
#
# Usage: hack/base-image.sh <registry host:port> [repository:tag]    (default repository:tag: aim-ci/debian-jre:17)
set -euo pipefail

REGISTRY=${1:?usage: hack/base-image.sh <registry host:port> [repository:tag]}
REF=${2:-aim-ci/debian-jre:17}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${AIM_BASE_IMAGE_CACHE:-$HOME/.cache/aim-engine/base-image}
LAYOUT="$CACHE/oci"
TAG=17

SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
missing=()
for tool in debootstrap umoci skopeo; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if (( ${#missing[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  echo ">> installing ${missing[*]} from Debian" >&2
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if ! umoci ls --layout "$LAYOUT" 2>/dev/null | grep -qx "$TAG"; then
  work=$(mktemp -d)
  trap '$SUDO rm -rf "$work"' EXIT
  echo ">> debootstrap bookworm (minbase) + openjdk-17-jre-headless from $MIRROR" >&2
  $SUDO debootstrap --variant=minbase --include=openjdk-17-jre-headless bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  # what a running JVM never reads: package caches, docs, manuals, translations
  $SUDO rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* \
    "$work"/rootfs/usr/share/doc "$work"/rootfs/usr/share/man "$work"/rootfs/usr/share/info "$work"/rootfs/usr/share/locale
  # the operator's user and group (UID/GID 185, as in Red Hat's OpenJDK images), and its working directory
  echo 'aim:x:185:185:aim-engine-operator:/work:/usr/sbin/nologin' | $SUDO tee -a "$work/rootfs/etc/passwd" >/dev/null
  echo 'aim:x:185:' | $SUDO tee -a "$work/rootfs/etc/group" >/dev/null
  $SUDO install -d -o 185 -g 185 "$work/rootfs/work"

  rm -rf "$LAYOUT" && mkdir -p "$CACHE"
  umoci init --layout "$LAYOUT"
  umoci new --image "$LAYOUT:$TAG"
  $SUDO umoci insert --image "$LAYOUT:$TAG" "$work/rootfs" /
  umoci config --image "$LAYOUT:$TAG" --os linux --architecture amd64 \
    --config.user 185 --config.workingdir /work \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 \
    --config.env LANG=C.UTF-8 \
    --config.label org.opencontainers.image.title=aim-ci-debian-jre \
    --config.label "org.opencontainers.image.description=Debian bookworm with openjdk-17-jre-headless, made by hack/base-image.sh"
  umoci gc --layout "$LAYOUT"
  $SUDO chown -R "$(id -u):$(id -g)" "$CACHE"
fi

skopeo copy -q --dest-tls-verify=false "oci:$LAYOUT:$TAG" "docker://$REGISTRY/$REF" >&2
echo "$REGISTRY/$REF"
