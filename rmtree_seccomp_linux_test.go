//go:build linux && (amd64 || 386)

// The test runs where the tests run natively (amd64, and 386 on it):
// qemu-user, which runs the other architectures' tests, installs no
// seccomp filter for its guest.

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// refuseSyscalls installs, on every thread of the process, a seccomp
// filter that answers the system calls nrs with EPERM, as Docker's default
// profile answers the calls it does not list. The process keeps it to its
// end.
func refuseSyscalls(t *testing.T, nrs ...uintptr) {
	t.Helper()
	arch := seccompArch()
	const (
		archOff = 4 // offsetof(struct seccomp_data, arch)
		nrOff   = 0 // offsetof(struct seccomp_data, nr)
	)
	n := uint8(len(nrs))
	prog := []unix.SockFilter{
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: archOff},
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: 0, Jf: n + 1, K: arch}, // another arch: allow
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: nrOff},
	}
	for i, nr := range nrs {
		// A match jumps over the comparisons left and the allow.
		prog = append(prog, unix.SockFilter{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: n - uint8(i), Jf: 0, K: uint32(nr)})
	}
	prog = append(prog,
		unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW},
		unix.SockFilter{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)},
	)
	installFilter(t, prog)
}

// seccompArch is the AUDIT_ARCH of this process, which a filter checks
// before it reads a system call's number.
func seccompArch() uint32 {
	if runtime.GOARCH == "386" {
		return unix.AUDIT_ARCH_I386
	}
	return unix.AUDIT_ARCH_X86_64
}

// refuseCloseFrom installs, on every thread of the process, a seccomp
// filter that answers close with EPERM for a descriptor numbered min or
// more, and lets every other call through. The process keeps it to its
// end.
func refuseCloseFrom(t *testing.T, min uint32) {
	t.Helper()
	const (
		archOff = 4  // offsetof(struct seccomp_data, arch)
		nrOff   = 0  // offsetof(struct seccomp_data, nr)
		fdOff   = 16 // offsetof(struct seccomp_data, args[0]), its low word
	)
	installFilter(t, []unix.SockFilter{
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: archOff},
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: 0, Jf: 4, K: seccompArch()}, // another arch: allow
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: nrOff},
		{Code: unix.BPF_JMP | unix.BPF_JEQ | unix.BPF_K, Jt: 0, Jf: 2, K: unix.SYS_CLOSE},
		{Code: unix.BPF_LD | unix.BPF_W | unix.BPF_ABS, K: fdOff},
		{Code: unix.BPF_JMP | unix.BPF_JGE | unix.BPF_K, Jt: 1, Jf: 0, K: min},
		{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ALLOW},
		{Code: unix.BPF_RET | unix.BPF_K, K: unix.SECCOMP_RET_ERRNO | uint32(unix.EPERM)},
	})
}

// installFilter installs the seccomp program prog on every thread of the
// process.
func installFilter(t *testing.T, prog []unix.SockFilter) {
	t.Helper()
	fprog := unix.SockFprog{Len: uint16(len(prog)), Filter: &prog[0]}
	// no_new_privs is a thread's: set it and install the filter on one
	// (TSYNC gives both to every other thread).
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	must(t, unix.Prctl(unix.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
	if _, _, errno := unix.Syscall(unix.SYS_SECCOMP, unix.SECCOMP_SET_MODE_FILTER, unix.SECCOMP_FILTER_FLAG_TSYNC, uintptr(unsafe.Pointer(&fprog))); errno != 0 {
		t.Fatalf("seccomp(SECCOMP_SET_MODE_FILTER): %v", errno)
	}
}

// underSyscallsRefused has the caller's checks run under the filter of
// refuseSyscalls for nrs, always in a re-run of the test, since the filter
// stays with the process: as uid 65534, to whom modes apply, when this is
// root. It returns true in the re-run, with the filter installed, and
// false in the test that made it, which passes its verdict on.
func underSyscallsRefused(t *testing.T, nrs ...uintptr) bool {
	t.Helper()
	if !isChild(t) {
		var cred *syscall.Credential
		if os.Geteuid() == 0 {
			cred = &syscall.Credential{Uid: nobody, Gid: nobody}
		}
		runChild(t, nil, cred)
		return false
	}
	refuseSyscalls(t, nrs...)
	return true
}

// TestCleanupUnderSeccompEPERM: under a seccomp filter that answers
// fchmodat2 with EPERM (Docker's default profile does), as uid 65534, to
// whom modes apply, Cleanup opens up directories of mode 0300, 0000 and
// 0500 through /proc, as where the kernel lacks fchmodat2, and removes
// them. The test checks first that the filter is in force.
func TestCleanupUnderSeccompEPERM(t *testing.T) {
	if !underSyscallsRefused(t, unix.SYS_FCHMODAT2) {
		return
	}
	base := t.TempDir()
	fd, err := unix.Open(base, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	must(t, err)
	err = unix.Fchmodat(fd, "", 0o700, unix.AT_EMPTY_PATH)
	unix.Close(fd)
	if err != unix.EPERM {
		t.Fatalf("fchmodat2 under the filter: %v, want EPERM: the filter is not in force", err)
	}
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeWide(t, td.Name(), 3, "w", "l", "r")
	for name, mode := range map[string]os.FileMode{"w": 0o300, "l": 0, "r": 0o500} {
		must(t, os.Chmod(filepath.Join(td.Name(), name), mode))
	}
	if err := td.Cleanup(); err != nil || exists(td.Name()) {
		t.Errorf("Cleanup under the filter, as uid %d: %v; still there: %v", os.Geteuid(), err, exists(td.Name()))
	}
}

// TestCleanupUnderSeccompEPERMWithoutProc: under the same filter, as uid
// 65534, with no /proc to fall back on (procSelfFD names a directory that
// is not there), a directory of mode 0000 cannot be opened up: Cleanup
// says "openat …: permission denied" for it, once, and removes the rest.
// It does not take the directory for one that went away (the ENOENT of
// the missing /proc), which ended, after reading its parent again and
// again, in "directory not empty" for the parent.
func TestCleanupUnderSeccompEPERMWithoutProc(t *testing.T) {
	if !underSyscallsRefused(t, unix.SYS_FCHMODAT2) {
		return
	}
	base := t.TempDir()
	// A path that is surely not there: "/nonexistent" may be a file.
	procSelfFD = filepath.Join(base, "no-proc", "self", "fd") + "/"
	td, err := TemporaryDirectory("", "", base, false)
	must(t, err)
	makeWide(t, td.Name(), 3, "l", "p")
	l := filepath.Join(td.Name(), "l")
	must(t, os.Chmod(l, 0))
	t.Cleanup(func() { os.Chmod(l, 0o700) })
	errs := splitErrors(td.Cleanup())
	var pe *fs.PathError
	if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Op != "openat" || pe.Path != l || pe.Err != syscall.EACCES {
		t.Errorf("Cleanup under the filter without /proc returned %v, want only openat %s: permission denied", errs, l)
	}
	if got := entries(t, td.Name()); !slices.Equal(got, []string{"l"}) {
		t.Errorf("%s holds %v, want [l]", td.Name(), got)
	}
}
