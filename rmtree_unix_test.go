//go:build unix

package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// withFileLimit lowers the soft limit on open files to n for the rest of
// the test.
func withFileLimit(t *testing.T, n int) {
	t.Helper()
	var old syscall.Rlimit
	must(t, syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old))
	lim := old
	setInt(&lim.Cur, n)
	must(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim))
	t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
}

// bigTreeDir returns a new directory for a test that makes a tree of tens
// of thousands of entries: in /dev/shm (a tmpfs) where there is one, where
// that takes a second, not the twenty that a busy disk may take.
func bigTreeDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/dev/shm", "mkstemp-test-")
	if err != nil {
		return t.TempDir()
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// setInt sets *p, of whichever integer type Rlimit's fields have here, to n.
func setInt[T int64 | uint64](p *T, n int) { *p = T(n) }

// makeChain makes a chain of depth directories named d under root, each
// holding a file f, with two descriptors open at most, and then gives the
// directories at the depths in modes those modes.
func makeChain(t *testing.T, root string, depth int, modes map[int]uint32) {
	t.Helper()
	fd, err := unix.Open(root, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	must(t, err)
	type lock struct {
		fd   int
		mode uint32
	}
	var locks []lock
	for i := 1; i <= depth; i++ {
		must(t, unix.Mkdirat(fd, "d", 0o700))
		next, err := unix.Openat(fd, "d", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		must(t, err)
		unix.Close(fd)
		fd = next
		f, err := unix.Openat(fd, "f", unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
		must(t, err)
		unix.Close(f)
		if mode, ok := modes[i]; ok {
			dup, err := unix.Dup(fd)
			must(t, err)
			locks = append(locks, lock{dup, mode})
		}
	}
	unix.Close(fd)
	for _, l := range locks {
		must(t, unix.Fchmod(l.fd, l.mode))
		unix.Close(l.fd)
	}
}

// TestCleanupDeepChain: a chain of 10,000 directories, some locked by
// their owner (0500, 0000, 0300) deep down, is removed under a limit of 64
// open files, under which os.RemoveAll, a descriptor a level, fails on a
// chain of 100; as root and as uid 65534.
func TestCleanupDeepChain(t *testing.T) {
	asRootAndUnprivileged(t, cleanupDeepChain)
}

func cleanupDeepChain(t *testing.T) {
	base := bigTreeDir(t)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeChain(t, td.Name(), 10000, map[int]uint32{20: 0o500, 5000: 0o000, 9000: 0o300, 9999: 0o500})
	short := filepath.Join(base, "short")
	mkdirs(t, short)
	makeChain(t, short, 100, nil)
	withFileLimit(t, 64)
	if err := os.RemoveAll(short); !errors.Is(err, syscall.EMFILE) {
		t.Fatalf("os.RemoveAll of a chain of 100 under a limit of 64 open files returned %v, want EMFILE: the limit is not in force", err)
	}
	if err := td.Cleanup(); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
	if errs := removeAll(short); errs != nil {
		t.Errorf("removeAll(%s): %v", short, errs)
	}
}

// TestCleanupWithFewDescriptorsLeft: when the process holds nearly all
// of its limit of open files (other goroutines, other Cleanups, the
// caller), Cleanup keeps fewer open when an open fails with EMFILE, rather
// than fail: with 6 left under a limit of 64, a chain of 300 goes.
func TestCleanupWithFewDescriptorsLeft(t *testing.T) {
	base := bigTreeDir(t)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeChain(t, td.Name(), 300, nil)
	withFileLimit(t, 64)
	release := holdDescriptorsBut(t, 6)
	err = td.Cleanup()
	release()
	if err != nil || exists(td.Name()) {
		t.Fatalf("Cleanup with 6 descriptors left: %v; still there: %v", err, exists(td.Name()))
	}
}

// holdDescriptorsBut opens /dev/null until the process has only n
// descriptors left under its limit, and returns a function that closes
// them again.
func holdDescriptorsBut(t *testing.T, n int) (release func()) {
	t.Helper()
	var held []int
	for {
		fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err == unix.EMFILE {
			break
		}
		must(t, err)
		held = append(held, fd)
	}
	for _, fd := range held[len(held)-n:] {
		unix.Close(fd)
	}
	held = held[:len(held)-n]
	return func() {
		for _, fd := range held {
			unix.Close(fd)
		}
	}
}

// TestCleanupWideDirectory: a directory of 100,000 entries, files and a few
// directories, is removed under a limit of 64 open files.
func TestCleanupWideDirectory(t *testing.T) {
	td, err := TemporaryDirectory("", "", bigTreeDir(t), false)
	must(t, err)
	fd, err := unix.Open(td.Name(), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	must(t, err)
	for i := range 100000 {
		name := "entry" + strconv.Itoa(i)
		if i%10000 == 0 {
			must(t, unix.Mkdirat(fd, name, 0o700))
			writeFile(t, filepath.Join(td.Name(), name, "f"), "x")
			continue
		}
		f, err := unix.Openat(fd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o600)
		must(t, err)
		unix.Close(f)
	}
	unix.Close(fd)
	withFileLimit(t, 64)
	if err := td.Cleanup(); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
}

// onEntered sets testHookEntered to f for the rest of the test.
func onEntered(t *testing.T, f func(path string)) {
	testHookEntered = f
	t.Cleanup(func() { testHookEntered = nil })
}

// deepPath returns root joined with depth elements d.
func deepPath(root string, depth int) string {
	return root + strings.Repeat("/d", depth)
}

// TestCleanupFollowsNoLinkSwappedIn: 60 levels down, with the directories
// near the top closed to stay within a limit of 64 open files, the
// directories of P still to be removed are each replaced by a symbolic
// link to a directory outside the moment Cleanup enters the first of them
// (after it read P): it removes the links, not what they point to, and
// then the directories, moved aside within P.
func TestCleanupFollowsNoLinkSwappedIn(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside)
	for i := range 5 {
		writeFile(t, filepath.Join(outside, fmt.Sprintf("precious%d", i)), "keep")
	}
	before := snapshot(t, outside)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeChain(t, td.Name(), 60, nil)
	p := filepath.Join(deepPath(td.Name(), 60), "P")
	mkdirs(t, p)
	for i := range 10 {
		s := filepath.Join(p, fmt.Sprintf("s%d", i))
		mkdirs(t, s)
		writeFile(t, filepath.Join(s, "f"), "x")
	}
	swapped := 0
	onEntered(t, func(path string) {
		if filepath.Dir(path) != p || swapped > 0 {
			return
		}
		for i := range 10 {
			s := filepath.Join(p, fmt.Sprintf("s%d", i))
			if s == path || !exists(s) {
				continue
			}
			must(t, os.Rename(s, filepath.Join(p, fmt.Sprintf("moved%d", i))))
			must(t, os.Symlink(outside, s))
			swapped++
		}
	})
	withFileLimit(t, 64)
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup: %v", err)
	}
	if swapped == 0 {
		t.Fatal("no directory was swapped for a link")
	}
	if after := snapshot(t, outside); !mapsEqual(after, before) {
		t.Errorf("outside changed: %v, was %v", after, before)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
}

// TestCleanupAncestorMovedAway: while Cleanup is 30 levels below A, with
// the directories near the top closed to stay within a limit of 64 open
// files, A is moved into a directory outside, and a file is added to P,
// A's parent. Going up, the directory that ".." of A now names is not the
// P it left: Cleanup says so and does nothing more in P, where a remover
// that trusted ".." would empty the directory outside in P's place.
func TestCleanupAncestorMovedAway(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside, filepath.Join(outside, "dir"))
	for i := range 5 {
		writeFile(t, filepath.Join(outside, fmt.Sprintf("precious%d", i)), "keep")
		writeFile(t, filepath.Join(outside, "dir", fmt.Sprintf("precious%d", i)), "keep")
	}
	before := snapshot(t, outside)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	p := filepath.Join(td.Name(), "P")
	a := filepath.Join(p, "A")
	mkdirs(t, p, a)
	makeChain(t, a, 40, nil)
	moved := false
	onEntered(t, func(path string) {
		if path == deepPath(a, 30) {
			must(t, os.Rename(a, filepath.Join(outside, "A")))
			writeFile(t, filepath.Join(p, "late"), "x")
			moved = true
		}
	})
	withFileLimit(t, 64)
	err = td.Cleanup()
	var pe *fs.PathError
	if !moved {
		t.Fatal("the hook did not move A")
	}
	if !errors.Is(err, errMoved) || !errors.As(err, &pe) || pe.Path != p {
		t.Errorf("Cleanup returned %v, want a *fs.PathError for %s matching errMoved", err, p)
	}
	after := snapshot(t, outside)
	for k := range after {
		if k == "/A" || strings.HasPrefix(k, "/A/") {
			delete(after, k) // moved there by the test, part of the tree
		}
	}
	if !mapsEqual(after, before) {
		t.Errorf("outside changed: %v, was %v", after, before)
	}
	if got := entries(t, p); !slices.Equal(got, []string{"late"}) {
		t.Errorf("%s holds %v, want it left as it was", p, got)
	}
	cleanupAgain(t, td)
}
