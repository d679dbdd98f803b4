package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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
		if err := f.Cleanup(); err != nil {
			t.Errorf("deleteOnClose=%v: Cleanup with nothing at the name: %v", deleteOnClose, err)
		}

		g := persistable(t, dir, "mine", true, deleteOnClose)
		must(t, g.Close())
		must(t, g.Cleanup())
		if exists(g.Name()) {
			t.Errorf("deleteOnClose=%v: %s is still there after Cleanup", deleteOnClose, g.Name())
		}
	}
}

// TestPersistGivesTheNameToTheOpenFile: the temporary name moved away and
// another file put under it, Persist and PersistNoClobber give the target's
// name to the open file, not to the other: the target holds the file's own
// bytes, and the other file keeps the temporary name, untouched. On Unix as
// root and as uid 65534; on Windows through the handle, and where the
// system cannot rename an open file (Wine, checked apart; Unix systems
// other than Linux), an error matching fs.ErrExist with nothing changed.
func TestPersistGivesTheNameToTheOpenFile(t *testing.T) {
	everyUser(t, func(t *testing.T) {
		dir := tempDir(t)
		for _, noClobber := range []bool{false, true} {
			target := filepath.Join(dir, "target")
			if !noClobber {
				writeFile(t, target, "old")
			}
			f := persistable(t, dir, "mine", true, false)
			temp := f.Name()
			moved := filepath.Join(dir, "moved")
			must(t, os.Rename(temp, moved))
			must(t, os.WriteFile(temp, []byte("other"), 0o600))
			persist := f.Persist
			if noClobber {
				persist = f.PersistNoClobber
			}
			err := persist(target)
			if errors.Is(err, fs.ErrExist) && !renamesOpenFile(t, dir) {
				// Where the system cannot rename an open file (Wine, other
				// systems than Linux and Windows), the name is refused to
				// the other file, and nothing changes.
				wantTarget := "old"
				if noClobber {
					wantTarget = ""
				}
				if b, _ := os.ReadFile(target); string(b) != wantTarget {
					t.Errorf("noClobber=%v: after a refusal the target holds %q", noClobber, b)
				}
				f.Cleanup()
				must(t, os.Remove(temp))
				must(t, os.Remove(moved))
				os.Remove(target)
				continue
			}
			if err != nil {
				t.Fatalf("noClobber=%v: %v", noClobber, err)
			}
			must(t, f.Cleanup())
			for path, want := range map[string]string{target: "mine", temp: "other", moved: "mine"} {
				if b, err := os.ReadFile(path); err != nil || string(b) != want {
					t.Errorf("noClobber=%v: %s holds %q, %v; want %q", noClobber, path, b, err, want)
				}
			}
			want := []string{"moved", filepath.Base(temp), "target"}
			slices.Sort(want)
			if got := entries(t, dir); !slices.Equal(got, want) {
				t.Errorf("noClobber=%v: %s holds %v, want %v", noClobber, dir, got, want)
			}
			for _, p := range []string{target, temp, moved} {
				must(t, os.Remove(p))
			}
		}
	})
}

// TestCleanupLeavesFileRenamedOntoTheName: another file renamed onto the
// name of a NamedFile (delete, not deleteOnClose), closed or still open,
// replaces it there: Cleanup leaves the other file and returns a
// *fs.PathError for the name matching fs.ErrExist; once nothing has the
// name, a Cleanup returns nil. The name is the same, the file is not.
func TestCleanupLeavesFileRenamedOntoTheName(t *testing.T) {
	dir := tempDir(t)
	for _, closed := range []bool{true, false} {
		if !closed && runtime.GOOS == "windows" {
			continue // Windows replaces no file that is open
		}
		f := persistable(t, dir, "mine", true, false)
		if closed {
			must(t, f.Close())
		}
		other := filepath.Join(dir, "other")
		writeFile(t, other, "theirs")
		must(t, os.Rename(other, f.Name()))
		err := f.Cleanup()
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != f.Name() {
			t.Errorf("closed=%v: Cleanup returned %v, want a *fs.PathError for %s matching fs.ErrExist", closed, err, f.Name())
		}
		if b, err := os.ReadFile(f.Name()); err != nil || string(b) != "theirs" {
			t.Errorf("closed=%v: the file renamed onto the name: %q, %v", closed, b, err)
		}
		must(t, os.Remove(f.Name()))
		if err := f.Cleanup(); err != nil {
			t.Errorf("closed=%v: Cleanup with nothing at the name: %v", closed, err)
		}
	}
}
