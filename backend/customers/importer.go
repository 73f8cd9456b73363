package customers

import (
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"credence/backend/contactcheck"
	"credence/backend/dossier"
	"credence/backend/search"
	"credence/backend/sheet"
)

// Options steer an import.
type Options struct {
	Mapping sheet.Mapping // nil: guessed from the headers
	User    string
	// SkipInvalid imports the good rows of a file with bad ones; without
	// it one bad row refuses the whole file and nothing is written.
	SkipInvalid bool
	DryRun      bool // match and validate, write nothing (the preview)
	// Progress, when set, hears how far the import is, from one goroutine
	// at a time: rows read, dossiers compared with the stored ones, then
	// dossiers written.
	Progress func(Progress)
}

// Progress is where an import is: Phase is PhaseRead (Done rows read, the
// file's total not known), PhaseCheck or PhaseWrite (Done of Total
// dossiers).
type Progress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

const (
	PhaseRead  = "read"
	PhaseCheck = "check"
	PhaseWrite = "write"
)

// Result says what an import did (or, for a dry run, would do).
type Result struct {
	File      string        `json:"file"`
	Encoding  string        `json:"encoding"`
	Headers   []string      `json:"headers"`
	Mapping   sheet.Mapping `json:"mapping"`
	Rows      int           `json:"rows"`      // data rows read
	Skipped   int           `json:"skipped"`   // blank and totals rows
	Created   []string      `json:"created"`   // ids of new dossiers
	Merged    []string      `json:"merged"`    // ids of existing dossiers that took changes
	Unchanged int           `json:"unchanged"` // rows already fully known
	Errors    []RowError    `json:"errors"`
	Written   bool          `json:"written"`
}

// matchKeys are what rows of one file are matched on among themselves,
// the same three things as against the store.
func matchKeys(d *dossier.Dossier) []string {
	var out []string
	for _, f := range d.Identifiers {
		if c := search.Compact(f.Value); len(c) >= 5 {
			out = append(out, "id:"+c)
		}
	}
	for _, f := range d.Emails {
		if at := strings.LastIndexByte(f.Value, '@'); at >= 0 {
			dom := strings.ToLower(f.Value[at+1:])
			if reg, err := publicsuffix.EffectiveTLDPlusOne(dom); err == nil {
				dom = reg
			}
			if !contactcheck.IsFreeMail(dom) {
				out = append(out, "dom:"+dom)
			}
		}
	}
	for _, n := range []string{d.LegalName.Value, d.LatinName.Value} {
		if k := search.NameKey(n); k != "" {
			out = append(out, "name:"+k)
		}
	}
	return out
}

// mergeRow folds a row into the dossier it matched; what a merge leaves
// out (owner, status, type) is taken when the dossier has none.
func mergeRow(dst, row *dossier.Dossier) *dossier.Dossier {
	out := dossier.Merge(dst, row)
	if out.Owner == "" {
		out.Owner = row.Owner
	}
	if out.BusinessType == "" {
		out.BusinessType = row.BusinessType
	}
	if out.Status == "" {
		out.Status = row.Status
	}
	// Merge notes a differing value as a source each time; the same file
	// imported again must not pile up copies of that note.
	for _, f := range []*dossier.Fact{&out.LegalName, &out.LatinName, &out.Country, &out.RegisteredAddress, &out.RegistrationDate,
		&out.RegisteredCapital, &out.BusinessScope, &out.LegalRepresentative, &out.Website} {
		var uniq []dossier.Source
		for _, s := range f.Sources {
			if !slices.Contains(uniq, s) {
				uniq = append(uniq, s)
			}
		}
		f.Sources = uniq
	}
	return out
}
