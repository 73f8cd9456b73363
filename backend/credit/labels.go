package credit

import (
	"strconv"
	"strings"

	"credence/backend/assess"
)

// Label is a short text in both languages of the app.
type Label struct {
	EN string `json:"en"`
	ZH string `json:"zh"`
}

// termNames are the short names of the payment terms, with {days} and
// {pct} where the term's own numbers go. They are the one spelling the
// screens use (through TermNames), so the app does not keep a copy that
// drifts from Go.
var termNames = map[string]Label{
	assess.TermLCSight:   {"L/C at sight", "即期信用证（L/C）"},
	assess.TermTTAdvance: {"T/T in advance", "前T/T（款到发货）"},
	assess.TermDepositBL: {"{pct}% deposit, balance against B/L copy", "{pct}%定金，余款凭提单副本支付"},
	assess.TermDP:        {"D/P at sight", "即期付款交单（D/P）"},
	assess.TermDA:        {"D/A {days} days", "承兑交单（D/A）{days}天"},
	assess.TermOA:        {"O/A {days} days", "赊销（O/A）{days}天"},
	assess.TermDecline:   {"Decline", "拒绝交易"},
}

// termNamesBare name a term whose number is not set yet (a code picked
// in a form before the days are typed).
var termNamesBare = map[string]Label{
	assess.TermDepositBL: {"Deposit, balance against B/L copy", "定金，余款凭提单副本支付"},
	assess.TermDA:        {"D/A", "承兑交单（D/A）"},
	assess.TermOA:        {"O/A", "赊销（O/A）"},
}

// TermNames returns, for every payment-term code, its name with the
// {days}/{pct} placeholders, and its bare name (no number): what the
// frontend fills in, so the rule lives here only.
func TermNames() map[string]TermName {
	out := make(map[string]TermName, len(termNames))
	for _, code := range assess.TermCodes {
		n := TermName{Label: termNames[code], Bare: termNames[code]}
		if b, ok := termNamesBare[code]; ok {
			n.Bare = b
		}
		out[code] = n
	}
	return out
}

// TermName is a term's name with placeholders and without its number.
type TermName struct {
	Label
	Bare Label `json:"bare"`
}

// TermsLabel names a payment term in both languages: "O/A 60 days",
// "赊销（O/A）60天". An unknown code is shown as given.
func TermsLabel(t assess.Terms) Label {
	n, ok := termNames[t.Code]
	if !ok {
		return Label{EN: strings.ToUpper(t.Code), ZH: t.Code}
	}
	needs := strings.Contains(n.EN, "{days}") && t.Days <= 0 || strings.Contains(n.EN, "{pct}") && t.DepositPct <= 0
	if b, bare := termNamesBare[t.Code]; bare && needs {
		return b
	}
	r := strings.NewReplacer("{days}", strconv.Itoa(t.Days), "{pct}", strconv.Itoa(t.DepositPct))
	return Label{EN: r.Replace(n.EN), ZH: r.Replace(n.ZH)}
}

// Country-risk categories a policy's country ceiling may start from, and
// those a country may be overridden to (0: the least risky).
// assess.Policy.Validate refuses others; a test holds the two together.
const (
	MinCountryCategory  = 1
	MaxCountryCategory  = 7
	MinOverrideCategory = 0
	MaxOverrideCategory = 7
)

// Right is what a person may do with a proposal, as Decide would allow
// it: approve, reject, and if not, why (an i18n key).
type Right struct {
	Approve bool   `json:"approve"`
	Reject  bool   `json:"reject"`
	Why     string `json:"why,omitempty"` // judge.notDecider, judge.ownProposal, judge.decided
}

// MayDecide says whether me may approve or reject p: credit managers and
// admins decide; one's own proposal is approved by someone else unless
// the policy has a single approver (rejecting it stays allowed). It
// mirrors the checks of Decide that depend on the person; what depends on
// the customer (a hold, a comment) is Decide's to say.
func MayDecide(me User, p Proposal, singleApprover bool) Right {
	switch {
	case p.Status != StatusPending:
		return Right{Why: "judge.decided"}
	case !me.Role.CanDecide():
		return Right{Why: "judge.notDecider"}
	}
	self := p.ByID == me.ID || p.ByID == "" && strings.EqualFold(p.By, me.Name)
	if self && !singleApprover {
		return Right{Reject: true, Why: "judge.ownProposal"}
	}
	return Right{Approve: true, Reject: true}
}
