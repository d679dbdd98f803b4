package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestCleanupLeavesLockedDirAtItsName: the directory TemporaryDirectory
// made is moved away, and a directory of mode 0000 takes its name. As uid
// 65534, to whom its mode applies, Cleanup refuses it before opening it
// up: an inotify watch sees its mode never changed, not even for a
// moment; as root, who needs no change, the same.
func TestCleanupLeavesLockedDirAtItsName(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		base := t.TempDir()
		td, err := TemporaryDirectory("", "", base, false)
		must(t, err)
		away := filepath.Join(base, "away")
		must(t, os.Rename(td.Name(), away))
		mkdirs(t, td.Name())
		writeFile(t, filepath.Join(td.Name(), "theirs"), "keep")
		changed := attribWatch(t, []string{td.Name()})
		must(t, os.Chmod(td.Name(), 0))
		t.Cleanup(func() { os.Chmod(td.Name(), 0o700) })
		changed()
		err = td.Cleanup()
		if !errors.Is(err, errNotMade) {
			t.Errorf("Cleanup returned %v, want errNotMade", err)
		}
		if got := changed(); got != nil {
			t.Errorf("Cleanup changed the mode of %q", got)
		}
		must(t, os.Chmod(td.Name(), 0o700))
		if got := entries(t, td.Name()); !slices.Equal(got, []string{"theirs"}) {
			t.Errorf("%s holds %v, want [theirs]", td.Name(), got)
		}
		cleanupAgain(t, td)
	})
}

// TestCleanupTopReplacedWhileRemoved: while Cleanup is in the directory
// TemporaryDirectory made, it is moved away and an empty directory takes
// its name. Cleanup empties the directory it holds open, where it went (as
// the doc says), but leaves it there, leaves the empty directory at the
// name, and says so with errNotMade.
func TestCleanupTopReplacedWhileRemoved(t *testing.T) {
	base := t.TempDir()
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeWide(t, td.Name(), 3, "a", "b")
	away := filepath.Join(base, "away")
	moved := moveWhenEntered(t, td.Name(), away, putDir)
	err = td.Cleanup()
	if !moved.Load() {
		t.Fatal("the hook did not move the top")
	}
	if !errors.Is(err, errNotMade) {
		t.Errorf("Cleanup returned %v, want errNotMade", err)
	}
	if !exists(td.Name()) {
		t.Errorf("the directory that took the name %s was removed", td.Name())
	}
	if got := entries(t, away); len(got) != 0 {
		t.Errorf("the directory moved away holds %v, want it emptied", got)
	}
	cleanupAgain(t, td)
}

// TestCleanupPutsModeBackOfTopMovedAway: the directory TemporaryDirectory
// made, which its owner locked (mode 0300), is moved away while Cleanup is
// in it, and an empty directory takes its name, or nothing does: the
// directory where it went is emptied and gets its mode back; Cleanup
// returns errNotMade for the one, nil for the other. As uid 65534, to
// whom the mode applies, and as root.
func TestCleanupPutsModeBackOfTopMovedAway(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		for _, taken := range []bool{true, false} {
			base := t.TempDir()
			td, err := TemporaryDirectory("", "", base, false)
			must(t, err)
			makeWide(t, td.Name(), 3, "a", "b")
			must(t, os.Chmod(td.Name(), 0o300))
			away := filepath.Join(base, "away")
			put := putDir
			if !taken {
				put = nil
			}
			moved := moveWhenEntered(t, td.Name(), away, put)
			err = td.Cleanup()
			if !moved.Load() {
				t.Fatal("the hook did not move the top")
			}
			if taken != errors.Is(err, errNotMade) || taken && len(splitErrors(err)) != 1 {
				t.Errorf("another directory at the name: %v; Cleanup returned %v", taken, err)
			}
			if fi, err := os.Lstat(away); err != nil || fi.Mode() != fs.ModeDir|0o300 {
				t.Errorf("another directory at the name: %v; the directory moved away: %v, %v; want d-wx------", taken, fi.Mode(), err)
			}
			must(t, os.Chmod(away, 0o700))
			if got := entries(t, away); len(got) != 0 {
				t.Errorf("another directory at the name: %v; the directory moved away holds %v, want it emptied", taken, got)
			}
			cleanupAgain(t, td)
		}
	})
}
