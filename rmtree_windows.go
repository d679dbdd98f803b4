package mkstemp

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// openDirHandle opens path, a directory, without following a reparse
// point (a link, a junction) at its end.
func openDirHandle(path string, access, share uint32) (windows.Handle, error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return 0, err
	}
	return windows.CreateFile(p, access, share, nil, windows.OPEN_EXISTING, windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
}

// handleID returns what the file open as h is, and its attributes.
func handleID(h windows.Handle) (fileID, uint32, error) {
	var fi windows.ByHandleFileInformation
	if err := windows.GetFileInformationByHandle(h, &fi); err != nil {
		return fileID{}, 0, err
	}
	return fileID{dev: uint64(fi.VolumeSerialNumber), ino: uint64(fi.FileIndexHigh)<<32 | uint64(fi.FileIndexLow)}, fi.FileAttributes, nil
}

// A topDir is the top of a tree removeDir removes, held open from the
// check of what it is to its removal.
type topDir struct {
	h         windows.Handle
	path      string // for errors, and to open it again
	want      fileID
	canDelete bool // h has DELETE access
}

// topAccess is the access of a topDir's handle, but DELETE.
const topAccess = windows.FILE_LIST_DIRECTORY | windows.FILE_READ_ATTRIBUTES | windows.SYNCHRONIZE

// openTop opens the directory path if it is want, a directory that is not
// a reparse point, and returns errNotMade if it is something else. The
// handle lets others read and write it, but not rename or remove it, so
// that path names it until it is removed. It has DELETE access, to remove
// the directory through it, unless another handle that does not share
// deletion is open (a process's current directory, which Windows opens
// so): then remove opens it again, and checks it again.
func openTop(path string, want fileID) (*topDir, error) {
	t := &topDir{path: path, want: want, canDelete: true}
	h, err := t.open(windows.DELETE | topAccess)
	if err == windows.ERROR_SHARING_VIOLATION {
		// Removing the directory would be refused anyway: what it holds is
		// removed all the same, and the refusal said at the end.
		t.canDelete = false
		h, err = t.open(topAccess)
	}
	if err != nil {
		return nil, err
	}
	t.h = h
	return t, nil
}

// open opens t.path with access, if it is t.want, a directory that is not
// a reparse point, and returns errNotMade if it is something else.
func (t *topDir) open(access uint32) (windows.Handle, error) {
	h, err := openDirHandle(t.path, access, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE)
	if err != nil {
		return 0, err
	}
	id, attrs, err := handleID(h)
	if err == nil && (!id.same(t.want) || attrs&windows.FILE_ATTRIBUTE_DIRECTORY == 0 || attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0) {
		err = errNotMade
	}
	if err != nil {
		windows.CloseHandle(h)
		return 0, err
	}
	return h, nil
}

// names returns the names in the directory, read through the handle: an
// open by path would be refused, since the handle does not share DELETE
// access.
func (t *topDir) names() ([]string, error) {
	var h windows.Handle
	p := windows.CurrentProcess()
	if err := windows.DuplicateHandle(p, t.h, p, &h, 0, false, windows.DUPLICATE_SAME_ACCESS); err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(h), t.path)
	defer f.Close()
	return f.Readdirnames(-1)
}

// remove removes the directory, which must be empty: it marks the handle
// delete-on-close (FileDispositionInfo, which Wine has too) and closes it.
// A handle without DELETE access is closed, and the directory opened
// again with it, if it is still want.
func (t *topDir) remove() error {
	if !t.canDelete {
		t.close()
		h, err := t.open(windows.DELETE | topAccess)
		if err != nil {
			return err
		}
		t.h, t.canDelete = h, true
	}
	deleteFile := uint8(1) // FILE_DISPOSITION_INFO's one BOOLEAN
	if err := windows.SetFileInformationByHandle(t.h, windows.FileDispositionInfo, &deleteFile, uint32(unsafe.Sizeof(deleteFile))); err != nil {
		return err
	}
	return t.close()
}

// close closes the handle, once.
func (t *topDir) close() error {
	if t.h == 0 {
		return nil
	}
	err := windows.CloseHandle(t.h)
	t.h = 0
	return err
}
