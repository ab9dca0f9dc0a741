#!/usr/bin/env bash
# A Jazzer fuzzing campaign on one target of HttpFuzzTest (requestParser, responseParser or
# chunkedDecoder): runs it in fuzzing mode for EXECUTIONS inputs (default 10,000,000) or at most
# MAX_DURATION (default 3h), whichever comes first, under one engine (the targets use no loop).
# New inputs that cover new code go to .cifuzz-corpus/ (ignored by git); an input that breaks an
# invariant is written to src/test/resources/io/jasyncio/http/HttpFuzzTestInputs/TARGET/ and the
# run fails: it then runs in every `./jasyncio test` as a regression input.
#
# Usage: bash http/fuzz.sh TARGET [EXECUTIONS] [MAX_DURATION]
#   CPU heavy: on a shared machine run it under the bench lock, one target at a time:
#   flock /tmp/jasyncio-bench.lock bash http/fuzz.sh requestParser
# Prints libFuzzer's last status lines and the summary (inputs run, seconds, findings).
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: $0 requestParser|responseParser|chunkedDecoder [EXECUTIONS] [MAX_DURATION]" >&2
  exit 2
fi
TARGET="$1"
EXECUTIONS="${2:-10000000}"
MAX_DURATION="${3:-3h}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if [[ -z "${JAVA_HOME:-}" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/javac" ]] && { export JAVA_HOME="$d"; break; }; done
fi
mkdir -p "$ROOT/http/target"
OUT="$ROOT/http/target/fuzz-$TARGET.log"
START="$(date +%s)"
echo "fuzz $TARGET: $EXECUTIONS inputs at most, at most $MAX_DURATION ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
STATUS=0
# A heap cap keeps a long campaign's RSS bounded (without one the JVM lets the heap grow to GBs
# between collections); a JAVA_TOOL_OPTIONS of the caller's wins.
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:--Xmx1g}"
# test-compile, then the one surefire execution (the virtual-engine one would fuzz a second time).
JAZZER_FUZZ=1 JAZZER_MAX_EXECUTIONS="$EXECUTIONS" JAZZER_MAX_DURATION="$MAX_DURATION" \
  ./mvnw -B -q -o -pl http -am test-compile surefire:test@default-test \
  -Dtest="HttpFuzzTest#$TARGET" -Dsurefire.failIfNoSpecifiedTests=false >"$OUT" 2>&1 || STATUS=$?
END="$(date +%s)"
grep -E '^#[0-9]+' "$OUT" | tail -n 2 || true
grep -E '^(Done [0-9]+ runs|==[0-9]+== ERROR|== Java Exception|.*crash-|.*Test unit written|\[ERROR\] (Tests|Failures))' "$OUT" || true
echo "fuzz $TARGET: exit $STATUS after $((END - START)) s (wall, build included); output in $OUT"
exit "$STATUS"
