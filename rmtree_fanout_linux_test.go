package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestCleanupAtOnceSaysErrorsInOrder: the errors of directories removed at
// once are said in the order one goroutine would say them. Each of 12
// directories holds R, which its owner cannot empty: as root, the tree is
// removed by uid 65534 and R is root's, holding a file (EACCES); elsewhere,
// in a user namespace, R is a tmpfs mounted there (EBUSY).
func TestCleanupAtOnceSaysErrorsInOrder(t *testing.T) {
	const treeEnv = "MKSTEMP_TEST_TREES"
	switch {
	case isChild(t) && os.Getenv(treeEnv) != "":
		// The owner's run: one tree removed by one goroutine, the other
		// by four.
		var said [2][]string
		for k, top := range strings.Split(os.Getenv(treeEnv), string(os.PathListSeparator)) {
			withWorkers(t, []int{1, 4}[k])
			for _, err := range removeAll(top) {
				var pe *fs.PathError
				if !errors.As(err, &pe) || !errors.Is(err, syscall.EACCES) && !errors.Is(err, syscall.EBUSY) {
					t.Errorf("removeAll(%s): %v, want EACCES or EBUSY", top, err)
					continue
				}
				said[k] = append(said[k], pe.Op+" "+strings.TrimPrefix(pe.Path, top))
			}
		}
		if len(said[0]) != 12 || !slices.Equal(said[0], said[1]) {
			t.Errorf("one goroutine said\n%q\nfour said\n%q\nwant the same 12", said[0], said[1])
		}
		return
	case !isChild(t) && os.Geteuid() != 0:
		inMountNamespace(t, nil)
		return
	}
	base, userns := ownerBase(t)
	if !userns {
		must(t, os.Chown(base, nobody, nobody))
	}
	var tops []string
	for _, top := range []string{"one", "four"} {
		top = filepath.Join(base, top)
		tops = append(tops, top)
		mkdirs(t, top)
		for i := range 12 {
			d := filepath.Join(top, fmt.Sprint("d", i))
			r := filepath.Join(d, "R")
			mkdirs(t, d, r)
			writeFile(t, filepath.Join(d, "f"), "x")
			if userns {
				must(t, unix.Mount("tmpfs", r, "tmpfs", 0, "size=1m,mode=0755"))
				defer unix.Unmount(r, 0)
			}
			writeFile(t, filepath.Join(r, "x"), "not the owner's to remove")
			if !userns {
				for _, p := range []string{d, filepath.Join(d, "f")} {
					must(t, os.Chown(p, nobody, nobody))
				}
			}
		}
		if !userns {
			must(t, os.Chown(top, nobody, nobody))
		}
	}
	t.Setenv(treeEnv, strings.Join(tops, string(os.PathListSeparator)))
	runAsTreeOwner(t, userns)
}

// TestCleanupSwapRaceAtOnce: TestCleanupSwapRace with four directories,
// each exchanged with its own symbolic link to a directory outside, while
// they are removed at once: nothing outside is ever removed or changed.
func TestCleanupSwapRaceAtOnce(t *testing.T) {
	withWorkers(t, 4)
	base := bigTreeDir(t)
	outside, before := preciousOutside(t, base, 20)
	var swaps int64
	for round := range 100 {
		td, err := TemporaryDirectory("", "", base, true)
		must(t, err)
		makeWide(t, td.Name(), 20, "s0", "s1", "s2", "s3")
		var pairs [][2]string
		for i := range 4 {
			dir, link := filepath.Join(td.Name(), fmt.Sprint("s", i)), filepath.Join(td.Name(), fmt.Sprint("l", i))
			must(t, os.Symlink(outside, link))
			pairs = append(pairs, [2]string{dir, link})
		}
		n, _ := cleanupWhileExchanging(t, td, pairs)
		swaps += n
		if after := snapshot(t, outside); !mapsEqual(after, before) {
			t.Fatalf("round %d: outside changed: %d entries, was %d", round, len(after), len(before))
		}
	}
	t.Logf("%d exchanges of a directory and a symbolic link during 100 cleanups", swaps)
}

// openDescriptors returns how many descriptors the process has open, not
// counting the one it opens to list them.
func openDescriptors(t *testing.T) int {
	names, err := readDirNames("/proc/self/fd")
	if err != nil {
		t.Error(err)
	}
	return len(names) - 1
}

// TestCleanupAtOnceKeepsTheBound: the goroutines removing 12 chains of 40
// directories at once, under a limit of 64 open files, share the quarter
// of it that one remover may hold (16): counted each time a directory is
// entered, the descriptors open beyond those open before Cleanup never
// exceed it. The chains are in the top, or 12 levels down, where the
// directories above them leave too few for two goroutines.
func TestCleanupAtOnceKeepsTheBound(t *testing.T) {
	withWorkers(t, 4)
	for _, depth := range []int{0, 12} {
		td, err := TemporaryDirectory("", "", bigTreeDir(t), false)
		must(t, err)
		makeChain(t, td.Name(), depth, nil)
		p := deepPath(td.Name(), depth)
		for i := range 12 {
			d := filepath.Join(p, fmt.Sprint("s", i))
			mkdirs(t, d)
			makeChain(t, d, 40, nil)
		}
		func() {
			withFileLimit(t, 64)
			before := openDescriptors(t)
			var (
				mu   sync.Mutex
				peak int
			)
			onEntered(t, func(string) {
				mu.Lock()
				defer mu.Unlock()
				peak = max(peak, openDescriptors(t)-before)
			})
			if err := td.Cleanup(); err != nil {
				t.Fatalf("Cleanup: %v", err)
			}
			if peak > 64/4 {
				t.Errorf("chains %d levels down: Cleanup held %d descriptors at once, more than a quarter of the limit of 64", depth, peak)
			}
			t.Logf("chains %d levels down: at most %d descriptors open at once", depth, peak)
		}()
	}
}

// TestCleanupAtOnceSaysErrorsOfDirReplaced: in a, a tmpfs is mounted at m,
// which Cleanup cannot remove (EBUSY); while Cleanup empties a, a is moved
// out of the tree and a file takes its name. The error for a/m is said,
// whether one goroutine removes the tree or several.
func TestCleanupAtOnceSaysErrorsOfDirReplaced(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	for _, workers := range []int{1, 4} {
		withWorkers(t, workers)
		base := t.TempDir()
		td, err := TemporaryDirectory("", "", base, false)
		must(t, err)
		makeWide(t, td.Name(), 3, "a", "b")
		a, m := filepath.Join(td.Name(), "a"), filepath.Join(td.Name(), "a", "m")
		mkdirs(t, m)
		must(t, unix.Mount("tmpfs", m, "tmpfs", 0, "size=1m"))
		moved := replaceWhenEntered(t, a, filepath.Join(base, "away"))
		err = td.Cleanup()
		var pe *fs.PathError
		if !moved.Load() {
			t.Fatalf("%d goroutines: the hook did not move a", workers)
		}
		if !errors.As(err, &pe) || pe.Path != m || !errors.Is(err, syscall.EBUSY) || exists(td.Name()) {
			t.Errorf("%d goroutines: Cleanup returned %v, want EBUSY for %s alone; still there: %v", workers, err, m, exists(td.Name()))
		}
		must(t, unix.Unmount(filepath.Join(base, "away", "m"), 0))
	}
}
