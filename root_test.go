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

// openRoot opens dir as an *os.Root for the test.
func openRoot(t *testing.T, dir string) *os.Root {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return root
}

// makeIn calls MkstempIn, closing the file, or MkdtempIn, and returns the
// new entry's name inside root.
func makeIn(t *testing.T, op string, root *os.Root, suffix, prefix string) (string, error) {
	t.Helper()
	if op == "mkdtemp" {
		return MkdtempIn(root, suffix, prefix)
	}
	f, err := MkstempIn(root, suffix, prefix)
	if err != nil {
		return "", err
	}
	f.Close()
	if !strings.HasPrefix(f.Name(), root.Name()+string(os.PathSeparator)) {
		t.Errorf("MkstempIn: Name() = %q, not in %q", f.Name(), root.Name())
	}
	return strings.TrimPrefix(f.Name(), root.Name()+string(os.PathSeparator)), nil
}

// rootHasDescriptor is false where Go's os.Root has no directory
// descriptor to work from and follows the directory's path each time.
var rootHasDescriptor = runtime.GOOS != "js" && runtime.GOOS != "wasip1" && runtime.GOOS != "plan9"

// TestMkstempInLandsInTheOpenedDirectory: after os.OpenRoot, the directory
// is renamed and, separately, its path given to another directory or to a
// symbolic link to one: the new entries land in the directory opened, and
// nothing lands in the other.
func TestMkstempInLandsInTheOpenedDirectory(t *testing.T) {
	base := tempDir(t)
	other := filepath.Join(base, "other")
	mkdirs(t, other)
	for _, replace := range []string{"nothing", "a directory", "a symbolic link"} {
		t.Run("path replaced by "+replace, func(t *testing.T) {
			dir, moved := filepath.Join(base, "dir"), filepath.Join(base, "moved")
			mkdirs(t, dir)
			root := openRoot(t, dir)
			if err := os.Rename(dir, moved); errSharingViolation != nil && errors.Is(err, errSharingViolation) {
				// Wine will not rename a directory that a handle holds
				// open: nothing can move where the entries land.
				name, err := makeIn(t, "mkstemp", root, "", "")
				if err != nil || !exists(filepath.Join(dir, name)) {
					t.Errorf("MkstempIn: %q, %v; want it in %s", name, err, dir)
				}
				root.Close()
				must(t, removeTree(dir))
				return
			} else if err != nil {
				t.Fatal(err)
			}
			if !rootHasDescriptor {
				// Go's os.Root works by path here, as MkstempIn says:
				// the directory is looked for where it was.
				if _, err := makeIn(t, "mkstemp", root, "", ""); replace == "nothing" && !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("MkstempIn after the rename, on %s: %v, want fs.ErrNotExist", runtime.GOOS, err)
				}
				root.Close()
				for _, p := range []string{dir, moved} {
					must(t, removeTree(p))
				}
				return
			}
			switch replace {
			case "a directory":
				mkdirs(t, dir)
			case "a symbolic link":
				if err := os.Symlink(other, dir); err != nil {
					t.Fatal(err)
				}
			}
			for _, op := range []string{"mkstemp", "mkdtemp"} {
				name, err := makeIn(t, op, root, ".s", "p-")
				if err != nil {
					t.Fatalf("%s: %v", op, err)
				}
				if !exists(filepath.Join(moved, name)) {
					t.Errorf("%s: %s is not in the directory opened", op, name)
				}
			}
			if got := entries(t, other); len(got) != 0 {
				t.Errorf("%s holds %v", other, got)
			}
			if replace == "a directory" {
				if got := entries(t, dir); len(got) != 0 {
					t.Errorf("the new directory at the old path holds %v", got)
				}
			}
			root.Close()
			for _, p := range []string{dir, moved} {
				if err := removeTree(p); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestMkstempInNames: names are Mkstemp's, "" is the prefix "tmp", and the
// file's Name is root.Name() joined with its name, as root.OpenFile names
// it; MkdtempIn returns the name inside root.
func TestMkstempInNames(t *testing.T) {
	root := openRoot(t, tempDir(t))
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		for _, tt := range []struct{ suffix, prefix, want string }{
			{"", "", "tmp"}, {".txt", "a", "a"}, {"-x", "é", "é"},
		} {
			name, err := makeIn(t, op, root, tt.suffix, tt.prefix)
			if err != nil {
				t.Fatalf("%s(%q, %q): %v", op, tt.suffix, tt.prefix, err)
			}
			if !strings.HasPrefix(name, tt.want) || !strings.HasSuffix(name, tt.suffix) || len(name) != len(tt.want)+nameLen+len(tt.suffix) ||
				!nameShape.MatchString(name[len(tt.want):len(tt.want)+nameLen]) {
				t.Errorf("%s(%q, %q) made %q", op, tt.suffix, tt.prefix, name)
			}
			fi, err := root.Lstat(name)
			if err != nil || fi.IsDir() != (op == "mkdtemp") {
				t.Errorf("%s: %s: %v, %v", op, name, fi, err)
			}
		}
	}
}

// TestMkstempInRefusals: what Mkstemp refuses, and a nil root, are refused
// before anything is touched, with errors matching fs.ErrInvalid; a
// crowded directory runs out after TmpMax names with fs.ErrExist, naming
// the path.
func TestMkstempInRefusals(t *testing.T) {
	dir := tempDir(t)
	root := openRoot(t, dir)
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		for _, prefix := range []string{"a/b", "\x00", ".." + string(os.PathSeparator)} {
			n := useNames(t)
			_, err := makeIn(t, op, root, "", prefix)
			var pe *fs.PathError
			if !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Op != op {
				t.Errorf("%s with prefix %q: %v, want an invalid-argument PathError", op, prefix, err)
			}
			if n.Load() != 0 {
				t.Errorf("%s with prefix %q: %d names drawn", op, prefix, n.Load())
			}
		}
		if _, err := makeIn(t, op, nil, "", ""); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("%s with a nil root: %v, want fs.ErrInvalid", op, err)
		}
	}
	writeFile(t, filepath.Join(dir, "tmpaaaaaaaa"), "")
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		n := sameName(t, "aaaaaaaa")
		_, err := makeIn(t, op, root, "", "")
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "tmp*") || n.Load() != TmpMax {
			t.Errorf("%s in a crowded directory: %v after %d names, want fs.ErrExist naming %s after %d", op, err, n.Load(), filepath.Join(dir, "tmp*"), TmpMax)
		}
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"tmpaaaaaaaa"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	root.Close()
	if _, err := MkstempIn(root, "", ""); !errors.Is(err, os.ErrClosed) {
		t.Errorf("MkstempIn on a closed root: %v, want os.ErrClosed", err)
	}
}

// persistable makes a NamedTemporaryFile in dir holding data.
func persistable(t *testing.T, dir, data string, delete, deleteOnClose bool) *NamedFile {
	t.Helper()
	f, err := NamedTemporaryFile("", "", dir, delete, deleteOnClose)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(data); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestPersist: the data at the new name, which Name returns, the file still
// open and usable there; a file at that name replaced; Close and Cleanup
// after Persist leave the file; for every deleteOnClose.
func TestPersist(t *testing.T) {
	dir := tempDir(t)
	for _, deleteOnClose := range []bool{false, true} {
		for _, existing := range []bool{false, true} {
			target := filepath.Join(dir, "target")
			if existing {
				writeFile(t, target, "old content")
			}
			f := persistable(t, dir, "new ", true, deleteOnClose)
			temp := f.Name()
			if err := f.Persist(target); err != nil {
				t.Fatalf("deleteOnClose=%v existing=%v: %v", deleteOnClose, existing, err)
			}
			if f.Name() != target {
				t.Errorf("Name() = %q after Persist, want %q", f.Name(), target)
			}
			if _, err := f.WriteString("content"); err != nil {
				t.Errorf("writing after Persist: %v", err)
			}
			if err := f.Close(); err != nil {
				t.Error(err)
			}
			if err := f.Cleanup(); err != nil {
				t.Error(err)
			}
			if b, err := os.ReadFile(target); err != nil || string(b) != "new content" {
				t.Errorf("deleteOnClose=%v existing=%v: after Close and Cleanup, %s holds %q, %v", deleteOnClose, existing, target, b, err)
			}
			if exists(temp) {
				t.Errorf("the temporary name %s is still there", temp)
			}
			if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
				t.Errorf("%s holds %v", dir, got)
			}
			if err := os.Remove(target); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestPersistNoClobber: onto a free name it persists; onto an existing file
// it fails with fs.ErrExist, both files as they were, and Cleanup still
// removes the temporary one.
func TestPersistNoClobber(t *testing.T) {
	dir := tempDir(t)
	for _, deleteOnClose := range []bool{false, true} {
		target := filepath.Join(dir, "target")
		writeFile(t, target, "keep")
		f := persistable(t, dir, "temp", true, deleteOnClose)
		temp := f.Name()
		err := f.PersistNoClobber(target)
		var le *os.LinkError
		if !errors.Is(err, fs.ErrExist) || !errors.As(err, &le) || le.Old != temp || le.New != target {
			t.Errorf("deleteOnClose=%v: PersistNoClobber onto a file: %v, want an fs.ErrExist LinkError from %s to %s", deleteOnClose, err, temp, target)
		}
		if f.Name() != temp {
			t.Errorf("Name() = %q after a failed Persist", f.Name())
		}
		if b, _ := os.ReadFile(target); string(b) != "keep" {
			t.Errorf("the existing file now holds %q", b)
		}
		b := make([]byte, 8)
		if n, _ := f.ReadAt(b, 0); string(b[:n]) != "temp" || !exists(temp) {
			t.Errorf("the temporary file now holds %q (there: %v)", b[:n], exists(temp))
		}
		if err := f.Cleanup(); err != nil || exists(temp) {
			t.Errorf("Cleanup after a failed Persist: %v, temporary file there: %v", err, exists(temp))
		}
		must(t, os.Remove(target))

		f = persistable(t, dir, "temp", true, deleteOnClose)
		if err := f.PersistNoClobber(target); err != nil {
			t.Fatalf("PersistNoClobber onto a free name: %v", err)
		}
		f.Cleanup()
		if b, err := os.ReadFile(target); err != nil || string(b) != "temp" {
			t.Errorf("after PersistNoClobber and Cleanup, %s holds %q, %v", target, b, err)
		}
		must(t, os.Remove(target))
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestPersistAfterClose: a closed file cannot be flushed, so Persist fails
// with os.ErrClosed, and Cleanup removes the file as before.
func TestPersistAfterClose(t *testing.T) {
	dir := tempDir(t)
	f := persistable(t, dir, "x", true, false)
	f.Close()
	if err := f.Persist(filepath.Join(dir, "target")); !errors.Is(err, os.ErrClosed) {
		t.Errorf("Persist after Close: %v, want os.ErrClosed", err)
	}
	f.Cleanup()
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}
