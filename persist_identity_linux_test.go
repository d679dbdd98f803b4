package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPersistByNameChecksTheFile: where the system refuses to link a
// descriptor (no /proc, a seccomp filter), Persist renames the temporary
// name, but only while it names the file: with another file put under it,
// both forms fail with an error matching fs.ErrExist and change nothing.
func TestPersistByNameChecksTheFile(t *testing.T) {
	real := linkFd
	t.Cleanup(func() { linkFd = real })
	for _, refusal := range []error{unix.ENOENT, unix.EPERM} {
		linkFd = func(int, int, string) error { return refusal }
		dir := t.TempDir()
		target := filepath.Join(dir, "target")
		writeFile(t, target, "old")
		for _, noClobber := range []bool{false, true} {
			f := persistable(t, dir, "mine", true, false)
			temp := f.Name()
			must(t, os.Remove(temp))
			must(t, os.WriteFile(temp, []byte("other"), 0o600))
			persist := f.Persist
			if noClobber {
				persist = f.PersistNoClobber
			}
			if err := persist(target); !errors.Is(err, fs.ErrExist) {
				t.Errorf("%v, noClobber=%v: %v, want fs.ErrExist", refusal, noClobber, err)
			}
			if b, _ := os.ReadFile(target); string(b) != "old" {
				t.Errorf("%v, noClobber=%v: the target holds %q", refusal, noClobber, b)
			}
			if b, _ := os.ReadFile(temp); string(b) != "other" {
				t.Errorf("%v, noClobber=%v: the temporary name holds %q", refusal, noClobber, b)
			}
			f.Close()
			must(t, os.Remove(temp))
		}
		// The name still the file's: Persist by name works.
		f := persistable(t, dir, "mine", true, false)
		must(t, f.Persist(target))
		f.Cleanup()
		if b, _ := os.ReadFile(target); string(b) != "mine" {
			t.Errorf("%v: the target holds %q after a Persist by name", refusal, b)
		}
	}
}

// TestLinkFdKeepsEmptyPath: a link that fails for a reason of its own,
// ENOENT for a missing directory or a file whose name was removed, fails
// by /proc/self/fd too, and does not make the process give up linkat with
// AT_EMPTY_PATH: only a refusal that /proc then overcomes does.
func TestLinkFdKeepsEmptyPath(t *testing.T) {
	t.Cleanup(func() { noEmptyPath.Store(false) })
	dir := t.TempDir()
	noEmptyPath.Store(false)
	f := persistable(t, dir, "mine", true, false)
	if err := f.Persist(filepath.Join(dir, "missing", "x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Persist into a missing directory: %v, want fs.ErrNotExist", err)
	}
	must(t, os.Remove(f.Name()))
	if err := f.PersistNoClobber(filepath.Join(dir, "x")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("PersistNoClobber of a file with no name: %v, want fs.ErrNotExist", err)
	}
	must(t, f.Cleanup())
	if noEmptyPath.Load() {
		t.Errorf("after links that failed with ENOENT both ways, linkFd no longer tries AT_EMPTY_PATH")
	}
}

// TestLinkFdLearnsFromTheQuestion: where linkat with AT_EMPTY_PATH is
// refused (a thread of root's without CAP_DAC_READ_SEARCH, whose
// credentials are not those the file was opened with) and /proc/self/fd
// reaches the new name, the process stops trying AT_EMPTY_PATH, also when
// /proc's answer is EEXIST: linkUsable's question, a link to ".", is
// answered so. The link that follows is made.
func TestLinkFdLearnsFromTheQuestion(t *testing.T) {
	needRoot(t, "to drop a capability of its own")
	t.Cleanup(func() { noEmptyPath.Store(false) })
	dir := t.TempDir()
	type result struct {
		probe, link error
		learnt      bool
	}
	done := make(chan result)
	go func() {
		// Never unlocked: the thread, and its lowered capabilities, end
		// with the goroutine.
		runtime.LockOSThread()
		var r result
		defer func() { done <- r }()
		dirfd, err := openDir(unix.AT_FDCWD, dir, 0)
		if err != nil {
			r.probe = err
			return
		}
		defer unix.Close(dirfd)
		fd, err := openTmpfileAt(dirfd, 0o600)
		if err != nil {
			r.probe = err
			return
		}
		defer unix.Close(fd)
		hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
		var data [2]unix.CapUserData
		if err := unix.Capget(&hdr, &data[0]); err != nil {
			r.probe = err
			return
		}
		data[0].Effective &^= 1 << unix.CAP_DAC_READ_SEARCH
		if err := unix.Capset(&hdr, &data[0]); err != nil {
			r.probe = err
			return
		}
		noEmptyPath.Store(false)
		r.probe = linkFd(fd, dirfd, ".")
		r.learnt = noEmptyPath.Load()
		r.link = linkFd(fd, dirfd, "linked")
	}()
	r := <-done
	if r.probe != unix.EEXIST || !r.learnt {
		t.Errorf("a link to \".\" with AT_EMPTY_PATH refused: %v, AT_EMPTY_PATH given up: %v; want EEXIST, true", r.probe, r.learnt)
	}
	if r.link != nil || !exists(filepath.Join(dir, "linked")) {
		t.Errorf("the link that followed: %v", r.link)
	}
}
