#!/usr/bin/env bash
# Records an AppCDS archive of the classes the test server loads while starting, so
# later starts map them instead of parsing jars. Optional: without it the server still
# starts, only slower. Usage: build-cds-archive.sh <wrapper> <archive>
set -euo pipefail
wrapper="$1"
archive="$2"
port="${CDS_RECORD_PORT:-17299}"
rm -f "$archive"
TEMPORAL_TEST_SERVER_RECORD_CDS=1 TEMPORAL_TEST_SERVER_JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive" \
  "$wrapper" "$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
# SIGTERM lets the JVM exit normally, which is when the archive is written.
kill -TERM "$pid"
wait "$pid" 2>/dev/null || true
if [[ -f "$archive" ]]; then
  echo "[toolchain] class-data-sharing archive: $archive"
else
  echo "[toolchain] no class-data-sharing archive was written; the server starts without it"
fi
