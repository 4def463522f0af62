#!/bin/sh
# Restores a backup into the Compose stack (RTO 1 h; a drill takes about a minute):
# stops the services, makes sure PostgreSQL runs and the roles exist, restores the database
# and the key material from the backups volume, then starts everything again.
#   deploy/compose/restore.sh [latest | NAME]       NAME as listed by:
#   docker-compose exec backup ls /backups
# UUUT_COMPOSE_CMD overrides the Compose command (default: docker-compose in this folder).
set -eu
cd "$(dirname "$0")"
compose=${UUUT_COMPOSE_CMD:-docker-compose}
which=${1:-latest}

$compose stop proxy gateway auth watchlist search torrent backup
$compose up -d postgres
container=$($compose ps -q postgres)
for _ in $(seq 1 120); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$container")" = healthy ] && break
  sleep 1
done
$compose run --rm --no-deps provision
$compose --profile restore run --rm --no-deps restore "$which"
$compose up -d
echo "restore.sh: restored $which; the services are starting"
