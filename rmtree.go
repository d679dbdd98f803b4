package mkstemp

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// errNotMade is the error of a TempDir's Cleanup that finds at its name
// something other than the directory TemporaryDirectory made: the
// directory was moved away, and something else took its name. Nothing is
// touched.
var errNotMade = &tempError{"not the directory TemporaryDirectory made: left as it is", syscall.EEXIST, fs.ErrExist}

// splitTop splits path, the top of a tree to remove, into the directory
// that holds it and its last element, as text: nothing is cleaned, so
// that "link/../x" is resolved by the system. It refuses, before anything
// is opened, a path whose last element is empty, "." or "..", and a root
// (such as "/", or "C:\" on Windows): removing those would remove the
// directory that holds the path, or everything.
func splitTop(path string) (dir, base string, err error) {
	vol := filepath.VolumeName(path)
	rest := path[len(vol):]
	end := len(rest)
	for end > 0 && os.IsPathSeparator(rest[end-1]) {
		end--
	}
	i := end
	for i > 0 && !os.IsPathSeparator(rest[i-1]) {
		i--
	}
	base = rest[i:end]
	if base == "" || base == "." || base == ".." {
		return "", "", &fs.PathError{Op: "removeall", Path: path, Err: fs.ErrInvalid}
	}
	// Keep one separator of a root, drop those that end a parent.
	j := i
	for j > 1 && os.IsPathSeparator(rest[j-1]) {
		j--
	}
	dir = vol + rest[:j]
	if dir == "" {
		dir = "."
	}
	return dir, base, nil
}
