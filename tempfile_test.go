package mkstemp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
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
// dir on Unix, where Name() is "" (on Windows, its path until it is
// closed), and nothing is left.
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
	} else if len(left) != 0 || f.Name() != "" {
		t.Errorf("while open, %s holds %v and Name() is %q; want nothing and \"\"", dir, left, f.Name())
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("after Close, %s holds %v", dir, left)
	}
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

// spooledOp is one step of a random sequence for a SpooledFile.
type spooledOp struct {
	Op     string `json:"op"` // write, writeat, seek, truncate, read, readat
	Data   []byte `json:"-"`
	Hex    string `json:"data,omitempty"`
	Off    int64  `json:"off"`
	Whence int    `json:"whence"`
	N      int    `json:"n"`
}

// spooledModel tracks what a sequence does to a file's length, position
// and rollover, to choose steps that are valid, and to say when CPython's
// rule rolls the file over.
type spooledModel struct {
	maxSize, size, pos int64
	rolled             bool
}

// next draws a random step and applies it to the model. Writes are small,
// seeks land within or a little past the end, and truncates that would
// make an in-memory file longer without rolling it over are left out when
// python is set (CPython's BytesIO cannot make a file longer there).
func (m *spooledModel) next(r *rand.Rand, python bool) spooledOp {
	switch r.IntN(7) {
	case 0, 1:
		data := make([]byte, r.IntN(12))
		for i := range data {
			data[i] = byte('a' + r.IntN(26))
		}
		if len(data) > 0 { // writing nothing past the end changes nothing
			m.pos += int64(len(data))
			m.size = max(m.size, m.pos)
		}
		m.rolled = m.rolled || (m.maxSize > 0 && m.pos > m.maxSize)
		return spooledOp{Op: "write", Data: data}
	case 2:
		whence := r.IntN(3)
		base := [3]int64{0, m.pos, m.size}[whence]
		off := r.Int64N(m.size+8) - base
		m.pos = base + off
		return spooledOp{Op: "seek", Off: off, Whence: whence}
	case 3:
		size := r.Int64N(m.size + 1)
		if r.IntN(3) == 0 && (!python || m.rolled || m.size+4 > m.maxSize) {
			size = m.size + int64(r.IntN(4)) + 1
			if python && !m.rolled && size <= m.maxSize {
				size = m.maxSize + 1
			}
		}
		m.rolled = m.rolled || size > m.maxSize
		m.size = size
		return spooledOp{Op: "truncate", Off: size}
	case 4:
		n := r.IntN(10)
		m.pos = min(m.size, m.pos+int64(n)) + max(0, m.pos-m.size)
		return spooledOp{Op: "read", N: n}
	}
	return spooledOp{Op: "tell"}
}

// seekFile is what both a SpooledFile and an *os.File are.
type seekFile interface {
	io.ReadWriteSeeker
	io.ReaderAt
	io.WriterAt
	Truncate(int64) error
}

// apply runs op on f and says what it gave.
func apply(t *testing.T, f seekFile, op spooledOp) string {
	t.Helper()
	var res string
	var err error
	switch op.Op {
	case "write":
		var n int
		n, err = f.Write(op.Data)
		res = fmt.Sprint(n)
	case "seek":
		var pos int64
		pos, err = f.Seek(op.Off, op.Whence)
		res = fmt.Sprint(pos)
	case "truncate":
		err = f.Truncate(op.Off)
	case "read":
		b := make([]byte, op.N)
		var n int
		n, err = io.ReadFull(f, b)
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil
		}
		res = fmt.Sprintf("%x", b[:n])
	}
	if err != nil {
		t.Fatalf("%+v: %v", op, err)
	}
	return res
}

// TestSpooledFileBehavesAsAFile drives a SpooledFile and an *os.File with
// the same random steps, for several maxSize values, and compares every
// result, position and the bytes at the end; and checks that the rollover
// happens exactly where CPython's rule says.
func TestSpooledFileBehavesAsAFile(t *testing.T) {
	dir := tempDir(t)
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		maxSize := []int64{0, 1, 10, 40, 1000}[round%5]
		sf := SpooledTemporaryFile(maxSize, "", "", dir)
		ref, err := os.CreateTemp(dir, "ref")
		if err != nil {
			t.Fatal(err)
		}
		m := &spooledModel{maxSize: maxSize}
		for i := range 40 {
			op := m.next(r, false)
			got, want := apply(t, sf, op), apply(t, ref, op)
			gpos, _ := sf.Seek(0, io.SeekCurrent)
			wpos, _ := ref.Seek(0, io.SeekCurrent)
			if got != want || gpos != wpos {
				t.Fatalf("round %d step %d %+v: SpooledFile gave %q at %d, *os.File %q at %d", round, i, op, got, gpos, want, wpos)
			}
			if sf.Rolled() != m.rolled {
				t.Fatalf("round %d step %d %+v (maxSize %d): Rolled() = %v, want %v", round, i, op, maxSize, sf.Rolled(), m.rolled)
			}
		}
		size, err := sf.Size()
		fi, _ := ref.Stat()
		if err != nil || size != fi.Size() {
			t.Fatalf("round %d: Size() = %d, %v; want %d", round, size, err, fi.Size())
		}
		got, want := make([]byte, size+3), make([]byte, size+3)
		gn, gerr := sf.ReadAt(got, 0)
		wn, werr := ref.ReadAt(want, 0)
		if gn != wn || !bytes.Equal(got, want) || (gerr == io.EOF) != (werr == io.EOF) {
			t.Fatalf("round %d: ReadAt gave %d %q %v, want %d %q %v", round, gn, got, gerr, wn, want, werr)
		}
		ref.Close()
		os.Remove(ref.Name())
		if err := sf.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestSpooledFileClosed: after Close, every method fails with os.ErrClosed,
// in memory and after rollover.
func TestSpooledFileClosed(t *testing.T) {
	dir := tempDir(t)
	for _, roll := range []bool{false, true} {
		f := SpooledTemporaryFile(100, "", "", dir)
		f.WriteString("abc")
		if roll {
			if _, err := f.File(); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 1)
		errs := map[string]error{}
		_, errs["Read"] = f.Read(b)
		_, errs["ReadAt"] = f.ReadAt(b, 0)
		_, errs["Write"] = f.Write(b)
		_, errs["WriteAt"] = f.WriteAt(b, 0)
		_, errs["WriteString"] = f.WriteString("x")
		_, errs["Seek"] = f.Seek(0, io.SeekStart)
		errs["Truncate"] = f.Truncate(0)
		_, errs["Size"] = f.Size()
		errs["Rollover"] = f.Rollover()
		_, errs["File"] = f.File()
		errs["Close"] = f.Close()
		for name, err := range errs {
			if !errors.Is(err, os.ErrClosed) {
				t.Errorf("rolled %v: %s after Close: %v, want os.ErrClosed", roll, name, err)
			}
		}
	}
}

// TestSpooledFileFailedRolloverLosesNothing: a rollover that cannot create
// its file returns the error, and every byte stays in memory; once the
// directory is there, the next write rolls over with all of them.
func TestSpooledFileFailedRolloverLosesNothing(t *testing.T) {
	base := tempDir(t)
	dir := filepath.Join(base, "later")
	f := SpooledTemporaryFile(8, "", "", dir)
	defer f.Close()
	if _, err := f.WriteString("12345678"); err != nil {
		t.Fatal(err)
	}
	if n, err := f.WriteString("9"); !errors.Is(err, fs.ErrNotExist) || n != 0 || f.Rolled() {
		t.Fatalf("a write past maxSize with no dir: %d, %v, rolled %v; want 0, a not-exist error, in memory", n, err, f.Rolled())
	}
	if err := f.Truncate(20); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Truncate past maxSize with no dir: %v", err)
	}
	b := make([]byte, 16)
	if n, _ := f.ReadAt(b, 0); string(b[:n]) != "12345678" {
		t.Fatalf("after the failed rollover the file holds %q", b[:n])
	}
	mkdirs(t, dir)
	if _, err := f.WriteString("9"); err != nil || !f.Rolled() {
		t.Fatalf("the next write: %v, rolled %v", err, f.Rolled())
	}
	if n, _ := f.ReadAt(b, 0); string(b[:n]) != "123456789" {
		t.Errorf("after the rollover the file holds %q", b[:n])
	}
	if got := entries(t, dir); runtime.GOOS != "windows" && len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
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
