package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestErrorMessages calls every method of every exported type, nil, at its
// zero value, after Close (and Cleanup), and, for a SpooledFile, rolled
// over to disk, open and closed (Close last), with zero arguments, then with others (an
// 8-byte buffer, a name, 1), then with negative numbers; and MkstempIn
// and MkdtempIn with a nil root. No error message has an empty slot (" : "),
// a double space, or a space at either end; and each error matches what
// the doc says: fs.ErrInvalid for a receiver not made by the package,
// os.ErrClosed after Close (but a NamedFile's Keep after Cleanup and
// Persist to "", fs.ErrNotExist; ReadFrom and WriteTo of nil,
// fs.ErrInvalid; another method forwarded to *os.File, what a closed
// *os.File returns).
func TestErrorMessages(t *testing.T) {
	dir := tempDir(t)
	t.Chdir(dir)
	freshTempdir(t)
	SetTempdir(dir) // where a zero SpooledFile rolls over
	writeFile(t, filepath.Join(dir, "a.txt"), "keep")

	closedNamed, err := NamedTemporaryFile("", "", dir, true, false)
	must(t, err)
	must(t, closedNamed.Close())
	must(t, closedNamed.Cleanup())
	closedDir, err := TemporaryDirectory("", "", dir, false)
	must(t, err)
	must(t, closedDir.Cleanup())
	closedSpooled := SpooledTemporaryFile(0, "", "", dir)
	must(t, closedSpooled.Close())
	rolled := SpooledTemporaryFile(0, "", "", dir)
	must(t, rolled.Rollover())
	t.Cleanup(func() { rolled.Close() })
	closedRolled := SpooledTemporaryFile(0, "", "", dir)
	must(t, closedRolled.Rollover())
	must(t, closedRolled.Close())
	// A closed *os.File answers for the methods NamedFile forwards to it.
	closedOS, err := os.Create(filepath.Join(dir, "os.txt"))
	must(t, err)
	must(t, closedOS.Close())
	committed, err := CreateAtomic(filepath.Join(dir, "committed.txt"), 0o644)
	must(t, err)
	must(t, committed.Commit())
	discarded, err := CreateAtomic(filepath.Join(dir, "discarded.txt"), 0o644)
	must(t, err)
	must(t, discarded.Cleanup())

	for _, tt := range []struct {
		name string
		recv any
		want error // nil: any error, its message checked only
	}{
		{"nil TempDir", (*TempDir)(nil), fs.ErrInvalid},
		{"zero TempDir", &TempDir{}, fs.ErrInvalid},
		{"TempDir after Cleanup", closedDir, nil}, // no method fails
		{"nil NamedFile", (*NamedFile)(nil), fs.ErrInvalid},
		{"zero NamedFile", &NamedFile{}, fs.ErrInvalid},
		{"NamedFile after Close and Cleanup", closedNamed, os.ErrClosed},
		{"nil SpooledFile", (*SpooledFile)(nil), fs.ErrInvalid},
		{"zero SpooledFile", &SpooledFile{}, nil}, // a file in memory
		{"SpooledFile after Close", closedSpooled, os.ErrClosed},
		{"SpooledFile rolled over", rolled, nil},
		{"SpooledFile rolled over, after Close", closedRolled, os.ErrClosed},
		{"nil AtomicFile", (*AtomicFile)(nil), fs.ErrInvalid},
		{"zero AtomicFile", &AtomicFile{}, fs.ErrInvalid},
		{"AtomicFile after Commit", committed, os.ErrClosed}, // Cleanup returns nil
		{"AtomicFile after Cleanup", discarded, os.ErrClosed},
	} {
		recv := reflect.ValueOf(tt.recv)
		var order []int // Close last, so that the others meet an open file
		for i := range recv.NumMethod() {
			if recv.Type().Method(i).Name != "Close" {
				order = append(order, i)
			}
		}
		if m, ok := recv.Type().MethodByName("Close"); ok {
			order = append(order, m.Index)
		}
		for _, i := range order {
			m := recv.Type().Method(i)
			for variant := range 3 {
				args := make([]reflect.Value, m.Type.NumIn()-1)
				for j := range args {
					args[j] = messageArgument(m.Type.In(j+1), variant)
				}
				call := tt.name + "." + m.Name + "(" + describe(args) + ")"
				results, panicked := callRecovering(recv.Method(i), args)
				if panicked != nil {
					t.Errorf("%s panicked: %v", call, panicked)
					continue
				}
				want := tt.want
				if tt.recv == closedNamed {
					want = closedNamedWant(m.Name, closedOS, args)
				}
				for _, r := range results {
					if err, ok := r.Interface().(error); ok && err != nil {
						checkMessage(t, call, err, want)
					}
				}
			}
		}
	}
	_, err = MkstempIn(nil, "", "")
	checkMessage(t, "MkstempIn(nil)", err, fs.ErrInvalid)
	_, err = MkdtempIn(nil, "", "")
	checkMessage(t, "MkdtempIn(nil)", err, fs.ErrInvalid)
	checkMessage(t, `WriteFile("")`, WriteFile("", nil, 0o600), fs.ErrNotExist)
	checkMessage(t, `WriteFileFrom("")`, WriteFileFrom("", strings.NewReader(""), 0o600), fs.ErrNotExist)
}

// closedNamedWant is the error that the method name of a NamedFile closed
// and cleaned up matches: fs.ErrNotExist for Keep (the file is gone) and
// for Persist to "", fs.ErrInvalid for a nil reader or writer,
// os.ErrClosed for its own methods and for those forwarded to *os.File
// whose error for a closed file matches it, and otherwise the error of
// closedOS, a closed *os.File, called with args.
func closedNamedWant(name string, closedOS *os.File, args []reflect.Value) error {
	switch {
	case name == "Keep":
		return fs.ErrNotExist
	case strings.HasPrefix(name, "Persist") && args[0].String() == "":
		return fs.ErrNotExist
	case len(args) == 1 && args[0].Kind() == reflect.Interface && args[0].IsNil():
		return fs.ErrInvalid // a nil reader or writer, where *os.File panics
	}
	m := reflect.ValueOf(closedOS).MethodByName(name)
	if !m.IsValid() {
		return os.ErrClosed
	}
	for _, r := range m.Call(args) {
		if err, ok := r.Interface().(error); ok && err != nil && !errors.Is(err, os.ErrClosed) {
			return sameMessage{unwrapPathError(err).Error()}
		}
	}
	return os.ErrClosed
}

// sameMessage is a want of checkMessage: an error whose innermost message
// is msg.
type sameMessage struct{ msg string }

func (s sameMessage) Error() string { return s.msg }

// checkMessage fails t if err is nil, if its message has an empty slot
// (" : "), a double space, or a space at either end, or if it does not
// match want (nil: anything).
func checkMessage(t *testing.T, call string, err, want error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", call)
		return
	}
	msg := err.Error()
	if msg == "" || strings.Contains(msg, " : ") || strings.Contains(msg, "  ") || strings.TrimSpace(msg) != msg {
		t.Errorf("%s: error %q has an empty slot or a stray space", call, msg)
	}
	if s, ok := want.(sameMessage); ok {
		if got := unwrapPathError(err).Error(); got != s.msg {
			t.Errorf("%s: error %q, want %q as a closed *os.File says", call, msg, s.msg)
		}
	} else if want != nil && !errors.Is(err, want) {
		t.Errorf("%s: error %q does not match %v", call, msg, want)
	}
}

// messageArgument is argument's zero value (variant 0) or non-zero one
// (1), or (2) a negative number for a number, an empty buffer for a slice.
func messageArgument(typ reflect.Type, variant int) reflect.Value {
	if variant < 2 {
		return argument(typ, variant == 1)
	}
	v := reflect.New(typ).Elem()
	if v.CanInt() {
		v.SetInt(-1)
		return v
	}
	return argument(typ, true)
}

// TestNamedFileNilReaderWriter: ReadFrom(nil) and WriteTo(nil) on an open
// NamedFile return an error matching fs.ErrInvalid that names the file,
// where *os.File's panic, and the file is still usable.
func TestNamedFileNilReaderWriter(t *testing.T) {
	f, err := NamedTemporaryFile("", "", tempDir(t), true, false)
	must(t, err)
	defer f.Cleanup()
	for name, call := range map[string]func() (int64, error){
		"ReadFrom(nil)": func() (int64, error) { return f.ReadFrom(nil) },
		"WriteTo(nil)":  func() (int64, error) { return f.WriteTo(nil) },
	} {
		results, panicked := callRecovering(reflect.ValueOf(call), nil)
		if panicked != nil {
			t.Errorf("%s panicked: %v", name, panicked)
			continue
		}
		err, _ := results[1].Interface().(error)
		if checkMessage(t, name, err, fs.ErrInvalid); err != nil && !strings.Contains(err.Error(), f.File.Name()) {
			t.Errorf("%s: error %q does not name %s", name, err, f.File.Name())
		}
	}
	if _, err := f.WriteString("still open"); err != nil {
		t.Error(err)
	}
}

// TestTemporaryFileErrorsNameIt: the errors of the *os.File that
// TemporaryFile returns name its Name, which is never empty ("write :
// file already closed" before), open and closed.
func TestTemporaryFileErrorsNameIt(t *testing.T) {
	f, err := TemporaryFile("", "", tempDir(t))
	must(t, err)
	check := func(call string, err, want error) {
		t.Helper()
		checkMessage(t, call, err, want)
		if pe, ok := err.(*fs.PathError); !ok || pe.Path != f.Name() || pe.Path == "" {
			t.Errorf("%s: error %#v, want an *fs.PathError naming %q", call, err, f.Name())
		}
	}
	check("Chdir", f.Chdir(), nil) // not a directory
	_, err = f.ReadDir(1)
	check("ReadDir", err, nil)
	must(t, f.Close())
	_, err = f.Write([]byte("x"))
	check("Write", err, os.ErrClosed)
	_, err = f.Read(make([]byte, 1))
	check("Read", err, os.ErrClosed)
	_, err = f.ReadAt(make([]byte, 1), 0)
	check("ReadAt", err, os.ErrClosed)
	_, err = f.Seek(0, 0)
	check("Seek", err, os.ErrClosed)
	_, err = f.Stat()
	check("Stat", err, nil) // Windows: Go's Stat asks the closed handle
	check("Sync", f.Sync(), os.ErrClosed)
	check("Truncate", f.Truncate(0), os.ErrClosed)
	check("Close", f.Close(), os.ErrClosed)
}
