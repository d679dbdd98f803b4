//go:build !unix

package mkstemp

import "os"

// umaskForTests is 0: these systems have no umask.
func umaskForTests() os.FileMode { return 0 }
