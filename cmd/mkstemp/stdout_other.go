//go:build !unix

package main

// stdoutClosed reports whether the command was started with its standard
// output closed. Outside Unix the Go runtime leaves a closed standard output
// as it is, and writing to it fails, so there is nothing to detect.
func stdoutClosed() bool { return false }
