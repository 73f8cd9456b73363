package workspace

import (
	"credence/backend/audit"
	"credence/backend/errs"
	"credence/backend/store"
)

// EraseContact erases one contact person of a dossier (store.EraseContact)
// and records it in the audit trail by ids. Only a credit manager or an
// admin may erase.
func (w *Workspace) EraseContact(dossierID, contactID, reason string) (store.Erasure, error) {
	if err := w.mayErase(); err != nil {
		return store.Erasure{}, err
	}
	e, err := w.st.EraseContact(dossierID, contactID, reason)
	if err != nil {
		return e, err
	}
	return e, w.Record(audit.Erasure, dossierID, "contact "+contactID+" · erasure "+e.ID)
}

// EraseDossier erases a whole customer (store.EraseDossier) and records it.
func (w *Workspace) EraseDossier(dossierID, reason string) (store.Erasure, error) {
	if err := w.mayErase(); err != nil {
		return store.Erasure{}, err
	}
	e, err := w.st.EraseDossier(dossierID, reason)
	if err != nil {
		return e, err
	}
	return e, w.Record(audit.Erasure, dossierID, "customer · erasure "+e.ID)
}

// Erasures are the tombstones, of one dossier when dossierID is not "".
func (w *Workspace) Erasures(dossierID string) ([]store.Erasure, error) {
	return w.st.Erasures(dossierID)
}

func (w *Workspace) mayErase() error {
	me, err := w.st.Me()
	if err != nil {
		return err
	}
	if !me.Role.CanDecide() || !me.Removed.IsZero() {
		return errs.New(errs.Unauthorized, "only a credit manager or an admin may erase personal data").
			WithKey("err.notAllowed", "action", "erase personal data")
	}
	return nil
}
