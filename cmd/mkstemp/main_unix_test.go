//go:build unix

package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// asCommandEnv makes the test binary run main instead of the tests, so the
// tests can start the command as a process.
const asCommandEnv = "MKSTEMP_RUN_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommandEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// command runs the command as a process through sh -c script, with the
// command as "$0" and args as "$@", and returns its status and output.
func command(t *testing.T, script string, args ...string) (int, string) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/bin/sh", append([]string{"-c", script, exe}, args...)...)
	cmd.Env = append(os.Environ(), asCommandEnv+"=1")
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// TestStdoutUnwritable runs the command with its standard output on a full
// device and closed, as mktemp(1) is tested: it must fail, say why, and
// leave nothing behind. A closed standard output is the hard case, since
// the Go runtime puts /dev/null in its place; /dev/null itself, a choice of
// the caller's, is still accepted.
func TestStdoutUnwritable(t *testing.T) {
	dir := emptyDir(t)
	for _, tt := range []struct{ redirect, msg string }{
		{">/dev/full", "no space left on device"},
		{">&-", "bad file descriptor"},
	} {
		for _, flags := range []string{"", "-d", "-gettempdir"} {
			code, out := command(t, `exec "$0" "$@" `+tt.redirect, append(strings.Fields(flags), "-dir", dir)...)
			if code != 1 || !strings.Contains(out, "mkstemp: write error: ") || !strings.Contains(out, tt.msg) {
				t.Errorf("%s %s: exit %d, output %q; want exit 1 and a write error (%s)", flags, tt.redirect, code, out, tt.msg)
			}
			if des, _ := os.ReadDir(dir); len(des) != 0 {
				t.Errorf("%s %s: %s holds %v", flags, tt.redirect, dir, des)
			}
		}
	}
	code, out := command(t, `exec "$0" "$@" >/dev/null`, "-dir", dir)
	des, _ := os.ReadDir(dir)
	if code != 0 || out != "" || len(des) != 1 {
		t.Errorf(">/dev/null: exit %d, output %q, %d entries; want exit 0 and a file", code, out, len(des))
	}
	for _, de := range des {
		os.Remove(dir + "/" + de.Name())
	}
}

// TestErrorNamesCurrentDirectory: in a deleted current directory, the error
// names the current directory and the step that failed.
func TestErrorNamesCurrentDirectory(t *testing.T) {
	dir := emptyDir(t)
	gone := dir + "/gone"
	if err := os.Mkdir(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(gone)
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-dir", ""}, {"-d", "-dir", "rel"}} {
		code, out, errOut := mkstempCmd(t, args...)
		want := "mkstemp: mkstemp .: getcwd: no such file or directory"
		if args[0] == "-d" {
			want = "mkstemp: mkdtemp rel: getcwd: no such file or directory"
		}
		if code != 1 || out != "" || strings.TrimSpace(errOut) != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 1 and %q", args, code, out, errOut, want)
		}
	}
}
