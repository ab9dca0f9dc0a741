# Article 001: the same requests as aiohttp coroutines, one ClientSession per request as written.
import aiohttp, asyncio, json, os, sys, time
from threading import get_ident

headers = {
    "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36"
}
base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
received = []

# 异步请求耗时
now = lambda : time.time()
start = now()

async def get_response(url):
    async with aiohttp.ClientSession() as session:
        async with await session.get(url=url, headers=headers) as response:
            received.append(len(await response.read()))
            if verbose:
                print(get_ident(), flush=True)
            os.write(1, b"\x06")


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)

tasks = []
for i in range(size):
    tasks.append(loop.create_task(get_response(base + "/page")))

loop.run_until_complete(asyncio.wait(tasks))
for t in tasks:
    t.result()  # a failed request fails the program instead of passing unnoticed
seconds = now() - start
loop.close()
print("RESULT " + json.dumps({"items": len(received), "bytes": sum(received), "checksum": None, "seconds": seconds}), flush=True)
