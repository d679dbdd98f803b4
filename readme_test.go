package mkstemp_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// readmeLimit is the most bytes README.md may hold: a newcomer reads it in
// two minutes, and the details live in the package docs and docs/.
const readmeLimit = 12 << 10

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func TestREADMESize(t *testing.T) {
	if n := len(readFile(t, "README.md")); n > readmeLimit {
		t.Errorf("README.md is %d bytes, more than %d: move the detail to the docs it links to", n, readmeLimit)
	}
}

// TestREADMECodeCompiles holds every ```go block of README.md to code that
// go test compiles and runs: each block must be, character for character,
// either a whole function of example_test.go or the body of one (for an
// Example, the body above its "// Output:" comment). So a README snippet
// that is edited no longer matches, and an example that stops compiling
// fails the build.
func TestREADMECodeCompiles(t *testing.T) {
	blocks := codeBlocks(readFile(t, "README.md"), "go")
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	known := exampleSources(t, "example_test.go")
	for _, block := range blocks {
		if !known[block] {
			t.Errorf("this README.md block is neither a function of example_test.go nor the body of one:\n%s", block)
		}
	}
}

// codeBlocks returns the fenced blocks of markdown md in language lang.
func codeBlocks(md, lang string) []string {
	var blocks []string
	var cur []string
	in := false
	for _, line := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```"+lang:
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, strings.TrimSpace(strings.Join(cur, "\n")))
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// exampleSources returns the source of each function declared in the Go
// file name, and of each body, one tab of indentation removed, up to an
// "// Output:" comment.
func exampleSources(t *testing.T, name string) map[string]bool {
	t.Helper()
	src := readFile(t, name)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	offset := func(p token.Pos) int { return fset.Position(p).Offset }
	known := map[string]bool{}
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		known[src[offset(fn.Pos()):offset(fn.End())]] = true
		var body []string
		for _, line := range strings.Split(src[offset(fn.Body.Lbrace)+1:offset(fn.Body.Rbrace)], "\n") {
			line = strings.TrimPrefix(line, "\t")
			if strings.HasPrefix(line, "// Output:") || strings.HasPrefix(line, "// Unordered output:") {
				break
			}
			body = append(body, line)
		}
		known[strings.TrimSpace(strings.Join(body, "\n"))] = true
	}
	return known
}

var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestDocLinks checks the links of the markdown files: a link to the
// package on pkg.go.dev names an exported identifier of the package, a
// link to a file of the repository names one that exists, and a #fragment
// in it names one of that file's headings.
func TestDocLinks(t *testing.T) {
	exported := exportedNames(t)
	for _, doc := range []string{"README.md", "SECURITY.md", "CONTRIBUTING.md", "docs/cpython.md", "docs/guarantees.md", "docs/performance.md", "docs/windows.md"} {
		for _, m := range mdLink.FindAllStringSubmatch(readFile(t, doc), -1) {
			link := m[1]
			const pkg = "https://pkg.go.dev/github.com/seed011b361c/mkstemp#"
			switch {
			case strings.HasPrefix(link, pkg):
				if name := strings.TrimPrefix(link, pkg); !exported[name] && name != "pkg-overview" {
					t.Errorf("%s: %s names nothing the package exports", doc, link)
				}
			case strings.Contains(link, "://"), strings.HasPrefix(link, "mailto:"):
			default:
				file, frag, _ := strings.Cut(link, "#")
				target := doc
				if file != "" {
					target = filepath.Join(filepath.Dir(doc), file)
				}
				if _, err := os.Stat(target); err != nil {
					t.Errorf("%s: link %s: %v", doc, link, err)
					continue
				}
				if frag != "" && !headingSlugs(readFile(t, target))[frag] {
					t.Errorf("%s: link %s: %s has no heading #%s", doc, link, target, frag)
				}
			}
		}
	}
}

// exportedNames returns the package's exported functions, types and
// constants, and its methods as Type.Method, as pkg.go.dev anchors them.
func exportedNames(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, readFile(t, file), parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				name := d.Name.Name
				if d.Recv != nil {
					typ := d.Recv.List[0].Type
					if star, ok := typ.(*ast.StarExpr); ok {
						typ = star.X
					}
					name = typ.(*ast.Ident).Name + "." + name
				}
				names[name] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					}
				}
			}
		}
	}
	for name := range names {
		for _, part := range strings.Split(name, ".") {
			if !ast.IsExported(part) {
				delete(names, name)
			}
		}
	}
	return names
}

// headingSlugs returns the anchors GitHub gives the headings of md:
// lower case, punctuation dropped, spaces made hyphens.
func headingSlugs(md string) map[string]bool {
	slugs := map[string]bool{}
	in := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			in = !in
		}
		if in || !strings.HasPrefix(line, "#") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#"))) {
			switch {
			case r == ' ':
				b.WriteByte('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		slugs[b.String()] = true
	}
	return slugs
}
