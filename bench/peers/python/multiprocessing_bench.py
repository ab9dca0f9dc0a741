"""Peer of io.jasyncio.bench.ProcessBench: CPython's process pools, fork and spawn contexts.

start:     Pool(4) from construction to the first apply() result (ms, median of 5)
roundtrip: 10,000 no-op submits through ProcessPoolExecutor(2) (calls/s, after a warm-up round)
cpu:       the article's getSum(n), n = 1..5000, one submit per n, on 1 and 2 workers (s)
           (each CPU figure twice per pool: cold, the pool's first run of the work, and warm,
           the same pool's second run; as ProcessBench does)
cpu-map:   the same sums through Pool.map with its default chunksize (4 chunks per worker)
cpu-chunks: the same through Pool.map in chunks of 25 (200 chunks)
queue:     items/s through multiprocessing.JoinableQueue to one consumer process
queue-in:  items/s through multiprocessing.JoinableQueue from one producer process to this one

python3 bench/peers/python/multiprocessing_bench.py [fork|spawn] [start roundtrip cpu queue]
"""
import os
import sys

# bench/peers/python/queue.py would shadow the standard library's queue module (and spawned
# children import this script's directory too): drop the script's directory from the path.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]

import math
import multiprocessing as mp
import statistics
import time
from concurrent.futures import ProcessPoolExecutor


def noop():
    return 0


def one():
    return 1


def get_sum(num):
    total = 0.0
    for x in range(1, num):
        total += 1 / x + math.sqrt(x) + math.sin(x) + math.cos(x)
    return total


def consume(q):
    while True:
        item = q.get()
        q.task_done()
        if item < 0:
            return


def start(ctx):
    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        pool = ctx.Pool(4)
        pool.apply(one)
        runs.append((time.perf_counter() - t0) * 1000)
        pool.terminate()
        pool.join()
    print("start  4 workers, first result back: %.0f ms (median of 5; runs %s)"
          % (statistics.median(runs), [round(r) for r in runs]))


def roundtrip(ctx):
    n = 10_000
    with ProcessPoolExecutor(2, mp_context=ctx) as ex:
        for rnd in range(3):
            t0 = time.perf_counter()
            fs = [ex.submit(noop) for _ in range(n)]
            for f in fs:
                f.result()
            s = time.perf_counter() - t0
            print("roundtrip  round %d: %d no-op calls on 2 workers: %.0f calls/s" % (rnd, n, n / s))


ROUNDS = ("cold", "warm")


def speed_ups(name, secs):
    print("%s  speed-up 2 vs 1 workers: cold %.2fx, warm %.2fx"
          % (name, secs[0][1] / secs[0][2], secs[1][1] / secs[1][2]))


def cpu(ctx):
    secs = ({}, {})
    for workers in (1, 2):
        with ProcessPoolExecutor(workers, mp_context=ctx) as ex:
            ex.submit(get_sum, 1000).result()
            for rnd in range(2):
                t0 = time.perf_counter()
                fs = [ex.submit(get_sum, i) for i in range(1, 5001)]
                total = sum(f.result() for f in fs)
                secs[rnd][workers] = time.perf_counter() - t0
                print("cpu  getSum(1..5000) on %d worker(s), round %d (%s): %.3f s (checksum %.1f)"
                      % (workers, rnd, ROUNDS[rnd], secs[rnd][workers], total))
    speed_ups("cpu", secs)


def cpu_map(ctx, chunksize=0):
    name = "cpu-chunks" if chunksize else "cpu-map"
    secs = ({}, {})
    for workers in (1, 2):
        with ctx.Pool(workers) as pool:
            pool.map(get_sum, [1000] * 4)
            for rnd in range(2):
                t0 = time.perf_counter()
                size = chunksize or -(-5000 // (4 * workers))
                total = sum(pool.map(get_sum, range(1, 5001), size))
                secs[rnd][workers] = time.perf_counter() - t0
                print("%s  Pool.map(getSum, 1..5000), %s chunksize %d, %d worker(s), round %d (%s): %.3f s (checksum %.1f)"
                      % (name, "given" if chunksize else "default", size, workers, rnd, ROUNDS[rnd],
                         secs[rnd][workers], total))
    speed_ups(name, secs)


def cpu_chunks(ctx):
    cpu_map(ctx, 25)


def cpu_ab(ctx, warmup=10, rounds=11):
    from statistics import median
    def submit_each(ex, w):
        t0 = time.perf_counter()
        fs = [ex.submit(get_sum, i) for i in range(1, 5001)]
        total = sum(f.result() for f in fs)
        return time.perf_counter() - t0, total
    def mapped(size):
        def run(pool, w):
            t0 = time.perf_counter()
            total = sum(pool.map(get_sum, range(1, 5001), size or -(-5000 // (4 * w))))
            return time.perf_counter() - t0, total
        return run
    forms = (("one submit per n", lambda w: ProcessPoolExecutor(w, mp_context=ctx), submit_each),
             ("Pool.map, default chunk size", lambda w: ctx.Pool(w), mapped(0)),
             ("Pool.map, chunks of 25", lambda w: ctx.Pool(w), mapped(25)))
    for name, make, run in forms:
        with make(1) as one, make(2) as two:
            cold1, cold2 = run(one, 1)[0], run(two, 2)[0]
            s1, s2 = [], []
            for r in range(-warmup, rounds):
                if r == 0:
                    s1, s2 = [], []
                order = ((one, 1, s1), (two, 2, s2)) if r % 2 == 0 else ((two, 2, s2), (one, 1, s1))
                for pool, w, out in order:
                    out.append(run(pool, w)[0])
            print("cpu-ab  %s: 1 worker %.3f s, 2 workers %.3f s (medians of %d interleaved rounds after"
                  " %d warm-up rounds; cold %.3f / %.3f s): speed-up %.2fx (best rounds %.2fx)"
                  % (name, median(s1), median(s2), rounds, warmup, cold1, cold2, median(s1) / median(s2),
                     min(s1) / min(s2)))


def queue(ctx):
    n = 20_000
    for rnd in range(2):
        q = ctx.JoinableQueue()
        p = ctx.Process(target=consume, args=(q,))
        p.start()
        q.put(0)
        q.join()
        t0 = time.perf_counter()
        for i in range(1, n + 1):
            q.put(i)
        q.put(-1)
        q.join()
        s = time.perf_counter() - t0
        p.join()
        print("queue  round %d: %d items through a JoinableQueue to 1 consumer process: %.0f items/s" % (rnd, n, n / s))


def produce(q, ready, go, n):
    ready.set()
    go.wait()
    for i in range(1, n + 1):
        q.put(i)
    q.put(-1)


def queue_in(ctx):
    n = 20_000
    for rnd in range(2):
        q = ctx.JoinableQueue()
        ready = ctx.Event()
        go = ctx.Event()
        p = ctx.Process(target=produce, args=(q, ready, go, n))
        p.start()
        ready.wait()
        t0 = time.perf_counter()
        go.set()
        while True:
            item = q.get()
            q.task_done()
            if item < 0:
                break
        q.join()
        s = time.perf_counter() - t0
        p.join()
        print("queue-in  round %d: %d items through a JoinableQueue from 1 producer process: %.0f items/s" % (rnd, n, n / s))


def ceiling(ctx):
    # jasyncio's `ceiling` runs the sums on two threads of one JVM; CPython's threads share one
    # interpreter lock, so there is no such figure here
    print("ceiling  (jasyncio only: CPython's threads run one at a time under the interpreter lock)")


def cpu_ab_x10(ctx):
    # jasyncio's cpu-ab-x10 gives its chunks of 25 ten times the work, about what CPython's take
    print("cpu-ab-x10  (jasyncio only: CPython's chunks of 25 in cpu-ab already take that long)")


if __name__ == "__main__":
    method = sys.argv[1] if len(sys.argv) > 1 else "spawn"
    which = sys.argv[2:] or ["start", "roundtrip", "cpu", "cpu-map", "cpu-chunks", "queue", "queue-in"]
    ctx = mp.get_context(method)
    print("CPython %s, %s context" % (sys.version.split()[0], method))
    for w in which:
        # start-ab (jasyncio's interleaved start variants) has CPython's start beside it
        globals()["start" if w == "start-ab" else w.replace("-", "_")](ctx)
