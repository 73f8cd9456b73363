// Package syncserver is credence-server: an HTTP handler that relays sealed
// changes and blobs between the devices of a workspace, over a Storage that
// is Badger (embedded, the default) or PostgreSQL. It never holds a key: what
// it stores is opaque to it (see package syncproto).
package syncserver

import (
	"context"
	"errors"
	"time"

	"credence/backend/syncproto"
)

// Storage errors. Implementations return these (possibly wrapped) so the
// handlers can answer with a protocol code whatever the backend.
var (
	ErrNotFound        = errors.New("not found")
	ErrWorkspaceExists = errors.New("workspace exists")
	ErrWorkspaceLimit  = errors.New("workspace limit reached")
	ErrDeviceExists    = errors.New("device exists")
	ErrPairingUnknown  = errors.New("pairing code unknown")
	ErrPairingUsed     = errors.New("pairing code used")
	ErrPairingExpired  = errors.New("pairing code expired")
	ErrReplay          = errors.New("nonce unknown, used or expired")
	ErrBadEpoch        = errors.New("epoch unknown")
)

// Workspace is the server's record of a workspace: its key epoch and the
// last sequence it assigned.
type Workspace struct {
	ID      string
	Epoch   uint32
	LastSeq uint64
	Created time.Time
}

// Pairing is a one-time code as stored: only the hash of its secret.
type Pairing struct {
	Hash      string // syncproto.SecretHash(secret)
	Workspace string
	Role      string
	CreatedBy string
	Expires   time.Time
	UsedBy    string // device that redeemed it; empty while unused
}

// Storage is what the server keeps. Every method is safe for concurrent use
// and atomic: a failed call changes nothing. ctx bounds the call.
type Storage interface {
	// CreateWorkspace registers a workspace at epoch 1 with first as its
	// admin device. ErrWorkspaceExists if the id is taken, ErrWorkspaceLimit
	// if max > 0 workspaces exist already.
	CreateWorkspace(ctx context.Context, ws string, first syncproto.Device, max int) error
	// Workspace returns ErrNotFound for an unknown id.
	Workspace(ctx context.Context, ws string) (Workspace, error)

	// Device returns ErrNotFound for an unknown device (revoked ones are returned).
	Device(ctx context.Context, ws, id string) (syncproto.Device, error)
	Devices(ctx context.Context, ws string) ([]syncproto.Device, error)
	// RevokeDevice marks the device revoked and moves the workspace to the
	// next epoch, in one step; it returns the new epoch. ErrNotFound if unknown;
	// revoking twice keeps the first time and does not bump the epoch again.
	RevokeDevice(ctx context.Context, ws, id string, at time.Time) (uint32, error)

	// CreatePairing stores a code's hash.
	CreatePairing(ctx context.Context, p Pairing) error
	// RedeemPairing consumes the code and registers d with the code's role,
	// in one step, so a code registers exactly one device. ErrPairingUnknown,
	// ErrPairingUsed, ErrPairingExpired, ErrDeviceExists.
	RedeemPairing(ctx context.Context, hash string, d syncproto.Device, now time.Time) (syncproto.Device, error)

	// Sweep deletes pairing codes that expired before cutoff (used or not:
	// a code is worth keeping only while someone may still type it and
	// should hear "used" or "expired") and challenges already expired at
	// cutoff; it returns how many records went.
	Sweep(ctx context.Context, cutoff time.Time) (int, error)

	// PutChallenge stores a nonce for a device until expires.
	PutChallenge(ctx context.Context, ws, device string, nonce []byte, expires time.Time) error
	// ConsumeChallenge deletes the nonce; ErrReplay if it is unknown, used or expired.
	ConsumeChallenge(ctx context.Context, ws, device string, nonce []byte, now time.Time) error

	// PutWrappedKeys stores keys (replacing one of the same device and epoch);
	// ErrBadEpoch if an epoch is above the workspace's, ErrNotFound for an unknown device.
	PutWrappedKeys(ctx context.Context, ws string, keys []syncproto.WrappedKey) error
	// WrappedKeys returns the device's keys, by epoch.
	WrappedKeys(ctx context.Context, ws, device string) ([]syncproto.WrappedKey, error)

	// Append assigns the next sequences to the envelopes not seen before (by
	// change id, also within the batch) and returns, for each envelope, its
	// sequence and whether it was a duplicate.
	Append(ctx context.Context, ws string, envs []syncproto.Envelope, now time.Time) (seqs []uint64, dup []bool, err error)
	// Since returns up to limit envelopes with sequence > after, in order.
	Since(ctx context.Context, ws string, after uint64, limit int) ([]syncproto.Stored, error)

	// PutBlob stores data under its hash; existed says it was there already.
	PutBlob(ctx context.Context, ws, hash string, data []byte) (existed bool, err error)
	// Blob returns ErrNotFound for an unknown hash.
	Blob(ctx context.Context, ws, hash string) ([]byte, error)

	Close() error
}
