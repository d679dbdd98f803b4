package mkstemp

import (
	"os"
	"path/filepath"
)

// splitDir splits path at its last separator, without cleaning: dir is
// what the system resolves to the directory that holds path ("/a/link/.."
// for "/a/link/../x", where filepath.Dir's "/a" may be another directory),
// and base the last element. The directory of a relative "x" is ".".
func splitDir(path string) (dir, base string) {
	vol := len(filepath.VolumeName(path))
	i := len(path) - 1
	for i >= vol && !os.IsPathSeparator(path[i]) {
		i--
	}
	switch {
	case i < vol:
		return path[:vol] + ".", path[vol:]
	case i == vol:
		return path[:i+1], path[i+1:]
	}
	return path[:i], path[i+1:]
}

// readDirNames returns the names in the directory path.
func readDirNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}
