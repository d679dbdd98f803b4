package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	userns := isChild(t)
	base, err := os.MkdirTemp("", "mkstemp-test-")
	must(t, err)
	defer os.RemoveAll(base)
	must(t, os.Chmod(base, 0o755))
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
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside)
	for i := range 20 {
		writeFile(t, filepath.Join(outside, fmt.Sprintf("precious%02d", i)), "keep")
	}
	before := snapshot(t, outside)
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
