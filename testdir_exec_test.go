//go:build unix || windows

package mkstemp

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testDirChildEnv makes TestTestDirKeepFailForReal, re-run, make a
// TestDir and pass ("pass") or fail ("fail").
const testDirChildEnv = "MKSTEMP_TEST_TESTDIR"

// TestTestDirKeepFailForReal re-runs itself in the test binary, where it
// makes a TestDir with a locked tree in it, logs its path, and fails or
// passes: with MKSTEMP_KEEPFAIL=1 a failed run keeps the directory and
// logs its path; a run that passed, or one without MKSTEMP_KEEPFAIL=1,
// removes it.
func TestTestDirKeepFailForReal(t *testing.T) {
	if how := os.Getenv(testDirChildEnv); how != "" {
		d := TestDir(t)
		lockedTree(t, d)
		t.Logf("TestDir made %s", d)
		if how == "fail" {
			t.Error("failing, as asked")
		}
		return
	}
	exe, err := os.Executable()
	must(t, err)
	made := regexp.MustCompile(`TestDir made (\S+)`)
	for _, tt := range []struct {
		keepFail, how string
		kept          bool
	}{
		{"1", "fail", true},
		{"1", "pass", false},
		{"", "fail", false},
	} {
		t.Run(fmt.Sprintf("MKSTEMP_KEEPFAIL=%q,%s", tt.keepFail, tt.how), func(t *testing.T) {
			cmd := exec.Command(exe, "-test.run=^TestTestDirKeepFailForReal$", "-test.v", "-test.count=1")
			cmd.Env = append(slices.DeleteFunc(os.Environ(), func(s string) bool { return strings.HasPrefix(s, keepFailEnv+"=") }),
				testDirChildEnv+"="+tt.how)
			if tt.keepFail != "" {
				cmd.Env = append(cmd.Env, keepFailEnv+"="+tt.keepFail)
			}
			out, err := cmd.CombinedOutput()
			m := made.FindSubmatch(out)
			if m == nil {
				t.Fatalf("the re-run logged no directory: %v\n%s", err, out)
			}
			d := string(m[1])
			wantVerdict := "--- PASS: TestTestDirKeepFailForReal "
			if tt.how == "fail" {
				wantVerdict = "--- FAIL: TestTestDirKeepFailForReal "
			}
			if (err == nil) != (tt.how == "pass") || !strings.Contains(string(out), wantVerdict) {
				t.Errorf("the re-run exited with %v, want %q:\n%s", err, wantVerdict, out)
			}
			if logged := strings.Contains(string(out), "kept "+d+" "); exists(d) != tt.kept || logged != tt.kept {
				t.Errorf("%s there after the re-run: %v, its path logged as kept: %v; want %v\n%s", d, exists(d), logged, tt.kept, out)
			}
			if exists(d) {
				removeKept(t, d)
			}
		})
	}
}
