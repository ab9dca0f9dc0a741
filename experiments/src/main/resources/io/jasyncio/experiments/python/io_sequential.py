# Article 003, I/O task, 1.1 base: one thread, requests.get for each image.
import json, os, sys, time
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


def getImg(dataList, localPath):
    if not os.path.exists(localPath): # 新建文件夹
        os.mkdir(localPath)

    x = 0
    for i in dataList:
        x += 1
        if i.get('thumbURL') != None:
            if verbose:
                print('正在下载 {0}: {1}'.format(x, i.get('thumbURL')), flush=True)
            ir = requests.get(i.get('thumbURL'))
            open(localPath + '%d.jpg' % (x), 'wb').write(ir.content)
            saved[0] += 1
            saved[1] += len(ir.content)
            os.write(1, b"\x06")
        else:
            print('图片 {} 链接不存在'.format(x), flush=True)


if __name__ == '__main__':
    start = time.time()
    dataList = getManyPages(u'火影', size) # 参数1:关键字, 参数2:要下载的页数
    getImg(dataList, out_dir + '/') # 参数2:指定保存的路径
    seconds = time.time() - start
    print("RESULT " + json.dumps({"items": saved[0], "bytes": saved[1], "checksum": None, "seconds": seconds}), flush=True)
