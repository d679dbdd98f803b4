package mkstemp

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/windows"
)

// keepOwnerAndMode does nothing on Windows: the only mode is the
// read-only attribute, which a file that can be replaced does not have,
// and the owner is not kept.
func keepOwnerAndMode(f *os.File, fi fs.FileInfo) error { return nil }

// stickyOwner reports true: Windows has no sticky directories.
func stickyOwner(dir string, fi fs.FileInfo) bool { return true }

// openNew creates path, which must not exist, for the named way: with the
// security the directory gives (the owner-only DACL of Mkstemp is for
// temporary files, not for the file this one becomes), read-only if mode
// lacks the owner's write bit, as os.OpenFile makes it, and shared for
// deletion, so that MoveFileEx can rename it while it is open.
func openNew(path string, mode fs.FileMode) (*os.File, error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	attrs := uint32(windows.FILE_ATTRIBUTE_NORMAL)
	if mode&0o200 == 0 {
		attrs = windows.FILE_ATTRIBUTE_READONLY
	}
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		nil, windows.CREATE_NEW, attrs, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	return os.NewFile(uintptr(h), path), nil
}

// commitNamed gives nf, the named way's filled file, the name target:
// FlushFileBuffers, then, if nf's temporary name still names the open
// file (the window between the check and the move is the system's),
// MoveFileEx with MOVEFILE_WRITE_THROUGH, which returns once the rename is
// on the disk, and MOVEFILE_REPLACE_EXISTING unless noClobber. The file
// is still open: openNew shared it for deletion, which a move needs. From
// then on nf leaves its file, as after Persist, which renames the handle
// instead.
func commitNamed(nf *NamedFile, target string, noClobber bool) error {
	nf.mu.Lock()
	defer nf.mu.Unlock()
	newPath, err := targetPath(target)
	if err != nil {
		return err
	}
	if err := flushFile(nf.File); err != nil {
		return unwrapPathError(err)
	}
	if err := moveByName(nf.File, nf.name, newPath, noClobber, false); err != nil {
		return err
	}
	nf.name = newPath
	nf.delete = false
	return nil
}

// flushFile is (*os.File).Sync, FlushFileBuffers. It is a variable only
// so that tests can see that commitNamed flushes the file before it moves
// its name.
var flushFile = (*os.File).Sync

// errLoop is the errno of open(2) through too many symbolic links,
// which Go defines on Windows too.
var errLoop error = syscall.ELOOP

// sourceErrnos is empty: Windows copies in the kernel for no *os.File.
var sourceErrnos []error

// canFlush is nil: Windows flushes no directory (MOVEFILE_WRITE_THROUGH).
func canFlush(dir string) error { return nil }
