package visit

import "testing"

// The checklist screen shows a note field (and asks for a photo) where
// Scoring marks an item's answer bad; it keeps no rule of its own. These
// are the cases its old TypeScript copy got wrong, beside the plain ones,
// and sign-off asks for a note on exactly the items marked bad.
func TestScoringMarksBadAnswers(t *testing.T) {
	twenty := 20.0
	items := []Item{
		{ID: "pf", Type: TypePassFail},
		{ID: "yn_default", Type: TypeYesNo},              // good answer "yes" when not set
		{ID: "yn_no", Type: TypeYesNo, GoodAnswer: "no"}, // "no" is the good one
		{ID: "staff", Type: TypeNumber, Expected: &twenty, Tolerance: 0.1},
		{ID: "staff_ok", Type: TypeNumber, Expected: &twenty, Tolerance: 0.1},
		{ID: "staff_text", Type: TypeNumber, Expected: &twenty}, // not a number
		{ID: "count", Type: TypeNumber},                         // nothing to compare with
		{ID: "state", Type: TypeChoice, Choices: []Choice{{Value: "tidy", Score: 1}, {Value: "messy", Score: 0.3}}},
		{ID: "state_gone", Type: TypeChoice, Choices: []Choice{{Value: "tidy", Score: 1}}}, // a choice no longer offered
		{ID: "na", Type: TypePassFail},
		{ID: "remark", Type: TypeText},
	}
	for i := range items {
		items[i].Label = Text{EN: items[i].ID, ZH: items[i].ID}
		items[i].NoteOnBad = true
	}
	tpl := Template{ID: "t", Version: 1, Sections: []Section{{ID: "s", Items: items}}}
	answers := map[string]string{
		"pf": "fail", "yn_default": "no", "yn_no": "no", "staff": "5", "staff_ok": "21", "staff_text": "about twenty",
		"count": "3", "state": "messy", "state_gone": "chaotic", "na": "na", "remark": "friendly",
	}
	v := Visit{ID: "v", Answers: map[string]Answer{}}
	for id, val := range answers {
		v.Answers[id] = Answer{ItemID: id, Value: val}
	}
	want := map[string]bool{"pf": true, "yn_default": true, "staff": true, "staff_text": true, "state": true, "state_gone": true}
	sc := Scoring(tpl, v)
	if len(sc.Items) != len(items) {
		t.Fatalf("%d item scores for %d items", len(sc.Items), len(items))
	}
	for _, is := range sc.Items {
		if is.Bad != want[is.ItemID] {
			t.Errorf("%s (%q): bad=%v, want %v", is.ItemID, answers[is.ItemID], is.Bad, want[is.ItemID])
		}
	}
	notes := map[string]bool{}
	for _, g := range Missing(tpl, v) {
		if g.Problem == "note_needed" {
			notes[g.ItemID] = true
		}
	}
	for id := range want {
		if !notes[id] {
			t.Errorf("%s is bad but sign-off does not ask for a note", id)
		}
	}
	if len(notes) != len(want) {
		t.Errorf("sign-off asks for notes on %v, the bad items are %v", notes, want)
	}
}
