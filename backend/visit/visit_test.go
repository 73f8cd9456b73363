package visit

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"credence/backend/errs"
)

// answerAll answers every required item of the visit's template well,
// with the photos asked for.
func answerAll(t *testing.T, s *Service, v Visit) Visit {
	t.Helper()
	tpl, err := s.Template(v.TemplateID, v.TemplateVersion)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range tpl.Items() {
		if !it.Required {
			continue
		}
		val := map[ItemType]string{TypePassFail: "pass", TypeYesNo: it.good(), TypeNumber: "12", TypeText: "seen", TypeDate: "2026-03-14"}[it.Type]
		if it.Type == TypeChoice {
			val = it.Choices[0].Value
		}
		if val != "" {
			if v, err = s.Answer(v.ID, Answer{ItemID: it.ID, Value: val}); err != nil {
				t.Fatalf("%s: %v", it.ID, err)
			}
		}
		for i := 0; i < max(it.MinPhotos, b2i(it.Type == TypePhoto)); i++ {
			if v, err = s.AddPhoto(v.ID, it.ID, fmt.Sprintf("%s-%d.jpg", it.ID, i), jpeg, time.Time{}, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestStart(t *testing.T) {
	s, dossierID := newService(t)
	v, err := s.Start(dossierID, BuiltInWarehouse, "", "2026-03-12")
	if err != nil {
		t.Fatal(err)
	}
	if v.Visitor != "李雷" || v.Status != StatusInProgress || v.Date != "2026-03-12" || v.Answers == nil || v.Signatures == nil || v.StartedAt.IsZero() {
		t.Fatalf("%+v", v)
	}
	got, err := s.Visit(v.ID)
	if err != nil || got.ID != v.ID || got.TemplateVersion != 1 {
		t.Fatalf("%+v %v", got, err)
	}
	wantCode(t, func() error { _, err := s.Start("no-such-dossier", BuiltInOffice, "", ""); return err }(), errs.NotFound)
	wantCode(t, func() error { _, err := s.Start(dossierID, "no-such-template", "", ""); return err }(), errs.NotFound)
	wantCode(t, func() error { _, err := s.Start(dossierID, BuiltInOffice, "", "14/03/2026"); return err }(), errs.Invalid)
	wantCode(t, func() error { _, err := s.Visit("nope"); return err }(), errs.NotFound)
	wantCode(t, func() error { _, err := s.Visit("a/b"); return err }(), errs.NotFound)
}

func TestAnswerChecksTheValue(t *testing.T) {
	s, dossierID := newService(t)
	tpl := scoreTemplate()
	tpl.ID = ""
	tpl, err := s.SaveTemplate(tpl, "")
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Start(dossierID, tpl.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		item, value string
		ok          bool
	}{
		{"p1", "pass", true}, {"p1", "fail", true}, {"p1", "na", true}, {"p1", "yes", false}, {"p1", "PASS", false},
		{"y1", "yes", true}, {"y1", "no", true}, {"y1", "pass", false},
		{"n1", "12", true}, {"n1", " 12.5 ", true}, {"n1", "-3", true}, {"n1", "twelve", false}, {"n1", "NaN", false}, {"n1", "Inf", false}, {"n1", "0x10", false}, {"n1", "1,200", false},
		{"c1", "mid", true}, {"c1", "excellent", false},
		{"d1", "2026-02-28", true}, {"d1", "2026-02-30", false}, {"d1", "28.02.2026", false},
		{"t1", "王经理（总经理）", true}, {"t1", strings.Repeat("x", maxAnswerText+1), false},
	}
	for _, c := range cases {
		_, err := s.Answer(v.ID, Answer{ItemID: c.item, Value: c.value})
		if c.ok && err != nil {
			t.Errorf("%s=%q refused: %v", c.item, c.value, err)
		}
		if !c.ok {
			if e := wantCode(t, err, errs.Invalid); e.Key != "err.answerInvalid" || e.Params["item"] != c.item {
				t.Errorf("%s=%q: %v %v", c.item, c.value, e.Key, e.Params)
			}
		}
	}
	e := wantCode(t, func() error { _, err := s.Answer(v.ID, Answer{ItemID: "zz", Value: "pass"}); return err }(), errs.Invalid)
	if e.Key != "err.itemNotFound" {
		t.Fatal(e.Key)
	}
	s.Answer(v.ID, Answer{ItemID: "n1", Value: " 12.5 "})
	got, _ := s.Visit(v.ID)
	if got.Answers["n1"].Value != "12.5" || got.Answers["n1"].By != "李雷" || got.Answers["n1"].At.IsZero() {
		t.Fatalf("answer not kept as typed: %+v", got.Answers["n1"])
	}
	// A photo id that is not the dossier's file is refused; an empty answer clears.
	wantCode(t, func() error {
		_, err := s.Answer(v.ID, Answer{ItemID: "ph", Photos: []string{"forged"}})
		return err
	}(), errs.Invalid)
	v, err = s.Answer(v.ID, Answer{ItemID: "p1", Value: ""})
	if _, ok := v.Answers["p1"]; ok || err != nil {
		t.Fatalf("clearing: %v %v", v.Answers["p1"], err)
	}
}

func TestPhotosAreEvidence(t *testing.T) {
	s, dossierID := newService(t)
	v, err := s.Start(dossierID, BuiltInOffice, "", "")
	if err != nil {
		t.Fatal(err)
	}
	taken := time.Date(2026, 3, 14, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	v, err = s.AddPhoto(v.ID, "signage_name", "sign.jpg", jpeg, taken, "张伟")
	if err != nil {
		t.Fatal(err)
	}
	a := v.Answers["signage_name"]
	if len(a.Photos) != 1 || a.Value != "" {
		t.Fatalf("%+v", a)
	}
	info := v.Photos[a.Photos[0]]
	if info.ItemID != "signage_name" || !info.TakenAt.Equal(taken) || info.By != "张伟" || info.Name != "sign.jpg" {
		t.Fatalf("%+v", info)
	}
	att, data, err := s.st.Attachment(dossierID, a.Photos[0])
	if err != nil || att.Kind != "site" || string(data) != string(jpeg) || att.Mime != "image/jpeg" {
		t.Fatalf("attachment %+v %v", att, err)
	}
	// Answering later keeps the photo (nil Photos keeps them).
	v, err = s.Answer(v.ID, Answer{ItemID: "signage_name", Value: "fail", Note: "sign shows a different company"})
	if err != nil || len(v.Answers["signage_name"].Photos) != 1 {
		t.Fatalf("%+v %v", v.Answers["signage_name"], err)
	}
	wantCode(t, func() error { _, err := s.AddPhoto(v.ID, "nope", "x.jpg", jpeg, taken, ""); return err }(), errs.Invalid)
	wantCode(t, func() error { _, err := s.AddPhoto(v.ID, "photo_outside", "x.jpg", nil, taken, ""); return err }(), errs.Invalid)
	d, _ := s.st.Dossier(dossierID)
	if len(d.Attachments) != 1 {
		t.Fatalf("a refused photo was attached: %d", len(d.Attachments))
	}
}

func TestSignOffEnforcesCompleteness(t *testing.T) {
	s, dossierID := newService(t)
	sig := signaturePNG(t)
	v, err := s.Start(dossierID, BuiltInOffice, "", "2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	// Bad input.
	e := wantCode(t, func() error { _, err := s.Sign(v.ID, "witness", "X", sig, ""); return err }(), errs.Invalid)
	if e.Key != "err.signatureRole" {
		t.Fatal(e.Key)
	}
	wantCode(t, func() error { _, err := s.Sign(v.ID, RoleVisitor, " ", sig, ""); return err }(), errs.Invalid)
	wantCode(t, func() error { _, err := s.Sign(v.ID, RoleVisitor, "李雷", jpeg, ""); return err }(), errs.Invalid)

	// The first signature is accepted on an incomplete visit ...
	v, err = s.Sign(v.ID, RoleVisitor, "李雷", sig, "")
	if err != nil || len(v.Signatures) != 1 || v.Status != StatusInProgress {
		t.Fatalf("%+v %v", v.Signatures, err)
	}
	// ... the second checks completeness and stores nothing when it fails.
	_, err = s.Sign(v.ID, RoleCustomer, "Hans Weber", sig, "")
	e = wantCode(t, err, errs.Invalid)
	if e.Key != "err.visitIncomplete" || !strings.Contains(e.Params["items"], "address_matches") || !strings.Contains(err.Error(), "The address visited matches the registered address: not answered") ||
		!strings.Contains(err.Error(), "Photos of the building from outside and of the sign: not answered") {
		t.Fatalf("%v %v", err, e.Params)
	}
	if got, _ := s.Visit(v.ID); len(got.Signatures) != 1 || got.Status != StatusInProgress {
		t.Fatalf("a refused signature was kept: %+v", got)
	}

	v = answerAll(t, s, v)
	if len(v.Signatures) != 0 {
		t.Fatal("changing answers after a signature must withdraw it")
	}
	// A bad answer needs its note and photo; too few photos are counted.
	v, _ = s.Answer(v.ID, Answer{ItemID: "address_matches", Value: "fail"})
	v, _ = s.Answer(v.ID, Answer{ItemID: "photo_inside", Photos: v.Answers["photo_inside"].Photos[:1]})
	if _, err := s.Sign(v.ID, RoleVisitor, "李雷", sig, ""); err != nil {
		t.Fatal(err)
	}
	_, err = s.Sign(v.ID, RoleCustomer, "Hans Weber", sig, "")
	e = wantCode(t, err, errs.Invalid)
	for _, want := range []string{"needs a note", "needs a photo", "2 photos needed, 1 taken"} {
		if !strings.Contains(err.Error(), want) {
			t.Fatalf("%q does not say %q", err, want)
		}
	}
	if e.Params["items"] != "address_matches,photo_inside" || e.Params["count"] != "3" {
		t.Fatalf("%v", e.Params)
	}
	v, _ = s.Answer(v.ID, Answer{ItemID: "address_matches", Value: "fail", Note: "registered at Hauptstr. 5, visited Nebenstr. 9"})
	v, _ = s.AddPhoto(v.ID, "address_matches", "street.jpg", jpeg, time.Time{}, "")
	v, _ = s.AddPhoto(v.ID, "photo_inside", "inside.jpg", jpeg, time.Time{}, "")

	// Both sign: locked.
	if _, err := s.Sign(v.ID, RoleCustomer, "Hans Weber", sig, ""); err != nil {
		t.Fatal(err)
	}
	v, err = s.Sign(v.ID, RoleVisitor, "李雷", sig, "")
	if err != nil || v.Status != StatusSigned || v.SignedAt.IsZero() || len(v.Signatures) != 2 {
		t.Fatalf("%+v %v", v, err)
	}
	if _, data, err := s.st.Attachment(dossierID, v.Signatures[1].AttachmentID); err != nil || string(data) != string(sig) {
		t.Fatalf("signature image: %v", err)
	}
	for name, f := range map[string]func() error{
		"answer": func() error { _, err := s.Answer(v.ID, Answer{ItemID: "remarks", Value: "x"}); return err },
		"photo":  func() error { _, err := s.AddPhoto(v.ID, "photo_inside", "x.jpg", jpeg, time.Time{}, ""); return err },
		"sign":   func() error { _, err := s.Sign(v.ID, RoleVisitor, "李雷", sig, ""); return err },
	} {
		if e := wantCode(t, f(), errs.Conflict); e.Key != "err.visitSigned" {
			t.Fatalf("%s: %s", name, e.Key)
		}
	}

	// The assessment sees the score and the failed required item with its note.
	sum, err := s.Summary(dossierID)
	if err != nil || sum == nil {
		t.Fatal(sum, err)
	}
	tpl, _ := s.Template(BuiltInOffice, 1)
	if sum.Date != "2026-03-14" || sum.Score != Scoring(tpl, v).Total || sum.Score >= 100 || sum.Score < 80 {
		t.Fatalf("%+v", sum)
	}
	if len(sum.FailedRequired) != 1 || sum.FailedRequired[0] != "The address visited matches the registered address: registered at Hauptstr. 5, visited Nebenstr. 9" {
		t.Fatalf("%q", sum.FailedRequired)
	}

	// Corrections after sign-off are new entries; the latest counts.
	wantCode(t, func() error {
		_, err := s.Correct(v.ID, Answer{ItemID: "address_matches", Value: "pass"}, " ", "")
		return err
	}(), errs.Invalid)
	wantCode(t, func() error {
		_, err := s.Correct(v.ID, Answer{ItemID: "address_matches", Value: "maybe"}, "x", "")
		return err
	}(), errs.Invalid)
	v, err = s.Correct(v.ID, Answer{ItemID: "address_matches", Value: "pass", Note: "registry updated 2026-03-20"}, "the registry lagged behind the move", "王芳")
	if err != nil || len(v.Corrections) != 1 {
		t.Fatal(err)
	}
	c := v.Corrections[0]
	if c.Old.Value != "fail" || c.New.Value != "pass" || c.By != "王芳" || c.New.By != "王芳" || c.Reason == "" || v.Answers["address_matches"].Value != "fail" {
		t.Fatalf("%+v", c)
	}
	if len(c.New.Photos) != 1 {
		t.Fatal("a correction without photos keeps the answer's photos")
	}
	if sum, _ = s.Summary(dossierID); sum.Score != 100 || len(sum.FailedRequired) != 0 {
		t.Fatalf("after correction: %+v", sum)
	}
	if s2, _ := s.Summary("other"); s2 != nil {
		t.Fatal("a dossier without visits has no summary")
	}
}

func TestCorrectNeedsSignOff(t *testing.T) {
	s, dossierID := newService(t)
	v, _ := s.Start(dossierID, BuiltInOffice, "", "")
	e := wantCode(t, func() error { _, err := s.Correct(v.ID, Answer{ItemID: "remarks", Value: "x"}, "why", ""); return err }(), errs.Conflict)
	if e.Key != "err.visitNotSigned" {
		t.Fatal(e.Key)
	}
}

func TestVisitsAndInProgress(t *testing.T) {
	s, dossierID := newService(t)
	other := mustDossier(t, s.st)
	sig := signaturePNG(t)
	old, _ := s.Start(dossierID, BuiltInOffice, "", "2025-11-02")
	recent, _ := s.Start(dossierID, BuiltInFactory, "", "2026-03-01")
	elsewhere, _ := s.Start(other, BuiltInShowroom, "", "2026-02-01")
	old = answerAll(t, s, old)
	s.Sign(old.ID, RoleVisitor, "李雷", sig, "")
	if _, err := s.Sign(old.ID, RoleCustomer, "Hans Weber", sig, ""); err != nil {
		t.Fatal(err)
	}
	s.Answer(elsewhere.ID, Answer{ItemID: "remarks", Value: "busy street"})

	vs, err := s.Visits(dossierID)
	if err != nil || len(vs) != 2 || vs[0].ID != recent.ID || vs[1].ID != old.ID {
		t.Fatalf("visits %v %v", ids(vs), err)
	}
	ip, err := s.InProgress()
	if err != nil || len(ip) != 2 || ip[0].ID != elsewhere.ID || ip[1].ID != recent.ID {
		t.Fatalf("in progress %v %v (want the last touched first)", ids(ip), err)
	}
	if vs, _ := s.Visits("none"); vs == nil || len(vs) != 0 {
		t.Fatal("no visits is an empty list")
	}
	sum, _ := s.Summary(dossierID)
	if sum == nil || sum.Date != "2025-11-02" || sum.Score != 100 {
		t.Fatalf("the latest signed visit counts, not the one in progress: %+v", sum)
	}
}

func ids(vs []Visit) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Date+" "+v.ID[:8])
	}
	return out
}

func TestConcurrentAnswersAllKept(t *testing.T) {
	s, dossierID := newService(t)
	v, _ := s.Start(dossierID, BuiltInFactory, "", "")
	tpl, _ := s.Template(BuiltInFactory, 0)
	items := tpl.Items()
	done := make(chan error)
	for _, it := range items {
		go func() {
			_, err := s.Answer(v.ID, Answer{ItemID: it.ID, Value: "na", Note: it.ID})
			done <- err
		}()
	}
	for range items {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	got, _ := s.Visit(v.ID)
	if len(got.Answers) != len(items) {
		t.Fatalf("%d of %d answers kept", len(got.Answers), len(items))
	}
	if sc := Scoring(tpl, got); sc.Progress != 1 || sc.Total != 0 || len(Missing(tpl, got)) != 0 {
		t.Fatalf("all not applicable: %+v", sc)
	}
}
