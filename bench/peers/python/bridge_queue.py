"""Stand-in peer of BridgeQueueBenchmark: items per second from one thread to one coroutine.

CPython has no thread-and-coroutine queue in the standard library (janus is a third-party
package). This stand-in builds the same shape from standard parts: the producer thread takes one
of 100 slots from a threading.Semaphore (the bound, as BridgeQueue(loop, 100)), then hands the
item to the loop with call_soon_threadsafe(queue.put_nowait, item); the consumer coroutine gets
it from an unbounded asyncio.Queue and gives the slot back.
"""
import asyncio
import threading
import time

ITEMS = 100_000
MAXSIZE = 100


async def thread_to_coroutine():
    loop = asyncio.get_running_loop()
    q = asyncio.Queue()
    slots = threading.Semaphore(MAXSIZE)

    def produce():
        for i in range(ITEMS):
            slots.acquire()
            loop.call_soon_threadsafe(q.put_nowait, i)

    producer = threading.Thread(target=produce, name="bridge-producer")
    producer.start()
    s = 0
    for _ in range(ITEMS):
        s += await q.get()
        slots.release()
    producer.join()
    assert s == ITEMS * (ITEMS - 1) // 2, s
    return s


def best_of(n, coro_fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        asyncio.run(coro_fn())
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    print("bridgeQueue_items_per_s: %.0f" % (ITEMS / best_of(3, thread_to_coroutine)))
    print("bridgeQueue_peer: stand-in (thread + threading.Semaphore + call_soon_threadsafe + asyncio.Queue)")
