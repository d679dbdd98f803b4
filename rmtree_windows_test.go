package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestWindowsCleanupHoldsTheTop: from the moment Cleanup has checked what
// the directory at its name is to its removal, the handle it holds lets
// no one rename the directory: a rename meanwhile fails, and succeeds once
// the handle is closed.
func TestWindowsCleanupHoldsTheTop(t *testing.T) {
	base := tempDir(t)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	top, err := openTop(td.Name(), td.id)
	must(t, err)
	away := filepath.Join(base, "away")
	if err := os.Rename(td.Name(), away); err == nil {
		t.Errorf("the directory was renamed while Cleanup held it")
		os.Rename(away, td.Name())
	}
	must(t, top.close())
	must(t, os.Rename(td.Name(), away))
	if top, err := openTop(away, td.id); err != nil {
		t.Errorf("openTop of the directory moved: %v", err)
	} else {
		top.close()
	}
	if err := td.Cleanup(); err != nil || !exists(away) {
		t.Errorf("Cleanup of a name that is no longer the directory: %v; the directory still there: %v", err, exists(away))
	}
}

// TestWindowsCleanupWithCurrentDirectoryInside: the process's current
// directory is the directory TemporaryDirectory made, which Windows holds
// open without sharing deletion, so that the directory cannot be removed:
// Cleanup still removes all it holds, holding it so that no one renames it
// meanwhile, and says that the directory itself was refused; once the
// current directory is elsewhere, Cleanup removes it.
func TestWindowsCleanupWithCurrentDirectoryInside(t *testing.T) {
	base := tempDir(t)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	mkdirs(t, filepath.Join(td.Name(), "sub"))
	writeFile(t, filepath.Join(td.Name(), "f"), "x")
	writeFile(t, filepath.Join(td.Name(), "sub", "g"), "x")
	t.Chdir(td.Name())
	top, err := openTop(td.Name(), td.id)
	must(t, err)
	if err := os.Rename(td.Name(), filepath.Join(base, "away")); err == nil {
		t.Errorf("the directory was renamed while Cleanup held it")
	}
	must(t, top.close())
	errs := splitErrors(td.Cleanup())
	var pe *fs.PathError
	if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Path != td.Name() {
		t.Errorf("Cleanup with the current directory in it returned %v, want one error for %s", errs, td.Name())
	}
	if got := entries(t, td.Name()); len(got) != 0 {
		t.Errorf("%s holds %v, want it emptied", td.Name(), got)
	}
	must(t, os.Chdir(base))
	if err := td.Cleanup(); err != nil || exists(td.Name()) {
		t.Errorf("Cleanup with the current directory elsewhere: %v; still there: %v", err, exists(td.Name()))
	}
}
