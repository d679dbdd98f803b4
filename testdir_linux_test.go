package mkstemp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestTestDirReportsEachPath: in a private mount namespace, a test whose
// TestDir holds two mount points, which no remover can remove (EBUSY),
// fails with one t.Errorf for each, naming it; the rest of the tree is
// removed.
func TestTestDirReportsEachPath(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	tb := &fakeTB{name: "TestBusy"}
	d := TestDir(tb)
	// Removed after the mounts are detached, also when the test fails.
	t.Cleanup(func() {
		if exists(d) {
			removeKept(t, d)
		}
	})
	m1, m2 := filepath.Join(d, "a", "m1"), filepath.Join(d, "b", "c", "m2")
	for _, m := range []string{m1, m2} {
		must(t, os.MkdirAll(m, 0o755))
		must(t, unix.Mount("tmpfs", m, "tmpfs", 0, "size=64k"))
		defer unix.Unmount(m, unix.MNT_DETACH)
	}
	writeFile(t, filepath.Join(d, "a", "f"), "x")
	tb.runCleanups()
	if len(tb.errors) != 2 || !tb.failed {
		t.Fatalf("Errorf calls: %q, want one for each of %s and %s", tb.errors, m1, m2)
	}
	for i, m := range []string{m1, m2} {
		if msg := tb.errors[i]; !strings.HasPrefix(msg, "TestDir: ") || !strings.Contains(msg, m+":") || !strings.Contains(msg, "busy") {
			t.Errorf("Errorf %d: %q, want TestDir: … %s: … busy", i, msg, m)
		}
	}
	if exists(filepath.Join(d, "a", "f")) {
		t.Errorf("%s/a/f was not removed", d)
	}
	for _, m := range []string{m1, m2} {
		must(t, unix.Unmount(m, 0))
	}
}
