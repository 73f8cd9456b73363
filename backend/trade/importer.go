package trade

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bojanz/currency"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/memstat"
	"credence/backend/search"
	"credence/backend/sheet"
	"credence/backend/store"
)

// Options steer an import.
type Options struct {
	// DossierID links every row to that dossier; empty matches each row's
	// importer by name against the dossiers.
	DossierID   string
	Mapping     sheet.Mapping // nil: guessed from the headers
	SkipInvalid bool          // import the good rows of a file with bad ones
	DryRun      bool
	Progress    func(done, total int)
}

// Result says what an import did.
type Result struct {
	File     string           `json:"file"`
	Encoding string           `json:"encoding"`
	Headers  []string         `json:"headers"`
	Mapping  sheet.Mapping    `json:"mapping"`
	Rows     int              `json:"rows"`
	Skipped  int              `json:"skipped"`
	Added    int              `json:"added"`    // shipments new to the workspace
	Known    int              `json:"known"`    // shipments already imported before
	Dossiers map[string]int   `json:"dossiers"` // dossier id → rows linked to it
	Errors   []sheet.RowError `json:"errors"`
	Written  bool             `json:"written"`
}

const kindRow = "trade_row"

// batch is how many records go in one transaction (Badger refuses large
// ones; a record is about half a kilobyte).
const batch = 500

// importHeap bounds the Go heap while an import runs (the budget: 100 000
// rows under 300 MB).
const importHeap = 280 << 20

// Import reads a customs export and stores its shipments under the
// dossiers they belong to. Every row is read and checked first; a file
// with a bad row is refused whole unless SkipInvalid. A shipment already
// stored (same date, parties, goods and figures) is not stored twice.
func Import(ctx context.Context, st *store.Store, path string, opt Options) (Result, error) {
	// 100 000 shipments hold about 200 MB (the checked rows, Badger's
	// compactions): bound the heap near that instead of twice it.
	defer memstat.Cap(importHeap)()
	res := Result{File: filepath.Base(path), Dossiers: map[string]int{}, Errors: []sheet.RowError{}}
	if opt.DossierID != "" {
		if _, err := st.Dossier(opt.DossierID); err != nil {
			return res, err
		}
	}
	src, err := sheet.Open(path)
	if err != nil {
		return res, err
	}
	defer src.Close()
	tb, err := sheet.FindHeader(src, Schema)
	if err != nil {
		return res, err
	}
	res.Encoding, res.Headers, res.Mapping = tb.Encoding, tb.Headers, opt.Mapping
	if res.Mapping == nil {
		res.Mapping = Schema.Guess(tb.Headers)
	}
	bind, err := Schema.Bind(res.Mapping, tb.Headers)
	if err != nil {
		return res, err
	}
	if _, ok := bind["importer"]; !ok && opt.DossierID == "" {
		return res, errs.New(errs.Invalid, "choose the customer the records belong to, or map the importer column").WithKey("err.tradeNoImporter")
	}
	// A file that names its currency only in the value's header ("Value
	// (USD)", "货值（美元）") gives it to every row that states none.
	headerCcy := ""
	if i, ok := bind["value"]; ok && i < len(tb.Headers) {
		headerCcy = currencyIn(tb.Headers[i])
	}
	matched := map[string]string{} // importer name key → dossier id ("" none)
	names := map[string]string{}   // the parties, goods and ports repeat from row to row: held once
	var recs []Record
	if err := tb.Each(ctx, func(row sheet.Row) error {
		res.Rows++
		r, probs := toRecord(bind, row)
		if r.Currency == "" {
			r.Currency = headerCcy
		}
		r.intern(names)
		if len(probs) == 0 {
			r.DossierID = opt.DossierID
			if r.DossierID == "" {
				id, prob := importerOf(st, r.Importer, matched, row.Line)
				if prob != nil {
					probs = append(probs, *prob)
				}
				r.DossierID = id
			}
		}
		if len(probs) > 0 {
			res.Errors = append(res.Errors, probs...)
			return nil
		}
		r.File = res.File
		r.ID = r.key()
		recs = append(recs, r)
		return nil
	}); err != nil {
		return res, err
	}
	res.Skipped = tb.Skipped
	if len(res.Errors) > 0 && !opt.SkipInvalid {
		return res, errs.New(errs.Invalid, "%d problem(s) in %s; nothing was imported", len(res.Errors), res.File).
			WithKey("err.importRefused", "count", strconv.Itoa(len(res.Errors)), "file", res.File)
	}
	known := map[string]bool{}
	for _, r := range recs {
		res.Dossiers[r.DossierID]++
		if _, ok := known[r.DossierID]; !ok {
			known[r.DossierID] = true
			if err := st.ScanRecords(kindRow, r.DossierID+"/", func(id string, _ []byte) error {
				known[id] = true
				return nil
			}); err != nil {
				return res, err
			}
		}
	}
	// Keep the new shipments in place (a 100 000-row file is held once).
	fresh := recs[:0]
	for _, r := range recs {
		id := r.DossierID + "/" + r.ID
		if known[id] {
			res.Known++
			continue
		}
		known[id] = true // the same row twice in one file is one shipment
		fresh = append(fresh, r)
	}
	res.Added = len(fresh)
	if opt.DryRun {
		return res, nil
	}
	for i := 0; i < len(fresh); i += batch {
		part := fresh[i:min(i+batch, len(fresh))]
		m := make(map[string]any, len(part))
		for _, r := range part {
			m[r.DossierID+"/"+r.ID] = r
		}
		if err := st.PutRecords(kindRow, m); err != nil {
			return res, err
		}
		if opt.Progress != nil {
			opt.Progress(i+len(part), len(fresh))
		}
	}
	res.Written = true
	return res, nil
}

// importerOf finds the one current dossier whose name is the importer's.
func importerOf(st *store.Store, name string, cache map[string]string, line int) (string, *sheet.RowError) {
	key := search.NameKey(name)
	prob := func(k, msg string) *sheet.RowError {
		return &sheet.RowError{Line: line, Field: "importer", Value: name, Key: k, Message: msg,
			Params: map[string]string{"line": strconv.Itoa(line), "field": "importer", "value": name}}
	}
	if key == "" {
		return "", prob("err.tradeNoCustomer", fmt.Sprintf("no customer matches the importer %q", name))
	}
	if id, ok := cache[key]; ok {
		if id == "" {
			return "", prob("err.tradeNoCustomer", fmt.Sprintf("no customer matches the importer %q", name))
		}
		return id, nil
	}
	var ids []string
	for _, d := range st.Duplicates(&dossier.Dossier{LegalName: dossier.Fact{Value: name}}, nil) {
		if slices.Contains(d.Reasons, search.DupName) {
			ids = append(ids, d.Row.ID)
		}
	}
	switch len(ids) {
	case 1:
		cache[key] = ids[0]
		return ids[0], nil
	case 0:
		cache[key] = ""
		return "", prob("err.tradeNoCustomer", fmt.Sprintf("no customer matches the importer %q", name))
	}
	return "", prob("err.tradeAmbiguous", fmt.Sprintf("several customers match the importer %q; import with the customer chosen", name))
}

// toRecord reads one row.
func toRecord(b sheet.Binding, row sheet.Row) (Record, []sheet.RowError) {
	var probs []sheet.RowError
	bad := func(field, value, key, msg string) {
		probs = append(probs, sheet.RowError{Line: row.Line, Field: field, Value: value, Key: key, Message: msg,
			Params: map[string]string{"line": strconv.Itoa(row.Line), "field": field, "value": value}})
	}
	get := func(k string) string { return b.Get(row.Cells, k) }
	r := Record{Importer: get("importer"), Supplier: get("supplier"), HSCode: strings.ReplaceAll(get("hs_code"), ".", ""),
		Product: get("product"), Unit: get("unit"), Currency: strings.ToUpper(get("currency")),
		LoadingPort: get("loading_port"), DischargePort: get("discharge_port")}
	if d, ok := sheet.Date(get("date")); ok {
		r.Date = d
	} else {
		bad("date", get("date"), "err.rowDate", "not a date: "+strconv.Quote(get("date")))
	}
	if c := get("supplier_country"); c != "" {
		if code := sheet.Country(c); code != "" {
			r.SupplierCountry = code
		} else {
			bad("supplier_country", c, "err.rowCountry", "unknown country "+strconv.Quote(c))
		}
	}
	for _, n := range []struct {
		key string
		to  *float64
	}{{"quantity", &r.Quantity}, {"weight", &r.WeightKg}, {"value", &r.Value}} {
		v := get(n.key)
		if v == "" {
			continue
		}
		if x, ok := sheet.Number(v); ok && x >= 0 {
			*n.to = x
		} else {
			bad(n.key, v, "err.rowNumber", "not an amount: "+strconv.Quote(v))
		}
	}
	return r, probs
}

// intern makes the record share its repeated texts with earlier rows: a
// customs export names the same importer, suppliers, goods and ports
// thousands of times.
func (r *Record) intern(seen map[string]string) {
	for _, p := range []*string{&r.Importer, &r.Supplier, &r.SupplierCountry, &r.HSCode, &r.Product, &r.Unit, &r.Currency, &r.LoadingPort, &r.DischargePort} {
		if *p == "" {
			continue
		}
		if v, ok := seen[*p]; ok {
			*p = v
		} else {
			seen[*p] = *p
		}
	}
}

// headerCurrencies are the currencies a header names in Chinese.
var headerCurrencies = map[string]string{"美元": "USD", "人民币": "CNY", "欧元": "EUR", "英镑": "GBP", "日元": "JPY", "港币": "HKD", "港元": "HKD", "RMB": "CNY"}

// currencyIn finds the currency a column header names in brackets:
// "Value (USD)", "金额(USD)", "货值（美元）"; "" when it names none.
func currencyIn(header string) string {
	h := strings.NewReplacer("（", "(", "）", ")").Replace(header)
	open, end := strings.LastIndex(h, "("), strings.LastIndex(h, ")")
	if open < 0 || end < open {
		return ""
	}
	in := strings.TrimSpace(h[open+1 : end])
	if c, ok := headerCurrencies[strings.ToUpper(in)]; ok {
		return c
	}
	if c, ok := headerCurrencies[in]; ok {
		return c
	}
	if c := strings.ToUpper(in); len(c) == 3 && currency.IsValid(c) {
		return c
	}
	return ""
}
