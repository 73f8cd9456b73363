package visit

import (
	"math"
	"testing"
)

// scoreTemplate has one item of each kind the scoring treats differently.
func scoreTemplate() Template {
	return Template{ID: "t", Version: 1, Name: Text{"测试", "Test"}, Kind: "office", Sections: []Section{
		{ID: "a", Title: Text{"甲", "A"}, Items: []Item{
			{ID: "p1", Label: Text{"地址", "Address"}, Type: TypePassFail, Required: true, Weight: 2},
			{ID: "p2", Label: Text{"招牌", "Sign"}, Type: TypePassFail},
			{ID: "y1", Label: Text{"共用", "Shared"}, Type: TypeYesNo, GoodAnswer: "no"},
			{ID: "n1", Label: Text{"人数", "Staff"}, Type: TypeNumber, Expected: f64(20), Tolerance: 0.1},
			{ID: "c1", Label: Text{"库存", "Stock"}, Type: TypeChoice, Choices: []Choice{
				{Value: "good", Label: Text{"好", "Good"}, Score: 1},
				{Value: "mid", Label: Text{"中", "Mid"}, Score: 0.5},
				{Value: "bad", Label: Text{"差", "Bad"}, Score: 0}}},
			{ID: "t1", Label: Text{"接待人", "People met"}, Type: TypeText, Required: true},
			{ID: "ph", Label: Text{"照片", "Photos"}, Type: TypePhoto, Required: true, MinPhotos: 1},
		}},
		{ID: "b", Title: Text{"乙", "B"}, Items: []Item{
			{ID: "t2", Label: Text{"备注", "Remarks"}, Type: TypeText},
			{ID: "d1", Label: Text{"日期", "Date"}, Type: TypeDate},
			{ID: "n2", Label: Text{"面积", "Area"}, Type: TypeNumber},
		}},
	}}
}

func good() map[string]Answer {
	return map[string]Answer{
		"p1": {Value: "pass"}, "p2": {Value: "pass"}, "y1": {Value: "no"}, "n1": {Value: "20"},
		"c1": {Value: "good"}, "t1": {Value: "Mr Weber, MD"}, "ph": {Photos: []string{"x"}},
	}
}

func with(changes map[string]Answer) map[string]Answer {
	a := good()
	for k, v := range changes {
		if v.Value == "-" {
			delete(a, k)
			continue
		}
		a[k] = v
	}
	return a
}

func TestScoring(t *testing.T) {
	tpl := scoreTemplate()
	cases := []struct {
		name     string
		answers  map[string]Answer
		total    float64 // section a is the only scored section, so also its score
		failed   []string
		progress float64
	}{
		{"all good", good(), 100, nil, 7.0 / 10},
		{"required fail weighs 2", with(map[string]Answer{"p1": {Value: "fail", Note: "closed"}}), 66.7, []string{"p1"}, 0.7},
		{"optional fail weighs 1", with(map[string]Answer{"p2": {Value: "fail"}}), 83.3, nil, 0.7},
		{"na is left out", with(map[string]Answer{"p2": {Value: "na"}, "c1": {Value: "bad"}}), 80, nil, 0.7},
		{"yes/no by good answer", with(map[string]Answer{"y1": {Value: "yes"}}), 83.3, nil, 0.7},
		{"number within tolerance", with(map[string]Answer{"n1": {Value: "21.9"}}), 100, nil, 0.7},
		{"number at tolerance edge", with(map[string]Answer{"n1": {Value: "18"}}), 100, nil, 0.7},
		{"number proportional below", with(map[string]Answer{"n1": {Value: "5"}}), round1(100 * (5 + 0.25) / 6), nil, 0.7},
		{"number proportional above", with(map[string]Answer{"n1": {Value: "40"}}), round1(100 * 5.5 / 6), nil, 0.7},
		{"number zero", with(map[string]Answer{"n1": {Value: "0"}}), round1(100 * 5.0 / 6), nil, 0.7},
		{"choice by its score", with(map[string]Answer{"c1": {Value: "mid"}}), round1(100 * 5.5 / 6), nil, 0.7},
		{"required text missing scores 0", with(map[string]Answer{"t1": {Value: "-"}}), round1(100 * 6.0 / 7), nil, 0.6},
		{"required photo missing scores 0", with(map[string]Answer{"ph": {Value: "-"}}), round1(100 * 6.0 / 7), nil, 0.6},
		{"optional unanswered left out", with(map[string]Answer{"p2": {Value: "-"}, "y1": {Value: "-"}}), 100, nil, 0.5},
		{"nothing answered", map[string]Answer{}, 0, nil, 0},
		{"text and date answered", with(map[string]Answer{"t2": {Value: "ok"}, "d1": {Value: "2026-03-01"}, "n2": {Value: "300"}}), 100, nil, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sc := Scoring(tpl, Visit{Answers: c.answers})
			if sc.Total != c.total {
				t.Errorf("total %v, want %v", sc.Total, c.total)
			}
			if sc.Sections[0].Score != c.total || !sc.Sections[0].Scored {
				t.Errorf("section a %+v, want %v", sc.Sections[0], c.total)
			}
			if sc.Sections[1].Scored || sc.Sections[1].Score != 0 {
				t.Errorf("section b has nothing scored: %+v", sc.Sections[1])
			}
			var failed []string
			for _, f := range sc.FailedRequired {
				failed = append(failed, f.ItemID)
			}
			if len(failed) != len(c.failed) || len(failed) > 0 && failed[0] != c.failed[0] {
				t.Errorf("failed %v, want %v", failed, c.failed)
			}
			if math.Abs(sc.Progress-c.progress) > 1e-9 {
				t.Errorf("progress %v, want %v", sc.Progress, c.progress)
			}
		})
	}
}

func TestScoringWeightsAcrossSections(t *testing.T) {
	tpl := Template{Sections: []Section{
		{ID: "x", Items: []Item{{ID: "a", Type: TypePassFail, Weight: 3}}},
		{ID: "y", Items: []Item{{ID: "b", Type: TypePassFail}, {ID: "c", Type: TypePassFail, Weight: 0}}},
	}}
	sc := Scoring(tpl, Visit{Answers: map[string]Answer{"a": {Value: "fail"}, "b": {Value: "pass"}, "c": {Value: "pass"}}})
	// The total is the weighted mean of the items (2 of 5), not the mean
	// of the section scores (0 and 100).
	if sc.Total != 40 || sc.Sections[0].Score != 0 || sc.Sections[1].Score != 100 {
		t.Fatalf("%+v", sc)
	}
	if sc.Sections[1].Answered != 2 || sc.Sections[1].Total != 2 {
		t.Fatalf("counts %+v", sc.Sections[1])
	}
}

func TestScoringUsesLatestCorrection(t *testing.T) {
	tpl := scoreTemplate()
	v := Visit{Answers: good(), Corrections: []Correction{
		{ItemID: "p1", New: Answer{ItemID: "p1", Value: "fail", Note: "registered elsewhere"}},
		{ItemID: "c1", New: Answer{ItemID: "c1", Value: "bad"}},
		{ItemID: "c1", New: Answer{ItemID: "c1", Value: "mid"}},
	}}
	sc := Scoring(tpl, v)
	if want := round1(100 * (0 + 1 + 1 + 1 + 0.5) / 6); sc.Total != want {
		t.Fatalf("total %v, want %v", sc.Total, want)
	}
	if len(sc.FailedRequired) != 1 || sc.FailedRequired[0].Note != "registered elsewhere" || sc.FailedRequired[0].Label.EN != "Address" {
		t.Fatalf("findings %+v", sc.FailedRequired)
	}
	if v.Answers["p1"].Value != "pass" {
		t.Fatal("the signed answer must stay as signed")
	}
}

func TestMissing(t *testing.T) {
	tpl := scoreTemplate()
	tpl.Sections[0].Items[0].NoteOnBad = true  // p1
	tpl.Sections[0].Items[0].PhotoOnBad = true // p1
	tpl.Sections[0].Items[4].NoteOnBad = true  // c1
	tpl.Sections[0].Items[6].MinPhotos = 3     // ph
	got := Missing(tpl, Visit{Answers: with(map[string]Answer{
		"p1": {Value: "fail"}, "c1": {Value: "bad"}, "t1": {Value: "-"}, "ph": {Photos: []string{"1", "2"}},
	})})
	want := []string{"p1 note_needed", "p1 photo_needed", "c1 note_needed", "t1 not_answered", "ph photos_short"}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i, g := range got {
		if g.ItemID+" "+g.Problem != want[i] {
			t.Fatalf("gap %d: %v, want %s", i, g, want[i])
		}
	}
	if s := got[4].String(); s != "Photos: 3 photos needed, 2 taken" {
		t.Fatalf("sentence %q", s)
	}
	// A mid choice (0.5) is not bad; na needs nothing; a note and a photo satisfy.
	got = Missing(tpl, Visit{Answers: with(map[string]Answer{
		"p1": {Value: "fail", Note: "wrong street", Photos: []string{"p"}}, "c1": {Value: "mid"}, "ph": {Value: "na"},
	})})
	if len(got) != 0 {
		t.Fatalf("nothing should be missing: %v", got)
	}
}
