package syncclient

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"credence/backend/dossier"
)

// An attachment's bytes go up once, sealed: bytes the server alters do not
// open and are not stored; a server that sends them right fills the
// attachment byte for byte; an attachment removed before its bytes came
// is not fetched.
func TestBlobsUploadOnceRefuseTamperingFillAttachment(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	a := setupFirst(t, srv, "ann")
	b := join(t, a, "bob", "sales")
	b.sync()

	photo := bytes.Repeat([]byte("\xff\xd8\xff\xe0 dock photo "), 5000)
	d, err := a.st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Hafen Logistik GmbH"}}, "ann")
	if err != nil {
		t.Fatal(err)
	}
	att, err := a.st.AddAttachment(d.ID, "dock.jpg", "site", photo, "ann")
	if err != nil {
		t.Fatal(err)
	}
	gone, err := a.st.AddAttachment(d.ID, "old.jpg", "site", []byte("\xff\xd8\xff\xe0 removed later"), "ann")
	if err != nil {
		t.Fatal(err)
	}
	a.sync()
	r, err := a.cl.SyncBlobs(ctx)
	if err != nil || r.Uploaded != 2 {
		t.Fatalf("upload: %+v %v", r, err)
	}
	if r, err := a.cl.SyncBlobs(ctx); err != nil || r.Uploaded != 0 {
		t.Fatalf("second pass uploaded again: %+v %v", r, err)
	}
	if err := a.st.RemoveAttachment(d.ID, gone.ID, "ann"); err != nil {
		t.Fatal(err)
	}
	a.sync()
	b.sync()

	b.f.mu.Lock()
	b.f.mutate = func(path string, body []byte) []byte {
		if strings.HasPrefix(path, "/v1/blobs/") && len(body) > 100 {
			body = bytes.Clone(body)
			body[len(body)/2] ^= 1
		}
		return body
	}
	b.f.mu.Unlock()
	if _, err := b.cl.SyncBlobs(ctx); errKey(err) != "err.syncTampered" {
		t.Fatalf("altered bytes: %v", err)
	}
	if ok, _ := b.st.HasAttachmentBlob(att.ID); ok {
		t.Fatal("altered bytes were stored")
	}
	b.f.mu.Lock()
	b.f.mutate = nil
	b.f.mu.Unlock()
	r, err = b.cl.SyncBlobs(ctx)
	if err != nil || r.Downloaded != 1 || r.Uploaded != 0 {
		t.Fatalf("download: %+v %v", r, err)
	}
	_, got, err := b.st.Attachment(d.ID, att.ID)
	if err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("the photo on bob's computer differs (%v)", err)
	}
	if ok, _ := b.st.HasAttachmentBlob(gone.ID); ok {
		t.Fatal("an attachment removed before it came was stored")
	}
}
