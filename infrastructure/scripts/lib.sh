#!/usr/bin/env bash
# Helpers shared by the setup scripts of this folder; sourced, not run.
# shellcheck disable=SC2034  # variables here are read by the scripts that source this file

set -euo pipefail

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SCRIPT_NAME=$(basename "$0")
CLUSTER_NAME=${KIND_CLUSTER_NAME:-techmart}
# Every kubectl and helm call names its context, so a script never touches another cluster
# because it happens to be the current one.
KUBE_CONTEXT=${KUBE_CONTEXT:-kind-$CLUSTER_NAME}
DRY_RUN=false

# Prints one line naming the problem and stops.
die() {
  printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

log() {
  printf '==> %s\n' "$*"
}

parse_args() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --dry-run) DRY_RUN=true ;;
      -h | --help)
        printf 'usage: %s [--dry-run]\n  --dry-run  print what would be applied; change nothing\n' "$SCRIPT_NAME"
        exit 0
        ;;
      *) die "unknown argument '$arg' (usage: $SCRIPT_NAME [--dry-run])" ;;
    esac
  done
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is not installed or not on PATH (this script needs: $*)"
  done
}

require_env() {
  local name
  for name in "$@"; do
    [[ -n "${!name:-}" ]] || die "$name is not set: export it before running (see infrastructure/README.md)"
  done
}

# kubectl against the chosen context. Read-only calls use it directly; changes go through mutate.
kc() {
  kubectl --context "$KUBE_CONTEXT" "$@"
}

# Runs a command that changes something; with --dry-run prints it instead.
mutate() {
  if [[ "$DRY_RUN" == true ]]; then
    printf '[dry-run] %s\n' "$*"
  else
    "$@"
  fi
}

# Applies one manifest file (idempotent: kubectl apply).
apply_file() {
  mutate kubectl --context "$KUBE_CONTEXT" apply -f "$1"
}

# Applies one of the operator's custom resources (Instrumentation, OpenTelemetryCollector): a file
# path, or "-" with the manifest as $2 and where it came from as $3. Right after the operator reports Available its admission
# webhook may still lack the CA that cert-manager injects, and the API server refuses the request;
# retry for a while (CR_APPLY_ATTEMPTS x CR_APPLY_DELAY seconds) instead of failing the setup.
apply_cr() {
  local file=$1 manifest=${2:-} source=${3:-$1} attempts=${CR_APPLY_ATTEMPTS:-30} delay=${CR_APPLY_DELAY:-5} i
  if [[ "$DRY_RUN" == true ]]; then
    printf '[dry-run] kubectl --context %s apply -f %s\n' "$KUBE_CONTEXT" "$source"
    return
  fi
  for ((i = 1; i <= attempts; i++)); do
    if [[ "$file" == - ]]; then
      printf '%s\n' "$manifest" | kubectl --context "$KUBE_CONTEXT" apply -f - && return 0
    else
      kubectl --context "$KUBE_CONTEXT" apply -f "$file" && return 0
    fi
    if ((i < attempts)); then
      log "refused (is the operator's webhook ready yet?); attempt $((i + 1))/$attempts in ${delay}s"
      sleep "$delay"
    fi
  done
  die "the API server refused the operator resource $attempts times; check the operator's webhook: kubectl --context $KUBE_CONTEXT -n opentelemetry-operator-system logs deploy/opentelemetry-operator"
}

b64() {
  printf '%s' "$1" | base64 | tr -d '\n'
}

# Applies an Opaque Secret from key=value pairs, values base64-encoded. The manifest goes through
# stdin, so no value appears on a command line; --dry-run prints it with the values redacted.
apply_secret() {
  local namespace=$1 name=$2
  shift 2
  local manifest pair redacted
  manifest=$(printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\n  namespace: %s\ntype: Opaque\ndata:\n' "$name" "$namespace")
  redacted=$manifest
  for pair in "$@"; do
    manifest+=$(printf '\n  %s: %s' "${pair%%=*}" "$(b64 "${pair#*=}")")
    redacted+=$(printf '\n  %s: <redacted>' "${pair%%=*}")
  done
  if [[ "$DRY_RUN" == true ]]; then
    printf '[dry-run] kubectl --context %s apply -f - <<EOF\n%s\nEOF\n' "$KUBE_CONTEXT" "$redacted"
  else
    printf '%s\n' "$manifest" | kubectl --context "$KUBE_CONTEXT" apply -f -
  fi
}

# True when the kind cluster exists. (Captured first: with pipefail, "kind ... | grep -q" can
# fail when grep stops reading early.)
cluster_exists() {
  local clusters
  clusters=$(kind get clusters 2>/dev/null || true)
  grep -qx "$CLUSTER_NAME" <<<"$clusters"
}

# Waits until an object the operator creates asynchronously exists, then until it is rolled out.
wait_rollout() {
  local namespace=$1 object=$2 attempts=${3:-90}
  if [[ "$DRY_RUN" == true ]]; then
    printf '[dry-run] kubectl --context %s -n %s rollout status %s --timeout=300s\n' "$KUBE_CONTEXT" "$namespace" "$object"
    return
  fi
  local i
  for ((i = 0; i < attempts; i++)); do
    kc -n "$namespace" get "$object" >/dev/null 2>&1 && break
    sleep 2
  done
  kc -n "$namespace" get "$object" >/dev/null 2>&1 || die "$namespace/$object did not appear within $((attempts * 2))s"
  kc -n "$namespace" rollout status "$object" --timeout=300s
}
