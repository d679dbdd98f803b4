package main

import (
	"io/fs"
	"os"
	"path/filepath"

	"github.com/seed011b361c/mkstemp"
	"golang.org/x/sys/windows"
)

// dotDotAsText is true: Windows resolves ".." as text, as
// GetFullPathName does, before any file system sees the path.
const dotDotAsText = true

// absDir is filepath.Abs, GetFullPathName.
func absDir(dir string) (string, error) { return filepath.Abs(dir) }

// createAt makes name in dir with the package's guarantees on Windows (its
// owner-only DACL, a handle no child inherits, its name rules for head and
// suffix, the name's fixed parts): the package makes the entry under a
// name of its own, head, 8 symbols and suffix, in dir, and MoveFileEx,
// without MOVEFILE_REPLACE_EXISTING, gives it name, failing if anything
// has that name; the entry keeps its DACL. If that fails, the entry made
// is removed.
func createAt(dir, name, head, suffix string, mkdir bool) error {
	var temp string
	if mkdir {
		p, err := mkstemp.MkdtempBytes([]byte(suffix), []byte(head), []byte(dir))
		if err != nil {
			return err
		}
		temp = string(p)
	} else {
		fd, p, err := mkstemp.MkstempBytes([]byte(suffix), []byte(head), []byte(dir), false)
		if err != nil {
			return err
		}
		temp = string(p)
		if err := os.NewFile(uintptr(fd), temp).Close(); err != nil {
			os.Remove(temp)
			return err
		}
	}
	path := inDir(dir, name)
	from, err := windows.UTF16PtrFromString(temp)
	if err == nil {
		var to *uint16
		if to, err = windows.UTF16PtrFromString(path); err == nil {
			err = windows.MoveFileEx(from, to, 0)
		}
	}
	if err != nil {
		os.Remove(temp)
		return &fs.PathError{Op: "rename", Path: path, Err: err}
	}
	return nil
}
