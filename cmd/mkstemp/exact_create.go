//go:build !windows

package main

import "os"

// createAt makes name in dir as the package makes an entry here: a file
// with O_CREATE|O_EXCL (and O_NOFOLLOW where the system has it) and mode
// 0600, closed at once (the Go runtime adds close-on-exec), or a directory
// of mode 0700. Nothing that has the name, a symbolic link included, is
// opened or followed. head and suffix are the name's fixed parts, which
// only Windows checks.
func createAt(dir, name, head, suffix string, mkdir bool) error {
	path := inDir(dir, name)
	if mkdir {
		return os.Mkdir(path, 0o700)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL|noFollow, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
