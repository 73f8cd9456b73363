package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
)

func init() {
	commands["assess"] = cmdAssess
}

// cmdAssess runs and stores an assessment of one dossier and explains it.
func cmdAssess(e *env, args []string) error {
	fs := newFlags("assess")
	asJSON := fs.Bool("json", false, "print the stored snapshot as JSON")
	lang := fs.String("lang", "", "language of the explanations, en or zh-CN (default: the workspace's)")
	id, err := oneArg(fs, args, "ID")
	if err != nil {
		return err
	}
	if *lang != "" && *lang != "en" && *lang != "zh-CN" {
		return usagef("--lang must be en or zh-CN")
	}
	ws, err := e.open()
	if err != nil {
		return err
	}
	defer ws.Close()
	s := ws.Store()
	// Every evidence source, as in the app: the workspace wires them once.
	snap, err := ws.Assess(id, ws.User(), time.Now())
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e, snap)
	}
	if *lang == "" {
		st, _ := s.Settings()
		*lang = st.Language
	}
	name := ""
	if d, err := s.Dossier(snap.DossierID); err == nil {
		name = d.DisplayName()
	}
	return printAssessment(e.stdout, name, snap, *lang == "zh-CN")
}

// printAssessment writes the explanation a manager reads: the grade and
// what made it, dimension by dimension, then flags, overrides, the limit
// with what bound it, and the terms.
func printAssessment(out io.Writer, name string, snap credit.Snapshot, zh bool) error {
	a := snap.Assessment
	text := func(en, zhText string) string {
		if zh && zhText != "" {
			return zhText
		}
		return en
	}
	w := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "customer\t%s\n", name)
	fmt.Fprintf(w, "assessed\t%s by %s\n", snap.At.Local().Format("2006-01-02 15:04"), snap.By)
	fmt.Fprintf(w, "snapshot\t%s\n", snap.ID)
	policy := snap.PolicyDate
	if policy == "" {
		policy = "built-in default"
	}
	fmt.Fprintf(w, "policy\t%s\n", policy)
	switch a.Status {
	case assess.StatusOnHold:
		fmt.Fprintf(w, "grade\t%s\n", text("ON HOLD: screening unresolved (no grade until every sanctions hit is decided)", "暂停：制裁筛查未决（所有命中判定之前不予评级）"))
	default:
		fmt.Fprintf(w, "grade\t%s\n", a.Grade)
	}
	fmt.Fprintf(w, "score\t%.1f of 100\n", a.Score)
	fmt.Fprintf(w, "completeness\t%.0f%%\n", a.Completeness)
	fmt.Fprintf(w, "profile\t%s\n", a.Profile)
	if err := w.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(out, "\nDimensions")
	for _, d := range a.Dimensions {
		if d.Missing {
			fmt.Fprintf(out, "  %-9s  missing\n", d.Key)
		} else {
			fmt.Fprintf(out, "  %-9s  %5.1f  (weight %.0f%%)\n", d.Key, d.Score, d.Weight*100)
		}
		for _, f := range d.Factors {
			if d.Missing {
				fmt.Fprintf(out, "      %s\n", text(f.EN, f.ZH))
				continue
			}
			fmt.Fprintf(out, "      %+6.1f  %s\n", f.Points, text(f.EN, f.ZH))
		}
	}

	fmt.Fprintln(out, "\nRed flags")
	if len(a.RedFlags) == 0 {
		fmt.Fprintln(out, "  none")
	}
	for _, f := range a.RedFlags {
		fmt.Fprintf(out, "  [%s] %s: %s\n", f.Severity, f.Code, text(f.EN, f.ZH))
	}
	fmt.Fprintln(out, "\nOverrides")
	if len(a.Overrides) == 0 {
		fmt.Fprintln(out, "  none")
	}
	for _, o := range a.Overrides {
		fmt.Fprintf(out, "  %s → %s  %s: %s\n", o.FromGrade, o.ToGrade, o.Code, text(o.EN, o.ZH))
	}

	fmt.Fprintln(out, "\nCeilings")
	applied := 0
	for _, g := range a.Gates {
		if g.Applied {
			applied++
			fmt.Fprintf(out, "  %s: %s\n", g.Code, text(g.EN, g.ZH))
		}
	}
	if applied == 0 {
		fmt.Fprintln(out, "  none applied")
	}

	fmt.Fprintln(out, "\nRecommended limit")
	fmt.Fprintf(out, "  %s, bound by %s\n", money(a.Limit.Amount, a.Limit.Currency), a.Limit.BoundBy)
	for _, c := range a.Limit.Candidates {
		mark := " "
		if c.Kind == a.Limit.BoundBy {
			mark = "*"
		}
		fmt.Fprintf(out, "  %s %-15s %14s  %s\n", mark, c.Kind, money(c.Amount, a.Limit.Currency), text(c.EN, c.ZH))
	}
	if t := text(a.Limit.EN, a.Limit.ZH); t != "" {
		fmt.Fprintf(out, "  %s\n", t)
	}
	fmt.Fprintln(out, "\nTerms")
	fmt.Fprintf(out, "  %s\n", termsLine(a.Terms, zh))
	if a.NextReview != "" {
		fmt.Fprintf(out, "\nNext review  %s\n", a.NextReview)
	}
	return nil
}

func termsLine(t assess.Terms, zh bool) string {
	if zh && t.ZH != "" {
		return t.ZH
	}
	if t.EN != "" {
		return t.EN
	}
	s := t.Code
	if t.Days > 0 {
		s += fmt.Sprintf(" %d days", t.Days)
	}
	if t.DepositPct > 0 {
		s += fmt.Sprintf(" %d%% deposit", t.DepositPct)
	}
	return s
}

// money writes 120,000 USD.
func money(amount float64, ccy string) string {
	n := int64(math.Round(amount))
	neg := n < 0
	if neg {
		n = -n
	}
	digits := fmt.Sprint(n)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String() + " " + ccy)
}
