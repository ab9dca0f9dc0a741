"""Peer of QueueBenchmark: asyncio.Queue items per second.

producerConsumer: one producer task and one consumer task through asyncio.Queue(100).
pingPong: two tasks bounce a number through two asyncio.Queue(1)s; every hop is one item.
"""
import os
import sys

# This file is named after the stdlib module it measures against; keep "import queue" elsewhere
# (concurrent.futures, for one) from finding this script instead of the standard library.
if sys.path and os.path.abspath(sys.path[0] or ".") == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

import asyncio  # noqa: E402
import time  # noqa: E402

ITEMS = 100_000


async def producer_consumer():
    q = asyncio.Queue(100)

    async def consumer():
        s = 0
        for _ in range(ITEMS):
            s += await q.get()
        return s

    async def producer():
        for i in range(ITEMS):
            await q.put(i)

    c = asyncio.create_task(consumer())
    p = asyncio.create_task(producer())
    await p
    return await c


async def ping_pong():
    to_b, to_a = asyncio.Queue(1), asyncio.Queue(1)
    rounds = ITEMS // 2

    async def b():
        for _ in range(rounds):
            await to_a.put(await to_b.get() + 1)

    tb = asyncio.create_task(b())
    v = 0
    for _ in range(rounds):
        await to_b.put(v)
        v = await to_a.get()
    await tb
    return v


def best_of(n, coro_fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        asyncio.run(coro_fn())
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    print("queue100_items_per_s: %.0f" % (ITEMS / best_of(5, producer_consumer)))
    print("queue1_pingpong_items_per_s: %.0f" % (ITEMS / best_of(5, ping_pong)))
