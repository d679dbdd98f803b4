package mkstemp

import (
	"os"
	"reflect"
)

// tempError is an error of this package's own, worded as CPython words it.
// It matches kind with errors.Is, and unwraps to the error number CPython's
// exception carries.
type tempError struct {
	msg   string
	errno error
	kind  error
}

func (e *tempError) Error() string        { return e.msg }
func (e *tempError) Is(target error) bool { return target == e.kind }
func (e *tempError) Unwrap() error        { return e.errno }

// afterNameError is the error of a step that failed after the file took
// its new name (a flush of a directory, the removal of the temporary
// name): the call failed, but the file has the name, and its message says
// so.
type afterNameError struct {
	step string
	err  error
}

func (e *afterNameError) Error() string {
	return e.step + " failed after the file took its new name: " + e.err.Error()
}
func (e *afterNameError) Unwrap() error { return e.err }

// unwrapPathError returns the error inside an *fs.PathError, err otherwise.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// isNil reports whether v is nil, or holds a nil pointer, which has no
// state to call a method on.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
