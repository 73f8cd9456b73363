package syncserver

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"credence/backend/syncproto"
)

// rawPush writes a push request by hand on a fresh TLS connection and
// closes the connection after sending cut bytes of the body, without
// reading any answer: a laptop lid closing mid-push.
func rawPush(t *testing.T, s *testServer, token string, body []byte, cut int) {
	t.Helper()
	conn, err := tls.Dial("tcp", strings.TrimPrefix(s.url, "https://"), syncproto.PinnedTLS(s.fp))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", token, len(body))
	if _, err := conn.Write(body[:cut]); err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

func TestPushResumesAfterAKilledConnection(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) Storage
	}{
		{"badger", func(t *testing.T) Storage { return openBadgerT(t, t.TempDir()) }},
		{"postgres", func(t *testing.T) Storage { return startPG(t).fresh(t) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startServer(t, t.TempDir(), Options{Storage: tc.open(t)})
			a := admin(t, s)
			key := make([]byte, syncproto.KeySize)
			var batch []syncproto.Envelope
			for i := 0; i < 200; i++ {
				batch = append(batch, a.sealChange(key, "dossier", fmt.Sprint("d", i), "notes", strings.Repeat("n", 300)))
			}
			body, _ := json.Marshal(syncproto.Push{Envelopes: batch})

			// Cut in the middle of the body: nothing is kept.
			rawPush(t, s, a.token, body, len(body)/2)
			// The whole body sent but the answer never read: kept or not,
			// depending on when the server noticed; either is fine.
			rawPush(t, s, a.token, body, len(body))
			// The device does not know what happened, so it resends all.
			res, e := a.push(batch...)
			a.must(e)
			if res.Accepted+res.Duplicates != len(batch) || len(res.Seqs) != len(batch) {
				t.Fatalf("resend = %+v", res)
			}
			// And once more, as after a lost answer: all duplicates, same sequences.
			again, e := a.push(batch...)
			a.must(e)
			if again.Duplicates != len(batch) || fmt.Sprint(again.Seqs) != fmt.Sprint(res.Seqs) {
				t.Fatalf("second resend = %+v", again)
			}
			// Every change exactly once, in sequence, intact.
			all := a.pullAll(0, 1000)
			if len(all) != len(batch) {
				t.Fatalf("pulled %d of %d", len(all), len(batch))
			}
			byID := map[string]syncproto.Envelope{}
			for _, e := range batch {
				byID[e.ChangeID] = e
			}
			for i, st := range all {
				want, ok := byID[st.ChangeID]
				if !ok || st.Seq != uint64(i+1) || !bytes.Equal(st.Sealed, want.Sealed) {
					t.Fatalf("pull[%d]: seq %d known %v", i, st.Seq, ok)
				}
				delete(byID, st.ChangeID)
			}
		})
	}
}

// A server restarted on the same data keeps what it acknowledged; devices
// sign a new challenge (tokens live in memory) and carry on.
func TestRestartKeepsAcknowledgedChanges(t *testing.T) {
	data, certDir := t.TempDir(), t.TempDir()
	st, err := OpenBadger(data)
	if err != nil {
		t.Fatal(err)
	}
	s := startServer(t, certDir, Options{Storage: st})
	a := admin(t, s)
	key := make([]byte, syncproto.KeySize)
	res, e := a.push(a.sealChange(key, "dossier", "d1", "notes", "before restart"))
	a.must(e)
	s.stop()
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	st2 := openBadgerT(t, data)
	s2 := startServer(t, certDir, Options{Storage: st2})
	if !bytes.Equal(s2.fp, s.fp) {
		t.Fatal("certificate changed across a restart")
	}
	a.srv = s2.url
	wantCode(t, a.call("GET", "/v1/pull", nil, nil), syncproto.CodeUnauthorized)
	a.must(a.auth())
	all := a.pullAll(0, 10)
	if len(all) != 1 || all[0].Seq != res.LastSeq {
		t.Fatalf("after restart: %+v", all)
	}
}
