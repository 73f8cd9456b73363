package store

import (
	"encoding/json"
	"testing"

	"credence/backend/changelog"
	"credence/backend/hlc"
)

// What Apply refuses after an erasure, whichever order changes arrive in.
func TestErasureRefuses(t *testing.T) {
	at := hlc.Timestamp{Wall: 2000}
	set := newErasureSet()
	set.add(Erasure{What: ErasedDossier, DossierID: "gone"})
	set.add(Erasure{What: ErasedContact, DossierID: "kept", ContactID: "c1", Fields: []string{"notes"}, HLC: at.String()})
	visit, _ := json.Marshal(map[string]string{"id": "v1", "dossier_id": "gone"})
	other, _ := json.Marshal(map[string]string{"id": "v2", "dossier_id": "kept"})
	for _, tc := range []struct {
		name string
		c    changelog.Change
		want bool
	}{
		{"any field of an erased customer", changelog.Change{Kind: changelog.KindDossier, Entity: "gone", Field: "status"}, true},
		{"its visit", changelog.Change{Kind: "visit", Entity: "v1", Value: visit}, true},
		{"its screening result", changelog.Change{Kind: "screen_decisions", Entity: "gone/x"}, true},
		{"its invoices stay", changelog.Change{Kind: "ar_invoice", Entity: "gone/inv1"}, false},
		{"the audit trail stays", changelog.Change{Kind: "audit", Entity: "gone"}, false},
		{"another customer's visit", changelog.Change{Kind: "visit", Entity: "v2", Value: other}, false},
		{"the erased contact", changelog.Change{Kind: changelog.KindDossier, Entity: "kept", Field: "contacts/c1", HLC: hlc.Timestamp{Wall: 9000}}, true},
		{"another contact", changelog.Change{Kind: changelog.KindDossier, Entity: "kept", Field: "contacts/c2"}, false},
		{"an older edit of a rewritten note", changelog.Change{Kind: changelog.KindDossier, Entity: "kept", Field: "notes", HLC: hlc.Timestamp{Wall: 1000}}, true},
		{"a newer edit of it", changelog.Change{Kind: changelog.KindDossier, Entity: "kept", Field: "notes", HLC: hlc.Timestamp{Wall: 3000}}, false},
		{"a field the erasure did not touch", changelog.Change{Kind: changelog.KindDossier, Entity: "kept", Field: "status", HLC: hlc.Timestamp{Wall: 1000}}, false},
	} {
		if got := set.refuses(tc.c); got != tc.want {
			t.Errorf("%s: refused %v, want %v", tc.name, got, tc.want)
		}
	}
}
