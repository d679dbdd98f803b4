package mkstemp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// hookPersistSteps makes syncFile, createHardLink and moveFileEx record
// each call in order, with what the file held and whether target existed
// at the time, until the end of the test. The nth flush (from 1) fails
// with errFlush if failFlush is n; every other call goes to the system.
func hookPersistSteps(t *testing.T, target string, failFlush int) *[]string {
	t.Helper()
	realSync, realLink, realMove := syncFile, createHardLink, moveFileEx
	t.Cleanup(func() { syncFile, createHardLink, moveFileEx = realSync, realLink, realMove })
	var steps []string
	flushes := 0
	syncFile = func(f *os.File) error {
		flushes++
		fi, err := f.Stat()
		var size int64 = -1
		if err == nil {
			size = fi.Size()
		}
		steps = append(steps, fmt.Sprintf("flush of %d bytes, target there: %v", size, exists(target)))
		if flushes == failFlush {
			return &os.PathError{Op: "sync", Path: f.Name(), Err: errFlush}
		}
		return realSync(f)
	}
	createHardLink = func(link, existing *uint16, reserved uintptr) error {
		steps = append(steps, fmt.Sprintf("CreateHardLink %s, target there: %v",
			filepath.Base(windows.UTF16PtrToString(link)), exists(target)))
		return realLink(link, existing, reserved)
	}
	moveFileEx = func(from, to *uint16, flags uint32) error {
		steps = append(steps, fmt.Sprintf("MoveFileEx to %s, flags %#x", filepath.Base(windows.UTF16PtrToString(to)), flags))
		return realMove(from, to, flags)
	}
	return &steps
}

var errFlush = errors.New("flush refused")

// TestWindowsPersistDeleteOnCloseFlushesFirst: Persist and
// PersistNoClobber of a file made with delete and deleteOnClose (a second
// name by CreateHardLink) flush the file holding all its data before
// CreateHardLink; PersistNoClobber, whose CreateHardLink is not write-through,
// flushes it again once the link is at the target; Persist moves the link
// over the target with MOVEFILE_WRITE_THROUGH. After Close the target
// holds the data.
func TestWindowsPersistDeleteOnCloseFlushesFirst(t *testing.T) {
	const data = "data made lasting"
	for _, noClobber := range []bool{false, true} {
		dir := tempDir(t)
		target := filepath.Join(dir, "target")
		steps := hookPersistSteps(t, target, 0)
		f := persistable(t, dir, data, true, true)
		persist := f.Persist
		if noClobber {
			persist = f.PersistNoClobber
		}
		must(t, persist(target))
		flushed := fmt.Sprintf("flush of %d bytes, target there: false", len(data))
		var want []string
		if noClobber {
			want = []string{flushed, "CreateHardLink target, target there: false", fmt.Sprintf("flush of %d bytes, target there: true", len(data))}
		} else {
			if len(*steps) != 3 || !strings.HasPrefix((*steps)[1], "CreateHardLink ") {
				t.Fatalf("noClobber=%v: steps %q, want a flush, CreateHardLink of a fresh name, MoveFileEx", noClobber, *steps)
			}
			want = []string{flushed, (*steps)[1], fmt.Sprintf("MoveFileEx to target, flags %#x", windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)}
		}
		if !slices.Equal(*steps, want) {
			t.Errorf("noClobber=%v: steps\n\t%q\nwant\n\t%q", noClobber, *steps, want)
		}
		must(t, f.Close())
		if b, err := os.ReadFile(target); err != nil || string(b) != data {
			t.Errorf("noClobber=%v: after Close the target holds %q (%v), want %q", noClobber, b, err, data)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
			t.Errorf("noClobber=%v: after Close %s holds %v, want only target", noClobber, dir, got)
		}
	}
}

// TestWindowsPersistDeleteOnCloseFlushFails: where a flush fails, before
// the link or (PersistNoClobber) after it, Persist and PersistNoClobber of a
// file made with delete and deleteOnClose return an *os.LinkError wrapping
// the flush's error and leave the file at its temporary name, which Close
// removes; nothing is at the target: at once where the flush before the
// link fails, and by Close where the one after it fails (the link is
// removed, and Wine, as Windows without POSIX delete semantics, keeps a
// removed name until the file's last handle closes; a link left in place
// would outlive Close).
func TestWindowsPersistDeleteOnCloseFlushFails(t *testing.T) {
	for _, c := range []struct {
		noClobber bool
		failFlush int
	}{{false, 1}, {true, 1}, {true, 2}} {
		dir := tempDir(t)
		target := filepath.Join(dir, "target")
		steps := hookPersistSteps(t, target, c.failFlush)
		f := persistable(t, dir, "data", true, true)
		temp := f.Name()
		persist := f.Persist
		if c.noClobber {
			persist = f.PersistNoClobber
		}
		err := persist(target)
		var le *os.LinkError
		if !errors.Is(err, errFlush) || !errors.As(err, &le) || le.Old != temp || le.New != target {
			t.Errorf("noClobber=%v, flush %d failing: %v, want an *os.LinkError from %s to %s wrapping %v", c.noClobber, c.failFlush, err, temp, target, errFlush)
		}
		if n := len(*steps); c.failFlush == 1 && n != 1 {
			t.Errorf("noClobber=%v, flush %d failing: steps %q, want the flush alone", c.noClobber, c.failFlush, *steps)
		}
		if c.failFlush == 1 && exists(target) {
			t.Errorf("noClobber=%v, flush %d failing: the target exists", c.noClobber, c.failFlush)
		}
		if f.Name() != temp || !exists(temp) {
			t.Errorf("noClobber=%v, flush %d failing: Name() = %q, the temporary name there: %v; want %q, there", c.noClobber, c.failFlush, f.Name(), exists(temp), temp)
		}
		must(t, f.Close())
		if got := entries(t, dir); len(got) != 0 {
			t.Errorf("noClobber=%v, flush %d failing: after Close %s holds %v, want nothing", c.noClobber, c.failFlush, dir, got)
		}
	}
}
