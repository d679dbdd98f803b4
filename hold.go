package mkstemp

import "runtime"

// A fileID is what a directory is, whatever its name: its device and inode
// number on Unix, its volume serial number and file index on Windows. On
// Linux its birth time too, where the file system keeps one (ext4, tmpfs,
// btrfs, xfs): ext4 gives a freed inode number to the next directory made
// at once. A TempDir's own directory is held open (see held), so that no
// other can get its number; the birth time serves the directories of the
// tree that the remover closes on the way down and opens again through
// ".." (see reopenParent), though it comes in coarse clock steps.
type fileID struct {
	dev, ino uint64
	birth    int64 // in nanoseconds since the epoch; 0 where unknown
}

// same reports whether id and o are one directory: the same device and
// inode, born at the same instant where both say when.
func (id fileID) same(o fileID) bool {
	return id.dev == o.dev && id.ino == o.ino && (id.birth == 0 || o.birth == 0 || id.birth == o.birth)
}

// A held is a file or directory the package keeps open so that no other
// can get its identity (device and inode number, or volume serial number
// and file index) while it exists: ext4 gives a freed inode number to the
// next file made at once. A TempDir holds its directory from creation to
// the Cleanup that removed it, or Keep; a closed NamedFile that keeps its
// name holds it, on Linux, from Close to Cleanup or Keep (see holdName).
type held struct {
	h       handle
	cleanup runtime.Cleanup // closes h if its owner is dropped first
}

// own makes owner the holder of x: if owner becomes unreachable before
// x.release, x's handle is closed then, so that dropping a TempDir or a
// NamedFile without Cleanup or Keep leaks nothing. A nil x stays nil.
func own[T any](owner *T, x *held) *held {
	if x != nil {
		x.cleanup = runtime.AddCleanup(owner, closeHandle, x.h)
	}
	return x
}

// release closes x's handle, once its owner no longer needs it; a nil x
// holds nothing.
func (x *held) release() {
	if x == nil {
		return
	}
	x.cleanup.Stop()
	closeHandle(x.h)
}
