package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"credence/backend/gen"
)

// snapRulesDigest is the SHA-256 of the snapshot of an index of a fixed
// generated book. It changes when anything that decides what the index
// holds changes (folding, compacting, duplicate keys, grams, the row a
// dossier gives) or the snapshot's layout does.
const snapRulesDigest = "ace38baae8f2ba9b811e575d6d1e6e2240027bedb108209126e34a0112478ce7"

// TestSnapshotVersionFollowsTheRules: a snapshot written by an older build
// is read only if the index would hold the same things today. When this
// fails, bump snapVersion in snapshot.go (older snapshots are then rebuilt
// from the dossiers, not read) and set snapRulesDigest to the digest shown.
func TestSnapshotVersionFollowsTheRules(t *testing.T) {
	ix := NewIndex()
	for _, d := range gen.Dossiers(300, 1) {
		ix.Put(d)
	}
	var b bytes.Buffer
	if err := ix.WriteSnapshot(&b); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b.Bytes())
	if got := hex.EncodeToString(sum[:]); got != snapRulesDigest {
		t.Fatalf("the index's rules or the snapshot's layout changed (digest %s, pinned %s): bump snapVersion in snapshot.go and pin the new digest", got, snapRulesDigest)
	}
}
