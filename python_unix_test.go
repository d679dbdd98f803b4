//go:build unix

package mkstemp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// The differential tests run CPython's real tempfile (testdata/oracle.py)
// and this package under the same environment, in the same directories, and
// compare the candidates, the default directory, and for each call the
// directory, the shape of the name, or the error number.

// pyCall is one call of mkstemp or mkdtemp; a nil pointer is Python's None.
type pyCall struct {
	Func   string  `json:"func"`
	Suffix *string `json:"suffix"`
	Prefix *string `json:"prefix"`
	Dir    *string `json:"dir"`
}

type pyError struct {
	Errno   int    `json:"errno"`
	Type    string `json:"type"`
	Message string `json:"message"`
}

type pyCallResult struct {
	Path string `json:"path"`
	pyError
}

type oracleResult struct {
	Version         []int          `json:"version"`
	Candidates      []string       `json:"candidates"`
	Gettempdir      string         `json:"gettempdir"`
	GettempdirError *pyError       `json:"gettempdir_error"`
	Calls           []pyCallResult `json:"calls"`
}

func str(s string) *string { return &s }

var (
	pythonOnce  sync.Once
	pythonCmd   []string // the command, PYENV_VERSION=... first if needed
	pythonVer   string   // its version, major.minor
	pythonMinor int      // its minor version
	pythonWhy   string   // what was tried and found wanting
)

// python returns the command line of a CPython 3.11 or newer to compare
// with, the newest of pyenv's 3.13.0, python3.13, python3.12, python3 and
// /usr/bin/python3 (Debian's 3.11, whose tempfile has the same rules for
// all that the tests compare but mkdtemp's relative paths, which
// compareWithPython allows for). A re-run as uid 65534, which cannot enter
// root's pyenv, finds Debian's python3 3.11.
func python(t *testing.T) []string {
	t.Helper()
	return pythonAtLeast(t, 11)
}

// pythonAtLeast is python for a test that needs CPython 3.minor or newer:
// where there is none, the test is skipped, saying so (it fails under CI).
func pythonAtLeast(t *testing.T, minor int) []string {
	t.Helper()
	pythonOnce.Do(func() {
		for _, c := range [][]string{
			{"env", "PYENV_VERSION=3.13.0", "python3"},
			{"python3.13"},
			{"python3.12"},
			{"python3"},
			{"/usr/bin/python3"},
		} {
			out, err := exec.Command(c[0], append(c[1:], "-c", "import sys; print(sys.version_info[0], sys.version_info[1])")...).Output()
			if errors.Is(err, exec.ErrNotFound) {
				pythonWhy += "; no " + c[0]
				continue
			} else if err != nil {
				pythonWhy += "; " + strings.Join(c, " ") + ": " + err.Error()
				continue
			}
			f := strings.Fields(string(out))
			m := 0
			if len(f) == 2 && f[0] == "3" {
				m, _ = strconv.Atoi(f[1])
			}
			pythonWhy += "; " + strings.Join(c, " ") + " is " + strings.Join(f, ".")
			if m > pythonMinor {
				pythonMinor, pythonCmd, pythonVer = m, c, f[0]+"."+f[1]
			}
		}
		pythonWhy = strings.TrimPrefix(pythonWhy, "; ")
	})
	if pythonMinor < minor {
		missing(t, fmt.Sprintf("needs python3.%d or newer (CPython, the oracle): found none: %s", minor, pythonWhy))
	}
	return pythonCmd
}

// runOracle runs CPython's side of calls in the current environment and
// directory.
func runOracle(t *testing.T, calls []pyCall) oracleResult {
	t.Helper()
	var res oracleResult
	runScript(t, "oracle.py", map[string]any{"calls": calls}, &res)
	return res
}

// runScript runs the CPython script in testdata with req as JSON on its
// standard input, and decodes what it prints into out.
func runScript(t *testing.T, script string, req, out any) {
	t.Helper()
	py := python(t)
	path, err := filepath.Abs(filepath.Join(testdataDir, script))
	if err != nil {
		t.Fatal(err)
	}
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py[0], append(py[1:], path)...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v %s: %v\n%s", py, script, err, stderr.Bytes())
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s printed %q: %v", script, b, err)
	}
}

// testdataDir is where oracle.py and family.py are: the package directory's testdata, or,
// in a re-run from a copied test binary, the copy's directory.
var testdataDir = func() string {
	if d := os.Getenv("MKSTEMP_TESTDATA"); d != "" {
		return d
	}
	d, _ := filepath.Abs("testdata")
	return d
}()

// runGo is the package's side of runOracle, with a fresh cache.
func runGo(t *testing.T, calls []pyCall) oracleResult {
	t.Helper()
	freshTempdir(t)
	res := oracleResult{Candidates: candidateTempdirList()}
	errnoOf := func(err error) *pyError {
		var errno syscall.Errno
		if !errors.As(err, &errno) {
			t.Fatalf("error %v carries no errno", err)
		}
		return &pyError{Errno: int(errno), Message: err.Error()}
	}
	if dir, err := Gettempdir(); err != nil {
		res.GettempdirError = errnoOf(err)
	} else {
		res.Gettempdir = dir
	}
	bytesOf := func(s *string) []byte {
		if s == nil {
			return nil
		}
		return []byte(*s)
	}
	for _, c := range calls {
		var path []byte
		var err error
		if c.Func == "mkstemp" {
			var fd int
			fd, path, err = MkstempBytes(bytesOf(c.Suffix), bytesOf(c.Prefix), bytesOf(c.Dir), false)
			if err == nil {
				syscall.Close(fd)
				err = os.Remove(string(path))
			}
		} else {
			path, err = MkdtempBytes(bytesOf(c.Suffix), bytesOf(c.Prefix), bytesOf(c.Dir))
			if err == nil {
				err = os.Remove(string(path))
			}
		}
		if err != nil {
			res.Calls = append(res.Calls, pyCallResult{pyError: *errnoOf(err)})
		} else {
			res.Calls = append(res.Calls, pyCallResult{Path: string(path)})
		}
	}
	return res
}

// compareWithPython runs calls on both sides and reports every difference.
func compareWithPython(t *testing.T, calls []pyCall) {
	t.Helper()
	py := runOracle(t, calls)
	got := runGo(t, calls)
	if !slices.Equal(got.Candidates, py.Candidates) {
		t.Errorf("candidates: Go %q, CPython %v %q", got.Candidates, py.Version, py.Candidates)
	}
	switch {
	case py.GettempdirError != nil && got.GettempdirError != nil:
		if py.GettempdirError.Errno != got.GettempdirError.Errno {
			t.Errorf("gettempdir errors: Go %v, CPython %v", got.GettempdirError, py.GettempdirError)
		}
	case py.GettempdirError != nil || got.GettempdirError != nil || py.Gettempdir != got.Gettempdir:
		t.Errorf("gettempdir: Go %q %v, CPython %q %v", got.Gettempdir, got.GettempdirError, py.Gettempdir, py.GettempdirError)
	}
	for i, c := range calls {
		g, p := got.Calls[i], py.Calls[i]
		prefix := "tmp"
		if c.Prefix != nil {
			prefix = *c.Prefix
		}
		suffix := ""
		if c.Suffix != nil {
			suffix = *c.Suffix
		}
		what := func() string {
			b, _ := json.Marshal(c)
			return string(b)
		}
		switch {
		case p.Path == "" && g.Path == "":
			if p.Errno != g.Errno {
				t.Errorf("%s: Go error %q (errno %d), CPython %s %q (errno %d)", what(), g.Message, g.Errno, p.Type, p.Message, p.Errno)
			}
		case p.Path == "" || g.Path == "":
			t.Errorf("%s: Go %q %q, CPython %q %s %q", what(), g.Path, g.Message, p.Path, p.Type, p.Message)
		case c.Func == "mkdtemp" && slices.Compare(py.Version, []int{3, 12}) < 0:
			// Before 3.12, mkdtemp returned dir as given, relative or not;
			// only errors are compared with such a Python.
		default:
			for side, path := range map[string]string{"Go": g.Path, "CPython": p.Path} {
				base := path[strings.LastIndexByte(path, '/')+1:]
				if !strings.HasPrefix(base, prefix) || !strings.HasSuffix(base, suffix) ||
					len(base) != len(prefix)+nameLen+len(suffix) || !nameShape.MatchString(base[len(prefix):len(prefix)+nameLen]) {
					t.Errorf("%s: %s name %q is not %q + 8 symbols + %q", what(), side, base, prefix, suffix)
				}
				if !strings.HasPrefix(path, "/") {
					t.Errorf("%s: %s path %q is not absolute", what(), side, path)
				}
			}
			if gd, pd := filepath.Dir(g.Path), filepath.Dir(p.Path); gd != pd || strings.HasPrefix(g.Path, "//") != strings.HasPrefix(p.Path, "//") {
				t.Errorf("%s: Go made %q in %q, CPython %q in %q", what(), g.Path, gd, p.Path, pd)
			}
		}
	}
}

// standardCalls are compared in every environment: defaults, empty and
// relative dirs, ".", "//", and each kind of bad dir.
func standardCalls(base string) []pyCall {
	var calls []pyCall
	for _, f := range []string{"mkstemp", "mkdtemp"} {
		calls = append(calls,
			pyCall{Func: f},
			pyCall{Func: f, Suffix: str(".txt"), Prefix: str(""), Dir: str("rel")},
			pyCall{Func: f, Prefix: str("p"), Dir: str("")},
			pyCall{Func: f, Dir: str(".")},
			pyCall{Func: f, Dir: str("rel/../rel/")},
			pyCall{Func: f, Dir: str("/" + base)},
			pyCall{Func: f, Dir: str(filepath.Join(base, "missing"))},
			pyCall{Func: f, Dir: str(filepath.Join(base, "file"))},
			pyCall{Func: f, Prefix: str(strings.Repeat("p", 300)), Dir: str(base)},
		)
	}
	return calls
}

// setTempEnv sets TMPDIR, TEMP and TMP for the test; "-" unsets one.
func setTempEnv(t *testing.T, tmpdir, temp, tmp string) {
	t.Helper()
	for env, v := range map[string]string{"TMPDIR": tmpdir, "TEMP": temp, "TMP": tmp} {
		t.Setenv(env, v)
		if v == "-" {
			os.Unsetenv(env)
		}
	}
}

func TestAgainstPython(t *testing.T) {
	python(t)
	base := t.TempDir()
	mkdirs(t, filepath.Join(base, "rel"), filepath.Join(base, "a"), filepath.Join(base, "b"), filepath.Join(base, "c"))
	writeFile(t, filepath.Join(base, "file"), "")
	a, b, c := filepath.Join(base, "a"), filepath.Join(base, "b"), filepath.Join(base, "c")
	missingDir, file := filepath.Join(base, "missing"), filepath.Join(base, "file")
	tests := []struct {
		name              string
		tmpdir, temp, tmp string
	}{
		{"all unset", "-", "-", "-"},
		{"all set", a, b, c},
		{"TEMP alone", "-", b, "-"},
		{"TMP alone", "-", "-", c},
		{"all empty", "", "", ""},
		{"empty TMPDIR and TEMP", "", "", c},
		{"relative TMPDIR", "a", b, "-"},
		{"relative missing TMPDIR", "nope", "-", c},
		{"TMPDIR is .", ".", b, "-"},
		{"TMPDIR starts with //", "/" + a, "-", "-"},
		{"TMPDIR not clean", a + "/../b/./", "-", "-"},
		{"missing TMPDIR", missingDir, b, c},
		{"regular file TMPDIR", file, "-", c},
		{"path through a file", file + "/x", missingDir, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(base)
			setTempEnv(t, tt.tmpdir, tt.temp, tt.tmp)
			compareWithPython(t, standardCalls(base))
			if left := entries(t, base); !slices.Equal(left, []string{"a", "b", "c", "file", "rel"}) {
				t.Errorf("%s holds %v after the calls", base, left)
			}
		})
	}
	t.Logf("compared with CPython %s (%s) in %d environments", pythonVer, strings.Join(pythonCmd, " "), len(tests))
}

// TestAgainstPythonUnprivileged compares read-only directories, as a
// candidate and as dir, as uid 65534 when the tests run as root.
func TestAgainstPythonUnprivileged(t *testing.T) {
	if !runUnprivileged(t) {
		return
	}
	python(t)
	base := t.TempDir()
	ro, rw := filepath.Join(base, "ro"), filepath.Join(base, "rw")
	mkdirs(t, ro, rw, filepath.Join(base, "rel"))
	writeFile(t, filepath.Join(base, "file"), "")
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Chdir(base)
	calls := append(standardCalls(base), pyCall{Func: "mkstemp", Dir: str(ro)}, pyCall{Func: "mkdtemp", Dir: str(ro)})
	for _, env := range [][3]string{{ro, rw, "-"}, {ro, "-", "-"}, {"-", "-", "-"}} {
		setTempEnv(t, env[0], env[1], env[2])
		compareWithPython(t, calls)
	}
	if left := entries(t, ro); len(left) != 0 {
		t.Errorf("%s holds %v", ro, left)
	}
	t.Logf("compared with CPython %s (%s) as uid %d", pythonVer, strings.Join(pythonCmd, " "), os.Geteuid())
}

// TestAgainstPythonFromRoot compares relative directories with the current
// directory "/", the usual one in a container, where joining must not make
// a path start with the "//" that abspath keeps.
func TestAgainstPythonFromRoot(t *testing.T) {
	python(t)
	base := t.TempDir()
	mkdirs(t, filepath.Join(base, "a"))
	rel := strings.TrimPrefix(base, "/")
	t.Chdir("/")
	calls := []pyCall{}
	for _, f := range []string{"mkstemp", "mkdtemp"} {
		calls = append(calls,
			pyCall{Func: f},
			pyCall{Func: f, Dir: str(rel)},
			pyCall{Func: f, Dir: str(rel + "/a/")},
			pyCall{Func: f, Dir: str("")},
			pyCall{Func: f, Dir: str(".")},
			pyCall{Func: f, Dir: str("./" + rel + "/../" + filepath.Base(base))},
		)
	}
	for _, env := range [][3]string{{rel + "/a", "-", "-"}, {"-", rel, "-"}, {".", "-", "-"}} {
		setTempEnv(t, env[0], env[1], env[2])
		compareWithPython(t, calls)
	}
	// The package's own way to a relative default: SetTempdir.
	SetTempdir(rel)
	t.Cleanup(func() { SetTempdir("") })
	for _, create := range []func() (string, error){
		func() (string, error) {
			fd, path, err := Mkstemp("", "", "", false)
			syscall.Close(fd)
			return path, err
		},
		func() (string, error) { return Mkdtemp("", "", "") },
	} {
		path, err := create()
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(path)
		if filepath.Dir(path) != base {
			t.Errorf("SetTempdir(%q) in /: made %q, want it in %q", rel, path, base)
		}
	}
	t.Logf("compared with CPython %s (%s) from /", pythonVer, strings.Join(pythonCmd, " "))
}
