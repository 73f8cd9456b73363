package main

import (
	"fmt"

	"credence/backend/store"
)

func init() { commands["verify"] = cmdVerify }

// cmdVerify reads the whole workspace back and reports what is damaged;
// it exits 1 when something is.
func cmdVerify(e *env, args []string) error {
	fs := newFlags("verify")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	ctx, stop := interruptible()
	defer stop()
	r, err := s.Verify(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		if r.Problems == nil {
			r.Problems = []store.Problem{}
		}
		if err := writeJSON(e, r); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(e.stdout, "checked %d customers, %d history entries, %d attachments, %d other records\n",
			r.Dossiers, r.History, r.Attachments, r.Records)
		for _, p := range r.Problems {
			fmt.Fprintf(e.stdout, "DAMAGED %s: %s\n", printable(p.Where), printable(p.What))
		}
		for _, what := range r.Repaired {
			fmt.Fprintf(e.stdout, "REPAIRED %s (from the copy inside the encrypted database)\n", printable(what))
		}
		if r.OK() {
			fmt.Fprintln(e.stdout, "no damage found")
		} else {
			fmt.Fprintf(e.stdout, "%d damaged parts: back up what is intact with `backup --allow-damaged`, then restore an earlier backup\n", len(r.Problems))
		}
	}
	if !r.OK() {
		return exitError{1}
	}
	return nil
}
