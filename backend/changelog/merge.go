package changelog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"credence/backend/hlc"
)

// FieldState is what a log keeps of the write that holds one field of a
// record (field "" is the whole record: its value for SharedAppend kinds,
// its tombstone for SharedField ones).
type FieldState struct {
	Version Version         `json:"v"`
	Base    Version         `json:"b,omitzero"`
	Deleted bool            `json:"d,omitempty"`
	Seq     uint64          `json:"s,omitempty"` // the change that wrote it (with Version.Device)
	User    string          `json:"u,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"` // a log may keep it elsewhere
}

// StateOf is the state a change leaves when it wins its field.
func StateOf(c Change) FieldState {
	return FieldState{Version: c.Version(), Base: c.Base, Deleted: c.Deleted, Seq: c.Seq, User: c.User, Value: c.Value}
}

// Saw reports whether the writer of s had seen o: its base, the newest
// version of the field it held, is not older than o. Each device's copy of
// a field only moves forward (last writer wins), so a base at or after o
// means o was seen or had already lost there.
func (s FieldState) Saw(o FieldState) bool { return !s.Base.Less(o.Version) }

// Concurrent is the definition of a conflict: neither write had seen the
// other. The later one wins; the earlier is kept for a person.
func Concurrent(a, b FieldState) bool { return !a.Saw(b) && !b.Saw(a) }

// Pair is one conflict found by Decide, before values are attached.
type Pair struct {
	Field         string // the field edited ("" for a whole append-only record)
	Winner, Loser FieldState
	// WinnerDeletes / LoserDeletes: that side is the record's tombstone.
	WinnerDeletes, LoserDeletes bool
}

// Outcome is what a change does to a record.
type Outcome struct {
	Store     bool     // the change wins its field and becomes its state
	Hide      []string // fields a winning tombstone hides
	Conflicts []Pair
}

// Decide merges change c into a record whose current states are fields
// (keyed by field, "" for tombstone or whole record; nil when new). It is
// the one merge rule: last writer wins per (kind, entity, field) by
// Version; a tombstone hides fields older than itself and a field written
// after it shows again; a concurrent loser — an edit, an edit against a
// delete, or a delete against an edit — comes back as a Pair. A field is
// visible when no tombstone is newer. It depends on the states, not on
// the order changes arrived in, so every replica converges.
func Decide(pol Policy, fields map[string]FieldState, c Change) Outcome {
	r := StateOf(c)
	tomb, hasT := fields[""]
	hasT = hasT && pol == SharedField && tomb.Deleted
	visible := func(s FieldState) bool { return !hasT || tomb.Version.Less(s.Version) }
	var out Outcome
	if pol == SharedField && c.Field == "" { // a tombstone
		if hasT && !tomb.Version.Less(r.Version) {
			return out // an earlier delete of what is already deleted
		}
		out.Store = true
		for f, s := range fields {
			if f == "" || !visible(s) {
				continue
			}
			if s.Version.Less(r.Version) {
				out.Hide = append(out.Hide, f)
				if Concurrent(s, r) {
					out.Conflicts = append(out.Conflicts, Pair{Field: f, Winner: r, Loser: s, WinnerDeletes: true})
				}
			} else if Concurrent(s, r) {
				out.Conflicts = append(out.Conflicts, Pair{Field: f, Winner: s, Loser: r, LoserDeletes: true})
			}
		}
		return out
	}
	cur, has := fields[c.Field]
	if has && cur.Version == r.Version {
		return out
	}
	if has && r.Version.Less(cur.Version) { // loses its field
		switch {
		case visible(cur) && Concurrent(cur, r):
			out.Conflicts = append(out.Conflicts, Pair{Field: c.Field, Winner: cur, Loser: r})
		case !visible(cur) && Concurrent(tomb, r):
			out.Conflicts = append(out.Conflicts, Pair{Field: c.Field, Winner: tomb, Loser: r, WinnerDeletes: true})
		}
		return out
	}
	out.Store = true
	if has && visible(cur) && Concurrent(cur, r) {
		out.Conflicts = append(out.Conflicts, Pair{Field: c.Field, Winner: r, Loser: cur})
	}
	if hasT && Concurrent(tomb, r) {
		if visible(r) { // the record comes back with this field
			out.Conflicts = append(out.Conflicts, Pair{Field: c.Field, Winner: r, Loser: tomb, LoserDeletes: true})
		} else {
			out.Conflicts = append(out.Conflicts, Pair{Field: c.Field, Winner: tomb, Loser: r, WinnerDeletes: true})
		}
	}
	return out
}

// Visible filters a record's states to the fields shown: not removed and
// newer than the tombstone. ok is false when nothing is left.
func Visible(pol Policy, fields map[string]FieldState) (map[string]FieldState, bool) {
	tomb, hasT := fields[""]
	hasT = hasT && pol == SharedField && tomb.Deleted
	out := map[string]FieldState{}
	for f, s := range fields {
		if s.Deleted || (hasT && (f == "" || !tomb.Version.Less(s.Version))) {
			continue
		}
		out[f] = s
	}
	return out, len(out) > 0
}

// Side is one of the two values of a conflict.
type Side struct {
	Value   json.RawMessage `json:"value,omitempty"`
	Deleted bool            `json:"deleted,omitempty"` // the field was removed
	// RecordDeleted: this side is the deletion of the whole record.
	RecordDeleted bool    `json:"record_deleted,omitempty"`
	Version       Version `json:"version"`
	User          string  `json:"user,omitempty"`
}

// Conflict is a concurrent edit that lost, kept for a person to resolve.
type Conflict struct {
	ID       string        `json:"id"`
	Kind     string        `json:"kind"`
	Entity   string        `json:"entity"`
	Field    string        `json:"field"`
	Winner   Side          `json:"winner"` // what the record holds now
	Loser    Side          `json:"loser"`  // what was kept aside
	Detected hlc.Timestamp `json:"detected"`
}

// NewConflict describes p; the states must carry their values. Its id
// depends only on the loser, so finding it twice keeps one conflict.
func NewConflict(kind, entity string, p Pair, detected hlc.Timestamp) Conflict {
	side := func(s FieldState, rec bool) Side {
		return Side{Value: s.Value, Deleted: s.Deleted && !rec, RecordDeleted: rec, Version: s.Version, User: s.User}
	}
	h := sha256.Sum256([]byte(kind + "\x00" + entity + "\x00" + p.Field + "\x00" + p.Loser.Version.String()))
	return Conflict{ID: hex.EncodeToString(h[:12]), Kind: kind, Entity: entity, Field: p.Field,
		Winner: side(p.Winner, p.WinnerDeletes), Loser: side(p.Loser, p.LoserDeletes), Detected: detected}
}
