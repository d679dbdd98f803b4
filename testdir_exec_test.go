//go:build unix || windows

package mkstemp

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// testDirChildEnv makes TestTestDirKeepFailForReal, re-run, make a
// TestDir and end as it says: "pass", "fail", "panic", "cleanuppanic" (a
// cleanup registered after TestDir's panics), "skippanic" (t.SkipNow in a
// deferred call while the test panics: skipped, not failed), or "taken"
// (the directory moved away and another made at its name).
const testDirChildEnv = "MKSTEMP_TEST_TESTDIR"

// TestTestDirKeepFailForReal re-runs itself in the test binary, where it
// makes a TestDir with a locked tree in it, logs its path and the line of
// the call, and ends as each case asks. With MKSTEMP_KEEPFAIL=1 (set by
// its name, as a user types it) a run that failed or panicked keeps the
// directory and logs its path; a run that passed or was skipped, or one
// without MKSTEMP_KEEPFAIL=1, removes it. The lines TestDir logs, and
// those of what it cannot remove, name the test's call of TestDir, not
// testdir.go.
func TestTestDirKeepFailForReal(t *testing.T) {
	if how := os.Getenv(testDirChildEnv); how != "" {
		d, line := TestDir(t), callerLine()
		lockedTree(t, d)
		t.Logf("TestDir made %s at line %d", d, line)
		switch how {
		case "fail":
			t.Error("failing, as asked")
		case "panic":
			panic("panicking, as asked")
		case "cleanuppanic":
			t.Cleanup(func() { panic("a cleanup panicking, as asked") })
		case "skippanic":
			defer t.SkipNow()
			panic("panicking, then skipped, as asked")
		case "taken":
			must(t, os.Rename(d, d+"-away"))
			mkdirs(t, d)
		}
		return
	}
	exe, err := os.Executable()
	must(t, err)
	made := regexp.MustCompile(`TestDir made (\S+) at line (\d+)`)
	for _, tt := range []struct {
		keepFail, how string
		kept          bool
	}{
		{"1", "fail", true},
		{"1", "pass", false},
		{"", "fail", false},
		{"0", "fail", false},
		{"1", "panic", true},
		{"", "panic", false},
		{"1", "cleanuppanic", true},
		{"", "cleanuppanic", false},
		{"1", "skippanic", false},
		{"", "taken", false},
	} {
		t.Run(fmt.Sprintf("MKSTEMP_KEEPFAIL=%q,%s", tt.keepFail, tt.how), func(t *testing.T) {
			cmd := exec.Command(exe, "-test.run=^TestTestDirKeepFailForReal$", "-test.v", "-test.count=1")
			cmd.Env = append(slices.DeleteFunc(os.Environ(), func(s string) bool { return strings.HasPrefix(s, "MKSTEMP_KEEPFAIL=") }),
				testDirChildEnv+"="+tt.how)
			if tt.keepFail != "" {
				cmd.Env = append(cmd.Env, "MKSTEMP_KEEPFAIL="+tt.keepFail)
			}
			out, err := cmd.CombinedOutput()
			m := made.FindSubmatch(out)
			if m == nil {
				t.Fatalf("the re-run logged no directory: %v\n%s", err, out)
			}
			d, at := string(m[1]), "testdir_exec_test.go:"+string(m[2])+": "
			verdict := map[string]string{"pass": "PASS", "skippanic": "SKIP"}[tt.how]
			if verdict == "" {
				verdict = "FAIL"
			}
			wantVerdict := "--- " + verdict + ": TestTestDirKeepFailForReal "
			if (err == nil) != (verdict != "FAIL") || !strings.Contains(string(out), wantVerdict) {
				t.Errorf("the re-run exited with %v, want %q:\n%s", err, wantVerdict, out)
			}
			if tt.how == "taken" {
				away := d + "-away"
				defer removeKept(t, away)
				defer removeKept(t, d)
				if !exists(d) || !exists(away) {
					t.Errorf("%s there after the re-run: %v, %s: %v; want both left\n%s", d, exists(d), away, exists(away), out)
				}
				if !strings.Contains(string(out), at+"TestDir: cleanup "+d+": "+errNotMade.Error()) {
					t.Errorf("the re-run did not say, at %s, that %s is not the directory made:\n%s", at, d, out)
				}
				return
			}
			logged := strings.Contains(string(out), at+"TestDir: MKSTEMP_KEEPFAIL=1: kept "+d+" ")
			if exists(d) != tt.kept || logged != tt.kept {
				t.Errorf("%s there after the re-run: %v, its path logged as kept at %s: %v; want %v\n%s", d, exists(d), at, logged, tt.kept, out)
			}
			if exists(d) {
				removeKept(t, d)
			}
		})
	}
}

// callerLine returns the line of the call of the function that calls it.
func callerLine() int {
	_, _, line, _ := runtime.Caller(1)
	return line
}
