package mkstemp

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// renameFile renames old to new with MoveFileEx, MOVEFILE_WRITE_THROUGH so
// that it returns once the rename is on the disk, and
// MOVEFILE_REPLACE_EXISTING unless noClobber. A file open with
// FILE_FLAG_DELETE_ON_CLOSE (deleteOnClose) would still be removed when
// closed, under whatever name, so it gets a second name instead: a hard
// link at new (CreateHardLink never replaces), or, to replace a file at
// new, a hard link under a fresh name moved over it. It never reports
// unlinked: Windows has no directory to flush.
func renameFile(f *os.File, old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	return false, moveFile(old, new, noClobber, deleteOnClose)
}

func moveFile(old, new string, noClobber, deleteOnClose bool) error {
	from, err := windows.UTF16PtrFromString(longPath(old))
	if err != nil {
		return err
	}
	to, err := windows.UTF16PtrFromString(longPath(new))
	if err != nil {
		return err
	}
	if !deleteOnClose {
		flags := uint32(windows.MOVEFILE_WRITE_THROUGH)
		if !noClobber {
			flags |= windows.MOVEFILE_REPLACE_EXISTING
		}
		return windows.MoveFileEx(from, to, flags)
	}
	if noClobber {
		return windows.CreateHardLink(to, from, 0)
	}
	_, link, err := tryNames("persist", filepath.Dir(new), "", ".persist", errNoUsableFileName, func(link string) (struct{}, error) {
		p, err := windows.UTF16PtrFromString(longPath(link))
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, windows.CreateHardLink(p, from, 0)
	}, func(err error, path string, last bool) bool {
		return collided(err, filepath.Dir(new), path, last)
	})
	if err != nil {
		return unwrapPathError(err)
	}
	lp, err := windows.UTF16PtrFromString(longPath(link))
	if err != nil {
		return err
	}
	if err := windows.MoveFileEx(lp, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
		windows.DeleteFile(lp)
		return err
	}
	// Where a rename onto another name of the same file does nothing (as
	// rename(2) does, under Wine), the fresh name is still there.
	if fi, err := os.Lstat(link); err == nil {
		if ti, err := os.Lstat(new); err == nil && os.SameFile(fi, ti) {
			windows.DeleteFile(lp)
		}
	}
	return nil
}

// targetPath is path made absolute as Windows resolves it: GetFullPathName
// reads ".." as text, whatever the link before it.
func targetPath(path string) (string, error) {
	return abspath(path)
}

// syncDirs does nothing on Windows: MOVEFILE_WRITE_THROUGH has made the
// rename durable, and Windows has no way to flush a directory.
func syncDirs(newPath, old string, unlinked bool) error { return nil }
