#!/bin/sh
# Writes every secret the stack needs that does not exist yet (random, 32 bytes), readable by
# the containers' user (uid 10001) only. Existing secrets are kept: they are the passwords the
# database and qBittorrent already have.
#   ./init-secrets.sh [DIR]     (default: $UUUT_SECRETS_DIR, else ./secrets)
set -eu
cd "$(dirname "$0")"
dir=${1:-${UUUT_SECRETS_DIR:-./secrets}}
umask 077
mkdir -p "$dir"
for name in postgres-superuser db-auth db-watchlist db-search db-torrent qbittorrent admin \
    grafana-admin; do
  file="$dir/$name.password"
  if [ ! -s "$file" ]; then
    # URL-safe: the passwords go into URLs unescaped in some tools.
    head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$file"
    echo >>"$file"
    echo "created $file"
  fi
  # Containers run as uid 10001 and Compose bind-mounts secret files with the host's owner and
  # mode. As root: owned by 10001, 0400. Otherwise 0444, the 0700 directory keeping others out.
  if [ "$(id -u)" = 0 ]; then chown 10001:10001 "$file" && chmod 0400 "$file"; else chmod 0444 "$file"; fi
done
chmod 0700 "$dir"
