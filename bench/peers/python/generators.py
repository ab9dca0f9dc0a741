"""CPython counterpart of GeneratorBenchmark: ns per item for the same four measurements.

Run: python3 bench/peers/python/generators.py
"""
import sys
import timeit

ITEMS = 100_000


def ints(n):
    for i in range(n):
        yield i


def delegate(inner):
    yield from inner


def chain(depth, n):
    g = ints(n)
    for _ in range(1, depth):
        g = delegate(g)
    return g


def for_each_next():
    s = 0
    for v in ints(ITEMS):
        s += v
    return s


def drain(g):
    s = 0
    for v in g:
        s += v
    return s


def echo():
    v = yield 0
    while True:
        v = yield v


def send_round_trip():
    g = echo()
    next(g)
    s = 0
    for _ in range(ITEMS):
        s += g.send(1)
    g.close()
    return s


def main():
    cases = {
        "forEachNext": for_each_next,
        "yieldFromDepth1": lambda: drain(chain(1, ITEMS)),
        "yieldFromDepth10": lambda: drain(chain(10, ITEMS)),
        "sendRoundTrip": send_round_trip,
    }
    print("CPython", sys.version.split()[0])
    for name, fn in cases.items():
        best = min(timeit.repeat(fn, number=5, repeat=5)) / 5
        print(f"{name:18s} {best / ITEMS * 1e9:8.1f} ns/item")


if __name__ == "__main__":
    main()
