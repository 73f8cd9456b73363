package receivables

import (
	"strings"

	"credence/backend/errs"
)

// KindCode links an accounting package's customer code to a dossier.
const KindCode = "ar_customer_code"

// CodeLink is a customer code of the accounting system and its dossier.
type CodeLink struct {
	Meta
	Code string `json:"code"`
}

func codeKey(code string) string { return invoiceID(code) }

// LinkCode links a customer code to a dossier (from the review list of an
// import: the customer the export calls so).
func (b *Book) LinkCode(code, dossierID, by string) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return invalid("code", "a customer code is needed")
	}
	return b.r.PutRecord(KindCode, codeKey(code), CodeLink{Meta: Meta{ID: codeKey(code), DossierID: dossierID, UpdatedAt: b.now(), UpdatedBy: by}, Code: code})
}

// CodeOf returns the dossier a customer code is linked to ("" none).
func (b *Book) CodeOf(code string) (string, error) {
	var l CodeLink
	if err := b.r.GetRecord(KindCode, codeKey(code), &l); err != nil {
		if errs.Is(err, errs.NotFound) {
			return "", nil
		}
		return "", err
	}
	if l.Deleted {
		return "", nil
	}
	return l.DossierID, nil
}
