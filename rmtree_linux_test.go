package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// attribWatch watches each of dirs for a change of its own metadata (its
// mode, with chmod), and returns a function that reports, as of then, the
// dirs whose metadata changed since the last call.
func attribWatch(t *testing.T, dirs []string) func() []string {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	must(t, err)
	t.Cleanup(func() { unix.Close(fd) })
	byWD := map[int32]string{}
	for _, d := range dirs {
		wd, err := unix.InotifyAddWatch(fd, d, unix.IN_ATTRIB)
		must(t, err)
		byWD[int32(wd)] = d
	}
	return func() []string {
		var changed []string
		buf := make([]byte, 64<<10)
		for {
			n, err := unix.Read(fd, buf)
			if err == unix.EAGAIN {
				slices.Sort(changed)
				return slices.Compact(changed)
			}
			must(t, err)
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				ev := (*unix.InotifyEvent)(unsafe.Pointer(&buf[off]))
				if ev.Mask&unix.IN_ATTRIB != 0 && ev.Len == 0 {
					changed = append(changed, byWD[ev.Wd])
				}
				off += unix.SizeofInotifyEvent + int(ev.Len)
			}
		}
	}
}

// ownerBase makes, as root or as root of a user namespace (userns), a
// directory for the trees that runAsTreeOwner's run of t removes: anyone
// may search it, and it is removed when t ends.
func ownerBase(t *testing.T) (base string, userns bool) {
	t.Helper()
	base, err := os.MkdirTemp("", "mkstemp-test-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(base) })
	must(t, os.Chmod(base, 0o755))
	return base, isChild(t)
}

// runAsTreeOwner re-runs t as the owner of the trees it made, to whom
// modes apply: uid 65534, as root, or in a user namespace (userns), its
// root without capabilities.
func runAsTreeOwner(t *testing.T, userns bool) {
	t.Helper()
	if userns {
		setpriv := needTool(t, "setpriv")
		runChild(t, []string{setpriv, "--bounding-set=-all", "--inh-caps=-all", "--securebits=+noroot,+noroot_locked", "--"}, nil)
	} else {
		runChild(t, nil, &syscall.Credential{Uid: nobody, Gid: nobody})
	}
}

// TestCleanupChangesNoModeItNeedNot: directories of every useful mode,
// each holding a file and a directory, are removed; an inotify watch on
// each sees the mode of none changed as root, who needs no change, and as
// uid 65534 only of those that lack owner read, write or search, opened
// up only after an operation in them failed.
func TestCleanupChangesNoModeItNeedNot(t *testing.T) {
	asRootAndUnprivileged(t, cleanupChangesNoModeItNeedNot)
}

// TestCleanupAtOnceChangesNoModeItNeedNot:
// TestCleanupChangesNoModeItNeedNot with the directories of every mode
// removed on several goroutines at once.
func TestCleanupAtOnceChangesNoModeItNeedNot(t *testing.T) {
	withWorkers(t, 4)
	asRootAndUnprivileged(t, cleanupChangesNoModeItNeedNot)
}

func cleanupChangesNoModeItNeedNot(t *testing.T) {
	td, err := TemporaryDirectory("", "", t.TempDir(), false)
	must(t, err)
	modes := []os.FileMode{0o700, 0o755, 0o500, 0o000, 0o300, 0o600, 0o100, 0o700 | os.ModeSetgid, 0o700 | os.ModeSticky, 0o500 | os.ModeSetgid | os.ModeSticky}
	var dirs, needChange []string
	for _, mode := range modes {
		d := filepath.Join(td.Name(), strings.ReplaceAll(mode.String(), "-", "_"))
		mkdirs(t, d, filepath.Join(d, "sub"))
		writeFile(t, filepath.Join(d, "f"), "x")
		writeFile(t, filepath.Join(d, "sub", "g"), "x")
		dirs = append(dirs, d)
		if mode&0o700 != 0o700 {
			needChange = append(needChange, d)
		}
	}
	changed := attribWatch(t, dirs)
	for i, d := range dirs {
		must(t, os.Chmod(d, modes[i]))
	}
	changed()
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup: %v", err)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
	want := []string(nil)
	if os.Geteuid() != 0 {
		want = needChange
		slices.Sort(want)
	}
	if got := changed(); !slices.Equal(got, want) {
		t.Errorf("as uid %d, Cleanup changed the mode of %q, want %q", os.Geteuid(), got, want)
	}
}

// TestCleanupLeavesMountedLockedDir: as uid 65534, in a private mount
// namespace, a directory outside the tree with mode 0000 is bind-mounted
// at m in the tree. Cleanup reports EBUSY for m and never changes its
// mode, not even for a moment (an inotify watch sees no change): a mount
// point is checked before any change. Where the tests do not run as root,
// the check runs as root of a user namespace, to whom modes do not apply.
func TestCleanupLeavesMountedLockedDir(t *testing.T) {
	const treeEnv = "MKSTEMP_TEST_TREE"
	if !isChild(t) {
		inMountNamespace(t, nil)
		return
	}
	if top := os.Getenv(treeEnv); top != "" {
		// The re-run as uid 65534.
		errs := removeAll(top)
		m := filepath.Join(top, "m")
		var pe *fs.PathError
		if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Path != m || !errors.Is(errs[0], syscall.EBUSY) {
			t.Errorf("removeAll returned %v, want only EBUSY for %s", errs, m)
		}
		return
	}
	base, err := os.MkdirTemp("", "mkstemp-test-")
	must(t, err)
	defer os.RemoveAll(base)
	outside := filepath.Join(base, "outside")
	top := filepath.Join(base, "top")
	m := filepath.Join(top, "m")
	mkdirs(t, outside, top, m)
	writeFile(t, filepath.Join(outside, "precious"), "keep")
	writeFile(t, filepath.Join(top, "f"), "x")
	uidMap, err := os.ReadFile("/proc/self/uid_map")
	must(t, err)
	realRoot := strings.Fields(string(uidMap))[2] == "4294967295" // not a user namespace
	if realRoot {
		for _, p := range []string{base, outside, top, m, filepath.Join(top, "f")} {
			must(t, os.Chown(p, nobody, nobody))
		}
	}
	must(t, os.Chmod(outside, 0))
	must(t, unix.Mount(outside, m, "", unix.MS_BIND, ""))
	defer unix.Unmount(m, 0)
	changed := attribWatch(t, []string{outside})
	if realRoot {
		t.Setenv(treeEnv, top)
		runChild(t, nil, &syscall.Credential{Uid: nobody, Gid: nobody})
	} else {
		// A user namespace: uid 65534 is not in it.
		errs := removeAll(top)
		if len(errs) != 1 || !errors.Is(errs[0], syscall.EBUSY) {
			t.Errorf("removeAll returned %v, want only EBUSY for %s", errs, m)
		}
	}
	if got := changed(); got != nil {
		t.Errorf("the mode of %q changed during Cleanup", got)
	}
	for _, p := range []string{outside, m} {
		if fi, err := os.Lstat(p); err != nil || fi.Mode() != fs.ModeDir {
			t.Errorf("%s: %v, %v; want d---------", p, fi.Mode(), err)
		}
	}
	if got := entries(t, top); !slices.Equal(got, []string{"m"}) {
		t.Errorf("%s holds %v, want only the mount point", top, got)
	}
	must(t, unix.Unmount(m, 0))
	must(t, os.Chmod(outside, 0o700))
	if got := entries(t, outside); !slices.Equal(got, []string{"precious"}) {
		t.Errorf("outside holds %v", got)
	}
}

// TestCleanupSwapRaceDeep: TestCleanupSwapRace 50 levels down, with the
// directories near the top closed to stay within a limit of 64 open files:
// while Cleanup runs, one goroutine exchanges a directory at the bottom
// with a symbolic link to a directory outside, and another exchanges an
// ancestor 10 levels down with such a link, which Cleanup meets on its way
// up. Nothing outside is ever removed or changed.
func TestCleanupSwapRaceDeep(t *testing.T) {
	base := bigTreeDir(t)
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside, filepath.Join(outside, "d"))
	for i := range 20 {
		writeFile(t, filepath.Join(outside, fmt.Sprintf("precious%02d", i)), "keep")
		writeFile(t, filepath.Join(outside, "d", fmt.Sprintf("precious%02d", i)), "keep")
	}
	before := snapshot(t, outside)
	withFileLimit(t, 64)
	var swaps, errs int64
	for round := range 100 {
		td, err := TemporaryDirectory("", "", base, false)
		must(t, err)
		makeChain(t, td.Name(), 50, nil)
		bottom := deepPath(td.Name(), 50)
		sub, link := filepath.Join(bottom, "sub"), filepath.Join(bottom, "link")
		mkdirs(t, sub)
		for i := range 20 {
			writeFile(t, filepath.Join(sub, fmt.Sprintf("f%02d", i)), "z")
		}
		must(t, os.Symlink(outside, link))
		ancestor := deepPath(td.Name(), 10)
		alink := filepath.Join(filepath.Dir(ancestor), "l")
		must(t, os.Symlink(outside, alink))
		n, err := cleanupWhileExchanging(t, td, [][2]string{{sub, link}, {ancestor, alink}})
		swaps += n
		if err != nil {
			errs++
		}
		if after := snapshot(t, outside); !mapsEqual(after, before) {
			t.Fatalf("round %d: outside changed: %d entries, was %d", round, len(after), len(before))
		}
	}
	t.Logf("%d exchanges during 100 cleanups, %d of which returned an error", swaps, errs)
}

// TestCleanupPutsModeBack: directories locked by their owner (0500 with the
// setgid and sticky bits, 0000, 0300) each hold an entry R that the owner
// cannot remove. Cleanup, run by that owner, opens up each locked
// directory to remove what it can, and puts back every bit of the mode of
// those that stay; it never changes R. As root, the owner is uid 65534 and
// R a directory of root's holding a file (EACCES); elsewhere, in a user
// namespace, the owner is its root without capabilities (to whom modes
// apply) and R a tmpfs mounted there (EBUSY).
func TestCleanupPutsModeBack(t *testing.T) {
	cleanupPutsModeBack(t)
}

// TestCleanupAtOncePutsModeBack: TestCleanupPutsModeBack with the locked
// directories removed on several goroutines at once.
func TestCleanupAtOncePutsModeBack(t *testing.T) {
	withWorkers(t, 4)
	cleanupPutsModeBack(t)
}

func cleanupPutsModeBack(t *testing.T) {
	const treeEnv = "MKSTEMP_TEST_TREE"
	modes := map[string]os.FileMode{
		"D": 0o500 | os.ModeSetgid | os.ModeSticky,
		"L": 0,
		"W": 0o300,
	}
	switch {
	case isChild(t) && os.Getenv(treeEnv) != "":
		// The owner's run.
		top := os.Getenv(treeEnv)
		want, werr := []string{"/D/R/x", "/L/R/x"}, syscall.EACCES
		if os.Geteuid() == 0 {
			want, werr = []string{"/D/R", "/L/R"}, syscall.EBUSY
		}
		var got []string
		for _, err := range removeAll(top) {
			var pe *fs.PathError
			if !errors.As(err, &pe) || !errors.Is(err, werr) {
				t.Errorf("removeAll: %v, want only %v", err, werr)
				continue
			}
			got = append(got, strings.TrimPrefix(pe.Path, top))
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("removeAll returned errors for %q, want %q", got, want)
		}
		return
	case !isChild(t) && os.Geteuid() != 0:
		inMountNamespace(t, nil)
		return
	}
	// Root, or root of a user namespace: make the tree, have its owner
	// remove it, and look at what stays.
	base, userns := ownerBase(t)
	top := filepath.Join(base, "top")
	mkdirs(t, top)
	for name := range modes {
		d := filepath.Join(top, name)
		mkdirs(t, d)
		writeFile(t, filepath.Join(d, "f"), "x")
		if name == "W" {
			continue
		}
		r := filepath.Join(d, "R")
		mkdirs(t, r)
		if userns {
			must(t, unix.Mount("tmpfs", r, "tmpfs", 0, "size=1m,mode=0755"))
			defer unix.Unmount(r, 0)
		}
		writeFile(t, filepath.Join(r, "x"), "not the owner's to remove")
	}
	if !userns {
		for _, p := range []string{base, top, filepath.Join(top, "D", "f"), filepath.Join(top, "L", "f"), filepath.Join(top, "W", "f")} {
			must(t, os.Chown(p, nobody, nobody))
		}
	}
	for name, mode := range modes {
		d := filepath.Join(top, name)
		if !userns {
			must(t, os.Chown(d, nobody, nobody))
		}
		must(t, os.Chmod(d, mode))
	}
	t.Setenv(treeEnv, top)
	runAsTreeOwner(t, userns)
	for name, mode := range modes {
		d := filepath.Join(top, name)
		fi, err := os.Lstat(d)
		switch {
		case name == "W":
			if err == nil {
				t.Errorf("%s (mode %v) was not removed", d, mode)
			}
		case err != nil:
			t.Error(err)
		case fi.Mode() != mode|fs.ModeDir:
			t.Errorf("%s has mode %v after Cleanup, want %v", d, fi.Mode(), mode|fs.ModeDir)
		default:
			if got := entries(t, d); !slices.Equal(got, []string{"R"}) {
				t.Errorf("%s holds %v, want [R]", d, got)
			}
			if fi, err := os.Lstat(filepath.Join(d, "R")); err != nil || fi.Mode() != 0o755|fs.ModeDir {
				t.Errorf("R in %s: %v, %v; want it unchanged", d, fi.Mode(), err)
			}
		}
	}
	if fi, err := os.Lstat(top); err != nil || fi.Mode() != 0o755|fs.ModeDir {
		t.Errorf("%s: %v, %v; want its mode unchanged", top, fi.Mode(), err)
	}
	for name := range modes {
		os.Chmod(filepath.Join(top, name), 0o700) // for the removal of base
	}
}

// TestCleanupMakesNoStatPerEntry runs a removal of a tree of 5 directories
// of 20 files under strace: the kernel is asked what an entry is only
// through d_type and the result of unlinkat, with one statx per directory
// (the mount check) and no stat of any entry.
func TestCleanupMakesNoStatPerEntry(t *testing.T) {
	if tree := os.Getenv("MKSTEMP_RMTREE_TREE"); tree != "" {
		if errs := removeAll(tree); errs != nil {
			t.Fatal(errs)
		}
		return
	}
	tree := filepath.Join(t.TempDir(), "tree")
	for d := range 5 {
		dir := filepath.Join(tree, fmt.Sprint("d", d))
		must(t, os.MkdirAll(dir, 0o700))
		for f := range 20 {
			writeFile(t, filepath.Join(dir, fmt.Sprint("f", f)), "x")
		}
	}
	count := map[string]int{}
	// filepath.Dir(tree): the top's removal names its parent.
	for _, call := range traceSelf(t, "%stat,%fstat,statx,unlinkat,unlink,rmdir", "MKSTEMP_RMTREE_TREE="+tree, filepath.Dir(tree)) {
		count[call[:strings.IndexByte(call, '(')]]++
	}
	want := map[string]int{"statx": 7, "unlinkat": 106}
	if !maps.Equal(count, want) {
		t.Errorf("the calls that name the tree: %v, want %v", count, want)
	}
}
