package crypt

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

// Parameters a crafted file may ask for are refused before Argon2id runs,
// so neither memory nor time depends on the file. The old bound let a
// header ask for 4 GiB.
func TestKDFParamsBounded(t *testing.T) {
	salt := []byte("0123456789abcdef")
	for _, p := range []KDFParams{
		{Time: 1, Memory: 4 << 20, Threads: 1, Salt: salt},          // 4 GiB
		{Time: 1, Memory: MaxKDFMemory + 1, Threads: 1, Salt: salt}, // just over the memory cap
		{Time: 16, Memory: 64 * 1024, Threads: 1, Salt: salt},       // too many passes
		{Time: 4, Memory: MaxKDFMemory, Threads: 1, Salt: salt},     // over the work cap
		{Time: 1, Memory: 1024, Threads: 255, Salt: salt},
		{Time: 1, Memory: 1024, Threads: 1, Salt: bytes.Repeat([]byte{1}, 1<<20)},
	} {
		if _, err := DeriveKEK("x", p); !errors.Is(err, ErrKDFParams) {
			t.Errorf("%d KiB x %d: err = %v, want ErrKDFParams", p.Memory, p.Time, err)
		}
	}
	if err := DefaultParams().Check(); err != nil {
		t.Fatalf("default parameters refused: %v", err)
	}
}

// Bytes appended after the final chunk are refused, not ignored.
func TestStreamRefusesTrailingData(t *testing.T) {
	key := Random(KeySize)
	var buf bytes.Buffer
	w := NewStreamWriter(&buf, key, []byte("hdr"))
	w.Write(Random(ChunkSize + 5))
	w.Close()
	for _, tail := range [][]byte{{0}, []byte("appended"), buf.Bytes()} {
		in := append(bytes.Clone(buf.Bytes()), tail...)
		if _, err := io.ReadAll(NewStreamReader(bytes.NewReader(in), key, []byte("hdr"))); !errors.Is(err, ErrTrailing) {
			t.Errorf("%d trailing bytes: err = %v", len(tail), err)
		}
	}
}
