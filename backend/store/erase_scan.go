package store

import (
	badger "github.com/dgraph-io/badger/v4"
)

// EachVersion calls fn with every key of the database and every version
// of it Badger still holds (deleted ones included, with a nil value),
// decrypted: what someone holding the passphrase could read out of the
// folder with Badger's own tools. It proves an erasure (tests, `verify`);
// it is slow on a large workspace.
func (s *Store) EachVersion(fn func(key, value []byte, version uint64) error) error {
	return s.view(func(txn *badger.Txn) error {
		opt := badger.DefaultIteratorOptions
		opt.AllVersions = true
		it := txn.NewIterator(opt)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			var v []byte
			if !item.IsDeletedOrExpired() {
				var err error
				if v, err = item.ValueCopy(nil); err != nil {
					return err
				}
			}
			if err := fn(item.KeyCopy(nil), v, item.Version()); err != nil {
				return err
			}
		}
		return nil
	})
}
