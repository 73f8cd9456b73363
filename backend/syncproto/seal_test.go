package syncproto

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"
)

func testKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpenRefusesEveryChange(t *testing.T) {
	key := testKey(t)
	aad := ChangeAAD("ws", "dossier", "d1", "legal_name", "c1")
	sealed, err := Seal(key, aad, []byte("Shenzhen Trading Ltd"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Open(key, aad, sealed); err != nil || string(got) != "Shenzhen Trading Ltd" {
		t.Fatalf("open = %q, %v", got, err)
	}
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 1
		if _, err := Open(key, aad, bad); !errors.Is(err, ErrOpen) {
			t.Fatalf("byte %d flipped: err = %v", i, err)
		}
	}
	others := [][]byte{
		ChangeAAD("ws2", "dossier", "d1", "legal_name", "c1"),
		ChangeAAD("ws", "visit", "d1", "legal_name", "c1"),
		ChangeAAD("ws", "dossier", "d2", "legal_name", "c1"),
		ChangeAAD("ws", "dossier", "d1", "credit_limit", "c1"),
		ChangeAAD("ws", "dossier", "d1", "legal_name", "c2"),
		ChangeAAD("ws", "dossie", "rd1", "legal_name", "c1"), // same letters, other split
	}
	for i, o := range others {
		if _, err := Open(key, o, sealed); !errors.Is(err, ErrOpen) {
			t.Fatalf("aad %d: err = %v", i, err)
		}
	}
	if _, err := Open(testKey(t), aad, sealed); !errors.Is(err, ErrOpen) {
		t.Fatalf("wrong key: err = %v", err)
	}
	if _, err := Open(key, aad, sealed[:10]); !errors.Is(err, ErrOpen) {
		t.Fatalf("short: err = %v", err)
	}
}

func TestWrapKeyOnlyForItsDevice(t *testing.T) {
	alice, _ := NewDeviceSecrets()
	bob, _ := NewDeviceSecrets()
	key := testKey(t)
	w, err := WrapKey(alice.Public("a", "A").BoxPub, "ws", 2, "a", key)
	if err != nil {
		t.Fatal(err)
	}
	got, err := UnwrapKey(alice.Box, "ws", 2, "a", w)
	if err != nil || !bytes.Equal(got, key) {
		t.Fatalf("unwrap = %x, %v", got, err)
	}
	if _, err := UnwrapKey(bob.Box, "ws", 2, "a", w); err == nil {
		t.Fatal("another device unwrapped the key")
	}
	if _, err := UnwrapKey(alice.Box, "ws", 3, "a", w); err == nil {
		t.Fatal("unwrapped under another epoch")
	}
}

func TestPairingCodeRoundTrip(t *testing.T) {
	c := PairingCode{Server: "https://192.168.1.20:8443", Fingerprint: bytes.Repeat([]byte{7}, 32),
		Workspace: "0b9f3c1e-2a4d-4c5e-9f00-112233445566", Secret: bytes.Repeat([]byte{9}, 16), Auth: bytes.Repeat([]byte{4}, 16), Root: bytes.Repeat([]byte{5}, 32)}
	text := c.String()
	got, err := ParsePairingCode(" " + text[:20] + " " + text[20:] + "\n")
	if err != nil {
		t.Fatal(err)
	}
	if got.Server != c.Server || got.Workspace != c.Workspace || !bytes.Equal(got.Secret, c.Secret) ||
		!bytes.Equal(got.Fingerprint, c.Fingerprint) || !bytes.Equal(got.Root, c.Root) || !bytes.Equal(got.Auth, c.Auth) {
		t.Fatalf("got %+v from %s", got, text)
	}
	for _, bad := range []string{"", "CRD2-", "hello", text[:30], "CRD3" + text[4:]} {
		if _, err := ParsePairingCode(bad); !errors.Is(err, ErrBadCode) {
			t.Fatalf("%q: err = %v", bad, err)
		}
	}
	// A code of the version before signed roles has its own answer.
	if _, err := ParsePairingCode("CRD1-" + text[5:]); !errors.Is(err, ErrOldCode) {
		t.Fatalf("old code: err = %v", err)
	}
	if !ValidUUID(c.Workspace) || ValidUUID("0b9f3c1e-2a4d-4c5e-9f00-11223344556") || ValidUUID("x") {
		t.Fatal("ValidUUID")
	}
}
