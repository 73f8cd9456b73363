// Package privacy answers a subject-access request (GDPR art. 15, PIPL
// art. 45): everything the workspace holds about one person, found by
// name across dossiers (a contact, a consumer customer, a legal
// representative, notes), their history, field visits (the person met,
// signatures) and evidence files' names and captions.
//
// It reads plain values through Source, so that the search is tested on
// its own and every door (the CLI today, the app later) finds the same.
// Erasure is not here: it needs the store's log.
package privacy

import (
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"credence/backend/dossier"
)

// Change is one history entry of a dossier.
type Change struct {
	Field, Old, New, User string
	At                    time.Time
}

// Visit is what a field visit holds that may name people.
type Visit struct {
	ID, Date, Visitor string
	Signers           []Signer
	Texts             []Text // answers' values and notes, corrections' reasons
}

// Signer is one sign-off of a visit.
type Signer struct {
	Role, Name, AttachmentID string
	At                       time.Time
}

// Text is one free text of a visit, by the checklist item it answers.
type Text struct {
	Item, Text string
}

// Source is what the search reads of a workspace.
type Source interface {
	// EachDossier calls fn with every dossier, archived ones included.
	EachDossier(fn func(*dossier.Dossier) error) error
	History(dossierID string) ([]Change, error)
	Visits(dossierID string) ([]Visit, error)
}

// Place kinds.
const (
	KindCustomer   = "customer"   // a consumer customer: the dossier is the person's
	KindContact    = "contact"    // a contact person of a dossier
	KindField      = "field"      // another field of a dossier (legal representative, a note…)
	KindHistory    = "history"    // a change in a dossier's history
	KindVisit      = "visit"      // a field visit: met, signed, or named in an answer
	KindAttachment = "attachment" // an evidence file's name or caption
)

// Place is one value held about the person, and where.
type Place struct {
	Kind      string    `json:"kind"`
	DossierID string    `json:"dossier_id"`
	Dossier   string    `json:"dossier"`        // the dossier's name
	Path      string    `json:"path"`           // the field: "legal_representative", "contacts/<id>/email", "visits/<id>/signatures/customer"
	Category  string    `json:"category"`       // what kind of personal data (dossier.Personal*), or "history", "visit"
	Value     string    `json:"value"`          // the value held
	Ref       string    `json:"ref,omitempty"`  // a file holding more (a signature's attachment id)
	At        time.Time `json:"at,omitzero"`    // when (history, visits)
	By        string    `json:"by,omitempty"`   // who wrote it (history)
	Note      string    `json:"note,omitempty"` // how it relates to the person
}

// Found is the answer to one request.
type Found struct {
	Name     string    `json:"name"`
	Searched time.Time `json:"searched"`
	Dossiers int       `json:"dossiers"` // dossiers read
	Places   []Place   `json:"places"`
}

// DossierIDs are the dossiers the person appears in, in order of finding.
func (f Found) DossierIDs() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range f.Places {
		if !seen[p.DossierID] {
			seen[p.DossierID] = true
			out = append(out, p.DossierID)
		}
	}
	return out
}

// Search finds every place src holds name. A name matches a value that
// contains it as whole words, ignoring case, accents' composition, extra
// spaces and the order of its words ("Müller Katrin" finds "Katrin
// Müller"). Where a contact or a consumer customer is the person, all of
// their values are given, not only the name.
func Search(src Source, name string, now time.Time) (Found, error) {
	m := newMatcher(name)
	out := Found{Name: strings.TrimSpace(name), Searched: now, Places: []Place{}}
	if m == nil {
		return out, nil
	}
	err := src.EachDossier(func(d *dossier.Dossier) error {
		out.Dossiers++
		at := Place{DossierID: d.ID, Dossier: d.DisplayName()}
		fromDossier(&out, at, d, m)
		hist, err := src.History(d.ID)
		if err != nil {
			return err
		}
		for _, c := range hist {
			for _, v := range []string{c.Old, c.New} {
				if m.in(v) {
					p := at
					p.Kind, p.Path, p.Category, p.Value, p.At, p.By = KindHistory, c.Field, "history", v, c.At, c.User
					out.Places = append(out.Places, p)
				}
			}
		}
		visits, err := src.Visits(d.ID)
		if err != nil {
			return err
		}
		for _, v := range visits {
			fromVisit(&out, at, v, m)
		}
		return nil
	})
	return out, err
}

func fromDossier(out *Found, at Place, d *dossier.Dossier, m *matcher) {
	vals := dossier.PersonalValues(d)
	// The person is a contact: all of that contact's values.
	theirs := map[string]bool{}
	for _, v := range vals {
		if v.Contact != "" && v.Category == dossier.PersonalName && m.in(v.Value) {
			theirs[v.Contact] = true
		}
	}
	// The person is the customer (b2c, named by the dossier's names).
	customer := d.Segment == "b2c" && (m.in(d.LegalName.Value) || m.in(d.LatinName.Value))
	for _, v := range vals {
		p := at
		p.Path, p.Category, p.Value = v.Path, v.Category, v.Value
		switch {
		case v.Contact != "" && theirs[v.Contact]:
			p.Kind = KindContact
		case v.Contact == "" && customer && v.Category != dossier.PersonalFile && v.Category != dossier.PersonalNote:
			p.Kind = KindCustomer
		case strings.HasPrefix(v.Path, "attachments") && m.in(v.Value):
			p.Kind = KindAttachment
		case m.in(v.Value):
			p.Kind = KindField
		default:
			continue
		}
		out.Places = append(out.Places, p)
	}
	for _, c := range d.Contacts {
		if theirs[c.ID] {
			// Legal basis and source are the firm's notes about holding
			// the contact: the person has a right to them too.
			for _, x := range [][2]string{{"legal_basis", c.LegalBasis}, {"source", c.Source}} {
				if x[1] != "" {
					p := at
					p.Kind, p.Path, p.Category, p.Value = KindContact, "contacts/"+c.ID+"/"+x[0], "basis", x[1]
					out.Places = append(out.Places, p)
				}
			}
		}
	}
}

func fromVisit(out *Found, at Place, v Visit, m *matcher) {
	at.Kind, at.Category = KindVisit, "visit"
	base := "visits/" + v.ID
	if m.in(v.Visitor) {
		p := at
		p.Path, p.Value, p.Note = base+"/visitor", v.Visitor, v.Date
		out.Places = append(out.Places, p)
	}
	for _, s := range v.Signers {
		if m.in(s.Name) {
			p := at
			p.Path, p.Value, p.Ref, p.At, p.Note = base+"/signatures/"+s.Role, s.Name, s.AttachmentID, s.At, "signed "+v.Date
			out.Places = append(out.Places, p)
		}
	}
	for _, t := range v.Texts {
		if m.in(t.Text) {
			p := at
			p.Path, p.Value, p.Note = base+"/answers/"+t.Item, t.Text, v.Date
			out.Places = append(out.Places, p)
		}
	}
}

// matcher finds a name's words, in any order, as whole words of a text;
// a name in Han characters (written without spaces, inside longer runs)
// is found as a run of characters.
type matcher struct {
	words []string
	han   string
}

func newMatcher(name string) *matcher {
	w := words(name)
	if len(w) == 0 {
		return nil
	}
	m := &matcher{words: w}
	if strings.IndexFunc(name, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0 {
		m.han = strings.Join(w, "")
	}
	return m
}

func (m *matcher) in(text string) bool {
	if text == "" {
		return false
	}
	if m.han != "" {
		return strings.Contains(strings.Join(words(text), ""), m.han)
	}
	have := words(text)
	for _, w := range m.words {
		found := false
		for _, h := range have {
			if h == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// words splits into lower-case words (NFC: a composed and a decomposed
// "ü" are the same letter).
func words(s string) []string {
	s = strings.ToLower(norm.NFC.String(s))
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Mn, r) }) {
		out = append(out, f)
	}
	return out
}
