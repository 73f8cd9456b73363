package screening

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/sanctions"
)

// maxHits bounds the hits kept for one query: a name that matches more
// entries than this is too generic to be worth reading them all.
const maxHits = 100

// errNoLists says that nothing can be screened yet.
func errNoLists() error {
	return errs.New(errs.NotFound, "no sanctions list has been imported yet; import the OFAC, UN, EU or UK list first").
		WithKey("err.noSanctionsLists")
}

// ScreenName screens one party ad hoc. With all=false it returns the hits
// at or above the workspace threshold; with all=true also the candidates
// down to 0.5. Best first. With no list imported it returns errs.NotFound
// (key "err.noSanctionsLists").
func (s *Service) ScreenName(q sanctions.Query, all bool) ([]sanctions.Hit, error) {
	sn, err := s.snapshot()
	if err != nil {
		return nil, err
	}
	if sn.ix == nil {
		return nil, errNoLists()
	}
	th := s.Threshold()
	if all {
		th = min(th, candidateFloor)
	}
	return sn.ix.Screen(q, th, maxHits), nil
}

// query is what a dossier is screened as: its names and its country; a
// name known only in Han characters also as its pinyin.
func query(d *dossier.Dossier) sanctions.Query {
	var names []string
	for _, n := range append([]string{d.LegalName.Value, d.LatinName.Value}, d.Aliases...) {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if HanOnly(d) {
		for _, n := range slices.Clone(names) {
			if p := Pinyin(n); p != "" && !slices.Contains(names, p) {
				names = append(names, p)
			}
		}
	}
	q := sanctions.Query{Country: strings.TrimSpace(d.Country.Value)}
	if len(names) > 0 {
		q.Name, q.Aliases = names[0], names[1:]
	}
	return q
}

// NeedsScreening reports whether an edit from old to new changes what the
// dossier is screened as: its names, aliases or country. A nil old (a new
// dossier) always needs screening.
func (s *Service) NeedsScreening(old, new *dossier.Dossier) bool {
	if new == nil {
		return false
	}
	if old == nil {
		return true
	}
	a, b := query(old), query(new)
	return a.Name != b.Name || !slices.Equal(a.Aliases, b.Aliases) || !strings.EqualFold(a.Country, b.Country)
}

// ScreenDossier screens d's legal name, Latin name and aliases with its
// country, stores the Result, and returns it with the hits that are new
// (not in the previous result and never decided on). Decisions and first
// sightings carry over by hit key. An Alert is created for each new hit.
// With no list imported the Result has no Lists and no hits.
func (s *Service) ScreenDossier(d *dossier.Dossier) (Result, []Hit, error) {
	if d == nil || d.ID == "" {
		return Result{}, nil, errs.New(errs.Invalid, "screen: the customer has no id (save it first)")
	}
	sn, err := s.snapshot()
	if err != nil {
		return Result{}, nil, err
	}
	e, err := s.evaluate(sn, s.Threshold(), d)
	if err != nil {
		return Result{}, nil, err
	}
	r, fresh, alerts := e.r, e.fresh, e.alerts
	if len(alerts) > 0 {
		recs := make(map[string]any, len(alerts))
		for _, a := range alerts {
			recs[a.ID] = a
		}
		// Alerts before the result: after a crash in between the hit is
		// still new and alerted again, rather than never.
		if err := s.st.PutRecords(kindAlert, recs); err != nil {
			return Result{}, nil, err
		}
	}
	if err := s.st.PutRecord(kindResult, d.ID, r); err != nil {
		return Result{}, nil, err
	}
	return r, fresh, nil
}

// evaluation is what screening one dossier found: its new result, the hits
// that are new with their alerts, and the record it had.
type evaluation struct {
	r       Result
	fresh   []Hit
	alerts  []alertRec
	prev    storedResult
	hadPrev bool
}

// evaluate screens d and merges the previous result and the decisions; it
// writes nothing.
func (s *Service) evaluate(sn *snapshot, th float64, d *dossier.Dossier) (evaluation, error) {
	return s.evaluateKnown(sn, th, d, false)
}

// evaluateKnown is evaluate; clean says the caller knows d's stored result
// has no hit and d has no decision, so neither is read (a re-screen of the
// whole book reads them in one pass).
func (s *Service) evaluateKnown(sn *snapshot, th float64, d *dossier.Dossier, clean bool) (evaluation, error) {
	now := s.now().UTC()
	r := Result{DossierID: d.ID, ScreenedAt: now, Lists: slices.Clone(sn.ids), Hits: []Hit{}}
	if r.Lists == nil {
		r.Lists = []string{}
	}
	q := query(d)
	var found []sanctions.Hit
	if sn.ix != nil && q.Name != "" {
		found = sn.ix.Screen(q, th, maxHits)
	}
	var prev storedResult
	hadPrev := clean
	dec := map[string]archived{}
	if !clean {
		var err error
		if prev, hadPrev, err = s.stored(d.ID); err != nil {
			return evaluation{}, err
		}
		if dec, err = s.decisions(d.ID); err != nil {
			return evaluation{}, err
		}
	}
	old := map[string]*Hit{}
	for i := range prev.Hits {
		old[prev.Hits[i].Key] = &prev.Hits[i]
	}
	var fresh []Hit
	var alerts []alertRec
	for _, f := range found {
		h := Hit{Key: HitKey(f.List, f.EntryID), List: f.List, EntryID: f.EntryID, Name: f.Name, MatchedName: f.MatchedName,
			QueryName: f.QueryName, Score: f.Score, Reasons: f.Reasons, FirstSeen: now}
		if e := sn.entries[h.Key]; e != nil {
			h.Programs, h.Countries, h.Kind = e.Programs, e.Countries, e.Kind
		}
		p, seen := old[h.Key]
		if seen {
			h.FirstSeen, h.Decisions = p.FirstSeen, p.Decisions
		}
		if a, ok := dec[h.Key]; ok {
			h.FirstSeen, h.Decisions = a.FirstSeen, a.Decisions
			seen = true
		}
		r.Hits = append(r.Hits, h)
		if !seen {
			fresh = append(fresh, h)
			alerts = append(alerts, newAlert(d, h, now))
		}
	}
	keepConfirmed(&r, &prev.Result, dec) // whatever the lists say now
	return evaluation{r: r, fresh: fresh, alerts: alerts, prev: prev, hadPrev: hadPrev}, nil
}

// decisions loads the decisions taken on a dossier's hits, by key.
func (s *Service) decisions(dossierID string) (map[string]archived, error) {
	dec := map[string]archived{}
	if err := s.st.GetRecord(kindDecisions, dossierID, &dec); err != nil && !errs.Is(err, errs.NotFound) {
		return nil, err
	}
	return dec, nil
}

// Result returns the screening result of a dossier, errs.NotFound if it
// was never screened: its own record, with the lists and date of the last
// whole-book re-screen that found the same hits (see bookRecord).
func (s *Service) Result(dossierID string) (Result, error) {
	own, found, err := s.stored(dossierID)
	if err != nil {
		return Result{}, err
	}
	if !found {
		return Result{}, errs.New(errs.NotFound, "customer %s has not been screened yet", dossierID).
			WithKey("err.notScreened", "id", dossierID)
	}
	b, err := s.book()
	if err != nil {
		return Result{}, err
	}
	r := b.effective(own)
	// A re-screen running while someone decided may have stored the hit
	// without the decision: the decisions record is the truth.
	dec, err := s.decisions(dossierID)
	if err != nil {
		return r, err
	}
	for i := range r.Hits {
		if a, ok := dec[r.Hits[i].Key]; ok {
			r.Hits[i].FirstSeen, r.Hits[i].Decisions = a.FirstSeen, a.Decisions
		}
	}
	if r.Hits == nil {
		r.Hits = []Hit{}
	}
	return r, nil
}

// Decide records a person's verdict on a hit: true_match or
// false_positive, with the reason (required), and acknowledges the hit's
// open alerts in the decider's name. Earlier decisions are kept. Who may
// decide is the caller's rule (credit.Service.DecideHit checks roles).
// Unknown verdicts and missing reasons return errs.Invalid; an unknown
// dossier or hit errs.NotFound.
func (s *Service) Decide(dossierID, hitKey, verdict, reason, user string) (Result, error) {
	reason = strings.TrimSpace(reason)
	if verdict != VerdictTrueMatch && verdict != VerdictFalsePositive {
		return Result{}, errs.New(errs.Invalid, "a decision is either true_match or false_positive, not %q", verdict).
			WithKey("err.verdict", "field", "verdict")
	}
	if reason == "" {
		return Result{}, errs.New(errs.Invalid, "say why: a decision on a sanctions hit needs a reason").
			WithKey("err.reasonRequired", "field", "reason")
	}
	if user == "" {
		user = s.st.User()
	}
	s.decideMu.Lock()
	defer s.decideMu.Unlock()
	r, err := s.Result(dossierID)
	if err != nil {
		return r, err
	}
	i := slices.IndexFunc(r.Hits, func(h Hit) bool { return h.Key == hitKey })
	if i < 0 {
		return r, errs.New(errs.NotFound, "customer %s has no hit %s", dossierID, hitKey).
			WithKey("err.hitNotFound", "hit", hitKey)
	}
	h := &r.Hits[i]
	byID, _ := s.st.Person()
	h.Decisions = append(slices.Clone(h.Decisions), Decision{Verdict: verdict, By: user, ByID: byID, At: s.now().UTC(), Reason: reason})
	dec, err := s.decisions(dossierID)
	if err != nil {
		return r, err
	}
	dec[h.Key] = archived{FirstSeen: h.FirstSeen, Decisions: h.Decisions}
	if err := s.st.PutRecord(kindDecisions, dossierID, dec); err != nil {
		return r, err
	}
	own, _, err := s.stored(dossierID)
	if err != nil {
		return r, err
	}
	// r carries the book's lists and date when the book spoke for it: still
	// true once stored; a customer the book left out stays left out.
	if err := s.st.PutRecord(kindResult, dossierID, storedResult{Result: r, Held: own.Held}); err != nil {
		return r, err
	}
	// The alert asked for this decision: it is answered.
	if err := s.closeAlerts(dossierID, hitKey, user); err != nil {
		return r, err
	}
	return r, nil
}

func newAlert(d *dossier.Dossier, h Hit, now time.Time) alertRec {
	id, err := uuid.NewV7()
	if err != nil {
		id = uuid.New()
	}
	en, zh := SourceName(h.List)
	name := d.DisplayName()
	return alertRec{Alert: Alert{
		ID: id.String(), Kind: "sanctions_hit", DossierID: d.ID, Name: name, Severity: "high", HitKey: h.Key, CreatedAt: now,
		EN: fmt.Sprintf("New possible sanctions match: customer %q resembles %q on the %s (entry %s, score %.2f). Review the hit and record whether it is a true match or a false positive before trading further.",
			name, h.Name, en, h.EntryID, h.Score),
		ZH: fmt.Sprintf("新的疑似制裁名单命中：客户“%s”与%s中的“%s”相似（条目 %s，得分 %.2f）。请在继续交易前核查该命中，并记录是真实命中还是误报。",
			name, zh, h.Name, h.EntryID, h.Score),
	}}
}
