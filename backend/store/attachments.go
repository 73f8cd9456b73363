package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"strings"

	badger "github.com/dgraph-io/badger/v4"

	"credence/backend/crypt"
	"credence/backend/dossier"
	"credence/backend/errs"
)

// MaxAttachment is the largest evidence file accepted: a scanned licence
// or a phone photo is a few MB; 25 MB leaves room for multi-page PDFs.
const MaxAttachment = 25 << 20

// AddAttachment seals data and attaches it to the dossier. The bytes are
// encrypted with an AEAD before Badger (itself encrypted) sees them, so
// they are never on disk in the clear and tampering is detected on read.
func (s *Store) AddAttachment(dossierID, name, kind string, data []byte, user string) (*dossier.Attachment, error) {
	if len(data) == 0 {
		return nil, errs.New(errs.Invalid, "the file is empty").WithKey("err.fileEmpty")
	}
	if len(data) > MaxAttachment {
		return nil, errs.New(errs.Invalid, "the file is larger than 25 MB").WithKey("err.fileTooLarge")
	}
	if !slices.Contains(dossier.AttachKinds, kind) {
		kind = "other"
	}
	sum := sha256.Sum256(data)
	mime := detectMime(name, data)
	a := dossier.Attachment{
		ID: newID(), Name: dossier.CleanFileName(name, mime), Mime: mime,
		Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Kind: kind, Added: s.now().UTC(),
	}
	sealed, err := crypt.Seal(s.blobKey, data, []byte(a.ID))
	if err != nil {
		return nil, errs.Wrap(errs.Internal, err, "seal attachment")
	}
	// The blob first, then the dossier that points to it: a crash between
	// the two leaves an unreferenced blob, never a reference to nothing.
	if err := s.commit(func(txn *badger.Txn) error { return s.set(txn, []byte(prefBlob+a.ID), sealed) }); err != nil {
		return nil, ioErr(err, "store attachment")
	}
	if _, err := s.update(dossierID, user, func(d *dossier.Dossier) error {
		d.Attachments = append(d.Attachments, a)
		return nil
	}); err != nil {
		s.commit(func(txn *badger.Txn) error { return txn.Delete([]byte(prefBlob + a.ID)) })
		return nil, err
	}
	return &a, nil
}

// Attachment returns an attachment's description and its bytes.
func (s *Store) Attachment(dossierID, attachmentID string) (*dossier.Attachment, []byte, error) {
	d, err := s.Dossier(dossierID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(d.Attachments, func(a dossier.Attachment) bool { return a.ID == attachmentID })
	if i < 0 {
		return nil, nil, errs.New(errs.NotFound, "no attachment %s", attachmentID).WithKey("err.attachmentNotFound")
	}
	var sealed []byte
	err = s.view(func(txn *badger.Txn) error {
		item, err := txn.Get([]byte(prefBlob + attachmentID))
		if err != nil {
			return err
		}
		sealed, err = s.value(item)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil, errs.New(errs.NotFound, "the file of attachment %s is missing", attachmentID).WithKey("err.attachmentNotFound")
	}
	if err != nil {
		return nil, nil, ioErr(err, "read attachment")
	}
	data, err := crypt.Open(s.blobKey, sealed, []byte(attachmentID))
	if err != nil {
		return nil, nil, errs.Wrap(errs.Internal, err, "the attachment %s is damaged", attachmentID).WithKey("err.attachmentDamaged")
	}
	a := d.Attachments[i]
	return &a, data, nil
}

// RemoveAttachment detaches a file. The history keeps the record of it;
// the bytes are deleted and their space reclaimed by value-log GC.
func (s *Store) RemoveAttachment(dossierID, attachmentID, user string) error {
	found := false
	_, err := s.update(dossierID, user, func(d *dossier.Dossier) error {
		n := len(d.Attachments)
		d.Attachments = slices.DeleteFunc(d.Attachments, func(a dossier.Attachment) bool { return a.ID == attachmentID })
		found = len(d.Attachments) < n
		if !found {
			return errs.New(errs.NotFound, "no attachment %s", attachmentID).WithKey("err.attachmentNotFound")
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.commit(func(txn *badger.Txn) error { return txn.Delete([]byte(prefBlob + attachmentID)) }); err != nil {
		return ioErr(err, "delete attachment")
	}
	return nil
}

// detectMime trusts the content first and the file name second.
func detectMime(name string, data []byte) string {
	m := http.DetectContentType(data)
	if m == "application/octet-stream" || strings.HasPrefix(m, "text/plain") {
		switch strings.ToLower(filepath.Ext(name)) {
		case ".pdf":
			return "application/pdf"
		case ".txt":
			return "text/plain"
		}
	}
	if i := strings.Index(m, ";"); i > 0 {
		m = m[:i]
	}
	return m
}
