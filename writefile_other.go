//go:build !linux

package mkstemp

import (
	"io/fs"
	"os"
)

// writeTarget writes target as WriteFile does: here, always by a named
// temporary file and Persist.
func writeTarget(target string, perm fs.FileMode, fi fs.FileInfo, fill func(*os.File) error) error {
	return writeNamed(target, perm, fi, fill)
}
