# Article 003, CPU task, 5. every getSum a coroutine on one event loop.
import asyncio, json, math, os, sys, time

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"


async def getSum(num):
    if verbose:
        print('计算{}'.format(num), flush=True)
    total = 0.0
    for x in range(1, num):
        total += 1 / x + math.sqrt(x) + math.sin(x) + math.cos(x)
    os.write(1, b"\x06")
    return total


if __name__ == '__main__':
    start = time.time()
    loop = asyncio.new_event_loop()
    tasks = [loop.create_task(getSum(i)) for i in range(1, size)]
    loop.run_until_complete(asyncio.wait(tasks))
    loop.close()
    seconds = time.time() - start
    totals = [t.result() for t in tasks]
    print("RESULT " + json.dumps({"items": len(totals), "bytes": 0, "checksum": sum(totals), "seconds": seconds}), flush=True)
