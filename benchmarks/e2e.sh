#!/usr/bin/env bash
# End to end: what journeys cost the reference app under load.
#
# Starts the three services (api, inventory, payments) in `serve` mode on loopback, on one
# PostgreSQL, exporting traces, metrics and logs over OTLP/HTTP to a sink that discards them
# (e2e/OtlpSink.java). Drives the api with wrk (closed loop: a fixed number of connections, the
# journey mix of e2e/mix.lua) with journeys on, then with the cuj layer switched off by
# configuration (CUJ_ENABLED=false in all three services), alternating on/off in ABBA order so a
# drift of the machine affects both sides alike. Prints requests/s, p50 and p99 of every run, and
# the on/off ratios. Each measured run starts with the api's order workers owing nothing from the
# warm-up and its CPU is counted until they have fulfilled the run's own checkouts (under this load
# they fall behind and catch up afterwards), then --idle seconds measure the cost of no load.
#
#   ./mvnw -B -q -DskipTests package -pl reference-app -am     # builds the app jar
#   benchmarks/e2e.sh                                          # 2 pairs, 300 s warm-up, 30 s runs
#   benchmarks/e2e.sh --warmup 60 --jvm-opt -XX:TieredStopAtLevel=1   # C1 only: steady state sooner
#   benchmarks/e2e.sh --pairs 3 --duration 60 --connections 32
#
# Three JVMs on 2 cores keep their C2 compilers busy for ~3 minutes of load; a shorter warm-up
# measures the JIT, not the code (see README.md).
#
# Needs: java, wrk (Debian package `wrk`), curl, psql, and either TECHMART_DB_URL (+ _USER/_PASSWORD)
# of an empty PostgreSQL database or PostgreSQL server binaries (initdb, pg_ctl; Debian package
# postgresql) for a throwaway one. Writes its log and results under benchmarks/results/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

pairs=2
duration=30
warmup=300
connections=16
threads=2
export_telemetry=1
jfr=0
idle=15
base_port=18080
jvm_opts=()

usage() {
  sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  cat <<EOF
Options:
  --pairs N         on/off pairs to run (default $pairs)
  --duration S      measured seconds per run (default $duration)
  --warmup S        unmeasured seconds of load before each run (default $warmup)
  --connections N   wrk connections (default $connections)
  --threads N       wrk threads (default $threads)
  --port P          first of three ports for api, inventory, payments (default $base_port)
  --no-export       no OTLP export (spans are still recorded)
  --idle S          after each run, seconds of no load over which each service's own CPU is
                    measured (default $idle, after 5 s for the last exports): what a service
                    costs per second whatever the load, shown apart from CPU per request
  --jfr             record each service of each run with Java Flight Recorder (profile, 2 ms samples)
                    into results/e2e-<date>-<run>-<cuj>-<role>.jfr, to find where the time goes
  --jvm-opt OPT     one more JVM option for every service (repeatable), e.g. --jvm-opt -XX:TieredStopAtLevel=1
EOF
}

die() {
  echo "e2e: $*" >&2
  exit 2
}

# Prints a line and keeps it in the report.
say() {
  echo "$*" | tee -a "$report"
}

positive_int() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, was '$2'"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --pairs) positive_int "$1" "${2:-}"; pairs="$2"; shift 2 ;;
    --duration) positive_int "$1" "${2:-}"; duration="$2"; shift 2 ;;
    --warmup) positive_int "$1" "${2:-}"; warmup="$2"; shift 2 ;;
    --idle) positive_int "$1" "${2:-}"; idle="$2"; shift 2 ;;
    --connections) positive_int "$1" "${2:-}"; connections="$2"; shift 2 ;;
    --threads) positive_int "$1" "${2:-}"; threads="$2"; shift 2 ;;
    --port) positive_int "$1" "${2:-}"; base_port="$2"; shift 2 ;;
    --no-export) export_telemetry=0; shift ;;
    --jfr) jfr=1; shift ;;
    --jvm-opt) [[ -n "${2:-}" ]] || die "--jvm-opt needs a JVM option"; jvm_opts+=("$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

java_cmd="${JAVA:-java}"
app_jar="${APP_JAR:-$root/reference-app/target/techmart-reference-app.jar}"
[[ -f "$app_jar" ]] || die "no $app_jar; build it: ./mvnw -B -q -DskipTests package -pl reference-app -am"
command -v wrk >/dev/null || die "wrk is not installed (Debian: apt-get install wrk)"
command -v curl >/dev/null || die "curl is not installed"

api_port=$base_port
inventory_port=$((base_port + 1))
payments_port=$((base_port + 2))
sink_port=$((base_port + 3))
db_port=$((base_port + 4))
for p in $api_port $inventory_port $payments_port $sink_port $db_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
    die "port $p is in use; choose another range with --port"
  fi
done

mkdir -p "$here/results"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cuj-e2e.XXXXXX")"
log="$here/results/e2e-$stamp.log"
report="$here/results/e2e-$stamp.txt"
pids=()
pg_ctl_cmd=()

cleanup() {
  stop_services
  if [[ ${#pg_ctl_cmd[@]} -gt 0 ]]; then
    "${pg_ctl_cmd[@]}" -D "$work/pg" -m fast -w stop >>"$log" 2>&1 || true
  fi
  if [[ -n "${sink_pid:-}" ]]; then
    kill "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Waits until $1 answers 2xx, at most $2 seconds.
wait_for() {
  local url="$1" limit="$2" start=$SECONDS
  until curl -sf -o /dev/null "$url"; do
    if (( SECONDS - start > limit )); then
      return 1
    fi
    sleep 0.5
  done
}

# --- database --------------------------------------------------------------------------------
start_database() {
  if [[ -n "${TECHMART_DB_URL:-}" ]]; then
    db_url="$TECHMART_DB_URL"
    db_user="${TECHMART_DB_USER:-postgres}"
    db_password="${TECHMART_DB_PASSWORD:-}"
    say "database: $db_url (given)"
    return
  fi
  local bin=""
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    bin="$(dirname "$(command -v pg_ctl)")"
  else
    bin="$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)"
  fi
  [[ -n "$bin" && -x "$bin/initdb" ]] || die "no TECHMART_DB_URL and no PostgreSQL binaries (initdb, pg_ctl) found"
  # PostgreSQL refuses to run as root: run it as the postgres user then.
  local as=()
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root and there is no postgres user to run PostgreSQL as"
    chown postgres "$work"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$work/pg" -U postgres --auth=trust -E UTF8 >>"$log" 2>&1 \
    || die "initdb failed; see $log"
  pg_ctl_cmd=("${as[@]}" "$bin/pg_ctl")
  "${pg_ctl_cmd[@]}" -D "$work/pg" -l "$work/pg.log" -w \
    -o "-p $db_port -k $work -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off" start >>"$log" 2>&1 \
    || die "PostgreSQL did not start; see $log"
  db_url="jdbc:postgresql://127.0.0.1:$db_port/postgres"
  db_user=postgres
  db_password=""
  say "database: throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $db_port (fsync off)"
}

# --- services --------------------------------------------------------------------------------
start_service() {
  local role="$1" port="$2" enabled="$3"
  local env=(
    TECHMART_DB_URL="$db_url" TECHMART_DB_USER="$db_user" TECHMART_DB_PASSWORD="$db_password"
    OTEL_SERVICE_NAME="$role" CUJ_ENABLED="$enabled"
    # The simulated payment gateway answers at once: the runs measure CPU, not its sleep.
    PAYMENTS_GATEWAY_LATENCY=0ms PAYMENTS_GATEWAY_JITTER=0ms
  )
  if [[ $role == api ]]; then
    env+=(TECHMART_INVENTORY_URL="http://127.0.0.1:$inventory_port" TECHMART_PAYMENTS_URL="http://127.0.0.1:$payments_port")
  fi
  if [[ $export_telemetry -eq 1 ]]; then
    env+=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
  fi
  local jvm=(-Xms256m -Xmx256m -Dcuj.enabled="$enabled" "${jvm_opts[@]}")
  if [[ $jfr -eq 1 ]]; then
    jvm+=("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=2ms,filename=$here/results/e2e-$stamp-${#results[@]}-$mode-$role.jfr")
  fi
  env "${env[@]}" "$java_cmd" "${jvm[@]}" \
    -jar "$app_jar" serve --role "$role" --port "$port" >>"$work/$role.log" 2>&1 &
  pids+=($!)
}

stop_services() {
  local pid i
  # The api first, so that its outbox worker does not spend the shutdown retrying the others.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

# Starts the three services with cuj.enabled=$1 and checks that the switch took: the cuj server
# filter echoes X-Correlation-ID, and nothing else in the app does.
start_stack() {
  local enabled="$1"
  : >"$work/api.log"; : >"$work/inventory.log"; : >"$work/payments.log"
  start_service inventory "$inventory_port" "$enabled"
  start_service payments "$payments_port" "$enabled"
  start_service api "$api_port" "$enabled"
  local port
  for port in $inventory_port $payments_port $api_port; do
    if ! wait_for "http://127.0.0.1:$port/health/readiness" 180; then
      cat "$work"/*.log >>"$log"
      die "a service on port $port did not become ready; see $log"
    fi
  done
  local echoed
  echoed="$(curl -s -D - -o /dev/null "http://127.0.0.1:$api_port/api/products" | tr -d '\r' | grep -ci '^x-correlation-id:' || true)"
  if [[ $enabled == true && $echoed -eq 0 ]] || [[ $enabled == false && $echoed -ne 0 ]]; then
    die "cuj.enabled=$enabled did not take effect (X-Correlation-ID echoed: $echoed)"
  fi
}

# Runs one SQL statement on the services' database and prints its result, unaligned.
sql() {
  command -v psql >/dev/null || die "psql is needed (restock, outbox backlog)"
  local host_port="${db_url#jdbc:postgresql://}"
  local hp="${host_port%%/*}" database="${host_port#*/}"
  database="${database%%\?*}"
  PGPASSWORD="$db_password" psql -q -At -h "${hp%%:*}" -p "${hp##*:}" -U "$db_user" -d "$database" -c "$1" 2>>"$log"
}

# Gives every product plenty of stock, so checkouts never run out during a run.
restock() {
  sql "UPDATE inventory.stock SET available = 100000000" >>"$log" || die "could not restock with psql; see $log"
}

# Outbox entries due and not processed yet: checkouts whose fulfilment the api's order workers
# still owe. Under a saturating load the workers fall behind (on 2 cores they process ~46 orders/s
# while ~74 checkouts/s arrive) and catch up when the load stops.
backlog() {
  sql "SELECT count(*) FROM shop.outbox WHERE processed_at IS NULL AND next_attempt_at <= now()" \
    || die "could not read the outbox backlog; see $log"
}

# Waits until the order workers owe nothing (at most 600 s). Prints the seconds it took.
wait_drained() {
  local start=$SECONDS
  until [[ "$(backlog)" == 0 ]]; do
    if (( SECONDS - start > 600 )); then
      die "the outbox backlog did not drain within 600 s (still $(backlog) entries)"
    fi
    sleep 0.5
  done
  echo $((SECONDS - start))
}

# Places one order, so order-lookup has something to read; prints its id.
place_order() {
  curl -sf -H 'Content-Type: application/json' \
    -d '{"customerId":"bench-0","items":[{"productId":1,"quantity":1}],"paymentMethod":"card","paymentToken":"tok_ok"}' \
    "http://127.0.0.1:$api_port/api/orders" | sed -n 's/.*"orderId":"\([^"]*\)".*/\1/p'
}

# One run: warm up, then measure. Sets result to "<mode> <req/s> <p50 ms> <p99 ms> <non-2xx> <errors>".
# Not in a subshell: the services it starts must be the ones cleanup stops.
run_once() {
  local mode="$1" enabled order_id out
  enabled=$([[ $mode == on ]] && echo true || echo false)
  start_stack "$enabled"
  restock
  order_id="$(place_order)"
  [[ -n "$order_id" ]] || die "could not place the order that order-lookup reads"
  ORDER_ID="$order_id" wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/e2e/mix.lua" \
    "http://127.0.0.1:$api_port" >>"$log" 2>&1
  # The measured run starts with nothing owed from the warm-up and ends when the work of its own
  # checkouts is done: CPU per request then includes the fulfilment the workers did after the load
  # (without this, the mode that serves more requests leaves more of their work uncounted).
  local warmup_drain drain backlog_end
  warmup_drain="$(wait_drained)"
  sleep 5   # the last spans of the drain are exported
  local before after drained bytes_before bytes_after
  bytes_before="$(exported_bytes)"
  before="$(cpu_snapshot)"
  out="$(ORDER_ID="$order_id" wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/e2e/mix.lua" \
    "http://127.0.0.1:$api_port")"
  after="$(cpu_snapshot)"
  backlog_end="$(backlog)"
  drain="$(wait_drained)"
  drained="$(cpu_snapshot)"
  bytes_after="$(exported_bytes)"
  echo "run ${#results[@]} ($mode): warm-up backlog drained in ${warmup_drain}s; $backlog_end orders owed after the run, drained in ${drain}s" >>"$log"
  local pid
  for pid in "${pids[@]}" "${sink_pid:-}"; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      cat "$work"/*.log >>"$log"
      die "a process of the run (pid $pid) exited during the measurement; its log is in $log"
    fi
  done
  printf '=== %s\n%s\n' "$mode" "$out" >>"$log"
  # No load and nothing owed: the last batches are exported within BatchSpanProcessor's 5 s delay,
  # then what is left is each service's cost per second (timers, metric readers, pollers, GC).
  sleep 5
  local idle_before idle_after
  idle_before="$(cpu_snapshot)"
  sleep "$idle"
  idle_after="$(cpu_snapshot)"
  stop_services
  local role
  for role in api inventory payments; do
    cp "$work/$role.log" "$here/results/e2e-$stamp-${#results[@]}-$mode-$role.log"
  done
  local rps p50 p99 non2xx errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  non2xx="$(awk -F': ' '/^non-2xx\/3xx responses:/ {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  local requests cpu
  requests="$(awk '/ requests in / {print $1}' <<<"$out")"
  # CPU milliseconds per request of each process, the drain after the run included.
  cpu="$(awk -v b="$before" -v a="$drained" -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    for (i = 1; i <= 5; i++) printf "%.3f ", (y[i] - x[i]) * 1000 / hz / n }')"
  # Share of api + inventory CPU spent after the load, on the run's deferred fulfilment.
  local deferred
  deferred="$(awk -v b="$before" -v a="$after" -v d="$drained" 'BEGIN {
    split(b, x, " "); split(a, y, " "); split(d, z, " ")
    t = z[1] + z[2] - x[1] - x[2]; printf "%.3f", (t > 0 ? (z[1] + z[2] - y[1] - y[2]) / t : 0) }')"
  # Exported bytes per request (traces, logs); batches still queued at the end count in the next run.
  local exported
  exported="$(awk -v b="$bytes_before" -v a="$bytes_after" -v n="$requests" 'BEGIN {
    split(b, x, " "); split(a, y, " "); printf "%.0f %.0f", (y[1] - x[1]) / n, (y[3] - x[3]) / n }')"
  # CPU milliseconds per second of api, inventory, payments with no load.
  local idle_cpu
  idle_cpu="$(awk -v b="$idle_before" -v a="$idle_after" -v s="$idle" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(b, x, " "); split(a, y, " ")
    for (i = 1; i <= 3; i++) printf "%.1f ", (y[i] - x[i]) * 1000 / hz / s }')"
  result="$mode $rps $(to_ms "$p50") $(to_ms "$p99") ${non2xx:-0} ${errors:-0} $cpu $exported $idle_cpu $backlog_end $deferred $drain"
}

# CPU clock ticks (user + system) used so far by process $1, all its threads included.
ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# The same for every PostgreSQL process (server and backends).
pg_ticks() {
  local f total=0 t
  for f in /proc/[0-9]*/stat; do
    t="$(awk '/^[0-9]+ \(postgres\) / { sub(/^.*\) /, ""); print $12 + $13 }' "$f" 2>/dev/null)" || continue
    total=$((total + ${t:-0}))
  done
  echo "$total"
}

# Bytes the services have exported so far: "<traces> <metrics> <logs>" (zeros without export).
exported_bytes() {
  if [[ $export_telemetry -eq 1 ]]; then
    { curl -sf "http://127.0.0.1:$sink_port/stats" || true; } | awk '
      $1 == "/v1/traces" { t = $3 } $1 == "/v1/metrics" { m = $3 } $1 == "/v1/logs" { l = $3 }
      END { print t + 0, m + 0, l + 0 }'
  else
    echo "0 0 0"
  fi
}

# Ticks of api, inventory, payments, PostgreSQL (0 when not ours) and the OTLP sink.
cpu_snapshot() {
  local pg=0
  [[ ${#pg_ctl_cmd[@]} -gt 0 ]] && pg="$(pg_ticks)"
  echo "$(ticks "${pids[2]}") $(ticks "${pids[0]}") $(ticks "${pids[1]}") $pg $(ticks "${sink_pid:-0}")"
}

# wrk prints latencies as 850.00us, 1.20ms or 1.05s.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { print "nan" } }'
}

# --- the session -----------------------------------------------------------------------------
{
  echo "e2e: $stamp"
  echo "machine: nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) before the session"
  echo "java: $("$java_cmd" -version 2>&1 | head -n 1)${jvm_opts[*]:+, with ${jvm_opts[*]}}"
  echo "load: wrk -t$threads -c$connections, ${warmup}s warm-up + ${duration}s measured per run, mix e2e/mix.lua"
  echo "telemetry: $([[ $export_telemetry -eq 1 ]] && echo "OTLP/HTTP export to a discarding sink" || echo "recorded, not exported")"
} | tee "$report"

start_database
if [[ $export_telemetry -eq 1 ]]; then
  "$java_cmd" "$here/e2e/OtlpSink.java" "$sink_port" >>"$log" 2>&1 &
  sink_pid=$!
fi

runs=()
for ((k = 1; k <= pairs; k++)); do
  if (( k % 2 == 1 )); then runs+=(on off); else runs+=(off on); fi
done

# A first, uncounted run warms PostgreSQL and the page cache: otherwise the first counted run is
# the slowest whatever its mode, and ABBA only cancels a linear drift.
echo "priming run (not counted) ..." >&2
results=()
run_once on
results=()
for mode in "${runs[@]}"; do
  echo "run ${#results[@]}: journeys $mode ..." >&2
  run_once "$mode"
  results+=("$result")
done

printf '\n%-4s %-4s %11s %8s %8s %7s %6s   %s\n' run cuj "requests/s" "p50 ms" "p99 ms" non-2xx errors \
  "CPU ms per request: api inventory payments postgres sink; exported bytes per request: traces logs; idle CPU ms/s: api inventory payments; orders owed at the end, drained in s, share of api + inventory CPU after the load" | tee -a "$report"
i=0
for r in "${results[@]}"; do
  read -r mode rps p50 p99 non2xx errors c_api c_inv c_pay c_pg c_sink b_traces b_logs i_api i_inv i_pay owed deferred drain <<<"$r"
  printf '%-4s %-4s %11s %8s %8s %7s %6s   %s %s %s %s %s; %s %s; %s %s %s; %s %s %s\n' "$i" "$mode" "$rps" "$p50" "$p99" "$non2xx" "$errors" \
    "$c_api" "$c_inv" "$c_pay" "$c_pg" "$c_sink" "$b_traces" "$b_logs" "$i_api" "$i_inv" "$i_pay" "$owed" "$drain" "$deferred" | tee -a "$report"
  i=$((i + 1))
done

printf '%s\n' "${results[@]}" | awk -v duration="$duration" '
  { n[$1]++; rps[$1] += $2; p50[$1] += $3; p99[$1] += $4
    for (i = 7; i <= 18; i++) cpu[$1, i] += $i
    # CPU per request of api + inventory + payments less their idle cost over the run and its drain.
    net[$1] += ($7 + $8 + $9) - ($14 + $15 + $16) * (duration + $19) / ($2 * duration) }
  END {
    if (n["on"] == 0 || n["off"] == 0) { exit 1 }
    printf "\nmean over %d runs each: on %.0f req/s, off %.0f req/s\n", n["on"], rps["on"] / n["on"], rps["off"] / n["off"]
    printf "throughput on/off: %.3f   p50 on/off: %.3f   p99 on/off: %.3f\n",
      (rps["on"] / n["on"]) / (rps["off"] / n["off"]),
      (p50["on"] / n["on"]) / (p50["off"] / n["off"]),
      (p99["on"] / n["on"]) / (p99["off"] / n["off"])
    printf "CPU ms per request (api inventory payments postgres sink): on"
    for (i = 7; i <= 11; i++) printf " %.3f", cpu["on", i] / n["on"]
    printf ", off"
    for (i = 7; i <= 11; i++) printf " %.3f", cpu["off", i] / n["off"]
    on3 = (cpu["on", 7] + cpu["on", 8] + cpu["on", 9]) / n["on"]
    off3 = (cpu["off", 7] + cpu["off", 8] + cpu["off", 9]) / n["off"]
    printf "\nCPU ms per request, api + inventory + payments: on %.3f, off %.3f, on/off %.3f", on3, off3, on3 / off3
    printf " (api %.3f, inventory %.3f, payments %.3f)",
      (cpu["on", 7] / n["on"]) / (cpu["off", 7] / n["off"]), (cpu["on", 8] / n["on"]) / (cpu["off", 8] / n["off"]),
      (cpu["on", 9] / n["on"]) / (cpu["off", 9] / n["off"])
    printf "\nexported bytes per request (traces logs): on %.0f %.0f, off %.0f %.0f\n",
      cpu["on", 12] / n["on"], cpu["on", 13] / n["on"], cpu["off", 12] / n["off"], cpu["off", 13] / n["off"]
    printf "idle CPU ms per second (api inventory payments): on %.1f %.1f %.1f, off %.1f %.1f %.1f\n",
      cpu["on", 14] / n["on"], cpu["on", 15] / n["on"], cpu["on", 16] / n["on"],
      cpu["off", 14] / n["off"], cpu["off", 15] / n["off"], cpu["off", 16] / n["off"]
    printf "share of api + inventory CPU spent after the load on the orders of the run: on %.2f, off %.2f\n",
      cpu["on", 18] / n["on"], cpu["off", 18] / n["off"]
    printf "CPU ms per request less the idle cost, api + inventory + payments: on %.3f, off %.3f, on/off %.3f\n",
      net["on"] / n["on"], net["off"] / n["off"], (net["on"] / n["on"]) / (net["off"] / n["off"])
  }' | tee -a "$report"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$report"
echo "report: $report (wrk output in $log)"
