"""CPython's tempfile family as the oracle of the Go package's differential
tests of NamedTemporaryFile, TemporaryDirectory and SpooledTemporaryFile.

Reads a JSON request on stdin, {"kind": "named" | "rmtree" | "spooled", ...},
and prints what CPython did as JSON (see each function).
"""
import json
import os
import sys
import tempfile


def error(e):
    return {"errno": e.errno, "type": type(e).__name__, "message": str(e)}


def named(req):
    """For each case, a NamedTemporaryFile in req["dir"] with its delete and
    delete_on_close, "data" written, then each step ("close", or "exit" for
    leaving a with block): whether the file exists after it, and what it
    holds when opened again by name."""
    out = []
    for case in req["cases"]:
        f = tempfile.NamedTemporaryFile(dir=req["dir"], delete=case["delete"],
                                        delete_on_close=case["delete_on_close"])
        f.write(b"data")
        f.flush()
        name = f.name
        states = []
        for step in case["steps"]:
            if step == "close":
                f.close()
            else:
                f.__exit__(None, None, None)
            state = {"exists": os.path.lexists(name), "content": ""}
            if state["exists"]:
                with open(name, "rb") as g:
                    state["content"] = g.read().decode()
            states.append(state)
        out.append(states)
        if os.path.lexists(name):
            os.unlink(name)
    return out


def rmtree(req):
    """A TemporaryDirectory in req["base"] whose directory is swapped for
    the tree at req["tree"], then cleaned up: the error, if any, and whether
    the directory is still there."""
    td = tempfile.TemporaryDirectory(dir=req["base"])
    os.rmdir(td.name)
    os.rename(req["tree"], td.name)
    out = {"name": td.name, "error": None}
    try:
        td.cleanup()
    except OSError as e:
        out["error"] = error(e)
    out["exists"] = os.path.lexists(td.name)
    return out


def spooled(req):
    """For each of req["runs"], a SpooledTemporaryFile of its max_size in
    req["dir"], driven by its ops: after each, its result, the position and
    whether it has rolled over; then all it holds."""
    out = []
    for run in req["runs"]:
        f = tempfile.SpooledTemporaryFile(max_size=run["max_size"], dir=req["dir"])
        steps = []
        for op in run["ops"]:
            res = ""
            if op["op"] == "write":
                res = str(f.write(bytes.fromhex(op.get("data", ""))))
            elif op["op"] == "seek":
                res = str(f.seek(op["off"], op["whence"]))
            elif op["op"] == "truncate":
                f.truncate(op["off"])
            elif op["op"] == "read":
                res = f.read(op["n"]).hex()
            steps.append({"result": res, "tell": f.tell(), "rolled": f._rolled})
        f.seek(0)
        out.append({"steps": steps, "content": f.read().hex()})
        f.close()
    return out


def main():
    req = json.load(sys.stdin)
    out = {"version": list(sys.version_info[:3])}
    out["result"] = {"named": named, "rmtree": rmtree, "spooled": spooled}[req["kind"]](req)
    json.dump(out, sys.stdout)


main()
