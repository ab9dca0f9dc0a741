"""Peer of TaskSwitchBenchmark: ns per task switch (future ping-pong, and sleep(0))."""
import asyncio
import time

SWITCHES = 100_000


class Channel:
    def __init__(self):
        self.waiting = None

    async def recv(self):
        f = asyncio.get_running_loop().create_future()
        self.waiting = f
        return await f

    def send(self, v):
        f, self.waiting = self.waiting, None
        f.set_result(v)


async def ping_pong():
    to_a, to_b = Channel(), Channel()
    rounds = SWITCHES // 2

    async def b():
        for _ in range(rounds):
            to_a.send(await to_b.recv() + 1)

    tb = asyncio.create_task(b())
    await asyncio.sleep(0)
    v = 0
    for _ in range(rounds):
        to_b.send(v)
        v = await to_a.recv()
    await tb
    return v


async def sleep_zero():
    for _ in range(SWITCHES):
        await asyncio.sleep(0)


def best_of(n, coro_fn):
    best = float("inf")
    for _ in range(n):
        t0 = time.perf_counter()
        asyncio.run(coro_fn())
        best = min(best, time.perf_counter() - t0)
    return best


if __name__ == "__main__":
    print("pingPong_ns_per_switch: %.0f" % (best_of(5, ping_pong) / SWITCHES * 1e9))
    print("sleepZero_ns_per_switch: %.0f" % (best_of(5, sleep_zero) / SWITCHES * 1e9))
