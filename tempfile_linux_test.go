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
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// TestCleanupSwapRace: while Cleanup runs, a goroutine exchanges a
// directory of the tree with a symbolic link to a directory outside
// (renameat2 RENAME_EXCHANGE, so that the name is always one or the
// other), as fast as it can, for 30 rounds (300 with MKSTEMP_STRESS=1):
// nothing outside is ever removed or changed, which a remover that
// followed the link would do.
func TestCleanupSwapRace(t *testing.T) {
	base := t.TempDir()
	outside, before := preciousOutside(t, base, 50)
	var swaps int64
	rounds := stress(30, 300)
	for round := range rounds {
		td, err := TemporaryDirectory("", "", base, true)
		must(t, err)
		sub, link := filepath.Join(td.Name(), "sub"), filepath.Join(td.Name(), "link")
		mkdirs(t, sub)
		for i := range 20 {
			writeFile(t, filepath.Join(sub, fmt.Sprintf("f%02d", i)), "z")
		}
		must(t, os.Symlink(outside, link))
		n, _ := cleanupWhileExchanging(t, td, [][2]string{{sub, link}})
		swaps += n
		if after := snapshot(t, outside); !mapsEqual(after, before) {
			t.Fatalf("round %d: outside changed: %d entries, was %d", round, len(after), len(before))
		}
	}
	t.Logf("%d exchanges of a directory and a symbolic link during %d cleanups", swaps, rounds)
}

// preciousOutside makes in base a directory "outside" holding n files not
// to be touched, and returns it and a snapshot of it.
func preciousOutside(t *testing.T, base string, n int) (string, map[string]string) {
	t.Helper()
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside)
	for i := range n {
		writeFile(t, filepath.Join(outside, fmt.Sprintf("precious%02d", i)), "keep")
	}
	return outside, snapshot(t, outside)
}

// cleanupWhileExchanging runs td.Cleanup while a goroutine for each pair
// exchanges its two paths (renameat2 RENAME_EXCHANGE, so that each name
// is always one or the other) as fast as it can, then removes what is
// left with os.RemoveAll, which follows no link either. It returns how
// many exchanges were made, and Cleanup's error.
func cleanupWhileExchanging(t *testing.T, td *TempDir, pairs [][2]string) (int64, error) {
	t.Helper()
	var swaps atomic.Int64
	var stop atomic.Bool
	var wg sync.WaitGroup
	for _, pair := range pairs {
		wg.Go(func() {
			for !stop.Load() {
				if unix.Renameat2(unix.AT_FDCWD, pair[0], unix.AT_FDCWD, pair[1], unix.RENAME_EXCHANGE) == nil {
					swaps.Add(1)
				}
			}
		})
	}
	err := td.Cleanup()
	stop.Store(true)
	wg.Wait()
	if err := os.RemoveAll(td.Name()); err != nil {
		t.Fatal(err)
	}
	cleanupAgain(t, td)
	return swaps.Load(), err
}

// inotifyWatch watches dir for entries created, moved in or removed, and
// returns a function that reports the events seen so far.
func inotifyWatch(t *testing.T, dir string) func() []string {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	must(t, err)
	t.Cleanup(func() { unix.Close(fd) })
	if _, err := unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_DELETE); err != nil {
		t.Fatal(err)
	}
	return func() []string {
		var seen []string
		buf := make([]byte, 64<<10)
		for {
			n, err := unix.Read(fd, buf)
			if err == unix.EAGAIN {
				return seen
			}
			must(t, err)
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
				name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)]), "\x00")
				seen = append(seen, fmt.Sprintf("%#x %s", ev.Mask, name))
				off += unix.SizeofInotifyEvent + int(ev.Len)
			}
		}
	}
}

// TestTemporaryFileLeavesNoEntry: an inotify watch on dir sees no entry
// made or removed by TemporaryFile (O_TMPFILE), and sees Mkstemp's, so
// that the watch is shown to work.
func TestTemporaryFileLeavesNoEntry(t *testing.T) {
	dir := t.TempDir()
	events := inotifyWatch(t, dir)
	n := useNames(t)
	for range 10 {
		f, err := TemporaryFile("", "", dir)
		must(t, err)
		if _, err := f.WriteString("data"); err != nil {
			t.Fatal(err)
		}
		must(t, f.Close())
	}
	if seen := events(); len(seen) != 0 {
		t.Errorf("TemporaryFile made entries in %s: %v", dir, seen)
	}
	if n.Load() != 0 {
		t.Errorf("%d names drawn: the fallback ran", n.Load())
	}
	fd, path, err := Mkstemp("", "", dir, false)
	must(t, err)
	unix.Close(fd)
	os.Remove(path)
	if seen := events(); len(seen) != 2 {
		t.Errorf("the watch saw %v for Mkstemp and Remove, want 2 events", seen)
	}
}

// TestTemporaryFileFallbackForReal: on a file system without O_TMPFILE
// (mqueue, mounted in a private mount namespace), TemporaryFile falls back
// to create and unlink, leaves nothing, and keeps trying O_TMPFILE. The
// re-run has its own IPC namespace too: a user who is not root (and so
// gets a user namespace from inMountNamespace) may mount only the mqueue
// of an IPC namespace that its user namespace owns.
func TestTemporaryFileFallbackForReal(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, []string{needTool(t, "unshare"), "--ipc"})
		return
	}
	dir := t.TempDir()
	if err := unix.Mount("mqueue", dir, "mqueue", 0, ""); err != nil {
		missing(t, fmt.Sprintf("needs to mount mqueue (root, or a user and an IPC namespace), which is not allowed here: %v", err))
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) })
	if fd, err := openTmpfile(dir); err == nil {
		unix.Close(fd)
		t.Fatalf("O_TMPFILE works on mqueue: the fallback would not run")
	} else {
		t.Logf("O_TMPFILE on mqueue: %v", err)
	}
	n := useNames(t)
	for i := range 3 {
		f, err := TemporaryFile("", "", dir)
		if err != nil {
			t.Fatalf("TemporaryFile on mqueue: %v", err)
		}
		f.Close()
		if n.Load() != int64(i+1) {
			t.Errorf("call %d: %d names drawn, want one per call", i, n.Load())
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
	if noTmpfile.Load() {
		t.Error("a file system without O_TMPFILE made the process stop trying it")
	}
}

// TestTemporaryFileOldKernel: an open that reads O_TMPFILE as O_DIRECTORY
// (EISDIR, Linux before 3.11) makes the process fall back, and never try
// O_TMPFILE again; any other error falls back for that call only.
func TestTemporaryFileOldKernel(t *testing.T) {
	dir := t.TempDir()
	var calls atomic.Int64
	fail := unix.EISDIR
	real := openTmpfile
	openTmpfile = func(string) (int, error) { calls.Add(1); return -1, fail }
	t.Cleanup(func() {
		openTmpfile = real
		noTmpfile.Store(false)
	})
	for _, tt := range []struct {
		err   syscall.Errno
		calls int64
	}{{unix.EOPNOTSUPP, 3}, {unix.EISDIR, 1}} {
		calls.Store(0)
		noTmpfile.Store(false)
		fail = tt.err
		n := useNames(t)
		for range 3 {
			f, err := TemporaryFile("", "", dir)
			if err != nil {
				t.Fatalf("%v: %v", tt.err, err)
			}
			f.Close()
		}
		if calls.Load() != tt.calls || n.Load() != 3 {
			t.Errorf("%v: O_TMPFILE tried %d times and %d names drawn in 3 calls, want %d and 3", tt.err, calls.Load(), n.Load(), tt.calls)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestTemporaryFileErrors: a missing dir gives fs.ErrNotExist, a dir the
// user cannot write (as uid 65534) fs.ErrPermission; nothing is created.
func TestTemporaryFileErrors(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	ro := readOnlyDir(t)
	for dir, want := range map[string]error{filepath.Join(t.TempDir(), "missing"): fs.ErrNotExist, ro: fs.ErrPermission} {
		_, err := TemporaryFile("", "", dir)
		var pe *fs.PathError
		if !errors.Is(err, want) || !errors.As(err, &pe) || pe.Op != "temporaryfile" {
			t.Errorf("TemporaryFile in %s: %v, want a PathError of temporaryfile matching %v", dir, err, want)
		}
	}
	if got := entries(t, ro); len(got) != 0 {
		t.Errorf("%s holds %v", ro, got)
	}
}

// TestFamilyFailuresLeakNothing: 10,000 failing calls of each constructor
// leave the number of open descriptors, and the directory, as they were.
func TestFamilyFailuresLeakNothing(t *testing.T) {
	base := t.TempDir()
	missingDir := filepath.Join(base, "missing")
	file := filepath.Join(base, "file")
	writeFile(t, file, "")
	failures := map[string]func() error{
		"TemporaryFile in a missing dir": func() error { _, err := TemporaryFile("", "", missingDir); return err },
		"TemporaryFile in a file":        func() error { _, err := TemporaryFile("", "", file); return err },
		"NamedTemporaryFile":             func() error { _, err := NamedTemporaryFile("", "", missingDir, true, true); return err },
		"TemporaryDirectory":             func() error { _, err := TemporaryDirectory("", "", missingDir, false); return err },
		"SpooledTemporaryFile rollover": func() error {
			f := SpooledTemporaryFile(1, "", "", missingDir)
			defer f.Close()
			_, err := f.WriteString("xx")
			return err
		},
		"bad prefix": func() error { _, err := NamedTemporaryFile("", "a/b", base, true, true); return err },
	}
	failNoLeak(t, failures)
	if got := entries(t, base); !slices.Equal(got, []string{"file"}) {
		t.Errorf("%s holds %v", base, got)
	}
}

// TestCleanupMountPointInside: a tmpfs mounted inside the tree, and a bind
// mount of a directory outside (on the same file system), in a private
// mount namespace: Cleanup does not go into either, says it could not
// remove them (nil with ignoreCleanupErrors), and removes everything else.
func TestCleanupMountPointInside(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	for _, ignore := range []bool{false, true} {
		base := t.TempDir()
		outside := filepath.Join(base, "outside")
		mkdirs(t, outside)
		writeFile(t, filepath.Join(outside, "precious"), "keep")
		td, err := TemporaryDirectory("", "", base, ignore)
		must(t, err)
		sub := filepath.Join(td.Name(), "sub")
		tmpfs, bind := filepath.Join(sub, "tmpfs"), filepath.Join(sub, "bind")
		mkdirs(t, sub, tmpfs, bind)
		writeFile(t, filepath.Join(sub, "plain"), "")
		if err := unix.Mount("tmpfs", tmpfs, "tmpfs", 0, "size=1m"); err != nil {
			missing(t, fmt.Sprintf("needs to mount a tmpfs: root, or a user and a mount namespace; not allowed here: %v", err))
		}
		writeFile(t, filepath.Join(tmpfs, "mounted"), "on the tmpfs")
		must(t, unix.Mount(outside, bind, "", unix.MS_BIND, ""))
		err = td.Cleanup()
		switch {
		case ignore && err != nil:
			t.Errorf("ignoreCleanupErrors: Cleanup returned %v", err)
		case !ignore:
			var pe *fs.PathError
			if !errors.As(err, &pe) || !errors.Is(err, syscall.EBUSY) || !strings.Contains(err.Error(), tmpfs) || !strings.Contains(err.Error(), bind) {
				t.Errorf("Cleanup returned %v, want EBUSY PathErrors naming both mount points", err)
			}
		}
		if got := entries(t, sub); !slices.Equal(got, []string{"bind", "tmpfs"}) {
			t.Errorf("ignore=%v: %s holds %v, want only the mount points", ignore, sub, got)
		}
		if got := entries(t, td.Name()); !slices.Equal(got, []string{"sub"}) {
			t.Errorf("ignore=%v: %s holds %v", ignore, td.Name(), got)
		}
		if b, err := os.ReadFile(filepath.Join(tmpfs, "mounted")); err != nil || string(b) != "on the tmpfs" {
			t.Errorf("ignore=%v: the file on the tmpfs: %q, %v", ignore, b, err)
		}
		if got := entries(t, outside); !slices.Equal(got, []string{"precious"}) {
			t.Errorf("ignore=%v: outside holds %v", ignore, got)
		}
		must(t, unix.Unmount(tmpfs, 0))
		must(t, unix.Unmount(bind, 0))
		if err := td.Cleanup(); err != nil || exists(td.Name()) {
			t.Errorf("ignore=%v: Cleanup after unmounting: %v", ignore, err)
		}
	}
}

// TestSpooledRolloverOnFullDisk: a rollover onto a full file system (a tiny
// tmpfs in a private mount namespace) returns ENOSPC and loses nothing;
// once there is room, Rollover moves every byte.
func TestSpooledRolloverOnFullDisk(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size=64k"); err != nil {
		missing(t, fmt.Sprintf("needs to mount a tmpfs: root, or a user and a mount namespace; not allowed here: %v", err))
	}
	t.Cleanup(func() { unix.Unmount(dir, 0) })
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	must(t, err)
	for err == nil {
		_, err = f.Write(make([]byte, 4096))
	}
	f.Close()
	data := strings.Repeat("0123456789", 2000)
	s := SpooledTemporaryFile(1000, "", "", dir)
	defer s.Close()
	if _, err := s.WriteString(data[:1000]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Seek(500, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if n, err := s.WriteString(data[500:]); !errors.Is(err, syscall.ENOSPC) || n != 0 || s.Rolled() {
		t.Fatalf("a write that rolls over onto a full disk: %d, %v, rolled %v; want 0, ENOSPC, in memory", n, err, s.Rolled())
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"filler"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	must(t, os.Remove(filler))
	if err := s.Rollover(); err != nil {
		t.Fatal(err)
	}
	if pos, _ := s.Seek(0, io.SeekCurrent); pos != 500 {
		t.Errorf("position after the rollover: %d, want 500", pos)
	}
	if _, err := s.WriteString(data[500:]); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len(data))
	if _, err := s.ReadAt(got, 0); err != nil || string(got) != data {
		t.Errorf("after the rollover the file does not hold what was written: %v", err)
	}
}
