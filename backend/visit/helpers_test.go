package visit

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"testing"
	"time"

	"credence/backend/dossier"
	"credence/backend/errs"
	"credence/backend/store"
	"credence/backend/store/storetest"
)

const pass = "correct horse battery"

var cheapKDF = storetest.CheapKDF

// mustStore makes a workspace in a temp dir.
func mustStore(tb testing.TB) *store.Store {
	tb.Helper()
	return mustStoreIn(tb, filepath.Join(tb.TempDir(), "ws"))
}

func mustStoreIn(tb testing.TB, dir string) *store.Store { return storetest.NewIn(tb, dir) }

// mustDossier adds a customer.
func mustDossier(tb testing.TB, st *store.Store) string {
	tb.Helper()
	d, err := st.CreateDossier(&dossier.Dossier{LatinName: dossier.Fact{Value: "Acme GmbH"}}, "U")
	if err != nil {
		tb.Fatal(err)
	}
	return d.ID
}

// clock is a settable clock for a service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func newService(tb testing.TB) (*Service, string) {
	tb.Helper()
	st := mustStore(tb)
	s := New(st)
	c := &clock{t: time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)}
	s.now = c.now
	return s, mustDossier(tb, st)
}

// signaturePNG is a small drawn "signature".
func signaturePNG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewGray(image.Rect(0, 0, 40, 12))
	for x := 0; x < 40; x++ {
		img.SetGray(x, 6+x%4, color.Gray{Y: 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// jpeg is enough of a JPEG for content sniffing.
var jpeg = append([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0}, bytes.Repeat([]byte{7}, 200)...)

func wantCode(tb testing.TB, err error, code string) *errs.Error {
	tb.Helper()
	if errs.Code(err) != code {
		tb.Fatalf("got error %v (code %q), want code %q", err, errs.Code(err), code)
	}
	e, _ := errs.As(err)
	return e
}

func f64(x float64) *float64 { return &x }
