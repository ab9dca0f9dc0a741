#!/usr/bin/env python3
"""aiohttp peer of io.jasyncio.bench.http.FanOutClient: --requests GETs started at once.

One aiohttp.ClientSession per round with a TCPConnector(limit=--limit) (0: no limit), a task per
request, each body read and checked against "Hello, World!". --warmup rounds run first, printed
as "warmup N ..." lines (the same warm-up the Java clients get). Then one line per measured round:
"round N wall_s W cpu_s C", C being this process's CPU time (time.process_time) during the round.
With --uvloop, runs on uvloop's event loop.

    /usr/bin/python3 aiohttp_fanout.py --url http://127.0.0.1:8080/ --requests 930 --limit 100 --rounds 3
"""
import argparse
import asyncio
import sys
import time

import aiohttp

BODY = "Hello, World!"


async def fan_out(url, n, limit):
    connector = aiohttp.TCPConnector(limit=limit)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(i):
            async with session.get(url, params={"i": str(i)}) as r:
                return r.status == 200 and await r.text() == BODY

        results = await asyncio.gather(*(one(i) for i in range(n)))
    return sum(1 for ok in results if ok)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True)
    p.add_argument("--requests", type=int, default=930)
    p.add_argument("--limit", type=int, default=0, help="0: no connection limit")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--warmup", type=int, default=0, help="unmeasured rounds first")
    p.add_argument("--uvloop", action="store_true", help="run on uvloop's event loop")
    args = p.parse_args()
    if args.uvloop:
        import uvloop

        uvloop.install()
    for rnd in range(1 - args.warmup, args.rounds + 1):
        c0 = time.process_time()
        t0 = time.perf_counter()
        ok = asyncio.run(fan_out(args.url, args.requests, args.limit))
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        if ok != args.requests:
            print("%d of %d responses were right" % (ok, args.requests), file=sys.stderr)
            return 1
        print("%s %d wall_s %.4f cpu_s %.4f" % ("round" if rnd > 0 else "warmup",
                                              rnd if rnd > 0 else rnd + args.warmup, wall, cpu), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
