package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/seed011b361c/mkstemp"
)

// mkstempCmd runs the command with args and returns its status and output.
func mkstempCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// emptyDir makes a directory for the test with the package itself, and
// removes it after the test, which fails if anything is left in it. (Not
// t.TempDir: its os.RemoveAll fails under Wine, where the Windows suite
// runs.)
func emptyDir(t *testing.T) string {
	t.Helper()
	dir, err := mkstemp.Mkdtemp("", "cmdtest-", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.Remove(dir); err != nil {
			t.Error(err)
		}
	})
	return dir
}

func TestCommand(t *testing.T) {
	def, other := emptyDir(t), emptyDir(t)
	mkstemp.SetTempdir(def)
	t.Cleanup(func() { mkstemp.SetTempdir("") })
	t.Chdir(other)
	wd, _ := os.Getwd()

	tests := []struct {
		name    string
		args    []string
		dir     string
		pattern string
		isDir   bool
	}{
		{"a file in the default directory", nil, def, `^tmp[a-z0-9_]{8}$`, false},
		{"a directory", []string{"-d"}, def, `^tmp[a-z0-9_]{8}$`, true},
		{"prefix and suffix", []string{"-prefix", "p-", "-suffix", ".log"}, def, `^p-[a-z0-9_]{8}\.log$`, false},
		{"an empty prefix means none", []string{"-prefix", ""}, def, `^[a-z0-9_]{8}$`, false},
		{"a relative dir", []string{"-d", "-dir", "."}, wd, `^tmp[a-z0-9_]{8}$`, true},
		{"an empty dir means the current one", []string{"-dir", ""}, wd, `^tmp[a-z0-9_]{8}$`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := mkstempCmd(t, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			path := strings.TrimSuffix(out, "\n")
			t.Cleanup(func() { os.Remove(path) })
			if !filepath.IsAbs(path) || filepath.Dir(path) != tt.dir || !regexp.MustCompile(tt.pattern).MatchString(filepath.Base(path)) {
				t.Errorf("printed %q, want a path in %s matching %s", out, tt.dir, tt.pattern)
			}
			fi, err := os.Lstat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.IsDir() != tt.isDir {
				t.Errorf("%s: directory %v, want %v", path, fi.IsDir(), tt.isDir)
			}
		})
	}

	code, out, _ := mkstempCmd(t, "-gettempdir")
	if code != 0 || out != def+"\n" {
		t.Errorf("-gettempdir: exit %d, printed %q, want %q", code, out, def+"\n")
	}
}

// notFound is how the system words a missing directory: Windows says "The
// system cannot find the path specified", Wine "Path not found".
var notFound = map[bool]string{false: "no such file or directory", true: "(cannot find the path|path not found)"}[runtime.GOOS == "windows"]

func TestCommandErrors(t *testing.T) {
	dir := emptyDir(t)
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"a missing dir", []string{"-dir", filepath.Join(dir, "missing")}, 1, notFound},
		{"a separator in the prefix", []string{"-dir", dir, "-prefix", "a/b"}, 1, "prefix contains a path separator"},
		{"an argument", []string{"-dir", dir, "extra"}, 2, `unexpected argument "extra"(.|\n)*usage: mkstemp`},
		{"an unknown flag", []string{"-x"}, 2, "flag provided but not defined(.|\n)*usage: mkstemp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := mkstempCmd(t, tt.args...)
			if code != tt.code || out != "" || !regexp.MustCompile("(?i)"+tt.msg).MatchString(errOut) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q on stderr", code, out, errOut, tt.code, tt.msg)
			}
		})
	}
	if des, _ := os.ReadDir(dir); len(des) != 0 {
		t.Errorf("%s holds %d entries after failures", dir, len(des))
	}
}

func TestHelp(t *testing.T) {
	for _, arg := range []string{"-h", "-help", "--help"} {
		code, out, errOut := mkstempCmd(t, arg)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "usage: mkstemp") || !strings.Contains(out, "-gettempdir") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 0 and the usage on stdout alone", arg, code, out, errOut)
		}
	}
}

// failingWriter is a standard output that cannot be written, as a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteError: when the path cannot be printed, nobody can know it, so
// the command fails and removes what it made.
func TestWriteError(t *testing.T) {
	dir := emptyDir(t)
	for _, args := range [][]string{{"-dir", dir}, {"-d", "-dir", dir}, {"-gettempdir"}} {
		var stderr bytes.Buffer
		code := run(args, failingWriter{}, &stderr)
		if code != 1 || !strings.Contains(stderr.String(), "mkstemp: write error: no space left on device") {
			t.Errorf("%q: exit %d, stderr %q; want exit 1 and the write error", args, code, stderr.String())
		}
		if des, _ := os.ReadDir(dir); len(des) != 0 {
			t.Errorf("%q: %s holds %v after the failed write", args, dir, des)
		}
	}
}
