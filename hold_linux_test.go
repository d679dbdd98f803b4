package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestHeldDescriptors counts the process's descriptors: a TempDir holds
// one from creation until the Cleanup that removed it, or Keep; a Cleanup
// that found another directory at the name keeps it, for the next. A
// NamedFile (delete, not deleteOnClose) closed by Close holds one until
// Cleanup or Keep; one closed by Cleanup, and one without delete, none. A
// TestDir holds one until the end of its test, whatever happens there. A
// TempDir or a NamedFile dropped without Cleanup or Keep has its
// descriptor closed by the garbage collector.
func TestHeldDescriptors(t *testing.T) {
	dir := tempDir(t)
	n := openFds(t)
	want := func(what string, d int) {
		t.Helper()
		if got := openFds(t); got != n+d {
			t.Errorf("%s: %d descriptors open, want %d", what, got, n+d)
		}
	}
	td, err := TemporaryDirectory("", "", dir, false)
	must(t, err)
	want("TemporaryDirectory", 1)
	must(t, td.Cleanup())
	want("its Cleanup", 0)

	td, err = TemporaryDirectory("", "", dir, false)
	must(t, err)
	must(t, td.Keep())
	want("TemporaryDirectory and Keep", 0)
	must(t, os.Remove(td.Name()))

	td, err = TemporaryDirectory("", "", dir, false)
	must(t, err)
	away := filepath.Join(dir, "away")
	must(t, os.Rename(td.Name(), away))
	mkdirs(t, td.Name())
	if err := td.Cleanup(); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Cleanup with another directory at the name: %v", err)
	}
	want("TemporaryDirectory and a Cleanup that found another directory at the name", 1)
	must(t, os.Remove(td.Name()))
	must(t, os.Rename(away, td.Name()))
	must(t, td.Cleanup())
	want("a second Cleanup, which removed it", 0)

	for _, end := range []string{"cleanup", "keep"} {
		f, err := NamedTemporaryFile("", "", dir, true, false)
		must(t, err)
		must(t, f.Close())
		want("NamedTemporaryFile and Close", 1)
		if end == "keep" {
			must(t, f.Keep())
			must(t, os.Remove(f.Name()))
		} else {
			must(t, f.Cleanup())
		}
		want("NamedTemporaryFile, Close and "+end, 0)
	}
	for _, del := range []bool{true, false} {
		f, err := NamedTemporaryFile("", "", dir, del, false)
		must(t, err)
		must(t, f.Cleanup())
		os.Remove(f.Name())
		want("NamedTemporaryFile and Cleanup", 0)
		f, err = NamedTemporaryFile("", "", dir, del, true)
		must(t, err)
		must(t, f.Close())
		os.Remove(f.Name())
		want("NamedTemporaryFile with deleteOnClose, and Close", 0)
	}

	freshTempdir(t)
	SetTempdir(dir)
	for _, how := range []string{"passed", "taken", "kept"} {
		t.Setenv(keepFailEnv, "1")
		tb := &fakeTB{name: "TestHeld", failed: how == "kept"}
		d := TestDir(tb)
		want("TestDir", 1)
		if how == "taken" {
			must(t, os.Rename(d, d+"-away"))
			mkdirs(t, d)
		}
		tb.runCleanups()
		want("TestDir's test "+how, 0)
		removeTree(d)
		removeTree(d + "-away")
	}

	func() {
		if _, err := TemporaryDirectory("", "", dir, false); err != nil {
			t.Fatal(err)
		}
		f, err := NamedTemporaryFile("", "", dir, true, false)
		must(t, err)
		must(t, f.Close())
	}()
	for i := 0; openFds(t) != n; i++ {
		if i == 500 {
			want("a TempDir and a NamedFile dropped", 0)
			break
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}
