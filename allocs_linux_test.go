//go:build linux && !race

// The race detector's instrumentation makes values escape to the heap that
// otherwise stay on the stack, so allocations are counted without it (the
// plain "go test ./..." run).

package mkstemp

import (
	"path/filepath"
	"testing"
)

// TestMkstempAllocations: Mkstemp allocates the returned path and, the
// NUL-terminated copy the system call takes, nothing more; a
// random name allocates nothing. (Speed is for the benchmarks.)
func TestMkstempAllocations(t *testing.T) {
	dir := tempDir(t)
	var paths []string
	const runs = 100
	fds := make([]int, 0, runs+1)
	paths = make([]string, 0, runs+1) // AllocsPerRun runs once more to warm up
	allocs := testing.AllocsPerRun(runs, func() {
		fd, path, err := Mkstemp(".x", "p", dir, false)
		if err != nil {
			panic(err)
		}
		fds, paths = append(fds, fd), append(paths, path)
	})
	for i, fd := range fds {
		closeFd(t, fd, paths[i])
	}
	if max := 2.0; allocs > max {
		t.Errorf("Mkstemp allocates %v times per call, want at most %v", allocs, max)
	}
	if allocs := testing.AllocsPerRun(runs, func() { randomName() }); allocs != 0 {
		t.Errorf("randomName allocates %v times, want 0", allocs)
	}
}

// TestCreateAtomicAllocations: CreateAtomic, a Write and Commit allocate
// what WriteFile allocates, which is that path, and no more than WriteFile
// did before it was that path (13 times a call, replacing a file on the
// unnamed way): the *AtomicFile takes the place of what it replaced.
func TestCreateAtomicAllocations(t *testing.T) {
	target := filepath.Join(tempDir(t), "target")
	data := make([]byte, 4096)
	must(t, WriteFile(target, data, 0o644)) // the process learns it may link
	writeFile := testing.AllocsPerRun(100, func() {
		if err := WriteFile(target, data, 0o644); err != nil {
			panic(err)
		}
	})
	createAtomic := testing.AllocsPerRun(100, func() {
		a, err := CreateAtomic(target, 0o644)
		if err != nil {
			panic(err)
		}
		if _, err := a.Write(data); err != nil {
			panic(err)
		}
		if err := a.Commit(); err != nil {
			panic(err)
		}
	})
	if createAtomic != writeFile || writeFile > 13 {
		t.Errorf("CreateAtomic, Write and Commit allocate %v times, WriteFile %v; want the same, at most 13", createAtomic, writeFile)
	}
}
