package mkstemp

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// TestWindowsTemporaryFileGoneWhenKilled: the files of TemporaryFile and of
// NamedTemporaryFile with delete and deleteOnClose exist while their
// process holds them, and are gone when it is killed without closing them:
// the system's delete-on-close, not the program's.
func TestWindowsTemporaryFileGoneWhenKilled(t *testing.T) {
	if dir := os.Getenv("MKSTEMP_KILL_CHILD"); dir != "" {
		tf, err := TemporaryFile("", "killed-", dir)
		if err != nil {
			t.Fatal(err)
		}
		nf, err := NamedTemporaryFile("", "killed-", dir, true, true)
		if err != nil {
			t.Fatal(err)
		}
		os.Stdout.WriteString(tf.Name() + "\n" + nf.Name() + "\n")
		select {} // until killed
	}
	dir := tempDir(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestWindowsTemporaryFileGoneWhenKilled$")
	cmd.Env = append(os.Environ(), "MKSTEMP_KILL_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(out)
	var paths []string
	for range 2 {
		line, err := r.ReadString('\n')
		if err != nil {
			cmd.Process.Kill()
			t.Fatalf("reading the child's paths: %v", err)
		}
		paths = append(paths, strings.TrimSpace(line))
	}
	for _, p := range paths {
		if filepath.Dir(p) != dir || !exists(p) {
			t.Errorf("while the child runs, %s does not exist in %s", p, dir)
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if left := entries(t, dir); len(left) != 0 {
		t.Errorf("after the child was killed, %s holds %v", dir, left)
	}
}

// TestWindowsCleanupFollowsNoLink: a symbolic link to a directory outside
// and a read-only file and directory in the tree: Cleanup removes the link,
// not what it points to, and clears the read-only attributes it must.
func TestWindowsCleanupFollowsNoLink(t *testing.T) {
	base := tempDir(t)
	outside := filepath.Join(base, "outside")
	mkdirs(t, outside)
	writeFile(t, filepath.Join(outside, "precious"), "keep")
	td, err := TemporaryDirectory("", "", base, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(td.Name(), "link")); err != nil {
		t.Fatalf("os.Symlink: %v", err)
	}
	ro := filepath.Join(td.Name(), "ro")
	mkdirs(t, ro)
	writeFile(t, filepath.Join(ro, "file"), "x")
	for _, p := range []string{filepath.Join(ro, "file"), ro} {
		name, _ := windows.UTF16PtrFromString(p)
		if err := windows.SetFileAttributes(name, windows.FILE_ATTRIBUTE_READONLY); err != nil {
			t.Fatal(err)
		}
	}
	if err := td.Cleanup(); err != nil {
		t.Errorf("Cleanup: %v", err)
	}
	if exists(td.Name()) {
		t.Errorf("%s still exists", td.Name())
	}
	if got := entries(t, outside); !slices.Equal(got, []string{"precious"}) {
		t.Errorf("outside holds %v", got)
	}
}
