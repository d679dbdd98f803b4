package mkstemp

import (
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"
)

// The methods of *os.File, each forwarded to the embedded File, so that
// they are NamedFile's own and safe on a nil *NamedFile, which they treat
// as a nil *os.File (every one returns an error matching fs.ErrInvalid;
// Fd returns ^uintptr(0)). Name and Close are in tempfile.go.

// file returns the *os.File f embeds, or nil if f is nil.
func (f *NamedFile) file() *os.File {
	if f == nil {
		return nil
	}
	return f.File
}

// Chdir is [os.File.Chdir].
func (f *NamedFile) Chdir() error {
	return f.file().Chdir()
}

// Chmod is [os.File.Chmod].
func (f *NamedFile) Chmod(mode os.FileMode) error {
	return f.file().Chmod(mode)
}

// Chown is [os.File.Chown].
func (f *NamedFile) Chown(uid, gid int) error {
	return f.file().Chown(uid, gid)
}

// Fd is [os.File.Fd].
func (f *NamedFile) Fd() uintptr {
	return f.file().Fd()
}

// Read is [os.File.Read].
func (f *NamedFile) Read(b []byte) (n int, err error) {
	return f.file().Read(b)
}

// ReadAt is [os.File.ReadAt].
func (f *NamedFile) ReadAt(b []byte, off int64) (n int, err error) {
	return f.file().ReadAt(b, off)
}

// ReadDir is [os.File.ReadDir].
func (f *NamedFile) ReadDir(n int) ([]os.DirEntry, error) {
	return f.file().ReadDir(n)
}

// ReadFrom is [os.File.ReadFrom]; a nil r is an error, not a panic.
func (f *NamedFile) ReadFrom(r io.Reader) (n int64, err error) {
	if r == nil && !f.zero() {
		return 0, &fs.PathError{Op: "readfrom", Path: f.File.Name(), Err: fs.ErrInvalid}
	}
	return f.file().ReadFrom(r)
}

// Readdir is [os.File.Readdir].
func (f *NamedFile) Readdir(n int) ([]os.FileInfo, error) {
	return f.file().Readdir(n)
}

// Readdirnames is [os.File.Readdirnames].
func (f *NamedFile) Readdirnames(n int) (names []string, err error) {
	return f.file().Readdirnames(n)
}

// Seek is [os.File.Seek].
func (f *NamedFile) Seek(offset int64, whence int) (ret int64, err error) {
	return f.file().Seek(offset, whence)
}

// SetDeadline is [os.File.SetDeadline].
func (f *NamedFile) SetDeadline(t time.Time) error {
	return f.file().SetDeadline(t)
}

// SetReadDeadline is [os.File.SetReadDeadline].
func (f *NamedFile) SetReadDeadline(t time.Time) error {
	return f.file().SetReadDeadline(t)
}

// SetWriteDeadline is [os.File.SetWriteDeadline].
func (f *NamedFile) SetWriteDeadline(t time.Time) error {
	return f.file().SetWriteDeadline(t)
}

// Stat is [os.File.Stat].
func (f *NamedFile) Stat() (os.FileInfo, error) {
	return f.file().Stat()
}

// Sync is [os.File.Sync].
func (f *NamedFile) Sync() error {
	return f.file().Sync()
}

// SyscallConn is [os.File.SyscallConn].
func (f *NamedFile) SyscallConn() (syscall.RawConn, error) {
	return f.file().SyscallConn()
}

// Truncate is [os.File.Truncate].
func (f *NamedFile) Truncate(size int64) error {
	return f.file().Truncate(size)
}

// Write is [os.File.Write].
func (f *NamedFile) Write(b []byte) (n int, err error) {
	return f.file().Write(b)
}

// WriteAt is [os.File.WriteAt].
func (f *NamedFile) WriteAt(b []byte, off int64) (n int, err error) {
	return f.file().WriteAt(b, off)
}

// WriteString is [os.File.WriteString].
func (f *NamedFile) WriteString(s string) (n int, err error) {
	return f.file().WriteString(s)
}

// WriteTo is [os.File.WriteTo]; a nil w is an error, not a panic.
func (f *NamedFile) WriteTo(w io.Writer) (n int64, err error) {
	if w == nil && !f.zero() {
		return 0, &fs.PathError{Op: "writeto", Path: f.File.Name(), Err: fs.ErrInvalid}
	}
	return f.file().WriteTo(w)
}
