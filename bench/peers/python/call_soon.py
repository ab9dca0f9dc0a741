"""Peer of CallSoonBenchmark: callbacks per second through loop.call_soon."""
import asyncio
import time

CALLBACKS = 100_000
counter = 0


def cb():
    global counter
    counter += 1


def once(loop):
    for _ in range(CALLBACKS):
        loop.call_soon(cb)
    loop.call_soon(loop.stop)
    loop.run_forever()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    best = float("inf")
    for _ in range(10):
        t0 = time.perf_counter()
        once(loop)
        best = min(best, time.perf_counter() - t0)
    loop.close()
    print("callSoon_per_s: %.0f" % (CALLBACKS / best))
