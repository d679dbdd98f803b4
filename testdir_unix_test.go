//go:build unix

package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestTestDirModuleCache, as root and as uid 65534: a test that fills its
// TestDir with what a Go module cache holds (directories of mode 0555,
// files of mode 0444, four levels deep) and symbolic links to /etc and to
// a directory outside passes, and its directory is gone when it ends,
// while /etc and the directory outside are as they were. As uid 65534
// t.TempDir() fails such a test (golang/go#40853).
func TestTestDirModuleCache(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		outside := filepath.Join(tempDir(t), "outside")
		mkdirs(t, outside, filepath.Join(outside, "sub"))
		writeFile(t, filepath.Join(outside, "precious"), "keep")
		writeFile(t, filepath.Join(outside, "sub", "precious"), "keep")
		before := snapshot(t, outside)
		etc, err := os.Lstat("/etc")
		must(t, err)
		etcNames := entries(t, "/etc")

		var dir string
		ok := t.Run("test", func(t *testing.T) {
			dir = TestDir(t)
			moduleCache(t, dir, outside)
		})
		t.Cleanup(func() { // what a failed run left
			if dir != "" && exists(dir) {
				removeKept(t, dir)
			}
		})
		if !ok {
			t.Fatal("the test that made the module cache failed")
		}
		if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s is still there after its test: %v", dir, err)
		}
		if after := snapshot(t, outside); !mapsEqual(after, before) {
			t.Errorf("%s changed: %v, was %v", outside, after, before)
		}
		if fi, err := os.Lstat("/etc"); err != nil || fi.Mode() != etc.Mode() || !fi.ModTime().Equal(etc.ModTime()) {
			t.Errorf("/etc is %v, %v; was %v, %v", fi.Mode(), err, etc.Mode(), etc.ModTime())
		}
		if got := entries(t, "/etc"); len(got) != len(etcNames) {
			t.Errorf("/etc holds %d names, held %d", len(got), len(etcNames))
		}
	})
}

// moduleCache makes in dir what "go mod download" leaves in GOMODCACHE:
// the extracted module, read-only, four levels deep, and the download
// cache, with a symbolic link to /etc and one to outside among them.
func moduleCache(t *testing.T, dir, outside string) {
	t.Helper()
	mod := filepath.Join(dir, "pkg", "mod", "example.com", "m@v1.0.0")
	deep := filepath.Join(mod, "internal", "deep", "er")
	dl := filepath.Join(dir, "pkg", "mod", "cache", "download", "example.com", "m", "@v")
	for _, d := range []string{deep, dl} {
		must(t, os.MkdirAll(d, 0o755))
	}
	for _, f := range []string{
		filepath.Join(mod, "go.mod"), filepath.Join(mod, "m.go"),
		filepath.Join(mod, "internal", "i.go"), filepath.Join(deep, "d.go"),
		filepath.Join(dl, "v1.0.0.zip"), filepath.Join(dl, "v1.0.0.mod"),
	} {
		must(t, os.WriteFile(f, []byte("package m\n"), 0o444))
	}
	must(t, os.Symlink("/etc", filepath.Join(mod, "etc")))
	must(t, os.Symlink(outside, filepath.Join(deep, "outside")))
	for _, d := range []string{deep, filepath.Dir(deep), filepath.Dir(filepath.Dir(deep)), mod, dl} {
		must(t, os.Chmod(d, 0o555))
	}
	// What t.TempDir()'s os.RemoveAll fails on, but as root.
	if os.Geteuid() != 0 {
		if err := os.RemoveAll(mod); err == nil || !errors.Is(err, fs.ErrPermission) {
			t.Fatalf("os.RemoveAll(%s): %v, want a permission error", mod, err)
		}
	}
}
