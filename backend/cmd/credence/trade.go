package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"credence/backend/sheet"
	"credence/backend/trade"
	"credence/backend/workspace"
)

func init() {
	commands["trade"] = cmdTrade
}

const tradeUsage = `  trade import FILE.xlsx|FILE.csv [--dossier ID] [--mapping NAME] [--map FIELD=HEADER]...
               [--save-mapping NAME] [--skip-invalid] [--dry-run] [--json]
                                customs/shipment records; each row goes to --dossier, else to
                                the customer whose name is the row's importer; a shipment
                                already imported is not stored twice
  trade show ID [--json]        the figures: shipments per month, suppliers and their tenure,
                                share from China, gaps, trend, typical order
  trade remove ID               delete a customer's imported shipments
`

func cmdTrade(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("trade needs a subcommand: import, show, remove")
	}
	switch args[0] {
	case "import":
		return tradeImport(e, args[1:])
	case "show":
		return tradeShow(e, args[1:])
	case "remove":
		return tradeRemove(e, args[1:])
	}
	return usagef("unknown trade subcommand %q", args[0])
}

func tradeImport(e *env, args []string) error {
	si := newSheetImport("trade import", "a saved mapping's name")
	dossierID := si.fs.String("dossier", "", "the customer the records belong to")
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
	m, err := si.resolve(path, trade.Schema, func(name string) (sheet.Mapping, error) { return sheet.FindMapping(s, trade.Target, name) })
	if err != nil {
		return err
	}
	res, err := trade.Import(context.Background(), s, path, trade.Options{DossierID: *dossierID, Mapping: m, SkipInvalid: *si.skip, DryRun: *si.dry})
	if err := si.done(e, s, trade.Target, res.Mapping, res.Errors, err); err != nil {
		return err
	}
	if *si.asJSON {
		return writeJSON(e, res)
	}
	fmt.Fprintf(e.stdout, "%d rows from %s: %d shipments added, %d already known, %d refused, for %d customer(s)\n",
		res.Rows, res.File, res.Added, res.Known, len(res.Errors), len(res.Dossiers))
	return nil
}

func tradeShow(e *env, args []string) error {
	return e.withDossier("trade show", "ID", args, func(ws *workspace.Workspace, id string, asJSON bool) error {
		s := ws.Store()
		f, ok, err := trade.FiguresOf(s, id)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(e, f)
		}
		if !ok {
			fmt.Fprintln(e.stdout, "no customs records imported")
			return nil
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		sm := f.Summary
		fmt.Fprintf(w, "shipments\t%d from %s to %s (%d months, %d with imports)\n", sm.Shipments, f.First, f.Last, sm.Months, f.ActiveMonths)
		fmt.Fprintf(w, "value\t%.0f %s, typical shipment %.0f\n", f.TotalValue, f.Currency, f.TypicalOrder)
		if f.OrderRatio > 0 {
			fmt.Fprintf(w, "asks of us\t%.0f per order, %.1f× its typical shipment\n", f.ExpectedOrder, f.OrderRatio)
		}
		fmt.Fprintf(w, "from China\t%.0f%%\n", sm.ChinaShare*100)
		fmt.Fprintf(w, "trend\t%+.0f%% a year\n", sm.TrendPct)
		fmt.Fprintf(w, "longest gap\t%d months\n", f.LongestGap)
		fmt.Fprintf(w, "steady buyer\t%v\n", sm.SteadyBuyer)
		for _, sp := range f.Suppliers {
			fmt.Fprintf(w, "supplier\t%s (%s): %d shipments, %s to %s, %d months\n", sp.Name, sp.Country, sp.Shipments, sp.First, sp.Last, sp.TenureMonths)
		}
		return w.Flush()
	})
}

func tradeRemove(e *env, args []string) error {
	id, err := oneArg(newFlags("trade remove"), args, "ID")
	if err != nil {
		return err
	}
	ws, _, err := e.openDossier(id)
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	n, err := trade.Remove(s, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d shipments removed\n", n)
	return nil
}
