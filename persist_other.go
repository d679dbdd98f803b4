//go:build !unix && !windows

package mkstemp

import (
	"os"
)

// renameFile renames old, if it still names f, to new with os.Rename, or, with noClobber, a hard
// link and the removal of old, after which it reports unlinked: on Plan 9,
// which has no hard links, PersistNoClobber fails with the system's error.
func renameFile(f *os.File, old, new string, noClobber, deleteOnClose bool) (unlinked bool, err error) {
	if !namesFile(old, f) {
		return false, notNamedError(old)
	}
	if !noClobber {
		return false, unwrapLinkError(os.Rename(old, new))
	}
	if err := os.Link(old, new); err != nil {
		return false, unwrapLinkError(err)
	}
	if err := os.Remove(old); err != nil {
		os.Remove(new)
		return false, unwrapPathError(err)
	}
	return true, nil
}

// syncDirs does nothing here: these systems give no way to flush a
// directory.
func syncDirs(newPath, old string, unlinked bool) error { return nil }

func unwrapLinkError(err error) error {
	if le, ok := err.(*os.LinkError); ok {
		return le.Err
	}
	return err
}
