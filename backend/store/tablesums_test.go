package store

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTablesCheckedWholeOnce: an open checks whole only the tables it has
// not checked before, and a table whose bytes changed since is checked
// whole again and its damage found; a damaged or foreign list of sums only
// means every table is checked.
func TestTablesCheckedWholeOnce(t *testing.T) {
	dir := aBookOpenedOften(t) // the opens wrote the list
	tables, _ := filepath.Glob(filepath.Join(dir, dbDir, "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no tables")
	}
	open := func() (whole int64, damaged bool) {
		t.Helper()
		before := tablesCheckedWhole.Load()
		s, err := Open(dir, pass, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return tablesCheckedWhole.Load() - before, len(s.Damaged()) > 0
	}
	if n, bad := open(); n != 0 || bad {
		t.Fatalf("an unchanged workspace: %d tables checked whole (damage: %v)", n, bad)
	}

	// A changed list: every table is checked, and the list written again.
	sums := filepath.Join(dir, tableSumsFile)
	b, err := os.ReadFile(sums)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sums, flip(b, len(b)/2), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, bad := open(); n < int64(len(tables)) || bad {
		t.Fatalf("with a damaged list: %d tables checked whole of %d (damage: %v)", n, len(tables), bad)
	}
	if n, _ := open(); n != 0 {
		t.Fatalf("the list was not written again: %d tables checked whole", n)
	}

	// A bit of a table changed since it was checked: checked whole, found.
	tables, _ = filepath.Glob(filepath.Join(dir, dbDir, "*.sst"))
	tb, err := os.ReadFile(tables[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tables[0], flip(tb, len(tb)/3), 0o600); err != nil {
		t.Fatal(err)
	}
	if n, bad := open(); n != 1 || !bad {
		t.Fatalf("a changed table: %d tables checked whole, damage found: %v", n, bad)
	}
}
