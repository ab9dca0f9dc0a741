#!/usr/bin/env bash
# HTTP interop check (`./jasyncio http-interop`; not part of CI): jasyncio's HTTP server and
# client against real peers, on loopback, under both coroutine engines.
#
#  server  io.jasyncio.bench.http.InteropServer, driven by curl (GET, POST body, chunked upload,
#          Expect: 100-continue, 413, keep-alive, HTTP/1.0 with and without keep-alive, HEAD),
#          Python requests and aiohttp's client (bench/http/interop_clients.py on /usr/bin/python3)
#          and wrk (plain and pipelined);
#  client  io.jasyncio.bench.http.InteropClient against an aiohttp server
#          (interop_aiohttp_server.py) and against nginx (a config in a temporary folder, a free
#          loopback port, run in the foreground and stopped at the end).
#
# Usage: bash bench/http/interop.sh JAVA CLASSPATH
# Environment: HTTP_INTEROP_ENGINES ("continuation virtual"), HTTP_INTEROP_PYTHON (/usr/bin/python3).
# Prints PASS or FAIL (with what differed) per check, SKIP with the apt-get command for a missing
# peer, and "N passed, M failed" at the end; exits with status 1 when a check failed.
set -euo pipefail
if [[ $# -lt 2 ]]; then
  echo "usage: $0 JAVA CLASSPATH" >&2
  exit 2
fi
JAVA="$1"
CP="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
PY="${HTTP_INTEROP_PYTHON:-/usr/bin/python3}"
ENGINES="${HTTP_INTEROP_ENGINES:-continuation virtual}"
JFLAGS=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED)
WORK="$(mktemp -d /tmp/http-interop.XXXXXX)"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${PIDS[@]}"; do
    wait "$p" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PASSED=0
FAILED=0
SKIPPED=0
pass() { PASSED=$((PASSED + 1)); echo "PASS $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "SKIP $*"; }
# Counts the PASS/FAIL lines of a peer program's output (already printed).
count() {
  local f="$1" p n
  p="$(grep -c '^PASS ' "$f" || true)"
  n="$(grep -c '^FAIL ' "$f" || true)"
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + n))
}

# Starts a server command in the background; sets SPID and SPORT (its first all-digit line).
start() {
  local tag="$1"
  shift
  : >"$WORK/$tag.out"
  "$@" >"$WORK/$tag.out" 2>"$WORK/$tag.err" &
  SPID=$!
  PIDS+=("$SPID")
  local i
  for ((i = 0; i < 600; i++)); do
    SPORT="$(grep -m1 -E '^[0-9]+$' "$WORK/$tag.out" || true)"
    [[ -n "$SPORT" ]] && return 0
    kill -0 "$SPID" 2>/dev/null || { echo "$tag exited at start: $(tail -n 5 "$WORK/$tag.err")"; return 1; }
    sleep 0.1
  done
  echo "$tag did not print its port within 60 s"
  return 1
}
stop() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

HAVE_PY=0
[[ -x "$PY" ]] && HAVE_PY=1
have_module() { [[ "$HAVE_PY" == 1 ]] && "$PY" -c "import $1" 2>/dev/null; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); java: $("$JAVA" -version 2>&1 | head -n1)"
command -v curl >/dev/null && echo "curl: $(curl --version | head -n1 | cut -d' ' -f1-2)"
command -v wrk >/dev/null && echo "wrk: $(wrk --version 2>&1 | head -n1 | cut -d' ' -f1-2)"
command -v nginx >/dev/null && echo "nginx: $(nginx -v 2>&1 | sed 's/.*: //')"
have_module aiohttp && echo "python: $("$PY" --version 2>&1), aiohttp $("$PY" -c 'import aiohttp; print(aiohttp.__version__)')$(have_module requests && echo ", requests $("$PY" -c 'import requests; print(requests.__version__)')")"

# ---- curl against our server -------------------------------------------------------------------
curl_checks() {
  local base="$1" tag="curl -> jasyncio server ($2)" d="$WORK/curl-$2"
  mkdir -p "$d"
  head -c 102400 /dev/urandom >"$d/body.bin"
  local code out

  code="$(curl -sS -o "$d/get" -w '%{http_code}' "$base/hello/curl" 2>&1 || true)"
  if [[ "$code" == 200 && "$(cat "$d/get")" == "Hello, curl" ]]; then pass "$tag: GET"; else
    fail "$tag: GET: expected 200 'Hello, curl', got $code '$(head -c 100 "$d/get")'"; fi

  code="$(curl -sS -o "$d/post" -D "$d/post.h" -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
    --data-binary @"$d/body.bin" "$base/echo" 2>&1 || true)"
  if [[ "$code" == 200 ]] && cmp -s "$d/body.bin" "$d/post" && grep -qi '^X-Request-Transfer-Encoding: none' "$d/post.h"; then
    pass "$tag: POST 100 KiB with Content-Length, echoed"
  else fail "$tag: POST 100 KiB: status $code, echo $(cmp -s "$d/body.bin" "$d/post" && echo same || echo differs)"; fi

  code="$(curl -sS -o "$d/chunked" -D "$d/chunked.h" -w '%{http_code}' -H 'Content-Type: application/octet-stream' \
    -H 'Transfer-Encoding: chunked' --data-binary @"$d/body.bin" "$base/echo" 2>&1 || true)"
  if [[ "$code" == 200 ]] && cmp -s "$d/body.bin" "$d/chunked" && grep -qi '^X-Request-Transfer-Encoding: chunked' "$d/chunked.h"; then
    pass "$tag: chunked upload, echoed"
  else fail "$tag: chunked upload: status $code, echo $(cmp -s "$d/body.bin" "$d/chunked" && echo same || echo differs), $(grep -i '^X-Request-Transfer' "$d/chunked.h" | tr -d '\r')"; fi

  code="$(curl -sS -v -o "$d/expect" -w '%{http_code}' -H 'Expect: 100-continue' -H 'Content-Type: application/octet-stream' \
    --data-binary @"$d/body.bin" "$base/echo" 2>"$d/expect.err" || true)"
  if [[ "$code" == 200 ]] && cmp -s "$d/body.bin" "$d/expect" && grep -q '< HTTP/1.1 100' "$d/expect.err"; then
    pass "$tag: Expect: 100-continue answered, body echoed"
  else fail "$tag: Expect: 100-continue: status $code, interim 100 $(grep -c '< HTTP/1.1 100' "$d/expect.err" || true) times"; fi

  head -c $((2 * 1024 * 1024)) /dev/zero >"$d/big.bin"
  code="$(curl -sS -o /dev/null -w '%{http_code}' --data-binary @"$d/big.bin" "$base/echo" 2>/dev/null || true)"
  if [[ "$code" == 413 ]]; then pass "$tag: 2 MiB body over the 1 MiB cap: 413"; else
    fail "$tag: 2 MiB body: expected 413, got '$code'"; fi

  out="$(curl -sS -v -w '\n' "$base/whoami" "$base/whoami" 2>"$d/ka.err" || true)"
  local p1 p2
  p1="$(sed -n 1p <<<"$out" | cut -d' ' -f2)"
  p2="$(sed -n 2p <<<"$out" | cut -d' ' -f2)"
  if [[ -n "$p1" && "$p1" == "$p2" ]] && grep -qiE 're-?using existing connection' "$d/ka.err"; then
    pass "$tag: keep-alive (two GETs, one connection)"
  else fail "$tag: keep-alive: client ports '$p1' and '$p2'"; fi

  out="$(curl -0 -sS -v -w '\n' "$base/whoami" "$base/whoami" 2>"$d/h10.err" || true)"
  p1="$(sed -n 1p <<<"$out" | cut -d' ' -f2)"
  p2="$(sed -n 2p <<<"$out" | cut -d' ' -f2)"
  if [[ "$(sed -n 1p <<<"$out" | cut -d' ' -f3)" == HTTP/1.0 && -n "$p1" && -n "$p2" && "$p1" != "$p2" ]]; then
    pass "$tag: HTTP/1.0 without keep-alive: answered, connection closed after each"
  else fail "$tag: HTTP/1.0: answers '$(tr '\n' '|' <<<"$out")'"; fi

  out="$(curl -0 -sS -H 'Connection: keep-alive' -w '\n' "$base/whoami" "$base/whoami" 2>/dev/null || true)"
  p1="$(sed -n 1p <<<"$out" | cut -d' ' -f2)"
  p2="$(sed -n 2p <<<"$out" | cut -d' ' -f2)"
  if [[ -n "$p1" && "$p1" == "$p2" ]]; then pass "$tag: HTTP/1.0 with Connection: keep-alive: one connection"; else
    fail "$tag: HTTP/1.0 keep-alive: client ports '$p1' and '$p2'"; fi

  out="$(curl -sS -I "$base/hello/curl" --next -sS -w '\n' "$base/whoami" 2>/dev/null || true)"
  if grep -q '^HTTP/1.1 200' <<<"$out" && grep -qi '^Content-Length: 11' <<<"$out" && grep -q '^127.0.0.1 [0-9]* HTTP/1.1$' <<<"$out"; then
    pass "$tag: HEAD (headers of the GET, no body; the next request on the connection is fine)"
  else fail "$tag: HEAD: got '$(tr -d '\r' <<<"$out" | tr '\n' '|')'"; fi

  code="$(curl -sS -o /dev/null -D "$d/405.h" -w '%{http_code}' -X DELETE "$base/echo" 2>/dev/null || true)"
  if [[ "$code" == 405 ]] && grep -qi '^Allow: POST' "$d/405.h"; then pass "$tag: 405 with Allow"; else
    fail "$tag: DELETE /echo: expected 405 with Allow: POST, got $code"; fi
}

wrk_checks() {
  local base="$1" tag="wrk -> jasyncio server ($2)"
  local out
  out="$(timeout 60 wrk -t1 -c16 -d2s "$base/hello/wrk" 2>&1 || true)"
  if grep -q 'requests in' <<<"$out" && ! grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    pass "$tag: 16 keep-alive connections for 2 s, $(awk '/requests in/ { print $1 }' <<<"$out") requests, no error"
  else fail "$tag: plain: $(grep -E 'requests in|Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"; fi
  cat >"$WORK/pipeline.lua" <<'LUA'
-- 8 requests written at once on each connection (HTTP/1.1 pipelining)
init = function(args)
  local r = {}
  for i = 1, 8 do r[i] = wrk.format(nil, "/hello/pipelined") end
  req = table.concat(r)
end
request = function() return req end
LUA
  out="$(timeout 60 wrk -t1 -c4 -d2s -s "$WORK/pipeline.lua" "$base/hello/wrk" 2>&1 || true)"
  if grep -q 'requests in' <<<"$out" && ! grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    pass "$tag: pipelined (8 per write, 4 connections, 2 s), $(awk '/requests in/ { print $1 }' <<<"$out") requests, no error"
  else fail "$tag: pipelined: $(grep -E 'requests in|Non-2xx|Socket errors' <<<"$out" | tr '\n' ' ')"; fi
}

for engine in $ENGINES; do
  echo "== jasyncio server, $engine engine"
  if ! start "server-$engine" "$JAVA" "${JFLAGS[@]}" "-Djasyncio.engine=$engine" -cp "$CP" io.jasyncio.bench.http.InteropServer --port 0; then
    fail "jasyncio server ($engine): did not start"
    continue
  fi
  base="http://127.0.0.1:$SPORT"
  if command -v curl >/dev/null; then curl_checks "$base" "$engine"; else skip "curl -> jasyncio server: no curl (apt-get install curl)"; fi
  for client in requests aiohttp; do
    if have_module "$client"; then
      "$PY" "$HERE/interop_clients.py" "$client" "$base" >"$WORK/$client-$engine.txt" 2>&1 || true
      sed "s/-> jasyncio server/-> jasyncio server ($engine)/" "$WORK/$client-$engine.txt" | tee "$WORK/$client-$engine.tagged" | grep -E '^(PASS|FAIL)' || true
      count "$WORK/$client-$engine.txt"
      grep -qE '^(PASS|FAIL)' "$WORK/$client-$engine.txt" || fail "python $client -> jasyncio server ($engine): no result: $(tail -n 3 "$WORK/$client-$engine.txt")"
    else
      skip "python $client -> jasyncio server: not installed for $PY (apt-get install python3-$client)"
    fi
  done
  if command -v wrk >/dev/null; then wrk_checks "$base" "$engine"; else skip "wrk -> jasyncio server: no wrk (apt-get install wrk)"; fi
  stop "$SPID"
done

# ---- our client against aiohttp and nginx ----------------------------------------------------
client_checks() {
  local peer="$1" base="$2" engine
  for engine in $ENGINES; do
    "$JAVA" "${JFLAGS[@]}" "-Djasyncio.engine=$engine" -cp "$CP" io.jasyncio.bench.http.InteropClient \
      --peer "$peer" --base "$base" >"$WORK/client-$peer-$engine.txt" 2>&1 || true
    grep -E '^(PASS|FAIL)' "$WORK/client-$peer-$engine.txt" || true
    count "$WORK/client-$peer-$engine.txt"
    grep -qE '^(PASS|FAIL)' "$WORK/client-$peer-$engine.txt" ||
      fail "jasyncio client ($engine) -> $peer: no result: $(tail -n 5 "$WORK/client-$peer-$engine.txt" | tr '\n' ' ')"
  done
}

echo "== jasyncio client -> aiohttp server"
if have_module aiohttp; then
  if start aiohttp-server "$PY" "$HERE/interop_aiohttp_server.py" --port 0; then
    client_checks aiohttp "http://127.0.0.1:$SPORT"
    stop "$SPID"
  else fail "aiohttp server: did not start"; fi
else
  skip "jasyncio client -> aiohttp server: aiohttp not installed for $PY (apt-get install python3-aiohttp)"
fi

echo "== jasyncio client -> nginx"
NGINX="$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null || true)"
if [[ -n "$NGINX" && -n "$(command -v python3 || echo "$PY")" ]]; then
  N="$WORK/nginx"
  mkdir -p "$N/www" "$N/tmp"
  chmod 755 "$WORK" "$N" "$N/www"
  chmod 777 "$N/tmp"
  printf 'Hello, World!\n' >"$N/www/hello.txt"
  "$(command -v python3 || echo "$PY")" - "$N/www" <<'PYEOF'
import sys
d = sys.argv[1]
open(d + "/big.bin", "wb").write(bytes((31 * i + 7) % 251 for i in range(1 << 20)))
open(d + "/gzip.txt", "w").write("jasyncio gzip line\n" * 2000)
PYEOF
  chmod 644 "$N/www/"*
  NPORT="$("$(command -v python3 || echo "$PY")" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  USER_LINE=""
  [[ "$(id -u)" == 0 ]] && USER_LINE="user nobody nogroup;"
  cat >"$N/nginx.conf" <<CONF
daemon off;
$USER_LINE
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $N/tmp/body;
  proxy_temp_path $N/tmp/proxy;
  fastcgi_temp_path $N/tmp/fastcgi;
  uwsgi_temp_path $N/tmp/uwsgi;
  scgi_temp_path $N/tmp/scgi;
  types { text/plain txt; application/octet-stream bin; }
  default_type application/octet-stream;
  gzip on;
  gzip_types text/plain;
  gzip_min_length 1;
  keepalive_timeout 15s;
  server {
    listen 127.0.0.1:$NPORT;
    root $N/www;
    location = /port { default_type text/plain; return 200 "\$remote_port"; }
    location = /redirect { return 302 /hello.txt; }
    location = /post { default_type text/plain; return 200 "\$request_method \$content_length"; }
  }
}
CONF
  "$NGINX" -p "$N" -c "$N/nginx.conf" >"$WORK/nginx.out" 2>&1 &
  NGPID=$!
  PIDS+=("$NGPID")
  up=0
  for ((i = 0; i < 100; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$NPORT") 2>/dev/null; then up=1; break; fi
    kill -0 "$NGPID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ "$up" == 1 ]]; then
    echo "(nginx $NGPID on 127.0.0.1:$NPORT, config $N/nginx.conf)"
    client_checks nginx "http://127.0.0.1:$NPORT"
  else
    fail "nginx: did not start: $(cat "$WORK/nginx.out" "$N/error.log" 2>/dev/null | tail -n 5 | tr '\n' ' ')"
  fi
  kill -QUIT "$NGPID" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$NGPID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$NGPID" 2>/dev/null || true
  wait "$NGPID" 2>/dev/null || true
else
  skip "jasyncio client -> nginx: no nginx (apt-get install nginx-light)"
fi

echo "interop: $PASSED passed, $FAILED failed, $SKIPPED skipped (details in $WORK)"
[[ "$FAILED" == 0 ]]
