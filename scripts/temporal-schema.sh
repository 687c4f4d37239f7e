#!/bin/sh
# Temporal's two PostgreSQL databases, brought to the schema version of this server
# release with its own temporal-sql-tool. One script for both places that need it:
# docker-compose.yml's temporal-schema job runs it inside temporalio/admin-tools (mounted
# read-only), and test/cluster/ runs it against a loopback PostgreSQL with the tool built
# by scripts/temporal-cluster.sh. POSIX sh: the admin-tools image has no bash.
#
# The connection comes from the tool's own variables: SQL_PLUGIN (postgres12), SQL_HOST,
# SQL_PORT, SQL_USER, SQL_PASSWORD. SCHEMA_DIR is the release's schema/postgresql/v12
# folder; TEMPORAL_SQL_TOOL the tool (default: temporal-sql-tool on PATH).
#
# Safe to re-run: create-database fails harmlessly on an existing database, setup-schema
# -v 0.0 only creates the version table, update-schema applies only what is missing.
set -eu

: "${SCHEMA_DIR:?set SCHEMA_DIR to the schema/postgresql/v12 folder of the server release}"
tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"

for db in temporal temporal_visibility; do
  case $db in
    temporal) dir=temporal ;;
    *) dir=visibility ;;
  esac
  "$tool" --db "$db" create-database || echo "database $db already exists"
  "$tool" --db "$db" setup-schema -v 0.0
  "$tool" --db "$db" update-schema -d "$SCHEMA_DIR/$dir/versioned"
done
