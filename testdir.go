package mkstemp

import (
	"cmp"
	"os"
	"runtime"
	"strings"
	"unicode"
)

// TB is the part of testing.TB that [TestDir] uses.
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

// TestDir returns a new directory for the test, as t.TempDir() does, held
// open until the test and its subtests end, and then removed, even if the
// test made it read-only (a Go module cache, say; golang/go#40853), without
// following a link in it. What cannot be removed fails the test, path by
// path. With MKSTEMP_KEEPFAIL=1 in the environment, the directory of a test
// that failed or panicked is kept, and its path logged.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#testdir.
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
