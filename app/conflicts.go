package app

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/store"
)

// ConflictService lists the concurrent edits that lost (kept by the
// change log for a person) and resolves them. Go decides what a person
// reads: the customer, the field's label, both values as text.
type ConflictService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewConflictService returns the service over sess.
func NewConflictService(sess *Session, rt Runtime) *ConflictService {
	return &ConflictService{sess: sess, rt: rt}
}

func (c *ConflictService) startup(ctx context.Context)  { c.ctx = ctx }
func (c *ConflictService) shutdown(ctx context.Context) {}

// ConflictSide is one of the two writes as people read it.
type ConflictSide struct {
	Text       string    `json:"text"`    // the value for people; "" when deleted
	Deleted    bool      `json:"deleted"` // the field or the whole record was deleted
	User       string    `json:"user"`    // their name when known
	At         time.Time `json:"at"`
	ThisDevice bool      `json:"this_device"` // written on this computer
}

// ConflictRow is one conflict.
type ConflictRow struct {
	ID         string       `json:"id"`
	Kind       string       `json:"kind"`
	DossierID  string       `json:"dossier_id"` // "" when it is not a customer's
	Customer   string       `json:"customer"`
	Label      string       `json:"label"`  // i18n key of the field ("" when there is none)
	Field      string       `json:"field"`  // the field as stored, when there is no label
	Winner     ConflictSide `json:"winner"` // what the record holds now
	Loser      ConflictSide `json:"loser"`  // what was kept aside
	DetectedAt time.Time    `json:"detected_at"`
}

// List returns the conflicts, newest first.
func (c *ConflictService) List() ([]ConflictRow, error) {
	s, err := c.sess.Store()
	if err != nil {
		return nil, uiErr(err)
	}
	ks, err := s.Conflicts()
	if err != nil {
		return nil, uiErr(err)
	}
	names := map[string]string{}
	rows := []ConflictRow{}
	for _, k := range ks {
		r := ConflictRow{ID: k.ID, Kind: k.Kind, Field: k.Field, DetectedAt: k.Detected.Time(),
			Winner: side(s, k.Winner, names), Loser: side(s, k.Loser, names)}
		top, _, _ := strings.Cut(k.Field, "/")
		if k.Kind == changelog.KindDossier && dossierFields[top] {
			r.Label = "field." + top
		}
		// Records under a customer are keyed "<dossier id>/…".
		id, _, _ := strings.Cut(k.Entity, "/")
		if d, err := s.Dossier(id); err == nil {
			r.DossierID, r.Customer = d.ID, d.DisplayName()
		}
		rows = append(rows, r)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].DetectedAt.After(rows[j].DetectedAt) })
	return rows, nil
}

// Resolve keeps the "winner" (what the record holds) or writes the
// "loser" over it, then tells every store: the value may be anywhere.
func (c *ConflictService) Resolve(id, pick string) error {
	s, err := c.sess.Store()
	if err != nil {
		return uiErr(err)
	}
	if pick != string(store.PickWinner) && pick != string(store.PickLoser) {
		return uiErr(errs.New(errs.Invalid, "pick %q: winner or loser", pick).WithKey("err.choice", "field", "pick"))
	}
	if err := s.ResolveConflict(id, store.Pick(pick)); err != nil {
		return uiErr(err)
	}
	c.rt.Emit(c.ctx, EventChanged, Changed{})
	return nil
}

func side(s *store.Store, sd changelog.Side, names map[string]string) ConflictSide {
	out := ConflictSide{Deleted: sd.Deleted || sd.RecordDeleted, At: sd.Version.HLC.Time(),
		ThisDevice: sd.Version.Device == s.DeviceID(), User: personName(s, sd.User, names)}
	if !out.Deleted {
		out.Text = valueText(sd.Value)
	}
	return out
}

// personName: the log names people by id (or, before people, by name).
func personName(s *store.Store, user string, names map[string]string) string {
	if n, ok := names[user]; ok {
		return n
	}
	n := user
	if p, err := s.PersonByID(user); err == nil {
		n = p.Name
	}
	names[user] = n
	return n
}

// valueText renders a logged JSON value for people: a fact by its value,
// a list item or record by its filled-in texts, lists joined.
func valueText(raw json.RawMessage) string {
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	return text(v)
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool, float64:
		return fmt.Sprint(x)
	case []any:
		var parts []string
		for _, e := range x {
			if t := text(e); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		if fv, ok := x["value"]; ok {
			return text(fv)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			// Ids, times and file digests mean nothing to a person.
			if k != "id" && k != "sha256" && !strings.HasSuffix(k, "_at") && k != "added" {
				keys = append(keys, k)
			}
		}
		// A name first (a contact, a bank), the rest in a fixed order.
		sort.Slice(keys, func(i, j int) bool {
			if (keys[i] == "name") != (keys[j] == "name") {
				return keys[i] == "name"
			}
			return keys[i] < keys[j]
		})
		var parts []string
		for _, k := range keys {
			if t := text(x[k]); t != "" {
				parts = append(parts, t)
			}
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v)
}

// dossierFields are the dossier's JSON fields that the frontend names
// (field.<name> in its languages); ids and times are not edited.
var dossierFields = func() map[string]bool {
	out := map[string]bool{}
	t := reflect.TypeOf(dossier.Dossier{})
	for i := 0; i < t.NumField(); i++ {
		n, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if n != "" && n != "-" && n != "id" && !strings.HasSuffix(n, "_at") {
			out[n] = true
		}
	}
	return out
}()
