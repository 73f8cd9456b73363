package main

import (
	"fmt"
)

// listsRollback makes an earlier version of one list current again (after a
// bad import), then re-screens the book against it.
func listsRollback(e *env, args []string) error {
	fs := newFlags("lists rollback")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 1 || len(pos) > 2 {
		return usagef("lists rollback needs the list (ofac_sdn, un, eu, uk, us_csl) and optionally a version id from `lists history`")
	}
	version := ""
	if len(pos) == 2 {
		version = pos[1]
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	svc := ws.Screening
	ctx, stop := interruptible()
	defer stop()
	v, err := svc.Rollback(ctx, pos[0], version)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: back to the version imported %s by %s: %d entries, %s (%s)\n", v.Source,
		v.ImportedAt.Local().Format("2006-01-02 15:04"), v.ImportedBy, v.Entries, published(v), v.File)
	n, err := svc.RescreenAll(ctx, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "re-screened the customer book: %d new hits\n", n)
	return nil
}
