package changelog

import "fmt"

// Policy says whether and how a record kind travels between devices.
type Policy int

const (
	// SharedField records merge field by field (top-level JSON members;
	// field paths for dossiers): two people editing different fields of
	// one record both keep their edit.
	SharedField Policy = iota + 1
	// SharedAppend records travel whole: they are written once under a
	// fresh id (snapshots, decisions, signed documents, book entries), so
	// the set of them is a union; a rewrite of one id is last writer wins
	// on the whole record, never a mix of two versions of a signed thing.
	SharedAppend
	// Derived records are recomputed on each device from shared ones and
	// never carried.
	Derived
	// DeviceOnly records never leave the device (private keys, caches of
	// downloaded lists, personal preferences).
	DeviceOnly
)

func (p Policy) String() string {
	switch p {
	case SharedField:
		return "shared-field"
	case SharedAppend:
		return "shared-append"
	case Derived:
		return "derived"
	case DeviceOnly:
		return "device-only"
	}
	return fmt.Sprintf("policy(%d)", int(p))
}

// Carried reports whether changes of the kind go into the log.
func (p Policy) Carried() bool { return p == SharedField || p == SharedAppend }

// KindDossier is the customer dossier: field paths from dossier.Flatten.
const KindDossier = "dossier"

// kinds is the registry: every record kind written anywhere in the
// backend, and why it travels (or not) the way it does. A kind missing
// here cannot be written (the store refuses it) — decide before adding.
var kinds = map[string]Policy{
	// People edit these in forms; concurrent edits of different fields
	// must both survive.
	KindDossier:          SharedField,
	"credit_policy":      SharedField, // one policy document, edited by an admin
	"credit_user":        SharedField, // name, roles, public keys: per member
	"credit_review":      SharedField, // next-review date per dossier, overwritten
	"visit-template":     SharedField, // id/version keyed; edits of a draft version
	"screening_settings": SharedField, // the match threshold
	"ar_policy":          SharedField, // credit insurance policy terms
	"ar_rules":           SharedField, // collection rules
	"ar_customer_code":   SharedField, // ERP code → dossier link
	"ar_buyer_limit":     SharedField, // insurer's limit per buyer, updated in place
	"ar_hold":            SharedField, // a manual hold on a customer, set and lifted
	"retention_policy":   SharedField, // erase customers archived N years ago: the firm's policy
	"firm":               SharedField, // the firm's name, as every device prints it

	// Written once under a new id (or rewritten whole by its owner): a
	// union across devices; a partial merge of a signed or dated document
	// would be a document nobody wrote.
	"assessment":         SharedAppend, // dated score snapshots
	"credit_proposal":    SharedAppend, // proposal with its approvals and signatures
	"credit_role_change": SharedAppend, // signed audit of role grants
	"credit_legal_check": SharedAppend, // dated check results
	"visit":              SharedAppend, // a visit report, signed when done
	"screen_decisions":   SharedAppend, // a person's decisions on hits, as one dated set
	"trade_row":          SharedAppend, // imported customs rows
	"ar_invoice":         SharedAppend,
	"ar_payment":         SharedAppend,
	"ar_credit_note":     SharedAppend,
	"ar_order":           SharedAppend,
	"ar_dispute":         SharedAppend,
	"ar_collection":      SharedAppend, // collection log entries
	"audit":              SharedAppend, // the audit trail: hash-chained per device
	"erasure":            SharedAppend, // tombstones: what was erased, when, by whom, why (never the values)

	// Recomputed locally from the shared records after a sync.
	"assessment_latest": Derived, // newest snapshot per dossier
	"screen":            Derived, // screening results: lists × dossiers
	"screening_alert":   Derived, // raised by screening runs
	"ar_alert":          Derived, // raised by the collection rules
	"ar_summary":        Derived, // a customer's receivables in brief, for the alert board
	"ar_dossier_cover":  Derived, // insurance limits read from the dossiers, cached

	// Never leave the device.
	"credit_user_key":   DeviceOnly, // ed25519 private seeds
	"sanctions_list":    DeviceOnly, // downloaded list bodies: each device fetches its own
	"sanctions_version": DeviceOnly,
	"sanctions_current": DeviceOnly,
	"import_mapping":    DeviceOnly, // a person's saved column mappings
	"audit_head":        DeviceOnly, // this device's last audit entry: finds a chain cut at its end
	"settings":          DeviceOnly, // cfg/settings: name, language, idle lock
	// The device's sync state: server, pinned fingerprint, its private
	// keys, the workspace sync key of every epoch and how far it synced.
	"sync_state": DeviceOnly,
	// Where an attachment's bytes wait on the sync server: written once per
	// attachment by the device that had them, sealed like every change.
	"sync_blob": SharedAppend,
	// An admin device's signed grant of a role to a device
	// (syncproto.Grant), one per device and issuer: what makes a device's
	// changes to people and roles believable elsewhere.
	"sync_grant": SharedAppend,
}

// PolicyOf returns the kind's policy; an unknown kind is an error.
func PolicyOf(kind string) (Policy, error) {
	p, ok := kinds[kind]
	if !ok {
		return 0, fmt.Errorf("record kind %q has no sync policy: add it to changelog/kinds.go", kind)
	}
	return p, nil
}

// Kinds lists every registered kind with its policy.
func Kinds() map[string]Policy {
	out := make(map[string]Policy, len(kinds))
	for k, p := range kinds {
		out[k] = p
	}
	return out
}
