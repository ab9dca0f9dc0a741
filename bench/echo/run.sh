#!/usr/bin/env bash
# TCP echo benchmark: jasyncio's streams (both engines) against CPython asyncio streams, uvloop,
# and the loopback floor (a blocking Java NIO echo server), with one load client for all
# (io.jasyncio.bench.echo.EchoClient). For each server x message size x connection count it
# starts the server pinned to CPU 0, runs the client pinned to CPU 1 (warm-up, then a measured
# window), takes the server's CPU time (utime + stime of /proc/PID/stat) over that window, stops
# the server, and prints requests/s, server CPU-seconds per 1,000 requests, the ratio to the
# floor, and jasyncio's ratios to uvloop and asyncio.
#
# Usage: bash bench/echo/run.sh JAVA CLASSPATH [quick]
#   (`./jasyncio echo-bench [quick]`). "quick": shorter runs and fewer combinations.
# Environment overrides: ECHO_SERVERS, ECHO_SIZES, ECHO_CONNECTIONS (space-separated lists),
#   ECHO_WARMUP, ECHO_DURATION (seconds), ECHO_WARMUP_REQUESTS (the warm-up also lasts until
#   this many requests were answered, default 20000), ECHO_ASYNCIO_PYTHON (interpreter for the asyncio
#   server; default: python3 on the PATH). uvloop runs on Debian's /usr/bin/python3 with the
#   python3-uvloop package, installed here with apt-get when missing.
# Loopback (127.0.0.1) only. Every run is bounded in time; everything started is stopped on exit.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 JAVA CLASSPATH [quick]" >&2
  exit 2
fi
JAVA="$1"
CP="$2"
MODE="${3:-full}"
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(mktemp -d)"
JFLAGS=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)

if [[ "$MODE" == quick ]]; then
  WARMUP="${ECHO_WARMUP:-2}"
  DURATION="${ECHO_DURATION:-2}"
  SIZES="${ECHO_SIZES:-1024}"
  CONNS="${ECHO_CONNECTIONS:-1 100}"
else
  WARMUP="${ECHO_WARMUP:-5}"
  DURATION="${ECHO_DURATION:-5}"
  SIZES="${ECHO_SIZES:-1024 10240}"
  CONNS="${ECHO_CONNECTIONS:-1 10 100}"
fi
SERVERS="${ECHO_SERVERS:-floor jasyncio-continuation jasyncio-virtual jasyncio-protocol asyncio uvloop}"
PY_ASYNCIO="${ECHO_ASYNCIO_PYTHON:-$(command -v python3 || true)}"
PY_UVLOOP=/usr/bin/python3
WARMUP_REQUESTS="${ECHO_WARMUP_REQUESTS:-20000}"
# The client warms up for at most 3 x WARMUP + 10 s (see EchoClient), then measures DURATION.
CLIENT_LIMIT="$(awk -v w="$WARMUP" -v d="$DURATION" 'BEGIN { print int(3 * w + 10 + d) + 30 }')"
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

SERVER_PID=""
CLIENT_PID=""
cleanup() {
  if [[ -n "$CLIENT_PID" ]]; then
    kill -TERM "$CLIENT_PID" 2>/dev/null || true # timeout(1) passes it on to the client
    wait "$CLIENT_PID" 2>/dev/null || true
  fi
  if [[ -n "$SERVER_PID" ]]; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "$*" >&2; }

# ---- setup ---------------------------------------------------------------------------------
ensure_uvloop() {
  if [[ -x "$PY_UVLOOP" ]] && "$PY_UVLOOP" -c 'import uvloop' 2>/dev/null; then
    return 0
  fi
  if ! command -v apt-get >/dev/null; then
    log "uvloop: no apt-get here; install python3-uvloop for $PY_UVLOOP by hand"
    return 1
  fi
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then sudo=(sudo -n); else
      log "uvloop: not root and no sudo; install python3-uvloop by hand"
      return 1
    fi
  fi
  if ! apt-cache show python3-uvloop >/dev/null 2>&1; then
    log "== apt-get update (python3-uvloop unknown)"
    timeout 600 "${sudo[@]}" apt-get update -q >&2 || true
  fi
  log "== apt-get install -y python3-uvloop"
  timeout 900 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-uvloop >&2 \
    || return 1
  "$PY_UVLOOP" -c 'import uvloop' 2>/dev/null
}

HAVE_UVLOOP=1
if [[ " $SERVERS " == *" uvloop "* ]] && ! ensure_uvloop; then
  log "uvloop unavailable: its rows are skipped"
  HAVE_UVLOOP=0
fi
if [[ -z "$PY_ASYNCIO" ]]; then
  log "no python3 on the PATH: the asyncio rows are skipped"
fi

PIN_SERVER=()
PIN_CLIENT=()
if command -v taskset >/dev/null && [[ "$(nproc --all 2>/dev/null || echo 1)" -ge 2 ]]; then
  PIN_SERVER=(taskset -c 0)
  PIN_CLIENT=(taskset -c 1)
else
  log "WARNING: no taskset or fewer than 2 CPUs: server and client are not pinned"
fi

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  echo "cpus: $(nproc --all 2>/dev/null || echo ?); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -n1)"
  [[ -n "$PY_ASYNCIO" ]] && echo "asyncio: $PY_ASYNCIO ($("$PY_ASYNCIO" --version 2>&1))"
  [[ "$HAVE_UVLOOP" == 1 ]] && echo "uvloop: $PY_UVLOOP ($("$PY_UVLOOP" --version 2>&1)," \
    "uvloop $("$PY_UVLOOP" -c 'import uvloop; print(uvloop.__version__)'))"
  echo "pinning: server '${PIN_SERVER[*]:-none}', client '${PIN_CLIENT[*]:-none}'"
  echo "warm-up ${WARMUP} s and ${WARMUP_REQUESTS} requests, measured ${DURATION} s per run;" \
    "sizes: $SIZES; connections: $CONNS"
} >"$OUT/env.txt"
cat "$OUT/env.txt" >&2

# ---- one run ---------------------------------------------------------------------------------
server_command() {
  local name="$1" size="$2"
  case "$name" in
    floor) CMD=("$JAVA" -cp "$CP" io.jasyncio.bench.echo.FloorServer --size "$size") ;;
    jasyncio-continuation | jasyncio-virtual)
      CMD=("$JAVA" "${JFLAGS[@]}" "-Djasyncio.engine=${name#jasyncio-}" -cp "$CP"
        io.jasyncio.bench.echo.EchoServer --size "$size") ;;
    jasyncio-protocol)
      CMD=("$JAVA" "${JFLAGS[@]}" -Djasyncio.engine=continuation -cp "$CP"
        io.jasyncio.bench.echo.ProtocolEchoServer --size "$size") ;;
    asyncio)
      [[ -n "$PY_ASYNCIO" ]] || return 1
      CMD=("$PY_ASYNCIO" "$HERE/echo_asyncio.py" --size "$size") ;;
    uvloop)
      [[ "$HAVE_UVLOOP" == 1 ]] || return 1
      CMD=("$PY_UVLOOP" "$HERE/echo_asyncio.py" --size "$size" --uvloop) ;;
    *) log "unknown server '$name'"; return 1 ;;
  esac
}

# Starts the server in the background (PID in SERVER_PID) and sets PORT; at most 30 s.
start_server() {
  local name="$1" size="$2" tag="$3"
  : >"$OUT/$tag.port"
  "${PIN_SERVER[@]}" "${CMD[@]}" >"$OUT/$tag.port" 2>"$OUT/$tag.server.err" &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    # The first line made of digits only (a JVM option may print lines of its own first).
    PORT="$(grep -m1 -E '^[0-9]+$' "$OUT/$tag.port" || true)"
    [[ -n "$PORT" ]] && return 0
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "$tag: the server exited at start (see $OUT/$tag.server.err)"
      return 1
    fi
    sleep 0.1
  done
  log "$tag: the server did not print its port within 30 s"
  return 1
}

stop_server() {
  [[ -n "$SERVER_PID" ]] || return 0
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

run_one() {
  local name="$1" size="$2" conns="$3"
  local tag="$name-$size-$conns"
  server_command "$name" "$size" >/dev/null || { log "$tag: skipped"; return 0; }
  if ! start_server "$name" "$size" "$tag"; then
    stop_server
    echo -e "$name\t$size\t$conns\tfailed\tfailed\tfailed" >>"$OUT/results.tsv"
    return 0
  fi
  log "-- $tag (server pid $SERVER_PID, port $PORT)"
  # In the background, so that a signal to this script stops it at once (trap EXIT).
  timeout -k 5 "$CLIENT_LIMIT" "${PIN_CLIENT[@]}" "$JAVA" -cp "$CP" \
    io.jasyncio.bench.echo.EchoClient --port "$PORT" --size "$size" --connections "$conns" \
    --warmup "$WARMUP" --warmup-requests "$WARMUP_REQUESTS" --duration "$DURATION" \
    --server-pid "$SERVER_PID" --clk-tck "$CLK_TCK" \
    >"$OUT/$tag.client.txt" 2>"$OUT/$tag.client.err" &
  CLIENT_PID=$!
  local status=0
  wait "$CLIENT_PID" || status=$?
  CLIENT_PID=""
  if [[ "$status" == 0 ]]; then
    local rps cpu share
    rps="$(awk -F': ' '$1 == "requests_per_s" { print $2 }' "$OUT/$tag.client.txt")"
    cpu="$(awk -F': ' '$1 == "server_cpu_s_per_1k" { print $2 }' "$OUT/$tag.client.txt")"
    share="$(awk -F': ' '$1 == "server_cpu_share" { print $2 }' "$OUT/$tag.client.txt")"
    echo -e "$name\t$size\t$conns\t${rps:-failed}\t${cpu:-failed}\t${share:-failed}" \
      >>"$OUT/results.tsv"
    log "   $rps requests/s, $cpu server CPU-s per 1k requests, server busy $share of the time"
  else
    log "$tag: the client failed (see $OUT/$tag.client.err)"
    echo -e "$name\t$size\t$conns\tfailed\tfailed\tfailed" >>"$OUT/results.tsv"
  fi
  stop_server
}

: >"$OUT/results.tsv"
# Servers interleaved within each combination, so that a change of load on the machine falls on
# all of them alike; the floor first.
for size in $SIZES; do
  for conns in $CONNS; do
    for name in $SERVERS; do
      run_one "$name" "$size" "$conns"
    done
  done
done

# ---- the table -------------------------------------------------------------------------------
TABLE_PY="${PY_ASYNCIO:-$PY_UVLOOP}"
"$TABLE_PY" - "$OUT/results.tsv" "$SERVERS" <<'PYEOF'
import sys
path, servers = sys.argv[1], sys.argv[2].split()
res = {}
combos = []
for line in open(path):
    name, size, conns, rps, cpu, share = line.rstrip("\n").split("\t")
    key = (int(size), int(conns))
    if key not in combos:
        combos.append(key)
    def num(x):
        try:
            return float(x)
        except ValueError:
            return None
    res[(name, key)] = (num(rps), num(cpu), num(share))

def size_label(s):
    return "%d KiB" % (s // 1024) if s % 1024 == 0 else "%d B" % s

def ratio(a, b):
    return "%.2fx" % (a / b) if a is not None and b else "-"

def table(title, headers, rows):
    """Prints rows of cells under headers, each column as wide as its widest cell."""
    print()
    print(title)
    cols = list(zip(headers, *rows))
    widths = [max(len(c) for c in col) for col in cols]
    for row in [headers] + rows:
        print("  ".join(c.rjust(wd) if i > 0 else c.ljust(wd) for i, (c, wd) in enumerate(zip(row, widths))))

heads = ["size", "conns"] + servers
rows = []
for key in combos:
    # The floor: one-connection ping-pong with the blocking Java NIO server, same message size.
    floor = res.get(("floor", (key[0], 1)), (None, None, None))[0]
    row = [size_label(key[0]), str(key[1])]
    for s in servers:
        rps = res.get((s, key), (None, None, None))[0]
        if rps is None:
            row.append("-")
        elif floor and not (s == "floor" and key[1] == 1):
            row.append("%.0f (%s)" % (rps, ratio(rps, floor)))
        else:
            row.append("%.0f" % rps)
    rows.append(row)
table("requests/s (ratio to the floor: one-connection ping-pong with a blocking Java NIO echo"
      " server, same size; the floor column at more connections: that server, a thread each)",
      heads, rows)

rows = []
for key in combos:
    row = [size_label(key[0]), str(key[1])]
    for s in servers:
        _, cpu, share = res.get((s, key), (None, None, None))
        if cpu is None:
            row.append("-")
        else:
            row.append("%.4f" % cpu + ("" if share is None else " @%3.0f%%" % (100 * share)))
    rows.append(row)
table("server CPU-seconds per 1,000 requests @ the server's CPU use in the window (about 100%:"
      " the server was the bottleneck; far below: latency or the client was)", heads, rows)

jas = [s for s in servers if s.startswith("jasyncio-")]
peers = [p for p in ("uvloop", "asyncio") if p in servers]
if jas and peers:
    heads = ["size", "conns"] + ["%s/%s" % (j.replace("jasyncio-", ""), p) for j in jas for p in peers]
    rows = []
    for key in combos:
        row = [size_label(key[0]), str(key[1])]
        for j in jas:
            for p in peers:
                a = res.get((j, key), (None, None, None))[0]
                b = res.get((p, key), (None, None, None))[0]
                goal = 1.3 if p == "uvloop" else 3.0
                r = ratio(a, b)
                if r != "-":
                    r += " ok" if a / b >= goal else " --"
                row.append(r)
        rows.append(row)
    table("jasyncio's requests/s over the peers' (goals: >= 1.3x uvloop, >= 3x asyncio)", heads, rows)
PYEOF
echo "(environment and raw output in $OUT)" >&2
