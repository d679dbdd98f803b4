//go:build !unix && !windows

package mkstemp

import "os"

// renameFile renames old to new with os.Rename, or, with noClobber, a hard
// link and the removal of old: on Plan 9 and js/wasm, which have no hard
// links, PersistNoClobber fails with the system's error.
func renameFile(old, new string, noClobber, deleteOnClose bool) error {
	if !noClobber {
		return unwrapLinkError(os.Rename(old, new))
	}
	if err := os.Link(old, new); err != nil {
		return unwrapLinkError(err)
	}
	if err := os.Remove(old); err != nil {
		os.Remove(new)
		return unwrapPathError(err)
	}
	return nil
}

// syncDir does nothing here: these systems give no way to flush a
// directory.
func syncDir(dir string) error { return nil }

func unwrapLinkError(err error) error {
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
