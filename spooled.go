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
// size, then moved to a [TemporaryFile]; either way it behaves as an
// *os.File open for reading and writing, safe for concurrent use. A zero
// SpooledFile is an empty file in memory; a nil one fails every call.
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

// SpooledTemporaryFile returns a file that keeps its bytes in memory until
// a write ends past maxSize (0: never; negative: at once), then moves them
// to TemporaryFile(suffix, prefix, dir): Python's SpooledTemporaryFile. It
// also rolls over when Truncate asks for more, on Rollover and File, and
// before memory would hold over 1 GiB. A rollover that fails loses nothing:
// the call returns its error, and the bytes stay in memory.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#spooledtemporaryfile.
func SpooledTemporaryFile(maxSize int64, suffix, prefix, dir string) *SpooledFile {
	return &SpooledFile{maxSize: maxSize, suffix: suffix, prefix: prefix, dir: dir}
}

// Read is [os.File.Read].
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

// ReadAt is [os.File.ReadAt].
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

// Write is [os.File.Write], rolling the file over first where it must.
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

// WriteString is Write of the bytes of s, without a copy.
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

// WriteAt is [os.File.WriteAt], rolling the file over first as Write does.
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

// Seek is [os.File.Seek]; in memory an unknown whence is EINVAL.
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

// Truncate is [os.File.Truncate], rolling the file over first where it must.
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

// Rollover moves the file to disk now; if that fails, it stays in memory.
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

// File rolls the file over and returns it, as Python's fileno() does.
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

// Close closes the file, in memory or on disk, and with it goes every byte.
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
