// Package input holds what the reports of package dossierreport are made
// from, as plain values: the workspace (backend/workspace) gathers them
// from its services, the report package only renders them. Their JSON is
// what a report's content hash covers, so field names and order are part
// of the report number: change them only on purpose.
package input

import (
	"slices"

	"credence/backend/credit"
	"credence/backend/dossier"
	"credence/backend/receivables"
	"credence/backend/redflags"
	"credence/backend/screened"
	"credence/backend/trade"
	"credence/backend/visit"
)

// Files reads an evidence file of a dossier while a report renders (the
// bytes are not part of the inputs: their SHA-256 is, in the dossier).
type Files interface {
	Attachment(dossierID, attachmentID string) (*dossier.Attachment, []byte, error)
}

// Credit is everything the credit report of one customer is made from.
type Credit struct {
	Dossier   *dossier.Dossier       `json:"dossier"`
	Snapshot  *credit.Snapshot       `json:"snapshot"` // the newest assessment; nil never assessed
	Proposals []credit.Proposal      `json:"proposals"`
	State     *credit.State          `json:"state"`
	Lists     []screened.ListVersion `json:"lists"`
	Screening *screened.Result       `json:"screening"`
	Flags     []redflags.Flag        `json:"flags"`
	Visit     *Visit                 `json:"visit"`  // the latest signed visit
	Visits    int                    `json:"visits"` // all visits of the dossier
	// Stale says whether the dossier changed after its newest assessment.
	Stale *credit.Staleness `json:"stale,omitempty"`
	// Payments are the receivables' figures and collection log, when any.
	Payments *Payments `json:"payments,omitempty"`
	// Trade is what imported customs / shipment records say, when any.
	Trade *Trade `json:"trade,omitempty"`

	Files Files `json:"-"`
}

// Visit is one visit with the template version it used and its score.
type Visit struct {
	Visit    visit.Visit    `json:"visit"`
	Template visit.Template `json:"template"`
	Score    visit.Score    `json:"score"`
}

// Payments is the receivables part of the credit report: the figures as of
// the report date in the policy's currency, and the newest lines of the
// collection log.
type Payments struct {
	Figures receivables.Figures `json:"figures"`
	Entries []receivables.Entry `json:"entries"`
}

// Trade are the customs / shipment figures of the customer.
type Trade struct {
	Figures trade.Figures `json:"figures"`
}

// VisitReport is what the report of one field visit is made from.
type VisitReport struct {
	Dossier *dossier.Dossier // the visited customer
	Visit   Visit
	Files   []AttachmentHash // the photos and signatures, by content
	Read    Files
}

// AttachmentHash names an evidence file by content.
type AttachmentHash struct {
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
}

// PortfolioRow is one customer of the portfolio summary.
type PortfolioRow struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	Country    string  `json:"country"`
	Grade      string  `json:"grade"` // latest assessment; "" not assessed
	Score      float64 `json:"score"`
	Limit      float64 `json:"limit"` // approved; 0 with Currency "" when none
	Currency   string  `json:"currency"`
	Valid      bool    `json:"valid"` // the approval's signature verified
	NextReview string  `json:"next_review"`
	Exposure   float64 `json:"exposure"` // 0 until receivables exist
	Overdue    float64 `json:"overdue"`
	// ARCurrency is the currency of exposure and overdue: the policy's.
	ARCurrency string `json:"ar_currency,omitempty"`
}

// VisitFiles is every attachment a visit refers to: photos in checklist
// order, then signatures.
func VisitFiles(v visit.Visit, t visit.Template) []string {
	var ids []string
	add := func(id string) {
		if id != "" && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	eff := v.Effective()
	for _, it := range t.Items() {
		for _, id := range eff[it.ID].Photos {
			add(id)
		}
	}
	for _, s := range v.Signatures {
		add(s.AttachmentID)
	}
	return ids
}

// portfolioStatuses are the statuses that put a customer in the portfolio
// by themselves; a lead or a blocked customer is there when it has an
// approved limit or an open alert, because that is credit given or risk to
// watch.
var portfolioStatuses = []string{"new", "active"}

// InPortfolio says whether a current customer belongs in the portfolio
// summary: new or active, or with an approved limit or an open alert.
func InPortfolio(status string, approved, alerted bool) bool {
	return approved || alerted || slices.Contains(portfolioStatuses, status)
}
