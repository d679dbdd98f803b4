//go:build unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
	"testing"
)

// TestWriteFileThroughLinks: for WriteFile, WriteFileFrom and
// CreateAtomic, a chain of symbolic links, relative ones
// read from their own directory (through a directory reached by a link,
// whose ".." the system resolves, not the text), is written through: the
// file at its end is replaced and every link stays a link; a dangling link
// creates its target.
func TestWriteFileThroughLinks(t *testing.T) {
	for _, w := range atomicWrites {
		t.Run(w.name, func(t *testing.T) { checkThroughLinks(t, w.write) })
	}
}

// checkThroughLinks is TestWriteFileThroughLinks for one way to write.
func checkThroughLinks(t *testing.T, write func(name, data string) error) {
	base := t.TempDir()
	mkdirs(t, filepath.Join(base, "real"), filepath.Join(base, "real", "sub"), filepath.Join(base, "links"))
	must(t, os.Symlink(filepath.Join(base, "real", "sub"), filepath.Join(base, "links", "dirlink")))
	// links/a -> b (relative, in links), links/b -> dirlink/../file
	// (dirlink/.. is real, not links), real/file is the file.
	must(t, os.Symlink("b", filepath.Join(base, "links", "a")))
	must(t, os.Symlink("dirlink/../file", filepath.Join(base, "links", "b")))
	file := filepath.Join(base, "real", "file")
	writeFile(t, file, "old")
	must(t, os.Chmod(file, 0o640))
	must(t, write(filepath.Join(base, "links", "a"), "new"))
	if fi, err := os.Lstat(file); err != nil || fi.Mode() != 0o640 {
		t.Errorf("real/file: %v, %v; want mode 0640", fi, err)
	}
	if b, err := os.ReadFile(file); err != nil || string(b) != "new" {
		t.Errorf("real/file holds %q, %v", b, err)
	}
	if got := entries(t, filepath.Join(base, "real")); !slices.Equal(got, []string{"file", "sub"}) {
		t.Errorf("real holds %v", got)
	}
	for _, l := range []string{"a", "b", "dirlink"} {
		if fi, err := os.Lstat(filepath.Join(base, "links", l)); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("links/%s is no longer a symbolic link: %v", l, err)
		}
	}
	if got := entries(t, filepath.Join(base, "links")); !slices.Equal(got, []string{"a", "b", "dirlink"}) {
		t.Errorf("links holds %v", got)
	}

	// A dangling link creates its target, which gets perm.
	must(t, os.Symlink("../real/created", filepath.Join(base, "links", "dangling")))
	must(t, write(filepath.Join(base, "links", "dangling"), "made"))
	if b, err := os.ReadFile(filepath.Join(base, "real", "created")); err != nil || string(b) != "made" {
		t.Errorf("real/created holds %q, %v", b, err)
	}
	if fi, err := os.Lstat(filepath.Join(base, "links", "dangling")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("links/dangling is no longer a symbolic link: %v", err)
	}

	// A loop: an error matching ELOOP, as os.WriteFile's, nothing made.
	must(t, os.Symlink("loop2", filepath.Join(base, "links", "loop1")))
	must(t, os.Symlink("loop1", filepath.Join(base, "links", "loop2")))
	loop := filepath.Join(base, "links", "loop1")
	err := write(loop, "x")
	var pe *fs.PathError
	if !errors.Is(err, syscall.ELOOP) || !errors.As(err, &pe) || pe.Path != loop {
		t.Errorf("WriteFile through a loop of links: %v, want a PathError naming %s matching ELOOP (os.WriteFile: %v)", err, loop, os.WriteFile(loop, nil, 0o600))
	}
	if got := entries(t, filepath.Join(base, "links")); len(got) != 6 {
		t.Errorf("links holds %v", got)
	}
}

// TestWriteFileKeepsOwner: as root, a file owned by 65534:65534 keeps its
// owner and group, and its mode, when WriteFile replaces it.
func TestWriteFileKeepsOwner(t *testing.T) {
	needRoot(t, "to give a file to another user")
	dir := t.TempDir()
	target := filepath.Join(dir, "owned")
	writeFile(t, target, "old")
	must(t, os.Chown(target, nobody, nobody))
	must(t, os.Chmod(target, 0o604))
	must(t, WriteFile(target, []byte("new"), 0o600))
	checkWritten(t, dir, target, "new", 0o604)
	fi, err := os.Stat(target)
	must(t, err)
	if st := fi.Sys().(*syscall.Stat_t); st.Uid != nobody || st.Gid != nobody {
		t.Errorf("after WriteFile the file is owned by %d:%d, want %d:%d", st.Uid, st.Gid, nobody, nobody)
	}
}

// TestWriteFileReadOnlyDirectory: as uid 65534, in a 0555 directory of its
// own, and in a 0333 one (which it may write and search, not read),
// WriteFile fails with a permission error naming the name, for a writable
// file there (which os.WriteFile would rewrite in place) and for a new
// name, and changes nothing.
func TestWriteFileReadOnlyDirectory(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	for _, mode := range []fs.FileMode{0o555, 0o333} {
		dir := filepath.Join(t.TempDir(), "dir")
		mkdirs(t, dir)
		writeFile(t, filepath.Join(dir, "file"), "old")
		must(t, os.Chmod(dir, mode))
		for _, name := range []string{"file", "new"} {
			path := filepath.Join(dir, name)
			err := WriteFile(path, []byte("data"), 0o644)
			var pe *fs.PathError
			if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe.Path != path {
				t.Errorf("%v: WriteFile(%s): %v, want a PathError naming it matching fs.ErrPermission", mode, path, err)
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
}

// TestWriteFileConcurrently: 8 goroutines write the same name at once,
// each its own version, onto an existing file and (every other round)
// where none is yet, so that several find no file and race to make it:
// each call succeeds, the file holds one whole version, and the directory
// holds it alone.
func TestWriteFileConcurrently(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	versions := make([]string, 8)
	for g := range versions {
		versions[g] = strings.Repeat(strconv.Itoa(g), 10000+g*1000)
	}
	for round := range stress(20, 500) {
		if round%2 == 0 {
			os.Remove(target)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(versions))
		for g, v := range versions {
			wg.Go(func() { errs[g] = WriteFile(target, []byte(v), 0o644) })
		}
		wg.Wait()
		for g, err := range errs {
			if err != nil {
				t.Errorf("round %d, goroutine %d: %v", round, g, err)
			}
		}
		if b, err := os.ReadFile(target); err != nil || !slices.Contains(versions, string(b)) {
			t.Fatalf("round %d: the file holds %d bytes, %v; not one whole version", round, len(b), err)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"target"}) {
			t.Fatalf("round %d: %s holds %v", round, dir, got)
		}
	}
}

// TestWriteFileReplacesWhatItCannotWrite: as uid 65534, in a directory it
// may write, WriteFile replaces, as rename(2) would, a read-only file of
// its own (keeping mode 0444) and a 0644 file of root's (which it cannot
// give back to root: the new file is its own), both files that
// os.WriteFile could not open; nothing else is left.
func TestWriteFileReplacesWhatItCannotWrite(t *testing.T) {
	dir, ok := inSharedDir(t, 0o777, func(dir string) {
		writeFile(t, filepath.Join(dir, "root"), "old")
		must(t, os.Chmod(filepath.Join(dir, "root"), 0o644))
	})
	if !ok {
		return
	}
	readOnly := filepath.Join(dir, "readonly")
	writeFile(t, readOnly, "old")
	must(t, os.Chmod(readOnly, 0o444))
	for _, path := range []string{readOnly, filepath.Join(dir, "root")} {
		if err := os.WriteFile(path, []byte("new"), 0o644); !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("os.WriteFile(%s): %v, want a permission error", path, err)
		}
		must(t, WriteFile(path, []byte("new"), 0o600))
		if b, err := os.ReadFile(path); err != nil || string(b) != "new" {
			t.Errorf("%s holds %q, %v", path, b, err)
		}
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"readonly", "root"}) {
		t.Errorf("%s holds %v", dir, got)
	}
	if fi, err := os.Stat(readOnly); err != nil || fi.Mode() != 0o444 {
		t.Errorf("%s: %v, %v; want mode 0444", readOnly, fi, err)
	}
	fi, err := os.Stat(filepath.Join(dir, "root"))
	must(t, err)
	if st := fi.Sys().(*syscall.Stat_t); fi.Mode() != 0o644 || int(st.Uid) != os.Geteuid() {
		t.Errorf("root's file replaced: mode %v, owner %d; want 0644, %d", fi.Mode(), st.Uid, os.Geteuid())
	}
}

// TestWriteFileOntoAHardLink: a file with another hard link is replaced
// at name alone, as the doc says: name holds the new bytes, the other link
// keeps the old file and its bytes, and they are two files from then on.
func TestWriteFileOntoAHardLink(t *testing.T) {
	dir := t.TempDir()
	name, other := filepath.Join(dir, "name"), filepath.Join(dir, "other")
	writeFile(t, name, "old")
	must(t, os.Link(name, other))
	must(t, WriteFile(name, []byte("new"), 0o644))
	for path, want := range map[string]string{name: "new", other: "old"} {
		if b, err := os.ReadFile(path); err != nil || string(b) != want {
			t.Errorf("%s holds %q, %v; want %q", path, b, err, want)
		}
	}
	a, err := os.Stat(name)
	must(t, err)
	b, err := os.Stat(other)
	must(t, err)
	if os.SameFile(a, b) {
		t.Errorf("%s and %s are still one file", name, other)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"name", "other"}) {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestWriteFileKeepsGroup: as uid 65534 with the supplementary group 100,
// a file of root's of group 100 in a directory it may write is replaced
// by a file of its own (it may not give a file to root) that keeps group
// 100, a group the process is in, and the mode.
func TestWriteFileKeepsGroup(t *testing.T) {
	const group = 100
	dir, ok := inSharedDir(t, 0o777, func(dir string) {
		writeFile(t, filepath.Join(dir, "file"), "old")
		must(t, os.Chown(filepath.Join(dir, "file"), 0, group))
		must(t, os.Chmod(filepath.Join(dir, "file"), 0o664))
	}, group)
	if !ok {
		return
	}
	path := filepath.Join(dir, "file")
	must(t, WriteFile(path, []byte("new"), 0o600))
	checkWritten(t, dir, path, "new", 0o664)
	fi, err := os.Stat(path)
	must(t, err)
	if st := fi.Sys().(*syscall.Stat_t); int(st.Uid) != os.Geteuid() || st.Gid != group {
		t.Errorf("after WriteFile the file is owned by %d:%d, want %d:%d", st.Uid, st.Gid, os.Geteuid(), group)
	}
}

// TestWriteFileOntoANamedPipe: a named pipe at the name, or a link to one,
// is not replaced by a file (os.WriteFile would write into it): an error
// matching fs.ErrInvalid naming the name, and the pipe stays.
func TestWriteFileOntoANamedPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	must(t, unix.Mkfifo(fifo, 0o600))
	must(t, os.Symlink("fifo", filepath.Join(dir, "link")))
	for _, name := range []string{fifo, filepath.Join(dir, "link")} {
		err := WriteFile(name, []byte("data"), 0o644)
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Path != name {
			t.Errorf("WriteFile(%s): %v, want a PathError naming it matching fs.ErrInvalid", name, err)
		}
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("%s is no longer a named pipe: %v", fifo, err)
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"fifo", "link"}) {
		t.Errorf("%s holds %v", dir, got)
	}
}
