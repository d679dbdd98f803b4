//go:build unix

package mkstemp

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// withWorkers sets GOMAXPROCS to at least 2 and maxWorkers to n for the
// rest of the test, and has removeAll fan out from the first entry, so
// that it removes the small trees of the tests on n goroutines (1: one)
// wherever the machine runs them.
func withWorkers(t *testing.T, n int) {
	prev, prevWorkers, prevAfter := runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), 2)), maxWorkers, fanOutAfter
	maxWorkers, fanOutAfter = n, 0
	t.Cleanup(func() {
		runtime.GOMAXPROCS(prev)
		maxWorkers, fanOutAfter = prevWorkers, prevAfter
	})
}

// makeWide makes the directories names in root, each holding files files.
func makeWide(t *testing.T, root string, files int, names ...string) {
	t.Helper()
	for _, name := range names {
		d := filepath.Join(root, name)
		mkdirs(t, d)
		for i := range files {
			writeFile(t, filepath.Join(d, fmt.Sprint("f", i)), "x")
		}
	}
}

// TestCleanupRemovesDirectoriesAtOnce: the directories of a directory that
// holds several are removed on more than one goroutine at once. Each
// goroutine entering one of them waits until another is in one too, or 10
// seconds: a remover that took them one at a time waits the 10 seconds.
func TestCleanupRemovesDirectoriesAtOnce(t *testing.T) {
	withWorkers(t, 4)
	td, err := TemporaryDirectory("", "", t.TempDir(), false)
	must(t, err)
	makeWide(t, td.Name(), 10, "a", "b", "c", "d")
	var (
		mu       sync.Mutex
		inside   int
		met      = make(chan struct{})
		once     sync.Once
		timedOut atomic.Bool
	)
	onEntered(t, func(path string) {
		if filepath.Dir(path) != td.Name() {
			return
		}
		mu.Lock()
		if inside++; inside == 2 {
			once.Do(func() { close(met) })
		}
		mu.Unlock()
		select {
		case <-met:
		case <-time.After(10 * time.Second):
			timedOut.Store(true)
		}
		mu.Lock()
		inside--
		mu.Unlock()
	})
	if err := td.Cleanup(); err != nil {
		t.Fatalf("Cleanup: %v", err)
	}
	if timedOut.Load() {
		t.Error("no two directories were being removed at once")
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
}

// TestCleanupAtOnceInLockedDir: the directories being removed at once are
// in a directory of mode 0500, which refuses their removal until it is
// opened up, once, by whichever goroutine meets the refusal first; the
// others then remove theirs. As uid 65534 (to whom modes apply), and as
// root.
func TestCleanupAtOnceInLockedDir(t *testing.T) {
	withWorkers(t, 4)
	asRootAndUnprivileged(t, func(t *testing.T) {
		td, err := TemporaryDirectory("", "", t.TempDir(), false)
		must(t, err)
		locked := filepath.Join(td.Name(), "L")
		mkdirs(t, locked)
		makeWide(t, locked, 5, "a", "b", "c", "d", "e", "f")
		must(t, os.Chmod(locked, 0o500))
		if err := td.Cleanup(); err != nil {
			t.Errorf("Cleanup: %v", err)
		}
		if exists(td.Name()) {
			os.Chmod(locked, 0o700)
			t.Errorf("%s still exists", td.Name())
		}
	})
}

// replaceWhenEntered moves dir to to the first time the remover enters
// it, puts a file in its place, and returns what reports that it did.
func replaceWhenEntered(t *testing.T, dir, to string) *atomic.Bool {
	return moveWhenEntered(t, dir, to, putFile)
}

// moveWhenEntered moves dir to to the first time the remover enters it,
// then has put (unless nil) make something at its name, and returns what
// reports that it did. It says what fails with t.Error, not t.Fatal: the
// hook may run on the remover's goroutines.
func moveWhenEntered(t *testing.T, dir, to string, put func(name string) error) *atomic.Bool {
	var done atomic.Bool
	onEntered(t, func(path string) {
		if path == dir && !done.Swap(true) {
			if err := os.Rename(dir, to); err != nil {
				t.Error(err)
			} else if put != nil {
				if err := put(dir); err != nil {
					t.Error(err)
				}
			}
		}
	})
	return &done
}

// putFile and putDir make a file, or an empty directory, at name.
func putFile(name string) error { return os.WriteFile(name, []byte("a file now"), 0o600) }
func putDir(name string) error  { return os.Mkdir(name, 0o700) }

// TestCleanupAtOnceDirReplaced: while one goroutine empties a, a is moved
// aside and a file takes its name; the file is removed, and then the
// directory moved aside, as when one goroutine removes the tree.
func TestCleanupAtOnceDirReplaced(t *testing.T) {
	withWorkers(t, 4)
	td, err := TemporaryDirectory("", "", t.TempDir(), false)
	must(t, err)
	makeWide(t, td.Name(), 10, "a", "b", "c")
	a := filepath.Join(td.Name(), "a")
	replaced := replaceWhenEntered(t, a, filepath.Join(td.Name(), "moved"))
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup: %v", err)
	}
	if !replaced.Load() {
		t.Fatal("the hook did not replace a")
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
}

// TestCleanupAtOnceWithFewDescriptorsLeft: with 4 descriptors left under
// a limit of 64, two of which the remover needs for the top and the
// directory holding it, the goroutines that remove 20 chains of 5
// directories at once run out of descriptors; what they give up is then
// removed by one, which keeps fewer open.
func TestCleanupAtOnceWithFewDescriptorsLeft(t *testing.T) {
	withWorkers(t, 4)
	base := bigTreeDir(t)
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	for i := range 20 {
		d := filepath.Join(td.Name(), fmt.Sprint("s", i))
		mkdirs(t, d)
		makeChain(t, d, 5, nil)
	}
	withFileLimit(t, 64)
	release := holdDescriptorsBut(t, 4)
	done := make(chan error, 1)
	go func() { done <- td.Cleanup() }()
	select {
	case err = <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("Cleanup did not return in 2 minutes: fanning out again what was given back?")
	}
	release()
	if err != nil || exists(td.Name()) {
		t.Fatalf("Cleanup with 4 descriptors left: %v; still there: %v", err, exists(td.Name()))
	}
}

// TestCleanupPutsModeBackOfDirMovedAway: a directory of mode 0300, which
// Cleanup must open up to read, is moved out of the tree while Cleanup is
// in it, and a file, or an empty directory, takes its name: that one is
// removed, and the directory where it went gets its mode back, emptied
// (as the doc says of a directory moved while Cleanup is in it), as when
// it stays in the tree; whether one goroutine removes the tree or
// several. As uid 65534, to whom modes apply, and as root, who changes
// none.
func TestCleanupPutsModeBackOfDirMovedAway(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		for _, tc := range []struct {
			taker string
			put   func(name string) error
		}{{"a file", putFile}, {"a directory", putDir}} {
			for _, workers := range []int{1, 4} {
				withWorkers(t, workers)
				base := t.TempDir()
				td, err := TemporaryDirectory("", "", base, false)
				must(t, err)
				makeWide(t, td.Name(), 3, "a", "b")
				a, away := filepath.Join(td.Name(), "a"), filepath.Join(base, "away")
				must(t, os.Chmod(a, 0o300))
				moved := moveWhenEntered(t, a, away, tc.put)
				err = td.Cleanup()
				if !moved.Load() {
					t.Fatalf("%s at its name, %d goroutines: the hook did not move a", tc.taker, workers)
				}
				if err != nil || exists(td.Name()) {
					t.Errorf("%s at its name, %d goroutines: Cleanup: %v; still there: %v", tc.taker, workers, err, exists(td.Name()))
				}
				if fi, err := os.Lstat(away); err != nil || fi.Mode() != fs.ModeDir|0o300 {
					t.Errorf("%s at its name, %d goroutines: the directory moved away: %v, %v; want d-wx------", tc.taker, workers, fi.Mode(), err)
				}
				os.Chmod(away, 0o700)
				if got := entries(t, away); len(got) != 0 {
					t.Errorf("%s at its name, %d goroutines: the directory moved away holds %v, want it emptied", tc.taker, workers, got)
				}
			}
		}
	})
}
