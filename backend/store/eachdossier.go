package store

import (
	"encoding/json"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/dossier"
	"credence/backend/errs"
)

// EachDossier calls fn with every dossier, archived included, in id order,
// from one pass over the database: for work that goes through the whole
// book (a re-screen), where a read per id decrypts and decompresses the
// same blocks again for every customer. It stops at fn's first error and
// returns it; a damaged dossier stops it with errs.Invalid ("err.damaged").
func (s *Store) EachDossier(fn func(d *dossier.Dossier) error) error {
	return s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.Prefix = []byte(prefDossier)
		opt.PrefetchSize = 16
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			b, err := s.value(it.Item())
			if err != nil {
				return err
			}
			var d dossier.Dossier
			if err := json.Unmarshal(b, &d); err != nil {
				return errs.Wrap(errs.Invalid, err, "dossier %s cannot be read: the workspace is damaged", it.Item().Key()[len(prefDossier):]).
					WithKey("err.damaged", "what", describeKey(it.Item().Key()))
			}
			if err := fn(&d); err != nil {
				return err
			}
		}
		return nil
	})
}
