package mkstemp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestCreateAtomicShowsNoName watches the directory with inotify, as root
// and as uid 65534: from CreateAtomic to Commit, while the file is
// written, read back and flushed, no name is created in it; Commit creates
// the target's name alone; a file discarded shows none at all.
func TestCreateAtomicShowsNoName(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(dir, "new")
		var a *AtomicFile
		before := dirEvents(t, dir, func() {
			var err error
			a, err = CreateAtomic(target, 0o644)
			must(t, err)
			if _, err := a.Write(bytes.Repeat([]byte("x"), 1<<16)); err != nil {
				t.Fatal(err)
			}
			must(t, a.Sync())
			if _, err := a.ReadAt(make([]byte, 10), 0); err != nil {
				t.Fatal(err)
			}
		})
		if len(before) != 0 || len(entries(t, dir)) != 0 {
			t.Errorf("before Commit inotify saw %v, and %s holds %v: want nothing", before, dir, entries(t, dir))
		}
		at := dirEvents(t, dir, func() { must(t, a.Commit()) })
		if len(at) != 1 || at[0].name != "new" || at[0].mask&unix.IN_CREATE == 0 {
			t.Errorf("Commit: inotify saw %v, want the creation of \"new\" alone", at)
		}
		discarded := dirEvents(t, dir, func() {
			b, err := CreateAtomic(filepath.Join(dir, "discarded"), 0o644)
			must(t, err)
			if _, err := b.Write([]byte("gone")); err != nil {
				t.Fatal(err)
			}
			must(t, b.Cleanup())
		})
		if len(discarded) != 0 {
			t.Errorf("a file discarded: inotify saw %v", discarded)
		}
	})
}

// TestCreateAtomicEachWay runs, in each of WriteFile's ways, the portable
// checks that the named ways could fail where the unnamed one cannot: the
// errors of the file's own methods name the name given, not the temporary
// file's, and a relative name is committed where it was relative to.
func TestCreateAtomicEachWay(t *testing.T) {
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			checkErrorsNameTheTarget(t)
			checkRelativeName(t)
		})
	}
}

// TestWriteFileFortyLinks: Linux's open follows 40 symbolic links and
// fails at the 41st; so do WriteFile and CreateAtomic, writing through a
// chain of exactly 40 (the file at its end replaced, every link kept) and
// failing with ELOOP through 41, changing nothing.
func TestWriteFileFortyLinks(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	writeFile(t, file, "old")
	link := func(i int) string { return filepath.Join(dir, "l"+strconv.Itoa(i)) }
	must(t, os.Symlink("file", link(40)))
	for i := 39; i >= 0; i-- {
		must(t, os.Symlink(filepath.Base(link(i+1)), link(i)))
	}
	// l1 is 40 links from the file, l0 41.
	must(t, os.WriteFile(link(1), []byte("os"), 0o644))
	if err := os.WriteFile(link(0), []byte("os"), 0o644); !errors.Is(err, syscall.ELOOP) {
		t.Fatalf("os.WriteFile through 41 links: %v, want ELOOP: the kernel's limit is not 40 here", err)
	}
	for _, w := range atomicWrites {
		must(t, w.write(link(1), w.name))
		if b, _ := os.ReadFile(file); string(b) != w.name {
			t.Errorf("%s through 40 links: the file holds %q", w.name, b)
		}
		err := w.write(link(0), "41")
		var pe *fs.PathError
		if !errors.Is(err, syscall.ELOOP) || !errors.As(err, &pe) || pe.Path != link(0) {
			t.Errorf("%s through 41 links: %v, want a PathError naming %s matching ELOOP", w.name, err, link(0))
		}
		if b, _ := os.ReadFile(file); string(b) != w.name {
			t.Errorf("%s through 41 links: the file holds %q", w.name, b)
		}
	}
	if got := len(entries(t, dir)); got != 42 {
		t.Errorf("%s holds %d entries, want 42", dir, got)
	}
	for i := range 41 {
		if fi, err := os.Lstat(link(i)); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s is no longer a symbolic link: %v", link(i), err)
		}
	}
}

// smallFSEnv passes to the re-run of a test in inSmallTmpfs the directory
// on which the wrapper mounts a 1 MiB tmpfs.
const smallFSEnv = "MKSTEMP_TEST_SMALL_FS"

// inSmallTmpfs has the caller's checks run in a re-run of the test, in a
// private mount namespace, with a 1 MiB tmpfs mounted on a directory the
// test made. It returns that directory and true in the re-run (checked to
// be such a tmpfs), and "", false in the test that made it, which passes
// the re-run's verdict on.
func inSmallTmpfs(t *testing.T) (string, bool) {
	t.Helper()
	if !isChild(t) {
		t.Setenv(smallFSEnv, t.TempDir())
		inMountNamespace(t, []string{"sh", "-c", `mount -t tmpfs -o size=1m none "$` + smallFSEnv + `" && exec "$@"`, "sh"})
		return "", false
	}
	dir := os.Getenv(smallFSEnv)
	var st unix.Statfs_t
	must(t, unix.Statfs(dir, &st))
	if st.Type != unix.TMPFS_MAGIC || uint64(st.Blocks)*uint64(st.Bsize) != 1<<20 {
		t.Fatalf("%s: file system %#x of %d bytes, want a 1 MiB tmpfs", dir, st.Type, uint64(st.Blocks)*uint64(st.Bsize))
	}
	return dir, true
}

// TestWriteFileInAFullFileSystem writes 600 KiB into a 1 MiB tmpfs, in a
// private mount namespace, where the bytes fit once but not twice: in each
// of WriteFile's ways, WriteFile, WriteFileFrom and CreateAtomic succeed,
// as os.WriteFile does, and leave the file alone in the directory. Where
// the process may not link a descriptor, that is learnt before a byte is
// written; where a file system refuses the link only at Commit, the bytes
// move to a named file a piece at a time, each piece freed once copied:
// they are never held twice, and the holes of a sparse file are not
// written at all.
func TestWriteFileInAFullFileSystem(t *testing.T) {
	dir, ok := inSmallTmpfs(t)
	if !ok {
		return
	}
	data := bytes.Repeat([]byte("0123456789abcdef"), 600<<10/16)
	target := filepath.Join(dir, "big")
	must(t, os.WriteFile(target, data, 0o644))
	must(t, os.Remove(target))
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			for _, w := range atomicWrites {
				if err := w.write(target, string(data)); err != nil {
					t.Errorf("%s of 600 KiB into a 1 MiB file system: %v", w.name, err)
				}
				if b, _ := os.ReadFile(target); !bytes.Equal(b, data) {
					t.Errorf("%s: the file holds %d bytes", w.name, len(b))
				}
				if got := entries(t, dir); !slices.Equal(got, []string{"big"}) {
					t.Errorf("%s: %s holds %v", w.name, dir, got)
				}
				must(t, os.Remove(target))
			}
			sparseCommit(t, target, data)
		})
	}
}

// TestWriteFileFromTellsAWriteFromARead fills a 1 MiB tmpfs, in a private
// mount namespace, with WriteFileFrom, in each of WriteFile's ways, from
// three sources of 2 MiB: a bytes.Reader (Go copies), a socket (the
// kernel splices) and a file (copy_file_range, then Go). The write fails, not the
// read: the error names the target and matches ENOSPC, and does not say
// that reading the source failed; nothing is left.
func TestWriteFileFromTellsAWriteFromARead(t *testing.T) {
	dir, ok := inSmallTmpfs(t)
	if !ok {
		return
	}
	data := bytes.Repeat([]byte("0123456789abcdef"), 2<<20/16)
	srcFile := filepath.Join(t.TempDir(), "src")
	must(t, os.WriteFile(srcFile, data, 0o644))
	sources := map[string]func(t *testing.T) io.Reader{
		"bytes.Reader": func(t *testing.T) io.Reader { return bytes.NewReader(data) },
		"unix socket": func(t *testing.T) io.Reader {
			fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			must(t, err)
			conn := func(fd int) net.Conn {
				f := os.NewFile(uintptr(fd), "socket")
				defer f.Close()
				c, err := net.FileConn(f)
				must(t, err)
				t.Cleanup(func() { c.Close() })
				return c
			}
			r, w := conn(fds[0]), conn(fds[1])
			go func() { w.Write(data); w.Close() }()
			return r
		},
		"file": func(t *testing.T) io.Reader {
			f, err := os.Open(srcFile)
			must(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		},
	}
	target := filepath.Join(dir, "big")
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			for name, src := range sources {
				err := WriteFileFrom(target, src(t), 0o644)
				var pe *fs.PathError
				if !errors.Is(err, syscall.ENOSPC) || !errors.As(err, &pe) || pe.Path != target || strings.Contains(err.Error(), "reading the source") {
					t.Errorf("WriteFileFrom of 2 MiB from a %s into a 1 MiB file system: %v, want a PathError naming %s matching ENOSPC, not a failed read", name, err, target)
				}
				if got := entries(t, dir); len(got) != 0 {
					t.Errorf("from a %s: %s holds %v", name, dir, got)
				}
			}
		})
	}
}

// sparseCommit writes with CreateAtomic, into a 1 MiB file system, a
// 16 MiB sparse file holding data in three pieces, one of them in the 64
// KiB that moveBytes moves at once, and ending in a hole: it is committed
// whole, its holes not written.
func sparseCommit(t *testing.T, target string, data []byte) {
	const size = 16 << 20
	want := make([]byte, size)
	a, err := CreateAtomic(target, 0o644)
	must(t, err)
	defer a.Cleanup()
	for _, p := range []struct {
		off  int64
		data []byte
	}{{0, data[:300<<10]}, {308 << 10, []byte("between")}, {8 << 20, data[300<<10:]}} {
		if _, err := a.WriteAt(p.data, p.off); err != nil {
			t.Fatal(err)
		}
		copy(want[p.off:], p.data)
	}
	must(t, a.Truncate(size))
	if err := a.Commit(); err != nil {
		t.Errorf("Commit of a 16 MiB sparse file holding 600 KiB into a 1 MiB file system: %v", err)
	}
	if b, _ := os.ReadFile(target); !bytes.Equal(b, want) {
		t.Errorf("the sparse file committed holds %d bytes, not what was written", len(b))
	}
	if got := entries(t, filepath.Dir(target)); !slices.Equal(got, []string{"big"}) {
		t.Errorf("%s holds %v", filepath.Dir(target), got)
	}
	os.Remove(target)
}

// TestLinkRefusalRemembered: where the process may not link a descriptor,
// the first CreateAtomic learns it before a byte is written, from one
// question to the kernel that makes no name; later WriteFile, CreateAtomic
// and Persist calls make no unnamed file and ask nothing, going the named
// way at once; and a process that may link asks once, not at every call.
func TestLinkRefusalRemembered(t *testing.T) {
	dir := t.TempDir()
	count := func(t *testing.T) (tmpfiles, links *int) {
		tmpfiles, links = new(int), new(int)
		realOpen, realLink := openTmpfileAt, linkFd
		t.Cleanup(func() { openTmpfileAt, linkFd = realOpen, realLink })
		openTmpfileAt = func(dirfd int, mode uint32) (int, error) { *tmpfiles++; return realOpen(dirfd, mode) }
		wrapped := linkFd
		linkFd = func(fd, dirfd int, name string) error { *links++; return wrapped(fd, dirfd, name) }
		return tmpfiles, links
	}
	t.Run("refused", func(t *testing.T) {
		refuseLinks(t, linkStateUnknown)
		tmpfiles, links := count(t)
		target := filepath.Join(dir, "refused")
		must(t, WriteFile(target, []byte("one"), 0o644))
		if *tmpfiles != 1 || *links != 1 || linkState.Load() != linkStateRefused {
			t.Errorf("the first WriteFile made %d unnamed files and %d links, and the process knows %d; want 1, 1 (the question) and the refusal", *tmpfiles, *links, linkState.Load())
		}
		for range 3 {
			must(t, WriteFile(target, []byte("two"), 0o644))
			a, err := CreateAtomic(filepath.Join(dir, "refused-new"), 0o644)
			must(t, err)
			must(t, a.Commit())
			must(t, os.Remove(filepath.Join(dir, "refused-new")))
			f := persistable(t, dir, "p", true, false)
			must(t, f.Persist(filepath.Join(dir, "persisted")))
			must(t, f.Cleanup())
		}
		if *tmpfiles != 1 || *links != 1 {
			t.Errorf("later calls made %d unnamed files and %d links in all, want none beyond the first", *tmpfiles-1, *links-1)
		}
	})
	t.Run("works", func(t *testing.T) {
		realState := linkState.Load()
		t.Cleanup(func() { linkState.Store(realState) })
		linkState.Store(linkStateUnknown)
		_, links := count(t)
		for i := range 3 {
			must(t, WriteFile(filepath.Join(dir, "works"+strconv.Itoa(i)), []byte("new"), 0o644))
		}
		if *links != 4 || linkState.Load() != linkStateWorks {
			t.Errorf("3 new files made %d links, and the process knows %d; want 4 (one question, then one link each) and that it works", *links, linkState.Load())
		}
	})
}

// TestCreateAtomicKilled kills a process writing files with CreateAtomic,
// with SIGKILL at random instants while it writes them in pieces, 20 times
// (200 with MKSTEMP_STRESS=1), on a disk file system and on tmpfs: new
// targets, made one after another, and one target replaced again and
// again. After every kill each target holds one whole version, and the
// directory of new targets holds no name but theirs: a file killed while
// it was written left nothing.
func TestCreateAtomicKilled(t *testing.T) {
	if base := os.Getenv(killEnv); base != "" {
		write := func(name string, v int) {
			a, err := CreateAtomic(name, 0o644)
			must(t, err)
			data := killVersion(v)
			for len(data) > 0 {
				n := min(len(data), 1000)
				if _, err := a.Write(data[:n]); err != nil {
					t.Fatal(err)
				}
				data = data[n:]
			}
			must(t, a.Commit())
		}
		fmt.Println("ready")
		for v := 1; ; v++ {
			write(filepath.Join(base, "new", fmt.Sprintf("n-%d-%d", os.Getpid(), v)), v)
			write(filepath.Join(base, "replace", "r"), v)
		}
	}
	rounds := stress(10, 100) // on each file system
	shm, err := os.MkdirTemp("/dev/shm", "createatomic-kill")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(shm) })
	for _, base := range []string{t.TempDir(), shm} {
		killWriters(t, base, rounds)
	}
}

// killEnv passes the directory to write in to the writer that
// TestWriteFileKilled and TestCreateAtomicKilled kill.
const killEnv = "MKSTEMP_WRITEFILE_KILL"

// killWriters is TestWriteFileKilled and TestCreateAtomicKilled in base,
// rounds times: the writer is t's test, re-run.
func killWriters(t *testing.T, base string, rounds int) {
	newDir, replaceDir := filepath.Join(base, "new"), filepath.Join(base, "replace")
	mkdirs(t, newDir, replaceDir)
	writeFile(t, filepath.Join(replaceDir, "r"), string(killVersion(0)))
	exe, err := os.Executable()
	must(t, err)
	whole := func(path string) bool {
		b, err := os.ReadFile(path)
		if err != nil || len(b) < 9 {
			return false
		}
		v, err := strconv.Atoi(string(b[:8]))
		return err == nil && bytes.Equal(b, killVersion(v))
	}
	namePattern := regexp.MustCompile(`^n-\d+-\d+$`)
	fresh := regexp.MustCompile(`^\.[a-z0-9_]{8}\.tmp$`)
	made := 0
	for round := range rounds {
		cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.count=1")
		cmd.Env = append(os.Environ(), killEnv+"="+base)
		out, err := cmd.StdoutPipe()
		must(t, err)
		must(t, cmd.Start())
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || line != "ready\n" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("%s, round %d: the writer said %q, %v", base, round, line, err)
		}
		time.Sleep(time.Duration(rand.IntN(8000)) * time.Microsecond)
		must(t, cmd.Process.Kill())
		cmd.Wait()
		for _, name := range entries(t, newDir) {
			if !namePattern.MatchString(name) {
				t.Fatalf("%s, round %d: %s holds %q, not a target's name", base, round, newDir, name)
			}
			if !whole(filepath.Join(newDir, name)) {
				t.Fatalf("%s, round %d: %s does not hold one whole version", base, round, name)
			}
			must(t, os.Remove(filepath.Join(newDir, name))) // checked: the next round's only
			made++
		}
		for _, name := range entries(t, replaceDir) {
			if name != "r" && !fresh.MatchString(name) {
				t.Fatalf("%s, round %d: %s holds %q", base, round, replaceDir, name)
			}
			if !whole(filepath.Join(replaceDir, name)) {
				t.Fatalf("%s, round %d: %s in %s does not hold one whole version", base, round, name, replaceDir)
			}
		}
	}
	t.Logf("%s: %d kills; %d new targets made", base, rounds, made)
}

// TestAtomicFileDroppedReleasesItsDirectory: an AtomicFile dropped without
// Cleanup does not keep its directory's descriptor once it is collected,
// as an *os.File dropped closes its own; and one discarded does not close,
// when it is collected, the descriptor its directory had, which the
// process may have reused by then.
func TestAtomicFileDroppedReleasesItsDirectory(t *testing.T) {
	dir := t.TempDir()
	gc := func() {
		for range 5 {
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}
	gc()
	before := openFds(t)
	func() {
		for i := range 20 {
			a, err := CreateAtomic(filepath.Join(dir, "dropped"+strconv.Itoa(i)), 0o644)
			must(t, err)
			if a.sys.dirfd < 0 {
				t.Fatal("CreateAtomic did not go the unnamed way")
			}
		}
	}()
	gc()
	if after := openFds(t); after > before {
		t.Errorf("20 AtomicFiles dropped and collected: %d descriptors open, %d before", after, before)
	}

	a, err := CreateAtomic(filepath.Join(dir, "discarded"), 0o644)
	must(t, err)
	dirfd := a.sys.dirfd
	must(t, a.Cleanup())
	reused, err := unix.Open(dir, unix.O_RDONLY|unix.O_CLOEXEC, 0) // the lowest free number: dirfd's
	must(t, err)
	defer unix.Close(reused)
	if reused != dirfd {
		t.Fatalf("the descriptor %d was not given again (got %d)", dirfd, reused)
	}
	a = nil
	gc()
	var st unix.Stat_t
	if err := unix.Fstat(reused, &st); err != nil {
		t.Errorf("the descriptor %d, reused after Cleanup, was closed when the AtomicFile was collected: %v", reused, err)
	}
	_ = a
}

// TestAtomicFailuresLeakNoDescriptor: 500 failing calls of each kind
// (10,000 with MKSTEMP_STRESS=1),
// at CreateAtomic, at Commit and at CommitNoClobber, and through
// WriteFile, in each of WriteFile's ways, leave the number of open
// descriptors as it was.
func TestAtomicFailuresLeakNoDescriptor(t *testing.T) {
	base := t.TempDir()
	taken := filepath.Join(base, "taken")
	writeFile(t, taken, "old")
	failures := map[string]func() error{
		"CreateAtomic of a directory": func() error { _, err := CreateAtomic(base, 0o644); return err },
		"CreateAtomic in a missing directory": func() error {
			_, err := CreateAtomic(filepath.Join(base, "missing", "x"), 0o644)
			return err
		},
		"CommitNoClobber over a file": func() error {
			a, err := CreateAtomic(taken, 0o644)
			if err != nil {
				return nil // not the failure wanted: failNoLeak says so
			}
			return a.CommitNoClobber()
		},
		"WriteFile from a failing reader": func() error {
			return WriteFileFrom(taken, &failingReader{n: 10, err: errors.New("fails")}, 0o644)
		},
	}
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			failNoLeakN(t, stress(500, 10000), failures)
		})
	}
	if got := entries(t, base); !slices.Equal(got, []string{"taken"}) {
		t.Errorf("%s holds %v", base, got)
	}
}

// TestCommitAfterTheNameFails: where flushing the directory fails after
// the file took the name, in each of WriteFile's ways, Commit returns an
// error naming the name that matches the flush's errno and says the file
// has its new name, and it has: the target holds the new bytes, alone in
// the directory, and the AtomicFile is closed.
func TestCommitAfterTheNameFails(t *testing.T) {
	realFd, realDir := fsyncDir, syncDir
	t.Cleanup(func() { fsyncDir, syncDir = realFd, realDir })
	fsyncDir = func(int) error { return syscall.EIO }
	syncDir = func(string) error { return syscall.EIO }
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			dir := t.TempDir()
			target := filepath.Join(dir, "target")
			for _, existing := range []bool{false, true} {
				if existing {
					writeFile(t, target, "old")
				}
				a, err := CreateAtomic(target, 0o644)
				must(t, err)
				if _, err := a.WriteString("new"); err != nil {
					t.Fatal(err)
				}
				err = a.Commit()
				var pe *fs.PathError
				if !errors.Is(err, syscall.EIO) || !errors.As(err, &pe) || pe.Path != target ||
					!strings.Contains(err.Error(), "flushing directory "+dir+" failed after the file took its new name") {
					t.Errorf("existing=%v: Commit with the directory's flush failing: %v, want a PathError naming %s, matching EIO, saying the file has the name", existing, err, target)
				}
				if b, _ := os.ReadFile(target); string(b) != "new" {
					t.Errorf("existing=%v: the target holds %q", existing, b)
				}
				if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
					t.Errorf("existing=%v: %s holds %v", existing, dir, got)
				}
				if _, err := a.Write([]byte("x")); !errors.Is(err, fs.ErrClosed) {
					t.Errorf("existing=%v: Write after the Commit: %v, want fs.ErrClosed", existing, err)
				}
				must(t, os.Remove(target))
			}
		})
	}
}

// TestPersistTemporaryNameNotRemoved: as uid 65534, a file persisted into
// another directory from a temporary directory it can no longer write
// (mode 0555): the file takes the name, its temporary name cannot be
// removed, and Persist says so, as an error after the name: Name returns
// the target, and Cleanup leaves the file there. The same where links of
// a descriptor are refused, onto a target that is already a hard link of
// the file (the rename by name does nothing, and the temporary name is
// removed by itself).
func TestPersistTemporaryNameNotRemoved(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	for _, hardLink := range []bool{false, true} {
		t.Run(fmt.Sprintf("hard link %v", hardLink), func(t *testing.T) {
			base := t.TempDir()
			tmp, out := filepath.Join(base, "tmp"), filepath.Join(base, "out")
			mkdirs(t, tmp, out)
			f := persistable(t, tmp, "data", true, false)
			temp := f.Name()
			target := filepath.Join(out, "target")
			if hardLink {
				refuseLinks(t, linkStateRefused)
				must(t, os.Link(temp, target))
			}
			must(t, os.Chmod(tmp, 0o555))
			t.Cleanup(func() { os.Chmod(tmp, 0o755) })
			err := f.Persist(target)
			if !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "removing the temporary name "+temp+" failed after the file took its new name") {
				t.Errorf("Persist with the temporary name's directory read-only: %v, want a permission error saying the file took its new name", err)
			}
			if f.Name() != target {
				t.Errorf("Name() = %q, want %q", f.Name(), target)
			}
			must(t, f.Cleanup())
			if b, err := os.ReadFile(target); err != nil || string(b) != "data" {
				t.Errorf("%s holds %q, %v", target, b, err)
			}
		})
	}
}

// TestWriteFileReadOnlyDirectoryEachWay: as uid 65534, in a 0555
// directory of its own and in a 0333 one (which it may write and search,
// not read, so that it cannot be flushed), in each of WriteFile's ways,
// WriteFile and CreateAtomic fail with a permission error naming the name,
// for a writable file there and for a new name, and change nothing: the
// named way too refuses before it makes anything, not after the rename.
func TestWriteFileReadOnlyDirectoryEachWay(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			for _, mode := range []fs.FileMode{0o555, 0o333} {
				dir := filepath.Join(t.TempDir(), "dir")
				mkdirs(t, dir)
				writeFile(t, filepath.Join(dir, "file"), "old")
				must(t, os.Chmod(dir, mode))
				for _, w := range atomicWrites {
					for _, name := range []string{"file", "new"} {
						path := filepath.Join(dir, name)
						err := w.write(path, "data")
						var pe *fs.PathError
						if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe.Path != path {
							t.Errorf("%v: %s(%s): %v, want a PathError naming it matching fs.ErrPermission", mode, w.name, path, err)
						}
					}
				}
				must(t, os.Chmod(dir, 0o755))
				if b, _ := os.ReadFile(filepath.Join(dir, "file")); string(b) != "old" {
					t.Errorf("%v: the file holds %q", mode, b)
				}
				if got := entries(t, dir); !slices.Equal(got, []string{"file"}) {
					t.Errorf("%v: %s holds %v", mode, dir, got)
				}
			}
		})
	}
}
