package dossierreport

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"credence/backend/dossierreport/input"
	"credence/backend/report"
)

type portfolioRow = input.PortfolioRow

type portfolioInputs struct {
	Kind       string         `json:"kind"`
	Firm       string         `json:"firm"`
	PreparedBy string         `json:"prepared_by"`
	Rows       []portfolioRow `json:"rows"`
}

// Portfolio writes the portfolio summary for management: every current
// customer (not archived) that is new or active, has an approved limit or
// an open alert, with grade, approved
// limit, exposure and overdue amount, riskiest first (grade E to A, then
// score, lowest first; customers never assessed last). It fits about 40
// customers on a page and continues as a table with its header repeated.
// Exposure and overdue show "—" until receivables are recorded.
// portfolioMaxRows bounds the table: past it, a printed list is read by
// nobody and gofpdf holds every page in memory until the end (100 000
// customers: 5 556 pages, 750 MB). The summary still counts the whole
// book; the table lists the riskiest first and says how many it leaves to
// the Excel export of the customer list.
const portfolioMaxRows = 2000

func Portfolio(ctx context.Context, rows []input.PortfolioRow, opt Options, w io.Writer) (Info, error) {
	opt = opt.normalized()
	rows = slices.Clone(rows)
	sortPortfolio(rows)
	full, err := hashInputs(portfolioInputs{Kind: "portfolio", Firm: opt.Firm, PreparedBy: opt.PreparedBy, Rows: rows})
	if err != nil {
		return Info{}, err
	}
	t := tr{opt.Lang}
	info := Info{Number: number("PF", opt.Now, full), Hash: full[:16]}
	sp := steps{ctx: ctx, total: 2, fn: opt.Progress}
	if err := sp.next(); err != nil {
		return Info{}, err
	}
	d := newDoc(docSpec{opt: opt, title: t.t("portfolio.title"), number: info.Number, hash: full, fontSize: 8.5,
		band: &band{color: report.Color{R: 0x1f, G: 0x4e, B: 0x79}, left: t.t("portfolio.title"), right: opt.Now.Format("2006-01-02")}})
	d.Heading(1, t.t("portfolio.title"))
	d.KeyValues([]report.KV{
		{Key: t.t("cover.firm"), Value: t.or(opt.Firm)},
		{Key: t.t("cover.number"), Value: info.Number},
		{Key: t.t("cover.date"), Value: opt.Now.Format("2006-01-02")},
		{Key: t.t("cover.preparer"), Value: t.or(opt.PreparedBy)},
	})
	if len(rows) == 0 {
		d.Paragraph(t.t("pf.none"))
	} else {
		d.Paragraph(portfolioSummary(t, rows))
	}
	if err := sp.next(); err != nil {
		return Info{}, err
	}
	if len(rows) > 0 {
		shown := rows
		if len(rows) > portfolioMaxRows {
			shown = rows[:portfolioMaxRows]
			d.Paragraph(t.f("pf.capped", portfolioMaxRows, len(rows)-portfolioMaxRows))
		}
		cells := make([][]string, len(shown))
		for i, r := range shown {
			grade, score, review := t.t("dash"), t.t("dash"), orDash(r.NextReview)
			if r.Grade != "" {
				grade, score = r.Grade, num(r.Score)
			}
			limit := t.t("dash")
			if r.Currency != "" {
				limit = money(r.Limit, r.Currency)
				if !r.Valid {
					limit += t.paren(t.t("pf.sigInvalid"))
				}
			}
			cells[i] = []string{strconv.Itoa(i + 1), r.Name, orDash(t.country(r.Country)), grade, score, limit,
				amountOrDash(r.Exposure, r.ARCurrency), amountOrDash(r.Overdue, r.ARCurrency), review}
		}
		// The rank column is as wide as the last rank needs (a DejaVu
		// digit at 8.5 pt is 1.9 mm, plus the cell's padding), so that a
		// five- or six-digit rank stays on one line; the name gives way.
		rankW := max(10, 1.9*float64(len(strconv.Itoa(len(shown))))+4)
		d.Table([]report.Column{
			// Weights in mm of the 174 mm body: the figures get what they
			// need on one line, the name the rest.
			{Title: t.t("pf.rank"), Width: rankW, Align: report.AlignRight},
			{Title: t.t("pf.customer"), Width: 58 - rankW},
			{Title: t.t("pf.country"), Width: 16},
			{Title: t.t("pf.grade"), Width: 12},
			{Title: t.t("pf.score"), Width: 12, Align: report.AlignRight},
			{Title: t.t("pf.limit"), Width: 23, Align: report.AlignRight},
			{Title: t.t("pf.exposureCol"), Width: 17, Align: report.AlignRight},
			{Title: t.t("pf.overdue"), Width: 16, Align: report.AlignRight},
			{Title: t.t("pf.review"), Width: 20},
		}, cells)
	}
	if err := ctx.Err(); err != nil {
		return Info{}, fmt.Errorf("report cancelled: %w", err)
	}
	if err := output(d, w, &info); err != nil {
		return Info{}, err
	}
	sp.finish()
	return info, nil
}

func amountOrDash(x float64, ccy string) string {
	if x == 0 {
		return "—"
	}
	return money(x, ccy)
}

// sortPortfolio puts the riskiest customers first: grade E to A, then
// score, lowest first; customers never assessed last.
func sortPortfolio(rows []portfolioRow) {
	slices.SortStableFunc(rows, func(a, b portfolioRow) int {
		if c := gradeRisk(a.Grade) - gradeRisk(b.Grade); c != 0 {
			return c
		}
		if a.Score != b.Score {
			if a.Score < b.Score {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// gradeRisk orders grades riskiest first: E, D, C, B, A, then none.
func gradeRisk(g string) int {
	switch g {
	case "E":
		return 0
	case "D":
		return 1
	case "C":
		return 2
	case "B":
		return 3
	case "A":
		return 4
	}
	return 5
}

// portfolioSummary is the paragraph over the table: how many, by grade,
// the approved limits in total, what exposure means for now.
func portfolioSummary(t tr, rows []portfolioRow) string {
	counts := map[string]int{}
	totals := map[string]float64{}
	invalid := 0
	for _, r := range rows {
		counts[r.Grade]++
		if r.Currency != "" {
			totals[r.Currency] += r.Limit
			if !r.Valid {
				invalid++
			}
		}
	}
	var grades []string
	for _, g := range []string{"E", "D", "C", "B", "A"} {
		if counts[g] > 0 {
			grades = append(grades, fmt.Sprintf("%s %d", g, counts[g]))
		}
	}
	if counts[""] > 0 {
		grades = append(grades, fmt.Sprintf("%s %d", t.t("pf.notAssessed"), counts[""]))
	}
	var b strings.Builder
	b.WriteString(t.f("pf.intro", len(rows)) + "\n")
	b.WriteString(t.f("pf.grades", strings.Join(grades, " · ")) + "\n")
	if len(totals) == 0 {
		b.WriteString(t.t("pf.noApproved") + "\n")
	} else {
		var ccys []string
		for c := range totals {
			ccys = append(ccys, c)
		}
		slices.Sort(ccys)
		var parts []string
		for _, c := range ccys {
			parts = append(parts, money(totals[c], c))
		}
		b.WriteString(t.f("pf.totals", strings.Join(parts, " + ")) + "\n")
	}
	if invalid > 0 {
		b.WriteString(t.f("pf.invalid", invalid) + "\n")
	}
	if !slices.ContainsFunc(rows, func(r portfolioRow) bool { return r.ARCurrency != "" }) {
		b.WriteString(t.t("pf.exposure"))
	}
	return b.String()
}
