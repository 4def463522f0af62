#!/bin/sh
# Creates the cluster on first start, then runs the server in the foreground.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD_FILE:?set POSTGRES_PASSWORD_FILE (the superuser password secret)}"
  pwfile=$(mktemp)
  tr -d '\r\n' <"$POSTGRES_PASSWORD_FILE" >"$pwfile"
  initdb --username=postgres --pwfile="$pwfile" --auth-local=scram-sha-256 \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
  rm -f "$pwfile"
  {
    echo "host all all 0.0.0.0/0 scram-sha-256"
    echo "host all all ::/0 scram-sha-256"
  } >>"$PGDATA/pg_hba.conf"
  cat >>"$PGDATA/postgresql.conf" <<CONF
listen_addresses = '*'
password_encryption = scram-sha-256
# Sized for the 1 GiB the Compose file gives this container.
shared_buffers = 128MB
max_connections = 100
log_destination = 'stderr'
logging_collector = off
CONF
  # The application database, created once with a server on the socket only.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  PGPASSWORD=$(cat "$POSTGRES_PASSWORD_FILE") psql -q -v ON_ERROR_STOP=1 -U postgres -d postgres \
    -c "CREATE DATABASE \"$POSTGRES_DB\""
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "postgres-entrypoint: created the cluster and database $POSTGRES_DB"
fi
exec "$@"
