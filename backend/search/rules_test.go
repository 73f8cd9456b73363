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
// dossier gives) or the snapshot's layout does; and when package gen's
// book does, which needs the new digest only (pinned without a version
// bump when gen alone changed, as for the book of realistic dossiers).
const snapRulesDigest = "a74c74a729a05b47076734f963229ab57d376b8d5a4d9d33e8c69c0ee5c5c130"

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
