package mkstemp

import (
	"os/exec"
	"strings"
	"testing"
)

// goDocLimit is the most lines `go doc -all .` may print: the package read
// in one sitting, the mechanisms in docs/.
const goDocLimit = 450

// TestGoDocLength runs go doc -all on the package, as a reader does, and
// fails if it prints more than goDocLimit lines.
func TestGoDocLength(t *testing.T) {
	out, err := exec.Command(needTool(t, "go"), "doc", "-all", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go doc -all .: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\n"); n > goDocLimit {
		t.Errorf("go doc -all . prints %d lines, more than %d: move the mechanisms to docs/", n, goDocLimit)
	}
}
