package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestNoUsableDirectoryForReal makes /tmp, /var/tmp and /usr/tmp read-only for one
// re-run of the test binary (a private mount namespace from unshare), with
// the current directory inside /tmp: no candidate is usable, and Gettempdir
// must say so, listing them, as CPython does.
func TestNoUsableDirectoryForReal(t *testing.T) {
	if !isChild(t) {
		inMountNamespace(t, []string{"sh", "-c", `set -e
for d in /tmp /var/tmp /usr/tmp; do
	[ -d "$d" ] || continue
	mount --bind "$d" "$d"
	mount -o remount,bind,ro "$d"
done
# Under go test -cover the re-run writes its coverage data to a directory
# in /tmp: a tmpfs there, in this namespace only, takes it.
for a; do case $a in -test.gocoverdir=*) mount -t tmpfs tmpfs "${a#*=}" ;; esac; done
exec "$@"`, "sh"})
		return
	}
	clearTempEnv(t)
	wd, err := getwd()
	if err != nil || !strings.HasPrefix(wd, "/tmp/") {
		t.Fatalf("the re-run's directory is %q, %v; want one in /tmp", wd, err)
	}
	freshTempdir(t)
	_, err = Gettempdir()
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Gettempdir() error %v, want not-exist", err)
	}
	want := "gettempdir /tmp:/var/tmp:/usr/tmp:" + wd + ": no usable temporary directory found"
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	// CPython agrees on the candidates and on the error.
	if os.Geteuid() == 0 {
		compareWithPython(t, []pyCall{{Func: "mkstemp"}, {Func: "mkdtemp"}})
	}
}

// inMountNamespace re-runs the calling test in a private mount namespace
// (unshare -m, with a user namespace too when not root), through wrapper,
// a command line that ends by running its arguments, or none.
func inMountNamespace(t *testing.T, wrapper []string) {
	t.Helper()
	unshare := needTool(t, "unshare")
	flags := "-m"
	if os.Geteuid() != 0 {
		flags = "-rm" // a user namespace lets a non-root user mount
	}
	if out, err := exec.Command(unshare, flags, "true").CombinedOutput(); err != nil {
		missing(t, fmt.Sprintf("needs a mount namespace (root, or unprivileged user namespaces): unshare %s failed here: %v %s", flags, err, out))
	}
	runChild(t, append([]string{unshare, flags, "--propagation", "private"}, wrapper...), nil)
}
