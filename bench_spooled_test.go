package mkstemp

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkSpooled writes 64 KiB in 4 KiB pieces and reads it back in 4 KiB
// pieces, in a SpooledFile that stays in memory and in a bytes.Buffer, its
// floor. Compare the two with benchstat:
//
//	go test -run '^$' -bench '^BenchmarkSpooled$' -count 10 . | tee new.txt
//	benchstat -col /impl new.txt
func BenchmarkSpooled(b *testing.B) {
	const size, piece = 64 << 10, 4 << 10
	data := bytes.Repeat([]byte("0123456789abcdef"), piece/16)
	out := make([]byte, piece)
	b.Run("impl=SpooledFile", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		for b.Loop() {
			f := SpooledTemporaryFile(1<<20, "", "", "")
			for range size / piece {
				if _, err := f.Write(data); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				m, err := f.Read(out)
				n += m
				if err == io.EOF {
					break
				}
			}
			if n != size || f.Rolled() {
				b.Fatalf("read back %d bytes, rolled %v", n, f.Rolled())
			}
			f.Close()
		}
	})
	b.Run("impl=bytes.Buffer", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(size)
		for b.Loop() {
			var f bytes.Buffer
			for range size / piece {
				if _, err := f.Write(data); err != nil {
					b.Fatal(err)
				}
			}
			n := 0
			for {
				m, err := f.Read(out)
				n += m
				if err == io.EOF {
					break
				}
			}
			if n != size {
				b.Fatalf("read back %d bytes", n)
			}
		}
	})
}
