#!/bin/bash
# One backup now: /backups/<UTC time>/{database.dump,keys.tar.gz,SHA256SUMS}, then retention.
#   PGHOST PGPORT PGUSER PGDATABASE, PGPASSWORD_FILE   the database to dump (owner role)
#   UUUT_BACKUP_KEYS_DIRS   space-separated directories to archive (default: auth, watchlist)
#   UUUT_BACKUP_KEEP_DAYS   how many days of backups to keep (default 14)
set -euo pipefail
umask 077
root=${UUUT_BACKUP_DIR:-/backups}
keep_days=${UUUT_BACKUP_KEEP_DAYS:-14}
keys=${UUUT_BACKUP_KEYS_DIRS:-/var/lib/uuut/auth /var/lib/uuut/watchlist}
metrics=${UUUT_BACKUP_METRICS_DIR:-/metrics}
[ -n "${PGPASSWORD_FILE:-}" ] && PGPASSWORD=$(tr -d '\r\n' <"$PGPASSWORD_FILE") && export PGPASSWORD

write_metrics() {  # success(0|1) [timestamp] [bytes] [seconds]
  local tmp="$metrics/.uuut_backup.prom.$$"
  {
    echo "# HELP uuut_backup_last_run_success Whether the last backup attempt succeeded."
    echo "# TYPE uuut_backup_last_run_success gauge"
    echo "uuut_backup_last_run_success $1"
    if [ -n "${2:-}" ]; then
      echo "# HELP uuut_backup_last_success_timestamp_seconds When the last good backup finished."
      echo "# TYPE uuut_backup_last_success_timestamp_seconds gauge"
      echo "uuut_backup_last_success_timestamp_seconds $2"
      echo "# HELP uuut_backup_last_size_bytes Size of the last good backup."
      echo "# TYPE uuut_backup_last_size_bytes gauge"
      echo "uuut_backup_last_size_bytes $3"
      echo "# HELP uuut_backup_last_duration_seconds Time the last good backup took."
      echo "# TYPE uuut_backup_last_duration_seconds gauge"
      echo "uuut_backup_last_duration_seconds $4"
    fi
  } >"$tmp"
  mv "$tmp" "$metrics/uuut_backup.prom"
}

latest_good() { ls -1d "$root"/20*Z 2>/dev/null | while read -r d; do [ -f "$d/SHA256SUMS" ] && echo "$d"; done | tail -1; }

# --metrics-only: publish what the newest backup on disk says (at container start).
if [ "${1:-}" = "--metrics-only" ]; then
  last=$(latest_good)
  if [ -n "$last" ]; then
    write_metrics 1 "$(stat -c %Y "$last/SHA256SUMS")" "$(du -sb "$last" | cut -f1)" 0
  else
    write_metrics 0
  fi
  exit 0
fi

started=$(date +%s)
name=$(date -u +%Y%m%dT%H%M%SZ)
work="$root/.$name.partial"
mkdir -p "$work"
trap 'rm -rf "$work"; write_metrics 0 $(prev_metrics)' ERR
prev_metrics() { last=$(latest_good); [ -n "$last" ] && echo "$(stat -c %Y "$last/SHA256SUMS") $(du -sb "$last" | cut -f1) 0"; }

pg_dump --format=custom --compress=6 --no-password --file="$work/database.dump"
pg_restore --list "$work/database.dump" >/dev/null  # the dump reads back
existing=()
for dir in $keys; do [ -d "$dir" ] && existing+=("$dir"); done
tar -czf "$work/keys.tar.gz" --absolute-names "${existing[@]}"
(cd "$work" && sha256sum database.dump keys.tar.gz >SHA256SUMS)
mv "$work" "$root/$name"
trap - ERR

# Retention: keep the last $keep_days days, and never fewer than 3 backups.
find "$root" -maxdepth 1 -type d -name '20*Z' -mtime "+$((keep_days - 1))" | sort | head -n -3 \
  | xargs -r rm -rf
finished=$(date +%s)
write_metrics 1 "$finished" "$(du -sb "$root/$name" | cut -f1)" "$((finished - started))"
echo "uuut-backup: $root/$name ($(du -sh "$root/$name" | cut -f1)) in $((finished - started))s"
