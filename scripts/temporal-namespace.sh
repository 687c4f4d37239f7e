#!/bin/sh
# The namespace the product runs in and the checkout search attributes ops search by,
# on a Temporal server whose schema scripts/temporal-schema.sh set up (temporalio/server
# creates neither). One script for both places: docker-compose.yml's temporal-setup job
# runs it inside temporalio/admin-tools (mounted read-only), test/cluster/ runs it with
# the project's Temporal CLI. POSIX sh: the admin-tools image has no bash.
#
# TEMPORAL_ADDRESS is the frontend (host:port); TEMPORAL_NAMESPACE defaults to `default`;
# TEMPORAL_CLI is the CLI (default: temporal on PATH); TEMPORAL_RETENTION how long closed
# workflows stay (default 720h: the order store keeps outcomes for good, README
# "Retention"). Safe to re-run: an existing namespace or attribute is kept, and the
# retention is set again, so a change of TEMPORAL_RETENTION applies at the next start.
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to the Temporal frontend, host:port}"
namespace="${TEMPORAL_NAMESPACE:-default}"
cli="${TEMPORAL_CLI:-temporal}"
retention="${TEMPORAL_RETENTION:-720h}"
# Keep equal to CHECKOUT_SEARCH_ATTRIBUTES in workflows/search-attributes.ts (a test checks).
search_attributes="CheckoutProvider:Keyword CheckoutStatus:Keyword MerchantOrderId:Keyword ProviderReference:Keyword NeedsAttention:Bool"

# Bounded waits: a server that never comes up fails this job instead of hanging it.
retry() {
  tries=0
  until last_output="$("$@" 2>&1)"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then
      printf 'gave up waiting for: %s\nlast answer: %s\n' "$*" "$last_output" >&2
      return 1
    fi
    sleep 1
  done
}

retry "$cli" operator cluster health --address "$TEMPORAL_ADDRESS"
"$cli" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace" >/dev/null 2>&1 ||
  "$cli" operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --retention "$retention"
retry "$cli" operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$namespace"
retry "$cli" operator namespace update --address "$TEMPORAL_ADDRESS" --namespace "$namespace" --retention "$retention"
listed() {
  "$cli" operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$namespace" | grep -qw "$1"
}
# Listed, or created now. Retried: right after the namespace is registered, the operator
# API may not see it yet ("namespace not found"), and that must not count as done.
ensure_attribute() {
  listed "$1" ||
    "$cli" operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$namespace" \
      --name "$1" --type "$2"
}
for entry in $search_attributes; do
  retry ensure_attribute "${entry%%:*}" "${entry#*:}"
done
echo "namespace $namespace ready with: $search_attributes"
