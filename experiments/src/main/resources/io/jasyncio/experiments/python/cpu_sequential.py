# Article 003, CPU task, 1. base: getSum(i) for i = 1 .. num - 1, one after another.
import json, math, os, sys, time

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
totals = []


def getSum(num):
    for i in range(1, num):
        total = 0.0
        for x in range(1, i):
            total += 1/x + math.sqrt(x) + math.sin(x) + math.cos(x)
        if verbose:
            print(total, flush=True)
        totals.append(total)  # the article prints each total; here they are kept and counted
        os.write(1, b"\x06")

    return total


start = time.time()
getSum(size)
seconds = time.time() - start
print("RESULT " + json.dumps({"items": len(totals), "bytes": 0, "checksum": sum(totals), "seconds": seconds}), flush=True)
