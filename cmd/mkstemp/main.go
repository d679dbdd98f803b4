// Command mkstemp creates a temporary file or directory the way Python's
// tempfile.mkstemp and tempfile.mkdtemp do, and prints its absolute path.
// It works like mktemp(1), on every system Go runs on, Windows included.
//
// Usage:
//
//	mkstemp [-d] [-dir DIR] [-prefix P] [-suffix S]
//	mkstemp -gettempdir
//
// The file is created with mode 0600 and the directory with mode 0700; the
// caller removes them when done. A flag that is not given means Python's
// None: prefix "tmp", the default temporary directory. A flag given as ""
// means Python's empty string: no prefix at all, the current directory.
// On error, mkstemp prints the error and exits with status 1.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/seed011b361c/mkstemp"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, apart from the process: it returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("mkstemp", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: mkstemp [-d] [-dir DIR] [-prefix P] [-suffix S]\n       mkstemp -gettempdir\n")
		fl.PrintDefaults()
	}
	mkdir := fl.Bool("d", false, "make a directory instead of a file")
	gettempdir := fl.Bool("gettempdir", false, "print the default temporary directory and create nothing")
	dir := fl.String("dir", "", "create in `DIR` (default: the default temporary directory; \"\": the current directory)")
	prefix := fl.String("prefix", "", "start the name with `P` (default \"tmp\")")
	suffix := fl.String("suffix", "", "end the name with `S`")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "mkstemp: unexpected argument %q\n", fl.Arg(0))
		fl.Usage()
		return 2
	}

	if *gettempdir {
		d, err := mkstemp.Gettempdir()
		if err != nil {
			fmt.Fprintln(stderr, "mkstemp:", err)
			return 1
		}
		fmt.Fprintln(stdout, d)
		return 0
	}

	// A flag left out is Python's None, a flag set to "" is Python's empty
	// string: only the bytes API can tell the two apart.
	set := map[string]bool{}
	fl.Visit(func(f *flag.Flag) { set[f.Name] = true })
	bytesOrNil := func(name, value string) []byte {
		if !set[name] {
			return nil
		}
		return []byte(value)
	}
	p, d, s := bytesOrNil("prefix", *prefix), bytesOrNil("dir", *dir), []byte(*suffix)

	var path []byte
	var err error
	if *mkdir {
		path, err = mkstemp.MkdtempBytes(s, p, d)
	} else {
		var fd int
		fd, path, err = mkstemp.MkstempBytes(s, p, d, false)
		if err == nil {
			err = os.NewFile(uintptr(fd), string(path)).Close()
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "mkstemp:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n", path)
	return 0
}
