package app

import (
	"strconv"

	"credence/backend/credit"
	"credence/backend/dossier"
)

// Values the screens show that Go decides, so the frontend keeps no copy
// of the rule: a form's verification state, the payment-term names and
// category range, who may decide which proposal. (A visit's bad answers
// come with its score: visit.ItemScore.Bad.)

// FactCheck is the verification state of a dossier as typed in the form,
// before it is saved.
type FactCheck struct {
	Summary dossier.Verification `json:"summary"`
	// States gives every fact's effective state by its place in the form:
	// "legal_name", "emails/0"; facts without a value are left out.
	States map[string]string `json:"states"`
}

// Verification says how much of a dossier is verified and each fact's
// effective state (a source that disagrees makes it contradicted). Pure:
// it reads only its argument and works on a locked workspace.
func (d *DossierService) Verification(x dossier.Dossier) FactCheck {
	out := FactCheck{Summary: x.Verification(), States: map[string]string{}}
	add := func(name string, f *dossier.Fact) {
		if f.Value != "" {
			out.States[name] = f.EffectiveState()
		}
	}
	for name, f := range map[string]*dossier.Fact{
		"legal_name": &x.LegalName, "latin_name": &x.LatinName, "country": &x.Country,
		"registered_address": &x.RegisteredAddress, "registration_date": &x.RegistrationDate,
		"registered_capital": &x.RegisteredCapital, "business_scope": &x.BusinessScope,
		"legal_representative": &x.LegalRepresentative, "website": &x.Website,
	} {
		add(name, f)
	}
	for name, l := range map[string][]dossier.Fact{"emails": x.Emails, "phones": x.Phones, "socials": x.Socials, "identifiers": x.Identifiers} {
		for i := range l {
			add(name+"/"+strconv.Itoa(i), &l[i])
		}
	}
	return out
}

// CreditEnums are the choices of the dossier's credit inputs.
type CreditEnums struct {
	LegalKinds     []string `json:"legal_kinds"`
	LegalStatuses  []string `json:"legal_statuses"`
	LegalRoles     []string `json:"legal_roles"`
	PaymentHabits  []string `json:"payment_habits"`
	RequestedTerms []string `json:"requested_terms"`
}

// CreditEnums returns the choices the credit-input tables offer, the
// lists dossier validation accepts.
func (d *DossierService) CreditEnums() CreditEnums {
	return CreditEnums{dossier.LegalKinds, dossier.LegalStatuses, dossier.LegalRoles, dossier.PaymentHabits, dossier.RequestedTerms}
}

// CreditVocabulary is what credit forms offer, as Go defines it.
type CreditVocabulary struct {
	// Terms names every payment-term code, with {days}/{pct} placeholders.
	Terms       map[string]credit.TermName `json:"terms"`
	MinCategory int                        `json:"min_category"` // country-ceiling categories the policy accepts
	MaxCategory int                        `json:"max_category"`
	MinOverride int                        `json:"min_override"` // categories a country may be overridden to
	MaxOverride int                        `json:"max_override"`
	Roles       []credit.Role              `json:"roles"` // what a person may be, from least to most
}

// Vocabulary returns the payment-term names and the country-category
// range; it needs no workspace.
func (c *CreditService) Vocabulary() CreditVocabulary {
	return CreditVocabulary{Terms: credit.TermNames(), MinCategory: credit.MinCountryCategory, MaxCategory: credit.MaxCountryCategory,
		MinOverride: credit.MinOverrideCategory, MaxOverride: credit.MaxOverrideCategory,
		Roles: credit.Roles}
}

// Rights says, for each proposal of the dossier, whether the person at
// this window may approve or reject it (credit.MayDecide), keyed by
// proposal id.
func (c *CreditService) Rights(dossierID string) (map[string]credit.Right, error) {
	svc, me, err := c.me()
	if err != nil {
		return nil, uiErr(err)
	}
	ps, err := svc.Proposals(dossierID)
	if err != nil {
		return nil, uiErr(err)
	}
	pol, err := svc.Policy()
	if err != nil {
		return nil, uiErr(err)
	}
	out := make(map[string]credit.Right, len(ps))
	for _, p := range ps {
		out[p.ID] = credit.MayDecide(me, p, pol.SingleApprover)
	}
	return out, nil
}

// EventChanged tells the frontend's stores that records changed without
// the person doing it here (a sync, another window, a batch): each store
// reloads what it shows if one of the kinds is its own and, when IDs are
// given, one of them is (or is under) a record it shows. Kinds are record
// kinds: dossier, screening, alert, list, assessment, proposal, approval,
// legal_check, policy, user, visit, template, receivables, invoice,
// payment, trade, settings, workspace. Empty lists mean "anything".
const EventChanged = "workspace:changed"

// Changed is EventChanged's data.
type Changed struct {
	Kinds []string `json:"kinds,omitempty"`
	IDs   []string `json:"ids,omitempty"`
}
