package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// diskDir makes a directory for the test on a disk file system: in
// /var/tmp, ext4 on the machines the tests run on, which gives a freed
// inode number to the next file made at once (tmpfs, where /tmp may be,
// does not).
func diskDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/var/tmp", "mkstemp-test-")
	if err != nil {
		missing(t, "needs /var/tmp, a disk file system: "+err.Error())
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return dir
}

// TestCleanupNameRemadeLeavesIt: 200 rounds each on a disk file system of
// a TempDir's directory, and a TestDir's at the end of its test, removed
// by someone else (os.RemoveAll) and another made at the name holding a
// file; and of a NamedFile (delete, not deleteOnClose) removed
// (os.Remove) after Close, before it, or while open, or replaced by
// another file (os.Rename) before Close and that removed after, and
// another written at its name (os.WriteFile). Every
// round, Cleanup leaves the other and returns an error matching
// fs.ErrExist (TestDir fails the test with it, once); a Cleanup once the
// name is free returns nil. They hold what they made, so the other cannot
// get its inode number: with the numbers alone, or the birth time, which
// comes in coarse clock steps, ext4 had Cleanup remove it in most rounds.
func TestCleanupNameRemadeLeavesIt(t *testing.T) {
	const rounds = 200
	dir := diskDir(t)
	// checker returns a check for a subtest: it fails t unless err
	// matches fs.ErrExist and the other's file at path holds "theirs", and
	// stops t after 5 failed rounds.
	checker := func(t *testing.T) func(round int, what string, err error, path string) {
		failed := 0
		return func(round int, what string, err error, path string) {
			t.Helper()
			b, rerr := os.ReadFile(path)
			if errors.Is(err, fs.ErrExist) && rerr == nil && string(b) == "theirs" {
				return
			}
			t.Errorf("round %d: %s returned %v; the other's file %s: %q, %v", round, what, err, path, b, rerr)
			if failed++; failed == 5 {
				t.FailNow()
			}
		}
	}
	t.Run("TempDir", func(t *testing.T) {
		check := checker(t)
		for round := range rounds {
			td, err := TemporaryDirectory("", "", dir, round%2 == 1)
			must(t, err)
			theirs := filepath.Join(td.Name(), "theirs")
			must(t, os.RemoveAll(td.Name()))
			must(t, os.Mkdir(td.Name(), 0o700))
			writeFile(t, theirs, "theirs")
			check(round, "Cleanup", td.Cleanup(), theirs)
			must(t, os.RemoveAll(td.Name()))
			must(t, td.Cleanup())
		}
	})
	t.Run("TestDir", func(t *testing.T) {
		check := checker(t)
		freshTempdir(t)
		SetTempdir(dir)
		for round := range rounds {
			tb := &fakeTB{name: "TestRemade"}
			d := TestDir(tb)
			theirs := filepath.Join(d, "theirs")
			must(t, os.RemoveAll(d))
			must(t, os.Mkdir(d, 0o700))
			writeFile(t, theirs, "theirs")
			tb.runCleanups()
			var err error
			if len(tb.errors) == 1 && strings.HasPrefix(tb.errors[0], "TestDir: cleanup "+d+": ") && strings.Contains(tb.errors[0], errNotMade.Error()) {
				err = errNotMade
			} else if len(tb.errors) > 0 {
				err = errors.New(strings.Join(tb.errors, "; "))
			}
			check(round, "TestDir's cleanup", err, theirs)
			must(t, os.RemoveAll(d))
		}
	})
	// The NamedFile is removed after Close, before it (the name then names
	// nothing to hold), or while still open at Cleanup; or another file is
	// renamed over it before Close, and removed after: Close must not hold
	// that file, whose number is not the one to keep.
	for _, order := range []string{"close remove", "remove close", "remove", "replace close remove"} {
		t.Run("NamedFile/"+order, func(t *testing.T) {
			check := checker(t)
			for round := range rounds {
				f, err := NamedTemporaryFile("", "", dir, true, false)
				must(t, err)
				for _, step := range strings.Fields(order) {
					switch step {
					case "close":
						must(t, f.Close())
					case "replace":
						other := filepath.Join(dir, "other")
						writeFile(t, other, "other")
						must(t, os.Rename(other, f.Name()))
					default:
						must(t, os.Remove(f.Name()))
					}
				}
				writeFile(t, f.Name(), "theirs")
				check(round, "Cleanup", f.Cleanup(), f.Name())
				must(t, os.Remove(f.Name()))
				must(t, f.Cleanup())
			}
		})
	}
}
