//go:build unix

package mkstemp

// The benchmarks create, close and remove one file (or directory) per
// operation, all in one directory: $MKSTEMP_BENCH_DIR when it is set (say a
// tmpfs such as /dev/shm, where the system call itself is cheapest and the
// package's own cost shows most), a fresh temporary directory otherwise;
// BenchmarkPersist and BenchmarkWriteFile run on tmpfs and on a disk each.
// Each compares implementations as sub-benchmarks named impl=..., so that
// benchstat puts them side by side:
//
//	go test -c -o /tmp/mkstemp.test .
//	for i in $(seq 10); do /tmp/mkstemp.test -test.run '^$' -test.bench .; done > bench.txt
//	benchstat -col /impl bench.txt
//
// (ten runs in turn rather than -count 10, since this machine's speed
// drifts). docs/performance.md has the results. Every create benchmark,
// the floor included, makes one allocation that is not the package's: the
// copy of the path that unix.Unlink makes to remove the file.

import (
	"os"
	"path/filepath"
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

// BenchmarkCreateIn times create + close + root.Remove in an *os.Root:
// MkstempIn, against what a careful user writes by hand today,
// root.OpenFile with O_CREATE|O_EXCL on names made in advance, outside the
// timed loop.
func BenchmarkCreateIn(b *testing.B) {
	impls := []struct {
		impl   string
		create func(b *testing.B, root *os.Root) func() (*os.File, string, error)
	}{
		{"root.OpenFile", func(b *testing.B, root *os.Root) func() (*os.File, string, error) {
			names := make([]string, b.N)
			for i := range names {
				name := randomName()
				names[i] = joinName("", benchPrefix, name[:], benchSuffix)
			}
			next := 0
			return func() (*os.File, string, error) {
				name := names[next]
				next++
				f, err := root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
				return f, name, err
			}
		}},
		{"mkstempin", func(b *testing.B, root *os.Root) func() (*os.File, string, error) {
			return func() (*os.File, string, error) {
				f, err := MkstempIn(root, benchSuffix, benchPrefix)
				if err != nil {
					return nil, "", err
				}
				return f, f.Name()[len(root.Name())+1:], nil
			}
		}},
	}
	for _, m := range impls {
		b.Run("impl="+m.impl, func(b *testing.B) {
			root, err := os.OpenRoot(benchDir(b))
			if err != nil {
				b.Fatal(err)
			}
			defer root.Close()
			create := m.create(b, root)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				f, name, err := create()
				if err != nil {
					b.Fatal(err)
				}
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
				if err := root.Remove(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPersist times NamedTemporaryFile + a write + making it lasting at
// one name + Close: Persist, against the same steps written by hand
// (Sync, os.Rename, then opening, syncing and closing the directory), on
// tmpfs (/dev/shm) and on a disk file system ($MKSTEMP_BENCH_DISK, by
// default /var/tmp), where the flushes reach the disk.
func BenchmarkPersist(b *testing.B) {
	impls := []struct {
		impl    string
		persist func(f *NamedFile, target string) error
	}{
		{"by-hand", func(f *NamedFile, target string) error {
			if err := f.File.Sync(); err != nil {
				return err
			}
			if err := os.Rename(f.Name(), target); err != nil {
				return err
			}
			d, err := os.Open(filepath.Dir(target))
			if err != nil {
				return err
			}
			if err := d.Sync(); err != nil {
				d.Close()
				return err
			}
			return d.Close()
		}},
		{"persist", func(f *NamedFile, target string) error { return f.Persist(target) }},
	}
	data := []byte("a small file made lasting\n")
	disk := os.Getenv("MKSTEMP_BENCH_DISK")
	if disk == "" {
		disk = "/var/tmp"
	}
	for _, fs := range []struct{ name, parent string }{{"tmpfs", "/dev/shm"}, {"disk", disk}} {
		for _, m := range impls {
			b.Run("fs="+fs.name+"/impl="+m.impl, func(b *testing.B) {
				dir, err := os.MkdirTemp(fs.parent, "bench")
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { os.RemoveAll(dir) })
				target := filepath.Join(dir, "target")
				b.ReportAllocs()
				for b.Loop() {
					f, err := NamedTemporaryFile(benchSuffix, benchPrefix, dir, false, false)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := f.Write(data); err != nil {
						b.Fatal(err)
					}
					if err := m.persist(f, target); err != nil {
						b.Fatal(err)
					}
					if err := f.Close(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
