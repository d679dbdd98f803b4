//go:build !unix && !windows

package mkstemp

import "testing"

// everyUser runs check once: there is no other user to run it as.
func everyUser(t *testing.T, check func(t *testing.T)) {
	t.Helper()
	check(t)
}
