package mkstemp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestZeroValues builds each exported type at its zero value and as a nil
// pointer, calls every method that reflection finds on its pointer type
// (with zero arguments, then with a few others: 8-byte buffers, the name
// of a file that exists), from a scratch current directory holding a.txt
// and sub/, with the default temporary directory a fresh one. No call may
// panic, nothing in either directory may change, and the current
// directory stays. TempDir, NamedFile and AtomicFile, zero or nil, and a
// nil SpooledFile return errors matching fs.ErrInvalid from every method
// that returns an error, "" from Name, ^uintptr(0) from Fd and false from
// any method returning a bool; a zero SpooledFile works, in memory.
func TestZeroValues(t *testing.T) {
	for _, tt := range []struct {
		name string
		typ  reflect.Type
	}{
		{"TempDir", reflect.TypeFor[TempDir]()},
		{"NamedFile", reflect.TypeFor[NamedFile]()},
		{"SpooledFile", reflect.TypeFor[SpooledFile]()},
		{"AtomicFile", reflect.TypeFor[AtomicFile]()},
	} {
		for _, form := range []string{"zero", "nil"} {
			t.Run(tt.name+"/"+form, func(t *testing.T) {
				invalid := form == "nil" || tt.name != "SpooledFile"
				checkZeroValue(t, tt.typ, form == "nil", invalid)
			})
		}
	}
}

func checkZeroValue(t *testing.T, typ reflect.Type, isNil, invalid bool) {
	scratch, tmp := tempDir(t), tempDir(t)
	writeFile(t, filepath.Join(scratch, "a.txt"), "keep")
	mkdirs(t, filepath.Join(scratch, "sub"))
	writeFile(t, filepath.Join(scratch, "sub", "b.txt"), "keep too")
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		t.Setenv(env, tmp)
	}
	freshTempdir(t)
	t.Chdir(scratch)
	wd, err := os.Getwd()
	must(t, err)
	beforeScratch, beforeTmp := treeState(t, scratch), treeState(t, tmp)

	ptr := reflect.PointerTo(typ)
	if ptr.NumMethod() == 0 {
		t.Fatalf("*%v has no methods", typ)
	}
	for i := range ptr.NumMethod() {
		m := ptr.Method(i)
		for _, nonZero := range []bool{false, true} {
			recv := reflect.Zero(ptr)
			if !isNil {
				recv = reflect.New(typ)
			}
			args := make([]reflect.Value, m.Type.NumIn()-1)
			for j := range args {
				args[j] = argument(m.Type.In(j+1), nonZero)
			}
			call := fmt.Sprintf("%s(%s)", m.Name, describe(args))
			results, panicked := callRecovering(recv.Method(i), args)
			if panicked != nil {
				t.Errorf("%s panicked: %v", call, panicked)
				continue
			}
			if invalid {
				checkInvalid(t, call, results)
			}
			if c, ok := recv.Interface().(io.Closer); ok && !isNil {
				c.Close() // a zero SpooledFile may have rolled over
			}
		}
	}

	if got, err := os.Getwd(); err != nil || got != wd {
		t.Errorf("the current directory is %q (%v), was %q", got, err, wd)
	}
	for dir, before := range map[string]map[string]string{scratch: beforeScratch, tmp: beforeTmp} {
		after := treeState(t, dir)
		for name, was := range before {
			if now, ok := after[name]; !ok {
				t.Errorf("%s: %s is gone (was %s)", dir, name, was)
			} else if now != was {
				t.Errorf("%s: %s is %s, was %s", dir, name, now, was)
			}
		}
		for name, now := range after {
			if _, ok := before[name]; !ok {
				t.Errorf("%s: %s appeared (%s)", dir, name, now)
			}
		}
	}
}

// callRecovering calls method with args and returns its results, or the
// value it panicked with.
func callRecovering(method reflect.Value, args []reflect.Value) (results []reflect.Value, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	return method.Call(args), nil
}

// checkInvalid fails t unless every error in results matches fs.ErrInvalid
// and every other result is what a nil *os.File gives: "" for a name,
// ^uintptr(0) for a descriptor, false, zero numbers, nil values.
func checkInvalid(t *testing.T, call string, results []reflect.Value) {
	t.Helper()
	errType := reflect.TypeFor[error]()
	for k, r := range results {
		switch {
		case r.Type() == errType:
			err, _ := r.Interface().(error)
			if !errors.Is(err, fs.ErrInvalid) {
				t.Errorf("%s: error %v, want one matching fs.ErrInvalid", call, err)
			}
		case r.Kind() == reflect.Uintptr:
			if r.Uint() != uint64(^uintptr(0)) {
				t.Errorf("%s: result %d is %#x, want ^uintptr(0)", call, k, r.Uint())
			}
		case !r.IsZero():
			t.Errorf("%s: result %d is %#v, want the zero value", call, k, r.Interface())
		}
	}
	if len(results) == 0 {
		t.Errorf("%s returns nothing: cannot report an invalid receiver", call)
	}
}

// argument is a value of type typ: its zero value, or, with nonZero, one
// that would make a method act: an 8-byte buffer, the name of a file that
// exists in the current directory, 1 (for whence: the current position),
// mode 0777, a reader and a writer of 8 bytes, a deadline in an hour.
func argument(typ reflect.Type, nonZero bool) reflect.Value {
	v := reflect.New(typ).Elem()
	if !nonZero {
		return v
	}
	switch {
	case typ == reflect.TypeFor[[]byte]():
		v.SetBytes(bytes.Repeat([]byte("x"), 8))
	case typ == reflect.TypeFor[io.Reader]():
		v.Set(reflect.ValueOf(bytes.NewReader(make([]byte, 8))))
	case typ == reflect.TypeFor[io.Writer]():
		v.Set(reflect.ValueOf(new(bytes.Buffer)))
	case typ == reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Now().Add(time.Hour)))
	case typ.Kind() == reflect.String:
		v.SetString("a.txt")
	case typ.Kind() == reflect.Bool:
		v.SetBool(true)
	case v.CanInt():
		v.SetInt(1)
	case v.CanUint():
		v.SetUint(0o777)
	}
	return v
}

func describe(args []reflect.Value) string {
	s := make([]string, len(args))
	for i, a := range args {
		if a.Kind() == reflect.Slice {
			s[i] = fmt.Sprintf("%T(len %d)", a.Interface(), a.Len())
		} else {
			s[i] = fmt.Sprintf("%#v", a.Interface())
		}
	}
	return strings.Join(s, ", ")
}

// treeState maps every path under dir to its type and mode and, for a
// file, its size, time and content.
func treeState(t *testing.T, dir string) map[string]string {
	t.Helper()
	state := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		s := fmt.Sprintf("%v", fi.Mode())
		// A directory's time changes when a file is made and removed in
		// it, as a SpooledFile's rollover does where there is no O_TMPFILE.
		if fi.Mode().IsRegular() {
			s += fmt.Sprintf(" %d %v", fi.Size(), fi.ModTime().UnixNano())
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			s += fmt.Sprintf(" %q", b)
		}
		state[path] = s
		return nil
	})
	must(t, err)
	return state
}
