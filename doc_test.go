package mkstemp_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docCommentLimit is the most lines an exported identifier's doc comment
// may have: a contract in a few lines, the mechanisms in docs/.
const docCommentLimit = 20

// packageDoc returns the package's documentation, as go doc reads it.
func packageDoc(t *testing.T) *doc.Package {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, readFile(t, name), parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/seed011b361c/mkstemp")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// docComments calls f with the name and doc comment of every exported
// identifier of p.
func docComments(p *doc.Package, f func(name, text string)) {
	for _, c := range p.Consts {
		f(strings.Join(c.Names, ", "), c.Doc)
	}
	for _, v := range p.Vars {
		f(strings.Join(v.Names, ", "), v.Doc)
	}
	for _, fn := range p.Funcs {
		f(fn.Name, fn.Doc)
	}
	for _, typ := range p.Types {
		f(typ.Name, typ.Doc)
		for _, fn := range typ.Funcs {
			f(fn.Name, fn.Doc)
		}
		for _, m := range typ.Methods {
			f(typ.Name+"."+m.Name, m.Doc)
		}
	}
}

// TestDocCommentsAreShort holds every exported identifier to a doc comment
// that starts with its name and has at most docCommentLimit lines.
func TestDocCommentsAreShort(t *testing.T) {
	docComments(packageDoc(t), func(name, text string) {
		base := name[strings.LastIndex(name, ".")+1:]
		if text == "" {
			t.Errorf("%s has no doc comment", name)
			return
		}
		if !strings.HasPrefix(text, base+" ") && !strings.HasPrefix(text, "A "+base+" ") && !strings.HasPrefix(text, "An "+base+" ") {
			t.Errorf("%s's doc comment starts %.30q, not with its name", name, text)
		}
		if n := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1; n > docCommentLimit {
			t.Errorf("%s's doc comment has %d lines, more than %d: move the mechanisms to docs/", name, n, docCommentLimit)
		}
	})
}

// TestOverviewNamesEveryEntryPoint: the package overview names every
// exported function and constant, and the ways to keep what Cleanup would
// remove and to persist it, in the order a newcomer needs them: the
// one-call jobs first, then Python's family, then what goes beyond it.
func TestOverviewNamesEveryEntryPoint(t *testing.T) {
	p := packageDoc(t)
	overview := p.Doc
	var names []string
	for _, c := range p.Consts {
		names = append(names, c.Names...)
	}
	for _, fn := range p.Funcs {
		names = append(names, fn.Name)
	}
	for _, typ := range p.Types {
		for _, fn := range typ.Funcs {
			names = append(names, fn.Name)
		}
	}
	names = append(names, "Keep", "Persist", "PersistNoClobber", "Commit", "Cleanup")
	at := map[string]int{}
	for _, name := range names {
		loc := regexp.MustCompile(`\b` + name + `\b`).FindStringIndex(overview)
		if loc == nil {
			t.Errorf("the package overview does not name %s", name)
			continue
		}
		at[name] = loc[0]
	}
	for _, order := range [][2]string{
		{"WriteFile", "Mkstemp"}, {"WriteFileFrom", "Mkstemp"}, {"CreateAtomic", "Mkstemp"}, {"TestDir", "Mkstemp"},
		{"Mkstemp", "MkstempIn"}, {"SpooledTemporaryFile", "MkdtempIn"}, {"TmpMax", "PersistNoClobber"},
	} {
		if a, b := at[order[0]], at[order[1]]; a >= b {
			t.Errorf("the package overview names %s after %s", order[0], order[1])
		}
	}
}

// docURL is a link from a doc comment to a file of the repository.
var docURL = regexp.MustCompile(`https://github\.com/seed011b361c/mkstemp/blob/main/([^\s#]+)(#[\w-]+)?`)

// TestDocCommentLinks: every link from a doc comment to a file of the
// repository names one that exists, and a heading of it that exists.
func TestDocCommentLinks(t *testing.T) {
	p := packageDoc(t)
	check := func(name, text string) {
		for _, m := range docURL.FindAllStringSubmatch(text, -1) {
			file, frag := strings.TrimRight(m[1], ".,;:"), strings.TrimPrefix(m[2], "#")
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s links to %s: %v", name, m[0], err)
				continue
			}
			if frag != "" && !headingSlugs(readFile(t, file))[frag] {
				t.Errorf("%s links to %s: %s has no heading #%s", name, m[0], file, frag)
			}
		}
	}
	check("the package overview", p.Doc)
	docComments(p, check)
}
