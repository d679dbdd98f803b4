//go:build unix

package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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

// TestStdout runs the command with its standard output on /dev/null, opened
// write-only or read-write (as Python's subprocess.DEVNULL and daemon(3)
// open it), on a full device, and closed. Like mktemp(1), it succeeds on
// /dev/null and keeps what it made, and on a full device fails, says why
// and leaves nothing behind. A closed standard output is /dev/null opened
// read-write by the time main runs (the Go runtime's doing), so it succeeds
// too, where mktemp fails: the documented limit.
func TestStdout(t *testing.T) {
	for _, tt := range []struct {
		redirect string
		code     int
		msg      string
	}{
		{">/dev/null", 0, ""},
		{"1<>/dev/null", 0, ""},
		{">&-", 0, ""},
		{">/dev/full", 1, "^mkstemp: write error: write /dev/stdout: no space left on device\n$"},
	} {
		for _, flags := range []string{"-dir DIR", "-d -dir DIR", "-p DIR", "-d -p DIR x.XXX", "-gettempdir"} {
			dir := emptyDir(t)
			args := strings.Fields(strings.ReplaceAll(flags, "DIR", dir))
			code, out := command(t, `exec "$0" "$@" `+tt.redirect, args...)
			if code != tt.code || !regexp.MustCompile(tt.msg).MatchString(out) {
				t.Errorf("%s %s: exit %d, output %q; want exit %d and %q", flags, tt.redirect, code, out, tt.code, tt.msg)
			}
			des, _ := os.ReadDir(dir)
			if want := map[bool]int{true: 1}[code == 0 && flags != "-gettempdir"]; len(des) != want {
				t.Errorf("%s %s: %s holds %v, want %d entries", flags, tt.redirect, dir, des, want)
			}
			for _, de := range des {
				fi, _ := de.Info()
				if want := map[bool]fs.FileMode{false: 0o600, true: fs.ModeDir | 0o700}[strings.HasPrefix(flags, "-d ")]; fi.Mode() != want {
					t.Errorf("%s %s: %s has mode %v, want %v", flags, tt.redirect, de.Name(), fi.Mode(), want)
				}
				os.Remove(filepath.Join(dir, de.Name()))
			}
		}
	}
	// -q silences the write error too, as it does mktemp's.
	dir := emptyDir(t)
	if code, out := command(t, `exec "$0" "$@" >/dev/full`, "-q", "-p", dir); code != 1 || out != "" {
		t.Errorf("-q >/dev/full: exit %d, output %q; want exit 1 and nothing", code, out)
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

// TestTemplateInALinkedDirectory: from a current directory reached through
// a symbolic link ($PWD names the link), a short template and a long one
// print the same directory, the kernel's name for it, as the package
// names the current directory.
func TestTemplateInALinkedDirectory(t *testing.T) {
	base := emptyDir(t)
	real, link := filepath.Join(base, "real"), filepath.Join(base, "link")
	mustDo(t, os.Mkdir(real, 0o700))
	mustDo(t, os.Symlink(real, link))
	t.Cleanup(func() { os.Remove(link); os.Remove(real) })
	t.Chdir(link)
	t.Setenv("PWD", link)
	for _, template := range []string{"fooXXX", "fooXXXXXXXX"} {
		code, out, errOut := mkstempCmd(t, template)
		path := strings.TrimSuffix(out, "\n")
		if code != 0 || filepath.Dir(path) != real {
			t.Errorf("%s: exit %d, printed %q, stderr %q; want a path in %s", template, code, out, errOut, real)
		}
		os.Remove(path)
	}
}
