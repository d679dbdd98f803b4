package mkstemp

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

// dirID returns what the directory path is: its volume serial number and
// file index, from a handle that does not follow a reparse point at its
// end.
func dirID(path string) (fileID, error) {
	h, err := openDirHandle(path, windows.FILE_READ_ATTRIBUTES, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE)
	if err != nil {
		return fileID{}, err
	}
	defer windows.CloseHandle(h)
	id, _, err := handleID(h)
	return id, err
}

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
	return fileID{uint64(fi.VolumeSerialNumber), uint64(fi.FileIndexHigh)<<32 | uint64(fi.FileIndexLow)}, fi.FileAttributes, nil
}

// A topDir is the top of a tree removeDir removes, held open from the
// check of what it is to its removal.
type topDir struct {
	h    windows.Handle
	path string // for errors
}

// openTop opens the directory path if it is want, a directory that is not
// a reparse point, and returns errNotMade if it is something else. The
// handle lets others read and write it, but not rename or remove it, so
// that path names it until it is removed through that handle.
func openTop(path string, want fileID) (*topDir, error) {
	h, err := openDirHandle(path, windows.DELETE|windows.FILE_LIST_DIRECTORY|windows.FILE_READ_ATTRIBUTES|windows.SYNCHRONIZE, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE)
	if err != nil {
		return nil, err
	}
	id, attrs, err := handleID(h)
	if err == nil && (id != want || attrs&windows.FILE_ATTRIBUTE_DIRECTORY == 0 || attrs&windows.FILE_ATTRIBUTE_REPARSE_POINT != 0) {
		err = errNotMade
	}
	if err != nil {
		windows.CloseHandle(h)
		return nil, err
	}
	return &topDir{h, path}, nil
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
func (t *topDir) remove() error {
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
