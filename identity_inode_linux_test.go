package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCleanupInodeReused: a TempDir's directory, or a closed NamedFile's
// file, removed by someone else, and another made at its name that got
// the same inode number (ext4 gives a freed one at once): Cleanup tells
// them apart by birth time, leaves the other and its contents, and returns
// an error matching fs.ErrExist. A check of device and inode alone removes
// it.
func TestCleanupInodeReused(t *testing.T) {
	dir := tempDir(t)
	// reused makes something else at name, once path's entry is removed,
	// and reports whether it got the same inode number; if not, it removes
	// it again.
	reused := func(name string, make func() error) bool {
		var before syscall.Stat_t
		must(t, syscall.Lstat(name, &before))
		must(t, removeTree(name))
		must(t, make())
		var after syscall.Stat_t
		must(t, syscall.Lstat(name, &after))
		if after.Ino == before.Ino {
			return true
		}
		must(t, removeTree(name))
		return false
	}
	t.Run("TempDir", func(t *testing.T) {
		for range 50 {
			td, err := TemporaryDirectory("", "", dir, true)
			must(t, err)
			other := filepath.Join(td.Name(), "theirs")
			if !reused(td.Name(), func() error {
				if err := os.Mkdir(td.Name(), 0o700); err != nil {
					return err
				}
				return os.WriteFile(other, []byte("keep"), 0o600)
			}) {
				continue
			}
			if err := td.Cleanup(); !errors.Is(err, fs.ErrExist) {
				t.Errorf("Cleanup of a directory with the inode number of the one made: %v, want an error matching fs.ErrExist", err)
			}
			if b, err := os.ReadFile(other); err != nil || string(b) != "keep" {
				t.Errorf("the other directory's file: %q, %v", b, err)
			}
			must(t, removeTree(td.Name()))
			return
		}
		missing(t, "no freed inode number was given again in 50 tries: this file system does not reuse them at once")
	})
	t.Run("NamedFile", func(t *testing.T) {
		for range 50 {
			f, err := NamedTemporaryFile("", "", dir, true, false)
			must(t, err)
			must(t, f.Close())
			if !reused(f.Name(), func() error { return os.WriteFile(f.Name(), []byte("theirs"), 0o600) }) {
				must(t, f.Cleanup())
				continue
			}
			if err := f.Cleanup(); !errors.Is(err, fs.ErrExist) {
				t.Errorf("Cleanup of a file with the inode number of the one made: %v, want an error matching fs.ErrExist", err)
			}
			if b, err := os.ReadFile(f.Name()); err != nil || string(b) != "theirs" {
				t.Errorf("the other file: %q, %v", b, err)
			}
			must(t, os.Remove(f.Name()))
			return
		}
		missing(t, "no freed inode number was given again in 50 tries: this file system does not reuse them at once")
	})
}
