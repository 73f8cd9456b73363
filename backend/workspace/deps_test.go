package workspace

import (
	"os/exec"
	"strings"
	"testing"
)

// The rule packages take plain data: neither Badger nor the store is
// among their dependencies. The report package renders values the
// workspace gathers: it reaches the store only through the value types
// it prints that still live beside their services (credit's snapshots and
// proposals, visit's visits, trade's figures); any other way in fails
// here. When those types move to leaf packages, empty carriers.
func TestDependenciesPointInward(t *testing.T) {
	for _, pkg := range []string{"credence/backend/redflags", "credence/backend/assess", "credence/backend/screened"} {
		for dep := range deps(t, pkg, nil) {
			if forbidden(dep) {
				t.Errorf("%s depends on %s", pkg, dep)
			}
		}
	}
	carriers := map[string]bool{"credence/backend/credit": true, "credence/backend/visit": true, "credence/backend/trade": true}
	for _, pkg := range []string{"credence/backend/dossierreport", "credence/backend/dossierreport/input"} {
		for dep := range deps(t, pkg, carriers) {
			if forbidden(dep) {
				t.Errorf("%s depends on %s other than through the value types of %v", pkg, dep, carriers)
			}
		}
	}
}

func forbidden(pkg string) bool {
	return strings.Contains(pkg, "dgraph-io") || pkg == "credence/backend/store" ||
		pkg == "credence/backend/screening" || pkg == "credence/backend/receivables/desk"
}

// deps runs `go list -deps` on pkg and returns what pkg reaches without
// passing through skip.
func deps(t *testing.T, pkg string, skip map[string]bool) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go list %s: %v\n%s", pkg, err, out)
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		graph[f[0]] = f[1:]
	}
	if _, ok := graph[pkg]; !ok {
		t.Fatalf("go list did not list %s", pkg)
	}
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, d := range graph[p] {
			if !seen[d] && !skip[d] {
				seen[d] = true
				walk(d)
			}
		}
	}
	walk(pkg)
	return seen
}
