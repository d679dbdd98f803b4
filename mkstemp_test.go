package mkstemp

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// checkCreated asserts that path is absolute, lies directly in dir and is
// named prefix + 8 symbols of the alphabet + suffix, and that a file or
// directory (isDir) is there.
func checkCreated(t *testing.T, path, dir, prefix, suffix string, isDir bool) {
	t.Helper()
	if !filepath.IsAbs(path) {
		t.Errorf("path %q is not absolute", path)
	}
	if got := filepath.Dir(path); got != dir {
		t.Errorf("path %q is in %q, want %q", path, got, dir)
	}
	base := filepath.Base(path)
	if !strings.HasPrefix(base, prefix) || !strings.HasSuffix(base, suffix) || len(base) != len(prefix)+nameLen+len(suffix) {
		t.Fatalf("name %q is not %q + 8 symbols + %q", base, prefix, suffix)
	}
	if mid := base[len(prefix) : len(prefix)+nameLen]; !nameShape.MatchString(mid) {
		t.Errorf("random part %q of %q is not 8 symbols of %q", mid, base, alphabet)
	}
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if isDir != fi.IsDir() || (!isDir && !fi.Mode().IsRegular()) {
		t.Errorf("%s has mode %v, want a regular file (false) or a directory (true): %v", path, fi.Mode(), isDir)
	}
}

// closeFd closes a descriptor returned by Mkstemp.
func closeFd(t *testing.T, fd int, path string) {
	t.Helper()
	if err := os.NewFile(uintptr(fd), path).Close(); err != nil {
		t.Error(err)
	}
}

func TestNamesAreEightSymbolsAndDistinct(t *testing.T) {
	dir := tempDir(t)
	seen := map[string]bool{}
	for range 100 {
		fd, path, err := Mkstemp("", "", dir, false)
		if err != nil {
			t.Fatal(err)
		}
		closeFd(t, fd, path)
		checkCreated(t, path, dir, "tmp", "", false)
		if seen[path] {
			t.Fatalf("%s returned twice", path)
		}
		seen[path] = true
	}
	if n := len(entries(t, dir)); n != 100 {
		t.Errorf("%d files in %s, want 100", n, dir)
	}
}

func TestRandomNameUsesEverySymbolInEveryPlace(t *testing.T) {
	// With 10,000 uniform draws, the chance that one of 37 symbols never
	// shows in a given place is below 1e-100: a miss means a biased source.
	var seen [nameLen][256]bool
	for range 10000 {
		b := randomName()
		for i, c := range b {
			if !strings.ContainsRune(alphabet, rune(c)) {
				t.Fatalf("symbol %q is not in the alphabet", c)
			}
			seen[i][c] = true
		}
	}
	for i := range seen {
		for _, c := range []byte(alphabet) {
			if !seen[i][c] {
				t.Errorf("symbol %q never drawn in place %d", c, i)
			}
		}
	}
}

// TestEveryPrefixAndSuffix is CPython's test_basic_many for mkstemp and
// mkdtemp: every combination of prefix and suffix, in the default directory,
// an absolute one, a relative one and ".".
func TestEveryPrefixAndSuffix(t *testing.T) {
	base, defaultDir, wd := inDefaultLayout(t)

	dirs := []struct{ arg, want string }{
		{"", defaultDir},
		{base, base},
		{"rel", filepath.Join(wd, "rel")},
		{".", wd},
		{"rel/../rel/", filepath.Join(wd, "rel")},
	}
	affixes := []string{"", "a", "b", "aa", ".txt"}
	for _, d := range dirs {
		for _, prefix := range affixes {
			for _, suffix := range affixes {
				wantPrefix := prefix
				if prefix == "" {
					wantPrefix = "tmp"
				}
				t.Run(fmt.Sprintf("dir=%q/prefix=%q/suffix=%q", d.arg, prefix, suffix), func(t *testing.T) {
					fd, path, err := Mkstemp(suffix, prefix, d.arg, false)
					if err != nil {
						t.Fatal(err)
					}
					closeFd(t, fd, path)
					checkCreated(t, path, d.want, wantPrefix, suffix, false)

					dpath, err := Mkdtemp(suffix, prefix, d.arg)
					if err != nil {
						t.Fatal(err)
					}
					checkCreated(t, dpath, d.want, wantPrefix, suffix, true)
				})
			}
		}
	}
}

// TestBytesAPI checks that the Bytes variants give what the string
// functions give, and that nil is Python's None while an empty slice is
// Python's empty string.
func TestBytesAPI(t *testing.T) {
	base, defaultDir, wd := inDefaultLayout(t)

	tests := []struct {
		name                string
		suffix, prefix, dir []byte
		wantPrefix, wantDir string
		wantSuffix          string
	}{
		{"nil everything means tmp in the default directory", nil, nil, nil, "tmp", defaultDir, ""},
		{"an empty prefix means no prefix", nil, []byte{}, nil, "", defaultDir, ""},
		{"an empty dir means the current directory", nil, nil, []byte{}, "tmp", wd, ""},
		{"an empty suffix means no suffix", []byte{}, nil, nil, "tmp", defaultDir, ""},
		{"all given", []byte(".txt"), []byte("pre"), []byte(base), "pre", base, ".txt"},
		{"a relative dir is made absolute", []byte("s"), []byte("p"), []byte("default"), "p", defaultDir, "s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fd, path, err := MkstempBytes(tt.suffix, tt.prefix, tt.dir, true)
			if err != nil {
				t.Fatal(err)
			}
			closeFd(t, fd, string(path))
			checkCreated(t, string(path), tt.wantDir, tt.wantPrefix, tt.wantSuffix, false)

			dpath, err := MkdtempBytes(tt.suffix, tt.prefix, tt.dir)
			if err != nil {
				t.Fatal(err)
			}
			checkCreated(t, string(dpath), tt.wantDir, tt.wantPrefix, tt.wantSuffix, true)
		})
	}

	if got, err := Gettempdirb(); err != nil || string(got) != defaultDir {
		t.Errorf("Gettempdirb() = %q, %v; want %q", got, err, defaultDir)
	}
	if got := string(Gettempprefixb()); got != "tmp" || Gettempprefix() != "tmp" {
		t.Errorf("Gettempprefixb() = %q, Gettempprefix() = %q; want tmp", got, Gettempprefix())
	}
	b := Gettempprefixb()
	b[0] = 'X'
	if string(Gettempprefixb()) != "tmp" {
		t.Error("changing the slice Gettempprefixb returned changed the next one")
	}
}

// TestExistingNamesAreSkipped: a file or directory already at the chosen
// name is never opened, truncated or reused; the next name is taken.
func TestExistingNamesAreSkipped(t *testing.T) {
	for _, kind := range []string{"file", "directory"} {
		t.Run(kind, func(t *testing.T) {
			dir := tempDir(t)
			taken := filepath.Join(dir, "tmpaaaaaaaa")
			if kind == "file" {
				writeFile(t, taken, "victim")
			} else {
				mkdirs(t, taken)
			}

			n := useNames(t, "aaaaaaaa", "bbbbbbbb", "aaaaaaaa", "cccccccc")
			fd, path, err := Mkstemp("", "", dir, false)
			if err != nil {
				t.Fatal(err)
			}
			closeFd(t, fd, path)
			if want := filepath.Join(dir, "tmpbbbbbbbb"); path != want {
				t.Errorf("Mkstemp created %s, want %s", path, want)
			}
			dpath, err := Mkdtemp("", "", dir)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, "tmpcccccccc"); dpath != want {
				t.Errorf("Mkdtemp created %s, want %s", dpath, want)
			}
			if n.Load() != 4 {
				t.Errorf("%d names drawn, want 4", n.Load())
			}
			if kind == "file" {
				if b, err := os.ReadFile(taken); err != nil || string(b) != "victim" {
					t.Errorf("existing file now holds %q, %v; want it untouched", b, err)
				}
			} else if got := entries(t, taken); len(got) != 0 {
				t.Errorf("existing directory now holds %v", got)
			}
			if got := entries(t, dir); len(got) != 3 {
				t.Errorf("%s holds %v, want the taken name and two new ones", dir, got)
			}
		})
	}
}

// TestExhaustion: after TmpMax names that all exist, both functions give up
// with an error that matches fs.ErrExist, having created nothing.
func TestExhaustion(t *testing.T) {
	dir := tempDir(t)
	writeFile(t, filepath.Join(dir, "tmpaaaaaaaa"), "")
	for _, tt := range []struct{ op, msg string }{
		{"mkstemp", "no usable temporary file name found"},
		{"mkdtemp", "no usable temporary directory name found"},
	} {
		t.Run(tt.op, func(t *testing.T) {
			n := sameName(t, "aaaaaaaa")
			err := makeTemp(tt.op, "", "", dir)
			if !errors.Is(err, fs.ErrExist) || !errors.Is(err, syscall.EEXIST) {
				t.Fatalf("error %v does not match fs.ErrExist and EEXIST", err)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Op != tt.op || pe.Path != filepath.Join(dir, "tmp*") {
				t.Errorf("error %#v is not a PathError for %s of %s", err, tt.op, filepath.Join(dir, "tmp*"))
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
			if n.Load() != TmpMax {
				t.Errorf("%d names tried, want TmpMax = %d", n.Load(), TmpMax)
			}
			if got := entries(t, dir); len(got) != 1 {
				t.Errorf("%s holds %v, want only the existing name", dir, got)
			}
		})
	}
}

// TestBadDirectoryFailsAtOnce: a missing directory or a regular file as dir
// gives its own error on the first name, not after TmpMax, and creates
// nothing.
func TestBadDirectoryFailsAtOnce(t *testing.T) {
	base := tempDir(t)
	file := filepath.Join(base, "file")
	writeFile(t, file, "content")
	tests := []struct {
		name  string
		dir   string
		errno error
		is    error
	}{
		{"missing directory", filepath.Join(base, "missing"), syscall.ENOENT, fs.ErrNotExist},
		{"missing parent", filepath.Join(base, "missing", "sub"), syscall.ENOENT, fs.ErrNotExist},
		{"regular file", file, syscall.ENOTDIR, nil},
	}
	if runtime.GOOS == "windows" {
		// Windows says ERROR_PATH_NOT_FOUND in all three cases.
		for i := range tests {
			tests[i].errno, tests[i].is = errPathNotFound, fs.ErrNotExist
		}
	}
	for _, tt := range tests {
		for _, op := range []string{"mkstemp", "mkdtemp"} {
			t.Run(tt.name+"/"+op, func(t *testing.T) {
				n := useNames(t)
				err := makeTemp(op, ".x", "p", tt.dir)
				if !errors.Is(err, tt.errno) || (tt.is != nil && !errors.Is(err, tt.is)) {
					t.Fatalf("error %v does not match %v and %v", err, tt.errno, tt.is)
				}
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Op != op || filepath.Dir(pe.Path) != tt.dir {
					t.Errorf("error %#v is not a PathError for %s of a path in %s", err, op, tt.dir)
				}
				if n.Load() != 1 {
					t.Errorf("%d names tried, want 1", n.Load())
				}
			})
		}
	}
	if got := entries(t, base); len(got) != 1 {
		t.Errorf("%s holds %v, want only the file", base, got)
	}
	if b, _ := os.ReadFile(file); string(b) != "content" {
		t.Errorf("the file used as dir now holds %q", b)
	}
}

// TestBadArgumentsCreateNothing: separators and NUL bytes are refused before
// anything is touched, with an error that matches fs.ErrInvalid.
func TestBadArgumentsCreateNothing(t *testing.T) {
	dir := tempDir(t)
	sep := string(os.PathSeparator)
	tests := []struct {
		name, suffix, prefix, dir, msg string
	}{
		{"separator in prefix", "", "a" + sep + "b", dir, "prefix contains a path separator"},
		{"absolute prefix", "", sep + "etc" + sep + "x", dir, "prefix contains a path separator"},
		{"parent in prefix", "", ".." + sep, dir, "prefix contains a path separator"},
		{"separator in suffix", sep + "x", "", dir, "suffix contains a path separator"},
		{"slash in suffix", "a/b", "", dir, "suffix contains a path separator"},
		{"NUL in prefix", "", "a\x00b", dir, "prefix contains a NUL byte"},
		{"NUL in suffix", "a\x00", "", dir, "suffix contains a NUL byte"},
		{"NUL in dir", "", "", dir + "\x00x", "dir contains a NUL byte"},
		{"NUL in prefix, default dir", "", "\x00", "", "prefix contains a NUL byte"},
	}
	freshTempdir(t)
	SetTempdir(dir)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := useNames(t)
			check := func(op string, err error) {
				t.Helper()
				if !errors.Is(err, fs.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
					t.Errorf("%s: error %v does not match fs.ErrInvalid and EINVAL", op, err)
				}
				var pe *fs.PathError
				if !errors.As(err, &pe) || pe.Op != op || pe.Err.Error() != tt.msg {
					t.Errorf("%s: error %#v is not a PathError of %s saying %q", op, err, op, tt.msg)
				}
			}
			_, _, err := Mkstemp(tt.suffix, tt.prefix, tt.dir, false)
			check("mkstemp", err)
			_, _, err = MkstempBytes([]byte(tt.suffix), []byte(tt.prefix), []byte(tt.dir), false)
			check("mkstemp", err)
			_, err = Mkdtemp(tt.suffix, tt.prefix, tt.dir)
			check("mkdtemp", err)
			_, err = MkdtempBytes([]byte(tt.suffix), []byte(tt.prefix), []byte(tt.dir))
			check("mkdtemp", err)
			if n.Load() != 0 {
				t.Errorf("%d names drawn, want none", n.Load())
			}
		})
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v, want nothing", dir, got)
	}
}

// TestNULInSetTempdirIsRefused: a default directory given to SetTempdir is
// used as given, so a NUL byte in it is refused as in an explicit dir,
// before any name is drawn.
func TestNULInSetTempdirIsRefused(t *testing.T) {
	dir := tempDir(t)
	bad := dir + "\x00x"
	freshTempdir(t)
	SetTempdir(bad)
	n := useNames(t)
	for _, op := range []string{"mkstemp", "mkdtemp"} {
		err := makeTemp(op, "", "", "")
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Op != op || pe.Path != bad || pe.Err != errDirNUL {
			t.Errorf("%s with SetTempdir(%q): %v, want an invalid-argument PathError naming it", op, bad, err)
		}
	}
	if n.Load() != 0 {
		t.Errorf("%d names drawn, want none", n.Load())
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Errorf("%s holds %v, want nothing", dir, got)
	}
}

// TestConcurrentCallsNeverShareAName is CPython's test_threaded: 20
// goroutines making 50 files each in one directory.
func TestConcurrentCallsNeverShareAName(t *testing.T) {
	createConcurrently(t, tempDir(t), 20, 50)
}

// createConcurrently makes goroutines goroutines create each files apiece
// in dir at once, and fails t unless every call succeeds and dir ends up
// holding goroutines*each distinct files.
func createConcurrently(t *testing.T, dir string, goroutines, each int) {
	t.Helper()
	paths := make([][]string, goroutines)
	errs := make([]error, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for range each {
				fd, path, err := Mkstemp(".c", "", dir, false)
				if err == nil {
					err = os.NewFile(uintptr(fd), path).Close()
				}
				if err != nil {
					errs[g] = err
					return
				}
				paths[g] = append(paths[g], path)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	all := slices.Concat(paths...)
	slices.Sort(all)
	if distinct, files := len(slices.Compact(all)), len(entries(t, dir)); distinct != goroutines*each || files != goroutines*each {
		t.Errorf("%d distinct paths and %d files, want %d", distinct, files, goroutines*each)
	}
}

func TestNewFileOnTheDescriptor(t *testing.T) {
	dir := tempDir(t)
	fd, path, err := Mkstemp(".txt", "nf", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	writeThrough(t, fd, path, "hello")
}

// TestNoLockOnTheMkstempPath: with the default-directory lock held, Mkstemp
// and Mkdtemp still complete, with a dir and with the cached default.
func TestNoLockOnTheMkstempPath(t *testing.T) {
	dir := tempDir(t)
	freshTempdir(t)
	SetTempdir(dir)
	tempdirMu.Lock()
	defer tempdirMu.Unlock()
	done := make(chan error)
	go func() {
		for _, d := range []string{dir, ""} {
			fd, path, err := Mkstemp("", "", d, false)
			if err != nil {
				done <- err
				return
			}
			closeFd(t, fd, path)
			if _, err := Mkdtemp("", "", d); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Mkstemp waits for the default-directory lock")
	}
}
