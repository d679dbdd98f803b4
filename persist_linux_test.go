package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPersistAcrossFileSystems: from /dev/shm (tmpfs) to the disk, both
// forms fail with EXDEV, and nothing changes.
func TestPersistAcrossFileSystems(t *testing.T) {
	disk := t.TempDir()
	var shm, dst unix.Stat_t
	must(t, unix.Stat("/dev/shm", &shm))
	must(t, unix.Stat(disk, &dst))
	if shm.Dev == dst.Dev {
		t.Fatalf("/dev/shm and %s are on one file system: the test needs two", disk)
	}
	for _, noClobber := range []bool{false, true} {
		f, err := NamedTemporaryFile("", "persist-test-", "/dev/shm", true, true)
		must(t, err)
		f.WriteString("data")
		temp := f.Name()
		persist := f.Persist
		if noClobber {
			persist = f.PersistNoClobber
		}
		if err := persist(filepath.Join(disk, "target")); !errors.Is(err, syscall.EXDEV) {
			t.Errorf("noClobber=%v: %v, want EXDEV", noClobber, err)
		}
		if b, err := os.ReadFile(temp); err != nil || string(b) != "data" || f.Name() != temp {
			t.Errorf("noClobber=%v: the temporary file: %q, %v, named %q", noClobber, b, err, f.Name())
		}
		if err := f.Close(); err != nil || exists(temp) {
			t.Errorf("noClobber=%v: Close: %v; the file is there: %v", noClobber, err, exists(temp))
		}
	}
	if got := entries(t, disk); len(got) != 0 {
		t.Errorf("%s holds %v", disk, got)
	}
}

// TestPersistNoClobberWithoutRenameat2: where the system refuses to link
// a descriptor (no /proc) and renameat2 or its flag is missing (ENOSYS,
// EINVAL), PersistNoClobber links and unlinks the name instead, with the
// same results, and Persist renames.
func TestPersistNoClobberWithoutRenameat2(t *testing.T) {
	real, realLink := renameat2, linkFd
	t.Cleanup(func() { renameat2, linkFd = real, realLink })
	linkFd = func(int, int, string) error { return unix.ENOENT } // no /proc
	dir := t.TempDir()
	for _, missing := range []error{unix.ENOSYS, unix.EINVAL} {
		var calls int
		renameat2 = func(int, string, int, string, uint) error { calls++; return missing }
		target := filepath.Join(dir, "target")
		f := persistable(t, dir, "one", true, true)
		must(t, f.PersistNoClobber(target))
		f.Cleanup()
		g := persistable(t, dir, "two", true, true)
		if err := g.PersistNoClobber(target); !errors.Is(err, fs.ErrExist) {
			t.Errorf("%v: PersistNoClobber onto a file: %v, want fs.ErrExist", missing, err)
		}
		must(t, g.Persist(target))
		g.Cleanup()
		if b, _ := os.ReadFile(target); string(b) != "two" || calls != 3 {
			t.Errorf("%v: %s holds %q after %d tries of renameat2, want \"two\" after 3", missing, target, b, calls)
		}
		must(t, os.Remove(target))
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestPersistFlushesInOrder runs a Persist and a PersistNoClobber under
// strace and reads the system calls back: the file's data is flushed
// (fsync of the file), then the open file gets its name (linkat of
// /proc/self/fd/N: for Persist to a fresh name renamed over the target,
// for PersistNoClobber straight to the target), the temporary name is
// removed, then the directory that holds it is flushed (fsync of the
// directory), in that order. Only the calls that name the test's
// directory count: a coverage run renames its own files at exit.
func TestPersistFlushesInOrder(t *testing.T) {
	if dir := os.Getenv("MKSTEMP_PERSIST_DIR"); dir != "" {
		for _, name := range []string{"replaced", "new"} {
			f := persistable(t, dir, "data", true, true)
			persist := f.Persist
			if name == "new" {
				persist = f.PersistNoClobber
			}
			must(t, persist(filepath.Join(dir, name)))
			f.Close()
		}
		return
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "replaced"), "old")
	// The calls, in order, whichever threads made them; a call that another
	// thread's line split in two is joined again.
	calls := traceSelf(t, "fsync,fdatasync,renameat2,renameat,rename,link,linkat,unlink,unlinkat", "MKSTEMP_PERSIST_DIR="+dir, dir)
	q := regexp.QuoteMeta(dir)
	tempFile := q + `/tmp[a-z0-9_]{8}`
	fresh := q + `/\.[a-z0-9_]{8}\.tmp`
	want := []string{
		`^fsync\(\d+<` + tempFile + `>\) = 0$`,
		linkFdCall(`AT_FDCWD\S*`, `"`+fresh+`"`),
		`^renameat2?\(AT_FDCWD(<[^>]*>)?, "` + fresh + `", AT_FDCWD(<[^>]*>)?, "` + q + `/replaced"(, 0)?\) = 0$`,
		`^unlinkat\(AT_FDCWD(<[^>]*>)?, "` + tempFile + `", 0\) = 0$`,
		`^fsync\(\d+<` + q + `>\) = 0$`,
		`^fsync\(\d+<` + tempFile + `>\) = 0$`,
		linkFdCall(`AT_FDCWD\S*`, `"`+q+`/new"`),
		`^unlinkat\(AT_FDCWD(<[^>]*>)?, "` + tempFile + `", 0\) = 0$`,
		`^fsync\(\d+<` + q + `>\) = 0$`,
	}
	matchCalls(t, calls, want)
}
