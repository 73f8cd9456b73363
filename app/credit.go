package app

import (
	"context"
	"time"

	"credence/backend/assess"
	"credence/backend/credit"
	"credence/backend/errs"
	"credence/backend/store"
)

// CreditService runs assessments and carries proposals and approvals of
// credit limits; it also keeps the workspace's people and roles.
type CreditService struct {
	ctx  context.Context
	sess *Session
	rt   Runtime
}

// NewCreditService returns the service over sess.
func NewCreditService(sess *Session, rt Runtime) *CreditService {
	return &CreditService{sess: sess, rt: rt}
}

func (c *CreditService) startup(ctx context.Context)  { c.ctx = ctx }
func (c *CreditService) shutdown(ctx context.Context) {}

func (c *CreditService) service() (*credit.Service, *store.Store, error) {
	// The workspace's one credit service, wired with every piece of
	// evidence as for the CLI and the report: one answer from every door.
	ws, err := c.sess.Workspace()
	if err != nil {
		return nil, nil, err
	}
	return ws.Credit, ws.Store(), nil
}

// me is the person using this window: the settings' user, registered as a
// workspace user on first use (the first one becomes admin).
func (c *CreditService) me() (*credit.Service, credit.User, error) {
	svc, st, err := c.service()
	if err != nil {
		return nil, credit.User{}, err
	}
	u, err := svc.EnsureUser(st.User())
	return svc, u, err
}

// Overview is what the assessment tab shows.
type Overview struct {
	Snapshots []credit.Snapshot `json:"snapshots"`
	Proposals []credit.Proposal `json:"proposals"`
	State     *credit.State     `json:"state"`
	Me        credit.User       `json:"me"`
	// Pending counts the undecided sanctions hits: while above zero the
	// customer is on hold and approval is refused.
	Pending int `json:"pending"`
	// Fresh says whether the newest snapshot still matches the data.
	Fresh *credit.Staleness `json:"fresh"`
	// SingleApprover: the policy lets a proposer approve their own proposal.
	SingleApprover bool `json:"single_approver"`
	// LegalChecks are the searches of court and insolvency records.
	LegalChecks []credit.LegalCheck `json:"legal_checks"`
}

// Overview returns the dossier's snapshots, proposals and current state.
func (c *CreditService) Overview(dossierID string) (Overview, error) {
	svc, me, err := c.me()
	if err != nil {
		return Overview{}, uiErr(err)
	}
	out := Overview{Me: me}
	if out.Snapshots, err = svc.Snapshots(dossierID); err != nil {
		return out, uiErr(err)
	}
	if out.Proposals, err = svc.Proposals(dossierID); err != nil {
		return out, uiErr(err)
	}
	if st, err := svc.State(dossierID); err == nil {
		out.State = &st
	} else if !errs.Is(err, errs.NotFound) {
		return out, uiErr(err)
	}
	if out.Snapshots == nil {
		out.Snapshots = []credit.Snapshot{}
	}
	pending, err := svc.Pending(dossierID)
	if err != nil {
		return out, uiErr(err)
	}
	out.Pending = len(pending)
	if len(out.Snapshots) > 0 {
		fr, err := svc.Fresh(out.Snapshots[0])
		if err != nil {
			return out, uiErr(err)
		}
		out.Fresh = &fr
	}
	p, err := svc.Policy()
	if err != nil {
		return out, uiErr(err)
	}
	out.SingleApprover = p.SingleApprover
	if out.LegalChecks, err = svc.LegalChecks(dossierID); err != nil {
		return out, uiErr(err)
	}
	if out.Proposals == nil {
		out.Proposals = []credit.Proposal{}
	}
	return out, nil
}

// Assess runs and stores an assessment of the dossier.
func (c *CreditService) Assess(dossierID string) (credit.Snapshot, error) {
	svc, me, err := c.me()
	if err != nil {
		return credit.Snapshot{}, uiErr(err)
	}
	s, err := svc.Assess(dossierID, me.Name, time.Now())
	return s, uiErr(err)
}

// Compare lists what changed between two snapshots.
func (c *CreditService) Compare(dossierID, older, newer string) ([]assess.Difference, error) {
	svc, _, err := c.service()
	if err != nil {
		return nil, uiErr(err)
	}
	d, err := svc.Compare(dossierID, older, newer)
	if d == nil {
		d = []assess.Difference{}
	}
	return d, uiErr(err)
}

// Propose submits a limit and terms for approval.
func (c *CreditService) Propose(dossierID, snapshotID string, limit float64, currency string, terms assess.Terms, comment string) (credit.Proposal, error) {
	svc, me, err := c.me()
	if err != nil {
		return credit.Proposal{}, uiErr(err)
	}
	p, err := svc.Propose(dossierID, snapshotID, limit, currency, terms, comment, me.Name)
	return p, uiErr(err)
}

// Decide approves or rejects a proposal (credit managers and admins).
func (c *CreditService) Decide(proposalID string, approve bool, comment string) (credit.Proposal, error) {
	_, me, err := c.me()
	if err != nil {
		return credit.Proposal{}, uiErr(err)
	}
	ws, err := c.sess.Workspace()
	if err != nil {
		return credit.Proposal{}, uiErr(err)
	}
	p, err := ws.DecideProposal(proposalID, approve, comment, me.Name)
	return p, uiErr(err)
}

// RecordLegalCheck records a search of court (litigation) or insolvency
// (bankruptcy) records that found nothing.
func (c *CreditService) RecordLegalCheck(dossierID, kind, source, date string) (credit.LegalCheck, error) {
	svc, me, err := c.me()
	if err != nil {
		return credit.LegalCheck{}, uiErr(err)
	}
	lc, err := svc.RecordLegalCheck(dossierID, kind, source, date, me.Name)
	return lc, uiErr(err)
}

// ReviewsDue lists reviews due within days, and the overdue ones.
func (c *CreditService) ReviewsDue(days int) ([]credit.Review, error) {
	svc, _, err := c.service()
	if err != nil {
		return nil, uiErr(err)
	}
	r, err := svc.ReviewsDue(time.Now(), time.Duration(days)*24*time.Hour)
	if r == nil {
		r = []credit.Review{}
	}
	return r, uiErr(err)
}

// Users lists the workspace's people.
func (c *CreditService) Users() ([]credit.User, error) {
	svc, _, err := c.me()
	if err != nil {
		return nil, uiErr(err)
	}
	u, err := svc.Users()
	return u, uiErr(err)
}

// RoleChanges lists every role given or changed, newest first.
func (c *CreditService) RoleChanges() ([]credit.RoleChange, error) {
	svc, _, err := c.me()
	if err != nil {
		return nil, uiErr(err)
	}
	r, err := svc.RoleChanges()
	return r, uiErr(err)
}

// SetRole changes a person's role (admins only).
func (c *CreditService) SetRole(userID, role string) error {
	_, me, err := c.me()
	if err != nil {
		return uiErr(err)
	}
	ws, err := c.sess.Workspace()
	if err != nil {
		return uiErr(err)
	}
	return uiErr(ws.SetRole(userID, credit.Role(role), me.Name))
}

// PolicyView is the credit policy with what the settings screen needs to
// show beside it: the built-in country table's date and categories.
type PolicyView struct {
	Policy      assess.Policy  `json:"policy"`
	BuiltInDate string         `json:"built_in_date"`
	BuiltIn     map[string]int `json:"built_in"` // country → OECD category of the built-in table
	// HighIncome are the countries the OECD does not classify because they
	// are high-income: no category at all, not "category 0".
	HighIncome map[string]bool `json:"high_income"`
	Dimensions []string        `json:"dimensions"`
	TermCodes  []string        `json:"term_codes"`
	Grades     []string        `json:"grades"`
	Regions    []string        `json:"regions"`
	CanEdit    bool            `json:"can_edit"`
}

// Policy returns the firm's credit policy.
func (c *CreditService) Policy() (PolicyView, error) {
	svc, me, err := c.me()
	if err != nil {
		return PolicyView{}, uiErr(err)
	}
	p, err := svc.Policy()
	if err != nil {
		return PolicyView{}, uiErr(err)
	}
	builtIn, high := map[string]int{}, map[string]bool{}
	def := assess.DefaultPolicy()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			code := string([]rune{a, b})
			if cat, ok := assess.CountryRisk(code, def); ok {
				builtIn[code] = cat
			}
			if c, ok := assess.OECDClass(code); ok && c.HighIncome {
				high[code] = true
			}
		}
	}
	return PolicyView{Policy: p, BuiltInDate: assess.CountryRiskDate(), BuiltIn: builtIn, HighIncome: high,
		Dimensions: assess.DimensionKeys, TermCodes: assess.TermCodes, Grades: assess.Grades, Regions: assess.Regions,
		CanEdit: me.Role == credit.RoleCreditManager || me.Role == credit.RoleAdmin}, nil
}

// SavePolicy validates and stores the policy (credit managers and admins).
func (c *CreditService) SavePolicy(p assess.Policy) (assess.Policy, error) {
	svc, me, err := c.me()
	if err != nil {
		return p, uiErr(err)
	}
	p, err = svc.SavePolicy(p, me.Name)
	return p, uiErr(err)
}

// ResetPolicy returns the built-in default policy (not saved).
func (c *CreditService) ResetPolicy() assess.Policy { return assess.DefaultPolicy() }
