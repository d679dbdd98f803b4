// Package renameio_test times the package's atomic writes beside
// google/renameio v2's PendingFile, in a module of its own so that the
// package itself depends on nothing but golang.org/x/sys. bench/run runs
// it; the tests and CI do not.
package renameio_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/renameio/v2"
	"github.com/seed011b361c/mkstemp"
)

// data4K is the 4 KiB each write writes.
var data4K = func() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

// BenchmarkAtomicWrite replaces a 4 KiB file with WriteFile; with
// CreateAtomic, Write and Commit; and with renameio's NewPendingFile,
// Write and CloseAtomicallyReplace, which flushes the file but not the
// directory (so its rename may not survive a crash): as its doc shows it
// ("renameio", whose NewPendingFile tries a rename from os.TempDir() to
// the target's directory at every call), and told to make the file in the
// target's directory with the old file's mode, as WriteFile does
// ("renameio-same-dir"). On tmpfs (/dev/shm) and on a disk file system
// ($MKSTEMP_BENCH_DISK, by default /var/tmp).
func BenchmarkAtomicWrite(b *testing.B) {
	data := data4K
	impls := []struct {
		name string
		once func(target string) error
	}{
		{"WriteFile", func(target string) error {
			return mkstemp.WriteFile(target, data, 0o644)
		}},
		{"CreateAtomic", func(target string) error {
			f, err := mkstemp.CreateAtomic(target, 0o644)
			if err != nil {
				return err
			}
			defer f.Cleanup()
			if _, err := f.Write(data); err != nil {
				return err
			}
			return f.Commit()
		}},
		{"renameio", func(target string) error {
			return pending(target, renameio.WithPermissions(0o644))
		}},
		{"renameio-same-dir", func(target string) error {
			return pending(target, renameio.WithTempDir(filepath.Dir(target)), renameio.WithExistingPermissions())
		}},
	}
	disk := os.Getenv("MKSTEMP_BENCH_DISK")
	if disk == "" {
		disk = "/var/tmp"
	}
	for _, fs := range []struct{ name, parent string }{{"tmpfs", "/dev/shm"}, {"disk", disk}} {
		for _, impl := range impls {
			b.Run("fs="+fs.name+"/impl="+impl.name, func(b *testing.B) {
				dir, err := os.MkdirTemp(fs.parent, "bench")
				if err != nil {
					b.Fatal(err)
				}
				b.Cleanup(func() { os.RemoveAll(dir) })
				target := filepath.Join(dir, "config")
				if err := os.WriteFile(target, data, 0o644); err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if err := impl.once(target); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// pending is renameio's NewPendingFile with opts, Write, and
// CloseAtomicallyReplace.
func pending(target string, opts ...renameio.Option) error {
	f, err := renameio.NewPendingFile(target, opts...)
	if err != nil {
		return err
	}
	defer f.Cleanup()
	if _, err := f.Write(data4K); err != nil {
		return err
	}
	return f.CloseAtomicallyReplace()
}
