package mkstemp_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/seed011b361c/mkstemp"
)

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
	defer os.RemoveAll(dir)

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
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	mkstemp.SetTempdir(dir)
	defer mkstemp.SetTempdir("") // back to the default directory

	path, err := mkstemp.Mkdtemp("", "", "")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Dir(path) == dir)
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

// A named file that outlives Close, so that another program can open it by
// name, and goes with Cleanup, as when a Python with block ends.
func ExampleNamedTemporaryFile() {
	f, err := mkstemp.NamedTemporaryFile(".json", "state-", "", true, false)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup()
	if _, err := f.WriteString("{}"); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	b, err := os.ReadFile(f.Name()) // what another program would do
	fmt.Println(string(b), err)
	f.Cleanup()
	_, err = os.Stat(f.Name())
	fmt.Println(os.IsNotExist(err))
	// Output:
	// {} <nil>
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

// Write a file in full, then make it lasting at its name in one step.
func ExampleNamedFile_Persist() {
	dir, err := mkstemp.Mkdtemp("", "app-", "")
	if err != nil {
		log.Fatal(err)
	}
	target := filepath.Join(dir, "config.json")
	f, err := mkstemp.NamedTemporaryFile(".tmp", "config-", dir, true, true)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Cleanup() // removes the file unless it was persisted
	if _, err := f.WriteString(`{"ok": true}`); err != nil {
		log.Fatal(err)
	}
	if err := f.Persist(target); err != nil {
		log.Fatal(err)
	}
	f.Close()
	b, err := os.ReadFile(target)
	fmt.Println(string(b), err, f.Name() == target)
	os.Remove(target)
	os.Remove(dir)
	// Output:
	// {"ok": true} <nil> true
}
