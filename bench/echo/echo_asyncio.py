#!/usr/bin/env python3
"""CPython peer of io.jasyncio.bench.echo.EchoServer: an asyncio streams echo server.

Per connection: read exactly one message of --size bytes (readexactly), write it back and
drain(), until the client closes. Prints the port it listens on (one line), then serves until
it is killed. With --uvloop, installs uvloop's event loop first (Debian: python3-uvloop with
/usr/bin/python3).

    python3 echo_asyncio.py --size 1024 --port 0
    /usr/bin/python3 echo_asyncio.py --size 1024 --port 0 --uvloop
"""
import argparse
import asyncio
import socket
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", type=int, default=1024, help="message size in bytes")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: any free port")
    p.add_argument("--uvloop", action="store_true", help="run on uvloop's event loop")
    args = p.parse_args()
    if args.size <= 0:
        p.error("--size must be > 0")
    if args.uvloop:
        import uvloop

        uvloop.install()
    size = args.size

    async def handle(reader, writer):
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                try:
                    data = await reader.readexactly(size)
                except asyncio.IncompleteReadError as e:
                    if not e.partial:
                        return  # the client closed between two messages: the normal end
                    raise
                writer.write(data)
                await writer.drain()
        except ConnectionError:
            pass  # the client may reset its connections when a run ends
        finally:
            writer.close()

    async def serve():
        server = await asyncio.start_server(handle, args.host, args.port)
        print(server.sockets[0].getsockname()[1], flush=True)
        print(
            "echo_asyncio: %s %s, loop %s, message size %d"
            % (sys.implementation.name, sys.version.split()[0],
               type(asyncio.get_running_loop()).__module__, size),
            file=sys.stderr,
        )
        async with server:
            await server.serve_forever()

    asyncio.run(serve())


if __name__ == "__main__":
    main()
