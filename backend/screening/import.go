package screening

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/errs"
	"credence/backend/sanctions"
)

// Import reads the list at path (a file, or a folder holding one list's
// files such as OFAC's sdn.csv, alt.csv and add.csv) in format ("" to
// recognise it), and stores it as the new current version of its source.
// Older versions keep their metadata (History); only the current list is
// kept whole. A file that cannot be read as a list returns errs.Invalid
// naming the file and the problem, and stores nothing. The in-memory index
// is rebuilt on next use.
func (s *Service) Import(ctx context.Context, path, format, user string) (ListVersion, error) {
	if err := ctxErr(ctx); err != nil {
		return ListVersion{}, err
	}
	base := filepath.Base(path)
	format = strings.ToLower(strings.TrimSpace(format))
	l, err := sanctions.Load(path, format)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return ListVersion{}, errs.Wrap(errs.Invalid, err, "cannot import %s: there is no such file or folder", base).
				WithKey("err.listImport", "file", base)
		}
		return ListVersion{}, errs.Wrap(errs.Invalid, err, "cannot import %s as a sanctions list", base).
			WithKey("err.listImport", "file", base)
	}
	if len(l.Entries) == 0 {
		return ListVersion{}, errs.New(errs.Invalid, "cannot import %s: it holds no list entries (is it the right file?)", base).
			WithKey("err.listEmpty", "file", base)
	}
	if err := ctxErr(ctx); err != nil {
		return ListVersion{}, err
	}
	if user == "" {
		user = s.st.User()
	}
	v := ListVersion{
		ID: uuid.NewString(), Source: l.Source, Published: l.Date.UTC(),
		ImportedAt: s.now().UTC(), ImportedBy: user, Entries: len(l.Entries), File: fileNames(path, l.Source),
	}
	if l.Date.IsZero() {
		v.Published = time.Time{}
	}
	body, err := encodeList(l)
	if err != nil {
		return ListVersion{}, errs.Wrap(errs.Internal, err, "encode %s list", l.Source)
	}

	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	var prev struct {
		ID string `json:"id"`
	}
	if err := s.st.GetRecord(kindCurrent, v.Source, &prev); err != nil && !errs.Is(err, errs.NotFound) {
		return ListVersion{}, err
	}
	// Order matters for a crash half-way: the data first, then its
	// metadata, then the pointer that makes it current; the previous data
	// is dropped last. Every state in between is consistent.
	if err := s.st.PutRaw(kindList, v.ID, body); err != nil {
		return ListVersion{}, err
	}
	if err := s.st.PutRecord(kindVersion, v.ID, v); err != nil {
		return ListVersion{}, err
	}
	if err := s.st.PutRecord(kindCurrent, v.Source, map[string]string{"id": v.ID}); err != nil {
		return ListVersion{}, err
	}
	s.snap.Store(nil)
	if prev.ID != "" && prev.ID != v.ID {
		_ = s.st.DeleteRecord(kindList, prev.ID) // only space: the pointer moved already
	}
	return v, nil
}

// fileNames names what was imported: the file, or for a folder the list
// files in it (OFAC: sdn.csv and the alt.csv/add.csv beside it).
func fileNames(path, source string) string {
	dir := path
	fi, err := os.Stat(path)
	if err != nil {
		return filepath.Base(path)
	}
	if !fi.IsDir() {
		if source != sanctions.SourceOFAC {
			return filepath.Base(path)
		}
		dir = filepath.Dir(path)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return filepath.Base(path)
	}
	var names []string
	for _, e := range ents {
		n := strings.ToLower(e.Name())
		if e.IsDir() {
			continue
		}
		if source == sanctions.SourceOFAC {
			if n == "sdn.csv" || n == "alt.csv" || n == "add.csv" {
				names = append(names, e.Name())
			}
		} else if ext := filepath.Ext(n); ext == ".csv" || ext == ".xml" {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return filepath.Base(path)
	}
	return strings.Join(names, ", ")
}

// listJSON is the compact stored form of a parsed list: short keys, empty
// fields left out, the source written once.
type listJSON struct {
	Source  string      `json:"s"`
	Date    time.Time   `json:"d,omitzero"`
	Entries []entryJSON `json:"e"`
}

type entryJSON struct {
	List       string   `json:"l,omitempty"` // only when it differs from the list's source
	ID         string   `json:"i"`
	Name       string   `json:"n"`
	Aliases    []string `json:"a,omitempty"`
	Kind       string   `json:"k,omitempty"`
	Programs   []string `json:"p,omitempty"`
	Countries  []string `json:"c,omitempty"`
	BirthDates []string `json:"b,omitempty"`
	Remarks    string   `json:"r,omitempty"`
}

func encodeList(l *sanctions.List) ([]byte, error) {
	out := listJSON{Source: l.Source, Date: l.Date, Entries: make([]entryJSON, len(l.Entries))}
	for i, e := range l.Entries {
		j := entryJSON{ID: e.ID, Name: e.Name, Aliases: e.Aliases, Kind: e.Kind, Programs: e.Programs,
			Countries: e.Countries, BirthDates: e.BirthDates, Remarks: e.Remarks}
		if e.List != l.Source {
			j.List = e.List
		}
		out.Entries[i] = j
	}
	return json.Marshal(out)
}

func decodeList(b []byte) (*sanctions.List, error) {
	var in listJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	l := &sanctions.List{Source: in.Source, Date: in.Date, Entries: make([]sanctions.Entry, len(in.Entries))}
	for i, j := range in.Entries {
		e := sanctions.Entry{List: j.List, ID: j.ID, Name: j.Name, Aliases: j.Aliases, Kind: j.Kind, Programs: j.Programs,
			Countries: j.Countries, BirthDates: j.BirthDates, Remarks: j.Remarks}
		if e.List == "" {
			e.List = in.Source
		}
		l.Entries[i] = e
	}
	return l, nil
}

// ctxErr turns a cancelled context into the error people see.
func ctxErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return errs.Wrap(errs.Invalid, err, "cancelled").WithKey("err.cancelled")
	}
	return nil
}
