//go:build unix

package mkstemp

import (
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// nobody is the unprivileged user the permission tests run as when the
// tests run as root, which ignores permission bits.
const nobody = 65534

// childEnv marks a test binary re-run by runChild; its value is the test it runs.
const childEnv = "MKSTEMP_TEST_CHILD"

// isChild reports whether this process is the re-run of t made by runChild.
func isChild(t *testing.T) bool {
	return os.Getenv(childEnv) == t.Name()
}

// runUnprivileged makes the caller's checks run as a user to whom
// permission bits apply. It returns true where the caller should go on and
// run them in this process: when this is not root, or when this process is
// the re-run. As root it re-runs the calling test as uid 65534, passes its
// verdict on, and returns false.
func runUnprivileged(t *testing.T) bool {
	t.Helper()
	if isChild(t) || os.Geteuid() != 0 {
		return true
	}
	runChild(t, nil, &syscall.Credential{Uid: nobody, Gid: nobody})
	return false
}

// sharedDirEnv passes the directory made by inSharedDir to the re-run.
const sharedDirEnv = "MKSTEMP_TEST_SHARED_DIR"

// inSharedDir has the caller's checks run as uid 65534, in the
// supplementary groups given, in a directory root prepares. In the test as
// root it makes a directory of mode perm in os.TempDir() (which uid 65534
// can enter, unlike t.TempDir()), removed after the test, calls setup with
// it, re-runs the test as uid 65534 with the directory's path in the
// environment, passes its verdict on, and returns "", false. In the
// re-run it returns the directory and true. Not run as root, it skips the
// test as needRoot does.
func inSharedDir(t *testing.T, perm fs.FileMode, setup func(dir string), groups ...uint32) (dir string, ok bool) {
	t.Helper()
	if isChild(t) {
		if dir = os.Getenv(sharedDirEnv); dir == "" || os.Geteuid() == 0 {
			t.Fatal("run as root, which makes the directory and re-runs the test as uid 65534")
		}
		return dir, true
	}
	needRoot(t, "to prepare a directory for uid 65534 and re-run the test as uid 65534 in it")
	// Not the result dir, which the return below sets to "" before the
	// cleanup runs.
	shared, err := os.MkdirTemp("", "mkstemp-shared-")
	must(t, err)
	t.Cleanup(func() {
		if err := os.RemoveAll(shared); err != nil {
			t.Errorf("removing %s: %v", shared, err)
		}
	})
	must(t, os.Chmod(shared, perm))
	setup(shared)
	t.Setenv(sharedDirEnv, shared)
	runChild(t, nil, &syscall.Credential{Uid: nobody, Gid: nobody, Groups: groups})
	return "", false
}

// asRootAndUnprivileged runs check twice: in a subtest named "as root",
// as this process's user (root, as the tests are best run), then as uid
// 65534 through runUnprivileged, to whom permission bits apply.
func asRootAndUnprivileged(t *testing.T, check func(t *testing.T)) {
	t.Helper()
	if !isChild(t) {
		t.Run("as root", check)
	}
	if runUnprivileged(t) {
		check(t)
	}
}

// runChild re-runs the calling test in a new process of the test binary,
// started through wrapper (a command line such as unshare's, or none) with
// cred (nil: this process's credentials), and fails t unless it passed. A
// re-run that skipped skips t too, with its reason (or fails it under CI,
// as missing does).
func runChild(t *testing.T, wrapper []string, cred *syscall.Credential) {
	t.Helper()
	var pattern []string
	for _, part := range strings.Split(t.Name(), "/") {
		pattern = append(pattern, "^"+regexp.QuoteMeta(part)+"$")
	}
	args := append(wrapper, sharedTestBinary(t), "-test.run="+strings.Join(pattern, "/"), "-test.v", "-test.count=1")
	if dir := coverDir(); dir != "" && cred == nil {
		// Under go test -cover a re-run writes its coverage data where
		// this process does; without the flag it would make a directory
		// in /tmp, which some re-runs make read-only.
		args = append(args, "-test.gocoverdir="+dir)
	}
	cmd := exec.Command(args[0], args[1:]...)
	binDir := filepath.Dir(args[len(wrapper)])
	cmd.Env = append(os.Environ(), childEnv+"="+t.Name(), "MKSTEMP_TESTDATA="+binDir)
	cmd.Dir = binDir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := cmd.CombinedOutput()
	if err == nil {
		if why, ok := skipped(string(out), t.Name()); ok {
			missing(t, why+" (in the re-run "+strings.Join(args, " ")+")")
		}
	}
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()+" ") {
		t.Fatalf("the re-run of %s (%q, credentials %+v) failed: %v\n%s", t.Name(), args, cred, err, out)
	}
	t.Logf("the re-run of %s passed:\n%s", t.Name(), out)
}

// coverDir returns the directory this test binary writes its coverage
// data to under go test -cover, or "".
func coverDir() string {
	if testing.CoverMode() == "" {
		return ""
	}
	if f := flag.Lookup("test.gocoverdir"); f != nil {
		return f.Value.String()
	}
	return ""
}

// skipped reports whether the -test.v output out says that the test name
// was skipped, and returns the reason it gave: the last line it logged, a
// line "    file_test.go:NN: reason" under a "=== RUN", "=== NAME" or
// "=== CONT" line naming it.
func skipped(out, name string) (why string, ok bool) {
	logLine := regexp.MustCompile(`^\s+[^\s:]+\.go:\d+: (.*)$`)
	current, last := "", map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "===" {
			current = f[2]
		} else if len(f) >= 3 && f[0] == "---" && f[1] == "SKIP:" && f[2] == name {
			if why, ok = last[name]; !ok {
				why = "skipped, saying nothing"
			}
			return why, true
		} else if m := logLine.FindStringSubmatch(line); m != nil {
			last[current] = m[1]
		}
	}
	return "", false
}

var (
	testBinaryOnce sync.Once
	testBinary     string
	testBinaryErr  error
)

// sharedTestBinary returns a copy of the test binary that any user can run:
// the go command builds it in a directory only its owner may enter.
func sharedTestBinary(t *testing.T) string {
	t.Helper()
	testBinaryOnce.Do(func() {
		testBinary, testBinaryErr = copyTestBinary()
	})
	if testBinaryErr != nil {
		t.Fatal(testBinaryErr)
	}
	return testBinary
}

// copyTestBinary copies the test binary, and the testdata files it reads,
// into a new directory that every user may enter.
func copyTestBinary() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "mkstemp-test-bin")
	if err != nil {
		return "", err
	}
	cleanups = append(cleanups, func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	for _, script := range []string{"oracle.py", "family.py"} {
		if err := copyFile(filepath.Join(dir, script), filepath.Join(testdataDir, script), 0o644); err != nil {
			return "", err
		}
	}
	path := filepath.Join(dir, filepath.Base(exe))
	return path, copyFile(path, exe, 0o755)
}

func copyFile(dst, src string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// needTool returns the path of a program the test cannot do without. Where
// it is missing the test is skipped, saying which, except under CI (CI=true),
// where every tool must be there and its absence fails the test.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, "needs "+name+", which is not installed: "+err.Error())
	}
	return path
}

// needRoot skips the test, saying it needs root for what, unless it runs
// as root; under CI it fails it instead, as missing does.
func needRoot(t *testing.T, what string) {
	t.Helper()
	if os.Geteuid() != 0 {
		missing(t, "needs root: "+what)
	}
}

// missing skips the test because something it needs is missing from the
// machine, or fails it under CI, where nothing may be missing. why says
// what the test needs; it starts with "needs root" or "needs <program>"
// (.ci/nonroot checks that every skip of a non-root run does).
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and %s", why)
	}
	t.Skip(why)
}

// makeBoth makes a file, closing its descriptor, then a directory in dir,
// with the default prefix and no suffix, and returns their paths.
func makeBoth(t *testing.T, dir string) (file, subdir string) {
	t.Helper()
	fd, file, err := Mkstemp("", "", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.NewFile(uintptr(fd), file).Close(); err != nil {
		t.Fatal(err)
	}
	if subdir, err = Mkdtemp("", "", dir); err != nil {
		t.Fatal(err)
	}
	return file, subdir
}

// readOnlyDir makes a directory of mode 0555 in a fresh temporary directory,
// made writable again after the test so that it can be removed.
func readOnlyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ro")
	mkdirs(t, dir)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	must(t, os.Chmod(dir, 0o555))
	return dir
}

// checkReadOnlyDir runs make for mkstemp and mkdtemp in dir, which its user
// cannot write, and fails t unless each fails on its first name with a
// permission PathError naming a path in dir, and dir stays empty.
func checkReadOnlyDir(t *testing.T, dir string, make func(op string) error) {
	t.Helper()
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		n := useNames(t)
		err := make(op)
		if !errors.Is(err, fs.ErrPermission) || !errors.Is(err, syscall.EACCES) {
			t.Errorf("%s: error %v does not match fs.ErrPermission and EACCES", op, err)
		}
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Op != op || filepath.Dir(pe.Path) != dir {
			t.Errorf("%s: error %#v is not a PathError naming a path in %s", op, err, dir)
		}
		if n.Load() != 1 {
			t.Errorf("%s: %d names tried, want 1", op, n.Load())
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// currentUmask returns the process's umask, set back at once.
func currentUmask() os.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return os.FileMode(m)
}

// umaskForTests is the umask, for the tests that run on every system.
func umaskForTests() os.FileMode { return currentUmask() }

// cleanupAgain removes what has td's name after a Cleanup that left it,
// and fails t unless a second Cleanup then returns nil: td closes what it
// holds, not left for the garbage collector to close at an unknown time
// (TestFailuresLeakNoDescriptor counts open descriptors).
func cleanupAgain(t *testing.T, td *TempDir) {
	t.Helper()
	must(t, removeTree(td.Name()))
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup with nothing at the name: %v", err)
	}
}
