package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCleanupSaysModeNotPutBack: as uid 65534, a directory G of mode 02500
// that it owns, whose group (0) is not one of its own, holds a directory of
// root's that it cannot empty, so G stays and gets its mode back; the
// system clears the setgid bit (it does for a group not the process's),
// and removeAll says so, with a *fs.PathError for G matching
// fs.ErrPermission, besides the error for what it could not remove.
func TestCleanupSaysModeNotPutBack(t *testing.T) {
	var g string
	dir, ok := inSharedDir(t, 0o755, func(dir string) {
		top := filepath.Join(dir, "top")
		g = filepath.Join(top, "G")
		mkdirs(t, top, g, filepath.Join(g, "R"))
		must(t, os.Chown(dir, nobody, nobody))
		writeFile(t, filepath.Join(g, "R", "x"), "root's")
		must(t, os.Chown(top, nobody, nobody))
		must(t, os.Chown(g, nobody, 0))
		must(t, os.Chmod(g, os.ModeSetgid|0o500))
	})
	if ok {
		top := filepath.Join(dir, "top")
		g := filepath.Join(top, "G")
		var modeErrs, others int
		for _, err := range removeAll(top) {
			var me *modeError
			var pe *fs.PathError
			switch {
			case errors.As(err, &me) && errors.As(err, &pe) && pe.Path == g && errors.Is(err, fs.ErrPermission) && me.want == 0o2500 && me.got == 0o500:
				modeErrs++
			case errors.Is(err, syscall.EACCES):
				others++
			default:
				t.Errorf("removeAll: unexpected error %v", err)
			}
		}
		if modeErrs != 1 || others == 0 {
			t.Errorf("removeAll said %d times that the mode of %s was not put back, want 1 (and %d other errors, want some)", modeErrs, g, others)
		}
		return
	}
	if fi, err := os.Stat(g); err != nil || fi.Mode().Perm() != 0o500 {
		t.Errorf("%s: %v, %v; want mode 0500 left", g, fi.Mode(), err)
	}
}

// TestCleanupSaysPermissionDenied: as uid 65534, a directory of root's of
// mode 0000 in its tree cannot be opened, nor opened up: removeAll says
// "openat …: permission denied" (EACCES, as GNU rm says), not the EPERM of
// the change of mode it could not make.
func TestCleanupSaysPermissionDenied(t *testing.T) {
	dir, ok := inSharedDir(t, 0o755, func(dir string) {
		top := filepath.Join(dir, "top")
		l := filepath.Join(top, "L")
		mkdirs(t, top, l)
		must(t, os.Chown(dir, nobody, nobody))
		writeFile(t, filepath.Join(l, "x"), "root's")
		must(t, os.Chown(top, nobody, nobody))
		must(t, os.Chmod(l, 0))
	})
	if ok {
		top := filepath.Join(dir, "top")
		errs := removeAll(top)
		var pe *fs.PathError
		if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Op != "openat" || pe.Path != filepath.Join(top, "L") || pe.Err != syscall.EACCES {
			t.Errorf("removeAll returned %v, want only openat %s: permission denied", errs, filepath.Join(top, "L"))
		}
	}
}

// TestCleanupLeavesDirMovedOutBeforeEntered: a directory of mode 0300 is
// moved out of the tree after Cleanup entered the top but before it
// entered the directory: Cleanup does not touch it, not even its mode (an
// inotify watch sees no change), and removes the rest. As uid 65534, to
// whom the mode applies, and as root.
func TestCleanupLeavesDirMovedOutBeforeEntered(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		base := t.TempDir()
		td, err := TemporaryDirectory("", "", base, false)
		must(t, err)
		makeWide(t, td.Name(), 3, "a", "b")
		a, away := filepath.Join(td.Name(), "a"), filepath.Join(base, "away")
		changed := attribWatch(t, []string{a})
		must(t, os.Chmod(a, 0o300))
		changed()
		onEntered(t, func(path string) {
			if path == td.Name() {
				must(t, os.Rename(a, away))
			}
		})
		if err := td.Cleanup(); err != nil || exists(td.Name()) {
			t.Errorf("Cleanup: %v; still there: %v", err, exists(td.Name()))
		}
		if got := changed(); got != nil {
			t.Errorf("Cleanup changed the mode of the directory moved out, %q", got)
		}
		must(t, os.Chmod(away, 0o700))
		if got := entries(t, away); len(got) != 3 {
			t.Errorf("the directory moved out holds %v, want its 3 files", got)
		}
	})
}
