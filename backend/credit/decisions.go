package credit

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/assess"
	"credence/backend/errs"
	"credence/backend/screening"
	"credence/backend/store"
)

// Proposal statuses.
const (
	StatusPending  = "pending"
	StatusApproved = "approved"
	StatusRejected = "rejected"
)

// Proposal is someone's proposal of a limit and terms, made on an
// assessment, and its decision once taken.
type Proposal struct {
	ID         string       `json:"id"` // dossier id/sortable time/uuid
	DossierID  string       `json:"dossier_id"`
	SnapshotID string       `json:"snapshot_id"`
	Limit      float64      `json:"limit"`
	Currency   string       `json:"currency"`
	Terms      assess.Terms `json:"terms"`
	Comment    string       `json:"comment"`
	By         string       `json:"by"`              // the proposer's name, as they are called now
	ByID       string       `json:"by_id,omitempty"` // the proposer's user id
	At         time.Time    `json:"at"`
	Status     string       `json:"status"` // pending, approved, rejected
	Decision   *Approval    `json:"decision,omitempty"`
}

// Approval is a credit manager's signed decision on a proposal (approved
// or rejected). Signature is the approver's ed25519 signature over the
// canonical encoding of every other field, made with the key of UserID on
// Device and verified against the keys registered for that user and
// device. By is the approver's name when they signed.
type Approval struct {
	ProposalID string       `json:"proposal_id"`
	DossierID  string       `json:"dossier_id"`
	Approved   bool         `json:"approved"`
	Limit      float64      `json:"limit"`
	Currency   string       `json:"currency"`
	Terms      assess.Terms `json:"terms"`
	Comment    string       `json:"comment"`
	By         string       `json:"by"`
	UserID     string       `json:"user_id"`
	Device     string       `json:"device,omitempty"` // "" for approvals signed before keys per device
	At         time.Time    `json:"at"`
	// SelfApproved: the approver proposed it too, which only a policy
	// with a single approver (a firm of one) allows; said openly.
	SelfApproved bool `json:"self_approved,omitempty"`
	// AboveRecommendation: the approved limit or terms give more than the
	// assessment recommended; the comment says why.
	AboveRecommendation bool   `json:"above_recommendation,omitempty"`
	Signature           []byte `json:"signature"`
}

// proposalRec is a proposal as stored, with what the decision fixed.
type proposalRec struct {
	Proposal
	Grade      string `json:"grade,omitempty"`       // the snapshot's grade
	NextReview string `json:"next_review,omitempty"` // YYYY-MM-DD, set on approval
}

var reCcy = regexp.MustCompile(`^[A-Z]{3}$`)

func invalid(field, key, format string, a ...any) error {
	return errs.New(errs.Invalid, format, a...).WithKey(key, "field", field)
}

// Propose records a proposal of a limit (>= 0, in currency; the policy's
// currency when empty) and terms on one of the dossier's assessments.
// Anyone may propose.
func (s *Service) Propose(dossierID, snapshotID string, limit float64, currency string, terms assess.Terms, comment, by string) (Proposal, error) {
	if math.IsNaN(limit) || math.IsInf(limit, 0) || limit < 0 {
		return Proposal{}, invalid("limit", "err.limit", "the limit must be a number of at least 0")
	}
	if err := checkTerms(terms); err != nil {
		return Proposal{}, err
	}
	snap, err := s.Snapshot(dossierID, snapshotID)
	if err != nil {
		return Proposal{}, err
	}
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		currency = snap.Assessment.Limit.Currency
	}
	if !reCcy.MatchString(currency) {
		return Proposal{}, invalid("currency", "err.currency", "currency must be a three-letter code such as USD")
	}
	actor, err := s.actor(by)
	if err != nil {
		return Proposal{}, err
	}
	// The recommended terms carry their explanation; other terms are named
	// by code, days and deposit alone.
	rec := snap.Assessment.Terms
	if terms.EN == "" && terms.ZH == "" && rec.Code == terms.Code && rec.Days == terms.Days && rec.DepositPct == terms.DepositPct {
		terms.EN, terms.ZH = rec.EN, rec.ZH
	}
	now := s.now()
	p := proposalRec{
		Proposal: Proposal{
			ID:         dossierID + "/" + now.Format(idTime) + "/" + uuid.NewString(),
			DossierID:  dossierID,
			SnapshotID: snapshotID,
			Limit:      limit,
			Currency:   currency,
			Terms:      terms,
			Comment:    strings.TrimSpace(comment),
			By:         actor.Name,
			ByID:       actor.ID,
			At:         now,
			Status:     StatusPending,
		},
		Grade: snap.Assessment.Grade,
	}
	if err := s.st.PutRecord(kindProposal, p.ID, p); err != nil {
		return Proposal{}, err
	}
	return p.Proposal, nil
}

func checkTerms(t assess.Terms) error {
	bad := func(format string, a ...any) error { return invalid("terms", "err.terms", format, a...) }
	if !slices.Contains(assess.TermCodes, t.Code) {
		return bad("unknown payment term %q (known: %s)", t.Code, strings.Join(assess.TermCodes, ", "))
	}
	switch t.Code {
	case assess.TermOA, assess.TermDA:
		if t.Days <= 0 || t.Days > 360 {
			return bad("%s needs a number of days between 1 and 360", t.Code)
		}
	case assess.TermDepositBL:
		if t.DepositPct <= 0 || t.DepositPct >= 100 {
			return bad("the deposit must be between 1 and 99 per cent")
		}
	}
	return nil
}

// Decide approves or rejects a pending proposal; only a credit manager or
// an admin may (errs.Unauthorized "err.notAllowed"). A rejection needs a
// comment. The decision is signed with the approver's key; an approved
// limit and terms become the dossier's current ones, with the next review
// date that the grade's policy band sets from today.
func (s *Service) Decide(proposalID string, approve bool, comment, by string) (Proposal, error) {
	comment = strings.TrimSpace(comment)
	actor, err := s.actor(by)
	if err != nil {
		return Proposal{}, err
	}
	if !actor.Role.CanDecide() {
		return Proposal{}, errNotAllowed("approve or reject credit limits")
	}
	if !approve && comment == "" {
		return Proposal{}, invalid("comment", "err.commentRequired", "say why the proposal is rejected")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.proposal(proposalID)
	if err != nil {
		return Proposal{}, err
	}
	if rec.Status != StatusPending {
		return Proposal{}, errs.New(errs.Conflict, "the proposal was already %s", rec.Status).WithKey("err.alreadyDecided", "status", rec.Status)
	}
	self := rec.ByID == actor.ID || rec.ByID == "" && strings.EqualFold(rec.By, actor.Name)
	above := false
	if approve {
		if err := s.approvable(rec); err != nil {
			return Proposal{}, err
		}
		if self {
			p, err := s.Policy()
			if err != nil {
				return Proposal{}, err
			}
			if !p.SingleApprover {
				return Proposal{}, errs.New(errs.Unauthorized, "%s proposed this limit and cannot approve it too: another credit manager must (or switch the policy to a single approver)", actor.Name).
					WithKey("err.ownProposal", "name", actor.Name)
			}
		}
		// More than the assessment recommends is the approver's call, but
		// one they must be able to defend: it needs a reason, and says so.
		if above, err = s.aboveRecommendation(rec); err != nil {
			return Proposal{}, err
		}
		if above && comment == "" {
			return Proposal{}, invalid("comment", "err.aboveRecommendation", "the proposal gives more than the assessment recommends: say why it is approved")
		}
	}
	now := s.now()
	a := Approval{
		ProposalID: rec.ID, DossierID: rec.DossierID, Approved: approve,
		Limit: rec.Limit, Currency: rec.Currency, Terms: rec.Terms, Comment: comment,
		By: actor.Name, UserID: actor.ID, At: now, SelfApproved: approve && self, AboveRecommendation: above,
	}
	key, device, err := s.signingKey()
	if err != nil {
		return Proposal{}, err
	}
	a.Device = device
	a.Signature = ed25519.Sign(key, canonical(a))
	rec.Decision = &a
	rec.Status = StatusRejected
	if approve {
		rec.Status = StatusApproved
		if rec.NextReview, err = s.reviewAfterApproval(rec, now); err != nil {
			return Proposal{}, err
		}
	}
	if err := s.st.PutRecord(kindProposal, rec.ID, rec); err != nil {
		return Proposal{}, err
	}
	if approve {
		if err := s.activate(rec.DossierID, actor.Name); err != nil {
			return rec.Proposal, err
		}
	}
	return rec.Proposal, nil
}

// aboveRecommendation: the proposal's limit or terms give more than its
// assessment recommends.
func (s *Service) aboveRecommendation(rec proposalRec) (bool, error) {
	snap, err := s.Snapshot(rec.DossierID, rec.SnapshotID)
	if err != nil {
		return false, err
	}
	a := snap.Assessment
	if !strings.EqualFold(rec.Currency, a.Limit.Currency) {
		return rec.Limit > 0 || !assess.TermsAtMost(rec.Terms, a.Terms), nil // not comparable: say why
	}
	return rec.Limit > a.Limit.Amount || !assess.TermsAtMost(rec.Terms, a.Terms), nil
}

// activate makes a lead or new customer active once credit is approved:
// from now on it is judged as an existing customer.
func (s *Service) activate(dossierID, by string) error {
	for range 3 {
		d, err := s.st.Dossier(dossierID)
		if err != nil {
			return err
		}
		if d.Status != "" && d.Status != "lead" && d.Status != "new" {
			return nil
		}
		d.Status = "active"
		_, err = s.st.SaveDossier(d, by)
		if !errs.Is(err, errs.Conflict) {
			return err
		}
	}
	return errs.New(errs.Conflict, "the customer kept changing while its status was set to active").WithKey("err.staleDossier")
}

// approvable refuses to approve credit for a party its assessment found
// on a sanctions list, or while any sanctions hit is undecided (on the
// snapshot or found since): no one may override that.
func (s *Service) approvable(rec proposalRec) error {
	snap, err := s.Snapshot(rec.DossierID, rec.SnapshotID)
	if err != nil {
		return err
	}
	confirmed := errs.New(errs.Conflict, "the customer is a confirmed sanctions match: no limit or terms can be approved").
		WithKey("err.sanctionsConfirmed")
	for _, f := range snap.Assessment.RedFlags {
		if f.Code == assess.FlagSanctionsConfirmed {
			return confirmed
		}
	}
	pending, err := s.Pending(rec.DossierID)
	if err != nil {
		return err
	}
	r, err := s.screen.Result(rec.DossierID)
	if err == nil {
		for _, h := range r.Hits {
			if c := h.Current(); c != nil && c.Verdict == screening.VerdictTrueMatch {
				return confirmed
			}
		}
	}
	if len(pending) > 0 {
		return errs.New(errs.Conflict, "%d sanctions hit(s) on this customer are undecided: decide each (true match or false positive) before approving", len(pending)).
			WithKey("err.screeningUnresolved", "count", strconv.Itoa(len(pending)))
	}
	if snap.Assessment.Status == assess.StatusOnHold {
		return errs.New(errs.Conflict, "the assessment was made while screening was unresolved: assess again now that the hits are decided, and propose on the new assessment").
			WithKey("err.assessmentOnHold")
	}
	return nil
}

// reviewAfterApproval: the grade's review interval from the approval,
// sooner for key accounts.
func (s *Service) reviewAfterApproval(rec proposalRec, now time.Time) (string, error) {
	snap, err := s.Snapshot(rec.DossierID, rec.SnapshotID)
	if err != nil {
		return "", err
	}
	d, err := s.st.Dossier(rec.DossierID)
	if err != nil {
		return "", err
	}
	m := snap.Assessment.PolicyRow.ReviewMonths
	if d.KeyAccount {
		m = snap.Assessment.PolicyRow.KeyAccountReviewMonths
	}
	if m <= 0 {
		return snap.Assessment.NextReview, nil
	}
	return now.AddDate(0, m, 0).Format(dateLayout), nil
}

func (s *Service) proposal(id string) (proposalRec, error) {
	var rec proposalRec
	if err := s.st.GetRecord(kindProposal, id, &rec); err != nil {
		if errs.Is(err, errs.NotFound) {
			return rec, errs.New(errs.NotFound, "no proposal %s", id).WithKey("err.proposalNotFound", "id", id)
		}
		return rec, err
	}
	return rec, nil
}

// Proposals lists the dossier's proposals, newest first.
func (s *Service) Proposals(dossierID string) ([]Proposal, error) {
	recs, err := s.proposals(dossierID)
	if err != nil {
		return nil, err
	}
	out := make([]Proposal, len(recs))
	for i, r := range recs {
		out[i] = r.Proposal
		if r.ByID != "" {
			out[i].By = s.UserName(r.ByID)
		}
	}
	return out, nil
}

// proposals reads the stored proposals of one dossier ("" for all),
// newest first.
func (s *Service) proposals(dossierID string) ([]proposalRec, error) {
	out := []proposalRec{}
	prefix := ""
	if dossierID != "" {
		if strings.Contains(dossierID, "/") {
			return out, nil
		}
		prefix = dossierID + "/"
	}
	err := s.st.ScanRecords(kindProposal, prefix, func(id string, b []byte) error {
		var r proposalRec
		if err := json.Unmarshal(b, &r); err != nil {
			return errs.Wrap(errs.Internal, err, "decode proposal %s", id)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Reverse(out)
	return out, nil
}

// Verify checks an approval's signature against the public keys
// registered for its approver (and device): errs.Conflict "err.tampered"
// when none matches (the approval was edited after it was signed, the
// approver is unknown, or it was signed with a key that is not theirs).
func (s *Service) Verify(a Approval) error {
	tampered := func(why string) error {
		return errs.New(errs.Conflict, "the decision on proposal %s does not match its signature (%s): it was changed after it was signed", a.ProposalID, why).
			WithKey("err.tampered", "proposal", a.ProposalID)
	}
	u, err := s.user(a.UserID)
	if errs.Is(err, errs.NotFound) {
		return tampered("unknown approver")
	}
	if err != nil {
		return err
	}
	keys := keysOf(u, a.Device)
	if len(keys) == 0 {
		return tampered("no key of the approver on that device")
	}
	msg := canonical(a)
	for _, k := range keys {
		if ed25519.Verify(k, msg, a.Signature) {
			return s.couldDecide(u, a)
		}
	}
	return tampered("bad signature")
}

// couldDecide checks that the approver ever held a deciding role: now,
// or by the signed record of role changes (a credit manager made a
// salesperson later keeps her approvals). A salesperson's own key signs a
// well-formed approval; only the role says it is none, and a device
// cannot give its person a role (sync refuses it). The record's dates are
// not compared with the approval's: those come from different computers'
// clocks, and an approver could date a signature as they like anyway.
func (s *Service) couldDecide(u User, a Approval) error {
	if u.Role.CanDecide() && u.Removed.IsZero() {
		return nil
	}
	could := false
	err := s.st.ScanRecords(store.KindRoleChange, "", func(_ string, v []byte) error {
		var c RoleChange
		if json.Unmarshal(v, &c) == nil && c.UserID == u.ID && c.To.CanDecide() {
			could = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !could {
		return errs.New(errs.Conflict, "%s approved proposal %s without the role to: only a credit manager or an admin may", u.Name, a.ProposalID).
			WithKey("err.approverRole", "name", u.Name, "proposal", a.ProposalID)
	}
	return nil
}

// canonical is the byte string an approval's signature covers: every
// field but the signature, in a fixed order, each length-prefixed so that
// no two approvals encode alike.
func canonical(a Approval) []byte {
	var b bytes.Buffer
	b.WriteString("credence/approval/v1\n")
	field := func(k, v string) { fmt.Fprintf(&b, "%s %d:%s\n", k, len(v), v) }
	field("proposal_id", a.ProposalID)
	field("dossier_id", a.DossierID)
	field("approved", strconv.FormatBool(a.Approved))
	field("limit", strconv.FormatFloat(a.Limit, 'g', -1, 64))
	field("currency", a.Currency)
	field("terms.code", a.Terms.Code)
	field("terms.days", strconv.Itoa(a.Terms.Days))
	field("terms.deposit_pct", strconv.Itoa(a.Terms.DepositPct))
	field("terms.en", a.Terms.EN)
	field("terms.zh", a.Terms.ZH)
	field("comment", a.Comment)
	field("by", a.By)
	field("user_id", a.UserID)
	if a.Device != "" { // only when set: approvals signed before still verify
		field("device", a.Device)
	}
	field("at", a.At.UTC().Format(time.RFC3339Nano))
	if a.SelfApproved { // only when set: approvals signed before still verify
		field("self_approved", "true")
	}
	if a.AboveRecommendation {
		field("above_recommendation", "true")
	}
	return b.Bytes()
}
