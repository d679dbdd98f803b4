//go:build linux

package mkstemp

// FuzzSpooledFile and the tests that need Linux: a real file on tmpfs as
// the model of a SpooledFile, and sparse files. .ci/run fuzzes it for 30
// seconds:
//
//	go test -run '^$' -fuzz '^FuzzSpooledFile$' -fuzztime 30s .

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"syscall"
	"testing"
)

// tmpfsDir returns a directory on tmpfs for the test: its own temporary
// directory if that is on tmpfs, else one in /dev/shm.
func tmpfsDir(t testing.TB) string {
	t.Helper()
	onTmpfs := func(dir string) bool {
		var st syscall.Statfs_t
		return syscall.Statfs(dir, &st) == nil && st.Type == 0x01021994 // TMPFS_MAGIC
	}
	if dir := t.TempDir(); onTmpfs(dir) {
		return dir
	}
	if onTmpfs("/dev/shm") {
		dir, err := os.MkdirTemp("/dev/shm", "mkstemp-test-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true and neither the test's temporary directory nor /dev/shm is on tmpfs")
	}
	t.Skip("needs tmpfs: neither the test's temporary directory nor /dev/shm is on one")
	return ""
}

// A spooled program is the fuzzer's input read as a sequence of calls. Each
// call is a byte whose value modulo 8 chooses it, then its arguments:
//
//	0 Write(len)  1 WriteString(len)  2 WriteAt(len, off)  3 Read(len)
//	4 ReadAt(len, off)  5 Seek(off, whence)  6 Truncate(off)  7 Rollover
//
// A len is one byte, modulo 65. An offset is one byte c: below 128 the
// small offset c-32; then the entries of spoolOffsets; above those, the
// next 8 bytes as a big-endian int64. A whence is one byte: 0, 1 and 2 as
// they are, others one of spoolWhences. Missing bytes read as 0.
type spoolProgram struct{ b []byte }

func (p *spoolProgram) byte() byte {
	if len(p.b) == 0 {
		return 0
	}
	c := p.b[0]
	p.b = p.b[1:]
	return c
}

func (p *spoolProgram) len() int { return int(p.byte()) % 65 }

func (p *spoolProgram) offset() int64 {
	c := int(p.byte())
	offsets := spoolOffsets()
	switch {
	case c < 128:
		return int64(c) - 32
	case c < 128+len(offsets):
		return offsets[c-128]
	}
	var raw [8]byte
	n := copy(raw[:], p.b)
	p.b = p.b[n:]
	return int64(binary.BigEndian.Uint64(raw[:]))
}

func (p *spoolProgram) whence() int {
	w := int(p.byte())
	if w < 3 {
		return w
	}
	return spoolWhences[(w-3)%len(spoolWhences)]
}

// spoolWhences are the invalid whence values tried, and Linux's SEEK_DATA
// (3) and SEEK_HOLE (4). (Linux reads whence as a uint32, so *os.File's
// Seek takes math.MinInt on 64-bit systems as io.SeekStart.)
var spoolWhences = []int{3, 4, -1, 100, math.MaxInt, math.MinInt}

// spoolOffsets are the offsets at the edges: of int64, of the memory limit,
// and of file sizes.
func spoolOffsets() []int64 {
	return []int64{
		math.MaxInt64, math.MaxInt64 - 1, math.MaxInt64 - 2, math.MaxInt64 - 64,
		math.MinInt64, math.MinInt64 + 1, -1, -1 << 62, 1 << 62,
		spoolLimit - 1, spoolLimit, spoolLimit + 1, -spoolLimit,
		1 << 36, 1 << 40, 16 << 40, 1 << 44,
		spoolLimit / 64, spoolLimit/64 + 1, spoolLimit/64 + 2,
	}
}

// errClass is what the fuzzer compares of an error: nil, EOF, or the
// operation and the error without the path, which differs.
func errClass(err error) string {
	var pe *fs.PathError
	switch {
	case err == nil:
		return "nil"
	case err == io.EOF:
		return "EOF"
	case errors.As(err, &pe):
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// FuzzSpooledFile runs the same calls, with any offsets and whence values,
// on a SpooledFile (any maxSize; a memory limit of 64 KiB) and on an
// *os.File on tmpfs, its model, and compares after each call the count or
// position, the error (operation and cause), the position and whether the
// file has rolled over where the rules say; at the end, the size and the
// bytes. Nothing may panic. A whence that Linux reads as SEEK_DATA or
// SEEK_HOLE (3, 4), or as 0, 1 or 2 in its low 32 bits, which a
// SpooledFile in memory refuses with EINVAL, goes to the SpooledFile alone.
func FuzzSpooledFile(f *testing.F) {
	dir := tmpfsDir(f)
	withSpoolLimit(f, 1<<16)
	f.Add(int64(0), []byte("\x00\x10\x03\x10\x05\x00\x00\x03\x40"))
	f.Add(int64(8), []byte("\x01\x0c\x02\x05\x30\x04\x09\x22\x06\x23\x05\x40\x02\x00\x07"))
	f.Fuzz(func(t *testing.T, maxSize int64, input []byte) {
		sf := SpooledTemporaryFile(maxSize, "", "", dir)
		defer sf.Close()
		model, err := os.CreateTemp(dir, "model")
		if err != nil {
			t.Fatal(err)
		}
		os.Remove(model.Name())
		defer model.Close()

		p := &spoolProgram{input}
		rolled := false
		var data [64]byte
		for step := 0; len(p.b) > 0 && step < 64; step++ {
			for i := range data {
				data[i] = byte('a' + (step+i)%26)
			}
			op := p.byte() % 8
			pos, _ := sf.Seek(0, io.SeekCurrent)
			var call string
			var got, want int64
			var gerr, werr error
			var gbuf, wbuf []byte
			// rolls says whether the rules roll an in-memory file over for a
			// write of n bytes ending at end, or a Truncate to end.
			fi, err := model.Stat()
			if err != nil {
				t.Fatal(err)
			}
			size := fi.Size()
			tooBig := func(start, end int64) bool {
				return end > spoolLimit || start-size > spoolLimit/64
			}
			rolls := func(n int, end int64) bool {
				return maxSize != 0 && end > maxSize || n > 0 && tooBig(end-int64(n), end)
			}
			switch op {
			case 0, 1:
				n := p.len()
				var g, w int
				if op == 0 {
					call = fmt.Sprintf("Write(%d bytes)", n)
					g, gerr = sf.Write(data[:n])
					w, werr = model.Write(data[:n])
				} else {
					call = fmt.Sprintf("WriteString(%d bytes)", n)
					g, gerr = sf.WriteString(string(data[:n]))
					w, werr = model.WriteString(string(data[:n]))
				}
				got, want = int64(g), int64(w)
				if pos <= math.MaxInt64-int64(n) && rolls(n, pos+int64(n)) {
					rolled = true
				}
			case 2:
				n, off := p.len(), p.offset()
				call = fmt.Sprintf("WriteAt(%d bytes, %d)", n, off)
				g, ge := sf.WriteAt(data[:n], off)
				w, we := model.WriteAt(data[:n], off)
				got, want, gerr, werr = int64(g), int64(w), ge, we
				if off >= 0 && off <= math.MaxInt64-int64(n) && rolls(n, off+int64(n)) {
					rolled = true
				}
			case 3:
				n := p.len()
				call = fmt.Sprintf("Read(%d bytes)", n)
				gbuf, wbuf = make([]byte, n), make([]byte, n)
				g, ge := sf.Read(gbuf)
				w, we := model.Read(wbuf)
				got, want, gerr, werr = int64(g), int64(w), ge, we
			case 4:
				n, off := p.len(), p.offset()
				call = fmt.Sprintf("ReadAt(%d bytes, %d)", n, off)
				gbuf, wbuf = make([]byte, n), make([]byte, n)
				g, ge := sf.ReadAt(gbuf, off)
				w, we := model.ReadAt(wbuf, off)
				got, want, gerr, werr = int64(g), int64(w), ge, we
			case 5:
				off, whence := p.offset(), p.whence()
				call = fmt.Sprintf("Seek(%d, %d)", off, whence)
				if (whence < 0 || whence > 2) && uint32(whence) <= 4 {
					_, err := sf.Seek(off, whence)
					if !rolled && !errors.Is(err, syscall.EINVAL) {
						t.Fatalf("step %d, %s in memory: %v, want EINVAL", step, call, err)
					}
					if _, err := sf.Seek(pos, io.SeekStart); err != nil {
						t.Fatalf("step %d, %s then Seek(%d, 0): %v", step, call, pos, err)
					}
					continue
				}
				got, gerr = sf.Seek(off, whence)
				want, werr = model.Seek(off, whence)
			case 6:
				to := p.offset()
				call = fmt.Sprintf("Truncate(%d)", to)
				gerr = sf.Truncate(to)
				werr = model.Truncate(to)
				if to >= 0 && (to > maxSize || tooBig(to, to)) {
					rolled = true
				}
			case 7:
				call = "Rollover()"
				if gerr = sf.Rollover(); gerr != nil {
					t.Fatalf("step %d, Rollover: %v", step, gerr)
				}
				rolled = true
			}
			if got != want || errClass(gerr) != errClass(werr) || !bytes.Equal(gbuf, wbuf) {
				t.Fatalf("step %d, %s at %d (maxSize %d, rolled %v): SpooledFile gave %d, %v, %q; *os.File %d, %v, %q",
					step, call, pos, maxSize, sf.Rolled(), got, gerr, gbuf, want, werr, wbuf)
			}
			gpos, gerr := sf.Seek(0, io.SeekCurrent)
			wpos, werr := model.Seek(0, io.SeekCurrent)
			if gpos != wpos || gerr != nil || werr != nil {
				t.Fatalf("step %d, after %s: SpooledFile at %d (%v), *os.File at %d (%v)", step, call, gpos, gerr, wpos, werr)
			}
			if sf.Rolled() != rolled {
				t.Fatalf("step %d, after %s at %d (maxSize %d): Rolled() = %v, want %v", step, call, pos, maxSize, sf.Rolled(), rolled)
			}
		}

		size, err := sf.Size()
		fi, _ := model.Stat()
		if err != nil || size != fi.Size() {
			t.Fatalf("Size() = %d, %v; want %d", size, err, fi.Size())
		}
		// The bytes at the start and at the end (the middle of a huge file
		// is a hole in both, and too large to read).
		for _, off := range []int64{0, max(0, size-4096)} {
			got, want := make([]byte, 4096+8), make([]byte, 4096+8)
			gn, gerr := sf.ReadAt(got, off)
			wn, werr := model.ReadAt(want, off)
			if gn != wn || !bytes.Equal(got, want) || errClass(gerr) != errClass(werr) {
				t.Fatalf("ReadAt(%d bytes, %d): SpooledFile %d, %v, %q; *os.File %d, %v, %q", len(got), off, gn, gerr, got[:gn], wn, werr, want[:wn])
			}
		}
	})
}

// TestSpooledFileHugeHoleIsSparse: with maxSize 0 and the real limits
// (1 GiB and a hole of 16 MiB; a quarter of each on 32-bit systems), a Seek far past the end and a one-byte Write,
// even one ending at 1 GiB, or a write or Truncate past 1 GiB, roll the
// file over to disk, where the hole is sparse, rather than asking for the
// memory; a write after a hole of 16 MiB stays in memory.
func TestSpooledFileHugeHoleIsSparse(t *testing.T) {
	dir := tempDir(t)
	for _, c := range []struct {
		name string
		do   func(f *SpooledFile) error
		size int64
	}{
		{"Seek(1<<36) and Write(x)", func(f *SpooledFile) error {
			f.Seek(1<<36, io.SeekStart)
			_, err := f.Write([]byte("x"))
			return err
		}, 1<<36 + 1},
		{"Seek(1 GiB - 1) and Write(x), ending at the limit", func(f *SpooledFile) error {
			f.Seek(1<<30-1, io.SeekStart)
			_, err := f.Write([]byte("x"))
			return err
		}, 1 << 30},
		{"WriteAt(x, 1 GiB)", func(f *SpooledFile) error {
			_, err := f.WriteAt([]byte("x"), 1<<30)
			return err
		}, 1<<30 + 1},
		{"Truncate(1 GiB + 1)", func(f *SpooledFile) error { return f.Truncate(1<<30 + 1) }, 1<<30 + 1},
	} {
		maxSize := int64(0)
		if c.name == "Truncate(1 GiB + 1)" {
			maxSize = math.MaxInt64 // so that only the limit rolls it over
		}
		f := SpooledTemporaryFile(maxSize, "", "", dir)
		if err := c.do(f); err != nil || !f.Rolled() {
			t.Fatalf("%s: %v, rolled %v; want rolled over", c.name, err, f.Rolled())
		}
		file, _ := f.File()
		fi, err := file.Stat()
		must(t, err)
		if used := fi.Sys().(*syscall.Stat_t).Blocks * 512; fi.Size() != c.size || used > 1<<20 {
			t.Errorf("%s: the file on disk has size %d and uses %d bytes; want %d, sparse", c.name, fi.Size(), used, c.size)
		}
		f.Close()
	}
	f := SpooledTemporaryFile(0, "", "", dir)
	defer f.Close()
	hole := spoolLimit / 64 // 16 MiB, or 4 MiB on 32-bit systems
	if _, err := f.WriteAt([]byte("x"), hole); err != nil || f.Rolled() {
		t.Errorf("a write after a hole of %d bytes: %v, rolled %v; want in memory", hole, err, f.Rolled())
	}
	if _, err := f.WriteAt([]byte("x"), 2*hole+2); err != nil || !f.Rolled() {
		t.Errorf("a write after a hole of %d bytes: %v, rolled %v; want rolled over", hole+1, err, f.Rolled())
	}
}
