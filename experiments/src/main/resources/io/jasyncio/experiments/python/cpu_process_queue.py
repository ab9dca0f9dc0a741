# Article 003, CPU task, 4. 4 daemon processes take numbers from a JoinableQueue, put results on a Queue.
import collections, json, math, multiprocessing, os, sys, time

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


def add_jobs(num, jobs):
    for index in range(1, num):
        jobs.put(index)

    return index

def save_pic(num, concurrency):
    # num 计算次数, concurrency 进程个数
    canceled = False
    jobs = multiprocessing.JoinableQueue() # task queue
    results = multiprocessing.Queue() # 结果队列
    create_process(jobs, results, concurrency)
    todo = add_jobs(num, jobs) # 将待办任务加入任务队列

    try:
        jobs.join()
    except KeyboardInterrupt:
        canceled = True
    totals = {}
    # The article drains with "while not results.empty()", which can stop early: a result may
    # still be in the sending process's feeder thread. Taking exactly one result per job cannot.
    for _ in range(todo):
        result = results.get()
        totals[result.num] = result.total

    return Summary(todo, totals, canceled)

def create_process(jobs, results, concurrency):
    for _ in range(concurrency):
        process = multiprocessing.Process(target=worker, args=(jobs, results))
        process.daemon = True
        process.start()


def worker(jobs, results):
    while True:
        try:
            sum_result = jobs.get()
            try:
                result = getSum(sum_result)
                results.put(result)
            except Exception as e:
                print(e)
                results.put(Result(sum_result, float('nan'), 0))
        finally:
            jobs.task_done()


if __name__ == '__main__':
    start = time.time()
    summary = save_pic(size, workers)
    seconds = time.time() - start
    totals = [summary.totals[i] for i in sorted(summary.totals)]
    print("RESULT " + json.dumps({"items": len(totals), "bytes": 0, "checksum": sum(totals), "seconds": seconds}), flush=True)
