package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTempDirKeep: after Keep, Cleanup returns nil and leaves the
// directory and all it holds, a read-only subdirectory included, however
// often it is called.
func TestTempDirKeep(t *testing.T) {
	d, err := TemporaryDirectory("", "keep-", tempDir(t), false)
	must(t, err)
	sub := filepath.Join(d.Name(), "sub")
	mkdirs(t, sub)
	writeFile(t, filepath.Join(sub, "f"), "data")
	must(t, d.Keep())
	for i := range 2 {
		if err := d.Cleanup(); err != nil {
			t.Errorf("Cleanup %d after Keep: %v", i+1, err)
		}
	}
	if got := entries(t, d.Name()); !slices.Equal(got, []string{"sub"}) {
		t.Errorf("%s holds %v after Keep and Cleanup, want [sub]", d.Name(), got)
	}
	if b, err := os.ReadFile(filepath.Join(sub, "f")); err != nil || string(b) != "data" {
		t.Errorf("sub/f holds %q, %v", b, err)
	}
}

// TestNamedFileKeep: for every delete and deleteOnClose, after Keep the
// file stays open (a write goes through), and Close then Cleanup, or
// Cleanup alone, leave it at Name with all it holds. The exception is
// Windows' delete-on-close (delete and deleteOnClose), which Keep cannot
// undo: it returns an error matching errors.ErrUnsupported that names the
// file, and changes nothing: Close removes the file.
func TestNamedFileKeep(t *testing.T) {
	dir := tempDir(t)
	for _, delete := range []bool{false, true} {
		for _, deleteOnClose := range []bool{false, true} {
			for _, steps := range []string{"close cleanup", "cleanup"} {
				t.Run(fmt.Sprintf("delete=%v,deleteOnClose=%v,%s", delete, deleteOnClose, steps), func(t *testing.T) {
					f, err := NamedTemporaryFile("", "keep-", dir, delete, deleteOnClose)
					must(t, err)
					path := f.Name()
					refused := systemDeletesOnClose && delete && deleteOnClose
					err = f.Keep()
					var pe *fs.PathError
					switch {
					case refused && (!errors.Is(err, errors.ErrUnsupported) || !errors.As(err, &pe) || pe.Op != "keep" || pe.Path != path):
						t.Errorf("Keep: %v, want a PathError keep %s matching errors.ErrUnsupported", err, path)
					case !refused && err != nil:
						t.Errorf("Keep: %v", err)
					}
					if _, err := f.WriteString("data"); err != nil {
						t.Errorf("write after Keep: %v", err)
					}
					for _, step := range strings.Fields(steps) {
						if step == "close" {
							err = f.Close()
						} else {
							err = f.Cleanup()
						}
						if err != nil {
							t.Errorf("%s: %v", step, err)
						}
					}
					b, err := os.ReadFile(path)
					if refused {
						if !errors.Is(err, fs.ErrNotExist) {
							t.Errorf("%s after a refused Keep: %q, %v; want it gone", path, b, err)
						}
						return
					}
					if err != nil || string(b) != "data" {
						t.Errorf("%s holds %q, %v; want it kept, holding data", path, b, err)
					}
					if f.Name() != path {
						t.Errorf("Name() = %q after Keep, want %q", f.Name(), path)
					}
					must(t, os.Remove(path))
				})
			}
		}
	}
}

// TestNamedFileKeepTooLate: Keep after Cleanup (delete), or after Close
// (delete and deleteOnClose), has nothing to keep: it returns an error
// matching fs.ErrNotExist that names the file, and nothing appears at its
// name.
func TestNamedFileKeepTooLate(t *testing.T) {
	dir := tempDir(t)
	for _, tt := range []struct {
		name          string
		deleteOnClose bool
		end           func(*NamedFile) error
	}{
		{"after Cleanup", false, (*NamedFile).Cleanup},
		{"after Close", true, (*NamedFile).Close},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NamedTemporaryFile("", "keep-", dir, true, tt.deleteOnClose)
			must(t, err)
			must(t, tt.end(f))
			err = f.Keep()
			var pe *fs.PathError
			if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Op != "keep" || pe.Path != f.Name() {
				t.Errorf("Keep: %v, want a PathError keep %s matching fs.ErrNotExist", err, f.Name())
			}
			if err := f.Cleanup(); err != nil {
				t.Errorf("Cleanup: %v", err)
			}
			if exists(f.Name()) {
				t.Errorf("%s exists", f.Name())
			}
		})
	}
}

// TestNamedFileKeepOrders: for a file made with delete (and deleteOnClose
// false, which every system can keep), Keep may come twice, after Close,
// after a Keep and a Cleanup, and before a Persist: each returns nil, and
// the file stays at Name when all is done.
func TestNamedFileKeepOrders(t *testing.T) {
	dir := tempDir(t)
	for _, tt := range []struct {
		name  string
		steps []string
	}{
		{"twice", []string{"keep", "keep", "cleanup"}},
		{"after Close", []string{"close", "keep", "cleanup"}},
		{"after Keep and Cleanup", []string{"keep", "cleanup", "keep", "cleanup"}},
		{"before Persist", []string{"keep", "persist", "cleanup", "keep"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := NamedTemporaryFile("", "keep-", dir, true, false)
			must(t, err)
			for _, step := range tt.steps {
				switch step {
				case "keep":
					err = f.Keep()
				case "close":
					err = f.Close()
				case "cleanup":
					err = f.Cleanup()
				case "persist":
					err = f.Persist(filepath.Join(dir, "persisted-"+filepath.Base(f.Name())))
				}
				if err != nil {
					t.Errorf("%s in %v: %v", step, tt.steps, err)
				}
			}
			if !exists(f.Name()) {
				t.Errorf("%s is gone after %v", f.Name(), tt.steps)
			}
			must(t, os.Remove(f.Name()))
		})
	}
}

// TestNamedFileKeepRacesCleanup: Keep and Cleanup called at once agree
// whichever comes first: Keep returns nil exactly when the file is still
// there after both, and an error matching fs.ErrNotExist otherwise.
func TestNamedFileKeepRacesCleanup(t *testing.T) {
	dir := tempDir(t)
	for range stress(50, 2000) {
		f, err := NamedTemporaryFile("", "keep-", dir, true, false)
		must(t, err)
		done := make(chan error)
		go func() { done <- f.Cleanup() }()
		kerr := f.Keep()
		if err := <-done; err != nil {
			t.Fatalf("Cleanup: %v", err)
		}
		switch there := exists(f.Name()); {
		case kerr == nil && !there:
			t.Fatalf("Keep returned nil but Cleanup removed %s", f.Name())
		case kerr != nil && (there || !errors.Is(kerr, fs.ErrNotExist)):
			t.Fatalf("Keep: %v, and %s there: %v; want fs.ErrNotExist and gone", kerr, f.Name(), there)
		}
		if kerr == nil {
			must(t, os.Remove(f.Name()))
		}
	}
}

// TestTempDirKeepAfterCleanup: Keep after a Cleanup that removed the
// directory returns a *fs.PathError keep for its name matching
// fs.ErrNotExist, and nothing appears; after a Cleanup that found another
// directory at the name, one matching fs.ErrExist and not fs.ErrNotExist,
// and it changes nothing: the other directory stays, and once the
// directory made is back at its name Cleanup removes it. A zero or nil
// TempDir's Keep matches fs.ErrInvalid. As root and as uid 65534.
func TestTempDirKeepAfterCleanup(t *testing.T) {
	everyUser(t, func(t *testing.T) {
		base := tempDir(t)
		keepFails := func(t *testing.T, td *TempDir, want, not error) {
			t.Helper()
			err := td.Keep()
			var pe *fs.PathError
			if !errors.Is(err, want) || errors.Is(err, not) || !errors.As(err, &pe) || pe.Op != "keep" || pe.Path != td.Name() {
				t.Errorf("Keep: %v, want a *fs.PathError keep %s matching %v", err, td.Name(), want)
			}
		}
		t.Run("removed", func(t *testing.T) {
			td, err := TemporaryDirectory("", "", base, false)
			must(t, err)
			must(t, td.Cleanup())
			keepFails(t, td, fs.ErrNotExist, fs.ErrExist)
			if exists(td.Name()) {
				t.Errorf("%s exists after Keep", td.Name())
			}
		})
		t.Run("another at the name", func(t *testing.T) {
			td, err := TemporaryDirectory("", "", base, false)
			must(t, err)
			away := filepath.Join(base, "away")
			writeFile(t, filepath.Join(td.Name(), "mine"), "mine")
			must(t, os.Rename(td.Name(), away))
			mkdirs(t, td.Name())
			writeFile(t, filepath.Join(td.Name(), "theirs"), "keep")
			if err := td.Cleanup(); !errors.Is(err, fs.ErrExist) {
				t.Fatalf("Cleanup with another directory at the name: %v, want fs.ErrExist", err)
			}
			keepFails(t, td, fs.ErrExist, fs.ErrNotExist)
			if got := entries(t, td.Name()); !slices.Equal(got, []string{"theirs"}) {
				t.Errorf("the other directory holds %v after Keep, want [theirs]", got)
			}
			must(t, removeTree(td.Name()))
			must(t, os.Rename(away, td.Name()))
			if err := td.Cleanup(); err != nil || exists(td.Name()) {
				t.Errorf("the directory back at its name after Keep: Cleanup returned %v, and it is there: %v", err, exists(td.Name()))
			}
		})
		t.Run("zero", func(t *testing.T) {
			for _, td := range []*TempDir{nil, {}} {
				if err := td.Keep(); !errors.Is(err, fs.ErrInvalid) {
					t.Errorf("Keep of %#v: %v, want fs.ErrInvalid", td, err)
				}
			}
		})
	})
}

// TestNamedFileKeepAfterRefusal: Keep after a Cleanup that found another
// file at the name (after Close, as delete=True, delete_on_close=False is
// used) returns a *fs.PathError keep for the name matching fs.ErrExist,
// not fs.ErrNotExist, and changes nothing: the other file stays, and once
// the file made is back at its name Cleanup removes it. As root and as
// uid 65534.
func TestNamedFileKeepAfterRefusal(t *testing.T) {
	everyUser(t, func(t *testing.T) {
		dir := tempDir(t)
		f, err := NamedTemporaryFile("", "keep-", dir, true, false)
		must(t, err)
		must(t, f.Close())
		away := filepath.Join(dir, "away")
		must(t, os.Rename(f.Name(), away))
		writeFile(t, f.Name(), "theirs")
		if err := f.Cleanup(); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("Cleanup with another file at the name: %v, want fs.ErrExist", err)
		}
		err = f.Keep()
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrExist) || errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Op != "keep" || pe.Path != f.Name() {
			t.Errorf("Keep: %v, want a *fs.PathError keep %s matching fs.ErrExist", err, f.Name())
		}
		if b, err := os.ReadFile(f.Name()); err != nil || string(b) != "theirs" {
			t.Errorf("the other file after Keep: %q, %v", b, err)
		}
		must(t, os.Remove(f.Name()))
		must(t, os.Rename(away, f.Name()))
		if err := f.Cleanup(); err != nil || exists(f.Name()) {
			t.Errorf("the file back at its name after Keep: Cleanup returned %v, and it is there: %v", err, exists(f.Name()))
		}
	})
}
