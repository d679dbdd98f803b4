//go:build unix

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// needTool returns the path of the program name, or skips the test if it
// is not installed; under CI=true, where nothing may be missing, it fails.
func needTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, fmt.Sprintf("needs %s, which is not installed: %v", name, err))
	}
	return path
}

// missing skips the test for what this machine cannot give it, saying why;
// under CI=true, where nothing may be missing, it fails.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true and %s", why)
	}
	t.Skip(why)
}

// places are the directories an invocation may use, each new and empty:
// the current directory, DIR (given with -p or in a template) and $TMPDIR.
type places struct{ cwd, dir, tmpdir string }

// placesFor makes the directories of one run, each removed after the
// test, which fails if anything is left in one.
func placesFor(t *testing.T) places {
	return places{emptyDir(t), emptyDir(t), emptyDir(t)}
}

// outcome is what one run of mktemp or mkstemp did.
type outcome struct {
	code   int
	stdout string
	stderr string
	path   string      // the path printed, made absolute from the run's directory
	mode   fs.FileMode // of what the path names, 0 for nothing
}

// runTool runs exe with args, DIR in them replaced by p.dir, in p.cwd, with
// $TMPDIR set to p.tmpdir or, with noTmpdir, unset (with $TEMP and $TMP),
// and returns what it did.
func runTool(t *testing.T, exe string, p places, noTmpdir bool, args []string) outcome {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "TMPDIR" && k != "TEMP" && k != "TMP" {
			env = append(env, kv)
		}
	}
	if !noTmpdir {
		env = append(env, "TMPDIR="+p.tmpdir)
	}
	if self, _ := os.Executable(); exe == self {
		env = append(env, asCommandEnv+"=1")
	}
	var expanded []string
	for _, a := range args {
		expanded = append(expanded, strings.ReplaceAll(a, "DIR", p.dir))
	}
	cmd := exec.Command(exe, expanded...)
	cmd.Dir, cmd.Env = p.cwd, env
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && !errors.As(err, new(*exec.ExitError)) {
		t.Fatal(err)
	}
	o := outcome{code: cmd.ProcessState.ExitCode(), stdout: stdout.String(), stderr: stderr.String()}
	if o.code == 0 {
		o.path = strings.TrimSuffix(o.stdout, "\n")
		if !filepath.IsAbs(o.path) {
			// Not filepath.Join, which would clean lk/.. as text.
			o.path = p.cwd + "/" + o.path
		}
		// mode stays 0 if nothing has the path (mktemp -u).
		if fi, err := os.Lstat(o.path); err == nil {
			o.mode = fi.Mode()
			t.Cleanup(func() { os.Remove(o.path) })
		}
	}
	return o
}

// TestLikeMktemp runs GNU mktemp(1) and the command side by side on the
// same invocations, in the same directories, and compares what they do:
// success or failure, where the entry lands, the shape of its name, its
// mode, file or directory; on failure the exit status, 1, and the shape of
// the message: one line, followed by the pointer to --help for a wrong
// option, not for a template it cannot use. The differences that the command's
// documentation lists are checked in TestUnlikeMktemp.
func TestLikeMktemp(t *testing.T) {
	mktemp := needTool(t, "mktemp")
	if out, err := exec.Command(mktemp, "--version").Output(); err != nil || !strings.Contains(string(out), "GNU coreutils") {
		// Not GNU's (BSD's, busybox's): it reads the options otherwise.
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and %s is not GNU mktemp: %q %v", mktemp, out, err)
		}
		t.Skipf("needs GNU mktemp, which %s is not: %q %v", mktemp, out, err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}

	const ok = 0
	tests := []struct {
		args     []string
		noTmpdir bool   // $TMPDIR (and $TEMP, $TMP) unset
		code     int    // 0, or 1 for a failure
		quiet    bool   // the failure is silenced by -q
		where    string // "cwd", "dir", "tmpdir" or "/tmp"
		head     string // the name before the X's
		xs       int    // the number of X's in the template
		suffix   string // the name after them
		isDir    bool
	}{
		{args: []string{"X.XXXXXX"}, where: "cwd", head: "X.", xs: 6},
		{args: []string{"foo.XXXXXXXXXX"}, where: "cwd", head: "foo.", xs: 10},
		{args: []string{"fooXXX"}, where: "cwd", head: "foo", xs: 3},
		{args: []string{"-d", "foo.XXXXXXXX"}, where: "cwd", head: "foo.", xs: 8, isDir: true},
		{args: []string{"foo.XXXX", "-d"}, where: "cwd", head: "foo.", xs: 4, isDir: true},
		{args: []string{"aXXXX.txt"}, where: "cwd", head: "a", xs: 4, suffix: ".txt"},
		{args: []string{"--suffix=.txt", "a.XXXX"}, where: "cwd", head: "a.", xs: 4, suffix: ".txt"},
		{args: []string{"--suffix", ".d", "-d", "a.XXXXXXXXXXXX"}, where: "cwd", head: "a.", xs: 12, suffix: ".d", isDir: true},
		{args: []string{"DIR/sub.XXXX"}, where: "dir", head: "sub.", xs: 4},
		{args: []string{"-p", "DIR"}, where: "dir", head: "tmp.", xs: 10},
		{args: []string{"-p", "DIR", "foo.XXX"}, where: "dir", head: "foo.", xs: 3},
		{args: []string{"-pDIR", "foo.XXX"}, where: "dir", head: "foo.", xs: 3},
		{args: []string{"-d", "-p", "DIR"}, where: "dir", head: "tmp.", xs: 10, isDir: true},
		{args: []string{"-dp", "DIR"}, where: "dir", head: "tmp.", xs: 10, isDir: true},
		{args: []string{"-qdpDIR", "x.XXXXX"}, where: "dir", head: "x.", xs: 5, isDir: true},
		{args: []string{"--tmpdir=DIR", "x.XXXX"}, where: "dir", head: "x.", xs: 4},
		{args: []string{"--tmp=DIR", "--dir", "x.XXXX"}, where: "dir", head: "x.", xs: 4, isDir: true},
		{args: []string{"--tmpdir"}, where: "tmpdir", head: "tmp.", xs: 10},
		{args: []string{"--tmpdir", "x.XXXXXXXXX"}, where: "tmpdir", head: "x.", xs: 9},
		{args: []string{"--tmpdir", "x.XXXXXXXXX"}, noTmpdir: true, where: "/tmp", head: "x.", xs: 9},
		{args: []string{"-p", "", "x.XXXXXX"}, where: "tmpdir", head: "x.", xs: 6},
		{args: []string{"-p", "", "x.XXXXXX"}, noTmpdir: true, where: "/tmp", head: "x.", xs: 6},
		{args: []string{"-t", "foo.XXXXX"}, where: "tmpdir", head: "foo.", xs: 5},
		{args: []string{"-t", "foo.XXXXX"}, noTmpdir: true, where: "/tmp", head: "foo.", xs: 5},
		{args: []string{"-t", "-p", "DIR", "foo.XXXXX"}, noTmpdir: true, where: "dir", head: "foo.", xs: 5},
		{args: []string{"--", "-x.XXX"}, where: "cwd", head: "-x.", xs: 3},

		{args: []string{"-p", "DIR/missing"}, code: 1},
		{args: []string{"-q", "-p", "DIR/missing"}, code: 1, quiet: true},
		{args: []string{"-d", "DIR/missing/x.XXX"}, code: 1},
		{args: []string{"XX"}, code: 1},
		{args: []string{"foo.XX"}, code: 1},
		{args: []string{"-q", "a.XXaXX"}, code: 1},
		{args: []string{"a.XXX", "b.XXX"}, code: 1},
		{args: []string{"--suffix=a/b", "XXX"}, code: 1},
		{args: []string{"--suffix=a/b"}, code: 1},
		{args: []string{"--suffix=.c", "XXXb"}, code: 1},
		{args: []string{"-t", "DIR/x.XXX"}, code: 1},
		{args: []string{"-p", "DIR", "DIR/x.XXX"}, code: 1},
		{args: []string{"-p", "DIR", "/abs/a.XXXXXX"}, code: 1},
		{args: []string{"--dir", "DIR"}, code: 1},
		{args: []string{"--d", "x.XXX"}, code: 1},
		{args: []string{"-x", "x.XXX"}, code: 1},
		{args: []string{"--bogus"}, code: 1},
		{args: []string{"-p"}, code: 1},
		{args: []string{"--suffix"}, code: 1},
		{args: []string{"--directory=yes"}, code: 1},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		if tt.noTmpdir {
			name += " (no TMPDIR)"
		}
		t.Run(name, func(t *testing.T) {
			theirs := map[string]outcome{}
			for _, tool := range []string{mktemp, self} {
				p := placesFor(t)
				o := runTool(t, tool, p, tt.noTmpdir, tt.args)
				theirs[tool] = o
				who := map[bool]string{true: "mkstemp", false: "mktemp"}[tool == self]
				if tt.code != ok {
					// Both fail, each saying why unless -q silences a
					// failure to create.
					if o.code != tt.code || o.stdout != "" || (o.stderr == "") != tt.quiet {
						t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d, and a message unless -q", who, o.code, o.stdout, o.stderr, tt.code)
					}
					continue
				}
				if o.code != 0 || o.stderr != "" {
					t.Fatalf("%s: exit %d, stderr %q", who, o.code, o.stderr)
				}
				where := map[string]string{"cwd": p.cwd, "dir": p.dir, "tmpdir": p.tmpdir, "/tmp": "/tmp"}[tt.where]
				if filepath.Dir(o.path) != where {
					t.Errorf("%s: made %s, want it in %s (%s)", who, o.path, where, tt.where)
				}
				// GNU draws each X from [A-Za-z0-9]; the command from
				// [a-z0-9_]; one symbol for each X.
				symbols, n := "[A-Za-z0-9]", tt.xs
				if tool == self {
					symbols = "[a-z0-9_]"
				}
				shape := fmt.Sprintf("^%s%s{%d}%s$", regexp.QuoteMeta(tt.head), symbols, n, regexp.QuoteMeta(tt.suffix))
				if !regexp.MustCompile(shape).MatchString(filepath.Base(o.path)) {
					t.Errorf("%s: made %s, want a name matching %s", who, filepath.Base(o.path), shape)
				}
				if want := map[bool]fs.FileMode{false: 0o600, true: fs.ModeDir | 0o700}[tt.isDir]; o.mode != want {
					t.Errorf("%s: %s has mode %v, want %v", who, o.path, o.mode, want)
				}
			}
			if tt.code == ok && theirs[mktemp].mode != theirs[self].mode {
				t.Errorf("mktemp made mode %v, mkstemp %v", theirs[mktemp].mode, theirs[self].mode)
			}
			// The same shape of message: a line of the program's own,
			// followed by the pointer to --help in both or in neither.
			if tt.code != ok {
				shape := func(stderr string) string {
					var lines []string
					for _, l := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
						switch {
						case regexp.MustCompile(`^Try '\S*(mktemp|mkstemp) --help' for more information\.$`).MatchString(l):
							lines = append(lines, "try")
						case regexp.MustCompile(`^\S*(mktemp|mkstemp): .`).MatchString(l):
							lines = append(lines, "message")
						default:
							lines = append(lines, l)
						}
					}
					return strings.Join(lines, ", ")
				}
				if theirs, ours := shape(theirs[mktemp].stderr), shape(theirs[self].stderr); theirs != ours {
					t.Errorf("mktemp said %q, mkstemp %q: not the same shape", theirs, ours)
				}
			}
		})
	}
}

// TestUnlikeMktemp checks each difference from GNU mktemp(1) that the
// command's documentation lists, on both programs, so that a change on
// either side shows.
func TestUnlikeMktemp(t *testing.T) {
	mktemp := needTool(t, "mktemp")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("-u creates nothing in mktemp and is refused here", func(t *testing.T) {
		p := placesFor(t)
		theirs, ours := runTool(t, mktemp, p, false, []string{"-u", "-p", "DIR"}), runTool(t, self, p, false, []string{"-u", "-p", "DIR"})
		if theirs.code != 0 || theirs.stdout == "" || theirs.mode != 0 {
			t.Errorf("mktemp -u: exit %d, stdout %q; want exit 0 and a name", theirs.code, theirs.stdout)
		}
		if ours.code != 1 || ours.stdout != "" || !strings.Contains(ours.stderr, "mktemp(3)'s race") {
			t.Errorf("mkstemp -u: exit %d, stdout %q, stderr %q; want exit 1 and the reason", ours.code, ours.stdout, ours.stderr)
		}
	})
	t.Run("a relative path is printed as given by mktemp, absolute here", func(t *testing.T) {
		p := placesFor(t)
		theirs, ours := runTool(t, mktemp, p, false, []string{"x.XXXXXXXX"}), runTool(t, self, p, false, []string{"x.XXXXXXXX"})
		if filepath.IsAbs(theirs.stdout) || !filepath.IsAbs(ours.stdout) {
			t.Errorf("mktemp printed %q, mkstemp %q; want a relative path, then an absolute one", theirs.stdout, ours.stdout)
		}
	})
	t.Run("with -t, $TMPDIR wins over -p in mktemp, -p here", func(t *testing.T) {
		p := placesFor(t)
		args := []string{"-t", "-p", "DIR", "x.XXXXXXXX"}
		theirs, ours := runTool(t, mktemp, p, false, args), runTool(t, self, p, false, args)
		if filepath.Dir(theirs.path) != p.tmpdir || filepath.Dir(ours.path) != p.dir {
			t.Errorf("mktemp made %s, mkstemp %s; want $TMPDIR (%s), then DIR (%s)", theirs.path, ours.path, p.tmpdir, p.dir)
		}
	})
	t.Run("a .. after a name in $TMPDIR is resolved by the system in mktemp, as text here", func(t *testing.T) {
		p := placesFor(t)
		linked(t, p.tmpdir)
		up := p
		up.tmpdir += "/lk/.."
		args := []string{"-t", "x.XXXXXXXX"}
		theirs, ours := runTool(t, mktemp, up, false, args), runTool(t, self, up, false, args)
		inReal, err := os.Lstat(filepath.Join(p.tmpdir, "real", filepath.Base(theirs.path)))
		if printed, err2 := os.Lstat(theirs.path); theirs.code != 0 || err != nil || err2 != nil || !os.SameFile(inReal, printed) {
			t.Errorf("mktemp: exit %d, printed %q, stderr %q; want a file in %s/real", theirs.code, theirs.stdout, theirs.stderr, p.tmpdir)
		}
		if ours.code != 0 || filepath.Dir(ours.path) != p.tmpdir || ours.mode != 0o600 {
			t.Errorf("mkstemp: exit %d, printed %q, stderr %q; want a file in %s", ours.code, ours.stdout, ours.stderr, p.tmpdir)
		}
	})
	t.Run("no template and no option of mktemp is Python's mkstemp() here", func(t *testing.T) {
		p := placesFor(t)
		theirs, ours := runTool(t, mktemp, p, false, []string{"-d"}), runTool(t, self, p, false, []string{"-d"})
		if !regexp.MustCompile(`^tmp\.[A-Za-z0-9]{10}$`).MatchString(filepath.Base(theirs.path)) ||
			!regexp.MustCompile(`^tmp[a-z0-9_]{8}$`).MatchString(filepath.Base(ours.path)) ||
			filepath.Dir(theirs.path) != p.tmpdir || filepath.Dir(ours.path) != p.tmpdir || !theirs.mode.IsDir() || !ours.mode.IsDir() {
			t.Errorf("mktemp -d made %s, mkstemp -d %s; want tmp. and 10 symbols, then tmp and 8, both directories in %s", theirs.path, ours.path, p.tmpdir)
		}
	})
	t.Run("a closed standard output fails mktemp, not the command", func(t *testing.T) {
		p := placesFor(t)
		for _, exe := range []string{mktemp, self} {
			cmd := exec.Command("/bin/sh", "-c", `exec "$0" -p "$1" >&-`, exe, p.dir)
			cmd.Env = append(os.Environ(), asCommandEnv+"=1")
			out, _ := cmd.CombinedOutput()
			des, _ := os.ReadDir(p.dir)
			want, wantEntries := 1, 0
			if exe == self {
				want, wantEntries = 0, 1
			}
			if cmd.ProcessState.ExitCode() != want || len(des) != wantEntries {
				t.Errorf("%s >&-: exit %d, output %q, %d entries; want exit %d and %d", exe, cmd.ProcessState.ExitCode(), out, len(des), want, wantEntries)
			}
			for _, de := range des {
				os.Remove(filepath.Join(p.dir, de.Name()))
			}
		}
	})
}

// linked makes real/sub and lk, a link to it, in dir, removed after the
// test, before dir.
func linked(t *testing.T, dir string) {
	mustDo(t, os.MkdirAll(filepath.Join(dir, "real", "sub"), 0o700))
	mustDo(t, os.Symlink(filepath.Join("real", "sub"), filepath.Join(dir, "lk")))
	t.Cleanup(func() {
		for _, name := range []string{"lk", "real/sub", "real"} {
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Error(err)
			}
		}
	})
}

// TestDotDotAsTheSystem: a ".." after a name in a template's directory is
// resolved by the system, from where the name leads, as GNU mktemp(1)
// leaves it: with lk a symbolic link to real/sub, lk/../x.XXX is made in
// real, not in the directory that holds lk, as cleaning the path as text
// would have it; the printed path names what was made. Python's form, -dir
// lk/.., is cleaned as text, as Python's mkstemp cleans it.
func TestDotDotAsTheSystem(t *testing.T) {
	mktemp := needTool(t, "mktemp")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args  []string
		where string // "cwd" or "dir": which lk
		isDir bool
	}{
		{args: []string{"lk/../fooXXX"}, where: "cwd"},
		{args: []string{"lk/../foo.XXXXXXXX"}, where: "cwd"},
		{args: []string{"-d", "lk/../foo.XXXXXXXXXX"}, where: "cwd", isDir: true},
		{args: []string{"./lk/./../foo.XXXXX"}, where: "cwd"},
		{args: []string{"-p", "lk/..", "foo.XXXX"}, where: "cwd"},
		{args: []string{"--tmpdir=lk/..", "foo.XXXXXXXXX"}, where: "cwd"},
		{args: []string{"-t", "-p", "lk/..", "foo.XXXXXXXX"}, where: "cwd"},
		{args: []string{"DIR/lk/../foo.XXX"}, where: "dir"},
		{args: []string{"-d", "DIR/lk/../foo.XXXXXXXX"}, where: "dir", isDir: true},
		{args: []string{"-p", "DIR/lk/..", "foo.XXXXXXXX"}, where: "dir"},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			for _, tool := range []string{mktemp, self} {
				who := map[bool]string{true: "mkstemp", false: "mktemp"}[tool == self]
				if tool == mktemp && tt.args[0] == "-t" {
					continue // GNU's -t takes $TMPDIR over -p
				}
				p := placesFor(t)
				linked(t, p.cwd)
				linked(t, p.dir)
				o := runTool(t, tool, p, false, tt.args)
				if o.code != 0 || o.stderr != "" {
					t.Fatalf("%s: exit %d, stderr %q", who, o.code, o.stderr)
				}
				where := map[string]string{"cwd": p.cwd, "dir": p.dir}[tt.where]
				made, err := os.Lstat(filepath.Join(where, "real", filepath.Base(o.path)))
				if err != nil {
					t.Fatalf("%s printed %s, and real holds no such name: %v", who, o.path, err)
				}
				if printed, err := os.Lstat(o.path); err != nil || !os.SameFile(printed, made) {
					t.Errorf("%s printed %s, which is not what it made in real: %v", who, o.path, err)
				}
				if want := map[bool]fs.FileMode{false: 0o600, true: fs.ModeDir | 0o700}[tt.isDir]; made.Mode() != want {
					t.Errorf("%s: %s has mode %v, want %v", who, o.path, made.Mode(), want)
				}
				if names := dirNames(t, where); len(names) != 2 {
					t.Errorf("%s: %s holds %v, want real and lk alone", who, where, names)
				}
			}
		})
	}

	t.Run("Python's form cleans -dir as text", func(t *testing.T) {
		p := placesFor(t)
		linked(t, p.cwd)
		o := runTool(t, self, p, false, []string{"-dir", "lk/.."})
		if o.code != 0 || filepath.Dir(o.path) != p.cwd || o.mode != 0o600 {
			t.Errorf("exit %d, stderr %q, made %s of mode %v; want a file in %s", o.code, o.stderr, o.path, o.mode, p.cwd)
		}
	})
}
