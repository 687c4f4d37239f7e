#!/usr/bin/env bash
# Builds the Temporal server and its SQL schema tool from their Go module (the same
# release docker-compose.yml runs), so the cluster test can run the compose topology
# without Docker. Only the Go module proxy is used; nothing else is downloaded.
#
# Idempotent: when both binaries of this version are in the cache it does nothing.
# Writes the resolved paths to <cache>/cluster.env (read by test/cluster/) and prints them.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${TEMPORAL_CLUSTER_CACHE:-$root/.cache/temporal-cluster}"
server_version="v1.29.1" # keep equal to the temporalio/server image tag in docker-compose.yml
mkdir -p "$cache"
# The physical path: a worktree's .cache/temporal-cluster may be a symlink to a shared
# cache, and cluster.env must stay valid for every checkout that reads it.
cache="$(cd -P "$cache" && pwd)"
bin="$cache/$server_version/bin"
mkdir -p "$bin"

say() { printf '[temporal-cluster] %s\n' "$*" >&2; }

build() {
  local package="$1" target="$2"
  if [[ -x "$bin/$target" ]]; then
    say "$target: cached ($bin/$target)"
    return
  fi
  command -v go >/dev/null 2>&1 || { say "Go is needed to build $package (install Go from its Debian package or go.dev)"; exit 1; }
  say "$target: building $package@$server_version with go install (once)"
  local started=$SECONDS scratch
  scratch="$(mktemp -d)"
  # go install names the binary after its package folder (server, sql): build into a
  # scratch GOBIN and move it under the name the compose images use.
  GOBIN="$scratch" GOFLAGS="-trimpath" nice -n 10 go install "$package@$server_version"
  mv "$scratch/$(basename "$package")" "$bin/$target"
  rmdir "$scratch"
  say "$target: built in $((SECONDS - started)) s"
}

build go.temporal.io/server/cmd/server temporal-server
build go.temporal.io/server/cmd/tools/sql temporal-sql-tool

# The schema files ship inside the module the binaries were built from.
module_dir="$(go env GOMODCACHE)/go.temporal.io/server@$server_version"
if [[ ! -d "$module_dir/schema/postgresql/v12" ]]; then
  GOFLAGS="-mod=mod" go mod download "go.temporal.io/server@$server_version"
fi
[[ -d "$module_dir/schema/postgresql/v12" ]] || { say "schema files missing in $module_dir"; exit 1; }

{
  echo "TEMPORAL_SERVER_VERSION=$server_version"
  echo "TEMPORAL_SERVER_PATH=$bin/temporal-server"
  echo "TEMPORAL_SQL_TOOL_PATH=$bin/temporal-sql-tool"
  echo "TEMPORAL_SCHEMA_DIR=$module_dir/schema/postgresql/v12"
} >"$cache/cluster.env"
say "wrote $cache/cluster.env"
cat "$cache/cluster.env"
