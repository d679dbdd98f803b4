//go:build unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestModes: files are created 0600 and directories 0700, less the umask,
// exactly (CPython's test_file_mode and test_mode), and the descriptor can
// be written and read even when the umask leaves the file mode 0000.
func TestModes(t *testing.T) {
	dir := t.TempDir()
	for _, umask := range []int{0, 0o22, 0o77, 0o777} {
		t.Run("umask "+strconv.FormatInt(int64(umask), 8), func(t *testing.T) {
			old := unix.Umask(umask)
			defer unix.Umask(old)
			fd, path, err := Mkstemp("", "", dir, false)
			if err != nil {
				t.Fatal(err)
			}
			f := os.NewFile(uintptr(fd), path)
			defer f.Close()
			if _, err := f.WriteString("usable"); err != nil {
				t.Errorf("writing to the descriptor: %v", err)
			}
			b := make([]byte, 6)
			if _, err := f.ReadAt(b, 0); err != nil || string(b) != "usable" {
				t.Errorf("reading the descriptor back: %q, %v", b, err)
			}
			dpath, err := Mkdtemp("", "", dir)
			if err != nil {
				t.Fatal(err)
			}
			for p, want := range map[string]fs.FileMode{path: 0o600, dpath: 0o700} {
				fi, err := os.Lstat(p)
				if err != nil {
					t.Fatal(err)
				}
				if got := fi.Mode().Perm(); got != want&^fs.FileMode(umask) {
					t.Errorf("%s has mode %v, want %v", p, got, want&^fs.FileMode(umask))
				}
			}
		})
	}
}

// TestDescriptorIsCloseOnExec: the descriptor has FD_CLOEXEC, and a child
// started after the call does not hold the file. A descriptor of the same
// file without FD_CLOEXEC is shown to reach the child, so the check can fail.
func TestDescriptorIsCloseOnExec(t *testing.T) {
	fd, path, err := Mkstemp(".cloexec", "", t.TempDir(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFd(t, fd, path)
	flags, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0)
	if err != nil {
		t.Fatal(err)
	}
	if flags&unix.FD_CLOEXEC == 0 {
		t.Errorf("fd %d lacks FD_CLOEXEC", fd)
	}
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		return // no /proc to see a child's descriptors: FD_CLOEXEC is the proof
	}
	childHolds := func() bool {
		out, err := exec.Command("ls", "-l", "/proc/self/fd/").CombinedOutput()
		if err != nil {
			t.Fatalf("ls: %v\n%s", err, out)
		}
		return strings.Contains(string(out), path)
	}
	if childHolds() {
		t.Errorf("a child process holds %s", path)
	}
	inheritable, err := unix.Dup(fd) // Dup does not set FD_CLOEXEC
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(inheritable)
	if !childHolds() {
		t.Errorf("a child does not hold an inheritable descriptor of %s: the check cannot see a leak", path)
	}
}

// TestSymlinkAtNameIsNotFollowed: a symbolic link at the chosen name, to a
// file, to a missing path or to a directory, is skipped; what it points to
// is neither created nor touched.
func TestSymlinkAtNameIsNotFollowed(t *testing.T) {
	base := t.TempDir()
	victim := filepath.Join(base, "victim")
	writeFile(t, victim, "precious")
	if err := os.Chmod(victim, 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(victim, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	victimDir := filepath.Join(base, "victimdir")
	mkdirs(t, victimDir)
	missingTarget := filepath.Join(base, "created-through-link")
	for _, target := range []string{victim, missingTarget, victimDir} {
		t.Run(filepath.Base(target), func(t *testing.T) {
			dir := filepath.Join(base, "dir-"+filepath.Base(target))
			mkdirs(t, dir)
			for _, name := range []string{"tmpaaaaaaaa", "tmpcccccccc"} {
				if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			useNames(t, "aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd")
			path, dpath := makeBoth(t, dir)
			if path != filepath.Join(dir, "tmpbbbbbbbb") || dpath != filepath.Join(dir, "tmpdddddddd") {
				t.Errorf("created %s and %s, want tmpbbbbbbbb and tmpdddddddd past the links", path, dpath)
			}
		})
	}
	if b, err := os.ReadFile(victim); err != nil || string(b) != "precious" {
		t.Errorf("victim holds %q, %v", b, err)
	}
	if fi, err := os.Stat(victim); err != nil || fi.Mode().Perm() != 0o644 || !fi.ModTime().Equal(mtime) {
		t.Errorf("victim's mode or time changed: %v, %v", fi, err)
	}
	if got := entries(t, victimDir); len(got) != 0 {
		t.Errorf("victim directory holds %v", got)
	}
	if _, err := os.Lstat(missingTarget); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the link's missing target was created: %v", err)
	}
}

// TestReadOnlyDirectory: in a directory its user cannot write, both fail at
// once with a permission error and leave it empty. As root the checks run
// again as uid 65534, since root ignores permission bits.
func TestReadOnlyDirectory(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	dir := readOnlyDir(t)
	checkReadOnlyDir(t, dir, func(op string) error { return makeTemp(op, "", "", dir) })
}

// TestReadOnlyCandidateIsSkipped: the default-directory probe passes over a
// directory its user cannot write (as uid 65534 when run as root).
func TestReadOnlyCandidateIsSkipped(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	base := t.TempDir()
	readOnly, writable := filepath.Join(base, "ro"), filepath.Join(base, "rw")
	mkdirs(t, readOnly, writable)
	t.Cleanup(func() { os.Chmod(readOnly, 0o755) })
	if err := os.Chmod(readOnly, 0o555); err != nil {
		t.Fatal(err)
	}
	clearTempEnv(t)
	freshTempdir(t)
	t.Setenv("TMPDIR", readOnly)
	t.Setenv("TEMP", writable)
	if got, err := Gettempdir(); err != nil || got != writable {
		t.Errorf("Gettempdir() = %q, %v; want %q past the read-only %q", got, err, writable, readOnly)
	}
	if got := entries(t, writable); len(got) != 0 {
		t.Errorf("the probe left %v in %s", got, writable)
	}
}

// TestNameTooLong: a name over the system's limit (a 300-byte prefix)
// fails at once.
func TestNameTooLong(t *testing.T) {
	dir := t.TempDir()
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		n := useNames(t)
		err := makeTemp(op, "", strings.Repeat("p", 300), dir)
		if !errors.Is(err, syscall.ENAMETOOLONG) {
			t.Errorf("%s: error %v does not match ENAMETOOLONG", op, err)
		}
		if n.Load() != 1 {
			t.Errorf("%s: %d names tried, want 1", op, n.Load())
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestLeadingDoubleSlashIsKept: like CPython's abspath, a dir starting with
// exactly two slashes keeps them, since POSIX lets "//" differ from "/".
func TestLeadingDoubleSlashIsKept(t *testing.T) {
	dir := t.TempDir()
	fd, path, err := Mkstemp("", "", "/"+dir+"/", false)
	if err != nil {
		t.Fatal(err)
	}
	closeFd(t, fd, path)
	if !strings.HasPrefix(path, "//") || strings.HasPrefix(path, "///") || filepath.Clean(path) != filepath.Join(dir, filepath.Base(path)) {
		t.Errorf("path %q does not start with exactly // and name a file in %s", path, dir)
	}
	for in, want := range map[string]string{"//": "//", "///a//b/": "/a/b", "//a/../b": "//b", "/a/./b/..": "/a"} {
		if got, err := abspath(in); err != nil || got != want {
			t.Errorf("abspath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestDeletedWorkingDirectory: with the current directory removed, a
// relative dir cannot be made absolute, which is an error naming dir, as
// CPython's os.getcwd raises; the default directory is still found, the
// current directory's candidate being "." then.
func TestDeletedWorkingDirectory(t *testing.T) {
	gone := t.TempDir()
	t.Chdir(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	_, _, err := Mkstemp("", "", "rel", false)
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Op != "mkstemp" || pe.Path != "rel" {
		t.Errorf("error %#v, want a not-exist PathError of mkstemp naming rel", err)
	}
	if got := candidateTempdirList(); got[len(got)-1] != "." {
		t.Errorf("candidateTempdirList() = %q, want . last", got)
	}
	clearTempEnv(t)
	freshTempdir(t)
	if got, err := Gettempdir(); err != nil || got != "/tmp" {
		t.Errorf("Gettempdir() = %q, %v; want /tmp", got, err)
	}
	// The current directory named as "." and the step that failed.
	_, err = MkdtempBytes(nil, nil, []byte{})
	if !errors.Is(err, syscall.ENOENT) || err.Error() != "mkdtemp .: getcwd: no such file or directory" {
		t.Errorf("MkdtempBytes in the current directory: %v, want it to name . and getcwd", err)
	}
}

// TestRelativeCandidateInDeletedDirectory is a deliberate difference from
// CPython 3.13, whose abspath of a relative $TMPDIR raises
// FileNotFoundError out of gettempdir when the current directory is gone:
// the package passes over that candidate, as it passes over any candidate
// it cannot use, and returns the next one.
func TestRelativeCandidateInDeletedDirectory(t *testing.T) {
	next := t.TempDir()
	gone := t.TempDir()
	t.Chdir(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	setTempEnv(t, "rel", "-", next)
	freshTempdir(t)
	if got, err := Gettempdir(); err != nil || got != next {
		t.Errorf("Gettempdir() = %q, %v; want %q, the candidate after the relative one", got, err, next)
	}
	if got := entries(t, next); len(got) != 0 {
		t.Errorf("the probe left %v in %s", got, next)
	}
}
