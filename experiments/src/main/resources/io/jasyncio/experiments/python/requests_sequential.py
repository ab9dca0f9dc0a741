# Article 001: page requests one after another with requests.
import json, os, sys, time
import requests

headers = {
    "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36"
}
base, out_dir, size, per_page, workers, verbose = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "1"
received = 0

# 同步请求耗时
now = lambda : time.time()
start = now()

for i in range(size):
    if verbose:
        print(i, flush=True)
    r = requests.get(url=base + "/page", headers=headers)
    received += len(r.content)
    os.write(1, b"\x06")
seconds = now() - start
print("RESULT " + json.dumps({"items": size, "bytes": received, "checksum": None, "seconds": seconds}), flush=True)
