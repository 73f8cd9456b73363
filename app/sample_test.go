package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"credence/backend/sample"
	"credence/backend/search"
)

func TestSampleWorkspace(t *testing.T) {
	ws, ds, _, _ := services(t)
	about := NewAboutService(ws.sess, ws)
	real := ws.Status().Dir
	if a := about.About(); a.Sample || a.Workspace != real || a.Version != "dev" || a.DefaultWorkspace == "" {
		t.Fatalf("about before: %+v", a)
	}

	st, err := about.OpenSample("en")
	if err != nil {
		t.Fatal(err)
	}
	if !st.Exists || !st.Unlocked || st.Language != "en" || !strings.Contains(st.Firm, "sample") || st.Dir == real {
		t.Fatalf("status in the sample: %+v", st)
	}
	a := about.About()
	if !a.Sample || a.Workspace != st.Dir {
		t.Fatalf("about in the sample: %+v", a)
	}
	res, err := ds.List(search.Query{Text: sample.HitName})
	if err != nil || res.Total != 1 {
		t.Fatalf("list in the sample: %+v %v", res, err)
	}
	if again, err := about.OpenSample("en"); err != nil || again.Dir != st.Dir {
		t.Fatalf("second open: %+v %v", again, err)
	}

	back, err := about.LeaveSample()
	if err != nil {
		t.Fatal(err)
	}
	if back.Dir != real || back.Exists || back.Unlocked {
		t.Fatalf("status after leaving: %+v", back)
	}
	if _, err := os.Stat(filepath.Dir(st.Dir)); !os.IsNotExist(err) {
		t.Fatalf("the sample folder is still there: %v", err)
	}
	if _, err := ds.List(search.Query{}); err == nil {
		t.Fatal("listing works with no workspace open")
	}

	// Closing the app in the sample deletes it too.
	st, err = about.OpenSample("zh-CN")
	if err != nil || st.Language != "zh-CN" {
		t.Fatalf("%+v %v", st, err)
	}
	about.shutdown(context.Background())
	if _, err := os.Stat(filepath.Dir(st.Dir)); !os.IsNotExist(err) {
		t.Fatalf("the sample folder outlived the app: %v", err)
	}
}
