// Package credit keeps the workspace's credit decisions: the people and
// their roles, the firm's credit policy, assessments as immutable
// snapshots, proposals of a limit and terms, and the signed approvals that
// make a limit current, with the review dates that follow from them.
//
// Everything lives in the store's records (encrypted at rest, written
// durably). Kinds:
//
//	credit_user/<user id>           User (store.KindPerson: kept by the store)
//	credit_user_key/<user id>/<device>  sealed private signing key (store, device-only)
//	credit_policy/current           the firm's policy, when edited
//	assessment/<dossier>/<time>/<uuid>   Snapshot, never overwritten
//	assessment_latest/<dossier>     a small summary of the newest snapshot, for ReviewsDue
//	credit_proposal/<dossier>/<time>/<uuid>  Proposal, with its signed Approval once decided
//	credit_review/<dossier>         a next-review date set by hand
//	credit_role_change/<time>/<uuid>  RoleChange, append-only (written by the store)
//	credit_legal_check/<dossier>/<time>/<uuid>  LegalCheck: court or insolvency records searched
//
// The current limit and terms of a dossier are not stored separately: they
// are the newest approved proposal, whose approval is verified each time it
// is read.
package credit

import (
	"credence/backend/screening"
	"sync"
	"time"

	"credence/backend/assess"
	"credence/backend/store"
)

// Record kinds.
const (
	kindPolicy   = "credit_policy"
	kindSnapshot = "assessment"
	kindLatest   = "assessment_latest"
	kindProposal = "credit_proposal"
	kindReview   = "credit_review"
)

const dateLayout = "2006-01-02"

// idTime is a sortable, fixed-width time for record ids.
const idTime = "20060102T150405.000000000Z"

// Service is the credit-decision service of one open workspace. It is safe
// for concurrent use. There must be one per open workspace (the
// composition root makes it): its lock serialises decisions.
type Service struct {
	st *store.Store
	mu sync.Mutex // serialises read-modify-write of proposals

	// Evidence, when set, supplies the trade, payment and field-visit
	// summaries of a dossier for its assessment (nil: none yet).
	Evidence func(dossierID string) (*assess.TradeSummary, *assess.PaymentSummary, *assess.VisitSummary)
	// Now is the clock for proposals, decisions and users; time.Now when nil.
	Now func() time.Time

	screen *screening.Service // the workspace's one screening service
}

// New returns the credit service of an open workspace. Who acts is the
// person who unlocked st. It screens through its own screening service
// until UseScreening hands it the workspace's one.
func New(st *store.Store) *Service {
	return &Service{st: st, screen: screening.New(st)}
}

// UseScreening makes s read and decide hits through sc, the workspace's
// one screening service (its lists index is built once, not per service).
func (s *Service) UseScreening(sc *screening.Service) { s.screen = sc }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}
