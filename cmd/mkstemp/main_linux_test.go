package main

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// TestNoUsableTempdir: when no directory can hold the entry of -t, the
// failure is the file system's, not the command line's: exit 1 with the
// reason, which -q silences. The command runs in a private mount
// namespace (unshare -m, with a user namespace too when not root) where
// /tmp, /var/tmp and /usr/tmp, and so the current directory inside /tmp,
// are read-only, and $TMPDIR, $TEMP and $TMP are unset. It passes under go
// test -cover too.
func TestNoUsableTempdir(t *testing.T) {
	unshare := needTool(t, "unshare")
	flags := "-m"
	if os.Geteuid() != 0 {
		flags = "-rm" // a user namespace lets a non-root user mount
	}
	if out, err := exec.Command(unshare, flags, "true").CombinedOutput(); err != nil {
		missing(t, fmt.Sprintf("needs a mount namespace (root, or unprivileged user namespaces): unshare %s failed here: %v %s", flags, err, out))
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	wd := emptyDir(t)
	script := `set -e
for d in /tmp /var/tmp /usr/tmp; do
	[ -d "$d" ] || continue
	mount --bind "$d" "$d"
	mount -o remount,bind,ro "$d"
done
# go test -cover: the command's coverage data goes to a place it can write
# (and is lost with the namespace).
[ -z "${GOCOVERDIR:-}" ] || mount -t tmpfs tmpfs "$GOCOVERDIR"
cd "$1"
unset TMPDIR TEMP TMP
set +e
"$0" -t foo.XXX; echo "status $?"
"$0" -q -t foo.XXXXXXXX; echo "status $?"`
	cmd := exec.Command(unshare, flags, "/bin/sh", "-c", script, exe, wd)
	cmd.Env = append(os.Environ(), asCommandEnv+"=1")
	out, err := cmd.CombinedOutput()
	want := "mkstemp: gettempdir /tmp:/var/tmp:/usr/tmp:" + wd + ": no usable temporary directory found\nstatus 1\nstatus 1\n"
	if err != nil || string(out) != want {
		t.Errorf("%v: printed %q, want %q", err, out, want)
	}
}
