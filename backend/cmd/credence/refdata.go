package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"credence/backend/refdata"
	"credence/backend/search"
	"credence/backend/store"
)

func init() { commands["refdata"] = cmdRefdata }

const refdataUsage = `refdata [--json]              reference tables: source, date, rows, built-in or imported
  refdata country CC [--json]   a country's OECD category, FATF status and names
  refdata import TABLE FILE     import a newer table (oecd, fatf, freemail, disposable,
                                neverfree) from the publisher's file into the workspace;
                                shows what changed and which customers it concerns
  refdata forget TABLE          go back to the built-in table
`

func cmdRefdata(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "country":
			return refdataCountry(e, args[1:])
		case "import":
			return refdataImport(e, args[1:])
		case "forget":
			return refdataForget(e, args[1:])
		case "list", "show":
			args = args[1:]
		default:
			if !strings.HasPrefix(args[0], "-") {
				return usagef("unknown refdata subcommand %q (country, import, forget)\n\n  %s", args[0], refdataUsage)
			}
		}
	}
	fs := newFlags("refdata")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	set, err := e.refdata()
	if err != nil {
		return err
	}
	tables := set.Tables()
	if *asJSON {
		return writeJSON(e, tables)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tDATE\tROWS\tORIGIN\tSOURCE")
	for _, t := range tables {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", t.Table, t.Date, t.Rows, t.Origin, t.Source)
	}
	return tw.Flush()
}

// refdata returns the tables the workspace uses (the built-in ones when
// there is no workspace); reading them needs no passphrase, as they are
// public data.
func (e *env) refdata() (*refdata.Set, error) {
	if !store.Exists(e.dir) {
		return refdata.Builtin(), nil
	}
	return refdata.Load(e.dir)
}

// CountryView is what `refdata country` reports.
type CountryView = refdata.CountryInfo

func refdataCountry(e *env, args []string) error {
	fs := newFlags("refdata country")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("refdata country needs one country code, e.g. refdata country VN")
	}
	set, err := e.refdata()
	if err != nil {
		return err
	}
	v, ok := set.Country(pos[0])
	if !ok {
		return usagef("%q is not an ISO 3166-1 country code", pos[0])
	}
	if *asJSON {
		return writeJSON(e, v)
	}
	fmt.Fprintf(e.stdout, "%s  %s / %s\n", v.Code, v.NameEN, v.NameZH)
	note := ""
	if v.OECDNote != "" {
		note = " — " + v.OECDNote
	}
	fmt.Fprintf(e.stdout, "OECD  %s (OECD classification of %s, %s)%s\n", v.OECDText, v.OECDDate, v.OECDOrigin, note)
	fmt.Fprintf(e.stdout, "FATF  %s (lists of %s, %s)\n", v.FATFText, v.FATFDate, v.FATFOrigin)
	return nil
}

// ImportResult is what `refdata import --json` prints.
type ImportResult struct {
	Change    refdata.Change `json:"change"`
	Customers []search.Row   `json:"customers"` // customers in countries whose entry changed
}

func refdataImport(e *env, args []string) error {
	fs := newFlags("refdata import")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("refdata import needs a table (%s) and a file", strings.Join(refdata.ImportableTables, ", "))
	}
	data, err := os.ReadFile(pos[1])
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[1], err)
	}
	// Only someone who can unlock the workspace may change what it judges by.
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	ch, err := refdata.Import(e.dir, pos[0], data, time.Now())
	if err != nil {
		return err
	}
	if err := refdata.UseWorkspace(e.dir); err != nil {
		return err
	}
	return printChange(e, s, ch, *asJSON)
}

func refdataForget(e *env, args []string) error {
	pos, err := parse(newFlags("refdata forget"), args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("refdata forget needs a table (%s)", strings.Join(refdata.ImportableTables, ", "))
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	ch, err := refdata.Forget(e.dir, pos[0])
	if err != nil {
		return err
	}
	if err := refdata.UseWorkspace(e.dir); err != nil {
		return err
	}
	return printChange(e, s, ch, false)
}

func printChange(e *env, s *store.Store, ch refdata.Change, asJSON bool) error {
	res := ImportResult{Change: ch, Customers: affected(s, ch)}
	if asJSON {
		if res.Customers == nil {
			res.Customers = []search.Row{}
		}
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "%s: %s (%s, %d rows) → %s (%s, %d rows)\n", ch.Table,
		ch.Before.Date, ch.Before.Origin, ch.Before.Rows, ch.After.Date, ch.After.Origin, ch.After.Rows)
	fmt.Fprintf(e.stdout, "source: %s\n", ch.After.Source)
	if ch.Empty() {
		fmt.Fprintln(e.stdout, "no entry changed")
	}
	for _, l := range ch.Changed {
		fmt.Fprintf(e.stdout, "  changed  %s\n", l)
	}
	for _, l := range limitLines(ch.Added, 50) {
		fmt.Fprintf(e.stdout, "  added    %s\n", l)
	}
	for _, l := range limitLines(ch.Removed, 50) {
		fmt.Fprintf(e.stdout, "  removed  %s\n", l)
	}
	if len(res.Customers) > 0 {
		fmt.Fprintf(e.stdout, "%d customers are in countries whose entry changed; their next assessment uses the new table (credence assess ID):\n", len(res.Customers))
		for _, r := range res.Customers {
			fmt.Fprintf(e.stdout, "  %s  %s  %s\n", r.ID, r.Country, r.Name)
		}
	}
	return nil
}

func limitLines(l []string, n int) []string {
	if len(l) <= n {
		return l
	}
	return append(l[:n:n], fmt.Sprintf("… and %d more", len(l)-n))
}

// affected lists the customers in the countries an OECD or FATF change
// touched.
func affected(s *store.Store, ch refdata.Change) []search.Row {
	if ch.Table != refdata.TableOECD && ch.Table != refdata.TableFATF {
		return nil
	}
	seen := map[string]bool{}
	var out []search.Row
	for _, group := range [][]string{ch.Changed, ch.Added, ch.Removed} {
		for _, l := range group {
			cc, _, _ := strings.Cut(l, " ")
			if seen[cc] {
				continue
			}
			seen[cc] = true
			out = append(out, s.Search(search.Query{Country: cc, Limit: 1000}).Rows...)
		}
	}
	return out
}
