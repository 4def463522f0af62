#!/usr/bin/env bash
# `make compose-test`: build every image, start the Compose stack (without Grafana), run the
# contract tests against it, kill a service and watch the gateway, prove the dashboards, then
# back up, destroy, restore and verify. Leaves no container or volume behind; images stay
# cached (a second run builds nothing).
#
#   UUUT_COMPOSE=docker-compose|"docker compose"   which Compose CLI (default: what exists)
#   UUUT_COMPOSE_KEEP=1                            leave the stack running at the end
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
started=$SECONDS
step() { echo "==> [$((SECONDS - started))s] $*"; }

if [ -z "${UUUT_COMPOSE:-}" ]; then
  if docker compose version >/dev/null 2>&1; then UUUT_COMPOSE="docker compose"
  else UUUT_COMPOSE=docker-compose; fi
fi
command -v promtool >/dev/null || apt-get install -y -qq prometheus >/dev/null
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null

step "images"
scripts/build-images.sh --local-bases

step "promtool"
promtool check config --syntax-only deploy/prometheus/prometheus.yml
promtool check rules deploy/prometheus/rules/*.yml
promtool test rules tests/deploy/rules_test.yml

# A free block of ports for the contract tests' port plan.
base=$(.venv/bin/python - <<'PY'
import secrets, socket
def free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True
while True:
    base = secrets.randbelow(20_000) + 20_000
    if all(free(base + i) for i in range(40)):
        print(base)
        break
PY
)
DATA=$(mktemp -d /tmp/uuut-compose.XXXXXX)
export COMPOSE_PROJECT_NAME=uuut-ci-$$
export T_DATA_DIR=$DATA UUUT_SECRETS_DIR=$DATA/secrets
export T_AUTH_GRPC=$((base + 1)) T_WATCHLIST_GRPC=$((base + 2)) T_SEARCH_GRPC=$((base + 3))
export T_TORRENT_GRPC=$((base + 4)) T_AUTH_OPS=$((base + 11)) T_WATCHLIST_OPS=$((base + 12))
export T_SEARCH_OPS=$((base + 13)) T_TORRENT_OPS=$((base + 14)) T_PG_PORT=$((base + 21))
export T_GATEWAY_PORT=$((base + 30)) UUUT_PROMETHEUS_PORT=$((base + 31))
export UUUT_HTTPS_PORT=$((base + 32)) UUUT_HTTP_PORT=$((base + 33)) UUUT_PEER_PORT=$((base + 34))
export UUUT_EDGE_SUBNET=10.251.$((base % 250)).0/29
compose() { $UUUT_COMPOSE -f deploy/compose/docker-compose.yml -f deploy/compose/docker-compose.test.yml "$@"; }
export -f compose; export UUUT_COMPOSE

cleanup() {
  local code=$?
  if [ "$code" != 0 ]; then
    compose ps || true
    compose logs --no-color --tail=40 || true
  fi
  if [ "${UUUT_COMPOSE_KEEP:-0}" != 1 ]; then
    compose --profile restore down -v --remove-orphans >/dev/null 2>&1 || true
    rm -rf "$DATA"
  fi
  echo "==> compose-test $([ "$code" = 0 ] && echo passed || echo FAILED) in $((SECONDS - started))s"
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # a timeout still tears the stack down

deploy/compose/init-secrets.sh "$DATA/secrets" >/dev/null
install -d -o 10001 -g 10001 -m 0700 "$DATA/auth"
install -d -o 10001 -g 10001 -m 0750 "$DATA/keys"
cp -r deploy/prometheus "$DATA/prometheus"
sed -i 's/^\(  *\)\(scrape\|evaluation\)_interval: .*/\1\2_interval: 2s/' "$DATA/prometheus/prometheus.yml"

step "compose up ($UUUT_COMPOSE, project $COMPOSE_PROJECT_NAME, ports from $base)"
compose up -d
for _ in $(seq 1 90); do
  curl -fsS "http://127.0.0.1:$T_GATEWAY_PORT/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$T_GATEWAY_PORT/ready" >/dev/null
# The TLS proxy in front of the gateway answers with Caddy's internal CA.
for _ in $(seq 1 30); do
  curl -fsSk --resolve "localhost:$UUUT_HTTPS_PORT:127.0.0.1" "https://localhost:$UUUT_HTTPS_PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsSk --resolve "localhost:$UUUT_HTTPS_PORT:127.0.0.1" "https://localhost:$UUUT_HTTPS_PORT/health"; echo " (through the TLS proxy)"
step "stack ready"

export UUUT_CONTRACT_GATEWAY_URL=http://127.0.0.1:$T_GATEWAY_PORT UUUT_CONTRACT_PORT_BASE=$base
export UUUT_CONTRACT_DATA_DIR=$DATA UUUT_CONTRACT_ADMIN_USERNAME=root
UUUT_CONTRACT_ADMIN_PASSWORD=$(tr -d '\n' <"$DATA/secrets/admin.password")
export UUUT_CONTRACT_ADMIN_PASSWORD
# `uuutorrent user` (operator commands) reaches the database as an operator on the host would.
UUUT_DATABASE_URL="postgresql://postgres:$(tr -d '\n' <"$DATA/secrets/postgres-superuser.password")@127.0.0.1:$T_PG_PORT/uuutorrent"
export UUUT_DATABASE_URL
export UUUT_PROMETHEUS_URL=http://127.0.0.1:$UUUT_PROMETHEUS_PORT

step "contract tests against the Compose stack"
.venv/bin/pytest -q -p no:cacheprovider tests/contract
step "a killed service: 503 at once, then recovery; every dashboard panel returns data"
.venv/bin/pytest -q -p no:cacheprovider tests/deploy/test_compose_stack.py
step "backup, destroy, restore, verify"
.venv/bin/pytest -q -p no:cacheprovider tests/deploy/test_backup_drill.py
