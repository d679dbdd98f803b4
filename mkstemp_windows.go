package mkstemp

import (
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/windows"
)

// openFile creates path with CREATE_NEW, which fails on any existing name,
// and a handle that child processes do not inherit. The share mode lets the
// caller delete or rename the file while it is open, as on Unix. text
// changes nothing: a HANDLE has no newline translation.
func openFile(path string, text bool) (int, error) {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return -1, err
	}
	sa := windows.SecurityAttributes{InheritHandle: 0}
	sa.Length = uint32(unsafe.Sizeof(sa))
	h, err := windows.CreateFile(p, windows.GENERIC_READ|windows.GENERIC_WRITE,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		&sa, windows.CREATE_NEW, windows.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		return -1, err
	}
	return int(h), nil
}

func makeDir(path string) error {
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	return windows.CreateDirectory(p, nil)
}

// collided reports whether err means that the name tried is taken.
func collided(err error, dir string, last bool) bool {
	return err == windows.ERROR_FILE_EXISTS || err == windows.ERROR_ALREADY_EXISTS
}

// getwd is os.getcwd, GetCurrentDirectory.
func getwd() (string, error) {
	return os.Getwd()
}

// abspath is ntpath.abspath: GetFullPathName, then cleaned.
func abspath(path string) (string, error) {
	return filepath.Abs(path)
}
