# Article 003, I/O task, 1.4: 4 daemon processes take jobs from a JoinableQueue, put results on a Queue.
import collections, json, multiprocessing, os, sys, time
import requests

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"

# The article uses these without showing them.
Result = collections.namedtuple("Result", "success bytes")
Summary = collections.namedtuple("Summary", "todo success bytes canceled")


def getManyPages(keyword,pages):
    # 获取下载图片的url路径
    params=[]
    for i in range(per_page, per_page*pages+per_page, per_page):
        params.append({
            'tn': 'resultjson_com', 'ipn': 'rj',
            'ct': 201326592, 'is': '', 'fp': 'result',
            'queryWord': keyword,
            'cl': 2, 'lm': -1, 'ie': 'utf-8', 'oe': 'utf-8',
            'adpicid': '', 'st': -1, 'z': '', 'ic': 0,
            'word': keyword, 's': '', 'se': '',
            'tab': '', 'width': '', 'height': '', 'face': 0,
            'istype': 2, 'qc': '',
            'nc': 1, 'fr': '',
            'pn': i,
            'rn': per_page, 'gsm': '1e', '1488942260214': ''
        })
    url = base + '/search'
    urls = []
    for i in params:
        try:
            urls.extend(requests.get(url,params=i).json().get('data'))
        except:
            break

    return urls


def get_img(url, localPath):
    if verbose:
        print('正在下载 : {}'.format(url), flush=True)
    ir = requests.get(url)
    open(localPath + url.rsplit('/', 1)[1], 'wb').write(ir.content)
    os.write(1, b"\x06")
    return Result(1, len(ir.content))


def add_jobs(dataList, jobs, localPath):
    for index, item in enumerate(dataList, start=1):
        jobs.put((item.get('thumbURL', None), localPath))

    return index


def save_pic(dataList, localPath, concurrency):
    if not os.path.exists(localPath): # 新建文件夹
        os.mkdir(localPath)

    canceled = False
    jobs = multiprocessing.JoinableQueue() # task queue
    results = multiprocessing.Queue() # 结果队列
    create_process(jobs, results, concurrency)
    todo = add_jobs(dataList, jobs, localPath) # 将待办任务加入任务队列

    try:
        jobs.join()
    except KeyboardInterrupt:
        canceled = True
    success = received = 0
    # The article drains with "while not results.empty()", which can stop early: a result may
    # still be in the sending process's feeder thread. Taking exactly one result per job cannot.
    for _ in range(todo):
        result = results.get()
        success += result.success
        received += result.bytes

    return Summary(todo, success, received, canceled)


def create_process(jobs, results, concurrency):
    for _ in range(concurrency):
        process = multiprocessing.Process(target=worker, args=(jobs, results))
        process.daemon = True
        process.start()


def worker(jobs, results):
    while True:
        try:
            url, localpath = jobs.get()
            try:
                result = get_img(url, localPath=localpath)
                results.put(result)
            except Exception as e:
                print(e)
                results.put(Result(0, 0))
        finally:
            jobs.task_done()


if __name__ == '__main__':
    start = time.time()
    dataList = getManyPages('火影', size) # 参数1:关键字, 参数2:要下载的页数
    summary = save_pic(dataList, out_dir + '/', workers) # 参数2:指定保存的路径
    seconds = time.time() - start
    print("RESULT " + json.dumps({"items": summary.success, "bytes": summary.bytes, "checksum": None, "seconds": seconds}), flush=True)
