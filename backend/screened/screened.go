// Package screened holds what a sanctions screening produced — the result
// of one dossier, its hits and the decisions people took on them — and the
// name rules shared by the screening and the red flags. It is a leaf: rule
// packages (redflags) and reports read screening results through it
// without pulling in the store or Badger.
package screened

import (
	"time"

	"credence/backend/sanctions"
)

// Verdicts a person records on a hit.
const (
	VerdictTrueMatch     = "true_match"
	VerdictFalsePositive = "false_positive"
)

// Decision is a person's verdict on a hit.
type Decision struct {
	Verdict string    `json:"verdict"`         // "true_match" | "false_positive"
	By      string    `json:"by"`              // their name when they decided
	ByID    string    `json:"by_id,omitempty"` // who: the person who unlocked (names change)
	At      time.Time `json:"at"`
	Reason  string    `json:"reason"`
}

// Hit is one list entry that matched a dossier.
type Hit struct {
	Key         string     `json:"key"` // list + ":" + entry id: stable across re-screens
	List        string     `json:"list"`
	EntryID     string     `json:"entry_id"`
	Name        string     `json:"name"` // the entry's primary name
	MatchedName string     `json:"matched_name"`
	QueryName   string     `json:"query_name"`
	Score       float64    `json:"score"`
	Reasons     []string   `json:"reasons"`
	Programs    []string   `json:"programs,omitempty"`
	Countries   []string   `json:"countries,omitempty"`
	Kind        string     `json:"kind,omitempty"`
	FirstSeen   time.Time  `json:"first_seen"`
	Decisions   []Decision `json:"decisions,omitempty"` // oldest first, kept across re-screens
}

// Current is the last decision taken on the hit, or nil.
func (h Hit) Current() *Decision {
	if len(h.Decisions) == 0 {
		return nil
	}
	d := h.Decisions[len(h.Decisions)-1]
	return &d
}

// Result is the outcome of screening one dossier. Lists empty means no list
// was imported when it was screened: nothing was checked.
type Result struct {
	DossierID  string    `json:"dossier_id"`
	ScreenedAt time.Time `json:"screened_at"`
	Lists      []string  `json:"lists"` // ListVersion IDs used
	Hits       []Hit     `json:"hits"`  // best first
}

// ListVersion is one import of one sanctions list.
type ListVersion struct {
	ID        string    `json:"id"`
	Source    string    `json:"source"`    // sanctions.Source*
	Published time.Time `json:"published"` // date stated in the file or given by the person; zero if unknown
	// PublishedGiven says the date was typed by a person, not read from the file.
	PublishedGiven bool      `json:"published_given,omitempty"`
	ImportedAt     time.Time `json:"imported_at"`
	ImportedBy     string    `json:"imported_by"`
	Entries        int       `json:"entries"`
	File           string    `json:"file"` // base name(s) imported
}

// Age is how old the list is at now, since its publication date; ok is
// false when that date is unknown (a file that states none, with no date
// given at import): the import date says nothing of how current a list is.
func (v ListVersion) Age(now time.Time) (age time.Duration, ok bool) {
	if v.Published.IsZero() {
		return 0, false
	}
	return now.Sub(v.Published), true
}

// HitKey is the stable key of a list entry.
func HitKey(list, entryID string) string { return list + ":" + entryID }

// SourceName names a list source for people, in English and Chinese.
func SourceName(source string) (en, zh string) {
	switch source {
	case sanctions.SourceOFAC:
		return "OFAC SDN list", "美国OFAC特别指定国民（SDN）名单"
	case sanctions.SourceUN:
		return "UN Security Council consolidated list", "联合国安理会综合制裁名单"
	case sanctions.SourceEU:
		return "EU consolidated financial sanctions list", "欧盟综合金融制裁名单"
	case sanctions.SourceUK:
		return "UK sanctions list", "英国制裁名单"
	case sanctions.SourceCSL:
		return "US Consolidated Screening List", "美国综合筛查名单（CSL）"
	}
	return source, source
}
