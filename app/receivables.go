package app

import (
	"context"
	"credence/backend/notify"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/receivables/desk"
	"credence/backend/sheet"
	"credence/backend/store"
	"credence/backend/workspace"
)

// ReceivablesService keeps what customers owe and how they pay: invoices,
// payments, credit notes, disputes, open orders, insurance cover, the
// collection log and the early-warning board. While the app is open it
// looks at the board every few minutes and emits "ar:alerts" with the
// alerts that are new since it last looked (the desktop notification).
type ReceivablesService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime

	mu   sync.Mutex
	ws   *workspace.Workspace // the workspace seen was announced for
	seen map[string]bool      // alert ids already announced
	stop chan struct{}
}

// NewReceivablesService returns the service over sess.
func NewReceivablesService(sess *Session, rt Runtime) *ReceivablesService {
	return &ReceivablesService{sess: sess, rt: rt, seen: map[string]bool{}}
}

// watchEvery is how often the open app looks for new alerts.
const watchEvery = 5 * time.Minute

func (r *ReceivablesService) startup(ctx context.Context) {
	r.ctx = ctx
	stop := make(chan struct{}) // the goroutine's own: shutdown clears r.stop
	r.stop = stop
	go func() {
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				r.Watch()
			}
		}
	}()
}

func (r *ReceivablesService) shutdown(ctx context.Context) {
	if r.stop != nil {
		close(r.stop)
		r.stop = nil
	}
}

func (r *ReceivablesService) service() (*desk.Desk, *store.Store, error) {
	ws, err := r.sess.Workspace()
	if err != nil {
		return nil, nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ws != ws { // another workspace, or unlocked again: announce afresh
		r.ws, r.seen = ws, map[string]bool{}
	}
	return ws.Desk, ws.Store(), nil
}

// Watch emits "ar:alerts" with the open alerts not announced before; the
// first look after unlocking announces every open critical one. It returns
// what it emitted (nothing while locked).
func (r *ReceivablesService) Watch() []receivables.Alert {
	d, _, err := r.service()
	if err != nil {
		return nil
	}
	all, err := d.Alerts()
	if err != nil {
		return nil
	}
	r.mu.Lock()
	var fresh []receivables.Alert
	for _, a := range all {
		if !a.Handled && !r.seen[a.ID] && a.Severity == receivables.Critical {
			fresh = append(fresh, a)
		}
		r.seen[a.ID] = true
	}
	r.mu.Unlock()
	if len(fresh) > 0 && r.ctx != nil {
		r.rt.Emit(r.ctx, "ar:alerts", fresh)
		r.notifyDesktop(fresh)
	}
	return fresh
}

// Customer is the receivables tab of a dossier.
func (r *ReceivablesService) Customer(dossierID string) (desk.Customer, error) {
	d, _, err := r.service()
	if err != nil {
		return desk.Customer{}, uiErr(err)
	}
	c, err := d.Customer(dossierID)
	return c, uiErr(err)
}

// Alerts is the alert board.
func (r *ReceivablesService) Alerts() ([]receivables.Alert, error) {
	d, _, err := r.service()
	if err != nil {
		return nil, uiErr(err)
	}
	a, err := d.Alerts()
	return a, uiErr(err)
}

// Act takes an action on an alert: remind, hold, lower_limit (re-assess)
// or handled with a note.
func (r *ReceivablesService) Act(alertID, action, note string) (receivables.AlertState, error) {
	d, st, err := r.service()
	if err != nil {
		return receivables.AlertState{}, uiErr(err)
	}
	s, err := d.Act(alertID, action, note, st.User())
	return s, uiErr(err)
}

// SaveInvoice stores an invoice typed in by hand.
func (r *ReceivablesService) SaveInvoice(dossierID string, inv receivables.Invoice) (receivables.Invoice, error) {
	d, st, err := r.service()
	if err != nil {
		return inv, uiErr(err)
	}
	out, err := d.Book.SaveInvoice(dossierID, inv, st.User())
	return out, uiErr(err)
}

// SavePayment stores a payment, allocated or on account.
func (r *ReceivablesService) SavePayment(dossierID string, p receivables.Payment) (receivables.Payment, error) {
	d, st, err := r.service()
	if err != nil {
		return p, uiErr(err)
	}
	out, err := d.Book.SavePayment(dossierID, p, st.User())
	return out, uiErr(err)
}

// SaveCreditNote stores a credit note.
func (r *ReceivablesService) SaveCreditNote(dossierID string, c receivables.CreditNote) (receivables.CreditNote, error) {
	d, st, err := r.service()
	if err != nil {
		return c, uiErr(err)
	}
	out, err := d.Book.SaveCreditNote(dossierID, c, st.User())
	return out, uiErr(err)
}

// SaveDispute opens or resolves a dispute on an invoice.
func (r *ReceivablesService) SaveDispute(dossierID string, x receivables.Dispute) (receivables.Dispute, error) {
	d, st, err := r.service()
	if err != nil {
		return x, uiErr(err)
	}
	out, err := d.Book.SaveDispute(dossierID, x, st.User())
	return out, uiErr(err)
}

// SaveOrder stores an open order (exposure before it is invoiced).
func (r *ReceivablesService) SaveOrder(dossierID string, o receivables.Order) (receivables.Order, error) {
	d, st, err := r.service()
	if err != nil {
		return o, uiErr(err)
	}
	out, err := d.Book.SaveOrder(dossierID, o, st.User())
	return out, uiErr(err)
}

// kinds a person may delete from the app.
var deletable = map[string]bool{receivables.KindInvoice: true, receivables.KindPayment: true, receivables.KindCreditNote: true,
	receivables.KindDispute: true, receivables.KindOrder: true, receivables.KindEntry: true, receivables.KindBuyerLimit: true, receivables.KindPolicy: true}

// Delete leaves a tombstone of a record ("<dossier>/<id>", or the id of a policy).
func (r *ReceivablesService) Delete(kind, key string) error {
	d, st, err := r.service()
	if err != nil {
		return uiErr(err)
	}
	if !deletable[kind] {
		return uiErr(errs.New(errs.Invalid, "cannot delete %s records", kind).WithKey("err.arField", "field", kind))
	}
	return uiErr(d.Book.Delete(kind, key, st.User()))
}

// AddEntry writes a line of the collection log.
func (r *ReceivablesService) AddEntry(dossierID string, e receivables.Entry) (receivables.Entry, error) {
	d, st, err := r.service()
	if err != nil {
		return e, uiErr(err)
	}
	out, err := d.Book.AddEntry(dossierID, e, st.User())
	return out, uiErr(err)
}

// Policies lists the credit-insurance policies.
func (r *ReceivablesService) Policies() ([]receivables.Policy, error) {
	d, _, err := r.service()
	if err != nil {
		return nil, uiErr(err)
	}
	p, err := d.Book.Policies()
	if p == nil {
		p = []receivables.Policy{}
	}
	return p, uiErr(err)
}

// SavePolicy stores a credit-insurance policy.
func (r *ReceivablesService) SavePolicy(p receivables.Policy) (receivables.Policy, error) {
	d, st, err := r.service()
	if err != nil {
		return p, uiErr(err)
	}
	out, err := d.Book.SavePolicy(p, st.User())
	return out, uiErr(err)
}

// SaveBuyerLimit stores an insurer's limit on a customer.
func (r *ReceivablesService) SaveBuyerLimit(dossierID string, l receivables.BuyerLimit) (receivables.BuyerLimit, error) {
	d, st, err := r.service()
	if err != nil {
		return l, uiErr(err)
	}
	out, err := d.Book.SaveBuyerLimit(dossierID, l, st.User())
	return out, uiErr(err)
}

// Rules returns the early-warning rules.
func (r *ReceivablesService) Rules() (receivables.Rules, error) {
	d, _, err := r.service()
	if err != nil {
		return receivables.Rules{}, uiErr(err)
	}
	x, err := d.Book.Rules()
	return x, uiErr(err)
}

// SaveRules edits the early-warning rules.
func (r *ReceivablesService) SaveRules(x receivables.Rules) error {
	d, st, err := r.service()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(d.Book.SaveRules(x, st.User()))
}

// PickFile asks for an accounting export.
func (r *ReceivablesService) PickFile() (string, error) {
	p, err := r.rt.OpenFile(r.ctx, r.sess.title("import"), "*.xlsx;*.xlsm;*.csv;*.tsv;*.txt")
	return p, uiErr(err)
}

// Mappings lists the presets and the saved receivables mappings.
func (r *ReceivablesService) Mappings() ([]sheet.Saved, error) {
	_, st, err := r.service()
	if err != nil {
		return nil, uiErr(err)
	}
	saved, err := sheet.Mappings(st, receivables.Target)
	return append(append([]sheet.Saved{}, receivables.Presets...), saved...), uiErr(err)
}

// ImportPage is the import screen: the fields to map, the mapping, and
// what the import did (or, for a dry run, would do).
type ImportPage struct {
	Fields  sheet.Schema             `json:"fields"`
	Result  receivables.ImportResult `json:"result"`
	Problem string                   `json:"problem,omitempty"`
}

// Import reads an export with the mapping (nil: guessed from the headers),
// for dossierID when given; dryRun writes nothing. saveAs names the
// mapping to keep for the next export of the same system.
func (r *ReceivablesService) Import(path string, mapping sheet.Mapping, dossierID string, dryRun, skipInvalid bool, saveAs string) (ImportPage, error) {
	d, st, err := r.service()
	if err != nil {
		return ImportPage{}, uiErr(err)
	}
	res, err := d.Import(context.Background(), path, receivables.ImportOptions{DossierID: dossierID, Mapping: mapping, DryRun: dryRun,
		SkipInvalid: skipInvalid, By: st.User()})
	page := ImportPage{Fields: receivables.Schema, Result: res}
	if err != nil {
		if dryRun && res.File != "" && res.Headers != nil {
			page.Problem = errString(err)
			return page, nil
		}
		return page, uiErr(err)
	}
	if saveAs != "" && !dryRun {
		if err := sheet.SaveMapping(st, sheet.Saved{Name: saveAs, Target: receivables.Target, Mapping: res.Mapping, By: st.User()}); err != nil {
			return page, uiErr(err)
		}
	}
	if page.Result.File == "" {
		page.Result.File = filepath.Base(path)
	}
	return page, nil
}

// LinkCode links an export's customer code to a dossier (the review list).
func (r *ReceivablesService) LinkCode(code, dossierID string) error {
	d, st, err := r.service()
	if err != nil {
		return uiErr(err)
	}
	if _, err := st.Dossier(dossierID); err != nil {
		return uiErr(err)
	}
	return uiErr(d.Book.LinkCode(code, dossierID, st.User()))
}

// notifyDesktop puts the first new critical alerts in the desktop's own
// notifications, so they are seen while the window is behind another one
// (the window's web notifications are never granted). A desktop without a
// notification service keeps the in-window message only.
func (r *ReceivablesService) notifyDesktop(fresh []receivables.Alert) {
	en := strings.HasPrefix(r.sess.prefs().Language, "en")
	for _, a := range fresh[:min(len(fresh), 3)] {
		body := a.ZH
		if en {
			body = a.EN
		}
		if err := notify.Send(r.sess.title("arAlert"), a.Name+": "+body); err != nil {
			return
		}
	}
}
