//go:build unix

package mkstemp

// Fuzz targets; their seed corpora are in testdata/fuzz. .ci/run fuzzes each
// for 30 seconds:
//
//	go test -run '^$' -fuzz '^FuzzNames$' -fuzztime 30s .
//	go test -run '^$' -fuzz '^FuzzGettempdir$' -fuzztime 30s .

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// FuzzNames calls Mkstemp (or MkstempBytes) with any prefix and suffix.
// Either it fails, with an invalid-argument or name-too-long PathError, and
// dir stays empty; or dir holds exactly one new regular file, mode 0600,
// named prefix + 8 symbols of the alphabet + suffix. It fails exactly when
// the prefix or the suffix holds a '/' or a NUL byte, or the name is longer
// than the system allows.
func FuzzNames(f *testing.F) {
	dir := f.TempDir()
	old := syscall.Umask(0o22)
	defer syscall.Umask(old)
	f.Fuzz(func(t *testing.T, prefix, suffix string, bytesAPI bool) {
		var fd int
		var path string
		var err error
		if bytesAPI {
			var p []byte
			fd, p, err = MkstempBytes([]byte(suffix), []byte(prefix), []byte(dir), false)
			path = string(p)
		} else {
			fd, path, err = Mkstemp(suffix, prefix, dir, false)
		}
		wantPrefix := prefix
		if prefix == "" && !bytesAPI {
			wantPrefix = template
		}
		bad := strings.ContainsAny(prefix+suffix, "/\x00")
		tooLong := len(wantPrefix)+nameLen+len(suffix) > 255
		got := entries(t, dir)
		if err != nil {
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Op != "mkstemp" {
				t.Fatalf("error %#v is not a PathError of mkstemp", err)
			}
			if !bad && !tooLong {
				t.Fatalf("Mkstemp(%q, %q) failed: %v", suffix, prefix, err)
			}
			if !errors.Is(err, fs.ErrInvalid) && !errors.Is(err, syscall.ENAMETOOLONG) {
				t.Fatalf("error %v is neither invalid-argument nor name-too-long", err)
			}
			if len(got) != 0 {
				t.Fatalf("a failed call left %v", got)
			}
			return
		}
		defer os.Remove(path)
		closeFd(t, fd, path)
		if bad || tooLong {
			t.Fatalf("Mkstemp(%q, %q) = %q, want an error", suffix, prefix, path)
		}
		name := filepath.Base(path)
		if !slices.Equal(got, []string{name}) || filepath.Dir(path) != dir {
			t.Fatalf("%s: dir holds %v, want only the new file", path, got)
		}
		if !strings.HasPrefix(name, wantPrefix) || !strings.HasSuffix(name, suffix) ||
			len(name) != len(wantPrefix)+nameLen+len(suffix) ||
			!nameShape.MatchString(name[len(wantPrefix):len(wantPrefix)+nameLen]) {
			t.Fatalf("name %q is not %q + 8 symbols + %q", name, wantPrefix, suffix)
		}
		fi, err := os.Lstat(path)
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v, %v; want a regular file with mode 0600", path, fi, err)
		}
	})
}

// FuzzGettempdir sets TMPDIR, TEMP and TMP to any strings and finds the
// default directory afresh. The values are kept inside a sandbox (an
// absolute value is taken below the sandbox's root, and a value that would
// lead out of it is not tried), so the probe never writes elsewhere but in
// the platform's own defaults. The result is a directory a file can be
// created in, absolute unless the winning candidate was exactly ".", and
// one of the candidates; or the not-exist error. The sandbox is left as it
// was.
func FuzzGettempdir(f *testing.F) {
	root := f.TempDir()
	for _, d := range []string{"d", "d/e", "ro"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			f.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "f"), []byte("file"), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "ro"), 0o555); err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { os.Chmod(filepath.Join(root, "ro"), 0o755) })
	f.Chdir(root)
	before := tree(f, root)
	f.Fuzz(func(t *testing.T, tmpdir, temp, tmp string) {
		var candidates []string
		for _, v := range []*string{&tmpdir, &temp, &tmp} {
			if strings.IndexByte(*v, 0) >= 0 {
				return // not a value an environment variable can hold
			}
			if *v == "" {
				continue
			}
			if filepath.IsAbs(*v) {
				*v = root + *v
			}
			abs := *v
			if !filepath.IsAbs(abs) {
				abs = filepath.Join(root, abs)
			}
			if abs = filepath.Clean(abs); abs != root && !strings.HasPrefix(abs, root+"/") {
				return // it leads out of the sandbox
			}
			candidates = append(candidates, *v)
		}
		t.Setenv("TMPDIR", tmpdir)
		t.Setenv("TEMP", temp)
		t.Setenv("TMP", tmp)
		freshTempdir(t)
		got, err := Gettempdir()
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Gettempdir: %v, want a directory or the not-exist error", err)
			}
		} else {
			if got != "." && !filepath.IsAbs(got) {
				t.Fatalf("Gettempdir() = %q: neither absolute nor exactly .", got)
			}
			ok := slices.Contains([]string{"/tmp", "/var/tmp", "/usr/tmp", root}, got)
			for _, c := range candidates {
				abs, _ := abspath(c)
				ok = ok || got == abs || (c == "." && got == ".")
			}
			if !ok {
				t.Fatalf("Gettempdir() = %q, which is not one of the candidates %q", got, candidates)
			}
			fd, path, err := Mkstemp("", "", got, false)
			if err != nil {
				t.Fatalf("Gettempdir() = %q, in which Mkstemp fails: %v", got, err)
			}
			closeFd(t, fd, path)
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
		}
		if after := tree(t, root); !slices.Equal(after, before) {
			t.Fatalf("the sandbox changed: %q, was %q", after, before)
		}
	})
}

// tree lists every path under root.
func tree(t testing.TB, root string) []string {
	t.Helper()
	var paths []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		paths = append(paths, path)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}
