//go:build unix

package mkstemp

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkWriteFile times WriteFile, and CreateAtomic, Write and Commit,
// replacing a 4 KiB file, against the same durable steps written by hand
// with os.CreateTemp (write, fsync, chmod, close, rename, fsync of the
// directory), on tmpfs (/dev/shm) and on a disk file system
// ($MKSTEMP_BENCH_DISK, by default /var/tmp).
func BenchmarkWriteFile(b *testing.B) {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i)
	}
	impls := []struct {
		name string
		once func(target string) error
	}{
		{"WriteFile", func(target string) error {
			return WriteFile(target, data, 0o644)
		}},
		{"CreateAtomic", func(target string) error {
			f, err := CreateAtomic(target, 0o644)
			if err != nil {
				return err
			}
			defer f.Cleanup()
			if _, err := f.Write(data); err != nil {
				return err
			}
			return f.Commit()
		}},
		{"by-hand", func(target string) error {
			dir := filepath.Dir(target)
			f, err := os.CreateTemp(dir, "tmp*")
			if err != nil {
				return err
			}
			if _, err := f.Write(data); err != nil {
				f.Close()
				os.Remove(f.Name())
				return err
			}
			if err := f.Sync(); err != nil {
				f.Close()
				os.Remove(f.Name())
				return err
			}
			if err := f.Chmod(0o644); err != nil {
				f.Close()
				os.Remove(f.Name())
				return err
			}
			if err := f.Close(); err != nil {
				os.Remove(f.Name())
				return err
			}
			if err := os.Rename(f.Name(), target); err != nil {
				os.Remove(f.Name())
				return err
			}
			d, err := os.Open(dir)
			if err != nil {
				return err
			}
			defer d.Close()
			return d.Sync()
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
