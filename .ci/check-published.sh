#!/usr/bin/env bash
# Checks what a deploy wrote to a Maven repository directory: exactly the published artifacts,
# each with its sources and javadoc jars, and poms a consumer can read (flattened: no ${...}).
# Usage: .ci/check-published.sh <repository-dir>
set -euo pipefail

repo="${1:?usage: $0 <repository-dir>}"
group="$repo/com/techmart/cuj"
[ -d "$group" ] || { echo "check-published: no com.techmart.cuj artifacts in $repo" >&2; exit 1; }

# artifactId and the files (classifier.extension) each version directory must hold, exactly.
libraries="cuj-core cuj-micronaut cuj-micronaut-jdbc cuj-servlet cuj-jdbc cuj-archunit cuj-testing"
expected_files() {
  case "$1" in
    cuj-bom) echo "pom" ;;
    cuj-core) echo "agent-extension.jar jar javadoc.jar pom sources.jar" ;;
    *) echo "jar javadoc.jar pom sources.jar" ;;
  esac
}

failures=0
fail() { echo "check-published: $*" >&2; failures=$((failures + 1)); }

actual_ids=$(find "$group" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' ')
wanted_ids=$(printf '%s\n' cuj-bom $libraries | sort | tr '\n' ' ')
[ "$actual_ids" = "$wanted_ids" ] || fail "artifacts are [${actual_ids% }], expected [${wanted_ids% }]"

for id in cuj-bom $libraries; do
  dir=$(find "$group/$id" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -n 1)
  [ -n "$dir" ] || { fail "$id: not deployed"; continue; }
  version=$(basename "$dir")
  base=${version%-SNAPSHOT}
  # A SNAPSHOT deploy names files <id>-<base>-<timestamp>-<build>[-classifier].<ext>; an install
  # names them <id>-<version>[-classifier].<ext>. Reduce both to "[classifier.]ext", newest build.
  kinds=$(find "$dir" -maxdepth 1 -type f \( -name '*.jar' -o -name '*.pom' \) -printf '%f\n' \
    | sed -E "s/^$id-$base(-SNAPSHOT|-[0-9]{8}\.[0-9]{6}-[0-9]+)?//; s/^[-.]//" | sort -u | tr '\n' ' ')
  [ "${kinds% }" = "$(expected_files "$id")" ] || fail "$id: files are [${kinds% }], expected [$(expected_files "$id")]"

  while IFS= read -r pom; do
    if grep -n '\${' "$pom" >/dev/null; then
      fail "$id: $(basename "$pom") has unresolved properties: $(grep -n '\${' "$pom" | head -n 3 | tr '\n' ' ')"
    fi
    if grep -q '<parent>' "$pom"; then
      fail "$id: $(basename "$pom") names a parent, which is not published"
    fi
  done < <(find "$dir" -maxdepth 1 -name '*.pom')

  while IFS= read -r jar; do
    listing=$(jar tf "$jar")
    case "$jar" in
      *-sources.jar) grep -q '\.java$' <<<"$listing" || fail "$id: $(basename "$jar") holds no .java file" ;;
      *-javadoc.jar) grep -q '^index.html$' <<<"$listing" || fail "$id: $(basename "$jar") has no index.html" ;;
      *) grep -q '\.class$' <<<"$listing" || fail "$id: $(basename "$jar") holds no class" ;;
    esac
  done < <(find "$dir" -maxdepth 1 -name '*.jar')
done

if [ "$failures" -gt 0 ]; then
  echo "check-published: $failures problem(s) in $repo" >&2
  exit 1
fi
echo "check-published: $repo holds exactly cuj-bom and $libraries, each with sources, javadoc and a flat pom"
