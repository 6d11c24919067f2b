#!/usr/bin/env bash
# Deploys the TechMart webstore (PostgreSQL, api, inventory, payments) into the kind cluster:
# loads the reference-app image into kind, creates the database credentials once, applies the
# manifests and waits until everything is ready. Safe to run again.
#   [TECHMART_DB_PASSWORD=...] infrastructure/scripts/deploy-webstore.sh [--dry-run]
# Without TECHMART_DB_PASSWORD a random password is generated; it is never printed.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_args "$@"

IMAGE=${TECHMART_IMAGE:-techmart/reference-app:0.1.0}

require_tools kind kubectl docker
docker image inspect "$IMAGE" >/dev/null 2>&1 ||
  die "image $IMAGE is not in the local Docker; build it first (see infrastructure/README.md)"
cluster_exists ||
  die "kind cluster '$CLUSTER_NAME' does not exist; run infrastructure/scripts/create-cluster.sh first"
if ! kc -n webstore get instrumentation cuj >/dev/null 2>&1; then
  log "note: no Instrumentation webstore/cuj yet; the services will run without telemetry until setup-telemetry.sh has run and they restart"
fi

log "loading $IMAGE into kind"
mutate kind load docker-image "$IMAGE" --name "$CLUSTER_NAME"

log "namespaces"
apply_file "$INFRA_DIR/k8s/namespaces.yaml"

if kc -n webstore get secret postgres-credentials >/dev/null 2>&1; then
  log "Secret webstore/postgres-credentials exists; keeping it (the database was initialised with it)"
else
  log "creating Secret webstore/postgres-credentials"
  password=${TECHMART_DB_PASSWORD:-}
  if [[ -z "$password" ]]; then
    password=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    password=${password:0:32}
  fi
  apply_secret webstore postgres-credentials "username=techmart" "password=$password"
fi

log "webstore"
for manifest in postgres api inventory payments; do
  apply_file "$INFRA_DIR/k8s/webstore/$manifest.yaml"
done

log "waiting for the webstore"
wait_rollout webstore statefulset/postgres
for deployment in inventory payments api; do
  wait_rollout webstore "deployment/$deployment"
done
log "the shop answers on http://localhost:30080/api/products"
