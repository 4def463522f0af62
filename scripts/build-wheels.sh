#!/usr/bin/env bash
# The wheels the images install, built on the host from the uv lock (images cannot reach PyPI
# here, and this keeps the Dockerfiles free of any architecture-specific step):
#   deploy/.build/requirements/<image>.txt   `uv export --frozen` of that image's package
#   deploy/.build/wheels/third-party/         every locked dependency, as wheels for this host
#   deploy/.build/wheels/own/                 the workspace members (`uv build`)
#   deploy/.build/wheels/image-<image>/       the members that image runs
# Run on the arm64 host, it gives arm64 wheels. Hatchling's wheels are reproducible, so an
# unchanged member gives the same bytes and Docker's layer cache holds.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=deploy/.build
UV=${UV:-uv}
PYTHON=${PYTHON:-python3}
# image -> workspace package it runs
declare -A PACKAGES=(
  [auth]=uuutorrent-auth [watchlist]=uuutorrent-watchlist [search]=uuutorrent-search
  [torrent]=uuutorrent-torrent [gateway]=uuutorrent-gateway [provision]=uuutorrent-stack
)
OWN=(libs/proto libs/kit libs/stack services/auth services/watchlist services/search
  services/torrent services/gateway)

mkdir -p "$OUT/requirements" "$OUT/wheels/third-party" "$OUT/wheels/own"

for image in "${!PACKAGES[@]}"; do
  "$UV" export --quiet --frozen --no-dev --no-emit-workspace --no-hashes \
    --package "${PACKAGES[$image]}" --format requirements-txt -o "$OUT/requirements/$image.txt"
done
# The provision job needs only asyncpg besides uuut_stack's own provision module.
grep -E '^asyncpg==' "$OUT/requirements/provision.txt" >"$OUT/requirements/provision.min.txt"
mv "$OUT/requirements/provision.min.txt" "$OUT/requirements/provision.txt"

sort -u "$OUT"/requirements/*.txt | grep -vE '^\s*(#|$)' >"$OUT/requirements.all"
stamp=$(sha256sum "$OUT/requirements.all" | cut -c1-16)
if [ "$(cat "$OUT/wheels/third-party/.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "building third-party wheels"
  rm -f "$OUT"/wheels/third-party/*.whl
  "$PYTHON" -m pip wheel --quiet --disable-pip-version-check -r "$OUT/requirements.all" \
    -w "$OUT/wheels/third-party"
  echo "$stamp" >"$OUT/wheels/third-party/.stamp"
fi

for member in "${OWN[@]}"; do
  # Rebuild a member only when its sources change: same bytes, same Docker cache key.
  sum=$(find "$member/pyproject.toml" "$member/src" -type f ! -name '*.pyc' -print0 | sort -z \
    | xargs -0 sha256sum | sha256sum | cut -c1-16)
  name=$(basename "$member")
  if [ "$(cat "$OUT/wheels/own/.$name.stamp" 2>/dev/null)" != "$sum" ]; then
    dist=$(sed -n 's/^name = "\(.*\)"/\1/p' "$member/pyproject.toml" | head -1 | tr - _)
    rm -f "$OUT/wheels/own/$dist"-*.whl
    "$UV" build --quiet --wheel --package "${dist//_/-}" -o "$OUT/wheels/own" >/dev/null
    echo "$sum" >"$OUT/wheels/own/.$name.stamp"
  fi
done
# One folder per image with only the members it runs: a change elsewhere keeps its cache.
for image in "${!PACKAGES[@]}"; do
  case $image in
    provision) members=(uuutorrent_kit uuutorrent_stack) ;;
    *) members=(uuutorrent_proto uuutorrent_kit "uuutorrent_$image") ;;
  esac
  rm -rf "$OUT/wheels/image-$image"
  mkdir -p "$OUT/wheels/image-$image"
  for member in "${members[@]}"; do
    ln -f "$OUT/wheels/own/$member"-*.whl "$OUT/wheels/image-$image/"
  done
done
echo "wheels ready in $OUT/wheels ($(ls "$OUT"/wheels/third-party/*.whl | wc -l) third-party," \
  "$(ls "$OUT"/wheels/own/*.whl | wc -l) own)"
