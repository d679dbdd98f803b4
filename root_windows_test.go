package mkstemp

import (
	"path/filepath"
	"testing"

	"golang.org/x/sys/windows"
)

// TestWindowsMkstempInHandleAndDACL: MkstempIn's handle is not inherited,
// and its file and MkdtempIn's directory have the owner-only DACL, as far
// as Wine can show it (see TestWindowsPrivateDACL).
func TestWindowsMkstempInHandleAndDACL(t *testing.T) {
	dir := tempDir(t)
	root := openRoot(t, dir)
	f, err := MkstempIn(root, "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := windows.Handle(f.Fd())
	if handleInherits(t, h) {
		t.Errorf("%s: the handle is inheritable", f.Name())
	}
	exact := !onWine()
	sd, err := windows.GetSecurityInfo(h, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	checkPrivateDACL(t, f.Name(), sd, 0, exact)
	name, err := MkdtempIn(root, "", "")
	if err != nil {
		t.Fatal(err)
	}
	dsd, err := windows.GetNamedSecurityInfo(filepath.Join(dir, name), windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		t.Fatal(err)
	}
	checkPrivateDACL(t, name, dsd, windows.OBJECT_INHERIT_ACE|windows.CONTAINER_INHERIT_ACE, exact)
}
