//go:build !unix && !windows

package main

import "path/filepath"

// noFollow is 0: these systems have no O_NOFOLLOW; O_EXCL alone refuses
// any existing name.
const noFollow = 0

// dotDotAsText is true: these systems' paths are made absolute by
// filepath.Abs, which resolves ".." as text (as Plan 9's kernel does).
const dotDotAsText = true

// absDir is filepath.Abs.
func absDir(dir string) (string, error) { return filepath.Abs(dir) }
