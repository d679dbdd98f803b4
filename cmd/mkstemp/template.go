package main

import (
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/seed011b361c/mkstemp"
)

// defaultTemplate is mktemp(1)'s template when none is given.
const defaultTemplate = "tmp.XXXXXXXXXX"

// templateName is a TEMPLATE of mktemp(1)'s form, read: dir, then head, a
// run of xs X's, and suffix.
type templateName struct {
	dir    string // "" for the current directory, else ending in a separator
	head   string
	xs     int
	suffix string
}

// String is the template with its directory, as error messages name it.
func (n *templateName) String() string {
	return n.dir + n.head + strings.Repeat("X", n.xs) + n.suffix
}

// templateName reads the TEMPLATE and the options of mktemp(1)'s form as
// GNU mktemp does. A template it cannot use is a templateError; only
// finding the default temporary directory touches the file system.
func (o *options) templateName() (*templateName, error) {
	template, inDir := defaultTemplate, true
	if len(o.templates) > 0 {
		template, inDir = o.templates[0], o.tmpdir != nil || o.single
	}
	var suffix string
	if o.suffix != nil {
		if !strings.HasSuffix(template, "X") {
			return nil, templateErrorf("with --suffix, template %s must end in X", quote(template))
		}
		suffix = *o.suffix
	} else if i := strings.LastIndexByte(template, 'X'); i >= 0 {
		template, suffix = template[:i+1], template[i+1:]
	}
	if hasSeparator(suffix) {
		return nil, templateErrorf("invalid suffix %s, contains directory separator", quote(suffix))
	}
	xs := len(template) - len(strings.TrimRight(template, "X"))
	if xs < 3 {
		return nil, templateErrorf("too few X's in template %s", quote(template+suffix))
	}
	if inDir {
		switch {
		case o.single && hasSeparator(template):
			return nil, templateErrorf("invalid template %s, contains directory separator: with -t, it is a file name", quote(template+suffix))
		case !o.single && isAbs(template):
			return nil, templateErrorf("invalid template %s; with -p or --tmpdir, it may not be absolute", quote(template+suffix))
		}
		dir := ""
		if o.tmpdir != nil {
			dir = *o.tmpdir
		}
		if dir == "" {
			var err error
			if dir, err = mkstemp.Gettempdir(); err != nil {
				return nil, err
			}
		}
		if !os.IsPathSeparator(dir[len(dir)-1]) {
			dir += string(os.PathSeparator)
		}
		template = dir + template
	}
	// The name starts after the last separator, or after a volume such as
	// C: on Windows.
	slash := max(lastSeparator(template), len(filepath.VolumeName(template))-1)
	return &templateName{
		dir:    template[:slash+1],
		head:   template[slash+1 : len(template)-xs],
		xs:     xs,
		suffix: suffix,
	}, nil
}

// create makes a file, closing it, or with mkdir a directory, under a name
// that follows the template, each X replaced by one random symbol, and
// returns its absolute path. With 8 X's or more, the package draws the
// last 8 symbols and creates the entry, with all its guarantees (see the
// command's documentation); symbols for X's beyond 8 are drawn here, once,
// and stay the same from one attempt to the next. With fewer, or where the
// package would clean the directory as text and the system would not (see
// upAfterName), see createExact.
func (n *templateName) create(mkdir bool) (string, error) {
	if n.xs < 8 || (!dotDotAsText && upAfterName(n.dir)) {
		return n.createExact(mkdir)
	}
	prefix := n.head + randomSymbols(n.xs-8)
	return create(mkdir, []byte(n.suffix), append([]byte{}, prefix...), append([]byte{}, n.dir...))
}

// createExact is create for a template of 3 to 7 X's, fewer than the
// package draws, or for a directory that only the system may resolve: it
// draws the symbols itself, and tries up to mkstemp.TmpMax names, only a
// name already in use making it try another, as the package does; createAt
// makes each entry as the package makes it.
func (n *templateName) createExact(mkdir bool) (string, error) {
	dir, err := absDir(n.dir)
	if err != nil {
		return "", err
	}
	for range mkstemp.TmpMax {
		name := n.head + drawSymbols(n.xs) + n.suffix
		err := createAt(dir, name, n.head, n.suffix, mkdir)
		if err == nil {
			return inDir(dir, name), nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", err
		}
	}
	return "", &fs.PathError{Op: "create", Path: inDir(dir, n.head+strings.Repeat("X", n.xs)+n.suffix), Err: fs.ErrExist}
}

// drawSymbols is randomSymbols, a variable only so that the tests can
// choose the names createExact tries.
var drawSymbols = randomSymbols

// alphabet is the package's: CPython's 37 symbols.
const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"

// randomSymbols returns n symbols (none if n < 1) of alphabet drawn
// uniformly from crypto/rand: a byte at or above 222, the largest multiple
// of 37 under 256, is drawn again.
func randomSymbols(n int) string {
	var b []byte
	var r [1]byte
	for len(b) < n {
		rand.Read(r[:])
		if int(r[0]) < 256/len(alphabet)*len(alphabet) {
			b = append(b, alphabet[int(r[0])%len(alphabet)])
		}
	}
	return string(b)
}

// inDir is name in the directory dir, joined without cleaning: dir may
// hold a ".." that only the system resolves rightly (see absDir).
func inDir(dir, name string) string {
	if dir != "" && !os.IsPathSeparator(dir[len(dir)-1]) {
		dir += string(os.PathSeparator)
	}
	return dir + name
}

// upAfterName reports whether the directory dir holds a ".." that follows
// a name. The system takes the parent of what the name leads to, a
// symbolic link's target: with lk a link to real/sub, lk/.. is real.
// Cleaning the path as text (filepath.Clean, filepath.Join, the package's
// absolute paths) drops the name with the "..", and names the current
// directory. A ".." after the root, or leading a relative path, is the
// same either way, since the current directory's name (the kernel's, see
// absDir) goes through no link.
func upAfterName(dir string) bool {
	name := false
	for _, c := range strings.FieldsFunc(dir, func(r rune) bool { return r < utf8.RuneSelf && os.IsPathSeparator(byte(r)) }) {
		switch c {
		case ".":
		case "..":
			if name {
				return true
			}
		default:
			name = true
		}
	}
	return false
}

// hasSeparator reports whether s holds a path separator of this system.
func hasSeparator(s string) bool { return lastSeparator(s) >= 0 }

// lastSeparator is the index of the last path separator in s, or -1.
func lastSeparator(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if os.IsPathSeparator(s[i]) {
			return i
		}
	}
	return -1
}

// isAbs reports whether a template names its own directory, so that it
// cannot be taken relative to DIR: an absolute path, and on Windows a
// volume (C:x) or a root (\x) too.
func isAbs(s string) bool {
	return filepath.IsAbs(s) || filepath.VolumeName(s) != "" || (s != "" && os.IsPathSeparator(s[0]))
}
