#!/usr/bin/env bash
# HTTP benchmark (`./jasyncio http-bench [--quick]`): jasyncio's HTTP server and client beside
# aiohttp, the JDK and Vert.x, in one run on this machine. Three parts:
#
#  server  keep-alive GET of a 13-byte body, `wrk -t1 -c64`, against each server in turn: the
#          server pinned to CPU 0 (taskset), wrk to CPU 1; a warm-up run, then a measured run with
#          the server's utime + stime read from /proc/PID/stat before and after. Servers:
#          jasyncio (io.jasyncio.bench.http.HelloServer, both engines), aiohttp 3.8 on Debian's
#          /usr/bin/python3 (asyncio, and uvloop when present), the JDK's HttpServer on a virtual
#          thread per exchange, Vert.x 5 with one event loop. Prints requests/s, jasyncio's ratio,
#          and the server's CPU-seconds per 1,000 requests.
#  fanout  930 GETs started at once against a jasyncio server (CPU 0) that answers each after
#          100 ms; clients on CPU 1: jasyncio's ClientSession with no connection limit and with
#          limit(100) (both engines), the JDK HttpClient's sendAsync, aiohttp's ClientSession
#          (limit 0 and 100). Each client process first runs HTTP_BENCH_FANOUT_WARMUP unmeasured
#          rounds (20; the JIT compiles the Java clients' hot paths during the first ~15,000
#          requests; aiohttp gets the same rounds), then HTTP_BENCH_ROUNDS measured ones. Wall
#          time and the client process's CPU time per round (for the Java clients also split
#          into the application threads', the JIT's and the GC's).
#  parser  the HttpParserBenchmark JMH benchmark (a 6-header GET; parses/s), pinned to CPU 1.
#
# Usage: bash bench/http/run.sh JAVA CLASSPATH [--quick]
#   --quick: short runs to check that everything works (the figures are not worth keeping).
# Environment overrides: HTTP_BENCH_PARTS ("server fanout parser"), HTTP_BENCH_SERVERS,
#   HTTP_BENCH_CLIENTS, HTTP_BENCH_WARMUP / HTTP_BENCH_DURATION (seconds of each wrk run),
#   HTTP_BENCH_ROUNDS (measured fan-out rounds per client), HTTP_BENCH_FANOUT_WARMUP (unmeasured
#   fan-out rounds before them), HTTP_BENCH_REQUESTS (930), HTTP_BENCH_PYTHON (the interpreter
#   with aiohttp; default /usr/bin/python3). The fan-out alone, for example:
#   HTTP_BENCH_PARTS=fanout HTTP_BENCH_CLIENTS="jasyncio-continuation aiohttp" ./jasyncio http-bench
# Nothing is installed: a missing tool is named with the apt-get command that installs it, and
# its rows are skipped. Loopback only; everything started is stopped on exit. The Markdown tables
# on standard output are meant for docs/PERFORMANCE.md; progress and raw output go to stderr and
# to a temporary folder (named at the end).
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 JAVA CLASSPATH [--quick]" >&2
  exit 2
fi
JAVA="$1"
CP="$2"
MODE="${3:-full}"
case "$MODE" in
  --quick | quick) MODE=quick ;;
  full | --full) MODE=full ;;
  *) echo "unknown option '$MODE'; usage: $0 JAVA CLASSPATH [--quick]" >&2; exit 2 ;;
esac
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT="$(mktemp -d /tmp/http-bench.XXXXXX)"
JFLAGS=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)
PY="${HTTP_BENCH_PYTHON:-/usr/bin/python3}" # Debian's, where python3-aiohttp and python3-uvloop install

if [[ "$MODE" == quick ]]; then
  WARMUP="${HTTP_BENCH_WARMUP:-2}"
  DURATION="${HTTP_BENCH_DURATION:-3}"
  ROUNDS="${HTTP_BENCH_ROUNDS:-2}"
  FANOUT_WARMUP="${HTTP_BENCH_FANOUT_WARMUP:-2}"
  JMH_ARGS=(-wi 1 -i 2 -w 1s -r 1s -f 1)
else
  WARMUP="${HTTP_BENCH_WARMUP:-5}"
  DURATION="${HTTP_BENCH_DURATION:-10}"
  ROUNDS="${HTTP_BENCH_ROUNDS:-5}"
  FANOUT_WARMUP="${HTTP_BENCH_FANOUT_WARMUP:-20}"
  JMH_ARGS=(-wi 3 -i 5 -w 1s -r 1s -f 1)
fi
PARTS="${HTTP_BENCH_PARTS:-server fanout parser}"
SERVERS="${HTTP_BENCH_SERVERS:-jasyncio-continuation jasyncio-virtual aiohttp aiohttp-uvloop jdk vertx}"
CLIENTS="${HTTP_BENCH_CLIENTS:-jasyncio-continuation jasyncio-virtual jdk aiohttp aiohttp-uvloop}"
REQUESTS="${HTTP_BENCH_REQUESTS:-930}"
CLK_TCK="$(getconf CLK_TCK 2>/dev/null || echo 100)"

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "$*" >&2; }

# ---- what is there ---------------------------------------------------------------------------
MISSING=()
HAVE_WRK=0
if command -v wrk >/dev/null; then HAVE_WRK=1; else
  MISSING+=("wrk (the load generator: every server row): apt-get install wrk")
fi
HAVE_AIOHTTP=0
if [[ -x "$PY" ]] && "$PY" -c 'import aiohttp' 2>/dev/null; then HAVE_AIOHTTP=1; else
  MISSING+=("aiohttp for $PY (the aiohttp rows): apt-get install python3-aiohttp")
fi
HAVE_UVLOOP=0
if [[ "$HAVE_AIOHTTP" == 1 ]] && "$PY" -c 'import uvloop' 2>/dev/null; then HAVE_UVLOOP=1; else
  MISSING+=("uvloop for $PY (the aiohttp + uvloop rows): apt-get install python3-uvloop")
fi
PIN_SERVER=()
PIN_CLIENT=()
if command -v taskset >/dev/null && [[ "$(nproc --all 2>/dev/null || echo 1)" -ge 2 ]]; then
  PIN_SERVER=(taskset -c 0)
  PIN_CLIENT=(taskset -c 1)
else
  MISSING+=("taskset or a second CPU (server and load generator run unpinned): apt-get install util-linux")
fi
for m in "${MISSING[@]}"; do log "MISSING: $m"; done

version_of() { "$PY" -c "import $1; print($1.__version__)" 2>/dev/null || echo "?"; }
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); mode: $MODE"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//'), $(nproc --all 2>/dev/null || echo ?) CPUs; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -n1)"
  [[ "$HAVE_AIOHTTP" == 1 ]] && echo "python: $("$PY" --version 2>&1), aiohttp $(version_of aiohttp)$([[ "$HAVE_UVLOOP" == 1 ]] && echo ", uvloop $(version_of uvloop)")"
  [[ "$HAVE_WRK" == 1 ]] && echo "wrk: $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
  echo "vert.x: $(tr ':' '\n' <<<"$CP" | sed -n 's|.*/vertx-core-\([0-9][^/]*\)\.jar$|\1|p' | head -n1)"
  echo "pinning: server '${PIN_SERVER[*]:-none}', load generator / client '${PIN_CLIENT[*]:-none}'"
} >"$OUT/env.txt"
cat "$OUT/env.txt" >&2

# ---- servers ---------------------------------------------------------------------------------
# Sets CMD to the command of server NAME answering after DELAY ms; fails when it cannot run here.
server_command() {
  local name="$1" delay="$2"
  local hello=(io.jasyncio.bench.http.HelloServer --port 0 --delay-ms "$delay" --backlog 4096)
  case "$name" in
    jasyncio-continuation | jasyncio-virtual)
      CMD=("$JAVA" "${JFLAGS[@]}" "-Djasyncio.engine=${name#jasyncio-}" -cp "$CP" "${hello[@]}" --kind jasyncio) ;;
    jdk) CMD=("$JAVA" -cp "$CP" "${hello[@]}" --kind jdk) ;;
    vertx) CMD=("$JAVA" -cp "$CP" "${hello[@]}" --kind vertx) ;;
    aiohttp)
      [[ "$HAVE_AIOHTTP" == 1 ]] || return 1
      CMD=("$PY" "$HERE/aiohttp_server.py" --port 0 --delay-ms "$delay" --backlog 4096) ;;
    aiohttp-uvloop)
      [[ "$HAVE_UVLOOP" == 1 ]] || return 1
      CMD=("$PY" "$HERE/aiohttp_server.py" --port 0 --delay-ms "$delay" --backlog 4096 --uvloop) ;;
    *) log "unknown server '$name'"; return 1 ;;
  esac
}

# Starts CMD pinned to the server CPU (PID in SERVER_PID) and sets PORT; at most 60 s.
start_server() {
  local tag="$1"
  : >"$OUT/$tag.port"
  "${PIN_SERVER[@]}" "${CMD[@]}" >"$OUT/$tag.port" 2>"$OUT/$tag.server.err" &
  SERVER_PID=$!
  local i
  for ((i = 0; i < 600; i++)); do
    PORT="$(grep -m1 -E '^[0-9]+$' "$OUT/$tag.port" || true)"
    [[ -n "$PORT" ]] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { log "$tag: the server exited at start (see $OUT/$tag.server.err)"; return 1; }
    sleep 0.1
  done
  log "$tag: the server did not print its port within 60 s"
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

# utime + stime of the server, in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }

# The server answers GET / with 200 and exactly the 13-byte body.
check_answer() {
  local body
  body="$(curl -s --max-time 10 "http://127.0.0.1:$PORT/" 2>/dev/null ||
    "$PY" -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' \
      "http://127.0.0.1:$PORT/" 2>/dev/null || true)"
  [[ "$body" == "Hello, World!" ]]
}

# ---- part 1: server throughput ---------------------------------------------------------------
server_run() {
  local name="$1" tag="server-$1"
  server_command "$name" 0 || { log "-- $name: skipped (see MISSING above)"; echo -e "$name\tskipped" >>"$OUT/server.tsv"; return 0; }
  if ! start_server "$tag"; then stop_server; echo -e "$name\tfailed" >>"$OUT/server.tsv"; return 0; fi
  log "-- $name (pid $SERVER_PID, port $PORT)"
  if ! check_answer; then
    log "   $name: GET / did not answer 'Hello, World!' (see $OUT/$tag.server.err)"
    stop_server; echo -e "$name\tfailed" >>"$OUT/server.tsv"; return 0
  fi
  local url="http://127.0.0.1:$PORT/"
  timeout -k 5 $((WARMUP + 60)) "${PIN_CLIENT[@]}" wrk -t1 -c64 -d"${WARMUP}s" "$url" >"$OUT/$tag.warmup.txt" 2>&1 || true
  local t0 t1 status=0
  t0="$(server_ticks)"
  timeout -k 5 $((DURATION + 60)) "${PIN_CLIENT[@]}" wrk -t1 -c64 -d"${DURATION}s" --latency "$url" \
    >"$OUT/$tag.wrk.txt" 2>&1 || status=$?
  t1="$(server_ticks)"
  stop_server
  if [[ "$status" != 0 ]]; then
    log "   wrk failed (exit $status, see $OUT/$tag.wrk.txt)"; echo -e "$name\tfailed" >>"$OUT/server.tsv"; return 0
  fi
  local n rps errors p50 p99
  n="$(awk '/requests in/ { print $1; exit }' "$OUT/$tag.wrk.txt")"
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/$tag.wrk.txt")"
  errors="$(awk '/Non-2xx or 3xx responses:/ { e += $NF } /Socket errors:/ { for (i = 4; i <= NF; i += 2) e += $i } END { print e + 0 }' "$OUT/$tag.wrk.txt")"
  p50="$(awk '$1 == "50%" { print $2 }' "$OUT/$tag.wrk.txt")"
  p99="$(awk '$1 == "99%" { print $2 }' "$OUT/$tag.wrk.txt")"
  echo -e "$name\tok\t$n\t$rps\t$((t1 - t0))\t$errors\t$p50\t$p99" >>"$OUT/server.tsv"
  log "   $rps requests/s ($n in ${DURATION} s), server CPU $(( (t1 - t0) )) ticks, errors $errors, p50 $p50, p99 $p99"
}

# ---- part 2: client fan-out ------------------------------------------------------------------
client_command() {
  local name="$1" url="$2" limit="$3"
  local fan=(io.jasyncio.bench.http.FanOutClient --url "$url" --requests "$REQUESTS" --limit "$limit" --rounds "$ROUNDS"
    --warmup "$FANOUT_WARMUP")
  case "$name" in
    jasyncio-continuation | jasyncio-virtual)
      CCMD=("$JAVA" "${JFLAGS[@]}" "-Djasyncio.engine=${name#jasyncio-}" -cp "$CP" "${fan[@]}" --kind jasyncio) ;;
    jdk)
      [[ "$limit" == 0 ]] || return 1 # the JDK client has no connection limit
      CCMD=("$JAVA" -cp "$CP" "${fan[@]}" --kind jdk) ;;
    aiohttp)
      [[ "$HAVE_AIOHTTP" == 1 ]] || return 1
      CCMD=("$PY" "$HERE/aiohttp_fanout.py" --url "$url" --requests "$REQUESTS" --limit "$limit" --rounds "$ROUNDS"
        --warmup "$FANOUT_WARMUP") ;;
    aiohttp-uvloop)
      [[ "$HAVE_UVLOOP" == 1 ]] || return 1
      CCMD=("$PY" "$HERE/aiohttp_fanout.py" --url "$url" --requests "$REQUESTS" --limit "$limit" --rounds "$ROUNDS"
        --warmup "$FANOUT_WARMUP" --uvloop) ;;
    *) log "unknown client '$name'"; return 1 ;;
  esac
}

fanout_part() {
  server_command jasyncio-continuation 100
  if ! start_server fanout-server; then stop_server; log "fan-out: the server did not start"; return 0; fi
  log "-- fan-out server: jasyncio (continuation), 100 ms per answer (pid $SERVER_PID, port $PORT)"
  local url="http://127.0.0.1:$PORT/" name limit
  for name in $CLIENTS; do
    for limit in 0 100; do
      local tag="fanout-$name-$limit"
      if ! client_command "$name" "$url" "$limit"; then
        [[ "$name" == jdk ]] || { log "-- $tag: skipped (see MISSING above)"; echo -e "$name\t$limit\tskipped" >>"$OUT/fanout.tsv"; }
        continue
      fi
      log "-- $tag"
      if timeout -k 5 $(((ROUNDS + FANOUT_WARMUP) * 60 + 60)) "${PIN_CLIENT[@]}" "${CCMD[@]}" >"$OUT/$tag.txt" 2>"$OUT/$tag.err"; then
        # round N (warm-up rounds as -N), wall, CPU, and (Java clients) the application threads', the JIT's
        # and the GC's CPU (-1: not measured)
        awk -v n="$name" -v l="$limit" '$1 == "round" || $1 == "warmup" {
            printf "%s\t%s\tok\t%s\t%s\t%s\t%s\t%s\t%s\n", n, l, ($1 == "warmup" ? -$2 : $2), $4, $6,
              ($8 == "" ? -1 : $8), ($10 == "" ? -1 : $10), ($12 == "" ? -1 : $12) }' \
          "$OUT/$tag.txt" >>"$OUT/fanout.tsv"
        grep -v '^warmup' "$OUT/$tag.txt" | sed 's/^/   /' >&2 || true
      else
        log "   failed (see $OUT/$tag.err)"; echo -e "$name\t$limit\tfailed" >>"$OUT/fanout.tsv"
      fi
    done
  done
  stop_server
}

# ---- part 3: the parser ----------------------------------------------------------------------
parser_part() {
  log "-- HttpParserBenchmark ${JMH_ARGS[*]}"
  if timeout -k 5 900 "${PIN_CLIENT[@]}" "$JAVA" "${JFLAGS[@]}" -cp "$CP" org.openjdk.jmh.Main HttpParserBenchmark \
    "${JMH_ARGS[@]}" -rf csv -rff "$OUT/parser.csv" -jvmArgsAppend "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED" \
    >"$OUT/parser.txt" 2>&1; then
    grep -E '^(Iteration|HttpParserBenchmark|Benchmark)' "$OUT/parser.txt" | sed 's/^/   /' >&2 || true
  else
    log "   failed (see $OUT/parser.txt)"
  fi
}

: >"$OUT/server.tsv"
: >"$OUT/fanout.tsv"
if [[ " $PARTS " == *" server "* ]]; then
  if [[ "$HAVE_WRK" == 1 ]]; then
    for name in $SERVERS; do server_run "$name"; done
  else
    log "server part skipped: no wrk (apt-get install wrk)"
  fi
fi
[[ " $PARTS " == *" fanout "* ]] && fanout_part
[[ " $PARTS " == *" parser "* ]] && parser_part

# ---- the tables ------------------------------------------------------------------------------
TABLE_PY="$(command -v python3 || echo "$PY")"
"$TABLE_PY" "$HERE/tables.py" "$OUT" "$MODE" "$WARMUP" "$DURATION" "$ROUNDS" "$REQUESTS" "$CLK_TCK" "$PARTS" \
  "$FANOUT_WARMUP" \
  "$HAVE_WRK" "${MISSING[@]}"
log "(environment and raw output in $OUT)"
