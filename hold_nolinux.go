//go:build !linux

package mkstemp

import "os"

// holdName holds nothing: only Linux opens a file by name without any
// access to it (O_PATH). A closed NamedFile is known here by its device
// and inode number (or volume serial number and file index) alone.
func holdName(path string, made os.FileInfo) (x *held, named bool) { return nil, true }
