package syncproto

import (
	"bytes"
	"testing"
)

// A pairing code is typed or pasted by a person: any text gets ErrBadCode or
// a code that reads back the same after encoding; nothing panics.
func FuzzParsePairingCode(f *testing.F) {
	good := PairingCode{Server: "https://10.0.0.5:8443", Fingerprint: bytes.Repeat([]byte{7}, 32),
		Workspace: "0b7c1f7e-3a2d-4c8e-9f10-123456789abc", Secret: bytes.Repeat([]byte{1}, 16), Auth: bytes.Repeat([]byte{2}, 16), Root: bytes.Repeat([]byte{3}, 32)}
	for _, s := range []string{good.String(), "crd2-" + good.String()[5:], "CRD2-", "CRD2-AAAA", "CRD1-AAAA", "hello", "CRD2-\n\n---"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParsePairingCode(text)
		if err != nil {
			if err != ErrBadCode && err != ErrOldCode {
				t.Fatalf("error %v is not ErrBadCode", err)
			}
			return
		}
		if len(c.Secret) != 16 || len(c.Fingerprint) != 32 || len(c.Root) != 32 || len(c.Auth) != 16 || !ValidUUID(c.Workspace) {
			t.Fatalf("parsed %+v", c)
		}
		again, err := ParsePairingCode(c.String())
		if err != nil || again.Server != c.Server || !bytes.Equal(again.Secret, c.Secret) ||
			!bytes.Equal(again.Fingerprint, c.Fingerprint) || !bytes.Equal(again.Root, c.Root) || !bytes.Equal(again.Auth, c.Auth) || again.Workspace != c.Workspace {
			t.Fatalf("round trip: %+v -> %+v %v", c, again, err)
		}
	})
}
