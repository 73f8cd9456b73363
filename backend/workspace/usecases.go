package workspace

import (
	"context"
	"strconv"
	"time"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/dossierreport/input"
	"credence/backend/errs"
	"credence/backend/redflags"
	"credence/backend/screening"
	"credence/backend/visit"
)

// Saved is a dossier just written, with what its screening found.
type Saved struct {
	Dossier *dossier.Dossier
	// Screened says the dossier was screened (new, or its names or
	// country changed); NewHits are the hits nobody saw before.
	Screened bool
	NewHits  []screening.Hit
}

// CreateDossier stores a new dossier for by (who also owns it unless it
// names an owner) and screens it. A screening that fails does not undo the
// dossier: it is saved, and screened again on the next look at its flags.
func (w *Workspace) CreateDossier(d *dossier.Dossier, by string) (Saved, error) {
	if d.Owner == "" {
		d.Owner = by // whoever enters a customer looks after it until told otherwise
	}
	got, err := w.st.CreateDossier(d, by)
	if err != nil {
		return Saved{}, err
	}
	return w.afterSave(nil, got), nil
}

// SaveDossier stores an edited dossier and screens it again when its
// names or country changed.
func (w *Workspace) SaveDossier(d *dossier.Dossier, by string) (Saved, error) {
	old, _ := w.st.Dossier(d.ID)
	got, err := w.st.SaveDossier(d, by)
	if err != nil {
		return Saved{}, err
	}
	return w.afterSave(old, got), nil
}

func (w *Workspace) afterSave(old, d *dossier.Dossier) Saved {
	out := Saved{Dossier: d}
	if !w.Screening.NeedsScreening(old, d) {
		return out
	}
	if _, hits, err := w.Screening.ScreenDossier(d); err == nil {
		out.Screened, out.NewHits = true, hits
	}
	return out
}

// Flags are a dossier's red flags with the screening they used.
type Flags struct {
	Dossier *dossier.Dossier
	Flags   []redflags.Flag
	Result  *screening.Result // nil when no list is imported
	Lists   []screening.ListVersion
	NewHits []screening.Hit // from a screening Flags had to run
}

// RedFlags returns the dossier's red flags. The one freshness rule: a
// dossier never screened, or screened against other list versions than
// the current ones, is screened first; with no list imported nothing is
// screened, Result is nil and a flag says the customer is not screened
// (every door shows it: the app once left it out).
func (w *Workspace) RedFlags(dossierID string) (Flags, error) {
	d, err := w.st.Dossier(dossierID)
	if err != nil {
		return Flags{}, err
	}
	out := Flags{Dossier: d, Lists: []screening.ListVersion{}}
	if out.Lists, err = w.Screening.Lists(); err != nil {
		return Flags{}, err
	}
	if len(out.Lists) > 0 {
		r, err := w.Screening.Result(d.ID)
		stale := errs.Is(err, errs.NotFound)
		if err == nil {
			if stale, err = w.Screening.Outdated(r); err != nil {
				return Flags{}, err
			}
		} else if !stale {
			return Flags{}, err
		}
		if stale {
			if r, out.NewHits, err = w.Screening.ScreenDossier(d); err != nil {
				return Flags{}, err
			}
		}
		out.Result = &r
	}
	if out.Lists == nil {
		out.Lists = []screening.ListVersion{}
	}
	checked := out.Result
	if checked == nil {
		checked = &screening.Result{DossierID: d.ID} // nothing to screen against: flagged as not screened
	}
	out.Flags = redflags.Check(d, checked)
	if out.Flags == nil {
		out.Flags = []redflags.Flag{}
	}
	return out, nil
}

// Assess runs and stores an assessment of the dossier by by, with every
// evidence source (trade records, the latest signed visit, the
// receivables); a zero now is the present.
func (w *Workspace) Assess(dossierID, by string, now time.Time) (credit.Snapshot, error) {
	if now.IsZero() {
		now = time.Now()
	}
	return w.Credit.Assess(dossierID, by, now)
}

// Evaluate assesses the dossier as Assess does without storing anything.
func (w *Workspace) Evaluate(dossierID string, now time.Time) (credit.Snapshot, error) {
	if now.IsZero() {
		now = time.Now()
	}
	return w.Credit.Evaluate(dossierID, now)
}

// LatestSignedVisit is the visit the assessment uses: the latest signed
// off (by visit date, then sign-off time), with its template version and
// score; nil when none is signed. n counts all visits of the dossier.
func (w *Workspace) LatestSignedVisit(dossierID string) (latest *input.Visit, n int, err error) {
	vs, err := w.Visits.Visits(dossierID)
	if err != nil {
		return nil, 0, err
	}
	var v *visit.Visit
	for i := range vs {
		x := &vs[i]
		if !x.Signed() {
			continue
		}
		if v == nil || x.Date > v.Date || x.Date == v.Date && x.SignedAt.After(v.SignedAt) {
			v = x
		}
	}
	if v == nil {
		return nil, len(vs), nil
	}
	t, err := w.Visits.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return nil, 0, err
	}
	return &input.Visit{Visit: *v, Template: t, Score: visit.Scoring(t, *v)}, len(vs), nil
}

// ScreenDossiers screens dossiers one by one (those an import created) with
// the workspace's screening service, so that it can be cancelled (what is
// screened stays screened) and report progress. It returns how many new
// hits were found.
func (w *Workspace) ScreenDossiers(ctx context.Context, ids []string, progress func(done, total int)) (int, error) {
	hits := 0
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return hits, errs.Wrap(errs.Invalid, err, "screening stopped after %d of %d", i, len(ids)).
				WithKey("err.screenStopped", "done", strconv.Itoa(i), "total", strconv.Itoa(len(ids)))
		}
		d, err := w.st.Dossier(id)
		if err != nil {
			return hits, err
		}
		_, fresh, err := w.Screening.ScreenDossier(d)
		if err != nil {
			return hits, err
		}
		hits += len(fresh)
		if progress != nil {
			progress(i+1, len(ids))
		}
	}
	return hits, nil
}
