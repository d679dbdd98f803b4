package mkstemp_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seed011b361c/mkstemp"
)

// A private file that is removed for you: defer Cleanup, as a Python with
// block. With deleteOnClose false, the file outlives Close, so that another
// program can open it by name until Cleanup.
func Example() {
	// suffix, prefix, dir ("": the default), delete, deleteOnClose
	f, err := mkstemp.NamedTemporaryFile(".txt", "report-", "", true, false)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup() // closes the file if it is open, then removes it

	fmt.Fprintln(f, "hello")
	if err := f.Close(); err != nil { // the file stays until Cleanup
		log.Fatal(err)
	}
	b, err := os.ReadFile(f.Name()) // as another program would
	fmt.Printf("%q %v\n", b, err)
	// Output: "hello\n" <nil>
}

// Create a file, write to it through an *os.File, and remove it.
func ExampleMkstemp() {
	fd, path, err := mkstemp.Mkstemp(".txt", "report-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(path)
	f := os.NewFile(uintptr(fd), path) // works with the HANDLE on Windows too
	defer f.Close()

	if _, err := f.WriteString("hello\n"); err != nil {
		log.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Base(path)
	fmt.Println(filepath.IsAbs(path), strings.HasPrefix(name, "report-"), strings.HasSuffix(name, ".txt"), len(name))
	fmt.Println(fi.Mode().IsRegular(), fi.Size())
	// Output:
	// true true true 19
	// true 6
}

// The bytes variants tell Python's None (nil) from the empty string (a
// non-nil empty slice): here, no prefix at all, in the current directory.
func ExampleMkstempBytes() {
	fd, path, err := mkstemp.MkstempBytes(nil, []byte{}, []byte{}, false)
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(string(path))
	defer os.NewFile(uintptr(fd), string(path)).Close()

	wd, _ := os.Getwd()
	fmt.Println(filepath.Dir(string(path)) == wd, len(filepath.Base(string(path))))
	// Output: true 8
}

// Create a private directory, use it, and remove it with all it holds.
func ExampleMkdtemp() {
	dir, err := mkstemp.Mkdtemp("", "work-", "")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(dir) // empty; TemporaryDirectory removes a full one

	fi, err := os.Stat(dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.IsAbs(dir), strings.HasPrefix(filepath.Base(dir), "work-"), fi.IsDir())
	// Output: true true true
}

// The default directory is the one CPython would choose: the first of
// $TMPDIR, $TEMP, $TMP and the platform's usual places that really takes a
// file.
func ExampleGettempdir() {
	dir, err := mkstemp.Gettempdir()
	if err != nil {
		log.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(fi.IsDir(), mkstemp.Gettempprefix())
	// Output: true tmp
}

// SetTempdir is Python's assignment to tempfile.tempdir: every later call
// without a dir uses it.
func ExampleSetTempdir() {
	d, err := mkstemp.TemporaryDirectory("", "example-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	mkstemp.SetTempdir(d.Name())
	defer mkstemp.SetTempdir("") // back to the default directory

	path, err := mkstemp.Mkdtemp("", "", "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Dir(path) == d.Name())
	// Output: true
}

// A descriptor wrapped in an *os.File is closed by the File; the file
// itself stays until it is removed.
func ExampleMkstemp_newFile() {
	fd, path, err := mkstemp.Mkstemp("", "", "", false)
	if err != nil {
		log.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), path)
	fmt.Fprint(f, "data")
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fmt.Println(string(b))
	if err := os.Remove(path); err != nil {
		log.Fatal(err)
	}
	// Output: data
}

// With delete and deleteOnClose, Close removes the file (on Windows the
// system does, when its last handle closes, even if the process dies).
func ExampleNamedTemporaryFile() {
	f, err := mkstemp.NamedTemporaryFile(".json", "state-", "", true, true)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup() // still needed on every path where Close is not reached
	if _, err := f.WriteString("{}"); err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.IsAbs(f.Name()), strings.HasSuffix(f.Name(), ".json"))
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	_, err = os.Stat(f.Name())
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// true true
	// true
}

// A directory removed with all it holds, however its content was locked.
func ExampleTemporaryDirectory() {
	d, err := mkstemp.TemporaryDirectory("", "build-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	out := filepath.Join(d.Name(), "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "a.o"), []byte("obj"), 0o444); err != nil {
		log.Fatal(err)
	}
	os.Chmod(out, 0o555)
	fmt.Println(d.Cleanup())
	_, err = os.Stat(d.Name())
	fmt.Println(os.IsNotExist(err))
	// Output:
	// <nil>
	// true
}

// Bytes stay in memory until the file grows past maxSize, then move to a
// file on disk with nothing lost.
func ExampleSpooledTemporaryFile() {
	f := mkstemp.SpooledTemporaryFile(8, "", "", "")
	defer f.Close()
	f.WriteString("12345678")
	fmt.Println(f.Rolled())
	f.WriteString("9")
	fmt.Println(f.Rolled())
	b := make([]byte, 9)
	n, _ := f.ReadAt(b, 0)
	fmt.Println(string(b[:n]))
	// Output:
	// false
	// true
	// 123456789
}

// Create in a directory held open, whatever happens to its path later.
func ExampleMkstempIn() {
	dir, err := mkstemp.Mkdtemp("", "spool-", "")
	if err != nil {
		log.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()
	f, err := mkstemp.MkstempIn(root, ".part", "upload-")
	if err != nil {
		log.Fatal(err)
	}
	name := filepath.Base(f.Name())
	fmt.Println(filepath.Dir(f.Name()) == dir, strings.HasPrefix(name, "upload-"), strings.HasSuffix(name, ".part"))
	f.Close()
	root.Remove(name)
	os.Remove(dir)
	// Output:
	// true true true
}

// writeConfig replaces the file at path with data in one atomic, durable
// step: a reader sees the old content or all of the new, even after a
// crash.
func writeConfig(path string, data []byte) error {
	// Flushed before it takes the name, the directory after: nil means on disk.
	return mkstemp.WriteFile(path, data, 0o644)
}

// Write a file in full, then make it lasting at its name in one step.
func ExampleNamedFile_Persist() {
	d, err := mkstemp.TemporaryDirectory("", "app-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	target := filepath.Join(d.Name(), "config.json")

	for _, config := range []string{`{"v": 1}`, `{"v": 2}`} {
		if err := writeConfig(target, []byte(config)); err != nil {
			log.Fatal(err)
		}
		b, err := os.ReadFile(target)
		fmt.Println(string(b), err)
	}
	entries, _ := os.ReadDir(d.Name())
	fmt.Println(len(entries)) // no temporary file left behind
	// Output:
	// {"v": 1} <nil>
	// {"v": 2} <nil>
	// 1
}

// PersistNoClobber never replaces a file: the second writer is told, and
// its temporary file goes with Cleanup.
func ExampleNamedFile_PersistNoClobber() {
	d, err := mkstemp.TemporaryDirectory("", "out-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	target := filepath.Join(d.Name(), "report.txt")

	for _, text := range []string{"first", "second"} {
		f, err := mkstemp.NamedTemporaryFile(".tmp", "report-", d.Name(), true, false)
		if err != nil {
			log.Fatal(err)
		}
		f.WriteString(text)
		err = f.PersistNoClobber(target)
		fmt.Println(text, errors.Is(err, fs.ErrExist))
		f.Cleanup() // closes the file; removes it unless it was persisted
	}
	b, _ := os.ReadFile(target)
	entries, _ := os.ReadDir(d.Name())
	fmt.Println(string(b), len(entries))
	// Output:
	// first false
	// second true
	// first 1
}

// A file that never has a name on Linux (on other Unix systems, only while
// it is made; on Windows, until it is closed): closing it removes it with
// its data.
func ExampleTemporaryFile() {
	f, err := mkstemp.TemporaryFile("", "scratch-", "")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close() // the file and its data go

	if _, err := f.WriteString("intermediate results"); err != nil {
		log.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		log.Fatal(err)
	}
	b, err := io.ReadAll(f)
	fmt.Println(string(b), err)
	// Output: intermediate results <nil>
}

// Create a directory inside one held open by an os.Root: the name returned
// is inside the root, and the root's methods use it.
func ExampleMkdtempIn() {
	d, err := mkstemp.TemporaryDirectory("", "jobs-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	root, err := os.OpenRoot(d.Name())
	if err != nil {
		log.Fatal(err)
	}
	defer root.Close()

	name, err := mkstemp.MkdtempIn(root, "", "job-")
	if err != nil {
		log.Fatal(err)
	}
	if err := root.WriteFile(filepath.Join(name, "input"), []byte("data"), 0o600); err != nil {
		log.Fatal(err)
	}
	b, err := root.ReadFile(filepath.Join(name, "input"))
	fmt.Println(strings.HasPrefix(name, "job-"), filepath.IsAbs(name), string(b), err)
	// Output: true false data <nil>
}

// In a test: a directory removed when the test ends, even what the test
// made read-only in it, and an error if it cannot be.
func TestBuild(t *testing.T) {
	dir := mkstemp.TestDir(t) // removed when the test and its subtests end
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "a.o"), []byte("obj"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(out, 0o500); err != nil { // t.TempDir() could not empty it now
		t.Fatal(err)
	}
}

// In a test, a scratch directory that goes when the test ends, with all the
// test left in it: here a read-only tree, as a Go module cache is, which
// t.TempDir() cannot remove as a user other than root (golang/go#40853).
// With MKSTEMP_KEEPFAIL=1, a failed test's directory is kept to look at.
func ExampleTestDir() {
	// A test function, which go test calls with its own t.
	_ = func(t *testing.T) {
		dir := mkstemp.TestDir(t)
		pkg := filepath.Join(dir, "mod", "example.com", "m@v1.0.0")
		if err := os.MkdirAll(pkg, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(pkg, "go.mod"), []byte("module example.com/m\n"), 0o444); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(pkg, 0o555); err != nil {
			t.Fatal(err)
		}
	}
}

// Keep a directory after all, decided late: Cleanup then leaves it.
func ExampleTempDir_Keep() {
	d, err := mkstemp.TemporaryDirectory("", "results-", "", false)
	if err != nil {
		log.Fatal(err)
	}
	defer d.Cleanup()
	if err := os.WriteFile(filepath.Join(d.Name(), "summary"), []byte("3 failed"), 0o600); err != nil {
		log.Fatal(err)
	}
	if err := d.Keep(); err != nil { // something failed: keep the results to look at
		log.Fatal(err)
	}

	err = d.Cleanup()
	b, _ := os.ReadFile(filepath.Join(d.Name(), "summary"))
	fmt.Println(err, string(b))
	os.RemoveAll(d.Name())
	// Output: <nil> 3 failed
}

// Keep a file after all, where it is: Close and Cleanup then leave it.
// (Persist gives it another name instead.) On Windows a file made with
// delete and deleteOnClose cannot be kept: make it with deleteOnClose false.
func ExampleNamedFile_Keep() {
	f, err := mkstemp.NamedTemporaryFile(".log", "run-", "", true, false)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup()
	if _, err := f.WriteString("step 3: disk full"); err != nil {
		log.Fatal(err)
	}
	if err := f.Keep(); err != nil { // the run failed: keep its log
		log.Fatal(err)
	}

	err = f.Cleanup()
	b, _ := os.ReadFile(f.Name())
	fmt.Println(err, string(b))
	os.Remove(f.Name())
	// Output: <nil> step 3: disk full
}

// Replace a configuration file so that readers, and a crash at any
// instant, see the old one or all of the new one: os.WriteFile's call,
// atomic and durable. A new file gets perm less the umask; a file replaced
// keeps its mode.
func ExampleWriteFile() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	config := filepath.Join(dir, "app.conf")
	if err := mkstemp.WriteFile(config, []byte("level = 1\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := mkstemp.WriteFile(config, []byte("level = 2\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	b, err := os.ReadFile(config)
	fmt.Printf("%q %v\n", b, err)
	// Output: "level = 2\n" <nil>
}

// Write what a reader gives, whole or not at all: an error of the reader
// leaves the old file as it was, and nothing else in the directory.
func ExampleWriteFileFrom() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "report.txt")
	if err := mkstemp.WriteFileFrom(out, strings.NewReader("all rows\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	failing := io.MultiReader(strings.NewReader("half of the rows"), lostConnection{})
	err = mkstemp.WriteFileFrom(out, failing, 0o644)
	b, _ := os.ReadFile(out)
	entries, _ := os.ReadDir(dir)
	fmt.Printf("%v\n%q, %d entry\n", err != nil, b, len(entries))
	// Output:
	// true
	// "all rows\n", 1 entry
}

// lostConnection is a reader that fails.
type lostConnection struct{}

func (lostConnection) Read([]byte) (int, error) { return 0, errors.New("connection lost") }

// Write a file through an encoder, check it, then publish it: until
// Commit, readers of the name see the old file (on Linux a new file has
// no name at all), and Cleanup discards what was not committed.
func ExampleCreateAtomic() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "state.json")
	f, err := mkstemp.CreateAtomic(path, 0o644)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup() // discards the file unless it was committed
	if err := json.NewEncoder(f).Encode(map[string]int{"level": 2}); err != nil {
		log.Fatal(err)
	}
	// Read it back before it is published.
	var back map[string]int
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		log.Fatal(err)
	}
	if err := json.NewDecoder(f).Decode(&back); err != nil || back["level"] != 2 {
		log.Fatalf("the file holds something else: %v %v", back, err)
	}
	if err := f.Commit(); err != nil { // flushed, named, the directory flushed
		log.Fatal(err)
	}
	b, err := os.ReadFile(path)
	fmt.Printf("%s%v\n", b, err)
	// Output:
	// {"level":2}
	// <nil>
}

// saveState writes state to path as JSON, whole or not at all, as the
// README shows.
func saveState(path string, state any) error {
	f, err := mkstemp.CreateAtomic(path, 0o644)
	if err != nil {
		return err
	}
	defer f.Cleanup() // discards the file unless it was committed
	if err := json.NewEncoder(f).Encode(state); err != nil {
		return err
	}
	return f.Commit() // flushed, then given the name, then the directory flushed
}

// A writer that fails half way leaves the old file as it was.
func ExampleAtomicFile_Commit() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "state.json")
	if err := saveState(path, []int{1, 2}); err != nil {
		log.Fatal(err)
	}
	err = saveState(path, func() {}) // json cannot encode a func: nothing is committed
	b, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	fmt.Printf("%v\n%s%d entry\n", err != nil, b, len(entries))
	// Output:
	// true
	// [1,2]
	// 1 entry
}
