package mkstemp

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// moveCall is a call of moveFileEx, as hookMoveFileEx saw it: the source
// held the bytes held (or the error of reading it) at the time.
type moveCall struct {
	from, to string
	flags    uint32
	held     string
	readErr  error
}

// hookMoveFileEx makes moveFileEx record each call, then call fail, or
// the real MoveFileEx if fail is nil, until the end of the test.
func hookMoveFileEx(t *testing.T, fail func() error) *[]moveCall {
	t.Helper()
	real := moveFileEx
	t.Cleanup(func() { moveFileEx = real })
	var calls []moveCall
	moveFileEx = func(from, to *uint16, flags uint32) error {
		c := moveCall{from: windows.UTF16PtrToString(from), to: windows.UTF16PtrToString(to), flags: flags}
		b, err := os.ReadFile(c.from)
		c.held, c.readErr = string(b), err
		calls = append(calls, c)
		if fail != nil {
			return fail()
		}
		return real(from, to, flags)
	}
	return &calls
}

// TestWindowsWriteFileMoveFileEx: WriteFile of a new file, and over an
// old one, named relative to the working directory, ends with one
// MoveFileEx, with exactly MOVEFILE_REPLACE_EXISTING and
// MOVEFILE_WRITE_THROUGH, from a name in the target's directory that
// already holds all the new bytes, to the target's absolute path.
func TestWindowsWriteFileMoveFileEx(t *testing.T) {
	dir := tempDir(t)
	t.Chdir(dir)
	target := filepath.Join(dir, "target")
	calls := hookMoveFileEx(t, nil)
	data := strings.Repeat("new", 100000)
	for _, existing := range []bool{false, true} {
		*calls = nil
		if existing {
			writeFile(t, target, "old")
		}
		must(t, WriteFile("target", []byte(data), 0o644))
		checkWritten(t, dir, target, data, 0o644)
		if len(*calls) != 1 {
			t.Fatalf("existing=%v: MoveFileEx called %d times, want once: %+v", existing, len(*calls), *calls)
		}
		c := (*calls)[0]
		if want := uint32(windows.MOVEFILE_REPLACE_EXISTING | windows.MOVEFILE_WRITE_THROUGH); c.flags != want {
			t.Errorf("existing=%v: MoveFileEx flags %#x, want %#x", existing, c.flags, want)
		}
		if c.to != target {
			t.Errorf("existing=%v: MoveFileEx to %q, want %q", existing, c.to, target)
		}
		// The temporary name is as relative as the target's, and the
		// working directory is dir.
		if from, err := filepath.Abs(c.from); err != nil || filepath.Dir(from) != dir || from == target {
			t.Errorf("existing=%v: MoveFileEx from %q, want another name in %s", existing, c.from, dir)
		}
		if c.readErr != nil || c.held != data {
			t.Errorf("existing=%v: at the move the source held %d bytes (%v), want all %d", existing, len(c.held), c.readErr, len(data))
		}
		must(t, os.Remove(target))
	}
}

// TestWindowsWriteFileMoveFails: where MoveFileEx fails, WriteFile returns
// a PathError naming the target that wraps its error; an old file keeps
// its bytes, a new one is not made, and nothing else is left.
func TestWindowsWriteFileMoveFails(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	errMove := errors.New("move refused")
	calls := hookMoveFileEx(t, func() error { return errMove })
	for _, existing := range []bool{true, false} {
		*calls = nil
		var want []string
		if existing {
			writeFile(t, target, "old")
			want = []string{"target"}
		}
		err := WriteFile(target, []byte("new"), 0o644)
		var pe *fs.PathError
		if !errors.Is(err, errMove) || !errors.As(err, &pe) || pe.Path != target {
			t.Errorf("existing=%v: %v, want a PathError for %s wrapping MoveFileEx's error", existing, err, target)
		}
		if len(*calls) != 1 {
			t.Errorf("existing=%v: MoveFileEx called %d times, want once", existing, len(*calls))
		}
		if b, err := os.ReadFile(target); existing && string(b) != "old" {
			t.Errorf("the old file holds %q (%v), want \"old\"", b, err)
		}
		if got := entries(t, dir); !slices.Equal(got, want) {
			t.Errorf("existing=%v: %s holds %v, want %v", existing, dir, got, want)
		}
		os.Remove(target)
	}
}

// readerFunc is a func as an io.Reader.
type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(b []byte) (int, error) { return f(b) }

// TestWindowsWriteFileNameTaken: if the temporary file is moved away
// while WriteFileFrom writes it, and another file is put at its name or
// none, WriteFileFrom moves nothing: it fails with a PathError naming the
// target that matches fs.ErrExist or fs.ErrNotExist, the old file keeps
// its bytes, and the file at the temporary name is left as it is.
func TestWindowsWriteFileNameTaken(t *testing.T) {
	calls := hookMoveFileEx(t, nil)
	for _, other := range []bool{true, false} {
		*calls = nil
		dir := tempDir(t)
		target := filepath.Join(dir, "target")
		writeFile(t, target, "old")
		var temp string
		takeName := readerFunc(func([]byte) (int, error) {
			for _, name := range entries(t, dir) {
				if name != "target" {
					temp = filepath.Join(dir, name)
				}
			}
			must(t, os.Rename(temp, filepath.Join(dir, "moved")))
			if other {
				writeFile(t, temp, "other")
			}
			return 0, io.EOF
		})
		err := WriteFileFrom(target, io.MultiReader(strings.NewReader("new"), takeName), 0o644)
		wantErr := fs.ErrNotExist
		want := []string{"moved", "target"}
		if other {
			wantErr = fs.ErrExist
			want = append(want, filepath.Base(temp))
			slices.Sort(want)
			if b, err := os.ReadFile(temp); string(b) != "other" {
				t.Errorf("other=%v: the file at the temporary name holds %q (%v), want \"other\"", other, b, err)
			}
		}
		var pe *fs.PathError
		if !errors.Is(err, wantErr) || !errors.As(err, &pe) || pe.Path != target {
			t.Errorf("other=%v: %v, want a PathError for %s matching %v", other, err, target, wantErr)
		}
		if len(*calls) != 0 {
			t.Errorf("other=%v: MoveFileEx called: %+v", other, *calls)
		}
		if b, err := os.ReadFile(target); string(b) != "old" {
			t.Errorf("other=%v: the old file holds %q (%v), want \"old\"", other, b, err)
		}
		if got := entries(t, dir); !slices.Equal(got, want) {
			t.Errorf("other=%v: %s holds %v, want %v", other, dir, got, want)
		}
	}
}

// TestWindowsWriteFileFlushesBeforeTheMove: WriteFile of a new file, and
// over an old one, flushes the temporary file (FlushFileBuffers), once,
// when it holds all the new bytes, and before MoveFileEx moves its name.
func TestWindowsWriteFileFlushesBeforeTheMove(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	calls := hookMoveFileEx(t, nil)
	var steps []string
	real := flushFile
	t.Cleanup(func() { flushFile = real })
	flushFile = func(f *os.File) error {
		b, err := os.ReadFile(f.Name())
		steps = append(steps, fmt.Sprintf("flush %s holding %d bytes (%v) after %d moves", f.Name(), len(b), err, len(*calls)))
		return real(f)
	}
	data := strings.Repeat("new", 10000)
	for _, existing := range []bool{false, true} {
		steps, *calls = nil, nil
		if existing {
			writeFile(t, target, "old")
		}
		must(t, WriteFile(target, []byte(data), 0o644))
		if len(*calls) != 1 {
			t.Fatalf("existing=%v: MoveFileEx called %d times, want once", existing, len(*calls))
		}
		from := (*calls)[0].from
		want := []string{fmt.Sprintf("flush %s holding %d bytes (<nil>) after 0 moves", from, len(data))}
		if !slices.Equal(steps, want) {
			t.Errorf("existing=%v: before the move from %s: %q, want %q", existing, from, steps, want)
		}
		must(t, os.Remove(target))
	}
}

// TestWindowsCreateAtomicMoveFileEx: CreateAtomic's Commit ends with one
// MoveFileEx with MOVEFILE_REPLACE_EXISTING and MOVEFILE_WRITE_THROUGH from
// a name in the target's directory that holds all the bytes, after they
// were flushed; CommitNoClobber's has MOVEFILE_WRITE_THROUGH alone, so
// that an existing file is not replaced (fs.ErrExist, nothing changes).
func TestWindowsCreateAtomicMoveFileEx(t *testing.T) {
	dir := tempDir(t)
	target := filepath.Join(dir, "target")
	calls := hookMoveFileEx(t, nil)
	flushes := hookFlushFile(t, calls)
	for _, noClobber := range []bool{false, true} {
		*calls, *flushes = nil, nil
		writeFile(t, target, "old")
		a, err := CreateAtomic(target, 0o644)
		must(t, err)
		if _, err := a.WriteString("new"); err != nil {
			t.Fatal(err)
		}
		want := uint32(windows.MOVEFILE_REPLACE_EXISTING | windows.MOVEFILE_WRITE_THROUGH)
		if noClobber {
			want = windows.MOVEFILE_WRITE_THROUGH
			if err := a.CommitNoClobber(); !errors.Is(err, fs.ErrExist) {
				t.Errorf("CommitNoClobber over a file: %v, want fs.ErrExist", err)
			}
			checkWritten(t, dir, target, "old", 0o644)
		} else {
			must(t, a.Commit())
			checkWritten(t, dir, target, "new", 0o644)
		}
		if len(*calls) != 1 || (*calls)[0].flags != want || (*calls)[0].to != target || (*calls)[0].held != "new" {
			t.Errorf("noClobber=%v: MoveFileEx calls %+v, want one with flags %#x to %s holding \"new\"", noClobber, *calls, want, target)
		}
		if !slices.Equal(*flushes, []string{"new after 0 moves"}) {
			t.Errorf("noClobber=%v: the file was flushed %q, want once, holding \"new\", before the move", noClobber, *flushes)
		}
		must(t, os.Remove(target))
	}
}

// hookFlushFile makes flushFile record, at each call, what the file held
// and how many of calls had been made, until the end of the test.
func hookFlushFile(t *testing.T, calls *[]moveCall) *[]string {
	t.Helper()
	real := flushFile
	t.Cleanup(func() { flushFile = real })
	var flushes []string
	flushFile = func(f *os.File) error {
		b, err := os.ReadFile(f.Name())
		if err != nil {
			flushes = append(flushes, err.Error())
		} else {
			flushes = append(flushes, fmt.Sprintf("%s after %d moves", b, len(*calls)))
		}
		return real(f)
	}
	return &flushes
}
