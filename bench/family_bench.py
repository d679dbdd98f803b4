"""CPython's side of bench/run for the tempfile family.

Usage: python3 family_bench.py DIR N

Prints lines "KEY NS", nanoseconds per operation over N operations:
  cpython-temporaryfile   tempfile.TemporaryFile(dir=DIR), then close
  cpython-mkstemp+unlink  tempfile.mkstemp in DIR, unlink, close: its floor
  cpython-spooled         SpooledTemporaryFile(max_size=1 MiB): 64 KiB
                          written in 4 KiB pieces, read back, closed
  cpython-bytesio         io.BytesIO doing the same: its floor
"""

import io
import os
import sys
import tempfile
import time


def timed(n, op):
    start = time.perf_counter_ns()
    for _ in range(n):
        op()
    return (time.perf_counter_ns() - start) / n


def main():
    d, n = sys.argv[1], int(sys.argv[2])
    prefix, suffix = "tmp", ".dat"

    def temporaryfile():
        tempfile.TemporaryFile(suffix=suffix, prefix=prefix, dir=d).close()

    def mkstemp_unlink():
        fd, path = tempfile.mkstemp(suffix, prefix, d)
        os.unlink(path)
        os.close(fd)

    piece = bytes(4096)
    out = bytearray(4096)

    def write_read(f):
        for _ in range(16):
            f.write(piece)
        f.seek(0)
        while f.readinto(out):
            pass
        f.close()

    results = {
        "cpython-temporaryfile": timed(n, temporaryfile),
        "cpython-mkstemp+unlink": timed(n, mkstemp_unlink),
        "cpython-spooled": timed(n, lambda: write_read(tempfile.SpooledTemporaryFile(max_size=1 << 20))),
        "cpython-bytesio": timed(n, lambda: write_read(io.BytesIO())),
    }
    for key, ns in results.items():
        print(f"{key} {ns:.0f}")


if __name__ == "__main__":
    main()
