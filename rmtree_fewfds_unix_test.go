//go:build unix

package mkstemp

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestCleanupLockedDirWithFewDescriptorsLeft: opening a locked directory
// takes two descriptors at once (on Linux, an O_PATH one and "."), and
// when that fails with EMFILE Cleanup keeps fewer open and tries again, as
// for any other directory: a chain of 30 with a directory of mode 0300,
// and one of 0000, at depth 12 goes under a limit of 64 with 10
// descriptors left; so do eight such chains on four goroutines, with 12
// left. As uid 65534, to whom the modes apply, and as root.
func TestCleanupLockedDirWithFewDescriptorsLeft(t *testing.T) {
	asRootAndUnprivileged(t, func(t *testing.T) {
		for _, c := range []struct{ workers, chains, left int }{{1, 1, 10}, {4, 8, 12}} {
			for _, mode := range []uint32{0o300, 0} {
				withWorkers(t, c.workers)
				td, err := TemporaryDirectory("", "", bigTreeDir(t), false)
				must(t, err)
				for i := range c.chains {
					d := filepath.Join(td.Name(), fmt.Sprint("c", i))
					mkdirs(t, d)
					makeChain(t, d, 30, map[int]uint32{12: mode})
				}
				withFileLimit(t, 64)
				release := holdDescriptorsBut(t, c.left)
				err = td.Cleanup()
				release()
				if err != nil || exists(td.Name()) {
					t.Errorf("%d chains on %d goroutines, mode %#o at depth 12, %d descriptors left: Cleanup: %v; still there: %v", c.chains, c.workers, mode, c.left, err, exists(td.Name()))
				}
			}
		}
	})
}
