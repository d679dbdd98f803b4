//go:build !unix && !windows

package main

import "path/filepath"

// noFollow is 0: these systems have no O_NOFOLLOW; O_EXCL alone refuses
// any existing name.
const noFollow = 0

// absDir is filepath.Abs.
func absDir(dir string) (string, error) { return filepath.Abs(dir) }
