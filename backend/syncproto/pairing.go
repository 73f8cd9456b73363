package syncproto

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// PairingCode is what an admin's device shows (as text and QR) and the new
// device types or scans: enough to reach the server, pin its certificate and
// redeem the one-time secret.
type PairingCode struct {
	Server      string // https://host:port
	Fingerprint []byte // SHA-256 of the server certificate (DER), 32 bytes
	Workspace   string // uuid
	Secret      []byte // 16 random bytes, single use
	// Auth is the inviting admin device's own secret (16 bytes), never
	// sent to the server: the new device proves with it (PairProof) that
	// it read the code, so a server enrolling a device of its own gets
	// neither a grant nor the key.
	Auth []byte
	// Root is the hash of the workspace's root device key (RootHash): the
	// new device believes grants of roles that chain to it, and no other.
	Root []byte // 32 bytes
}

const codePrefix = "CRD2-"

// oldPrefix is the code of before roles were signed: refused with its own
// sentence (ask the admin for a new code).
const oldPrefix = "CRD1-"

var codeEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// ErrBadCode is returned by ParsePairingCode for text that is not a code.
var ErrBadCode = errors.New("not a Credence pairing code")

// ErrOldCode is returned for a code made by a version from before signed
// roles: it lacks the root key the new device must pin.
var ErrOldCode = errors.New("a pairing code of an older Credence: ask for a new one")

// String encodes the code as CRD2- followed by base32 of secret (16),
// auth (16), fingerprint (32), root key hash (32), workspace uuid (16) and
// the server address, grouped by five letters so it can be read aloud.
func (c PairingCode) String() string {
	ws, _ := hex.DecodeString(strings.ReplaceAll(c.Workspace, "-", ""))
	b := slices.Concat(c.Secret, c.Auth, c.Fingerprint, c.Root, ws, []byte(c.Server))
	s := codeEnc.EncodeToString(b)
	var out strings.Builder
	out.WriteString(codePrefix)
	for i := 0; i < len(s); i += 5 {
		if i > 0 {
			out.WriteByte('-')
		}
		out.WriteString(s[i:min(i+5, len(s))])
	}
	return out.String()
}

// ParsePairingCode reads a code typed or pasted by a person: case, spaces
// and dashes do not matter.
func ParsePairingCode(text string) (PairingCode, error) {
	t := strings.ToUpper(strings.TrimSpace(text))
	if strings.HasPrefix(t, oldPrefix) {
		return PairingCode{}, ErrOldCode
	}
	if !strings.HasPrefix(t, codePrefix) {
		return PairingCode{}, ErrBadCode
	}
	t = strings.NewReplacer("-", "", " ", "", "\n", "").Replace(t[len(codePrefix):])
	b, err := codeEnc.DecodeString(t)
	if err != nil || len(b) <= 112 {
		return PairingCode{}, ErrBadCode
	}
	c := PairingCode{Secret: b[:16], Auth: b[16:32], Fingerprint: b[32:64], Root: b[64:96], Workspace: formatUUID(b[96:112]), Server: string(b[112:])}
	if !strings.HasPrefix(c.Server, "https://") {
		return PairingCode{}, ErrBadCode
	}
	return c, nil
}

// PairProof is what a new device shows its inviting admin: an HMAC under
// the code's Auth of the device's keys and person, stored by the server
// with the device (it cannot make one without the code's Auth).
func PairProof(auth []byte, workspace string, d DeviceKeys) []byte {
	m := hmac.New(sha256.New, auth)
	m.Write(frame("credence-pair-proof-v1", workspace, d.ID, d.Name, string(d.SignPub), string(d.BoxPub), d.Person))
	return m.Sum(nil)
}

// SecretHash is how the server stores and finds a pairing secret.
func SecretHash(secret []byte) string {
	h := sha256.Sum256(secret)
	return hex.EncodeToString(h[:])
}

// Fingerprint is the SHA-256 of a certificate's DER bytes.
func Fingerprint(der []byte) []byte {
	h := sha256.Sum256(der)
	return h[:]
}

// PinnedTLS returns a client TLS configuration that accepts exactly the
// certificate with this fingerprint (the server's certificate is
// self-signed, so there is no chain to verify; the pin is the trust).
func PinnedTLS(fingerprint []byte) *tls.Config {
	want := append([]byte{}, fingerprint...)
	return &tls.Config{
		MinVersion:         tls.VersionTLS13,
		InsecureSkipVerify: true, // replaced by the pin check below
		VerifyPeerCertificate: func(raw [][]byte, _ [][]*x509.Certificate) error {
			if len(raw) == 0 {
				return errors.New("server sent no certificate")
			}
			got := Fingerprint(raw[0])
			if string(got) != string(want) {
				return &FingerprintError{Want: want, Got: got}
			}
			return nil
		},
	}
}

// FingerprintError says the server's certificate is not the pinned one: the
// app says "the server's identity changed" and stops.
type FingerprintError struct{ Want, Got []byte }

func (e *FingerprintError) Error() string {
	return fmt.Sprintf("server certificate fingerprint %x, pinned %x", e.Got, e.Want)
}

// formatUUID writes 16 bytes in the canonical 8-4-4-4-12 form (no uuid
// dependency: this package stays a leaf).
func formatUUID(b []byte) string {
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ValidUUID reports whether s is a canonical lowercase or uppercase uuid.
func ValidUUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	_, err := hex.DecodeString(strings.ReplaceAll(s, "-", ""))
	return err == nil
}
