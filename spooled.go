package mkstemp

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"sync"
	"syscall"
)

// SpooledFile is a temporary file kept in memory until it grows past a
// size, then moved to a [TemporaryFile]: Python's SpooledTemporaryFile.
// Before and after that rollover it behaves as an *os.File opened for
// reading and writing would. Its methods may be called from several
// goroutines at once.
type SpooledFile struct {
	mu                  sync.Mutex
	maxSize             int64
	suffix, prefix, dir string
	buf                 []byte   // the file, until rollover
	pos                 int64    // the position in buf, until rollover
	file                *os.File // the file, after rollover
	closed              bool
}

// inMemory is the path that errors name before rollover.
const inMemory = "(spooled in memory)"

// SpooledTemporaryFile returns a temporary file that lives in memory until
// a write leaves its position past maxSize (0: never), or Truncate asks
// for a size larger than maxSize, or [SpooledFile.Rollover] or
// [SpooledFile.File] is called. Then its bytes move to
// TemporaryFile(suffix, prefix, dir), at the same position. It mirrors
// Python's tempfile.SpooledTemporaryFile(max_size=maxSize, mode="w+b",
// suffix=suffix, prefix=prefix, dir=dir). Nothing is created until the
// rollover, so errors in the arguments show there.
//
// Unlike CPython's, a rollover that fails (a full disk, a missing dir)
// loses nothing: the error is returned, every byte stays in memory, and a
// later call may try again. And where CPython's in-memory Truncate cannot
// make the file longer, this one adds zero bytes, as a file does.
func SpooledTemporaryFile(maxSize int64, suffix, prefix, dir string) *SpooledFile {
	return &SpooledFile{maxSize: maxSize, suffix: suffix, prefix: prefix, dir: dir}
}

// Read reads up to len(b) bytes at the current position, as
// [os.File.Read]: at the end it returns 0 and io.EOF.
func (f *SpooledFile) Read(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("read")
	case f.file != nil:
		return f.file.Read(b)
	case len(b) == 0:
		return 0, nil
	case f.pos >= int64(len(f.buf)):
		return 0, io.EOF
	}
	n := copy(b, f.buf[f.pos:])
	f.pos += int64(n)
	return n, nil
}

// ReadAt reads len(b) bytes from offset off, as [os.File.ReadAt]: fewer
// bytes come with io.EOF. The position does not change.
func (f *SpooledFile) ReadAt(b []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("read")
	case f.file != nil:
		return f.file.ReadAt(b, off)
	case off < 0:
		return 0, &fs.PathError{Op: "readat", Path: inMemory, Err: errors.New("negative offset")}
	case off >= int64(len(f.buf)):
		return 0, io.EOF
	}
	n := copy(b, f.buf[off:])
	if n < len(b) {
		return n, io.EOF
	}
	return n, nil
}

// Write writes b at the current position and moves past it, as
// [os.File.Write]; writing past the end leaves zero bytes in between. If
// the position is then past maxSize, the file is rolled over first and b
// written to the file on disk; if that rollover fails, nothing is written
// and the error is returned.
func (f *SpooledFile) Write(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.prepareWrite("write", f.pos, len(b)); err != nil {
		return 0, err
	}
	if f.file != nil {
		return f.file.Write(b)
	}
	f.writeAt(b, f.pos)
	f.pos += int64(len(b))
	return len(b), nil
}

// WriteString is Write of the bytes of s.
func (f *SpooledFile) WriteString(s string) (int, error) {
	return f.Write([]byte(s))
}

// WriteAt writes b at offset off, as [os.File.WriteAt]; the position does
// not change. If the bytes written reach past maxSize, the file is rolled
// over first, as for Write.
func (f *SpooledFile) WriteAt(b []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if off < 0 && !f.closed {
		return 0, &fs.PathError{Op: "writeat", Path: f.name(), Err: errors.New("negative offset")}
	}
	if err := f.prepareWrite("write", off, len(b)); err != nil {
		return 0, err
	}
	if f.file != nil {
		return f.file.WriteAt(b, off)
	}
	f.writeAt(b, off)
	return len(b), nil
}

// prepareWrite fails if the file is closed, and rolls it over if a write of
// n bytes at off would end past maxSize: CPython's rule, tell() > max_size
// after a write, applied before it, so that the bytes go straight to disk.
func (f *SpooledFile) prepareWrite(op string, off int64, n int) error {
	if f.closed {
		return f.closedError(op)
	}
	if f.file == nil && f.maxSize > 0 && off+int64(n) > f.maxSize {
		return f.rollover()
	}
	return nil
}

// writeAt copies b into the buffer at off, growing it with zero bytes if
// b is not empty (writing nothing past the end of a file leaves it as it
// is).
func (f *SpooledFile) writeAt(b []byte, off int64) {
	if len(b) == 0 {
		return
	}
	if end := off + int64(len(b)); end > int64(len(f.buf)) {
		f.buf = append(f.buf, make([]byte, end-int64(len(f.buf)))...)
	}
	copy(f.buf[off:], b)
}

// Seek sets the position for the next Read or Write, as [os.File.Seek]:
// relative to the start (io.SeekStart), the current position
// (io.SeekCurrent) or the end (io.SeekEnd). A position past the end is
// allowed; a negative one is an error.
func (f *SpooledFile) Seek(offset int64, whence int) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("seek")
	case f.file != nil:
		return f.file.Seek(offset, whence)
	}
	var pos int64
	switch whence {
	case io.SeekStart:
		pos = offset
	case io.SeekCurrent:
		pos = f.pos + offset
	case io.SeekEnd:
		pos = int64(len(f.buf)) + offset
	default:
		return 0, &fs.PathError{Op: "seek", Path: inMemory, Err: syscall.EINVAL}
	}
	if pos < 0 {
		return 0, &fs.PathError{Op: "seek", Path: inMemory, Err: syscall.EINVAL}
	}
	f.pos = pos
	return pos, nil
}

// Truncate changes the size of the file, as [os.File.Truncate], cutting it
// or adding zero bytes; the position does not change. A size larger than
// maxSize rolls the file over first (with maxSize 0, any size above 0, as
// in CPython).
func (f *SpooledFile) Truncate(size int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return f.closedError("truncate")
	case size < 0:
		return &fs.PathError{Op: "truncate", Path: f.name(), Err: syscall.EINVAL}
	case f.file == nil && size > f.maxSize:
		if err := f.rollover(); err != nil {
			return err
		}
	}
	if f.file != nil {
		return f.file.Truncate(size)
	}
	if size <= int64(len(f.buf)) {
		f.buf = f.buf[:size]
	} else {
		f.buf = append(f.buf, make([]byte, size-int64(len(f.buf)))...)
	}
	return nil
}

// Size returns the size of the file in bytes.
func (f *SpooledFile) Size() (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("stat")
	case f.file != nil:
		fi, err := f.file.Stat()
		if err != nil {
			return 0, err
		}
		return fi.Size(), nil
	}
	return int64(len(f.buf)), nil
}

// Rolled reports whether the file has moved to disk.
func (f *SpooledFile) Rolled() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.file != nil
}

// Rollover moves the file to disk now, if it is still in memory: a
// TemporaryFile(suffix, prefix, dir) with the same bytes and position. If
// that fails, the error is returned and the file stays in memory, whole.
func (f *SpooledFile) Rollover() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return f.closedError("rollover")
	}
	return f.rollover()
}

func (f *SpooledFile) rollover() error {
	if f.file != nil {
		return nil
	}
	file, err := TemporaryFile(f.suffix, f.prefix, f.dir)
	if err != nil {
		return err
	}
	if _, err := file.Write(f.buf); err != nil {
		file.Close()
		return err
	}
	if _, err := file.Seek(f.pos, io.SeekStart); err != nil {
		file.Close()
		return err
	}
	f.file, f.buf, f.pos = file, nil, 0
	return nil
}

// File rolls the file over and returns the file on disk: Python's
// fileno(). It stays the SpooledFile's, which closes it.
func (f *SpooledFile) File() (*os.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, f.closedError("file")
	}
	if err := f.rollover(); err != nil {
		return nil, err
	}
	return f.file, nil
}

// Close closes the file, in memory or on disk, and with it goes every
// byte. After it, every method fails with an error matching os.ErrClosed.
func (f *SpooledFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return f.closedError("close")
	}
	f.closed = true
	f.buf = nil
	if f.file != nil {
		return f.file.Close()
	}
	return nil
}

// name is the path that errors name.
func (f *SpooledFile) name() string {
	if f.file != nil {
		return f.file.Name()
	}
	return inMemory
}

func (f *SpooledFile) closedError(op string) error {
	return &fs.PathError{Op: op, Path: f.name(), Err: os.ErrClosed}
}
