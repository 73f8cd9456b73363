package workspace

import (
	"context"
	"fmt"
	"io"
	"time"

	"credence/backend/audit"
	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/screening"
	"credence/backend/store"
)

// viewWindow is how long a second look at the same dossier by the same
// person counts as the same view: the trail says who saw a customer, not
// every click between its tabs.
const viewWindow = 5 * time.Minute

// Trail is the workspace's audit trail on this device, opened on first use
// (a workspace that is never audited never reads it).
func (w *Workspace) Trail() (*audit.Trail, error) {
	w.trailOnce.Do(func() {
		w.trail, w.trailErr = audit.Open(w.st, w.st.DeviceID(), w.now)
	})
	return w.trail, w.trailErr
}

// Actor is who the trail names for what this workspace does: the id of
// the person who unlocked (their name on a workspace without people).
func (w *Workspace) Actor() string {
	id, name := w.st.Person()
	if id == "" {
		return name
	}
	return id
}

// Record appends an entry by the unlocking person. subject is a dossier
// id, a user id or a kind of file; detail holds ids, counts and formats,
// never a person's data (an erasure leaves the trail as it is).
func (w *Workspace) Record(action audit.Action, subject, detail string) error {
	if w.st.ReadOnly() {
		// A workspace open read-only (its disk full, a table damaged)
		// takes no entry; reading it, exporting and backing it up are how
		// its data is rescued, and must not fail for want of the entry.
		return nil
	}
	t, err := w.Trail()
	if err != nil {
		return err
	}
	_, err = t.Record(w.Actor(), action, subject, detail)
	return err
}

// ViewDossier reads a dossier for someone to look at, and records the
// view (once per person and dossier within viewWindow). Reads that only
// compute (lists, flags, reports' inputs) go to the store.
func (w *Workspace) ViewDossier(id string) (*dossier.Dossier, error) {
	d, err := w.st.Dossier(id)
	if err != nil {
		return nil, err
	}
	who, now := w.Actor(), w.now()
	recent := func(at time.Time) bool { return !now.Before(at) && now.Sub(at) < viewWindow }
	key := who + "\x00" + d.ID
	w.viewMu.Lock()
	last, seen := w.viewed[key]
	fresh := !seen || !recent(last)
	if fresh {
		w.viewed[key] = now
	}
	w.viewMu.Unlock()
	if fresh && !seen {
		// A process of its own (a CLI command) remembers nothing: the
		// trail's newest entry says whether this look goes on the last.
		if t, err := w.Trail(); err == nil {
			if e, ok, _ := t.Last(); ok && e.Action == audit.View && e.User == who && e.Subject == d.ID && recent(e.At) {
				fresh = false
			}
		}
	}
	if fresh {
		if err := w.Record(audit.View, d.ID, ""); err != nil {
			return nil, fmt.Errorf("record the view: %w", err)
		}
	}
	return d, nil
}

// Backup writes an encrypted backup of the workspace to path and records
// it (after it succeeded: the trail says what left, not what was tried).
func (w *Workspace) Backup(ctx context.Context, path string, progress io.Writer, opt store.BackupOptions) error {
	if progress == nil {
		progress = io.Discard
	}
	if err := w.st.BackupFileWith(ctx, path, progress, opt); err != nil {
		return err
	}
	detail := fmt.Sprintf("%d customers", w.st.Count())
	if opt.AllowDamaged {
		detail += ", damaged allowed"
	}
	return w.Record(audit.Backup, "workspace", detail)
}

// Restored records that this workspace was just restored from a backup
// (by the person who restored and unlocked it).
func (w *Workspace) Restored() error {
	return w.Record(audit.Restore, "workspace", fmt.Sprintf("%d customers", w.st.Count()))
}

// SetArchived archives or restores a dossier by by; an archive is recorded
// (restoring one out of the archive deletes nothing and is in its history).
func (w *Workspace) SetArchived(id string, archived bool, by string) (*dossier.Dossier, error) {
	d, err := w.st.SetArchived(id, archived, by)
	if err != nil || !archived {
		return d, err
	}
	return d, w.Record(audit.Deletion, d.ID, "archived")
}

// RemoveAttachment removes an evidence file from a dossier and records it.
func (w *Workspace) RemoveAttachment(dossierID, attachmentID, by string) error {
	if err := w.st.RemoveAttachment(dossierID, attachmentID, by); err != nil {
		return err
	}
	return w.Record(audit.Deletion, dossierID, "attachment "+attachmentID)
}

// SetRole changes a person's role by by (admins only, through the credit
// rules) and records it.
func (w *Workspace) SetRole(userID string, role store.Role, by string) error {
	p, err := w.st.PersonByID(userID)
	if err != nil {
		return err
	}
	if err := w.Credit.SetRole(userID, role, by); err != nil {
		return err
	}
	if p.Role == role {
		return nil // nothing changed
	}
	return w.Record(audit.RoleChange, userID, fmt.Sprintf("%s → %s", p.Role, role))
}

// DecideHit records a person's decision on a screening hit (through the
// credit rules) and audits it.
func (w *Workspace) DecideHit(dossierID, hitKey, verdict, reason, by string) (screening.Result, error) {
	r, err := w.Credit.DecideHit(dossierID, hitKey, verdict, reason, by)
	if err != nil {
		return r, err
	}
	return r, w.Record(audit.ScreeningDecision, dossierID, verdict+" "+hitKey)
}

// DecideProposal approves or rejects a credit-limit proposal and audits it.
func (w *Workspace) DecideProposal(proposalID string, approve bool, comment, by string) (credit.Proposal, error) {
	p, err := w.Credit.Decide(proposalID, approve, comment, by)
	if err != nil {
		return p, err
	}
	a := audit.Rejection
	if approve {
		a = audit.Approval
	}
	return p, w.Record(a, p.DossierID, "proposal "+p.ID)
}

// RemovePerson removes a person from the workspace and records it.
func (w *Workspace) RemovePerson(userID string) error {
	if err := w.st.RemovePerson(userID); err != nil {
		return err
	}
	return w.Record(audit.Deletion, userID, "person removed")
}

func (w *Workspace) now() time.Time {
	if w.clock != nil {
		return w.clock()
	}
	return time.Now()
}

// Printer is the name a report's footer gives for who printed it: the
// unlocking person as they are called now.
func (w *Workspace) Printer() string {
	_, name := w.st.Person()
	if name == "" {
		return w.st.User()
	}
	return name
}

// Printed records a report made (a PDF made is a print): subject is the
// dossier, the visit's dossier, or "portfolio"; number the report's.
func (w *Workspace) Printed(subject, number string) error {
	return w.Record(audit.Print, subject, number) // the report number, shown in the sentence
}
