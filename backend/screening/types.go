// Package screening screens the customer book against the sanctions lists a
// user imports: it keeps each import as a list version, holds one screening
// index in memory, stores a Result per dossier with the human decisions on
// its hits, and raises an Alert for every new hit.
//
// Records it keeps in the store (kinds):
//
//	sanctions_version/<uuid>  ListVersion: every import, kept forever
//	sanctions_current/<src>   the version ID that is current for a source
//	sanctions_list/<uuid>     the parsed list of a current version (compact JSON)
//	screen/<dossier id>       Result, written when it changed (see bookRecord)
//	screen/~book              the lists the last whole-book re-screen used
//	screen_decisions/<id>     decisions per hit key: the record of truth for them
//	screening_alert/<uuid>    Alert
//	screening_settings/threshold
package screening

import (
	"time"

	"credence/backend/dossier"
	"credence/backend/screened"
)

// Verdicts a person records on a hit.
const (
	VerdictTrueMatch     = screened.VerdictTrueMatch
	VerdictFalsePositive = screened.VerdictFalsePositive
)

// Record kinds in the store.
const (
	kindVersion   = "sanctions_version"
	kindCurrent   = "sanctions_current"
	kindList      = "sanctions_list"
	kindResult    = "screen"
	kindDecisions = "screen_decisions"
	kindAlert     = "screening_alert"
	kindSettings  = "screening_settings"
)

// DefaultThreshold is the match score from which a candidate is a hit.
const DefaultThreshold = 0.85

// candidateFloor is the lowest score ScreenName reports with all=true.
const candidateFloor = 0.5

// The result types live in the leaf package screened, so that rule
// packages and reports read them without the store.
type (
	ListVersion = screened.ListVersion
	Decision    = screened.Decision
	Hit         = screened.Hit
	Result      = screened.Result
)

// Alert tells the alert board about a new hit.
type Alert struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"` // "sanctions_hit"
	DossierID string    `json:"dossier_id"`
	Name      string    `json:"name"`     // customer display name
	Severity  string    `json:"severity"` // "high"
	EN        string    `json:"en"`
	ZH        string    `json:"zh"`
	CreatedAt time.Time `json:"created_at"`
	Acked     bool      `json:"acked"`
	HitKey    string    `json:"hit_key"`
}

// alertRec is an Alert as stored, with who acknowledged it.
type alertRec struct {
	Alert
	AckedBy string     `json:"acked_by,omitempty"`
	AckedAt *time.Time `json:"acked_at,omitempty"`
}

// archived is what is kept of a hit once a person decided on it, so the
// decision survives re-screens, new list versions and the hit going away
// and coming back.
type archived struct {
	FirstSeen time.Time  `json:"first_seen"`
	Decisions []Decision `json:"decisions"`
}

// HitKey is the stable key of a list entry.
func HitKey(list, entryID string) string { return screened.HitKey(list, entryID) }

// SourceName names a list source for people, in English and Chinese.
func SourceName(source string) (en, zh string) { return screened.SourceName(source) }

// HanOnly reports whether the dossier's names are in Han characters only.
func HanOnly(d *dossier.Dossier) bool { return screened.HanOnly(d) }

// Pinyin transliterates the Han characters of a name (see screened.Pinyin).
func Pinyin(s string) string { return screened.Pinyin(s) }
