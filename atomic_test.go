package mkstemp

import (
	"bytes"
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

// checkClosed fails t unless err, from the method call of a committed or
// discarded AtomicFile, is an *fs.PathError naming name that matches
// fs.ErrClosed.
func checkClosed(t *testing.T, call, name string, err error) {
	t.Helper()
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrClosed) || !errors.As(err, &pe) || pe.Path != name {
		t.Errorf("%s: %v, want a PathError naming %s matching fs.ErrClosed", call, err, name)
	}
}

// TestCreateAtomicNewTarget: a new target does not exist until Commit;
// the file is what was written to it, read back before Commit; after
// Commit the target holds the bytes with perm (less the umask), the
// directory holds it alone, and every method but Name and Cleanup says
// the file is closed, a second Commit and CommitNoClobber included.
func TestCreateAtomicNewTarget(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "new.json")
	a, err := CreateAtomic(target, 0o644)
	must(t, err)
	defer a.Cleanup()
	if a.Name() != target {
		t.Errorf("Name() = %q, want %q", a.Name(), target)
	}
	if _, err := a.WriteString(`{"a":`); err != nil {
		t.Fatal(err)
	}
	if n, err := a.Write([]byte(`1}`)); n != 2 || err != nil {
		t.Fatalf("Write: %d, %v", n, err)
	}
	if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("before Commit %s: %v, want it not to exist", target, err)
	}
	if fi, err := a.Stat(); err != nil || fi.Size() != 7 {
		t.Errorf("Stat before Commit: %v, %v; want 7 bytes", fi, err)
	}
	b := make([]byte, 7)
	if n, err := a.ReadAt(b, 0); n != 7 || err != nil || string(b) != `{"a":1}` {
		t.Errorf("ReadAt: %d %q %v", n, b, err)
	}
	must(t, a.Commit())
	checkWritten(t, dir, target, `{"a":1}`, 0o644&^umaskForTests())

	checkClosed(t, "Commit again", target, a.Commit())
	checkClosed(t, "CommitNoClobber after Commit", target, a.CommitNoClobber())
	checkClosed(t, "Close after Commit", target, a.Close())
	_, err = a.Write([]byte("x"))
	checkClosed(t, "Write after Commit", target, err)
	_, err = a.WriteString("x")
	checkClosed(t, "WriteString after Commit", target, err)
	_, err = a.WriteAt([]byte("x"), 0)
	checkClosed(t, "WriteAt after Commit", target, err)
	_, err = a.ReadFrom(strings.NewReader("x"))
	checkClosed(t, "ReadFrom after Commit", target, err)
	_, err = a.ReadFrom(nil)
	checkClosed(t, "ReadFrom(nil) after Commit", target, err)
	_, err = a.Read(b)
	checkClosed(t, "Read after Commit", target, err)
	_, err = a.ReadAt(b, 0)
	checkClosed(t, "ReadAt after Commit", target, err)
	_, err = a.Seek(0, io.SeekStart)
	checkClosed(t, "Seek after Commit", target, err)
	checkClosed(t, "Truncate after Commit", target, a.Truncate(0))
	checkClosed(t, "Sync after Commit", target, a.Sync())
	_, err = a.Stat()
	checkClosed(t, "Stat after Commit", target, err)
	if fd := a.Fd(); fd != ^uintptr(0) {
		t.Errorf("Fd after Commit: %d, want ^uintptr(0)", fd)
	}
	if err := a.Cleanup(); err != nil {
		t.Errorf("Cleanup after Commit: %v", err)
	}
	if a.Name() != target {
		t.Errorf("Name() after Commit = %q", a.Name())
	}
	checkWritten(t, dir, target, `{"a":1}`, 0o644&^umaskForTests())
}

// TestCreateAtomicReplaces: a file replaced keeps its mode, whatever perm
// says, and holds exactly what was written, after a Truncate and writes
// at offsets, a Seek and a ReadFrom.
func TestCreateAtomicReplaces(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "config")
	writeFile(t, target, "old bytes, more of them")
	mode := fs.FileMode(0o640)
	if runtime.GOOS == "windows" {
		mode = 0o666
	}
	must(t, os.Chmod(target, mode))
	a, err := CreateAtomic(target, 0o600)
	must(t, err)
	defer a.Cleanup()
	if _, err := a.Write([]byte("0123456789")); err != nil {
		t.Fatal(err)
	}
	must(t, a.Truncate(4))
	if _, err := a.WriteAt([]byte("AB"), 1); err != nil {
		t.Fatal(err)
	}
	if off, err := a.Seek(0, io.SeekEnd); off != 4 || err != nil {
		t.Fatalf("Seek: %d, %v", off, err)
	}
	if n, err := io.Copy(a, strings.NewReader("tail")); n != 4 || err != nil {
		t.Fatalf("io.Copy: %d, %v", n, err)
	}
	if b, _ := os.ReadFile(target); string(b) != "old bytes, more of them" {
		t.Errorf("before Commit the target holds %q", b)
	}
	must(t, a.Sync())
	must(t, a.Commit())
	checkWritten(t, dir, target, "0AB3tail", mode)
}

// TestCreateAtomicDiscards: Cleanup, and Close, after writing and reading
// back, leave the target as it was (an existing file, or none) and
// nothing beside it; Close never commits; after either every method but
// Name and Cleanup says the file is closed, a Commit included, and a
// second Cleanup returns nil.
func TestCreateAtomicDiscards(t *testing.T) {
	for _, how := range []string{"Cleanup", "Close"} {
		for _, existing := range []bool{false, true} {
			dir := tempDir(t)
			target := filepath.Join(dir, "target")
			want := []string(nil)
			if existing {
				writeFile(t, target, "old")
				want = []string{"target"}
			}
			a, err := CreateAtomic(target, 0o644)
			must(t, err)
			if _, err := a.Write([]byte("new bytes")); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Seek(0, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			if b, err := io.ReadAll(a); err != nil || string(b) != "new bytes" {
				t.Errorf("read back: %q, %v", b, err)
			}
			var w io.WriteCloser = a
			if how == "Close" {
				must(t, w.Close())
			} else {
				must(t, a.Cleanup())
			}
			if got := entries(t, dir); !slices.Equal(got, want) {
				t.Errorf("%s, existing=%v: %s holds %v, want %v", how, existing, dir, got, want)
			}
			if existing {
				if b, _ := os.ReadFile(target); string(b) != "old" {
					t.Errorf("%s: the target holds %q", how, b)
				}
			}
			checkClosed(t, "Commit after "+how, target, a.Commit())
			checkClosed(t, "Close after "+how, target, a.Close())
			_, err = a.Write([]byte("x"))
			checkClosed(t, "Write after "+how, target, err)
			if err := a.Cleanup(); err != nil {
				t.Errorf("Cleanup after %s: %v", how, err)
			}
			if got := entries(t, dir); !slices.Equal(got, want) {
				t.Errorf("%s, existing=%v, after Commit: %s holds %v, want %v", how, existing, dir, got, want)
			}
		}
	}
}

// TestCreateAtomicCommitNoClobber: onto an existing file it fails with an
// error matching fs.ErrExist naming the name, the file keeps its bytes and
// nothing is left; onto a new name it makes the file; a name taken after
// CreateAtomic looked is not replaced either.
func TestCreateAtomicCommitNoClobber(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	writeFile(t, target, "old")
	a, err := CreateAtomic(target, 0o644)
	must(t, err)
	if _, err := a.Write([]byte("new")); err != nil {
		t.Fatal(err)
	}
	err = a.CommitNoClobber()
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != target {
		t.Errorf("CommitNoClobber over a file: %v, want a PathError naming %s matching fs.ErrExist", err, target)
	}
	checkWritten(t, dir, target, "old", 0o644&^umaskForTests())
	must(t, a.Cleanup())
	checkWritten(t, dir, target, "old", 0o644&^umaskForTests())

	fresh := filepath.Join(dir, "fresh")
	b, err := CreateAtomic(fresh, 0o600)
	must(t, err)
	defer b.Cleanup()
	writeFile(t, fresh, "theirs") // made after CreateAtomic looked
	if err := b.CommitNoClobber(); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CommitNoClobber onto a name taken since: %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(fresh); string(got) != "theirs" {
		t.Errorf("%s holds %q", fresh, got)
	}
	must(t, os.Remove(fresh))

	c, err := CreateAtomic(fresh, 0o600)
	must(t, err)
	if _, err := c.Write([]byte("mine")); err != nil {
		t.Fatal(err)
	}
	must(t, c.CommitNoClobber())
	if got, _ := os.ReadFile(fresh); string(got) != "mine" {
		t.Errorf("%s holds %q", fresh, got)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"fresh", "target"}) {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestCreateAtomicBadTargets: what cannot be written fails at
// CreateAtomic, with an *fs.PathError naming the name (a placeholder for
// "") and the error os.WriteFile would give or the package's own, and
// nothing is made.
func TestCreateAtomicBadTargets(t *testing.T) {
	dir := tempDir(t)
	mkdirs(t, filepath.Join(dir, "sub"))
	writeFile(t, filepath.Join(dir, "file"), "kept")
	device := os.DevNull
	for _, tt := range []struct {
		name string
		path string
		want error
	}{
		{"empty", "", fs.ErrNotExist},
		{"a directory", filepath.Join(dir, "sub"), syscall.EISDIR},
		{"a missing directory", filepath.Join(dir, "missing", "x"), fs.ErrNotExist},
		{"a name ending in a separator", filepath.Join(dir, "x") + string(os.PathSeparator), syscall.EISDIR},
		{"a file as a directory", filepath.Join(dir, "file", "x"), nil},
		{"a device", device, fs.ErrInvalid},
	} {
		before := entries(t, dir)
		a, err := CreateAtomic(tt.path, 0o644)
		var pe *fs.PathError
		want := tt.path
		if want == "" {
			want = noPath
		}
		if a != nil || err == nil || !errors.As(err, &pe) || pe.Path != want || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("CreateAtomic(%s) = %v, %v; want nil and a PathError naming %q matching %v", tt.name, a, err, want, tt.want)
		}
		if got := entries(t, dir); !slices.Equal(got, before) {
			t.Errorf("CreateAtomic(%s): %s holds %v, was %v", tt.name, dir, got, before)
		}
	}
}

// TestCreateAtomicErrorsNameTheTarget: the errors of the file's own
// methods name the name given, not a temporary name, while a reader's
// error through ReadFrom comes back as the reader gave it; a nil reader
// is an error matching fs.ErrInvalid, not a panic. (On Linux,
// TestCreateAtomicEachWay runs it on the named ways too.)
func TestCreateAtomicErrorsNameTheTarget(t *testing.T) {
	checkErrorsNameTheTarget(t)
}

func checkErrorsNameTheTarget(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	a, err := CreateAtomic(target, 0o644)
	must(t, err)
	defer a.Cleanup()
	_, err = a.Seek(-1, io.SeekStart)
	var pe *fs.PathError
	if err == nil || !errors.As(err, &pe) || pe.Path != target {
		t.Errorf("Seek(-1): %v, want a PathError naming %s", err, target)
	}
	theirs := &fs.PathError{Op: "read", Path: filepath.Join(dir, "source"), Err: syscall.EIO}
	_, err = a.ReadFrom(&failingReader{n: 10, err: theirs})
	if err != theirs {
		t.Errorf("ReadFrom of a failing reader: %v, want the reader's own error %v", err, theirs)
	}
	if _, err := a.ReadFrom(nil); !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Path != target {
		t.Errorf("ReadFrom(nil): %v, want a PathError naming %s matching fs.ErrInvalid", err, target)
	}
}

// TestCreateAtomicRelativeName: a name relative to the working directory
// is the name that Name returns, and the file Commit makes, in the
// directory it was relative to when CreateAtomic was called, though the
// working directory changed since. (On Linux, TestCreateAtomicEachWay
// runs it on the named ways too, which give the name by its path.)
func TestCreateAtomicRelativeName(t *testing.T) {
	checkRelativeName(t)
}

func checkRelativeName(t *testing.T) {
	dir, elsewhere := tempDir(t), tempDir(t)
	t.Chdir(dir)
	for _, existing := range []bool{false, true} {
		if existing {
			writeFile(t, filepath.Join(dir, "rel"), "old")
		}
		a, err := CreateAtomic("rel", 0o644)
		must(t, err)
		defer a.Cleanup()
		if a.Name() != "rel" {
			t.Errorf("Name() = %q, want \"rel\"", a.Name())
		}
		if _, err := a.WriteString("new"); err != nil {
			t.Fatal(err)
		}
		t.Chdir(elsewhere)
		must(t, a.Commit())
		checkWritten(t, dir, filepath.Join(dir, "rel"), "new", 0o644&^umaskForTests())
		if got := entries(t, elsewhere); len(got) != 0 {
			t.Errorf("existing=%v: %s, the working directory at Commit, holds %v", existing, elsewhere, got)
		}
		t.Chdir(dir)
	}
}

// TestWriteFileFromKeepsTheReadersError: the reader's error is wrapped as
// it is, whatever it holds (an *os.LinkError, an *fs.PathError of its
// own), and says it came from the source; a directory given as the source
// is a failed read, not a directory at the name; nothing changes either
// way.
func TestWriteFileFromKeepsTheReadersError(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	writeFile(t, target, "old")
	linkErr := &os.LinkError{Op: "link", Old: "a", New: "b", Err: errors.New("refused")}
	theirs := &wrapped{"fetching", linkErr}
	err := WriteFileFrom(target, &failingReader{n: 10, err: theirs}, 0o644)
	var pe *fs.PathError
	if !errors.Is(err, theirs) || !errors.Is(err, linkErr) || !errors.As(err, &pe) || pe.Path != target ||
		!strings.Contains(err.Error(), "reading the source: fetching: link a b:") {
		t.Errorf("WriteFileFrom with a reader failing with %v: %v, want a PathError naming %s that wraps it, saying it came from the source", theirs, err, target)
	}

	src, err := os.Open(dir)
	must(t, err)
	defer src.Close()
	err = WriteFileFrom(target, src, 0o644)
	if err == nil || !errors.As(err, &pe) || pe.Path != target || !strings.Contains(err.Error(), "reading the source: ") {
		t.Errorf("WriteFileFrom with a directory as the source: %v, want a PathError naming %s saying the source failed", err, target)
	}
	checkWritten(t, dir, target, "old", 0o644&^umaskForTests())
}

// wrapped is an error of a reader's own that wraps another.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg + ": " + w.err.Error() }
func (w *wrapped) Unwrap() error { return w.err }

// TestAtomicFileIsAWriter: an *AtomicFile is what encoders and io.Copy
// take (with ReadFrom, so that io.Copy hands the copy to the file, where
// the system copies in the kernel), and what io.WriteCloser holders
// close.
func TestAtomicFileIsAWriter(t *testing.T) {
	var a any = &AtomicFile{}
	for _, tt := range []struct {
		name string
		ok   bool
	}{
		{"io.Writer", is[io.Writer](a)},
		{"io.StringWriter", is[io.StringWriter](a)},
		{"io.WriterAt", is[io.WriterAt](a)},
		{"io.ReaderFrom", is[io.ReaderFrom](a)},
		{"io.ReadSeeker", is[io.ReadSeeker](a)},
		{"io.ReaderAt", is[io.ReaderAt](a)},
		{"io.WriteCloser", is[io.WriteCloser](a)},
	} {
		if !tt.ok {
			t.Errorf("*AtomicFile is not an %s", tt.name)
		}
	}
	dir := tempDir(t)
	src := filepath.Join(dir, "src")
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<14)
	must(t, os.WriteFile(src, data, 0o644))
	f, err := os.Open(src)
	must(t, err)
	defer f.Close()
	target := filepath.Join(dir, "copy")
	w, err := CreateAtomic(target, 0o644)
	must(t, err)
	defer w.Cleanup()
	if n, err := io.Copy(w, f); n != int64(len(data)) || err != nil {
		t.Fatalf("io.Copy: %d, %v", n, err)
	}
	must(t, w.Commit())
	if b, err := os.ReadFile(target); err != nil || !bytes.Equal(b, data) {
		t.Errorf("%s holds %d bytes, %v; want %d", target, len(b), err, len(data))
	}
}

func is[T any](v any) bool {
	_, ok := v.(T)
	return ok
}
