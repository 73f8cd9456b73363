// Package audit keeps the workspace's audit trail: who saw, exported,
// printed, backed up, decided, changed a role or deleted what, on which
// device and when. Entries are append-only and chained by hash per device
// (each entry carries the hash of the one before it on that device), so a
// removed, reordered or edited entry is found by Verify. One chain per
// device, not one for the workspace: devices record offline at the same
// time, and a single chain would fork at every sync.
//
// Entries name people and customers by id, never by value: an erasure
// (privacy law) removes the customer's data and leaves the trail intact.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"credence/backend/errs"
)

// Record kinds in the store. Entries are shared (append-only: sync carries
// them); the head is this device's own note of its last entry, which is
// what finds a chain cut short at its end.
const (
	KindEntry = "audit"
	KindHead  = "audit_head"
)

// Action is what was done.
type Action string

// Actions recorded.
const (
	View              Action = "view"
	ExportPDF         Action = "export_pdf"
	ExportJSON        Action = "export_json"
	ExportXLSX        Action = "export_xlsx"
	Print             Action = "print"
	Backup            Action = "backup"
	Restore           Action = "restore"
	RoleChange        Action = "role_change"
	ScreeningDecision Action = "screening_decision"
	Approval          Action = "approval"
	Rejection         Action = "rejection"
	Deletion          Action = "deletion"
	Erasure           Action = "erasure"
	SubjectExport     Action = "subject_export"
	Retention         Action = "retention"
)

// Actions lists every action, for filters.
var Actions = []Action{View, ExportPDF, ExportJSON, ExportXLSX, Print, Backup, Restore, RoleChange,
	ScreeningDecision, Approval, Rejection, Deletion, Erasure, SubjectExport, Retention}

// Entry is one line of the trail.
type Entry struct {
	Device  string    `json:"device"`
	Seq     uint64    `json:"seq"` // 1, 2, 3… per device
	At      time.Time `json:"at"`
	User    string    `json:"user"` // user id
	Action  Action    `json:"action"`
	Subject string    `json:"subject,omitempty"` // what it is about: a dossier id, a user id, a file kind
	Detail  string    `json:"detail,omitempty"`  // no personal data: ids, counts, formats
	Prev    string    `json:"prev"`              // hash of the device's previous entry ("" for the first)
	Hash    string    `json:"hash"`
}

// ID is the entry's record id: device, then the sequence zero-padded, so
// a scan reads each chain in order.
func (e Entry) ID() string { return fmt.Sprintf("%s/%012d", e.Device, e.Seq) }

func (e Entry) digest() string {
	e.Hash = ""
	b, _ := json.Marshal(e)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Records is what the trail needs of the store.
type Records interface {
	PutRecords(kind string, recs map[string]any) error
	GetRecord(kind, id string, v any) error
	ScanRecords(kind, prefix string, fn func(id string, value []byte) error) error
}

type head struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

// Trail records and reads the audit trail of one workspace on one device.
type Trail struct {
	st     Records
	device string
	now    func() time.Time
	mu     sync.Mutex
	last   head
}

// Open returns the trail of device, continuing its chain.
func Open(st Records, device string, now func() time.Time) (*Trail, error) {
	if now == nil {
		now = time.Now
	}
	t := &Trail{st: st, device: device, now: now}
	err := st.GetRecord(KindHead, device, &t.last)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("open audit trail: %w", err)
	}
	// A crash between an entry and its head leaves the head behind: catch
	// up, or the next entry would overwrite the one written last.
	for {
		var e Entry
		err := st.GetRecord(KindEntry, Entry{Device: device, Seq: t.last.Seq + 1}.ID(), &e)
		if errs.Is(err, errs.NotFound) {
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("open audit trail: %w", err)
		}
		t.last = head{Seq: e.Seq, Hash: e.Hash}
	}
}

// Record appends an entry by user.
func (t *Trail) Record(user string, action Action, subject, detail string) (Entry, error) {
	if strings.TrimSpace(user) == "" || action == "" {
		return Entry{}, errs.New(errs.Invalid, "an audit entry needs who and what")
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e := Entry{Device: t.device, Seq: t.last.Seq + 1, At: t.now().UTC(), User: user, Action: action,
		Subject: subject, Detail: detail, Prev: t.last.Hash}
	e.Hash = e.digest()
	// Two kinds, two writes: the entry first, so a crash between them
	// leaves an entry the head has not caught up with (Verify accepts a
	// head one behind), never a head pointing at nothing.
	if err := t.st.PutRecords(KindEntry, map[string]any{e.ID(): e}); err != nil {
		return Entry{}, fmt.Errorf("record %s: %w", action, err)
	}
	next := head{Seq: e.Seq, Hash: e.Hash}
	if err := t.st.PutRecords(KindHead, map[string]any{t.device: next}); err != nil {
		return Entry{}, fmt.Errorf("record %s: %w", action, err)
	}
	t.last = next
	return e, nil
}

// Last is this device's newest entry; ok is false when it has none.
func (t *Trail) Last() (e Entry, ok bool, err error) {
	t.mu.Lock()
	seq := t.last.Seq
	t.mu.Unlock()
	if seq == 0 {
		return e, false, nil
	}
	if err := t.st.GetRecord(KindEntry, Entry{Device: t.device, Seq: seq}.ID(), &e); err != nil {
		return e, false, fmt.Errorf("read audit trail: %w", err)
	}
	return e, true, nil
}

// Filter selects entries; zero fields match everything.
type Filter struct {
	User, Subject, Device string
	Actions               []Action
	From, To              time.Time // To exclusive
}

func (f Filter) match(e Entry) bool {
	if f.User != "" && e.User != f.User || f.Subject != "" && e.Subject != f.Subject || f.Device != "" && e.Device != f.Device {
		return false
	}
	if len(f.Actions) > 0 {
		ok := false
		for _, a := range f.Actions {
			ok = ok || a == e.Action
		}
		if !ok {
			return false
		}
	}
	return (f.From.IsZero() || !e.At.Before(f.From)) && (f.To.IsZero() || e.At.Before(f.To))
}

// List returns the matching entries, newest first.
func (t *Trail) List(f Filter) ([]Entry, error) {
	var out []Entry
	err := t.st.ScanRecords(KindEntry, "", func(_ string, v []byte) error {
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil {
			return nil // Verify reports it
		}
		if f.match(e) {
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read audit trail: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.After(out[j].At)
		}
		return out[i].ID() > out[j].ID()
	})
	return out, nil
}

// Problem is one break in a chain.
type Problem struct {
	Device string `json:"device"`
	Seq    uint64 `json:"seq"`
	What   string `json:"what"` // edited, missing, damaged, cut
}

// Verify walks every device's chain: an entry whose hash does not match
// its content was edited; a sequence gap or a previous-hash mismatch means
// entries were removed or replaced; this device's chain ending before its
// head means its last entries were removed.
func (t *Trail) Verify() ([]Problem, error) {
	var probs []Problem
	type tail struct {
		seq  uint64
		hash string
	}
	ends := map[string]tail{}
	err := t.st.ScanRecords(KindEntry, "", func(id string, v []byte) error {
		dev, _, _ := strings.Cut(id, "/")
		var e Entry
		if err := json.Unmarshal(v, &e); err != nil || e.Device != dev {
			probs = append(probs, Problem{Device: dev, What: "damaged"})
			return nil
		}
		prev := ends[dev]
		switch {
		case e.digest() != e.Hash:
			probs = append(probs, Problem{Device: dev, Seq: e.Seq, What: "edited"})
		case e.Seq != prev.seq+1 || e.Prev != prev.hash:
			probs = append(probs, Problem{Device: dev, Seq: prev.seq + 1, What: "missing"})
		}
		ends[dev] = tail{e.Seq, e.Hash}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("verify audit trail: %w", err)
	}
	var h head
	if err := t.st.GetRecord(KindHead, t.device, &h); err == nil {
		if end := ends[t.device]; end.seq < h.Seq {
			probs = append(probs, Problem{Device: t.device, Seq: end.seq + 1, What: "cut"})
		}
	}
	return probs, nil
}
