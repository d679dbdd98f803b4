//go:build unix

package mkstemp

import (
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// TestFamilyModesAndCloseOnExec: TemporaryFile and NamedTemporaryFile give
// a file of mode 0600 whose descriptor has FD_CLOEXEC, TemporaryDirectory
// a directory of mode 0700, under umask 022.
func TestFamilyModesAndCloseOnExec(t *testing.T) {
	old := unix.Umask(0o22)
	defer unix.Umask(old)
	dir := t.TempDir()
	tf, err := TemporaryFile("", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer tf.Close()
	nf, err := NamedTemporaryFile("", "", dir, true, true)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	for name, f := range map[string]*os.File{"TemporaryFile": tf, "NamedTemporaryFile": nf.File} {
		fi, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != 0o600 {
			t.Errorf("%s: mode %v, want -rw-------", name, fi.Mode())
		}
		if flags, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0); err != nil || flags&unix.FD_CLOEXEC == 0 {
			t.Errorf("%s: descriptor flags %#x, %v; want FD_CLOEXEC", name, flags, err)
		}
	}
	td, err := TemporaryDirectory("", "", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer td.Cleanup()
	if fi, err := os.Lstat(td.Name()); err != nil || fi.Mode() != fs.ModeDir|0o700 {
		t.Errorf("TemporaryDirectory: %v, %v; want drwx------", fi.Mode(), err)
	}
}

// hostileTree is a tree for Cleanup to remove, and what outside it must
// stay as it was.
type hostileTree struct {
	root    string            // the tree
	outside string            // a directory outside it
	before  map[string]string // outside's entries: mode and content
}

// makeHostileTree fills root with what CVE-2023-6597 and its kin abuse,
// pointing at a fresh directory outside: symbolic links to a file and to a
// directory outside, a hard link to an outside file of mode 0400 inside a
// directory of mode 0500, directories of modes 0000, 0500 and 0300 nested
// three deep with files in them, read-only files, a FIFO and a socket.
func makeHostileTree(t *testing.T, root, outside string) *hostileTree {
	t.Helper()
	mkdirs(t, filepath.Join(outside, "dir"))
	writeFile(t, filepath.Join(outside, "file"), "outside file")
	writeFile(t, filepath.Join(outside, "dir", "inner"), "outside inner")
	victim := filepath.Join(outside, "victim")
	writeFile(t, victim, "hard-linked")
	must(t, os.Chmod(victim, 0o400))

	must(t, os.Symlink(filepath.Join(outside, "file"), filepath.Join(root, "link-to-file")))
	must(t, os.Symlink(filepath.Join(outside, "dir"), filepath.Join(root, "link-to-dir")))
	locked := filepath.Join(root, "locked")
	mkdirs(t, locked)
	must(t, os.Link(victim, filepath.Join(locked, "hardlink")))
	must(t, os.Symlink(filepath.Join(outside, "dir"), filepath.Join(locked, "link")))
	must(t, os.Chmod(locked, 0o500))

	d := root
	for _, mode := range []os.FileMode{0o000, 0o500, 0o300} {
		d = filepath.Join(d, "m"+mode.String()[1:])
		mkdirs(t, d)
		writeFile(t, filepath.Join(d, "f"), "x")
		ro := filepath.Join(d, "ro")
		writeFile(t, ro, "ro")
		must(t, os.Chmod(ro, 0o400))
		must(t, os.Symlink(filepath.Join(outside, "dir"), filepath.Join(d, "up")))
	}
	// Lock them from the deepest out, so that each could still be entered.
	for d := d; d != root; d = filepath.Dir(d) {
		mode, _ := map[string]os.FileMode{"m---------": 0o000, "mr-x------": 0o500, "m-wx------": 0o300}[filepath.Base(d)]
		must(t, os.Chmod(d, mode))
	}
	must(t, unix.Mkfifo(filepath.Join(root, "fifo"), 0o600))
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(root, "socket"), Net: "unix"})
	must(t, err)
	l.SetUnlinkOnClose(false)
	l.Close()
	ro := filepath.Join(root, "read-only")
	writeFile(t, ro, "ro")
	must(t, os.Chmod(ro, 0o444))
	return &hostileTree{root: root, outside: outside, before: snapshot(t, outside)}
}

// checkOutside fails t if anything outside the tree changed.
func (h *hostileTree) checkOutside(t *testing.T) {
	t.Helper()
	after := snapshot(t, h.outside)
	for k, v := range h.before {
		if after[k] != v {
			t.Errorf("outside the tree, %s was %q and is now %q", k, v, after[k])
		}
	}
	for k, v := range after {
		if _, ok := h.before[k]; !ok {
			t.Errorf("outside the tree, %s appeared: %q", k, v)
		}
	}
}

// TestCleanupHostileTree: Cleanup removes the whole hostile tree, as root
// and as uid 65534 (to whom the locked directories are locked), follows no
// link, and changes nothing outside: not the targets of the links, not
// the mode of the hard-linked file (CPython's _rmtree makes it 0700).
func TestCleanupHostileTree(t *testing.T) {
	asRootAndUnprivileged(t, cleanupHostileTree)
}

func cleanupHostileTree(t *testing.T) {
	t.Logf("as uid %d", os.Geteuid())
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	h := makeHostileTree(t, td.Name(), outside)
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup: %v", err)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
	h.checkOutside(t)
	if got := entries(t, base); !slices.Equal(got, []string{"outside"}) {
		t.Errorf("%s holds %v", base, got)
	}
}
