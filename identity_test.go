package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestCleanupLeavesAnotherFile: a NamedFile's name moved away and another
// file put under it, Cleanup (after Close, as Python 3.12's
// delete_on_close=False is used) and Close with deleteOnClose (on Unix,
// where Close removes by name) leave the other file and return an error
// matching fs.ErrExist that names the path; the file made, moved away,
// is untouched too. Without a move, the name is removed.
func TestCleanupLeavesAnotherFile(t *testing.T) {
	dir := tempDir(t)
	for _, deleteOnClose := range []bool{false, true} {
		if deleteOnClose && runtime.GOOS == "windows" {
			continue // the system deletes the file itself on close, whatever its name
		}
		f := persistable(t, dir, "mine", true, deleteOnClose)
		name := f.Name()
		if !deleteOnClose {
			must(t, f.Close())
		}
		moved := filepath.Join(dir, "moved")
		must(t, os.Rename(name, moved))
		must(t, os.WriteFile(name, []byte("other"), 0o600))
		var err error
		if deleteOnClose {
			err = f.Close()
		} else {
			err = f.Cleanup()
		}
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != name {
			t.Errorf("deleteOnClose=%v: %v, want a PathError for %s matching fs.ErrExist", deleteOnClose, err, name)
		}
		if b, err := os.ReadFile(name); err != nil || string(b) != "other" {
			t.Errorf("deleteOnClose=%v: the other file at %s: %q, %v", deleteOnClose, name, b, err)
		}
		if b, err := os.ReadFile(moved); err != nil || string(b) != "mine" {
			t.Errorf("deleteOnClose=%v: the file made, moved to %s: %q, %v", deleteOnClose, moved, b, err)
		}
		must(t, os.Remove(name))
		must(t, os.Remove(moved))

		g := persistable(t, dir, "mine", true, deleteOnClose)
		must(t, g.Close())
		must(t, g.Cleanup())
		if exists(g.Name()) {
			t.Errorf("deleteOnClose=%v: %s is still there after Cleanup", deleteOnClose, g.Name())
		}
	}
}
