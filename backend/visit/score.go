package visit

import (
	"math"
	"slices"
	"strings"

	"credence/backend/assess"
)

// SectionScore is one section's result.
type SectionScore struct {
	SectionID string  `json:"section_id"`
	Title     Text    `json:"title"`
	Score     float64 `json:"score"`  // 0..100; 0 when nothing in it is scored
	Scored    bool    `json:"scored"` // false when no item of the section carries a score
	Answered  int     `json:"answered"`
	Total     int     `json:"total"`
}

// Score is a visit's result against its template.
type Score struct {
	Total          float64        `json:"total"` // 0..100, weighted mean over the scored items
	Sections       []SectionScore `json:"sections"`
	FailedRequired []Finding      `json:"failed_required"`
	Progress       float64        `json:"progress"` // share of items answered, 0..1
	Items          []ItemScore    `json:"items"`
}

// ItemScore is one item's part in the score.
type ItemScore struct {
	ItemID string  `json:"item_id"`
	Score  float64 `json:"score"`  // 0..1
	Weight float64 `json:"weight"` // effective weight
	Scored bool    `json:"scored"` // false: not applicable, unanswered, or not a scored type
	Bad    bool    `json:"bad"`
}

// Finding is a required item whose answer is bad, with the visitor's note.
type Finding struct {
	ItemID string `json:"item_id"`
	Label  Text   `json:"label"`
	Value  string `json:"value"`
	Note   string `json:"note"`
}

// Scoring scores a visit against the template version it used, with
// corrections applied:
//   - pass = 1, fail = 0; yes/no by the item's good answer;
//   - a number with an expected value scores 1 within the tolerance, else
//     the ratio of the smaller to the larger; without one it is not scored;
//   - a choice scores its choice's score;
//   - text, date, photo and signature items are not scored, except that a
//     required one left unanswered scores 0 — as does any required item;
//   - "na" and unanswered optional items are left out.
//
// Section scores and the total are weighted means (×100) of the scored
// items. Required items with a bad answer are the failed findings.
func Scoring(t Template, v Visit) Score {
	ans := v.Effective()
	sc := Score{Sections: []SectionScore{}, FailedRequired: []Finding{}, Items: []ItemScore{}}
	var sum, wsum float64
	answeredN, total := 0, 0
	for _, sec := range t.Sections {
		ss := SectionScore{SectionID: sec.ID, Title: sec.Title, Total: len(sec.Items)}
		var ssum, swsum float64
		for _, it := range sec.Items {
			a := ans[it.ID]
			is := ItemScore{ItemID: it.ID, Weight: it.weight()}
			if answered(it, a) {
				ss.Answered++
				is.Score, is.Scored = itemScore(it, a)
				is.Bad = isBad(it, a)
				if is.Bad && it.Required {
					sc.FailedRequired = append(sc.FailedRequired, Finding{ItemID: it.ID, Label: it.Label, Value: a.Value, Note: a.Note})
				}
			} else if it.Required {
				is.Score, is.Scored = 0, true
			}
			if is.Scored {
				ssum += is.Score * is.Weight
				swsum += is.Weight
			}
			sc.Items = append(sc.Items, is)
		}
		if swsum > 0 {
			ss.Score, ss.Scored = round1(100*ssum/swsum), true
		}
		sum += ssum
		wsum += swsum
		answeredN += ss.Answered
		total += ss.Total
		sc.Sections = append(sc.Sections, ss)
	}
	if wsum > 0 {
		sc.Total = round1(100 * sum / wsum)
	}
	if total > 0 {
		sc.Progress = float64(answeredN) / float64(total)
	}
	return sc
}

// answered reports whether the item has an answer: a value, or for photo
// and signature items the image itself.
func answered(it Item, a Answer) bool {
	switch it.Type {
	case TypePhoto:
		return a.Value == "na" || len(a.Photos) > 0
	case TypeSignature:
		return a.Value != "" || len(a.Photos) > 0
	}
	return a.Value != ""
}

// itemScore is the score of an answered item, and whether it counts.
func itemScore(it Item, a Answer) (float64, bool) {
	if a.Value == "na" {
		return 0, false
	}
	switch it.Type {
	case TypePassFail:
		return b2f(a.Value == "pass"), true
	case TypeYesNo:
		return b2f(a.Value == it.good()), true
	case TypeNumber:
		if it.Expected == nil {
			return 0, false
		}
		x, ok := number(a.Value)
		if !ok {
			return 0, true
		}
		return numberScore(x, *it.Expected, it.Tolerance), true
	case TypeChoice:
		i := slices.IndexFunc(it.Choices, func(c Choice) bool { return c.Value == a.Value })
		if i < 0 {
			return 0, true
		}
		return it.Choices[i].Score, true
	}
	return 0, false
}

// numberScore is 1 within tolerance×expected of the expected value, else
// the ratio of the smaller to the larger (5 staff seen of 20 claimed
// scores 0.25).
func numberScore(x, e, tol float64) float64 {
	if math.Abs(x-e) <= tol*math.Abs(e) {
		return 1
	}
	if x <= 0 || e <= 0 {
		return 0
	}
	return math.Min(x, e) / math.Max(x, e)
}

// isBad reports whether an answer is one the item's note_on_bad and
// photo_on_bad ask to explain: a fail, the wrong yes/no, a number off its
// expected value beyond its tolerance, a choice scoring under one half.
func isBad(it Item, a Answer) bool {
	if a.Value == "" || a.Value == "na" {
		return false
	}
	switch it.Type {
	case TypePassFail:
		return a.Value == "fail"
	case TypeYesNo:
		return a.Value != it.good()
	case TypeNumber:
		s, scored := itemScore(it, a)
		return scored && s < 1
	case TypeChoice:
		s, scored := itemScore(it, a)
		return scored && s < 0.5
	}
	return false
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// Summary is the latest signed-off visit of the dossier as the assessment
// wants it: the score, the failed required items as "label: note" in
// English, and the date. Nil when no visit has been signed off.
func (s *Service) Summary(dossierID string) (*assess.VisitSummary, error) {
	vs, err := s.Visits(dossierID)
	if err != nil {
		return nil, err
	}
	var latest *Visit
	for i := range vs {
		v := &vs[i]
		if !v.Signed() {
			continue
		}
		if latest == nil || v.Date > latest.Date || v.Date == latest.Date && v.SignedAt.After(latest.SignedAt) {
			latest = v
		}
	}
	if latest == nil {
		return nil, nil
	}
	t, err := s.Template(latest.TemplateID, latest.TemplateVersion)
	if err != nil {
		return nil, err
	}
	sc := Scoring(t, *latest)
	out := &assess.VisitSummary{Score: sc.Total, Date: latest.Date, Visitor: latest.Visitor, Answers: map[string]string{}}
	for _, f := range sc.FailedRequired {
		l := f.Label.English()
		if n := strings.TrimSpace(f.Note); n != "" {
			l += ": " + n
		}
		out.FailedRequired = append(out.FailedRequired, l)
		out.Findings = append(out.Findings, assess.VisitFinding{ItemID: f.ItemID, LabelEN: f.Label.English(), LabelZH: f.Label.ZH, Value: f.Value, Note: strings.TrimSpace(f.Note)})
	}
	// The answers by item, for the patterns assess reads across items
	// (a front company: sign, premises, staff).
	for id, a := range latest.Effective() {
		out.Answers[id] = a.Value
	}
	return out, nil
}
