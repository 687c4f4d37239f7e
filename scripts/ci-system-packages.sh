#!/usr/bin/env bash
# Installs the Debian packages the test suite uses when they are missing: a real
# PostgreSQL server for the order-store tests against `pg`. Needs root (CI runs as root);
# elsewhere it only says what is missing.
set -euo pipefail
if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  echo "[system] PostgreSQL server binaries present"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "[system] PostgreSQL server binaries missing; install the 'postgresql' package to run the pg store tests"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
echo "[system] installed PostgreSQL: $(ls /usr/lib/postgresql)"
