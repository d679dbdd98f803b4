package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/seed011b361c/mkstemp"
)

// The command in its two forms: mktemp(1)'s, with a template in a given
// directory (in a shell: mkstemp -p "$dir" --suffix=.csv report.XXXXXXXXXX),
// and Python's (mkstemp -d -dir "$dir" -prefix build-). The random symbols
// are shown as '?'.
func Example() {
	dir, err := mkstemp.Mkdtemp("", "example-", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.Remove(dir)

	for _, tt := range []struct {
		args       []string
		head, tail string
	}{
		{[]string{"-p", dir, "--suffix=.csv", "report.XXXXXXXXXX"}, "report.", ".csv"},
		{[]string{"-d", "-dir", dir, "-prefix", "build-"}, "build-", ""},
	} {
		var stdout, stderr bytes.Buffer
		status := run(tt.args, &stdout, &stderr)
		path := strings.TrimSuffix(stdout.String(), "\n")
		defer os.Remove(path)
		fi, err := os.Stat(path)
		fmt.Printf("status %d, in dir: %v, name %s, directory: %v, %v\n",
			status, filepath.Dir(path) == dir, masked(filepath.Base(path), tt.head, tt.tail), fi != nil && fi.IsDir(), err)
	}
	// Output:
	// status 0, in dir: true, name report.??????????.csv, directory: false, <nil>
	// status 0, in dir: true, name build-????????, directory: true, <nil>
}

// masked is name with the symbols between head and tail shown as '?'.
func masked(name, head, tail string) string {
	middle, ok := strings.CutPrefix(name, head)
	if middle, ok2 := strings.CutSuffix(middle, tail); ok && ok2 {
		return head + strings.Map(func(r rune) rune {
			if strings.ContainsRune(alphabet, r) {
				return '?'
			}
			return r
		}, middle) + tail
	}
	return name
}
