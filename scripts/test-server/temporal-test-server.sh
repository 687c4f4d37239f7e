#!/usr/bin/env bash
# Starts the Java time-skipping test server: `temporal-test-server <port> [--enable-time-skipping]`.
# `exec` matters: the SDK stops the server with SIGKILL, and a shell left in between
# would orphan the JVM. The JVM flags trade peak speed for start-up time, because the
# SDK gives the port only about 5 s to open; the class-data-sharing archive, when
# present, cuts class loading further.
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cds=()
if [[ -f "$dir/app.jsa" && -z "${TEMPORAL_TEST_SERVER_RECORD_CDS:-}" ]]; then
  cds=(-XX:SharedArchiveFile="$dir/app.jsa" -Xshare:auto)
fi
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k \
  "${cds[@]}" ${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} \
  -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
