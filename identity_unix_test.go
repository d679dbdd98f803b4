//go:build unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// everyUser runs check as root and as uid 65534, as asRootAndUnprivileged.
func everyUser(t *testing.T, check func(t *testing.T)) {
	t.Helper()
	asRootAndUnprivileged(t, check)
}

// TestPersistAfterTheNameWasRemoved: with the temporary name removed,
// Persist and PersistNoClobber fail with an error matching
// fs.ErrNotExist, not fs.ErrExist (nothing else has the name), the target
// is untouched and nothing is made. (Linux will not give a name to a file
// whose last one was removed: the link of the descriptor fails too.)
func TestPersistAfterTheNameWasRemoved(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	writeFile(t, target, "old")
	for _, noClobber := range []bool{false, true} {
		f := persistable(t, dir, "mine", true, false)
		must(t, os.Remove(f.Name()))
		persist := f.Persist
		if noClobber {
			persist = f.PersistNoClobber
		}
		err := persist(filepath.Join(dir, "new"))
		if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrExist) {
			t.Errorf("noClobber=%v: %v, want an error matching fs.ErrNotExist alone", noClobber, err)
		}
		if !noClobber {
			err = persist(target)
			if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrExist) {
				t.Errorf("onto a file: %v, want an error matching fs.ErrNotExist alone", err)
			}
		}
		must(t, f.Cleanup())
		if b, _ := os.ReadFile(target); string(b) != "old" {
			t.Errorf("noClobber=%v: the target holds %q", noClobber, b)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
			t.Errorf("noClobber=%v: %s holds %v", noClobber, dir, got)
		}
	}
}
