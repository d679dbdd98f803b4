//go:build unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestMkstempInModesAndCloseOnExec: MkstempIn's file has mode 0600 and a
// descriptor with FD_CLOEXEC, MkdtempIn's directory mode 0700, under
// umask 022, as Mkstemp's.
func TestMkstempInModesAndCloseOnExec(t *testing.T) {
	old := unix.Umask(0o22)
	defer unix.Umask(old)
	dir := t.TempDir()
	root := openRoot(t, dir)
	f, err := MkstempIn(root, "", "")
	must(t, err)
	defer f.Close()
	if fi, err := f.Stat(); err != nil || fi.Mode() != 0o600 {
		t.Errorf("MkstempIn: mode %v, %v; want -rw-------", fi.Mode(), err)
	}
	if flags, err := unix.FcntlInt(f.Fd(), unix.F_GETFD, 0); err != nil || flags&unix.FD_CLOEXEC == 0 {
		t.Errorf("MkstempIn: descriptor flags %#x, %v; want FD_CLOEXEC", flags, err)
	}
	name, err := MkdtempIn(root, "", "")
	must(t, err)
	if fi, err := os.Lstat(filepath.Join(dir, name)); err != nil || fi.Mode() != fs.ModeDir|0o700 {
		t.Errorf("MkdtempIn: mode %v, %v; want drwx------", fi.Mode(), err)
	}
}

// TestMkstempInReadOnly: as uid 65534, a directory that refuses new
// entries gives fs.ErrPermission on the first name, and stays empty.
func TestMkstempInReadOnly(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	dir := readOnlyDir(t)
	root := openRoot(t, dir)
	checkReadOnlyDir(t, dir, func(op string) error {
		_, err := makeIn(t, op, root, "", "")
		return err
	})
}

// TestPersistKeepsTheMode: the file at its new name has the mode it was
// made with, 0600.
func TestPersistKeepsTheMode(t *testing.T) {
	old := unix.Umask(0o22)
	defer unix.Umask(old)
	dir := t.TempDir()
	f := persistable(t, dir, "x", true, true)
	defer f.Cleanup()
	target := filepath.Join(dir, "target")
	must(t, f.Persist(target))
	if fi, err := os.Lstat(target); err != nil || fi.Mode() != 0o600 {
		t.Errorf("%s: mode %v, %v; want -rw-------", target, fi.Mode(), err)
	}
}

// TestPersistRefused: as uid 65534, a target directory that refuses the
// rename gives fs.ErrPermission, for both forms; the temporary file is as
// it was and Cleanup removes it.
func TestPersistRefused(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	base, ro := t.TempDir(), readOnlyDir(t)
	for _, noClobber := range []bool{false, true} {
		f := persistable(t, base, "data", true, false)
		temp := f.Name()
		persist := f.Persist
		if noClobber {
			persist = f.PersistNoClobber
		}
		if err := persist(filepath.Join(ro, "target")); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("noClobber=%v: %v, want fs.ErrPermission", noClobber, err)
		}
		if b, err := os.ReadFile(temp); err != nil || string(b) != "data" || f.Name() != temp {
			t.Errorf("noClobber=%v: the temporary file: %q, %v, named %q", noClobber, b, err, f.Name())
		}
		if err := f.Cleanup(); err != nil || exists(temp) {
			t.Errorf("noClobber=%v: Cleanup: %v; the file is there: %v", noClobber, err, exists(temp))
		}
	}
	if got := entries(t, ro); len(got) != 0 {
		t.Errorf("%s holds %v", ro, got)
	}
}
