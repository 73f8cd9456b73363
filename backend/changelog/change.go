// Package changelog is the vocabulary of sync: a Change (one field of one
// record, or a tombstone), a Cursor that resumes a pull exactly, the Log
// interface a device store and a sync server both implement, the registry
// saying how each record kind is shared, and the merge rule every log
// applies. It imports nothing but the standard library and hlc, so a
// server can use it without Badger.
package changelog

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"credence/backend/hlc"
)

// Version identifies one write: its HLC, the device id breaking ties.
type Version struct {
	HLC    hlc.Timestamp `json:"hlc"`
	Device string        `json:"device,omitempty"`
}

// Less orders versions: by HLC, then by device id.
func (v Version) Less(o Version) bool {
	if v.HLC != o.HLC {
		return v.HLC.Less(o.HLC)
	}
	return v.Device < o.Device
}

// IsZero reports a version never set (nothing seen).
func (v Version) IsZero() bool { return v.HLC.IsZero() && v.Device == "" }

func (v Version) String() string { return v.HLC.String() + "/" + v.Device }

// Change is one entry of the log: a field of a record set (Value) or
// removed (Deleted), or, with Field "", a whole record: its value for
// SharedAppend kinds, its tombstone (Deleted) for any shared kind.
type Change struct {
	ID      string          `json:"id"` // idempotency key across devices and the server
	Kind    string          `json:"kind"`
	Entity  string          `json:"entity"`
	Field   string          `json:"field,omitempty"`
	Value   json.RawMessage `json:"value,omitempty"`
	Deleted bool            `json:"deleted,omitempty"`
	HLC     hlc.Timestamp   `json:"hlc"`
	Device  string          `json:"device"`
	Seq     uint64          `json:"seq"` // per-device: 1, 2, 3 … without gaps
	User    string          `json:"user,omitempty"`
	// Base is the version of this field the writer had when it wrote (zero
	// when it had none): what tells a concurrent edit from a later one.
	Base Version `json:"base,omitzero"`
	// Sig is the writing device's signature of a change to people, roles
	// or device grants (syncproto.ChangeMessage), made when it is pushed:
	// whoever relayed it, another device can tell who wrote it.
	Sig []byte `json:"sig,omitempty"`
	// Refused, set by the receiving side before Apply, is why this change
	// is not to be believed (a device writing beyond its role): Apply keeps
	// it in the log, as a loser, without touching any record.
	Refused string `json:"-"`
}

// Version is the change's own version.
func (c Change) Version() Version { return Version{HLC: c.HLC, Device: c.Device} }

// Check rejects a change no log may store.
func (c Change) Check() error {
	switch {
	case c.ID == "" || c.Kind == "" || c.Entity == "" || c.Device == "" || c.Seq == 0 || c.HLC.IsZero():
		return fmt.Errorf("change %q: id, kind, entity, device, seq and hlc are required", c.ID)
	case c.Deleted && len(c.Value) > 0:
		return fmt.Errorf("change %s: a deletion carries no value", c.ID)
	case !c.Deleted && !json.Valid(c.Value):
		return fmt.Errorf("change %s: value is not JSON", c.ID)
	}
	pol, err := PolicyOf(c.Kind)
	if err != nil {
		return err
	}
	if !pol.Carried() {
		return fmt.Errorf("change %s: kind %s is %s and never carried", c.ID, c.Kind, pol)
	}
	if pol == SharedField && c.Field == "" && !c.Deleted {
		return fmt.Errorf("change %s: a %s record is written field by field", c.ID, c.Kind)
	}
	if c.Kind == KindDossier && c.Field == "" {
		return fmt.Errorf("change %s: dossiers are archived, never deleted", c.ID)
	}
	if pol == SharedAppend && c.Field != "" {
		return fmt.Errorf("change %s: a %s record is written whole", c.ID, c.Kind)
	}
	return nil
}

// NewID is a random change id (128 bits, hex).
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("changelog: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

// Cursor is how far a reader got: the last sequence number it holds of
// every device. Sequences have no gaps in a log (Apply defers a change
// whose predecessor is missing), so two devices writing at the same HLC
// are never skipped and a pull resumes exactly.
type Cursor map[string]uint64

// Clone copies c.
func (c Cursor) Clone() Cursor {
	out := make(Cursor, len(c))
	for k, v := range c {
		out[k] = v
	}
	return out
}

// ApplyResult says what Apply did with a batch.
type ApplyResult struct {
	Applied    int `json:"applied"`
	Duplicates int `json:"duplicates"` // already held (same device and seq): ignored
	// Deferred changes came before their device's previous one: not
	// stored; the sender sends them again after the gap is filled.
	Deferred int `json:"deferred"`
	// Refused changes were marked so by the caller: logged, not applied.
	Refused   int        `json:"refused,omitempty"`
	Conflicts []Conflict `json:"conflicts,omitempty"`
	// Touched are the records whose visible state changed, for the caller
	// to re-derive what depends on them (latest assessment, alerts …).
	Touched []Ref `json:"touched,omitempty"`
}

// Ref names one record.
type Ref struct {
	Kind   string `json:"kind"`
	Entity string `json:"entity"`
}

// Log is a store of changes: a device's workspace or a sync server.
type Log interface {
	// Changes returns up to limit changes (all when limit <= 0) the cursor
	// has not seen, oldest HLC first, and the cursor after them.
	Changes(cur Cursor, limit int) ([]Change, Cursor, error)
	// Apply stores changes from elsewhere, merging them into the records.
	// Applying a change twice, or in another order, gives the same state.
	Apply(changes []Change) (ApplyResult, error)
}

// StateReader reads a record as the log has merged it: field → JSON for
// field-level kinds, "" → the whole value for append-only ones. ok is
// false for a record absent or deleted. Tests compare replicas with it.
type StateReader interface {
	Entity(kind, id string) (fields map[string]json.RawMessage, ok bool, err error)
}
