//go:build unix

package mkstemp

import "golang.org/x/sys/unix"

// handle is a descriptor the package holds (see held).
type handle = int

// holdDir opens the directory path, not following a link at its end, to
// be held, and returns what it is. It is opened for searching only where
// the system can (dirSearch): its mode may deny reading. A system that
// refuses the flag, or a descriptor so opened, gets a second try without.
func holdDir(path string) (*held, fileID, error) {
	x, id, err := openHeld(path, dirSearch)
	if err != nil && dirSearch != searchOnly {
		x, id, err = openHeld(path, searchOnly)
	}
	return x, id, err
}

// openHeld opens the directory path with flags added, and reads what it
// is through the descriptor.
func openHeld(path string, flags int) (*held, fileID, error) {
	fd, err := openDir(unix.AT_FDCWD, path, flags|unix.O_NOFOLLOW)
	if err != nil {
		return nil, fileID{}, err
	}
	info, err := statDir(fd, 0)
	if err != nil {
		unix.Close(fd)
		return nil, fileID{}, err
	}
	return &held{h: fd}, info.id, nil
}

// closeHandle closes a descriptor held.
func closeHandle(fd int) { unix.Close(fd) }

// gone reports whether the directory x holds was removed by someone else
// and only x keeps it; on Unix the name is free then, and Cleanup finds
// whatever has it.
func (x *held) gone() bool { return false }
