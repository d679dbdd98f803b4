//go:build unix

package mkstemp

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestPersistDirectoryFlushFails: where flushing a directory fails after
// the rename, Persist and PersistNoClobber return an *os.LinkError naming
// both paths, whose message says "flushing directory" and names the one
// that failed, and which matches the flush's errno; the file is already at
// the target, as the doc says: Name returns it, the temporary name is
// gone, and Close and Cleanup leave the file. The target's directory is
// flushed first; the temporary name's, when it is another directory and
// the name was removed by an unlink of its own (always on Linux), second.
func TestPersistDirectoryFlushFails(t *testing.T) {
	real := syncDir
	t.Cleanup(func() { syncDir = real })
	for _, noClobber := range []bool{false, true} {
		for _, c := range []struct {
			name                 string
			twoDirs, failTempDir bool
		}{
			{"one directory", false, false},
			{"the target's directory", true, false},
			{"the temporary name's directory", true, true},
		} {
			tempParent := tempDir(t)
			targetDir := tempParent
			if c.twoDirs {
				targetDir = tempDir(t)
			}
			failing := targetDir
			if c.failTempDir {
				failing = tempParent
				if runtime.GOOS != "linux" && !noClobber {
					continue // a rename by name: only the target's directory changes
				}
			}
			var flushed []string
			syncDir = func(dir string) error {
				flushed = append(flushed, dir)
				if dir == failing {
					return syscall.EIO
				}
				return real(dir)
			}
			f := persistable(t, tempParent, "data", true, false)
			temp := f.Name()
			target := filepath.Join(targetDir, "target")
			persist, op := f.Persist, "persist"
			if noClobber {
				persist, op = f.PersistNoClobber, "persistnoclobber"
			}
			err := persist(target)
			var le *os.LinkError
			if !errors.As(err, &le) || le.Op != op || le.Old != temp || le.New != target {
				t.Errorf("noClobber=%v, failing %s: %v, want an *os.LinkError %q from %s to %s", noClobber, c.name, err, op, temp, target)
			}
			if !errors.Is(err, syscall.EIO) {
				t.Errorf("noClobber=%v, failing %s: %v does not match EIO", noClobber, c.name, err)
			}
			if want := "flushing directory " + failing + " failed after the file took its new name: "; err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("noClobber=%v, failing %s: %q does not say %q", noClobber, c.name, err, want)
			}
			want := []string{targetDir}
			if c.failTempDir {
				want = append(want, tempParent)
			}
			if !slices.Equal(flushed, want) {
				t.Errorf("noClobber=%v, failing %s: flushed %q, want %q", noClobber, c.name, flushed, want)
			}
			if f.Name() != target || exists(temp) {
				t.Errorf("noClobber=%v, failing %s: Name() = %q, temporary name there: %v; want %q, gone", noClobber, c.name, f.Name(), exists(temp), target)
			}
			must(t, f.Close())
			must(t, f.Cleanup())
			if b, err := os.ReadFile(target); err != nil || string(b) != "data" {
				t.Errorf("noClobber=%v, failing %s: after Close and Cleanup %s holds %q (%v), want \"data\"", noClobber, c.name, target, b, err)
			}
		}
	}
}
