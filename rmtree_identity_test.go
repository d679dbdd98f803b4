package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestCleanupLeavesWhatTookItsName: the directory TemporaryDirectory made
// is moved away and something else takes its name: another directory
// holding a file, a file, or (but on Windows) a link to the directory
// moved away. Cleanup touches none of them, nor the directory where it
// went, and returns a *fs.PathError for the name matching fs.ErrExist,
// with ignoreCleanupErrors too; once the directory is back at its name,
// Cleanup removes it. On Windows, under Wine, too.
func TestCleanupLeavesWhatTookItsName(t *testing.T) {
	takers := []struct {
		name string
		take func(t *testing.T, name, away string)
	}{
		{"a directory", func(t *testing.T, name, away string) {
			mkdirs(t, name)
			writeFile(t, filepath.Join(name, "theirs"), "keep")
		}},
		{"a file", func(t *testing.T, name, away string) { writeFile(t, name, "keep") }},
	}
	if runtime.GOOS != "windows" {
		takers = append(takers, struct {
			name string
			take func(t *testing.T, name, away string)
		}{"a link", func(t *testing.T, name, away string) { must(t, os.Symlink(away, name)) }})
	}
	for _, taker := range takers {
		for _, ignore := range []bool{false, true} {
			base := tempDir(t)
			td, err := TemporaryDirectory("", "", base, ignore)
			must(t, err)
			away := filepath.Join(base, "away")
			mkdirs(t, filepath.Join(td.Name(), "sub"))
			writeFile(t, filepath.Join(td.Name(), "sub", "mine"), "mine")
			must(t, os.Rename(td.Name(), away))
			taker.take(t, td.Name(), away)
			before := snapshot(t, base)
			err = td.Cleanup()
			var pe *fs.PathError
			if !errors.Is(err, fs.ErrExist) || !errors.Is(err, errNotMade) || !errors.As(err, &pe) || pe.Path != td.Name() {
				t.Errorf("%s at the name, ignoreCleanupErrors %v: Cleanup returned %v, want a *fs.PathError for %s matching fs.ErrExist", taker.name, ignore, err, td.Name())
			}
			if after := snapshot(t, base); !mapsEqual(after, before) {
				t.Errorf("%s at the name, ignoreCleanupErrors %v: Cleanup changed %s: %v, was %v", taker.name, ignore, base, after, before)
			}
			must(t, removeTree(td.Name()))
			must(t, os.Rename(away, td.Name()))
			if err := td.Cleanup(); err != nil || exists(td.Name()) {
				t.Errorf("%s moved back: Cleanup returned %v; still there: %v", taker.name, err, exists(td.Name()))
			}
		}
	}
}

// snapshot returns the mode and content of everything under dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(path)
		if err != nil {
			return err
		}
		v := fi.Mode().String()
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(path)
			if err != nil && !errors.Is(err, fs.ErrPermission) {
				return err
			}
			v += " " + string(b)
		}
		snap[strings.TrimPrefix(path, dir)] = v
		return nil
	})
	must(t, err)
	return snap
}

// mapsEqual reports whether a and b hold the same keys and values.
func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestTestDirLeavesWhatTookItsName: the directory TestDir made is moved
// away and another directory takes its name: at the end of the test,
// TestDir touches neither, and fails the test with one error naming the
// path, that it is not the directory it made.
func TestTestDirLeavesWhatTookItsName(t *testing.T) {
	tb := &fakeTB{name: "TestTaken"}
	d := TestDir(tb)
	away := d + "-away"
	writeFile(t, filepath.Join(d, "mine"), "mine")
	must(t, os.Rename(d, away))
	t.Cleanup(func() { removeTree(d); removeTree(away) })
	mkdirs(t, d)
	writeFile(t, filepath.Join(d, "theirs"), "keep")
	tb.runCleanups()
	if len(tb.errors) != 1 || !strings.HasPrefix(tb.errors[0], "TestDir: cleanup "+d+": ") || !strings.Contains(tb.errors[0], errNotMade.Error()) {
		t.Errorf("errors %q, want one \"TestDir: cleanup %s: %v\"", tb.errors, d, errNotMade)
	}
	if got := entries(t, d); !slices.Equal(got, []string{"theirs"}) {
		t.Errorf("the directory that took the name holds %v, want [theirs]", got)
	}
	if got := entries(t, away); !slices.Equal(got, []string{"mine"}) {
		t.Errorf("the directory moved away holds %v, want [mine]", got)
	}
}

// TestCleanupAgainLeavesWhatHasTheName: after a Cleanup that removed the
// directory, another directory takes its name: a second Cleanup returns
// nil and leaves it.
func TestCleanupAgainLeavesWhatHasTheName(t *testing.T) {
	td, err := TemporaryDirectory("", "", tempDir(t), false)
	must(t, err)
	must(t, td.Cleanup())
	mkdirs(t, td.Name())
	writeFile(t, filepath.Join(td.Name(), "theirs"), "keep")
	if err := td.Cleanup(); err != nil {
		t.Errorf("a second Cleanup, another directory at the name: %v", err)
	}
	if got := entries(t, td.Name()); !slices.Equal(got, []string{"theirs"}) {
		t.Errorf("%s holds %v, want [theirs]", td.Name(), got)
	}
}

// TestCleanupAfterSomeoneRemovedIt: the directory removed by someone else
// while the TempDir holds it (on Windows a removal that waits for the
// last handle to close, under Wine too): Cleanup returns nil, the name is
// free after it (a directory can be made there), and Keep then says
// fs.ErrNotExist.
func TestCleanupAfterSomeoneRemovedIt(t *testing.T) {
	td, err := TemporaryDirectory("", "", tempDir(t), false)
	must(t, err)
	writeFile(t, filepath.Join(td.Name(), "f"), "x")
	must(t, removeTree(td.Name()))
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup of a directory someone removed: %v", err)
	}
	must(t, os.Mkdir(td.Name(), 0o700))
	must(t, os.Remove(td.Name()))
	if err := td.Keep(); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Keep after Cleanup: %v, want fs.ErrNotExist", err)
	}
}
