package syncproto

import "time"

// Version is the protocol version; every path starts with /v1/. A server
// answers unsupported_version to any other prefix so an old client can say
// "update the app" instead of failing obscurely.
const Version = 1

// Prefix is the path prefix of this version.
const Prefix = "/v1/"

// Limits a server enforces and announces in Info.
const (
	MaxBatch     = 500  // envelopes per push
	MaxPullLimit = 1000 // envelopes per pull page
)

// Roles a device can hold. Only admin devices create pairing codes, remove
// devices and upload wrapped keys.
const (
	RoleAdmin         = "admin"
	RoleCreditManager = "credit_manager"
	RoleSales         = "sales"
)

// ValidRole reports whether r is one of the roles.
func ValidRole(r string) bool {
	return r == RoleAdmin || r == RoleCreditManager || r == RoleSales
}

// Info answers GET /v1/info (no auth): what the server accepts.
type Info struct {
	Protocol   int       `json:"protocol"`
	ServerTime time.Time `json:"server_time"`
	MaxBatch   int       `json:"max_batch"`
	MaxBody    int64     `json:"max_body"`
	MaxBlob    int64     `json:"max_blob"`
}

// DeviceKeys are a device's public keys: Ed25519 to sign challenges,
// X25519 to receive the wrapped workspace key.
type DeviceKeys struct {
	ID      string `json:"id"`       // uuid chosen by the device
	Name    string `json:"name"`     // "Li Wei's laptop": shown on the Devices page
	SignPub []byte `json:"sign_pub"` // ed25519.PublicKey, 32 bytes
	BoxPub  []byte `json:"box_pub"`  // X25519 public key, 32 bytes
	// Person is the id of the person who set up or paired the device: the
	// admin's grant binds the device to them.
	Person string `json:"person,omitempty"`
	// Proof (PairProof) shows the inviting admin device that this device
	// read its pairing code; empty for the first device.
	Proof []byte `json:"proof,omitempty"`
}

// Device is a device as the server knows it.
type Device struct {
	DeviceKeys
	Workspace string     `json:"workspace"`
	Role      string     `json:"role"`
	Created   time.Time  `json:"created"`
	Revoked   *time.Time `json:"revoked,omitempty"`
}

// CreateWorkspace (POST /v1/workspaces, no auth) registers an existing
// workspace with the server; its device becomes the first admin.
// Signature is ed25519 over CreateMessage, proving the device holds its key.
type CreateWorkspace struct {
	Workspace string     `json:"workspace"`
	Device    DeviceKeys `json:"device"`
	Signature []byte     `json:"signature"`
}

// Registered answers CreateWorkspace and Pair.
type Registered struct {
	Device Device `json:"device"`
	Epoch  uint32 `json:"epoch"` // current key epoch of the workspace
}

// ChallengeRequest (POST /v1/auth/challenge) asks for a nonce to sign.
type ChallengeRequest struct {
	Workspace string `json:"workspace"`
	Device    string `json:"device"`
}

// Challenge is a single-use nonce, valid until Expires.
type Challenge struct {
	Nonce   []byte    `json:"nonce"`
	Expires time.Time `json:"expires"`
}

// TokenRequest (POST /v1/auth/token) answers a challenge: Signature is
// ed25519 over AuthMessage(Nonce, Device, Workspace, Time). Time is the
// device's clock; the server never refuses a skewed clock, it reports its own
// time so the app can warn with the figure.
type TokenRequest struct {
	Workspace string    `json:"workspace"`
	Device    string    `json:"device"`
	Nonce     []byte    `json:"nonce"`
	Time      time.Time `json:"time"`
	Signature []byte    `json:"signature"`
}

// Token is a short-lived bearer token bound to one device; send it as
// "Authorization: Bearer <token>".
type Token struct {
	Token      string    `json:"token"`
	Expires    time.Time `json:"expires"`
	ServerTime time.Time `json:"server_time"`
	Epoch      uint32    `json:"epoch"`
	Role       string    `json:"role"`
}

// Envelope is one sealed change. The server reads only the routing fields;
// Sealed is Seal(epoch key, ChangeAAD(...), change) made on the device.
type Envelope struct {
	ChangeID  string `json:"change_id"` // uuid; pushes are idempotent by it
	Device    string `json:"device"`    // must be the pushing device
	DeviceSeq uint64 `json:"device_seq"`
	Epoch     uint32 `json:"epoch"` // key epoch the change is sealed with
	Sealed    []byte `json:"sealed"`
}

// Push (POST /v1/push) sends a batch of at most MaxBatch envelopes.
type Push struct {
	Envelopes []Envelope `json:"envelopes"`
}

// PushResult says what the server kept. Seqs[i] is the server sequence of
// Envelopes[i], whether it was new or a duplicate of an earlier push, so a
// device that lost the answer to a push can resend it and learn the same.
type PushResult struct {
	Accepted   int      `json:"accepted"`
	Duplicates int      `json:"duplicates"`
	FirstSeq   uint64   `json:"first_seq,omitempty"` // range of the newly assigned sequences
	LastSeq    uint64   `json:"last_seq,omitempty"`
	Seqs       []uint64 `json:"seqs"`
}

// Stored is an envelope with its server sequence.
type Stored struct {
	Seq      uint64    `json:"seq"`
	Received time.Time `json:"received"`
	Envelope
}

// PullResult answers GET /v1/pull?since=N&limit=M: envelopes with Seq > N in
// order. Next is the cursor to send as since; More says another page waits.
type PullResult struct {
	Envelopes []Stored `json:"envelopes"`
	Next      uint64   `json:"next"`
	More      bool     `json:"more"`
}

// Blobs are sealed bytes addressed by the lowercase hex SHA-256 of those
// sealed bytes: PUT /v1/blobs/{hash} (raw body), GET and HEAD the same.

// BlobPut answers a PUT.
type BlobPut struct {
	Hash    string `json:"hash"`
	Existed bool   `json:"existed"`
}

// PairingRequest (POST /v1/pairings, admin) creates a one-time code.
type PairingRequest struct {
	Role string `json:"role"`
	TTL  int    `json:"ttl_seconds,omitempty"` // 0 takes the server default (15 min)
}

// PairingCreated carries the secret once; the server keeps only its hash.
// The admin device builds the text code with PairingCode.String.
type PairingCreated struct {
	Secret  []byte    `json:"secret"`
	Role    string    `json:"role"`
	Expires time.Time `json:"expires"`
}

// Pair (POST /v1/pair, no auth) redeems a code for a new device. Signature is
// ed25519 over PairMessage, proving the device holds its signing key.
type Pair struct {
	Workspace string     `json:"workspace"`
	Secret    []byte     `json:"secret"`
	Device    DeviceKeys `json:"device"`
	Signature []byte     `json:"signature"`
}

// WrappedKey is a workspace key of one epoch wrapped for one device's
// X25519 key (see WrapKey). PUT /v1/keys (admin) uploads some, GET /v1/keys
// returns those for the calling device.
type WrappedKey struct {
	Device  string `json:"device"`
	Epoch   uint32 `json:"epoch"`
	Wrapped []byte `json:"wrapped"`
	By      string `json:"by,omitempty"` // admin device that wrapped it (set by the server)
}

// Keys is the body of PUT /v1/keys and the answer to GET /v1/keys.
type Keys struct {
	Keys []WrappedKey `json:"keys"`
}

// Devices answers GET /v1/devices.
type Devices struct {
	Devices []Device `json:"devices"`
	Epoch   uint32   `json:"epoch"`
}

// Removed answers DELETE /v1/devices/{id} (admin): the device is refused
// from now on and the workspace moved to a new key epoch, for which the
// admin uploads wrapped keys for the remaining devices.
type Removed struct {
	Device string `json:"device"`
	Epoch  uint32 `json:"epoch"`
}

// Health answers GET /healthz.
type Health struct {
	Status   string `json:"status"`
	Protocol int    `json:"protocol"`
}
