"""CPython's side of bench/run: tempfile.mkstemp and its raw-open floor.

Usage: python3 mkstemp_bench.py DIR N

Prints two lines, "cpython-mkstemp NS" and "cpython-floor NS": nanoseconds
per create + close + unlink in DIR, over N operations. The floor is os.open
with the flags tempfile uses (tempfile._bin_openflags) on names made in
advance, outside the timed loop.
"""

import os
import sys
import tempfile
import time


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    prefix, suffix = "tmp", ".dat"

    start = time.perf_counter_ns()
    for _ in range(n):
        fd, path = tempfile.mkstemp(suffix, prefix, d)
        os.close(fd)
        os.unlink(path)
    mkstemp_ns = (time.perf_counter_ns() - start) / n

    names = tempfile._get_candidate_names()
    paths = [os.path.join(d, prefix + next(names) + suffix) for _ in range(n)]
    flags = tempfile._bin_openflags
    start = time.perf_counter_ns()
    for path in paths:
        fd = os.open(path, flags, 0o600)
        os.close(fd)
        os.unlink(path)
    floor_ns = (time.perf_counter_ns() - start) / n

    print(f"cpython-mkstemp {mkstemp_ns:.0f}")
    print(f"cpython-floor {floor_ns:.0f}")


if __name__ == "__main__":
    main()
