//go:build !unix && !windows

package mkstemp

// handle stands for a descriptor, which these systems (js/wasm, wasip1,
// plan9) give no way to hold a directory by.
type handle struct{}

// holdDir holds nothing here, and returns what the directory path is: its
// device and inode number (on plan9 its server and qid path), which
// Cleanup trusts as long as the file system does not give the number of a
// directory removed to another.
func holdDir(path string) (*held, fileID, error) {
	id, err := dirID(path)
	return nil, id, err
}

func closeHandle(handle) {}

func (x *held) gone() bool { return false }
