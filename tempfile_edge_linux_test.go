package mkstemp

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestTemporaryFileInSymlinkedDir: with dir a symbolic link to a real
// directory, TemporaryFile still opens with O_TMPFILE: an inotify watch on
// the real directory sees no entry made or removed, and no name is drawn,
// so the create-and-unlink fallback never ran. (O_NOFOLLOW in that open
// makes it fail with ENOTDIR and fall back.)
func TestTemporaryFileInSymlinkedDir(t *testing.T) {
	base := t.TempDir()
	real, link := filepath.Join(base, "real"), filepath.Join(base, "link")
	mkdirs(t, real)
	must(t, os.Symlink(real, link))
	events := inotifyWatch(t, real)
	n := useNames(t)
	for range 3 {
		f, err := TemporaryFile("", "", link)
		must(t, err)
		if _, err := f.WriteString("data"); err != nil {
			t.Fatal(err)
		}
		must(t, f.Close())
	}
	if seen := events(); len(seen) != 0 {
		t.Errorf("TemporaryFile in a symbolic link to %s made entries there: %v", real, seen)
	}
	if n.Load() != 0 {
		t.Errorf("%d names drawn: the create-and-unlink fallback ran", n.Load())
	}
}

// TestTemporaryFileNameRemovesNothing: Name() of a TemporaryFile, made
// with O_TMPFILE and by the create-and-unlink fallback, is
// /proc/self/fd/N, which names the open file, and which os.Remove and
// os.RemoveAll cannot act on: not while the file is open, nor once it is
// closed and N holds a directory (a subdirectory of dir, with a file),
// which is left as it was. (Name() was "" before; a name in dir, or dir,
// would be removed.)
func TestTemporaryFileNameRemovesNothing(t *testing.T) {
	for _, fallback := range []bool{false, true} {
		if fallback {
			real := openTmpfile
			openTmpfile = func(string) (int, error) { return -1, unix.EOPNOTSUPP }
			t.Cleanup(func() { openTmpfile = real })
		}
		dir := filepath.Join(t.TempDir(), "dir")
		sub := filepath.Join(dir, "sub")
		mkdirs(t, dir, sub)
		writeFile(t, filepath.Join(dir, "a.txt"), "keep")
		writeFile(t, filepath.Join(sub, "b.txt"), "keep")
		want := []string{dir, filepath.Join(dir, "a.txt"), sub, filepath.Join(sub, "b.txt")}
		n := useNames(t)
		f, err := TemporaryFile("", "", dir)
		must(t, err)
		if ran := n.Load() != 0; ran != fallback {
			t.Fatalf("fallback=%v: the fallback ran: %v", fallback, ran)
		}
		fd := int(f.Fd())
		name := f.Name()
		if want := "/proc/self/fd/" + strconv.Itoa(fd); name != want {
			t.Errorf("fallback=%v: Name() = %q, want %q", fallback, name, want)
		}
		if fi, err := os.Stat(name); err != nil {
			t.Errorf("fallback=%v: Stat(Name()): %v", fallback, err)
		} else if st, err := f.Stat(); err != nil || !os.SameFile(fi, st) {
			t.Errorf("fallback=%v: Name() %s is not the file (%v)", fallback, name, err)
		}
		if err := os.Remove(name); err == nil {
			t.Errorf("fallback=%v: os.Remove(%q) removed something", fallback, name)
		}
		os.RemoveAll(name)
		if _, err := f.WriteString("data"); err != nil {
			t.Errorf("fallback=%v: Write after os.Remove and os.RemoveAll of Name(): %v", fallback, err)
		}
		must(t, f.Close())
		// The descriptor now holds sub, as the next open would make it.
		d, err := unix.Open(sub, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		must(t, err)
		if d != fd {
			if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != unix.EBADF {
				unix.Close(d)
				t.Fatalf("fallback=%v: descriptor %d taken again by another open", fallback, fd)
			}
			must(t, unix.Dup3(d, fd, unix.O_CLOEXEC))
			unix.Close(d)
		}
		os.Remove(name)
		os.RemoveAll(name)
		unix.Close(fd)
		if got := tree(t, dir); !slices.Equal(got, want) {
			t.Errorf("fallback=%v: after os.Remove and os.RemoveAll of Name(), %s holds %v, want %v", fallback, dir, got, want)
		}
	}
}

// TestTmpfileCannotBeLinked: the O_TMPFILE file can never be given a
// name: linkat through /proc/self/fd/N with AT_SYMLINK_FOLLOW, and linkat
// of the descriptor with AT_EMPTY_PATH (which root may use, and since
// Linux 6.10 the file's opener), both fail with ENOENT, as O_EXCL asks.
// Each is tried on a file of its own.
func TestTmpfileCannotBeLinked(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "named")
	tries := map[string]func(fd int) error{
		"linkat(/proc/self/fd/N, AT_SYMLINK_FOLLOW)": func(fd int) error {
			return unix.Linkat(unix.AT_FDCWD, "/proc/self/fd/"+strconv.Itoa(fd), unix.AT_FDCWD, dst, unix.AT_SYMLINK_FOLLOW)
		},
		"linkat(fd, \"\", AT_EMPTY_PATH)": func(fd int) error {
			return unix.Linkat(fd, "", unix.AT_FDCWD, dst, unix.AT_EMPTY_PATH)
		},
	}
	for name, try := range tries {
		n := useNames(t)
		f, err := TemporaryFile("", "", dir)
		must(t, err)
		if n.Load() != 0 {
			t.Fatalf("the create-and-unlink fallback ran: the test needs O_TMPFILE")
		}
		if err := try(int(f.Fd())); err != syscall.ENOENT {
			t.Errorf("%s: %v, want ENOENT", name, err)
			os.Remove(dst)
		}
		f.Close()
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v", dir, got)
	}
}
