//go:build !unix

package main

import (
	"io"
	"os"
)

// standardOutput is os.Stdout: outside Unix the Go runtime leaves a closed
// standard output as it is, and writing to it fails by itself.
func standardOutput() io.Writer { return os.Stdout }
