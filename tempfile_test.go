package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// exists reports whether something has the name path.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// TestNamedTemporaryFileMatrix is CPython's _TemporaryFileCloser for every
// delete and deleteOnClose, after Close, Cleanup, and both: the file is
// gone after Close only with both flags, gone after Cleanup with delete,
// and otherwise can be opened again by name and holds what was written.
func TestNamedTemporaryFileMatrix(t *testing.T) {
	dir := tempDir(t)
	for _, delete := range []bool{false, true} {
		for _, deleteOnClose := range []bool{false, true} {
			for _, steps := range []string{"close", "cleanup", "close cleanup", "cleanup close"} {
				name := fmt.Sprintf("delete=%v,deleteOnClose=%v,%s", delete, deleteOnClose, steps)
				t.Run(name, func(t *testing.T) {
					f, err := NamedTemporaryFile(".txt", "named-", dir, delete, deleteOnClose)
					if err != nil {
						t.Fatal(err)
					}
					path := f.Name()
					if filepath.Dir(path) != dir || !strings.HasPrefix(filepath.Base(path), "named-") || !strings.HasSuffix(path, ".txt") {
						t.Errorf("Name() = %q", path)
					}
					if _, err := f.WriteString("data"); err != nil {
						t.Fatal(err)
					}
					if !exists(path) {
						t.Fatalf("%s does not exist while open", path)
					}
					closed, cleaned := false, false
					for _, step := range strings.Fields(steps) {
						if step == "close" {
							err := f.Close()
							if closed && !errors.Is(err, os.ErrClosed) {
								t.Errorf("Close after Cleanup: %v, want os.ErrClosed", err)
							} else if !closed && err != nil {
								t.Errorf("Close: %v", err)
							}
							closed = true
						} else {
							if err := f.Cleanup(); err != nil {
								t.Errorf("Cleanup: %v", err)
							}
							closed, cleaned = true, true
						}
						want := !(delete && deleteOnClose) && !(cleaned && delete)
						if got := exists(path); got != want {
							t.Fatalf("after %s: exists %v, want %v", step, got, want)
						}
						if want {
							if b, err := os.ReadFile(path); err != nil || string(b) != "data" {
								t.Errorf("after %s: reopened by name: %q, %v", step, b, err)
							}
						}
					}
					if err := f.Cleanup(); err != nil {
						t.Errorf("a second Cleanup: %v", err)
					}
					if _, err := f.Write([]byte("x")); !errors.Is(err, os.ErrClosed) {
						t.Errorf("Write after Cleanup: %v, want os.ErrClosed", err)
					}
					os.Remove(path)
				})
			}
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestNamedFileCleanupOfAFileAlreadyGone: a file removed by someone else
// is not an error for Cleanup, nor for Close with deleteOnClose.
func TestNamedFileCleanupOfAFileAlreadyGone(t *testing.T) {
	dir := tempDir(t)
	for _, deleteOnClose := range []bool{false, true} {
		f, err := NamedTemporaryFile("", "", dir, true, deleteOnClose)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(f.Name()); err != nil && !systemDeletesOnClose {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Errorf("deleteOnClose=%v: Close: %v", deleteOnClose, err)
		}
		if err := f.Cleanup(); err != nil {
			t.Errorf("deleteOnClose=%v: Cleanup: %v", deleteOnClose, err)
		}
	}
}

// TestTemporaryFile: the file reads back what was written, has no name in
// dir on Unix, where Name() names its descriptor (on Windows, it is its
// path until it is closed), and nothing is left.
func TestTemporaryFile(t *testing.T) {
	dir := tempDir(t)
	f, err := TemporaryFile(".x", "p", dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("hello, world"); err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 5)
	if _, err := f.ReadAt(b, 7); err != nil || string(b) != "world" {
		t.Errorf("ReadAt: %q, %v", b, err)
	}
	left := entries(t, dir)
	if runtime.GOOS == "windows" {
		if len(left) != 1 || f.Name() != filepath.Join(dir, left[0]) {
			t.Errorf("while open, %s holds %v and Name() is %q; want the file's name", dir, left, f.Name())
		}
	} else if want := unnamedName(int(f.Fd())); len(left) != 0 || f.Name() != want {
		t.Errorf("while open, %s holds %v and Name() is %q; want nothing and %q", dir, left, f.Name(), want)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("after Close, %s holds %v", dir, left)
	}
}

// unnamedName is the Name that TemporaryFile's doc gives the file open as
// fd on Unix.
func unnamedName(fd int) string {
	if runtime.GOOS == "linux" {
		return "/proc/self/fd/" + strconv.Itoa(fd)
	}
	return "(temporary file, fd " + strconv.Itoa(fd) + ")"
}

// TestFamilyRefusesWhatMkstempRefuses: each constructor refuses a bad
// prefix and reports a missing dir as Mkstemp does, creating nothing.
func TestFamilyRefusesWhatMkstempRefuses(t *testing.T) {
	dir := tempDir(t)
	missingDir := filepath.Join(dir, "missing")
	ctors := map[string]func(prefix, dir string) error{
		"temporaryfile": func(prefix, dir string) error { _, err := TemporaryFile("", prefix, dir); return err },
		"namedtemporaryfile": func(prefix, dir string) error {
			_, err := NamedTemporaryFile("", prefix, dir, true, true)
			return err
		},
		"temporarydirectory": func(prefix, dir string) error {
			_, err := TemporaryDirectory("", prefix, dir, false)
			return err
		},
		"spooledtemporaryfile": func(prefix, dir string) error {
			return SpooledTemporaryFile(1, "", prefix, dir).Rollover()
		},
	}
	for name, ctor := range ctors {
		var pe *fs.PathError
		if err := ctor("a/b", dir); !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) {
			t.Errorf("%s: a separator in the prefix: %v, want an invalid-argument PathError", name, err)
		}
		if err := ctor("", missingDir); !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || !strings.HasPrefix(pe.Path, missingDir) {
			t.Errorf("%s: a missing dir: %v, want a not-exist PathError naming it", name, err)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestTemporaryDirectoryCleanup: a tree of files and directories, some
// read-only and some locked by their owner, is removed whole; a second
// Cleanup, and a Cleanup of a directory someone else removed, are nil.
func TestTemporaryDirectoryCleanup(t *testing.T) {
	dir := tempDir(t)
	d, err := TemporaryDirectory("-s", "td-", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(d.Name()) != dir || !strings.HasPrefix(filepath.Base(d.Name()), "td-") {
		t.Errorf("Name() = %q", d.Name())
	}
	buildTree(t, d.Name())
	if err := d.Cleanup(); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	if exists(d.Name()) {
		t.Errorf("%s still exists", d.Name())
	}
	if err := d.Cleanup(); err != nil {
		t.Errorf("a second Cleanup: %v", err)
	}
	d2, err := TemporaryDirectory("", "", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(d2.Name()); err != nil {
		t.Fatal(err)
	}
	if err := d2.Cleanup(); err != nil {
		t.Errorf("Cleanup of a directory already gone: %v", err)
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// buildTree fills dir with nested directories and files, among them
// read-only files and directories of modes 0500 and 0555 holding files
// (where the system has modes), for a cleanup to remove.
func buildTree(t *testing.T, dir string) {
	t.Helper()
	a := filepath.Join(dir, "a")
	b := filepath.Join(a, "b")
	c := filepath.Join(b, "c")
	mkdirs(t, a, b, c)
	for i, d := range []string{dir, a, b, c} {
		writeFile(t, filepath.Join(d, "file"), strings.Repeat("x", i))
		ro := filepath.Join(d, "read-only")
		writeFile(t, ro, "ro")
		if err := os.Chmod(ro, 0o400); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{c, b} {
		if err := os.Chmod(d, 0o500); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFamilyConcurrently: goroutines each using their own values at once,
// for the race detector.
func TestFamilyConcurrently(t *testing.T) {
	dir := tempDir(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				f, err := NamedTemporaryFile("", "", dir, true, false)
				if err != nil {
					t.Error(err)
					return
				}
				f.WriteString("x")
				f.Close()
				f.Cleanup()
				d, err := TemporaryDirectory("", "", dir, false)
				if err != nil {
					t.Error(err)
					return
				}
				writeFile(t, filepath.Join(d.Name(), "f"), "x")
				if err := d.Cleanup(); err != nil {
					t.Error(err)
				}
				s := SpooledTemporaryFile(4, "", "", dir)
				s.WriteString("0123456789")
				s.Close()
				tf, err := TemporaryFile("", "", dir)
				if err != nil {
					t.Error(err)
					return
				}
				tf.Close()
			}
		})
	}
	wg.Wait()
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}
