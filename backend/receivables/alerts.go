package receivables

import (
	"slices"
	"strings"
	"time"

	"credence/backend/errs"
)

// Actions on an alert.
const (
	ActRemind  = "remind"      // a reminder goes into the collection log; the alert stays open
	ActHold    = "hold"        // new shipments to the customer are held
	ActLower   = "lower_limit" // the customer is re-assessed so the limit can be lowered
	ActHandled = "handled"     // done, with a note
)

// AlertState is what was done about an alert, kept under the alert's id.
type AlertState struct {
	Meta
	Handled bool      `json:"handled"`
	Action  string    `json:"action"`
	Note    string    `json:"note,omitempty"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// Hold says new shipments to a customer are held.
type Hold struct {
	Meta
	On   bool      `json:"on"`
	Note string    `json:"note,omitempty"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
}

// Rules returns the firm's early-warning rules (the defaults until edited).
func (b *Book) Rules() (Rules, error) {
	r := DefaultRules
	if err := b.r.GetRecord(KindRules, "current", &r); err != nil && !errs.Is(err, errs.NotFound) {
		return r, err
	}
	return r, nil
}

// SaveRules stores the firm's early-warning rules.
func (b *Book) SaveRules(r Rules, by string) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return b.r.PutRecord(KindRules, "current", struct {
		Rules
		Meta
	}{r, Meta{ID: "current", UpdatedAt: b.now(), UpdatedBy: by}})
}

// States returns what was done about alerts, by alert id.
func (b *Book) States() (map[string]AlertState, error) {
	all, err := scan[AlertState](b.r, KindAlert, "")
	m := make(map[string]AlertState, len(all))
	for _, s := range all {
		m[s.ID] = s
	}
	return m, err
}

// Act records an action on an alert. Remind also writes the reminder into
// the customer's collection log and hold holds its shipments; the caller
// re-assesses for lower_limit. Only handled closes the alert.
func (b *Book) Act(a Alert, action, note, by string) (AlertState, error) {
	note = strings.TrimSpace(note)
	if !slices.Contains([]string{ActRemind, ActHold, ActLower, ActHandled}, action) {
		return AlertState{}, invalid("action", "remind, hold, lower_limit or handled")
	}
	if action == ActHandled && note == "" {
		return AlertState{}, errs.New(errs.Invalid, "say how the alert was handled").WithKey("err.arHandledNote")
	}
	now := b.now()
	switch action {
	case ActRemind:
		if _, err := b.AddEntry(a.DossierID, Entry{Kind: EntryReminder, Note: strings.TrimSpace(a.EN + " " + note)}, by); err != nil {
			return AlertState{}, err
		}
	case ActHold:
		if err := b.SetHold(a.DossierID, true, note, by); err != nil {
			return AlertState{}, err
		}
	}
	s := AlertState{Meta: Meta{ID: a.ID, DossierID: a.DossierID, UpdatedAt: now, UpdatedBy: by},
		Handled: action == ActHandled, Action: action, Note: note, By: by, At: now}
	return s, b.r.PutRecord(KindAlert, a.ID, s)
}

// SetHold holds (or releases) new shipments to a customer.
func (b *Book) SetHold(dossierID string, on bool, note, by string) error {
	now := b.now()
	return b.r.PutRecord(KindHold, dossierID, Hold{Meta: Meta{ID: dossierID, DossierID: dossierID, UpdatedAt: now, UpdatedBy: by},
		On: on, Note: note, By: by, At: now})
}

// HoldOf says whether a customer's shipments are held.
func (b *Book) HoldOf(dossierID string) (Hold, error) {
	var h Hold
	if err := b.r.GetRecord(KindHold, dossierID, &h); err != nil && !errs.Is(err, errs.NotFound) {
		return h, err
	}
	return h, nil
}

// Apply marks alerts with what was done about them.
func Apply(alerts []Alert, states map[string]AlertState) {
	for i := range alerts {
		if s, ok := states[alerts[i].ID]; ok {
			alerts[i].Handled, alerts[i].Action, alerts[i].Note, alerts[i].By, alerts[i].At = s.Handled, s.Action, s.Note, s.By, s.At
		}
	}
}
