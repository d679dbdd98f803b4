package mkstemp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestREADMEFirstCommand runs the first command of README.md's Development
// block, as a newcomer runs it from a clone, with TMPDIR a directory of the
// test's own: it must do the package's main job, make a file or a
// directory there and print its path, and nothing else.
func TestREADMEFirstCommand(t *testing.T) {
	needTool(t, "go")
	b, err := os.ReadFile("README.md")
	must(t, err)
	_, dev, ok := strings.Cut(string(b), "\n## Development\n")
	if !ok {
		t.Fatal("README.md has no Development section")
	}
	_, block, ok := strings.Cut(dev, "```sh\n")
	if !ok {
		t.Fatal("README.md's Development section has no ```sh block")
	}
	line, _, _ := strings.Cut(block, "\n")
	line, _, _ = strings.Cut(line, "#") // the comment beside it
	line = strings.TrimSpace(line)
	tmp := t.TempDir()
	cmd := exec.Command("sh", "-c", line)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
	path := strings.TrimSuffix(string(out), "\n")
	if strings.Contains(path, "\n") || filepath.Dir(path) != tmp {
		t.Fatalf("%s printed %q, want the path of one new entry of %s", line, out, tmp)
	}
	if got := entries(t, tmp); len(got) != 1 || got[0] != filepath.Base(path) {
		t.Errorf("%s printed %s; %s holds %v", line, path, tmp, got)
	}
}
