package sanctions

import (
	"strings"
	"time"
)

// List sources, used in Entry.List and List.Source, and as format names for
// Load and DetectFormat.
const (
	SourceOFAC = "ofac_sdn"
	SourceUN   = "un"
	SourceEU   = "eu"
	SourceUK   = "uk"
	SourceCSL  = "us_csl"
)

// Entry kinds.
const (
	KindIndividual = "individual"
	KindEntity     = "entity"
	KindVessel     = "vessel"
	KindAircraft   = "aircraft"
)

// Entry is one listed party, whatever list it comes from.
type Entry struct {
	List       string   // "ofac_sdn", "un", "eu", "uk", "us_csl"
	ID         string   // the list's own identifier: OFAC ent_num, UN DATAID, EU logicalId, UK Group ID, CSL id
	Name       string   // primary name
	Aliases    []string // alias names (and original-script name, e.g. Han/Arabic)
	Kind       string   // "individual", "entity", "vessel", "aircraft", ""
	Programs   []string
	Countries  []string // ISO alpha-2 where derivable (nationality, address country); raw text if not mappable
	BirthDates []string // "1960-01-12" or "1960"
	Addresses  []string // as the list writes them, one line each: street, city, country
	Remarks    string
}

// List is one parsed sanctions list.
type List struct {
	Source  string    // as Entry.List
	Date    time.Time // publication date when the file states it (UN dateGenerated, EU generationDate), else zero
	Entries []Entry
}

// joinNonEmpty joins the trimmed non-empty parts of an address with ", ".
func joinNonEmpty(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}
