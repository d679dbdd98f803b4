//go:build unix

package mkstemp

import "testing"

// everyUser runs check as root and as uid 65534, as asRootAndUnprivileged.
func everyUser(t *testing.T, check func(t *testing.T)) {
	t.Helper()
	asRootAndUnprivileged(t, check)
}
