package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sync/atomic"
	"testing"
)

// cleanups are run by TestMain once every test has finished.
var cleanups []func()

func TestMain(m *testing.M) {
	code := m.Run()
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// stress returns long where MKSTEMP_STRESS=1, as .ci/run sets it, and
// short otherwise: the stress tests' long loops would make a
// contributor's go test ./... slow, and the short ones still exercise
// every path they check.
func stress(short, long int) int {
	if os.Getenv("MKSTEMP_STRESS") == "1" {
		return long
	}
	return short
}

// tempDir is t.TempDir with a removal that also works under Wine, where
// the Windows suite runs: Go's os.RemoveAll deletes on Windows through
// NtSetInformationFile(FileDispositionInformationEx), which Wine 8 does not
// implement, so t.TempDir's own cleanup fails there. removeTree uses
// os.Remove (DeleteFile and RemoveDirectory), which Wine has.
func tempDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "mkstemp-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := removeTree(dir); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return dir
}

// removeTree removes path and, if it is a directory, all it holds.
func removeTree(path string) error {
	err := os.Remove(path)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	des, rerr := os.ReadDir(path)
	if rerr != nil {
		return err
	}
	for _, de := range des {
		if err := removeTree(filepath.Join(path, de.Name())); err != nil {
			return err
		}
	}
	return os.Remove(path)
}

// errPathNotFound and errSharingViolation are Windows' ERROR_PATH_NOT_FOUND
// and ERROR_SHARING_VIOLATION, which the Windows tests set; they are nil
// elsewhere.
var errPathNotFound, errSharingViolation error

// nameShape is what every name must look like between prefix and suffix.
var nameShape = regexp.MustCompile(`^[a-z0-9_]{8}$`)

// useNames makes the package draw its names from names, in order, then from
// the real source, for the rest of the test. It returns the number of names
// drawn so far. Tests that call it must not run in parallel.
func useNames(t *testing.T, names ...string) *atomic.Int64 {
	t.Helper()
	return drawNames(t, func(i int64) string {
		if i < int64(len(names)) {
			return names[i]
		}
		return ""
	})
}

// sameName makes the package draw name every time, so that the test can
// make every attempt collide.
func sameName(t *testing.T, name string) *atomic.Int64 {
	t.Helper()
	return drawNames(t, func(int64) string { return name })
}

// drawNames makes the i-th name drawn (from 0) pick(i), or a real random
// name where pick returns "", until the end of the test, and returns the
// number of names drawn so far.
func drawNames(t *testing.T, pick func(i int64) string) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	newName = func() (b [nameLen]byte) {
		if name := pick(n.Add(1) - 1); name != "" {
			copy(b[:], name)
			return b
		}
		return randomName()
	}
	t.Cleanup(func() { newName = randomName })
	return &n
}

// makeTemp calls Mkstemp (op "mkstemp") or Mkdtemp (op "mkdtemp") with the
// arguments, for a test that expects it to fail, and returns the error.
func makeTemp(op, suffix, prefix, dir string) error {
	if op == "mkstemp" {
		_, _, err := Mkstemp(suffix, prefix, dir, false)
		return err
	}
	_, err := Mkdtemp(suffix, prefix, dir)
	return err
}

// freshTempdir clears the default-directory cache for the test and again
// after it.
func freshTempdir(t *testing.T) {
	t.Helper()
	SetTempdir("")
	t.Cleanup(func() { SetTempdir("") })
}

// clearTempEnv unsets TMPDIR, TEMP and TMP for the test.
func clearTempEnv(t *testing.T) {
	t.Helper()
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		t.Setenv(env, "") // restores the old value afterwards
		os.Unsetenv(env)
	}
}

// entries returns the sorted names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	slices.Sort(names)
	return names
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeThrough writes data through fd, wrapped by os.NewFile, closes it,
// and fails t unless the file at path then holds data.
func writeThrough(t *testing.T, fd int, path, data string) {
	t.Helper()
	f := os.NewFile(uintptr(fd), path)
	if _, err := f.WriteString(data); err != nil {
		t.Error(err)
	}
	if err := f.Close(); err != nil {
		t.Error(err)
	}
	if b, err := os.ReadFile(path); err != nil || string(b) != data {
		t.Errorf("%s holds %q, %v; want %q", path, b, err, data)
	}
}

// mkdirs makes each directory, with mode 0755.
func mkdirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// inDefaultLayout makes a fresh directory base holding "default", which
// becomes the default directory, and "rel"; it changes into base and
// returns it, the default directory and base as getwd names it.
func inDefaultLayout(t *testing.T) (base, defaultDir, wd string) {
	t.Helper()
	base = tempDir(t)
	defaultDir = filepath.Join(base, "default")
	mkdirs(t, defaultDir, filepath.Join(base, "rel"))
	freshTempdir(t)
	SetTempdir(defaultDir)
	t.Chdir(base)
	wd, err := getwd()
	if err != nil {
		t.Fatal(err)
	}
	return base, defaultDir, wd
}

// must fails t at once on an error of the test's own setup.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
