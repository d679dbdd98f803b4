package mkstemp

import (
	"os"
	"path/filepath"
	"testing"
)

// openFds counts this process's open descriptors.
func openFds(t *testing.T) int {
	t.Helper()
	des, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(des)
}

// failNoLeak calls each of failures 10,000 times, fails t if one succeeds,
// and fails t unless the number of open descriptors is the same after.
func failNoLeak(t *testing.T, failures map[string]func() error) {
	t.Helper()
	failNoLeakN(t, 10000, failures)
}

// failNoLeakN is failNoLeak with n calls of each.
func failNoLeakN(t *testing.T, n int, failures map[string]func() error) {
	t.Helper()
	for name, fail := range failures {
		before := openFds(t)
		for range n {
			if fail() == nil {
				t.Fatalf("%s: the call succeeded", name)
			}
		}
		if after := openFds(t); after != before {
			t.Errorf("%s: %d descriptors open before %d failures, %d after", name, before, n, after)
		}
	}
}

// TestFailuresLeakNoDescriptor: 10,000 failing calls of each kind leave the
// number of open descriptors as it was, and 1,000 successful calls add
// exactly the 1,000 descriptors returned.
func TestFailuresLeakNoDescriptor(t *testing.T) {
	base := t.TempDir()
	file := filepath.Join(base, "file")
	writeFile(t, file, "")
	full := filepath.Join(base, "full")
	mkdirs(t, full)
	writeFile(t, filepath.Join(full, "tmpaaaaaaaa"), "")
	freshTempdir(t)
	SetTempdir(filepath.Join(base, "missing"))

	failures := map[string]func() error{
		"missing dir":         func() error { _, _, err := Mkstemp("", "", filepath.Join(base, "missing"), false); return err },
		"missing default dir": func() error { _, _, err := Mkstemp("", "", "", false); return err },
		"file as dir":         func() error { _, _, err := Mkstemp("", "", file, false); return err },
		"bad prefix":          func() error { _, _, err := Mkstemp("", "a/b", base, false); return err },
		"exhausted":           func() error { _, _, err := Mkstemp("", "", full, false); return err },
		"mkdtemp in a file":   func() error { _, err := Mkdtemp("", "", file); return err },
	}
	sameName(t, "aaaaaaaa") // for "exhausted"; the other failures take any name
	failNoLeak(t, failures)

	useNames(t) // real names again
	before := openFds(t)
	var fds []int
	for range 1000 {
		fd, path, err := Mkstemp("", "", base, false)
		if err != nil {
			t.Fatal(err)
		}
		fds = append(fds, fd)
		defer closeFd(t, fd, path)
	}
	if after := openFds(t); after != before+len(fds) {
		t.Errorf("%d descriptors open before 1,000 files, %d after, want %d", before, after, before+len(fds))
	}
}
