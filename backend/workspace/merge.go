package workspace

import (
	"encoding/json"
	"strings"

	"credence/backend/audit"
	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/receivables"
	"credence/backend/screening"
	"credence/backend/visit"
)

// Merged is the outcome of merging two dossiers.
type Merged struct {
	Dossier *dossier.Dossier // the kept dossier, merged
	Gone    *dossier.Dossier // the merged-away one, archived
	// Moved counts the records that moved to the kept dossier, by kind.
	Moved map[string]int
	// Left counts the records left on the merged-away dossier because the
	// kept one has a record of the same id (the same invoice number, the
	// same shipment): nothing is overwritten.
	Left map[string]int
	// NewHits are the sanctions hits the kept dossier's new names found.
	NewHits []screening.Hit
}

// dossierKinds are the record kinds stored as <dossier id>/<id> whose
// value names the dossier in "dossier_id": they move with a merge.
var dossierKinds = []string{
	"trade_row",
	receivables.KindInvoice, receivables.KindPayment, receivables.KindCreditNote, receivables.KindOrder,
	receivables.KindDispute, receivables.KindEntry, receivables.KindBuyerLimit,
}

// kindVisit is the visit package's record kind (one record per visit, by
// its id, naming its dossier).
const kindVisit = "visit"

// Merge folds the duplicate goneID into keepID, for by: facts, contacts,
// credit reports and evidence files move to the kept dossier, the
// duplicate's names become aliases, and the duplicate is archived with a
// note saying where it went. Its trade records, receivables (invoices,
// payments, credit notes, orders, disputes, collection log, buyer limits,
// the customer codes linked to it, a hold) and field visits move too, so
// the kept customer's assessment sees them. Both histories stay. The kept
// dossier is screened again when its names changed.
func (w *Workspace) Merge(keepID, goneID, by string) (Merged, error) {
	if keepID == goneID {
		return Merged{}, errs.New(errs.Invalid, "a customer cannot be merged into itself").WithKey("err.mergeSelf")
	}
	st := w.st
	dst, err := st.Dossier(keepID)
	if err != nil {
		return Merged{}, err
	}
	src, err := st.Dossier(goneID)
	if err != nil {
		return Merged{}, err
	}
	moved := map[string]string{} // the duplicate's attachment id → the copy's
	for _, a := range src.Attachments {
		_, data, err := st.Attachment(src.ID, a.ID)
		if err != nil {
			return Merged{}, err
		}
		c, err := st.AddAttachment(dst.ID, a.Name, a.Kind, data, by)
		if err != nil {
			return Merged{}, err
		}
		moved[a.ID] = c.ID
	}
	if dst, err = st.Dossier(keepID); err != nil { // with the copied attachments
		return Merged{}, err
	}
	m := dossier.Merge(dst, src)
	for i := range m.CreditReports {
		if id, ok := moved[m.CreditReports[i].AttachmentID]; ok {
			m.CreditReports[i].AttachmentID = id
		}
	}
	out := Merged{Moved: map[string]int{}, Left: map[string]int{}}
	// Records first, each kind in one transaction: a crash after them
	// leaves the duplicate unarchived and the merge can be run again;
	// nothing is lost either way.
	if err := w.moveRecords(goneID, keepID, moved, &out); err != nil {
		return out, err
	}
	saved, err := w.SaveDossier(m, by)
	if err != nil {
		return out, err
	}
	out.Dossier, out.NewHits = saved.Dossier, saved.NewHits
	src.Notes = strings.TrimSpace(src.Notes + "\n\n→ " + saved.Dossier.DisplayName() + " (" + saved.Dossier.ID + ")")
	if src, err = st.SaveDossier(src, by); err != nil {
		return out, err
	}
	if out.Gone, err = st.SetArchived(src.ID, true, by); err != nil {
		return out, err
	}
	if err := w.Record(audit.Deletion, src.ID, "merged into "+dst.ID); err != nil {
		return out, err
	}
	return out, nil
}

// moveRecords moves the records of dossier from to dossier to; photo and
// signature ids of visits are renamed by files (the copies of the
// attachments on the kept dossier).
func (w *Workspace) moveRecords(from, to string, files map[string]string, out *Merged) error {
	st := w.st
	for _, kind := range dossierKinds {
		type rec struct {
			id string
			v  map[string]json.RawMessage
		}
		var recs []rec
		if err := st.ScanRecords(kind, from+"/", func(id string, b []byte) error {
			var v map[string]json.RawMessage
			if err := json.Unmarshal(b, &v); err != nil {
				return errs.Wrap(errs.Internal, err, "decode %s/%s", kind, id)
			}
			recs = append(recs, rec{id, v})
			return nil
		}); err != nil {
			return err
		}
		put := map[string]any{}
		var gone []string
		for _, r := range recs {
			newID := to + "/" + strings.TrimPrefix(r.id, from+"/")
			if _, err := st.GetRaw(kind, newID); err == nil {
				out.Left[kind]++
				continue
			} else if !errs.Is(err, errs.NotFound) {
				return err
			}
			r.v["dossier_id"], _ = json.Marshal(to)
			put[newID] = r.v
			gone = append(gone, r.id)
		}
		if len(put) == 0 {
			continue
		}
		// Copies and originals in one transaction: never twice, never nowhere.
		if err := st.ReplaceRecords(kind, put, gone); err != nil {
			return err
		}
		out.Moved[kind] += len(gone)
	}
	if err := w.moveCodes(from, to, out); err != nil {
		return err
	}
	if err := w.moveHold(from, to, out); err != nil {
		return err
	}
	return w.moveVisits(from, to, files, out)
}

// moveCodes relinks the customer codes of the accounting exports.
func (w *Workspace) moveCodes(from, to string, out *Merged) error {
	put := map[string]any{}
	if err := w.st.ScanRecords(receivables.KindCode, "", func(id string, b []byte) error {
		var v map[string]json.RawMessage
		if err := json.Unmarshal(b, &v); err != nil {
			return errs.Wrap(errs.Internal, err, "decode customer code %s", id)
		}
		var d string
		if json.Unmarshal(v["dossier_id"], &d) == nil && d == from {
			v["dossier_id"], _ = json.Marshal(to)
			put[id] = v
		}
		return nil
	}); err != nil {
		return err
	}
	if len(put) == 0 {
		return nil
	}
	out.Moved[receivables.KindCode] += len(put)
	return w.st.PutRecords(receivables.KindCode, put)
}

// moveHold carries a hold on new shipments over, unless the kept customer
// has a hold record of its own.
func (w *Workspace) moveHold(from, to string, out *Merged) error {
	b, err := w.st.GetRaw(receivables.KindHold, from)
	if errs.Is(err, errs.NotFound) {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := w.st.GetRaw(receivables.KindHold, to); err == nil {
		out.Left[receivables.KindHold]++
		return nil
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return errs.Wrap(errs.Internal, err, "decode hold %s", from)
	}
	v["id"], _ = json.Marshal(to)
	v["dossier_id"], _ = json.Marshal(to)
	if err := w.st.ReplaceRecords(receivables.KindHold, map[string]any{to: v}, []string{from}); err != nil {
		return err
	}
	out.Moved[receivables.KindHold]++
	return nil
}

// moveVisits gives the duplicate's visits to the kept dossier, with their
// photos and signatures pointing at the copies of the files. A signed
// visit stays signed: its content is the same, only where its files live
// changed.
func (w *Workspace) moveVisits(from, to string, files map[string]string, out *Merged) error {
	vs, err := w.Visits.Visits(from)
	if err != nil {
		return err
	}
	rename := func(ids []string) []string {
		for i, id := range ids {
			if n, ok := files[id]; ok {
				ids[i] = n
			}
		}
		return ids
	}
	put := map[string]any{}
	for _, v := range vs {
		v.DossierID = to
		for k, a := range v.Answers {
			a.Photos = rename(a.Photos)
			v.Answers[k] = a
		}
		for i := range v.Corrections {
			v.Corrections[i].Old.Photos = rename(v.Corrections[i].Old.Photos)
			v.Corrections[i].New.Photos = rename(v.Corrections[i].New.Photos)
		}
		for i := range v.Signatures {
			if n, ok := files[v.Signatures[i].AttachmentID]; ok {
				v.Signatures[i].AttachmentID = n
			}
		}
		if len(v.Photos) > 0 {
			ph := make(map[string]visit.PhotoInfo, len(v.Photos))
			for id, p := range v.Photos {
				if n, ok := files[id]; ok {
					id = n
				}
				ph[id] = p
			}
			v.Photos = ph
		}
		put[v.ID] = v
	}
	if len(put) == 0 {
		return nil
	}
	out.Moved[kindVisit] += len(put)
	return w.st.PutRecords(kindVisit, put)
}
