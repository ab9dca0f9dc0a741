# Article 003, I/O task, 1.5 as written: "coroutines" that call the blocking requests.get inside
# async def. Nothing is awaited, so each task runs to its end before the next starts.
import asyncio, json, os, sys, time
import requests

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
saved = [0, 0]


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


async def getImg(i, localPath):

    if not os.path.exists(localPath): # 新建文件夹
        os.mkdir(localPath)

    down_pic(i, localPath)

def down_pic(i, localPath):
    timestamp = time.time() * 1000000
    if i.get('thumbURL') != None:
        if verbose:
            print('正在下载 {0}'.format(i.get('thumbURL')), flush=True)
        ir = requests.get(i.get('thumbURL'))
        open(localPath + i.get('thumbURL').rsplit('/', 1)[1], 'wb').write(ir.content)
        saved[0] += 1
        saved[1] += len(ir.content)
        os.write(1, b"\x06")
    else:
        print('图片 {} 链接不存在'.format(i.get('thumbURL')))


if __name__ == '__main__':
    start = time.time()
    dataList = getManyPages(u'火影', size) # 参数1:关键字, 参数2:要下载的页数

    loop = asyncio.new_event_loop()
    tasks = [loop.create_task(getImg(i, out_dir + '/')) for i in dataList]
    loop.run_until_complete(asyncio.wait(tasks))
    loop.close()
    seconds = time.time() - start
    print("RESULT " + json.dumps({"items": saved[0], "bytes": saved[1], "checksum": None, "seconds": seconds}), flush=True)
