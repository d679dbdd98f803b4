//go:build unix

package mkstemp

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The family's differential tests run CPython's NamedTemporaryFile,
// TemporaryDirectory and SpooledTemporaryFile (testdata/family.py) and the
// package's side by side, in the same directories, and compare what each
// leaves, returns and holds.

// familyResult is what family.py prints.
type familyResult[T any] struct {
	Version []int `json:"version"`
	Result  T     `json:"result"`
}

type namedCase struct {
	Delete        bool     `json:"delete"`
	DeleteOnClose bool     `json:"delete_on_close"`
	Steps         []string `json:"steps"`
}

type namedState struct {
	Exists  bool   `json:"exists"`
	Content string `json:"content"`
}

// TestNamedTemporaryFileAgainstPython: the delete and deleteOnClose matrix,
// after close, after leaving a with block (Cleanup), and both in either
// order: the same files exist, with the same content read by name.
func TestNamedTemporaryFileAgainstPython(t *testing.T) {
	pythonAtLeast(t, 12) // delete_on_close is new in 3.12
	dir := t.TempDir()
	var cases []namedCase
	for _, d := range []bool{false, true} {
		for _, doc := range []bool{false, true} {
			for _, steps := range [][]string{{"close"}, {"exit"}, {"close", "exit"}, {"exit", "close"}} {
				cases = append(cases, namedCase{d, doc, steps})
			}
		}
	}
	var py familyResult[[][]namedState]
	runScript(t, "family.py", map[string]any{"kind": "named", "dir": dir, "cases": cases}, &py)
	for i, c := range cases {
		f, err := NamedTemporaryFile("", "", dir, c.Delete, c.DeleteOnClose)
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString("data")
		for j, step := range c.Steps {
			if step == "close" {
				f.Close()
			} else {
				f.Cleanup()
			}
			got := namedState{Exists: exists(f.Name())}
			if got.Exists {
				b, _ := os.ReadFile(f.Name())
				got.Content = string(b)
			}
			if want := py.Result[i][j]; got != want {
				t.Errorf("%+v, after %s: Go %+v, CPython %v %+v", c, step, got, py.Version, want)
			}
		}
		os.Remove(f.Name())
		f.Cleanup() // closes what a file closed but not cleaned up holds
	}
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("%s holds %v", dir, left)
	}
	t.Logf("compared %d cases with CPython %v", len(cases), py.Version)
}

type rmtreeResult struct {
	Name   string   `json:"name"`
	Error  *pyError `json:"error"`
	Exists bool     `json:"exists"`
}

// TestTemporaryDirectoryAgainstPython: the same hostile tree, built twice,
// cleaned by CPython's TemporaryDirectory and by the package's, as root and
// as uid 65534: both remove the whole tree, and the package changes
// nothing outside it, whatever CPython does (what it changed is logged).
func TestTemporaryDirectoryAgainstPython(t *testing.T) {
	if !isChild(t) {
		t.Run("as root", func(t *testing.T) {
			needRoot(t, "the cleanup as root")
			temporaryDirectoryAgainstPython(t)
		})
	}
	if runUnprivileged(t) {
		temporaryDirectoryAgainstPython(t)
	}
}

func temporaryDirectoryAgainstPython(t *testing.T) {
	python(t)
	base := t.TempDir()
	// The package's tree is built in its TemporaryDirectory, which Cleanup
	// recognises by what it is, not by its name.
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	trees := map[string]*hostileTree{}
	for _, side := range []string{"python", "go"} {
		root, outside := filepath.Join(base, side+"-tree"), filepath.Join(base, side+"-outside")
		if side == "go" {
			root = td.Name()
			mkdirs(t, outside)
		} else {
			mkdirs(t, root, outside)
		}
		trees[side] = makeHostileTree(t, root, outside)
	}
	var py familyResult[rmtreeResult]
	runScript(t, "family.py", map[string]any{"kind": "rmtree", "base": base, "tree": trees["python"].root}, &py)

	gerr := td.Cleanup()
	if gerr != nil || exists(td.Name()) {
		t.Errorf("Go: Cleanup returned %v; the directory exists: %v", gerr, exists(td.Name()))
	}
	if py.Result.Error != nil || py.Result.Exists {
		t.Logf("CPython %v: cleanup raised %+v; the directory exists: %v", py.Version, py.Result.Error, py.Result.Exists)
	}
	trees["go"].checkOutside(t)
	if changed := outsideChanges(t, trees["python"]); len(changed) > 0 {
		t.Logf("CPython %v as uid %d changed outside its tree: %s", py.Version, os.Geteuid(), strings.Join(changed, "; "))
	}
	t.Logf("compared the cleanup of a hostile tree with CPython %v as uid %d", py.Version, os.Geteuid())
}

// outsideChanges lists what changed outside the tree since it was built.
func outsideChanges(t *testing.T, h *hostileTree) []string {
	t.Helper()
	var changed []string
	after := snapshot(t, h.outside)
	for k, v := range h.before {
		if after[k] != v {
			changed = append(changed, fmt.Sprintf("%s: %q is now %q", k, v, after[k]))
		}
	}
	return changed
}

// spooledStep is what one step gave: the bytes read or the position, the
// position after it, and whether the file had rolled over.
type spooledStep struct {
	Result string `json:"result"`
	Tell   int64  `json:"tell"`
	Rolled bool   `json:"rolled"`
}

type spooledResult struct {
	Steps   []spooledStep `json:"steps"`
	Content string        `json:"content"`
}

// TestSpooledTemporaryFileAgainstPython: 100 random sequences of writes,
// seeks, truncates and reads, for several max sizes (a negative one too),
// give the same results, positions, rollover points and bytes in CPython
// and here.
func TestSpooledTemporaryFileAgainstPython(t *testing.T) {
	python(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(3, 4))
	type run struct {
		MaxSize int64       `json:"max_size"`
		Ops     []spooledOp `json:"ops"`
	}
	runs := make([]run, 100)
	for i := range runs {
		runs[i].MaxSize = []int64{0, 1, 10, 40, 1000, -1}[i%6]
		m := &spooledModel{maxSize: runs[i].MaxSize}
		for range 30 {
			op := m.next(r, true)
			op.Hex = fmt.Sprintf("%x", op.Data)
			runs[i].Ops = append(runs[i].Ops, op)
		}
	}
	var py familyResult[[]spooledResult]
	runScript(t, "family.py", map[string]any{"kind": "spooled", "dir": dir, "runs": runs}, &py)
	for round, run := range runs {
		f := SpooledTemporaryFile(run.MaxSize, "", "", dir)
		for i, op := range run.Ops {
			res := apply(t, f, op)
			pos, _ := f.Seek(0, 1)
			got := spooledStep{Result: res, Tell: pos, Rolled: f.Rolled()}
			if want := py.Result[round].Steps[i]; got != want {
				t.Fatalf("round %d (max size %d), step %d %+v: Go %+v, CPython %v %+v", round, run.MaxSize, i, op, got, py.Version, want)
			}
		}
		size, _ := f.Size()
		b := make([]byte, size)
		f.ReadAt(b, 0)
		if got := fmt.Sprintf("%x", b); got != py.Result[round].Content {
			t.Fatalf("round %d: Go holds %s, CPython %s", round, got, py.Result[round].Content)
		}
		f.Close()
	}
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("%s holds %v", dir, left)
	}
	t.Logf("compared %d random sequences with CPython %v", len(runs), py.Version)
}
