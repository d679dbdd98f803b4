package mkstemp

import (
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/windows"
)

// openFileIn creates the file name in root with createIn.
func openFileIn(root *os.Root, name string) (*os.File, error) {
	h, err := createIn(root, name, false)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(h), filepath.Join(root.Name(), name)), nil
}

// makeDirIn creates the directory name in root with createIn.
func makeDirIn(root *os.Root, name string) error {
	h, err := createIn(root, name, true)
	if err != nil {
		return err
	}
	return windows.CloseHandle(h)
}

// createIn creates name, a file or a directory, with NtCreateFile relative
// to a handle of the directory root holds open, never through its path:
// FILE_CREATE fails on any existing name, the owner-only DACL of
// privateDACL, and a handle that no child inherits (no OBJ_INHERIT).
func createIn(root *os.Root, name string, dir bool) (windows.Handle, error) {
	d, err := root.Open(".")
	if err != nil {
		return 0, err
	}
	defer d.Close()
	sa, err := privateAttributes(dir)
	if err != nil {
		return 0, err
	}
	objName, err := windows.NewNTUnicodeString(name)
	if err != nil {
		return 0, err
	}
	oa := &windows.OBJECT_ATTRIBUTES{
		RootDirectory:      windows.Handle(d.Fd()),
		ObjectName:         objName,
		Attributes:         windows.OBJ_CASE_INSENSITIVE,
		SecurityDescriptor: sa.SecurityDescriptor,
	}
	oa.Length = uint32(unsafe.Sizeof(*oa))
	access := uint32(windows.GENERIC_READ | windows.GENERIC_WRITE | windows.SYNCHRONIZE)
	options := uint32(windows.FILE_NON_DIRECTORY_FILE | windows.FILE_SYNCHRONOUS_IO_NONALERT)
	if dir {
		access = windows.FILE_LIST_DIRECTORY | windows.SYNCHRONIZE
		options = windows.FILE_DIRECTORY_FILE | windows.FILE_SYNCHRONOUS_IO_NONALERT
	}
	var h windows.Handle
	var iosb windows.IO_STATUS_BLOCK
	err = windows.NtCreateFile(&h, access, oa, &iosb, nil, windows.FILE_ATTRIBUTE_NORMAL,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		windows.FILE_CREATE, options, 0, 0)
	if st, ok := err.(windows.NTStatus); ok {
		return 0, st.Errno()
	}
	return h, err
}

// collidedIn is collided for a name in root: "exists", or "access denied"
// for a name that something has (a directory, a file being deleted) when
// attempts remain.
func collidedIn(err error, root *os.Root, name string, last bool) bool {
	switch err {
	case windows.ERROR_FILE_EXISTS, windows.ERROR_ALREADY_EXISTS:
		return true
	case windows.ERROR_ACCESS_DENIED:
		_, lerr := root.Lstat(name)
		return !last && lerr == nil
	}
	return false
}
