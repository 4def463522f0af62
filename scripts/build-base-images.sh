#!/usr/bin/env bash
# Base images made on this machine, for a Docker engine that cannot pull from any registry.
#
# Each base is a `debootstrap --variant=minbase` of Debian bookworm with the packages its images
# need, imported with `docker import`. The Dockerfiles default to the official images
# (python:3.11-slim-bookworm, debian:bookworm-slim) and take these through the BASE_IMAGE build
# argument instead. A base is rebuilt only when its package list or this script changes (the
# hash is kept in a label), and downloaded .debs are cached, so a second run takes a second.
#
# The bases are for the machine's own architecture: run this on the arm64 (OCI A1) host to get
# arm64 bases. Nothing here names an architecture.
#
# usage: scripts/build-base-images.sh [NAME...]   (default: all)
set -euo pipefail

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
CACHE=${UUUT_DEBOOTSTRAP_CACHE:-/var/cache/uuut-debootstrap}
PREFIX=${UUUT_BASE_PREFIX:-uuut-local}

# name|packages (on top of minbase). Keep each list to what its images use.
BASES=(
  "debian:bookworm|ca-certificates"
  "python:3.11-bookworm|ca-certificates python3 python3-venv"
  "postgres:15-bookworm|postgresql-15 postgresql-client-15 ca-certificates"
  "qbittorrent:bookworm|qbittorrent-nox openssl ca-certificates"
  "tools:bookworm|caddy prometheus prometheus-node-exporter prometheus-postgres-exporter ca-certificates"
)

die() { echo "build-base-images: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "debootstrap needs root"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
command -v docker >/dev/null || die "no docker client"

wanted=("$@")
self_hash=$(sha256sum "$0" | cut -c1-16)
mkdir -p "$CACHE"

build_one() {
  local name=$1 packages=$2
  local tag="$PREFIX/$name"
  local hash
  hash=$(printf '%s|%s|%s' "$self_hash" "$name" "$packages" | sha256sum | cut -c1-16)
  if [ "$(docker image inspect --format '{{index .Config.Labels "uuut.base.hash"}}' "$tag" 2>/dev/null)" = "$hash" ]; then
    echo "$tag is current"
    return
  fi
  local started=$SECONDS root
  root=$(mktemp -d /var/tmp/uuut-base.XXXXXX)
  trap 'rm -rf "$root"' RETURN
  echo "building $tag ($packages)"
  debootstrap --variant=minbase --cache-dir="$CACHE" --include="${packages// /,}" \
    "$SUITE" "$root" "$MIRROR" >"$root.log" 2>&1 || { tail -30 "$root.log"; die "debootstrap of $tag failed"; }
  rm -f "$root.log"
  # What an image never needs: package lists, caches, documentation, man pages, translations.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*
  find "$root"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf {} + 2>/dev/null || true
  # apt works again after `apt-get update` (same sources as the official images).
  echo "deb $MIRROR $SUITE main" >"$root/etc/apt/sources.list"
  tar --numeric-owner -C "$root" -c . | docker import \
    --change "LABEL uuut.base.hash=$hash" \
    --change "LABEL org.opencontainers.image.description=\"debootstrap $SUITE minbase + $packages\"" \
    --change 'ENV LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$tag" >/dev/null
  echo "built $tag in $((SECONDS - started))s"
}

for entry in "${BASES[@]}"; do
  name=${entry%%|*}
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  build_one "$name" "${entry#*|}"
done
