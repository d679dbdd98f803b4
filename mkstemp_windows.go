package mkstemp

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/sys/windows"
)

// openFile creates path with CREATE_NEW, which fails on any existing name,
// a handle that child processes do not inherit, and the owner-only DACL of
// privateDACL. The share mode lets the caller delete or rename the file
// while it is open, as on Unix. text changes nothing: a HANDLE has no
// newline translation.
func openFile(path string, text bool) (int, error) {
	return openTempFile(path, false)
}

// systemDeletesOnClose is true: Windows removes a file opened with
// FILE_FLAG_DELETE_ON_CLOSE when its last handle is closed.
const systemDeletesOnClose = true

// openTempFile creates path as openFile does and, with deleteOnClose, with
// FILE_FLAG_DELETE_ON_CLOSE (CPython's O_TEMPORARY), which needs DELETE
// access.
func openTempFile(path string, deleteOnClose bool) (int, error) {
	sa, err := privateAttributes(false)
	if err != nil {
		return -1, err
	}
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return -1, err
	}
	access, attrs := uint32(windows.GENERIC_READ|windows.GENERIC_WRITE), uint32(windows.FILE_ATTRIBUTE_NORMAL)
	if deleteOnClose {
		access |= windows.DELETE
		attrs |= windows.FILE_FLAG_DELETE_ON_CLOSE
	}
	h, err := windows.CreateFile(p, access,
		windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE|windows.FILE_SHARE_DELETE,
		sa, windows.CREATE_NEW, attrs, 0)
	if err != nil {
		return -1, err
	}
	return int(h), nil
}

// makeDir creates the directory path with the owner-only DACL of
// privateDACL, which the files and directories made in it inherit.
func makeDir(path string) error {
	sa, err := privateAttributes(true)
	if err != nil {
		return err
	}
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return err
	}
	return windows.CreateDirectory(p, sa)
}

// privateDACL is the SDDL of the DACL that Windows gives to every file and
// directory this package creates: protected, so that nothing is inherited
// from the parent, with full access for SYSTEM, the Administrators and the
// user the process runs as, and nobody else. It is CPython's DACL for
// os.mkdir(path, 0o700), the fix for CVE-2024-4030, except that the third
// entry names the user's own SID where CPython names OWNER RIGHTS (S-1-3-4):
// OpenSSH refuses a key file whose ACL holds OWNER RIGHTS (CPython issue
// #128038), and an elevated process would give OWNER RIGHTS to the
// Administrators, who own what it creates, locking its own user out.
// %s is the user's SID and %f the inheritance flags: none for a file,
// OICI for a directory, so that what is created in it is private too.
const privateDACL = "D:P(A;%f;FA;;;SY)(A;%f;FA;;;BA)(A;%f;FA;;;%s)"

// privateSD holds the security descriptors built from privateDACL for a
// file and for a directory; they are the same for every call.
var privateSD = sync.OnceValues(func() (*[2]*windows.SECURITY_DESCRIPTOR, error) {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return nil, err
	}
	sid := user.User.Sid.String()
	var sds [2]*windows.SECURITY_DESCRIPTOR
	for i, flags := range []string{"", "OICI"} {
		sddl := strings.NewReplacer("%f", flags, "%s", sid).Replace(privateDACL)
		if sds[i], err = windows.SecurityDescriptorFromString(sddl); err != nil {
			return nil, err
		}
	}
	return &sds, nil
})

// privateAttributes returns security attributes with the owner-only DACL
// for a directory or a file, and a handle that is not inheritable.
func privateAttributes(dir bool) (*windows.SecurityAttributes, error) {
	sds, err := privateSD()
	if err != nil {
		return nil, err
	}
	sa := &windows.SecurityAttributes{InheritHandle: 0}
	sa.Length = uint32(unsafe.Sizeof(*sa))
	sa.SecurityDescriptor = sds[0]
	if dir {
		sa.SecurityDescriptor = sds[1]
	}
	return sa, nil
}

// longPath returns path, an absolute and clean path, in the \\?\ form that
// Windows accepts beyond MAX_PATH characters when it is that long. The
// form turns off the Win32 name rules, so it is only used where it is
// needed; the path returned to the caller is always the plain one.
func longPath(path string) string {
	const limit = 248 // MAX_PATH less room for an 8.3 name, CreateDirectory's limit
	switch {
	case len(path) < limit, strings.HasPrefix(path, `\\?\`), strings.HasPrefix(path, `\\.\`):
		return path
	case strings.HasPrefix(path, `\\`):
		return `\\?\UNC\` + path[2:]
	case filepath.VolumeName(path) != "":
		return `\\?\` + path
	}
	return path
}

// collided reports whether err, from creating path in dir, means that the
// name tried is taken. Besides "already exists", Windows answers "access
// denied" for a name that is a directory or a file being deleted, so, like
// CPython, access denied moves on to the next name when dir is a directory
// and this was not the last attempt. Unlike CPython, it also asks that
// the name be there: a directory that refuses new files answers access
// denied for every free name, and that error comes back at once instead
// of after TmpMax attempts.
func collided(err error, dir, path string, last bool) bool {
	switch err {
	case windows.ERROR_FILE_EXISTS, windows.ERROR_ALREADY_EXISTS:
		return true
	case windows.ERROR_ACCESS_DENIED:
		return !last && isDir(dir) && !isFree(path)
	}
	return false
}

// isDir is os.path.isdir.
func isDir(path string) bool {
	attrs, err := fileAttributes(path)
	return err == nil && attrs&windows.FILE_ATTRIBUTE_DIRECTORY != 0
}

// isFree reports whether nothing has the name path: Windows says the file
// or the path is not found.
func isFree(path string) bool {
	_, err := fileAttributes(path)
	return err == windows.ERROR_FILE_NOT_FOUND || err == windows.ERROR_PATH_NOT_FOUND
}

// fileAttributes is GetFileAttributes of path, long or not.
func fileAttributes(path string) (uint32, error) {
	p, err := windows.UTF16PtrFromString(longPath(path))
	if err != nil {
		return 0, err
	}
	return windows.GetFileAttributes(p)
}

// getwd is os.getcwd, GetCurrentDirectory.
func getwd() (string, error) {
	return os.Getwd()
}

// abspath is ntpath.abspath: GetFullPathName, then cleaned.
func abspath(path string) (string, error) {
	return filepath.Abs(path)
}

// checkPrefix refuses a prefix that Windows would not keep as part of a
// name in the directory: a name that checkWindowsName refuses; a colon,
// which makes "C:x" a path relative to drive C's current directory and
// "a:x" a stream of a file a; or a reserved device name such as NUL or CON
// before a dot, which Windows before 11 opens as the device ("nul.x" is
// NUL).
func checkPrefix(prefix string) error {
	if err := checkWindowsName(prefix, errPrefixNotUTF8, errPrefixReserved); err != nil {
		return err
	}
	if strings.IndexByte(prefix, ':') >= 0 {
		return errPrefixColon
	}
	if dot := strings.IndexByte(prefix, '.'); dot >= 0 && isWindowsDevice(strings.TrimRight(prefix[:dot], " ")) {
		return errPrefixDevice
	}
	return nil
}

// checkSuffix refuses a suffix that checkWindowsName refuses, one with a
// colon, or one that ends in a dot or a space, which Windows strips from a
// name: the file created would not be the one the returned path names.
func checkSuffix(suffix string) error {
	if err := checkWindowsName(suffix, errSuffixNotUTF8, errSuffixReserved); err != nil {
		return err
	}
	if strings.IndexByte(suffix, ':') >= 0 {
		return errSuffixColon
	}
	if n := len(suffix); n > 0 && (suffix[n-1] == '.' || suffix[n-1] == ' ') {
		return errSuffixTrailing
	}
	return nil
}

// checkWindowsName returns errUTF8 if s is not valid UTF-8, which Windows
// names cannot hold (each bad byte would become U+FFFD, so "\xff" and
// "\xfe" would name the same file, and the path returned would not hold the
// bytes of the name created), and errReserved if s holds a character that
// Windows refuses in a name: * ? < > " | or a control character.
func checkWindowsName(s string, errUTF8, errReserved error) error {
	if !utf8.ValidString(s) {
		return errUTF8
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || strings.IndexByte(`*?<>"|`, c) >= 0 {
			return errReserved
		}
	}
	return nil
}

// isWindowsDevice reports whether name is one of the DOS device names that
// Windows reserves in every directory, in any case.
func isWindowsDevice(name string) bool {
	upper := strings.ToUpper(name)
	switch upper {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(upper) < 4 || (upper[:3] != "COM" && upper[:3] != "LPT") {
		return false
	}
	switch digit := upper[3:]; digit {
	case "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2", "\u00b3":
		return true
	}
	return false
}

var (
	errPrefixColon    = &tempError{"prefix contains a colon", syscall.EINVAL, fs.ErrInvalid}
	errSuffixColon    = &tempError{"suffix contains a colon", syscall.EINVAL, fs.ErrInvalid}
	errPrefixDevice   = &tempError{"prefix starts with a Windows device name", syscall.EINVAL, fs.ErrInvalid}
	errSuffixTrailing = &tempError{"suffix ends in a dot or a space", syscall.EINVAL, fs.ErrInvalid}
	errPrefixNotUTF8  = &tempError{"prefix is not valid UTF-8", syscall.EINVAL, fs.ErrInvalid}
	errSuffixNotUTF8  = &tempError{"suffix is not valid UTF-8", syscall.EINVAL, fs.ErrInvalid}
	errPrefixReserved = &tempError{`prefix contains a character Windows refuses in a name (* ? < > " | or a control character)`, syscall.EINVAL, fs.ErrInvalid}
	errSuffixReserved = &tempError{`suffix contains a character Windows refuses in a name (* ? < > " | or a control character)`, syscall.EINVAL, fs.ErrInvalid}
)
