"""Peer of MillionTasks: one million tasks awaiting one shared future."""
import asyncio
import gc
import sys
import time
import tracemalloc

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


async def waiter(gate):
    return await gate + 1


def parked_bytes_per_task(n):
    """Heap per parked task, traced on a smaller run (tracing slows the timed run down)."""
    loop = asyncio.new_event_loop()
    gate = loop.create_future()
    tasks = []

    async def start():
        for _ in range(n):
            tasks.append(asyncio.ensure_future(waiter(gate)))
        await asyncio.sleep(0)

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loop.run_until_complete(start())
    parked = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    for t in tasks:
        t.cancel()
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    return parked // n


def main():
    loop = asyncio.new_event_loop()
    gate = loop.create_future()
    tasks = []

    async def start():
        for _ in range(N):
            tasks.append(asyncio.ensure_future(waiter(gate)))
        await asyncio.sleep(0)

    t0 = time.perf_counter()
    loop.run_until_complete(start())
    t1 = time.perf_counter()

    async def finish():
        gate.set_result(1)
        s = 0
        for t in tasks:
            s += await t
        return s

    t2 = time.perf_counter()
    s = loop.run_until_complete(finish())
    t3 = time.perf_counter()
    assert s == 2 * N
    loop.close()
    print("tasks: %d" % N)
    print("create_and_start_s: %.3f" % (t1 - t0))
    print("heap_bytes_per_parked_task: %d" % parked_bytes_per_task(N // 10))
    print("wake_and_finish_s: %.3f" % (t3 - t2))


if __name__ == "__main__":
    main()
