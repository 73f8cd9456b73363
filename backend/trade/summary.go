package trade

import (
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"credence/backend/assess"
	"credence/backend/dossier"
	"credence/backend/search"
)

// Month is one calendar month of imports.
type Month struct {
	Month     string  `json:"month"` // YYYY-MM
	Shipments int     `json:"shipments"`
	Value     float64 `json:"value"`
	WeightKg  float64 `json:"weight_kg"`
}

// Supplier is one supplier of the buyer and how long it has kept it.
type Supplier struct {
	Name         string  `json:"name"`
	Country      string  `json:"country"`
	First        string  `json:"first"`
	Last         string  `json:"last"`
	Shipments    int     `json:"shipments"`
	Value        float64 `json:"value"`
	TenureMonths int     `json:"tenure_months"`
}

// Figures is everything the records say, for the chart, the report and
// the assessment (Summary).
type Figures struct {
	Summary       assess.TradeSummary `json:"summary"`
	First         string              `json:"first"`
	Last          string              `json:"last"`
	Months        []Month             `json:"months"` // every month from the first to the last, empty ones included
	Suppliers     []Supplier          `json:"suppliers"`
	Currency      string              `json:"currency"`
	TotalValue    float64             `json:"total_value"`
	TotalWeightKg float64             `json:"total_weight_kg"`
	ActiveMonths  int                 `json:"active_months"`
	LongestGap    int                 `json:"longest_gap"`   // months without a shipment between two shipments
	TypicalOrder  float64             `json:"typical_order"` // median value of a shipment
	TypicalWeight float64             `json:"typical_weight_kg"`
	// What the buyer asks of us beside what it usually buys: our expected
	// order size over its typical shipment (0 when either is unknown).
	ExpectedOrder float64 `json:"expected_order"`
	OrderRatio    float64 `json:"order_ratio"`
}

// Summarize derives the figures of a buyer's records; exp is what the
// buyer asks of us (nil: unknown). No records give zero figures with a
// zero Summary (searched, nothing found).
func Summarize(recs []Record, exp *dossier.Expected) Figures {
	f := Figures{Months: []Month{}, Suppliers: []Supplier{}}
	if len(recs) == 0 {
		return f
	}
	recs = slices.Clone(recs)
	sort.Slice(recs, func(i, j int) bool { return recs[i].Date < recs[j].Date })
	f.First, f.Last = recs[0].Date, recs[len(recs)-1].Date
	first, _ := time.Parse("2006-01-02", f.First)
	last, _ := time.Parse("2006-01-02", f.Last)
	span := monthsBetween(first, last) + 1
	f.Months = make([]Month, span)
	for i := range f.Months {
		f.Months[i].Month = first.AddDate(0, i, 1-first.Day()).Format("2006-01")
	}
	currencies := map[string]int{}
	sup := map[string]*Supplier{}
	var china, valued float64
	var values, weights []float64
	for _, r := range recs {
		t, _ := time.Parse("2006-01-02", r.Date)
		m := &f.Months[monthsBetween(first, t)]
		m.Shipments++
		m.Value += r.Value
		m.WeightKg += r.WeightKg
		f.TotalValue += r.Value
		f.TotalWeightKg += r.WeightKg
		if r.Currency != "" {
			currencies[r.Currency]++
		}
		if r.Value > 0 {
			values = append(values, r.Value)
		}
		if r.WeightKg > 0 {
			weights = append(weights, r.WeightKg)
		}
		// China's share by value; by shipments where values are missing.
		w := r.Value
		if w <= 0 {
			w = 1
		}
		valued += w
		if r.SupplierCountry == "CN" {
			china += w
		}
		k := search.NameKey(r.Supplier)
		if k == "" {
			k = strings.ToLower(strings.TrimSpace(r.Supplier))
		}
		if k == "" {
			continue
		}
		s := sup[k]
		if s == nil {
			s = &Supplier{Name: r.Supplier, Country: r.SupplierCountry, First: r.Date}
			sup[k] = s
		}
		s.Last = r.Date
		s.Shipments++
		s.Value += r.Value
	}
	for _, s := range sup {
		a, _ := time.Parse("2006-01-02", s.First)
		b, _ := time.Parse("2006-01-02", s.Last)
		s.TenureMonths = monthsBetween(a, b) + 1
		f.Suppliers = append(f.Suppliers, *s)
	}
	sort.Slice(f.Suppliers, func(i, j int) bool {
		if f.Suppliers[i].Value != f.Suppliers[j].Value {
			return f.Suppliers[i].Value > f.Suppliers[j].Value
		}
		return f.Suppliers[i].Name < f.Suppliers[j].Name
	})
	for c, n := range currencies {
		if n > currencies[f.Currency] || (n == currencies[f.Currency] && c < f.Currency) {
			f.Currency = c
		}
	}
	gap := 0
	for _, m := range f.Months {
		if m.Shipments > 0 {
			f.ActiveMonths++
			gap = 0
		} else {
			gap++
			f.LongestGap = max(f.LongestGap, gap)
		}
	}
	f.TypicalOrder, f.TypicalWeight = median(values), median(weights)
	if exp != nil && exp.OrderSize > 0 && f.TypicalOrder > 0 {
		f.ExpectedOrder = exp.OrderSize
		f.OrderRatio = round2(exp.OrderSize / f.TypicalOrder)
	}
	f.Summary = assess.TradeSummary{
		Shipments:  len(recs),
		Months:     span,
		Suppliers:  len(sup),
		ChinaShare: round2(china / valued),
		TrendPct:   trend(f.Months),
		// Steady: buys at least four times, in a third of the months or
		// more, never pausing for more than half a year.
		SteadyBuyer: len(recs) >= 4 && f.ActiveMonths*3 >= span && f.LongestGap <= 6,
	}
	return f
}

// trend is the volume trend in per cent a year: the least-squares slope of
// the monthly value (shipment counts where no values are given) over the
// mean month, times twelve. Under six months of records say nothing.
func trend(ms []Month) float64 {
	if len(ms) < 6 {
		return 0
	}
	y := make([]float64, len(ms))
	var total float64
	for i, m := range ms {
		y[i] = m.Value
		total += m.Value
	}
	if total <= 0 {
		for i, m := range ms {
			y[i] = float64(m.Shipments)
		}
	}
	n := float64(len(y))
	var sx, sy, sxy, sxx float64
	for i, v := range y {
		x := float64(i)
		sx, sy, sxy, sxx = sx+x, sy+v, sxy+x*v, sxx+x*x
	}
	mean := sy / n
	den := n*sxx - sx*sx
	if mean <= 0 || den == 0 {
		return 0
	}
	slope := (n*sxy - sx*sy) / den
	pct := slope * 12 / mean * 100
	return math.Round(math.Max(-100, math.Min(300, pct)))
}

func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
