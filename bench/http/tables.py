#!/usr/bin/env python3
"""Markdown tables of one `./jasyncio http-bench` run (bench/http/run.sh), for docs/PERFORMANCE.md.

    python3 tables.py OUT_DIR MODE WARMUP DURATION ROUNDS REQUESTS CLK_TCK PARTS FANOUT_WARMUP HAVE_WRK [MISSING...]
"""
import csv
import os
import statistics
import sys

out, mode, warmup, duration, rounds, requests, clk_tck, parts, fanout_warmup, have_wrk = sys.argv[1:11]
missing = sys.argv[11:]
fanout_warmup = int(fanout_warmup)
duration = float(duration)
clk_tck = float(clk_tck)
parts = parts.split()

LABEL = {
    "jasyncio-continuation": "jasyncio (continuation engine)",
    "jasyncio-virtual": "jasyncio (virtual-thread engine)",
    "aiohttp": "aiohttp (asyncio)",
    "aiohttp-uvloop": "aiohttp + uvloop",
    "jdk": "JDK HttpServer, virtual thread per exchange",
    "vertx": "Vert.x 5, one event loop",
}
SERVER_GOAL = {"aiohttp": 3.0, "aiohttp-uvloop": 3.0, "jdk": 1.5, "vertx": 0.6}


def rows(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    return [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]


def table(headers, body):
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(" --- " for _ in headers) + "|")
    for r in body:
        print("| " + " | ".join(r) + " |")


print("```")
print(open(os.path.join(out, "env.txt")).read().rstrip())
print("```")
if mode == "quick":
    print()
    print("(--quick run: short runs to check that the benchmark works; not figures to keep)")
if missing:
    print()
    print("Skipped, not installed here:")
    for m in missing:
        print("- " + m)

if "server" in parts:
    print()
    print("Keep-alive GET of a 13-byte body, `wrk -t1 -c64`, %s s warm-up then %g s measured;"
          " server on CPU 0, wrk on CPU 1. Ratio: jasyncio (continuation engine) requests/s over"
          " the row's; CPU: the server's utime + stime over the measured run." % (warmup, duration))
    print()
    if have_wrk != "1":
        print("(not run: no wrk; apt-get install wrk)")
    else:
        res = {}
        order = []
        for r in rows("server.tsv"):
            order.append(r[0])
            res[r[0]] = r
        ours = res.get("jasyncio-continuation")
        ours_rps = float(ours[3]) if ours and ours[1] == "ok" else None
        body = []
        for name in order:
            r = res[name]
            label = LABEL.get(name, name)
            if r[1] != "ok":
                body.append([label, r[1], "-", "-", "-", "-", "-"])
                continue
            n, rps, ticks, errors, p50, p99 = int(r[2]), float(r[3]), int(r[4]), int(r[5]), r[6], r[7]
            cpu = ticks / clk_tck
            ratio = "-"
            if name in SERVER_GOAL and ours_rps:
                x = ours_rps / rps
                goal = SERVER_GOAL[name]
                ratio = "%.2f× (goal ≥ %g×: %s)" % (x, goal, "met" if x >= goal else "missed")
            body.append([label, "%.0f" % rps, ratio, "%.4f" % (cpu / (n / 1000.0)) if n else "-",
                         "%.0f %%" % (100 * cpu / duration), "%s / %s" % (p50, p99),
                         str(errors)])
        table(["server", "requests/s", "jasyncio ÷ it", "server CPU-s per 1k requests",
               "server CPU busy", "latency p50 / p99", "errors"], body)

if "fanout" in parts:
    print()
    if fanout_warmup > 0:
        how = ("each client process first runs %d unmeasured rounds of the same fan-out (the JIT"
               " compiles the Java clients' hot paths during the first ~15,000 requests; aiohttp"
               " gets the same rounds), then %s measured rounds. Cold: the first round of a fresh"
               " process. Warm: the median of the measured rounds" % (fanout_warmup, rounds))
    else:
        how = "%s rounds. Cold: round 1. Warm: the median of rounds 2 to %s" % (rounds, rounds)
    print("Client fan-out: %s GETs started at once, the server (jasyncio, continuation engine,"
          " CPU 0) answers each after 100 ms; the client on CPU 1, a new session per round; %s."
          " CPU: the client process's CPU time in the round (JIT and GC included), and for the"
          " Java clients its parts spent by the application's threads (the event loop; its carrier"
          " threads under the virtual-thread engine; the JDK client's own threads), the JIT"
          " compiler threads and the GC (with the VM thread)." % (requests, how))
    print()
    runs = {}
    order = []
    for r in rows("fanout.tsv"):
        key = (r[0], int(r[1]))
        if key not in runs:
            runs[key] = []
            order.append(key)
        if r[2] == "ok":
            extra = [float(x) for x in r[6:9]] if len(r) >= 9 else [-1.0, -1.0, -1.0]
            runs[key].append((int(r[3]), float(r[4]), float(r[5]), *extra))
        else:
            runs[key] = r[2]

    def measured(v):
        m = [x for x in v if x[0] > 0]
        if fanout_warmup == 0:
            m = [x for x in m if x[0] > 1] or m
        return m or v

    def warm(key, i):
        v = runs.get(key)
        if not isinstance(v, list) or not v:
            return None
        return statistics.median(x[i] for x in measured(v))

    def cold(v):
        # the first round of the process: warm-up round 1 (stored as -1), else round 1
        first = -1 if fanout_warmup else 1
        return next((x[1] for x in v if x[0] == first), v[0][1])

    body = []
    for key in order:
        name, limit = key
        label = LABEL.get(name, name).replace("HttpServer, virtual thread per exchange", "HttpClient sendAsync")
        v = runs[key]
        lim = "none" if limit == 0 else str(limit)
        if not isinstance(v, list) or not v:
            body.append([label, lim, v if isinstance(v, str) else "failed", "-", "-", "-", "-"])
            continue
        wall, cpu = warm(key, 1), warm(key, 2)
        app, jit, gc = warm(key, 3), warm(key, 4), warm(key, 5)
        parts_cpu = "-" if app < 0 else "%.3f / %.3f / %.3f s" % (app, jit, gc)
        goal = ""
        if name.startswith("jasyncio") and requests == "930":
            g = 0.30 if limit == 0 else 1.05
            goal = " (goal ≤ %.2f s: %s)" % (g, "met" if wall <= g else "missed")
        vs = "-"
        a = warm(("aiohttp", limit), 2)
        if name.startswith("jasyncio") and a:
            vs = "%.2f (goal ≤ 0.33: %s)" % (cpu / a, "met" if cpu / a <= 1 / 3 else "missed")
        body.append([label, lim, "%.3f s" % cold(v), "%.3f s%s" % (wall, goal), "%.3f s" % cpu,
                     parts_cpu, vs])
    table(["client", "connection limit", "cold round wall", "warm wall", "warm client CPU",
           "of which app / JIT / GC", "CPU ÷ aiohttp's (same limit)"], body)

if "parser" in parts:
    print()
    print("Parser (`HttpParserBenchmark`: one complete parse of a 6-header GET on a reused parser,"
          " JMH, pinned to CPU 1):")
    print()
    path = os.path.join(out, "parser.csv")
    if not os.path.exists(path):
        print("(failed: see parser.txt in the raw output)")
    else:
        body = []
        for r in csv.DictReader(open(path)):
            score = float(r["Score"])
            err = r.get("Score Error (99.9%)", "")
            try:
                err = float(err)
                err = "± %.2f M" % (err / 1e6) if err == err else ""
            except ValueError:
                err = ""
            body.append([r["Benchmark"].rsplit(".", 1)[-1], ("%.2f M %s" % (score / 1e6, err)).strip(),
                         "met" if score >= 2e6 else "missed by %.0f %%" % (100 - 100 * score / 2e6)])
        table(["benchmark", "parses/s", "goal ≥ 2 M/s"], body)
