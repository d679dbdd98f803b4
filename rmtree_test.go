package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// TestSplitTop: the remover's top is split as text into the directory
// that holds it and its last element; an empty, "." or ".." last element,
// and a root, are refused as fs.ErrInvalid.
func TestSplitTop(t *testing.T) {
	type split struct{ path, dir, base string }
	good := []split{
		{"x", ".", "x"},
		{"x/", ".", "x"},
		{"a/x", "a", "x"},
		{"a//x//", "a", "x"},
		{"/x", "/", "x"},
		{"//x", "/", "x"},
		{"/a/b/x", "/a/b", "x"},
		{"link/../x", "link/..", "x"}, // not cleaned: the system resolves link/..
		{"./x", ".", "x"},
		{"../x", "..", "x"},
		{".x", ".", ".x"},
		{"...", ".", "..."},
	}
	bad := []string{"", ".", "..", "./", "../", "a/.", "a/..", "a/../", "/a/./", "/", "//", "///"}
	if runtime.GOOS == "windows" {
		// "//x" begins a UNC name there (\\x\share\), not a path to x.
		good = slices.DeleteFunc(good, func(s split) bool { return s.path == "//x" })
		for i := range good {
			good[i].path = filepath.FromSlash(good[i].path)
			good[i].dir = filepath.FromSlash(good[i].dir)
		}
		good = append(good,
			split{`C:\x`, `C:\`, "x"},
			split{`C:x`, `C:`, "x"},
			split{`\\host\share\x`, `\\host\share\`, "x"},
		)
		bad = append(bad, `\\x`, `C:`, `C:\`, `C:\.`, `C:..`, `\\host\share`, `\\host\share\`, `\\?\C:\`)
	}
	for _, s := range good {
		dir, base, err := splitTop(s.path)
		if dir != s.dir || base != s.base || err != nil {
			t.Errorf("splitTop(%q) = %q, %q, %v; want %q, %q", s.path, dir, base, err, s.dir, s.base)
		}
	}
	for _, path := range bad {
		_, _, err := splitTop(path)
		var pe *fs.PathError
		if !errors.As(err, &pe) || pe.Path != path || !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("splitTop(%q) returned %v, want a *fs.PathError for it matching fs.ErrInvalid", path, err)
		}
	}
}

// TestRemoveAllRefusesTop: removeAll, given a top whose last element is
// empty, "." or "..", returns one *fs.PathError matching fs.ErrInvalid and
// removes nothing, where a remover that took the path as it comes would
// remove the working directory or its parent. (A root is refused by the
// same check, which TestSplitTop shows without putting a machine at risk.)
func TestRemoveAllRefusesTop(t *testing.T) {
	base := tempDir(t)
	keep := filepath.Join(base, "keep")
	sub := filepath.Join(keep, "sub")
	mkdirs(t, keep, sub)
	writeFile(t, filepath.Join(sub, "f"), "keep")
	t.Chdir(sub)
	sep := string(filepath.Separator)
	for _, top := range []string{"", ".", "..", "." + sep, ".." + sep, sub + sep + ".", sub + sep + "..", sub + sep + ".." + sep, keep + sep + "sub" + sep + "." + sep} {
		errs := removeAll(top)
		var pe *fs.PathError
		if len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Path != top || !errors.Is(errs[0], fs.ErrInvalid) {
			t.Errorf("removeAll(%q) returned %v, want one *fs.PathError for it matching fs.ErrInvalid", top, errs)
		}
		if got := entries(t, sub); !slices.Equal(got, []string{"f"}) {
			t.Fatalf("after removeAll(%q), %s holds %v", top, sub, got)
		}
	}
	if _, err := os.Stat(filepath.Join(sub, "f")); err != nil {
		t.Error(err)
	}
}
