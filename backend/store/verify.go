package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// Badger's encryption is AES-CTR: it hides data but does not notice a
// changed byte. What does notice: Badger's own block and value checksums
// (turned on in badgerOptions), the tables' checksums checked whole
// before opening (tablecheck.go), the AEAD of attachments, and Verify, which reads
// every record back. A workspace found damaged still opens, so that what
// is intact can be read and exported, but backups refuse to copy it unless
// told to (BackupOptions.AllowDamaged).

// Problem is one damaged part of a workspace.
type Problem struct {
	Where string `json:"where"` // "dossier <id>", "attachment <id>", "database tables", …
	What  string `json:"what"`
}

// Report is what Verify found.
type Report struct {
	Dossiers    int       `json:"dossiers"`
	History     int       `json:"history"`
	Attachments int       `json:"attachments"`
	Records     int       `json:"records"`
	Problems    []Problem `json:"problems"`
	// Repaired is what opening found damaged and mended from a copy kept
	// in the database (the device id file): not a problem any more, but
	// worth knowing.
	Repaired []string `json:"repaired,omitempty"`
}

// OK reports whether nothing damaged was found.
func (r Report) OK() bool { return len(r.Problems) == 0 }

// verifyTables runs Badger's table check. Badger 4.9 panics instead of
// returning the error when a block fails its checksum (it reads the nil
// block's offset for the message): the panic is the finding.
func (s *Store) verifyTables() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("a table block fails its checksum (%v)", r)
		}
	}()
	return s.readDB(func(db *badger.DB) error { return db.VerifyChecksum() })
}

// Damaged returns the problems found when the workspace was opened (the
// table checksums, waiting for that check); Verify finds more.
func (s *Store) Damaged() []Problem {
	s.idx() // damaged dossiers are found building it
	<-s.checked
	return append([]Problem(nil), s.damage...)
}

// Verify reads the whole workspace back: every table's checksums, every
// dossier, history entry, change-log pointer, record and attachment (whose
// seal and SHA-256 are checked against its dossier). It returns what it
// checked and every problem found; an error only when it could not run.
func (s *Store) Verify(ctx context.Context) (Report, error) {
	r := Report{Repaired: append([]string(nil), s.repaired...)}
	problem := func(where, format string, a ...any) {
		r.Problems = append(r.Problems, Problem{Where: where, What: fmt.Sprintf(format, a...)})
	}
	if err := s.verifyTables(); err != nil {
		problem("database tables", "%v", err)
	}
	blobs := map[string]string{} // attachment id -> sha256 of the opened bytes
	want := map[string]string{}  // attachment id -> sha256 its dossier states
	dossiers := map[string]bool{}
	err := s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.PrefetchValues = false
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := ctxErr(ctx); err != nil {
				return err
			}
			item := it.Item()
			key := string(item.KeyCopy(nil))
			v, err := s.value(item)
			if err != nil {
				problem(describeKey(item.Key()), "damaged record")
				continue
			}
			switch {
			case strings.HasPrefix(key, prefDossier):
				var d dossier.Dossier
				if err := json.Unmarshal(v, &d); err != nil || prefDossier+d.ID != key {
					problem("dossier "+key[len(prefDossier):], "damaged record")
					continue
				}
				r.Dossiers++
				dossiers[d.ID] = true
				for _, a := range d.Attachments {
					want[a.ID] = a.SHA256
				}
			case strings.HasPrefix(key, prefHistory):
				var c ChangeRecord
				if err := json.Unmarshal(v, &c); err != nil || !strings.HasPrefix(key, prefHistory+c.DossierID+"/") {
					problem("history "+key[len(prefHistory):], "damaged record")
					continue
				}
				r.History++
			case strings.HasPrefix(key, prefLog):
				if _, err := txn.Get(v); err != nil {
					problem("change log "+key[len(prefLog):], "points to a missing history entry")
				}
			case strings.HasPrefix(key, prefBlob):
				id := key[len(prefBlob):]
				pt, err := crypt.Open(s.blobKey, v, []byte(id))
				if err != nil {
					problem("attachment "+id, "damaged file")
					continue
				}
				sum := sha256.Sum256(pt)
				blobs[id] = hex.EncodeToString(sum[:])
				r.Attachments++
			case strings.HasPrefix(key, prefRecord), strings.HasPrefix(key, "cfg/"):
				if !json.Valid(v) {
					problem(key, "damaged record")
					continue
				}
				r.Records++
			}
		}
		return nil
	})
	switch {
	case errors.Is(err, errReadDamaged):
		// A damaged block can stop the read itself (Badger panics on
		// it): a finding, not a check that could not run.
		problem("database tables", "reading stopped at a damaged block; the records after it were not checked")
	case err != nil:
		return r, err
	}
	for id, sum := range want {
		got, ok := blobs[id]
		switch {
		case !ok && !hasProblem(r, "attachment "+id):
			problem("attachment "+id, "file missing")
		case ok && got != sum:
			problem("attachment "+id, "content differs from its checksum")
		}
	}
	// Rows a damaged table hides from iteration were in the index built at
	// open only if they were readable then; compare both ways.
	if n := s.idx().Len(); n != len(dossiers) {
		problem("dossier list", "%d dossiers listed, %d readable", n, len(dossiers))
	}
	return r, nil
}

func hasProblem(r Report, where string) bool {
	for _, p := range r.Problems {
		if p.Where == where {
			return true
		}
	}
	return false
}

// errReadDamaged is what view wraps when reading panicked on damaged data.
var errReadDamaged = errors.New("reading stopped at a damaged block")

// errDamaged is returned by operations that refuse a damaged workspace.
func errDamaged(ps []Problem) error {
	what := ps[0].Where
	return errs.New(errs.Invalid, "the workspace is damaged (%s: %s); check it with Verify, export what is intact, restore from a backup", ps[0].Where, ps[0].What).
		WithKey("err.damaged", "what", what)
}

// view runs a read transaction. Badger 4.9 can panic on a damaged table
// (an offset read from a corrupted index slices out of range): the panic
// becomes an error that says the workspace is damaged, instead of taking
// the app down.
func (s *Store) view(fn func(txn *badger.Txn) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errs.Wrap(errs.Invalid, errReadDamaged, "the workspace database is damaged (%v); restore it from a backup", r).
				WithKey("err.damaged", "what", "database tables")
		}
	}()
	s.txMu.RLock()
	defer s.txMu.RUnlock()
	return s.db.View(fn)
}
