package main

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"credence/backend/visit"
)

// TestCLIWalksAVisit: a visit started, answered, photographed and signed
// from a script, with the app's rules: sign-off is refused while items are
// missing, the second signature locks it, and nothing changes after.
func TestCLIWalksAVisit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ws")
	const pass = "visit by script passphrase"
	run := func(args ...string) (string, string, int) {
		return cli(t, pass, append([]string{"--dir", dir}, args...)...)
	}
	if _, e, c := run("init", "--firm", "宁波出口", "--user", "李雷", "--lang", "zh-CN"); c != 0 {
		t.Fatalf("init: %s", e)
	}
	out, _, _ := run("dossier", "add", "--latin-name", "Hansa Lichttechnik GmbH", "--country", "DE")
	dossierID := strings.Fields(out)[0]
	out, e, c := run("visit", "start", dossierID, "--template", "builtin-warehouse", "--date", "2026-11-20")
	if c != 0 {
		t.Fatalf("start: %s", e)
	}
	visitID := strings.TrimSpace(out)
	dir2 := t.TempDir()
	photo := filepath.Join(dir2, "dock.jpg")
	sig := filepath.Join(dir2, "sig.png")
	writeImage(t, photo, false)
	writeImage(t, sig, true)

	// Refused while incomplete.
	if _, e, c := run("visit", "sign", visitID, "visitor", "李雷", "--png", sig); c != 0 {
		t.Fatalf("the first signature may come early: %s", e)
	}
	if _, e, c := run("visit", "sign", visitID, "customer", "Jonas Brandt", "--png", sig); c == 0 {
		t.Fatalf("sign-off of an empty visit was accepted: %s", e)
	}
	// A wrong value for an item's type is refused with a sentence.
	var tpl visit.Template
	js, _, _ := run("visit", "show", visitID, "--json")
	var shown struct {
		Template visit.Template `json:"template"`
	}
	if err := json.Unmarshal([]byte(js), &shown); err != nil {
		t.Fatalf("show --json: %v", err)
	}
	tpl = shown.Template
	for _, sec := range tpl.Sections {
		for _, it := range sec.Items {
			var value string
			switch it.Type {
			case visit.TypePassFail:
				value = "pass"
			case visit.TypeYesNo:
				value = "yes"
				if it.GoodAnswer != "" {
					value = it.GoodAnswer
				}
			case visit.TypeNumber:
				value = "12"
				if it.Expected != nil {
					value = strconv.FormatFloat(*it.Expected, 'f', -1, 64)
				}
			case visit.TypeChoice:
				value = it.Choices[len(it.Choices)-1].Value
				for _, ch := range it.Choices {
					if ch.Score == 1 {
						value = ch.Value
					}
				}
			case visit.TypeDate:
				value = "2026-11-20"
			case visit.TypeText:
				value = "整洁，库存与申报一致"
			}
			if value != "" {
				if _, e, c := run("visit", "answer", visitID, it.ID, value); c != 0 {
					t.Fatalf("answer %s=%s: %s", it.ID, value, e)
				}
			}
			for i := 0; i < max(it.MinPhotos, btoi(it.Type == visit.TypePhoto)); i++ {
				if _, e, c := run("visit", "photo", visitID, it.ID, photo); c != 0 {
					t.Fatalf("photo %s: %s", it.ID, e)
				}
			}
		}
	}
	if _, e, c := run("visit", "answer", visitID, tpl.Sections[0].Items[0].ID, "not-a-value-of-this-type-123"); c == 0 && tpl.Sections[0].Items[0].Type != visit.TypeText {
		t.Fatalf("a value of the wrong type was accepted: %s", e)
	}
	// Answering after the first signature withdrew it: sign both again.
	for _, s := range [][]string{{"visitor", "李雷"}, {"customer", "Jonas Brandt"}} {
		out, e, c := run("visit", "sign", visitID, s[0], s[1], "--png", sig)
		if c != 0 {
			t.Fatalf("sign %s: %s", s[0], e)
		}
		if s[0] == "customer" && !strings.Contains(out, "locked") {
			t.Fatalf("the second signature did not lock the visit: %s", out)
		}
	}
	if _, _, c := run("visit", "answer", visitID, tpl.Sections[0].Items[0].ID, "fail"); c == 0 {
		t.Fatal("a signed visit was changed")
	}
	js, _, _ = run("visit", "show", visitID, "--json")
	var done struct {
		Visit visit.Visit `json:"visit"`
	}
	json.Unmarshal([]byte(js), &done)
	if !done.Visit.Signed() || len(done.Visit.Signatures) != 2 {
		t.Fatalf("visit after sign-off: %+v", done.Visit)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// writeImage writes a small real image: a JPEG photo or a PNG signature.
func writeImage(t *testing.T, path string, signature bool) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for x := 0; x < 120; x++ {
		for y := 0; y < 60; y++ {
			c := color.RGBA{uint8(x * 2), uint8(y * 4), 120, 255}
			if signature {
				c = color.RGBA{255, 255, 255, 255}
				if y == 30+x%7 {
					c = color.RGBA{0, 0, 0, 255}
				}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	var err error
	if signature {
		err = png.Encode(&b, img)
	} else {
		err = jpeg.Encode(&b, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
