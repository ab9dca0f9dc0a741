"""Peer of SemaphoreFanOutBenchmark: ms per fan-out of 100k tasks through asyncio.Semaphore(100).

Each task holds a permit around asyncio.sleep(0); the main task awaits them all.
"""
import asyncio
import time

TASKS = 100_000
PERMITS = 100


async def fan_out():
    sem = asyncio.Semaphore(PERMITS)

    async def work(n):
        async with sem:
            await asyncio.sleep(0)
            return n

    tasks = [asyncio.create_task(work(i)) for i in range(TASKS)]
    s = 0
    for t in tasks:
        s += await t
    return s


def best_of(n, coro_fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        asyncio.run(coro_fn())
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    print("semaphore_fanout_ms: %.1f" % (best_of(3, fan_out) * 1e3))
