#!/usr/bin/env bash
# Installs the Debian packages the test suite uses when they are missing: a real
# PostgreSQL server (order-store and end-to-end tests) and docker-compose (only to check
# docker-compose.yml; there is no Docker engine). Needs root (CI runs as root);
# elsewhere it only says what is missing.
set -euo pipefail

missing=()
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  missing+=(docker-compose)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "[system] PostgreSQL server and docker compose present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "[system] missing Debian packages: ${missing[*]} (install them to run every test)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[system] installed: ${missing[*]}"
