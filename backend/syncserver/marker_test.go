package syncserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"credence/backend/syncproto"
)

// The server never holds anything a customer could be read from: markers
// written on a device inside sealed changes and a sealed blob appear in no
// file of the server's data (Badger's folder, or PostgreSQL's cluster) and
// in none of its log lines. The control run pushes the marker unsealed and
// the same scan finds it, so the scan can fail.
func TestServerHoldsNoMarker(t *testing.T) {
	for _, tc := range []struct {
		name string
		// open returns the storage, the folder to scan, and a flush that
		// puts everything on disk (close, or a checkpoint).
		open func(t *testing.T) (Storage, string, func())
	}{
		{"badger", func(t *testing.T) (Storage, string, func()) {
			dir := t.TempDir()
			st, err := OpenBadger(filepath.Join(dir, "store"))
			if err != nil {
				t.Fatal(err)
			}
			return st, dir, func() {
				if err := st.Close(); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"postgres", func(t *testing.T) (Storage, string, func()) {
			pg := startPG(t)
			st := pg.fresh(t)
			return st, pg.dir, func() {
				conn, err := pgx.Connect(context.Background(), pg.url("postgres"))
				if err != nil {
					t.Fatal(err)
				}
				defer conn.Close(context.Background())
				if _, err := conn.Exec(context.Background(), "checkpoint"); err != nil {
					t.Fatal(err)
				}
			}
		}},
	} {
		for _, sealed := range []bool{true, false} {
			name := tc.name + "/sealed"
			if !sealed {
				name = tc.name + "/control-unsealed"
			}
			t.Run(name, func(t *testing.T) {
				st, dir, flush := tc.open(t)
				marker := "MARKER-" + hex.EncodeToString(randBytes(8))
				s := startServer(t, dir, Options{Storage: st})
				a := admin(t, s)
				key := randBytes(syncproto.KeySize)
				var envs []syncproto.Envelope
				for _, field := range []string{"legal_name", "address", "notes", "contacts/0/phone"} {
					e := a.sealChange(key, "dossier", "d1", field, "深圳 "+marker+" Trading")
					if !sealed {
						e.Sealed = []byte("深圳 " + marker + " Trading")
					}
					envs = append(envs, e)
				}
				_, e := a.push(envs...)
				a.must(e)
				blob := []byte("photo of the warehouse " + marker)
				if sealed {
					var err error
					if blob, err = syncproto.Seal(key, syncproto.BlobAAD(a.ws, "photo-1"), blob); err != nil {
						t.Fatal(err)
					}
				}
				sum := sha256.Sum256(blob)
				a.must(a.call("PUT", "/v1/blobs/"+hex.EncodeToString(sum[:]), blob, nil))
				a.pullAll(0, 10)
				s.stop()
				flush()

				found := scanFor(t, dir, []byte(marker))
				inLogs := bytes.Contains(s.logs.Bytes(), []byte(marker))
				if sealed && (len(found) > 0 || inLogs) {
					t.Fatalf("marker found in %v (logs: %v)", found, inLogs)
				}
				if !sealed && len(found) == 0 {
					t.Fatal("control: an unsealed marker was not found, so the scan proves nothing")
				}
				if len(s.logs.Bytes()) == 0 {
					t.Fatal("no log lines were written")
				}
			})
		}
	}
}

func scanFor(t *testing.T, dir string, marker []byte) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&fs.ModeSocket != 0 {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		if bytes.Contains(b, marker) {
			found = append(found, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
