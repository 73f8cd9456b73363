package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/dossier"
	"credence/backend/search"
	"credence/backend/workspace"
)

func init() {
	commands["dossier"] = cmdDossier
	commands["history"] = cmdHistory
}

func cmdDossier(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("dossier needs a subcommand: add, update, list, show, archive, unarchive, export, import")
	}
	switch args[0] {
	case "add":
		return dossierAdd(e, args[1:])
	case "list":
		return dossierList(e, args[1:])
	case "show":
		return dossierShow(e, args[1:])
	case "archive", "unarchive":
		return dossierArchive(e, args[1:], args[0] == "archive")
	}
	if sub, ok := dossierSubcommands[args[0]]; ok {
		return sub(e, args[1:])
	}
	return usagef("unknown dossier subcommand %q", args[0])
}

// dossierSubcommands lets other files add dossier subcommands (export, import).
var dossierSubcommands = map[string]func(e *env, args []string) error{}

func dossierAdd(e *env, args []string) error {
	fs := newFlags("dossier add")
	name := fs.String("name", "", "legal name in its original script")
	latin := fs.String("latin-name", "", "legal name in Latin letters")
	country := fs.String("country", "", "ISO country code, e.g. DE")
	website := fs.String("website", "", "website")
	status := fs.String("status", "", "lead, new, active, dormant, blocked")
	segment := fs.String("segment", "", "b2b or b2c")
	btype := fs.String("type", "", "importer, distributor, retailer, end_user, trading")
	owner := fs.String("owner", "", "who looks after the customer")
	notes := fs.String("notes", "", "notes")
	var emails, phones, ids, aliases, tags multi
	fs.Var(&emails, "email", "e-mail (repeatable)")
	fs.Var(&phones, "phone", "phone (repeatable)")
	fs.Var(&ids, "id", "identifier TYPE:VALUE (repeatable)")
	fs.Var(&aliases, "alias", "alias (repeatable)")
	fs.Var(&tags, "tag", "tag (repeatable)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *name == "" && *latin == "" {
		return usagef("dossier add needs --name or --latin-name")
	}
	d := &dossier.Dossier{
		LegalName: dossier.Fact{Value: *name}, LatinName: dossier.Fact{Value: *latin},
		Country: dossier.Fact{Value: *country}, Website: dossier.Fact{Value: *website},
		Status: *status, Segment: *segment, BusinessType: *btype, Owner: *owner, Notes: *notes,
		Aliases: aliases, Tags: tags,
	}
	for _, v := range emails {
		d.Emails = append(d.Emails, dossier.Fact{Value: v})
	}
	for _, v := range phones {
		d.Phones = append(d.Phones, dossier.Fact{Value: v})
	}
	for _, v := range ids {
		typ, val, ok := strings.Cut(v, ":")
		if !ok || strings.TrimSpace(val) == "" {
			return usagef("--id wants TYPE:VALUE, e.g. --id vat:DE136695976 (got %q)", v)
		}
		d.Identifiers = append(d.Identifiers, dossier.Fact{Type: typ, Value: val})
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st, _ := ws.Store().Settings()
	// A new customer is screened at once (a no-op until lists are imported).
	saved, err := ws.CreateDossier(d, st.UserName)
	if err != nil {
		return err
	}
	warnHits(e, saved)
	fmt.Fprintln(e.stdout, saved.Dossier.ID)
	return nil
}

func dossierList(e *env, args []string) error {
	fs := newFlags("dossier list")
	var q search.Query
	fs.StringVar(&q.Text, "query", "", "search text")
	fs.StringVar(&q.Country, "country", "", "country filter")
	fs.StringVar(&q.Status, "status", "", "status filter")
	fs.StringVar(&q.Owner, "owner", "", "owner filter")
	fs.StringVar(&q.Tag, "tag", "", "tag filter")
	fs.StringVar(&q.Sort, "sort", "name", "name, updated, country, status, verified")
	fs.BoolVar(&q.Archived, "archived", false, "list archived dossiers")
	fs.IntVar(&q.Limit, "limit", 1000, "at most this many rows")
	asJSON := fs.Bool("json", false, "print JSON")
	xlsx := fs.String("xlsx", "", "write every matching customer to this Excel file")
	lang := fs.String("lang", "", "zh-CN or en headers in the Excel file (default: the workspace's)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	if *xlsx != "" {
		return listXLSX(e, s, q, *xlsx, *lang) // imports.go
	}
	res := s.Search(q)
	if *asJSON {
		if res.Rows == nil {
			res.Rows = []search.Row{}
		}
		return writeJSON(e, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tLATIN NAME\tCOUNTRY\tSTATUS\tVERIFIED")
	for _, r := range res.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d/%d\n", r.ID, r.Name, r.LatinName, r.Country, r.Status, r.Verified, r.Facts)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d of %d shown\n", len(res.Rows), res.Total)
	return nil
}

func dossierShow(e *env, args []string) error {
	fs := newFlags("dossier show")
	asJSON := fs.Bool("json", false, "print JSON")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	d, err := ws.ViewDossier(id) // a look at a customer's file is audited
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, d)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	line := func(label string, f dossier.Fact) {
		if f.Value != "" {
			fmt.Fprintf(w, "%s\t%s\t[%s%s]\n", label, f.Value, f.EffectiveState(), sources(f))
		}
	}
	fmt.Fprintf(w, "id\t%s\n", d.ID)
	line("name", d.LegalName)
	line("latin name", d.LatinName)
	if len(d.Aliases) > 0 {
		fmt.Fprintf(w, "aliases\t%s\n", strings.Join(d.Aliases, "; "))
	}
	line("country", d.Country)
	line("address", d.RegisteredAddress)
	line("registered", d.RegistrationDate)
	line("capital", d.RegisteredCapital)
	line("legal rep.", d.LegalRepresentative)
	line("website", d.Website)
	for _, f := range d.Emails {
		line("e-mail", f)
	}
	for _, f := range d.Phones {
		line("phone", f)
	}
	for _, f := range d.Identifiers {
		line("id "+f.Type, f)
	}
	for _, c := range d.Contacts {
		fmt.Fprintf(w, "contact\t%s\t%s %s %s\n", c.Name, c.Role, c.Email, c.Phone)
	}
	fmt.Fprintf(w, "status\t%s %s %s\n", d.Status, d.Segment, d.BusinessType)
	v := d.Verification()
	fmt.Fprintf(w, "verified\t%d of %d facts (%d contradicted)\n", v.Verified, v.Facts, v.Contradicted)
	for _, a := range d.Attachments {
		fmt.Fprintf(w, "attachment\t%s\t%s, %d bytes\n", a.Name, a.Mime, a.Size)
	}
	if d.Archived {
		fmt.Fprintln(w, "archived\tyes")
	}
	return w.Flush()
}

func sources(f dossier.Fact) string {
	var kinds []string
	for _, s := range f.Sources {
		kinds = append(kinds, s.Kind)
	}
	if len(kinds) == 0 {
		return ""
	}
	return "; " + strings.Join(kinds, ", ")
}

func dossierArchive(e *env, args []string, archived bool) error {
	id, err := oneArg(newFlags("dossier archive"), args, "ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st, _ := ws.Store().Settings()
	if _, err := ws.SetArchived(id, archived, st.UserName); err != nil {
		return err
	}
	return nil
}

func cmdHistory(e *env, args []string) error {
	return e.withDossier("history", "ID", args, func(ws *workspace.Workspace, id string, asJSON bool) error {
		s := ws.Store()
		h, err := s.History(id)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(e, h)
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "WHEN\tWHO\tDEVICE\tFIELD\tOLD\tNEW")
		for _, r := range h {
			fmt.Fprintf(w, "%s\t%s\t%.8s\t%s\t%s\t%s\n", r.At.Local().Format("2006-01-02 15:04:05"), r.User, r.Device, r.Field, clip(r.Old), clip(r.New))
		}
		return w.Flush()
	})
}

func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:39]) + "…"
	}
	return s
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
