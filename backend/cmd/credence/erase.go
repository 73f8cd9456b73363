package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/workspace"
)

func init() {
	dossierSubcommands["erase"] = dossierErase
	commands["contact"] = cmdContact
	commands["retention"] = cmdRetention
	commands["erasures"] = cmdErasures
}

const privacyUsage = `  dossier erase ID --reason R   erase a whole customer: the dossier, its history, files, visits
                                and derived records leave this workspace (and every device at its
                                next sync); a tombstone says who, when and why (docs/erasure.md)
  contact erase DOSSIER CONTACT --reason R
                                erase one contact person (CONTACT: their id or exact name)
  erasures [ID] [--json]        the tombstones: what was erased, when, by whom, why
  retention [--dry-run] [--years N] [--yes]
                                erase customers archived more than N years ago (default: the
                                workspace's policy); prints the list first, erases with --yes
`

func dossierErase(e *env, args []string) error {
	fs := newFlags("dossier erase")
	reason := fs.String("reason", "", "why (kept in the tombstone)")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	er, err := ws.EraseDossier(id, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "erased customer %s (%d files, %d records); tombstone %s\n", id, er.Files, er.Records, er.ID)
	return nil
}

func cmdContact(e *env, args []string) error {
	if len(args) == 0 || args[0] != "erase" {
		return usagef("usage:\n%s", privacyUsage)
	}
	fs := newFlags("contact erase")
	reason := fs.String("reason", "", "why (kept in the tombstone)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("contact erase needs a DOSSIER and a CONTACT")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	d, err := ws.Store().Dossier(pos[0])
	if err != nil {
		return err
	}
	id := ""
	for _, c := range d.Contacts {
		if c.ID == pos[1] || strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(pos[1])) {
			if id != "" {
				return usagef("two contacts are called %q: give the id", pos[1])
			}
			id = c.ID
		}
	}
	if id == "" {
		return errs.New(errs.NotFound, "no contact %s in this dossier", pos[1]).WithKey("err.contactNotFound")
	}
	er, err := ws.EraseContact(d.ID, id, *reason)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "erased contact %s (%d files, %d records); tombstone %s\n", id, er.Files, er.Records, er.ID)
	return nil
}

func cmdErasures(e *env, args []string) error {
	fs := newFlags("erasures")
	asJSON := fs.Bool("json", false, "as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("usage:\n%s", privacyUsage)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	id := ""
	if len(pos) == 1 {
		id = pos[0]
	}
	es, err := ws.Erasures(id)
	if err != nil {
		return err
	}
	if *asJSON {
		if es == nil {
			es = []store.Erasure{}
		}
		return writeJSON(e, es)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "WHEN\tWHO\tWHAT\tCUSTOMER\tCONTACT\tREASON")
	for _, x := range es {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", x.At.Local().Format("2006-01-02 15:04"), x.ByName, x.What, x.DossierID, x.ContactID, x.Reason)
	}
	return w.Flush()
}

func cmdRetention(e *env, args []string) error {
	fs := newFlags("retention")
	dry := fs.Bool("dry-run", false, "only list what would be erased")
	years := fs.Int("years", 0, "archived more than N years ago (default: the workspace's policy)")
	yes := fs.Bool("yes", false, "erase what the list shows")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 || *years < 0 {
		return usagef("usage:\n%s", privacyUsage)
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	if *years == 0 {
		p, err := ws.RetentionPolicy()
		if err != nil {
			return err
		}
		if p.Years == 0 {
			return usagef("the retention policy is off: give --years N")
		}
	}
	prev, err := ws.RetentionPreview(*years)
	if err != nil {
		return err
	}
	printRetention(e, prev)
	if *dry || len(prev) == 0 {
		return nil
	}
	if !*yes {
		fmt.Fprintln(e.stdout, "nothing erased: run again with --yes to erase these customers")
		return nil
	}
	ids := make([]string, len(prev))
	for i, p := range prev {
		ids[i] = p.DossierID
	}
	done, err := ws.RunRetention(*years, ids)
	fmt.Fprintf(e.stdout, "erased %d customers\n", len(done))
	return err
}

func printRetention(e *env, prev []workspace.RetentionItem) {
	if len(prev) == 0 {
		fmt.Fprintln(e.stdout, "no customer is due for erasure")
		return
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ARCHIVED\tCUSTOMER\tID")
	for _, p := range prev {
		fmt.Fprintf(w, "%s\t%s\t%s\n", p.ArchivedAt.Local().Format("2006-01-02"), p.Name, p.DossierID)
	}
	w.Flush()
}
