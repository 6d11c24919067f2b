#!/usr/bin/env bash
# Prints, for every benchmark (and parameter set) in a JMH JSON result, the median of each fork
# and the spread max/min of those medians. JMH's "score ± error" averages over forks, so a
# benchmark that runs fast in some forks and slow in others (two JIT modes) looks like one wide
# error bar; one median per fork shows it. A spread above 1.10 is marked "MODES?".
#
#   benchmarks/forks.sh benchmarks/results/<date>.json
#
# run.sh calls it after every run. Needs jq.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "forks: usage: forks.sh <jmh-result.json>" >&2
  exit 2
fi
file="$1"
if [[ ! -r "$file" ]]; then
  echo "forks: cannot read '$file'" >&2
  exit 2
fi
if ! command -v jq > /dev/null; then
  echo "forks: needs jq (apt-get install jq)" >&2
  exit 2
fi

# A benchmark without rawData (or a file that is not a JMH result) is refused, not skipped:
# a table that silently leaves rows out would hide exactly what it is for.
if ! table="$(jq -r '
  def median: sort | if length == 0 then null
    elif length % 2 == 1 then .[length / 2 | floor]
    else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def fmt: if . >= 100 then (. * 10 | round / 10) else (. * 1000 | round / 1000) end | tostring;
  if type != "array" then error("not a JMH JSON result (expected an array of benchmarks)") else . end
  | (["benchmark", "params", "unit", "forks", "fork medians", "max/min", ""] | @tsv),
    (.[] |
      if (.primaryMetric.rawData | type) != "array" or (.primaryMetric.rawData | length) == 0
      then error("\(.benchmark // "?"): no primaryMetric.rawData")
      else . end
      | (.primaryMetric.rawData | map(median)) as $m
      | ($m | max) as $max | ($m | min) as $min
      | (if $min > 0 then $max / $min else null end) as $spread
      | [ (.benchmark | split(".") | .[-2:] | join(".")),
          ((.params // {}) | to_entries | map("\(.key)=\(.value)") | join(",") | if . == "" then "-" else . end),
          .primaryMetric.scoreUnit,
          ($m | length | tostring),
          ($m | map(fmt) | join(" ")),
          (if $spread == null then "-" else ($spread * 100 | round / 100 | tostring) end),
          (if $spread != null and $spread > 1.10 then "MODES?" else "" end)
        ] | @tsv)
' "$file" 2>&1)"; then
  echo "forks: $file: ${table#jq: error*: }" >&2
  exit 2
fi
column -t -s $'\t' <<< "$table"
