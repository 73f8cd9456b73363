package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/changelog"
	"credence/backend/store"
)

func init() { commands["conflicts"] = cmdConflicts }

// Usage (see env.go):
//
//	conflicts [list] [--json]
//	conflicts resolve ID winner|loser
func cmdConflicts(e *env, args []string) error {
	verb := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		verb, args = args[0], args[1:]
	}
	fs := newFlags("conflicts " + verb)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case verb == "resolve" && (len(pos) != 2 || (pos[1] != "winner" && pos[1] != "loser")):
		return usagef("conflicts resolve ID winner|loser")
	case verb == "list" && len(pos) > 0:
		return usagef("conflicts list takes no arguments")
	case verb != "list" && verb != "resolve":
		return usagef("conflicts: unknown command %q (list, resolve)", verb)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	if verb == "resolve" {
		if err := st.ResolveConflict(pos[0], store.Pick(pos[1])); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "conflict %s resolved: kept the %s\n", pos[0], pos[1])
		return nil
	}
	cs, err := st.Conflicts()
	if err != nil {
		return err
	}
	if *asJSON {
		if cs == nil {
			return writeJSON(e, []any{})
		}
		return writeJSON(e, cs)
	}
	if len(cs) == 0 {
		fmt.Fprintln(e.stdout, "no conflicts")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, c := range cs {
		fmt.Fprintf(w, "%s\t%s %s\t%s\tkept: %s\tset aside: %s\n", c.ID, c.Kind, c.Entity, c.Field, side(c.Winner), side(c.Loser))
	}
	return w.Flush()
}

func side(s changelog.Side) string {
	if s.Deleted || s.RecordDeleted {
		return "(deleted) by " + s.User
	}
	v := string(s.Value)
	if r := []rune(v); len(r) > 60 {
		v = string(r[:59]) + "…"
	}
	return v + " by " + s.User
}
