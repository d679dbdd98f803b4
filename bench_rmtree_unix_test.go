//go:build unix

package mkstemp

// BenchmarkCleanup removes a tree made afresh, outside the timing, for
// each operation: "wide", 100 directories of 100 files each, "deep", a
// chain of 2,000 directories, and "small", 4 directories of 4 files, a
// test's temporary directory; impl=Cleanup is the remover of
// TempDir.Cleanup, impl=os.RemoveAll the floor it is measured against.
// Like the other benchmarks it works in $MKSTEMP_BENCH_DIR if set (say
// /dev/shm, where the file system's own cost is least). Interleave the
// two, since the machine drifts:
//
//	go test -c -o mkstemp.test .
//	for i in $(seq 10); do for impl in Cleanup os.RemoveAll; do
//		MKSTEMP_BENCH_DIR=/dev/shm ./mkstemp.test -test.run '^$' \
//			-test.bench "BenchmarkCleanup/tree=.*/impl=$impl\$" -test.count 1
//	done; done > cleanup.txt
//	benchstat -col /impl cleanup.txt

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

func BenchmarkCleanup(b *testing.B) {
	trees := []struct {
		name string
		make func(b *testing.B, root string)
	}{
		{"wide", func(b *testing.B, root string) { buildWide(b, root, 100, 100) }},
		{"deep", func(b *testing.B, root string) { buildChain(b, root, 2000) }},
		{"small", func(b *testing.B, root string) { buildWide(b, root, 4, 4) }},
	}
	impls := []struct {
		name   string
		remove func(path string) error
	}{
		{"Cleanup", func(path string) error { return errors.Join(removeAll(path)...) }},
		{"os.RemoveAll", os.RemoveAll},
	}
	for _, tree := range trees {
		for _, impl := range impls {
			b.Run("tree="+tree.name+"/impl="+impl.name, func(b *testing.B) {
				dir := benchDir(b)
				var cpu int64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					path := filepath.Join(dir, "tree"+strconv.Itoa(i))
					if err := os.Mkdir(path, 0o700); err != nil {
						b.Fatal(err)
					}
					tree.make(b, path)
					b.StartTimer()
					start := cpuTime(b)
					if err := impl.remove(path); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime(b) - start
				}
				b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}

// cpuTime returns the CPU time, user and system, this process has taken,
// in nanoseconds.
func cpuTime(b *testing.B) int64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return unix.TimevalToNsec(ru.Utime) + unix.TimevalToNsec(ru.Stime)
}

// buildWide makes dirs directories in root, each holding files files.
func buildWide(b *testing.B, root string, dirs, files int) {
	for i := range dirs {
		d := filepath.Join(root, "dir"+strconv.Itoa(i))
		if err := os.Mkdir(d, 0o700); err != nil {
			b.Fatal(err)
		}
		fd, err := unix.Open(d, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		for j := range files {
			f, err := unix.Openat(fd, "file"+strconv.Itoa(j), unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
			if err != nil {
				b.Fatal(err)
			}
			unix.Close(f)
		}
		unix.Close(fd)
	}
}

// buildChain makes a chain of depth directories named d under root.
func buildChain(b *testing.B, root string, depth int) {
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		b.Fatal(err)
	}
	for range depth {
		if err := unix.Mkdirat(fd, "d", 0o700); err != nil {
			b.Fatal(err)
		}
		next, err := unix.Openat(fd, "d", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			b.Fatal(err)
		}
		unix.Close(fd)
		fd = next
	}
	unix.Close(fd)
}
