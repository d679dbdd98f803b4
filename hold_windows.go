package mkstemp

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// handle is a handle the package holds (see held).
type handle = windows.Handle

// holdDir opens the directory path, not following a reparse point at its
// end, to be held, and returns what it is. The handle has no access but
// to attributes and shares everything, so that the holder can still read,
// write, rename and remove the directory, and Cleanup open it to remove
// it (see openTop).
func holdDir(path string) (*held, fileID, error) {
	h, err := openDirHandle(path, windows.FILE_READ_ATTRIBUTES, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE)
	if err != nil {
		return nil, fileID{}, err
	}
	id, _, err := handleID(h)
	if err != nil {
		windows.CloseHandle(h)
		return nil, fileID{}, err
	}
	return &held{h: h}, id, nil
}

// closeHandle closes a handle held.
func closeHandle(h windows.Handle) { windows.CloseHandle(h) }

// gone reports whether the directory x holds was removed by someone else,
// and only x keeps it: the removal of a file still open is pending until
// its last handle is closed, its name still taken (but where the remover
// asked for POSIX semantics, as Go's os.RemoveAll does on Windows 10),
// and Windows lets no one open it meanwhile, Cleanup included. (Wine never
// says a removal is pending, and lets Cleanup open and remove the
// directory all the same.)
func (x *held) gone() bool {
	if x == nil {
		return false
	}
	// FILE_STANDARD_INFO.
	var info struct {
		allocationSize, endOfFile int64
		numberOfLinks             uint32
		deletePending, directory  bool
	}
	err := windows.GetFileInformationByHandleEx(x.h, windows.FileStandardInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info)))
	return err == nil && info.deletePending
}
