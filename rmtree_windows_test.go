package mkstemp

import (
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
