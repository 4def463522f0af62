#!/usr/bin/env bash
# Installs Debian's qbittorrent-nox when it is missing and this user may install packages.
set -euo pipefail
command -v qbittorrent-nox >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "qbittorrent-nox is missing and this user cannot install packages:" >&2
    echo "install it (apt-get install qbittorrent-nox) or set UUUT_QBITTORRENT_URL" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "qbittorrent-nox is missing and there is no apt-get: install it or set UUUT_QBITTORRENT_URL" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq qbittorrent-nox >/dev/null
