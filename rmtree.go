package mkstemp

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// A fileID is what a directory is, whatever its name: its device and inode
// number on Unix, its volume serial number and file index on Windows. On
// Linux its birth time too, where the file system keeps one (ext4, tmpfs,
// btrfs, xfs): ext4 gives a freed inode number to the next directory made
// at once. A TempDir's own directory is held open (see held), so that no
// other can get its number; the birth time serves the directories of the
// tree that the remover closes on the way down and opens again through
// ".." (see reopenParent), though it comes in coarse clock steps.
type fileID struct {
	dev, ino uint64
	birth    int64 // in nanoseconds since the epoch; 0 where unknown
}

// same reports whether id and o are one directory: the same device and
// inode, born at the same instant where both say when.
func (id fileID) same(o fileID) bool {
	return id.dev == o.dev && id.ino == o.ino && (id.birth == 0 || o.birth == 0 || id.birth == o.birth)
}

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

// readDirNames returns the names in the directory path.
func readDirNames(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Readdirnames(-1)
}
