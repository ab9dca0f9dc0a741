# Article 003's downloads as coroutines done properly (as article 001 writes them): one aiohttp
# ClientSession (100 connections), every image a task that awaits the network.
import aiohttp, asyncio, json, os, sys, time

base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"


async def getManyPages(session, keyword, pages):
    urls = []
    for i in range(per_page, per_page*pages+per_page, per_page):
        params = {'tn': 'resultjson_com', 'ipn': 'rj', 'word': keyword, 'queryWord': keyword,
                  'ie': 'utf-8', 'oe': 'utf-8', 'pn': i, 'rn': per_page}
        async with session.get(base + '/search', params=params) as response:
            urls.extend((await response.json()).get('data'))
    return urls


async def getImg(session, url, localPath):
    if verbose:
        print('正在下载 {0}'.format(url), flush=True)
    async with session.get(url) as response:
        content = await response.read()
    open(localPath + url.rsplit('/', 1)[1], 'wb').write(content)
    os.write(1, b"\x06")
    return len(content)


async def main(localPath):
    if not os.path.exists(localPath):
        os.mkdir(localPath)
    async with aiohttp.ClientSession() as session:
        dataList = await getManyPages(session, '火影', size)
        tasks = [asyncio.create_task(getImg(session, i.get('thumbURL'), localPath))
                 for i in dataList if i.get('thumbURL') is not None]
        return await asyncio.gather(*tasks)


if __name__ == '__main__':
    start = time.time()
    sizes = asyncio.run(main(out_dir + '/'))
    seconds = time.time() - start
    print("RESULT " + json.dumps({"items": len(sizes), "bytes": sum(sizes), "checksum": None, "seconds": seconds}), flush=True)
