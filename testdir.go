package mkstemp

import (
	"cmp"
	"os"
	"reflect"
	"runtime"
	"strings"
	"unicode"
)

// TB is the part of testing.TB that [TestDir] uses, so that this package
// need not import testing: *testing.T, *testing.B and *testing.F satisfy
// it.
type TB interface {
	Cleanup(func())
	Errorf(format string, args ...any)
	Failed() bool
	Fatalf(format string, args ...any)
	Helper()
	Logf(format string, args ...any)
	Name() string
}

// keepFailEnv is the environment variable that keeps a failed test's
// directories when it is "1".
const keepFailEnv = "MKSTEMP_KEEPFAIL"

// TestDir is t.TempDir() that removes what the test leaves: it makes a new
// private directory (mode 0700) in [Gettempdir], named after t.Name(), and
// returns its absolute path; when the test and its subtests have ended
// (t.Cleanup), it removes the directory as [TempDir.Cleanup] does. So a
// tree the test locked, such as a Go module cache of 0555 directories and
// 0444 files, is removed where t.TempDir() fails the test
// (golang/go#40853); a tree of any depth is removed, and a symbolic link
// in it is removed, never followed. What cannot be removed fails the test
// with t.Errorf, once for each path. Each call makes another directory,
// held open until the test ends. If the directory cannot be made, TestDir
// calls t.Fatalf.
//
// With MKSTEMP_KEEPFAIL=1 in the environment, the directories of a test
// that failed or panicked are kept, and their paths logged with t.Logf, to
// be looked at (golang/go#73158's -keepfail, without a new test flag).
//
// The name is t.Name() without the characters that are unsafe or awkward
// in a file name (path separators, dots, glob characters), cut to 64 bytes,
// as t.TempDir() cuts it, then a dash and the random part.
//
// A nil TB (or a nil pointer in one) can neither report an error nor
// clean up: TestDir makes nothing and returns "".
func TestDir(t TB) string {
	if isNil(t) {
		return ""
	}
	t.Helper()
	d, err := TemporaryDirectory("", testDirPrefix(t.Name()), "", false)
	if err != nil {
		t.Fatalf("TestDir: %v", err)
		return "" // t.Fatalf of a TB other than testing's may return
	}
	t.Cleanup(func() {
		// Its lines name the test's call of TestDir, as t.TempDir's do:
		// testing goes on from where t.Cleanup was called, in TestDir, a
		// helper too.
		t.Helper()
		if os.Getenv(keepFailEnv) == "1" && (t.Failed() || panicking() && !wasSkipped(t)) {
			t.Logf("TestDir: %s=1: kept %s of the failed test", keepFailEnv, d.Name())
			d.Keep() // closes what d holds; nil, as no Cleanup came before
			return
		}
		for _, err := range splitErrors(d.Cleanup()) {
			t.Errorf("TestDir: %v", err)
		}
		d.letGo()
	})
	return d.Name()
}

// panicking reports whether the goroutine is panicking: whether
// runtime.gopanic is among its callers, as testing looks for it (in
// common.frameSkip). testing runs the cleanups of a test that panicked
// (or whose earlier cleanup panicked) from a deferred call, before it
// marks the test failed (tRunner, Go 1.26 and 1.27), so t.Failed() is
// still false there; it then marks it failed, or the panic ends the
// process, which fails the run.
func panicking() bool {
	var pcs [32]uintptr
	for skip := 2; ; skip += len(pcs) {
		n := runtime.Callers(skip, pcs[:])
		frames := runtime.CallersFrames(pcs[:n])
		for {
			frame, more := frames.Next()
			if frame.Function == "runtime.gopanic" {
				return true
			}
			if !more {
				break
			}
		}
		if n < len(pcs) {
			return false
		}
	}
}

// wasSkipped reports whether t says it was skipped: testing's T, B and F
// do. A test that calls t.SkipNow in a deferred call while it panics ends
// the panic and is skipped, not failed.
func wasSkipped(t TB) bool {
	s, ok := t.(interface{ Skipped() bool })
	return ok && s.Skipped()
}

// testDirPrefix is the prefix of a TestDir for the test name: the name's
// letters, digits and characters from a small set safe in a file name on
// every system, cut to 64 bytes first (a rune cut in two is dropped), and a
// dash. A name left empty becomes "test".
func testDirPrefix(name string) string {
	name = name[:min(len(name), 64)]
	name = strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || strings.ContainsRune("!#$%&()+,-=@^_{}~", r) {
			return r
		}
		return -1
	}, name)
	return cmp.Or(name, "test") + "-"
}

// isNil reports whether v is nil, or holds a nil pointer, which has no
// state to call a method on.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// splitErrors returns the errors that err joins, or err alone.
func splitErrors(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
