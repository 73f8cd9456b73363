package dossierreport

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"credence/backend/credit"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/report"
	"credence/backend/screening"
	"credence/backend/search"
	"credence/backend/store"
)

// portfolioRow is one customer of the portfolio summary.
type portfolioRow struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Country    string  `json:"country"`
	Grade      string  `json:"grade"` // latest assessment; "" not assessed
	Score      float64 `json:"score"`
	Limit      float64 `json:"limit"` // approved; 0 with Currency "" when none
	Currency   string  `json:"currency"`
	Valid      bool    `json:"valid"` // the approval's signature verified
	NextReview string  `json:"next_review"`
	Exposure   float64 `json:"exposure"` // 0 until receivables exist
	Overdue    float64 `json:"overdue"`
	// ARCurrency is the currency of exposure and overdue: the policy's.
	ARCurrency string `json:"ar_currency,omitempty"`
}

type portfolioInputs struct {
	Kind       string         `json:"kind"`
	Firm       string         `json:"firm"`
	PreparedBy string         `json:"prepared_by"`
	Rows       []portfolioRow `json:"rows"`
}

// activeStatuses are the statuses that put a customer in the portfolio by
// themselves; a lead or a blocked customer is there when it has an approved
// limit or an open alert, because that is credit given or risk to watch.
var activeStatuses = []string{"new", "active"}

// Portfolio writes the portfolio summary for management: every current
// customer (not archived) that is new or active, has an approved limit or
// an open alert, with grade, approved
// limit, exposure and overdue amount, riskiest first (grade E to A, then
// score, lowest first; customers never assessed last). It fits about 40
// customers on a page and continues as a table with its header repeated.
// Exposure and overdue show "—" until receivables are recorded.
func Portfolio(ctx context.Context, st *store.Store, opt Options, w io.Writer) (Info, error) {
	opt = opt.normalized()
	rows, err := portfolioRows(ctx, st)
	if err != nil {
		return Info{}, err
	}
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
		cells := make([][]string, len(rows))
		for i, r := range rows {
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
			cells[i] = []string{strconv.Itoa(i + 1), r.Name, orDash(r.Country), grade, score, limit,
				amountOrDash(r.Exposure, r.ARCurrency), amountOrDash(r.Overdue, r.ARCurrency), review}
		}
		d.Table([]report.Column{
			// Weights in mm of the 174 mm body: the figures get what they
			// need on one line, the name the rest.
			{Title: t.t("pf.rank"), Width: 10, Align: report.AlignRight},
			{Title: t.t("pf.customer"), Width: 48},
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

// portfolioRows gathers and sorts the customers of the portfolio.
func portfolioRows(ctx context.Context, st *store.Store) ([]portfolioRow, error) {
	cs := credit.New(st)
	alerted, err := openAlerts(st)
	if err != nil {
		return nil, err
	}
	pol, err := cs.Policy()
	if err != nil {
		return nil, err
	}
	book, conv, today := receivables.NewBook(st), receivables.ConverterOf(pol), time.Now()
	var rows []portfolioRow
	res := st.Search(search.Query{Limit: st.Count() + 1})
	for i, row := range res.Rows {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("report cancelled: %w", err)
			}
		}
		pr := portfolioRow{ID: row.ID, Name: row.Name, Country: row.Country}
		approved := false
		switch s, err := cs.State(row.ID); {
		case err == nil:
			pr.Limit, pr.Currency, pr.Valid = s.Limit, s.Currency, s.Valid
			pr.NextReview = s.NextReview
			approved = s.ProposalID != ""
		case !errs.Is(err, errs.NotFound):
			return nil, err
		}
		if !approved && !alerted[row.ID] && !slices.Contains(activeStatuses, row.Status) {
			continue
		}
		snaps, err := cs.Snapshots(row.ID)
		if err != nil {
			return nil, err
		}
		if len(snaps) > 0 {
			a := snaps[0].Assessment
			pr.Grade, pr.Score = a.Grade, a.Score
			if pr.NextReview == "" {
				pr.NextReview = a.NextReview
			}
		}
		l, err := book.Ledger(row.ID)
		if err != nil {
			return nil, err
		}
		if len(l.Invoices)+len(l.Orders) > 0 {
			f := receivables.Compute(l, today, pol.Currency, conv)
			pr.Exposure, pr.Overdue, pr.ARCurrency = f.Exposure, f.Overdue, f.Currency
		}
		rows = append(rows, pr)
	}
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
	return rows, nil
}

// openAlerts are the dossiers with an alert nobody has handled yet.
func openAlerts(st *store.Store) (map[string]bool, error) {
	alerts, err := screening.New(st).Alerts(false)
	if err != nil {
		return nil, fmt.Errorf("portfolio alerts: %w", err)
	}
	out := make(map[string]bool, len(alerts))
	for _, a := range alerts {
		out[a.DossierID] = true
	}
	return out, nil
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
