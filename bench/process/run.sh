#!/usr/bin/env bash
# Process-pool figures, jasyncio beside CPython's multiprocessing (fork and spawn), one after the
# other. Run it under the bench lock on a quiet machine:
#
#   flock /tmp/jasyncio-bench.lock bash bench/process/run.sh [start|start-ab|roundtrip|cpu|cpu-map|cpu-chunks|cpu-ab|cpu-ab-x10|queue|queue-in|ceiling ...]
#
# ProcessBench runs with a class path of jars (made here from the build's class directories), so
# that its `start` figure has the workers' class-data archive (made by the first pool: a class path
# of jars only) and can also try a JDK AOT cache of the worker (the JDK writes one only for a
# class path made of jar files). Needs python3 (3.8 or later) for the CPython columns.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$ROOT/jasyncio" run io.jasyncio.bench.ProcessBench build-only >/dev/null
JDK="${JAVA_HOME:-}"
if [[ -z "$JDK" || ! -x "$JDK/bin/jar" ]]; then
  for d in /usr/lib/jvm/*25*; do [[ -x "$d/bin/jar" ]] && { JDK="$d"; break; }; done
fi
JARS="$ROOT/bench/target/process-jars"
rm -rf "$JARS" && mkdir -p "$JARS"
"$JDK/bin/jar" --create --file "$JARS/core.jar" -C "$ROOT/core/target/classes" .
"$JDK/bin/jar" --create --file "$JARS/bench.jar" -C "$ROOT/bench/target/classes" .
PY="$(command -v python3 || true)"
echo "== jasyncio ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
"$JDK/bin/java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED ${JASYNCIO_JAVA_OPTS:-} \
  -cp "$JARS/core.jar:$JARS/bench.jar" io.jasyncio.bench.ProcessBench "$@"
if [[ -z "$PY" ]]; then
  echo "python3 not found: install it (apt-get install python3) for the CPython columns" >&2
  exit 0
fi
for method in fork spawn; do
  echo "== CPython, $method"
  "$PY" "$ROOT/bench/peers/python/multiprocessing_bench.py" "$method" "$@"
done
