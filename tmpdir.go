package mkstemp

import (
	"io/fs"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

var (
	// tempdir is CPython's tempfile.tempdir: the default directory once
	// it is known, or nil. Reading it takes no lock.
	tempdir atomic.Pointer[string]
	// tempdirMu is CPython's _once_lock: one goroutine at a time looks
	// for the default directory, and SetTempdir waits for it.
	tempdirMu sync.Mutex
)

// Gettempdir returns the default directory, as Python's
// tempfile.gettempdir: the first of $TMPDIR, $TEMP, $TMP, the system's
// usual places and the current directory where a file can be made. It is
// cached until [SetTempdir]. If none works, the error lists them and
// matches fs.ErrNotExist.
// See https://github.com/seed011b361c/mkstemp/blob/main/docs/guarantees.md#gettempdir.
func Gettempdir() (string, error) {
	if dir := tempdir.Load(); dir != nil {
		return *dir, nil
	}
	return findTempdir()
}

// Gettempdirb is [Gettempdir] as a byte slice, which the caller may modify.
func Gettempdirb() ([]byte, error) {
	dir, err := Gettempdir()
	if err != nil {
		return nil, err
	}
	return []byte(dir), nil
}

// Gettempprefix returns the default prefix of temporary names, "tmp".
func Gettempprefix() string { return template }

// Gettempprefixb is [Gettempprefix] as a new byte slice.
func Gettempprefixb() []byte { return []byte(template) }

// SetTempdir makes dir the default directory, used as given, as assigning
// Python's tempfile.tempdir does; SetTempdir("") sets it back to None, and
// the next [Gettempdir] looks again.
func SetTempdir(dir string) {
	tempdirMu.Lock()
	defer tempdirMu.Unlock()
	if dir == "" {
		tempdir.Store(nil)
		return
	}
	tempdir.Store(&dir)
}

// findTempdir is CPython's _gettempdir after the fast path: under the lock,
// find the default directory unless another goroutine just did, and cache it.
func findTempdir() (string, error) {
	tempdirMu.Lock()
	defer tempdirMu.Unlock()
	if dir := tempdir.Load(); dir != nil {
		return *dir, nil
	}
	dir, err := getDefaultTempdir()
	if err != nil {
		return "", err
	}
	tempdir.Store(&dir)
	return dir, nil
}

// getDefaultTempdir is CPython's _get_default_tempdir: the first candidate
// in which a file can really be created and written.
func getDefaultTempdir() (string, error) {
	dirs := candidateTempdirList()
	for _, dir := range dirs {
		if dir != "." {
			var err error
			if dir, err = abspath(dir); err != nil {
				continue
			}
		}
		if probe(dir) {
			return dir, nil
		}
	}
	return "", &fs.PathError{Op: "gettempdir", Path: strings.Join(dirs, string(os.PathListSeparator)), Err: errNoUsableTempdir}
}

// candidateTempdirList is CPython's _candidate_tempdir_list, duplicates kept.
func candidateTempdirList() []string {
	var dirs []string
	for _, env := range []string{"TMPDIR", "TEMP", "TMP"} {
		if dir := os.Getenv(env); dir != "" {
			dirs = append(dirs, dir)
		}
	}
	if runtime.GOOS == "windows" {
		dirs = append(dirs, expandHome(`~\AppData\Local\Temp`), expandSystemRoot(`%SYSTEMROOT%\Temp`),
			`c:\temp`, `c:\tmp`, `\temp`, `\tmp`)
	} else {
		dirs = append(dirs, "/tmp", "/var/tmp", "/usr/tmp")
	}
	if wd, err := getwd(); err == nil {
		dirs = append(dirs, wd)
	} else {
		dirs = append(dirs, ".")
	}
	return dirs
}

// expandHome is ntpath.expanduser for a path that starts with `~\`: the
// home directory is %USERPROFILE% if it is set, else %HOMEDRIVE%%HOMEPATH%
// if HOMEPATH is set; otherwise the path is left as it is.
func expandHome(path string) string {
	if home, ok := os.LookupEnv("USERPROFILE"); ok {
		return home + path[1:]
	}
	if homePath, ok := os.LookupEnv("HOMEPATH"); ok {
		return os.Getenv("HOMEDRIVE") + homePath + path[1:]
	}
	return path
}

// expandSystemRoot is ntpath.expandvars for a path that starts with
// %SYSTEMROOT%: an unset variable is left as it is.
func expandSystemRoot(path string) string {
	const name = "%SYSTEMROOT%"
	if root, ok := os.LookupEnv(name[1 : len(name)-1]); ok {
		return root + path[len(name):]
	}
	return path
}

// probe reports whether a file can be created and written in dir. Like
// CPython, it tries up to TmpMax names, moving on only from a name that is
// taken; the file it makes is removed before it returns.
func probe(dir string) bool {
	for i := range TmpMax {
		name := newName()
		path := joinName(dir, "", name[:], "")
		fd, err := openFile(path, false)
		if err != nil {
			if collided(err, dir, path, i == TmpMax-1) {
				continue
			}
			return false
		}
		f := os.NewFile(uintptr(fd), path)
		_, werr := f.Write([]byte("blat"))
		cerr := f.Close()
		rerr := os.Remove(path)
		return werr == nil && cerr == nil && rerr == nil
	}
	return false
}
