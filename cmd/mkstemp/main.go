// Command mkstemp creates a new temporary file or directory, private to its
// owner, and prints its absolute path. It has two faces: Python's
// tempfile.mkstemp and tempfile.mkdtemp, and the common interface of GNU
// mktemp(1), so that a shell script can call it where mktemp is missing
// (Windows) or where it wants the package's guarantees. It builds wherever
// Go links a program without cgo, Windows included.
//
// Usage:
//
//	mkstemp [-d] [-q] [-p DIR | --tmpdir[=DIR]] [-t] [--suffix=SUFF] [TEMPLATE]
//	mkstemp [-d] [-q] [-dir DIR] [-prefix P] [-suffix S]
//	mkstemp -gettempdir
//	mkstemp -h
//
// Whichever face is used, the entry is created as the package creates it:
// atomically, under a name that nothing had, never through a symbolic
// link, with mode 0600 for a file and 0700 for a directory (on Windows, a
// DACL for the user alone), under a name whose random symbols are drawn
// from a cryptographically secure source over [a-z0-9_]. Only a name
// already in use makes it try another, up to mkstemp.TmpMax times. The
// caller removes the entry when done.
//
// The first form is mktemp(1)'s, as GNU coreutils reads it. TEMPLATE's last
// component ends in at least 3 X's, each replaced by one random symbol,
// followed by an optional suffix (what comes after the last X, or
// --suffix=SUFF, which holds no separator). With 8 X's or more the package
// makes the entry; with fewer, the command draws the name and creates it
// with the same flags and modes (on Windows the package makes it under a
// name of its own, with its DACL, and it is renamed, never replacing
// anything), as it does for a TEMPLATE whose directory holds a ".." after a
// name. That ".." is resolved by the system, as GNU mktemp leaves it: with
// lk a symbolic link to real/sub, lk/../x.XXXXXX is in real, and the
// printed path keeps lk/.. (Windows resolves ".." as text, and so does
// Python's form, as Python's mkstemp). Mind that 3 X's give only 50,653
// names: anybody who can write to the directory can guess the name, or take
// them all. A relative TEMPLATE is taken from the current directory, or
// from DIR with -p DIR or --tmpdir=DIR; with -t it is one file name in that
// directory. Without a TEMPLATE, it is tmp.XXXXXXXXXX in that directory.
// DIR left out or empty means the default temporary directory, the one
// -gettempdir prints: $TMPDIR, $TEMP, $TMP, then the system's usual places,
// the first in which a file can really be created. It differs from GNU
// mktemp on purpose in these points:
//   - the symbols are [a-z0-9_], Python's, not [A-Za-z0-9]: names never
//     differ by case alone, on file systems that ignore it;
//   - it tries mkstemp.TmpMax (20) names, where GNU mktemp tries far more:
//     with few X's in a crowded directory it gives up sooner;
//   - the printed path is always absolute;
//   - with -t, -p DIR wins over $TMPDIR (GNU mktemp prefers $TMPDIR);
//   - $TMPDIR is taken as -gettempdir takes it, made absolute as text, as
//     Python's gettempdir does: a ".." after a name in it is not resolved
//     by the system (GNU mktemp passes $TMPDIR on as it is);
//   - -u (--dry-run) is refused: a name that nothing holds is mktemp(3)'s
//     race, another program can take it before the caller does;
//   - with neither a TEMPLATE nor -p, --tmpdir, -t or --suffix (mkstemp,
//     mkstemp -d), the command is Python's mkstemp(): tmp and 8 symbols,
//     not tmp.XXXXXXXXXX, in the same directory;
//   - a closed standard output is not an error (see below).
//
// The second form is Python's: mkstemp(suffix, prefix, dir) or, with -d,
// mkdtemp(suffix, prefix, dir). A flag that is not given means Python's
// None: prefix "tmp", the default temporary directory. A flag given as ""
// means Python's empty string: no prefix at all, the current directory.
// It is also the form of a command line with neither form's own flags.
//
// In both, -d (--directory) makes a directory, and -q (--quiet) prints
// nothing when the command fails to create the entry or to print its path:
// the exit status says it (a wrong command line is still reported). The two
// forms do not mix: -dir, -prefix and -suffix with a TEMPLATE, -p,
// --tmpdir, -t or --suffix are a usage error, whose message says how each
// form spells what was given (-suffix S is mktemp's --suffix=SUFF, -dir DIR
// is -p DIR), as is -gettempdir with any other flag. Long options may be
// shortened while unambiguous (--dir is --directory, not Python's -dir: a
// wrong command line or TEMPLATE with --dir says so), and short ones may be
// grouped (-dq, -dpDIR), as GNU getopt reads them.
//
// Exit status: 0 on success, and for -h or --help, which print the usage on
// standard output; 1 when the entry cannot be made or its path, or the
// usage, cannot be written to standard output (as on a full disk), with
// the reason on standard error and nothing left behind, and, as mktemp,
// for a command line that is wrong, with the reason on one line of
// standard error followed, for a wrong option, by "Try 'mkstemp --help'
// for more information."; 2 for a wrong command line of Python's form alone (one
// with -dir, -prefix, -suffix or -gettempdir and nothing that only
// mktemp's form has), as Python's argparse exits.
//
// Standard output on /dev/null is not an error, even opened read-write as
// Python's subprocess.DEVNULL and daemon(3) open it: the entry is made and
// kept, as mktemp(1) does. A closed standard output cannot be told apart
// from that on Unix: the Go runtime opens /dev/null read-write in its place
// before the command starts, so the command succeeds and the path is lost.
//
// Scripts should run a built binary:
//
//	go install github.com/seed011b361c/mkstemp/cmd/mkstemp@latest
//
// "go run" prints its own "exit status N" and exits 1 for any status but
// 0, so 1 and 2 cannot be told apart through it.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/seed011b361c/mkstemp"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, apart from the process: it returns the exit
// status.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args)
	if err == nil && o.help {
		if _, err := io.WriteString(stdout, usage); err != nil {
			if !o.quiet {
				fmt.Fprintln(stderr, "mkstemp: write error:", err)
			}
			return 1
		}
		return 0
	}
	if err == nil {
		err = o.check()
	}
	var name *templateName
	if err == nil && o.mktempFace() {
		name, err = o.templateName()
	}
	if wrong := errors.As(err, new(usageError)); wrong || errors.As(err, new(templateError)) {
		msg := err.Error()
		if o.longDir {
			msg += "; " + dirHint
		}
		fmt.Fprintln(stderr, "mkstemp:", msg)
		if wrong {
			fmt.Fprintln(stderr, tryHelp)
		}
		return o.usageStatus()
	}
	fail := func(err error) int {
		if !o.quiet {
			fmt.Fprintln(stderr, "mkstemp:", err)
		}
		return 1
	}
	if err != nil {
		return fail(err)
	}

	if o.gettempdir {
		d, err := mkstemp.Gettempdir()
		if err == nil {
			err = printPath(stdout, d)
		}
		if err != nil {
			return fail(err)
		}
		return 0
	}

	var path string
	if name != nil {
		if path, err = name.create(o.mkdir); err != nil {
			what := map[bool]string{false: "file", true: "directory"}[o.mkdir]
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return fail(fmt.Errorf("failed to create %s via template %s: %w", what, quote(name.String()), err))
		}
	} else if path, err = create(o.mkdir, bytesOrNil(o.pySuffix), bytesOrNil(o.prefix), bytesOrNil(o.dir)); err != nil {
		return fail(err)
	}
	// Nobody would know the path of what is left if it is not printed, so
	// the command removes it, as mktemp(1) does.
	if err = printPath(stdout, path); err != nil {
		os.Remove(path)
		return fail(err)
	}
	return 0
}

// create makes a file, closing it, or with mkdir a directory, with the
// package's Bytes functions, where nil means Python's None, and returns
// its path.
func create(mkdir bool, suffix, prefix, dir []byte) (string, error) {
	if mkdir {
		path, err := mkstemp.MkdtempBytes(suffix, prefix, dir)
		return string(path), err
	}
	fd, path, err := mkstemp.MkstempBytes(suffix, prefix, dir, false)
	if err != nil {
		return "", err
	}
	if err := os.NewFile(uintptr(fd), string(path)).Close(); err != nil {
		os.Remove(string(path))
		return "", err
	}
	return string(path), nil
}

// bytesOrNil is nil for a flag that was not given, Python's None, and the
// flag's value, maybe empty but not nil, for one that was.
func bytesOrNil(s *string) []byte {
	if s == nil {
		return nil
	}
	return append([]byte{}, *s...)
}

// printPath writes path and a newline to w, and says so if it cannot.
func printPath(w io.Writer, path string) error {
	if _, err := fmt.Fprintf(w, "%s\n", path); err != nil {
		return fmt.Errorf("write error: %w", err)
	}
	return nil
}
