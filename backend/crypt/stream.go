package crypt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// ChunkSize is the plaintext size of one sealed chunk of a stream: large
// enough that the 40-byte overhead is negligible, small enough to keep
// memory flat while a backup of any size streams through.
const ChunkSize = 64 * 1024

// A stream is a sequence of frames: 4-byte big-endian length, then a sealed
// chunk. Each chunk's nonce is random and its additional data binds the
// chunk's index and whether it is the last, so chunks cannot be reordered,
// dropped or the stream cut short without Open noticing.

// StreamWriter seals everything written to it into w.
type StreamWriter struct {
	w     io.Writer
	key   []byte
	ad    []byte
	buf   []byte
	index uint64
	err   error
}

// NewStreamWriter returns a writer sealing into w under key; ad binds the
// stream to its context (e.g. the file header).
func NewStreamWriter(w io.Writer, key, ad []byte) *StreamWriter {
	return &StreamWriter{w: w, key: key, ad: ad, buf: make([]byte, 0, ChunkSize)}
}

func (s *StreamWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n := 0
	for len(p) > 0 {
		room := ChunkSize - len(s.buf)
		take := min(room, len(p))
		s.buf = append(s.buf, p[:take]...)
		p = p[take:]
		n += take
		// Flush a full chunk only when more data follows, so the final
		// chunk (possibly full) is written by Close with the last flag.
		if len(s.buf) == ChunkSize && len(p) > 0 {
			if err := s.flush(false); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

func (s *StreamWriter) flush(last bool) error {
	sealed, err := Seal(s.key, s.buf, chunkAD(s.ad, s.index, last))
	if err != nil {
		s.err = err
		return err
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(sealed)))
	if _, err := s.w.Write(hdr[:]); err != nil {
		s.err = fmt.Errorf("write sealed stream: %w", err)
		return s.err
	}
	if _, err := s.w.Write(sealed); err != nil {
		s.err = fmt.Errorf("write sealed stream: %w", err)
		return s.err
	}
	s.index++
	s.buf = s.buf[:0]
	return nil
}

// Close writes the final chunk. The stream is invalid without it.
func (s *StreamWriter) Close() error {
	if s.err != nil {
		return s.err
	}
	if err := s.flush(true); err != nil {
		return err
	}
	s.err = errors.New("stream closed")
	return nil
}

// StreamReader opens a stream written by StreamWriter.
type StreamReader struct {
	r     io.Reader
	key   []byte
	ad    []byte
	buf   []byte
	index uint64
	done  bool
}

// NewStreamReader returns a reader opening the stream in r.
func NewStreamReader(r io.Reader, key, ad []byte) *StreamReader {
	return &StreamReader{r: r, key: key, ad: ad}
}

// ErrTruncated means the stream ended before its final chunk.
var ErrTruncated = errors.New("sealed stream is truncated")

// ErrTrailing means bytes follow the final chunk: something was appended.
var ErrTrailing = errors.New("data after the end of the sealed stream")

func (s *StreamReader) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.done {
			return 0, io.EOF
		}
		if err := s.next(); err != nil {
			return 0, err
		}
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

func (s *StreamReader) next() error {
	var hdr [4]byte
	if _, err := io.ReadFull(s.r, hdr[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return ErrTruncated
		}
		return fmt.Errorf("read sealed stream: %w", err)
	}
	size := binary.BigEndian.Uint32(hdr[:])
	max := uint32(ChunkSize + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead)
	if size > max || size < chacha20poly1305.NonceSizeX+chacha20poly1305.Overhead {
		return fmt.Errorf("read sealed stream: chunk %d has impossible size %d", s.index, size)
	}
	sealed := make([]byte, size)
	if _, err := io.ReadFull(s.r, sealed); err != nil {
		return ErrTruncated
	}
	// Try as a middle chunk, then as the last one: the flag is only in the
	// authenticated data, so exactly one of the two opens.
	if pt, err := Open(s.key, sealed, chunkAD(s.ad, s.index, false)); err == nil {
		s.buf, s.index = pt, s.index+1
		return nil
	}
	pt, err := Open(s.key, sealed, chunkAD(s.ad, s.index, true))
	if err != nil {
		return fmt.Errorf("chunk %d: %w", s.index, err)
	}
	// The final chunk must be the end of the input: appended bytes would
	// otherwise pass unseen.
	var one [1]byte
	if n, _ := io.ReadFull(s.r, one[:]); n > 0 {
		return ErrTrailing
	}
	s.buf, s.index, s.done = pt, s.index+1, true
	return nil
}

func chunkAD(ad []byte, index uint64, last bool) []byte {
	out := make([]byte, 0, len(ad)+9)
	out = append(out, ad...)
	out = binary.BigEndian.AppendUint64(out, index)
	if last {
		return append(out, 1)
	}
	return append(out, 0)
}
