//go:build !unix && !windows

package mkstemp

import "os"

// dirID returns what the directory path is, without following a link at
// its end.
func dirID(path string) (fileID, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return fileID{}, err
	}
	return statID(fi), nil
}

// A topDir is the top of a tree removeDir removes. These systems have no
// handle to hold it by: it is looked at by path, and removed by path.
type topDir struct{ path string }

// openTop returns errNotMade unless path is want, a directory; only a
// rename after that look could put something else there.
func openTop(path string, want fileID) (*topDir, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() || !statID(fi).same(want) {
		return nil, errNotMade
	}
	return &topDir{path}, nil
}

// names returns the names in the directory.
func (t *topDir) names() ([]string, error) { return readDirNames(t.path) }

// remove removes the directory, which must be empty.
func (t *topDir) remove() error { return os.Remove(t.path) }

func (t *topDir) close() error { return nil }
