package workspace

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"credence/backend/audit"
	"credence/backend/errs"
	"credence/backend/search"
	"credence/backend/store"
)

// Retention: a firm keeps a customer's personal data only as long as it
// needs it. The policy — erase customers archived more than N years ago —
// is the firm's, the same on every device (a shared record); it is off
// until someone sets it, and it never runs silently: the app shows the
// preview on unlock and erases only what the person confirms.

const kindRetention = "retention_policy"

// RetentionPolicy: Years 0 is off.
type RetentionPolicy struct {
	Years int `json:"years"`
}

// MaxRetentionYears bounds the policy (a typo of 1000 years is off in effect).
const MaxRetentionYears = 50

// RetentionItem is one customer a retention run would erase.
type RetentionItem struct {
	DossierID  string    `json:"dossier_id"`
	Name       string    `json:"name"`
	ArchivedAt time.Time `json:"archived_at"`
}

// RetentionPolicy is the workspace's policy (off when never set).
func (w *Workspace) RetentionPolicy() (RetentionPolicy, error) {
	var p RetentionPolicy
	if err := w.st.GetRecord(kindRetention, "policy", &p); err != nil && !errs.Is(err, errs.NotFound) {
		return p, err
	}
	return p, nil
}

// SetRetentionPolicy changes the policy; like erasing, only a credit
// manager or an admin may.
func (w *Workspace) SetRetentionPolicy(p RetentionPolicy) error {
	if err := w.mayErase(); err != nil {
		return err
	}
	if p.Years < 0 || p.Years > MaxRetentionYears {
		return errs.New(errs.Invalid, "the retention period must be between 0 (off) and %d years", MaxRetentionYears).
			WithKey("err.retentionYears", "field", "years", "max", "50")
	}
	return w.st.PutRecord(kindRetention, "policy", p)
}

// RetentionPreview lists the customers archived more than years ago
// (the policy's years when years is 0; nothing when the policy is off),
// oldest archive first.
func (w *Workspace) RetentionPreview(years int) ([]RetentionItem, error) {
	if years <= 0 {
		p, err := w.RetentionPolicy()
		if err != nil {
			return nil, err
		}
		years = p.Years
	}
	if years <= 0 {
		return nil, nil
	}
	cut := w.now().AddDate(-years, 0, 0)
	st := w.st
	res := st.Search(search.Query{Archived: true, Limit: st.Count() + 1})
	var out []RetentionItem
	for _, r := range res.Rows {
		at, err := w.archivedAt(r.ID)
		if err != nil {
			return nil, err
		}
		if at.Before(cut) {
			out = append(out, RetentionItem{DossierID: r.ID, Name: r.Name, ArchivedAt: at})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ArchivedAt.Before(out[j].ArchivedAt) })
	return out, nil
}

// archivedAt is when a dossier was last archived: its newest history
// entry setting "archived", else when it was last changed.
func (w *Workspace) archivedAt(id string) (time.Time, error) {
	h, err := w.st.History(id)
	if err != nil {
		return time.Time{}, err
	}
	for _, c := range h { // newest first
		if c.Field == "archived" && c.New == "true" {
			return c.At, nil
		}
	}
	d, err := w.st.Dossier(id)
	if err != nil {
		return time.Time{}, err
	}
	return d.UpdatedAt, nil
}

// RunRetention erases the customers of ids that the preview for years
// still lists — what the person saw and confirmed, never more — and
// records the run in the audit trail (counts and ids).
func (w *Workspace) RunRetention(years int, ids []string) ([]store.Erasure, error) {
	if err := w.mayErase(); err != nil {
		return nil, err
	}
	prev, err := w.RetentionPreview(years)
	if err != nil {
		return nil, err
	}
	if years <= 0 {
		p, _ := w.RetentionPolicy()
		years = p.Years
	}
	var out []store.Erasure
	for _, it := range prev {
		if !slices.Contains(ids, it.DossierID) {
			continue
		}
		reason := fmt.Sprintf("retention: archived more than %d years ago (%s)", years, it.ArchivedAt.Format("2006-01-02"))
		e, err := w.st.EraseDossier(it.DossierID, reason)
		if err != nil {
			return out, err
		}
		if err := w.Record(audit.Erasure, it.DossierID, "customer · retention · erasure "+e.ID); err != nil {
			return out, err
		}
		out = append(out, e)
	}
	if len(out) > 0 {
		if err := w.Record(audit.Retention, "workspace", fmt.Sprintf("%d customers, %d years", len(out), years)); err != nil {
			return out, err
		}
	}
	return out, nil
}
