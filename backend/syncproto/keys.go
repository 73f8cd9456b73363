package syncproto

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"
)

// DeviceSecrets are a device's private keys. They never leave the device.
type DeviceSecrets struct {
	Sign ed25519.PrivateKey
	Box  *ecdh.PrivateKey
}

// NewDeviceSecrets makes fresh signing and key-agreement keys.
func NewDeviceSecrets() (DeviceSecrets, error) {
	_, sign, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return DeviceSecrets{}, fmt.Errorf("device keys: %w", err)
	}
	box, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return DeviceSecrets{}, fmt.Errorf("device keys: %w", err)
	}
	return DeviceSecrets{Sign: sign, Box: box}, nil
}

// Public returns the public keys to register under id and name.
func (s DeviceSecrets) Public(id, name string) DeviceKeys {
	return DeviceKeys{ID: id, Name: name,
		SignPub: s.Sign.Public().(ed25519.PublicKey), BoxPub: s.Box.PublicKey().Bytes()}
}

// Messages that devices sign. Each starts with its own label so a signature
// made for one purpose is never valid for another.

// AuthMessage is what a device signs to answer a challenge.
func AuthMessage(nonce []byte, device, workspace string, t time.Time) []byte {
	return frame("credence-auth-v1", string(nonce), device, workspace, t.UTC().Format(time.RFC3339Nano))
}

// CreateMessage is what the first device signs to register a workspace.
func CreateMessage(workspace string, d DeviceKeys) []byte {
	return frame("credence-create-v2", workspace, d.ID, d.Name, string(d.SignPub), string(d.BoxPub), d.Person)
}

// PairMessage is what a new device signs to redeem a pairing code.
func PairMessage(workspace string, secret []byte, d DeviceKeys) []byte {
	return frame("credence-pair-v2", workspace, string(secret), d.ID, d.Name, string(d.SignPub), string(d.BoxPub), d.Person, string(d.Proof))
}

// Verify checks an ed25519 signature by a registered public key.
func Verify(pub []byte, msg, sig []byte) bool {
	return len(pub) == ed25519.PublicKeySize && ed25519.Verify(pub, msg, sig)
}

// WrapKey seals a workspace key for one device: an ephemeral X25519 key
// agreed with the device's BoxPub, HKDF-SHA256, then Seal bound to the
// workspace, epoch and device. The result is ephemeral public key || sealed.
func WrapKey(recipientBoxPub []byte, workspace string, epoch uint32, device string, key []byte) ([]byte, error) {
	pub, err := ecdh.X25519().NewPublicKey(recipientBoxPub)
	if err != nil {
		return nil, fmt.Errorf("wrap key: recipient: %w", err)
	}
	eph, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("wrap key: %w", err)
	}
	kek, err := wrapKEK(eph, pub, eph.PublicKey().Bytes(), recipientBoxPub)
	if err != nil {
		return nil, err
	}
	sealed, err := Seal(kek, wrapAAD(workspace, epoch, device), key)
	if err != nil {
		return nil, err
	}
	return append(eph.PublicKey().Bytes(), sealed...), nil
}

// UnwrapKey reverses WrapKey with the device's private X25519 key.
func UnwrapKey(box *ecdh.PrivateKey, workspace string, epoch uint32, device string, wrapped []byte) ([]byte, error) {
	if len(wrapped) < 32 {
		return nil, ErrOpen
	}
	ephPub, err := ecdh.X25519().NewPublicKey(wrapped[:32])
	if err != nil {
		return nil, ErrOpen
	}
	kek, err := wrapKEK(box, ephPub, wrapped[:32], box.PublicKey().Bytes())
	if err != nil {
		return nil, err
	}
	return Open(kek, wrapAAD(workspace, epoch, device), wrapped[32:])
}

func wrapKEK(priv *ecdh.PrivateKey, pub *ecdh.PublicKey, ephPub, recipientPub []byte) ([]byte, error) {
	shared, err := priv.ECDH(pub)
	if err != nil {
		return nil, fmt.Errorf("wrap key: agree: %w", err)
	}
	salt := append(append([]byte{}, ephPub...), recipientPub...)
	return hkdf.Key(sha256.New, shared, salt, "credence-wrap-v1", KeySize)
}

func wrapAAD(workspace string, epoch uint32, device string) []byte {
	return frame("credence-wrapped-key-v1", workspace, string(binary.BigEndian.AppendUint32(nil, epoch)), device)
}
