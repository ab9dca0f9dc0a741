# Article 003, CPU task, 3. a pool of 4 processes, every getSum submitted, then wait for all.
import collections, concurrent.futures, json, math, os, sys, time

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"

Result = collections.namedtuple("Result", "num total success")
Summary = collections.namedtuple("Summary", "todo totals canceled")


def getSum(num):
    if verbose:
        print('计算{}'.format(num), flush=True)
    total = 0.0
    for x in range(1, num):
        total += 1/x + math.sqrt(x) + math.sin(x) + math.cos(x)
    os.write(1, b"\x06")
    return Result(num, total, 1)


def wait_for(futures_set):
    # The article uses this helper without showing it: wait for all, keep each total.
    canceled = False
    totals = {}
    try:
        for future in concurrent.futures.as_completed(futures_set):
            result = future.result()
            totals[result.num] = result.total
    except KeyboardInterrupt:
        canceled = True
    return Summary(len(futures_set), totals, canceled)


def save_pic(num):

    futures_set = set()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as executor:
        for i in range(1, num):
            if i is not None:
                futures_set.add(executor.submit(getSum, i))

        summary = wait_for(futures_set)
        if summary.canceled:
            executor.shutdown()
        # summarize(summary, 4)
        return summary


if __name__ == '__main__':
    start = time.time()
    summary = save_pic(size) #
    seconds = time.time() - start
    totals = [summary.totals[i] for i in sorted(summary.totals)]
    print("RESULT " + json.dumps({"items": len(totals), "bytes": 0, "checksum": sum(totals), "seconds": seconds}), flush=True)
