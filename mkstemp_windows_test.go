package mkstemp

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

func init() {
	errPathNotFound, errSharingViolation = windows.ERROR_PATH_NOT_FOUND, windows.ERROR_SHARING_VIOLATION
}

// TestWindowsHandleIsNotInherited reads the handle's flags back: no
// HANDLE_FLAG_INHERIT. The control, a duplicate made inheritable, shows
// that the check sees the flag when it is there.
func TestWindowsHandleIsNotInherited(t *testing.T) {
	fd, path, err := Mkstemp("", "", tempDir(t), false)
	if err != nil {
		t.Fatal(err)
	}
	h := windows.Handle(fd)
	defer windows.CloseHandle(h)
	if inherit := handleInherits(t, h); inherit {
		t.Errorf("%s: the handle is inheritable", path)
	}
	var dup windows.Handle
	self := windows.CurrentProcess()
	if err := windows.DuplicateHandle(self, h, self, &dup, 0, true, windows.DUPLICATE_SAME_ACCESS); err != nil {
		t.Fatal(err)
	}
	defer windows.CloseHandle(dup)
	if !handleInherits(t, dup) {
		t.Error("control: an inheritable duplicate does not show HANDLE_FLAG_INHERIT")
	}
}

// getHandleInformation is kernel32's GetHandleInformation, which
// x/sys/windows does not wrap.
var getHandleInformation = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetHandleInformation")

func handleInherits(t *testing.T, h windows.Handle) bool {
	t.Helper()
	var flags uint32
	if ok, _, err := getHandleInformation.Call(uintptr(h), uintptr(unsafe.Pointer(&flags))); ok == 0 {
		t.Fatalf("GetHandleInformation: %v", err)
	}
	return flags&windows.HANDLE_FLAG_INHERIT != 0
}

// fileAllAccess is FILE_ALL_ACCESS, the rights that "FA" stands for in SDDL.
const fileAllAccess = windows.STANDARD_RIGHTS_REQUIRED | windows.SYNCHRONIZE | 0x1ff

// TestWindowsPrivateDACL checks the owner-only DACL twice. First the
// security descriptors the package hands to CreateFile and CreateDirectory,
// decoded by the system: protected, and exactly three entries that allow
// full access to SYSTEM, the Administrators and this process's user, with
// the inheritance flags OI and CI on the directory only. Then the DACL read
// back with GetSecurityInfo from a file and a directory created: on Windows
// it must be that same DACL. Wine cannot show that much: it does not store
// the descriptor given at creation but turns it into Unix permission bits
// and derives a DACL from them when asked, with no protection flag, no
// Administrators entry and no inheritance. What Wine does keep is that
// nobody but the owner, SYSTEM and the Administrators is allowed anything;
// a control file made by os.Create shows that Wine reports an Everyone
// entry when there is one. Enforcement (another user refused) cannot be
// seen under Wine at all, which checks access with the Unix permissions.
func TestWindowsPrivateDACL(t *testing.T) {
	for i, sa := range []*windows.SecurityAttributes{mustAttributes(t, false), mustAttributes(t, true)} {
		sd := (*windows.SECURITY_DESCRIPTOR)(unsafe.Pointer(sa.SecurityDescriptor))
		checkPrivateDACL(t, []string{"file", "directory"}[i]+" attributes", sd, uint8(i)*(windows.OBJECT_INHERIT_ACE|windows.CONTAINER_INHERIT_ACE), true)
		if sa.InheritHandle != 0 || sa.Length != uint32(unsafe.Sizeof(*sa)) {
			t.Errorf("attributes: InheritHandle %d, Length %d", sa.InheritHandle, sa.Length)
		}
	}

	exact := !onWine()
	dir := tempDir(t)
	fd, path, err := Mkstemp("", "", dir, false)
	if err != nil {
		t.Fatal(err)
	}
	fileSD, err := windows.GetSecurityInfo(windows.Handle(fd), windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	windows.CloseHandle(windows.Handle(fd))
	if err != nil {
		t.Fatal(err)
	}
	checkPrivateDACL(t, path, fileSD, 0, exact)

	sub, err := Mkdtemp("", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	dirSD, err := windows.GetNamedSecurityInfo(sub, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	checkPrivateDACL(t, sub, dirSD, windows.OBJECT_INHERIT_ACE|windows.CONTAINER_INHERIT_ACE, exact)

	// Control: a file made by os.Create is open to others.
	plain := filepath.Join(dir, "plain")
	f, err := os.Create(plain)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	plainSD, err := windows.GetNamedSecurityInfo(plain, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	if strangers(t, plainSD) == 0 {
		t.Errorf("control: os.Create made %s with no entry for anyone else: %v", plain, plainSD)
	}
}

func mustAttributes(t *testing.T, dir bool) *windows.SecurityAttributes {
	t.Helper()
	sa, err := privateAttributes(dir)
	if err != nil {
		t.Fatal(err)
	}
	return sa
}

// onWine reports whether the test runs under Wine, whose ntdll has
// wine_get_version.
func onWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// privateSIDs are the three SIDs of the owner-only DACL, in its order.
func privateSIDs(t *testing.T) []*windows.SID {
	return []*windows.SID{wellKnownSID(t, windows.WinLocalSystemSid), wellKnownSID(t, windows.WinBuiltinAdministratorsSid), processUser(t)}
}

// checkPrivateDACL checks that sd's DACL is the owner-only one, exactly
// when exact is set; otherwise (under Wine) that it allows nothing to
// anyone else and full access to the user.
func checkPrivateDACL(t *testing.T, what string, sd *windows.SECURITY_DESCRIPTOR, flags uint8, exact bool) {
	t.Helper()
	t.Logf("%s: %v", what, sd)
	if !exact {
		if n := strangers(t, sd); n != 0 {
			t.Errorf("%s: %d entries for others than SYSTEM, the Administrators and the user: %v", what, n, sd)
		}
		if !strings.Contains(sd.String(), "(A;"+map[bool]string{false: "", true: "OICI"}[flags != 0]+";FA;;;"+processUser(t).String()+")") {
			t.Errorf("%s: the user has not full access: %v", what, sd)
		}
		return
	}
	control, _, err := sd.Control()
	if err != nil {
		t.Fatal(err)
	}
	if control&windows.SE_DACL_PROTECTED == 0 {
		t.Errorf("%s: the DACL is not protected: %v", what, sd)
	}
	aces := allowEntries(t, sd)
	want := privateSIDs(t)
	if len(aces) != len(want) {
		t.Fatalf("%s: %d entries, want %d: %v", what, len(aces), len(want), sd)
	}
	for i, sid := range want {
		ace := aces[i]
		got := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || !got.Equals(sid) ||
			ace.Mask != fileAllAccess || ace.Header.AceFlags != flags {
			t.Errorf("%s: entry %d is type %d, %v, mask %#x, flags %#x; want an allow entry for %v, %#x, flags %#x",
				what, i, ace.Header.AceType, got, ace.Mask, ace.Header.AceFlags, sid, uint32(fileAllAccess), flags)
		}
	}
}

// allowEntries returns the entries of sd's DACL.
func allowEntries(t *testing.T, sd *windows.SECURITY_DESCRIPTOR) []*windows.ACCESS_ALLOWED_ACE {
	t.Helper()
	dacl, _, err := sd.DACL()
	if err != nil || dacl == nil {
		t.Fatalf("no DACL (%v): %v", err, sd)
	}
	aces := make([]*windows.ACCESS_ALLOWED_ACE, dacl.AceCount)
	for i := range aces {
		if err := windows.GetAce(dacl, uint32(i), &aces[i]); err != nil {
			t.Fatal(err)
		}
	}
	return aces
}

// strangers counts the entries of sd's DACL that are not for SYSTEM, the
// Administrators or the user, or that deny rather than allow.
func strangers(t *testing.T, sd *windows.SECURITY_DESCRIPTOR) int {
	t.Helper()
	n := 0
	for _, ace := range allowEntries(t, sd) {
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE || !slices.ContainsFunc(privateSIDs(t), sid.Equals) {
			n++
		}
	}
	return n
}

func wellKnownSID(t *testing.T, kind windows.WELL_KNOWN_SID_TYPE) *windows.SID {
	t.Helper()
	sid, err := windows.CreateWellKnownSid(kind)
	if err != nil {
		t.Fatal(err)
	}
	return sid
}

func processUser(t *testing.T) *windows.SID {
	t.Helper()
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		t.Fatal(err)
	}
	return user.User.Sid
}

// TestWindowsNameRules: besides both separators, Windows refuses a colon
// in the prefix or the suffix, a suffix that ends in a dot or a space, a
// prefix that makes the name a device, bytes that are not UTF-8 and the
// characters * ? < > " | and 1 to 31; nothing is created. Names that
// only look close are accepted.
func TestWindowsNameRules(t *testing.T) {
	dir := tempDir(t)
	refused := []struct{ suffix, prefix string }{
		{"", `a\b`}, {"", "a/b"}, {`\x`, ""}, {"/x", ""},
		{"", "C:"}, {"", "a:"}, {":s", ""}, {".txt:stream", ""},
		{".", ""}, {" ", ""}, {".txt.", ""}, {".txt ", ""}, {"x..", "p"},
		{"", "nul."}, {"", "NUL.x"}, {"", "con ."}, {"", "com1."}, {"", "LPT9.a"}, {"", "conout$."},
		{"", "\xff"}, {"\xfe", ""}, {".t\xc3", "p"}, {"", "a*"}, {"?", ""}, {"", "<"}, {">", ""},
		{"", `"`}, {"|", ""}, {"", "\x01"}, {"\x1f", ""}, {"", "a\tb"},
	}
	for _, tt := range refused {
		for _, op := range []string{"mkstemp", "mkdtemp"} {
			err := makeTemp(op, tt.suffix, tt.prefix, dir)
			var pe *fs.PathError
			if !errors.Is(err, fs.ErrInvalid) || !errors.As(err, &pe) || pe.Op != op {
				t.Errorf("%s(suffix %q, prefix %q): %v, want an invalid-argument PathError", op, tt.suffix, tt.prefix, err)
			}
		}
	}
	if got := entries(t, dir); len(got) != 0 {
		t.Fatalf("refused arguments left %v", got)
	}
	accepted := []struct{ suffix, prefix string }{
		{".txt", "a.b"}, {".tar.gz", "nulx."}, {"", "console."}, {"", "nul"}, {"..x", "com10."}, {". x", ""},
		{"é", "ü"}, {"", "a b"}, {"~", "$"},
	}
	for _, tt := range accepted {
		fd, path, err := Mkstemp(tt.suffix, tt.prefix, dir, false)
		if err != nil {
			t.Errorf("Mkstemp(%q, %q): %v", tt.suffix, tt.prefix, err)
			continue
		}
		windows.CloseHandle(windows.Handle(fd))
		base := filepath.Base(path)
		if !strings.HasPrefix(base, tt.prefix) || !strings.HasSuffix(base, tt.suffix) || filepath.Dir(path) != dir {
			t.Errorf("Mkstemp(%q, %q) = %s", tt.suffix, tt.prefix, path)
		}
		if fi, err := os.Lstat(path); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s: not a regular file (%v)", path, err)
		}
	}
	if got := entries(t, dir); len(got) != len(accepted) {
		t.Errorf("%s holds %v, want %d files", dir, got, len(accepted))
	}
}

// TestWindowsAccessDeniedRule is the rule of SPEC 1.2 step 3 on the real
// file system: "access denied" moves on to the next name only when dir is
// a directory, the name is taken, and attempts remain. Wine cannot make a
// directory refuse new files to a process (it does not enforce DACLs, and
// the suite runs as root), so the case of a directory that refuses every
// name is checked here through the rule itself: the name tried is free,
// so the error comes back at once.
func TestWindowsAccessDeniedRule(t *testing.T) {
	dir := tempDir(t)
	taken := filepath.Join(dir, "taken")
	mkdirs(t, taken)
	file := filepath.Join(dir, "file")
	writeFile(t, file, "")
	free := filepath.Join(dir, "free")
	denied := windows.ERROR_ACCESS_DENIED
	tests := []struct {
		name      string
		err       error
		dir, path string
		last      bool
		want      bool
	}{
		{"a directory at the name", denied, dir, taken, false, true},
		{"a directory at the name, last attempt", denied, dir, taken, true, false},
		{"a free name: the directory refuses", denied, dir, free, false, false},
		{"dir is a file", denied, file, filepath.Join(file, "x"), false, false},
		{"dir is missing", denied, filepath.Join(dir, "missing"), filepath.Join(dir, "missing", "x"), false, false},
		{"file exists", windows.ERROR_FILE_EXISTS, dir, file, true, true},
		{"already exists", windows.ERROR_ALREADY_EXISTS, dir, taken, true, true},
		{"path not found", windows.ERROR_PATH_NOT_FOUND, dir, free, false, false},
		{"sharing violation", windows.ERROR_SHARING_VIOLATION, dir, taken, false, false},
	}
	for _, tt := range tests {
		if got := collided(tt.err, tt.dir, tt.path, tt.last); got != tt.want {
			t.Errorf("%s: collided = %v, want %v", tt.name, got, tt.want)
		}
	}

	// What Windows really answers for a directory at the name is one of
	// the errors that move on.
	_, err := openFile(taken, false)
	if err == nil || !collided(err, dir, taken, false) {
		t.Errorf("creating a file over a directory: %v, which does not move on to the next name", err)
	}
}

// TestWindowsRelativeDir: a relative dir, with either separator, gives an
// absolute path in the current directory, with backslashes.
func TestWindowsRelativeDir(t *testing.T) {
	base := tempDir(t)
	mkdirs(t, filepath.Join(base, "a"), filepath.Join(base, "a", "b"))
	t.Chdir(base)
	for _, rel := range []string{"a/b", `a\b`, `a\..\a\b\`, `.\a/b`} {
		fd, path, err := Mkstemp(".x", "", rel, false)
		if err != nil {
			t.Fatalf("Mkstemp in %q: %v", rel, err)
		}
		windows.CloseHandle(windows.Handle(fd))
		if want := filepath.Join(base, "a", "b"); filepath.Dir(path) != want || strings.Contains(path, "/") {
			t.Errorf("Mkstemp in %q = %s, want a path in %s", rel, path, want)
		}
		dpath, err := Mkdtemp("", "", rel)
		if err != nil {
			t.Fatalf("Mkdtemp in %q: %v", rel, err)
		}
		if want := filepath.Join(base, "a", "b"); filepath.Dir(dpath) != want || !filepath.IsAbs(dpath) {
			t.Errorf("Mkdtemp in %q = %s, want a path in %s", rel, dpath, want)
		}
	}
}

// TestWindowsLongAndNonASCIIPaths: files and directories in a directory
// whose path is far beyond MAX_PATH, with names in several scripts, are
// created, used through os.NewFile and found again at the path returned.
func TestWindowsLongAndNonASCIIPaths(t *testing.T) {
	dir := tempDir(t)
	for len(dir) < 400 {
		sub, err := Mkdtemp("-ünïcødé", "日本語-", dir)
		if err != nil {
			t.Fatalf("Mkdtemp in a %d-character path: %v", len(dir), err)
		}
		dir = sub
	}
	fd, path, err := Mkstemp("-файл.txt", "ελληνικά-", dir, false)
	if err != nil {
		t.Fatalf("Mkstemp in a %d-character path: %v", len(dir), err)
	}
	writeThrough(t, fd, path, "data")
	if got := entries(t, dir); len(got) != 1 || got[0] != filepath.Base(path) {
		t.Errorf("%s holds %v, want only %s", dir, got, filepath.Base(path))
	}
	if len(path) < 400 || !strings.Contains(path, "日本語-") {
		t.Errorf("path %q is not the long one", path)
	}
}
