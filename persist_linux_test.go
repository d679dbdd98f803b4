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

// TestPersistNoClobberWithoutRenameat2: where renameat2 or its flag is
// missing (ENOSYS, EINVAL), PersistNoClobber links and unlinks instead,
// with the same results, and Persist renames.
func TestPersistNoClobberWithoutRenameat2(t *testing.T) {
	real := renameat2
	t.Cleanup(func() { renameat2 = real })
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
// (fsync of the file), then it is renamed (renameat2), then the directory
// that holds it is flushed (fsync of the directory), in that order.
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
	calls := traceSelf(t, "fsync,fdatasync,renameat2,renameat,rename", "MKSTEMP_PERSIST_DIR="+dir, "")
	tempFile := regexp.QuoteMeta(dir) + `/tmp[a-z0-9_]{8}`
	want := []string{
		`^fsync\(\d+<` + tempFile + `>\) = 0$`,
		`^renameat2\(AT_FDCWD(<[^>]*>)?, "` + tempFile + `", AT_FDCWD(<[^>]*>)?, "` + regexp.QuoteMeta(dir) + `/replaced", 0\) = 0$`,
		`^fsync\(\d+<` + regexp.QuoteMeta(dir) + `>\) = 0$`,
		`^fsync\(\d+<` + tempFile + `>\) = 0$`,
		`^renameat2\(AT_FDCWD(<[^>]*>)?, "` + tempFile + `", AT_FDCWD(<[^>]*>)?, "` + regexp.QuoteMeta(dir) + `/new", RENAME_NOREPLACE\) = 0$`,
		`^fsync\(\d+<` + regexp.QuoteMeta(dir) + `>\) = 0$`,
	}
	matchCalls(t, calls, want)
}
