#!/usr/bin/env bash
# Side-by-side cost of removing a tree: TempDir.Cleanup, Go's os.RemoveAll,
# CPython 3.13's tempfile.TemporaryDirectory.cleanup and rm -rf, on the
# trees of BenchmarkCleanup: "wide", 100 directories of 100 files, and
# "deep", a chain of 2,000 directories. Only the removal is timed; each
# tree is made afresh, the same way, for each removal.
#
#   bash bench/rmtree_bench.sh [DIR]     DIR defaults to /dev/shm (tmpfs)
#
# N (default 5) removals per measurement, ROUNDS (default 5) rounds, each
# running the Go benchmark for each implementation in turn and then the
# CPython and rm -rf script; the table shows the median of the rounds.
# The rm -rf rows include starting a process, shown on its own row.
set -euo pipefail
cd "$(dirname "$0")/.."

parent=${1:-/dev/shm}
n=${N:-5}
rounds=${ROUNDS:-5}
python=(env PYENV_VERSION=3.13.0 python3)
"${python[@]}" -c 'import sys; sys.exit(sys.version_info < (3, 13))' ||
	{ echo "CPython 3.13 is needed as PYENV_VERSION=3.13.0 python3" >&2; exit 1; }

work=$(mktemp -d)
dir=$(mktemp -d "$parent/rmtree-bench.XXXXXX")
trap 'rm -rf "$work" "$dir"' EXIT
go test -c -o "$work/go.test" .

for ((r = 1; r <= rounds; r++)); do
	echo "rmtree round $r of $rounds" >&2
	for impl in Cleanup os.RemoveAll; do
		MKSTEMP_BENCH_DIR=$dir "$work/go.test" -test.run '^$' \
			-test.bench "^BenchmarkCleanup\$/^tree=(wide|deep)\$/^impl=$impl\$" -test.benchtime "${n}x" |
			awk '/^BenchmarkCleanup\// {
				split($1, a, "/"); sub(/^tree=/, "", a[2]); sub(/^impl=/, "", a[3]); sub(/-[0-9]+$/, "", a[3])
				print "go-" a[3] "-" a[2], $3 }'
	done
	"${python[@]}" bench/rmtree_bench.py "$dir" "$n"
done >"$work/results"

echo
echo "$(uname -sr), $(nproc) CPUs, $(go version | cut -d' ' -f3), $("${python[@]}" --version), $(rm --version | head -1)"
echo "directory: $dir ($(stat -f -c %T "$dir")), $n removals x $rounds rounds, median of rounds"
echo
/usr/bin/python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    key, ns = line.split()
    runs.setdefault(key, []).append(float(ns))
med = {k: statistics.median(v) for k, v in runs.items()}
rows = [
    ("this package, TempDir.Cleanup", "go-Cleanup"),
    ("Go, os.RemoveAll", "go-os.RemoveAll"),
    ("CPython 3.13, TemporaryDirectory.cleanup", "cpython"),
    ("rm -rf (a process each)", "rm"),
]
print("| remove a tree | wide (100 x 100 files), ms | x os.RemoveAll | deep (2,000 levels), ms | x os.RemoveAll |")
print("|---|---:|---:|---:|---:|")
for name, key in rows:
    w, d = med[key + "-wide"], med[key + "-deep"]
    print(f"| {name} | {w / 1e6:.2f} | {w / med['go-os.RemoveAll-wide']:.2f} | {d / 1e6:.2f} | {d / med['go-os.RemoveAll-deep']:.2f} |")
print(f"| (starting rm -rf alone) | {med['rm-start'] / 1e6:.2f} | | {med['rm-start'] / 1e6:.2f} | |")
PY
