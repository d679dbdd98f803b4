package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// What testing gives a test, a benchmark and a fuzz target is a TB.
var (
	_ TB = (*testing.T)(nil)
	_ TB = (*testing.B)(nil)
	_ TB = (*testing.F)(nil)
	_ TB = testing.TB(nil)
)

// fakeTB is a TB that records what TestDir asks of it, for the paths a
// real test cannot take without failing: its Fatalf returns, and its
// cleanups run when the test calls runCleanups.
type fakeTB struct {
	name                 string
	failed               bool
	helpers              int
	cleanups             []func()
	errors, fatals, logs []string
}

func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) Failed() bool      { return f.failed }
func (f *fakeTB) Helper()           { f.helpers++ }
func (f *fakeTB) Name() string      { return f.name }
func (f *fakeTB) Errorf(format string, args ...any) {
	f.failed = true
	f.errors = append(f.errors, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = true
	f.fatals = append(f.fatals, fmt.Sprintf(format, args...))
}
func (f *fakeTB) Logf(format string, args ...any) {
	f.logs = append(f.logs, fmt.Sprintf(format, args...))
}

// runCleanups runs the cleanups, last first, as testing does.
func (f *fakeTB) runCleanups() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
	f.cleanups = nil
}

// TestTestDir: each call makes another empty private directory in
// Gettempdir(), named after the test; a subtest's directories, with a
// read-only tree in them, are gone when the subtest ends, and the
// parent's are still there.
func TestTestDir(t *testing.T) {
	tmp, err := Gettempdir()
	must(t, err)
	var made []string
	// Runs last: removes what a TestDir that failed its job left.
	t.Cleanup(func() {
		for _, d := range made {
			if exists(d) {
				removeKept(t, d)
			}
		}
	})
	a, b := TestDir(t), TestDir(t)
	made = append(made, a, b)
	for _, d := range []string{a, b} {
		fi, err := os.Lstat(d)
		switch {
		case err != nil || !fi.IsDir():
			t.Fatalf("TestDir returned %q: %v, %v", d, fi, err)
		case filepath.Dir(d) != tmp || !strings.HasPrefix(filepath.Base(d), "TestTestDir-"):
			t.Errorf("TestDir returned %q, want %s/TestTestDir-…", d, tmp)
		case runtime.GOOS != "windows" && runtime.GOOS != "plan9" && fi.Mode().Perm() != 0o700:
			t.Errorf("%s has mode %v, want 0700", d, fi.Mode())
		}
		if got := entries(t, d); len(got) != 0 {
			t.Errorf("%s holds %v", d, got)
		}
	}
	if a == b {
		t.Errorf("two calls returned %s", a)
	}
	ok := t.Run("sub/x.y", func(t *testing.T) {
		made = append(made, TestDir(t), TestDir(t))
		for _, d := range made[2:] {
			if !strings.HasPrefix(filepath.Base(d), "TestTestDirsubxy-") {
				t.Errorf("TestDir returned %q, want TestTestDirsubxy-… for %s", d, t.Name())
			}
			lockedTree(t, d)
		}
	})
	if !ok {
		t.Fatal("the subtest failed")
	}
	for _, d := range made[2:] {
		if _, err := os.Lstat(d); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s of the subtest is still there after it: %v", d, err)
		}
	}
	for _, d := range []string{a, b} {
		if !exists(d) {
			t.Errorf("%s is gone before its test ended", d)
		}
	}
}

// lockedTree makes in dir a tree that os.RemoveAll cannot remove but as
// root: a directory of mode 0555 holding a file of mode 0444 and another
// such directory.
func lockedTree(t *testing.T, dir string) {
	t.Helper()
	d := filepath.Join(dir, "ro")
	mkdirs(t, d, filepath.Join(d, "ro"))
	for _, p := range []string{filepath.Join(d, "f"), filepath.Join(d, "ro", "f")} {
		must(t, os.WriteFile(p, []byte("x"), 0o444))
	}
	must(t, os.Chmod(filepath.Join(d, "ro"), 0o555))
	must(t, os.Chmod(d, 0o555))
}

// removeKept removes a directory TestDir kept, and its locked tree, with
// the package's remover.
func removeKept(t *testing.T, dir string) {
	t.Helper()
	if errs := removeAll(dir); len(errs) != 0 {
		t.Errorf("removing %s: %v", dir, errs)
	}
}

// TestTestDirPrefix: the name is t.Name() without what is unsafe in a file
// name, cut to 64 bytes, and a dash.
func TestTestDirPrefix(t *testing.T) {
	long := strings.Repeat("a", 63) + "é" // é cut in two at 64 bytes
	for _, tt := range []struct{ name, want string }{
		{"TestX", "TestX-"},
		{"TestA/b_c/#01", "TestAb_c#01-"},
		{"../../etc/passwd", "etcpasswd-"},
		{`a:b*c?"d<e>f|g\h.i j` + "\x00\n", "abcdefghij-"},
		{"Test(CON)+{1},~2=@^&$%!", "Test(CON)+{1},~2=@^&$%!-"},
		{"Testé日本", "Testé日本-"},
		{long, strings.Repeat("a", 63) + "-"},
		{strings.Repeat("b", 100), strings.Repeat("b", 64) + "-"},
		{"", "test-"},
		{"/..", "test-"},
	} {
		if got := testDirPrefix(tt.name); got != tt.want {
			t.Errorf("testDirPrefix(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTestDirFake runs TestDir with a TB that records what it is asked:
// a directory that cannot be made is t.Fatalf naming it, and nothing is
// left to clean up; with MKSTEMP_KEEPFAIL=1 the directory of a failed
// test is kept and its path logged, and removed otherwise; a nil TB gets
// "" and nothing is made.
func TestTestDirFake(t *testing.T) {
	t.Run("cannot make", func(t *testing.T) {
		freshTempdir(t)
		missingDir := filepath.Join(tempDir(t), "missing")
		SetTempdir(missingDir)
		tb := &fakeTB{name: "TestCannotMake"}
		if got := TestDir(tb); got != "" {
			t.Errorf("TestDir returned %q, want \"\"", got)
		}
		if len(tb.fatals) != 1 || !strings.HasPrefix(tb.fatals[0], "TestDir: ") || !strings.Contains(tb.fatals[0], missingDir) {
			t.Errorf("Fatalf calls: %q, want one naming %s", tb.fatals, missingDir)
		}
		if len(tb.cleanups) != 0 || len(tb.errors) != 0 || tb.helpers == 0 {
			t.Errorf("%d cleanups, errors %q, %d Helper calls; want none, none, some", len(tb.cleanups), tb.errors, tb.helpers)
		}
		if exists(missingDir) {
			t.Errorf("%s was made", missingDir)
		}
	})
	for _, tt := range []struct {
		keepFail string
		failed   bool
		kept     bool
	}{
		{"1", true, true},
		{"1", false, false},
		{"", true, false},
		{"0", true, false},
	} {
		t.Run(fmt.Sprintf("MKSTEMP_KEEPFAIL=%q,failed=%v", tt.keepFail, tt.failed), func(t *testing.T) {
			t.Setenv(keepFailEnv, tt.keepFail)
			tb := &fakeTB{name: "TestKeep", failed: tt.failed}
			d := TestDir(tb)
			lockedTree(t, d)
			tb.runCleanups()
			if len(tb.errors) != 0 || len(tb.fatals) != 0 {
				t.Errorf("errors %q, fatal errors %q", tb.errors, tb.fatals)
			}
			logged := slices.ContainsFunc(tb.logs, func(s string) bool { return strings.Contains(s, "kept "+d+" ") })
			if exists(d) != tt.kept || logged != tt.kept {
				t.Errorf("%s there after the test: %v, logged: %q; want %v", d, exists(d), tb.logs, tt.kept)
			}
			if exists(d) {
				removeKept(t, d) // kept as asked, or wrongly
			}
		})
	}
	t.Run("nil", func(t *testing.T) {
		for _, tb := range []TB{nil, (*testing.T)(nil), (*testing.B)(nil), (*fakeTB)(nil)} {
			if got := TestDir(tb); got != "" {
				t.Errorf("TestDir(%#v) = %q, want \"\"", tb, got)
			}
		}
	})
}
