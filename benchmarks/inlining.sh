#!/usr/bin/env bash
# Runs JourneyBenchmark.journey in separate JVMs (one JMH fork each) with HotSpot's compilation
# and inlining log, and checks in every fork that C2 inlined the journey's hot path: no
# JourneyRunner hot-path method is refused as "already compiled into a big method" (issue 17: a
# standalone compilation above InlineSmallCode, 2500 B of machine code, that came first decided
# the mode of a whole JVM) or as "hot method too big". Timings taken under load are noise; which
# code was compiled how is not, so this is what proves one mode.
#
#   benchmarks/inlining.sh                      # 5 forks each of telemetry=off and telemetry=sdk
#   benchmarks/inlining.sh -n 8 -p off          # 8 forks, telemetry off only
#   benchmarks/inlining.sh --check <log>...     # only judge existing logs (exit 1 if any fork fails)
#
# Logs go to benchmarks/results/inlining-<date>/. Build first:
#   ./mvnw -B -q -DskipTests package -pl benchmarks -am
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The methods a journey runs through on every call (JourneyRunner), whatever the telemetry.
hot='com\.techmart\.cuj\.JourneyRunner::(call|run|traced|inJourney|failOnThrow|inScope|enterUntraced|untracedContext|stampIfRecording) '
refused='already compiled into a (big|medium) method|hot method too big'

die() {
  echo "inlining: $1" >&2
  exit 2
}

# One line per log: PASS/FAIL, the inlined and refused hot-path decisions of C2, the score.
judge() {
  local failed=0 log inlined refusals score
  for log in "$@"; do
    [[ -r "$log" ]] || die "cannot read '$log'"
    inlined="$(grep -E "$hot" "$log" | grep -cE 'inline \(hot\)' || true)"
    refusals="$(grep -E "$hot" "$log" | grep -E "$refused" | sed -E 's/^.*(JourneyRunner::[A-Za-z]+).*  +(.*)$/\1: \2/' | sort | uniq -c | tr -s ' ' | paste -sd ';' - || true)"
    # JMH's summary line: benchmark, parameter, mode, count, score, ±, error, unit.
    score="$(grep -E '^JourneyBenchmark\.journey ' "$log" | tail -n 1 | awk '{print $(NF-3), $NF}' || true)"
    if [[ "$inlined" -gt 0 && -z "$refusals" ]]; then
      printf 'PASS  %s  hot path inlined by C2 %s times, never refused  (score %s, timing under load is noise)\n' \
        "$(basename "$log")" "$inlined" "${score:-?}"
    else
      failed=1
      printf 'FAIL  %s  inlined %s times; refused:%s  (score %s, timing under load is noise)\n' \
        "$(basename "$log")" "$inlined" "${refusals:- none, but never inlined}" "${score:-?}"
    fi
  done
  return "$failed"
}

if [[ "${1:-}" == "--check" ]]; then
  shift
  [[ $# -gt 0 ]] || die "--check needs at least one log"
  judge "$@"
  exit $?
fi

forks=5
telemetry=(off sdk)
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n)
      [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "-n must be a positive whole number, was '${2:-}'"
      forks="$2"
      shift 2
      ;;
    -p)
      [[ "${2:-}" == off || "${2:-}" == sdk ]] || die "-p must be off or sdk, was '${2:-}'"
      telemetry=("$2")
      shift 2
      ;;
    *) die "unknown option '$1' (use -n <forks>, -p off|sdk or --check <log>...)" ;;
  esac
done

jar="$here/target/benchmarks.jar"
[[ -f "$jar" ]] || die "no $jar: build it with ./mvnw -B -q -DskipTests package -pl benchmarks -am"
dir="$here/results/inlining-$(date -u +%Y-%m-%dT%H%M%SZ)"
mkdir -p "$dir"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) before; logs in $dir"
logs=()
for t in "${telemetry[@]}"; do
  for ((i = 1; i <= forks; i++)); do
    log="$dir/journey-$t-fork$i.log"
    # 8 s of warm-up: under load the benchmark loop's last C2 compilation can come late. JMH's
    # lock keeps two timing runs apart; what is judged here is the compilation log, not time, so
    # it may run beside another JMH run. A run that fails is judged (and fails) like any other.
    "${JAVA:-java}" -Djmh.ignoreLock=true -jar "$jar" -f 1 -wi 8 -w 1s -i 3 -r 1s -p "telemetry=$t" \
      '^com.techmart.cuj.benchmarks.JourneyBenchmark.journey$' \
      -jvmArgsAppend '-XX:+UnlockDiagnosticVMOptions -XX:+PrintCompilation -XX:+PrintInlining' > "$log" 2>&1 \
      || echo "inlining: the JMH run of $log failed (exit $?)" >&2
    logs+=("$log")
  done
done
judge "${logs[@]}"
