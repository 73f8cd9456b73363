package crypt

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestSealOpen(t *testing.T) {
	key := Random(KeySize)
	sealed, err := Seal(key, []byte("深圳 marker"), []byte("ad"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("marker")) {
		t.Fatal("plaintext visible in sealed output")
	}
	pt, err := Open(key, sealed, []byte("ad"))
	if err != nil || string(pt) != "深圳 marker" {
		t.Fatalf("open = %q, %v", pt, err)
	}
	if _, err := Open(key, sealed, []byte("other ad")); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("open with other ad: %v", err)
	}
	if _, err := Open(Random(KeySize), sealed, []byte("ad")); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("open with other key: %v", err)
	}
}

func TestDeriveKEKDependsOnPassphraseAndSalt(t *testing.T) {
	p := KDFParams{Time: 1, Memory: 1024, Threads: 1, Salt: []byte("0123456789abcdef")}
	a, _ := DeriveKEK("correct horse", p)
	b, _ := DeriveKEK("correct horse", p)
	c, _ := DeriveKEK("correct horsE", p)
	p.Salt = []byte("fedcba9876543210")
	d, _ := DeriveKEK("correct horse", p)
	if !bytes.Equal(a, b) || bytes.Equal(a, c) || bytes.Equal(a, d) {
		t.Fatal("kek not a function of passphrase and salt")
	}
	if _, err := DeriveKEK("x", KDFParams{}); err == nil {
		t.Fatal("zero params accepted")
	}
}

func TestStreamRoundTripSizes(t *testing.T) {
	key := Random(KeySize)
	for _, n := range []int{0, 1, ChunkSize - 1, ChunkSize, ChunkSize + 1, 3*ChunkSize + 17} {
		data := Random(n)
		var buf bytes.Buffer
		w := NewStreamWriter(&buf, key, []byte("hdr"))
		// write in odd pieces
		for p := data; len(p) > 0; {
			k := min(len(p), 1000)
			if _, err := w.Write(p[:k]); err != nil {
				t.Fatal(err)
			}
			p = p[k:]
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(NewStreamReader(bytes.NewReader(buf.Bytes()), key, []byte("hdr")))
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("n=%d: round trip failed: %v", n, err)
		}
	}
}

func TestStreamDetectsTruncationAndTampering(t *testing.T) {
	key := Random(KeySize)
	var buf bytes.Buffer
	w := NewStreamWriter(&buf, key, nil)
	w.Write(Random(3 * ChunkSize))
	w.Close()
	full := buf.Bytes()
	// Cut after the first two chunks: each chunk is 4+24+ChunkSize+16 bytes.
	frame := 4 + 24 + ChunkSize + 16
	if _, err := io.ReadAll(NewStreamReader(bytes.NewReader(full[:2*frame]), key, nil)); !errors.Is(err, ErrTruncated) {
		t.Fatalf("truncated stream: err = %v", err)
	}
	bad := bytes.Clone(full)
	bad[frame+100] ^= 1
	if _, err := io.ReadAll(NewStreamReader(bytes.NewReader(bad), key, nil)); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("tampered stream: err = %v", err)
	}
	if _, err := io.ReadAll(NewStreamReader(bytes.NewReader(full), Random(KeySize), nil)); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("wrong key: err = %v", err)
	}
}
