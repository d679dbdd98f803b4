package mkstemp

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"unsafe"

	"golang.org/x/sys/windows"
)

// renameFile renames old to new with MoveFileEx, MOVEFILE_WRITE_THROUGH so
// that it returns once the rename is on the disk, and
// MOVEFILE_REPLACE_EXISTING unless noClobber. A file open with
// FILE_FLAG_DELETE_ON_CLOSE (deleteOnClose) would still be removed when
// closed, under whatever name, so it gets a second name instead: a hard
// link at new (CreateHardLink never replaces), then a flush of the file,
// or, to replace a file at new, a hard link under a fresh name moved over
// it. It never reports unlinked: Windows has no directory to flush.
//
// A file not opened with delete-on-close is renamed through its handle, not
// its name (renameHandle), so that the name goes to the open file whatever
// has the name old by then. Where that is refused, and for a file opened
// with delete-on-close, the name old is moved, if it still names f (the
// window between the check and the move is the system's).
func renameFile(f *os.File, old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	if !deleteOnClose {
		err := renameHandle(windows.Handle(f.Fd()), new, noClobber)
		if err != errNoHandleRename {
			return false, err
		}
	}
	return false, moveByName(f, old, new, noClobber, deleteOnClose)
}

// moveByName is moveFile of old, if old still names f (the window between
// the check and the move is the system's).
func moveByName(f *os.File, old, new string, noClobber, deleteOnClose bool) error {
	if !namesFile(old, f) {
		return notNamedError(old)
	}
	return moveFile(f, old, new, noClobber, deleteOnClose)
}

// errNoHandleRename is renameHandle's error when the file cannot be opened
// again for a rename.
var errNoHandleRename = errors.New("cannot rename through the handle")

// fileRenameInformation is FILE_RENAME_INFORMATION, for
// NtSetInformationFile's FileRenameInformation.
type fileRenameInformation struct {
	ReplaceIfExists uint32
	RootDirectory   windows.Handle
	FileNameLength  uint32
	FileName        [1]uint16
}

// renameHandle renames the file open as h to new, an absolute path,
// replacing a file there unless noClobber, through the handle: the file is
// opened again relative to h (an empty name, ReOpenFile's way) with DELETE
// access, which a rename needs and h lacks, and that handle gets
// FileRenameInformation, then FlushFileBuffers, so that the rename is on
// the disk when it returns, as MOVEFILE_WRITE_THROUGH asks. It returns
// errNoHandleRename if the file cannot be opened so, or if what is opened
// is another file (Wine opens the path the handle was opened with again).
func renameHandle(h windows.Handle, new string, noClobber bool) error {
	empty, err := windows.NewNTUnicodeString("")
	if err != nil {
		return errNoHandleRename
	}
	oa := &windows.OBJECT_ATTRIBUTES{RootDirectory: h, ObjectName: empty}
	oa.Length = uint32(unsafe.Sizeof(*oa))
	var dh windows.Handle
	var iosb windows.IO_STATUS_BLOCK
	if windows.NtCreateFile(&dh, windows.DELETE|windows.GENERIC_WRITE|windows.SYNCHRONIZE, oa, &iosb, nil, 0,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		windows.FILE_OPEN, windows.FILE_NON_DIRECTORY_FILE|windows.FILE_SYNCHRONOUS_IO_NONALERT, 0, 0) != nil {
		return errNoHandleRename
	}
	defer windows.CloseHandle(dh)
	// Wine opens the handle's path again, not its file: refuse another file.
	var a, b windows.ByHandleFileInformation
	if windows.GetFileInformationByHandle(h, &a) != nil || windows.GetFileInformationByHandle(dh, &b) != nil ||
		a.VolumeSerialNumber != b.VolumeSerialNumber || a.FileIndexHigh != b.FileIndexHigh || a.FileIndexLow != b.FileIndexLow {
		return errNoHandleRename
	}
	ntPath := `\??\` + new
	if strings.HasPrefix(new, `\\`) {
		ntPath = `\??\UNC\` + new[2:]
	}
	name, err := windows.UTF16FromString(ntPath)
	if err != nil {
		return err
	}
	size := int(unsafe.Offsetof(fileRenameInformation{}.FileName)) + 2*len(name)
	buf := make([]byte, size)
	info := (*fileRenameInformation)(unsafe.Pointer(&buf[0]))
	if !noClobber {
		info.ReplaceIfExists = 1
	}
	info.FileNameLength = uint32(2 * (len(name) - 1))
	copy(unsafe.Slice(&info.FileName[0], len(name)), name)
	if err := windows.NtSetInformationFile(dh, &iosb, &buf[0], uint32(size), windows.FileRenameInformation); err != nil {
		if st, ok := err.(windows.NTStatus); ok {
			return st.Errno()
		}
		return err
	}
	if err := windows.FlushFileBuffers(dh); err != nil {
		return &afterNameError{"flushing " + new, err}
	}
	return nil
}

// moveFileEx is windows.MoveFileEx, and createHardLink
// windows.CreateHardLink. They are variables only so that tests can see
// the calls that moveFile makes, and make them fail.
var (
	moveFileEx     = windows.MoveFileEx
	createHardLink = windows.CreateHardLink
)

// moveFile gives the file f, named old, the name new, as renameFile
// describes.
func moveFile(f *os.File, old, new string, noClobber, deleteOnClose bool) error {
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
		return moveFileEx(from, to, flags)
	}
	if noClobber {
		if err := createHardLink(to, from, 0); err != nil {
			return err
		}
		// CreateHardLink has no MOVEFILE_WRITE_THROUGH: flush the file
		// through its handle, as renameHandle does after its rename.
		// FlushFileBuffers writes the file's metadata, where NTFS keeps
		// a name for each link, and NTFS writes its log, where the link
		// is one operation, before any metadata it covers. If the flush
		// fails the link is removed, so that a failed Persist leaves
		// nothing at new (where Windows keeps a removed name until the
		// file's last handle closes, as Wine does, only until Close).
		if err := syncFile(f); err != nil {
			windows.DeleteFile(to)
			return unwrapPathError(err)
		}
		return nil
	}
	_, link, err := tryNames("persist", filepath.Dir(new), "", ".persist", errNoUsableFileName, func(link string) (struct{}, error) {
		p, err := windows.UTF16PtrFromString(longPath(link))
		if err != nil {
			return struct{}{}, err
		}
		return struct{}{}, createHardLink(p, from, 0)
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
	if err := moveFileEx(lp, to, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH); err != nil {
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

// syncDirs does nothing on Windows: MOVEFILE_WRITE_THROUGH has made the
// rename durable, and Windows has no way to flush a directory.
func syncDirs(newPath, old string, unlinked bool) error { return nil }
