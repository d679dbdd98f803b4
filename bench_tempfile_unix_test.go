//go:build unix

package mkstemp

import (
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// BenchmarkTemporaryFile times a file with no name, created and closed,
// against its floors: Mkstemp followed by the unlink that takes its name
// away (what TemporaryFile does where there is no O_TMPFILE, and the
// cheapest way to the same result by hand), and os.CreateTemp followed by
// os.Remove, the usual Go idiom. Each leaves nothing behind.
func BenchmarkTemporaryFile(b *testing.B) {
	impls := []struct {
		name string
		once func(dir string) error
	}{
		{"TemporaryFile", func(dir string) error {
			f, err := TemporaryFile(benchSuffix, benchPrefix, dir)
			if err != nil {
				return err
			}
			return f.Close()
		}},
		{"Mkstemp+unlink", func(dir string) error {
			fd, path, err := Mkstemp(benchSuffix, benchPrefix, dir, false)
			if err != nil {
				return err
			}
			if err := unix.Unlink(path); err != nil {
				return err
			}
			return unix.Close(fd)
		}},
		{"os.CreateTemp+os.Remove", func(dir string) error {
			f, err := os.CreateTemp(dir, benchPrefix+"*"+benchSuffix)
			if err != nil {
				return err
			}
			if err := os.Remove(f.Name()); err != nil {
				return err
			}
			return f.Close()
		}},
	}
	for _, impl := range impls {
		b.Run("impl="+impl.name, func(b *testing.B) {
			dir := benchDir(b)
			b.ReportAllocs()
			for b.Loop() {
				if err := impl.once(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
