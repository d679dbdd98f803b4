package mkstemp

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// everyUser runs check once: Windows tests run as one user.
func everyUser(t *testing.T, check func(t *testing.T)) {
	t.Helper()
	check(t)
}

// renamesOpenFile reports whether this system renames an open file
// through its handle, even after the file's name was moved: Windows does;
// Wine opens the name the handle was opened with again, and renameHandle
// refuses then.
func renamesOpenFile(t *testing.T, dir string) bool {
	t.Helper()
	f := persistable(t, dir, "probe", true, false)
	defer f.Cleanup()
	moved := filepath.Join(dir, "probe-moved")
	must(t, os.Rename(f.Name(), moved))
	defer os.Remove(moved)
	err := renameHandle(windows.Handle(f.Fd()), filepath.Join(dir, "probe-renamed"), true)
	os.Remove(filepath.Join(dir, "probe-renamed"))
	t.Logf("renaming a moved open file through its handle: %v", err)
	return err == nil
}
