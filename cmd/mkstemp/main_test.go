package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
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
	def, cwd, other := emptyDir(t), emptyDir(t), emptyDir(t)
	mkstemp.SetTempdir(def)
	t.Cleanup(func() { mkstemp.SetTempdir("") })
	t.Chdir(cwd)
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
		{"only -d and -q are Python's form", []string{"-dq"}, def, `^tmp[a-z0-9_]{8}$`, true},

		// mktemp(1)'s form.
		{"a template in the current directory", []string{"X.XXXXXX"}, wd, `^X\.[a-z0-9_]{6}$`, false},
		{"three X's get 3 symbols", []string{"fooXXX"}, wd, `^foo[a-z0-9_]{3}$`, false},
		{"twelve X's get 12 symbols", []string{"x.XXXXXXXXXXXX"}, wd, `^x\.[a-z0-9_]{12}$`, false},
		{"only the last X's", []string{"XaXXXXXXXXX"}, wd, `^Xa[a-z0-9_]{9}$`, false},
		{"what follows the last X is a suffix", []string{"aXXXX.txt"}, wd, `^a[a-z0-9_]{4}\.txt$`, false},
		{"a template with its directory", []string{filepath.Join(other, "sub.XXXX")}, other, `^sub\.[a-z0-9_]{4}$`, false},
		{"-p without a template", []string{"-p", other}, other, `^tmp\.[a-z0-9_]{10}$`, false},
		{"-p and a template", []string{"-p", other, "foo.XXX"}, other, `^foo\.[a-z0-9_]{3}$`, false},
		{"-p empty", []string{"-p", "", "foo.XXXXXXXXX"}, def, `^foo\.[a-z0-9_]{9}$`, false},
		{"--tmpdir=DIR", []string{"--tmpdir=" + other, "x.XXXX"}, other, `^x\.[a-z0-9_]{4}$`, false},
		{"--tmpdir alone", []string{"--tmpdir"}, def, `^tmp\.[a-z0-9_]{10}$`, false},
		{"--tmpdir DIR is a template", []string{"--tmpdir", "x.XXXX"}, def, `^x\.[a-z0-9_]{4}$`, false},
		{"-t", []string{"-t", "foo.XXXXX"}, def, `^foo\.[a-z0-9_]{5}$`, false},
		{"-t and -p", []string{"-t", "-p", other, "foo.XXXXX"}, other, `^foo\.[a-z0-9_]{5}$`, false},
		{"--suffix", []string{"--suffix=.txt", "a.XXXX"}, wd, `^a\.[a-z0-9_]{4}\.txt$`, false},
		{"--suffix SUFF", []string{"--suffix", ".txt", "-d", "a.XXXX"}, wd, `^a\.[a-z0-9_]{4}\.txt$`, true},
		{"a directory from a template", []string{"-d", "-p", other}, other, `^tmp\.[a-z0-9_]{10}$`, true},
		{"grouped -dpDIR", []string{"-dp" + other, "y.XXX"}, other, `^y\.[a-z0-9_]{3}$`, true},
		{"options after the template", []string{"y.XXX", "--dir", "--quiet"}, wd, `^y\.[a-z0-9_]{3}$`, true},
		{"a template after --", []string{"--", "-y.XXX"}, wd, `^-y\.[a-z0-9_]{3}$`, false},
		{"a leading .. and . cleaned", []string{filepath.Join("..", filepath.Base(wd)) + "/./up.XXXX"}, wd, `^up\.[a-z0-9_]{4}$`, false},
		{"-p with a leading .. cleaned", []string{"-p", "./../" + filepath.Base(wd) + "/", "up.XXXXXXXXX"}, wd, `^up\.[a-z0-9_]{9}$`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := mkstempCmd(t, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			path := strings.TrimSuffix(out, "\n")
			t.Cleanup(func() { os.Remove(path) })
			// Clean: no ".." here follows a name (see TestUpAfterName).
			if !filepath.IsAbs(path) || path != filepath.Clean(path) || filepath.Dir(path) != tt.dir || !regexp.MustCompile(tt.pattern).MatchString(filepath.Base(path)) {
				t.Errorf("printed %q, want a clean path in %s matching %s", out, tt.dir, tt.pattern)
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

// TestCommandErrors: each failure says why on standard error, creates
// nothing and exits 1, as mktemp(1) (GNU's words and message shapes): a
// wrong option on one line followed by the pointer to --help, a template
// it cannot use on one line alone; a wrong command line of Python's form
// alone exits 2, as Python's argparse. Where one form's spelling means
// something else in the other's, the message says which to use.
func TestCommandErrors(t *testing.T) {
	dir := emptyDir(t)
	t.Chdir(dir)
	missing := filepath.Join(dir, "missing")
	// oneLine and withTry are the whole standard error: one line holding
	// msg (ending it if msg ends in $), alone or followed by the pointer
	// to --help.
	line := func(msg string) string {
		if m, ok := strings.CutSuffix(msg, "$"); ok {
			return "^mkstemp: [^\n]*" + m + "\n"
		}
		return "^mkstemp: [^\n]*" + msg + "[^\n]*\n"
	}
	oneLine := func(msg string) string { return line(msg) + "$" }
	withTry := func(msg string) string {
		return line(msg) + regexp.QuoteMeta("Try 'mkstemp --help' for more information.") + "\n$"
	}
	const (
		suffixHint = "a suffix is -suffix S in Python's form, --suffix=SUFF in mktemp's"
		dirHint    = "a directory is -dir DIR in Python's form, -p DIR in mktemp's"
		prefixHint = "a prefix is -prefix P in Python's form, the start of the TEMPLATE in mktemp's"
		longDir    = "; --dir is --directory \\(make a directory\\); the directory to create in is -p DIR \\(mktemp's form\\) or -dir DIR, one dash \\(Python's\\)"
	)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"a missing dir", []string{"-dir", missing}, 1, "^mkstemp: mkstemp " + regexp.QuoteMeta(missing) + ".*: .*" + notFound + ".*\n$"},
		{"a separator in the prefix", []string{"-dir", dir, "-prefix", "a/b"}, 1, oneLine("prefix contains a path separator")},
		{"a missing dir for a template", []string{"-p", missing, "x.XXX"}, 1,
			"^mkstemp: failed to create file via template '" + regexp.QuoteMeta(filepath.Join(missing, "x.XXX")) + "': .*" + notFound + ".*\n$"},
		{"a missing dir for a directory", []string{"-d", filepath.Join(missing, "x.XXX")}, 1,
			"^mkstemp: failed to create directory via template '" + regexp.QuoteMeta(filepath.Join(missing, "x.XXX")) + "': .*" + notFound + ".*\n$"},
		{"-q says nothing", []string{"-q", "-dir", missing}, 1, "^$"},
		{"-q says nothing for a template", []string{"-dq", "-p", missing}, 1, "^$"},

		// Both forms on one command line: mktemp's, exit 1, saying how
		// each form spells what was given.
		{"an argument to Python's form", []string{"-dir", dir, "extra"}, 1, withTry("do not go with a TEMPLATE.*: " + dirHint + "$")},
		{"-prefix and -p", []string{"-prefix", "p", "-p", dir}, 1, withTry(": " + dirHint + "; " + prefixHint + "$")},
		{"-suffix and --suffix", []string{"-suffix", "s", "--suffix=s"}, 1, withTry(": " + suffixHint + "$")},
		{"-suffix with a template", []string{"-suffix", ".txt", "a.XXX"}, 1, withTry("do not go with a TEMPLATE.*: " + suffixHint + "$")},
		{"--suffix with -prefix", []string{"-prefix", "p", "--suffix=.txt"}, 1, withTry(": " + suffixHint + "; " + prefixHint + "$")},
		{"-dir and -t", []string{"-t", "-dir", dir}, 1, withTry(": " + dirHint + "$")},
		{"-gettempdir and a template", []string{"-gettempdir", "x.XXX"}, 1, withTry("-gettempdir takes no other")},

		// Python's form alone: exit 2.
		{"-gettempdir and more", []string{"-gettempdir", "-d", "-prefix", "x/y"}, 2, withTry("-gettempdir takes no other")},
		{"-gettempdir and -q", []string{"-q", "-gettempdir"}, 2, withTry("-gettempdir takes no other")},
		{"-gettempdir=1", []string{"-gettempdir=1"}, 2, withTry("takes no value")},
		{"-dir without DIR", []string{"-dir"}, 2, withTry("option -dir requires an argument")},
		{"an unknown flag after -dir", []string{"-dir", dir, "-x"}, 2, withTry("invalid option -- 'x'")},
		{"an unknown flag before -dir", []string{"-x", "-dir", dir}, 2, withTry("invalid option -- 'x'")},

		// mktemp's form, and a command line of neither: exit 1.
		{"two templates", []string{"a.XXX", "b.XXX"}, 1, withTry("too many templates")},
		{"too few X's", []string{"foo.XX"}, 1, oneLine("too few X's in template 'foo.XX'$")},
		{"too few X's before the suffix", []string{"XXaXX.txt"}, 1, oneLine("too few X's in template 'XXaXX.txt'$")},
		{"no X", []string{"-p", dir, "abc"}, 1, oneLine("too few X's in template 'abc'$")},
		{"an empty template", []string{""}, 1, oneLine("too few X's in template ''$")},
		{"-q says a template it cannot use", []string{"-q", "a.XX"}, 1, oneLine("too few X's in template 'a.XX'$")},
		{"--suffix after no X", []string{"--suffix=.txt", "aXXXb"}, 1, oneLine("with --suffix, template 'aXXXb' must end in X$")},
		{"a separator in --suffix", []string{"--suffix=a/b", "aXXX"}, 1, oneLine("invalid suffix 'a/b', contains directory separator$")},
		{"a separator in --suffix, no template", []string{"--suffix=a/b"}, 1, oneLine("invalid suffix 'a/b', contains directory separator$")},
		{"a separator after the X's", []string{"XXX/a"}, 1, oneLine("invalid suffix '/a', contains directory separator$")},
		{"a separator with -t", []string{"-t", "a/XXX"}, 1, oneLine("with -t, it is a file name$")},
		{"an absolute template with -p", []string{"-p", dir, filepath.Join(dir, "a.XXXXXX")}, 1, oneLine("it may not be absolute$")},
		{"-u", []string{"-u", "x.XXX"}, 1, withTry("-u \\(--dry-run\\) is refused: .*mktemp\\(3\\)'s race")},
		{"--dry-run", []string{"--dry-run"}, 1, withTry("is refused")},
		{"--dry", []string{"-d", "--dry"}, 1, withTry("is refused")},
		{"-u with -dir", []string{"-u", "-dir", dir}, 1, withTry("is refused")},
		{"an unknown flag", []string{"-x"}, 1, withTry("invalid option -- 'x'$")},
		{"an unknown long option", []string{"--bogus"}, 1, withTry("unrecognized option '--bogus'$")},
		{"an ambiguous long option", []string{"--d"}, 1, withTry("option '--d' is ambiguous; possibilities: --directory --dry-run$")},
		{"a value for --directory", []string{"--directory=a"}, 1, withTry("option '--directory' doesn't allow an argument$")},
		{"-p without DIR", []string{"-dp"}, 1, withTry("option -p requires an argument$")},
		{"--suffix without SUFF", []string{"--suffix"}, 1, withTry("option '--suffix' requires an argument$")},

		// One form's spelling in the other.
		{"--dir DIR is --directory", []string{"--dir", dir}, 1, oneLine("too few X's in template '" + regexp.QuoteMeta(dir) + "'" + longDir + "$")},
		{"--dir=DIR", []string{"--dir=" + dir}, 1, withTry("option '--directory' doesn't allow an argument" + longDir + "$")},
		{"--dir and -prefix", []string{"--dir", "-prefix", "p", "x.XXX"}, 1, withTry(": " + prefixHint + longDir + "$")},
		{"--prefix", []string{"--prefix=a"}, 1, withTry("unrecognized option '--prefix=a'; Python's form says -prefix, one dash$")},
		{"--prefix P", []string{"--prefix", "a"}, 1, withTry("unrecognized option '--prefix'; Python's form says -prefix, one dash$")},
		{"an empty long option with a value", []string{"--=x"}, 1, withTry("option '--=x' is ambiguous; possibilities: --directory --dry-run --help --quiet --suffix --tmpdir$")},
		{"an ambiguous long option with a value", []string{"--d=x"}, 1, withTry("option '--d=x' is ambiguous; possibilities: --directory --dry-run$")},
		{"--gettempdir", []string{"--gettempdir"}, 1, withTry("unrecognized option '--gettempdir'; Python's form says -gettempdir, one dash$")},
		{"-tmpdir", []string{"-tmpdir", dir}, 1, withTry("invalid option -- 'm'; mktemp's --tmpdir has two dashes$")},
		{"-directory", []string{"-directory"}, 1, withTry("invalid option -- 'i'; mktemp's --directory has two dashes$")},
		{"-help and a wrong flag", []string{"-help", "-x"}, 1, withTry("invalid option -- 'x'$")},
		{"--tmpdir with -dir", []string{"-dir", dir, "--tmpdir=" + dir}, 1, withTry(": " + dirHint + "$")},
		{"--dry-run with -dir", []string{"-dir", dir, "--dry-run"}, 1, withTry("is refused")},

		// What the user gave is quoted on the one line, a newline or a
		// byte that is not UTF-8 escaped.
		{"a newline in the template", []string{"a\nXX"}, 1, oneLine(regexp.QuoteMeta(`too few X's in template 'a\nXX'`) + "$")},
		{"a newline in --suffix", []string{"--suffix=\n/", "aXXX"}, 1, oneLine(regexp.QuoteMeta(`invalid suffix '\n/', contains`))},
		{"a control byte as an option", []string{"-\x01"}, 1, withTry(regexp.QuoteMeta(`invalid option -- '\x01'`) + "$")},
		{"a letter of two bytes as an option", []string{"-\u00e9"}, 1, withTry(regexp.QuoteMeta(`invalid option -- '\xc3'`) + "$")},
		{"a newline in a long option", []string{"--a\nb"}, 1, withTry(regexp.QuoteMeta(`unrecognized option '--a\nb'`) + "$")},
		{"a newline in the directory", []string{"-p", missing + "\nx", "x.XXX"}, 1,
			oneLine("failed to create file via template " + regexp.QuoteMeta("'"+missing+`\nx`+string(os.PathSeparator)+"x.XXX'") + ": ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := mkstempCmd(t, tt.args...)
			if code != tt.code || out != "" || !regexp.MustCompile("(?i)"+tt.stderr).MatchString(errOut) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and stderr matching %q", code, out, errOut, tt.code, tt.stderr)
			}
			if des, _ := os.ReadDir(dir); len(des) != 0 {
				t.Errorf("%s holds %v after a failure", dir, des)
			}
		})
	}
}

// TestQuote: what the user gave is quoted as GNU quotes it, on one line:
// what does not print escaped, a separator, \ included, left as it is.
func TestQuote(t *testing.T) {
	for s, want := range map[string]string{
		"": `''`, "a b.XXX": `'a b.XXX'`, `C:\x\y`: `'C:\x\y'`, "it's": `'it's'`, "\u00e9\ufffd": "'\u00e9\ufffd'",
		"a\nb": `'a\nb'`, "\t\r\x7f": `'\t\r\x7f'`, "\xffa\xc3": `'\xffa\xc3'`, "a\u200bb": `'a\u200bb'`,
	} {
		if got := quote(s); got != want {
			t.Errorf("quote(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestUpAfterName: a ".." that follows a name is told from one after the
// root, after another ".." or after ".", which cleaning as text resolves
// as the system does; "/" and, on Windows, "\\" separate alike.
func TestUpAfterName(t *testing.T) {
	tests := map[string]bool{
		"": false, "a/": false, "/a/b/": false, "./": false, "../": false, "../../a/": false, "./.././": false,
		"/../": false, "/../a/": false, "..": false, "a..b/..c/": false, "...": false,
		"lk/../": true, "a/..": true, "/tmp/../": true, "../a/../": true, "./lk/./../": true, "a//../": true, "-p/../x/": true,
	}
	if runtime.GOOS == "windows" {
		tests[`lk\..\`], tests[`C:\a\..\`], tests[`..\..\a\`] = true, true, false
	}
	for dir, want := range tests {
		if got := upAfterName(dir); got != want {
			t.Errorf("upAfterName(%q) = %v, want %v", dir, got, want)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"--help"}, {"--he"}, {"-dh"}, {"-u", "--help"}} {
		code, out, errOut := mkstempCmd(t, args...)
		if code != 0 || errOut != "" || out != usage || !strings.Contains(out, "-gettempdir") || !strings.Contains(out, "--tmpdir") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 0 and the usage on stdout alone", args, code, out, errOut)
		}
	}
	// Where one form's spelling means something else in the other, the
	// help says which to use.
	for _, says := range []string{"--dir is\n\\s+--directory", "-suffix S +end the name with S \\(one dash; mktemp's form\\n\\s+says --suffix=SUFF\\)",
		"--suffix=SUFF +append SUFF.*\\n\\s+\\(two dashes; Python's form says -suffix S\\)", "-dir DIR +create in DIR(.|\\n)*\\(mktemp's form says -p DIR\\)",
		"--tmpdir\\[=DIR\\] +a relative TEMPLATE is in DIR\\n.*\\n\\s+\\(Python's form says -dir DIR\\)"} {
		if !regexp.MustCompile(says).MatchString(usage) {
			t.Errorf("the help does not say %q", says)
		}
	}
}

// TestRandomSymbols: the symbols drawn for X's beyond the package's 8 are
// the package's alphabet, each as likely as the others (taking a byte
// modulo 37 without drawing again would make the last three a sixth
// rarer).
func TestRandomSymbols(t *testing.T) {
	const n = 37 * 10000
	s := randomSymbols(n)
	if len(s) != n || randomSymbols(0) != "" || randomSymbols(-3) != "" {
		t.Fatalf("got %d symbols for %d, %q for 0, %q for -3", len(s), n, randomSymbols(0), randomSymbols(-3))
	}
	count := map[rune]int{}
	for _, r := range s {
		count[r]++
	}
	for _, r := range alphabet {
		// 10000 expected, standard deviation about 100.
		if c := count[r]; c < 9400 || c > 10600 {
			t.Errorf("%q drawn %d times in %d, want about 10000", r, c, n)
		}
		delete(count, r)
	}
	if len(count) != 0 {
		t.Errorf("symbols outside the alphabet: %v", count)
	}
}

// failingWriter is a standard output that cannot be written, as a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// TestWriteError: when the path cannot be printed, nobody can know it, so
// the command fails and removes what it made.
func TestWriteError(t *testing.T) {
	dir := emptyDir(t)
	for _, args := range [][]string{
		{"-dir", dir}, {"-d", "-dir", dir}, {"-gettempdir"}, {"-p", dir}, {"-d", "-p", dir, "x.XXX"},
		{"-q", "-dir", dir}, {"-dq", "-p", dir}, {"--help"}, {"-h", "-q"},
	} {
		var stderr bytes.Buffer
		code := run(args, failingWriter{}, &stderr)
		want := "mkstemp: write error: no space left on device\n"
		if slices.Contains(args, "-q") || slices.Contains(args, "-dq") {
			want = ""
		}
		if code != 1 || stderr.String() != want {
			t.Errorf("%q: exit %d, stderr %q; want exit 1 and %q", args, code, stderr.String(), want)
		}
		if des, _ := os.ReadDir(dir); len(des) != 0 {
			t.Errorf("%q: %s holds %v after the failed write", args, dir, des)
		}
	}
}

// TestTemplateTriesAnotherName: with fewer X's than the package draws, the
// command draws each name itself and creates it as the package would: a
// name in use, by a file, a directory or (on Unix) a symbolic link, is
// passed over, nothing in it opened, followed or changed, and the next is
// tried; with every one of mkstemp.TmpMax names in use it fails, making
// nothing. On Windows the entry is made by the package and renamed.
func TestTemplateTriesAnotherName(t *testing.T) {
	dir, outside := emptyDir(t), emptyDir(t)
	taken := []string{"aaa", "bbb"}
	mustDo(t, os.WriteFile(filepath.Join(dir, "fooaaa"), []byte("keep"), 0o600))
	mustDo(t, os.Mkdir(filepath.Join(dir, "foobbb"), 0o700))
	if runtime.GOOS != "windows" {
		mustDo(t, os.Symlink(filepath.Join(outside, "target"), filepath.Join(dir, "fooccc")))
		taken = append(taken, "ccc")
	}
	var drawn []string
	real := drawSymbols
	t.Cleanup(func() { drawSymbols = real })
	drawSymbols = func(n int) string {
		next := "zzz"
		if len(drawn) < len(taken) {
			next = taken[len(drawn)]
		}
		drawn = append(drawn, next)
		return next
	}
	for _, mkdir := range []bool{false, true} {
		drawn = nil
		args := []string{"-p", dir, "fooXXX"}
		if mkdir {
			args = append(args, "-d")
		}
		code, out, errOut := mkstempCmd(t, args...)
		want := filepath.Join(dir, "foozzz")
		if code != 0 || out != want+"\n" || len(drawn) != len(taken)+1 {
			t.Fatalf("%v: exit %d, printed %q, stderr %q, after drawing %v; want %s", args, code, out, errOut, drawn, want)
		}
		if fi, err := os.Lstat(want); err != nil || fi.IsDir() != mkdir {
			t.Errorf("%v: %s: %v, %v", args, want, fi, err)
		}
		mustDo(t, os.Remove(want))
	}
	if b, err := os.ReadFile(filepath.Join(dir, "fooaaa")); err != nil || string(b) != "keep" {
		t.Errorf("fooaaa holds %q, %v", b, err)
	}
	if names := dirNames(t, outside); len(names) != 0 {
		t.Errorf("%s holds %v: a link was followed", outside, names)
	}

	drawSymbols = func(n int) string { return "aaa" }
	code, out, errOut := mkstempCmd(t, "-p", dir, "fooXXX")
	if code != 1 || out != "" || !strings.Contains(errOut, "failed to create file via template") {
		t.Errorf("every name in use: exit %d, printed %q, stderr %q; want exit 1 and the failure", code, out, errOut)
	}
	if names := dirNames(t, dir); len(names) != len(taken) {
		t.Errorf("%s holds %v after the failure, want only %v", dir, names, taken)
	}
	for _, name := range dirNames(t, dir) {
		mustDo(t, os.Remove(filepath.Join(dir, name)))
	}
}

// TestEightXsAreThePackages: with 8 X's or more the package draws the
// symbols and makes the entry, the command drawing none (drawSymbols), but
// for a directory with a ".." after a name on Unix, which only the system
// resolves rightly: there the command draws them all (Windows, js and
// the others resolve ".." as text, and the package makes the entry).
func TestEightXsAreThePackages(t *testing.T) {
	dir := emptyDir(t)
	sub, taken := filepath.Join(dir, "sub"), filepath.Join(dir, "x.zzzzzzzz")
	mustDo(t, os.Mkdir(sub, 0o700))
	mustDo(t, os.WriteFile(taken, nil, 0o600))
	t.Cleanup(func() {
		mustDo(t, os.Remove(taken))
		mustDo(t, os.Remove(sub))
	})
	real := drawSymbols
	t.Cleanup(func() { drawSymbols = real })
	drawn := 0
	drawSymbols = func(n int) string {
		drawn++
		return strings.Repeat("z", n)
	}

	code, out, errOut := mkstempCmd(t, "-p", dir, "x.XXXXXXXX")
	path := strings.TrimSuffix(out, "\n")
	if code != 0 || filepath.Dir(path) != dir || path == taken || drawn != 0 {
		t.Errorf("exit %d, printed %q, stderr %q, %d names drawn by the command; want a new file in %s, none drawn", code, out, errOut, drawn, dir)
	}
	if code == 0 {
		mustDo(t, os.Remove(path))
	}

	// Not filepath.Join, which cleans sub/.. away.
	code, out, errOut = mkstempCmd(t, "-p", sub+string(os.PathSeparator)+"..", "x.XXXXXXXX")
	if path := strings.TrimSuffix(out, "\n"); code == 0 {
		t.Cleanup(func() { os.Remove(path) })
	}
	if dotDotAsText {
		path := strings.TrimSuffix(out, "\n")
		if code != 0 || filepath.Dir(path) != dir || path == taken || drawn != 0 {
			t.Errorf("sub\\..: exit %d, printed %q, stderr %q, %d names drawn by the command; want a new file in %s, none drawn", code, out, errOut, drawn, dir)
		}
	} else if code != 1 || out != "" || !strings.Contains(errOut, "failed to create file via template") || drawn != mkstemp.TmpMax {
		t.Errorf("sub/..: exit %d, printed %q, stderr %q, %d names drawn by the command; want each of mkstemp.TmpMax drawn, x.zzzzzzzz, in use", code, out, errOut, drawn)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(dir)
	mustDo(t, err)
	defer f.Close()
	names, err := f.Readdirnames(-1)
	mustDo(t, err)
	return names
}
