#!/usr/bin/env python3
"""Python clients against jasyncio's server (io.jasyncio.bench.http.InteropServer), for
`./jasyncio http-interop`: `requests` (Debian's python3-requests) and aiohttp's ClientSession
(python3-aiohttp), on /usr/bin/python3. Prints PASS/FAIL per check; exit status 1 on a failure.

    /usr/bin/python3 interop_clients.py requests|aiohttp http://127.0.0.1:PORT
"""
import asyncio
import hashlib
import sys

RESULTS = []


def report(tag, name, problem):
    RESULTS.append(problem is None)
    if problem is None:
        print("PASS %s: %s" % (tag, name), flush=True)
    else:
        print("FAIL %s: %s: %s" % (tag, name, problem), flush=True)


def expect(expected, actual, what):
    return None if expected == actual else "%s: expected %r, got %r" % (what, expected, actual)


def first(*problems):
    return next((p for p in problems if p is not None), None)


BODY = bytes(range(256)) * 1024  # 256 KiB


def with_requests(base):
    import requests

    tag = "python requests %s -> jasyncio server" % requests.__version__
    s = requests.Session()

    def run(name, fn):
        try:
            report(tag, name, fn())
        except Exception as e:  # a check that throws failed
            report(tag, name, "threw %r" % e)

    def get():
        r = s.get(base + "/hello/requests")
        return first(expect(200, r.status_code, "status"), expect("Hello, requests", r.text, "body"))

    def post():
        r = s.post(base + "/echo", data=BODY, headers={"Content-Type": "application/octet-stream"})
        return first(expect(200, r.status_code, "status"), expect(BODY, r.content, "echo"),
                     expect("none", r.headers.get("X-Request-Transfer-Encoding"), "request's Transfer-Encoding"))

    def chunked():
        def pieces():
            for i in range(0, len(BODY), 10000):
                yield BODY[i:i + 10000]

        r = s.post(base + "/echo", data=pieces(), headers={"Content-Type": "application/octet-stream"})
        return first(expect(200, r.status_code, "status"),
                     expect("chunked", r.headers.get("X-Request-Transfer-Encoding"), "request's Transfer-Encoding"),
                     expect(hashlib.sha256(BODY).hexdigest(), r.headers.get("X-Body-Sha256"), "sha256 seen by the server"),
                     expect(BODY, r.content, "echo"))

    def form():
        r = s.post(base + "/form", data={"a": "1", "b": "x y&z"})
        return expect({"a": ["1"], "b": ["x y&z"]}, r.json(), "form as JSON")

    def keep_alive():
        a = s.get(base + "/whoami").text.split()
        b = s.get(base + "/whoami").text.split()
        return first(expect(a[1], b[1], "client port of the second request"), expect("HTTP/1.1", a[2], "version"))

    def head():
        r = s.head(base + "/hello/requests")
        return first(expect(200, r.status_code, "status"), expect("15", r.headers.get("Content-Length"), "Content-Length"),
                     expect(b"", r.content, "body"))

    def stream():
        r = s.get(base + "/stream?n=100", stream=True)
        lines = [l for l in r.iter_lines()]
        return first(expect("chunked", r.headers.get("Transfer-Encoding"), "Transfer-Encoding"),
                     expect([("line %d" % i).encode() for i in range(100)], lines, "lines"))

    def not_found():
        r = s.get(base + "/nothing/here")
        return expect(404, r.status_code, "status")

    def method_not_allowed():
        r = s.delete(base + "/echo")
        return first(expect(405, r.status_code, "status"), expect("POST", r.headers.get("Allow"), "Allow"))

    run("GET", get)
    run("POST 256 KiB with Content-Length, echoed", post)
    run("POST chunked (generator body), echoed", chunked)
    run("POST url-encoded form", form)
    run("keep-alive: two GETs in a Session on one connection", keep_alive)
    run("HEAD: Content-Length of the GET, no body", head)
    run("chunked response streamed (iter_lines)", stream)
    run("404", not_found)
    run("405 with Allow", method_not_allowed)


async def with_aiohttp(base):
    import aiohttp

    tag = "aiohttp %s client -> jasyncio server" % aiohttp.__version__

    async def run(name, fn):
        try:
            report(tag, name, await fn())
        except Exception as e:
            report(tag, name, "threw %r" % e)

    async with aiohttp.ClientSession() as s:

        async def get():
            async with s.get(base + "/hello/aiohttp") as r:
                return first(expect(200, r.status, "status"), expect("Hello, aiohttp", await r.text(), "body"))

        async def post():
            async with s.post(base + "/echo", data=BODY) as r:
                return first(expect(200, r.status, "status"), expect(BODY, await r.read(), "echo"))

        async def chunked():
            async def pieces():
                for i in range(0, len(BODY), 10000):
                    yield BODY[i:i + 10000]

            async with s.post(base + "/echo", data=pieces()) as r:
                return first(expect("chunked", r.headers.get("X-Request-Transfer-Encoding"), "request's Transfer-Encoding"),
                             expect(BODY, await r.read(), "echo"))

        async def json_():
            async with s.get(base + "/json") as r:
                return expect({"name": "jasyncio", "answer": 42}, await r.json(), "JSON")

        async def keep_alive():
            async with s.get(base + "/whoami") as r:
                a = (await r.text()).split()
            async with s.get(base + "/whoami") as r:
                b = (await r.text()).split()
            return expect(a[1], b[1], "client port of the second request")

        async def head():
            async with s.head(base + "/hello/aiohttp") as r:
                return first(expect(200, r.status, "status"), expect("14", r.headers.get("Content-Length"), "Content-Length"))

        async def stream():
            async with s.get(base + "/stream?n=1000") as r:
                data = b""
                async for piece in r.content.iter_chunked(1000):
                    data += piece
                return expect("".join("line %d\n" % i for i in range(1000)).encode(), data, "body")

        async def concurrent():
            async def one(i):
                async with s.get(base + "/hello/c%d" % i) as r:
                    return await r.text()

            got = await asyncio.gather(*(one(i) for i in range(200)))
            return expect(["Hello, c%d" % i for i in range(200)], got, "200 concurrent bodies")

        await run("GET", get)
        await run("POST 256 KiB, echoed", post)
        await run("POST chunked (async generator body), echoed", chunked)
        await run("GET JSON", json_)
        await run("keep-alive: two GETs on one connection", keep_alive)
        await run("HEAD", head)
        await run("chunked response streamed (iter_chunked)", stream)
        await run("200 concurrent GETs", concurrent)


def main():
    which, base = sys.argv[1], sys.argv[2].rstrip("/")
    if which == "requests":
        with_requests(base)
    elif which == "aiohttp":
        asyncio.run(with_aiohttp(base))
    else:
        print("usage: interop_clients.py requests|aiohttp BASE_URL", file=sys.stderr)
        return 2
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
