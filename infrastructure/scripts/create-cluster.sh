#!/usr/bin/env bash
# Creates the kind cluster "techmart" (infrastructure/kind/cluster.yaml) and the namespaces
# webstore and observability. Safe to run again: an existing cluster is kept as it is.
#   infrastructure/scripts/create-cluster.sh [--dry-run]
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_args "$@"

require_tools kind kubectl docker

if cluster_exists; then
  log "kind cluster '$CLUSTER_NAME' already exists; keeping it"
else
  log "creating kind cluster '$CLUSTER_NAME'"
  mutate kind create cluster --name "$CLUSTER_NAME" --config "$INFRA_DIR/kind/cluster.yaml" --wait 120s
fi

log "namespaces"
apply_file "$INFRA_DIR/k8s/namespaces.yaml"
log "cluster '$CLUSTER_NAME' is ready (kubectl context $KUBE_CONTEXT)"
