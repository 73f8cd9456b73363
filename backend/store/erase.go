package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/changelog"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/hlc"
)

// Erasure (GDPR art. 17, PIPL art. 47): a person's or a whole customer's
// values leave the workspace — the record, its history, the change log's
// copies, evidence files, the records derived from them, the search index,
// conflicts kept aside — and a tombstone stays that says what was erased,
// when, by whom and why, never the values. The tombstone is a shared
// record (KindErasure): it travels through the change log like any other,
// and every device that applies it erases the same way (Apply), then
// refuses older copies of the erased values that arrive later.
// docs/erasure.md says what it does and does not do.

// KindErasure is the record kind of tombstones.
const KindErasure = "erasure"

// What an erasure erased.
const (
	ErasedDossier = "dossier" // the whole customer
	ErasedContact = "contact" // one contact person
)

// erasedText replaces an erased value inside a text that stays (notes, a
// visit's answers): the sentence keeps its shape, the person leaves it.
const erasedText = "[erased]"

// Erasure is a tombstone. It holds ids and field paths, never a value.
type Erasure struct {
	ID        string `json:"id"`
	What      string `json:"what"` // ErasedDossier or ErasedContact
	DossierID string `json:"dossier_id"`
	ContactID string `json:"contact_id,omitempty"`
	// Fields are the other fields of the dossier the erasure rewrote (a
	// note naming the person): an older edit of them arriving later is
	// refused.
	Fields []string  `json:"fields,omitempty"`
	By     string    `json:"by"`      // the person's id
	ByName string    `json:"by_name"` // as they were called then (History renders the current name)
	At     time.Time `json:"at"`
	HLC    string    `json:"hlc"` // when, on the clock the change log orders by
	Reason string    `json:"reason"`
	// Files counts the evidence files removed; Records the records
	// removed or rewritten (visits, screening results …).
	Files   int `json:"files,omitempty"`
	Records int `json:"records,omitempty"`
}

// EraseContact erases one contact person of a dossier.
func (s *Store) EraseContact(dossierID, contactID, reason string) (Erasure, error) {
	return s.erase(Erasure{What: ErasedContact, DossierID: dossierID, ContactID: contactID, Reason: reason})
}

// EraseDossier erases a whole customer: the dossier, its history, its
// files and every record of it except the accounting ones (see
// keptOnErasure).
func (s *Store) EraseDossier(dossierID, reason string) (Erasure, error) {
	return s.erase(Erasure{What: ErasedDossier, DossierID: dossierID, Reason: reason})
}

func (s *Store) erase(e Erasure) (Erasure, error) {
	e.Reason = strings.TrimSpace(e.Reason)
	if e.Reason == "" {
		return e, errs.New(errs.Invalid, "say why the data is erased").WithKey("err.erasureReason", "field", "reason")
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	s.logMu.Lock()
	defer s.logMu.Unlock()
	d, err := s.Dossier(e.DossierID)
	if err != nil {
		return e, err
	}
	if e.What == ErasedContact && !slices.ContainsFunc(d.Contacts, func(c dossier.Contact) bool { return c.ID == e.ContactID }) {
		return e, errs.New(errs.NotFound, "no contact %s in this dossier", e.ContactID).WithKey("err.contactNotFound")
	}
	p := planErasure(d, e)
	e.Fields = p.fields
	e.ID = newID()
	e.By, e.ByName = s.Person()
	e.At = s.now().UTC()
	e.HLC = s.clock.Now().String()
	body, err := json.Marshal(e)
	if err != nil {
		return e, errs.Wrap(errs.Internal, err, "encode erasure")
	}
	// The tombstone and its change first, in one transaction: from then on
	// the erasure is decided, travels, and the purge below can be run again.
	err = s.commit(func(txn *badger.Txn) error {
		k, _ := recordKey(KindErasure, e.ID)
		if _, err := s.logLocal(txn, KindErasure, e.ID, e.By, []edit{{Value: body}}); err != nil {
			return err
		}
		if err := s.putPending(txn, e, p); err != nil {
			return err
		}
		return s.set(txn, k, body)
	})
	if err != nil {
		return e, ioErr(err, "record erasure")
	}
	if eraseCrashHook != nil && eraseCrashHook() {
		return e, nil
	}
	n, err := s.purgeAndClear(e, p)
	if err != nil {
		return e, err
	}
	e.Files, e.Records = n.files, n.records
	if err := s.putRecordRaw(KindErasure, e.ID, e); err != nil {
		return e, err
	}
	return e, s.compactErased()
}

// eraseCrashHook, set by a test, stops an erasure after its tombstone as
// a crash would.
var eraseCrashHook func() bool

// putRecordRaw rewrites a record without logging it: the counts of a
// tombstone are this device's own (another device may hold fewer files).
func (s *Store) putRecordRaw(kind, id string, v any) error {
	k, err := recordKey(kind, id)
	if err != nil {
		return err
	}
	return s.commit(func(txn *badger.Txn) error { return s.putTxn(txn, k, v) })
}

// Erasures lists the tombstones, of one dossier when dossierID is not "",
// oldest first.
func (s *Store) Erasures(dossierID string) ([]Erasure, error) {
	var out []Erasure
	names := s.peopleNames()
	err := s.ScanRecords(KindErasure, "", func(id string, b []byte) error {
		var e Erasure
		if err := json.Unmarshal(b, &e); err != nil {
			return errs.Wrap(errs.Invalid, err, "erasure %s damaged", id).WithKey("err.damaged", "what", "erasure "+id)
		}
		if dossierID == "" || e.DossierID == dossierID {
			e.ByName = names.of(e.By, e.ByName)
			out = append(out, e)
		}
		return nil
	})
	slices.SortFunc(out, func(a, b Erasure) int { return a.At.Compare(b.At) })
	return out, err
}

// plan is what an erasure removes from a dossier as this device holds it.
type plan struct {
	values []string        // the erased values, to scrub from texts that stay
	files  map[string]bool // attachment ids whose files go
	fields []string        // other dossier fields rewritten
	after  *dossier.Dossier
}

// planErasure computes the values and files an erasure removes from d and
// the dossier that stays (nil for a whole customer).
func planErasure(d *dossier.Dossier, e Erasure) plan {
	p := plan{files: map[string]bool{}}
	if e.What == ErasedDossier {
		// What names or reaches the person; free text (notes, records)
		// goes with the dossier and is not searched for elsewhere.
		for _, v := range dossier.PersonalValues(d) {
			switch v.Category {
			case dossier.PersonalName, dossier.PersonalEmail, dossier.PersonalPhone, dossier.PersonalMessaging,
				dossier.PersonalIDNumber, dossier.PersonalAddress, dossier.PersonalBirthDate:
				p.values = appendValue(p.values, v.Value)
			}
		}
		for _, a := range d.Attachments {
			p.files[a.ID] = true
		}
		return p
	}
	after := d.Clone()
	after.Contacts = slices.DeleteFunc(after.Contacts, func(c dossier.Contact) bool {
		if c.ID == e.ContactID {
			for _, v := range []string{c.Name, c.Email, c.Phone, c.WeChat, c.WhatsApp} {
				p.values = appendValue(p.values, v)
			}
			return true
		}
		return false
	})
	// Files that name the person (a photo of their card captioned with
	// their name) go with them.
	after.Attachments = slices.DeleteFunc(after.Attachments, func(a dossier.Attachment) bool {
		if containsAny(a.Name, p.values) || containsAny(a.Caption, p.values) {
			p.files[a.ID] = true
			return true
		}
		return false
	})
	if b, err := json.Marshal(after); err == nil {
		if sb, changed := scrubJSON(b, p.values); changed {
			var nd dossier.Dossier
			if json.Unmarshal(sb, &nd) == nil {
				after = &nd
			}
		}
	}
	for _, c := range dossier.Diff(d, after) {
		if c.Field != "contacts/"+e.ContactID {
			p.fields = append(p.fields, c.Field)
		}
	}
	p.after = after
	return p
}

// appendValue adds an erased value worth scrubbing: one character would
// erase that letter from every text.
func appendValue(vs []string, v string) []string {
	v = strings.TrimSpace(v)
	if len([]rune(v)) < 2 || slices.Contains(vs, v) {
		return vs
	}
	return append(vs, v)
}

func containsAny(s string, values []string) bool {
	for _, v := range values {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

func scrubString(s string, values []string) (string, bool) {
	changed := false
	for _, v := range values {
		if strings.Contains(s, v) {
			s, changed = strings.ReplaceAll(s, v, erasedText), true
		}
	}
	return s, changed
}

// scrubJSON replaces the erased values inside every string of a JSON
// document (keys are ids, left as they are); changed is false when none
// was there, and b is then returned as it was.
func scrubJSON(b []byte, values []string) ([]byte, bool) {
	if len(values) == 0 || !containsAnyBytes(b, values) {
		return b, false
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		// Not JSON: scrub it as text.
		s, changed := scrubString(string(b), values)
		return []byte(s), changed
	}
	changed := false
	var walk func(x any) any
	walk = func(x any) any {
		switch t := x.(type) {
		case string:
			s, c := scrubString(t, values)
			changed = changed || c
			return s
		case []any:
			for i := range t {
				t[i] = walk(t[i])
			}
		case map[string]any:
			for k := range t {
				t[k] = walk(t[k])
			}
		}
		return x
	}
	v = walk(v)
	if !changed {
		// The value is there only JSON-escaped: scrub the text.
		s, c := scrubString(string(b), values)
		return []byte(s), c
	}
	out, err := json.Marshal(v)
	if err != nil {
		return b, false
	}
	return out, true
}

func containsAnyBytes(b []byte, values []string) bool { return containsAny(string(b), values) }

// erasureSet is what Apply refuses: changes carrying values an erasure
// removed, whichever order they arrive in.
type erasureSet struct {
	byDossier map[string][]Erasure
	whole     map[string]bool // customers erased whole
}

func (s *Store) loadErasures(txn *badger.Txn) (*erasureSet, error) {
	set := newErasureSet()
	opt := badger.DefaultIteratorOptions
	opt.Prefix = []byte(prefRecord + KindErasure + "/")
	it := txn.NewIterator(opt)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		b, err := s.value(it.Item())
		if err != nil {
			return nil, err
		}
		var e Erasure
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, errs.Wrap(errs.Invalid, err, "erasure damaged").WithKey("err.damaged", "what", describeKey(it.Item().Key()))
		}
		set.add(e)
	}
	return set, nil
}

func newErasureSet() *erasureSet {
	return &erasureSet{byDossier: map[string][]Erasure{}, whole: map[string]bool{}}
}

func (set *erasureSet) add(e Erasure) {
	set.byDossier[e.DossierID] = append(set.byDossier[e.DossierID], e)
	if e.What == ErasedDossier {
		set.whole[e.DossierID] = true
	}
}

// refuses reports whether c carries what an erasure removed: anything of
// an erased customer, anything of an erased contact, and edits older than
// the erasure of the fields it rewrote.
func (set *erasureSet) refuses(c changelog.Change) bool {
	if set == nil || c.Kind == KindErasure || c.Kind == "audit" {
		return false
	}
	if c.Kind != changelog.KindDossier {
		// One look-up per change, whatever the number of erasures: a first
		// sync applies hundreds of thousands.
		if len(set.whole) == 0 || keptOnErasure(c.Kind) {
			return false
		}
		for _, id := range dossierIDsOf(c.Entity, c.Value) {
			if set.whole[id] {
				return true
			}
		}
		return false
	}
	for _, e := range set.byDossier[c.Entity] {
		switch {
		case e.What == ErasedDossier:
			return true
		case c.Field == "contacts/"+e.ContactID:
			return true
		case slices.Contains(e.Fields, c.Field):
			if at, err := hlc.Parse(e.HLC); err == nil && c.HLC.Less(at) {
				return true
			}
		}
	}
	return false
}

// dossierIDsOf are the dossier ids a record may belong to (belongsTo):
// its id, the part of it before a "/", and the value's "dossier_id".
func dossierIDsOf(entity string, value []byte) []string {
	out := []string{entity}
	if i := strings.IndexByte(entity, '/'); i > 0 {
		out = append(out, entity[:i])
	}
	if len(value) > 0 && strings.Contains(string(value), `"dossier_id"`) {
		var v struct {
			DossierID string `json:"dossier_id"`
		}
		if json.Unmarshal(value, &v) == nil && v.DossierID != "" {
			out = append(out, v.DossierID)
		}
	}
	return out
}

// belongsTo reports whether a record (by id and value) is of dossier id:
// keyed by it, under it, or naming it in "dossier_id".
func belongsTo(entity string, value []byte, id string) bool {
	if entity == id || strings.HasPrefix(entity, id+"/") {
		return true
	}
	if len(value) == 0 || !strings.Contains(string(value), id) {
		return false
	}
	var v struct {
		DossierID string `json:"dossier_id"`
	}
	return json.Unmarshal(value, &v) == nil && v.DossierID == id
}

// keptOnErasure are the kinds a customer's erasure leaves: the audit
// trail (ids only), the tombstones, and the accounting records the law
// makes the firm keep (GDPR art. 17(3)(b)); they hold the company's codes
// and amounts, not a person's data.
func keptOnErasure(kind string) bool {
	return kind == "audit" || kind == KindErasure || kind == "audit_head" || kind == "trade_row" || strings.HasPrefix(kind, "ar_")
}

// redact empties a change: it stays in the log (sequences have no gaps)
// as the deletion of what it wrote.
func redact(c changelog.Change) changelog.Change {
	c.Value, c.Deleted = nil, true
	return c
}
