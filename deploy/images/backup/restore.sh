#!/bin/bash
# Restores one backup: the database (pg_restore --clean) and the services' key material.
#   uuut-restore [latest | <name> | <path>]     (default: latest)
# Run it with the services stopped (deploy/compose/restore.sh does the whole procedure); the
# roles must exist (the `provision` job creates them). Needs the key volumes mounted writable:
# the Compose service `restore` (profile restore) has them.
set -euo pipefail
root=${UUUT_BACKUP_DIR:-/backups}
which=${1:-latest}
[ -n "${PGPASSWORD_FILE:-}" ] && PGPASSWORD=$(tr -d '\r\n' <"$PGPASSWORD_FILE") && export PGPASSWORD

case "$which" in
  latest) dir=$(ls -1d "$root"/20*Z 2>/dev/null | tail -1) ;;
  /*) dir=$which ;;
  *) dir="$root/$which" ;;
esac
[ -n "$dir" ] && [ -f "$dir/SHA256SUMS" ] || { echo "uuut-restore: no backup at '$which' in $root" >&2; exit 1; }
(cd "$dir" && sha256sum --quiet --check SHA256SUMS) || { echo "uuut-restore: $dir is damaged" >&2; exit 1; }

started=$(date +%s)
echo "uuut-restore: restoring $dir"
pg_restore --clean --if-exists --single-transaction --exit-on-error --no-password \
  --dbname="${PGDATABASE:-uuutorrent}" "$dir/database.dump"
# Key material: what each archived directory holds now is replaced by the backup's.
keys=${UUUT_BACKUP_KEYS_DIRS:-/var/lib/uuut/auth /var/lib/uuut/watchlist}
for key_dir in $keys; do
  [ -d "$key_dir" ] && find "$key_dir" -mindepth 1 -delete
done
tar -xzpf "$dir/keys.tar.gz" --absolute-names
echo "uuut-restore: done in $(( $(date +%s) - started ))s"
