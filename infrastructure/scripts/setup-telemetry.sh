#!/usr/bin/env bash
# Installs the telemetry pipeline into the cluster: cert-manager, the OpenTelemetry Operator,
# the Grafana Cloud credentials, the Instrumentation and the collector. Safe to run again.
#   export GRAFANA_CLOUD_INSTANCE_ID=... GRAFANA_CLOUD_API_TOKEN=... GRAFANA_CLOUD_OTLP_ENDPOINT=...
#   infrastructure/scripts/setup-telemetry.sh [--dry-run]
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_args "$@"

CERT_MANAGER_CHART_VERSION=v1.18.2
CERT_MANAGER_REPO=https://charts.jetstack.io
OPERATOR_CHART_VERSION=0.97.1 # operator 0.136.0
OPERATOR_REPO=https://open-telemetry.github.io/opentelemetry-helm-charts

require_tools kubectl helm sha256sum
require_env GRAFANA_CLOUD_INSTANCE_ID GRAFANA_CLOUD_API_TOKEN GRAFANA_CLOUD_OTLP_ENDPOINT
[[ "$GRAFANA_CLOUD_INSTANCE_ID" =~ ^[0-9]+$ ]] ||
  die "GRAFANA_CLOUD_INSTANCE_ID must be the numeric instance id of your stack's OTLP endpoint"
[[ "$GRAFANA_CLOUD_OTLP_ENDPOINT" =~ ^https://[^[:space:]]+$ ]] ||
  die "GRAFANA_CLOUD_OTLP_ENDPOINT must be an https:// URL, e.g. https://otlp-gateway-prod-eu-west-2.grafana.net/otlp"

log "namespaces"
apply_file "$INFRA_DIR/k8s/namespaces.yaml"

log "cert-manager $CERT_MANAGER_CHART_VERSION"
mutate helm upgrade --install cert-manager cert-manager \
  --repo "$CERT_MANAGER_REPO" --version "$CERT_MANAGER_CHART_VERSION" \
  --kube-context "$KUBE_CONTEXT" --namespace cert-manager --create-namespace \
  --values "$INFRA_DIR/helm/cert-manager/values.yaml" --wait --timeout 5m
log "waiting for cert-manager"
mutate kubectl --context "$KUBE_CONTEXT" -n cert-manager wait --for=condition=Available deployment --all --timeout=300s

log "OpenTelemetry Operator (chart $OPERATOR_CHART_VERSION)"
mutate helm upgrade --install opentelemetry-operator opentelemetry-operator \
  --repo "$OPERATOR_REPO" --version "$OPERATOR_CHART_VERSION" \
  --kube-context "$KUBE_CONTEXT" --namespace opentelemetry-operator-system --create-namespace \
  --values "$INFRA_DIR/helm/opentelemetry-operator/values.yaml" --wait --timeout 5m
log "waiting for the operator"
mutate kubectl --context "$KUBE_CONTEXT" -n opentelemetry-operator-system wait --for=condition=Available deployment --all --timeout=300s

log "Grafana Cloud credentials (Secret observability/grafana-cloud)"
apply_secret observability grafana-cloud \
  "instance-id=$GRAFANA_CLOUD_INSTANCE_ID" \
  "api-token=$GRAFANA_CLOUD_API_TOKEN" \
  "otlp-endpoint=$GRAFANA_CLOUD_OTLP_ENDPOINT"

log "Instrumentation webstore/cuj"
apply_cr "$INFRA_DIR/k8s/telemetry/instrumentation.yaml"

# The collector reads the credentials through environment variables, which a running pod never
# re-reads: a checksum of them in the pod annotations makes the operator roll the collector when
# a token is rotated, and changes nothing when it is not.
CREDENTIALS_CHECKSUM=$(printf '%s\n' "$GRAFANA_CLOUD_INSTANCE_ID" "$GRAFANA_CLOUD_API_TOKEN" \
  "$GRAFANA_CLOUD_OTLP_ENDPOINT" | sha256sum | head -c 16)
log "collector observability/otel"
apply_cr - "$(sed "/^spec:\$/a\\  podAnnotations:\\n    techmart.example/grafana-cloud-checksum: \"$CREDENTIALS_CHECKSUM\"" \
  "$INFRA_DIR/k8s/telemetry/collector.yaml")" "$INFRA_DIR/k8s/telemetry/collector.yaml (+ credentials checksum)"
log "waiting for the collector"
wait_rollout observability deployment/otel-collector

log "telemetry is ready: traces, metrics and logs go to $GRAFANA_CLOUD_OTLP_ENDPOINT"
