package mkstemp

// The tests of SpooledFile that run on every platform; fuzz_spooled_linux_test.go
// holds those that compare it with a file on Linux's tmpfs.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

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
		m.rolled = m.rolled || (m.maxSize != 0 && m.pos > m.maxSize)
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
// the same random steps, for several maxSize values (a negative one too), and compares every
// result, position and the bytes at the end; and checks that the rollover
// happens exactly where CPython's rule says.
func TestSpooledFileBehavesAsAFile(t *testing.T) {
	dir := tempDir(t)
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		maxSize := []int64{0, 1, 10, 40, 1000, -1}[round%6]
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
// in memory and after rollover, in an *fs.PathError naming
// "(spooled in memory)", or after rollover the file's Name.
func TestSpooledFileClosed(t *testing.T) {
	dir := tempDir(t)
	for _, roll := range []bool{false, true} {
		f := SpooledTemporaryFile(100, "", "", dir)
		f.WriteString("abc")
		path := "(spooled in memory)"
		if roll {
			file, err := f.File()
			if err != nil {
				t.Fatal(err)
			}
			path = file.Name()
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
			var pe *fs.PathError
			if !errors.Is(err, os.ErrClosed) || !errors.As(err, &pe) || pe.Path != path {
				t.Errorf("rolled %v: %s after Close: %v, want os.ErrClosed naming %s", roll, name, err, path)
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

// withSpoolLimit makes n bytes the most a SpooledFile keeps in memory, for
// the test.
func withSpoolLimit(t testing.TB, n int64) {
	old := spoolLimit
	spoolLimit = n
	t.Cleanup(func() { spoolLimit = old })
}

// errNegative stands for the error *os.File's ReadAt and WriteAt give at a
// negative offset: a PathError whose Err, an errors.New, matches nothing.
var errNegative = errors.New("negative offset")

// isErr reports whether err is what want says: nil, io.EOF, errNegative, or
// an error matching want.
func isErr(err, want error) bool {
	switch want {
	case nil:
		return err == nil
	case errNegative:
		var pe *fs.PathError
		return errors.As(err, &pe) && pe.Err.Error() == errNegative.Error()
	}
	return errors.Is(err, want)
}

// spooledCall is one call on a SpooledFile and what it must give: n (or
// the position, for Seek) and an error as isErr reads it.
type spooledCall struct {
	name string
	do   func(f *SpooledFile) (int64, error)
	n    int64
	err  error
}

func writeS(s string) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { n, err := f.Write([]byte(s)); return int64(n), err }
}

func writeString(s string) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { n, err := f.WriteString(s); return int64(n), err }
}

func writeAtS(s string, off int64) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { n, err := f.WriteAt([]byte(s), off); return int64(n), err }
}

func seek(off int64, whence int) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { return f.Seek(off, whence) }
}

func readN(n int) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { m, err := f.Read(make([]byte, n)); return int64(m), err }
}

func readAtN(n int, off int64) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { m, err := f.ReadAt(make([]byte, n), off); return int64(m), err }
}

func truncate(size int64) func(*SpooledFile) (int64, error) {
	return func(f *SpooledFile) (int64, error) { return 0, f.Truncate(size) }
}

// TestSpooledFileExtremeOffsets: in memory, offsets and whence values at
// the edges of int64 give what an *os.File on Linux's tmpfs gives (the
// seeds of FuzzSpooledFile check these against a real one): a read, write
// or seek whose end would be past the int64 range fails with EINVAL, a
// whence other than 0, 1 and 2 too, and a failed call changes nothing. No
// call panics or rolls the file over.
func TestSpooledFileExtremeOffsets(t *testing.T) {
	const top, bottom = math.MaxInt64, math.MinInt64
	einval := syscall.EINVAL
	cases := []struct {
		name      string
		steps     []spooledCall
		pos, size int64
	}{
		{"WriteAt whose end is past int64", []spooledCall{
			{"WriteAt(ab, MaxInt64-1)", writeAtS("ab", top-1), 0, einval},
			{"WriteAt(a, MaxInt64)", writeAtS("a", top), 0, einval},
			{"WriteAt(nothing, MaxInt64)", writeAtS("", top), 0, nil},
			{"WriteAt(nothing, -1)", writeAtS("", -1), 0, errNegative},
			{"WriteAt(a, MinInt64)", writeAtS("a", bottom), 0, errNegative},
		}, 0, 0},
		{"Write at MaxInt64-1", []spooledCall{
			{"Seek(MaxInt64-1, SeekStart)", seek(top-1, io.SeekStart), top - 1, nil},
			{"Write(ab)", writeS("ab"), 0, einval},
			{"WriteString(ab)", writeString("ab"), 0, einval},
			{"Write(nothing)", writeS(""), 0, nil},
		}, top - 1, 0},
		{"at MaxInt64", []spooledCall{
			{"Seek(MaxInt64, SeekStart)", seek(top, io.SeekStart), top, nil},
			{"Write(a)", writeS("a"), 0, einval},
			{"WriteString(nothing)", writeString(""), 0, nil},
			{"Read(4 bytes)", readN(4), 0, einval},
			{"Read(nothing)", readN(0), 0, nil},
			{"Seek(1, SeekCurrent)", seek(1, io.SeekCurrent), 0, einval},
			{"Seek(MaxInt64, SeekCurrent)", seek(top, io.SeekCurrent), 0, einval},
			{"Seek(MinInt64, SeekCurrent)", seek(bottom, io.SeekCurrent), 0, einval},
			{"Seek(0, SeekCurrent)", seek(0, io.SeekCurrent), top, nil},
			{"Seek(-MaxInt64, SeekCurrent)", seek(-top, io.SeekCurrent), 0, nil},
		}, 0, 0},
		{"whence other than 0, 1, 2", []spooledCall{
			{"Write(hello)", writeS("hello"), 5, nil},
			{"Seek(2, SeekStart)", seek(2, io.SeekStart), 2, nil},
			{"Seek(0, 3)", seek(0, 3), 0, einval},
			{"Seek(0, 4)", seek(0, 4), 0, einval},
			{"Seek(0, -1)", seek(0, -1), 0, einval},
			{"Seek(0, 100)", seek(0, 100), 0, einval},
			{"Seek(0, MaxInt)", seek(0, math.MaxInt), 0, einval},
			{"Seek(0, MinInt)", seek(0, math.MinInt), 0, einval},
		}, 2, 5},
		{"SeekEnd", []spooledCall{
			{"Write(hello)", writeS("hello"), 5, nil},
			{"Seek(MaxInt64, SeekEnd)", seek(top, io.SeekEnd), 0, einval},
			{"Seek(MinInt64, SeekEnd)", seek(bottom, io.SeekEnd), 0, einval},
			{"Seek(-6, SeekEnd)", seek(-6, io.SeekEnd), 0, einval},
			{"Seek(MaxInt64-5, SeekEnd)", seek(top-5, io.SeekEnd), top, nil},
			{"Seek(-5, SeekEnd)", seek(-5, io.SeekEnd), 0, nil},
		}, 0, 5},
		{"SeekStart and SeekCurrent", []spooledCall{
			{"Seek(-1, SeekStart)", seek(-1, io.SeekStart), 0, einval},
			{"Seek(MinInt64, SeekStart)", seek(bottom, io.SeekStart), 0, einval},
			{"Seek(10, SeekStart)", seek(10, io.SeekStart), 10, nil},
			{"Seek(MaxInt64, SeekCurrent)", seek(top, io.SeekCurrent), 0, einval},
			{"Seek(-11, SeekCurrent)", seek(-11, io.SeekCurrent), 0, einval},
			{"Seek(MaxInt64-10, SeekCurrent)", seek(top-10, io.SeekCurrent), top, nil},
			{"Seek(MinInt64, SeekCurrent)", seek(bottom, io.SeekCurrent), 0, einval},
			{"Seek(-MaxInt64+3, SeekCurrent)", seek(-top+3, io.SeekCurrent), 3, nil},
		}, 3, 0},
		{"Truncate to a negative size", []spooledCall{
			{"Write(hello)", writeS("hello"), 5, nil},
			{"Truncate(-1)", truncate(-1), 0, einval},
			{"Truncate(MinInt64)", truncate(bottom), 0, einval},
		}, 5, 5},
		{"ReadAt", []spooledCall{
			{"Write(hello)", writeS("hello"), 5, nil},
			{"ReadAt(4 bytes, MaxInt64-1)", readAtN(4, top-1), 0, einval},
			{"ReadAt(4 bytes, MaxInt64-3)", readAtN(4, top-3), 0, einval},
			{"ReadAt(4 bytes, MaxInt64-4)", readAtN(4, top-4), 0, io.EOF},
			{"ReadAt(4 bytes, -1)", readAtN(4, -1), 0, errNegative},
			{"ReadAt(nothing, -1)", readAtN(0, -1), 0, errNegative},
			{"ReadAt(nothing, 0)", readAtN(0, 0), 0, nil},
			{"ReadAt(nothing, 5)", readAtN(0, 5), 0, nil},
			{"ReadAt(nothing, MaxInt64)", readAtN(0, top), 0, nil},
			{"ReadAt(4 bytes, 3)", readAtN(4, 3), 2, io.EOF},
			{"ReadAt(4 bytes, 1)", readAtN(4, 1), 4, nil},
		}, 5, 5},
		{"Read of nothing", []spooledCall{
			{"Read(nothing) of an empty file", readN(0), 0, nil},
			{"Write(hi)", writeS("hi"), 2, nil},
			{"Read(nothing) at the end", readN(0), 0, nil},
			{"Seek(100, SeekStart)", seek(100, io.SeekStart), 100, nil},
			{"Read(nothing) past the end", readN(0), 0, nil},
			{"Read(4 bytes) past the end", readN(4), 0, io.EOF},
		}, 100, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := SpooledTemporaryFile(0, "", "", filepath.Join(tempDir(t), "never"))
			defer f.Close()
			for _, s := range c.steps {
				n, err := s.do(f)
				if n != s.n || !isErr(err, s.err) {
					t.Errorf("%s: %d, %v; want %d, %v", s.name, n, err, s.n, s.err)
				}
			}
			pos, err := f.Seek(0, io.SeekCurrent)
			size, _ := f.Size()
			if pos != c.pos || err != nil || size != c.size || f.Rolled() {
				t.Errorf("afterwards: position %d (%v), size %d, rolled %v; want %d, %d, in memory", pos, err, size, f.Rolled(), c.pos, c.size)
			}
		})
	}
}

// TestSpooledFileNegativeMaxSize: with a negative maxSize the first write
// rolls the file over, even an empty one, as does a Truncate to any size
// (CPython: tell() > max_size after a write, size > max_size); reading and
// seeking do not.
func TestSpooledFileNegativeMaxSize(t *testing.T) {
	dir := tempDir(t)
	for _, maxSize := range []int64{-1, math.MinInt64} {
		for _, s := range []spooledCall{
			{"Write(nothing)", writeS(""), 0, nil},
			{"WriteString(nothing)", writeString(""), 0, nil},
			{"WriteAt(nothing, 0)", writeAtS("", 0), 0, nil},
			{"Write(a)", writeS("a"), 1, nil},
			{"Truncate(0)", truncate(0), 0, nil},
		} {
			f := SpooledTemporaryFile(maxSize, "", "", dir)
			f.Seek(3, io.SeekStart)
			f.Read(make([]byte, 4))
			if f.Rolled() {
				t.Fatalf("maxSize %d: rolled over before any write", maxSize)
			}
			if n, err := s.do(f); n != s.n || err != nil || !f.Rolled() {
				t.Errorf("maxSize %d, %s: %d, %v, rolled %v; want %d, nil, rolled over", maxSize, s.name, n, err, f.Rolled(), s.n)
			}
			f.Close()
		}
	}
}

// TestSpooledFileMemoryLimit: whatever maxSize, a write or Truncate that
// would keep more than the limit in memory rolls the file over first, with
// every byte and the position; up to the limit the file stays in memory;
// and if that rollover fails, its error is returned and nothing is lost.
// (fuzz_spooled_linux_test.go checks the real 1 GiB limit on Linux.)
func TestSpooledFileMemoryLimit(t *testing.T) {
	const limit = 1 << 12
	withSpoolLimit(t, limit)
	dir := tempDir(t)
	for _, maxSize := range []int64{0, 2 * limit, math.MaxInt64} {
		for _, c := range []struct {
			name   string
			do     func(f *SpooledFile) (int64, error)
			n      int64
			rolled bool
		}{
			{"WriteAt ending at the limit", writeAtS(strings.Repeat("x", limit-3), 3), limit - 3, false},
			{"WriteAt leaving a hole of a 64th of the limit", writeAtS("x", 3+limit/64), 1, false},
			{"WriteAt leaving a larger hole", writeAtS("x", 3+limit/64+1), 1, true},
			{"WriteAt ending past the limit", writeAtS("x", limit), 1, true},
			{"WriteAt far past the limit", writeAtS("x", 1<<20), 1, true},
			{"WriteAt(nothing) past the limit", writeAtS("", 1<<20), 0, maxSize != math.MaxInt64},
			{"Write ending past the limit", func(f *SpooledFile) (int64, error) {
				f.Seek(limit, io.SeekStart)
				return writeS("x")(f)
			}, 1, true},
			{"WriteString ending past the limit", func(f *SpooledFile) (int64, error) {
				f.Seek(limit-1, io.SeekStart)
				return writeString("xy")(f)
			}, 2, true},
			{"Truncate past the limit", truncate(limit + 1), 0, true},
		} {
			if maxSize == 0 && c.name == "WriteAt(nothing) past the limit" {
				c.rolled = false // nothing grows, and maxSize 0 never rolls by size
			}
			f := SpooledTemporaryFile(maxSize, "", "", dir)
			f.WriteString("abc")
			f.Seek(1, io.SeekStart)
			n, err := c.do(f)
			if n != c.n || err != nil || f.Rolled() != c.rolled {
				t.Errorf("maxSize %d, %s: %d, %v, rolled %v; want %d, nil, rolled %v", maxSize, c.name, n, err, f.Rolled(), c.n, c.rolled)
			}
			if got := make([]byte, 3); !f.Rolled() || c.name == "Truncate past the limit" {
				if _, err := f.ReadAt(got, 0); err != nil || string(got) != "abc" {
					t.Errorf("maxSize %d, %s: the file begins %q, %v", maxSize, c.name, got, err)
				}
			}
			f.Close()
		}
	}
	if maxSize := int64(math.MaxInt64); true {
		f := SpooledTemporaryFile(maxSize, "", "", dir)
		defer f.Close()
		f.WriteString(strings.Repeat("x", limit-limit/64))
		if err := f.Truncate(limit); err != nil || f.Rolled() {
			t.Errorf("Truncate to the limit, a hole of a 64th of it: %v, rolled %v; want in memory", err, f.Rolled())
		}
		g := SpooledTemporaryFile(maxSize, "", "", dir)
		defer g.Close()
		if err := g.Truncate(limit/64 + 1); err != nil || !g.Rolled() {
			t.Errorf("Truncate of an empty file to a 64th of the limit and 1: %v, rolled %v; want rolled over", err, g.Rolled())
		}
	}

	missing := filepath.Join(dir, "missing")
	f := SpooledTemporaryFile(0, "", "", missing)
	defer f.Close()
	f.WriteString("abc")
	f.Seek(1, io.SeekStart)
	if n, err := f.WriteAt([]byte("x"), limit); n != 0 || !errors.Is(err, fs.ErrNotExist) || f.Rolled() {
		t.Errorf("a WriteAt past the limit whose rollover fails: %d, %v, rolled %v", n, err, f.Rolled())
	}
	if err := f.Truncate(limit + 1); !errors.Is(err, fs.ErrNotExist) || f.Rolled() {
		t.Errorf("a Truncate past the limit whose rollover fails: %v, rolled %v", err, f.Rolled())
	}
	size, _ := f.Size()
	pos, _ := f.Seek(0, io.SeekCurrent)
	got := make([]byte, 8)
	n, _ := f.ReadAt(got, 0)
	if size != 3 || pos != 1 || string(got[:n]) != "abc" {
		t.Errorf("after the failed rollovers: size %d, position %d, bytes %q; want 3, 1, abc", size, pos, got[:n])
	}
}

// TestSpooledFileGrowthZeroes: bytes between the old end and a write or
// Truncate past it read as zeros, even where the buffer once held others.
func TestSpooledFileGrowthZeroes(t *testing.T) {
	f := SpooledTemporaryFile(1000, "", "", tempDir(t))
	defer f.Close()
	f.WriteString("abcdefgh")
	f.Truncate(2)
	f.Seek(4, io.SeekStart)
	f.WriteString("x")
	f.Truncate(3)
	f.Truncate(6)
	f.WriteAt([]byte("y"), 8)
	got := make([]byte, 16)
	n, _ := f.ReadAt(got, 0)
	if want := "ab\x00\x00\x00\x00\x00\x00y"; string(got[:n]) != want {
		t.Errorf("the file holds %q, want %q", got[:n], want)
	}
}

// TestSpooledFileReadNothing: a Read or ReadAt of nothing returns 0 and no
// error, at the start, the end and past it, in memory and after rollover,
// as *os.File's does; ReadAt at a negative offset fails in both.
func TestSpooledFileReadNothing(t *testing.T) {
	dir := tempDir(t)
	for _, roll := range []bool{false, true} {
		f := SpooledTemporaryFile(0, "", "", dir)
		f.WriteString("hello")
		if roll {
			must(t, f.Rollover())
		}
		for _, off := range []int64{0, 5, 100} {
			f.Seek(off, io.SeekStart)
			if n, err := f.Read(nil); n != 0 || err != nil {
				t.Errorf("rolled %v: Read(nothing) at %d: %d, %v", roll, off, n, err)
			}
			if n, err := f.ReadAt([]byte{}, off); n != 0 || err != nil {
				t.Errorf("rolled %v: ReadAt(nothing, %d): %d, %v", roll, off, n, err)
			}
		}
		if n, err := f.ReadAt(nil, -1); n != 0 || !isErr(err, errNegative) {
			t.Errorf("rolled %v: ReadAt(nothing, -1): %d, %v", roll, n, err)
		}
		f.Close()
	}
}

// spooledCalls calls each exported method of *SpooledFile on f and returns
// its error (for Rolled, an error if it reports true).
var spooledCalls = map[string]func(f *SpooledFile) error{
	"Read":        func(f *SpooledFile) error { _, err := f.Read(make([]byte, 4)); return err },
	"ReadAt":      func(f *SpooledFile) error { _, err := f.ReadAt(make([]byte, 2), 0); return err },
	"Write":       func(f *SpooledFile) error { _, err := f.Write([]byte("abc")); return err },
	"WriteAt":     func(f *SpooledFile) error { _, err := f.WriteAt([]byte("d"), 3); return err },
	"WriteString": func(f *SpooledFile) error { _, err := f.WriteString("efg"); return err },
	"Seek":        func(f *SpooledFile) error { _, err := f.Seek(1, io.SeekStart); return err },
	"Truncate":    func(f *SpooledFile) error { return f.Truncate(0) },
	"Size":        func(f *SpooledFile) error { _, err := f.Size(); return err },
	"Rolled": func(f *SpooledFile) error {
		if f.Rolled() {
			return errors.New("rolled over")
		}
		return nil
	},
	"Rollover": func(f *SpooledFile) error { return f.Rollover() },
	"File":     func(f *SpooledFile) error { _, err := f.File(); return err },
	"Close":    func(f *SpooledFile) error { return f.Close() },
}

// TestSpooledCallsCoverEveryMethod: spooledCalls names every exported
// method, so that the nil and zero-value tests call each.
func TestSpooledCallsCoverEveryMethod(t *testing.T) {
	typ := reflect.TypeFor[*SpooledFile]()
	var methods, calls []string
	for i := range typ.NumMethod() {
		methods = append(methods, typ.Method(i).Name)
	}
	for name := range spooledCalls {
		calls = append(calls, name)
	}
	slices.Sort(calls)
	if !slices.Equal(methods, calls) {
		t.Errorf("*SpooledFile has methods %v; spooledCalls calls %v", methods, calls)
	}
}

// TestSpooledFileNil: every method of a nil *SpooledFile returns an error
// matching fs.ErrInvalid, as a nil *os.File's do, and Rolled false; none
// panics.
func TestSpooledFileNil(t *testing.T) {
	var f *SpooledFile
	for name, call := range spooledCalls {
		err := call(f)
		if name == "Rolled" {
			if err != nil {
				t.Errorf("Rolled() of nil is true")
			}
			continue
		}
		if !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("%s of nil: %v, want fs.ErrInvalid", name, err)
		}
	}
}

// TestSpooledFileZeroValue: the zero SpooledFile is an in-memory file, as
// SpooledTemporaryFile(0, "", "", "") returns: writes of any size stay in
// memory, and Rollover moves it to the default directory; after Close,
// every method fails with os.ErrClosed.
func TestSpooledFileZeroValue(t *testing.T) {
	tmp := tempDir(t)
	clearTempEnv(t)
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		t.Setenv(env, tmp)
	}
	freshTempdir(t)
	var f SpooledFile
	for _, name := range []string{"Truncate", "Write", "WriteString", "WriteAt", "Seek", "Read", "ReadAt", "Size", "Rolled"} {
		if err := spooledCalls[name](&f); err != nil {
			t.Fatalf("%s of the zero SpooledFile: %v", name, err)
		}
	}
	f.Write(make([]byte, 100<<10))
	f.Seek(1<<20, io.SeekStart)
	f.WriteString("end")
	size, err := f.Size()
	if err != nil || size != 1<<20+3 || f.Rolled() {
		t.Fatalf("the zero SpooledFile after writes: size %d, %v, rolled %v; want %d, in memory", size, err, f.Rolled(), 1<<20+3)
	}
	if err := f.Rollover(); err != nil || !f.Rolled() {
		t.Fatalf("Rollover of the zero SpooledFile: %v, rolled %v", err, f.Rolled())
	}
	file, err := f.File()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "windows" {
		if dir, base := filepath.Split(file.Name()); filepath.Clean(dir) != tmp || !strings.HasPrefix(base, template) {
			t.Errorf("the zero SpooledFile rolled over to %s, want %s in %s", file.Name(), template+"…", tmp)
		}
	}
	got := make([]byte, 3)
	if _, err := f.ReadAt(got, 1<<20); err != nil || string(got) != "end" {
		t.Errorf("after rollover the file ends %q, %v", got, err)
	}
	must(t, spooledCalls["Close"](&f))
	for name, call := range spooledCalls {
		if err := call(&f); name != "Rolled" && !errors.Is(err, os.ErrClosed) {
			t.Errorf("%s of the closed zero SpooledFile: %v, want os.ErrClosed", name, err)
		}
	}
	if left := entries(t, tmp); len(left) != 0 {
		t.Errorf("%s holds %v", tmp, left)
	}
}

// TestSpooledFileWriteAllocations: a write into room the buffer has
// allocates nothing (WriteString does not copy its string), and writing
// 64 KiB in 4 KiB pieces allocates the SpooledFile and its buffer's growth
// by doubling: 4, 8, 16, 32 and 64 KiB.
func TestSpooledFileWriteAllocations(t *testing.T) {
	piece := strings.Repeat("x", 4<<10)
	f := SpooledTemporaryFile(1<<20, "", "", "")
	defer f.Close()
	f.Write(make([]byte, 64<<10))
	b := []byte(piece)
	if allocs := testing.AllocsPerRun(100, func() {
		f.Seek(0, io.SeekStart)
		f.WriteString(piece)
		f.Write(b)
	}); allocs != 0 {
		t.Errorf("a write into room the buffer has allocates %v times, want 0", allocs)
	}
	if allocs := testing.AllocsPerRun(20, func() {
		f := SpooledTemporaryFile(1<<20, "", "", "")
		for range 16 {
			f.Write(b)
		}
		f.Close()
	}); allocs > 6 {
		t.Errorf("writing 64 KiB in 4 KiB pieces allocates %v times, want at most 6", allocs)
	}
}
