#!/bin/bash
# Runs uuut-backup every day at UUUT_BACKUP_AT (UTC, HH:MM, default 03:00), and once at start
# when the newest backup is older than a day. Backups on demand: `docker compose exec backup
# uuut-backup`. SIGTERM ends the wait at once.
set -uo pipefail
at=${UUUT_BACKUP_AT:-03:00}
root=${UUUT_BACKUP_DIR:-/backups}
trap 'exit 0' TERM INT
uuut-backup --metrics-only
newest=$(find "$root" -maxdepth 2 -name SHA256SUMS -mmin -1440 2>/dev/null | head -1)
[ -n "$newest" ] || uuut-backup || echo "uuut-backup: failed, next try at $at UTC" >&2
while true; do
  now=$(date -u +%s)
  next=$(date -u -d "today $at" +%s)
  [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $at" +%s)
  sleep $((next - now)) &
  wait $!
  uuut-backup || echo "uuut-backup: failed, next try at $at UTC" >&2
done
