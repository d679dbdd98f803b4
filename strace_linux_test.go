package mkstemp

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var (
	straceCall       = regexp.MustCompile(`^(\d+)\s+([a-z0-9_]+)\((.*)\)\s+= (.*)$`)
	straceUnfinished = regexp.MustCompile(`^(\d+)\s+([a-z0-9_]+\(.*?)\s*<unfinished \.\.\.>$`)
	straceResumed    = regexp.MustCompile(`^(\d+)\s+<\.\.\. ([a-z0-9_]+) resumed>\s*(.*)$`)
)

// straceCalls returns the system calls in the output of strace -f (a
// process id first on each line), each as "name(args) = result", in the
// order they returned. A call that another thread's line interrupted,
// which strace splits into "name(args <unfinished ...>" and "<... name
// resumed>rest" lines, is joined again. A call that a signal interrupted,
// and that the kernel or the Go runtime then made again (a result of ?
// ERESTART... or -1 EINTR), is left out: its retry is the call. Signals,
// exits and anything else that is not a call are left out.
func straceCalls(trace string) []string {
	var calls []string
	pending := map[string]string{} // process id: the start of its unfinished call
	for _, line := range strings.Split(trace, "\n") {
		line = strings.TrimSpace(line)
		if m := straceUnfinished.FindStringSubmatch(line); m != nil {
			pending[m[1]] = m[2]
			continue
		}
		if m := straceResumed.FindStringSubmatch(line); m != nil {
			start, ok := pending[m[1]]
			delete(pending, m[1])
			if !ok || !strings.HasPrefix(start, m[2]+"(") {
				continue // resumed before tracing began, or not this call
			}
			line = m[1] + " " + start + m[3]
		}
		m := straceCall.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		result := m[4]
		if strings.HasPrefix(result, "? ERESTART") || strings.HasPrefix(result, "-1 EINTR ") {
			continue
		}
		calls = append(calls, m[2]+"("+m[3]+") = "+result)
	}
	return calls
}

// TestStraceCalls: straceCalls joins calls split by another thread and
// leaves out interrupted calls, signals and exits, keeping the order.
func TestStraceCalls(t *testing.T) {
	trace := `100 fsync(3</tmp/d/tmpabcdefgh>) = 0
101 futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
100 renameat2(AT_FDCWD</>, "/tmp/d/tmpabcdefgh", AT_FDCWD</>, "/tmp/d/x", 0 <unfinished ...>
101 --- SIGURG {si_signo=SIGURG, si_code=SI_TKILL, si_pid=100, si_uid=0} ---
101 <... futex resumed>) = 0
100 <... renameat2 resumed>) = 0
102 fsync(4</tmp/d> <unfinished ...>
100 fsync(5</tmp/d/y> <unfinished ...>
102 <... fsync resumed>) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
100 <... fsync resumed>) = -1 EINTR (Interrupted system call)
102 fsync(4</tmp/d>) = 0
103 <... fsync resumed>) = 0
100 +++ exited with 0 +++
`
	want := []string{
		`fsync(3</tmp/d/tmpabcdefgh>) = 0`,
		`futex(0x1, FUTEX_WAIT_PRIVATE, 0, NULL) = 0`,
		`renameat2(AT_FDCWD</>, "/tmp/d/tmpabcdefgh", AT_FDCWD</>, "/tmp/d/x", 0) = 0`,
		`fsync(4</tmp/d>) = 0`,
	}
	if got := straceCalls(trace); !slices.Equal(got, want) {
		t.Errorf("straceCalls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// traceSelf re-runs the calling test, t, in a new process of the test
// binary under strace -f -y, tracing the system calls in calls (strace's
// -e trace= list), with env added to its environment, and returns the
// calls that name under (a path or a directory descriptor's path; "" for
// all) as straceCalls reads them. The re-run tells itself from the caller by env.
func traceSelf(t *testing.T, calls, env, under string) []string {
	t.Helper()
	strace := needTool(t, "strace")
	trace := filepath.Join(t.TempDir(), "trace")
	exe, err := os.Executable()
	must(t, err)
	cmd := exec.Command(strace, "-f", "-y", "-o", trace, "-e", "trace="+calls,
		exe, "-test.run=^"+regexp.QuoteMeta(t.Name())+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	b, err := os.ReadFile(trace)
	must(t, err)
	var got []string
	for _, c := range straceCalls(string(b)) {
		if strings.Contains(c, under) { // the test's own, not the runtime's
			got = append(got, c)
		}
	}
	return got
}

// matchCalls fails t unless the calls got match the patterns want, one
// each, in order.
func matchCalls(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("strace saw %d calls, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i, w := range want {
		if !regexp.MustCompile(w).MatchString(got[i]) {
			t.Errorf("call %d is %s, want %s", i, got[i], w)
		}
	}
	t.Logf("strace saw, in order:\n%s", strings.Join(got, "\n"))
}

// probeCall is the pattern of linkUsable's question, once in a process:
// a link of the unnamed file to "." in its directory, which the kernel
// answers EEXIST where it would link it.
func probeCall(file, dir string) string {
	return `^linkat\((` + file + `, ""|AT_FDCWD\S*, "/proc/self/fd/\d+"), ` + dir + `, "\.", (AT_EMPTY_PATH|AT_SYMLINK_FOLLOW)\) = -1 EEXIST \(File exists\)$`
}

// linkFdCall is the pattern of the call with which linkFd gives an open
// file the name newName (a pattern of the quoted name) in the directory
// newDir (a pattern of the directory argument as strace -y shows it):
// linkat with AT_EMPTY_PATH where the process may use it (root), or of
// /proc/self/fd/N with AT_SYMLINK_FOLLOW.
func linkFdCall(newDir, newName string) string {
	return `^linkat\((\d+<[^>]*>(\(deleted\))?, ""|AT_FDCWD\S*, "/proc/self/fd/\d+"), ` + newDir + `, ` + newName + `, (AT_EMPTY_PATH|AT_SYMLINK_FOLLOW)\) = 0$`
}
