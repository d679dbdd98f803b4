//go:build linux && (amd64 || 386)

package mkstemp

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// TestWriteFileUnderSeccompEPERM: under a seccomp filter that answers
// link and linkat with EPERM, as a container's profile may, as uid 65534,
// WriteFile and WriteFileFrom (a new file, then a replaced one), Persist
// and PersistNoClobber still do their work by name, and leave nothing
// else in the directory. The test checks first that the filter is in
// force.
func TestWriteFileUnderSeccompEPERM(t *testing.T) {
	if !underSyscallsRefused(t, unix.SYS_LINK, unix.SYS_LINKAT) {
		return
	}
	dir := t.TempDir()
	probe := filepath.Join(dir, "probe")
	writeFile(t, probe, "")
	if err := os.Link(probe, probe+"2"); !errors.Is(err, unix.EPERM) {
		t.Fatalf("link under the filter: %v, want EPERM: the filter is not in force", err)
	}
	must(t, os.Remove(probe))
	target := filepath.Join(dir, "w")
	must(t, WriteFile(target, []byte("new"), 0o640))
	if fi, err := os.Stat(target); err != nil || fi.Mode() != 0o640&^currentUmask() {
		t.Errorf("%s: %v, %v; want mode %v", target, fi, err, 0o640&^currentUmask())
	}
	must(t, WriteFileFrom(target, strings.NewReader("again"), 0o600))
	p := filepath.Join(dir, "p")
	f := persistable(t, dir, "persisted", true, false)
	must(t, f.PersistNoClobber(p))
	must(t, f.Cleanup())
	g := persistable(t, dir, "replaced", true, false)
	must(t, g.Persist(p))
	must(t, g.Cleanup())
	if got := entries(t, dir); !slices.Equal(got, []string{"p", "w"}) {
		t.Errorf("%s holds %v, want [p w]", dir, got)
	}
	for path, want := range map[string]string{p: "replaced", target: "again"} {
		if b, err := os.ReadFile(path); err != nil || string(b) != want {
			t.Errorf("%s holds %q, %v; want %q", path, b, err, want)
		}
	}
}

// TestWriteFileAfterTheNameCloseFails: under a seccomp filter that answers
// close with EPERM, as uid 65534, WriteFile, WriteFileFrom and CreateAtomic
// still return nil in each of WriteFile's ways: once the new file has the
// name, and was flushed before it, closing it says nothing that the caller
// could act on, and the call does not fail after the file was replaced.
// The filter refuses only descriptors from closeRefusedFrom up, and the
// test takes the numbers below it first, so that what the calls open is
// refused and what the test binary opens at its exit (coverage data under
// go test -cover) is not.
func TestWriteFileAfterTheNameCloseFails(t *testing.T) {
	const closeRefusedFrom = 900
	if !isChild(t) {
		var cred *syscall.Credential
		if os.Geteuid() == 0 {
			cred = &syscall.Credential{Uid: nobody, Gid: nobody}
		}
		runChild(t, nil, cred)
		return
	}
	dir := t.TempDir()
	var below []int
	for {
		fd, err := unix.Open(os.DevNull, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		must(t, err)
		if fd >= closeRefusedFrom {
			unix.Close(fd)
			break
		}
		below = append(below, fd)
	}
	refuseCloseFrom(t, closeRefusedFrom)
	defer func() {
		for _, fd := range below {
			unix.Close(fd)
		}
	}()
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	must(t, err)
	if err := unix.Close(fd); err != unix.EPERM || fd < closeRefusedFrom {
		t.Fatalf("close of descriptor %d under the filter: %v, want EPERM: the filter is not in force", fd, err)
	}
	target := filepath.Join(dir, "target")
	for _, way := range writeWays {
		t.Run(way.name, func(t *testing.T) {
			way.setUp(t)
			for _, w := range atomicWrites {
				if err := w.write(target, w.name+way.name); err != nil {
					t.Errorf("%s: %v, want nil: the file has the name", w.name, err)
				}
				if b, _ := os.ReadFile(target); string(b) != w.name+way.name {
					t.Errorf("%s: the file holds %q", w.name, b)
				}
			}
		})
	}
}
