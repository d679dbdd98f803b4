//go:build linux && (amd64 || 386)

package mkstemp

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWriteFileUnderSeccompEPERM: under a seccomp filter that answers
// link and linkat with EPERM, as a container's profile may, as uid 65534,
// WriteFile and WriteFileFrom (a new file, then a replaced one), Persist
// and PersistNoClobber still do their work by name, and leave nothing
// else in the directory. The test checks first that the filter is in
// force.
func TestWriteFileUnderSeccompEPERM(t *testing.T) {
	if !underSyscallsRefused(t, unix.SYS_LINK, unix.SYS_LINKAT) {
		return
	}
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe")
	writeFile(t, probe, "")
	if err := os.Link(probe, probe+"2"); !errors.Is(err, unix.EPERM) {
		t.Fatalf("link under the filter: %v, want EPERM: the filter is not in force", err)
	}
	must(t, os.Remove(probe))
	target := filepath.Join(dir, "w")
	must(t, WriteFile(target, []byte("new"), 0o640))
	if fi, err := os.Stat(target); err != nil || fi.Mode() != 0o640&^currentUmask() {
		t.Errorf("%s: %v, %v; want mode %v", target, fi, err, 0o640&^currentUmask())
	}
	must(t, WriteFileFrom(target, strings.NewReader("again"), 0o600))
	p := filepath.Join(dir, "p")
	f := persistable(t, dir, "persisted", true, false)
	must(t, f.PersistNoClobber(p))
	must(t, f.Cleanup())
	g := persistable(t, dir, "replaced", true, false)
	must(t, g.Persist(p))
	must(t, g.Cleanup())
	if got := entries(t, dir); !slices.Equal(got, []string{"p", "w"}) {
		t.Errorf("%s holds %v, want [p w]", dir, got)
	}
	for path, want := range map[string]string{p: "replaced", target: "again"} {
		if b, err := os.ReadFile(path); err != nil || string(b) != want {
			t.Errorf("%s holds %q, %v; want %q", path, b, err, want)
		}
	}
}
