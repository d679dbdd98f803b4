//go:build !linux

package mkstemp

// atomicSys is how an AtomicFile is made where the system gives no unnamed
// file that can be linked: always the named way, a temporary file with a
// random name in the target's directory.
type atomicSys struct {
	named *NamedFile
}

// open makes a's file: the named way's, a temporary file in the
// target's directory.
func (a *AtomicFile) open() error {
	nf, err := createNamed(a.target, a.perm, a.old)
	if err != nil {
		return err
	}
	a.f, a.sys = nf.File, atomicSys{named: nf}
	return nil
}

// commitSys gives the file its name, as Commit says.
func (a *AtomicFile) commitSys(noClobber bool) error {
	return commitNamedWay(a.sys.named, a.target, a.old, noClobber)
}

// discardSys closes the file and removes its name unless it was committed.
func (a *AtomicFile) discardSys() error {
	return a.sys.named.Cleanup()
}
