"""Peer of CreateTaskBenchmark: ns per create_task + await of a task that returns at once."""
import asyncio
import time

TASKS = 100_000


async def ret(n):
    return n


async def create_and_await():
    s = 0
    for i in range(TASKS):
        s += await asyncio.create_task(ret(i))
    return s


def best_of(n, eager):
    best = float("inf")
    for _ in range(n):
        loop = asyncio.new_event_loop()
        if eager:
            loop.set_task_factory(asyncio.eager_task_factory)
        t0 = time.perf_counter()
        loop.run_until_complete(create_and_await())
        best = min(best, time.perf_counter() - t0)
        loop.close()
    return best


if __name__ == "__main__":
    print("createAndAwait_ns: %.0f" % (best_of(5, False) / TASKS * 1e9))
    if hasattr(asyncio, "eager_task_factory"):
        print("createAndAwait_eager_ns: %.0f" % (best_of(5, True) / TASKS * 1e9))
    else:
        print("createAndAwait_eager_ns: n/a (needs Python 3.12+)")
