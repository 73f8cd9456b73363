// Package workspace is the composition root: it unlocks and owns a
// workspace's store and exactly one of each service over it (screening,
// credit, field visits, the receivables desk, trade records), wired once —
// the evidence hook of the credit service included — and it holds the use
// cases that the app, the CLI and the reports share (create-then-screen,
// red flags, assess, report inputs, the latest signed visit, merging two
// dossiers). Every door opens a Workspace and asks it; none wires services
// of its own, so every door gives the same answer.
package workspace

import (
	"credence/backend/customers"
	"io"
	"sync"
	"time"

	"credence/backend/audit"
	"credence/backend/credit"
	"credence/backend/receivables/desk"
	"credence/backend/refdata"
	"credence/backend/screening"
	"credence/backend/store"
	"credence/backend/trade"
	"credence/backend/visit"
)

// Options say how a workspace is opened.
type Options struct {
	Store store.Options
	// User is who unlocks: a person's name or id; "" lets the passphrase
	// say whose slot it opens (slower with many people: one key derivation
	// per slot).
	User string
	// Now is the clock of the receivables desk, of the evidence it gives
	// the assessment and of the audit trail (time.Now when nil): tests pin it.
	Now func() time.Time
}

// Workspace is one open workspace with its services. Its fields are set
// once by Open, Create or Over and never replaced; it is safe for
// concurrent use as its services are.
type Workspace struct {
	st *store.Store

	Screening *screening.Service
	Credit    *credit.Service
	Visits    *visit.Service
	Desk      *desk.Desk // receivables, joined to the dossiers and the credit service

	clock func() time.Time // Options.Now

	// The audit trail (audit.go): opened once, on first use; views
	// remembered so that a person's second look within minutes is not a
	// second entry.
	trailOnce sync.Once
	trail     *audit.Trail
	trailErr  error
	viewMu    sync.Mutex
	viewed    map[string]time.Time

	closeOnce sync.Once
	closeErr  error
}

// Open unlocks the workspace in dir. The reference tables the firm
// imported into it replace the built-in ones.
func Open(dir, passphrase string, opt Options) (*Workspace, error) {
	st, err := store.OpenAs(dir, opt.User, passphrase, opt.Store)
	if err != nil {
		return nil, err
	}
	if err := refdata.UseWorkspace(dir); err != nil {
		st.Close()
		return nil, err
	}
	return Over(st, opt), nil
}

// Create makes a new workspace in dir and leaves it open.
func Create(dir, passphrase string, set store.Settings, opt Options) (*Workspace, error) {
	st, err := store.Create(dir, passphrase, set, opt.Store)
	if err != nil {
		return nil, err
	}
	return Over(st, opt), nil
}

// Over wires the services over a store opened elsewhere (a restore, a
// test's store) and takes it over: Close closes it.
func Over(st *store.Store, opt Options) *Workspace {
	w := &Workspace{st: st, Screening: screening.New(st), Credit: credit.New(st), Visits: visit.New(st),
		clock: opt.Now, viewed: map[string]time.Time{}}
	w.Credit.UseScreening(w.Screening)
	w.Desk = desk.New(st, w.Credit)
	w.Desk.Now = opt.Now
	// The one evidence hook: customs records, the latest signed visit and
	// the payment experience of the receivables, for every assessment
	// whichever door asks (the app, the CLI, a report's freshness check,
	// a re-assessment from an alert).
	w.Credit.Evidence = desk.PaymentEvidence(st, w.Credit.Policy, trade.EvidenceWith(st, w.Visits.Summary), w.Desk.Clock)
	return w
}

// Store is the open store, for what has no use case here yet. Prefer the
// services and use cases: they are what every door shares.
func (w *Workspace) Store() *store.Store { return w.st }

// Dir is the workspace folder.
func (w *Workspace) Dir() string { return w.st.Dir() }

// User is the name of the person using the workspace (its settings).
func (w *Workspace) User() string { return w.st.User() }

// Close closes the store; the services are unusable after. Safe to call
// more than once.
func (w *Workspace) Close() error {
	w.closeOnce.Do(func() { w.closeErr = w.st.Close() })
	return w.closeErr
}

// ExportDossierXLSX writes one customer's facts, contacts, assessments and
// alerts as a workbook, read through the workspace's services.
func (w *Workspace) ExportDossierXLSX(id, lang string, out io.Writer) error {
	d, err := w.st.Dossier(id)
	if err != nil {
		return err
	}
	snaps, err := w.Credit.Snapshots(id)
	if err != nil {
		return err
	}
	alerts, err := w.Screening.Alerts(true)
	if err != nil {
		return err
	}
	return customers.ExportDossier(d, snaps, alerts, lang, out)
}
