package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
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
