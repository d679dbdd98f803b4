package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// usage is what -h prints.
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
                        (Python's form says -dir DIR)
  -t                    TEMPLATE is a single file name in that directory
  --suffix=SUFF         append SUFF, which holds no separator, to TEMPLATE
                        (two dashes; Python's form says -suffix S)
  -u, --dry-run         refused: a name with nothing created is mktemp(3)'s
                        race, another program can take it first

Python's form, tempfile.mkstemp (-d: mkdtemp):
  -dir DIR              create in DIR (default: the temporary directory;
                        "": the current directory); one dash: --dir is
                        --directory (mktemp's form says -p DIR)
  -prefix P             start the name with P (default "tmp"; "": none)
  -suffix S             end the name with S (one dash; mktemp's form
                        says --suffix=SUFF)
  -gettempdir           print the default temporary directory, create nothing

Both:
  -d, --directory       make a directory, not a file (--dir too)
  -q, --quiet           print nothing when it fails: the exit status says it
  -h, --help            print this help

Exit status: 0 done; 1 failed (nothing left; the reason on stderr) or a wrong
command line; 2 a wrong command line of Python's form alone (-dir, -prefix,
-suffix, -gettempdir), as Python's argparse.
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

	// What a wrong command line was meant to be: whether a flag that
	// only one form has was read, right or wrong, and whether --dir,
	// GNU's abbreviation of --directory, was.
	pythonSeen, mktempSeen, longDir bool
}

// usageError is a command line that is wrong, said on one line followed
// by tryHelp, as GNU's tools say it.
type usageError string

func (e usageError) Error() string { return string(e) }

func usageErrorf(format string, a ...any) error { return usageError(fmt.Sprintf(format, a...)) }

// templateError is a TEMPLATE, or a --suffix, that mktemp's form cannot
// use, said on one line, as GNU mktemp says it.
type templateError string

func (e templateError) Error() string { return string(e) }

func templateErrorf(format string, a ...any) error {
	return templateError(fmt.Sprintf(format, a...))
}

// quote is s between single quotes, as GNU's tools quote what the user gave
// in a message, with a character that does not print (a newline, a tab, a
// control character) escaped as Go escapes it (\n, \t, \x01, \u200b) and a
// byte that is not UTF-8 as \xNN, so that the message stays on one line.
// Separators, \ on Windows too, are left as they are.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for s != "" {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[0])
		case unicode.IsPrint(r):
			b.WriteString(s[:n])
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
		s = s[n:]
	}
	b.WriteByte('\'')
	return b.String()
}

// tryHelp is the line after a usage error.
const tryHelp = "Try 'mkstemp --help' for more information."

// dirHint is said with any error on a command line that holds --dir.
const dirHint = "--dir is --directory (make a directory); the directory to create in is -p DIR (mktemp's form) or -dir DIR, one dash (Python's)"

// longOptions are mktemp(1)'s long options, which may be shortened to any
// prefix that names only one of them.
var longOptions = []string{"directory", "dry-run", "help", "quiet", "suffix", "tmpdir"}

// pythonFlags are the flags of Python's form, each spelled with one dash
// and taking a value (-dir DIR or -dir=DIR) or not. As a whole word, each
// wins over GNU's grouping of short options: -dir is not -d -i -r.
var pythonFlags = map[string]bool{"dir": true, "prefix": true, "suffix": true, "gettempdir": false, "help": false}

// parse reads the command line as GNU getopt_long does, options and
// operands in any order, with Python's one-dash flags beside mktemp's. It
// returns the first error, and the options read from the whole line even
// then, which say what the line was meant to be (see usageStatus).
func parse(args []string) (*options, error) {
	o := new(options)
	var first error
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
			} else if err = o.short(arg[1:], value); err != nil && slices.Contains(longOptions, name) {
				err = usageErrorf("%v; mktemp's --%s has two dashes", err, name)
			}
		}
		if first == nil {
			first = err
		}
	}
	if len(o.templates) > 0 {
		o.mktempSeen = true
	}
	return o, first
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
	// The option as given, with its value, as GNU getopt names it in
	// these errors.
	given := "--" + name
	if hasInline {
		given += "=" + inline
	}
	switch {
	case len(matches) == 0 && hasPythonFlag(name):
		return usageErrorf("unrecognized option %s; Python's form says -%s, one dash", quote(given), name)
	case len(matches) == 0:
		return usageErrorf("unrecognized option %s", quote(given))
	case len(matches) > 1:
		return usageErrorf("option %s is ambiguous; possibilities: --%s", quote(given), strings.Join(matches, " --"))
	}
	opt := matches[0]
	o.longDir = o.longDir || name == "dir"
	o.mktempSeen = o.mktempSeen || opt == "dry-run" || opt == "suffix" || opt == "tmpdir"
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
	o.pythonSeen = o.pythonSeen || name != "help"
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
			o.single, o.mktempSeen = true, true
		case 'u':
			o.dryRun, o.mktempSeen = true, true
		case 'h':
			o.help = true
		case 'p':
			o.mktempSeen = true
			v, err := value("-p", group[j+1:], j+1 < len(group))
			if err != nil {
				return err
			}
			o.tmpdir = &v
			return nil
		default:
			return usageErrorf("invalid option -- %s", quote(group[j:j+1]))
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
		return usageError("-dir, -prefix and -suffix (Python's form) do not go with a TEMPLATE, -p, --tmpdir, -t or --suffix (mktemp's form): " + o.mixHint())
	case len(o.templates) > 1:
		return usageErrorf("too many templates: %q", o.templates)
	}
	return nil
}

// mixHint says how each form spells what the command line gave in the
// other's spelling.
func (o *options) mixHint() string {
	var hints []string
	if o.pySuffix != nil || o.suffix != nil {
		hints = append(hints, "a suffix is -suffix S in Python's form, --suffix=SUFF in mktemp's")
	}
	if o.dir != nil || o.tmpdir != nil {
		hints = append(hints, "a directory is -dir DIR in Python's form, -p DIR in mktemp's")
	}
	if o.prefix != nil {
		hints = append(hints, "a prefix is -prefix P in Python's form, the start of the TEMPLATE in mktemp's")
	}
	return strings.Join(hints, "; ")
}

// usageStatus is the exit status of a wrong command line: 2 for one of
// Python's form, with a flag that only Python's form has and nothing that
// only mktemp's has, as Python's argparse exits; 1 for any other, as
// mktemp(1) exits.
func (o *options) usageStatus() int {
	if o.pythonSeen && !o.mktempSeen {
		return 2
	}
	return 1
}
