package visit

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"credence/backend/dossier"
	"credence/backend/errs"
)

// maxAnswerText bounds a text answer or a note: a page of writing.
const maxAnswerText = 10000

// Answer records an answer and writes it at once, durably, so closing the
// app or a crash loses nothing. The value is checked against the item's
// type; an empty value with no note and no photos clears the answer. Nil
// Photos keeps the photos already attached (AddPhoto adds them); a
// non-nil list replaces them and may only hold the dossier's attachments.
// Changing an answer after one party has signed withdraws the
// signatures: they signed something else. Refused once the visit is
// signed off: errs.Conflict (key "err.visitSigned").
func (s *Service) Answer(visitID string, a Answer) (Visit, error) {
	return s.edit(visitID, func(v *Visit, t Template) error {
		if v.Signed() {
			return errSigned()
		}
		a, err := s.checkAnswer(v, t, a, v.Answers[a.ItemID])
		if err != nil {
			return err
		}
		if len(v.Signatures) > 0 && !sameAnswer(v.Answers[a.ItemID], a) {
			v.Signatures = []Signature{}
		}
		if empty(a) {
			delete(v.Answers, a.ItemID)
		} else {
			v.Answers[a.ItemID] = a
		}
		return nil
	})
}

// AddPhoto stores a photo as encrypted evidence ("site") on the visit's
// dossier and adds it to the item's answer. takenAt is when the photo was
// taken (now when zero).
func (s *Service) AddPhoto(visitID, itemID, name string, data []byte, takenAt time.Time, by string) (Visit, error) {
	// Check first, so a refused photo is not left on the dossier.
	v, err := s.Visit(visitID)
	if err != nil {
		return Visit{}, err
	}
	if v.Signed() {
		return Visit{}, errSigned()
	}
	t, err := s.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		return Visit{}, err
	}
	if _, ok := t.item(itemID); !ok {
		return Visit{}, errNoItem(itemID)
	}
	if by == "" {
		by = s.st.User()
	}
	if strings.TrimSpace(name) == "" {
		name = itemID + ".jpg"
	}
	att, err := s.st.AddAttachment(v.DossierID, name, "site", data, by)
	if err != nil {
		return Visit{}, err
	}
	if takenAt.IsZero() {
		takenAt = s.now()
	}
	return s.edit(visitID, func(v *Visit, t Template) error {
		if v.Signed() {
			return errSigned()
		}
		a := v.Answers[itemID]
		a.ItemID = itemID
		a.Photos = append(slices.Clone(a.Photos), att.ID)
		a.At, a.By = s.now().UTC(), by
		v.Answers[itemID] = a
		if v.Photos == nil {
			v.Photos = map[string]PhotoInfo{}
		}
		v.Photos[att.ID] = PhotoInfo{ItemID: itemID, Name: att.Name, TakenAt: takenAt.UTC(), By: by}
		v.Signatures = []Signature{} // the evidence changed after signing
		return nil
	})
}

// Correct records a correction of a signed visit: the signed answer stays
// as it was, and the correction, with its reason, becomes the answer
// that counts. Before sign-off use Answer: errs.Conflict (key
// "err.visitNotSigned").
func (s *Service) Correct(visitID string, a Answer, reason, by string) (Visit, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Visit{}, errs.New(errs.Invalid, "say why the answer is corrected").WithKey("err.reasonRequired", "field", "reason")
	}
	if by == "" {
		by = s.st.User()
	}
	return s.edit(visitID, func(v *Visit, t Template) error {
		if !v.Signed() {
			return errs.New(errs.Conflict, "the visit is not signed off yet; change the answer itself").WithKey("err.visitNotSigned")
		}
		old := v.Effective()[a.ItemID]
		if a.By == "" {
			a.By = by
		}
		a, err := s.checkAnswer(v, t, a, old)
		if err != nil {
			return err
		}
		if old.ItemID == "" {
			old.ItemID = a.ItemID
		}
		v.Corrections = append(v.Corrections, Correction{ItemID: a.ItemID, Old: old, New: a, Reason: reason, By: by, At: s.now().UTC()})
		return nil
	})
}

// checkAnswer validates a against its item and fills in what the caller
// may leave out (photos kept from prev, time, who).
func (s *Service) checkAnswer(v *Visit, t Template, a Answer, prev Answer) (Answer, error) {
	it, ok := t.item(a.ItemID)
	if !ok {
		return a, errNoItem(a.ItemID)
	}
	a.Value = strings.TrimSpace(a.Value)
	a.Note = strings.TrimSpace(a.Note)
	if err := checkValue(it, a.Value); err != nil {
		return a, err
	}
	if !utf8.ValidString(a.Note) || utf8.RuneCountInString(a.Note) > maxAnswerText {
		return a, errs.New(errs.Invalid, "the note on %q is longer than %d characters", it.Label.English(), maxAnswerText).
			WithKey("err.answerInvalid", "item", it.ID, "field", "note")
	}
	if a.Photos == nil {
		a.Photos = prev.Photos
	} else if added := notIn(a.Photos, prev.Photos); len(added) > 0 {
		d, err := s.st.Dossier(v.DossierID)
		if err != nil {
			return a, err
		}
		for _, id := range added {
			if !slices.ContainsFunc(d.Attachments, func(x dossier.Attachment) bool { return x.ID == id }) {
				return a, errs.New(errs.Invalid, "photo %s is not a file of this customer; add photos with AddPhoto", id).
					WithKey("err.answerInvalid", "item", it.ID, "field", "photos")
			}
		}
	}
	a.Photos = slices.Compact(slices.Clone(a.Photos))
	if len(a.Photos) == 0 {
		a.Photos = nil
	}
	if a.At.IsZero() {
		a.At = s.now().UTC()
	}
	if a.By == "" {
		a.By = s.st.User()
	}
	return a, nil
}

// checkValue checks a value against the item's type. "" (not answered)
// and "na" (not applicable) are always accepted.
func checkValue(it Item, value string) error {
	if value == "" || value == "na" {
		return nil
	}
	bad := func(format string, a ...any) error {
		return errs.New(errs.Invalid, "%q: %s", it.Label.English(), fmt.Sprintf(format, a...)).
			WithKey("err.answerInvalid", "item", it.ID, "value", value)
	}
	switch it.Type {
	case TypePassFail:
		if value != "pass" && value != "fail" {
			return bad("answer pass, fail or na, not %q", value)
		}
	case TypeYesNo:
		if value != "yes" && value != "no" {
			return bad("answer yes, no or na, not %q", value)
		}
	case TypeNumber:
		if _, ok := number(value); !ok {
			return bad("%q is not a number", value)
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, value); err != nil {
			return bad("%q is not a date like 2026-03-14", value)
		}
	case TypeChoice:
		if !slices.ContainsFunc(it.Choices, func(c Choice) bool { return c.Value == value }) {
			return bad("%q is not one of the choices", value)
		}
	default: // text, photo caption, signer's name
		if !utf8.ValidString(value) || utf8.RuneCountInString(value) > maxAnswerText {
			return bad("the text is longer than %d characters", maxAnswerText)
		}
	}
	return nil
}

// number parses a numeric answer: digits with an optional sign and
// decimal point, finite.
func number(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(s, "xXpP_") {
		return 0, false
	}
	return f, true
}

func errNoItem(id string) error {
	return errs.New(errs.Invalid, "the checklist has no item %q", id).WithKey("err.itemNotFound", "item", id)
}

func empty(a Answer) bool { return a.Value == "" && a.Note == "" && len(a.Photos) == 0 }

func sameAnswer(a, b Answer) bool {
	return a.Value == b.Value && a.Note == b.Note && slices.Equal(a.Photos, b.Photos)
}

func notIn(xs, ys []string) []string {
	var out []string
	for _, x := range xs {
		if !slices.Contains(ys, x) {
			out = append(out, x)
		}
	}
	return out
}
