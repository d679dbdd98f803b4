//go:build unix && !linux && !darwin && !freebsd && !solaris && !aix

package mkstemp

// dirSearch is what holdDir adds to open a directory for reading: these
// systems have no flag to open one for searching only.
const dirSearch = 0
