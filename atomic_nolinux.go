//go:build !linux

package mkstemp

import (
	"io/fs"
	"os"
)

// atomicSys is how an AtomicFile is made where the system gives no unnamed
// file that can be linked: always the named way, a temporary file with a
// random name in the target's directory.
type atomicSys struct {
	named *NamedFile
}

// openAtomic makes the named way's file of an AtomicFile whose target is
// described by old (nil for a new file).
func openAtomic(name, target string, perm fs.FileMode, old fs.FileInfo) (*os.File, atomicSys, error) {
	nf, err := createNamed(target, perm, old)
	if err != nil {
		return nil, atomicSys{}, err
	}
	return nf.File, atomicSys{named: nf}, nil
}

// commitSys gives the file its name, as Commit says.
func (a *AtomicFile) commitSys(noClobber bool) error {
	return commitNamedWay(a.sys.named, a.target, a.old, noClobber)
}

// discardSys closes the file and removes its name unless it was committed.
func (a *AtomicFile) discardSys() error {
	return a.sys.named.Cleanup()
}
