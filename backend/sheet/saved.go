package sheet

import (
	"encoding/json"
	"sort"
	"strings"
	"time"

	"credence/backend/errs"
)

// Records is the part of a workspace store that keeps saved mappings.
type Records interface {
	PutRecord(kind, id string, v any) error
	ScanRecords(kind, prefix string, fn func(id string, value []byte) error) error
}

// Saved is a mapping the firm named to use again on the next export of
// the same system ("CRM export", "ImportGenius").
type Saved struct {
	Name    string    `json:"name"`
	Target  string    `json:"target"` // what it maps for: customers, trade
	Mapping Mapping   `json:"mapping"`
	Saved   time.Time `json:"saved"`
	By      string    `json:"by,omitempty"`
}

const kindMapping = "import_mapping"

// SaveMapping stores (or replaces) a named mapping for a target.
func SaveMapping(r Records, s Saved) error {
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" || strings.Contains(s.Name, "/") {
		return errs.New(errs.Invalid, "a saved mapping needs a name without '/'").WithKey("err.mappingName")
	}
	if s.Saved.IsZero() {
		s.Saved = time.Now().UTC()
	}
	return r.PutRecord(kindMapping, s.Target+"/"+s.Name, s)
}

// Mappings lists the saved mappings of a target by name.
func Mappings(r Records, target string) ([]Saved, error) {
	out := []Saved{}
	err := r.ScanRecords(kindMapping, target+"/", func(_ string, v []byte) error {
		var s Saved
		if err := json.Unmarshal(v, &s); err != nil {
			return errs.Wrap(errs.Internal, err, "decode saved mapping")
		}
		out = append(out, s)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

// FindMapping returns the saved mapping of that name.
func FindMapping(r Records, target, name string) (Mapping, error) {
	all, err := Mappings(r, target)
	if err != nil {
		return nil, err
	}
	for _, s := range all {
		if s.Name == strings.TrimSpace(name) {
			return s.Mapping, nil
		}
	}
	return nil, errs.New(errs.NotFound, "no saved mapping named %q", name).WithKey("err.mappingMissing", "name", name)
}
