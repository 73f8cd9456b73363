package screening

import (
	"bytes"
	"fmt"

	"credence/backend/errs"
	"credence/backend/sanctions"
)

// A list's entries (compact JSON, see encodeList) are stored in chunks:
// the EU or a full CSL list is tens of MB, over Badger's limit for one
// value (the 32 MB value-log file), which the import used to hit with
// Badger's text as the message. Chunks are kind sanctions_list, ids
// "<version id>/<n>" in order; bodies stored whole by older versions
// (id "<version id>") are still read.
const listChunk = 4 << 20

func chunkID(versionID string, n int) string { return fmt.Sprintf("%s/%05d", versionID, n) }

// putBody stores a list body in chunks.
func (s *Service) putBody(versionID string, body []byte) error {
	for n := 0; len(body) > 0 || n == 0; n++ {
		k := min(len(body), listChunk)
		if err := s.st.PutRaw(kindList, chunkID(versionID, n), body[:k]); err != nil {
			return err
		}
		body = body[k:]
	}
	return nil
}

// putList encodes l straight into chunks (encodeListTo), so an import
// holds at most one chunk of the encoded list besides the parsed one.
func (s *Service) putList(versionID string, l *sanctions.List) error {
	cw := &chunkWriter{s: s, id: versionID}
	if err := encodeListTo(cw, l); err != nil {
		if cw.err != nil {
			return cw.err
		}
		return errs.Wrap(errs.Internal, err, "encode %s list", l.Source)
	}
	return cw.close()
}

// chunkWriter stores what is written to it in chunks of listChunk bytes.
type chunkWriter struct {
	s   *Service
	id  string
	buf []byte
	n   int
	err error
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	c.buf = append(c.buf, p...)
	for len(c.buf) >= listChunk {
		if err := c.flush(c.buf[:listChunk]); err != nil {
			return 0, err
		}
		c.buf = append(c.buf[:0], c.buf[listChunk:]...)
	}
	return len(p), nil
}

func (c *chunkWriter) flush(b []byte) error {
	if err := c.s.st.PutRaw(kindList, chunkID(c.id, c.n), b); err != nil {
		c.err = err
		return err
	}
	c.n++
	return nil
}

func (c *chunkWriter) close() error {
	if len(c.buf) > 0 || c.n == 0 {
		return c.flush(c.buf)
	}
	return nil
}

// getBody reads a list body back; errs.NotFound when it is not kept.
func (s *Service) getBody(versionID string) ([]byte, error) {
	if b, err := s.st.GetRaw(kindList, versionID); err == nil || !errs.Is(err, errs.NotFound) {
		return b, err
	}
	var buf bytes.Buffer
	n := 0
	err := s.st.ScanRecords(kindList, versionID+"/", func(id string, v []byte) error {
		if id != chunkID(versionID, n) {
			return errs.New(errs.Internal, "list %s: chunk %d missing", versionID, n)
		}
		n++
		buf.Write(v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errs.New(errs.NotFound, "list %s is not kept", versionID)
	}
	return buf.Bytes(), nil
}

// hasBody reports whether a version's entries are kept.
func (s *Service) hasBody(versionID string) (bool, error) {
	if _, err := s.st.GetRaw(kindList, versionID); err == nil {
		return true, nil
	} else if !errs.Is(err, errs.NotFound) {
		return false, err
	}
	_, err := s.st.GetRaw(kindList, chunkID(versionID, 0))
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// deleteBody drops a version's entries, whole or chunked.
func (s *Service) deleteBody(versionID string) error {
	if err := s.st.DeleteRecord(kindList, versionID); err != nil {
		return err
	}
	var ids []string
	if err := s.st.ScanRecords(kindList, versionID+"/", func(id string, _ []byte) error {
		ids = append(ids, id)
		return nil
	}); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.st.DeleteRecord(kindList, id); err != nil {
			return err
		}
	}
	return nil
}
