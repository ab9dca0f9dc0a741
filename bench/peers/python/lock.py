"""Peer of LockBenchmark: ns per uncontended asyncio.Lock acquire+release in one coroutine."""
import asyncio
import time

PAIRS = 100_000


async def acquire_release():
    lock = asyncio.Lock()
    held = 0
    for _ in range(PAIRS):
        await lock.acquire()
        if lock.locked():
            held += 1
        lock.release()
    return held


def best_of(n, coro_fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        asyncio.run(coro_fn())
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    print("lock_acquire_release_ns: %.0f" % (best_of(5, acquire_release) / PAIRS * 1e9))
