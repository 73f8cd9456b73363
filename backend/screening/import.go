package screening

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"credence/backend/errs"
	"credence/backend/sanctions"
)

// MaxShrink is the share of the current version's entries an import may
// drop without an explicit confirmation. A list cut short at a line end
// (a CSV format without an end marker) parses as a shorter list; losing more
// than this share of the entries is far more often such a file than a
// genuine mass delisting, and a delisted party that is still dangerous would
// no longer be screened.
const MaxShrink = 0.01

// keepBodies is how many list bodies per source are kept besides the
// current one, so a bad import can be rolled back.
const keepBodies = 3

// ImportOptions changes what Import accepts.
type ImportOptions struct {
	// AllowShrink accepts a list that drops more than MaxShrink of the
	// current version's entries (the person checked the file).
	AllowShrink bool
	// Published is the list's publication date, for files that do not
	// state one (OFAC's legacy CSV): the person reads it on the download
	// page. Ignored when the file states its own date.
	Published time.Time
}

// Import reads the list at path (a file, or a folder holding one list's
// files such as OFAC's sdn.csv, alt.csv and add.csv) in format ("" to
// recognise it), and stores it as the new current version of its source.
// It refuses a list that drops more than MaxShrink of the current
// version's entries; see ImportWith.
func (s *Service) Import(ctx context.Context, path, format, user string) (ListVersion, error) {
	return s.ImportWith(ctx, path, format, user, ImportOptions{})
}

// ImportWith is Import with options. Older versions keep their metadata
// (History) and the last keepBodies versions their entries, for Rollback.
// A file that cannot be read as a list, or is cut short, returns
// errs.Invalid naming the file and the problem (key "err.listCutShort" for
// a file that ends too early), and stores nothing. A list that drops more
// than MaxShrink of the current entries returns errs.Conflict with key
// "err.listShrink" unless opt.AllowShrink. The in-memory index is rebuilt
// on next use.
func (s *Service) ImportWith(ctx context.Context, path, format, user string, opt ImportOptions) (ListVersion, error) {
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
		if errors.Is(err, sanctions.ErrCutShort) {
			return ListVersion{}, errs.Wrap(errs.Invalid, err, "cannot import %s: the file ends too early, as a download or copy that stopped part-way does; the current list is kept. Download the list again", base).
				WithKey("err.listCutShort", "file", base)
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
		if !opt.Published.IsZero() {
			v.Published = opt.Published.UTC()
			v.PublishedGiven = true
		}
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	var prev struct {
		ID string `json:"id"`
	}
	if err := s.st.GetRecord(kindCurrent, v.Source, &prev); err != nil && !errs.Is(err, errs.NotFound) {
		return ListVersion{}, err
	}
	if prev.ID != "" && !opt.AllowShrink {
		if err := s.checkShrink(prev.ID, l, base); err != nil {
			return ListVersion{}, err
		}
	}
	// Order matters for a crash half-way: the data first, then its
	// metadata, then the pointer that makes it current. Every state in
	// between is consistent. Older bodies are pruned last.
	if err := s.putList(v.ID, l); err != nil {
		return ListVersion{}, err
	}
	if err := s.st.PutRecord(kindVersion, v.ID, v); err != nil {
		return ListVersion{}, err
	}
	if err := s.st.PutRecord(kindCurrent, v.Source, map[string]string{"id": v.ID}); err != nil {
		return ListVersion{}, err
	}
	s.snap.Store(nil)
	s.pruneBodies(v.Source, v.ID) // only space: the pointer moved already
	return v, nil
}

// checkShrink refuses l when it lacks more than MaxShrink of the entries of
// the current version id (by list entry id, so a list that swaps entries is
// measured as well as one that lost them).
func (s *Service) checkShrink(currentID string, l *sanctions.List, base string) error {
	var cur ListVersion
	if err := s.st.GetRecord(kindVersion, currentID, &cur); err != nil {
		return err
	}
	total, removed := cur.Entries, cur.Entries-len(l.Entries)
	if b, err := s.getBody(currentID); err == nil {
		if old, err := decodeList(b); err == nil {
			have := make(map[string]bool, len(l.Entries))
			for _, e := range l.Entries {
				have[HitKey(e.List, e.ID)] = true
			}
			total, removed = len(old.Entries), 0
			for _, e := range old.Entries {
				if !have[HitKey(e.List, e.ID)] {
					removed++
				}
			}
		}
	}
	if total == 0 || float64(removed) <= MaxShrink*float64(total) {
		return nil
	}
	pct := fmt.Sprintf("%.1f", 100*float64(removed)/float64(total))
	en, _ := SourceName(l.Source)
	return errs.New(errs.Conflict, "%s would remove %d of the %d entries of the current %s (%s%%); a file cut short does this. Check the file; to import it anyway, confirm (CLI: --allow-shrink)",
		base, removed, total, en, pct).
		WithKey("err.listShrink", "file", base, "removed", strconv.Itoa(removed), "total", strconv.Itoa(total), "percent", pct)
}

// pruneBodies drops the entries of the versions of source beyond the
// current one and the keepBodies newest others. Errors only cost space.
func (s *Service) pruneBodies(source, currentID string) {
	vs, err := s.History()
	if err != nil {
		return
	}
	kept := 0
	for _, v := range vs {
		if v.Source != source || v.ID == currentID {
			continue
		}
		if kept < keepBodies {
			kept++
			continue
		}
		_ = s.deleteBody(v.ID)
	}
}

// Rollback makes an earlier version of source current again: versionID, or
// with "" the newest version older than the current one whose entries are
// still kept. A version whose entries were pruned, or of another source,
// returns errs.NotFound (key "err.listRollback"). The in-memory index is
// rebuilt on next use; re-screen the book afterwards.
func (s *Service) Rollback(ctx context.Context, source, versionID string) (ListVersion, error) {
	if err := ctxErr(ctx); err != nil {
		return ListVersion{}, err
	}
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	var cur struct {
		ID string `json:"id"`
	}
	if err := s.st.GetRecord(kindCurrent, source, &cur); err != nil {
		if errs.Is(err, errs.NotFound) {
			return ListVersion{}, errs.New(errs.NotFound, "no %s list has been imported, so there is nothing to roll back", source).
				WithKey("err.listRollback", "source", source)
		}
		return ListVersion{}, err
	}
	vs, err := s.History()
	if err != nil {
		return ListVersion{}, err
	}
	var curAt time.Time
	for _, v := range vs {
		if v.ID == cur.ID {
			curAt = v.ImportedAt
		}
	}
	for _, v := range vs {
		if v.Source != source || v.ID == cur.ID {
			continue
		}
		if versionID != "" && v.ID != versionID {
			continue
		}
		if versionID == "" && !v.ImportedAt.Before(curAt) {
			continue
		}
		kept, err := s.hasBody(v.ID)
		if err != nil {
			return ListVersion{}, err
		}
		if !kept && versionID == "" {
			continue
		}
		if !kept {
			break
		}
		if err := s.st.PutRecord(kindCurrent, source, map[string]string{"id": v.ID}); err != nil {
			return ListVersion{}, err
		}
		s.snap.Store(nil)
		return v, nil
	}
	what := "an earlier version"
	if versionID != "" {
		what = "version " + versionID
	}
	return ListVersion{}, errs.New(errs.NotFound, "cannot roll back the %s list: %s is not kept (only the last %d versions are)", source, what, keepBodies+1).
		WithKey("err.listRollback", "source", source)
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
	Addresses  []string `json:"ad,omitempty"`
	Remarks    string   `json:"r,omitempty"`
}

// encodeList is the stored form of l in one piece (see putList).
func encodeList(l *sanctions.List) ([]byte, error) {
	var b bytes.Buffer
	err := encodeListTo(&b, l)
	return b.Bytes(), err
}

// encodeListTo writes the stored form of l entry by entry, so the whole
// encoded list never has to be in memory at once: the same JSON as
// json.Marshal of a listJSON.
func encodeListTo(w io.Writer, l *sanctions.List) error {
	head := listJSON{Source: l.Source, Date: l.Date}
	h, err := json.Marshal(head)
	if err != nil {
		return err
	}
	// h is {"s":…[,"d":…],"e":null}: keep all but the null and the brace.
	h = bytes.TrimSuffix(h, []byte("null}"))
	if _, err := w.Write(append(h, '[')); err != nil {
		return err
	}
	for i, e := range l.Entries {
		j := entryJSON{ID: e.ID, Name: e.Name, Aliases: e.Aliases, Kind: e.Kind, Programs: e.Programs,
			Countries: e.Countries, BirthDates: e.BirthDates, Addresses: e.Addresses, Remarks: e.Remarks}
		if e.List != l.Source {
			j.List = e.List
		}
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		if i > 0 {
			b = append([]byte{','}, b...)
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err = w.Write([]byte("]}"))
	return err
}

func decodeList(b []byte) (*sanctions.List, error) {
	var in listJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, err
	}
	l := &sanctions.List{Source: in.Source, Date: in.Date, Entries: make([]sanctions.Entry, len(in.Entries))}
	for i, j := range in.Entries {
		e := sanctions.Entry{List: j.List, ID: j.ID, Name: j.Name, Aliases: j.Aliases, Kind: j.Kind, Programs: j.Programs,
			Countries: j.Countries, BirthDates: j.BirthDates, Addresses: j.Addresses, Remarks: j.Remarks}
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
