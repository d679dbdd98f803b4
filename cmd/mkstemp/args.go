package main

import (
	"fmt"
	"slices"
	"strings"
)

// usage is what -h prints, and what a wrong command line prints after the
// error.
const usage = `usage: mkstemp [-d] [-q] [-p DIR | --tmpdir[=DIR]] [-t] [--suffix=SUFF] [TEMPLATE]
       mkstemp [-d] [-q] [-dir DIR] [-prefix P] [-suffix S]
       mkstemp -gettempdir
       mkstemp -h

Create a new file (-d: directory) of mode 0600 (0700), private to its owner,
and print its absolute path. The caller removes it when done.

mktemp(1)'s form, as GNU coreutils reads it:
  TEMPLATE              last component ending in 3 or more X's, each replaced
                        by a random symbol of [a-z0-9_] (use 8 or more);
                        what follows the last X is a suffix
                        (default: tmp.XXXXXXXXXX in the temporary directory)
  -p DIR, --tmpdir[=DIR]  a relative TEMPLATE is in DIR
                        (no DIR, or "": the default temporary directory)
  -t                    TEMPLATE is a single file name in that directory
  --suffix=SUFF         append SUFF, which holds no separator, to TEMPLATE
  -u, --dry-run         refused: a name with nothing created is mktemp(3)'s
                        race, another program can take it first

Python's form, tempfile.mkstemp (-d: mkdtemp):
  -dir DIR              create in DIR (default: the temporary directory;
                        "": the current directory)
  -prefix P             start the name with P (default "tmp"; "": none)
  -suffix S             end the name with S
  -gettempdir           print the default temporary directory, create nothing

Both:
  -d, --directory       make a directory, not a file
  -q, --quiet           print nothing when it fails: the exit status says it
  -h, --help            print this help

Exit status: 0 done, 1 failed (nothing left; the reason on stderr), 2 bad usage.
Standard output on /dev/null, even read-write, is not an error: the entry is
kept, as by mktemp; on Unix a closed standard output is /dev/null too.
Scripts: go install github.com/seed011b361c/mkstemp/cmd/mkstemp@latest;
"go run" adds its own "exit status N" and exits 1 for both 1 and 2.
`

// options is the command line, read.
type options struct {
	mkdir, quiet, help bool

	// Python's form; a nil string is a flag not given, Python's None.
	gettempdir            bool
	dir, prefix, pySuffix *string

	// mktemp(1)'s form.
	templates []string
	tmpdir    *string // -p DIR, --tmpdir=DIR, or "" for --tmpdir alone
	single    bool    // -t
	suffix    *string // --suffix
	dryRun    bool    // -u, refused
}

// usageError is a command line that is wrong: exit status 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func usageErrorf(format string, a ...any) error { return usageError(fmt.Sprintf(format, a...)) }

// longOptions are mktemp(1)'s long options, which may be shortened to any
// prefix that names only one of them.
var longOptions = []string{"directory", "dry-run", "help", "quiet", "suffix", "tmpdir"}

// pythonFlags are the flags of Python's form, each spelled with one dash
// and taking a value (-dir DIR or -dir=DIR) or not. As a whole word, each
// wins over GNU's grouping of short options: -dir is not -d -i -r.
var pythonFlags = map[string]bool{"dir": true, "prefix": true, "suffix": true, "gettempdir": false, "help": false}

// parse reads the command line as GNU getopt_long does, options and
// operands in any order, with Python's one-dash flags beside mktemp's.
func parse(args []string) (*options, error) {
	o := new(options)
	for i := 0; i < len(args); i++ {
		arg := args[i]
		// value returns the value of the option name: inline, or else the
		// next argument.
		value := func(name, inline string, hasInline bool) (string, error) {
			if hasInline {
				return inline, nil
			}
			if i+1 == len(args) {
				return "", usageErrorf("option %s requires an argument", name)
			}
			i++
			return args[i], nil
		}
		var err error
		switch {
		case arg == "--":
			o.templates = append(o.templates, args[i+1:]...)
			i = len(args)
		case strings.HasPrefix(arg, "--"):
			name, inline, hasInline := strings.Cut(arg[2:], "=")
			err = o.long(name, inline, hasInline, value)
		case len(arg) < 2 || arg[0] != '-':
			o.templates = append(o.templates, arg)
		default:
			if name, inline, hasInline := strings.Cut(arg[1:], "="); hasPythonFlag(name) {
				err = o.python(name, inline, hasInline, value)
			} else {
				err = o.short(arg[1:], value)
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return o, nil
}

func hasPythonFlag(name string) bool {
	_, ok := pythonFlags[name]
	return ok
}

// long sets mktemp's long option name, shortened or not.
func (o *options) long(name, inline string, hasInline bool, value func(string, string, bool) (string, error)) error {
	var matches []string
	for _, opt := range longOptions {
		if opt == name {
			matches = []string{opt}
			break
		}
		if strings.HasPrefix(opt, name) {
			matches = append(matches, opt)
		}
	}
	switch len(matches) {
	case 0:
		return usageErrorf("unrecognized option '--%s'", name)
	case 1:
	default:
		return usageErrorf("option '--%s' is ambiguous; possibilities: --%s", name, strings.Join(matches, " --"))
	}
	opt := matches[0]
	if hasInline && !slices.Contains([]string{"suffix", "tmpdir"}, opt) {
		return usageErrorf("option '--%s' doesn't allow an argument", opt)
	}
	switch opt {
	case "directory":
		o.mkdir = true
	case "dry-run":
		o.dryRun = true
	case "help":
		o.help = true
	case "quiet":
		o.quiet = true
	case "suffix":
		v, err := value("'--suffix'", inline, hasInline)
		if err != nil {
			return err
		}
		o.suffix = &v
	case "tmpdir":
		// An optional argument: only --tmpdir=DIR gives one.
		o.tmpdir = &inline
	}
	return nil
}

// python sets the flag name of Python's form.
func (o *options) python(name, inline string, hasInline bool, value func(string, string, bool) (string, error)) error {
	if !pythonFlags[name] {
		if hasInline {
			return usageErrorf("flag -%s takes no value", name)
		}
		o.gettempdir = o.gettempdir || name == "gettempdir"
		o.help = o.help || name == "help"
		return nil
	}
	v, err := value("-"+name, inline, hasInline)
	if err != nil {
		return err
	}
	switch name {
	case "dir":
		o.dir = &v
	case "prefix":
		o.prefix = &v
	case "suffix":
		o.pySuffix = &v
	}
	return nil
}

// short sets the short options grouped in group, as -dq or -dpDIR.
func (o *options) short(group string, value func(string, string, bool) (string, error)) error {
	for j := 0; j < len(group); j++ {
		switch group[j] {
		case 'd':
			o.mkdir = true
		case 'q':
			o.quiet = true
		case 't':
			o.single = true
		case 'u':
			o.dryRun = true
		case 'h':
			o.help = true
		case 'p':
			v, err := value("-p", group[j+1:], j+1 < len(group))
			if err != nil {
				return err
			}
			o.tmpdir = &v
			return nil
		default:
			return usageErrorf("invalid option -- '%c'", group[j])
		}
	}
	return nil
}

// mktempFace reports whether the command line is mktemp(1)'s: a TEMPLATE
// or an option that only mktemp has.
func (o *options) mktempFace() bool {
	return len(o.templates) > 0 || o.tmpdir != nil || o.single || o.suffix != nil
}

// check refuses what the two forms cannot do together, and -u.
func (o *options) check() error {
	python := o.dir != nil || o.prefix != nil || o.pySuffix != nil
	switch {
	case o.dryRun:
		return usageError("-u (--dry-run) is refused: it prints a name and creates nothing, " +
			"so another program can take the name before the caller does (mktemp(3)'s race); " +
			"create the entry and use it instead")
	case o.gettempdir && (python || o.mktempFace() || o.mkdir || o.quiet):
		return usageError("-gettempdir takes no other flag or argument")
	case python && o.mktempFace():
		return usageError("-dir, -prefix and -suffix (Python's form) do not go with a TEMPLATE, -p, --tmpdir, -t or --suffix (mktemp's form)")
	case len(o.templates) > 1:
		return usageErrorf("too many templates: %q", o.templates)
	}
	return nil
}
