package mkstemp

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPersistThroughLinkDotDot: with link a symbolic link to real/sub,
// Persist("link/../out.txt"), from the directory holding link, puts the
// file at real/out.txt, as os.Rename and mv do, not at ./out.txt, which
// cleaning the path as text would give; Name is the path made absolute,
// not cleaned.
func TestPersistThroughLinkDotDot(t *testing.T) {
	base := t.TempDir()
	mkdirs(t, filepath.Join(base, "real"), filepath.Join(base, "real", "sub"))
	must(t, os.Symlink(filepath.Join(base, "real", "sub"), filepath.Join(base, "link")))
	t.Chdir(base)
	for _, noClobber := range []bool{false, true} {
		f := persistable(t, base, "data", true, true)
		persist := f.Persist
		if noClobber {
			persist = f.PersistNoClobber
		}
		must(t, persist("link/../out.txt"))
		f.Close()
		if b, err := os.ReadFile(filepath.Join(base, "real", "out.txt")); err != nil || string(b) != "data" {
			t.Errorf("noClobber=%v: real/out.txt holds %q, %v", noClobber, b, err)
		}
		if exists(filepath.Join(base, "out.txt")) {
			t.Errorf("noClobber=%v: the file is at ./out.txt: the path was cleaned as text", noClobber)
		}
		if want := base + "/link/../out.txt"; f.Name() != want {
			t.Errorf("noClobber=%v: Name() = %q, want %q", noClobber, f.Name(), want)
		}
		must(t, os.Remove(filepath.Join(base, "real", "out.txt")))
	}
}

// TestPersistEdgeSyscalls runs three Persists under strace and reads back
// the renames, links, unlinks and flushes, in the order they started (the
// halves of a call that strace splits, "<unfinished ...>" and
// "resumed>", joined):
//   - Persist("link/../out.txt"), link a symbolic link to real/sub: the
//     open file linked through /proc/self/fd to a fresh name there, renamed
//     over the target, the temporary name removed, and the directory
//     flushed is real, the one the system put the file in;
//   - Persist onto a hard link to the file: the link and the rename, which
//     does nothing, then the unlink of the fresh name and of the temporary
//     name, then the flush;
//   - PersistNoClobber from one directory to another, where the system
//     refuses to link a descriptor (no /proc) and renameat2 fails with
//     ENOSYS: link, unlink, then the flush of the new directory and of the
//     old one, both after the unlink.
func TestPersistEdgeSyscalls(t *testing.T) {
	if base := os.Getenv("MKSTEMP_PERSIST_EDGE_DIR"); base != "" {
		t.Chdir(base)
		f := persistable(t, base, "one", true, true)
		must(t, f.Persist("link/../out.txt"))
		f.Close()

		f = persistable(t, base, "two", true, true)
		must(t, os.Link(f.Name(), filepath.Join(base, "hardlink")))
		must(t, f.Persist(filepath.Join(base, "hardlink")))
		f.Close()

		real, realLink := renameat2, linkFd
		renameat2 = func(int, string, int, string, uint) error { return unix.ENOSYS }
		linkFd = func(int, int, string) error { return unix.ENOENT }
		defer func() { renameat2, linkFd = real, realLink }()
		f = persistable(t, filepath.Join(base, "from"), "three", true, true)
		must(t, f.PersistNoClobber(filepath.Join(base, "to", "new")))
		f.Close()
		return
	}
	base := t.TempDir()
	mkdirs(t, filepath.Join(base, "real"), filepath.Join(base, "real", "sub"), filepath.Join(base, "from"), filepath.Join(base, "to"))
	must(t, os.Symlink(filepath.Join(base, "real", "sub"), filepath.Join(base, "link")))
	const calls = "fsync,renameat2,renameat,rename,link,linkat,unlink,unlinkat"
	got := traceSelf(t, calls, "MKSTEMP_PERSIST_EDGE_DIR="+base, base)

	q := regexp.QuoteMeta(base)
	temp, fresh := `tmp[a-z0-9_]{8}`, `\.[a-z0-9_]{8}\.tmp`
	want := []string{
		`^fsync\(\d+<` + q + `/` + temp + `>\) = 0$`,
		linkFdCall(`AT_FDCWD\S*`, `"`+q+`/link/\.\./`+fresh+`"`),
		`^renameat2?\(AT_FDCWD\S*, "` + q + `/link/\.\./` + fresh + `", AT_FDCWD\S*, "` + q + `/link/\.\./out\.txt"(, 0)?\) = 0$`,
		`^unlinkat\(AT_FDCWD\S*, "` + q + `/` + temp + `", 0\) = 0$`,
		`^fsync\(\d+<` + q + `/real>\) = 0$`,
		`^fsync\(\d+<` + q + `>\) = 0$`,

		`^linkat\(AT_FDCWD\S*, "` + q + `/` + temp + `", AT_FDCWD\S*, "` + q + `/hardlink", 0\) = 0$`,
		`^fsync\(\d+<` + q + `/` + temp + `>\) = 0$`,
		linkFdCall(`AT_FDCWD\S*`, `"`+q+`/`+fresh+`"`),
		`^renameat2?\(AT_FDCWD\S*, "` + q + `/` + fresh + `", AT_FDCWD\S*, "` + q + `/hardlink"(, 0)?\) = 0$`,
		`^unlinkat\(AT_FDCWD\S*, "` + q + `/` + fresh + `", 0\) = 0$`,
		`^unlinkat\(AT_FDCWD\S*, "` + q + `/` + temp + `", 0\) = 0$`,
		`^fsync\(\d+<` + q + `>\) = 0$`,

		`^fsync\(\d+<` + q + `/from/` + temp + `>\) = 0$`,
		`^linkat\(AT_FDCWD\S*, "` + q + `/from/` + temp + `", AT_FDCWD\S*, "` + q + `/to/new", 0\) = 0$`,
		`^unlinkat\(AT_FDCWD\S*, "` + q + `/from/` + temp + `", 0\) = 0$`,
		`^fsync\(\d+<` + q + `/to>\) = 0$`,
		`^fsync\(\d+<` + q + `/from>\) = 0$`,
	}
	matchCalls(t, got, want)
}

// TestPersistOntoAHardLinkInAnotherCase: on a file system that tells case
// apart, a hard link whose name differs from the temporary name only in
// case is another entry: Persist onto it removes the temporary name, as
// for any other name of the file, and keeps the data under the new one.
func TestPersistOntoAHardLinkInAnotherCase(t *testing.T) {
	dir := t.TempDir()
	f := persistable(t, dir, "data", true, false)
	temp := f.Name()
	upper := filepath.Join(dir, strings.ToUpper(filepath.Base(temp)))
	must(t, os.Link(temp, upper))
	must(t, f.Persist(upper))
	must(t, f.Cleanup())
	if got := entries(t, dir); !slices.Equal(got, []string{filepath.Base(upper)}) {
		t.Errorf("after Persist onto %s, %s holds %v, want only it", filepath.Base(upper), dir, got)
	}
	if b, err := os.ReadFile(upper); err != nil || string(b) != "data" {
		t.Errorf("%s holds %q, %v", upper, b, err)
	}
}
