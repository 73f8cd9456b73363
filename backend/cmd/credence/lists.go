package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"text/tabwriter"
	"time"

	"credence/backend/screening"
)

func init() { commands["lists"] = cmdLists }

func cmdLists(e *env, args []string) error {
	if len(args) == 0 {
		return listsShow(e, nil, false)
	}
	switch args[0] {
	case "show":
		return listsShow(e, args[1:], false)
	case "history":
		return listsShow(e, args[1:], true)
	case "import":
		return listsImport(e, args[1:])
	case "threshold":
		return listsThreshold(e, args[1:])
	case "rollback":
		return listsRollback(e, args[1:])
	case "dated":
		return listsDated(e, args[1:])
	}
	if args[0] == "--json" {
		return listsShow(e, args, false)
	}
	return usagef("unknown lists subcommand %q (show, history, import, threshold, rollback, dated)", args[0])
}

// interruptible is a context cancelled by Ctrl-C, for long work that keeps
// what it has done when stopped.
func interruptible() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt)
}

func listsImport(e *env, args []string) error {
	fs := newFlags("lists import")
	format := fs.String("format", "", "ofac_sdn, un, eu, uk or us_csl (recognised when omitted)")
	allowShrink := fs.Bool("allow-shrink", false, "import a list that drops more than 1% of the current version's entries")
	pubFlag := fs.String("published", "", "the list's publication date YYYY-MM-DD, for files that state none (OFAC's legacy CSV)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("lists import needs the path of a list file, or of a folder holding one list's files")
	}
	var pubDate time.Time
	if *pubFlag != "" {
		if pubDate, err = time.Parse("2006-01-02", *pubFlag); err != nil {
			return usagef("--published takes a date written YYYY-MM-DD, not %q", *pubFlag)
		}
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	svc := ws.Screening
	ctx, stop := interruptible()
	defer stop()
	imported := 0
	var firstErr error
	for _, p := range pos {
		v, err := svc.ImportWith(ctx, abs(p), *format, s.User(), screening.ImportOptions{AllowShrink: *allowShrink, Published: pubDate})
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			fmt.Fprintf(e.stderr, "credence: %s\n", sentence(err))
			continue
		}
		imported++
		fmt.Fprintf(e.stdout, "%s: %d entries, %s (%s)\n", v.Source, v.Entries, published(v), v.File)
	}
	if imported == 0 {
		return exitError{1}
	}
	fmt.Fprintln(e.stderr, "re-screening the customer book …")
	screened := 0
	n, err := svc.RescreenAll(ctx, func(done, total int) {
		screened = done
		fmt.Fprintf(e.stderr, "\rre-screened %d of %d", done, total)
	})
	fmt.Fprintln(e.stderr)
	if err != nil {
		fmt.Fprintf(e.stdout, "re-screened %d customers before stopping: %d new hits\n", screened, n)
		return err
	}
	fmt.Fprintf(e.stdout, "re-screened %d customers: %d new hits\n", screened, n)
	if firstErr != nil {
		return exitError{1}
	}
	return nil
}

func published(v screening.ListVersion) string {
	if v.Published.IsZero() {
		return "no publication date in the file: give it with --published YYYY-MM-DD or `lists dated`"
	}
	if v.PublishedGiven {
		return "published " + v.Published.Format("2006-01-02") + " (as given)"
	}
	return "published " + v.Published.Format("2006-01-02")
}

func listsShow(e *env, args []string, history bool) error {
	name := "lists show"
	if history {
		name = "lists history"
	}
	fs := newFlags(name)
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	svc := ws.Screening
	var vs []screening.ListVersion
	if history {
		vs, err = svc.History()
	} else {
		vs, err = svc.Lists()
	}
	if err != nil {
		return err
	}
	now := time.Now()
	if *asJSON {
		type row struct {
			screening.ListVersion
			AgeDays *int `json:"age_days"` // null: publication date unknown
		}
		out := []row{}
		for _, v := range vs {
			r := row{ListVersion: v}
			if a, ok := v.Age(now); ok {
				d := int(a.Hours() / 24)
				r.AgeDays = &d
			}
			out = append(out, r)
		}
		return writeJSON(e, map[string]any{"lists": out, "threshold": svc.Threshold()})
	}
	if len(vs) == 0 {
		fmt.Fprintf(e.stdout, "no sanctions list imported yet; import one with `credence --dir %s lists import PATH`\n", e.dir)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tENTRIES\tPUBLISHED\tIMPORTED\tAGE\tBY\tFILE")
	for _, v := range vs {
		pub := "-"
		if !v.Published.IsZero() {
			pub = v.Published.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\n", v.Source, v.Entries, pub,
			v.ImportedAt.Local().Format("2006-01-02 15:04"), age(v.Age(now)), v.ImportedBy, v.File)
		if v.Published.IsZero() {
			fmt.Fprintf(e.stderr, "credence: %s states no publication date; give it with `credence lists dated %s YYYY-MM-DD` (the date on the list's download page)\n", v.Source, v.ID)
		}
	}
	tw.Flush()
	if !history {
		fmt.Fprintf(e.stdout, "match threshold %.2f\n", svc.Threshold())
	}
	return nil
}

func age(d time.Duration, known bool) string {
	if !known {
		return "unknown"
	}
	days := int(d.Hours() / 24)
	switch {
	case days < 1:
		return "today"
	case days == 1:
		return "1 day"
	}
	return strconv.Itoa(days) + " days"
}

func listsThreshold(e *env, args []string) error {
	fs := newFlags("lists threshold")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("lists threshold takes at most one value, e.g. 0.85")
	}
	var t float64
	if len(pos) == 1 {
		if t, err = strconv.ParseFloat(pos[0], 64); err != nil {
			return usagef("lists threshold: %q is not a number such as 0.85", pos[0])
		}
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	svc := ws.Screening
	if len(pos) == 1 {
		// A compliance setting: credit managers and admins only.
		if err := ws.Credit.SetThreshold(t, s.User()); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stdout, "match threshold %.2f\n", svc.Threshold())
	return nil
}

// listsDated records the publication date of a list version whose file
// states none: `credence lists dated VERSION_ID YYYY-MM-DD`.
func listsDated(e *env, args []string) error {
	fs := newFlags("lists dated")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("lists dated needs a list version id (see `lists history`) and a date YYYY-MM-DD")
	}
	date, err := time.Parse("2006-01-02", pos[1])
	if err != nil {
		return usagef("the date must be written YYYY-MM-DD, not %q", pos[1])
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	v, err := ws.Screening.SetPublished(pos[0], date, s.User())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %s\n", v.Source, published(v))
	return nil
}
