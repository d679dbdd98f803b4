package mkstemp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// writeWays are WriteFile's ways on Linux, each set up by its function for
// the rest of the test: an unnamed file linked to its name; a file system
// without O_TMPFILE (a named temporary file and Persist); a process that
// may not link a descriptor, as under a seccomp filter that answers EPERM,
// which the first CreateAtomic learns before a byte is written (then a
// named temporary file and Persist by name; TestWriteFileWithoutProc hides
// /proc for real), or that learnt so before (the named way at once); and
// a file system that makes unnamed files but refuses
// to link them, learnt only at Commit (the bytes move to a named file,
// which Persist renames by name).
var writeWays = []struct {
	name  string
	setUp func(t *testing.T)
}{
	{"O_TMPFILE", func(t *testing.T) {}},
	{"no O_TMPFILE", func(t *testing.T) {
		real := openTmpfileAt
		t.Cleanup(func() { openTmpfileAt = real })
		openTmpfileAt = func(int, uint32) (int, error) { return -1, unix.EOPNOTSUPP }
	}},
	{"no link of a descriptor", func(t *testing.T) {
		refuseLinks(t, linkStateUnknown)
	}},
	{"no link of a descriptor, learnt", func(t *testing.T) {
		refuseLinks(t, linkStateRefused)
	}},
	{"no link at commit", func(t *testing.T) {
		refuseLinks(t, linkStateWorks)
	}},
}

// refuseLinks makes linking a descriptor fail with EPERM for the rest of
// the test, the process knowing state of it until it learns otherwise, and
// sets both back after.
func refuseLinks(t *testing.T, state int32) {
	t.Helper()
	real, realState := linkFd, linkState.Load()
	t.Cleanup(func() { linkFd = real; linkState.Store(realState) })
	linkFd = func(int, int, string) error { return unix.EPERM }
	linkState.Store(state)
}

// TestWriteFileModes: under umasks 022 and 077, in each of WriteFile's
// ways, a new file gets the mode os.WriteFile gives it, perm less the
// umask (its setuid and setgid bits too, which the kernel clears at the
// write of a process without CAP_FSETID, for os.WriteFile as for
// WriteFile: a user, or root in a user namespace),
// and a file replaced keeps its mode, whatever perm says; the bytes, read
// once from a reader that cannot be read again, are all there, and the
// directory holds the target alone.
func TestWriteFileModes(t *testing.T) {
	dir, refDir := t.TempDir(), t.TempDir()
	target, ref := filepath.Join(dir, "target"), filepath.Join(refDir, "os.WriteFile")
	data := strings.Repeat("0123456789", 5000)
	for _, umask := range []int{0o022, 0o077} {
		old := syscall.Umask(umask)
		for _, way := range writeWays {
			t.Run(fmt.Sprintf("umask %03o/%s", umask, way.name), func(t *testing.T) {
				way.setUp(t)
				for _, perm := range []os.FileMode{0o666, 0o644, 0o640, 0o755, 0o600, fs.ModeSetuid | fs.ModeSetgid | 0o755} {
					must(t, os.WriteFile(ref, []byte(data), perm))
					fi, err := os.Stat(ref)
					must(t, err)
					must(t, os.Remove(ref))
					must(t, WriteFileFrom(target, bufio.NewReader(strings.NewReader(data)), perm))
					checkWritten(t, dir, target, data, fi.Mode())
					must(t, os.Chmod(target, 0o604))
					must(t, WriteFile(target, []byte("replaced"), perm))
					checkWritten(t, dir, target, "replaced", 0o604)
					must(t, os.Remove(target))
				}
			})
		}
		syscall.Umask(old)
	}
}

// TestWriteFileKeepsSetuid: as uid 65534, in each of WriteFile's ways, a
// file of its own with the setuid and setgid bits (its group one of the
// user's) keeps them when replaced: the kernel clears them at a write by
// a user without CAP_FSETID, so the mode must be given after the bytes.
func TestWriteFileKeepsSetuid(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	const mode = fs.ModeSetuid | fs.ModeSetgid | 0o755
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			writeFile(t, target, "old")
			must(t, os.Chmod(target, mode))
			if fi, err := os.Stat(target); err != nil || fi.Mode() != mode {
				t.Fatalf("%s: %v, %v; want mode %v before the test", target, fi.Mode(), err, mode)
			}
			must(t, WriteFile(target, []byte("new"), 0o644))
			checkWritten(t, dir, target, "new", mode)
			must(t, os.Remove(target))
		})
	}
}

// TestWriteFileShowsNoOtherName watches the directory with inotify while
// WriteFile makes new files: the only names created or moved into it are
// the targets', so no temporary name ever appeared. As root and as uid
// 65534, each with linkat of AT_EMPTY_PATH (which some kernels refuse to
// a user without CAP_DAC_READ_SEARCH, and this one may grant) and through
// /proc/self/fd, as after such a refusal.
func TestWriteFileShowsNoOtherName(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		for _, proc := range []bool{false, true} {
			t.Run(map[bool]string{false: "AT_EMPTY_PATH", true: "proc"}[proc], func(t *testing.T) {
				old := noEmptyPath.Load()
				t.Cleanup(func() { noEmptyPath.Store(old) })
				noEmptyPath.Store(proc)
				checkNoOtherName(t)
			})
		}
	})
}

func checkNoOtherName(t *testing.T) {
	dir := t.TempDir()
	var targets []string
	seen := dirEvents(t, dir, func() {
		for i := range 5 {
			name := "config" + strconv.Itoa(i)
			targets = append(targets, name)
			must(t, WriteFile(filepath.Join(dir, name), []byte("data"), 0o644))
		}
	})
	for _, ev := range seen {
		if !slices.Contains(targets, ev.name) {
			t.Errorf("inotify saw the name %q (event %#x): not a target", ev.name, ev.mask)
		}
	}
	if len(seen) != len(targets) {
		t.Errorf("inotify saw %v, want one creation per target", seen)
	}
}

// A dirEvent is an inotify event in a directory: its mask and the name.
type dirEvent struct {
	mask uint32
	name string
}

// dirEvents returns the names created, moved in or out, or removed in dir
// while do runs, as inotify saw them.
func dirEvents(t *testing.T, dir string, do func()) []dirEvent {
	t.Helper()
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	must(t, err)
	defer unix.Close(fd)
	_, err = unix.InotifyAddWatch(fd, dir, unix.IN_CREATE|unix.IN_MOVED_TO|unix.IN_MOVED_FROM|unix.IN_DELETE)
	must(t, err)
	do()
	var seen []dirEvent
	buf := make([]byte, 64<<10)
	n, err := unix.Read(fd, buf)
	if err == unix.EAGAIN {
		return nil
	}
	must(t, err)
	for off := 0; off+unix.SizeofInotifyEvent <= n; {
		ev := (*unix.InotifyEvent)(unsafePointer(&buf[off]))
		name := string(bytes.TrimRight(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+int(ev.Len)], "\x00"))
		seen = append(seen, dirEvent{ev.Mask, name})
		off += unix.SizeofInotifyEvent + int(ev.Len)
	}
	return seen
}

// TestWriteFileStickyDirectory: as uid 65534, a file of root's that it
// may write (0666) in a sticky directory cannot be replaced (rename(2)
// refuses, EPERM): WriteFile fails with an error matching fs.ErrPermission
// naming the name, the old bytes stay and nothing is left; and the rename
// is tried once, by the fresh name alone (its EPERM is not a refused link
// of the descriptor, after which the bytes would be written again into a
// named temporary file, with two more names).
func TestWriteFileStickyDirectory(t *testing.T) {
	dir, ok := inSharedDir(t, fs.ModeSticky|0o777, func(dir string) {
		writeFile(t, filepath.Join(dir, "file"), "old")
		must(t, os.Chmod(filepath.Join(dir, "file"), 0o666))
	})
	if !ok {
		return
	}
	path := filepath.Join(dir, "file")
	var err error
	seen := dirEvents(t, dir, func() { err = WriteFile(path, []byte("new"), 0o644) })
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe.Path != path {
		t.Errorf("WriteFile(%s): %v, want a PathError naming it matching fs.ErrPermission", path, err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the file holds %q", b)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"file"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	if len(seen) != 2 || seen[0].mask&unix.IN_CREATE == 0 || seen[1].mask&unix.IN_DELETE == 0 {
		t.Errorf("inotify saw %v, want the fresh name made and removed, once", seen)
	}
}

// TestWriteFileSyscalls runs WriteFile for a new file and over an existing
// one under strace: the unnamed file is flushed, then linked to the
// target's name (new), or to a fresh name renamed over the target
// (replaced), then the directory is flushed, in that order, all relative
// to the directory's descriptor.
func TestWriteFileSyscalls(t *testing.T) {
	if dir := os.Getenv("MKSTEMP_WRITEFILE_DIR"); dir != "" {
		must(t, WriteFile(filepath.Join(dir, "new"), []byte("data"), 0o644))
		must(t, WriteFile(filepath.Join(dir, "replaced"), []byte("data"), 0o644))
		return
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "replaced"), "old")
	calls := traceSelf(t, "fsync,fdatasync,link,linkat,rename,renameat,renameat2,unlink,unlinkat", "MKSTEMP_WRITEFILE_DIR="+dir, dir)
	q := regexp.QuoteMeta(dir)
	unnamed := `\d+<` + q + `/#\d+>? ?\(deleted\)>?`
	dirfd := `\d+<` + q + `>`
	fresh := `"\.[a-z0-9_]{8}\.tmp"`
	want := []string{
		probeCall(unnamed, dirfd),
		`^fsync\(` + unnamed + `\) = 0$`,
		linkFdCall(dirfd, `"new"`),
		`^fsync\(` + dirfd + `\) = 0$`,
		`^fsync\(` + unnamed + `\) = 0$`,
		linkFdCall(dirfd, fresh),
		`^renameat2?\(` + dirfd + `, ` + fresh + `, ` + dirfd + `, "replaced"(, 0)?\) = 0$`,
		`^fsync\(` + dirfd + `\) = 0$`,
	}
	matchCalls(t, calls, want)
}

// killVersion is the content of version v in TestWriteFileKilled: its
// number, then bytes that depend on it, of a length that depends on it.
func killVersion(v int) []byte {
	head := fmt.Sprintf("%08d\n", v)
	return []byte(head + strings.Repeat(head[:8], 2000+v%7*300))
}

// TestWriteFileKilled kills a process writing with WriteFile, with SIGKILL
// at random instants, many times (30 by default, 1000 with
// MKSTEMP_STRESS=1), half on a disk file system, half on tmpfs: new
// targets, made one after another in one directory, and one target replaced
// again and again in another. After every kill each target holds one whole
// version, and the directory of new targets holds no name but theirs. (The
// directory of the replaced target may hold the fresh name of a kill
// between the link and the rename: that name is only for that instant, and
// holds a whole version too.)
func TestWriteFileKilled(t *testing.T) {
	if base := os.Getenv(killEnv); base != "" {
		fmt.Println("ready")
		for v := 1; ; v++ {
			must(t, WriteFile(filepath.Join(base, "new", fmt.Sprintf("n-%d-%d", os.Getpid(), v)), killVersion(v), 0o644))
			must(t, WriteFile(filepath.Join(base, "replace", "r"), killVersion(v), 0o644))
		}
	}
	rounds := stress(15, 500) // on each file system
	shm, err := os.MkdirTemp("/dev/shm", "writefile-kill")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(shm) })
	for _, base := range []string{t.TempDir(), shm} {
		killWriters(t, base, rounds)
	}
}

// unsafePointer is unsafe.Pointer, for reading an inotify event in place.
func unsafePointer(b *byte) unsafe.Pointer { return unsafe.Pointer(b) }

// TestWriteFileWithoutProc runs in a mount namespace where /proc is
// hidden under an empty tmpfs, and without AT_EMPTY_PATH, as for a user
// without privileges: a descriptor cannot be linked (checked first), and
// WriteFile, Persist and PersistNoClobber still do their work, by name,
// leaving nothing else in the directory.
func TestWriteFileWithoutProc(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, []string{"sh", "-c", `mount -t tmpfs none /proc && exec "$@"`, "sh"})
		return
	}
	noEmptyPath.Store(true)
	dir := t.TempDir()
	f := persistable(t, dir, "persisted", true, false)
	if err := linkFd(int(f.Fd()), unix.AT_FDCWD, filepath.Join(dir, "probe")); err != unix.ENOENT {
		t.Fatalf("with /proc hidden, linking a descriptor gave %v, want ENOENT", err)
	}
	must(t, f.PersistNoClobber(filepath.Join(dir, "p")))
	f.Cleanup()
	g := persistable(t, dir, "replaced", true, false)
	must(t, g.Persist(filepath.Join(dir, "p")))
	g.Cleanup()
	target := filepath.Join(dir, "w")
	must(t, WriteFile(target, []byte("new"), 0o640))
	must(t, WriteFileFrom(target, strings.NewReader("again"), 0o600))
	if got := entries(t, dir); !slices.Equal(got, []string{"p", "w"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	for path, want := range map[string]string{filepath.Join(dir, "p"): "replaced", target: "again"} {
		if b, err := os.ReadFile(path); err != nil || string(b) != want {
			t.Errorf("%s holds %q, %v; want %q", path, b, err, want)
		}
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode() != 0o640&^currentUmask() {
		t.Errorf("%s: %v, %v", target, fi.Mode(), err)
	}
}

// panickingReader panics at its first Read, after no bytes.
type panickingReader struct{}

func (panickingReader) Read([]byte) (int, error) { panic("the reader panics") }

// TestWriteFileReaderPanics: in each of WriteFile's ways, a reader that
// panics leaves the directory as it was, with no temporary file in it.
func TestWriteFileReaderPanics(t *testing.T) {
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			dir := t.TempDir()
			func() {
				defer func() {
					if recover() == nil {
						t.Error("the reader's panic did not reach the caller")
					}
				}()
				WriteFileFrom(filepath.Join(dir, "target"), panickingReader{}, 0o644)
			}()
			if got := entries(t, dir); len(got) != 0 {
				t.Errorf("%s holds %v after the reader panicked", dir, got)
			}
		})
	}
}

// peekingReader gives data, but first records the mode of every entry of
// dir but skip, as another user would see them while WriteFile writes.
type peekingReader struct {
	dir, skip string
	seen      map[string]fs.FileMode
	r         io.Reader
}

func (p *peekingReader) Read(b []byte) (int, error) {
	if p.seen == nil {
		p.seen = map[string]fs.FileMode{}
		ents, _ := os.ReadDir(p.dir)
		for _, e := range ents {
			if fi, err := e.Info(); err == nil && e.Name() != p.skip {
				p.seen[e.Name()] = fi.Mode()
			}
		}
	}
	return p.r.Read(b)
}

// TestWriteFileHidesTheBytesWhileWritten: in each of WriteFile's ways, a
// file of mode 0600 replaced with a perm that others may read is never
// readable by others while the new bytes are written: a temporary file
// that has a name meanwhile is 0600 until it has the bytes and the old
// file's mode.
func TestWriteFileHidesTheBytesWhileWritten(t *testing.T) {
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			dir := t.TempDir()
			target := filepath.Join(dir, "target")
			must(t, os.WriteFile(target, []byte("old secret"), 0o600))
			p := &peekingReader{dir: dir, skip: "target", r: strings.NewReader("new secret")}
			must(t, WriteFileFrom(target, p, 0o644))
			for name, mode := range p.seen {
				if mode.Perm()&0o077 != 0 {
					t.Errorf("while the bytes were written, %s had mode %v", name, mode)
				}
			}
			if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("%s: %v, %v; want mode 0600 kept", target, fi.Mode(), err)
			}
		})
	}
}

// TestWriteFileErrorNamesTheTargetAlone: where the temporary file cannot
// be made (in /proc, which has neither O_TMPFILE nor room for a file), the
// error is an *fs.PathError naming the target with the system's own error,
// not another *fs.PathError naming the temporary name.
func TestWriteFileErrorNamesTheTargetAlone(t *testing.T) {
	name := "/proc/mkstemp-writefile-test"
	err := WriteFile(name, []byte("x"), 0o644)
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != name || pe.Op != "writefile" {
		t.Fatalf("%v, want a PathError of writefile naming %s", err, name)
	}
	if _, ok := pe.Err.(syscall.Errno); !ok {
		t.Errorf("%v: the error inside is %T, want the system's errno", err, pe.Err)
	}
}

// TestWriteFileThroughADescriptorLink: a name that the system follows,
// but whose link text leads nowhere, as /proc/self/fd/N of a file with no
// name (the Name of a TemporaryFile, "/tmp/#123 (deleted)" as text, or of
// a file removed while open) or of a pipe ("pipe:[123]"), is an error
// naming it that matches fs.ErrInvalid: WriteFile cannot replace a file
// that has no name, and must not make one at the link's text, which
// names nothing. The file keeps its bytes and the directory stays empty.
func TestWriteFileThroughADescriptorLink(t *testing.T) {
	dir := t.TempDir()
	f, err := TemporaryFile("", "", dir)
	must(t, err)
	defer f.Close()
	_, err = f.WriteString("old")
	must(t, err)
	g, err := os.Create(filepath.Join(dir, "removed"))
	must(t, err)
	defer g.Close()
	must(t, os.Remove(g.Name()))
	r, w, err := os.Pipe()
	must(t, err)
	defer r.Close()
	defer w.Close()
	for fd, why := range map[uintptr]error{f.Fd(): errNoName, g.Fd(): errNoName, w.Fd(): errNotRegular} {
		name := "/proc/self/fd/" + strconv.Itoa(int(fd))
		err := WriteFile(name, []byte("new"), 0o644)
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrInvalid) || !errors.Is(err, why) || !errors.As(err, &pe) || pe.Path != name || pe.Op != "writefile" {
			t.Errorf("WriteFile(%s): %v, want a PathError of writefile naming it matching fs.ErrInvalid: %v", name, err, why)
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %q, want nothing", dir, got)
	}
	if b, err := os.ReadFile(f.Name()); err != nil || string(b) != "old" {
		t.Errorf("the TemporaryFile holds %q, %v; want \"old\"", b, err)
	}
}

// TestWriteFileThroughADescriptorLinkNotItsText: /proc/self/fd/N of a file
// with no name, whose link text ("/dir/#123 (deleted)", "/dir/x (deleted)")
// happens to be the path of another file, is refused as when the text
// names nothing: the system opens the file with no name, not that other
// file, which keeps its bytes. /proc/self/fd/N of a file with a name
// replaces the file at that name, as os.WriteFile writes it.
func TestWriteFileThroughADescriptorLinkNotItsText(t *testing.T) {
	dir := t.TempDir()
	named := filepath.Join(dir, "named")
	writeFile(t, named, "old")
	n, err := os.Open(named)
	must(t, err)
	defer n.Close()
	must(t, WriteFile("/proc/self/fd/"+strconv.Itoa(int(n.Fd())), []byte("new"), 0o644))
	if b, err := os.ReadFile(named); err != nil || string(b) != "new" {
		t.Errorf("%s holds %q, %v; want \"new\"", named, b, err)
	}
	must(t, os.Remove(named))
	f, err := TemporaryFile("", "", dir)
	must(t, err)
	defer f.Close()
	g, err := os.Create(filepath.Join(dir, "removed"))
	must(t, err)
	defer g.Close()
	must(t, os.Remove(g.Name()))
	for _, h := range []*os.File{f, g} {
		name := "/proc/self/fd/" + strconv.Itoa(int(h.Fd()))
		text, err := os.Readlink(name)
		must(t, err)
		if !filepath.IsAbs(text) {
			t.Fatalf("%s leads to %q, want a path", name, text)
		}
		writeFile(t, text, "other")
		err = WriteFile(name, []byte("new"), 0o644)
		var pe *fs.PathError
		if !errors.Is(err, errNoName) || !errors.As(err, &pe) || pe.Path != name {
			t.Errorf("WriteFile(%s), %s made: %v, want a PathError naming it matching errNoName", name, text, err)
		}
		if b, err := os.ReadFile(text); err != nil || string(b) != "other" {
			t.Errorf("%s holds %q, %v; want \"other\"", text, b, err)
		}
	}
}
