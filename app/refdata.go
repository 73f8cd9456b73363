package app

import (
	"context"
	"os"
	"time"

	"credence/backend/credit"
	"credence/backend/errs"
	"credence/backend/refdata"
	"credence/backend/store"
)

// RefDataService shows the reference tables (OECD, FATF, mail domains,
// country names) with their source and date, and lets a credit manager
// import a newer table from the publisher's file.
type RefDataService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewRefDataService returns the service over sess.
func NewRefDataService(sess *Session, rt Runtime) *RefDataService {
	return &RefDataService{sess: sess, rt: rt}
}

func (r *RefDataService) startup(ctx context.Context)  { r.ctx = ctx }
func (r *RefDataService) shutdown(ctx context.Context) {}

// RefTables is the card's content: the tables and their licence notices.
type RefTables struct {
	Tables     []refdata.Meta `json:"tables"`
	Importable []string       `json:"importable"`
	CanImport  bool           `json:"can_import"`
}

func (r *RefDataService) set() (*refdata.Set, error) {
	if !store.Exists(r.sess.dir) {
		return refdata.Builtin(), nil
	}
	return refdata.Load(r.sess.dir)
}

// Tables lists the tables the workspace uses.
func (r *RefDataService) Tables() (RefTables, error) {
	s, err := r.set()
	if err != nil {
		return RefTables{}, uiErr(err)
	}
	return RefTables{Tables: s.Tables(), Importable: refdata.ImportableTables, CanImport: r.canImport() == nil}, nil
}

// Country shows one country's OECD class, FATF status and names.
func (r *RefDataService) Country(code string) (refdata.CountryInfo, error) {
	s, err := r.set()
	if err != nil {
		return refdata.CountryInfo{}, uiErr(err)
	}
	v, ok := s.Country(code)
	if !ok {
		return v, uiErr(errs.New(errs.NotFound, "%q is not an ISO 3166-1 country code", code).WithKey("err.refdataCountry", "code", code))
	}
	return v, nil
}

// canImport: changing what the firm judges by is for credit managers and
// admins, on an unlocked workspace.
func (r *RefDataService) canImport() error {
	ws, err := r.sess.Workspace()
	if err != nil {
		return err
	}
	u, err := ws.Credit.EnsureUser(ws.User())
	if err != nil {
		return err
	}
	if u.Role != credit.RoleCreditManager && u.Role != credit.RoleAdmin {
		return errs.New(errs.Unauthorized, "only a credit manager or an admin may replace reference tables").WithKey("err.refdataRole")
	}
	return nil
}

// ImportFromDialog asks for the publisher's file and imports it as table;
// it returns nil when the person cancels the dialog.
func (r *RefDataService) ImportFromDialog(table string) (*refdata.Change, error) {
	if err := r.canImport(); err != nil {
		return nil, uiErr(err)
	}
	path, err := r.rt.OpenFile(r.ctx, r.sess.title("refdata"), "*.txt;*.csv;*.tsv;*.json")
	if err != nil || path == "" {
		return nil, uiErr(err)
	}
	return r.importFile(table, path)
}

func (r *RefDataService) importFile(table, path string) (*refdata.Change, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, uiErr(errs.Wrap(errs.Invalid, err, "read %s", path).WithKey("err.refdataRead"))
	}
	ch, err := refdata.Import(r.sess.dir, table, data, time.Now())
	if err != nil {
		return nil, uiErr(err)
	}
	if err := refdata.UseWorkspace(r.sess.dir); err != nil {
		return nil, uiErr(err)
	}
	r.rt.Emit(r.ctx, "refdata:changed", table)
	return &ch, nil
}

// Forget goes back to the built-in table.
func (r *RefDataService) Forget(table string) (refdata.Change, error) {
	if err := r.canImport(); err != nil {
		return refdata.Change{}, uiErr(err)
	}
	ch, err := refdata.Forget(r.sess.dir, table)
	if err != nil {
		return ch, uiErr(err)
	}
	if err := refdata.UseWorkspace(r.sess.dir); err != nil {
		return ch, uiErr(err)
	}
	r.rt.Emit(r.ctx, "refdata:changed", table)
	return ch, nil
}
