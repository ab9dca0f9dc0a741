#!/usr/bin/env bash
# Runs the headline benchmarks of jasyncio and their CPython peers in one go and prints the
# figures side by side. Called by `./jasyncio compare [quick]` with the java binary and the
# class path. "quick" shortens the JMH runs (less precise). The environment variable BENCHMARKS
# (a JMH include pattern) narrows the JMH part, e.g. BENCHMARKS='\.LockBenchmark\.'; figures not
# measured print as "-". The table itself is built by compare_table.py from the raw output
# directory, which is kept and named at the end.
set -euo pipefail
JAVA="$1"
CP="$2"
MODE="${3:-full}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(mktemp -d)"
FLAGS=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)
JMH_ARGS=(-rf json -rff "$OUT/jmh.json" -jvmArgsAppend "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
if [[ "$MODE" == quick ]]; then
  JMH_ARGS+=(-wi 2 -i 3 -w 1 -r 1)
fi

PY="$(command -v python3 || true)"
# JMH include pattern (a regular expression over benchmark names); BENCHMARKS overrides it.
ALL_BENCHMARKS='\.(TaskSwitch|CreateTask|CallSoon|Generator|Lock|Queue|SemaphoreFanOut|BridgeQueue)Benchmark\.'
echo "== jasyncio (JMH): task switch, createTask+await, callSoon, generators, Lock, Queue, Semaphore fan-out, BridgeQueue" >&2
"$JAVA" "${FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main \
  "${BENCHMARKS:-$ALL_BENCHMARKS}" "${JMH_ARGS[@]}" >"$OUT/jmh.log"
echo "== jasyncio: one million tasks (both engines)" >&2
# A heap sized for a million live tasks: a young generation large enough that parked tasks are
# not copied from survivor space to survivor space while they are created (docs/PERFORMANCE.md
# gives the figures with the JVM's default sizing too).
MILLION_HEAP=(${MILLION_HEAP:--Xms4g -Xmx8g -Xmn3g})
echo "   (heap: ${MILLION_HEAP[*]})" >&2
"$JAVA" "${FLAGS[@]}" "${MILLION_HEAP[@]}" -Djasyncio.engine=continuation -cp "$CP" io.jasyncio.bench.MillionTasks >"$OUT/million-continuation.txt"
"$JAVA" "${FLAGS[@]}" "${MILLION_HEAP[@]}" -Djasyncio.engine=virtual -cp "$CP" io.jasyncio.bench.MillionTasks >"$OUT/million-virtual.txt"
if [[ -n "$PY" ]]; then
  echo "== CPython peers ($("$PY" --version 2>&1))" >&2
  for s in task_switch create_task call_soon million_tasks generators lock queue semaphore_fanout bridge_queue; do
    "$PY" "$HERE/peers/python/$s.py" >"$OUT/py-$s.txt"
  done
fi

"${PY:-python3}" "$HERE/compare_table.py" "$OUT"
echo "(raw output in $OUT)" >&2
