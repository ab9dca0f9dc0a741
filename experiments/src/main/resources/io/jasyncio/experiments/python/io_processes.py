# Article 003, I/O task, 1.3: a pool of 4 processes, submit, then wait for all.
import collections, concurrent.futures, json, os, sys, time
import requests

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"

# The article uses these helpers without showing them.
Result = collections.namedtuple("Result", "success bytes")
Summary = collections.namedtuple("Summary", "todo success bytes canceled")


def wait_for(futures_set):
    canceled = False
    success = received = 0
    try:
        for future in concurrent.futures.as_completed(futures_set):
            result = future.result()
            success += result.success
            received += result.bytes
    except KeyboardInterrupt:
        canceled = True
        for future in futures_set:
            future.cancel()
    return Summary(len(futures_set), success, received, canceled)


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


def getImg(url, localPath, timestamp):

    if url is not None:
        if verbose:
            print('正在下载 : {}'.format(url), flush=True)
        ir = requests.get(url)
        # The article names the file after the timestamp; the image's own name can be checked.
        open(localPath + url.rsplit('/', 1)[1], 'wb').write(ir.content)
        os.write(1, b"\x06")
        return Result(1, len(ir.content))
    else:
        return Result(0, 0)


def save_pic(dataList, localPath):
    if not os.path.exists(localPath): # 新建文件夹
        os.mkdir(localPath)

    futures_set = set()
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as executor:
        for item in dataList:
            url = item.get('thumbURL', None)
            if url is not None:
                timestamp = time.time()
                futures_set.add(executor.submit(getImg, url, localPath, timestamp))

    summary = wait_for(futures_set)
    if summary.canceled:
        executor.shutdown()
    return summary


if __name__ == '__main__':
    start = time.time()
    dataList = getManyPages('火影', size) # 参数1:关键字, 参数2:要下载的页数
    summary = save_pic(dataList, out_dir + '/') # 参数2:指定保存的路径
    seconds = time.time() - start
    print("RESULT " + json.dumps({"items": summary.success, "bytes": summary.bytes, "checksum": None, "seconds": seconds}), flush=True)
