// Package visit is the field-visit checklist (实地考察): templates the firm
// can copy, edit, version, import and export; visits done offline against
// one template version, saved answer by answer; sign-off by the visitor and
// the customer, which locks the visit; and the score that becomes the
// field-visit dimension of the assessment.
package visit

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"credence/backend/errs"
)

// Text is a bilingual string: the interface shows the user's language and
// falls back to the other.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// English is the English text, else the Chinese.
func (t Text) English() string {
	if strings.TrimSpace(t.EN) != "" {
		return t.EN
	}
	return t.ZH
}

func (t Text) empty() bool { return strings.TrimSpace(t.ZH) == "" && strings.TrimSpace(t.EN) == "" }

// ItemType says how an item is answered and scored.
type ItemType string

// Item types.
const (
	TypePassFail  ItemType = "pass_fail" // pass, fail, na
	TypeYesNo     ItemType = "yes_no"    // yes, no, na; GoodAnswer says which is good
	TypeNumber    ItemType = "number"    // compared with Expected when set
	TypeText      ItemType = "text"      // free text, not scored
	TypeChoice    ItemType = "choice"    // one of Choices, scored by the choice
	TypeDate      ItemType = "date"      // YYYY-MM-DD, not scored
	TypePhoto     ItemType = "photo"     // photos attached to the answer; MinPhotos
	TypeSignature ItemType = "signature" // a drawn signature attached to the answer
)

// ItemTypes are the known item types, in the order an editor offers them.
var ItemTypes = []ItemType{TypePassFail, TypeYesNo, TypeNumber, TypeText, TypeChoice, TypeDate, TypePhoto, TypeSignature}

// Kinds are the kinds of premises a template is for.
var Kinds = []string{"office", "warehouse", "factory", "showroom"}

// Choice is one option of a choice item, with its score from 0 (bad) to 1
// (good).
type Choice struct {
	Value string  `json:"value"`
	Label Text    `json:"label"`
	Score float64 `json:"score"`
}

// Item is one check of a template.
type Item struct {
	ID       string   `json:"id"`
	Label    Text     `json:"label"`
	Help     Text     `json:"help,omitempty"`
	Type     ItemType `json:"type"`
	Required bool     `json:"required,omitempty"`
	Weight   float64  `json:"weight,omitempty"` // 0 means the default, 1
	Choices  []Choice `json:"choices,omitempty"`
	// Expected is what a number answer is compared with (staff claimed,
	// area claimed); Tolerance is the fraction of it within which the
	// answer scores full marks.
	Expected   *float64 `json:"expected,omitempty"`
	Tolerance  float64  `json:"tolerance,omitempty"`
	MinPhotos  int      `json:"min_photos,omitempty"`
	NoteOnBad  bool     `json:"note_on_bad,omitempty"`  // a bad answer needs a note
	PhotoOnBad bool     `json:"photo_on_bad,omitempty"` // a bad answer needs a photo
	GoodAnswer string   `json:"good_answer,omitempty"`  // yes_no: "yes" (default) or "no"
}

// weight is the item's effective weight.
func (it Item) weight() float64 {
	if it.Weight == 0 {
		return 1
	}
	return it.Weight
}

// good is the good answer of a yes_no item.
func (it Item) good() string {
	if it.GoodAnswer == "" {
		return "yes"
	}
	return it.GoodAnswer
}

// Section groups items; each section has its own score.
type Section struct {
	ID    string `json:"id"`
	Title Text   `json:"title"`
	Items []Item `json:"items"`
}

// Template is one version of a checklist. Every saved version stays
// readable, because visits refer to the version they used.
type Template struct {
	ID        string    `json:"id"`
	Version   int       `json:"version"`
	Name      Text      `json:"name"`
	Kind      string    `json:"kind"` // office, warehouse, factory, showroom
	BuiltIn   bool      `json:"built_in"`
	Sections  []Section `json:"sections"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// item finds an item by id.
func (t Template) item(id string) (Item, bool) {
	for _, s := range t.Sections {
		for _, it := range s.Items {
			if it.ID == id {
				return it, true
			}
		}
	}
	return Item{}, false
}

// Items is every item, in order.
func (t Template) Items() []Item {
	var out []Item
	for _, s := range t.Sections {
		out = append(out, s.Items...)
	}
	return out
}

// Limits that keep a template something a person can walk through, and
// an imported file something the app can hold.
const (
	maxIDLen    = 64
	maxTextLen  = 2000
	maxSections = 50
	maxItems    = 500
	maxChoices  = 50
	maxPhotos   = 50
)

// Validate checks the template as an editor or an import would: known
// types, unique ids, choices for choice items, sensible numbers. The error
// is errs.Invalid (key "err.templateInvalid") naming the section or item
// and the field.
func (t Template) Validate() error {
	if t.ID != "" && !validID(t.ID) {
		return invalidf("", "", "id", "the template id %q may only contain letters, digits, '.', '_' and '-' (at most 64)", t.ID)
	}
	if t.Version < 0 {
		return invalidf("", "", "version", "the version cannot be negative")
	}
	if t.Name.empty() {
		return invalidf("", "", "name", "the template needs a name")
	}
	if err := checkText(t.Name, "", "", "name"); err != nil {
		return err
	}
	if !slices.Contains(Kinds, t.Kind) {
		return invalidf("", "", "kind", "the kind %q is not one of %s", t.Kind, strings.Join(Kinds, ", "))
	}
	if len(t.Sections) == 0 {
		return invalidf("", "", "sections", "the template has no sections")
	}
	if len(t.Sections) > maxSections {
		return invalidf("", "", "sections", "the template has %d sections; at most %d are allowed", len(t.Sections), maxSections)
	}
	sections := map[string]bool{}
	items := map[string]string{} // item id → section id
	n := 0
	for si, s := range t.Sections {
		where := s.ID
		if where == "" {
			where = fmt.Sprintf("#%d", si+1)
		}
		switch {
		case s.ID == "":
			return invalidf(where, "", "id", "section %s has no id", where)
		case !validID(s.ID):
			return invalidf(where, "", "id", "section id %q may only contain letters, digits, '.', '_' and '-' (at most 64)", s.ID)
		case sections[s.ID]:
			return invalidf(where, "", "id", "two sections have the id %q", s.ID)
		case s.Title.empty():
			return invalidf(where, "", "title", "section %q has no title", s.ID)
		case len(s.Items) == 0:
			return invalidf(where, "", "items", "section %q has no items", s.ID)
		}
		if err := checkText(s.Title, where, "", "title"); err != nil {
			return err
		}
		sections[s.ID] = true
		for ii, it := range s.Items {
			n++
			if n > maxItems {
				return invalidf(where, "", "items", "the template has more than %d items", maxItems)
			}
			if it.ID == "" {
				return invalidf(where, fmt.Sprintf("#%d", ii+1), "id", "item %d of section %q has no id", ii+1, s.ID)
			}
			if prev, dup := items[it.ID]; dup {
				return invalidf(where, it.ID, "id", "item id %q is used twice (sections %q and %q)", it.ID, prev, s.ID)
			}
			items[it.ID] = s.ID
			if err := it.validate(where); err != nil {
				return err
			}
		}
	}
	return nil
}

func (it Item) validate(section string) error {
	bad := func(field, format string, a ...any) error {
		return invalidf(section, it.ID, field, "item %q: %s", it.ID, fmt.Sprintf(format, a...))
	}
	if !validID(it.ID) {
		return bad("id", "the id may only contain letters, digits, '.', '_' and '-' (at most 64)")
	}
	if it.Label.empty() {
		return bad("label", "the item has no label")
	}
	if err := checkText(it.Label, section, it.ID, "label"); err != nil {
		return err
	}
	if err := checkText(it.Help, section, it.ID, "help"); err != nil {
		return err
	}
	if !slices.Contains(ItemTypes, it.Type) {
		return bad("type", "the type %q is not one of pass_fail, yes_no, number, text, choice, date, photo, signature", it.Type)
	}
	if it.Weight < 0 || math.IsNaN(it.Weight) || math.IsInf(it.Weight, 0) || it.Weight > 100 {
		return bad("weight", "the weight must be between 0 and 100")
	}
	if it.Type == TypeChoice {
		if len(it.Choices) == 0 {
			return bad("choices", "a choice item needs choices")
		}
		if len(it.Choices) > maxChoices {
			return bad("choices", "at most %d choices are allowed", maxChoices)
		}
		seen := map[string]bool{}
		for ci, c := range it.Choices {
			switch {
			case strings.TrimSpace(c.Value) == "":
				return bad("choices", "choice %d has no value", ci+1)
			case c.Value == "na":
				return bad("choices", "\"na\" is reserved for not applicable")
			case seen[c.Value]:
				return bad("choices", "the choice %q appears twice", c.Value)
			case c.Label.empty():
				return bad("choices", "the choice %q has no label", c.Value)
			case !(c.Score >= 0 && c.Score <= 1):
				return bad("choices", "the choice %q has score %v; scores go from 0 to 1", c.Value, c.Score)
			}
			if len(c.Value) > maxIDLen {
				return bad("choices", "the choice value %q is too long", c.Value)
			}
			if err := checkText(c.Label, section, it.ID, "choices"); err != nil {
				return err
			}
			seen[c.Value] = true
		}
	} else if len(it.Choices) > 0 {
		return bad("choices", "only choice items have choices")
	}
	if it.Expected != nil {
		if it.Type != TypeNumber {
			return bad("expected", "only number items have an expected value")
		}
		if e := *it.Expected; math.IsNaN(e) || math.IsInf(e, 0) || e < 0 {
			return bad("expected", "the expected value must be a number of 0 or more")
		}
	}
	if !(it.Tolerance >= 0 && it.Tolerance <= 1) {
		return bad("tolerance", "the tolerance is a fraction between 0 and 1 (0.2 = 20%%)")
	}
	if it.Tolerance > 0 && it.Expected == nil {
		return bad("tolerance", "a tolerance needs an expected value")
	}
	if it.MinPhotos < 0 || it.MinPhotos > maxPhotos {
		return bad("min_photos", "the minimum number of photos must be between 0 and %d", maxPhotos)
	}
	switch it.GoodAnswer {
	case "":
	case "yes", "no":
		if it.Type != TypeYesNo {
			return bad("good_answer", "only yes/no items have a good answer")
		}
	default:
		return bad("good_answer", "the good answer is \"yes\" or \"no\", not %q", it.GoodAnswer)
	}
	return nil
}

func checkText(t Text, section, item, field string) error {
	for _, s := range []string{t.ZH, t.EN} {
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTextLen {
			msg := fmt.Sprintf("the %s is not valid text or is longer than %d characters", field, maxTextLen)
			if item != "" {
				msg = fmt.Sprintf("item %q: %s", item, msg)
			}
			return invalidf(section, item, field, "%s", msg)
		}
	}
	return nil
}

func validID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// invalidf is a template error naming where it is.
func invalidf(section, item, field, format string, a ...any) *errs.Error {
	return errs.New(errs.Invalid, format, a...).
		WithKey("err.templateInvalid", "section", section, "item", item, "field", field)
}
