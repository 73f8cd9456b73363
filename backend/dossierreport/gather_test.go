package dossierreport

import (
	"context"
	"io"
	"time"

	"credence/backend/dossierreport/input"
	"credence/backend/store"
	"credence/backend/workspace"
)

// The report package renders values; these helpers gather them through
// the workspace over a test's store, as the app and the CLI do.

func creditPDF(ctx context.Context, st *store.Store, dossierID string, opt Options, w io.Writer) (Info, error) {
	in, err := workspace.Over(st, workspace.Options{}).CreditReport(dossierID, opt.normalized().Now)
	if err != nil {
		return Info{}, err
	}
	return Credit(ctx, in, opt, w)
}

func portfolioPDF(ctx context.Context, st *store.Store, opt Options, w io.Writer) (Info, error) {
	// The receivables of the portfolio are as of the present, whatever
	// the report date says (as the app and the CLI ask for them).
	rows, err := workspace.Over(st, workspace.Options{}).PortfolioRows(ctx, time.Time{})
	if err != nil {
		return Info{}, err
	}
	return Portfolio(ctx, rows, opt, w)
}

func visitPDF(ctx context.Context, st *store.Store, visitID string, opt Options, w io.Writer) (Info, error) {
	in, err := workspace.Over(st, workspace.Options{}).VisitReport(visitID)
	if err != nil {
		return Info{}, err
	}
	return Visit(ctx, in, opt, w)
}

// portfolioRows are the rows of the portfolio in the report's order.
func portfolioRows(ctx context.Context, st *store.Store) ([]input.PortfolioRow, error) {
	rows, err := workspace.Over(st, workspace.Options{}).PortfolioRows(ctx, time.Time{})
	sortPortfolio(rows)
	return rows, err
}
