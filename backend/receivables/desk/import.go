package desk

import (
	"context"
	"slices"

	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/search"
	"credence/backend/store"
)

// Matcher finds an export's customers among the workspace's dossiers: a
// customer code linked before (or equal to an identifier of the dossier),
// the identifier, else the one dossier of that name.
type Matcher struct {
	St   *store.Store
	Book *receivables.Book
}

// Match implements receivables.Matcher.
func (m Matcher) Match(code, id, name string) (string, error) {
	if code != "" {
		did, err := m.Book.CodeOf(code)
		if err != nil || did != "" {
			return did, err
		}
	}
	for _, v := range []string{id, code} {
		if len(search.Compact(v)) < 5 {
			continue
		}
		if did := m.one(&dossier.Dossier{Identifiers: []dossier.Fact{{Type: "other", Value: v}}}, search.DupIdentifier); did != "" {
			return did, nil
		}
	}
	if search.NameKey(name) == "" {
		return "", nil
	}
	return m.one(&dossier.Dossier{LegalName: dossier.Fact{Value: name}}, search.DupName), nil
}

// one is the single current dossier like d for the reason; "" for none or several.
func (m Matcher) one(d *dossier.Dossier, reason string) string {
	var ids []string
	for _, x := range m.St.Duplicates(d, nil) {
		if slices.Contains(x.Reasons, reason) && !x.Row.Archived {
			ids = append(ids, x.Row.ID)
		}
	}
	if len(ids) == 1 {
		return ids[0]
	}
	return ""
}

// Import reads a receivables or ageing export into the workspace, matching
// its customers to the dossiers.
func (d *Desk) Import(ctx context.Context, path string, opt receivables.ImportOptions) (receivables.ImportResult, error) {
	if opt.DossierID != "" {
		if _, err := d.St.Dossier(opt.DossierID); err != nil {
			return receivables.ImportResult{}, err
		}
	}
	if opt.Now.IsZero() {
		opt.Now = d.now()
	}
	if opt.By == "" {
		opt.By = d.St.User()
	}
	return receivables.Import(ctx, d.St, path, Matcher{St: d.St, Book: d.Book}, opt)
}
