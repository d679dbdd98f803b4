package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestPersistOntoAnotherNameOfTheFile: Persist onto a hard link to the
// temporary file itself (rename(2) does nothing for two names of one
// file) leaves path, holding the data, and removes the temporary name: at
// once on Unix, by Close at the latest on Windows.
// PersistNoClobber onto such a link fails with fs.ErrExist and leaves
// both names.
func TestPersistOntoAnotherNameOfTheFile(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	for _, deleteOnClose := range []bool{false, true} {
		f := persistable(t, dir, "data", true, deleteOnClose)
		temp := f.Name()
		must(t, os.Link(temp, target))
		if err := f.PersistNoClobber(target); !errors.Is(err, fs.ErrExist) {
			t.Errorf("deleteOnClose=%v: PersistNoClobber onto a link to the file: %v, want fs.ErrExist", deleteOnClose, err)
		}
		if !exists(temp) || !exists(target) {
			t.Errorf("deleteOnClose=%v: after a failed PersistNoClobber, temp there: %v, target there: %v", deleteOnClose, exists(temp), exists(target))
		}
		if err := f.Persist(target); err != nil {
			t.Fatalf("deleteOnClose=%v: Persist onto a link to the file: %v", deleteOnClose, err)
		}
		// On Windows an open file's removed name may stay until Close
		// (Wine, and Windows without POSIX delete semantics).
		if runtime.GOOS != "windows" && exists(temp) {
			t.Errorf("deleteOnClose=%v: after Persist, the temporary name %s is still there", deleteOnClose, temp)
		}
		must(t, f.Close())
		must(t, f.Cleanup())
		if b, err := os.ReadFile(target); err != nil || string(b) != "data" {
			t.Errorf("deleteOnClose=%v: %s holds %q, %v", deleteOnClose, target, b, err)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
			t.Errorf("deleteOnClose=%v: after Persist and Close, %s holds %v, want only target", deleteOnClose, dir, got)
		}
		must(t, os.Remove(target))
	}
}

// TestPersistNames: after Persist, Name is the new path, while the
// embedded *os.File, which the caller may hold, is neither closed nor
// swapped: File.Name(), the name in Stat() and the paths in its errors
// stay the temporary name, and it still reads and writes the file.
func TestPersistNames(t *testing.T) {
	dir := tempDir(t)
	f := persistable(t, dir, "data", true, false)
	file, temp := f.File, f.Name()
	target := filepath.Join(dir, "target")
	must(t, f.Persist(target))
	if f.Name() != target {
		t.Errorf("Name() = %q after Persist, want %q", f.Name(), target)
	}
	if f.File != file || f.File.Name() != temp {
		t.Errorf("the embedded *os.File changed: %p named %q, was %p named %q", f.File, f.File.Name(), file, temp)
	}
	if fi, err := f.Stat(); err != nil || fi.Name() != filepath.Base(temp) {
		t.Errorf("Stat(): %v, %v; want the name %q", fi, err, filepath.Base(temp))
	}
	if _, err := f.WriteString(" more"); err != nil {
		t.Errorf("writing after Persist: %v", err)
	}
	must(t, f.Close())
	_, err := f.Write([]byte("x"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != temp || !errors.Is(err, os.ErrClosed) {
		t.Errorf("Write after Close: %v, want os.ErrClosed naming %s", err, temp)
	}
	if b, err := os.ReadFile(target); err != nil || string(b) != "data more" {
		t.Errorf("%s holds %q, %v", target, b, err)
	}
	if strings.Contains(strings.Join(entries(t, dir), " "), filepath.Base(temp)) {
		t.Errorf("the temporary name is still in %s", dir)
	}
}

// TestPersistOntoItsOwnName: Persist onto the file's own path, as given
// and spelled with "." in it, keeps the file there, now lasting: the rename
// does nothing, and the name left behind is not another one to remove.
// PersistNoClobber onto it fails with fs.ErrExist or, where the system's
// rename without replacing does nothing (Wine), persists it the same way.
func TestPersistOntoItsOwnName(t *testing.T) {
	dir := tempDir(t)
	for _, noClobber := range []bool{false, true} {
		for _, spelling := range []string{"as given", "with a dot"} {
			f := persistable(t, dir, "data", true, false)
			path := f.Name()
			if spelling == "with a dot" {
				path = filepath.Dir(path) + string(filepath.Separator) + "." + string(filepath.Separator) + filepath.Base(path)
			}
			persist := f.Persist
			if noClobber {
				persist = f.PersistNoClobber
			}
			err := persist(path)
			if err != nil && !(noClobber && errors.Is(err, fs.ErrExist)) {
				t.Errorf("noClobber=%v, %s: %v", noClobber, spelling, err)
			}
			name := f.Name()
			must(t, f.Cleanup())
			if b, rerr := os.ReadFile(name); err == nil && (rerr != nil || string(b) != "data") {
				t.Errorf("noClobber=%v, %s: after Persist onto its own name and Cleanup, %s holds %q, %v", noClobber, spelling, name, b, rerr)
			}
			os.Remove(name)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}
