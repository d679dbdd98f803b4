//go:build !windows

package mkstemp

import (
	"os"
	"strings"
)

// targetPath is path made absolute as the system resolves it: joined to
// the current directory, without cleaning (Plan 9 and wasip1 then clean it
// as text themselves). filepath.Abs would clean
// "link/../x" to "x", but the system takes link's parent: with link a
// symbolic link to real/sub, it names real/x.
func targetPath(path string) (string, error) {
	if strings.HasPrefix(path, "/") {
		return path, nil
	}
	wd, err := getwd()
	if err != nil {
		return "", os.NewSyscallError("getcwd", err)
	}
	if !strings.HasSuffix(wd, "/") {
		wd += "/"
	}
	return wd + path, nil
}
