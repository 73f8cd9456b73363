package dossierjson_test

import (
	"bytes"
	"testing"

	"credence/backend/dossierjson"
	"credence/backend/errs"
)

// FuzzDecode: any input is either refused as invalid input (never an
// internal error, never a panic) or decodes to a dossier whose export
// decodes again to the same dossier.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	if err := dossierjson.Encode(&buf, full()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := dossierjson.Decode(bytes.NewReader(b))
		if err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		var first, second bytes.Buffer
		if err := dossierjson.Encode(&first, d); err != nil {
			t.Fatal(err)
		}
		d2, err := dossierjson.Decode(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("own export refused: %v\n%s", err, first.Bytes())
		}
		dossierjson.Encode(&second, d2)
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("export of the re-import differs:\n%s\n---\n%s", first.Bytes(), second.Bytes())
		}
	})
}
