//go:build unix

package mkstemp

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

// atomicWrites are the calls that write a file atomically, each writing
// data to name and reporting its error: WriteFile, WriteFileFrom, and
// CreateAtomic, a write and Commit.
var atomicWrites = []struct {
	name  string
	write func(name, data string) error
}{
	{"WriteFile", func(name, data string) error { return WriteFile(name, []byte(data), 0o644) }},
	{"WriteFileFrom", func(name, data string) error { return WriteFileFrom(name, strings.NewReader(data), 0o644) }},
	{"CreateAtomic", func(name, data string) error {
		a, err := CreateAtomic(name, 0o644)
		if err != nil {
			return err
		}
		defer a.Cleanup()
		if _, err := a.WriteString(data); err != nil {
			return err
		}
		return a.Commit()
	}},
}

// owned makes a file holding "old" (perm 0644) or, if link is not "", a
// symbolic link to link, at path, owned by uid.
func owned(t *testing.T, path, link string, uid int) {
	t.Helper()
	if link != "" {
		must(t, os.Symlink(link, path))
	} else {
		writeFile(t, path, "old")
	}
	must(t, os.Lchown(path, uid, uid))
}

// TestStickyDirectoryRules runs as root, the user the kernel's rules are
// for, with fs.protected_symlinks and fs.protected_regular off on this
// machine, so that the package must apply them itself: in a sticky
// world-writable directory owned by root, a link or a file that uid 65534
// planted is neither followed nor replaced by WriteFile, WriteFileFrom or
// CreateAtomic (an error matching fs.ErrPermission naming the name, and
// nothing changes: not the root-only file the link points to, not the
// planted file's bytes, owner or mode, not the directory), while the
// caller's own link is followed and its own file replaced; and a link or a
// file that the directory's owner owns, or that is in a directory not
// both sticky and world-writable, is followed or replaced too.
func TestStickyDirectoryRules(t *testing.T) {
	needRoot(t, "to plant links and files owned by uid 65534")
	base := t.TempDir()
	private := filepath.Join(base, "private") // root's alone
	must(t, os.Mkdir(private, 0o700))
	victim := filepath.Join(private, "conf")
	writeFile(t, victim, "root's secret")
	must(t, os.Chmod(victim, 0o600))
	sharedDir := func(name string, mode fs.FileMode, uid int) string {
		dir := filepath.Join(base, name)
		must(t, os.Mkdir(dir, 0o700))
		must(t, os.Chmod(dir, mode))
		must(t, os.Chown(dir, uid, uid))
		return dir
	}
	tmp := sharedDir("tmp", fs.ModeSticky|0o777, 0) // /tmp's mode and owner

	for _, w := range atomicWrites {
		t.Run(w.name, func(t *testing.T) {
			planted := filepath.Join(tmp, "app.state")
			owned(t, planted, victim, nobody)
			file := filepath.Join(tmp, "theirs")
			owned(t, file, "", nobody)
			for _, name := range []string{planted, file} {
				err := w.write(name, "root's new data")
				var pe *fs.PathError
				if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe.Path != name {
					t.Errorf("%s(%s), planted by uid %d in %s: %v, want a PathError naming it matching fs.ErrPermission", w.name, name, nobody, tmp, err)
				}
			}
			if b, _ := os.ReadFile(victim); string(b) != "root's secret" {
				t.Errorf("the root-only file the planted link points to holds %q", b)
			}
			if l, err := os.Readlink(planted); err != nil || l != victim {
				t.Errorf("the planted link: %q, %v", l, err)
			}
			fi, err := os.Lstat(file)
			must(t, err)
			if b, _ := os.ReadFile(file); string(b) != "old" || fi.Mode() != 0o644 || fi.Sys().(*syscall.Stat_t).Uid != nobody {
				t.Errorf("the planted file: %q, mode %v, owner %d", b, fi.Mode(), fi.Sys().(*syscall.Stat_t).Uid)
			}
			if got := entries(t, tmp); !slices.Equal(got, []string{"app.state", "theirs"}) {
				t.Errorf("%s holds %v", tmp, got)
			}
			must(t, os.Remove(planted))
			must(t, os.Remove(file))

			// The caller's own link is followed, its own file replaced.
			mine := filepath.Join(tmp, "mine")
			owned(t, mine, victim, 0)
			must(t, w.write(mine, "through root's link"))
			if b, _ := os.ReadFile(victim); string(b) != "through root's link" {
				t.Errorf("through root's own link in %s the file holds %q", tmp, b)
			}
			must(t, os.Remove(mine))
			owned(t, mine, "", 0)
			must(t, w.write(mine, "root's file"))
			if b, _ := os.ReadFile(mine); string(b) != "root's file" {
				t.Errorf("root's own file in %s holds %q", tmp, b)
			}
			must(t, os.Remove(mine))
			writeFile(t, victim, "root's secret")
		})
	}

	// Where the rule does not apply, uid 65534's link is followed and
	// its file replaced (keeping its owner): in a sticky world-writable
	// directory it owns, in one that is not sticky, in one that is not
	// world-writable.
	for _, d := range []struct {
		name string
		mode fs.FileMode
		uid  int
	}{
		{"sticky world-writable, uid 65534's", fs.ModeSticky | 0o777, nobody},
		{"world-writable, not sticky", 0o777, 0},
		{"sticky, not world-writable", fs.ModeSticky | 0o770, 0},
	} {
		dir := sharedDir(strings.NewReplacer(" ", "-", ",", "", "'", "").Replace(d.name), d.mode, d.uid)
		for _, w := range atomicWrites {
			link, file := filepath.Join(dir, "link"), filepath.Join(dir, "file")
			owned(t, link, victim, nobody)
			owned(t, file, "", nobody)
			if err := w.write(link, "followed"); err != nil {
				t.Errorf("%s, in a directory %s: %v", w.name, d.name, err)
			}
			if b, _ := os.ReadFile(victim); string(b) != "followed" {
				t.Errorf("%s, in a directory %s: the link's file holds %q", w.name, d.name, b)
			}
			if err := w.write(file, "replaced"); err != nil {
				t.Errorf("%s, in a directory %s: %v", w.name, d.name, err)
			}
			fi, err := os.Lstat(file)
			must(t, err)
			if b, _ := os.ReadFile(file); string(b) != "replaced" || fi.Sys().(*syscall.Stat_t).Uid != nobody {
				t.Errorf("%s, in a directory %s: the file holds %q, owned by %d", w.name, d.name, b, fi.Sys().(*syscall.Stat_t).Uid)
			}
			must(t, os.Remove(link))
			must(t, os.Remove(file))
			writeFile(t, victim, "root's secret")
		}
	}
}

// TestStickyDirectoryRulesChain: the rule holds for every link of a
// chain, not the first alone: root's own link in a sticky directory that
// leads to uid 65534's link in another is refused at the second, and
// nothing changes.
func TestStickyDirectoryRulesChain(t *testing.T) {
	needRoot(t, "to plant a link owned by uid 65534")
	base := t.TempDir()
	victim := filepath.Join(base, "victim")
	writeFile(t, victim, "root's")
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, dir := range []string{a, b} {
		must(t, os.Mkdir(dir, 0o700))
		must(t, os.Chmod(dir, fs.ModeSticky|0o777))
	}
	owned(t, filepath.Join(b, "theirs"), victim, nobody)
	owned(t, filepath.Join(a, "mine"), filepath.Join(b, "theirs"), 0)
	for _, w := range atomicWrites {
		if err := w.write(filepath.Join(a, "mine"), "new"); !errors.Is(err, fs.ErrPermission) {
			t.Errorf("%s through root's link to uid 65534's: %v, want fs.ErrPermission", w.name, err)
		}
	}
	if got, _ := os.ReadFile(victim); string(got) != "root's" {
		t.Errorf("the file at the end of the chain holds %q", got)
	}
}

// TestStickyDirectoryRulesUnprivileged: as uid 65534, in a sticky
// world-writable directory root made, a link that another user (uid
// 65533) planted is not followed (fs.ErrPermission, nothing changes: the
// file it leads to, which uid 65534 could write, keeps its bytes), while
// one root, the directory's owner, made is followed.
func TestStickyDirectoryRulesUnprivileged(t *testing.T) {
	const other = nobody - 1
	dir, ok := inSharedDir(t, fs.ModeSticky|0o777, func(dir string) {
		for _, name := range []string{"target", "reached"} {
			path := filepath.Join(dir, name)
			writeFile(t, path, "old")
			must(t, os.Chown(path, nobody, nobody))
		}
		owned(t, filepath.Join(dir, "theirs"), filepath.Join(dir, "target"), other)
		owned(t, filepath.Join(dir, "roots"), filepath.Join(dir, "reached"), 0)
	})
	if !ok {
		return
	}
	for _, w := range atomicWrites {
		name := filepath.Join(dir, "theirs")
		err := w.write(name, "new")
		var pe *fs.PathError
		if !errors.Is(err, fs.ErrPermission) || !errors.As(err, &pe) || pe.Path != name {
			t.Errorf("%s through uid %d's link: %v, want a PathError naming %s matching fs.ErrPermission", w.name, other, err, name)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, "target")); string(b) != "old" {
			t.Errorf("%s: the file uid %d's link leads to holds %q", w.name, other, b)
		}
		must(t, w.write(filepath.Join(dir, "roots"), w.name))
		if b, _ := os.ReadFile(filepath.Join(dir, "reached")); string(b) != w.name {
			t.Errorf("%s through root's link: the file holds %q", w.name, b)
		}
	}
	if got := entries(t, dir); !slices.Equal(got, []string{"reached", "roots", "target", "theirs"}) {
		t.Errorf("%s holds %v", dir, got)
	}
}

// TestWriteFileKeepsSetuidOfAnotherUser: as root, a file of uid 65534
// with the setuid and setgid bits keeps its owner, group and mode when
// replaced: the owner is given before the mode, since the kernel clears
// both bits at a change of owner, root's too.
func TestWriteFileKeepsSetuidOfAnotherUser(t *testing.T) {
	needRoot(t, "to give a file to another user")
	dir := t.TempDir()
	target := filepath.Join(dir, "tool")
	const mode = fs.ModeSetuid | fs.ModeSetgid | 0o755
	for _, w := range atomicWrites {
		writeFile(t, target, "old")
		must(t, os.Chown(target, nobody, nobody))
		must(t, os.Chmod(target, mode))
		must(t, w.write(target, "new"))
		checkWritten(t, dir, target, "new", mode)
		fi, err := os.Stat(target)
		must(t, err)
		if st := fi.Sys().(*syscall.Stat_t); st.Uid != nobody || st.Gid != nobody {
			t.Errorf("%s: the file is owned by %d:%d, want %d:%d", w.name, st.Uid, st.Gid, nobody, nobody)
		}
		must(t, os.Remove(target))
	}
}

// TestWriteFileThroughALinkRaced: where another writer renames a file over
// the end of a link while WriteFile, WriteFileFrom or CreateAtomic follows
// it (between the lstat of the file and the stat of the name that tells a
// link to a file with no name), the call looks again and writes through
// the link, as os.WriteFile would, instead of refusing the file as one
// with no name. A file replaced at every look makes it give up, in a
// bounded number of looks, with errNoName, changing nothing.
func TestWriteFileThroughALinkRaced(t *testing.T) {
	dir := t.TempDir()
	file, link := filepath.Join(dir, "file"), filepath.Join(dir, "link")
	must(t, os.Symlink("file", link))
	real := statFollowing
	t.Cleanup(func() { statFollowing = real })
	races := 0
	statFollowing = func(name string) (fs.FileInfo, error) {
		if races > 0 {
			races--
			other := filepath.Join(dir, "other") // as a concurrent WriteFile
			writeFile(t, other, "theirs")
			must(t, os.Rename(other, file))
		}
		return real(name)
	}
	for _, w := range atomicWrites {
		writeFile(t, file, "old")
		races = 1
		if err := w.write(link, w.name); err != nil {
			t.Errorf("%s through a link whose file was replaced meanwhile: %v", w.name, err)
		}
		if b, _ := os.ReadFile(file); string(b) != w.name {
			t.Errorf("%s: the file holds %q", w.name, b)
		}
		races = 1 << 20
		err := w.write(link, "never")
		var pe *fs.PathError
		if !errors.Is(err, errNoName) || !errors.As(err, &pe) || pe.Path != link {
			t.Errorf("%s through a link whose file is replaced at every look: %v, want a PathError naming %s matching errNoName", w.name, err, link)
		}
		if b, _ := os.ReadFile(file); string(b) != "theirs" {
			t.Errorf("%s: the file holds %q", w.name, b)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("%s: %s is no longer a link: %v", w.name, link, err)
		}
		if got := entries(t, dir); !slices.Equal(got, []string{"file", "link"}) {
			t.Errorf("%s: %s holds %v", w.name, dir, got)
		}
	}
}
