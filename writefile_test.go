package mkstemp

import (
	"cmp"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// failingReader gives n bytes of 'x', then fails with err.
type failingReader struct {
	n   int
	err error
}

func (r *failingReader) Read(b []byte) (int, error) {
	if r.n == 0 {
		return 0, r.err
	}
	n := min(len(b), r.n)
	copy(b, strings.Repeat("x", n))
	r.n -= n
	return n, nil
}

// TestWriteFile: a new file gets the bytes and perm (its read-only form on
// Windows); an existing one gets the new bytes and keeps its mode; the
// directory holds the target alone after each; WriteFileFrom reads r to
// its end.
func TestWriteFile(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "config")
	must(t, WriteFile(target, []byte("one"), 0o644))
	checkWritten(t, dir, target, "one", 0o644)
	must(t, WriteFileFrom(target, strings.NewReader(strings.Repeat("two", 10000)), 0o600))
	checkWritten(t, dir, target, strings.Repeat("two", 10000), 0o644)
	must(t, os.Remove(target))

	// perm without the owner's write bit: read-only, on Windows too.
	must(t, WriteFile(target, []byte("ro"), 0o444))
	checkWritten(t, dir, target, "ro", 0o444)
	must(t, os.Chmod(target, 0o644))
	must(t, os.Remove(target))
}

// checkWritten fails t unless path holds data with the permission bits
// mode (on Windows, where only the read-only attribute is kept, 0444 or
// 0666), and its directory dir holds it alone.
func checkWritten(t *testing.T, dir, path, data string, mode fs.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" && mode&0o200 != 0 {
		mode = 0o666
	}
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode() != mode {
		t.Errorf("%s has mode %v, want %v", path, fi.Mode(), mode)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != data {
		t.Errorf("%s holds %.40q (%d bytes), %v; want %.40q (%d bytes)", path, b, len(b), err, data, len(data))
	}
	if got := entries(t, dir); !slices.Equal(got, []string{filepath.Base(path)}) {
		t.Errorf("%s holds %v, want only %s", dir, got, filepath.Base(path))
	}
}

// TestWriteFileFromFails: a reader that fails half way makes
// WriteFileFrom return a PathError naming the target that wraps the
// reader's error; an existing file keeps its bytes, a new one is not made,
// and nothing else is left in the directory.
func TestWriteFileFromFails(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	errHalfWay := errors.New("half way")
	for _, existing := range []bool{true, false} {
		if existing {
			writeFile(t, target, "old")
		}
		err := WriteFileFrom(target, &failingReader{n: 100000, err: errHalfWay}, 0o644)
		var pe *fs.PathError
		if !errors.Is(err, errHalfWay) || !errors.As(err, &pe) || pe.Path != target {
			t.Errorf("existing=%v: %v, want a PathError for %s wrapping the reader's error", existing, err, target)
		}
		var want []string
		if existing {
			want = []string{"target"}
			if b, _ := os.ReadFile(target); string(b) != "old" {
				t.Errorf("the old file holds %q, want \"old\"", b)
			}
		}
		if got := entries(t, dir); !slices.Equal(got, want) {
			t.Errorf("existing=%v: %s holds %v, want %v", existing, dir, got, want)
		}
		os.Remove(target)
	}
}

// TestWriteFileOntoADirectory: a directory at the name is an error
// matching EISDIR, naming the name, and the directory and what it holds
// are as they were, with nothing left beside it.
func TestWriteFileOntoADirectory(t *testing.T) {
	dir := tempDir(t)
	sub := filepath.Join(dir, "sub")
	mkdirs(t, sub)
	writeFile(t, filepath.Join(sub, "inside"), "kept")
	err := WriteFile(sub, []byte("data"), 0o644)
	var pe *fs.PathError
	if !errors.Is(err, syscall.EISDIR) || !errors.As(err, &pe) || pe.Path != sub {
		t.Errorf("WriteFile onto a directory: %v, want a PathError for %s matching EISDIR", err, sub)
	}
	if fi, err := os.Lstat(sub); err != nil || !fi.IsDir() {
		t.Errorf("%s is no longer a directory: %v", sub, err)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"sub"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	if got := entries(t, sub); !slices.Equal(got, []string{"inside"}) {
		t.Errorf("%s holds %v", sub, got)
	}
}

// TestWriteFileErrors: a missing directory and an empty name fail with a
// PathError naming the name ("(empty path)" for "") that matches
// fs.ErrNotExist, and a nil reader with one matching fs.ErrInvalid, where
// io.Copy would panic, making nothing.
func TestWriteFileErrors(t *testing.T) {
	dir := tempDir(t)
	for _, name := range []string{filepath.Join(dir, "missing", "x"), ""} {
		err := WriteFileFrom(name, io.LimitReader(strings.NewReader("data"), 4), 0o644)
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != cmp.Or(name, noPath) {
			t.Errorf("WriteFile(%q): %v, want a PathError naming it matching fs.ErrNotExist", name, err)
		}
	}
	target := filepath.Join(dir, "target")
	for _, r := range []io.Reader{nil, (*strings.Reader)(nil), (*failingReader)(nil)} {
		err := WriteFileFrom(target, r, 0o644)
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Path != target {
			t.Errorf("WriteFileFrom(%q, %#v): %v, want a PathError naming it matching fs.ErrInvalid", target, r, err)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}
