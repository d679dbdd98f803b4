"""CPython's and rm -rf's side of bench/rmtree_bench.sh: removing a tree.

Usage: python3 rmtree_bench.py DIR N

Makes, in DIR, N times each tree of BenchmarkCleanup ("wide": 100
directories of 100 files; "deep": a chain of 2,000 directories) and removes
it, timing only the removal, with CPython's
tempfile.TemporaryDirectory.cleanup and with rm -rf, a process started for
each. Prints "cpython-wide NS", "cpython-deep NS", "rm-wide NS",
"rm-deep NS": nanoseconds per removal; and "rm-start NS", the cost of
starting rm -rf on a name that does not exist, included in the rm rows.
"""

import os
import subprocess
import sys
import tempfile
import time


def wide(root):
    for i in range(100):
        d = os.path.join(root, f"dir{i}")
        os.mkdir(d, 0o700)
        fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for j in range(100):
                os.close(os.open(f"file{j}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600, dir_fd=fd))
        finally:
            os.close(fd)


def deep(root):
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(2000):
        os.mkdir("d", 0o700, dir_fd=fd)
        nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    os.close(fd)


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    rm = ["rm", "-rf", "--"]
    for name, make in (("wide", wide), ("deep", deep)):
        total = 0
        for _ in range(n):
            td = tempfile.TemporaryDirectory(dir=d)
            make(td.name)
            start = time.perf_counter_ns()
            td.cleanup()
            total += time.perf_counter_ns() - start
            if os.path.exists(td.name):
                sys.exit(f"TemporaryDirectory.cleanup left {td.name}")
        print(f"cpython-{name} {total / n:.0f}")
        total = 0
        for _ in range(n):
            root = tempfile.mkdtemp(dir=d)
            make(root)
            start = time.perf_counter_ns()
            subprocess.run(rm + [root], check=True)
            total += time.perf_counter_ns() - start
            if os.path.exists(root):
                sys.exit(f"rm -rf left {root}")
        print(f"rm-{name} {total / n:.0f}")
    missing = os.path.join(d, "missing")
    start = time.perf_counter_ns()
    for _ in range(n):
        subprocess.run(rm + [missing], check=True)
    print(f"rm-start {(time.perf_counter_ns() - start) / n:.0f}")


if __name__ == "__main__":
    main()
