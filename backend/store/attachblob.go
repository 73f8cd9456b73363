package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// Attachment bytes for sync: a dossier record travels with the change log
// and names its attachments, but their bytes are kept apart (a/<id>),
// sealed under this device's own blob key. Sync moves them as sealed blobs
// of its own and writes them back here under the id the dossier names.

// HasAttachmentBlob reports whether this device holds the bytes of
// attachment id.
func (s *Store) HasAttachmentBlob(id string) (bool, error) {
	err := s.view(func(txn *badger.Txn) error {
		_, err := txn.Get([]byte(prefBlob + id))
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, ioErr(err, "look for attachment")
	}
	return true, nil
}

// AttachmentBlobIDs lists the attachments whose bytes this device holds
// (keys only: no file is read or opened).
func (s *Store) AttachmentBlobIDs() ([]string, error) {
	ids, err := s.keysUnder(prefBlob)
	if err != nil {
		return nil, ioErr(err, "list attachments")
	}
	return ids, nil
}

// AttachmentBlob returns the bytes of attachment id without its dossier
// (sync uploads them by id).
func (s *Store) AttachmentBlob(id string) ([]byte, error) {
	var sealed []byte
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefBlob + id))
		if err != nil {
			return err
		}
		sealed, err = s.value(item)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, errs.New(errs.NotFound, "the file of attachment %s is missing", id).WithKey("err.attachmentNotFound")
	}
	if err != nil {
		return nil, ioErr(err, "read attachment")
	}
	data, err := crypt.Open(s.blobKey, sealed, []byte(id))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "the attachment %s is damaged", id).WithKey("err.attachmentDamaged")
	}
	return data, nil
}

// PutAttachmentBlob stores bytes received for an attachment the dossier
// already names (it came through sync). The bytes must hash to the
// SHA-256 the dossier recorded: nothing else is written under its id.
func (s *Store) PutAttachmentBlob(dossierID, id string, data []byte) error {
	a, err := s.attachmentOf(dossierID, id)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != a.SHA256 || int64(len(data)) != a.Size {
		return errs.New(errs.Invalid, "the bytes received for attachment %s are not the file the dossier names", id).
			WithKey("err.attachmentDamaged")
	}
	sealed, err := crypt.Seal(s.blobKey, data, []byte(id))
	if err != nil {
		return errs.Wrap(errs.Internal, err, "seal attachment")
	}
	if err := s.commit(func(txn *badger.Txn) error { return s.set(txn, []byte(prefBlob+id), sealed) }); err != nil {
		return ioErr(err, "store attachment")
	}
	return nil
}

// attachmentOf finds attachment id on dossier dossierID.
func (s *Store) attachmentOf(dossierID, id string) (dossier.Attachment, error) {
	d, err := s.Dossier(dossierID)
	if err != nil {
		return dossier.Attachment{}, err
	}
	i := slices.IndexFunc(d.Attachments, func(a dossier.Attachment) bool { return a.ID == id })
	if i < 0 {
		return dossier.Attachment{}, errs.New(errs.NotFound, "no attachment %s", id).WithKey("err.attachmentNotFound")
	}
	return d.Attachments[i], nil
}

// AttachmentDossiers maps each attachment id named by a dossier to that
// dossier's id. It reads every dossier: sync calls it only when this
// device holds bytes it has not yet shared.
func (s *Store) AttachmentDossiers() (map[string]string, error) {
	out := map[string]string{}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 64, Prefix: []byte(prefDossier)})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			b, err := s.value(it.Item())
			if err != nil {
				return err
			}
			var d struct {
				ID          string `json:"id"`
				Attachments []struct {
					ID string `json:"id"`
				} `json:"attachments"`
			}
			if err := json.Unmarshal(b, &d); err != nil {
				return errs.Wrap(errs.Internal, err, "read dossier %s", it.Item().Key()).WithKey("err.damaged", "what", "dossier")
			}
			for _, a := range d.Attachments {
				out[a.ID] = d.ID
			}
		}
		return nil
	})
	if err != nil {
		return nil, ioErr(err, "list attachments")
	}
	return out, nil
}
