package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"credence/backend/changelog"
)

// recordCalls are the store methods that take a record kind first.
var recordCalls = map[string]bool{"PutRecord": true, "PutRaw": true, "PutRecords": true, "DeleteRecord": true,
	"GetRecord": true, "GetRaw": true, "ScanRecords": true}

// Every record kind the backend passes to the store has a sync policy: a
// new kind added without one fails here, before any test writes it. Kinds
// are found as string constants or literals passed to the record methods,
// and as every kind*/Kind* string constant of a package that uses them.
func TestEveryKindHasAPolicy(t *testing.T) {
	root := filepath.Join("..")
	consts := map[string]map[string]string{} // package dir → const name → value
	exported := map[string]string{}          // Name → value, for pkg.Name
	type call struct {
		dir, where string
		arg        ast.Expr
	}
	var calls []call
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if consts[dir] == nil {
			consts[dir] = map[string]string{}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				if n.Tok != token.CONST {
					return true
				}
				for _, sp := range n.Specs {
					vs := sp.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if i < len(vs.Values) {
							if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
								v, _ := strconv.Unquote(lit.Value)
								consts[dir][name.Name] = v
								if name.IsExported() {
									exported[name.Name] = v
								}
							}
						}
					}
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && recordCalls[sel.Sel.Name] && len(n.Args) > 0 {
					calls = append(calls, call{dir, fset.Position(n.Pos()).String(), n.Args[0]})
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{} // kind → where
	users := map[string]bool{}
	for _, c := range calls {
		if strings.HasSuffix(c.dir, filepath.Join("backend", "store")) || c.dir == "." {
			continue // the store's own plumbing passes kinds through
		}
		users[c.dir] = true
		switch a := c.arg.(type) {
		case *ast.BasicLit:
			v, _ := strconv.Unquote(a.Value)
			found[v] = c.where
		case *ast.Ident:
			if v, ok := consts[c.dir][a.Name]; ok {
				found[v] = c.where
			}
		case *ast.SelectorExpr:
			if v, ok := exported[a.Sel.Name]; ok {
				found[v] = c.where
			}
		}
	}
	for dir := range users {
		for name, v := range consts[dir] {
			if strings.HasPrefix(strings.ToLower(name), "kind") {
				found[v] = dir + ": const " + name
			}
		}
	}
	if len(found) < 20 {
		t.Fatalf("found only %d kinds: the scan is broken", len(found))
	}
	var missing []string
	for k, where := range found {
		if _, err := changelog.PolicyOf(k); err != nil {
			missing = append(missing, k+" ("+where+")")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("record kinds without a sync policy in changelog/kinds.go:\n%s", strings.Join(missing, "\n"))
	}
}
