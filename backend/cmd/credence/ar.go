package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"credence/backend/receivables"
	"credence/backend/sheet"
	"credence/backend/workspace"
)

func init() {
	commands["ar"] = cmdAR
	commands["alerts"] = cmdAlerts
}

const arUsage = `  ar import FILE.xlsx|FILE.csv [--mapping NAME] [--dossier ID] [--map FIELD=HEADER]...
            [--save-mapping NAME] [--skip-invalid] [--dry-run] [--json]
                                receivables/ageing export of the accounting system (presets:
                                "用友 U8 应收账龄", "金蝶 K/3 应收账龄", "Generic receivables"); rows
                                go to the customer of their code, identifier or name, unmatched
                                customers are listed; re-importing changes nothing
  ar show ID [--json]           ageing, exposure against the limit, days beyond terms and trend,
                                largest overdue, insurance cover, collection log, alerts
  ar log ID --kind call|email|promise|dispute|note [--note TEXT] [--date D]
            [--promise-date D] [--amount N]
                                a line of the customer's collection log (a promise to pay
                                not kept raises an alert)
  alerts [--json]               the early-warning board: overdue, exposure, payment trend,
                                insurance cover and reporting deadlines, reviews, promises
  alerts act ALERT_ID --action remind|hold|lower_limit|handled [--note TEXT]
`

func cmdAR(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("ar needs a subcommand: import, show, log")
	}
	switch args[0] {
	case "import":
		return arImport(e, args[1:])
	case "show":
		return arShow(e, args[1:])
	case "log":
		return arLog(e, args[1:])
	}
	return usagef("unknown ar subcommand %q", args[0])
}

func arImport(e *env, args []string) error {
	si := newSheetImport("ar import", "a saved mapping's or a preset's name")
	dossierID := si.fs.String("dossier", "", "the customer every row belongs to")
	path, err := oneArg(si.fs, args, "FILE")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	m, err := si.resolve(path, receivables.Schema, func(name string) (sheet.Mapping, error) { return receivables.FindMapping(s, name) })
	if err != nil {
		return err
	}
	dk := ws.Desk
	res, err := dk.Import(context.Background(), path, receivables.ImportOptions{DossierID: *dossierID, Mapping: m, SkipInvalid: *si.skip, DryRun: *si.dry})
	if err := si.done(e, s, receivables.Target, res.Mapping, res.Errors, err); err != nil {
		return err
	}
	if *si.asJSON {
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "%d rows from %s: %d invoices added, %d updated, %d already known, %d credit lines, %d refused, for %d customer(s)\n",
		res.Rows, res.File, res.Added, res.Updated, res.Known, res.Credits, len(res.Errors), len(res.Dossiers))
	for _, u := range res.Unmatched {
		fmt.Fprintf(e.stdout, "no customer matches %s %s (%d rows, %.2f open): add or link it, then import again\n", u.Code, u.Name, u.Rows, u.Amount)
	}
	return nil
}

func arShow(e *env, args []string) error {
	return e.withDossier("ar show", "ID", args, func(ws *workspace.Workspace, id string, asJSON bool) error {
		c, err := ws.Desk.Customer(id)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(e, c)
		}
		f := c.Figures
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintf(w, "invoices\t%d (as of %s, amounts in %s)\n", f.Invoices, f.AsOf, f.Currency)
		fmt.Fprintf(w, "ageing\tnot due %.2f | 1-30 %.2f | 31-60 %.2f | 61-90 %.2f | over 90 %.2f\n", f.Ageing[0], f.Ageing[1], f.Ageing[2], f.Ageing[3], f.Ageing[4])
		fmt.Fprintf(w, "open\t%.2f, on account %.2f, open orders %.2f\n", f.Open, f.OnAccount, f.OpenOrders)
		limit := "no approved limit"
		if c.Limit > 0 {
			limit = fmt.Sprintf("%.0f%% of the approved limit %.2f", f.Exposure/c.Limit*100, c.Limit)
		}
		fmt.Fprintf(w, "exposure\t%.2f (%s)\n", f.Exposure, limit)
		fmt.Fprintf(w, "overdue\t%.2f, longest %d days\n", f.Overdue, f.MaxOverdue)
		if f.Largest != nil {
			fmt.Fprintf(w, "largest overdue\t%s: %.2f %s, %d days\n", f.Largest.Number, f.Largest.Open, f.Largest.Currency, f.Largest.DaysOverdue)
		}
		fmt.Fprintf(w, "days beyond terms\t3 months %.1f | 6 months %.1f | 12 months %.1f | trend %+.1f\n", f.DBT3, f.DBT6, f.DBT12, f.Trend)
		fmt.Fprintf(w, "paid on time\t%.0f%% of %d\n", f.OnTimeShare*100, f.Matured)
		if len(f.Unconverted) > 0 {
			fmt.Fprintf(w, "not counted\tno exchange rate for %s\n", strings.Join(f.Unconverted, ", "))
		}
		for _, cv := range c.Covers {
			fmt.Fprintf(w, "insured\t%s %s: %.2f until %s\n", cv.Insurer, cv.Policy, cv.Amount, cv.ValidTo)
		}
		if c.Hold.On {
			fmt.Fprintf(w, "on hold\tnew shipments held by %s: %s\n", c.Hold.By, c.Hold.Note)
		}
		for _, en := range c.Entries {
			extra := ""
			if en.Kind == receivables.EntryPromise {
				extra = fmt.Sprintf(" (promised %.2f by %s)", en.PromiseAmount, en.PromiseDate)
			}
			fmt.Fprintf(w, "log %s\t%s%s: %s\n", en.Date, en.Kind, extra, en.Note)
		}
		for _, a := range c.Alerts {
			fmt.Fprintf(w, "alert\t[%s] %s%s\n", a.Severity, a.EN, handled(a))
		}
		return w.Flush()
	})
}

func handled(a receivables.Alert) string {
	if a.Handled {
		return " — handled: " + a.Note
	}
	if a.Action != "" {
		return " — " + a.Action
	}
	return ""
}

func arLog(e *env, args []string) error {
	fs := newFlags("ar log")
	kind := fs.String("kind", "", "call, email, promise, dispute or note")
	note := fs.String("note", "", "what was said")
	date := fs.String("date", "", "YYYY-MM-DD; today when empty")
	pdate := fs.String("promise-date", "", "the date the customer promised to pay by")
	amount := fs.String("amount", "", "the amount promised")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	var amt float64
	if *amount != "" {
		v, ok := sheet.Number(*amount)
		if !ok {
			return usagef("--amount %q is not an amount", *amount)
		}
		amt = v
	}
	ws, _, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	en, err := receivables.NewBook(s).AddEntry(id, receivables.Entry{Kind: *kind, Date: *date, Note: *note, PromiseDate: *pdate, PromiseAmount: amt}, s.User())
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, en.ID)
	return nil
}

func cmdAlerts(e *env, args []string) error {
	if len(args) > 0 && args[0] == "act" {
		return alertsAct(e, args[1:])
	}
	fs := newFlags("alerts")
	asJSON := fs.Bool("json", false, "print JSON")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usagef("alerts takes no arguments")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	all, err := ws.Desk.Alerts()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, all)
	}
	if len(all) == 0 {
		fmt.Fprintln(e.stdout, "no alerts")
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, a := range all {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s%s\n", a.Severity, a.Name, a.ID, a.EN, handled(a))
	}
	return w.Flush()
}

func alertsAct(e *env, args []string) error {
	fs := newFlags("alerts act")
	action := fs.String("action", "", "remind, hold, lower_limit or handled")
	note := fs.String("note", "", "how it was handled")
	id, err := oneArg(fs, args, "ALERT_ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	dk := ws.Desk
	st, err := dk.Act(id, *action, *note, s.User())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", st.ID, st.Action)
	return nil
}
