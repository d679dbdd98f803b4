package mkstemp

import (
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"sync"
	"syscall"
)

// SpooledFile is a temporary file kept in memory until it grows past a
// size, then moved to a [TemporaryFile]: Python's SpooledTemporaryFile.
// Before and after that rollover it behaves as an *os.File opened for
// reading and writing would. Its methods may be called from several
// goroutines at once.
//
// The zero SpooledFile is an empty in-memory file ready to use, as
// SpooledTemporaryFile(0, "", "", "") returns. A nil *SpooledFile fails
// every call with an error matching [fs.ErrInvalid], as a nil *os.File
// does, and is never Rolled.
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

// spoolLimit is the most bytes a SpooledFile keeps in memory, whatever its
// maxSize: 1 GiB, or 256 MiB where an int has 32 bits. A variable only so
// that tests can make it small.
var spoolLimit int64 = min(1<<30, math.MaxInt/8+1)

// tooBig reports whether the in-memory file, grown to end bytes with zeros
// from its end to start, would be more than memory should hold: more than
// spoolLimit bytes, or a hole of more than a 64th of it (16 MiB), zeros
// nobody wrote, which a file system keeps sparse.
func (f *SpooledFile) tooBig(start, end int64) bool {
	return end > spoolLimit || start-int64(len(f.buf)) > spoolLimit/64
}

// SpooledTemporaryFile returns a temporary file that keeps its bytes in
// memory until it grows past maxSize, then moves them to
// TemporaryFile(suffix, prefix, dir) and goes on there, at the same
// position. Use it as an *os.File opened for reading and writing, and Close
// it when done: Close frees the memory, or closes the file on disk, which
// the system then removes. Nothing is created before the rollover, so an
// error in the arguments (a missing dir) is returned by the call that rolls
// over. It mirrors Python's tempfile.SpooledTemporaryFile(max_size=maxSize,
// mode="w+b", suffix=suffix, prefix=prefix, dir=dir).
//
// The file rolls over, before the call that makes it, when
//   - a write (Write, WriteString, WriteAt) would end past maxSize: Python's
//     rule, tell() > max_size after a write. With maxSize 0 writes never
//     roll it over; with a negative maxSize the first write does, even an
//     empty one;
//   - Truncate asks for a size larger than maxSize (with maxSize 0, any
//     size above 0, as in Python);
//   - a write or Truncate would make the bytes in memory more than 1 GiB
//     (256 MiB on 32-bit systems), or leave a hole of more than 16 MiB
//     (4 MiB) past the end, whatever maxSize: a Seek far past the end and
//     a one-byte Write leave a hole in the file on disk, sparse where the
//     file system can, rather than in memory;
//   - [SpooledFile.Rollover] or [SpooledFile.File] is called.
//
// A rollover that fails (a full disk, a missing dir) loses nothing: its
// error is returned, the call that needed it does nothing else, every byte
// stays in memory, and a later call may try again.
//
// Errors are *fs.PathError values naming the operation and the file, as
// *os.File's are (the path is "(spooled in memory)" before rollover, and
// the Name of the TemporaryFile after it, such as /proc/self/fd/7); a call
// that fails in memory changes nothing. After Close every call fails with
// an error matching [os.ErrClosed]. In memory, offsets behave as a file's
// on Linux's tmpfs, where a file may be as large as int64 allows: any
// position from 0 to math.MaxInt64 may be set; a Seek to a position
// outside that range, or a read or write whose end would be past
// math.MaxInt64, fails with EINVAL; a read of nothing returns 0 and no
// error, wherever it is. The one difference: a whence other than
// io.SeekStart, io.SeekCurrent and io.SeekEnd fails with EINVAL, where
// *os.File passes it to the system (Linux's lseek takes 3 and 4 as
// SEEK_DATA and SEEK_HOLE, and reads only its low 32 bits). After rollover
// the file on disk answers, and its file system has its own limits: ext4
// refuses positions past 16 TiB with EINVAL and sizes past them with
// EFBIG, so a position that memory allowed can make the rollover fail.
//
// Unlike CPython's: a failed rollover loses nothing (CPython's loses the
// bytes if writing them to the new file fails); the memory limits (CPython
// keeps any size in memory, or fails with MemoryError or OverflowError); a
// Truncate in memory adds zero bytes, as a file does, where CPython's
// cannot make the file longer; and it has the ReadAt and WriteAt of an
// *os.File.
func SpooledTemporaryFile(maxSize int64, suffix, prefix, dir string) *SpooledFile {
	return &SpooledFile{maxSize: maxSize, suffix: suffix, prefix: prefix, dir: dir}
}

// Read reads up to len(b) bytes at the current position, as
// [os.File.Read]: at the end it returns 0 and io.EOF.
func (f *SpooledFile) Read(b []byte) (int, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	n, err := f.read(b)
	f.mu.Unlock()
	return n, err
}

func (f *SpooledFile) read(b []byte) (int, error) {
	switch {
	case f.closed:
		return 0, f.closedError("read")
	case f.file != nil:
		n, err := f.file.Read(b)
		return n, err
	case len(b) == 0:
		return 0, nil
	case f.pos > math.MaxInt64-int64(len(b)):
		return 0, f.invalid("read")
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
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("read")
	case f.file != nil:
		n, err := f.file.ReadAt(b, off)
		return n, err
	case off < 0:
		return 0, &fs.PathError{Op: "readat", Path: inMemory, Err: errors.New("negative offset")}
	case len(b) == 0:
		return 0, nil
	case off > math.MaxInt64-int64(len(b)):
		return 0, f.invalid("read")
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
// the file rolls over (see [SpooledTemporaryFile]), it does so first and b
// goes to the file on disk; if that rollover fails, nothing is written and
// its error is returned.
func (f *SpooledFile) Write(b []byte) (int, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	if err := f.prepareWrite("write", f.pos, len(b)); err != nil {
		f.mu.Unlock()
		return 0, err
	}
	if f.file != nil {
		n, err := f.file.Write(b)
		f.mu.Unlock()
		return n, err
	}
	if len(b) > 0 {
		f.buf = writeAt(f.buf, b, int(f.pos))
		f.pos += int64(len(b))
	}
	f.mu.Unlock()
	return len(b), nil
}

// WriteString is Write of the bytes of s, without a copy of s.
func (f *SpooledFile) WriteString(s string) (int, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	if err := f.prepareWrite("write", f.pos, len(s)); err != nil {
		f.mu.Unlock()
		return 0, err
	}
	if f.file != nil {
		n, err := f.file.WriteString(s)
		f.mu.Unlock()
		return n, err
	}
	if len(s) > 0 {
		f.buf = writeAt(f.buf, s, int(f.pos))
		f.pos += int64(len(s))
	}
	f.mu.Unlock()
	return len(s), nil
}

// WriteAt writes b at offset off, as [os.File.WriteAt]; the position does
// not change. It rolls the file over first as Write does, with the end of
// b at off in place of the position after the write.
func (f *SpooledFile) WriteAt(b []byte, off int64) (int, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if off < 0 && !f.closed && f.file == nil {
		return 0, &fs.PathError{Op: "writeat", Path: inMemory, Err: errors.New("negative offset")}
	}
	if err := f.prepareWrite("write", off, len(b)); err != nil {
		return 0, err
	}
	if f.file != nil {
		n, err := f.file.WriteAt(b, off)
		return n, err
	}
	if len(b) > 0 {
		f.buf = writeAt(f.buf, b, int(off))
	}
	return len(b), nil
}

// prepareWrite comes before a write of n bytes at off: it fails if the
// file is closed, or in memory if the write would end past the int64 range
// (as Linux's pwrite), and rolls the file over where [SpooledTemporaryFile]
// says, so that the bytes go straight to disk and a failed rollover leaves
// everything in memory.
func (f *SpooledFile) prepareWrite(op string, off int64, n int) error {
	switch {
	case f.closed:
		return f.closedError(op)
	case f.file != nil:
		return nil
	case off > math.MaxInt64-int64(n):
		return f.invalid(op)
	}
	end := off + int64(n)
	if f.maxSize != 0 && end > f.maxSize || n > 0 && f.tooBig(off, end) {
		return f.rollover()
	}
	return nil
}

// writeAt writes b into buf at off, which the caller keeps within
// spoolLimit, and returns buf. Bytes between the end of buf and off become
// zeros.
func writeAt[T string | []byte](buf []byte, b T, off int) []byte {
	if end := off + len(b); end > cap(buf) {
		buf = grow(buf, end)
	}
	if off > len(buf) {
		buf = append(buf, make([]byte, off-len(buf))...)
	}
	n := copy(buf[off:], b)
	return append(buf, b[n:]...)
}

// grow returns buf with room for at least end bytes: twice its capacity, at
// least 64 bytes, at most spoolLimit, as bytes.Buffer grows. Only the room
// past the old bytes is zeroed (the compiler's make-and-copy pattern),
// where bytes.Buffer zeroes it all and then copies the old bytes over.
func grow(buf []byte, end int) []byte {
	c := min(max(2*int64(cap(buf)), 64), spoolLimit)
	nb := make([]byte, max(int64(end), c))
	copy(nb, buf)
	return nb[:len(buf)]
}

// Seek sets the position for the next Read or Write, as [os.File.Seek]:
// relative to the start (io.SeekStart), the current position
// (io.SeekCurrent) or the end (io.SeekEnd). A position past the end is
// allowed. A negative one, one past math.MaxInt64, or another whence, is
// an error (EINVAL in memory) and leaves the position as it was.
func (f *SpooledFile) Seek(offset int64, whence int) (int64, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return 0, f.closedError("seek")
	case f.file != nil:
		pos, err := f.file.Seek(offset, whence)
		return pos, err
	}
	var base int64
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		base = f.pos
	case io.SeekEnd:
		base = int64(len(f.buf))
	default:
		return 0, f.invalid("seek")
	}
	if offset > 0 && base > math.MaxInt64-offset || base+offset < 0 {
		return 0, f.invalid("seek")
	}
	f.pos = base + offset
	return f.pos, nil
}

// Truncate changes the size of the file, as [os.File.Truncate], cutting it
// or adding zero bytes; the position does not change. A size larger than
// maxSize (with maxSize 0, any size above 0, as in CPython), or one that
// the memory limits of [SpooledTemporaryFile] refuse, rolls the file over
// first.
func (f *SpooledFile) Truncate(size int64) error {
	if f == nil {
		return fs.ErrInvalid
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch {
	case f.closed:
		return f.closedError("truncate")
	case f.file != nil:
		return f.file.Truncate(size)
	case size < 0:
		return f.invalid("truncate")
	case size > f.maxSize || f.tooBig(size, size):
		if err := f.rollover(); err != nil {
			return err
		}
		return f.file.Truncate(size)
	}
	if size <= int64(len(f.buf)) {
		f.buf = f.buf[:size]
	} else {
		n := len(f.buf)
		if int(size) > cap(f.buf) {
			f.buf = grow(f.buf, int(size))
		}
		f.buf = f.buf[:size]
		clear(f.buf[n:]) // what a shorter Truncate cut may still be there
	}
	return nil
}

// Size returns the size of the file in bytes.
func (f *SpooledFile) Size() (int64, error) {
	if f == nil {
		return 0, fs.ErrInvalid
	}
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
	if f == nil {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.file != nil
}

// Rollover moves the file to disk now, if it is still in memory: a
// TemporaryFile(suffix, prefix, dir) with the same bytes and position. If
// that fails, the error is returned and the file stays in memory, whole.
func (f *SpooledFile) Rollover() error {
	if f == nil {
		return fs.ErrInvalid
	}
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
	if f == nil {
		return nil, fs.ErrInvalid
	}
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
	if f == nil {
		return fs.ErrInvalid
	}
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

// name is the path that errors name: the Name of the file on disk, or
// inMemory.
func (f *SpooledFile) name() string {
	if f.file != nil {
		return f.file.Name()
	}
	return inMemory
}

func (f *SpooledFile) closedError(op string) error {
	return &fs.PathError{Op: op, Path: f.name(), Err: os.ErrClosed}
}

// invalid is the error of an offset or whence that Linux refuses with
// EINVAL.
func (f *SpooledFile) invalid(op string) error {
	return &fs.PathError{Op: op, Path: inMemory, Err: syscall.EINVAL}
}
