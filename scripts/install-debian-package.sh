#!/usr/bin/env bash
# Usage: install-debian-package.sh COMMAND [PACKAGE]
# Installs Debian's PACKAGE (default: COMMAND) when COMMAND is missing and this user may install
# packages: the tools the stack and its benchmarks run (qbittorrent-nox, wrk).
set -euo pipefail
command=$1
package=${2:-$1}
command -v "$command" >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "$command is missing and this user cannot install packages: apt-get install $package" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$command is missing and there is no apt-get: install $package" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "$package" >/dev/null
