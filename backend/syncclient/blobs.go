package syncclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"credence/backend/errs"
	"credence/backend/syncproto"
)

// Attachments and photos travel apart from the change log: the dossier
// record names them (id, size, SHA-256), their bytes go to the server as
// sealed blobs once, by the device that holds them, and a small shared
// record (KindBlob, keyed by the attachment id) says which blob under
// which key epoch. Other devices fetch what they lack after each sync.

// KindBlob is the shared record locating an attachment's sealed bytes.
const KindBlob = "sync_blob"

// BlobRef is a KindBlob record.
type BlobRef struct {
	Dossier string `json:"dossier"`
	Hash    string `json:"hash"` // SHA-256 of the sealed bytes: the blob's name at the server
	Epoch   uint32 `json:"epoch"`
}

// BlobResult says what one SyncBlobs moved.
type BlobResult struct {
	Uploaded   int `json:"uploaded"`
	Downloaded int `json:"downloaded"`
	Missing    int `json:"missing"` // named by a dossier, not yet on the server
}

// SyncBlobs uploads the attachments this device holds that no device has
// shared yet, then fetches those shared that it lacks. Run it after Sync
// (the records naming them arrive there).
func (cl *Client) SyncBlobs(ctx context.Context) (BlobResult, error) {
	if err := cl.lock(); err != nil {
		return BlobResult{}, err
	}
	defer cl.unlock()
	var res BlobResult
	cl.opt.progress("files")
	key, ok := cl.state.Keys[cl.state.Epoch]
	if !ok {
		return res, errs.New(errs.NotFound, "waiting for an admin device to share the workspace key").WithKey("err.syncWaitingKey")
	}
	refs := map[string]BlobRef{}
	err := cl.st.ScanRecords(KindBlob, "", func(id string, v []byte) error {
		var r BlobRef
		if err := json.Unmarshal(v, &r); err != nil {
			return errs.Wrap(errs.Invalid, err, "blob record %s", id).WithKey("err.damaged", "what", "sync blob")
		}
		refs[id] = r
		return nil
	})
	if err != nil {
		return res, err
	}
	held, err := cl.st.AttachmentBlobIDs()
	if err != nil {
		return res, err
	}
	have := map[string]bool{}
	var toSend []string
	for _, id := range held {
		have[id] = true
		if _, ok := refs[id]; !ok {
			toSend = append(toSend, id)
		}
	}
	if len(toSend) > 0 {
		owners, err := cl.st.AttachmentDossiers()
		if err != nil {
			return res, err
		}
		for _, id := range toSend {
			d, ok := owners[id]
			if !ok {
				continue // bytes of an attachment no dossier names any more
			}
			if err := cl.upload(ctx, key, d, id); err != nil {
				return res, err
			}
			res.Uploaded++
		}
	}
	for id, r := range refs {
		if have[id] || !cl.named(r.Dossier, id) {
			continue // held, or removed since (or its dossier): nothing to fetch
		}
		got, err := cl.download(ctx, id, r)
		if err != nil {
			return res, err
		}
		if got {
			res.Downloaded++
		} else {
			res.Missing++
		}
	}
	return res, nil
}

func (cl *Client) upload(ctx context.Context, key []byte, dossierID, id string) error {
	data, err := cl.st.AttachmentBlob(id)
	if err != nil {
		return err
	}
	sealed, err := syncproto.Seal(key, syncproto.BlobAAD(cl.state.Workspace, id), data)
	if err != nil {
		return errs.Wrap(errs.Internal, err, "seal attachment %s", id)
	}
	sum := sha256.Sum256(sealed)
	hash := hex.EncodeToString(sum[:])
	if _, err := cl.raw(ctx, http.MethodPut, "/v1/blobs/"+hash, sealed); err != nil {
		return err
	}
	// Recorded only once the server holds it: a cut upload is sent again.
	return cl.st.PutRecord(KindBlob, id, BlobRef{Dossier: dossierID, Hash: hash, Epoch: cl.state.Epoch})
}

// download fetches, opens and stores one attachment; false when its key
// or the blob is not there yet.
func (cl *Client) download(ctx context.Context, id string, r BlobRef) (bool, error) {
	key, ok := cl.state.Keys[r.Epoch]
	if !ok {
		return false, nil // an epoch's key not yet held: a later sync brings it
	}
	sealed, err := cl.raw(ctx, http.MethodGet, "/v1/blobs/"+r.Hash, nil)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	sum := sha256.Sum256(sealed)
	if hex.EncodeToString(sum[:]) != r.Hash {
		return false, errs.New(errs.Invalid, "blob %s: the server sent other bytes", r.Hash).WithKey("err.syncTampered")
	}
	data, err := syncproto.Open(key, syncproto.BlobAAD(cl.state.Workspace, id), sealed)
	if err != nil {
		return false, errs.Wrap(errs.Invalid, err, "attachment %s does not open with the workspace key", id).WithKey("err.syncTampered")
	}
	if err := cl.st.PutAttachmentBlob(r.Dossier, id, data); err != nil {
		if errs.Is(err, errs.NotFound) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// named reports whether the dossier still names the attachment.
func (cl *Client) named(dossierID, id string) bool {
	d, err := cl.st.Dossier(dossierID)
	if err != nil {
		return false
	}
	for _, a := range d.Attachments {
		if a.ID == id {
			return true
		}
	}
	return false
}

// raw sends body as bytes and returns the answer's bytes, signing in
// again once when the server forgot the token.
func (cl *Client) raw(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	c := cl.c
	if c.token == "" {
		if err := c.login(ctx); err != nil {
			return nil, err
		}
	}
	b, err := c.doRaw(ctx, method, path, body)
	var pe *syncproto.Error
	if errors.As(err, &pe) && pe.Code == syncproto.CodeUnauthorized {
		c.token = ""
		if err := c.login(ctx); err != nil {
			return nil, err
		}
		b, err = c.doRaw(ctx, method, path, body)
	}
	if errors.As(err, &pe) {
		if pe.Code == syncproto.CodeNotFound {
			return nil, errs.Wrap(errs.NotFound, pe, "%s", pe.Error())
		}
		return nil, protoErr(pe)
	}
	return b, err
}

func (c *conn) doRaw(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.server+path, rd)
	if err != nil {
		return nil, errs.Wrap(errs.Invalid, err, "server address %s", c.server).WithKey("err.syncServerAddress", "server", c.server)
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, netErr(c.server, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, netErr(c.server, err)
	}
	if resp.StatusCode >= 300 {
		var pe syncproto.Error
		if json.Unmarshal(b, &pe) != nil || pe.Code == "" {
			pe = syncproto.Error{Code: syncproto.CodeInternal, Message: fmt.Sprintf("HTTP %d", resp.StatusCode)}
		}
		return nil, &pe
	}
	return b, nil
}
