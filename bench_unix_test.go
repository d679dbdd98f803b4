//go:build unix

package mkstemp

// The benchmarks create, close and remove one file (or directory) per
// operation, all in one directory: $MKSTEMP_BENCH_DIR when it is set (say a
// tmpfs such as /dev/shm, where the system call itself is cheapest and the
// package's own cost shows most), a fresh temporary directory otherwise.
// Each compares implementations as sub-benchmarks named impl=..., so that
// benchstat puts them side by side:
//
//	go test -run '^$' -bench . -count 10 . > bench.txt
//	benchstat -col /impl bench.txt
//
// The README's Performance section has the results. Every create benchmark,
// the floor included, makes one allocation that is not the package's: the
// copy of the path that unix.Unlink makes to remove the file.

import (
	"os"
	"sync/atomic"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// benchDir returns the directory the benchmarks work in, empty.
func benchDir(b *testing.B) string {
	b.Helper()
	parent := os.Getenv("MKSTEMP_BENCH_DIR")
	if parent == "" {
		return b.TempDir()
	}
	dir, err := os.MkdirTemp(parent, "bench")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// The prefix and suffix of every benchmark.
const benchPrefix, benchSuffix = "tmp", ".dat"

// creator returns the way to create a file that impl names; it returns a
// descriptor and the path, which the benchmark closes and removes with the
// same two system calls for every impl. The floor is the system call
// alone: open with the package's flags on names made in advance, outside
// the timed loop.
func creator(b *testing.B, impl, dir string) func() (int, string, error) {
	switch impl {
	case "floor":
		names := make([]string, b.N)
		for i := range names {
			name := randomName()
			names[i] = joinName(dir, benchPrefix, name[:], benchSuffix)
		}
		var next atomic.Int64
		return func() (int, string, error) {
			path := names[next.Add(1)-1]
			fd, err := unix.Open(path, unix.O_RDWR|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
			return fd, path, err
		}
	case "mkstemp":
		return func() (int, string, error) { return Mkstemp(benchSuffix, benchPrefix, dir, false) }
	case "mkstemp-default-dir":
		// dir comes from the cache that Gettempdir fills, as it does for
		// every call with dir "".
		SetTempdir(dir)
		b.Cleanup(func() { SetTempdir("") })
		return func() (int, string, error) { return Mkstemp(benchSuffix, benchPrefix, "", false) }
	case "os.CreateTemp":
		return func() (int, string, error) {
			f, err := os.CreateTemp(dir, benchPrefix+"*"+benchSuffix)
			if err != nil {
				return -1, "", err
			}
			// Its descriptor is closed by f.Close, not by the benchmark.
			return -1, f.Name(), f.Close()
		}
	}
	b.Fatalf("no impl %q", impl)
	return nil
}

// benchCreate times create + close + unlink.
func benchCreate(b *testing.B, parallel bool, impl string) {
	create := creator(b, impl, benchDir(b))
	once := func() {
		fd, path, err := create()
		if err != nil {
			b.Fatal(err)
		}
		if fd >= 0 {
			if err := unix.Close(fd); err != nil {
				b.Fatal(err)
			}
		}
		if err := unix.Unlink(path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	if parallel {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				once()
			}
		})
		return
	}
	for range b.N {
		once()
	}
}

var createImpls = []string{"floor", "mkstemp", "mkstemp-default-dir", "os.CreateTemp"}

func BenchmarkCreate(b *testing.B) {
	for _, impl := range createImpls {
		b.Run("impl="+impl, func(b *testing.B) { benchCreate(b, false, impl) })
	}
}

func BenchmarkCreateParallel(b *testing.B) {
	for _, impl := range createImpls {
		b.Run("impl="+impl, func(b *testing.B) { benchCreate(b, true, impl) })
	}
}

// BenchmarkMkdir times create + rmdir of a directory.
func BenchmarkMkdir(b *testing.B) {
	impls := []struct {
		impl  string
		mkdir func(dir string) (string, error)
	}{
		{"mkdtemp", func(dir string) (string, error) { return Mkdtemp(benchSuffix, benchPrefix, dir) }},
		{"os.MkdirTemp", func(dir string) (string, error) { return os.MkdirTemp(dir, benchPrefix+"*"+benchSuffix) }},
	}
	for _, m := range impls {
		b.Run("impl="+m.impl, func(b *testing.B) {
			dir := benchDir(b)
			b.ReportAllocs()
			for b.Loop() {
				path, err := m.mkdir(dir)
				if err != nil {
					b.Fatal(err)
				}
				if err := syscall.Rmdir(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkRandomName(b *testing.B) {
	var name [nameLen]byte
	b.ReportAllocs()
	for b.Loop() {
		name = randomName()
	}
	if !nameShape.Match(name[:]) {
		b.Fatalf("name %q", name)
	}
}

func BenchmarkGettempdirCached(b *testing.B) {
	if _, err := Gettempdir(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Gettempdir(); err != nil {
			b.Fatal(err)
		}
	}
}
