package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tempdirFixture makes, in a fresh directory, one usable directory per
// environment variable, a missing path and a regular file, and returns them.
type tempdirFixture struct {
	base, tmpdir, temp, tmp, missing, file string
}

func newTempdirFixture(t *testing.T) tempdirFixture {
	t.Helper()
	base := tempDir(t)
	f := tempdirFixture{
		base:    base,
		tmpdir:  filepath.Join(base, "tmpdir"),
		temp:    filepath.Join(base, "temp"),
		tmp:     filepath.Join(base, "tmp"),
		missing: filepath.Join(base, "missing"),
		file:    filepath.Join(base, "file"),
	}
	mkdirs(t, f.tmpdir, f.temp, f.tmp)
	writeFile(t, f.file, "")
	return f
}

// TestDefaultDirectoryOrder is CPython's test__get_default_tempdir and
// test_candidate_tempdir_list: TMPDIR, TEMP and TMP in that order, empty
// values skipped, unusable candidates skipped, relative ones made absolute.
func TestDefaultDirectoryOrder(t *testing.T) {
	f := newTempdirFixture(t)
	platformDefault := "/tmp"
	if runtime.GOOS == "windows" {
		// The first Windows default is ~\AppData\Local\Temp: give the
		// test a home of its own with that directory in it.
		home := filepath.Join(f.base, "home")
		platformDefault = filepath.Join(home, "AppData", "Local", "Temp")
		if err := os.MkdirAll(platformDefault, 0o755); err != nil {
			t.Fatal(err)
		}
		t.Setenv("USERPROFILE", home)
	}
	tests := []struct {
		name              string
		tmpdir, temp, tmp string // "-" leaves the variable unset
		want              string
	}{
		{"TMPDIR first", f.tmpdir, f.temp, f.tmp, f.tmpdir},
		{"TEMP when TMPDIR is unset", "-", f.temp, f.tmp, f.temp},
		{"TMP when TMPDIR and TEMP are unset", "-", "-", f.tmp, f.tmp},
		{"empty values are skipped", "", "", f.tmp, f.tmp},
		{"a missing directory is skipped", f.missing, f.temp, "-", f.temp},
		{"a regular file is skipped", f.file, "-", f.tmp, f.tmp},
		{"a path through a file is skipped", filepath.Join(f.file, "x"), f.temp, "-", f.temp},
		{"a relative candidate is made absolute", "tmpdir", "-", "-", f.tmpdir},
		{"a cleaned candidate", f.tmp + "/../temp/", "-", "-", f.temp},
		{"exactly . is kept as it is", ".", "-", "-", "."},
		{"the platform's directory when none is set", "-", "-", "-", platformDefault},
		{"the platform's directory when every one is bad", f.missing, f.file, f.missing, platformDefault},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(f.base)
			for env, v := range map[string]string{"TMPDIR": tt.tmpdir, "TEMP": tt.temp, "TMP": tt.tmp} {
				t.Setenv(env, v)
				if v == "-" {
					os.Unsetenv(env)
				}
			}
			freshTempdir(t)
			before := entries(t, f.base)
			got, err := Gettempdir()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Gettempdir() = %q, want %q", got, tt.want)
			}
			for _, d := range []string{f.base, f.tmpdir, f.temp, f.tmp} {
				if d == f.base {
					if after := entries(t, d); !slices.Equal(before, after) {
						t.Errorf("the probe left %v in %s, was %v", after, d, before)
					}
				} else if left := entries(t, d); len(left) != 0 {
					t.Errorf("the probe left %v in %s", left, d)
				}
			}
		})
	}
}

func TestCandidateList(t *testing.T) {
	f := newTempdirFixture(t)
	t.Chdir(f.base)
	wd, err := getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", "a")
	t.Setenv("TEMP", "")
	t.Setenv("TMP", "a") // duplicates are kept
	got := candidateTempdirList()
	if got[0] != "a" || got[1] != "a" || got[len(got)-1] != wd {
		t.Errorf("candidateTempdirList() = %q, want a, a, the platform's list, %s", got, wd)
	}
	platform := []string{"/tmp", "/var/tmp", "/usr/tmp"}
	if runtime.GOOS == "windows" {
		t.Setenv("USERPROFILE", `C:\Users\u`)
		t.Setenv("SYSTEMROOT", `C:\Windows`)
		got = candidateTempdirList()
		platform = []string{`C:\Users\u\AppData\Local\Temp`, `C:\Windows\Temp`, `c:\temp`, `c:\tmp`, `\temp`, `\tmp`}
	}
	if !slices.Equal(got[2:len(got)-1], platform) {
		t.Errorf("candidateTempdirList() = %q, want %q in the middle", got, platform)
	}
}

// TestWindowsHomeAndSystemRoot checks the expansions of the Windows
// candidates, which are plain string work and so testable anywhere.
func TestWindowsHomeAndSystemRoot(t *testing.T) {
	const home, root = `~\AppData\Local\Temp`, `%SYSTEMROOT%\Temp`
	for _, env := range []string{"USERPROFILE", "HOMEDRIVE", "HOMEPATH", "SYSTEMROOT"} {
		t.Setenv(env, "")
		os.Unsetenv(env)
	}
	if got := expandHome(home); got != home {
		t.Errorf("with no home set, expandHome = %q, want it unchanged", got)
	}
	if got := expandSystemRoot(root); got != root {
		t.Errorf("with SYSTEMROOT unset, expandSystemRoot = %q, want it unchanged", got)
	}
	t.Setenv("HOMEDRIVE", "D:")
	t.Setenv("HOMEPATH", `\Users\h`)
	if got, want := expandHome(home), `D:\Users\h\AppData\Local\Temp`; got != want {
		t.Errorf("from HOMEDRIVE and HOMEPATH, expandHome = %q, want %q", got, want)
	}
	t.Setenv("USERPROFILE", `C:\Users\u`)
	if got, want := expandHome(home), `C:\Users\u\AppData\Local\Temp`; got != want {
		t.Errorf("USERPROFILE first, expandHome = %q, want %q", got, want)
	}
	t.Setenv("SYSTEMROOT", `C:\Windows`)
	if got, want := expandSystemRoot(root), `C:\Windows\Temp`; got != want {
		t.Errorf("expandSystemRoot = %q, want %q", got, want)
	}
}

// TestDefaultDirectoryIsCached: the first result stands until SetTempdir("")
// even when the environment changes, and costs no allocation.
func TestDefaultDirectoryIsCached(t *testing.T) {
	f := newTempdirFixture(t)
	clearTempEnv(t)
	freshTempdir(t)
	t.Setenv("TMPDIR", f.tmpdir)
	if got, err := Gettempdir(); err != nil || got != f.tmpdir {
		t.Fatalf("Gettempdir() = %q, %v; want %q", got, err, f.tmpdir)
	}
	t.Setenv("TMPDIR", f.temp)
	if got, err := Gettempdir(); err != nil || got != f.tmpdir {
		t.Errorf("after TMPDIR changed, Gettempdir() = %q, %v; want the cached %q", got, err, f.tmpdir)
	}
	if allocs := testing.AllocsPerRun(100, func() { Gettempdir() }); allocs != 0 {
		t.Errorf("a cached Gettempdir allocates %v times, want 0", allocs)
	}
	fd, path, err := Mkstemp("", "", "", false)
	if err != nil {
		t.Fatal(err)
	}
	closeFd(t, fd, path)
	checkCreated(t, path, f.tmpdir, "tmp", "", false)

	SetTempdir("")
	if got, err := Gettempdir(); err != nil || got != f.temp {
		t.Errorf("after SetTempdir(\"\"), Gettempdir() = %q, %v; want %q", got, err, f.temp)
	}
}

// TestSetTempdirIsUsedAsGiven: like an assignment to tempfile.tempdir, the
// value is not probed, and a relative one is resolved at each call.
func TestSetTempdirIsUsedAsGiven(t *testing.T) {
	f := newTempdirFixture(t)
	freshTempdir(t)
	SetTempdir("missing")
	if got, err := Gettempdir(); err != nil || got != "missing" {
		t.Errorf("Gettempdir() = %q, %v; want missing, unprobed", got, err)
	}
	t.Chdir(f.base)
	_, _, err := Mkstemp("", "", "", false)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Mkstemp in a missing default directory: %v, want not-exist", err)
	}
	SetTempdir("tmp")
	d, err := Mkdtemp("", "", "")
	if err != nil {
		t.Fatal(err)
	}
	checkCreated(t, d, f.tmp, "tmp", "", true)
}

// TestNoUsableDirectory: when every candidate fails, the error lists them
// all, matches fs.ErrNotExist, and nothing is cached.
func TestNoUsableDirectory(t *testing.T) {
	f := newTempdirFixture(t)
	freshTempdir(t)
	t.Setenv("TMPDIR", f.missing)
	// Every name collides, in every candidate, so none is usable; the real
	// case, with the platform's directories unwritable, is tested in
	// tmpdir_linux_test.go.
	n := sameName(t, "aaaaaaaa")
	for _, d := range candidateTempdirList() {
		if d != "." {
			d, _ = abspath(d)
		}
		if fi, err := os.Stat(d); err != nil || !fi.IsDir() {
			continue
		}
		taken := filepath.Join(d, "aaaaaaaa")
		if err := os.WriteFile(taken, nil, 0o600); err == nil {
			t.Cleanup(func() { os.Remove(taken) })
		} else if !errors.Is(err, fs.ErrExist) {
			continue // unwritable: unusable anyway
		}
	}
	_, err := Gettempdir()
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) {
		t.Fatalf("Gettempdir() error %v does not match fs.ErrNotExist and ENOENT", err)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "gettempdir" {
		t.Errorf("error %#v is not a PathError of gettempdir", err)
	}
	for _, d := range candidateTempdirList() {
		if !strings.Contains(err.Error(), d) {
			t.Errorf("error %q does not name candidate %s", err, d)
		}
	}
	if !strings.Contains(err.Error(), "no usable temporary directory found") {
		t.Errorf("error %q does not say no usable temporary directory found", err)
	}
	if tempdir.Load() != nil {
		t.Error("a failure was cached")
	}
	if n.Load() == 0 {
		t.Error("no name was drawn")
	}
	_, _, err = Mkstemp("", "", "", false)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Mkstemp with no usable default directory: %v, want the same not-exist error", err)
	}
}

// TestProbeTriesTmpMaxNames: the probe tries TmpMax names in a candidate
// where every name is taken, as CPython since its 2026 change does (3.13.0
// tried 100), then moves on, and the next candidate wins at its first name.
func TestProbeTriesTmpMaxNames(t *testing.T) {
	crowded, next := tempDir(t), tempDir(t)
	writeFile(t, filepath.Join(crowded, "aaaaaaaa"), "")
	clearTempEnv(t)
	t.Setenv("TMPDIR", crowded)
	t.Setenv("TEMP", next)
	freshTempdir(t)
	n := sameName(t, "aaaaaaaa")
	if got, err := Gettempdir(); err != nil || got != next {
		t.Fatalf("Gettempdir() = %q, %v; want %q", got, err, next)
	}
	if n.Load() != TmpMax+1 {
		t.Errorf("%d names drawn, want TmpMax = %d in %s and one in %s", n.Load(), TmpMax, crowded, next)
	}
	if got := entries(t, crowded); len(got) != 1 {
		t.Errorf("%s holds %v after the probe", crowded, got)
	}
	if got := entries(t, next); len(got) != 0 {
		t.Errorf("%s holds %v after the probe", next, got)
	}
}
