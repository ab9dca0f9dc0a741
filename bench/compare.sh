#!/usr/bin/env bash
# Runs the headline benchmarks of jasyncio and their CPython peers in one go and prints the
# figures side by side. Called by `./jasyncio compare [quick]` with the java binary and the
# class path. "quick" shortens the JMH runs (less precise).
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
echo "== jasyncio (JMH): task switch, createTask+await, callSoon" >&2
"$JAVA" "${FLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main \
  'TaskSwitchBenchmark|CreateTaskBenchmark|CallSoonBenchmark' "${JMH_ARGS[@]}" >"$OUT/jmh.log"
echo "== jasyncio: one million tasks (both engines)" >&2
"$JAVA" "${FLAGS[@]}" -Xmx8g -Djasyncio.engine=continuation -cp "$CP" io.jasyncio.bench.MillionTasks >"$OUT/million-continuation.txt"
"$JAVA" "${FLAGS[@]}" -Xmx8g -Djasyncio.engine=virtual -cp "$CP" io.jasyncio.bench.MillionTasks >"$OUT/million-virtual.txt"
if [[ -n "$PY" ]]; then
  echo "== CPython peers ($("$PY" --version 2>&1))" >&2
  for s in task_switch create_task call_soon million_tasks; do
    "$PY" "$HERE/peers/python/$s.py" >"$OUT/py-$s.txt"
  done
fi

"${PY:-python3}" - "$OUT" <<'PYEOF'
import json, os, sys
out = sys.argv[1]
rows = json.load(open(os.path.join(out, "jmh.json")))
def jmh(name, **params):
    for r in rows:
        if r["benchmark"].endswith(name) and all(r.get("params", {}).get(k) == v for k, v in params.items()):
            return r["primaryMetric"]["score"]
    return None
def kv(path):
    d = {}
    if os.path.exists(path):
        for line in open(path):
            if ":" in line:
                k, v = line.split(":", 1)
                d[k.strip()] = v.strip()
    return d
py = {}
for s in ("task_switch", "create_task", "call_soon", "million_tasks"):
    py.update(kv(os.path.join(out, "py-%s.txt" % s)))
mc, mv = kv(os.path.join(out, "million-continuation.txt")), kv(os.path.join(out, "million-virtual.txt"))
def f(x, fmt="%.0f"):
    if x is None:
        return "-"
    try:
        return fmt % float(x)
    except ValueError:
        return str(x)
table = [
    ("task switch, future ping-pong (ns/switch)", jmh("pingPong", engine="continuation"), jmh("pingPong", engine="virtual"), py.get("pingPong_ns_per_switch")),
    ("task switch, sleep(0) loop (ns/switch)", jmh("sleepZero", engine="continuation"), jmh("sleepZero", engine="virtual"), py.get("sleepZero_ns_per_switch")),
    ("createTask + await (ns)", jmh("createAndAwait", engine="continuation", eager="false"), jmh("createAndAwait", engine="virtual", eager="false"), py.get("createAndAwait_ns")),
    ("createTask + await, eager (ns)", jmh("createAndAwait", engine="continuation", eager="true"), jmh("createAndAwait", engine="virtual", eager="true"), py.get("createAndAwait_eager_ns")),
    ("callSoon throughput (callbacks/s)", jmh("callSoon"), None, py.get("callSoon_per_s")),
    ("1M tasks: create and start (s)", mc.get("create_and_start_s"), mv.get("create_and_start_s"), py.get("create_and_start_s")),
    ("1M tasks: heap per parked task (bytes)", mc.get("heap_bytes_per_parked_task"), mv.get("heap_bytes_per_parked_task"), py.get("heap_bytes_per_parked_task")),
    ("1M tasks: wake and finish all (s)", mc.get("wake_and_finish_s"), mv.get("wake_and_finish_s"), py.get("wake_and_finish_s")),
]
w = max(len(t[0]) for t in table)
print("%-*s  %14s  %14s  %14s" % (w, "figure", "continuation", "virtual", "CPython"))
for name, c, v, p in table:
    fmt = "%.3f" if "(s)" in name else "%.0f"
    print("%-*s  %14s  %14s  %14s" % (w, name, f(c, fmt), f(v, fmt), f(p, fmt)))
PYEOF
echo "(raw output in $OUT)" >&2
