"""CPython's tempfile as the oracle of the Go package's differential tests.

Reads a JSON request on stdin: {"calls": [{"func": "mkstemp" or "mkdtemp",
"suffix": ..., "prefix": ..., "dir": ...}, ...]}, where null is None. Prints
the candidate directories, gettempdir()'s result or error, and each call's
path or error as JSON. Whatever a call creates is removed at once.
"""
import json
import os
import sys
import tempfile


def error(e):
    return {"errno": e.errno, "type": type(e).__name__, "message": str(e)}


def main():
    req = json.load(sys.stdin)
    out = {"version": list(sys.version_info[:3]),
           "candidates": tempfile._candidate_tempdir_list(), "calls": []}
    try:
        out["gettempdir"] = tempfile.gettempdir()
    except OSError as e:
        out["gettempdir_error"] = error(e)
    for call in req["calls"]:
        args = {k: call[k] for k in ("suffix", "prefix", "dir")}
        try:
            if call["func"] == "mkstemp":
                fd, path = tempfile.mkstemp(**args)
                os.close(fd)
                os.unlink(path)
            else:
                path = tempfile.mkdtemp(**args)
                os.rmdir(path)
            out["calls"].append({"path": path})
        except OSError as e:
            out["calls"].append(error(e))
    json.dump(out, sys.stdout)


main()
