"""Builds the side-by-side table of `./jasyncio compare` from one run's raw output.

Usage: python3 bench/compare_table.py DIR

DIR holds what bench/compare.sh collected: jmh.json (JMH, -rf json), million-continuation.txt
and million-virtual.txt (MillionTasks), and py-NAME.txt for each CPython peer script
bench/peers/python/NAME.py. Missing figures print as "-".
"""
import json
import os
import re
import sys

PEERS = (
    "task_switch",
    "create_task",
    "call_soon",
    "million_tasks",
    "generators",
    "lock",
    "queue",
    "semaphore_fanout",
    "bridge_queue",
)


def load_jmh(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return json.load(f)


def kv(path):
    """`name: value` lines, as the peer scripts and MillionTasks print them."""
    d = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if ":" in line:
                    k, v = line.split(":", 1)
                    d[k.strip()] = v.strip()
    return d


def generator_lines(path):
    """generators.py prints `name   12.3 ns/item` lines: read them as gen_NAME."""
    d = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                m = re.match(r"^\s*(\w+)\s+([0-9.]+)\s+ns/item\s*$", line)
                if m:
                    d["gen_" + m.group(1)] = m.group(2)
    return d


def fmt(x, pattern):
    if x is None:
        return "-"
    try:
        return pattern % float(x)
    except ValueError:
        return str(x)


def main(out):
    rows = load_jmh(os.path.join(out, "jmh.json"))

    def jmh(name, **params):
        """Score of benchmark `Class.method` (simple class name) with the given parameters."""
        for r in rows:
            if r["benchmark"].endswith("." + name) and all(
                r.get("params", {}).get(k) == v for k, v in params.items()
            ):
                return r["primaryMetric"]["score"]
        return None

    def both(name, **params):
        return (
            jmh(name, engine="continuation", **params),
            jmh(name, engine="virtual", **params),
        )

    py = {}
    for s in PEERS:
        py.update(kv(os.path.join(out, "py-%s.txt" % s)))
    py.update(generator_lines(os.path.join(out, "py-generators.txt")))
    mc = kv(os.path.join(out, "million-continuation.txt"))
    mv = kv(os.path.join(out, "million-virtual.txt"))

    # (figure, continuation, virtual, CPython, format)
    table = [
        ("task switch, future ping-pong (ns/switch)", *both("TaskSwitchBenchmark.pingPong"), py.get("pingPong_ns_per_switch"), "%.0f"),
        ("task switch, sleep(0) loop (ns/switch)", *both("TaskSwitchBenchmark.sleepZero"), py.get("sleepZero_ns_per_switch"), "%.0f"),
        ("createTask + await (ns)", *both("CreateTaskBenchmark.createAndAwait", eager="false"), py.get("createAndAwait_ns"), "%.0f"),
        ("createTask + await, eager (ns)", *both("CreateTaskBenchmark.createAndAwait", eager="true"), py.get("createAndAwait_eager_ns"), "%.0f"),
        ("callSoon throughput (callbacks/s)", jmh("CallSoonBenchmark.callSoon"), None, py.get("callSoon_per_s"), "%.0f"),
        ("1M tasks: create and start (s)", mc.get("create_and_start_s"), mv.get("create_and_start_s"), py.get("create_and_start_s"), "%.3f"),
        ("1M tasks: heap per parked task (bytes)", mc.get("heap_bytes_per_parked_task"), mv.get("heap_bytes_per_parked_task"), py.get("heap_bytes_per_parked_task"), "%.0f"),
        ("1M tasks: wake and finish all (s)", mc.get("wake_and_finish_s"), mv.get("wake_and_finish_s"), py.get("wake_and_finish_s"), "%.3f"),
        ("generator for-each next() (ns/item)", *both("GeneratorBenchmark.forEachNext"), py.get("gen_forEachNext"), "%.1f"),
        ("generator yieldFrom depth 1 (ns/item)", *both("GeneratorBenchmark.yieldFromDepth1"), py.get("gen_yieldFromDepth1"), "%.1f"),
        ("generator yieldFrom depth 10 (ns/item)", *both("GeneratorBenchmark.yieldFromDepth10"), py.get("gen_yieldFromDepth10"), "%.1f"),
        ("generator send() round trip (ns/item)", *both("GeneratorBenchmark.sendRoundTrip"), py.get("gen_sendRoundTrip"), "%.1f"),
        ("Lock acquire+release, uncontended (ns)", *both("LockBenchmark.acquireRelease"), py.get("lock_acquire_release_ns"), "%.1f"),
        ("Queue(100), 1 producer 1 consumer (items/s)", *both("QueueBenchmark.producerConsumer"), py.get("queue100_items_per_s"), "%.0f"),
        ("Queue(1) ping-pong (items/s)", *both("QueueBenchmark.pingPong"), py.get("queue1_pingpong_items_per_s"), "%.0f"),
        ("100k tasks through Semaphore(100) (ms)", *both("SemaphoreFanOutBenchmark.fanOut"), py.get("semaphore_fanout_ms"), "%.1f"),
        ("BridgeQueue(100), thread -> coroutine (items/s)", *both("BridgeQueueBenchmark.threadToCoroutine", maxsize="100"), py.get("bridgeQueue_items_per_s"), "%.0f"),
    ]
    w = max(len(t[0]) for t in table)
    print("%-*s  %14s  %14s  %14s" % (w, "figure", "continuation", "virtual", "CPython"))
    for name, c, v, p, pattern in table:
        print("%-*s  %14s  %14s  %14s" % (w, name, fmt(c, pattern), fmt(v, pattern), fmt(p, pattern)))
    if "bridgeQueue_items_per_s" in py:
        print(
            "CPython BridgeQueue figure: %s; the standard library has no queue shared by threads"
            " and coroutines (janus is third-party)" % py.get("bridgeQueue_peer", "stand-in")
        )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: compare_table.py DIR")
    main(sys.argv[1])
