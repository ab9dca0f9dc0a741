#!/usr/bin/env python3
"""The aiohttp server that jasyncio's client talks to in `./jasyncio http-interop`.

Serves what io.jasyncio.bench.http.InteropClient expects (the same paths as the nginx config of
interop.sh): /hello.txt, /big.bin (1 MiB, byte i = (31 i + 7) mod 251), /gzip.txt (compressed
on the fly, chunked), /port (the client's port), /redirect (302 to /hello.txt), /post ("POST N",
N the body's length), and /echo, /json, /set-cookie, /cookie. Prints its port, then serves until
it is killed. For Debian's aiohttp 3.8 on /usr/bin/python3.
"""
import argparse
import asyncio
import sys

from aiohttp import web

HELLO = "Hello, World!\n"
BIG = bytes((31 * i + 7) % 251 for i in range(1 << 20))
GZIP_TEXT = "jasyncio gzip line\n" * 2000


async def hello(request):
    return web.Response(text=HELLO)


async def big(request):
    return web.Response(body=BIG, content_type="application/octet-stream")


async def gzip_text(request):
    r = web.Response(text=GZIP_TEXT)
    r.enable_compression(web.ContentCoding.gzip)
    r.enable_chunked_encoding()
    return r


async def port(request):
    return web.Response(text=str(request.transport.get_extra_info("peername")[1]))


async def redirect(request):
    raise web.HTTPFound("/hello.txt")


async def post(request):
    body = await request.read()
    return web.Response(text="POST %d" % len(body))


async def echo(request):
    body = await request.read()
    return web.Response(body=body, content_type="application/octet-stream")


async def json_(request):
    return web.json_response({"name": "aiohttp", "answer": 42})


async def set_cookie(request):
    r = web.Response(text="set")
    r.set_cookie("flavour", "oat")
    return r


async def cookie(request):
    return web.Response(text=request.headers.get("Cookie", ""))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    app = web.Application(client_max_size=4 << 20)
    app.router.add_get("/hello.txt", hello)
    app.router.add_get("/big.bin", big)
    app.router.add_get("/gzip.txt", gzip_text)
    app.router.add_get("/port", port)
    app.router.add_get("/redirect", redirect)
    app.router.add_post("/post", post)
    app.router.add_post("/echo", echo)
    app.router.add_get("/json", json_)
    app.router.add_get("/set-cookie", set_cookie)
    app.router.add_get("/cookie", cookie)

    async def serve():
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, args.host, args.port)
        await site.start()
        print(site._server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Event().wait()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
