#!/usr/bin/env bash
# Runs the JMH benchmarks with the GC profiler and writes the results to
# results/<date>.json (git-ignored), after printing the machine they ran on; then prints one
# median per fork and the spread of those medians (forks.sh; also kept in results/<date>.forks.txt),
# because JMH's "score ± error" averages over forks and hides a benchmark that runs in two modes.
#
#   benchmarks/run.sh                                  # everything: 5 forks x 5 x 1 s warm-up, 5 x 1 s
#   benchmarks/run.sh -f 1 -wi 2 -w 1s -i 3 -r 1s      # quick look while developing (no spread with 1 fork)
#   benchmarks/run.sh 'JourneyBenchmark'               # one class (any JMH regexp/option)
#   benchmarks/run.sh --pin 1 -f 10 'JourneyBenchmark.journey$'   # every fork on CPU 1 (see below)
#
# --pin CPU (first option) runs every fork on that one CPU (taskset) with
# -XX:ActiveProcessorCount=<nproc>, so the JVM picks the same GC and compiler threads as unpinned.
# It removes a fork's moves between CPUs as a cause of spread; it does not remove the slow stretches
# of the 2-vCPU VM of issue 17 (the same machine code 1.4-1.8x slower for seconds to minutes, across
# JVMs, pinned or not: README.md, "The second mode with telemetry off").
#
# Build first: ./mvnw -B -q -DskipTests package -pl benchmarks -am
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$here/target/benchmarks.jar"
pin=()
pin_args=()
if [[ "${1:-}" == --pin ]]; then
  cpus="$(nproc)"
  if [[ ! "${2:-}" =~ ^[0-9]+$ ]] || (( ${2} >= cpus )); then
    echo "run: --pin needs a CPU number from 0 to $((cpus - 1)), was '${2:-}'" >&2
    exit 2
  fi
  if ! command -v taskset >/dev/null; then
    echo "run: --pin needs taskset (Debian: util-linux)" >&2
    exit 2
  fi
  pin=(taskset -c "$2")
  pin_args=(-jvmArgsPrepend "-XX:ActiveProcessorCount=$cpus")
  shift 2
fi
if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it with ./mvnw -B -q -DskipTests package -pl benchmarks -am" >&2
  exit 1
fi
java_cmd="${JAVA:-java}"
mkdir -p "$here/results"
stamp="$(date -u +%Y-%m-%dT%H%M%SZ)"
out="$here/results/$stamp.json"

{
  echo "date:    $stamp"
  echo "nproc:   $(nproc)"
  echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) before the run"
  echo "java:    $("$java_cmd" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  if [[ ${#pin[@]} -gt 0 ]]; then
    echo "pinned:  ${pin[*]}, ${pin_args[1]}"
  fi
} | tee "$here/results/$stamp.env"

"${pin[@]}" "$java_cmd" -jar "$jar" -prof gc -rf json -rff "$out" "${pin_args[@]}" "$@"

echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) after the run" | tee -a "$here/results/$stamp.env"
echo "results: $out"
echo
echo "per fork (median of each fork's iterations; max/min above 1.10 means the forks disagree):"
"$here/forks.sh" "$out" | tee "$here/results/$stamp.forks.txt"
