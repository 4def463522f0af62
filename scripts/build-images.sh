#!/usr/bin/env bash
# Builds every image of deploy/compose with the Docker engine of this machine.
#   scripts/build-images.sh [--local-bases] [IMAGE...]
# --local-bases: no registry is reachable, so build on the bases of build-base-images.sh
# (debootstrap + docker import) instead of the official python/debian images.
# Images are tagged uuutorrent/<name>:${UUUT_IMAGE_TAG:-latest}. Layers stay cached: a second
# run with no change takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TAG=${UUUT_IMAGE_TAG:-latest}
local_bases=0
if [ "${1:-}" = "--local-bases" ]; then local_bases=1; shift; fi

# name|Dockerfile|base kind
IMAGES=(
  "auth|services/auth/Dockerfile|python"
  "watchlist|services/watchlist/Dockerfile|python"
  "search|services/search/Dockerfile|python"
  "torrent|services/torrent/Dockerfile|python"
  "gateway|services/gateway/Dockerfile|python"
  "provision|deploy/images/provision/Dockerfile|python"
  "postgres|deploy/images/postgres/Dockerfile|postgres"
  "backup|deploy/images/backup/Dockerfile|postgres"
  "qbittorrent|deploy/images/qbittorrent/Dockerfile|qbittorrent"
  "caddy|deploy/images/caddy/Dockerfile|tools"
  "prometheus|deploy/images/prometheus/Dockerfile|tools"
  "node-exporter|deploy/images/node-exporter/Dockerfile|tools"
  "postgres-exporter|deploy/images/postgres-exporter/Dockerfile|tools"
)

base_args() {
  [ "$local_bases" = 1 ] || return 0
  local prefix=${UUUT_BASE_PREFIX:-uuut-local}
  case $1 in
    python) echo "--build-arg BASE_IMAGE=$prefix/python:3.11-bookworm" ;;
    postgres) echo "--build-arg BASE_IMAGE=$prefix/postgres:15-bookworm" ;;
    qbittorrent) echo "--build-arg BASE_IMAGE=$prefix/qbittorrent:bookworm" ;;
    tools) echo "--build-arg BUILD_IMAGE=$prefix/tools:bookworm --build-arg BASE_IMAGE=$prefix/debian:bookworm" ;;
  esac
}

[ "$local_bases" = 0 ] || scripts/build-base-images.sh
scripts/build-wheels.sh
for entry in "${IMAGES[@]}"; do
  IFS='|' read -r name dockerfile kind <<<"$entry"
  if [ $# -gt 0 ] && [[ ! " $* " == *" $name "* ]]; then continue; fi
  started=$SECONDS
  # shellcheck disable=SC2046
  if ! docker build --quiet $(base_args "$kind") -f "$dockerfile" -t "uuutorrent/$name:$TAG" . \
      >"/tmp/uuut-build-$name.log" 2>&1; then
    tail -40 "/tmp/uuut-build-$name.log" >&2
    echo "build-images: uuutorrent/$name failed" >&2
    exit 1
  fi
  echo "uuutorrent/$name:$TAG $(docker image inspect -f '{{.Size}}' "uuutorrent/$name:$TAG" \
    | awk '{printf "%.0f MB", $1/1e6}') ($((SECONDS - started))s)"
done
