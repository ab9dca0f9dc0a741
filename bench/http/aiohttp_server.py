#!/usr/bin/env python3
"""aiohttp peer of io.jasyncio.bench.http.HelloServer: answers GET / with "Hello, World!".

The 13-byte body as text/plain, keep-alive, after --delay-ms milliseconds (0: at once). Prints
the port it listens on (one line), then serves until it is killed. With --uvloop, runs on uvloop's
event loop. Written for Debian's aiohttp 3.8 (python3-aiohttp) on /usr/bin/python3.

    /usr/bin/python3 aiohttp_server.py --port 0 [--delay-ms 100] [--backlog 1024] [--uvloop]
"""
import argparse
import asyncio
import sys

from aiohttp import web

BODY = "Hello, World!"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--backlog", type=int, default=1024)
    p.add_argument("--uvloop", action="store_true", help="run on uvloop's event loop")
    args = p.parse_args()
    if args.uvloop:
        import uvloop

        uvloop.install()
    delay = args.delay_ms / 1000.0

    async def hello(request):
        if delay > 0:
            await asyncio.sleep(delay)
        return web.Response(text=BODY)

    async def serve():
        app = web.Application()
        app.router.add_get("/", hello)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, args.host, args.port, backlog=args.backlog)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        print(port, flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
