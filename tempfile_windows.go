package mkstemp

import "os"

// temporaryFile is CPython's TemporaryFile on Windows, a NamedTemporaryFile
// with O_TEMPORARY: the file is created as Mkstemp creates it, with
// FILE_FLAG_DELETE_ON_CLOSE, so the system removes it with its last handle.
func temporaryFile(dir, prefix, suffix string) (*os.File, error) {
	fd, path, err := create("temporaryfile", dir, prefix, suffix, errNoUsableFileName, func(path string) (int, error) {
		return openTempFile(path, true)
	})
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), path), nil
}
