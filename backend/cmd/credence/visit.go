package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/visit"
)

const visitUsage = `visit templates [--json]      checklist templates, latest version of each
visit export-template ID [--version N]
                              print a template as JSON
visit import-template FILE.json
                              add a template (or a new version of it); prints id and version
visit list DOSSIER_ID [--json]
                              a customer's field visits, newest first
visit show VISIT_ID [--json]  a visit's answers with their scores`

func init() {
	commands["visit"] = cmdVisit
}

func cmdVisit(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("visit needs a subcommand:\n%s\n%s", visitUsage, visitRunUsage)
	}
	switch args[0] {
	case "templates":
		return visitTemplates(e, args[1:])
	case "export-template":
		return visitExport(e, args[1:])
	case "import-template":
		return visitImport(e, args[1:])
	case "list":
		return visitList(e, args[1:])
	case "show":
		return visitShow(e, args[1:])
	}
	if run, ok := visitRunners[args[0]]; ok {
		return run(e, args[1:])
	}
	return usagef("unknown visit subcommand %q:\n%s\n%s", args[0], visitUsage, visitRunUsage)
}

// lang picks the text in the workspace's language, falling back to the other.
func lang(st *store.Store) func(visit.Text) string {
	set, _ := st.Settings()
	return func(t visit.Text) string {
		if set.Language == "en" || strings.TrimSpace(t.ZH) == "" {
			return t.English()
		}
		return t.ZH
	}
}

func visitTemplates(e *env, args []string) error {
	fs := newFlags("visit templates")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("visit templates takes no arguments")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	ts, err := ws.Visits.Templates()
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, ts)
	}
	l := lang(st)
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tVERSION\tKIND\tITEMS\tNAME\tUPDATED")
	for _, t := range ts {
		who := t.UpdatedBy
		if t.BuiltIn {
			who = "built-in"
		}
		fmt.Fprintf(w, "%s\t%d\t%s\t%d\t%s\t%s %s\n", t.ID, t.Version, t.Kind, len(t.Items()), l(t.Name), t.UpdatedAt.Local().Format("2006-01-02"), who)
	}
	return w.Flush()
}

func visitExport(e *env, args []string) error {
	fs := newFlags("visit export-template")
	version := fs.Int("version", 0, "version (default: the latest)")
	arg, err := oneArg(fs, args, "template ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	t, err := ws.Visits.Template(arg, *version)
	if err != nil {
		return err
	}
	b, err := visit.ExportTemplate(t)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(b)
	return err
}

func visitImport(e *env, args []string) error {
	arg, err := oneArg(newFlags("visit import-template"), args, "FILE.json")
	if err != nil {
		return err
	}
	data, err := os.ReadFile(arg)
	if err != nil {
		return errs.Wrap(errs.NotFound, err, "read %s", arg)
	}
	t, err := visit.ImportTemplate(data)
	if err != nil {
		return fmt.Errorf("%s: %w", arg, err)
	}
	if visit.IsBuiltIn(t.ID) {
		// A built-in cannot be overwritten: the file becomes the firm's own.
		t.ID = ""
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	got, err := ws.Visits.SaveTemplate(t, st.User())
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s %d\n", got.ID, got.Version)
	return nil
}

// visitRow is one visit in `visit list --json`.
type visitRow struct {
	ID              string  `json:"id"`
	Date            string  `json:"date"`
	TemplateID      string  `json:"template_id"`
	TemplateVersion int     `json:"template_version"`
	Template        string  `json:"template"`
	Visitor         string  `json:"visitor"`
	Status          string  `json:"status"`
	Progress        float64 `json:"progress"`
	Score           float64 `json:"score"`
	FailedRequired  int     `json:"failed_required"`
}

func visitList(e *env, args []string) error {
	fs := newFlags("visit list")
	asJSON := fs.Bool("json", false, "print JSON")
	arg, err := oneArg(fs, args, "dossier ID")
	if err != nil {
		return err
	}
	ws, _, err := e.openDossier(arg)
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	svc := ws.Visits
	vs, err := svc.Visits(arg)
	if err != nil {
		return err
	}
	l := lang(st)
	rows := []visitRow{}
	for _, v := range vs {
		t, err := svc.Template(v.TemplateID, v.TemplateVersion)
		if err != nil {
			return err
		}
		sc := visit.Scoring(t, v)
		rows = append(rows, visitRow{ID: v.ID, Date: v.Date, TemplateID: v.TemplateID, TemplateVersion: v.TemplateVersion,
			Template: l(t.Name), Visitor: v.Visitor, Status: v.Status, Progress: sc.Progress, Score: sc.Total, FailedRequired: len(sc.FailedRequired)})
	}
	if *asJSON {
		return writeJSON(e, rows)
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tDATE\tTEMPLATE\tVISITOR\tSTATUS\tDONE\tSCORE\tFAILED")
	for _, r := range rows {
		fmt.Fprintf(w, "%s\t%s\t%s v%d\t%s\t%s\t%.0f%%\t%.1f\t%d\n", r.ID, r.Date, r.Template, r.TemplateVersion, r.Visitor, r.Status, 100*r.Progress, r.Score, r.FailedRequired)
	}
	w.Flush()
	fmt.Fprintf(e.stdout, "%d visits\n", len(rows))
	return nil
}

// visitDetail is `visit show --json`.
type visitDetail struct {
	Visit    visit.Visit    `json:"visit"`
	Template visit.Template `json:"template"`
	Score    visit.Score    `json:"score"`
	Missing  []visit.Gap    `json:"missing"` // what stops sign-off; empty once signed
}

func visitShow(e *env, args []string) error {
	fs := newFlags("visit show")
	asJSON := fs.Bool("json", false, "print JSON")
	arg, err := oneArg(fs, args, "VISIT_ID")
	if err != nil {
		return err
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	st := ws.Store()
	svc := ws.Visits
	v, err := svc.Visit(arg)
	if err != nil {
		return err
	}
	t, err := svc.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return err
	}
	d := visitDetail{Visit: v, Template: t, Score: visit.Scoring(t, v), Missing: []visit.Gap{}}
	if !v.Signed() {
		if m := visit.Missing(t, v); m != nil {
			d.Missing = m
		}
	}
	if *asJSON {
		return writeJSON(e, d)
	}
	l := lang(st)
	ans := v.Effective()
	items := map[string]visit.ItemScore{}
	for _, is := range d.Score.Items {
		items[is.ItemID] = is
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "visit\t%s\n", v.ID)
	fmt.Fprintf(w, "customer\t%s\n", v.DossierID)
	fmt.Fprintf(w, "template\t%s (%s v%d)\n", l(t.Name), t.ID, t.Version)
	fmt.Fprintf(w, "date\t%s, by %s\n", v.Date, v.Visitor)
	status := v.Status
	if v.Signed() {
		status += " " + v.SignedAt.Local().Format("2006-01-02 15:04")
	}
	fmt.Fprintf(w, "status\t%s\n", status)
	for _, g := range v.Signatures {
		fmt.Fprintf(w, "signed\t%s (%s) %s\n", g.Name, g.Role, g.At.Local().Format("2006-01-02 15:04"))
	}
	fmt.Fprintf(w, "score\t%.1f of 100, %.0f%% answered\n", d.Score.Total, 100*d.Score.Progress)
	for _, f := range d.Score.FailedRequired {
		fmt.Fprintf(w, "failed\t%s%s\n", l(f.Label), prefixed(": ", f.Note))
	}
	w.Flush()
	for i, sec := range t.Sections {
		ss := d.Score.Sections[i]
		score := "not scored"
		if ss.Scored {
			score = strconv.FormatFloat(ss.Score, 'f', 1, 64)
		}
		fmt.Fprintf(e.stdout, "\n%s — %s (%d/%d answered)\n", l(sec.Title), score, ss.Answered, ss.Total)
		w = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, it := range sec.Items {
			a, ok := ans[it.ID]
			val := "—"
			if ok && a.Value != "" {
				val = a.Value
			}
			if len(a.Photos) > 0 {
				val += fmt.Sprintf(" [%d photos]", len(a.Photos))
			}
			is := items[it.ID]
			sc := ""
			if is.Scored {
				sc = strconv.FormatFloat(is.Score, 'f', 2, 64)
				if is.Weight != 1 {
					sc += fmt.Sprintf(" ×%g", is.Weight)
				}
			}
			req := ""
			if it.Required {
				req = "*"
			}
			fmt.Fprintf(w, "  %s%s\t%s\t%s\t%s\n", l(it.Label), req, val, sc, a.Note)
		}
		w.Flush()
	}
	if len(v.Corrections) > 0 {
		fmt.Fprintln(e.stdout, "\ncorrections")
		w = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		for _, c := range v.Corrections {
			fmt.Fprintf(w, "  %s\t%s\t%s → %s\t%s\t%s\n", c.At.Local().Format("2006-01-02 15:04"), c.ItemID, orDash(c.Old.Value), orDash(c.New.Value), c.By, c.Reason)
		}
		w.Flush()
	}
	if len(d.Missing) > 0 {
		fmt.Fprintln(e.stdout, "\nbefore sign-off")
		for _, g := range d.Missing {
			fmt.Fprintf(e.stdout, "  %s\n", g)
		}
	}
	return nil
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
